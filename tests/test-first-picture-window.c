/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ms-first-picture.h"
#include "ms-format.h"
#include "ms-pages.h"
#include "ms-reader.h"
#include "ms-summary-private.h"
#include "ms-test-util.h"

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

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/memscape/first-picture-window/summary", test_summary);

  return g_test_run ();
}
