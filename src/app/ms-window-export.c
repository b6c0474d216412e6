/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-window-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-export.h"
#include "ms-text.h"

/* Export (action → file chooser → write on a worker thread → toast) and
 * opening a capture file. GtkFileDialog from GTK 4.10 on, GtkFileChooserNative
 * before (Debian 12 has 4.8). */

typedef struct {
  MsSnapshot  *snapshot;
  char        *path;
  MsScaleMode  mode;
  double       view_start;
  double       view_end;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_clear_pointer (&job->snapshot, ms_snapshot_unref);
  g_free (job->path);
  g_free (job);
}

char *
_ms_window_suggest_file_name (MsSnapshot *snapshot,
                              const char *extension)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (snapshot->time_usec / G_USEC_PER_SEC);
  g_autofree char *stamp = g_date_time_format (time, "%Y%m%d-%H%M%S");
  /* a name the file chooser shows: UTF-8 */
  g_autofree char *name = ms_display_text (snapshot->name != NULL && *snapshot->name ? snapshot->name : "memscape", -1);
  char *dot;

  /* A captured file is named after itself, without its extension. */
  if (snapshot->source == MS_SOURCE_FILE && (dot = strrchr (name, '.')) != NULL && dot != name)
    *dot = '\0';
  g_strdelimit (name, "/\\:*?\"<>| \t\n", '_');

  if (snapshot->source == MS_SOURCE_PROCESS)
    return g_strdup_printf ("%s-%d-%s.%s", name, snapshot->pid, stamp, extension);
  return g_strdup_printf ("%s-%s.%s", name, stamp, extension);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;

  if (ms_export_to_file (job->snapshot, job->path, job->mode, job->view_start, job->view_end, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  MsWindow *self = MS_WINDOW (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = g_filename_display_basename (job->path);
  AdwToast *toast;

  /* A toast's title is markup: the file's name and the message escaped. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = ms_display_text (error->message, -1);
      g_autofree char *title = g_markup_printf_escaped (_("Could not export: %s"), message);

      toast = adw_toast_new (title);
      adw_toast_set_timeout (toast, 0);
    }
  else
    {
      g_autofree char *title = g_markup_printf_escaped (_("Exported “%s”"), basename);
      g_autoptr(GFile) file = g_file_new_for_path (job->path);
      g_autofree char *uri = g_file_get_uri (file);

      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _("Open Folder"));
      adw_toast_set_action_name (toast, "win.open-folder");
      adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
    }

  _ms_window_note_export (self, error);
  _ms_window_add_toast (self, toast);
}

void
_ms_window_export_to_path (MsWindow   *self,
                           const char *path)
{
  g_autoptr(GTask) task = NULL;
  MsSnapshot *snapshot = _ms_window_get_snapshot (self);
  MsStrip *strip = _ms_window_get_strip (self);
  ExportJob *job;

  g_return_if_fail (snapshot != NULL);

  job = g_new0 (ExportJob, 1);
  job->snapshot = ms_snapshot_ref (snapshot);
  job->path = g_strdup (path);
  job->mode = ms_strip_get_scale_mode (strip);
  /* The picture shows the strip as it is zoomed now. */
  ms_strip_get_view (strip, &job->view_start, &job->view_end);

  task = g_task_new (self, NULL, on_exported, NULL);
  g_task_set_source_tag (task, _ms_window_export_to_path);
  g_task_set_name (task, "[memscape] export");
  g_task_set_task_data (task, job, export_job_free);
  g_task_run_in_thread (task, export_thread);
}

/* --- filters -------------------------------------------------------------- */

/* One filter per export format, in the table's order; the first is the
 * default. */
static GListStore *
create_export_filters (void)
{
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

  for (guint i = 0; i < MS_N_EXPORT_FORMATS; i++)
    {
      const MsExportFormatInfo *format = ms_export_format_get (i);
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(format->label));
      gtk_file_filter_add_mime_type (filter, format->mime_type);
      gtk_file_filter_add_suffix (filter, format->extension);
      g_object_set_data (G_OBJECT (filter), "ms-extension", (gpointer) format->extension);
      g_list_store_append (filters, filter);
    }

  return filters;
}

static GListStore *
create_capture_filters (void)
{
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) captures = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (captures, _("Memory Map Captures"));
  gtk_file_filter_add_pattern (captures, "*smaps*");
  gtk_file_filter_add_pattern (captures, "*maps*");
  gtk_file_filter_add_suffix (captures, "txt");
  gtk_file_filter_add_mime_type (captures, "text/plain");
  g_list_store_append (filters, captures);

  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  g_list_store_append (filters, all);

  return filters;
}

/* A chosen name without a known extension takes the chosen filter's. */
static char *
complete_path (GFile         *file,
               GtkFileFilter *filter)
{
  g_autofree char *path = g_file_get_path (file);
  const char *extension;

  if (path == NULL || ms_export_format_from_path (path, NULL) != NULL)
    return g_steal_pointer (&path);

  extension = filter != NULL ? g_object_get_data (G_OBJECT (filter), "ms-extension") : NULL;
  if (extension == NULL)
    extension = ms_export_format_get (0)->extension;
  return g_strdup_printf ("%s.%s", path, extension);
}

#if GTK_CHECK_VERSION (4, 10, 0)

static void
on_export_chosen (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(MsWindow) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, NULL);
  g_autofree char *path = NULL;

  if (file == NULL || _ms_window_get_snapshot (self) == NULL)
    return;

  path = complete_path (file, gtk_file_dialog_get_default_filter (GTK_FILE_DIALOG (source)));
  if (path != NULL)
    _ms_window_export_to_path (self, path);
}

void
_ms_window_export (MsWindow *self)
{
  g_autoptr(GtkFileDialog) dialog = NULL;
  g_autoptr(GListStore) filters = NULL;
  g_autoptr(GtkFileFilter) first = NULL;
  g_autofree char *name = NULL;
  MsSnapshot *snapshot = _ms_window_get_snapshot (self);

  if (snapshot == NULL)
    return;

  filters = create_export_filters ();
  first = g_list_model_get_item (G_LIST_MODEL (filters), 0);
  name = _ms_window_suggest_file_name (snapshot, ms_export_format_get (0)->extension);

  dialog = gtk_file_dialog_new ();
  gtk_file_dialog_set_title (dialog, _("Export Memory Map"));
  gtk_file_dialog_set_accept_label (dialog, _("_Export"));
  gtk_file_dialog_set_modal (dialog, TRUE);
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, first);
  gtk_file_dialog_set_initial_name (dialog, name);
  gtk_file_dialog_save (dialog, GTK_WINDOW (self), NULL, on_export_chosen, g_object_ref (self));
}

static void
on_capture_chosen (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(MsWindow) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (source), result, NULL);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (path != NULL)
    ms_window_show_file (self, path);
}

void
_ms_window_open_capture (MsWindow *self)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListStore) filters = create_capture_filters ();

  gtk_file_dialog_set_title (dialog, _("Open a Captured smaps or maps File"));
  gtk_file_dialog_set_modal (dialog, TRUE);
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_open (dialog, GTK_WINDOW (self), NULL, on_capture_chosen, g_object_ref (self));
}

#else /* GTK 4.8: GtkFileChooserNative */

static void
add_filters (GtkFileChooser *chooser,
             GListStore     *filters)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (filters)); i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (G_LIST_MODEL (filters), i);

      gtk_file_chooser_add_filter (chooser, filter);
      if (i == 0)
        gtk_file_chooser_set_filter (chooser, filter);
    }
}

static void
on_export_response (GtkNativeDialog *native,
                    int              response,
                    MsWindow        *self)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (native);

  if (response == GTK_RESPONSE_ACCEPT && _ms_window_get_snapshot (self) != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);
      g_autofree char *path = file != NULL ? complete_path (file, gtk_file_chooser_get_filter (chooser)) : NULL;

      if (path != NULL)
        _ms_window_export_to_path (self, path);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

void
_ms_window_export (MsWindow *self)
{
  g_autoptr(GListStore) filters = NULL;
  g_autofree char *name = NULL;
  MsSnapshot *snapshot = _ms_window_get_snapshot (self);
  GtkFileChooserNative *native;

  if (snapshot == NULL)
    return;

  native = gtk_file_chooser_native_new (_("Export Memory Map"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  filters = create_export_filters ();
  add_filters (GTK_FILE_CHOOSER (native), filters);
  name = _ms_window_suggest_file_name (snapshot, ms_export_format_get (0)->extension);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);

  /* The dialog holds itself until it answers. */
  g_signal_connect_object (native, "response", G_CALLBACK (on_export_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_capture_response (GtkNativeDialog *native,
                     int              response,
                     MsWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        ms_window_show_file (self, path);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

void
_ms_window_open_capture (MsWindow *self)
{
  g_autoptr(GListStore) filters = create_capture_filters ();
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Open a Captured smaps or maps File"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  add_filters (GTK_FILE_CHOOSER (native), filters);

  g_signal_connect_object (native, "response", G_CALLBACK (on_capture_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

#endif

/* --- showing the folder of an export -------------------------------------- */

static void
on_folder_launched (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(MsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_autofree char *message = ms_display_text (error->message, -1);
      g_autofree char *title = g_markup_printf_escaped (_("Could not open the folder: %s"), message);

      _ms_window_add_toast (self, adw_toast_new (title));
    }
}

static void
launch_folder (MsWindow   *self,
               const char *uri)
{
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *folder = parent != NULL ? g_file_get_uri (parent) : NULL;

  if (folder != NULL)
    g_app_info_launch_default_for_uri_async (folder, NULL, NULL, on_folder_launched, g_object_ref (self));
}

typedef struct {
  MsWindow *self;
  char     *uri;
} ShowItems;

static void
on_show_items (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ShowItems *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);

  /* No file manager on the bus: open the folder itself. */
  if (reply == NULL)
    {
      g_debug ("FileManager1.ShowItems failed: %s", error->message);
      launch_folder (data->self, data->uri);
    }

  g_object_unref (data->self);
  g_free (data->uri);
  g_free (data);
}

void
_ms_window_show_folder (MsWindow   *self,
                        const char *uri)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GDBusConnection *bus = app != NULL ? g_application_get_dbus_connection (G_APPLICATION (app)) : NULL;
  const char *uris[] = { uri, NULL };
  ShowItems *data;

  if (bus == NULL)
    {
      launch_folder (self, uri);
      return;
    }

  /* Shows the folder with the file selected, as Files and most managers do. */
  data = g_new0 (ShowItems, 1);
  data->self = g_object_ref (self);
  data->uri = g_strdup (uri);
  g_dbus_connection_call (bus,
                          "org.freedesktop.FileManager1",
                          "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1",
                          "ShowItems",
                          g_variant_new ("(^ass)", uris, ""),
                          NULL,
                          G_DBUS_CALL_FLAGS_NONE,
                          -1, NULL,
                          on_show_items, data);
}
