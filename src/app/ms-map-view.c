/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-map-view.h"

#include <glib/gi18n.h>

#include "ms-legend.h"
#include "ms-summary.h"

/* Until the divider is dragged, the region table gets at least this share
 * of the height (and the top its natural height when that leaves enough). */
#define TABLE_SHARE   0.4
#define TABLE_MINIMUM 220

struct _MsMapView
{
  GtkWidget      parent_instance;

  GtkPaned      *paned;
  GtkWidget     *top;
  MsSummary     *summary;
  MsStrip       *strip;
  MsLegend      *legend;
  MsRegionTable *table;
  GtkWidget     *resident_button;

  MsSnapshot    *snapshot;
  gboolean       updating;
  gboolean       placing_divider;
  gboolean       divider_moved;     /* by the person: leave it there */
};

G_DEFINE_FINAL_TYPE (MsMapView, ms_map_view, GTK_TYPE_WIDGET)

GtkWidget *
ms_map_view_new (void)
{
  return g_object_new (MS_TYPE_MAP_VIEW, NULL);
}

void
ms_map_view_set_snapshot (MsMapView  *self,
                          MsSnapshot *snapshot)
{
  g_return_if_fail (MS_IS_MAP_VIEW (self));

  if (self->snapshot == snapshot)
    return;

  if (snapshot != NULL)
    ms_snapshot_ref (snapshot);
  g_clear_pointer (&self->snapshot, ms_snapshot_unref);
  self->snapshot = snapshot;

  /* While the strip and the table move to the new snapshot one after the
   * other, their indices refer to different snapshots: do not relay them. */
  self->updating = TRUE;
  ms_summary_set_snapshot (self->summary, snapshot);
  /* A maps capture has no resident sizes to draw by. */
  gtk_widget_set_sensitive (self->resident_button, snapshot == NULL || snapshot->has_counters);
  gtk_widget_set_tooltip_text (self->resident_button,
                               snapshot == NULL || snapshot->has_counters
                               ? _("Each region as wide as its resident memory (RSS)")
                               : _("Not available for a maps capture: it has no resident sizes. Capture /proc/PID/smaps to draw by resident memory."));
  ms_legend_set_snapshot (self->legend, snapshot);
  ms_strip_set_snapshot (self->strip, snapshot);
  ms_region_table_set_snapshot (self->table, snapshot);
  self->updating = FALSE;

  /* Both keep their selection across a refresh of the same process (by
   * address); should they disagree, the table follows the strip. */
  if (ms_strip_get_selected (self->strip) != ms_region_table_get_selected_index (self->table))
    ms_region_table_select_index (self->table, ms_strip_get_selected (self->strip));
  /* The table forgets the hovered row with the old snapshot; the strip knows. */
  ms_region_table_set_hovered_index (self->table, ms_strip_get_hovered (self->strip));
}

MsSnapshot *
ms_map_view_get_snapshot (MsMapView *self)
{
  g_return_val_if_fail (MS_IS_MAP_VIEW (self), NULL);

  return self->snapshot;
}

MsStrip *
ms_map_view_get_strip (MsMapView *self)
{
  g_return_val_if_fail (MS_IS_MAP_VIEW (self), NULL);

  return self->strip;
}

MsRegionTable *
ms_map_view_get_table (MsMapView *self)
{
  g_return_val_if_fail (MS_IS_MAP_VIEW (self), NULL);

  return self->table;
}

static void
on_strip_selected (MsMapView *self)
{
  int index = ms_strip_get_selected (self->strip);

  if (self->updating)
    return;

  if (index != ms_region_table_get_selected_index (self->table))
    ms_region_table_select_index (self->table, index);
}

static void
on_table_selected (MsMapView *self)
{
  int index = ms_region_table_get_selected_index (self->table);

  if (self->updating)
    return;

  /* A row filtered away or gone does not clear the strip's choice. */
  if (index >= 0 && index != ms_strip_get_selected (self->strip))
    ms_strip_select (self->strip, index, TRUE);
}

static void
on_strip_hovered (MsMapView *self,
                  int        index)
{
  if (self->updating)
    return;

  ms_region_table_set_hovered_index (self->table, index);
}

static void
on_region_activated (MsMapView *self,
                     int        index)
{
  ms_region_table_select_index (self->table, index);
}

static void
on_highlight_kind (MsMapView *self)
{
  ms_strip_set_highlight_kind (self->strip, ms_legend_get_highlight_kind (self->legend));
}

static void
on_position_changed (MsMapView *self)
{
  if (!self->placing_divider && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->divider_moved = TRUE;
}

static void
ms_map_view_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  MsMapView *self = MS_MAP_VIEW (widget);

  if (!self->divider_moved)
    {
      int minimum, natural, position;
      int table = MAX ((int) (height * TABLE_SHARE), TABLE_MINIMUM);

      gtk_widget_measure (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (self->top)),
                          GTK_ORIENTATION_VERTICAL, width, &minimum, &natural, NULL, NULL);
      position = MAX (MIN (natural, height - table), 0);

      self->placing_divider = TRUE;
      gtk_paned_set_position (self->paned, position);
      self->placing_divider = FALSE;
    }

  gtk_widget_allocate (GTK_WIDGET (self->paned), width, height, baseline, NULL);
}

static void
ms_map_view_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  gtk_widget_measure (GTK_WIDGET (MS_MAP_VIEW (widget)->paned), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
ms_map_view_dispose (GObject *object)
{
  MsMapView *self = MS_MAP_VIEW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_MAP_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->snapshot, ms_snapshot_unref);

  G_OBJECT_CLASS (ms_map_view_parent_class)->dispose (object);
}

static void
ms_map_view_class_init (MsMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_map_view_dispose;
  widget_class->measure = ms_map_view_measure;
  widget_class->size_allocate = ms_map_view_size_allocate;

  g_type_ensure (MS_TYPE_SUMMARY);
  g_type_ensure (MS_TYPE_STRIP);
  g_type_ensure (MS_TYPE_LEGEND);
  g_type_ensure (MS_TYPE_REGION_TABLE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ms-map-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MsMapView, paned);
  gtk_widget_class_bind_template_child (widget_class, MsMapView, top);
  gtk_widget_class_bind_template_child (widget_class, MsMapView, summary);
  gtk_widget_class_bind_template_child (widget_class, MsMapView, strip);
  gtk_widget_class_bind_template_child (widget_class, MsMapView, legend);
  gtk_widget_class_bind_template_child (widget_class, MsMapView, table);
  gtk_widget_class_bind_template_child (widget_class, MsMapView, resident_button);
  gtk_widget_class_bind_template_callback (widget_class, on_strip_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_table_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_strip_hovered);
  gtk_widget_class_bind_template_callback (widget_class, on_region_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_highlight_kind);
  gtk_widget_class_bind_template_callback (widget_class, on_position_changed);

  gtk_widget_class_set_css_name (widget_class, "mapview");
}

static void
ms_map_view_init (MsMapView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
