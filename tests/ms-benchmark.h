/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shared by the parts of the benchmark. */
typedef struct _BenchChild BenchChild;

BenchChild *ms_bench_child_start (int         n_mappings);
/* The same, mapping and unmapping a region every 700 ms. */
BenchChild *ms_bench_child_start_churning (int n_mappings);
/* The same in one of ms-bench-child's modes: "churn", "restless" (its map
 * changes 20 times a second) or "steps" (a few regions change at each
 * ms_bench_child_step()); NULL for none. */
BenchChild *ms_bench_child_start_mode (int         n_mappings,
                                       const char *mode);
/* "steps" mode: changes a few regions, and returns once they changed. */
void        ms_bench_child_step  (BenchChild *child);
int         ms_bench_child_pid   (BenchChild *child);
void        ms_bench_child_stop  (BenchChild *child);

double      ms_bench_now_ms      (void);
/* What `cat` does, in-process: read(2) the whole file through a 128 KiB
 * buffer. Returns the bytes read. */
gsize       ms_bench_read_like_cat (const char *path);
/* Runs @argv (searched in PATH), its output to /dev/null; milliseconds. */
double      ms_bench_time_command (char     **argv);

/* Back to every CPU this process was allowed (the app's measurements). */
void        ms_bench_unpin       (void);
/* Back on the one CPU after ms_bench_unpin(), when the run was pinned. */
void        ms_bench_repin       (void);

double      ms_bench_median      (GArray     *samples);
double      ms_bench_median_ratio (GArray    *a,
                                  GArray     *b);
void        ms_bench_print_row   (const char *name,
                                  double      median_ms,
                                  const char *against,
                                  double      ratio);

/* ms-benchmark-drawing.c: the strip, a refresh cycle, and the app itself
 * (when @app_seconds > 0 and there is a display). */
void        ms_bench_drawing     (int         n_rounds,
                                  int         app_seconds);

/* ms-benchmark-refresh.c: a quiet refresh through the local reader and
 * through the helper (run directly, as this user: no pkexec) on processes of
 * each of @mappings (0-terminated); and how many tries a read of a restless
 * process of @restless_mappings takes. */
void        ms_bench_refresh     (int         n_rounds,
                                  const int  *mappings);
void        ms_bench_torn_reads  (int         n_rounds,
                                  int         restless_mappings);

/* ms-benchmark-history.c: the history's memory per sample over @n_samples
 * refreshes of a 5 000-mapping process, unchanged and with a few regions
 * changing per refresh, and the cost of scrubbing back to a sample. */
void        ms_bench_history     (int         n_rounds,
                                  int         n_samples);

/* ms-benchmark-pages.c: a region's pages through the page reader beside
 * PAGEMAP_SCAN's and pagemap's own cost (issue 16). */
void        ms_bench_pages       (int         n_rounds);
void        ms_bench_first_picture (int       n_rounds);

/* ms-benchmark-system.c: the whole-system read (issue 15) with @n_extra
 * more processes running, against cat of the same files and smem. */
void        ms_bench_system      (int         n_rounds,
                                  int         n_extra);
/* ms-benchmark-compare.c: comparing two snapshots of a 5 000-mapping
 * process (ms_compare_new) and writing the compare CSV, beside one read. */
void        ms_bench_compare     (int         n_rounds);

/* ms-benchmark-recording.c: a recording of @n_samples samples of a
 * 5 000-mapping process with a few regions changing per sample: bytes per
 * sample and the write cost per sample beside the kernel's read, and the
 * cost of opening it whole. */
void        ms_bench_recording   (int         n_rounds,
                                  int         n_samples);
/* ms-benchmark-remote.c: a process of each of @mappings (0-terminated) read
 * through `sh` and through ssh to a throw-away sshd on 127.0.0.1 (one
 * connection each), against `cat` of its smaps locally. */
void        ms_bench_remote      (int         n_rounds,
                                  const int  *mappings);
G_END_DECLS
