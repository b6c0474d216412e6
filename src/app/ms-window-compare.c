/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-window-private.h"

#include <glib/gi18n.h>

#include "ms-reader.h"
#include "ms-recording.h"
#include "ms-text.h"

/* Comparing with a baseline: pin what is shown (Ctrl+B), or a captured
 * file; stop. The map view's MsBaseline holds it; the strip, table, summary
 * and legend bind to its comparison. */

static MsBaseline *
get_baseline (MsWindow *self)
{
  return ms_map_view_get_baseline (_ms_window_get_map_view (self));
}

void
_ms_window_update_compare_actions (MsWindow *self)
{
  MsBaseline *baseline = get_baseline (self);
  /* (a first picture, its PSS and swap unknown, is no baseline) */
  gboolean has_snapshot = _ms_window_get_snapshot (self) != NULL &&
                          !ms_snapshot_is_partial (_ms_window_get_snapshot (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.pin-baseline", baseline != NULL && has_snapshot);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compare-with-file", baseline != NULL && has_snapshot);
  /* (also enabled when the bar's own button stopped it: then it does nothing) */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop-comparing",
                                 baseline != NULL && ms_baseline_get_snapshot (baseline) != NULL);
}

static void
action_pin (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  MsWindow *self = MS_WINDOW (widget);
  MsBaseline *baseline = get_baseline (self);

  if (baseline == NULL)
    return;
  ms_baseline_pin (baseline);
  _ms_window_update_compare_actions (self);
}

static void
action_stop (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MsBaseline *baseline = get_baseline (MS_WINDOW (widget));

  if (baseline != NULL)
    ms_baseline_clear (baseline);
  _ms_window_update_compare_actions (MS_WINDOW (widget));
}

/* --- a captured file as the baseline, read on a worker thread ------------ */

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  /* a recording: its last sample */
  MsSnapshot *snapshot = ms_recording_path_is_recording (task_data)
                           ? ms_recording_read_snapshot (task_data, -1, &error)
                           : ms_read_file (task_data, cancellable, &error);

  if (snapshot == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify) ms_snapshot_unref);
}

static void
on_file_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  MsWindow *self = MS_WINDOW (source);
  g_autoptr(MsBaseline) baseline = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSnapshot) snapshot = g_task_propagate_pointer (G_TASK (result), &error);
  const char *path = g_task_get_task_data (G_TASK (result));

  if (snapshot == NULL)
    {
      _ms_window_add_toast (self, adw_toast_new (error->message));
      return;
    }
  /* Only while the same session is shown. */
  if (baseline == get_baseline (self))
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *shown = ms_display_text (base, -1);
      /* TRANSLATORS: the baseline is a captured file or a recording: "Compared with before.smaps" */
      g_autofree char *label = g_strdup_printf (_("Compared with %s"), shown);

      ms_baseline_set_snapshot (baseline, snapshot, label);
      _ms_window_update_compare_actions (self);
    }
}

void
ms_window_compare_with_file (MsWindow   *self,
                              const char *path)
{
  MsBaseline *baseline = get_baseline (self);
  g_autoptr(GTask) task = NULL;

  if (baseline == NULL)
    return;
  task = g_task_new (self, NULL, on_file_read, g_object_ref (baseline));
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_set_source_tag (task, ms_window_compare_with_file);
  g_task_run_in_thread (task, read_in_thread);
}

static void
choose_file (MsWindow *self)
{
  _ms_window_choose_file_to_open (self, _("Compare with a Capture or a Recording"), _("_Compare"),
                                  NULL, ms_window_compare_with_file);
}

static void
action_compare_with_file (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  choose_file (MS_WINDOW (widget));
}

void
_ms_window_class_init_compare (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.pin-baseline", NULL, action_pin);
  gtk_widget_class_install_action (widget_class, "win.compare-with-file", NULL, action_compare_with_file);
  gtk_widget_class_install_action (widget_class, "win.stop-comparing", NULL, action_stop);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "win.pin-baseline", NULL);
}
