/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-export-format.h"
#include "ms-map-view.h"
#include "ms-process-list-view.h"
#include "ms-remote-connection.h"
#include "ms-session.h"
#include "ms-window.h"

G_BEGIN_DECLS

/* Shared by ms-window.c and ms-window-export.c. */
MsSnapshot        *_ms_window_get_snapshot       (MsWindow   *self);
MsStrip           *_ms_window_get_strip          (MsWindow   *self);
void               _ms_window_add_toast          (MsWindow   *self,
                                                  AdwToast   *toast);
void               _ms_window_export             (MsWindow   *self);
void               _ms_window_open_capture       (MsWindow   *self);
/* Asks for one file to open (GtkFileDialog from GTK 4.10, else
 * GtkFileChooserNative) and calls @chosen with its path unless cancelled;
 * @accept_label NULL is "_Open", @filters (of GtkFileFilter) may be NULL. */
typedef void (*MsWindowPathFunc) (MsWindow   *self,
                                  const char *path);
void               _ms_window_choose_file_to_open (MsWindow         *self,
                                                   const char       *title,
                                                   const char       *accept_label,
                                                   GListModel       *filters,
                                                   MsWindowPathFunc  chosen);
void               _ms_window_show_folder        (MsWindow   *self,
                                                  const char *uri);
/* What a toast says when the folder of @uri could not be shown, and the
 * last such text shown (NULL for none; for tests). */
char              *_ms_window_describe_folder_error (const GError *error,
                                                     const char   *uri);
const char        *_ms_window_get_folder_error   (MsWindow   *self);
/* "<name>-<pid>-<YYYYmmdd-HHMMSS>.<extension>" for @snapshot. */
char              *_ms_window_suggest_file_name  (MsSnapshot *snapshot,
                                                  const char *extension);
/* @name with the extension of @format in place of a format's (or added). */
char              *_ms_window_name_for_format    (const char *name,
                                                  const MsExportFormatInfo *format);
/* The name to export to, from the name given and the format chosen in the
 * dialog, which offered @suggested first: keeps the two in step. */
char              *_ms_window_reconcile_export_name (const char *name,
                                                     const MsExportFormatInfo *suggested,
                                                     const MsExportFormatInfo *chosen);
/* The export dialog (a GtkFileChooser) while it shows with GTK 4.8, else
 * NULL; for tests. */
GtkWidget         *_ms_window_get_export_chooser (MsWindow   *self);
/* Writes on a worker thread; a toast tells how it went. */
void               _ms_window_export_to_path     (MsWindow   *self,
                                                  const char *path);
void               _ms_window_note_export        (MsWindow     *self,
                                                  const GError *error);
/* The toast after writing @path: @title (markup); on @error it stays until
 * dismissed, else it offers to open the folder. Notes the export. */
void               _ms_window_toast_written      (MsWindow     *self,
                                                  const char   *path,
                                                  const GError *error,
                                                  const char   *title);

/* ms-window-capture.c: the subtitle of a captured file, and the banner's
 * text for one that is cut short or damaged (NULL when it is whole). */
char              *_ms_window_describe_capture   (const MsSnapshot *snapshot);
char              *_ms_window_describe_capture_problem (const MsSnapshot *snapshot);
/* ms-window-recording.c: whether @session shows a recording, the subtitle
 * of one, and Save Recording (the file chooser, and the writing of the
 * session's history on a worker thread; a toast tells how it went and
 * counts as an export for _ms_window_get_n_exports()). */
gboolean           _ms_window_is_recording       (MsSession  *session);
char              *_ms_window_describe_recording (MsSession  *session);
void               _ms_window_save_recording     (MsWindow   *self);
void               _ms_window_save_recording_to_path (MsWindow   *self,
                                                      const char *path);
/* Files dropped onto the window are opened as captures. */
void               _ms_window_init_drop_target   (MsWindow   *self);

/* ms-window-compare.c: the actions that pin a baseline (Ctrl+B), compare
 * with a captured file, and stop comparing; which of them are enabled. */
void               _ms_window_class_init_compare (GtkWidgetClass *widget_class);
void               _ms_window_update_compare_actions (MsWindow *self);
/* ms-window-remote.c: the Connect dialog; the window on another
 * machine's processes, or back on this computer's. */
void               _ms_window_connect            (MsWindow   *self);
void               _ms_window_use_remote         (MsWindow           *self,
                                                  MsRemoteConnection *connection);
void               _ms_window_use_this_computer  (MsWindow   *self);

/* For the widget tests. */
/* The session shown, or NULL: a new one each time another process (or the
 * same one as administrator, or a capture) is chosen. */
MsSession         *_ms_window_get_session        (MsWindow   *self);
/* Reads this user's processes (sessions to come and the list) from @source. */
void               _ms_window_set_source         (MsWindow   *self,
                                                  MsSource   *source);
MsMapView         *_ms_window_get_map_view       (MsWindow   *self);
MsProcessListView *_ms_window_get_process_list   (MsWindow   *self);
const char        *_ms_window_get_page           (MsWindow   *self);
const char        *_ms_window_get_status_text    (MsWindow   *self);
gboolean           _ms_window_get_banner_visible (MsWindow   *self);
const char        *_ms_window_get_banner_text    (MsWindow   *self);
/* The capture banner's text while it shows, else NULL. */
const char        *_ms_window_get_capture_problem (MsWindow  *self);
const char        *_ms_window_get_title          (MsWindow   *self);
const char        *_ms_window_get_subtitle       (MsWindow   *self);
GtkWidget         *_ms_window_get_admin_button   (MsWindow   *self);
gboolean           _ms_window_get_admin_indicator_visible (MsWindow *self);
/* The one-line error under "Read as Administrator", NULL when none shows. */
const char        *_ms_window_get_denied_error   (MsWindow   *self);
/* What the Cancel button of "Waiting for Authentication" does. */
void               _ms_window_cancel_authentication (MsWindow *self);
/* How many exports finished since the window opened, and the last error. */
guint              _ms_window_get_n_exports      (MsWindow   *self,
                                                  const char **last_error);

G_END_DECLS
