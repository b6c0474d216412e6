/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The remote part of the benchmark: a process read through another
 * machine's shell (here this machine's, through `--via sh`, and through ssh
 * to a throw-away sshd on 127.0.0.1), against `cat` of the same smaps run
 * locally, side by side in each round. The connection is made once, as the
 * window keeps it: what is timed is a request and its answer.
 */
#include "config.h"

#include <stdio.h>

#include "ms-benchmark.h"
#include "ms-remote-connection.h"
#include "ms-snapshot.h"
#include "ms-test-util.h"

typedef struct {
  const char         *name;
  MsRemoteConnection *connection;
  GArray             *read;
  GArray             *probe;
} Transport;

static double
time_request (MsRemoteConnection *connection,
              MsRemoteRequest     request,
              int                 pid,
              guint              *n_regions)
{
  g_autoptr(GError) error = NULL;
  double t0 = ms_bench_now_ms ();
  gpointer result = ms_remote_connection_request (connection, request, pid, NULL, &error);
  double ms = ms_bench_now_ms () - t0;

  if (result == NULL)
    g_error ("remote %s failed: %s", request == MS_REMOTE_REQUEST_READ ? "read" : "probe", error->message);
  if (request == MS_REMOTE_REQUEST_READ)
    {
      *n_regions = ((MsSnapshot *) result)->n_regions;
      ms_snapshot_unref (result);
    }
  else
    g_free (result);
  return ms;
}

static void
bench_remote_one (int         n_rounds,
                  int         n_mappings,
                  MsTestSshd *sshd)
{
  BenchChild *child = ms_bench_child_start (n_mappings);
  int pid = ms_bench_child_pid (child);
  g_autofree char *smaps = g_strdup_printf ("/proc/%d/smaps", pid);
  char *cat_argv[] = { (char *) "cat", smaps, NULL };
  g_autoptr(GArray) cat = g_array_new (FALSE, FALSE, sizeof (double));
  Transport transports[2] = { { "sh" }, { "ssh to 127.0.0.1" } };
  guint n_transports = sshd != NULL ? 2 : 1;
  guint n_regions = 0;

  for (guint t = 0; t < n_transports; t++)
    {
      g_autoptr(GError) error = NULL;

      transports[t].connection = ms_remote_connection_new_for_command (t == 0 ? "sh" : sshd->command,
                                                                       MS_REMOTE_AS_USER, NULL, &error);
      g_assert_no_error (error);
      transports[t].read = g_array_new (FALSE, FALSE, sizeof (double));
      transports[t].probe = g_array_new (FALSE, FALSE, sizeof (double));
      /* connected before the first round */
      time_request (transports[t].connection, MS_REMOTE_REQUEST_PROBE, pid, &n_regions);
    }

  for (int round = 0; round < n_rounds; round++)
    {
      double ms = ms_bench_time_command (cat_argv);

      g_array_append_val (cat, ms);
      for (guint t = 0; t < n_transports; t++)
        {
          ms = time_request (transports[t].connection, MS_REMOTE_REQUEST_READ, pid, &n_regions);
          g_array_append_val (transports[t].read, ms);
          ms = time_request (transports[t].connection, MS_REMOTE_REQUEST_PROBE, pid, &n_regions);
          g_array_append_val (transports[t].probe, ms);
        }
    }

  printf ("\nAnother machine's process, %u regions, read through its shell (one connection, made before), "
          "median of %d rounds:\n", n_regions, n_rounds);
  ms_bench_print_row ("cat /proc/PID/smaps, locally (the floor)", ms_bench_median (cat), "of cat", 1.0);
  for (guint t = 0; t < n_transports; t++)
    {
      g_autofree char *read = g_strdup_printf ("full read through %s (read PID: status, smaps, threads)", transports[t].name);
      g_autofree char *probe = g_strdup_printf ("quiet refresh through %s (probe PID: maps, smaps_rollup, status)", transports[t].name);

      ms_bench_print_row (read, ms_bench_median (transports[t].read), "of cat",
                          ms_bench_median_ratio (transports[t].read, cat));
      ms_bench_print_row (probe, ms_bench_median (transports[t].probe), "of cat",
                          ms_bench_median_ratio (transports[t].probe, cat));
      ms_remote_connection_close (transports[t].connection);
      g_object_unref (transports[t].connection);
      g_array_unref (transports[t].read);
      g_array_unref (transports[t].probe);
    }
  if (sshd == NULL)
    printf ("  (no ssh row: sshd could not run here)\n");

  ms_bench_child_stop (child);
}

void
ms_bench_remote (int        n_rounds,
                 const int *mappings)
{
  MsTestSshd *sshd = ms_test_sshd_start ();

  for (const int *n = mappings; *n > 0; n++)
    bench_remote_one (n_rounds, *n, sshd);
  if (sshd != NULL)
    ms_test_sshd_stop (sshd);
}
