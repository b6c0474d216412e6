/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-map-view-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ms-compare-bar.h"
#include "ms-format.h"
#include "ms-page-key.h"
#include "ms-page-layer.h"

/* Until the divider is dragged, the top (summary, strip and legend) gets
 * its natural height as long as the region table keeps this much. When it
 * would not fit, the top is laid out tighter, a step at a time (DENSITY_*),
 * so that every kind of the legend stays in sight. */
#define TABLE_MINIMUM 150

enum {
  DENSITY_WHOLE,            /* everything as designed */
  DENSITY_COMPACT_LEGEND,   /* the legend one line an item, wrapping */
  DENSITY_COMPACT,          /* and the summary's figures on one line, with
                             * less room between the parts */
  DENSITY_NO_TIMELINE,      /* and the timeline collapsed (unless a past
                             * moment is shown) */
  N_DENSITIES
};

struct _MsMapView
{
  GtkWidget      parent_instance;

  GtkPaned      *paned;
  GtkWidget     *top;
  GtkWidget     *top_box;
  MsSummary     *summary;
  MsCompareBar  *compare_bar;
  MsTimeline    *timeline;
  MsStrip       *strip;
  GtkWidget     *zoom_button;
  GtkLabel      *zoom_label;
  MsLegend      *legend;
  MsRegionTable *table;
  GtkWidget     *resident_button;
  GtkMenuButton *pages_button;
  MsPageKey     *page_key;

  MsSession     *session;
  MsBaseline    *baseline;          /* of the session: what it is compared with */
  GBindingGroup *baseline_bindings; /* from its comparison to the parts */
  GSignalGroup  *baseline_signals;
  GBindingGroup *bindings;          /* from the session to the summary and legend */
  GSignalGroup  *session_signals;
  GSignalGroup  *policy_signals;    /* of the session's refresh policy */
  gboolean       placing_divider;
  gboolean       divider_moved;     /* by the person: leave it there */
  int            density;
  int            fit_width;         /* the width heights[] were measured at */
  int            heights[N_DENSITIES]; /* the top's natural height at each
                                     * density, 0: not measured */
  guint          kinds_shown;       /* bit (1 << kind) for each in the legend */
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

/* A live process read no more (its refresh policy's interval is 0): the
 * summary says so where it shows the time of the reading. */
static void
update_paused (MsMapView *self)
{
  gboolean paused = self->session != NULL &&
                    ms_session_get_state (self->session) == MS_SESSION_LIVE &&
                    ms_refresh_policy_get_interval (ms_session_get_policy (self->session)) == 0;

  ms_summary_set_paused (self->summary, paused);
}

/* The summary's and legend's deltas since the baseline. */
static void
on_compare (MsMapView *self)
{
  MsCompare *compare = self->baseline != NULL ? ms_baseline_get_compare (self->baseline) : NULL;

  ms_summary_set_compare (self->summary, compare);
  ms_legend_set_compare (self->legend, compare);
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
  g_signal_group_set_target (self->session_signals, session);
  g_signal_group_set_target (self->policy_signals, session != NULL ? ms_session_get_policy (session) : NULL);
  update_paused (self);
  if (session == NULL)
    {
      ms_summary_set_snapshot (self->summary, NULL);
      ms_legend_set_snapshot (self->legend, NULL);
      ms_legend_set_highlight_kind (self->legend, -1);
    }
  ms_timeline_set_session (self->timeline, session);
  ms_strip_set_session (self->strip, session);
  ms_region_table_set_session (self->table, session);
  g_clear_object (&self->baseline);
  if (session != NULL)
    self->baseline = ms_baseline_new (session);
  g_binding_group_set_source (self->baseline_bindings, self->baseline);
  g_signal_group_set_target (self->baseline_signals, self->baseline);
  on_compare (self);
  ms_compare_bar_set_baseline (self->compare_bar, self->baseline);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

MsSession *
ms_map_view_get_session (MsMapView *self)
{
  g_return_val_if_fail (MS_IS_MAP_VIEW (self), NULL);

  return self->session;
}

MsBaseline *
ms_map_view_get_baseline (MsMapView *self)
{
  g_return_val_if_fail (MS_IS_MAP_VIEW (self), NULL);

  return self->baseline;
}

MsCompareBar *
_ms_map_view_get_compare_bar (MsMapView *self)
{
  return self->compare_bar;
}

MsStrip *
ms_map_view_get_strip (MsMapView *self)
{
  g_return_val_if_fail (MS_IS_MAP_VIEW (self), NULL);

  return self->strip;
}

MsSummary *
_ms_map_view_get_summary (MsMapView *self)
{
  return self->summary;
}

const char *
_ms_map_view_get_zoom_text (MsMapView *self)
{
  return gtk_label_get_text (self->zoom_label);
}

const char *
_ms_map_view_get_zoom_tooltip (MsMapView *self)
{
  return gtk_widget_get_tooltip_text (self->zoom_button);
}

MsLegend *
ms_map_view_get_legend (MsMapView *self)
{
  g_return_val_if_fail (MS_IS_MAP_VIEW (self), NULL);

  return self->legend;
}

MsTimeline *
ms_map_view_get_timeline (MsMapView *self)
{
  g_return_val_if_fail (MS_IS_MAP_VIEW (self), NULL);

  return self->timeline;
}

MsRegionTable *
ms_map_view_get_table (MsMapView *self)
{
  g_return_val_if_fail (MS_IS_MAP_VIEW (self), NULL);

  return self->table;
}

/* "16×": how far the strip is zoomed in, on the button that zooms out
 * all the way. */
char *
_ms_map_view_format_zoom (double zoom)
{
  static const char * const units[] = { "M", "G", "T", "P" };
  g_autofree char *number = NULL;

  if (zoom < 9.95)
    {
      double tenths = round (zoom * 10);

      number = fmod (tenths, 10) == 0 ? g_strdup_printf ("%.0f", tenths / 10)
                                      : g_strdup_printf ("%.1f", tenths / 10);
    }
  else if (zoom < 999999.5)
    {
      number = ms_format_count ((guint64) round (zoom));
    }
  else
    {
      double value = zoom / 1e6;
      guint unit = 0;

      while (value >= 999.5 && unit + 1 < G_N_ELEMENTS (units))
        {
          value /= 1000;
          unit++;
        }
      number = g_strdup_printf (value < 9.95 ? "%.1f%s" : "%.0f%s", value, units[unit]);
    }

  /* TRANSLATORS: how far the strip is zoomed in, "16×" */
  return g_strdup_printf (_("%s×"), number);
}

static void
update_zoom (MsMapView *self)
{
  double zoom = ms_strip_get_zoom (self->strip);
  g_autofree char *label = _ms_map_view_format_zoom (zoom);
  g_autofree char *tooltip = NULL;

  if (zoom > 1.0)
    /* TRANSLATORS: the tooltip of the zoom level ("16×") on its button */
    tooltip = g_strdup_printf (_("Zoomed in %s: click to show the whole address space"), label);
  else
    tooltip = g_strdup (_("The whole address space is shown"));

  gtk_label_set_text (self->zoom_label, label);
  gtk_widget_set_tooltip_text (self->zoom_button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->zoom_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
}

static void
on_position_changed (MsMapView *self)
{
  if (!self->placing_divider && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->divider_moved = TRUE;
}

static int
measure_top (MsMapView *self,
             int        width)
{
  int minimum, natural;

  gtk_widget_measure (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (self->top)),
                      GTK_ORIENTATION_VERTICAL, width, &minimum, &natural, NULL, NULL);
  return natural;
}

static void
set_density (MsMapView *self,
             int        density)
{
  self->density = density;
  ms_legend_set_compact (self->legend, density >= DENSITY_COMPACT_LEGEND);
  ms_summary_set_compact (self->summary, density >= DENSITY_COMPACT);
  ms_compare_bar_set_compact (self->compare_bar, density >= DENSITY_COMPACT);
  ms_timeline_set_compact (self->timeline, density >= DENSITY_COMPACT_LEGEND);
  ms_timeline_set_collapsed (self->timeline, density >= DENSITY_NO_TIMELINE);
  gtk_box_set_spacing (GTK_BOX (self->top_box), density >= DENSITY_COMPACT ? 6 : 12);
  gtk_widget_set_margin_top (self->top_box, density >= DENSITY_COMPACT ? 6 : 12);
  gtk_widget_set_margin_bottom (self->top_box, density >= DENSITY_COMPACT ? 6 : 12);
}

/* The loosest density at which the top fits in @room at @width (the
 * tightest when none does); returns the top's natural height then.
 *
 * Heights are remembered for the width (and the kinds shown), so that a
 * layout that has settled measures only the density in use: changing it
 * lays the window out once more, and then it stays. */
static int
fit_top (MsMapView *self,
         int        width,
         int        room)
{
  if (width != self->fit_width)
    {
      memset (self->heights, 0, sizeof self->heights);
      self->fit_width = width;
    }

  for (int density = DENSITY_WHOLE; density < N_DENSITIES; density++)
    {
      gboolean last = density == N_DENSITIES - 1;

      if (density != self->density && self->heights[density] > 0)
        {
          /* Known: it fits (and beats the one in use), or it does not. */
          if (self->heights[density] > room && !last)
            continue;
        }
      if (density != self->density)
        set_density (self, density);
      self->heights[density] = measure_top (self, width);
      if (self->heights[density] <= room || last)
        return self->heights[density];
    }

  g_assert_not_reached ();
}

/* The timeline came or went (not for the room it takes, which the density
 * decides): what fits is to be measured again. */
static void
on_timeline_visible (MsMapView *self)
{
  self->fit_width = -1;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/* The kinds the legend shows changed: what fits is to be measured again. */
static void
on_legend_snapshot (MsMapView *self)
{
  MsSnapshot *snapshot = self->session != NULL ? ms_session_get_snapshot (self->session) : NULL;
  guint kinds = 0;

  for (int kind = 0; snapshot != NULL && kind < MS_N_KINDS; kind++)
    if (snapshot->per_kind[kind].count > 0)
      kinds |= 1u << kind;

  if (kinds != self->kinds_shown)
    {
      self->kinds_shown = kinds;
      self->fit_width = -1;
      gtk_widget_queue_allocate (GTK_WIDGET (self));
    }
}

static void
ms_map_view_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  MsMapView *self = MS_MAP_VIEW (widget);

  /* Whatever moves the divider from here is not the person: the position
   * set below, and the paned keeping its children's minimum sizes as it is
   * allocated. */
  self->placing_divider = TRUE;
  if (!self->divider_moved)
    {
      int natural = fit_top (self, width, height - TABLE_MINIMUM);
      int position = MAX (MIN (natural, height - TABLE_MINIMUM), 0);

      gtk_paned_set_position (self->paned, position);
    }
  else
    {
      fit_top (self, width, gtk_paned_get_position (self->paned));
    }

  gtk_widget_allocate (GTK_WIDGET (self->paned), width, height, baseline, NULL);
  self->placing_divider = FALSE;
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
  if (self->baseline_bindings != NULL)
    g_binding_group_set_source (self->baseline_bindings, NULL);
  g_clear_object (&self->baseline_bindings);
  if (self->baseline_signals != NULL)
    g_signal_group_set_target (self->baseline_signals, NULL);
  g_clear_object (&self->baseline_signals);
  g_clear_object (&self->baseline);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  if (self->policy_signals != NULL)
    g_signal_group_set_target (self->policy_signals, NULL);
  g_clear_object (&self->policy_signals);
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
  g_type_ensure (MS_TYPE_TIMELINE);
  g_type_ensure (MS_TYPE_STRIP);
  g_type_ensure (MS_TYPE_COMPARE_BAR);
  g_type_ensure (MS_TYPE_LEGEND);
  g_type_ensure (MS_TYPE_PAGE_KEY);
  g_type_ensure (MS_TYPE_REGION_TABLE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ms-map-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MsMapView, paned);
  gtk_widget_class_bind_template_child (widget_class, MsMapView, top);
  gtk_widget_class_bind_template_child (widget_class, MsMapView, top_box);
  gtk_widget_class_bind_template_child (widget_class, MsMapView, summary);
  gtk_widget_class_bind_template_child (widget_class, MsMapView, timeline);
  gtk_widget_class_bind_template_child (widget_class, MsMapView, strip);
  gtk_widget_class_bind_template_child (widget_class, MsMapView, compare_bar);
  gtk_widget_class_bind_template_child (widget_class, MsMapView, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, MsMapView, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, MsMapView, legend);
  gtk_widget_class_bind_template_child (widget_class, MsMapView, table);
  gtk_widget_class_bind_template_child (widget_class, MsMapView, resident_button);
  gtk_widget_class_bind_template_child (widget_class, MsMapView, pages_button);
  gtk_widget_class_bind_template_child (widget_class, MsMapView, page_key);
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
  _ms_page_layer_setup_menu (GTK_WIDGET (self), self->pages_button, G_OBJECT (self->strip),
                             g_object_get_data (G_OBJECT (self->strip), "ms-page-layer"));
  ms_page_key_set_strip (self->page_key, GTK_WIDGET (self->strip));

  /* The comparison with the baseline, to every part that marks it. */
  self->baseline_bindings = g_binding_group_new ();
  g_binding_group_bind (self->baseline_bindings, "compare", self->strip, "compare", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->baseline_bindings, "compare", self->table, "compare", G_BINDING_SYNC_CREATE);
  self->baseline_signals = g_signal_group_new (MS_TYPE_BASELINE);
  g_signal_group_connect_swapped (self->baseline_signals, "notify::compare", G_CALLBACK (on_compare), self);

  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "snapshot", self->summary, "snapshot", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "snapshot", self->legend, "snapshot", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->legend, "notify::snapshot", G_CALLBACK (on_legend_snapshot), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::available", G_CALLBACK (on_timeline_visible), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->strip, "notify::zoom", G_CALLBACK (update_zoom), self, G_CONNECT_SWAPPED);
  update_zoom (self);

  self->session_signals = g_signal_group_new (MS_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::state", G_CALLBACK (update_paused), self);
  self->policy_signals = g_signal_group_new (MS_TYPE_REFRESH_POLICY);
  g_signal_group_connect_swapped (self->policy_signals, "notify::interval", G_CALLBACK (update_paused), self);
  g_binding_group_bind (self->bindings, "highlight-kind", self->legend, "highlight-kind",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  /* A maps capture has no resident sizes to draw by. */
  g_binding_group_bind_full (self->bindings, "snapshot", self->resident_button, "sensitive",
                             G_BINDING_SYNC_CREATE, resident_sensitive, NULL, NULL, NULL);
  g_binding_group_bind_full (self->bindings, "snapshot", self->resident_button, "tooltip-text",
                             G_BINDING_SYNC_CREATE, resident_tooltip, NULL, NULL, NULL);
}
