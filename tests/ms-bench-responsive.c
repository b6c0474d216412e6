/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the benchmark: is the window responsive while it watches a process of
 * tens of thousands of mappings that changes every 700 ms? The real window
 * (MsWindow) shows the process given by PID, refreshing every second, and a
 * timer that should fire every 5 ms measures how late the main loop runs
 * it: any work that blocks the main thread (a read, a diff, a relayout, a
 * redraw) shows up as lateness. Measured from 3 s after the first picture
 * is up. Prints how many new snapshots the window took, and the worst, the
 * 99th percentile and the median lateness; on stderr, when the worst came.
 *
 * Usage: ms-bench-responsive PID SECONDS (under a display)
 */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>

#include "ms-session.h"
#include "ms-window.h"
#include "ms-window-private.h"

#define TICK_MS 5

typedef struct {
  gint64  start;
  gint64  last;
  GArray *lateness;     /* double, ms */
  guint   snapshots;
  double  worst;
  double  worst_at;     /* s from the start */
} Probe;

static gboolean
on_tick (gpointer data)
{
  Probe *probe = data;
  gint64 now = g_get_monotonic_time ();
  double late = (double) (now - probe->last) / 1000.0 - TICK_MS;

  g_array_append_val (probe->lateness, late);
  if (late > probe->worst)
    {
      probe->worst = late;
      probe->worst_at = (double) (now - probe->start) / G_USEC_PER_SEC;
    }
  probe->last = now;
  return G_SOURCE_CONTINUE;
}

static void
on_snapshot (Probe *probe)
{
  probe->snapshots++;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  Probe probe = { 0 };
  MsWindow *window;
  MsSession *session;
  int pid, seconds;
  gint64 until;
  guint source;

  if (argc != 3)
    {
      g_printerr ("Usage: %s PID SECONDS\n", argv[0]);
      return 2;
    }
  pid = atoi (argv[1]);
  seconds = atoi (argv[2]);

  gtk_init ();
  adw_init ();

  window = ms_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  ms_window_show_pid (window, pid);
  session = _ms_window_get_session (window);

  /* Until the first picture is up; it is not what is measured. */
  until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (ms_session_get_state (session) != MS_SESSION_LIVE && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  if (ms_session_get_state (session) != MS_SESSION_LIVE)
    {
      g_printerr ("The window did not show process %d\n", pid);
      return 1;
    }
  ms_refresh_policy_set_interval (ms_session_get_policy (session), 1000);

  /* The first frames and the process list's first read are the window
   * starting, not watching: 3 s to settle. */
  until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect_swapped (session, "notify::snapshot", G_CALLBACK (on_snapshot), &probe);

  probe.lateness = g_array_new (FALSE, FALSE, sizeof (double));
  probe.start = probe.last = g_get_monotonic_time ();
  source = g_timeout_add (TICK_MS, on_tick, &probe);
  until = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);

  g_array_sort (probe.lateness, compare_doubles);
  if (probe.lateness->len == 0)
    return 1;
  g_printerr ("worst at %.1f s\n", probe.worst_at);
  printf ("%u %.1f %.1f %.1f\n", probe.snapshots,
          g_array_index (probe.lateness, double, probe.lateness->len - 1),
          g_array_index (probe.lateness, double, probe.lateness->len * 99 / 100),
          g_array_index (probe.lateness, double, probe.lateness->len / 2));

  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (probe.lateness);
  return 0;
}
