/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The recording part of the benchmark: `memscape --record`'s work, done
 * in-process, over an hour's worth of samples (3 600 by default) of a
 * 5 000-mapping process whose figures move in a few regions at each: the
 * bytes the recording grows by per sample on disk (the database and its
 * log), and the cost of writing one sample beside the kernel's own cost of
 * producing its smaps (read as `cat` does) and beside Memscape's read of
 * it, measured side by side at every sample; then what opening the whole
 * recording as the window does (every sample into a history) costs.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/stat.h>

#include "ms-benchmark.h"
#include "ms-reader.h"
#include "ms-recording.h"

#define RECORDING_MAPPINGS 5000

static void
add (GArray *samples,
     double  ms)
{
  g_array_append_val (samples, ms);
}

/* The file and its log, as they are on disk. */
static guint64
file_size (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  struct stat st;
  guint64 size = 0;

  if (stat (path, &st) == 0)
    size += (guint64) st.st_size;
  if (stat (wal, &st) == 0)
    size += (guint64) st.st_size;
  return size;
}

void
ms_bench_recording (int n_rounds,
                    int n_samples)
{
  g_autofree char *dir = g_dir_make_tmp ("memscape-bench-recording-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.memscape", NULL);
  g_autofree char *one = g_build_filename (dir, "one.memscape", NULL);
  g_autoptr(GArray) cat = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) reads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) writes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) opens = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) open_reads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  BenchChild *child = ms_bench_child_start_mode (RECORDING_MAPPINGS, "steps");
  int pid = ms_bench_child_pid (child);
  g_autofree char *smaps = g_strdup_printf ("/proc/%d/smaps", pid);
  MsRecordingWriter *writer;
  MsSnapshot *shown;
  guint64 size_first, size_largest = 0, size_finished;
  guint n_regions;
  double t0;

  printf ("\nA recording of %d samples of a %d-mapping process, a few regions changing at each "
          "(ms_read_pid_since, then ms_recording_writer_add: one transaction a sample):\n",
          n_samples, RECORDING_MAPPINGS);

  g_usleep (G_USEC_PER_SEC / 4);
  writer = ms_recording_writer_create (path, &error);
  g_assert_no_error (error);
  shown = ms_read_pid (pid, NULL, &error);
  g_assert_no_error (error);
  n_regions = shown->n_regions;
  g_assert_true (ms_recording_writer_add (writer, g_get_real_time (), shown, &error));
  /* What the first sample alone takes, finished: the base of the growth. */
  {
    MsRecordingWriter *first = ms_recording_writer_create (one, &error);

    g_assert_no_error (error);
    g_assert_true (ms_recording_writer_add (first, g_get_real_time (), shown, &error));
    g_assert_true (ms_recording_writer_finish (first, &error));
    ms_recording_writer_free (first);
    size_first = file_size (one);
    g_remove (one);
  }

  for (int s = 1; s <= n_samples; s++)
    {
      MsSnapshot *next;

      ms_bench_child_step (child);

      /* the floor, moments before: the kernel making this process's smaps */
      t0 = ms_bench_now_ms ();
      ms_bench_read_like_cat (smaps);
      add (cat, ms_bench_now_ms () - t0);

      t0 = ms_bench_now_ms ();
      next = ms_read_pid_since (pid, shown, NULL, &error);
      g_assert_no_error (error);
      add (reads, ms_bench_now_ms () - t0);

      t0 = ms_bench_now_ms ();
      g_assert_true (ms_recording_writer_add (writer, g_get_real_time (), next, &error));
      add (writes, ms_bench_now_ms () - t0);

      ms_snapshot_unref (shown);
      shown = next;
      size_largest = MAX (size_largest, file_size (path));
    }
  g_assert_true (ms_recording_writer_finish (writer, &error));
  ms_recording_writer_free (writer);
  size_finished = file_size (path);

  /* Opening it as the window does, beside a read of the process. */
  for (int round = 0; round < n_rounds; round++)
    {
      g_autoptr(MsRecording) recording = NULL;
      g_autoptr(MsHistory) history = NULL;

      t0 = ms_bench_now_ms ();
      {
        g_autoptr(MsSnapshot) s = ms_read_pid (pid, NULL, &error);

        g_assert_no_error (error);
      }
      add (open_reads, ms_bench_now_ms () - t0);

      t0 = ms_bench_now_ms ();
      recording = ms_recording_open (path, &error);
      g_assert_no_error (error);
      history = ms_recording_build_history (recording, G_MAXSIZE / 2, NULL, &error);
      g_assert_no_error (error);
      add (opens, ms_bench_now_ms () - t0);
      g_assert_cmpuint (ms_history_get_n_samples (history), ==, (guint) n_samples + 1);
    }

  printf ("  %-52s %10.1f bytes   (the first sample, %u regions, alone: %.0f KiB)\n",
          "recording per sample, on disk (finished file)",
          (double) (size_finished - size_first) / n_samples, n_regions, size_first / 1024.0);
  printf ("  %-52s %10.2f MiB   (%.2f MiB for 3 600 samples at that rate; target ≤ 20)\n",
          "the whole recording, finished", size_finished / 1048576.0,
          (size_first + (double) (size_finished - size_first) / n_samples * 3600) / 1048576.0);
  printf ("  %-52s %10.2f MiB   (file and write-ahead log, while recording)\n",
          "the most it took on disk", size_largest / 1048576.0);
  printf ("Per sample, median of %d (each against the kernel's smaps read moments before):\n", n_samples);
  ms_bench_print_row ("cat /proc/PID/smaps (in-process, the floor)", ms_bench_median (cat), "of cat", 1.0);
  ms_bench_print_row ("memscape: read (ms_read_pid_since)", ms_bench_median (reads), "of cat",
                      ms_bench_median_ratio (reads, cat));
  ms_bench_print_row ("memscape: write one sample (ms_recording_writer_add)", ms_bench_median (writes), "of cat",
                      ms_bench_median_ratio (writes, cat));
  printf ("Opening the recording as the window does (every sample into a history), median of %d rounds:\n", n_rounds);
  ms_bench_print_row ("memscape: full read of the process (ms_read_pid)", ms_bench_median (open_reads),
                      "of the read", 1.0);
  ms_bench_print_row ("open and build the history", ms_bench_median (opens), "of the read",
                      ms_bench_median_ratio (opens, open_reads));

  ms_snapshot_unref (shown);
  ms_bench_child_stop (child);
  g_remove (path);
  g_rmdir (dir);
}
