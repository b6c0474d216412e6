/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "ms-remote-source.h"
#include "ms-settings.h"
#include "ms-test-util.h"
#include "ms-test-window.h"
#include "ms-window-private.h"

/* The window on another machine's processes (here: this one, through dash):
 * the Connect dialog and its recent connections, the title that says where
 * the process lives, and a lost connection's banner with Reconnect. With
 * MEMSCAPE_TEST_SHOTS=FOLDER it saves what it shows there as PNG, for
 * looking at by hand. */

static void
save_shot (GtkWidget  *widget,
           const char *name)
{
  const char *folder = g_getenv ("MEMSCAPE_TEST_SHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  if (folder == NULL)
    return;
  ms_test_let_draw ();
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_test_message ("%s: nothing drawn (%d × %d)", name, width, height);
      return;
    }
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_strdup_printf ("%s/%s.png", folder, name);
  gdk_texture_save_to_png (texture, path);
}

static gboolean
list_has_pid (gpointer data)
{
  gpointer *args = data;
  MsProcessListView *view = _ms_window_get_process_list (args[0]);
  GListModel *model = G_LIST_MODEL (ms_process_list_view_get_list_model (view));

  return ms_test_find_row (model, GPOINTER_TO_INT (args[1])) != GTK_INVALID_LIST_POSITION;
}

/* The list's title, and the window's. */
static gboolean
is_list_title (GtkWidget     *widget,
               gconstpointer  data)
{
  return ADW_IS_WINDOW_TITLE (widget) &&
         g_strcmp0 (adw_window_title_get_title (ADW_WINDOW_TITLE (widget)), "Processes") == 0;
}

static gboolean
is_process_title (GtkWidget     *widget,
                  gconstpointer  data)
{
  return ADW_IS_WINDOW_TITLE (widget) &&
         g_strcmp0 (adw_window_title_get_title (ADW_WINDOW_TITLE (widget)), "Processes") != 0;
}

static gboolean
session_stopped (gpointer window)
{
  MsSession *session = _ms_window_get_session (window);

  return session != NULL && ms_session_get_state (session) == MS_SESSION_STOPPED;
}

static void
test_lost_and_reconnect (void)
{
  MsWindow *window = ms_test_window_new ();
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MsRemoteConnection) connection = ms_remote_connection_new_for_transport (MS_REMOTE_TRANSPORT_COMMAND, "dash",
                                                                                    MS_REMOTE_AS_USER, NULL, &error);
  gpointer args[2] = { window, GINT_TO_POINTER (child->pid) };
  AdwWindowTitle *title;
  GtkWidget *reconnect;
  MsSource *source;

  g_assert_no_error (error);
  _ms_window_use_remote (window, connection);
  /* the list is the other machine's */
  g_assert_true (ms_test_wait_for (list_has_pid, args));
  /* the list's title, then the window's, say where */
  title = ADW_WINDOW_TITLE (ms_test_find_descendant (GTK_WIDGET (window), is_list_title, NULL));
  g_assert_nonnull (title);
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "on dash");
  title = ADW_WINDOW_TITLE (ms_test_find_descendant (GTK_WIDGET (window), is_process_title, NULL));
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "Memscape");
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "on dash");
  save_shot (GTK_WIDGET (window), "remote-list");

  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  source = ms_session_get_source (_ms_window_get_session (window));
  g_assert_true (MS_IS_REMOTE_SOURCE (source));
  /* where the process lives */
  title = ADW_WINDOW_TITLE (ms_test_find_descendant (GTK_WIDGET (window), is_process_title, NULL));
  g_assert_nonnull (title);
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (title), "on dash"));
  save_shot (GTK_WIDGET (window), "remote-process");

  /* the connection is cut: the last picture stays, with a banner */
  g_assert_cmpint (kill (_ms_remote_connection_get_transport_pid (connection), SIGKILL), ==, 0);
  ms_session_refresh (_ms_window_get_session (window));
  g_assert_true (ms_test_wait_for (session_stopped, window));
  ms_test_let_draw ();
  g_assert_true (_ms_window_get_banner_visible (window));
  g_assert_true (g_str_has_prefix (_ms_window_get_banner_text (window),
                                   "Refreshing stopped: The connection to dash ended"));
  g_assert_cmpstr (_ms_window_get_page (window), ==, "map");
  {
    GtkWidget *label = ms_test_find_label (GTK_WIDGET (window), "Reconnect");

    g_assert_nonnull (label);
    reconnect = gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON);
  }
  g_assert_true (gtk_widget_get_visible (reconnect));
  save_shot (GTK_WIDGET (window), "remote-lost");

  /* Reconnect: a new transport, the process read again */
  g_signal_emit_by_name (reconnect, "clicked");
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_assert_cmpint (ms_session_get_state (_ms_window_get_session (window)), ==, MS_SESSION_LIVE);
  g_assert_false (ms_remote_connection_get_lost (connection));
  g_assert_false (_ms_window_get_banner_visible (window));

  /* and back to this computer */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.this-computer", NULL);
  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_assert_cmpint (ms_source_get_kind (ms_session_get_source (_ms_window_get_session (window))), ==,
                   MS_SOURCE_KIND_LOCAL);

  ms_test_child_stop (child);
  ms_test_window_destroy (window);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (item))
        return ADW_MESSAGE_DIALOG (item);
    }
  return NULL;
}

static void
test_connect_dialog (void)
{
  MsWindow *window = ms_test_window_new ();
  g_autoptr(GSettings) settings = ms_settings_new ();
  g_autoptr(GVariant) recent = NULL;
  AdwMessageDialog *dialog;
  GtkDropDown *transport;
  GtkEntry *entry;
  AdwWindowTitle *title;
  const char *id, *target;
  gboolean as_admin;

  g_settings_reset (settings, "recent-connections");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.connect", NULL);
  ms_test_let_draw ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  /* nothing to connect to yet */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "connect"));
  save_shot (GTK_WIDGET (dialog), "connect-dialog");

  transport = GTK_DROP_DOWN (ms_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN));
  entry = GTK_ENTRY (ms_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_ENTRY));
  gtk_drop_down_set_selected (transport, 2);   /* a command */
  gtk_editable_set_text (GTK_EDITABLE (entry), "sh");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "connect"));
  adw_message_dialog_response (dialog, "connect");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ms_test_let_draw ();

  /* the window reads through it, and remembers it */
  title = ADW_WINDOW_TITLE (ms_test_find_descendant (GTK_WIDGET (window), is_process_title, NULL));
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "on sh");
  recent = g_settings_get_value (settings, "recent-connections");
  g_assert_cmpuint (g_variant_n_children (recent), ==, 1);
  g_variant_get_child (recent, 0, "(&s&sb)", &id, &target, &as_admin);
  g_assert_cmpstr (id, ==, "command");
  g_assert_cmpstr (target, ==, "sh");
  g_assert_false (as_admin);

  /* the dialog offers it again */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.connect", NULL);
  ms_test_let_draw ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  {
    GtkWidget *row = ms_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW);

    g_assert_nonnull (row);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "sh");
  }
  save_shot (GTK_WIDGET (dialog), "connect-dialog-recent");
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_settings_reset (settings, "recent-connections");
  ms_test_window_destroy (window);
}

/* For an Android device the administrator checkbox means su (Android has
 * no sudo): with stand-ins for adb (a dash) and su (Magisk's `su -c`) on
 * PATH, the window reads a process as "root" through it. */
static void
test_connect_android_su (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("memscape-window-remote-XXXXXX", &error);
  g_autofree char *adb = g_build_filename (dir, "adb", NULL);
  g_autofree char *su = g_build_filename (dir, "su", NULL);
  g_autofree char *log = g_build_filename (dir, "log", NULL);
  g_autofree char *su_text = g_strdup_printf ("#!/bin/sh\n[ \"$1\" = -c ] || exit 1\necho \"su $*\" >> %s\n"
                                              "exec sh -c \"$2\"\n", log);
  g_autofree char *old_path = g_strdup (g_getenv ("PATH"));
  g_autofree char *path = g_strdup_printf ("%s:%s", dir, old_path);
  g_autofree char *logged = NULL;
  g_autoptr(GSettings) settings = ms_settings_new ();
  MsWindow *window = ms_test_window_new ();
  MsTestChild *child = ms_test_child_start ();
  AdwMessageDialog *dialog;
  GtkDropDown *transport;
  GtkCheckButton *as_admin;
  MsSource *source;

  g_assert_no_error (error);
  g_file_set_contents_full (adb, "#!/bin/sh\nexec dash\n", -1, G_FILE_SET_CONTENTS_NONE, 0755, &error);
  g_assert_no_error (error);
  g_file_set_contents_full (su, su_text, -1, G_FILE_SET_CONTENTS_NONE, 0755, &error);
  g_assert_no_error (error);
  g_setenv ("PATH", path, TRUE);
  g_settings_reset (settings, "recent-connections");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.connect", NULL);
  ms_test_let_draw ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  transport = GTK_DROP_DOWN (ms_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN));
  as_admin = GTK_CHECK_BUTTON (ms_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON));
  g_assert_cmpstr (gtk_check_button_get_label (as_admin), ==,
                   "As _administrator on the other side (sudo, without a password)");
  gtk_drop_down_set_selected (transport, 1);   /* Android */
  /* the checkbox says su, and is there to tick */
  g_assert_cmpstr (gtk_check_button_get_label (as_admin), ==,
                   "As _administrator on the device (su, which must grant it)");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (as_admin)));
  gtk_check_button_set_active (as_admin, TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "connect"));
  save_shot (GTK_WIDGET (dialog), "connect-dialog-android");
  adw_message_dialog_response (dialog, "connect");
  gtk_window_destroy (GTK_WINDOW (dialog));

  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  source = ms_session_get_source (_ms_window_get_session (window));
  g_assert_true (MS_IS_REMOTE_SOURCE (source));
  g_assert_cmpint (ms_remote_connection_get_as (ms_remote_source_get_connection (MS_REMOTE_SOURCE (source))), ==,
                   MS_REMOTE_AS_SU);
  g_assert_cmpint (ms_session_get_state (_ms_window_get_session (window)), ==, MS_SESSION_LIVE);
  g_file_get_contents (log, &logged, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (logged, ==, "su -c sh\nsu -c sh\n");

  /* back to ssh: sudo again */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.connect", NULL);
  ms_test_let_draw ();
  dialog = find_dialog ();
  transport = GTK_DROP_DOWN (ms_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN));
  as_admin = GTK_CHECK_BUTTON (ms_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON));
  gtk_drop_down_set_selected (transport, 1);
  gtk_drop_down_set_selected (transport, 0);
  g_assert_cmpstr (gtk_check_button_get_label (as_admin), ==,
                   "As _administrator on the other side (sudo, without a password)");
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_setenv ("PATH", old_path, TRUE);
  g_settings_reset (settings, "recent-connections");
  ms_test_child_stop (child);
  ms_test_window_destroy (window);
  g_unlink (adb);
  g_unlink (su);
  g_unlink (log);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/memscape/window-remote/lost-and-reconnect", test_lost_and_reconnect);
  g_test_add_func ("/memscape/window-remote/connect-dialog", test_connect_dialog);
  g_test_add_func ("/memscape/window-remote/connect-android-su", test_connect_android_su);

  return g_test_run ();
}
