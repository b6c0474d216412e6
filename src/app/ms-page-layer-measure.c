/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-strip"

#include "config.h"

#include "ms-page-layer-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>

/* Measuring activity (or writes): the dialog that says first what it does
 * to the process, clearing its bits (or marking its pages idle), the wait,
 * the read of what was used on a worker thread, and the result. */

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
  _ms_page_layer_update_menu (layer);
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

/* Runs @thread_func on a worker thread with @data, cancelled by Stop
 * Measuring (the layer's measure_cancellable), @done called after. */
static void
run_measure_task (MsPageLayer         *layer,
                  gpointer             source_tag,
                  gpointer             data,
                  GDestroyNotify       data_free,
                  GTaskThreadFunc      thread_func,
                  GAsyncReadyCallback  done)
{
  g_autoptr(GTask) task = NULL;

  layer->measure_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, layer->measure_cancellable, done, layer);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, data_free);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, thread_func);
  _ms_page_layer_update_menu (layer);
}

static gboolean
on_measure_time (gpointer data)
{
  MsPageLayer *layer = data;
  MeasureData *measure = g_new0 (MeasureData, 1);

  layer->measure_timeout = 0;
  g_clear_handle_id (&layer->measure_tick, g_source_remove);
  measure->measure = g_steal_pointer (&layer->measure);
  measure->privileged = layer->privileged;
  run_measure_task (layer, on_measure_time, measure, measure_data_free, measure_in_thread, on_measured);
  return G_SOURCE_REMOVE;
}

guint
_ms_page_layer_get_seconds_left (MsPageLayer *layer)
{
  gint64 left;

  if (layer->measure_timeout == 0)
    return 0;
  left = layer->measure_end - g_get_monotonic_time ();
  return left > 0 ? (guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 0;
}

static void schedule_tick (MsPageLayer *layer);

static void
on_measure_tick (gpointer data)
{
  MsPageLayer *layer = data;

  layer->measure_tick = 0;
  _ms_page_layer_update_menu (layer);
  schedule_tick (layer);
}

/* The button counts the seconds left down: the next tick comes when their
 * number (rounded up) drops, at a whole second before the end; none for
 * the last one, whose end is the measurement's. */
static void
schedule_tick (MsPageLayer *layer)
{
  guint seconds = _ms_page_layer_get_seconds_left (layer);
  gint64 wait;

  if (seconds <= 1 || layer->measure_tick != 0)
    return;
  wait = layer->measure_end - (gint64) (seconds - 1) * G_USEC_PER_SEC - g_get_monotonic_time ();
  layer->measure_tick = g_timeout_add_once ((guint) MAX (1, (wait + 999) / 1000), on_measure_tick, layer);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, layer->measure_tick),
                            "[memscape] measure countdown");
}

/* (to the millisecond, not g_timeout_add_seconds()' whole seconds, which
 * may end it up to a second late: the countdown is seen) */
static void
start_measure_timeout (MsPageLayer *layer,
                       guint        seconds)
{
  layer->measure_end = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  layer->measure_timeout = g_timeout_add (seconds * 1000, on_measure_time, layer);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, layer->measure_timeout),
                            "[memscape] measure activity");
  schedule_tick (layer);
  _ms_page_layer_update_menu (layer);
}

/* The bits are cleared (or the pages marked idle) on a worker thread: a
 * write of clear_refs walks every page table of the process, idle
 * tracking's marking reads every page, and through the helper (`clear-refs
 * PID 1|4`, when the pages are read through it) pkexec may wait for a
 * password. */
typedef struct {
  int             pid;
  MsActivityKind  kind;
  guint           seconds;
  gboolean        helper;
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
      _ms_page_layer_update_menu (layer);
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
  ClearData *data;

  if (layer->snapshot == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Activity is measured on a running process only"));
      return FALSE;
    }
  if (_ms_page_layer_is_measuring (layer))
    return TRUE;

  data = g_new0 (ClearData, 1);
  data->helper = layer->privileged;
  data->pid = layer->snapshot->pid;
  data->kind = kind;
  data->seconds = seconds;
  run_measure_task (layer, _ms_page_layer_measure, data, g_free, clear_in_thread, on_cleared);
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
  g_clear_handle_id (&layer->measure_tick, g_source_remove);
  g_clear_pointer (&layer->measure, ms_activity_measure_free);
  if (layer->measure_cancellable != NULL)
    g_cancellable_cancel (layer->measure_cancellable);
  g_clear_object (&layer->measure_cancellable);
  _ms_page_layer_update_menu (layer);
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
void
_ms_page_layer_confirm_measure (GtkWidget      *owner,
                                MsPageLayer    *layer,
                                MsActivityKind  kind)
{
  GtkRoot *root = gtk_widget_get_root (owner);
  MeasureRequest *request;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  int pid = layer->snapshot != NULL ? layer->snapshot->pid : 0;
  gboolean idle;

  /* A kernel without soft-dirty tracking cannot tell what was written: the
   * item says why on a click, rather than being greyed out unexplained. */
  if (kind == MS_ACTIVITY_WRITES && !layer->writes_tracked)
    {
      dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       _("Writes Cannot Be Measured"),
                                       _("This kernel does not track written pages: it was built without soft-dirty tracking (CONFIG_MEM_SOFT_DIRTY)"));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  request = g_new0 (MeasureRequest, 1);
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
