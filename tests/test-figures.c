/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ms-figures.h"
#include "ms-local-source.h"
#include "ms-proc.h"
#include "ms-reader.h"
#include "ms-session.h"
#include "ms-test-util.h"

/* The cheap per-process figures read at every refresh: their parsers, and
 * what a live child's refreshes give against its own /proc/PID files. */

static void
test_parse_stat (void)
{
  MsFigures figures = { 0 };

  /* A command name with spaces and parentheses, as the kernel shows it. */
  g_assert_true (ms_figures_set_stat (&figures,
                                      "4242 (a (b) c) S 1 4242 4242 0 -1 4194560 1234 0 56 0 7 3 0 0 20 0 3 0\n"));
  g_assert_cmpuint (figures.present, ==, MS_FIGURES_FAULTS);
  g_assert_cmpuint (figures.minor_faults, ==, 1234);
  g_assert_cmpuint (figures.major_faults, ==, 56);

  memset (&figures, 0, sizeof figures);
  g_assert_false (ms_figures_set_stat (&figures, "4242 (cut) S 1 2 3"));
  g_assert_false (ms_figures_set_stat (&figures, "no parenthesis at all"));
  g_assert_false (ms_figures_set_stat (&figures, "1 (x) S 1 1 1 0 -1 0 minflt 0 x"));
  g_assert_false (ms_figures_set_stat (&figures, ""));
  g_assert_cmpuint (figures.present, ==, 0);
}

static void
test_parse_rollup (void)
{
  MsFigures figures = { 0 };

  g_assert_true (ms_figures_set_rollup (&figures,
                                        "55d0c0a00000-7ffd2f3c1000 ---p 00000000 00:00 0 [rollup]\n"
                                        "Rss:                1424 kB\nPss:                 402 kB\n"
                                        "Pss_Dirty:           100 kB\nSwap:                  8 kB\nSwapPss:   8 kB\n"));
  g_assert_cmpuint (figures.pss, ==, 402 * 1024);
  g_assert_cmpuint (figures.swap, ==, 8 * 1024);
  g_assert_cmpuint (figures.rss, ==, 1424 * 1024);
  g_assert_true (figures.present & MS_FIGURES_TOTALS);

  memset (&figures, 0, sizeof figures);
  g_assert_false (ms_figures_set_rollup (&figures, "garbage\n"));
  g_assert_false (ms_figures_set_rollup (&figures, "\nPss: lots\n"));
  g_assert_cmpuint (figures.present, ==, 0);
}

/* The value of @name ("\nRssAnon:") in @pid's own file @file: in bytes
 * for a "kB" line, else as it is (a count). */
static guint64
proc_value (int         pid,
            const char *file,
            const char *name)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/%s", pid, file);
  g_autofree char *text = NULL;
  const char *p;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  p = strstr (text, name);
  g_assert_nonnull (p);
  p += strlen (name);
  {
    char *end;
    guint64 value = g_ascii_strtoull (p, &end, 10);

    return g_str_has_prefix (end, " kB") ? value * 1024 : value;
  }
}

static guint64
proc_faults (int   pid,
             guint field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  fields = g_strsplit (strrchr (text, ')') + 2, " ", -1);
  return g_ascii_strtoull (fields[field], NULL, 10);
}

/* A full read and then a quiet one (nothing changed: the same snapshot)
 * both give figures that match the child's status, smaps_rollup and stat;
 * pages it touches show as minor faults at the next refresh. */
static void
test_live_child (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSnapshot) first = NULL;
  g_autoptr(MsSnapshot) again = NULL;
  g_autoptr(MsSnapshot) after = NULL;
  MsFigures figures, quiet, later;
  guint64 pss_before, pss_after;

  first = ms_read_pid_figures (child->pid, NULL, &figures, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (figures.present, ==, MS_FIGURES_TOTALS | MS_FIGURES_STATUS | MS_FIGURES_FAULTS);
  g_assert_cmpuint (figures.vss, ==, proc_value (child->pid, "status", "\nVmSize:"));
  g_assert_cmpuint (figures.rss, ==, proc_value (child->pid, "status", "\nVmRSS:"));
  g_assert_cmpuint (figures.rss_anon, ==, proc_value (child->pid, "status", "\nRssAnon:"));
  g_assert_cmpuint (figures.rss_file, ==, proc_value (child->pid, "status", "\nRssFile:"));
  g_assert_cmpuint (figures.rss_shmem, ==, proc_value (child->pid, "status", "\nRssShmem:"));
  g_assert_cmpuint (figures.threads, ==, proc_value (child->pid, "status", "\nThreads:"));
  g_assert_cmpuint (figures.threads, ==, 3);
  g_assert_cmpuint (figures.pss, ==, first->total.pss);
  g_assert_cmpuint (figures.swap, ==, first->total.swap);
  g_assert_cmpuint (figures.minor_faults, >, 0);
  g_assert_cmpuint (figures.minor_faults, <=, proc_faults (child->pid, 7));
  g_assert_cmpuint (figures.major_faults, <=, proc_faults (child->pid, 9));

  /* Quiet: the same snapshot, figures from smaps_rollup and status. (PSS
   * moves as other processes map or drop the same pages: it is read before
   * and after, and the refresh's is about the same: within 2 %.) */
  pss_before = proc_value (child->pid, "smaps_rollup", "\nPss:");
  again = ms_read_pid_figures (child->pid, first, &quiet, NULL, &error);
  pss_after = proc_value (child->pid, "smaps_rollup", "\nPss:");
  g_assert_no_error (error);
  g_assert_true (again == first);
  g_assert_cmpuint (quiet.present, ==, MS_FIGURES_TOTALS | MS_FIGURES_STATUS | MS_FIGURES_FAULTS);
  g_assert_cmpuint (quiet.pss, >=, MIN (pss_before, pss_after) - MIN (pss_before, pss_after) / 50);
  g_assert_cmpuint (quiet.pss, <=, MAX (pss_before, pss_after) + MAX (pss_before, pss_after) / 50);
  g_assert_cmpuint (quiet.rss_anon, ==, proc_value (child->pid, "status", "\nRssAnon:"));
  g_assert_cmpuint (quiet.vss, ==, proc_value (child->pid, "status", "\nVmSize:"));
  g_assert_cmpuint (quiet.threads, ==, 3);

  /* 64 pages touched: 64 more minor faults at least, 256 KiB more. */
  g_free (ms_test_child_command (child, "map 64"));
  after = ms_read_pid_figures (child->pid, first, &later, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (after != first);
  g_assert_cmpuint (later.minor_faults, >=, quiet.minor_faults + 64);
  g_assert_cmpuint (later.rss_anon, >=, quiet.rss_anon + 64 * 4096);
  g_assert_cmpuint (later.vss, ==, quiet.vss + 64 * 4096);

  ms_test_child_stop (child);
}

/* A session keeps each refresh's figures in its history; a capture has the
 * totals only. */
static void
test_session (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSource) source = ms_local_source_new ();
  g_autoptr(MsSession) session = ms_session_new (source, child->pid);
  g_autoptr(MsSession) capture = NULL;
  g_autofree char *fixture = ms_test_fixture_path ("c-sleep.smaps");
  MsHistory *history = ms_session_get_history (session);
  const MsFigures *figures;

  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
  g_free (ms_test_child_command (child, "map 16"));
  ms_session_refresh (session);
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));

  g_assert_cmpuint (ms_history_get_n_samples (history), ==, 2);
  figures = ms_history_get_figures (history, 1);
  g_assert_cmpuint (figures->present, ==, MS_FIGURES_TOTALS | MS_FIGURES_STATUS | MS_FIGURES_FAULTS);
  g_assert_cmpuint (figures->minor_faults, >=, ms_history_get_figures (history, 0)->minor_faults + 16);
  g_assert_cmpuint (figures->threads, ==, 3);
  g_assert_cmpuint (figures->rss_anon, ==, proc_value (child->pid, "status", "\nRssAnon:"));

  capture = ms_session_new_for_file (fixture);
  g_assert_true (ms_test_wait_for (ms_test_session_settled, capture));
  figures = ms_history_get_figures (ms_session_get_history (capture), 0);
  g_assert_cmpuint (figures->present, ==, MS_FIGURES_TOTALS);
  g_assert_cmpuint (figures->rss, ==, ms_session_get_snapshot (capture)->total.rss);

  ms_test_child_stop (child);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/figures/parse-stat", test_parse_stat);
  g_test_add_func ("/memscape/figures/parse-rollup", test_parse_rollup);
  g_test_add_func ("/memscape/figures/live-child", test_live_child);
  g_test_add_func ("/memscape/figures/session", test_session);

  return g_test_run ();
}
