/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-map-view.h"
#include "ms-process-list-view.h"
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
void               _ms_window_show_folder        (MsWindow   *self,
                                                  const char *uri);
/* "<name>-<pid>-<YYYYmmdd-HHMMSS>.<extension>" for @snapshot. */
char              *_ms_window_suggest_file_name  (MsSnapshot *snapshot,
                                                  const char *extension);
/* Writes on a worker thread; a toast tells how it went. */
void               _ms_window_export_to_path     (MsWindow   *self,
                                                  const char *path);
void               _ms_window_note_export        (MsWindow     *self,
                                                  const GError *error);

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
