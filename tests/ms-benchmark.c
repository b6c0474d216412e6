/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The speed benchmark of issue 5 (`meson test --benchmark`, or run it by hand:
 * `_build/tests/ms-benchmark [--mappings N] [--rounds N]`). Every contender is
 * measured in the same run, rounds alternating between them, and reported as
 * a median and a ratio to the kernel's own cost of producing the same /proc
 * text. It never fails on a time: it reports.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <libproc2/pids.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef HAVE_LIBGTOP
/* libgtop's headers test macros they do not define */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wundef"
#include <glibtop.h>
#include <glibtop/procmap.h>
#pragma GCC diagnostic pop
#endif

#include "ms-export.h"
#include "ms-process-list.h"
#include "ms-reader.h"
#include "ms-test-util.h"

#include "ms-benchmark.h"

static int n_mappings = 60000;
static int n_rounds = 9;
static int app_seconds = 60;
static int pin_cpu = G_MININT;
static int history_samples = 3600;
static int restless_mappings = 28000;
static char *parts = NULL;

static const char * const all_parts[] = { "read", "refresh", "torn", "history", "drawing", "list", "pages", "system", "compare", "recording", "remote", "first-picture", NULL };

/* Whether @part was asked for (--parts; all when not given). */
static gboolean
wanted (const char *part)
{
  g_auto(GStrv) list = NULL;

  if (parts == NULL)
    return TRUE;
  list = g_strsplit (parts, ",", -1);
  return g_strv_contains ((const char * const *) list, part);
}

typedef struct {
  const char *name;
  GArray     *samples;   /* double, milliseconds */
} Contender;

double
ms_bench_now_ms (void)
{
  return (double) g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
ms_bench_median (GArray *samples)
{
  g_autoptr(GArray) sorted = g_array_copy (samples);
  guint n = sorted->len;

  g_array_sort (sorted, compare_doubles);
  if (n == 0)
    return NAN;
  if (n % 2 == 1)
    return g_array_index (sorted, double, n / 2);
  return (g_array_index (sorted, double, n / 2 - 1) + g_array_index (sorted, double, n / 2)) / 2;
}

/* The median of the round-by-round ratios @a[i] / @b[i]: a contender is
 * compared with what the floor cost in the same round, moments apart, so
 * that a machine whose speed drifts during the run (a virtual CPU that
 * the host slows down) moves both sides of each ratio together. */
double
ms_bench_median_ratio (GArray *a,
                       GArray *b)
{
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < MIN (a->len, b->len); i++)
    {
      double r = g_array_index (a, double, i) / g_array_index (b, double, i);

      g_array_append_val (ratios, r);
    }
  return ms_bench_median (ratios);
}

static void
add_sample (Contender *c,
            double     ms)
{
  if (c->samples == NULL)
    c->samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_val (c->samples, ms);
}

void
ms_bench_print_row (const char *name,
                    double      median_ms,
                    const char *against,
                    double      ratio)
{
  if (against != NULL)
    printf ("  %-52s %10.2f ms   %6.2f× %s\n", name, median_ms, ratio, against);
  else
    printf ("  %-52s %10.2f ms\n", name, median_ms);
}

/* What `cat` does: read(2) the whole file through a 128 KiB buffer. */
gsize
ms_bench_read_like_cat (const char *path)
{
  static char buffer[128 * 1024];
  gsize total = 0;
  ssize_t n;
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    total += (gsize) n;
  close (fd);
  return total;
}

double
ms_bench_time_command (char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;
  double t0 = ms_bench_now_ms ();

  g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return ms_bench_now_ms () - t0;
}

struct _BenchChild {
  GPid  pid;
  int   stdin_fd;
  FILE *out;       /* its stdout: "done" after each step */
};

BenchChild *
ms_bench_child_start_mode (int         n,
                           const char *mode)
{
  BenchChild *child = g_new0 (BenchChild, 1);

  child->pid = ms_test_bench_child_start_full (n, mode, &child->stdin_fd, &child->out);
  return child;
}

BenchChild *
ms_bench_child_start (int n)
{
  return ms_bench_child_start_mode (n, NULL);
}

BenchChild *
ms_bench_child_start_churning (int n)
{
  return ms_bench_child_start_mode (n, "churn");
}

void
ms_bench_child_step (BenchChild *child)
{
  char line[32] = "";

  if (write (child->stdin_fd, "step\n", 5) != 5 ||
      fgets (line, sizeof line, child->out) == NULL || strcmp (line, "done\n") != 0)
    g_error ("ms-bench-child did not take its step");
}

int
ms_bench_child_pid (BenchChild *child)
{
  return child->pid;
}

void
ms_bench_child_stop (BenchChild *child)
{
  fclose (child->out);
  kill (child->pid, SIGTERM);
  ms_test_bench_child_stop (child->pid, child->stdin_fd);
  g_free (child);
}

static void
bench_read (int pid)
{
  g_autofree char *smaps = g_strdup_printf ("/proc/%d/smaps", pid);
  g_autofree char *pid_text = g_strdup_printf ("%d", pid);
  g_autofree char *dir = g_dir_make_tmp ("memscape-bench-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "out.csv", NULL);
  const char *memscape = g_getenv ("MEMSCAPE");
  const char *window = g_getenv ("MEMSCAPE_WINDOW");
  char *cat_argv[] = { (char *) "cat", smaps, NULL };
  char *pmap_argv[] = { (char *) "pmap", (char *) "-XX", pid_text, NULL };
  char *export_argv[] = { (char *) memscape, (char *) "--pid", pid_text, (char *) "--export", csv, NULL };
  char *window_export_argv[] = { (char *) window, (char *) "--pid", pid_text, (char *) "--export", csv, NULL };
  Contender kernel = { "kernel: read(2) of smaps, in-process" };
  Contender cat = { "cat /proc/PID/smaps > /dev/null" };
  Contender ours = { "memscape: read + classify (ms_read_pid)" };
  Contender ours_csv = { "memscape: read + classify + CSV in memory" };
  Contender cli = { "memscape --pid PID --export out.csv (no GTK)" };
  Contender window_cli = { "the same by the window program (GTK loaded)" };
  Contender pmap = { "pmap -XX PID > /dev/null" };
#ifdef HAVE_LIBGTOP
  Contender gtop = { "libgtop: glibtop_get_proc_map" };
#endif
  guint n_regions = 0;
  gsize bytes = 0;

  for (int round = 0; round < n_rounds; round++)
    {
      double t0;

      t0 = ms_bench_now_ms ();
      bytes = ms_bench_read_like_cat (smaps);
      add_sample (&kernel, ms_bench_now_ms () - t0);

      add_sample (&cat, ms_bench_time_command (cat_argv));

      t0 = ms_bench_now_ms ();
      {
        g_autoptr(MsSnapshot) s = ms_read_pid (pid, NULL, NULL);

        g_assert_nonnull (s);
        n_regions = s->n_regions;
        add_sample (&ours, ms_bench_now_ms () - t0);
      }

      t0 = ms_bench_now_ms ();
      {
        g_autoptr(MsSnapshot) s = ms_read_pid (pid, NULL, NULL);
        g_autoptr(GString) out = g_string_sized_new (s->n_regions * 160);

        ms_csv_write (s, out);
        add_sample (&ours_csv, ms_bench_now_ms () - t0);
      }

      if (memscape != NULL)
        add_sample (&cli, ms_bench_time_command (export_argv));
      if (window != NULL)
        add_sample (&window_cli, ms_bench_time_command (window_export_argv));

      add_sample (&pmap, ms_bench_time_command (pmap_argv));

#ifdef HAVE_LIBGTOP
      t0 = ms_bench_now_ms ();
      {
        glibtop_proc_map buf;
        glibtop_map_entry *entries = glibtop_get_proc_map (&buf, pid);

        g_assert_nonnull (entries);
        g_free (entries);
        add_sample (&gtop, ms_bench_now_ms () - t0);
      }
#endif
    }

  printf ("\nReading a process with %u regions (%" G_GSIZE_FORMAT " bytes of smaps), median of %d rounds\n"
          "(a ratio is the median of the rounds' ratios, each taken against that round's cat):\n",
          n_regions, bytes, n_rounds);
  {
    GArray *floor = cat.samples;

    ms_bench_print_row (kernel.name, ms_bench_median (kernel.samples), "of cat", ms_bench_median_ratio (kernel.samples, floor));
    ms_bench_print_row (cat.name, ms_bench_median (floor), "of cat", 1.0);
    ms_bench_print_row (ours.name, ms_bench_median (ours.samples), "of cat (target ≤ 1.15)", ms_bench_median_ratio (ours.samples, floor));
    ms_bench_print_row (ours_csv.name, ms_bench_median (ours_csv.samples), "of cat", ms_bench_median_ratio (ours_csv.samples, floor));
    if (cli.samples != NULL)
      {
        ms_bench_print_row (cli.name, ms_bench_median (cli.samples), "of cat", ms_bench_median_ratio (cli.samples, floor));
        ms_bench_print_row ("", ms_bench_median (cli.samples), "of pmap -XX", ms_bench_median_ratio (cli.samples, pmap.samples));
      }
    if (window_cli.samples != NULL)
      ms_bench_print_row (window_cli.name, ms_bench_median (window_cli.samples), "of cat", ms_bench_median_ratio (window_cli.samples, floor));
    ms_bench_print_row (pmap.name, ms_bench_median (pmap.samples), "of cat", ms_bench_median_ratio (pmap.samples, floor));
#ifdef HAVE_LIBGTOP
    ms_bench_print_row (gtop.name, ms_bench_median (gtop.samples), "of cat", ms_bench_median_ratio (gtop.samples, floor));
#endif
  }

  g_unlink (csv);
  g_rmdir (dir);
  g_clear_pointer (&kernel.samples, g_array_unref);
  g_clear_pointer (&cat.samples, g_array_unref);
  g_clear_pointer (&ours.samples, g_array_unref);
  g_clear_pointer (&ours_csv.samples, g_array_unref);
  g_clear_pointer (&cli.samples, g_array_unref);
  g_clear_pointer (&window_cli.samples, g_array_unref);
  g_clear_pointer (&pmap.samples, g_array_unref);
#ifdef HAVE_LIBGTOP
  g_clear_pointer (&gtop.samples, g_array_unref);
#endif
}

/* libproc2 reading the same items as ms_process_list_read, and nothing more. */
static void
bare_libproc2_list (void)
{
  enum pids_item items[] = {
    PIDS_ID_PID, PIDS_ID_EUID, PIDS_ID_EUSER, PIDS_CMD, PIDS_CMDLINE, PIDS_STATE,
    PIDS_FLAGS, PIDS_VM_RSS, PIDS_SMAP_PSS, PIDS_SMAP_PRV_TOTAL, PIDS_SMAP_SWAP,
  };
  struct pids_info *info = NULL;
  struct pids_fetch *fetch;

  g_assert_cmpint (procps_pids_new (&info, items, G_N_ELEMENTS (items)), >=, 0);
  fetch = procps_pids_reap (info, PIDS_FETCH_TASKS_ONLY);
  g_assert_nonnull (fetch);
  procps_pids_unref (&info);
}

static void
bench_process_list (void)
{
  Contender bare = { "libproc2: the same items, bare" };
  Contender ours = { "memscape: ms_process_list_read (PSS ≤ 5 s old)" };
  guint n = 0;

  for (int round = 0; round < n_rounds * 2; round++)
    {
      double t0 = ms_bench_now_ms ();

      bare_libproc2_list ();
      add_sample (&bare, ms_bench_now_ms () - t0);

      t0 = ms_bench_now_ms ();
      {
        g_autoptr(GPtrArray) list = ms_process_list_read (NULL);

        if (list == NULL)
          g_error ("ms_process_list_read failed");
        n = list->len;
      }
      add_sample (&ours, ms_bench_now_ms () - t0);
    }

  printf ("\nA full process-list refresh (%u processes), median of %d rounds:\n", n, n_rounds * 2);
  ms_bench_print_row (bare.name, ms_bench_median (bare.samples), "of bare libproc2", 1.0);
  ms_bench_print_row (ours.name, ms_bench_median (ours.samples), "of bare libproc2",
                      ms_bench_median_ratio (ours.samples, bare.samples));
  g_array_unref (bare.samples);
  g_array_unref (ours.samples);
}

/* Every contender runs on the same CPU, so that none of them is measured on
 * a core that is slower or busier than the others' (on a virtual machine the
 * difference can be twofold). Children inherit the affinity. The last CPU
 * is the default: CPU 0 is the one that takes most interrupts. The app
 * itself, measured last, runs on every CPU, as it would for its users
 * (GTK's software renderer draws on several threads). */
static cpu_set_t original_cpus;
static gboolean pinned;

static cpu_set_t pinned_cpus;
static gboolean pinned_once;

void
ms_bench_unpin (void)
{
  if (pinned && sched_setaffinity (0, sizeof original_cpus, &original_cpus) == 0)
    pinned = FALSE;
}

void
ms_bench_repin (void)
{
  if (pinned_once && !pinned && sched_setaffinity (0, sizeof pinned_cpus, &pinned_cpus) == 0)
    pinned = TRUE;
}

static void
pin_to_one_cpu (void)
{
  cpu_set_t allowed, one;

  if (pin_cpu == G_MININT)
    {
      if (sched_getaffinity (0, sizeof allowed, &allowed) != 0)
        return;
      for (int cpu = CPU_SETSIZE - 1; cpu >= 0; cpu--)
        if (CPU_ISSET (cpu, &allowed))
          {
            pin_cpu = cpu;
            break;
          }
    }

  if (pin_cpu < 0)
    {
      printf ("Not pinned: contenders run on whichever CPU the scheduler picks\n");
      return;
    }

  if (sched_getaffinity (0, sizeof original_cpus, &original_cpus) != 0)
    g_error ("Cannot tell which CPUs this may run on: %s", g_strerror (errno));
  CPU_ZERO (&one);
  CPU_SET (pin_cpu, &one);
  if (sched_setaffinity (0, sizeof one, &one) != 0)
    g_error ("Cannot run on CPU %d: %s", pin_cpu, g_strerror (errno));
  pinned = TRUE;
  pinned_cpus = one;
  pinned_once = TRUE;
  printf ("Every contender runs on CPU %d (--cpu to choose another, --cpu -1 not to pin)\n", pin_cpu);
}

int
main (int   argc,
      char *argv[])
{
  BenchChild *child;
  GOptionEntry entries[] = {
    { "mappings", 0, 0, G_OPTION_ARG_INT, &n_mappings, "Mappings of the big child (default 60000)", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &n_rounds, "Rounds per contender (default 9)", "N" },
    { "app-seconds", 0, 0, G_OPTION_ARG_INT, &app_seconds, "How long to watch the app's CPU use (default 60; 0 skips the app)", "S" },
    { "cpu", 0, 0, G_OPTION_ARG_INT, &pin_cpu, "Run every contender on this CPU (default: the last one; -1: do not pin)", "N" },
    { "history-samples", 0, 0, G_OPTION_ARG_INT, &history_samples, "Refreshes the history records (default 3600, at least 16)", "N" },
    { "restless-mappings", 0, 0, G_OPTION_ARG_INT, &restless_mappings, "Mappings of the restless child (default 28000)", "N" },
    { "parts", 0, 0, G_OPTION_ARG_STRING, &parts, "Only these parts: read,refresh,torn,history,drawing,list,pages,system,compare,recording,remote,first-picture (default: all)", "LIST" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— Memscape's speed, side by side with the kernel");
  g_autoptr(GError) error = NULL;

  /* Lines as they come, also when the output is a file or a pipe. */
  setvbuf (stdout, NULL, _IOLBF, 0);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (parts != NULL)
    {
      g_auto(GStrv) list = g_strsplit (parts, ",", -1);

      for (guint i = 0; list[i] != NULL; i++)
        if (!g_strv_contains (all_parts, list[i]))
          {
            g_printerr ("“%s” is not a part of the benchmark: give some of read,refresh,torn,history,drawing,list,pages,system,compare,recording,remote,first-picture\n",
                        list[i]);
            return 1;
          }
    }
  if (n_mappings < 1 || n_rounds < 1 || history_samples < 16 || restless_mappings < 64)
    {
      g_printerr ("--mappings and --rounds must be positive, --history-samples at least 16, "
                  "--restless-mappings at least 64\n");
      return 1;
    }

#ifdef HAVE_LIBGTOP
  glibtop_init ();
#endif

  printf ("Memscape benchmark: %d mappings, %d rounds, contenders alternating\n", n_mappings, n_rounds);
  pin_to_one_cpu ();

  if (wanted ("read"))
    {
      child = ms_bench_child_start (n_mappings);
      bench_read (ms_bench_child_pid (child));
      ms_bench_child_stop (child);
    }

  if (wanted ("refresh"))
    {
      const int mappings[] = { 5000, n_mappings, 0 };

      ms_bench_refresh (n_rounds * 2, mappings);
    }
  if (wanted ("torn"))
    ms_bench_torn_reads (n_rounds * 3, restless_mappings);
  if (wanted ("history"))
    ms_bench_history (n_rounds, history_samples);
  if (wanted ("recording"))
    ms_bench_recording (n_rounds, history_samples);

  if (wanted ("drawing"))
    ms_bench_drawing (n_rounds, app_seconds);

  if (wanted ("list"))
    bench_process_list ();

  if (wanted ("pages"))
    ms_bench_pages (n_rounds);
  else if (wanted ("first-picture"))
    ms_bench_first_picture (n_rounds);
  if (wanted ("system"))
    ms_bench_system (n_rounds, 300);
  if (wanted ("compare"))
    ms_bench_compare (n_rounds);
  if (wanted ("remote"))
    {
      const int mappings[] = { 5000, n_mappings, 0 };

      ms_bench_remote (n_rounds, mappings);
    }

  return 0;
}
