/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-window-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-error.h"
#include "ms-file-writer.h"
#include "ms-recording.h"
#include "ms-recording-source.h"
#include "ms-text.h"

/* Recordings in the window: what the title says of one, and Save Recording
 * (action → file chooser → written on a worker thread → toast).
 *
 * The history belongs to the main thread, where the session adds to it, so
 * its samples are taken there, a few at a time from a timeout (the one
 * before is made again cheaply), and handed through a queue to the worker,
 * which writes them into a recording in memory, then the whole file
 * through ms_file_write() as any export. The UI never waits for the disk. */

#define QUEUE_AHEAD 8
#define SLICE_USEC  (4 * 1000)

typedef struct {
  gint64      time_usec;
  MsSnapshot *snapshot;   /* NULL: the end */
} Item;

typedef struct {
  MsHistory   *history;
  guint        next;
  guint        n;
  GAsyncQueue *queue;     /* of Item */
  char        *path;
} SaveJob;

static void
item_free (gpointer data)
{
  Item *item = data;

  g_clear_pointer (&item->snapshot, ms_snapshot_unref);
  g_free (item);
}

static void
save_job_free (gpointer data)
{
  SaveJob *job = data;

  g_clear_object (&job->history);
  g_async_queue_unref (job->queue);
  g_free (job->path);
  g_free (job);
}

char *
_ms_window_describe_recording (MsSession *session)
{
  MsHistory *history = ms_session_get_history (session);
  MsSnapshot *snapshot = ms_session_get_snapshot (session);
  guint n = ms_history_get_n_samples (history);
  g_autofree char *samples = NULL;

  samples = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sample", "%u samples", n), n);
  if (snapshot != NULL && snapshot->pid > 0)
    /* TRANSLATORS: the subtitle of a recording: "Recording · PID 42 · 3600 samples" */
    return g_strdup_printf (_("Recording · PID %d · %s"), snapshot->pid, samples);
  /* TRANSLATORS: the subtitle of a recording: "Recording · 3600 samples" */
  return g_strdup_printf (_("Recording · %s"), samples);
}

gboolean
_ms_window_is_recording (MsSession *session)
{
  return session != NULL && MS_IS_RECORDING_SOURCE (ms_session_get_source (session));
}

/* --- saving --------------------------------------------------------------- */

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveJob *job = task_data;
  g_autoptr(MsRecordingWriter) writer = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  gboolean failed = FALSE;

  writer = ms_recording_writer_new_memory (&error);
  failed = writer == NULL;

  /* Every item is taken, even after a failure: the main thread stops only
   * at the end it sends. */
  for (;;)
    {
      Item *item = g_async_queue_pop (job->queue);
      gboolean end = item->snapshot == NULL;

      if (!end && !failed && !ms_recording_writer_add (writer, item->time_usec, item->snapshot, &error))
        failed = TRUE;
      item_free (item);
      if (end)
        break;
    }

  if (!failed && ms_recording_writer_get_n_samples (writer) == 0)
    {
      g_autofree char *display = g_filename_display_name (job->path);

      g_set_error (&error, MS_ERROR, MS_ERROR_EMPTY, _("Could not write the recording %s: nothing was read yet"), display);
      failed = TRUE;
    }
  if (!failed && ms_recording_writer_finish (writer, &error))
    {
      bytes = ms_recording_writer_steal_bytes (writer);
      failed = !ms_file_write (job->path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
    }
  else
    failed = TRUE;

  if (failed)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* On the main thread: the next samples, while the worker keeps up. */
static gboolean
feed_samples (gpointer user_data)
{
  GTask *task = user_data;
  SaveJob *job = g_task_get_task_data (task);
  gint64 until = g_get_monotonic_time () + SLICE_USEC;

  while (g_async_queue_length (job->queue) < QUEUE_AHEAD && g_get_monotonic_time () < until)
    {
      Item *item = g_new0 (Item, 1);

      /* (Thinning while saving can only shorten the history.) */
      if (job->next >= MIN (job->n, ms_history_get_n_samples (job->history)))
        {
          g_async_queue_push (job->queue, item);
          return G_SOURCE_REMOVE;
        }
      item->time_usec = ms_history_get_time (job->history, job->next);
      item->snapshot = ms_history_get_snapshot (job->history, job->next);
      job->next++;
      g_async_queue_push (job->queue, item);
    }
  return G_SOURCE_CONTINUE;
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  MsWindow *self = MS_WINDOW (source);
  SaveJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  /* A toast's title is markup: the file's name and the message escaped. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = ms_display_text (error->message, -1);

      title = g_markup_printf_escaped (_("Could not save the recording: %s"), message);
    }
  else
    {
      g_autofree char *basename = g_filename_display_basename (job->path);

      title = g_markup_printf_escaped (_("Saved the recording “%s”"), basename);
    }
  _ms_window_toast_written (self, job->path, error, title);
}

void
_ms_window_save_recording_to_path (MsWindow   *self,
                                   const char *path)
{
  MsSession *session = _ms_window_get_session (self);
  g_autoptr(GTask) task = NULL;
  GSource *timeout;
  SaveJob *job;

  g_return_if_fail (session != NULL);

  job = g_new0 (SaveJob, 1);
  job->history = g_object_ref (ms_session_get_history (session));
  job->n = ms_history_get_n_samples (job->history);
  job->queue = g_async_queue_new ();
  job->path = g_strdup (path);

  task = g_task_new (self, NULL, on_saved, NULL);
  g_task_set_source_tag (task, _ms_window_save_recording_to_path);
  g_task_set_name (task, "[memscape] save recording");
  g_task_set_task_data (task, job, save_job_free);

  timeout = g_timeout_source_new (1);
  g_source_set_static_name (timeout, "[memscape] samples to save");
  g_source_set_callback (timeout, feed_samples, g_object_ref (task), g_object_unref);
  g_source_attach (timeout, NULL);
  g_source_unref (timeout);

  g_task_run_in_thread (task, save_thread);
}

/* The name chosen, with `.memscape` added when it has no extension. */
static char *
recording_path (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *base = path != NULL ? g_path_get_basename (path) : NULL;

  if (path == NULL)
    return NULL;
  if (strchr (base, '.') == NULL)
    return g_strconcat (path, ".memscape", NULL);
  return g_steal_pointer (&path);
}

static GtkFileFilter *
create_recording_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Memscape Recordings"));
  gtk_file_filter_add_suffix (filter, "memscape");
  gtk_file_filter_add_mime_type (filter, "application/x-memscape-recording");
  return filter;
}

static char *
suggest_name (MsWindow *self)
{
  MsSnapshot *snapshot = _ms_window_get_snapshot (self);

  return snapshot != NULL ? _ms_window_suggest_file_name (snapshot, "memscape") : g_strdup ("memscape.memscape");
}

#if GTK_CHECK_VERSION (4, 10, 0)

static void
on_recording_chosen (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(MsWindow) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, NULL);
  g_autofree char *path = file != NULL ? recording_path (file) : NULL;

  if (path != NULL && _ms_window_get_session (self) != NULL)
    _ms_window_save_recording_to_path (self, path);
}

void
_ms_window_save_recording (MsWindow *self)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) filter = create_recording_filter ();
  g_autofree char *name = suggest_name (self);

  g_list_store_append (filters, filter);
  gtk_file_dialog_set_title (dialog, _("Save Recording"));
  gtk_file_dialog_set_accept_label (dialog, _("_Save"));
  gtk_file_dialog_set_modal (dialog, TRUE);
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, filter);
  gtk_file_dialog_set_initial_name (dialog, name);
  gtk_file_dialog_save (dialog, GTK_WINDOW (self), NULL, on_recording_chosen, g_object_ref (self));
}

#else /* GTK 4.8 */

static void
on_recording_response (GtkNativeDialog *native,
                       int              response,
                       MsWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT && _ms_window_get_session (self) != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file != NULL ? recording_path (file) : NULL;

      if (path != NULL)
        _ms_window_save_recording_to_path (self, path);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

void
_ms_window_save_recording (MsWindow *self)
{
  g_autoptr(GtkFileFilter) filter = create_recording_filter ();
  g_autofree char *name = suggest_name (self);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Save Recording"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);

  g_signal_connect_object (native, "response", G_CALLBACK (on_recording_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

#endif
