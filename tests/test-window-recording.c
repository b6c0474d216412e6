/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ms-reader.h"
#include "ms-recording.h"
#include "ms-test-util.h"
#include "ms-test-window.h"
#include "ms-window-private.h"

/* Recordings in the window: one opened shows its last sample with every
 * sample in the session's history and says it is a recording; Save
 * Recording writes the history of the process watched, without blocking
 * the window. Real windows under Xvfb, on a child process. */

static gboolean
saved (gpointer window)
{
  return _ms_window_get_n_exports (window, NULL) > 0;
}

static char *
record (MsTestChild *child,
        const char  *dir,
        guint        n,
        MsSnapshot **last)
{
  char *path = g_build_filename (dir, "child.memscape", NULL);
  g_autoptr(MsRecordingWriter) writer = NULL;
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  writer = ms_recording_writer_create (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      if (i == 1)
        g_free (ms_test_child_command (child, "map 4"));
      g_clear_pointer (&snapshot, ms_snapshot_unref);
      snapshot = ms_read_pid (child->pid, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (ms_recording_writer_add (writer, g_get_real_time (), snapshot, &error));
    }
  g_assert_true (ms_recording_writer_finish (writer, &error));
  g_assert_no_error (error);
  *last = g_steal_pointer (&snapshot);
  return path;
}

static void
test_open_recording (void)
{
  g_autofree char *dir = g_dir_make_tmp ("memscape-window-recording-XXXXXX", NULL);
  g_autoptr(MsSnapshot) last = NULL;
  g_autofree char *path = NULL;
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = ms_test_window_new ();
  MsSession *session;
  MsSnapshot *shown;

  path = record (child, dir, 3, &last);
  ms_test_child_stop (child);

  ms_window_show_file (window, path);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  session = _ms_window_get_session (window);
  g_assert_cmpint (ms_session_get_state (session), ==, MS_SESSION_FILE);
  g_assert_cmpuint (ms_history_get_n_samples (ms_session_get_history (session)), ==, 3);
  shown = ms_session_get_snapshot (session);
  g_assert_cmpuint (shown->n_regions, ==, last->n_regions);
  g_assert_cmpstr (_ms_window_get_page (window), ==, "map");
  g_assert_cmpstr (_ms_window_get_title (window), ==, last->name);
  g_assert_nonnull (strstr (_ms_window_get_subtitle (window), "Recording"));
  g_assert_nonnull (strstr (_ms_window_get_subtitle (window), "3 samples"));
  g_assert_null (_ms_window_get_capture_problem (window));
  ms_test_let_draw ();

  ms_test_window_destroy (window);
  ms_test_remove_tree (dir);
}

static void
test_open_bad_recording (void)
{
  g_autofree char *dir = g_dir_make_tmp ("memscape-window-recording-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bad.memscape", NULL);
  MsWindow *window = ms_test_window_new ();

  g_assert_true (g_file_set_contents (path, "not a database", -1, NULL));
  ms_window_show_file (window, path);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_assert_cmpint (ms_session_get_state (_ms_window_get_session (window)), ==, MS_SESSION_FAILED);
  g_assert_nonnull (strstr (_ms_window_get_status_text (window), "not an SQLite database"));

  ms_test_window_destroy (window);
  ms_test_remove_tree (dir);
}

static void
test_save_recording (void)
{
  g_autofree char *dir = g_dir_make_tmp ("memscape-window-recording-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "saved.memscape", NULL);
  g_autoptr(MsRecording) recording = NULL;
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = ms_test_window_new ();
  const char *last_error = NULL;
  MsSession *session;
  MsHistory *history;
  guint n;

  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  session = _ms_window_get_session (window);
  /* A few more samples, one after the map changed. */
  g_free (ms_test_child_command (child, "map 2"));
  for (guint i = 0; i < 2; i++)
    {
      ms_session_refresh (session);
      g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
    }
  history = ms_session_get_history (session);
  n = ms_history_get_n_samples (history);
  g_assert_cmpuint (n, >=, 3);

  _ms_window_save_recording_to_path (window, path);
  g_assert_true (ms_test_wait_for (saved, window));
  g_assert_cmpuint (_ms_window_get_n_exports (window, &last_error), ==, 1);
  g_assert_null (last_error);

  recording = ms_recording_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_recording_get_n_samples (recording), >=, n);
  snapshot = ms_recording_get_snapshot (recording, n - 1, &error);
  g_assert_no_error (error);
  {
    g_autoptr(MsSnapshot) expected = ms_history_get_snapshot (history, n - 1);

    g_assert_cmpuint (snapshot->n_regions, ==, expected->n_regions);
    for (guint i = 0; i < expected->n_regions; i++)
      g_assert_true (ms_region_equal (&snapshot->regions[i], &expected->regions[i]));
  }

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
  ms_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/memscape/window-recording/open", test_open_recording);
  g_test_add_func ("/memscape/window-recording/open-bad", test_open_bad_recording);
  g_test_add_func ("/memscape/window-recording/save", test_save_recording);

  return g_test_run ();
}
