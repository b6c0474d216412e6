/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-reader"

#include "config.h"

#include "ms-chunk-reader.h"

#include <errno.h>
#include <unistd.h>

/* 256 KiB a read: /proc's seq_file fills it in one call, and it stays in the
 * cache while the parser walks it. (Reading on a second thread so that the
 * kernel and the parser overlap was measured too: in a virtual machine the
 * wake-ups between the threads cost more than the parsing they hid.) */
#define CHUNK_SIZE (256 * 1024)

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
  /* One for each read that may run at once (the window, the process list,
   * an export); free the rest. */
  if (g_async_queue_length (buffer_pool ()) < 4)
    g_async_queue_push (buffer_pool (), buffer);
  else
    g_free (buffer);
}

gboolean
ms_read_chunks (int          fd,
                gsize        max_length,
                MsChunkFunc  func,
                gpointer     user_data,
                guint64     *length,
                int         *saved_errno)
{
  char *buffer = take_buffer ();
  gboolean ok = TRUE;

  *length = 0;
  *saved_errno = 0;

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
