/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-timeline.h"

#include <glib/gi18n.h>

#include "ms-tooltip.h"

struct _MsTimeline
{
  GtkWidget        parent_instance;

  GtkWidget       *box;
  GtkWidget       *header;
  GtkWidget       *heading;
  GtkWidget       *spacer;
  GtkLabel        *moment_label;
  GtkWidget       *live_button;
  GtkWidget       *rss_button;
  GtkWidget       *pss_button;
  GtkWidget       *vss_button;
  MsTimelineChart *chart;

  MsSession       *session;
  gboolean         available;        /* a live process, or more than one reading */
  gboolean         collapsed;        /* no room: shown only while scrubbing */
  GBindingGroup   *bindings;         /* from the session to the chart */
  GSignalGroup    *session_signals;
  GSignalGroup    *history_signals;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsTimeline, ms_timeline, GTK_TYPE_WIDGET)

GtkWidget *
ms_timeline_new (void)
{
  return g_object_new (MS_TYPE_TIMELINE, NULL);
}

/* Available for a live process from the start, so that nothing below
 * moves when its second reading comes; for anything else (a capture) once
 * there is more than one moment to choose from. Shown when available, and
 * when collapsed only while a past moment is shown (its Live button). */
static void
update_visible (MsTimeline *self)
{
  MsHistory *history = self->session != NULL ? ms_session_get_history (self->session) : NULL;
  gboolean available = FALSE;

  if (self->session != NULL)
    {
      MsSessionState state = ms_session_get_state (self->session);

      available = ms_history_get_n_samples (history) > 1 ||
                  (ms_source_is_live (ms_session_get_source (self->session)) &&
                   (state == MS_SESSION_LOADING || state == MS_SESSION_LIVE));
    }
  gtk_widget_set_visible (GTK_WIDGET (self),
                          available && (!self->collapsed || ms_session_get_viewed_time (self->session) != 0));
  if (available != self->available)
    {
      self->available = available;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
    }
}

/* "at 10:41:07, 3 min ago" and the Live button, while a past moment is shown. */
static void
update_moment (MsTimeline *self)
{
  gint64 viewed = self->session != NULL ? ms_session_get_viewed_time (self->session) : 0;
  gboolean past = viewed != 0;

  if (past)
    {
      MsHistory *history = ms_session_get_history (self->session);
      guint n = ms_history_get_n_samples (history);
      gint64 latest = n > 0 ? ms_history_get_time (history, n - 1) : viewed;
      g_autofree char *text = ms_timeline_format_moment (viewed, latest);

      if (g_strcmp0 (gtk_label_get_text (self->moment_label), text) != 0)
        gtk_label_set_text (self->moment_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->moment_label), past);
  gtk_widget_set_visible (self->live_button, past);
}

static void
on_samples (MsTimeline *self)
{
  update_visible (self);
  update_moment (self);
}

static void
on_live_clicked (MsTimeline *self)
{
  if (self->session != NULL)
    ms_session_set_viewed_sample (self->session, -1);
}

static void
on_measure_toggled (MsTimeline *self)
{
  MsHistoryMeasure measure = MS_HISTORY_RSS;

  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->pss_button)))
    measure = MS_HISTORY_PSS;
  else if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->vss_button)))
    measure = MS_HISTORY_VSS;
  ms_timeline_chart_set_measure (self->chart, measure);
}

/* Escape, anywhere in the window, while a past moment is shown; else it
 * goes on to whatever else wants it. */
static gboolean
on_escape (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  MsTimeline *self = MS_TIMELINE (widget);

  if (self->session == NULL || ms_session_get_viewed_time (self->session) == 0 ||
      !gtk_widget_get_mapped (widget))
    return FALSE;
  ms_session_set_viewed_sample (self->session, -1);
  return TRUE;
}

void
ms_timeline_set_session (MsTimeline *self,
                         MsSession  *session)
{
  g_return_if_fail (MS_IS_TIMELINE (self));
  g_return_if_fail (session == NULL || MS_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  g_binding_group_set_source (self->bindings, session);
  g_signal_group_set_target (self->session_signals, session);
  g_signal_group_set_target (self->history_signals, session != NULL ? ms_session_get_history (session) : NULL);
  if (session == NULL)
    ms_timeline_chart_set_history (self->chart, NULL);
  on_samples (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

MsSession *
ms_timeline_get_session (MsTimeline *self)
{
  g_return_val_if_fail (MS_IS_TIMELINE (self), NULL);

  return self->session;
}

gboolean
ms_timeline_get_available (MsTimeline *self)
{
  g_return_val_if_fail (MS_IS_TIMELINE (self), FALSE);

  return self->available;
}

void
ms_timeline_set_collapsed (MsTimeline *self,
                           gboolean    collapsed)
{
  g_return_if_fail (MS_IS_TIMELINE (self));

  self->collapsed = !!collapsed;
  update_visible (self);
}

void
ms_timeline_set_compact (MsTimeline *self,
                         gboolean    compact)
{
  g_return_if_fail (MS_IS_TIMELINE (self));

  /* Compact, the heading goes and the rest sits beside the chart, which
   * is shorter: the height of the chart alone. */
  ms_timeline_chart_set_compact (self->chart, compact);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->box),
                                  compact ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self->box), compact ? 12 : 4);
  if (compact)
    gtk_box_reorder_child_after (GTK_BOX (self->box), self->header, GTK_WIDGET (self->chart));
  else
    gtk_box_reorder_child_after (GTK_BOX (self->box), GTK_WIDGET (self->chart), self->header);
  gtk_widget_set_hexpand (GTK_WIDGET (self->chart), compact);
  gtk_widget_set_valign (self->header, compact ? GTK_ALIGN_CENTER : GTK_ALIGN_FILL);
  gtk_widget_set_visible (self->heading, !compact);
  gtk_widget_set_visible (self->spacer, !compact);
  if (compact)
    gtk_widget_add_css_class (GTK_WIDGET (self), "compact");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "compact");
}

MsTimelineChart *
ms_timeline_get_chart (MsTimeline *self)
{
  g_return_val_if_fail (MS_IS_TIMELINE (self), NULL);

  return self->chart;
}

GtkWidget *
_ms_timeline_get_live_button (MsTimeline *self)
{
  return self->live_button;
}

GtkLabel *
_ms_timeline_get_moment_label (MsTimeline *self)
{
  return self->moment_label;
}

static void
ms_timeline_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, MS_TIMELINE (object)->session);
      break;
    case PROP_AVAILABLE:
      g_value_set_boolean (value, MS_TIMELINE (object)->available);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_timeline_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      ms_timeline_set_session (MS_TIMELINE (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_timeline_dispose (GObject *object)
{
  MsTimeline *self = MS_TIMELINE (object);

  if (self->bindings != NULL)
    g_binding_group_set_source (self->bindings, NULL);
  g_clear_object (&self->bindings);
  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  if (self->history_signals != NULL)
    g_signal_group_set_target (self->history_signals, NULL);
  g_clear_object (&self->history_signals);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_TIMELINE);

  G_OBJECT_CLASS (ms_timeline_parent_class)->dispose (object);
}

static void
ms_timeline_class_init (MsTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_timeline_dispose;
  object_class->get_property = ms_timeline_get_property;
  object_class->set_property = ms_timeline_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether there is a timeline to show (shown or collapsed for room). */
  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MS_TYPE_TIMELINE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ms-timeline.ui");
  gtk_widget_class_bind_template_child (widget_class, MsTimeline, box);
  gtk_widget_class_bind_template_child (widget_class, MsTimeline, header);
  gtk_widget_class_bind_template_child (widget_class, MsTimeline, heading);
  gtk_widget_class_bind_template_child (widget_class, MsTimeline, spacer);
  gtk_widget_class_bind_template_child (widget_class, MsTimeline, moment_label);
  gtk_widget_class_bind_template_child (widget_class, MsTimeline, live_button);
  gtk_widget_class_bind_template_child (widget_class, MsTimeline, rss_button);
  gtk_widget_class_bind_template_child (widget_class, MsTimeline, pss_button);
  gtk_widget_class_bind_template_child (widget_class, MsTimeline, vss_button);
  gtk_widget_class_bind_template_child (widget_class, MsTimeline, chart);
  gtk_widget_class_bind_template_callback (widget_class, on_live_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_measure_toggled);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "timeline");
}

static void
ms_timeline_init (MsTimeline *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  ms_tooltip_attach_tree (GTK_WIDGET (self));

  /* The history first, so that the viewed sample is taken against it. */
  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "history", self->chart, "history", G_BINDING_SYNC_CREATE);
  g_binding_group_bind (self->bindings, "viewed-sample", self->chart, "viewed-sample",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);

  self->session_signals = g_signal_group_new (MS_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::viewed-time", G_CALLBACK (update_moment), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::viewed-time", G_CALLBACK (update_visible), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::state", G_CALLBACK (update_visible), self);
  self->history_signals = g_signal_group_new (MS_TYPE_HISTORY);
  g_signal_group_connect_swapped (self->history_signals, "notify::n-samples", G_CALLBACK (on_samples), self);

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_callback_action_new (on_escape, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  update_visible (self);
}
