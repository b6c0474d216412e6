/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-window-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-export.h"
#include "ms-text.h"

/* Export (action → file chooser → write on a worker thread → toast) and
 * opening a capture file. GtkFileDialog from GTK 4.10 on; before (Debian 12
 * has 4.8) GtkFileChooserDialog to export and GtkFileChooserNative to open. */

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

void
_ms_window_toast_written (MsWindow     *self,
                          const char   *path,
                          const GError *error,
                          const char   *title)
{
  AdwToast *toast = adw_toast_new (title);

  if (error != NULL)
    {
      adw_toast_set_timeout (toast, 0);
    }
  else
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *uri = g_file_get_uri (file);

      adw_toast_set_button_label (toast, _("Open Folder"));
      adw_toast_set_action_name (toast, "win.open-folder");
      adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
    }

  _ms_window_note_export (self, error);
  _ms_window_add_toast (self, toast);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  MsWindow *self = MS_WINDOW (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  /* A toast's title is markup: the file's name and the message escaped. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = ms_display_text (error->message, -1);

      title = g_markup_printf_escaped (_("Could not export: %s"), message);
    }
  else
    {
      g_autofree char *basename = g_filename_display_basename (job->path);

      title = g_markup_printf_escaped (_("Exported “%s”"), basename);
    }
  _ms_window_toast_written (self, job->path, error, title);
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

#if !GTK_CHECK_VERSION (4, 10, 0)
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
      g_object_set_data (G_OBJECT (filter), "ms-format", (gpointer) format);
      g_list_store_append (filters, filter);
    }

  return filters;
}
#endif

static GListStore *
create_capture_filters (void)
{
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) captures = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (captures, _("Captures and Recordings"));
  gtk_file_filter_add_suffix (captures, "memscape");
  gtk_file_filter_add_mime_type (captures, "application/x-memscape-recording");
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

/* The format a filter of create_export_filters() offers, or NULL. */
static const MsExportFormatInfo *
filter_format (GtkFileFilter *filter)
{
  return filter != NULL ? g_object_get_data (G_OBJECT (filter), "ms-format") : NULL;
}

char *
_ms_window_name_for_format (const char               *name,
                            const MsExportFormatInfo *format)
{
  const char *dot = strrchr (name, '.');

  /* A known format's extension is replaced; any other kept, and added to. */
  if (dot != NULL && dot != name && ms_export_format_from_path (name, NULL) != NULL)
    return g_strdup_printf ("%.*s.%s", (int) (dot - name), name, format->extension);
  return g_strdup_printf ("%s.%s", name, format->extension);
}

char *
_ms_window_reconcile_export_name (const char               *name,
                                  const MsExportFormatInfo *suggested,
                                  const MsExportFormatInfo *chosen)
{
  const MsExportFormatInfo *named = ms_export_format_from_path (name, NULL);

  if (chosen == NULL)
    chosen = suggested;

  /* No known extension: the chosen format's is added. The format chosen
   * in the drop-down while the name kept the suggested extension: the
   * name follows it. A name given another known extension: as given. */
  if (named == NULL || (named == suggested && chosen != suggested))
    return _ms_window_name_for_format (name, chosen);
  return g_strdup (name);
}

/* The path to export to, from the dialog's answer. */
/* What _ms_window_choose_file_to_open() calls, and (from GTK 4.10) with whom. */
typedef struct {
  MsWindow         *self;
  MsWindowPathFunc  chosen;
} FileToOpen;

static char *
export_path (GFile         *file,
             GtkFileFilter *filter)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;

  if (path == NULL)
    return NULL;

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  name = _ms_window_reconcile_export_name (base, ms_export_format_get (0), filter_format (filter));
  return g_build_filename (dir, name, NULL);
}

#if GTK_CHECK_VERSION (4, 10, 0)

/* GtkFileDialog neither follows its name while it shows nor says which
 * filter was chosen (it keeps its default filter as it was set), so a
 * format drop-down could not be kept in step with the name: it offers one
 * filter for every format, whose name says that the extension decides. */
static GListStore *
create_export_filter_by_extension (void)
{
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *extensions = ms_export_format_list_extensions ();
  g_autofree char *name = NULL;

  /* TRANSLATORS: a file dialog's filter; %s is ".png, .svg, .csv or .pdf" */
  name = g_strdup_printf (_("Memory Map Exports (%s: the name’s extension chooses the format)"), extensions);
  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; i < MS_N_EXPORT_FORMATS; i++)
    {
      gtk_file_filter_add_mime_type (filter, ms_export_format_get (i)->mime_type);
      gtk_file_filter_add_suffix (filter, ms_export_format_get (i)->extension);
    }
  g_list_store_append (filters, filter);
  return filters;
}

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

  /* The name's extension, or the first format's when it has none. */
  path = export_path (file, NULL);
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

  filters = create_export_filter_by_extension ();
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
on_file_to_open_chosen (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autofree FileToOpen *choice = user_data;
  g_autoptr(MsWindow) self = choice->self;
  g_autoptr(GFile) file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (source), result, NULL);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (path != NULL)
    choice->chosen (self, path);
}

void
_ms_window_choose_file_to_open (MsWindow         *self,
                                const char       *title,
                                const char       *accept_label,
                                GListModel       *filters,
                                MsWindowPathFunc  chosen)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  FileToOpen *choice = g_new0 (FileToOpen, 1);

  choice->self = g_object_ref (self);
  choice->chosen = chosen;
  gtk_file_dialog_set_title (dialog, title);
  if (accept_label != NULL)
    gtk_file_dialog_set_accept_label (dialog, accept_label);
  gtk_file_dialog_set_modal (dialog, TRUE);
  if (filters != NULL)
    gtk_file_dialog_set_filters (dialog, filters);
  gtk_file_dialog_open (dialog, GTK_WINDOW (self), NULL, on_file_to_open_chosen, choice);
}

GtkWidget *
_ms_window_get_export_chooser (MsWindow *self)
{
  return NULL;
}

#else /* GTK 4.8: GtkFileChooserDialog for the export, GtkFileChooserNative to open */

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

/* The format chosen in the drop-down: the name follows, while the dialog
 * shows. */
static void
on_export_filter_changed (GtkFileChooser *chooser)
{
  const MsExportFormatInfo *format = filter_format (gtk_file_chooser_get_filter (chooser));
  g_autofree char *name = gtk_file_chooser_get_current_name (chooser);
  g_autofree char *renamed = NULL;

  if (format == NULL || name == NULL || *name == '\0')
    return;

  /* A name with an extension of no format is the person's: left alone. */
  if (strrchr (name, '.') != NULL && ms_export_format_from_path (name, NULL) == NULL)
    return;

  renamed = _ms_window_name_for_format (name, format);
  if (!g_str_equal (renamed, name))
    gtk_file_chooser_set_current_name (chooser, renamed);
}

static void
on_export_response (GtkDialog *dialog,
                    int        response,
                    MsWindow  *self)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (dialog);

  if (response == GTK_RESPONSE_ACCEPT && _ms_window_get_snapshot (self) != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);
      g_autofree char *path = file != NULL ? export_path (file, gtk_file_chooser_get_filter (chooser)) : NULL;

      if (path != NULL)
        _ms_window_export_to_path (self, path);
    }

  g_object_set_data (G_OBJECT (self), "ms-export-chooser", NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* GtkFileChooserNative hides its dialog, and with it the changes of the
 * format drop-down; GTK 4.8 uses a dialog of its own outside a sandbox
 * anyway (and the Flatpak's runtime has GtkFileDialog). */
void
_ms_window_export (MsWindow *self)
{
  g_autoptr(GListStore) filters = NULL;
  g_autofree char *name = NULL;
  MsSnapshot *snapshot = _ms_window_get_snapshot (self);
  GtkWidget *dialog;

  if (snapshot == NULL)
    return;

  dialog = gtk_file_chooser_dialog_new (_("Export Memory Map"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Cancel"), GTK_RESPONSE_CANCEL,
                                        _("_Export"), GTK_RESPONSE_ACCEPT,
                                        NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  filters = create_export_filters ();
  add_filters (GTK_FILE_CHOOSER (dialog), filters);
  name = _ms_window_suggest_file_name (snapshot, ms_export_format_get (0)->extension);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);

  g_signal_connect (dialog, "notify::filter", G_CALLBACK (on_export_filter_changed), NULL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_response), self, 0);
  g_object_set_data (G_OBJECT (self), "ms-export-chooser", dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWidget *
_ms_window_get_export_chooser (MsWindow *self)
{
  return g_object_get_data (G_OBJECT (self), "ms-export-chooser");
}

static void
on_file_to_open_response (GtkNativeDialog *native,
                          int              response,
                          MsWindow        *self)
{
  FileToOpen *choice = g_object_get_data (G_OBJECT (native), "ms-file-to-open");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        choice->chosen (self, path);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

void
_ms_window_choose_file_to_open (MsWindow         *self,
                                const char       *title,
                                const char       *accept_label,
                                GListModel       *filters,
                                MsWindowPathFunc  chosen)
{
  GtkFileChooserNative *native;
  FileToOpen *choice = g_new0 (FileToOpen, 1);

  choice->chosen = chosen;
  native = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                        accept_label != NULL ? accept_label : _("_Open"),
                                        _("_Cancel"));
  g_object_set_data_full (G_OBJECT (native), "ms-file-to-open", choice, g_free);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (filters != NULL)
    add_filters (GTK_FILE_CHOOSER (native), G_LIST_STORE (filters));

  g_signal_connect_object (native, "response", G_CALLBACK (on_file_to_open_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

#endif

void
_ms_window_open_capture (MsWindow *self)
{
  g_autoptr(GListStore) filters = create_capture_filters ();

  _ms_window_choose_file_to_open (self, _("Open a Capture or a Recording"), NULL,
                                  G_LIST_MODEL (filters), ms_window_show_file);
}

/* --- showing the folder of an export -------------------------------------- */

char *
_ms_window_describe_folder_error (const GError *error,
                                  const char   *uri)
{
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *name = parent != NULL ? g_file_get_parse_name (parent) : g_file_get_parse_name (file);
  g_autofree char *folder = ms_display_text (name, -1);

  g_debug ("showing %s: %s", uri, error->message);
  /* No file manager to hand the folder to (GIO's "No application is
   * registered as handling this file"), or one that failed: either way the
   * person needs where the file is, not GIO's words. */
  return g_strdup_printf (_("No file manager could show the folder. The export is in %s"), folder);
}

static void
show_folder_error (MsWindow     *self,
                   const GError *error,
                   const char   *uri)
{
  g_autofree char *text = _ms_window_describe_folder_error (error, uri);
  g_autofree char *markup = g_markup_escape_text (text, -1);   /* a toast's title is markup */
  AdwToast *toast = adw_toast_new (markup);

  adw_toast_set_timeout (toast, 0);
  g_object_set_data_full (G_OBJECT (self), "ms-folder-error", g_strdup (text), g_free);
  _ms_window_add_toast (self, toast);
}

const char *
_ms_window_get_folder_error (MsWindow *self)
{
  return g_object_get_data (G_OBJECT (self), "ms-folder-error");
}

typedef struct {
  MsWindow *self;
  char     *uri;
} ShowItems;

static void
show_items_free (ShowItems *data)
{
  g_object_unref (data->self);
  g_free (data->uri);
  g_free (data);
}

#if GTK_CHECK_VERSION (4, 10, 0)

/* GtkFileLauncher shows the file in its folder through the portal or the
 * file manager, as the desktop does. */
static void
on_folder_opened (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ShowItems *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_file_launcher_open_containing_folder_finish (GTK_FILE_LAUNCHER (source), result, &error) &&
      !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    show_folder_error (data->self, error, data->uri);
  show_items_free (data);
}

void
_ms_window_show_folder (MsWindow   *self,
                        const char *uri)
{
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);
  ShowItems *data = g_new0 (ShowItems, 1);

  data->self = g_object_ref (self);
  data->uri = g_strdup (uri);
  gtk_file_launcher_open_containing_folder (launcher, GTK_WINDOW (self), NULL, on_folder_opened, data);
}

#else /* GTK 4.8: the file manager's D-Bus interface, else the folder's default application */

static void
on_folder_launched (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ShowItems *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    show_folder_error (data->self, error, data->uri);
  show_items_free (data);
}

static void
launch_folder (ShowItems *data)
{
  g_autoptr(GFile) file = g_file_new_for_uri (data->uri);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *folder = parent != NULL ? g_file_get_uri (parent) : NULL;

  if (folder == NULL)
    {
      show_items_free (data);
      return;
    }
  g_app_info_launch_default_for_uri_async (folder, NULL, NULL, on_folder_launched, data);
}

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
      launch_folder (data);
      return;
    }
  show_items_free (data);
}

void
_ms_window_show_folder (MsWindow   *self,
                        const char *uri)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GDBusConnection *bus = app != NULL ? g_application_get_dbus_connection (G_APPLICATION (app)) : NULL;
  const char *uris[] = { uri, NULL };
  ShowItems *data;

  data = g_new0 (ShowItems, 1);
  data->self = g_object_ref (self);
  data->uri = g_strdup (uri);

  if (bus == NULL)
    {
      launch_folder (data);
      return;
    }

  /* Shows the folder with the file selected, as Files and most managers do. */
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

#endif
