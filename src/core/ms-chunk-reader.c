/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-reader"

#include "config.h"

#include "ms-chunk-reader.h"

#include <errno.h>
#include <unistd.h>

/* Sixteen 256 KiB buffers in a ring. The parser is woken only once BATCH of
 * them are full (or at the end): in a virtual machine a wake-up costs a few
 * hundred microseconds, which per chunk would cost as much as the parsing. */
#define CHUNK_SIZE (256 * 1024)
#define N_BUFFERS  16
#define BATCH      6

typedef struct {
  int       fd;
  gsize     max_length;
  char     *buffers[N_BUFFERS];
  gssize    lengths[N_BUFFERS];
  GMutex    mutex;
  GCond     filled_cond;    /* the reader filled a batch, or ended */
  GCond     freed_cond;     /* the parser gave buffers back */
  guint     n_filled;       /* filled and not yet taken */
  guint     n_taken;        /* being parsed */
  gboolean  done;           /* the reader is finished (end or error) */
  int       error;          /* errno of the failure, 0 at a clean end */
} Ring;

/* Buffers are kept between reads: fresh memory costs a page fault per 4 KiB,
 * which for a refresh every second adds up. */
static GAsyncQueue *
buffer_pool (void)
{
  static gsize pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, (gsize) g_async_queue_new_full (g_free));
  return (GAsyncQueue *) pool;
}

static char *
take_buffer (void)
{
  char *buffer = g_async_queue_try_pop (buffer_pool ());

  return buffer != NULL ? buffer : g_malloc (CHUNK_SIZE);
}

static void
give_back_buffer (char *buffer)
{
  /* Enough for two reads at once (the window and an export); free the rest. */
  if (g_async_queue_length (buffer_pool ()) < 2 * N_BUFFERS)
    g_async_queue_push (buffer_pool (), buffer);
  else
    g_free (buffer);
}

static gpointer
reader_thread (gpointer data)
{
  Ring *ring = data;
  gsize total = 0;
  guint slot = 0;

  for (;;)
    {
      ssize_t n;
      int error = 0;

      g_mutex_lock (&ring->mutex);
      while (ring->n_filled + ring->n_taken == N_BUFFERS && !ring->done)
        g_cond_wait (&ring->freed_cond, &ring->mutex);
      g_mutex_unlock (&ring->mutex);

      do
        n = read (ring->fd, ring->buffers[slot], CHUNK_SIZE);
      while (n < 0 && errno == EINTR);

      if (n < 0)
        error = errno;
      else if ((total += (gsize) n) > ring->max_length)
        error = EFBIG;

      g_mutex_lock (&ring->mutex);
      if (n > 0 && error == 0)
        {
          ring->lengths[slot] = n;
          ring->n_filled++;
          slot = (slot + 1) % N_BUFFERS;
          if (ring->n_filled >= BATCH)
            g_cond_signal (&ring->filled_cond);
          g_mutex_unlock (&ring->mutex);
          continue;
        }

      ring->done = TRUE;
      ring->error = error;
      g_cond_signal (&ring->filled_cond);
      g_mutex_unlock (&ring->mutex);
      return NULL;
    }
}

/* With one processor there is nothing to overlap: read and parse in turn. */
static gboolean
read_chunks_inline (int          fd,
                    gsize        max_length,
                    MsChunkFunc  func,
                    gpointer     user_data,
                    guint64     *length,
                    int         *saved_errno)
{
  char *buffer = take_buffer ();
  gboolean ok = TRUE;

  for (;;)
    {
      ssize_t n = read (fd, buffer, CHUNK_SIZE);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          *saved_errno = n < 0 ? errno : 0;
          ok = n == 0;
          break;
        }
      *length += (guint64) n;
      if (*length > max_length)
        {
          *saved_errno = EFBIG;
          ok = FALSE;
          break;
        }
      func (buffer, (gsize) n, user_data);
    }

  give_back_buffer (buffer);
  return ok;
}

gboolean
ms_read_chunks (int          fd,
                gsize        max_length,
                MsChunkFunc  func,
                gpointer     user_data,
                guint64     *length,
                int         *saved_errno)
{
  Ring ring = { 0 };
  GThread *thread;
  guint slot = 0;
  gboolean done = FALSE;

  *length = 0;
  *saved_errno = 0;

  if (g_get_num_processors () < 2)
    return read_chunks_inline (fd, max_length, func, user_data, length, saved_errno);

  ring.fd = fd;
  ring.max_length = max_length;
  for (guint i = 0; i < N_BUFFERS; i++)
    ring.buffers[i] = take_buffer ();
  g_mutex_init (&ring.mutex);
  g_cond_init (&ring.filled_cond);
  g_cond_init (&ring.freed_cond);

  thread = g_thread_new ("memscape-read", reader_thread, &ring);

  while (!done)
    {
      guint n;

      g_mutex_lock (&ring.mutex);
      while (ring.n_filled < BATCH && !ring.done)
        g_cond_wait (&ring.filled_cond, &ring.mutex);
      n = ring.n_filled;
      ring.n_filled = 0;
      ring.n_taken = n;
      done = ring.done;
      g_mutex_unlock (&ring.mutex);

      /* After an error the chunks read before it are of no use. */
      if (!done || ring.error == 0)
        {
          for (guint i = 0; i < n; i++)
            {
              *length += (guint64) ring.lengths[slot];
              func (ring.buffers[slot], (gsize) ring.lengths[slot], user_data);
              slot = (slot + 1) % N_BUFFERS;
            }
        }

      g_mutex_lock (&ring.mutex);
      ring.n_taken = 0;
      g_cond_signal (&ring.freed_cond);
      g_mutex_unlock (&ring.mutex);
    }

  g_thread_join (thread);
  *saved_errno = ring.error;

  for (guint i = 0; i < N_BUFFERS; i++)
    give_back_buffer (ring.buffers[i]);
  g_mutex_clear (&ring.mutex);
  g_cond_clear (&ring.filled_cond);
  g_cond_clear (&ring.freed_cond);

  return ring.error == 0;
}
