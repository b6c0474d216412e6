/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The live-refresh parts of the benchmark:
 *  - a quiet refresh (a process that did not change) through each source:
 *    the local reader's ms_read_pid_since (maps + smaps_rollup + status, no
 *    smaps) and the helper's `probe PID`, against a full read of each and
 *    the kernel's cost of producing the same files;
 *  - a read of a process whose map changes 20 times a second: how many
 *    tries it takes (a try torn by a change is read again) and its time.
 * The helper is run directly as this user ($MEMSCAPE_READER, as the host
 * source runs it outside Flatpak): no pkexec, whose own start (and polkit's
 * answer) comes on top as administrator.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ms-benchmark.h"
#include "ms-error.h"
#include "ms-helper-source.h"
#include "ms-local-source.h"
#include "ms-privileged.h"
#include "ms-reader.h"
#include "ms-reader-private.h"

static GArray *
samples_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (double));
}

static void
add (GArray *samples,
     double  ms)
{
  g_array_append_val (samples, ms);
}

/* A line of the results: the median of @samples, and the median of its
 * ratios to @base's (@against says which: "of cat smaps"), 1 for @base itself. */
typedef struct {
  const char *name;
  GArray     *samples;
  const char *against;
  GArray     *base;
} Row;

/* Prints @rows, up to the one without a name. */
static void
print_rows (const Row *rows)
{
  for (const Row *row = rows; row->name != NULL; row++)
    ms_bench_print_row (row->name, ms_bench_median (row->samples), row->against,
                        row->samples == row->base ? 1.0 : ms_bench_median_ratio (row->samples, row->base));
}

static void
on_read_done (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* A read through @source, as a session makes it (on the source's worker
 * thread, finished in this thread's main context). */
static MsSnapshot *
source_read (MsSource   *source,
             int         pid,
             MsSnapshot *previous)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MsSnapshot *snapshot;

  ms_source_read_async (source, pid, previous, NULL, on_read_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  snapshot = ms_source_read_finish (source, result, &error);
  if (snapshot == NULL)
    g_error ("A read of process %d through the %s source failed: %s", pid,
             ms_source_get_label (source), error->message);
  return snapshot;
}

/* The helper as this process would run it, when it is there to run. */
static char *
find_helper (void)
{
  g_autofree char *helper = ms_privileged_helper_path ();

  if (!g_file_test (helper, G_FILE_TEST_IS_EXECUTABLE))
    return NULL;
  return g_steal_pointer (&helper);
}

static void
bench_quiet_refresh (int n_rounds,
                     int n_mappings)
{
  BenchChild *child = ms_bench_child_start (n_mappings);
  int pid = ms_bench_child_pid (child);
  g_autofree char *pid_text = g_strdup_printf ("%d", pid);
  g_autofree char *smaps = g_strdup_printf ("/proc/%d/smaps", pid);
  g_autofree char *maps = g_strdup_printf ("/proc/%d/maps", pid);
  g_autofree char *rollup = g_strdup_printf ("/proc/%d/smaps_rollup", pid);
  g_autofree char *status = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *helper = find_helper ();
  g_autoptr(MsSource) local = ms_local_source_new ();
  g_autoptr(MsSource) host = ms_helper_source_new (MS_SOURCE_KIND_HOST);
  char *cat_smaps_argv[] = { (char *) "cat", smaps, NULL };
  char *cat_probe_argv[] = { (char *) "cat", maps, rollup, status, NULL };
  char *helper_probe_argv[] = { helper, (char *) "probe", pid_text, NULL };
  char *helper_read_argv[] = { helper, (char *) "read", pid_text, NULL };
  g_autoptr(GArray) kernel_smaps = samples_new ();
  g_autoptr(GArray) kernel_probe = samples_new ();
  g_autoptr(GArray) cat_smaps = samples_new ();
  g_autoptr(GArray) cat_probe = samples_new ();
  g_autoptr(GArray) full = samples_new ();
  g_autoptr(GArray) since = samples_new ();
  g_autoptr(GArray) local_quiet = samples_new ();
  g_autoptr(GArray) helper_probe = samples_new ();
  g_autoptr(GArray) helper_read = samples_new ();
  g_autoptr(GArray) host_quiet = samples_new ();
  g_autoptr(GArray) host_full = samples_new ();
  guint n_regions = 0, n_quiet = 0, n_host_quiet = 0, n_tried = 0;
  gsize smaps_bytes = 0, probe_bytes = 0;

  for (int round = 0; round < n_rounds; round++)
    {
      g_autoptr(MsSnapshot) previous = NULL;
      double t0;

      t0 = ms_bench_now_ms ();
      smaps_bytes = ms_bench_read_like_cat (smaps);
      add (kernel_smaps, ms_bench_now_ms () - t0);

      t0 = ms_bench_now_ms ();
      probe_bytes = ms_bench_read_like_cat (maps) + ms_bench_read_like_cat (rollup) + ms_bench_read_like_cat (status);
      add (kernel_probe, ms_bench_now_ms () - t0);

      add (cat_smaps, ms_bench_time_command (cat_smaps_argv));
      add (cat_probe, ms_bench_time_command (cat_probe_argv));

      /* The full read is the snapshot shown, that the quiet ones compare
       * with: moments old, well within MS_READ_SINCE_MAX_AGE_USEC. */
      t0 = ms_bench_now_ms ();
      previous = ms_read_pid (pid, NULL, NULL);
      add (full, ms_bench_now_ms () - t0);
      g_assert_nonnull (previous);
      n_regions = previous->n_regions;

      t0 = ms_bench_now_ms ();
      {
        g_autoptr(MsSnapshot) s = ms_read_pid_since (pid, previous, NULL, NULL);

        add (since, ms_bench_now_ms () - t0);
        g_assert_nonnull (s);
        n_quiet += s == previous;
      }

      t0 = ms_bench_now_ms ();
      {
        g_autoptr(MsSnapshot) s = source_read (local, pid, previous);

        add (local_quiet, ms_bench_now_ms () - t0);
        n_quiet += s == previous;
      }

      if (helper != NULL)
        {
          add (helper_probe, ms_bench_time_command (helper_probe_argv));
          add (helper_read, ms_bench_time_command (helper_read_argv));

          t0 = ms_bench_now_ms ();
          {
            g_autoptr(MsSnapshot) s = source_read (host, pid, previous);

            add (host_quiet, ms_bench_now_ms () - t0);
            n_host_quiet += s == previous;
          }

          t0 = ms_bench_now_ms ();
          {
            g_autoptr(MsSnapshot) s = source_read (host, pid, NULL);

            add (host_full, ms_bench_now_ms () - t0);
            g_assert_cmpuint (s->n_regions, ==, n_regions);
          }
        }
      n_tried++;
    }

  printf ("\nA quiet refresh of a process with %u regions that did not change (%" G_GSIZE_FORMAT " bytes of smaps;\n"
          "%" G_GSIZE_FORMAT " of maps + smaps_rollup + status), median of %d rounds\n"
          "(a ratio is the median of the rounds' ratios):\n",
          n_regions, smaps_bytes, probe_bytes, n_rounds);
  print_rows ((const Row[]) {
    { "kernel: read(2) of smaps, in-process", kernel_smaps, "of cat smaps", cat_smaps },
    { "kernel: read(2) of maps+smaps_rollup+status", kernel_probe, "of cat smaps", cat_smaps },
    { "cat /proc/PID/smaps > /dev/null (the floor)", cat_smaps, "of cat smaps", cat_smaps },
    { "cat maps smaps_rollup status > /dev/null", cat_probe, "of cat smaps", cat_smaps },
    { "memscape: full read (ms_read_pid)", full, "of cat smaps", cat_smaps },
    { "memscape: quiet ms_read_pid_since", since, "of cat smaps", cat_smaps },
    { "", since, "of cat maps+rollup+status", cat_probe },
    { "", since, "of the kernel's read of those", kernel_probe },
    { "", since, "of the full read", full },
    { "memscape: the same through MsLocalSource (thread)", local_quiet, "of cat smaps", cat_smaps },
    { NULL },
  });
  printf ("  (%u of %u quiet reads gave the shown snapshot back)\n", n_quiet, 2 * n_tried);

  if (helper == NULL)
    printf ("  the helper: not measured, there is no memscape-reader to run (set MEMSCAPE_READER)\n");
  else
    {
      printf ("The helper, run directly as this user (MEMSCAPE_READER; no pkexec):\n");
      print_rows ((const Row[]) {
        { "memscape-reader probe PID > /dev/null", helper_probe, "of cat smaps", cat_smaps },
        { "", helper_probe, "of cat maps+rollup+status", cat_probe },
        { "memscape-reader read PID > /dev/null", helper_read, "of cat smaps", cat_smaps },
        { "MsHelperSource: quiet refresh (probe + parse)", host_quiet, "of cat smaps", cat_smaps },
        { "", host_quiet, "of cat maps+rollup+status", cat_probe },
        { "", host_quiet, "of its full read", host_full },
        { "MsHelperSource: full read (read + parse)", host_full, "of cat smaps", cat_smaps },
        { NULL },
      });
      printf ("  (%u of %u quiet refreshes through the helper gave the shown snapshot back)\n",
              n_host_quiet, n_tried);
    }

  ms_bench_child_stop (child);
}

void
ms_bench_refresh (int        n_rounds,
                  const int *mappings)
{
  for (guint i = 0; mappings[i] > 0; i++)
    bench_quiet_refresh (n_rounds, mappings[i]);
}

/* --- torn reads ----------------------------------------------------------- */

/* The reader's test hook, only to count: it is called at each try of a
 * read, and NULL lets the try read the process's own smaps. */
static const char *
count_try (int      pid,
           guint    attempt,
           gpointer user_data)
{
  guint *tries = user_data;

  *tries = attempt + 1;
  return NULL;
}

/* Whether a pass over smaps text came out torn: a region that begins before
 * the one above it ends (what makes the reader read again). */
static gboolean
text_is_torn (const char *text,
              gsize       length)
{
  const char *p = text, *end = text + length;
  guint64 last_end = 0;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));

      if (eol == NULL)
        eol = end;
      /* A region's first line begins with its address; a counter's with a
       * capital letter. */
      if (g_ascii_isxdigit (*p) && !g_ascii_isupper (*p))
        {
          char *after = NULL;
          guint64 start = g_ascii_strtoull (p, &after, 16);
          guint64 stop = after != NULL && *after == '-' ? g_ascii_strtoull (after + 1, NULL, 16) : start;

          if (start < last_end)
            return TRUE;
          last_end = stop;
        }
      p = eol + 1;
    }
  return FALSE;
}

static int
compare_uints (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return (x > y) - (x < y);
}

void
ms_bench_torn_reads (int n_rounds,
                     int restless_mappings)
{
  BenchChild *child = ms_bench_child_start_mode (restless_mappings, "restless");
  int pid = ms_bench_child_pid (child);
  g_autofree char *smaps = g_strdup_printf ("/proc/%d/smaps", pid);
  char *cat_argv[] = { (char *) "cat", smaps, NULL };
  g_autoptr(GArray) cat = samples_new ();
  g_autoptr(GArray) kernel = samples_new ();
  g_autoptr(GArray) reads = samples_new ();
  g_autoptr(GArray) tries = g_array_new (FALSE, FALSE, sizeof (guint));
  guint histogram[MS_READ_MAX_ATTEMPTS + 1] = { 0 };
  guint n_failed = 0, n_torn_passes = 0, n_regions = 0;

  for (int round = 0; round < n_rounds; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      gsize length = 0;
      guint n_tries = 0;
      double t0;

      add (cat, ms_bench_time_command (cat_argv));

      /* One pass, as cat makes it, kept to see whether it came out torn. */
      t0 = ms_bench_now_ms ();
      g_file_get_contents (smaps, &text, &length, NULL);
      add (kernel, ms_bench_now_ms () - t0);
      n_torn_passes += text != NULL && text_is_torn (text, length);

      _ms_reader_set_smaps_hook (count_try, &n_tries);
      t0 = ms_bench_now_ms ();
      {
        g_autoptr(MsSnapshot) s = ms_read_pid (pid, NULL, &error);

        add (reads, ms_bench_now_ms () - t0);
        if (s != NULL)
          n_regions = s->n_regions;
      }
      _ms_reader_set_smaps_hook (NULL, NULL);

      if (error != NULL)
        {
          /* every try torn: the one-line "changes too fast" */
          g_assert_true (g_error_matches (error, MS_ERROR, MS_ERROR_IO));
          n_failed++;
        }
      else
        histogram[n_tries]++;
      g_array_append_val (tries, n_tries);
    }

  g_array_sort (tries, compare_uints);
  printf ("\nReading a process of about %u regions whose map changes 20 times a second (ms-bench-child restless),\n"
          "median of %d rounds:\n", n_regions, n_rounds);
  print_rows ((const Row[]) {
    { "cat /proc/PID/smaps > /dev/null (the floor)", cat, "of cat", cat },
    { "kernel: one pass of smaps, in-process", kernel, "of cat", cat },
    { "memscape: ms_read_pid, torn tries read again", reads, "of cat", cat },
    { NULL },
  });
  printf ("  %-52s %5u / %u   (at most %d)\n", "tries a read took, median / max",
          g_array_index (tries, guint, tries->len / 2), g_array_index (tries, guint, tries->len - 1),
          MS_READ_MAX_ATTEMPTS);
  printf ("  %-52s", "reads by tries (1, 2, …)");
  for (guint i = 1; i <= MS_READ_MAX_ATTEMPTS; i++)
    printf (" %u", histogram[i]);
  printf ("; every try torn: %u\n", n_failed);
  printf ("  %-52s %5u of %d\n", "single passes (as cat's) that came out torn", n_torn_passes, n_rounds);

  ms_bench_child_stop (child);
}
