/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ms-first-picture.h"
#include "ms-format.h"
#include "ms-pages.h"
#include "ms-reader.h"
#include "ms-reader-private.h"
#include "ms-strip.h"
#include "ms-summary-private.h"
#include "ms-test-util.h"
#include "ms-test-window.h"
#include "ms-window-private.h"

/* Issue 16's first picture in the window: the summary shows its VSS and
 * RSS, and PSS, USS and swap as being read — never as 0 — until the full
 * read replaces it. */

#define N_MAPPINGS 2500

static void
test_summary (void)
{
  int stdin_fd = -1;
  GPid pid = ms_test_bench_child_start (N_MAPPINGS, NULL, &stdin_fd);
  GtkWidget *summary = g_object_ref_sink (ms_summary_new ());
  g_autoptr(MsPageReader) reader = ms_page_reader_new (pid, NULL);
  g_autoptr(MsSnapshot) first = NULL;
  g_autoptr(MsSnapshot) full = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rss = NULL;
  g_autofree char *pss = NULL;

  if (reader == NULL || !ms_page_reader_has_scan (reader))
    {
      g_test_skip ("This kernel has no PAGEMAP_SCAN (Linux 6.7)");
      g_object_unref (summary);
      ms_test_bench_child_stop (pid, stdin_fd);
      return;
    }
  first = ms_read_pid_first (pid, MS_FIRST_PICTURE_MIN_REGIONS, NULL);
  g_assert_nonnull (first);
  full = ms_read_pid (pid, NULL, &error);
  g_assert_no_error (error);

  ms_summary_set_snapshot (MS_SUMMARY (summary), first);
  rss = ms_format_size (first->total.rss);
  g_assert_cmpuint (first->total.rss, >, 0);
  g_assert_cmpstr (_ms_summary_get_figure_text (MS_SUMMARY (summary), 1), ==, rss);
  for (guint figure = 2; figure <= 4; figure++)
    g_assert_cmpstr (_ms_summary_get_figure_text (MS_SUMMARY (summary), figure), ==, "reading…");

  /* the full read: figures again */
  ms_summary_set_snapshot (MS_SUMMARY (summary), full);
  pss = ms_format_size (full->total.pss);
  g_assert_cmpstr (_ms_summary_get_figure_text (MS_SUMMARY (summary), 2), ==, pss);

  g_object_unref (summary);
  ms_test_bench_child_stop (pid, stdin_fd);
}

/* The window's full read, held in the reader's smaps hook until the test
 * lets it go (20 s at most): the first picture stays on screen meanwhile. */
static gint released;

static const char *
hold_smaps (int      pid,
            guint    attempt,
            gpointer user_data)
{
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!g_atomic_int_get (&released) && g_get_monotonic_time () < until)
    g_usleep (10000);
  return NULL;
}

static gboolean
shows_partial (gpointer window)
{
  MsSession *session = _ms_window_get_session (window);

  return session != NULL && ms_snapshot_is_partial (ms_session_get_snapshot (session));
}

/* The window opens a big process: the strip draws the first picture while
 * smaps is read, then the full read replaces it. */
static void
test_window (void)
{
  int stdin_fd = -1;
  GPid pid = ms_test_bench_child_start (N_MAPPINGS, NULL, &stdin_fd);
  g_autoptr(MsPageReader) reader = ms_page_reader_new (pid, NULL);
  MsWindow *window;
  MsSnapshot *shown;

  if (reader == NULL || !ms_page_reader_has_scan (reader))
    {
      g_test_skip ("This kernel has no PAGEMAP_SCAN (Linux 6.7)");
      ms_test_bench_child_stop (pid, stdin_fd);
      return;
    }
  g_usleep (300000);   /* (the child's stdio settles after "ready") */
  g_atomic_int_set (&released, FALSE);
  _ms_reader_set_smaps_hook (hold_smaps, NULL);

  window = ms_test_window_new ();
  ms_window_show_pid (window, pid);
  g_assert_true (ms_test_wait_for (shows_partial, window));
  g_assert_cmpstr (_ms_window_get_page (window), ==, "map");
  shown = ms_strip_get_snapshot (_ms_window_get_strip (window));
  g_assert_true (ms_snapshot_is_partial (shown));
  g_assert_cmpuint (shown->n_regions, >=, N_MAPPINGS);
  ms_test_spin (1500);
  ms_test_let_draw ();
  ms_test_maybe_save_shot (GTK_WIDGET (window));
  g_assert_true (ms_snapshot_is_partial (ms_strip_get_snapshot (_ms_window_get_strip (window))));

  g_atomic_int_set (&released, TRUE);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  _ms_reader_set_smaps_hook (NULL, NULL);
  shown = ms_strip_get_snapshot (_ms_window_get_strip (window));
  g_assert_false (ms_snapshot_is_partial (shown));
  g_assert_cmpuint (shown->total.pss, >, 0);

  ms_test_window_destroy (window);
  ms_test_bench_child_stop (pid, stdin_fd);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/memscape/first-picture-window/summary", test_summary);
  g_test_add_func ("/memscape/first-picture-window/window", test_window);

  return g_test_run ();
}
