/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-reader"

#include "config.h"

#include "ms-first-picture.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "ms-chunk-reader.h"
#include "ms-pages.h"
#include "ms-pages-private.h"
#include "ms-proc.h"
#include "ms-reader-private.h"
#include "ms-snapshot-private.h"

/* The resident runs of the whole user address space up to SCAN_END, from
 * PAGEMAP_SCAN, on a thread of their own while maps is read and parsed:
 * the two costs overlap. Present pages, the zero page left out (as smaps'
 * Rss counts them). */
#define SCAN_END G_GUINT64_CONSTANT (0x7ffffffff000)   /* x86-64's 47-bit user space */

typedef struct {
  int      pagemap;
  GArray  *runs;          /* guint64 start, end pairs, sorted */
  gboolean ok;
} Scan;

static gpointer
scan_thread (gpointer data)
{
  Scan *scan = data;
  g_autofree struct ms_page_region *vec = g_new (struct ms_page_region, SCAN_VEC_LEN);
  struct ms_pm_scan_arg arg = { 0 };
  guint64 counted = 0;

  arg.size = sizeof arg;
  arg.start = 0;
  arg.end = SCAN_END;
  arg.vec = (guint64) (guintptr) vec;
  arg.vec_len = SCAN_VEC_LEN;
  arg.category_inverted = MS_PAGE_IS_PFNZERO;
  arg.category_mask = MS_PAGE_IS_PRESENT | MS_PAGE_IS_PFNZERO;
  arg.return_mask = MS_PAGE_IS_PRESENT;
  for (;;)
    {
      int got = ioctl (scan->pagemap, MS_PAGEMAP_SCAN, &arg);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        return NULL;
      for (int i = 0; i < got; i++)
        {
          /* (a full vector's last run can come again in the next call) */
          guint64 start = MAX (vec[i].start, counted);

          if (vec[i].end <= start)
            continue;
          g_array_append_val (scan->runs, start);
          g_array_append_val (scan->runs, vec[i].end);
          counted = vec[i].end;
        }
      if (arg.walk_end <= arg.start || arg.walk_end >= arg.end)
        break;
      arg.start = arg.walk_end;
    }
  scan->ok = TRUE;
  return NULL;
}

/* Each region's share of the sorted @runs, into its RSS. */
static void
add_runs (GArray        *regions,
          const guint64 *runs,
          guint          n_runs)
{
  guint r = 0;

  for (guint i = 0; i < n_runs; i++)
    {
      guint64 start = runs[2 * i], end = runs[2 * i + 1];

      while (r < regions->len && g_array_index (regions, MsRegion, r).end <= start)
        r++;
      for (guint k = r; k < regions->len && g_array_index (regions, MsRegion, k).start < end; k++)
        {
          MsRegion *region = &g_array_index (regions, MsRegion, k);
          guint64 a = MAX (start, region->start);
          guint64 b = MIN (end, region->end);

          if (b > a)
            region->counters.rss += b - a;
        }
    }
}

static void
feed_parser (const char *data,
             gsize       length,
             gpointer    user_data)
{
  ms_maps_parser_feed (user_data, data, length);
}

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
  Scan scan = { -1 };
  GThread *thread;
  gboolean parsed = FALSE;
  int saved_errno;
  int maps;

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

  /* The scan on its own thread while maps is read and parsed. */
  scan.pagemap = ms_proc_open_at (dir, "pagemap", O_RDONLY, &saved_errno);
  if (scan.pagemap < 0)
    return NULL;
  scan.runs = g_array_new (FALSE, FALSE, sizeof (guint64));
  thread = g_thread_new ("[memscape] first scan", scan_thread, &scan);

  /* maps parsed as the kernel makes it, a chunk at a time */
  maps = ms_proc_open_at (dir, "maps", O_RDONLY, &saved_errno);
  if (maps >= 0)
    {
      guint64 length = 0;
      gboolean read_ok;

      parser = _ms_reader_new_parser (snapshot);
      ms_maps_parser_expect (parser, min_regions + min_regions / 8 + 16);
      read_ok = ms_read_chunks (maps, MS_PROC_MAX_READ, feed_parser, parser, &length, &saved_errno);
      close (maps);
      /* A map that changed under the read: no picture; the full read follows. */
      parsed = _ms_reader_finish_parser (snapshot, parser) && read_ok && length > 0;
    }
  g_thread_join (thread);
  close (scan.pagemap);

  regions = _ms_snapshot_get_regions (snapshot);
  if (!parsed || !scan.ok || regions->len < MAX (min_regions, 1) || g_cancellable_is_cancelled (cancellable))
    {
      g_array_unref (scan.runs);
      return NULL;
    }

  /* A mapping past what the scan covered (5-level paging's high half):
   * that region's pages read apart, as a second scan. */
  {
    guint n = regions->len;

    while (n > 0 && g_strcmp0 (g_array_index (regions, MsRegion, n - 1).path, "[vsyscall]") == 0)
      n--;
    if (n > 0 && g_array_index (regions, MsRegion, n - 1).end > SCAN_END)
      {
        rss = g_new (guint64, regions->len);
        if (!ms_page_reader_resident_by_region (reader, (const MsRegion *) (gpointer) regions->data, regions->len,
                                                rss, &error))
          {
            g_debug ("No first picture of process %d: %s", pid, error->message);
            g_array_unref (scan.runs);
            return NULL;
          }
        for (guint i = 0; i < regions->len; i++)
          g_array_index (regions, MsRegion, i).counters.rss = rss[i];
        g_array_set_size (scan.runs, 0);
      }
  }
  add_runs (regions, (const guint64 *) (gpointer) scan.runs->data, scan.runs->len / 2);
  g_array_unref (scan.runs);

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
