/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target over the parser of the remote protocol's answers
 * (src/core/remote/ms-remote-protocol.c): the bytes another machine sends
 * back, before and after they become memscape-reader records. The input is
 * the transport's whole output, its ready line included, with the nonce
 * 0123456789abcdef0123456789abcdef; it is taken as the answer to each
 * request in turn, whole and in small pieces (a marker cut between two
 * reads). Any input is a whole answer or a clear error; never a crash.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "ms-process-list.h"
#include "ms-remote-protocol.h"
#include "ms-snapshot.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

#define NONCE "0123456789abcdef0123456789abcdef"

static void
check_answer (MsRemoteParser  *parser,
              MsRemoteRequest  request)
{
  GError *error = NULL;

  switch (request)
    {
    case MS_REMOTE_REQUEST_READ:
      {
        gboolean torn = FALSE;
        MsSnapshot *snapshot = ms_remote_parser_finish_read (parser, &torn, &error);

        g_assert ((snapshot == NULL) != (error == NULL));
        g_assert (snapshot == NULL || !torn);
        if (snapshot != NULL)
          {
            for (guint i = 0; i < snapshot->n_regions; i++)
              g_assert (snapshot->regions[i].end > snapshot->regions[i].start);
            g_assert (snapshot->pid == 4242);
            ms_snapshot_unref (snapshot);
          }
      }
      break;
    case MS_REMOTE_REQUEST_PROBE:
      {
        guint64 fingerprint = 0;
        guint n_regions = 0;
        gboolean parsed = ms_remote_parser_finish_probe (parser, &fingerprint, &n_regions, &error);

        g_assert (parsed != (error != NULL));
      }
      break;
    case MS_REMOTE_REQUEST_LIST:
      {
        GPtrArray *list = ms_remote_parser_finish_list (parser, &error);

        g_assert ((list == NULL) != (error == NULL));
        if (list != NULL)
          {
            for (guint i = 0; i < list->len; i++)
              g_assert (((MsProcessInfo *) g_ptr_array_index (list, i))->pid > 0);
            g_ptr_array_unref (list);
          }
      }
      break;
    case MS_REMOTE_REQUEST_PIDS:
      {
        GArray *pids = ms_remote_parser_finish_pids (parser, &error);

        g_assert ((pids == NULL) != (error == NULL));
        for (guint i = 1; pids != NULL && i < pids->len; i++)
          g_assert (g_array_index (pids, int, i - 1) <= g_array_index (pids, int, i));
        if (pids != NULL)
          g_array_unref (pids);
      }
      break;
    case MS_REMOTE_REQUEST_MEMINFO:
    case MS_REMOTE_REQUEST_USERS:
    default:
      {
        char *text = ms_remote_parser_finish_text (parser, &error);

        g_assert ((text == NULL) != (error == NULL));
        g_free (text);
      }
      break;
    }
  /* one line */
  if (error != NULL && strchr (error->message, '\n') != NULL)
    g_error ("an error of more than one line: %s", error->message);
  g_clear_error (&error);
}

static void
parse (const uint8_t   *data,
       size_t           size,
       MsRemoteRequest  request,
       size_t           piece)
{
  MsRemoteParser *parser = ms_remote_parser_new (NONCE);
  size_t at = 0;
  gboolean begun = FALSE;

  while (at < size && !ms_remote_parser_is_garbled (parser))
    {
      size_t n = MIN (piece, size - at);
      size_t taken = ms_remote_parser_feed (parser, (const char *) data + at, n);

      g_assert (taken <= n);
      at += taken;
      if (!begun && ms_remote_parser_is_ready (parser))
        {
          ms_remote_parser_begin (parser, request, 4242);
          begun = TRUE;
        }
      else if (taken < n)
        break;   /* after the answer: what the connection calls unasked */
    }
  if (begun)
    check_answer (parser, request);
  ms_remote_parser_free (parser);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  for (int request = MS_REMOTE_REQUEST_LIST; request <= MS_REMOTE_REQUEST_USERS; request++)
    {
      parse (data, size, (MsRemoteRequest) request, size > 0 ? size : 1);
      parse (data, size, (MsRemoteRequest) request, 7);
    }

  {
    char *text = g_strndup ((const char *) data, size);
    GHashTable *users = ms_remote_parse_users (text);

    g_hash_table_unref (users);
    g_free (text);
  }
  return 0;
}
