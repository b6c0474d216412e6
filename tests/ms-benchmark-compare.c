/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The compare part of the benchmark: comparing two snapshots of a
 * 5 000-mapping process, a few of whose regions changed between them
 * (ms_compare_new: pairing, sums per kind and per owner), and writing the
 * compare CSV, each beside one read of that process (ms_read_pid), measured
 * alternately in the same rounds.
 */
#include "config.h"

#include <stdio.h>

#include "ms-benchmark.h"
#include "ms-compare.h"
#include "ms-compare-export.h"
#include "ms-reader.h"

#define COMPARE_MAPPINGS 5000

void
ms_bench_compare (int n_rounds)
{
  BenchChild *child = ms_bench_child_start_mode (COMPARE_MAPPINGS, "steps");
  int pid = ms_bench_child_pid (child);
  g_autoptr(GArray) reads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) compares = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) csvs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(MsSnapshot) before = ms_read_pid (pid, NULL, NULL);
  g_autoptr(MsSnapshot) after = NULL;
  guint differing = 0, n_regions = 0;

  g_assert_nonnull (before);
  for (int s = 0; s < 5; s++)
    ms_bench_child_step (child);

  for (int round = 0; round < n_rounds * 5; round++)
    {
      g_autoptr(MsCompare) compare = NULL;
      g_autoptr(GString) csv = g_string_sized_new (4096);
      double t0, t1, t2, t3;

      t0 = ms_bench_now_ms ();
      g_clear_pointer (&after, ms_snapshot_unref);
      after = ms_read_pid (pid, NULL, NULL);
      t1 = ms_bench_now_ms ();
      g_assert_nonnull (after);
      compare = ms_compare_new (before, after);
      t2 = ms_bench_now_ms ();
      ms_compare_csv_write (compare, csv);
      t3 = ms_bench_now_ms ();

      g_array_append_vals (reads, &(double) { t1 - t0 }, 1);
      g_array_append_vals (compares, &(double) { t2 - t1 }, 1);
      g_array_append_vals (csvs, &(double) { t3 - t2 }, 1);
      n_regions = after->n_regions;
      differing = n_regions - ms_compare_count (compare, MS_COMPARE_UNCHANGED);
    }

  printf ("\n## Compare with a baseline (%u regions, %u differing, %d rounds)\n\n", n_regions, differing,
          n_rounds * 5);
  ms_bench_print_row ("one read of the process (ms_read_pid)", ms_bench_median (reads), "its own", 1.0);
  ms_bench_print_row ("ms_compare_new: pairs, sums per kind and per owner", ms_bench_median (compares),
                      "of one read", ms_bench_median_ratio (compares, reads));
  ms_bench_print_row ("the compare CSV, in memory", ms_bench_median (csvs),
                      "of one read", ms_bench_median_ratio (csvs, reads));
  ms_bench_child_stop (child);
}
