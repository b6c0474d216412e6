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

  MsSession     *session;
  GBindingGroup *bindings;          /* from the session to the summary and legend */
  gboolean       placing_divider;
  gboolean       divider_moved;     /* by the person: leave it there */
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsMapView, ms_map_view, GTK_TYPE_WIDGET)

GtkWidget *
ms_map_view_new (void)
{
  return g_object_new (MS_TYPE_MAP_VIEW, NULL);
}

void
ms_map_view_set_session (MsMapView *self,
                         MsSession *session)
{
  g_return_if_fail (MS_IS_MAP_VIEW (self));
  g_return_if_fail (session == NULL || MS_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  /* Each part binds to the session; they meet there, not here: what one
   * selects, hovers or highlights, the others show. */
  g_binding_group_set_source (self->bindings, session);
  if (session == NULL)
    {
      ms_summary_set_snapshot (self->summary, NULL);
      ms_legend_set_snapshot (self->legend, NULL);
      ms_legend_set_highlight_kind (self->legend, -1);
    }
  ms_strip_set_session (self->strip, session);
  ms_region_table_set_session (self->table, session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

MsSession *
ms_map_view_get_session (MsMapView *self)
{
  g_return_val_if_fail (MS_IS_MAP_VIEW (self), NULL);

  return self->session;
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
ms_map_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, MS_MAP_VIEW (object)->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_map_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      ms_map_view_set_session (MS_MAP_VIEW (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_map_view_dispose (GObject *object)
{
  MsMapView *self = MS_MAP_VIEW (object);
  GtkWidget *child;

  if (self->bindings != NULL)
    g_binding_group_set_source (self->bindings, NULL);
  g_clear_object (&self->bindings);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_MAP_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ms_map_view_parent_class)->dispose (object);
}

static void
ms_map_view_class_init (MsMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_map_view_dispose;
  object_class->get_property = ms_map_view_get_property;
  object_class->set_property = ms_map_view_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
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
  gtk_widget_class_bind_template_callback (widget_class, on_position_changed);

  gtk_widget_class_set_css_name (widget_class, "mapview");
}

static gboolean
has_counters (const GValue *snapshot_value)
{
  const MsSnapshot *snapshot = g_value_get_boxed (snapshot_value);

  return snapshot == NULL || snapshot->has_counters;
}

static gboolean
resident_sensitive (GBinding     *binding,
                    const GValue *from,
                    GValue       *to,
                    gpointer      user_data)
{
  g_value_set_boolean (to, has_counters (from));
  return TRUE;
}

static gboolean
resident_tooltip (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  g_value_set_string (to, has_counters (from)
                          ? _("Each region as wide as its resident memory (RSS)")
                          : _("Not available for a maps capture: it has no resident sizes. Capture /proc/PID/smaps to draw by resident memory."));
  return TRUE;
}

static void
ms_map_view_init (MsMapView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "snapshot", self->summary, "snapshot", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "snapshot", self->legend, "snapshot", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "highlight-kind", self->legend, "highlight-kind",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  /* A maps capture has no resident sizes to draw by. */
  g_binding_group_bind_full (self->bindings, "snapshot", self->resident_button, "sensitive",
                             G_BINDING_SYNC_CREATE, resident_sensitive, NULL, NULL, NULL);
  g_binding_group_bind_full (self->bindings, "snapshot", self->resident_button, "tooltip-text",
                             G_BINDING_SYNC_CREATE, resident_tooltip, NULL, NULL, NULL);
}
