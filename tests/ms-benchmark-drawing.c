/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The drawing and live-refresh parts of the benchmark: the strip at 65 530
 * regions, one refresh cycle of a 5 000-region process, and — when there is
 * a display — the app's CPU use over a minute of refreshes and its resident
 * memory against a bare libadwaita window.
 */
#include "config.h"

#include <cairo.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-benchmark.h"
#include "ms-diff.h"
#include "ms-layout.h"
#include "ms-reader.h"
#include "ms-render.h"
#include "ms-test-util.h"

static double
now_ms (void)
{
  return (double) g_get_monotonic_time () / 1000.0;
}

/* smaps text of @n regions that look like a big real process: libraries,
 * anonymous arenas, guard pages and thread stacks, with gaps between groups. */
static GString *
synthetic_smaps (guint n)
{
  static const char *counters =
    "Size:                  4 kB\nKernelPageSize:        4 kB\nMMUPageSize:           4 kB\n"
    "Rss:                   4 kB\nPss:                   2 kB\nPss_Dirty:             0 kB\n"
    "Shared_Clean:          4 kB\nShared_Dirty:          0 kB\nPrivate_Clean:         0 kB\n"
    "Private_Dirty:         0 kB\nReferenced:            4 kB\nAnonymous:             0 kB\n"
    "Swap:                  0 kB\nSwapPss:               0 kB\nLocked:                0 kB\n"
    "VmFlags: rd mr mw me \n";
  GString *text = g_string_sized_new ((gsize) n * 600);
  guint64 address = 0x7f0000000000;

  for (guint i = 0; i < n; i++)
    {
      static const char *perms[] = { "r--p", "r-xp", "r--p", "rw-p", "rw-p", "---p", "rw-p", "rw-s" };
      guint group = i / 8;
      const char *p = perms[i % 8];
      guint64 size = 4096 * (guint64) (1 + (i * 7919) % 64);

      if (i % 8 < 4)
        g_string_append_printf (text, "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x %s 00000000 fd:01 %u /usr/lib/lib%u.so\n",
                                address, address + size, p, 1000 + group, group);
      else if (i % 8 == 7)
        g_string_append_printf (text, "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x %s 00000000 00:01 %u /memfd:pool%u (deleted)\n",
                                address, address + size, p, 5000 + group, group);
      else
        g_string_append_printf (text, "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x %s 00000000 00:00 0\n",
                                address, address + size, p);
      g_string_append (text, counters);
      address += size + (i % 8 == 7 ? 0x100000 : 0);
    }

  return text;
}

static double
draw_once (MsSnapshot  *snapshot,
           double       view_start,
           double       view_end,
           int          width,
           int          height,
           gboolean     new_layout,
           MsLayout   **layout)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  cairo_rectangle_t area = { 0, 0, width, height };
  MsRenderOptions options;
  double t0 = now_ms ();

  if (new_layout || *layout == NULL)
    {
      g_clear_pointer (layout, ms_layout_unref);
      *layout = ms_layout_new (snapshot, MS_SCALE_PROPORTIONAL);
    }
  ms_render_options_init (&options);
  options.view_start = view_start;
  options.view_end = view_end;
  ms_render_strip (cr, *layout, &options, &area);
  cairo_surface_flush (surface);
  t0 = now_ms () - t0;

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return t0;
}

static void
bench_strip (int n_rounds)
{
  g_autoptr(GString) text = synthetic_smaps (65530);
  g_autoptr(MsSnapshot) snapshot = ms_read_text (text->str, text->len, "synthetic", NULL);
  g_autoptr(GArray) layout_and_draw = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) draw_full = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) draw_zoomed = g_array_new (FALSE, FALSE, sizeof (double));
  MsLayout *layout = NULL;

  g_assert_nonnull (snapshot);
  g_assert_cmpuint (snapshot->n_regions, ==, 65530);

  for (int round = 0; round < n_rounds * 3; round++)
    {
      double t;

      t = draw_once (snapshot, 0.0, 1.0, 1600, 48, TRUE, &layout);
      g_array_append_val (layout_and_draw, t);
      t = draw_once (snapshot, 0.0, 1.0, 1600, 48, FALSE, &layout);
      g_array_append_val (draw_full, t);
      t = draw_once (snapshot, 0.40, 0.42, 1600, 48, FALSE, &layout);
      g_array_append_val (draw_zoomed, t);
    }
  g_clear_pointer (&layout, ms_layout_unref);

  printf ("\nThe strip with %u regions at 1600 px (cairo image surface), median of %d frames:\n",
          snapshot->n_regions, n_rounds * 3);
  ms_bench_print_row ("layout + draw, whole address space", ms_bench_median (layout_and_draw), "of the 4 ms target",
                      ms_bench_median (layout_and_draw) / 4.0);
  ms_bench_print_row ("draw from the cached layout, whole", ms_bench_median (draw_full), "of the 4 ms target",
                      ms_bench_median (draw_full) / 4.0);
  ms_bench_print_row ("draw from the cached layout, zoomed 50×", ms_bench_median (draw_zoomed), "of the 4 ms target",
                      ms_bench_median (draw_zoomed) / 4.0);
}

static gsize
cat_smaps (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/smaps", pid);
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, NULL);
  return length;
}

static void
bench_refresh_cycle (int n_rounds)
{
  BenchChild *child = ms_bench_child_start (5000);
  int pid = ms_bench_child_pid (child);
  g_autoptr(GArray) floor = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cycle = g_array_new (FALSE, FALSE, sizeof (double));
  MsSnapshot *previous = ms_read_pid (pid, NULL, NULL);
  MsLayout *layout = NULL;
  guint n_regions = previous->n_regions;

  for (int round = 0; round < n_rounds * 3; round++)
    {
      double t0 = now_ms (), t;
      MsSnapshot *next;
      MsDiff *diff;

      cat_smaps (pid);
      t = now_ms () - t0;
      g_array_append_val (floor, t);

      t0 = now_ms ();
      next = ms_read_pid (pid, NULL, NULL);
      diff = ms_diff_new (previous, next);
      draw_once (next, 0.0, 1.0, 1600, 48, TRUE, &layout);
      t = now_ms () - t0;
      g_array_append_val (cycle, t);

      ms_diff_unref (diff);
      ms_snapshot_unref (previous);
      previous = next;
    }

  printf ("\nOne live-refresh cycle of a %u-region process (read, diff, layout, draw), median of %d:\n",
          n_regions, n_rounds * 3);
  ms_bench_print_row ("kernel: read of its smaps", ms_bench_median (floor), "of the read", 1.0);
  ms_bench_print_row ("memscape: read + diff + layout + draw", ms_bench_median (cycle), "of the read",
                      ms_bench_median_ratio (cycle, floor));

  g_clear_pointer (&layout, ms_layout_unref);
  ms_snapshot_unref (previous);
  ms_bench_child_stop (child);
}

static guint64
cpu_ticks (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  const char *p;
  guint64 utime = 0, stime = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (p = strrchr (text, ')')) == NULL)
    return 0;
  /* after ") ": state is field 3; utime 14, stime 15 */
  if (sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
              &utime, &stime) != 2)
    return 0;
  return utime + stime;
}

static guint64
resident_kib (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *text = NULL;
  const char *p;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (p = strstr (text, "VmRSS:")) == NULL)
    return 0;
  return g_ascii_strtoull (p + 6, NULL, 10);
}

static GPid
spawn_with_renderer (char       **argv,
                     const char  *renderer)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "GSETTINGS_BACKEND", "memory", TRUE);
  GPid pid;

  if (renderer != NULL)
    envp = g_environ_setenv (envp, "GSK_RENDERER", renderer, TRUE);

  g_spawn_async (NULL, argv, envp, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  return pid;
}

static GPid
spawn (char **argv)
{
  return spawn_with_renderer (argv, NULL);
}

static void
stop (GPid pid)
{
  int status;

  kill (pid, SIGTERM);
  waitpid (pid, &status, 0);
}

/* The window itself, in a program of its own (ms-bench-responsive), on a
 * 65 400-mapping process that changes every 700 ms: how late its main loop
 * runs a 5 ms timer while it refreshes every second. */
static void
bench_responsive (int seconds)
{
  g_autofree char *program = ms_test_build_path ("ms-bench-responsive");
  g_autofree char *seconds_text = g_strdup_printf ("%d", MIN (seconds, 20));

  for (guint r = 0; r < 2; r++)
    {
      const char *renderer = r == 0 ? NULL : "cairo";
      BenchChild *child = ms_bench_child_start_churning (65400);
      g_autofree char *pid_text = g_strdup_printf ("%d", ms_bench_child_pid (child));
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) envp = g_get_environ ();
      char *argv[] = { program, pid_text, seconds_text, NULL };
      guint snapshots = 0;
      double worst = 0, p99 = 0, median = 0;
      int status = 0;

      if (renderer != NULL)
        envp = g_environ_setenv (envp, "GSK_RENDERER", renderer, TRUE);
      g_spawn_sync (NULL, argv, envp, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error);
      ms_bench_child_stop (child);

      printf ("\nThe window on a 65 400-mapping process that changes every 700 ms, refreshing every second, "
              "%s s (GSK_RENDERER=%s):\n", seconds_text, renderer != NULL ? renderer : "default");
      if (error != NULL || !g_spawn_check_wait_status (status, NULL) ||
          sscanf (out, "%u %lf %lf %lf", &snapshots, &worst, &p99, &median) != 4)
        {
          printf ("  not measured: ms-bench-responsive failed%s%s\n", error != NULL ? ": " : "",
                  error != NULL ? error->message : "");
          continue;
        }
      printf ("  %-52s %9u\n", "new snapshots shown", snapshots);
      printf ("  %-52s %9.1f ms\n", "main loop late by, worst", worst);
      printf ("  %-52s %9.1f ms\n", "main loop late by, 99th percentile", p99);
      printf ("  %-52s %9.1f ms\n", "main loop late by, median", median);
    }
}

static void
bench_app (int app_seconds)
{
  const char *memscape = g_getenv ("MEMSCAPE");
  g_autofree char *bare = ms_test_build_path ("ms-bench-bare-window");
  long hz = sysconf (_SC_CLK_TCK);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("\nThe app's CPU and memory: not measured, there is no display (run under xvfb-run).\n");
      return;
    }
  g_assert_nonnull (memscape);

  ms_bench_unpin ();
  printf ("\nFrom here on the app runs on every CPU, as it would for its users.\n");

  /* GTK's default renderer is GL, which under Xvfb is Mesa's software
   * rasteriser; cairo is what a machine without a GPU would draw with. */
  for (guint r = 0; r < 2; r++)
  {
    const char *renderer = r == 0 ? NULL : "cairo";
    BenchChild *child = ms_bench_child_start (5000);
    g_autofree char *pid_text = g_strdup_printf ("%d", ms_bench_child_pid (child));
    char *argv[] = { (char *) memscape, (char *) "--pid", pid_text, NULL };
    GPid app = spawn_with_renderer (argv, renderer);
    guint64 t0, t1, rss0, rss1;
    double cpu;

    g_usleep (5 * G_USEC_PER_SEC);  /* started, first snapshot shown */
    t0 = cpu_ticks (app);
    rss0 = resident_kib (app);
    g_usleep ((gulong) app_seconds * G_USEC_PER_SEC);
    t1 = cpu_ticks (app);
    rss1 = resident_kib (app);
    cpu = 100.0 * (double) (t1 - t0) / (double) hz / app_seconds;
    stop (app);
    ms_bench_child_stop (child);

    printf ("\nThe app on a 5 000-region process, refreshing every second, over %d s (GSK_RENDERER=%s):\n",
            app_seconds, renderer != NULL ? renderer : "default");
    printf ("  %-52s %9.2f %%    of one core (target < 3 %%)\n", "CPU use", cpu);
    printf ("  %-52s %9.1f MiB → %.1f MiB\n", "resident memory, start → end", rss0 / 1024.0, rss1 / 1024.0);
  }

  {
    BenchChild *child = ms_bench_child_start (65400);
    g_autofree char *pid_text = g_strdup_printf ("%d", ms_bench_child_pid (child));
    char *argv[] = { (char *) memscape, (char *) "--pid", pid_text, NULL };
    char *bare_argv[] = { bare, NULL };
    GPid app, plain;
    guint64 app_kib, plain_kib;

    plain = spawn (bare_argv);
    g_usleep (8 * G_USEC_PER_SEC);
    plain_kib = resident_kib (plain);
    stop (plain);

    app = spawn (argv);
    g_usleep (8 * G_USEC_PER_SEC);
    app_kib = resident_kib (app);
    stop (app);
    ms_bench_child_stop (child);

    printf ("\nResident memory (VmRSS) after 8 s, same display and renderer:\n");
    printf ("  %-52s %9.1f MiB\n", "a bare libadwaita window", plain_kib / 1024.0);
    printf ("  %-52s %9.1f MiB   %6.2f× of the bare window\n", "memscape showing a 65 400-mapping process",
            app_kib / 1024.0, (double) app_kib / (double) MAX (plain_kib, 1));
  }

  bench_responsive (app_seconds);
}

void
ms_bench_drawing (int n_rounds,
                  int app_seconds)
{
  bench_strip (n_rounds);
  bench_refresh_cycle (n_rounds);
  if (app_seconds > 0)
    bench_app (app_seconds);
}
