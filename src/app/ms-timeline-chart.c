/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-timeline-chart.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ms-format.h"
#include "ms-kind.h"
#include "ms-render-timeline.h"
#include "ms-tooltip.h"

/* The lanes, top to bottom, in pixels. */
#define MARKS_HEIGHT     6      /* regions appeared (up) or vanished (down) */
#define AREA_HEIGHT      44     /* the stacked sizes */
#define AREA_COMPACT     16
#define FAULTS_HEIGHT    6      /* the page-fault rate */
#define LANE_GAP         2

struct _MsTimelineChart
{
  GtkWidget         parent_instance;

  MsHistory        *history;
  MsHistoryMeasure  measure;
  int               viewed;         /* -1: live */
  gboolean          compact;
  double            hover_x;        /* -1: not hovered */

  /* What was drawn for @node_width × @node_height, until the history, the
   * measure or the size changes: the sample each pixel column shows, and the
   * chart itself (the cursor is drawn over it). */
  GArray           *column_sample;  /* int, one per column */
  GskRenderNode    *node;
  int               node_width;
  int               node_height;
  GdkRGBA           foreground;
  GdkRGBA           accent;
};

enum {
  PROP_0,
  PROP_HISTORY,
  PROP_MEASURE,
  PROP_VIEWED_SAMPLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsTimelineChart, ms_timeline_chart, GTK_TYPE_WIDGET)

GtkWidget *
ms_timeline_chart_new (void)
{
  return g_object_new (MS_TYPE_TIMELINE_CHART, NULL);
}

static int
area_height (MsTimelineChart *self)
{
  return self->compact ? AREA_COMPACT : AREA_HEIGHT;
}

static guint
n_samples (MsTimelineChart *self)
{
  return self->history != NULL ? ms_history_get_n_samples (self->history) : 0;
}

static void
invalidate (MsTimelineChart *self)
{
  g_clear_pointer (&self->node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* --- words ---------------------------------------------------------------- */

char *
ms_timeline_format_moment (gint64 time_usec,
                           gint64 now_usec)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (time_usec / G_USEC_PER_SEC);
  g_autofree char *clock = time != NULL ? g_date_time_format (time, "%X") : g_strdup ("");
  gint64 seconds = MAX (now_usec - time_usec, 0) / G_USEC_PER_SEC;

  if (seconds < 1)
    /* TRANSLATORS: the moment the timeline shows; %s is a time of day */
    return g_strdup_printf (_("at %s, the latest reading"), clock);
  if (seconds < 60)
    /* TRANSLATORS: the moment the timeline shows: "at 10:41:07, 12 s ago" */
    return g_strdup_printf (_("at %s, %d s ago"), clock, (int) seconds);
  if (seconds < 3600)
    /* TRANSLATORS: the moment the timeline shows: "at 10:41:07, 3 min ago" */
    return g_strdup_printf (_("at %s, %d min ago"), clock, (int) (seconds / 60));
  /* TRANSLATORS: the moment the timeline shows: "at 10:41:07, 2 h 5 min ago" */
  return g_strdup_printf (_("at %s, %d h %d min ago"), clock, (int) (seconds / 3600), (int) (seconds / 60 % 60));
}

char *
_ms_timeline_chart_describe (MsTimelineChart *self,
                             guint            index)
{
  GString *text = g_string_new (NULL);
  const MsFigures *figures;
  g_autofree char *moment = NULL;
  g_autofree char *rss = NULL;
  g_autofree char *pss = NULL;
  g_autofree char *vss = NULL;
  g_autofree char *swap = NULL;
  guint n = n_samples (self), appeared = 0, vanished = 0;
  double minor, major;

  g_return_val_if_fail (index < n, NULL);

  figures = ms_history_get_figures (self->history, index);
  moment = ms_timeline_format_moment (ms_history_get_time (self->history, index),
                                      ms_history_get_time (self->history, n - 1));
  rss = ms_format_size (figures->rss);
  pss = ms_format_size (figures->pss);
  vss = ms_format_size (figures->vss);
  swap = ms_format_size (figures->swap);

  g_string_append (text, moment);
  g_string_append_c (text, '\n');
  if (figures->present & MS_FIGURES_STATUS)
    {
      g_autofree char *anon = ms_format_size (figures->rss_anon);
      g_autofree char *file = ms_format_size (figures->rss_file);
      g_autofree char *shmem = ms_format_size (figures->rss_shmem);

      /* TRANSLATORS: the timeline's tooltip: resident memory and its split */
      g_string_append_printf (text, _("RSS %s: anonymous %s, file %s, shared %s"), rss, anon, file, shmem);
    }
  else
    g_string_append_printf (text, _("RSS %s"), rss);
  g_string_append_c (text, '\n');
  /* TRANSLATORS: the timeline's tooltip */
  g_string_append_printf (text, _("PSS %s · swap %s · VSS %s"), pss, swap, vss);
  if (figures->present & MS_FIGURES_STATUS)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, ngettext ("%u thread", "%u threads", figures->threads), figures->threads);
    }
  if (ms_timeline_fault_rate (self->history, index, &minor, &major))
    {
      g_autofree char *minor_text = ms_format_count ((guint64) round (minor));
      g_autofree char *major_text = ms_format_count ((guint64) round (major));

      g_string_append_c (text, '\n');
      /* TRANSLATORS: the timeline's tooltip: page faults a second */
      g_string_append_printf (text, _("Page faults: %s/s minor, %s/s major"), minor_text, major_text);
    }
  ms_history_get_changes (self->history, index, &appeared, &vanished);
  if (appeared > 0 || vanished > 0)
    {
      g_string_append_c (text, '\n');
      /* TRANSLATORS: the timeline's tooltip: memory regions since the reading before */
      g_string_append_printf (text, _("Regions since the reading before: %u appeared, %u vanished"), appeared, vanished);
    }
  return g_string_free (text, FALSE);
}

/* --- geometry ------------------------------------------------------------- */

int
_ms_timeline_chart_sample_at (MsTimelineChart *self,
                              double           x)
{
  g_return_val_if_fail (MS_IS_TIMELINE_CHART (self), -1);

  if (self->history == NULL)
    return -1;
  return ms_timeline_sample_at (self->history, x, gtk_widget_get_width (GTK_WIDGET (self)));
}

/* --- drawing -------------------------------------------------------------- */

static void
update_colors (MsTimelineChart *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, &self->foreground);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &self->foreground);
#endif
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "accent_color", &self->accent))
    self->accent = (GdkRGBA) { 0.21, 0.52, 0.89, 1 };
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
draw (MsTimelineChart *self,
      cairo_t         *cr,
      int              width)
{
  MsTimelineStyle style = {
    .measure = self->measure,
    .marks_height = MARKS_HEIGHT,
    .area_height = area_height (self),
    .faults_height = FAULTS_HEIGHT,
    .gap = LANE_GAP,
    .foreground = { self->foreground.red, self->foreground.green, self->foreground.blue },
  };

  ms_render_timeline (cr, &style, self->history, width, self->column_sample);
}

static GskRenderNode *
build_node (MsTimelineChart *self,
            int              width,
            int              height)
{
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
  GskRenderNode *node = gsk_cairo_node_new (&bounds);
  cairo_t *cr = gsk_cairo_node_get_draw_context (node);

  draw (self, cr, width);
  cairo_destroy (cr);
  return node;
}

static void
ms_timeline_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  MsTimelineChart *self = MS_TIMELINE_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double area_top = MARKS_HEIGHT + LANE_GAP;
  double lanes = area_height (self) + LANE_GAP + FAULTS_HEIGHT;

  if (n_samples (self) == 0 || width <= 0 || height <= 0)
    return;

  if (self->node == NULL || self->node_width != width || self->node_height != height)
    {
      g_clear_pointer (&self->node, gsk_render_node_unref);
      update_colors (self);
      self->node = build_node (self, width, height);
      self->node_width = width;
      self->node_height = height;
    }
  gtk_snapshot_append_node (snapshot, self->node);

  /* Where the pointer is, and the moment shown when it is not the latest. */
  if (self->hover_x >= 0)
    {
      GdkRGBA color = self->foreground;

      color.alpha = 0.35;
      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT ((float) floor (self->hover_x), area_top, 1, lanes));
    }
  if (self->viewed >= 0 && (guint) self->viewed < n_samples (self))
    {
      double x = floor (ms_timeline_sample_x (self->history, (guint) self->viewed, width));
      GdkRGBA shade = self->foreground;

      /* What comes after the moment shown is dimmed. */
      shade.alpha = 0.12;
      gtk_snapshot_append_color (snapshot, &shade,
                                 &GRAPHENE_RECT_INIT ((float) x, area_top, (float) (width - x), lanes));
      gtk_snapshot_append_color (snapshot, &self->accent,
                                 &GRAPHENE_RECT_INIT ((float) MAX (x - 1, 0), 0, 2, height));
    }

  if (gtk_widget_has_visible_focus (widget))
    {
      GdkRGBA focus = self->accent;
      GskRoundedRect outline;
      float widths[4] = { 2, 2, 2, 2 };
      GdkRGBA colors[4];

      focus.alpha = 0.5;
      for (int i = 0; i < 4; i++)
        colors[i] = focus;
      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (0, 0, width, height), 3);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
}

static void
ms_timeline_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  MsTimelineChart *self = MS_TIMELINE_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 600;
    }
  else
    {
      *minimum = *natural = MARKS_HEIGHT + LANE_GAP + area_height (self) + LANE_GAP + FAULTS_HEIGHT;
    }
}

/* --- the moment shown ----------------------------------------------------- */

static void
update_accessible (MsTimelineChart *self)
{
  guint n = n_samples (self);
  g_autofree char *text = NULL;

  if (self->viewed >= 0 && (guint) self->viewed < n)
    text = ms_timeline_format_moment (ms_history_get_time (self->history, self->viewed),
                                      ms_history_get_time (self->history, n - 1));
  else
    /* TRANSLATORS: the timeline's value to a screen reader: the process now */
    text = g_strdup (_("Live"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, (double) MAX (n, 1) - 1,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW,
                                  (double) (self->viewed >= 0 ? self->viewed : (int) MAX (n, 1) - 1),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

void
ms_timeline_chart_set_viewed_sample (MsTimelineChart *self,
                                     int              index)
{
  guint n;

  g_return_if_fail (MS_IS_TIMELINE_CHART (self));

  /* The latest is the live process. */
  n = n_samples (self);
  if (index < 0 || (guint) index + 1 >= n)
    index = -1;
  if (self->viewed == index)
    return;

  self->viewed = index;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEWED_SAMPLE]);
}

int
ms_timeline_chart_get_viewed_sample (MsTimelineChart *self)
{
  g_return_val_if_fail (MS_IS_TIMELINE_CHART (self), -1);

  return self->viewed;
}

static void
scrub_to (MsTimelineChart *self,
          double           x)
{
  int index = _ms_timeline_chart_sample_at (self, x);

  if (index >= 0)
    ms_timeline_chart_set_viewed_sample (self, index);
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            MsTimelineChart *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  scrub_to (self, x);
}

static void
on_drag_update (GtkGestureDrag  *gesture,
                double           dx,
                double           dy,
                MsTimelineChart *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  scrub_to (self, x + dx);
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           MsTimelineChart          *self)
{
  self->hover_x = x;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave (GtkEventControllerMotion *motion,
          MsTimelineChart          *self)
{
  self->hover_x = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Left/Right a sample, Home the first, End the latest (live). */
static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                MsTimelineChart       *self)
{
  int n = (int) n_samples (self);
  int current = self->viewed >= 0 ? self->viewed : n - 1;

  if (n < 2)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      ms_timeline_chart_set_viewed_sample (self, MAX (current - 1, 0));
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      ms_timeline_chart_set_viewed_sample (self, current + 1);
      return TRUE;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      ms_timeline_chart_set_viewed_sample (self, 0);
      return TRUE;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      ms_timeline_chart_set_viewed_sample (self, -1);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  MsTimelineChart *self = MS_TIMELINE_CHART (widget);
  g_autofree char *text = NULL;
  int index;

  if (keyboard)
    index = self->viewed >= 0 ? self->viewed : (int) n_samples (self) - 1;
  else
    index = _ms_timeline_chart_sample_at (self, x);
  if (index < 0)
    return FALSE;

  text = _ms_timeline_chart_describe (self, (guint) index);
  ms_tooltip_set_text (tooltip, text);
  if (!keyboard)
    gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { x, 0, 1, gtk_widget_get_height (widget) });
  return TRUE;
}

/* --- the history ---------------------------------------------------------- */

static void
on_samples (MsTimelineChart *self)
{
  /* The latest moves on; one viewed past it is gone (thinned). */
  if (self->viewed >= 0 && (guint) self->viewed + 1 >= n_samples (self))
    ms_timeline_chart_set_viewed_sample (self, -1);
  update_accessible (self);
  invalidate (self);
}

void
ms_timeline_chart_set_history (MsTimelineChart *self,
                               MsHistory       *history)
{
  g_return_if_fail (MS_IS_TIMELINE_CHART (self));
  g_return_if_fail (history == NULL || MS_IS_HISTORY (history));

  if (self->history == history)
    return;

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_set_object (&self->history, history);
  if (history != NULL)
    g_signal_connect_swapped (history, "notify::n-samples", G_CALLBACK (on_samples), self);

  self->viewed = -1;
  update_accessible (self);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEWED_SAMPLE]);
}

MsHistory *
ms_timeline_chart_get_history (MsTimelineChart *self)
{
  g_return_val_if_fail (MS_IS_TIMELINE_CHART (self), NULL);

  return self->history;
}

void
ms_timeline_chart_set_measure (MsTimelineChart  *self,
                               MsHistoryMeasure  measure)
{
  g_return_if_fail (MS_IS_TIMELINE_CHART (self));
  g_return_if_fail (measure < MS_HISTORY_N_MEASURES);

  if (self->measure == measure)
    return;
  self->measure = measure;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEASURE]);
}

MsHistoryMeasure
ms_timeline_chart_get_measure (MsTimelineChart *self)
{
  g_return_val_if_fail (MS_IS_TIMELINE_CHART (self), MS_HISTORY_RSS);

  return self->measure;
}

void
ms_timeline_chart_set_compact (MsTimelineChart *self,
                               gboolean         compact)
{
  g_return_if_fail (MS_IS_TIMELINE_CHART (self));

  compact = !!compact;
  if (self->compact == compact)
    return;
  self->compact = compact;
  invalidate (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* --- GObject -------------------------------------------------------------- */

static void
ms_timeline_chart_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ms_timeline_chart_parent_class)->css_changed (widget, change);
  invalidate (MS_TIMELINE_CHART (widget));
}

static void
ms_timeline_chart_dispose (GObject *object)
{
  MsTimelineChart *self = MS_TIMELINE_CHART (object);

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);
  g_clear_pointer (&self->node, gsk_render_node_unref);

  G_OBJECT_CLASS (ms_timeline_chart_parent_class)->dispose (object);
}

static void
ms_timeline_chart_finalize (GObject *object)
{
  MsTimelineChart *self = MS_TIMELINE_CHART (object);

  g_clear_pointer (&self->column_sample, g_array_unref);

  G_OBJECT_CLASS (ms_timeline_chart_parent_class)->finalize (object);
}

static void
ms_timeline_chart_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MsTimelineChart *self = MS_TIMELINE_CHART (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    case PROP_MEASURE:
      g_value_set_int (value, self->measure);
      break;
    case PROP_VIEWED_SAMPLE:
      g_value_set_int (value, self->viewed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_timeline_chart_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MsTimelineChart *self = MS_TIMELINE_CHART (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      ms_timeline_chart_set_history (self, g_value_get_object (value));
      break;
    case PROP_MEASURE:
      ms_timeline_chart_set_measure (self, (MsHistoryMeasure) g_value_get_int (value));
      break;
    case PROP_VIEWED_SAMPLE:
      ms_timeline_chart_set_viewed_sample (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_timeline_chart_class_init (MsTimelineChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_timeline_chart_dispose;
  object_class->finalize = ms_timeline_chart_finalize;
  object_class->get_property = ms_timeline_chart_get_property;
  object_class->set_property = ms_timeline_chart_set_property;
  widget_class->snapshot = ms_timeline_chart_snapshot;
  widget_class->measure = ms_timeline_chart_measure;
  widget_class->css_changed = ms_timeline_chart_css_changed;

  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, MS_TYPE_HISTORY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEASURE] =
    g_param_spec_int ("measure", NULL, NULL, MS_HISTORY_RSS, MS_HISTORY_VSS, MS_HISTORY_RSS,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEWED_SAMPLE] =
    g_param_spec_int ("viewed-sample", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "timelinechart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
ms_timeline_chart_init (MsTimelineChart *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->viewed = -1;
  self->hover_x = -1;
  self->column_sample = g_array_new (FALSE, TRUE, sizeof (int));

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_widget_set_cursor_from_name (widget, "col-resize");
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);

  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (widget, motion);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (widget, keys);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  /* TRANSLATORS: the accessible name of the timeline */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline: the process’s memory over time; Left and Right go from reading to reading"),
                                  -1);
  update_accessible (self);
}
