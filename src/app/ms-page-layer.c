/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-strip"

#include "config.h"

#include "ms-page-layer-private.h"

#include <math.h>
#include <unistd.h>

/* The page layer's state: the pages read per snapshot, and which regions in
 * view are zoomed in far enough to show them. Reading them is
 * ms-page-layer-read.c's, drawing them ms-page-layer-draw.c's, measuring
 * activity ms-page-layer-measure.c's and the Pages menu
 * ms-page-layer-menu.c's. */

#define MEASURE_SECONDS 5

void
_ms_page_layer_entry_free (gpointer data)
{
  MsPageLayerEntry *entry = data;

  g_clear_pointer (&entry->runs, g_array_unref);
  g_free (entry->error);
  g_free (entry);
}

MsPageLayer *
_ms_page_layer_new (GtkWidget *widget,
                    GCallback  changed)
{
  MsPageLayer *layer = g_new0 (MsPageLayer, 1);

  layer->widget = widget;
  layer->changed = changed;
  layer->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, _ms_page_layer_entry_free);
  layer->failed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  layer->colour = MS_PAGE_COLOUR_RESIDENCY;
  layer->measure_seconds = MEASURE_SECONDS;
  layer->writes_tracked = ms_activity_can_track_writes ();
  layer->counts_known = -1;
  return layer;
}

void
_ms_page_layer_free (MsPageLayer *layer)
{
  if (layer->cancellable != NULL)
    g_cancellable_cancel (layer->cancellable);
  g_clear_object (&layer->cancellable);
  g_clear_handle_id (&layer->changed_idle, g_source_remove);
  g_clear_handle_id (&layer->measure_timeout, g_source_remove);
  g_clear_handle_id (&layer->measure_tick, g_source_remove);
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
void
_ms_page_layer_set_shown (MsPageLayer *layer,
                          gboolean     shown)
{
  if (layer->shown == shown)
    return;
  layer->shown = shown;
  _ms_page_layer_update_menu (layer);
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
      MsPageLayerEntry *entry;

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
  _ms_page_layer_update_menu (layer);
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

/* The visible regions zoomed in far enough, into @visible (MsPageLayerVisible). */
void
_ms_page_layer_find_visible (MsPageLayer             *layer,
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
      MsPageLayerVisible v = { i };
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


MsPageLayerEntry *
_ms_page_layer_lookup (MsPageLayer *layer,
                       guint64      region_start)
{
  return g_hash_table_lookup (layer->entries, &region_start);
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
  return _ms_page_layer_lookup (layer, region_start) != NULL;
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

