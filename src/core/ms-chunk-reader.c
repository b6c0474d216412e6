/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-reader"

#include "config.h"

#include "ms-chunk-reader.h"

#include <errno.h>
#include <unistd.h>

#define CHUNK_SIZE (256 * 1024)
#define N_BUFFERS  4

typedef struct {
  char  *data;
  gssize length;    /* bytes read; 0 at the end; -1 on error */
  int    error;     /* errno when length is -1 */
} Chunk;

typedef struct {
  int          fd;
  gsize        max_length;
  GAsyncQueue *free_chunks;   /* buffers the reader may fill */
  GAsyncQueue *full_chunks;   /* filled buffers, in order, for the parser */
  gboolean     stop;          /* the parser gave up: stop reading */
} Pipe;

static gpointer
reader_thread (gpointer data)
{
  Pipe *pipe = data;
  gsize total = 0;

  for (;;)
    {
      Chunk *chunk = g_async_queue_pop (pipe->free_chunks);
      ssize_t n;

      if (g_atomic_int_get (&pipe->stop))
        {
          chunk->length = 0;
          g_async_queue_push (pipe->full_chunks, chunk);
          break;
        }

      do
        n = read (pipe->fd, chunk->data, CHUNK_SIZE);
      while (n < 0 && errno == EINTR);

      chunk->length = n;
      chunk->error = n < 0 ? errno : 0;
      if (n > 0)
        {
          total += (gsize) n;
          if (total > pipe->max_length)
            {
              chunk->length = -1;
              chunk->error = EFBIG;
            }
        }

      g_async_queue_push (pipe->full_chunks, chunk);
      if (chunk->length <= 0)
        break;
    }

  return NULL;
}

gboolean
ms_read_chunks (int          fd,
                gsize        max_length,
                MsChunkFunc  func,
                gpointer     user_data,
                guint64     *length,
                int         *saved_errno)
{
  Chunk chunks[N_BUFFERS];
  Pipe pipe = { 0 };
  GThread *thread;
  gboolean ok = TRUE;

  *length = 0;
  *saved_errno = 0;

  pipe.fd = fd;
  pipe.max_length = max_length;
  pipe.free_chunks = g_async_queue_new ();
  pipe.full_chunks = g_async_queue_new ();
  for (guint i = 0; i < N_BUFFERS; i++)
    {
      chunks[i].data = g_malloc (CHUNK_SIZE);
      g_async_queue_push (pipe.free_chunks, &chunks[i]);
    }

  thread = g_thread_new ("memscape-read", reader_thread, &pipe);

  for (;;)
    {
      Chunk *chunk = g_async_queue_pop (pipe.full_chunks);

      if (chunk->length == 0)
        break;
      if (chunk->length < 0)
        {
          *saved_errno = chunk->error;
          ok = FALSE;
          break;
        }

      *length += (guint64) chunk->length;
      func (chunk->data, (gsize) chunk->length, user_data);
      g_async_queue_push (pipe.free_chunks, chunk);
    }

  /* The reader stops after it pushes an end or an error chunk. */
  g_thread_join (thread);

  for (guint i = 0; i < N_BUFFERS; i++)
    g_free (chunks[i].data);
  g_async_queue_unref (pipe.free_chunks);
  g_async_queue_unref (pipe.full_chunks);

  return ok;
}
