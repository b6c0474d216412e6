/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shared by the parts of the benchmark. */
typedef struct _BenchChild BenchChild;

BenchChild *ms_bench_child_start (int         n_mappings);
/* The same, mapping and unmapping a region every 700 ms. */
BenchChild *ms_bench_child_start_churning (int n_mappings);
int         ms_bench_child_pid   (BenchChild *child);
void        ms_bench_child_stop  (BenchChild *child);

/* Back to every CPU this process was allowed (the app's measurements). */
void        ms_bench_unpin       (void);

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

G_END_DECLS
