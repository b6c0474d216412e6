/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-strip"

#include "config.h"

#include "ms-page-layer-private.h"

#include "ms-error.h"
#include "ms-pages.h"

/* Reading the pages of what is in view, on a worker thread: directly, or
 * through the privileged helper for a session read as administrator. */

typedef struct {
  int         pid;
  gboolean    coarse;
  gboolean    privileged;
  MsSnapshot *snapshot;
  guint       generation;
  GArray     *spans;     /* guint64 pairs */
  GPtrArray  *results;   /* MsPageLayerEntry (without runs where a read failed) */
  gboolean    unreadable;
  guint       delay;     /* ms, for tests */
  gboolean    on_main_thread;
} ReadData;

static void
read_data_free (gpointer data)
{
  ReadData *read = data;

  ms_snapshot_unref (read->snapshot);
  g_array_unref (read->spans);
  g_clear_pointer (&read->results, g_ptr_array_unref);
  g_free (read);
}

/* A result of @read for its span @i, with neither runs nor error yet. */
static MsPageLayerEntry *
entry_new (ReadData *read,
           guint     i)
{
  MsPageLayerEntry *entry = g_new0 (MsPageLayerEntry, 1);

  entry->generation = read->generation;
  entry->start = g_array_index (read->spans, guint64, 2 * i);
  entry->end = g_array_index (read->spans, guint64, 2 * i + 1);
  return entry;
}

/* @entry's span is no longer mapped (a region unmapped since the snapshot):
 * said so, without runs. */
static void
entry_set_unmapped (MsPageLayerEntry *entry,
                    int               pid)
{
  g_autoptr(GError) unmapped = NULL;

  ms_pages_set_unmapped_error (&unmapped, pid, entry->start, entry->end);
  entry->error = g_strdup (unmapped->message);
  g_clear_pointer (&entry->runs, g_array_unref);
}

/* Spans @first to @last (indices of span pairs, @last excluded) through one
 * run of the helper, clipped to each. */
static gboolean
read_group_through_helper (ReadData     *read,
                           guint         first,
                           guint         last,
                           GCancellable *cancellable)
{
  g_autoptr(MsPageMap) map = NULL;
  g_autoptr(GError) error = NULL;
  guint64 start = G_MAXUINT64, end = 0;
  guint run = 0;

  for (guint i = first; i < last; i++)
    {
      start = MIN (start, g_array_index (read->spans, guint64, 2 * i));
      end = MAX (end, g_array_index (read->spans, guint64, 2 * i + 1));
    }
  map = ms_pages_read_through_helper (read->pid, start, end, TRUE, cancellable, &error);
  if (map == NULL && g_error_matches (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT))
    {
      /* (nothing mapped there any more, or too many runs: these spans'
       * own failure, said in their regions' tooltips, not the helper's) */
      for (guint i = first; i < last; i++)
        {
          MsPageLayerEntry *entry = entry_new (read, i);

          entry->error = g_strdup (error->message);
          g_ptr_array_add (read->results, entry);
        }
      return TRUE;
    }
  if (map == NULL)
    {
      g_debug ("No pages of process %d through the helper: %s", read->pid, error->message);
      return FALSE;
    }
  for (guint i = first; i < last; i++)
    {
      MsPageLayerEntry *entry = entry_new (read, i);

      entry->runs = g_array_new (FALSE, FALSE, sizeof (MsPageRun));
      while (run > 0 && map->runs[run - 1].end > entry->start)
        run--;
      for (; run < map->n_runs && map->runs[run].start < entry->end; run++)
        {
          MsPageRun clipped = map->runs[run];

          if (clipped.end <= entry->start)
            continue;
          clipped.start = MAX (clipped.start, entry->start);
          clipped.end = MIN (clipped.end, entry->end);
          g_array_append_val (entry->runs, clipped);
        }
      /* (the helper reads only what maps still shows: nothing there is a
       * region unmapped since the snapshot, never a region without pages) */
      if (entry->runs->len == 0)
        entry_set_unmapped (entry, read->pid);
      g_ptr_array_add (read->results, entry);
    }
  return TRUE;
}

/* As administrator (the session reads through the helper): the pages come
 * from the helper's `pages` request — a run of the helper (so of pkexec) for
 * all the spans within its 64 GiB, not one per span — never directly, which
 * for another user's process would fail or show nothing. */
static void
read_through_helper (ReadData     *read,
                     GCancellable *cancellable)
{
  guint n = read->spans->len / 2;
  guint first = 0;

  while (first < n && !g_cancellable_is_cancelled (cancellable))
    {
      guint64 start = g_array_index (read->spans, guint64, 2 * first);
      guint last = first + 1;

      while (last < n && g_array_index (read->spans, guint64, 2 * last) >= start &&
             g_array_index (read->spans, guint64, 2 * last + 1) - start <= MS_PAGES_HELPER_RANGE_MAX)
        last++;
      if (!read_group_through_helper (read, first, last, cancellable))
        {
          read->unreadable = TRUE;
          return;
        }
      first = last;
    }
}

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ReadData *read = task_data;
  g_autoptr(MsPageReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree GArray **runs = NULL;
  g_autofree gboolean *mapped = NULL;
  guint n;

  read->results = g_ptr_array_new_with_free_func (_ms_page_layer_entry_free);
  read->on_main_thread = g_main_context_is_owner (g_main_context_default ());
  for (guint waited = 0; waited < read->delay && !g_cancellable_is_cancelled (cancellable); waited += 10)
    g_usleep (10 * 1000);
  if (read->privileged)
    {
      read_through_helper (read, cancellable);
      g_task_return_boolean (task, TRUE);
      return;
    }
  reader = ms_page_reader_new (read->pid, &error);
  if (reader == NULL)
    {
      g_debug ("No pages of process %d: %s", read->pid, error->message);
      read->unreadable = TRUE;
      g_task_return_boolean (task, TRUE);
      return;
    }
  ms_page_reader_set_coarse (reader, read->coarse);
  n = read->spans->len / 2;
  runs = g_new0 (GArray *, MAX (n, 1));
  mapped = g_new0 (gboolean, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    runs[i] = g_array_new (FALSE, FALSE, sizeof (MsPageRun));
  /* (checked against the maps: a region unmapped since the snapshot is
   * never drawn as pages not present) */
  if (!ms_page_reader_read_spans (reader, (const guint64 *) (gpointer) read->spans->data, n, MS_PAGE_METHOD_AUTO,
                                  runs, mapped, &error))
    g_debug ("No pages of process %d: %s", read->pid, error->message);
  for (guint i = 0; i < n; i++)
    {
      MsPageLayerEntry *entry = entry_new (read, i);

      entry->runs = runs[i];
      if (error != NULL)
        {
          entry->error = g_strdup (error->message);
          g_clear_pointer (&entry->runs, g_array_unref);
        }
      else if (!mapped[i])
        {
          entry_set_unmapped (entry, read->pid);
        }
      g_ptr_array_add (read->results, entry);
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_read_done (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  MsPageLayer *layer = user_data;
  ReadData *read = g_task_get_task_data (G_TASK (result));

  /* A newer snapshot, or a layer gone: the read was cancelled and its
   * pages are not this picture's. */
  if (g_task_had_error (G_TASK (result)) || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&layer->cancellable);
  /* (read for an older snapshot of this process: its pages still show
   * where the regions are the same, until they are read again) */
  if (layer->snapshot == NULL || !ms_snapshot_same_process (read->snapshot, layer->snapshot))
    return;
  layer->stats.n_reads++;
  if (read->on_main_thread)
    layer->stats.n_reads_on_main_thread++;
  for (guint i = 0; i + 1 < read->spans->len; i += 2)
    layer->stats.bytes += g_array_index (read->spans, guint64, i + 1) - g_array_index (read->spans, guint64, i);
  layer->unreadable = read->unreadable;
  for (guint i = 0; i < read->results->len; i++)
    {
      MsPageLayerEntry *entry = g_ptr_array_steal_index_fast (read->results, i);
      int index = ms_snapshot_find_region (layer->snapshot, entry->start);
      guint64 *key;

      i--;
      if (index < 0 || entry->end > layer->snapshot->regions[index].end)
        {
          _ms_page_layer_entry_free (entry);
          continue;
        }
      key = g_new (guint64, 1);
      *key = layer->snapshot->regions[index].start;
      if (entry->runs == NULL)
        {
          if (read->generation == layer->generation)
            g_hash_table_replace (layer->failed, key, g_steal_pointer (&entry->error));
          else
            g_free (key);
          _ms_page_layer_entry_free (entry);
          continue;
        }
      g_hash_table_remove (layer->failed, key);
      g_hash_table_replace (layer->entries, key, entry);
    }
  gtk_widget_queue_draw (layer->widget);
}

void
_ms_page_layer_request (MsPageLayer *layer,
                        GArray      *missing)
{
  g_autoptr(GTask) task = NULL;
  ReadData *read;

  if (missing->len == 0 || layer->cancellable != NULL || layer->unreadable)
    return;
  read = g_new0 (ReadData, 1);
  read->pid = layer->snapshot->pid;
  read->coarse = layer->colour != MS_PAGE_COLOUR_SHARED;
  read->privileged = layer->privileged;
  read->snapshot = ms_snapshot_ref (layer->snapshot);
  read->generation = layer->generation;
  read->spans = g_array_ref (missing);
  read->delay = layer->read_delay;
  layer->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, layer->cancellable, on_read_done, layer);
  g_task_set_source_tag (task, _ms_page_layer_request);
  g_task_set_task_data (task, read, read_data_free);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, read_in_thread);
}
