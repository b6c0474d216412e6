/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-reader"

#include "config.h"

#include "ms-first-picture.h"

#include <string.h>
#include <unistd.h>

#include "ms-pages.h"
#include "ms-proc.h"
#include "ms-reader-private.h"
#include "ms-snapshot-private.h"

static MsSnapshot *
read_first (int           dir,
            int           pid,
            guint         min_regions,
            GCancellable *cancellable)
{
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(GByteArray) scratch = g_byte_array_new ();
  g_autoptr(MsPageReader) reader = NULL;
  g_autoptr(GArray) threads = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint64 *rss = NULL;
  g_autofree char *name = NULL;
  g_autofree char *comm = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *cmdline = NULL;
  gsize cmdline_length = 0;
  MsMapsParser *parser;
  GArray *regions;
  int saved_errno;

  /* (the page reader says early whether the kernel has the scan) */
  reader = ms_page_reader_new (pid, &error);
  if (reader == NULL || !ms_page_reader_has_scan (reader))
    return NULL;

  name = _ms_reader_read_small_text (dir, "comm", scratch, NULL, &saved_errno);
  status_text = _ms_reader_read_small_text (dir, "status", scratch, NULL, &saved_errno);
  if (name == NULL || status_text == NULL || g_cancellable_is_cancelled (cancellable))
    return NULL;

  snapshot = _ms_snapshot_new (MS_SOURCE_PROCESS);
  snapshot->pid = pid;
  if (!ms_proc_read_at (dir, "maps", scratch, &saved_errno) || scratch->len == 0)
    return NULL;
  parser = _ms_reader_new_parser (snapshot);
  ms_maps_parser_expect (parser, scratch->len / 64 + 16);
  ms_maps_parser_feed (parser, (const char *) scratch->data, scratch->len);
  /* A map that changed under the read: no picture; the full read follows. */
  if (!_ms_reader_finish_parser (snapshot, parser))
    return NULL;

  regions = _ms_snapshot_get_regions (snapshot);
  if (regions->len < MAX (min_regions, 1) || g_cancellable_is_cancelled (cancellable))
    return NULL;

  rss = g_new (guint64, regions->len);
  if (!ms_page_reader_resident_by_region (reader, (const MsRegion *) (gpointer) regions->data, regions->len,
                                          rss, &error))
    {
      g_debug ("No first picture of process %d: %s", pid, error->message);
      return NULL;
    }
  for (guint i = 0; i < regions->len; i++)
    g_array_index (regions, MsRegion, i).counters.rss = rss[i];

  _ms_reader_parse_status (status_text, &snapshot->status, &snapshot->uid);
  threads = _ms_reader_read_threads (dir, pid, scratch, _ms_snapshot_get_strings (snapshot));
  cmdline = _ms_reader_read_small_text (dir, "cmdline", scratch, &cmdline_length, &saved_errno);

  comm = g_strdup (name);
  snapshot->has_counters = TRUE;
  snapshot->partial = TRUE;
  _ms_reader_set_identity (snapshot, pid, g_steal_pointer (&name), g_steal_pointer (&cmdline), cmdline_length);
  _ms_reader_seal_snapshot_threads (snapshot, (const MsThread *) (gpointer) threads->data, threads->len, comm);
  /* (fingerprint 0: never given back by a refresh in place of a full read) */
  snapshot->fingerprint = 0;
  return g_steal_pointer (&snapshot);
}

MsSnapshot *
ms_read_pid_first (int           pid,
                   guint         min_regions,
                   GCancellable *cancellable)
{
  MsSnapshot *snapshot;
  int saved_errno;
  int dir;

  if (pid <= 0)
    return NULL;
  dir = ms_proc_open_pid (pid, &saved_errno);
  if (dir < 0)
    return NULL;
  snapshot = read_first (dir, pid, min_regions, cancellable);
  close (dir);
  return snapshot;
}

typedef struct {
  int   pid;
  guint min_regions;
} FirstRead;

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  FirstRead *read = task_data;
  MsSnapshot *snapshot = ms_read_pid_first (read->pid, read->min_regions, cancellable);
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_clear_pointer (&snapshot, ms_snapshot_unref);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, snapshot, (GDestroyNotify) ms_snapshot_unref);
}

void
ms_read_pid_first_async (gpointer             source_object,
                         int                  pid,
                         guint                min_regions,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source_object, cancellable, callback, user_data);
  FirstRead *read = g_new0 (FirstRead, 1);

  read->pid = pid;
  read->min_regions = min_regions;
  g_task_set_source_tag (task, ms_read_pid_first_async);
  g_task_set_name (task, "[memscape] first picture");
  g_task_set_task_data (task, read, g_free);
  g_task_run_in_thread (task, read_in_thread);
}

MsSnapshot *
ms_read_pid_first_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ms_read_pid_first_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
