/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The history part of the benchmark: what MsHistory holds per sample over
 * an hour's worth of refreshes (3 600 by default) of a 5 000-mapping process,
 * read from its /proc as a session reads it (ms_read_pid_figures, the diff,
 * ms_history_add_full), once while it does not change and once while a few
 * of its regions change at every refresh; what scrubbing the timeline back
 * to a sample (making its snapshot again) costs beside one read of the
 * process; and what drawing the timeline of those samples costs.
 */
#include "config.h"

#include <malloc.h>
#include <stdio.h>

#include "ms-benchmark.h"
#include "ms-diff.h"
#include "ms-history.h"
#include "ms-history-private.h"
#include "ms-reader.h"
#include "ms-render-timeline.h"

#define HISTORY_MAPPINGS 5000

/* Bytes malloc has handed out and not had back, in every arena. */
static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

typedef struct {
  const char *what;
  guint       n_regions;
  guint       n_samples;      /* held at the end (fewer: thinned) */
  guint       n_new;          /* refreshes that gave a new snapshot */
  guint64     n_changed;      /* regions those refreshes changed, in all */
  gsize       size;           /* ms_history_get_size() at the end … */
  gsize       size_first;     /* … and after the first sample */
  guint       n_held;         /* samples holding a whole snapshot (keyframes …) */
  gsize       heap;           /* what freeing the history gave back to malloc
                               * (G_MAXSIZE: malloc does not say, as under ASan) */
  double      seconds;        /* the whole recording */
} Recording;

/* @n_samples refreshes of @child after a first read, as a session makes
 * them; the child takes a step before each when @step. The first and the
 * latest snapshots come back in @first and @latest (the history holds them
 * too, and so does a session). */
static MsHistory *
record (BenchChild   *child,
        int           n_samples,
        gboolean      step,
        Recording    *rec,
        MsSnapshot  **first,
        MsSnapshot  **latest)
{
  int pid = ms_bench_child_pid (child);
  MsHistory *history = ms_history_new (MS_HISTORY_DEFAULT_BUDGET);
  MsSnapshot *shown;
  double t0;

  /* The child's first wait for a line gives its stdin a buffer (the heap
   * grows): settled before the first sample. */
  g_usleep (G_USEC_PER_SEC / 4);
  shown = ms_read_pid (pid, NULL, NULL);
  t0 = ms_bench_now_ms ();

  g_assert_nonnull (shown);
  rec->n_regions = shown->n_regions;
  *first = ms_snapshot_ref (shown);
  ms_history_add (history, g_get_real_time (), shown, NULL);
  rec->size_first = ms_history_get_size (history);

  for (int s = 1; s <= n_samples; s++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsDiff) diff = NULL;
      MsFigures figures;
      MsSnapshot *next;

      if (step)
        ms_bench_child_step (child);
      next = ms_read_pid_figures (pid, shown, &figures, NULL, &error);
      g_assert_no_error (error);
      if (next != shown)
        {
          diff = ms_diff_new (shown, next);
          rec->n_new++;
          rec->n_changed += ms_diff_get_n_regions (diff) - ms_diff_count (diff, MS_CHANGE_NONE);
        }
      ms_history_add_full (history, g_get_real_time (), next, diff, &figures);
      ms_snapshot_unref (shown);
      shown = next;
    }

  rec->seconds = (ms_bench_now_ms () - t0) / 1000.0;
  rec->n_samples = ms_history_get_n_samples (history);
  rec->size = ms_history_get_size (history);
  rec->n_held = _ms_history_count_held (history);
  *latest = shown;
  return history;
}

/* Drops @history, whose first and latest snapshots (and the one last made
 * again) the caller still holds: what malloc gets back is what the history
 * alone held. */
static void
drop (MsHistory *history,
      Recording *rec)
{
  gsize before = heap_in_use ();

  g_object_unref (history);
  rec->heap = before == 0 ? G_MAXSIZE : before - MIN (before, heap_in_use ());
}

static void
print_recording (const Recording *rec)
{
  guint n = rec->n_samples - 1;
  gsize added = rec->size - rec->size_first;

  printf ("  %s: %u refreshes (%.1f s), %u new snapshots, %.1f regions changed in each\n",
          rec->what, n, rec->seconds, rec->n_new,
          rec->n_new > 0 ? (double) rec->n_changed / rec->n_new : 0.0);
  printf ("  %-52s %10.1f bytes\n", "history per sample (its own measure)", (double) added / MAX (n, 1));
  if (rec->heap == G_MAXSIZE)
    printf ("  %-52s %10s\n", "history per sample (what malloc got back)", "not known: malloc is not glibc's");
  else
    printf ("  %-52s %10.1f bytes\n", "history per sample (what malloc got back)", (double) rec->heap / MAX (n, 1));
  printf ("  %-52s %10.1f KiB   (%.2f× of one snapshot, %" G_GSIZE_FORMAT " KiB)\n",
          "the history beyond the first and latest snapshots", rec->size / 1024.0,
          (double) rec->size / (double) (rec->n_regions * sizeof (MsRegion)),
          rec->n_regions * sizeof (MsRegion) / 1024);
  printf ("  %-52s %10u%s\n", "samples held", rec->n_samples,
          rec->n_samples < (guint) n + 1 ? " (thinned past the budget)" : "");
  printf ("  %-52s %10u   (the first, the latest and keyframes)\n", "whole snapshots held", rec->n_held);
}

static double
time_scrub (MsHistory   *history,
            guint        index,
            MsSnapshot **kept)
{
  double t0 = ms_bench_now_ms ();
  MsSnapshot *snapshot = ms_history_get_snapshot (history, index);
  double t = ms_bench_now_ms () - t0;

  g_clear_pointer (kept, ms_snapshot_unref);
  *kept = snapshot;
  return t;
}

typedef struct {
  GArray *reads, *far, *middle, *random, *forward, *back, *draw;   /* double, ms */
  guint   most_merged;     /* changes merged into a snapshot, at most */
} Scrub;

static void
scrub_clear (Scrub *scrub)
{
  g_clear_pointer (&scrub->reads, g_array_unref);
  g_clear_pointer (&scrub->far, g_array_unref);
  g_clear_pointer (&scrub->middle, g_array_unref);
  g_clear_pointer (&scrub->forward, g_array_unref);
  g_clear_pointer (&scrub->back, g_array_unref);
  g_clear_pointer (&scrub->random, g_array_unref);
  g_clear_pointer (&scrub->draw, g_array_unref);
}

/* The timeline of @history as the window draws it, 1 600 pixels wide, on
 * an image as the renderer would rasterise it. */
static double
time_draw (MsHistory *history)
{
  MsTimelineStyle style = { MS_HISTORY_RSS, 6, 44, 6, 2, { 0.2, 0.2, 0.2 } };
  int height = (int) ms_render_timeline_height (&style);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1600, height);
  cairo_t *cr = cairo_create (surface);
  double t0 = ms_bench_now_ms (), t;

  ms_render_timeline (cr, &style, history, 1600, NULL);
  cairo_surface_flush (surface);
  t = ms_bench_now_ms () - t0;
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return t;
}

static double
array_max (GArray *samples)
{
  double max = 0;

  for (guint i = 0; i < samples->len; i++)
    max = MAX (max, g_array_index (samples, double, i));
  return max;
}

static void
add (GArray *samples,
     double  ms)
{
  g_array_append_val (samples, ms);
}

/* The timeline's cost: a sample made again after a jump (from the nearest
 * keyframe before it), one step forward from the sample made last, one step
 * back, a random sample, and drawing the whole timeline, each against a
 * full read of the process in the same round. The last snapshot made stays
 * in @kept. */
static void
bench_scrub (MsHistory   *history,
             BenchChild  *child,
             int          n_rounds,
             Scrub       *scrub,
             MsSnapshot **kept)
{
  int pid = ms_bench_child_pid (child);
  guint n = ms_history_get_n_samples (history);

  scrub->reads = g_array_new (FALSE, FALSE, sizeof (double));
  scrub->far = g_array_new (FALSE, FALSE, sizeof (double));
  scrub->middle = g_array_new (FALSE, FALSE, sizeof (double));
  scrub->forward = g_array_new (FALSE, FALSE, sizeof (double));
  scrub->back = g_array_new (FALSE, FALSE, sizeof (double));
  scrub->random = g_array_new (FALSE, FALSE, sizeof (double));
  scrub->draw = g_array_new (FALSE, FALSE, sizeof (double));

  for (int round = 0; round < n_rounds; round++)
    {
      guint last_but_one = n - 2 - (guint) round % (n / 4);
      guint half = n / 2 + (guint) round % (n / 4);
      double t0 = ms_bench_now_ms ();

      {
        g_autoptr(MsSnapshot) s = ms_read_pid (pid, NULL, NULL);

        g_assert_nonnull (s);
        add (scrub->reads, ms_bench_now_ms () - t0);
      }

      /* sample 1 first: no later sample's snapshot is at hand to start from */
      time_scrub (history, 1, kept);
      add (scrub->far, time_scrub (history, last_but_one, kept));
      time_scrub (history, 1, kept);
      add (scrub->middle, time_scrub (history, half, kept));
      add (scrub->forward, time_scrub (history, half + 1, kept));
      add (scrub->back, time_scrub (history, half, kept));
      scrub->most_merged = MAX (scrub->most_merged, _ms_history_get_last_merged (history));
      for (int k = 0; k < 4; k++)
        {
          add (scrub->random, time_scrub (history, (guint) g_random_int_range (1, (gint32) n - 1), kept));
          scrub->most_merged = MAX (scrub->most_merged, _ms_history_get_last_merged (history));
        }
      add (scrub->draw, time_draw (history));
    }
}

static void
print_scrub (const Scrub *scrub)
{
  printf ("Scrubbing the timeline of that history to a sample (its snapshot made again), median of %u rounds:\n",
          scrub->reads->len);
  ms_bench_print_row ("memscape: full read of the process (ms_read_pid)", ms_bench_median (scrub->reads),
                      "of the read", 1.0);
  ms_bench_print_row ("to the sample before the latest (after sample 1)", ms_bench_median (scrub->far),
                      "of the read", ms_bench_median_ratio (scrub->far, scrub->reads));
  ms_bench_print_row ("to a sample half-way (after sample 1)", ms_bench_median (scrub->middle),
                      "of the read", ms_bench_median_ratio (scrub->middle, scrub->reads));
  ms_bench_print_row ("one sample forward (from the one made last)", ms_bench_median (scrub->forward),
                      "of the read", ms_bench_median_ratio (scrub->forward, scrub->reads));
  ms_bench_print_row ("one sample back", ms_bench_median (scrub->back),
                      "of the read", ms_bench_median_ratio (scrub->back, scrub->reads));
  ms_bench_print_row ("to a random sample (4 a round)", ms_bench_median (scrub->random),
                      "of the read", ms_bench_median_ratio (scrub->random, scrub->reads));
  printf ("  %-52s %10.1f ms   (target ≤ 50 ms), %u changes merged at most\n", "to a random sample, the slowest",
          array_max (scrub->random), scrub->most_merged);
  ms_bench_print_row ("drawing the timeline of those samples, 1600 px", ms_bench_median (scrub->draw),
                      "of the read", ms_bench_median_ratio (scrub->draw, scrub->reads));
  printf ("  %-52s %10.2f ms   (target ≤ 4 ms)\n", "drawing the timeline, the slowest", array_max (scrub->draw));
}

void
ms_bench_history (int n_rounds,
                  int n_samples)
{
  printf ("\nThe history over %d refreshes of a %d-mapping process (ms_read_pid_figures, diff, ms_history_add_full):\n",
          n_samples, HISTORY_MAPPINGS);

  {
    BenchChild *child = ms_bench_child_start (HISTORY_MAPPINGS);
    Recording rec = { "unchanged" };
    g_autoptr(MsSnapshot) first = NULL;
    g_autoptr(MsSnapshot) latest = NULL;
    MsHistory *history = record (child, n_samples, FALSE, &rec, &first, &latest);

    drop (history, &rec);
    print_recording (&rec);
    ms_bench_child_stop (child);
  }

  {
    BenchChild *child = ms_bench_child_start_mode (HISTORY_MAPPINGS, "steps");
    Recording rec = { "a few regions changing per refresh" };
    Scrub scrub = { NULL };
    g_autoptr(MsSnapshot) first = NULL;
    g_autoptr(MsSnapshot) latest = NULL;
    g_autoptr(MsSnapshot) kept = NULL;
    MsHistory *history = record (child, n_samples, TRUE, &rec, &first, &latest);

    bench_scrub (history, child, n_rounds, &scrub, &kept);
    drop (history, &rec);
    print_recording (&rec);
    print_scrub (&scrub);
    scrub_clear (&scrub);
    ms_bench_child_stop (child);
  }
}
