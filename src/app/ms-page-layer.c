/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-strip"

#include "config.h"

#include "ms-page-layer.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-format.h"
#include "ms-pages.h"

#define PAGE       4096u
#define CHUNK      (64u * PAGE)   /* visible ranges are read in whole chunks */
#define MEASURE_SECONDS 5

/* What was read of one region: [start, end) of it, its runs. */
typedef struct {
  guint64  start;
  guint64  end;
  GArray  *runs;   /* MsPageRun; NULL when the read failed */
  char    *error;  /* why, then */
  guint    generation;   /* of the snapshot it was read for */
} Entry;

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_pointer (&entry->runs, g_array_unref);
  g_free (entry->error);
  g_free (entry);
}

struct _MsPageLayer {
  GtkWidget     *widget;           /* (unowned) */
  GCallback      changed;
  MsSnapshot    *snapshot;
  guint          generation;       /* counts the snapshots shown */
  GHashTable    *entries;          /* region start (guint64 *) → Entry */
  GCancellable  *cancellable;      /* of the read in flight, if any */
  gboolean       unreadable;       /* the reader could not open the process */
  gboolean       privileged;       /* read through the helper (`pages`) */
  MsPageColour   colour;
  gboolean       shown;
  guint          changed_idle;     /* tells the widget after its drawing */

  /* Activity: the measurement under way, and the last one's result. */
  MsActivityMeasure *measure;
  guint          measure_timeout;
  GCancellable  *measure_cancellable;
  MsActivity    *activity;
  guint          measure_seconds;
  gboolean       writes_tracked;   /* the kernel tracks soft-dirty pages */
  int            counts_known;     /* for tests: -1, or TRUE/FALSE */

  /* The Pages menu, once set up: its button (weak), the section that
   * measures, and the actions whose state follows the layer's. */
  GtkMenuButton *button;
  GMenu         *measure_menu;
  GSimpleAction *stop_action;
  GSimpleAction *seconds_action;

  /* Regions whose pages could not be read for this snapshot: region start
   * (guint64 *) → why (a message). Not asked again until the next one. */
  GHashTable    *failed;

  /* For tests: what the reads did, and a delay before each. */
  MsPageLayerStats stats;
  guint          read_delay;
};

/* A region's visible part, as drawn and as addresses. */
typedef struct {
  guint    index;
  double   x0, x1;                /* the region's extent, maybe past the strip */
  double   cx0, cx1;              /* its visible part */
  guint64  start, end;            /* the addresses of the visible part */
} Visible;

MsPageLayer *
_ms_page_layer_new (GtkWidget *widget,
                    GCallback  changed)
{
  MsPageLayer *layer = g_new0 (MsPageLayer, 1);

  layer->widget = widget;
  layer->changed = changed;
  layer->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, entry_free);
  layer->failed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  layer->colour = MS_PAGE_COLOUR_RESIDENCY;
  layer->measure_seconds = MEASURE_SECONDS;
  layer->writes_tracked = ms_activity_can_track_writes ();
  layer->counts_known = -1;
  return layer;
}

static void update_menu (MsPageLayer *layer);

void
_ms_page_layer_free (MsPageLayer *layer)
{
  if (layer->cancellable != NULL)
    g_cancellable_cancel (layer->cancellable);
  g_clear_object (&layer->cancellable);
  g_clear_handle_id (&layer->changed_idle, g_source_remove);
  g_clear_handle_id (&layer->measure_timeout, g_source_remove);
  if (layer->measure_cancellable != NULL)
    g_cancellable_cancel (layer->measure_cancellable);
  g_clear_object (&layer->measure_cancellable);
  g_clear_pointer (&layer->measure, ms_activity_measure_free);
  g_clear_pointer (&layer->activity, ms_activity_unref);
  g_clear_pointer (&layer->snapshot, ms_snapshot_unref);
  g_hash_table_unref (layer->entries);
  g_hash_table_unref (layer->failed);
  if (layer->button != NULL)
    g_object_remove_weak_pointer (G_OBJECT (layer->button), (gpointer *) &layer->button);
  g_clear_object (&layer->measure_menu);
  g_clear_object (&layer->stop_action);
  g_clear_object (&layer->seconds_action);
  g_free (layer);
}

static void
on_changed_idle (gpointer data)
{
  MsPageLayer *layer = data;

  layer->changed_idle = 0;
  if (layer->changed != NULL)
    ((void (*) (GtkWidget *)) layer->changed) (layer->widget);
}

/* (found while drawing: the widget hears of it once the frame is done) */
static void
set_shown (MsPageLayer *layer,
           gboolean     shown)
{
  if (layer->shown == shown)
    return;
  layer->shown = shown;
  update_menu (layer);
  if (layer->changed_idle == 0)
    {
      layer->changed_idle = g_idle_add_once (on_changed_idle, layer);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, layer->changed_idle), "[memscape] pages shown");
    }
}

void
_ms_page_layer_set_snapshot (MsPageLayer *layer,
                             MsSnapshot  *snapshot)
{
  if (snapshot == layer->snapshot)
    return;
  layer->generation++;
  g_hash_table_remove_all (layer->failed);
  /* A newer snapshot of the same process keeps the pages of the regions it
   * still has on show until they are read again: no flicker at each
   * refresh. A read under way goes on: its pages are shown where the
   * regions are still the same (and read again after), so that a process
   * that changes at each refresh still gets its pages drawn, however long
   * their read takes. */
  if (layer->snapshot != NULL && snapshot != NULL && ms_snapshot_same_process (layer->snapshot, snapshot))
    {
      GHashTableIter iter;
      Entry *entry;

      g_hash_table_iter_init (&iter, layer->entries);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
        {
          int index = ms_snapshot_find_region (snapshot, entry->start);

          if (index < 0 || entry->end > snapshot->regions[index].end)
            g_hash_table_iter_remove (&iter);
        }
    }
  else
    {
      if (layer->cancellable != NULL)
        g_cancellable_cancel (layer->cancellable);
      g_clear_object (&layer->cancellable);
      g_hash_table_remove_all (layer->entries);
      /* (a measurement of another process has nothing to show here) */
      _ms_page_layer_stop_measuring (layer);
    }
  g_clear_pointer (&layer->snapshot, ms_snapshot_unref);
  layer->unreadable = FALSE;
  if (layer->activity != NULL && (snapshot == NULL || snapshot->pid != layer->activity->pid))
    g_clear_pointer (&layer->activity, ms_activity_unref);
  /* Pages are read from a live process only. */
  if (snapshot != NULL && snapshot->source == MS_SOURCE_PROCESS && snapshot->pid > 0)
    layer->snapshot = ms_snapshot_ref (snapshot);
  update_menu (layer);
}

void
_ms_page_layer_set_privileged (MsPageLayer *layer,
                               gboolean     privileged)
{
  privileged = !!privileged;
  if (privileged == layer->privileged)
    return;
  /* What was read the other way is not this way's. */
  if (layer->cancellable != NULL)
    g_cancellable_cancel (layer->cancellable);
  g_clear_object (&layer->cancellable);
  g_hash_table_remove_all (layer->entries);
  g_hash_table_remove_all (layer->failed);
  layer->unreadable = FALSE;
  layer->privileged = privileged;
  gtk_widget_queue_draw (layer->widget);
}

void
_ms_page_layer_set_colour (MsPageLayer  *layer,
                           MsPageColour  colour)
{
  if (colour == layer->colour)
    return;
  /* The shared count needs each page's map count: a fuller read. */
  if ((colour == MS_PAGE_COLOUR_SHARED) != (layer->colour == MS_PAGE_COLOUR_SHARED))
    {
      if (layer->cancellable != NULL)
        g_cancellable_cancel (layer->cancellable);
      g_clear_object (&layer->cancellable);
      g_hash_table_remove_all (layer->entries);
      g_hash_table_remove_all (layer->failed);
    }
  layer->colour = colour;
  gtk_widget_queue_draw (layer->widget);
}

MsPageColour
_ms_page_layer_get_colour (MsPageLayer *layer)
{
  return layer->colour;
}

gboolean
_ms_page_layer_get_shown (MsPageLayer *layer)
{
  return layer->shown;
}

/* The visible regions zoomed in far enough, into @visible (Visible). */
static void
find_visible (MsPageLayer             *layer,
              const MsLayout          *layout,
              const MsRenderOptions   *options,
              const cairo_rectangle_t *area,
              GArray                  *visible)
{
  cairo_rectangle_t strip;
  guint first, end, n_columns;
  double view_span = options->view_end - options->view_start;
  double column_width;

  /* (zoomed in at all: the whole process is the picture of its regions) */
  if (layer->snapshot == NULL || ms_layout_get_snapshot (layout) != layer->snapshot ||
      view_span > 0.999 || !(view_span > 0))
    return;
  ms_render_get_strip_area (options, area, &strip);
  n_columns = ms_render_get_n_columns (options, &strip);
  if (n_columns == 0)
    return;
  column_width = strip.width / n_columns;
  ms_layout_get_visible (layout, options->view_start, options->view_end, &first, &end);
  /* (many regions in view: far too many pages a pixel anyway) */
  if (end - first > 512)
    return;

  for (guint i = first; i < end; i++)
    {
      const MsRegion *region = &layer->snapshot->regions[i];
      guint64 size = ms_region_get_size (region);
      Visible v = { i };
      double width, u0, u1;

      if (!ms_render_get_region_extent (layout, options, area, i, &v.x0, &v.x1))
        continue;
      /* (that extent is clamped to the strip: the region's whole extent,
       * past the strip where it goes on, is what its addresses map to) */
      ms_layout_get_region_span (layout, i, &u0, &u1);
      v.x0 = strip.x + floor ((u0 - options->view_start) / view_span * n_columns) * column_width;
      v.x1 = strip.x + ceil ((u1 - options->view_start) / view_span * n_columns) * column_width;
      width = v.x1 - v.x0;
      if (width < 2 || (double) (size / PAGE) / width > MS_PAGE_LAYER_MAX_PAGES_PER_PIXEL ||
          g_strcmp0 (region->path, "[vsyscall]") == 0)
        continue;
      v.cx0 = MAX (v.x0, strip.x);
      v.cx1 = MIN (v.x1, strip.x + strip.width);
      if (v.cx1 <= v.cx0)
        continue;
      v.start = region->start + (guint64) ((v.cx0 - v.x0) / width * (double) size);
      v.end = region->start + (guint64) ceil ((v.cx1 - v.x0) / width * (double) size);
      v.start -= v.start % PAGE;
      v.end = MIN (region->end, v.end + (PAGE - v.end % PAGE) % PAGE);
      if (v.end > v.start)
        g_array_append_val (visible, v);
    }
}

/* --- reading, on a worker thread ----------------------------------------- */

typedef struct {
  int         pid;
  gboolean    coarse;
  gboolean    privileged;
  MsSnapshot *snapshot;
  guint       generation;
  GArray     *spans;     /* guint64 pairs */
  GPtrArray  *results;   /* Entry (without runs where a read failed) */
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

/* The most one run of the helper reads (its own limit). */
#define HELPER_RANGE_MAX (G_GUINT64_CONSTANT (64) << 30)

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
          Entry *entry = g_new0 (Entry, 1);

          entry->generation = read->generation;
          entry->start = g_array_index (read->spans, guint64, 2 * i);
          entry->end = g_array_index (read->spans, guint64, 2 * i + 1);
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
      Entry *entry = g_new0 (Entry, 1);

      entry->generation = read->generation;
      entry->start = g_array_index (read->spans, guint64, 2 * i);
      entry->end = g_array_index (read->spans, guint64, 2 * i + 1);
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
        {
          g_autoptr(GError) unmapped = NULL;

          ms_pages_set_unmapped_error (&unmapped, read->pid, entry->start, entry->end);
          entry->error = g_strdup (unmapped->message);
          g_clear_pointer (&entry->runs, g_array_unref);
        }
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
             g_array_index (read->spans, guint64, 2 * last + 1) - start <= HELPER_RANGE_MAX)
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

  read->results = g_ptr_array_new_with_free_func (entry_free);
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
      Entry *entry = g_new0 (Entry, 1);

      entry->generation = read->generation;
      entry->start = g_array_index (read->spans, guint64, 2 * i);
      entry->end = g_array_index (read->spans, guint64, 2 * i + 1);
      if (error != NULL)
        {
          entry->error = g_strdup (error->message);
          g_array_unref (runs[i]);
        }
      else if (!mapped[i])
        {
          g_autoptr(GError) unmapped = NULL;

          ms_pages_set_unmapped_error (&unmapped, read->pid, entry->start, entry->end);
          entry->error = g_strdup (unmapped->message);
          g_array_unref (runs[i]);
        }
      else
        {
          entry->runs = runs[i];
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
      Entry *entry = g_ptr_array_steal_index_fast (read->results, i);
      int index = ms_snapshot_find_region (layer->snapshot, entry->start);
      guint64 *key;

      i--;
      if (index < 0 || entry->end > layer->snapshot->regions[index].end)
        {
          entry_free (entry);
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
          entry_free (entry);
          continue;
        }
      g_hash_table_remove (layer->failed, key);
      g_hash_table_replace (layer->entries, key, entry);
    }
  gtk_widget_queue_draw (layer->widget);
}

static void
request (MsPageLayer *layer,
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
  g_task_set_source_tag (task, request);
  g_task_set_task_data (task, read, read_data_free);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, read_in_thread);
}

/* --- drawing ---------------------------------------------------------------- */

/* The share of @region used (or written) during the last measurement, or
 * -1 when there is none for it. */
static double
region_heat (MsPageLayer    *layer,
             const MsRegion *region)
{
  const MsActivityRegion *measured;

  if (layer->activity == NULL || (measured = ms_activity_find (layer->activity, region->start)) == NULL ||
      measured->start != region->start || measured->rss == 0)
    return -1.0;
  if (layer->activity->kind == MS_ACTIVITY_WRITES)
    return MIN (1.0, (double) measured->dirty_pages * PAGE / (double) measured->rss);
  return MIN (1.0, (double) measured->referenced / (double) measured->rss);
}

/* What @region (measured: region_heat() >= 0) used or wrote. */
static void
append_heat (MsPageLayer    *layer,
             const MsRegion *region,
             GString        *text)
{
  const MsActivityRegion *measured = ms_activity_find (layer->activity, region->start);
  g_autofree char *used = ms_format_size (layer->activity->kind == MS_ACTIVITY_WRITES
                                            ? measured->dirty_pages * PAGE : measured->referenced);
  g_autofree char *rss = ms_format_size (measured->rss);

  /* TRANSLATORS: after a measurement of activity: "12 kB of its 64 kB resident, in 5 s" */
  g_string_append_printf (text, layer->activity->kind == MS_ACTIVITY_WRITES
                                  ? _("The region wrote %s of its %s resident in %.0f s")
                                  : _("The region used %s of its %s resident in %.0f s"),
                          used, rss, layer->activity->seconds);
}

/* What the colour of a page means as drawn: written pages on a kernel that
 * does not track them would all read "not written", a wrong picture; they
 * are drawn by residency then, and the key and tooltips say why. */
static MsPageColour
drawn_colour (MsPageLayer *layer)
{
  if (layer->colour == MS_PAGE_COLOUR_DIRTY && !layer->writes_tracked)
    return MS_PAGE_COLOUR_RESIDENCY;
  return layer->colour;
}

static Entry *
lookup (MsPageLayer *layer,
        guint64      region_start)
{
  return g_hash_table_lookup (layer->entries, &region_start);
}

/* After a measurement, in heat mode: the regions in view that show no pages
 * (too large for the zoom) are coloured by their heat as a whole, so that
 * the result shows at any zoom. @textures: the regions drawn as pages. */
static void
draw_region_heat (MsPageLayer             *layer,
                  GtkSnapshot             *snapshot,
                  const MsLayout          *layout,
                  const MsRenderOptions   *options,
                  const cairo_rectangle_t *area,
                  GArray                  *textures)
{
  cairo_rectangle_t strip;
  cairo_t *cr = NULL;
  guint first, end, t = 0;

  if (layer->colour != MS_PAGE_COLOUR_HEAT || layer->activity == NULL || layer->snapshot == NULL ||
      ms_layout_get_snapshot (layout) != layer->snapshot || layer->activity->pid != layer->snapshot->pid)
    return;
  ms_render_get_strip_area (options, area, &strip);
  ms_layout_get_visible (layout, options->view_start, options->view_end, &first, &end);
  for (guint i = first; i < end; i++)
    {
      const MsRegion *region = &layer->snapshot->regions[i];
      double heat = region_heat (layer, region);
      double x0, x1, rgb[3];

      while (t < textures->len && g_array_index (textures, Visible, t).index < i)
        t++;
      if ((t < textures->len && g_array_index (textures, Visible, t).index == i && lookup (layer, region->start) != NULL) ||
          heat < 0 || !ms_render_get_region_extent (layout, options, area, i, &x0, &x1) || x1 - x0 < 1)
        continue;
      x0 = MAX (x0, strip.x);
      x1 = MIN (x1, strip.x + strip.width);
      if (x1 <= x0)
        continue;
      if (cr == NULL)
        cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (strip.x, strip.y, strip.width, strip.height));
      ms_page_texture_get_fill (MS_PAGE_PRESENT, 0, MS_PAGE_COLOUR_HEAT, heat, rgb);
      cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      /* (the region's own colour left as a band along the bottom, as under
       * pages) */
      cairo_rectangle (cr, x0, strip.y, x1 - x0, strip.height - 4);
      cairo_fill (cr);
    }
  if (cr != NULL)
    cairo_destroy (cr);
}

void
_ms_page_layer_snapshot (MsPageLayer             *layer,
                         GtkSnapshot             *snapshot,
                         const MsLayout          *layout,
                         const MsRenderOptions   *options,
                         const cairo_rectangle_t *area)
{
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (Visible));
  g_autoptr(GArray) missing = g_array_new (FALSE, FALSE, sizeof (guint64));
  cairo_rectangle_t strip;
  cairo_t *cr = NULL;

  find_visible (layer, layout, options, area, visible);
  set_shown (layer, visible->len > 0 && !layer->unreadable);
  draw_region_heat (layer, snapshot, layout, options, area, visible);
  if (visible->len == 0)
    return;
  ms_render_get_strip_area (options, area, &strip);

  for (guint i = 0; i < visible->len; i++)
    {
      const Visible *v = &g_array_index (visible, Visible, i);
      const MsRegion *region = &layer->snapshot->regions[v->index];
      Entry *entry = lookup (layer, region->start);

      /* (its pages could not be read: the region's own colour stays) */
      if (g_hash_table_contains (layer->failed, &region->start))
        continue;
      if (entry == NULL || entry->start > v->start || entry->end < v->end || entry->generation != layer->generation)
        {
          /* read a little more than is visible: a small pan needs no new read */
          guint64 span[2] = { MAX (region->start, v->start - MIN (v->start, (guint64) CHUNK)),
                              MIN (region->end, v->end + CHUNK) };

          span[0] -= span[0] % PAGE;
          g_array_append_vals (missing, span, 2);
        }
      if (entry == NULL)
        continue;

      if (cr == NULL)
        cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (strip.x, strip.y, strip.width, strip.height));
      /* the strip's background under the pages, the region's own colour
       * left as a thin band along the bottom */
      cairo_set_source_rgb (cr, options->background.red, options->background.green, options->background.blue);
      cairo_rectangle (cr, v->cx0, strip.y, v->cx1 - v->cx0, strip.height - 4);
      cairo_fill (cr);
      {
        guint64 start = MAX (entry->start, v->start);
        guint64 end = MIN (entry->end, v->end);
        double x0 = v->x0 + (double) (start - region->start) / (double) ms_region_get_size (region) * (v->x1 - v->x0);
        double x1 = v->x0 + (double) (end - region->start) / (double) ms_region_get_size (region) * (v->x1 - v->x0);

        const MsPageRun *runs = (const MsPageRun *) (gpointer) entry->runs->data;
        guint n_runs = entry->runs->len;
        double heat = region_heat (layer, region);
        g_autoptr(GArray) marked = NULL;

        /* idle page tracking knows which pages were used: each its own heat */
        if (layer->colour == MS_PAGE_COLOUR_HEAT && heat >= 0 && layer->activity->accessed != NULL)
          {
            marked = g_array_new (FALSE, FALSE, sizeof (MsPageRun));
            ms_activity_mark_runs (layer->activity, runs, n_runs, marked);
            runs = (const MsPageRun *) (gpointer) marked->data;
            n_runs = marked->len;
            heat = -1.0;
          }
        ms_page_texture_draw_heat (cr, runs, n_runs, PAGE, start, end, x0, strip.y + 2, x1 - x0, strip.height - 8,
                                   drawn_colour (layer), heat);
      }
    }
  if (cr != NULL)
    cairo_destroy (cr);
  request (layer, missing);
}

char *
_ms_page_layer_describe_at (MsPageLayer             *layer,
                            const MsLayout          *layout,
                            const MsRenderOptions   *options,
                            const cairo_rectangle_t *area,
                            double                   x,
                            double                   y,
                            cairo_rectangle_t       *tip)
{
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (Visible));
  cairo_rectangle_t strip;

  find_visible (layer, layout, options, area, visible);
  ms_render_get_strip_area (options, area, &strip);
  if (y < strip.y || y >= strip.y + strip.height)
    return NULL;

  for (guint i = 0; i < visible->len; i++)
    {
      const Visible *v = &g_array_index (visible, Visible, i);
      const MsRegion *region = &layer->snapshot->regions[v->index];
      Entry *entry = lookup (layer, region->start);
      double width = v->x1 - v->x0;
      guint64 address;
      g_autofree char *state = NULL;
      g_autofree char *size = NULL;
      const MsPageRun *run = NULL;
      guint64 pages;

      if (x < v->cx0 || x >= v->cx1 || entry == NULL)
        continue;
      address = region->start + (guint64) ((x - v->x0) / width * (double) ms_region_get_size (region));
      for (guint r = 0; r < entry->runs->len; r++)
        {
          const MsPageRun *candidate = &g_array_index (entry->runs, MsPageRun, r);

          if (address >= candidate->start && address < candidate->end)
            {
              run = candidate;
              break;
            }
        }
      if (run == NULL)
        return NULL;

      pages = (run->end - run->start) / PAGE;
      state = ms_page_flags_describe (run->flags);
      size = ms_format_size (run->end - run->start);
      tip->x = MAX (v->x0 + (double) (run->start - region->start) / (double) ms_region_get_size (region) * width, v->cx0);
      tip->width = MIN (v->x0 + (double) (run->end - region->start) / (double) ms_region_get_size (region) * width, v->cx1) - tip->x;
      tip->y = strip.y;
      tip->height = strip.height;
      {
        g_autofree char *escaped = g_markup_escape_text (state, -1);
        /* TRANSLATORS: a number of pages and their size, "3 pages (12.3 kB)" */
        g_autofree char *pages_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu page (%s)", "%lu pages (%s)",
                                                                    (gulong) MIN (pages, G_MAXULONG)),
                                                       (gulong) MIN (pages, G_MAXULONG), size);
        GString *text = g_string_new (NULL);

        g_string_append_printf (text, "<b>%s</b>\n<tt>0x%" G_GINT64_MODIFIER "x–0x%" G_GINT64_MODIFIER "x</tt>\n%s\n%s",
                                _("Pages"), run->start, run->end, pages_text, escaped);
        /* (only what is in view and a little around is read: a run cut
         * there may go on, and its count is not the whole run's) */
        if ((run->start == entry->start && entry->start > region->start) ||
            (run->end == entry->end && entry->end < region->end))
          {
            g_string_append_c (text, '\n');
            g_string_append (text, _("The same may go on past the part read, around what is in view"));
          }
        if (layer->colour == MS_PAGE_COLOUR_HEAT && region_heat (layer, region) >= 0)
          {
            g_string_append_c (text, '\n');
            append_heat (layer, region, text);
          }
        else if (layer->colour == MS_PAGE_COLOUR_DIRTY && !layer->writes_tracked)
          {
            g_string_append_c (text, '\n');
            g_string_append (text, _("This kernel does not track written pages: it was built without soft-dirty tracking (CONFIG_MEM_SOFT_DIRTY)"));
          }
        else if (layer->colour == MS_PAGE_COLOUR_HEAT)
          {
            g_string_append_c (text, '\n');
            g_string_append (text, _("Not measured yet: Measure Activity in the Pages menu"));
          }
        if (layer->colour == MS_PAGE_COLOUR_SHARED && (run->flags & MS_PAGE_PRESENT) &&
            !(run->flags & MS_PAGE_EXCLUSIVE) && run->mapcount == 0)
          {
            g_string_append_c (text, '\n');
            g_string_append (text, _("Shared; how many processes map it, only an administrator can read"));
          }
        if (run->mapcount > 0)
          {
            g_string_append_c (text, '\n');
            g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Mapped %u time (by this and other processes)",
                                                       "Mapped %u times (by this and other processes)", run->mapcount),
                                    run->mapcount);
          }
        return g_string_free (text, FALSE);
      }
    }
  return NULL;
}

/* --- measuring activity ------------------------------------------------------ */

typedef struct {
  MsActivityMeasure *measure;
  MsActivity        *activity;
  GError            *error;
  gboolean           privileged;
} MeasureData;

static void
measure_data_free (gpointer data)
{
  MeasureData *measure = data;

  g_clear_pointer (&measure->measure, ms_activity_measure_free);
  g_clear_pointer (&measure->activity, ms_activity_unref);
  g_clear_error (&measure->error);
  g_free (measure);
}

static void
measure_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  MeasureData *data = task_data;

  data->activity = ms_activity_end (data->measure, cancellable, &data->error);
  g_task_return_boolean (task, TRUE);
}

static void
show_measure_failed (MsPageLayer  *layer,
                     const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (layer->widget);
  GtkWidget *failed = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              _("Activity could not be measured"), error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (failed), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (failed));
}

static void
on_measured (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  MsPageLayer *layer = user_data;
  MeasureData *data = g_task_get_task_data (G_TASK (result));

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&layer->measure_cancellable);
  update_menu (layer);
  if (data->activity == NULL)
    {
      /* (the process ended meanwhile; through the helper, a dismissed
       * password dialog or a refusal: each worth a line, never silence) */
      g_debug ("The measurement of activity failed: %s", data->error->message);
      show_measure_failed (layer, data->error);
    }
  else if (layer->snapshot != NULL && layer->snapshot->pid == data->activity->pid)
    {
      g_clear_pointer (&layer->activity, ms_activity_unref);
      layer->activity = g_steal_pointer (&data->activity);
      layer->colour = MS_PAGE_COLOUR_HEAT;
      g_object_notify (G_OBJECT (layer->widget), "page-colour");
    }
  gtk_widget_queue_draw (layer->widget);
}

static gboolean
on_measure_time (gpointer data)
{
  MsPageLayer *layer = data;
  g_autoptr(GTask) task = NULL;
  MeasureData *measure = g_new0 (MeasureData, 1);

  layer->measure_timeout = 0;
  measure->measure = g_steal_pointer (&layer->measure);
  measure->privileged = layer->privileged;
  layer->measure_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, layer->measure_cancellable, on_measured, layer);
  g_task_set_source_tag (task, on_measure_time);
  g_task_set_task_data (task, measure, measure_data_free);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, measure_in_thread);
  update_menu (layer);
  return G_SOURCE_REMOVE;
}

static void
start_measure_timeout (MsPageLayer *layer,
                       guint        seconds)
{
  layer->measure_timeout = g_timeout_add_seconds (seconds, on_measure_time, layer);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, layer->measure_timeout),
                            "[memscape] measure activity");
  update_menu (layer);
}

/* Read through the helper, the bits are cleared through it too (`clear-refs
 * PID 1|4`): on a worker thread, as it may wait for a password; and so is
 * idle tracking's marking of every page. */
typedef struct {
  int             pid;
  MsActivityKind  kind;
  guint           seconds;
  gboolean        helper;   /* else idle tracking's marking, as long as a
                             * walk of every page of the process */
} ClearData;

static void
clear_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ClearData *data = task_data;
  GError *error = NULL;
  MsActivityMeasure *measure = data->helper
                                 ? ms_activity_begin_through_helper (data->pid, data->kind, TRUE, cancellable, &error)
                                 : ms_activity_begin (data->pid, data->kind, &error);

  if (measure == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, measure, (GDestroyNotify) ms_activity_measure_free);
}

static void
on_cleared (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  MsPageLayer *layer = user_data;
  ClearData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  MsActivityMeasure *measure;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&layer->measure_cancellable);
  measure = g_task_propagate_pointer (G_TASK (result), &error);
  if (measure == NULL)
    {
      update_menu (layer);
      show_measure_failed (layer, error);
      return;
    }
  layer->measure = measure;
  start_measure_timeout (layer, data->seconds);
}

gboolean
_ms_page_layer_measure (MsPageLayer     *layer,
                        MsActivityKind   kind,
                        guint            seconds,
                        GError         **error)
{
  if (layer->snapshot == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Activity is measured on a running process only"));
      return FALSE;
    }
  if (_ms_page_layer_is_measuring (layer))
    return TRUE;
  if (layer->privileged || ms_activity_choose_method (kind) == MS_ACTIVITY_METHOD_IDLE_PAGES)
    {
      g_autoptr(GTask) task = NULL;
      ClearData *data = g_new0 (ClearData, 1);

      data->helper = layer->privileged;
      data->pid = layer->snapshot->pid;
      data->kind = kind;
      data->seconds = seconds;
      layer->measure_cancellable = g_cancellable_new ();
      task = g_task_new (NULL, layer->measure_cancellable, on_cleared, layer);
      g_task_set_source_tag (task, _ms_page_layer_measure);
      g_task_set_task_data (task, data, g_free);
      g_task_set_check_cancellable (task, FALSE);
      g_task_run_in_thread (task, clear_in_thread);
      update_menu (layer);
      return TRUE;
    }
  layer->measure = ms_activity_begin (layer->snapshot->pid, kind, error);
  if (layer->measure == NULL)
    return FALSE;
  start_measure_timeout (layer, seconds);
  return TRUE;
}

gboolean
_ms_page_layer_is_measuring (MsPageLayer *layer)
{
  return layer->measure != NULL || layer->measure_cancellable != NULL || layer->measure_timeout != 0;
}

void
_ms_page_layer_stop_measuring (MsPageLayer *layer)
{
  if (!_ms_page_layer_is_measuring (layer))
    return;
  /* (the bits are cleared already: what stops is the wait and the read) */
  g_clear_handle_id (&layer->measure_timeout, g_source_remove);
  g_clear_pointer (&layer->measure, ms_activity_measure_free);
  if (layer->measure_cancellable != NULL)
    g_cancellable_cancel (layer->measure_cancellable);
  g_clear_object (&layer->measure_cancellable);
  update_menu (layer);
}

gboolean
_ms_page_layer_is_timing (MsPageLayer *layer)
{
  return layer->measure != NULL;
}

MsActivity *
_ms_page_layer_get_activity (MsPageLayer *layer)
{
  return layer->activity;
}

typedef struct {
  MsPageLayer    *layer;
  MsActivityKind  kind;
} MeasureRequest;

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  MeasureRequest *request = user_data;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "measure") == 0 &&
      !_ms_page_layer_measure (request->layer, request->kind, request->layer->measure_seconds, &error))
    {
      GtkWidget *failed = adw_message_dialog_new (gtk_window_get_transient_for (GTK_WINDOW (dialog)),
                                                  _("Activity could not be measured"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (failed), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (failed));
    }
}

/* Says what a measurement does to the process, and starts it on a click. */
static void
confirm_measure (GtkWidget      *owner,
                 MsPageLayer    *layer,
                 MsActivityKind  kind)
{
  GtkRoot *root = gtk_widget_get_root (owner);
  MeasureRequest *request = g_new0 (MeasureRequest, 1);
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  int pid = layer->snapshot != NULL ? layer->snapshot->pid : 0;
  gboolean idle;

  request->layer = layer;
  request->kind = kind;
  /* (as this user, where the kernel tracks idle pages and we are root,
   * ms_activity_begin() marks the pages idle: nothing is cleared) */
  idle = kind == MS_ACTIVITY_REFERENCED && !layer->privileged &&
         ms_activity_choose_method (kind) == MS_ACTIVITY_METHOD_IDLE_PAGES;
  if (idle)
    body = g_strdup_printf (_("This marks the pages of process %d idle with the kernel’s idle page tracking, which leaves the process’s ageing information alone. After %d seconds, each region is coloured by how much of it was used, and each page by whether it was."),
                            pid, (int) layer->measure_seconds);
  else if (kind == MS_ACTIVITY_WRITES)
    body = g_strdup_printf (_("This clears the soft-dirty bits of process %d: what it wrote before. Tools that track them for the process, such as a checkpointing tool, then lose their record. After %d seconds, the pages it wrote are coloured by region."),
                            pid, (int) layer->measure_seconds);
  else
    body = g_strdup_printf (_("This clears the kernel’s ageing information for process %d: which of its pages were used lately. Until it is built up again, the kernel may swap out or drop pages it would have kept. After %d seconds, each region is coloured by how much of it was used."),
                            pid, (int) layer->measure_seconds);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   kind == MS_ACTIVITY_WRITES ? _("Measure Writes?") : _("Measure Activity?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "measure", _("_Measure"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "measure",
                                              idle ? ADW_RESPONSE_SUGGESTED : ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_confirm_response), request,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_measure_activity (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       owner)
{
  confirm_measure (owner, g_object_get_data (G_OBJECT (action), "ms-page-layer"), MS_ACTIVITY_REFERENCED);
}

static void
on_measure_writes (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       owner)
{
  MsPageLayer *layer = g_object_get_data (G_OBJECT (action), "ms-page-layer");

  /* A kernel without soft-dirty tracking cannot tell what was written: the
   * item says why on a click, rather than being greyed out unexplained. */
  if (!layer->writes_tracked)
    {
      GtkRoot *root = gtk_widget_get_root (owner);
      GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  _("Writes Cannot Be Measured"),
                                                  _("This kernel does not track written pages: it was built without soft-dirty tracking (CONFIG_MEM_SOFT_DIRTY)"));

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  confirm_measure (owner, layer, MS_ACTIVITY_WRITES);
}

static void
on_stop_measuring (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       data)
{
  _ms_page_layer_stop_measuring (data);
}

static void
on_measure_seconds (GSimpleAction *action,
                    GVariant      *value,
                    gpointer       data)
{
  _ms_page_layer_set_measure_seconds (data, g_variant_get_uint32 (value));
}

/* The measuring items, with the seconds chosen in their labels. */
static void
fill_measure_menu (MsPageLayer *layer)
{
  static const guint choices[] = { 5, 10, 30, 60 };
  g_autoptr(GMenu) seconds = g_menu_new ();
  g_autofree char *activity_label = NULL;
  g_autofree char *writes_label = NULL;

  if (layer->measure_menu == NULL)
    return;
  g_menu_remove_all (layer->measure_menu);
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      /* TRANSLATORS: how long a measurement of activity lasts */
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Second", "%u Seconds", choices[i]), choices[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "pages.measure-seconds", g_variant_new_uint32 (choices[i]));
      g_menu_append_item (seconds, item);
    }
  activity_label = g_strdup_printf (_("Measure Activity for %d Seconds…"), (int) layer->measure_seconds);
  writes_label = g_strdup_printf (_("Measure Writes for %d Seconds…"), (int) layer->measure_seconds);
  g_menu_append (layer->measure_menu, activity_label, "pages.measure-activity");
  g_menu_append (layer->measure_menu, writes_label, "pages.measure-writes");
  /* TRANSLATORS: a submenu: how many seconds a measurement of activity lasts */
  g_menu_append_submenu (layer->measure_menu, _("Measure For"), G_MENU_MODEL (seconds));
  g_menu_append (layer->measure_menu, _("Stop Measuring"), "pages.stop-measuring");
}

/* The button and actions of the Pages menu follow the layer: the button is
 * there for any live process (the measurements work at any zoom, and its
 * tooltip says that zooming in shows pages), says when a measurement is
 * under way, and Stop Measuring works only then. */
static void
update_menu (MsPageLayer *layer)
{
  gboolean measuring = _ms_page_layer_is_measuring (layer);

  if (layer->stop_action != NULL)
    g_simple_action_set_enabled (layer->stop_action, measuring);
  if (layer->button == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (layer->button), layer->snapshot != NULL || measuring);
  /* TRANSLATORS: the Pages menu button's label while a measurement of activity is under way */
  gtk_menu_button_set_label (layer->button, measuring ? _("Measuring…") : _("Pages"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (layer->button),
                               measuring ? _("Measuring what the process uses: its pages are coloured by heat when it is done")
                               : layer->shown ? _("What the colour of a page means")
                               : _("Zoom in on a region to see its pages; measure what the process uses"));
}

void
_ms_page_layer_setup_menu (GtkWidget     *owner,
                           GtkMenuButton *button,
                           GObject       *strip,
                           MsPageLayer   *layer)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GPropertyAction) action = g_property_action_new ("page-colour", strip, "page-colour");
  g_autoptr(GSimpleAction) activity = g_simple_action_new ("measure-activity", NULL);
  g_autoptr(GSimpleAction) writes = g_simple_action_new ("measure-writes", NULL);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();

  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  g_object_set_data (G_OBJECT (activity), "ms-page-layer", layer);
  g_object_set_data (G_OBJECT (writes), "ms-page-layer", layer);
  g_signal_connect_object (activity, "activate", G_CALLBACK (on_measure_activity), owner, 0);
  g_signal_connect_object (writes, "activate", G_CALLBACK (on_measure_writes), owner, 0);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (activity));
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (writes));
  layer->stop_action = g_simple_action_new ("stop-measuring", NULL);
  g_signal_connect (layer->stop_action, "activate", G_CALLBACK (on_stop_measuring), layer);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (layer->stop_action));
  layer->seconds_action = g_simple_action_new_stateful ("measure-seconds", G_VARIANT_TYPE_UINT32,
                                                        g_variant_new_uint32 (layer->measure_seconds));
  g_signal_connect (layer->seconds_action, "change-state", G_CALLBACK (on_measure_seconds), layer);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (layer->seconds_action));
  gtk_widget_insert_action_group (owner, "pages", G_ACTION_GROUP (group));

  /* one item a colour, from the texture's own table */
  for (guint i = 0; i < MS_N_PAGE_COLOURS; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (ms_page_colour_get_label (i), NULL);

      g_menu_item_set_action_and_target_value (item, "pages.page-colour",
                                               g_variant_new_string (ms_page_colour_to_id (i)));
      g_menu_append_item (section, item);
    }
  g_menu_append_section (menu, _("Colour by"), G_MENU_MODEL (section));
  layer->measure_menu = g_menu_new ();
  fill_measure_menu (layer);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (layer->measure_menu));
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
  layer->button = button;
  g_object_add_weak_pointer (G_OBJECT (button), (gpointer *) &layer->button);
  update_menu (layer);
}

void
_ms_page_layer_set_measure_seconds (MsPageLayer *layer,
                                    guint        seconds)
{
  seconds = CLAMP (seconds, 1, 3600);
  if (seconds == layer->measure_seconds)
    return;
  layer->measure_seconds = seconds;
  if (layer->seconds_action != NULL)
    g_simple_action_set_state (layer->seconds_action, g_variant_new_uint32 (seconds));
  fill_measure_menu (layer);
}

guint
_ms_page_layer_get_measure_seconds (MsPageLayer *layer)
{
  return layer->measure_seconds;
}

void
_ms_page_layer_set_writes_tracked (MsPageLayer *layer,
                                   gboolean     tracked)
{
  layer->writes_tracked = !!tracked;
  gtk_widget_queue_draw (layer->widget);
}

gboolean
_ms_page_layer_get_writes_tracked (MsPageLayer *layer)
{
  return layer->writes_tracked;
}

gboolean
_ms_page_layer_get_counts_known (MsPageLayer *layer)
{
  /* (/proc/kpagecount: root's, or the helper's) */
  if (layer->counts_known >= 0)
    return layer->counts_known;
  return layer->privileged || geteuid () == 0;
}

void
_ms_page_layer_set_counts_known (MsPageLayer *layer,
                                 int          known)
{
  layer->counts_known = known < 0 ? -1 : !!known;
}

void
_ms_page_layer_set_read_delay (MsPageLayer *layer,
                               guint        milliseconds)
{
  layer->read_delay = milliseconds;
}

void
_ms_page_layer_get_stats (MsPageLayer      *layer,
                          MsPageLayerStats *stats)
{
  *stats = layer->stats;
}

gboolean
_ms_page_layer_has_pages (MsPageLayer *layer,
                          guint64      region_start)
{
  return lookup (layer, region_start) != NULL;
}

const char *
_ms_page_layer_get_read_error (MsPageLayer *layer,
                               guint64      region_start)
{
  return g_hash_table_lookup (layer->failed, &region_start);
}

gboolean
_ms_page_layer_is_reading (MsPageLayer *layer)
{
  return layer->cancellable != NULL;
}

char *
_ms_page_layer_describe_region (MsPageLayer             *layer,
                                const MsLayout          *layout,
                                const MsRenderOptions   *options,
                                const cairo_rectangle_t *area,
                                guint                    index)
{
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (Visible));
  GString *text;
  const MsRegion *region;
  const char *failed;

  if (layer->snapshot == NULL || ms_layout_get_snapshot (layout) != layer->snapshot ||
      index >= layer->snapshot->n_regions)
    return NULL;
  region = &layer->snapshot->regions[index];
  text = g_string_new (NULL);
  if (layer->colour == MS_PAGE_COLOUR_HEAT && region_heat (layer, region) >= 0)
    append_heat (layer, region, text);
  if ((failed = g_hash_table_lookup (layer->failed, &region->start)) != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (failed, -1);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: in a region's tooltip; %s says why */
      g_string_append_printf (text, _("Its pages could not be read: %s"), escaped);
    }
  else if (g_strcmp0 (region->path, "[vsyscall]") != 0)
    {
      gboolean shown = FALSE;

      find_visible (layer, layout, options, area, visible);
      for (guint i = 0; i < visible->len && !shown; i++)
        shown = g_array_index (visible, Visible, i).index == index;
      if (!shown)
        {
          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append_printf (text, "<i>%s</i>", _("Zoom in to see its pages"));
        }
    }
  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}
