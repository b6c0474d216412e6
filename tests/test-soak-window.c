/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's side of the soak (test-soak.c is the core's): the real
 * window watches a process of a thousand mappings that changes 20 times a
 * second (ms-bench-child's restless mode), reading again as soon as it has
 * shown the last read, and takes 80 new snapshots through its whole path —
 * session, strip (layout, diff, drawing), region model and table, legend,
 * summary. Not timed: it counts snapshots, then looks at what malloc holds.
 * Under LeakSanitizer (.ci/test) nothing may leak; here what is in use must
 * stay flat (no leak, no cache without a bound), and what the window frees
 * must go back to the system (issue 10, finding 12: the window's slow
 * growth while watching was glibc keeping freed memory in its heaps).
 */
#include "config.h"

#include <adwaita.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "ms-test-util.h"
#include "ms-heap-trim.h"
#include "ms-window-private.h"

#define N_MAPPINGS 1000
#define N_WARM_UP  20     /* snapshots before anything is measured (the
                             * least in use settles over the first 20) */
#define N_WINDOW   10     /* snapshots over which the least in use is taken */
#define N_SOAK     60     /* snapshots in all, after the warm-up */
#define WAIT_S     240

typedef struct {
  GPid  pid;
  int   stdin_fd;
} Child;

static Child
start_restless_child (void)
{
  g_autofree char *program = ms_test_build_path ("ms-bench-child");
  g_autofree char *count = g_strdup_printf ("%d", N_MAPPINGS);
  char *argv[] = { program, count, (char *) "restless", NULL };
  g_autoptr(GError) error = NULL;
  Child child = { 0, -1 };
  int stdout_fd;
  FILE *out;
  char line[64];

  g_spawn_async_with_pipes (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &child.pid, &child.stdin_fd, &stdout_fd, NULL, &error);
  g_assert_no_error (error);
  out = fdopen (stdout_fd, "r");
  g_assert_nonnull (fgets (line, sizeof line, out));
  g_assert_cmpstr (line, ==, "ready\n");
  fclose (out);
  return child;
}

static void
stop_child (Child *child)
{
  int status;

  /* it ends when its stdin closes */
  close (child->stdin_fd);
  g_assert_cmpint (waitpid (child->pid, &status, 0), ==, child->pid);
  g_spawn_close_pid (child->pid);
}

typedef struct {
  MsHistory *history;
  guint total;    /* snapshots since the window opened */
  guint n;        /* snapshots since the count was reset */
  gsize least;    /* the least malloc had in use as one was shown, less
                   * what the session's history held then */
} Count;

/* Connected after the window's own handlers: the window has shown the new
 * snapshot and freed what it made of the last one. What is in use then
 * varies by a megabyte or two from one snapshot to the next, with the
 * child's changes; the least of several is steady. The session's history
 * keeps what changed, by design, up to its budget: it is not counted (its
 * own tests hold it to the budget). */
static void
count_snapshot (Count *count)
{
  gsize in_use = mallinfo2 ().uordblks;
  gsize history = ms_history_get_size (count->history);

  count->total++;
  count->n++;
  count->least = MIN (count->least, in_use > history ? in_use - history : 0);
}

/* Until @n snapshots have come since the count was reset (fails after
 * WAIT_S); gives the least in use as they came. */
static gsize
wait_for_snapshots (Count *count,
                    guint  n)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;

  count->n = 0;
  count->least = G_MAXSIZE;
  while (count->n < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return count->least;
}

#ifndef __SANITIZE_ADDRESS__
typedef struct {
  gsize size;       /* of the main heap, [heap] */
  gsize in_use;     /* what malloc has in use in it */
  gsize resident;   /* of its pages, what is in memory */
} Heap;

static gsize
xml_size (const char *xml,
          const char *tag)
{
  const char *p = strstr (xml, tag);

  g_assert_nonnull (p);
  p = strstr (p, "size=\"");
  g_assert_nonnull (p);
  return g_ascii_strtoull (p + 6, NULL, 10);
}

/* The main arena's figures from malloc_info (), its pages' from smaps. */
static Heap
get_main_heap (void)
{
  g_autofree char *smaps = NULL;
  char *xml = NULL;
  size_t length = 0;
  FILE *stream = open_memstream (&xml, &length);
  const char *p, *end;
  Heap heap = { 0 };

  g_assert_nonnull (stream);
  malloc_info (0, stream);
  fclose (stream);
  /* the first heap is the main arena's; its figures end at its </heap> */
  p = strstr (xml, "<heap nr=\"0\">");
  g_assert_nonnull (p);
  end = strstr (p, "</heap>");
  g_assert_nonnull (end);
  xml[end - xml] = '\0';
  heap.size = xml_size (p, "<system type=\"current\"");
  heap.in_use = heap.size - xml_size (p, "<total type=\"fast\"") - xml_size (p, "<total type=\"rest\"");
  free (xml);

  g_assert_true (g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL));
  p = strstr (smaps, "[heap]\n");
  g_assert_nonnull (p);
  p = strstr (p, "\nRss:");
  g_assert_nonnull (p);
  heap.resident = g_ascii_strtoull (p + 5, NULL, 10) * 1024;
  return heap;
}
#endif

static void
test_window_refreshes (void)
{
  Child child = start_restless_child ();
  MsWindow *window = ms_window_new (NULL);
  MsSession *session;
  Count count = { NULL, 0, 0, G_MAXSIZE };
  gsize in_use_early, in_use_late;
  gint64 started, deadline;
  guint n_trims;

  /* The process list beside follows the whole machine's processes, which
   * come and go with whatever else runs: not what is measured here. */
  g_object_set (_ms_window_get_process_list (window), "interval", 0, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  ms_window_show_pid (window, child.pid);
  session = _ms_window_get_session (window);
  g_assert_nonnull (session);
  count.history = ms_session_get_history (session);
  g_signal_connect_swapped (session, "notify::snapshot", G_CALLBACK (count_snapshot), &count);
  /* read again as soon as the last read is shown */
  ms_refresh_policy_set_interval (ms_session_get_policy (session), 1);

  wait_for_snapshots (&count, N_WARM_UP);
  g_assert_cmpint (ms_session_get_state (session), ==, MS_SESSION_LIVE);
  started = g_get_monotonic_time ();
  in_use_early = wait_for_snapshots (&count, N_WINDOW);
  wait_for_snapshots (&count, N_SOAK - 2 * N_WINDOW);
  in_use_late = wait_for_snapshots (&count, N_WINDOW);
  g_test_message ("%d snapshots in %.1f s", N_SOAK, (g_get_monotonic_time () - started) / 1e6);

  /* The window gives freed memory back after every few snapshots. Up to
   * the snapshot before the next time, then one more read, alone: when the
   * window trims, no read runs beside it, and the heap is looked at at
   * once, before anything else runs. */
  /* (the last may be still to come) */
  g_assert_cmpuint (ms_heap_trim_get_count () + 1, >=, count.total / MS_HEAP_TRIM_EVERY);
  while (count.total % MS_HEAP_TRIM_EVERY != MS_HEAP_TRIM_EVERY - 1)
    g_main_context_iteration (NULL, TRUE);
  ms_refresh_policy_set_interval (ms_session_get_policy (session), 0);
  if (!ms_session_get_busy (session))
    ms_session_refresh (session);
  deadline = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;
  n_trims = ms_heap_trim_get_count ();
  while (ms_heap_trim_get_count () == n_trims)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (count.total % MS_HEAP_TRIM_EVERY, ==, 0);

#ifndef __SANITIZE_ADDRESS__
  /* (Under AddressSanitizer malloc's figures say nothing, and there is no
   * [heap]; there LeakSanitizer checks that nothing leaks.) */
  {
    Heap heap, trimmed;

    heap = get_main_heap ();
    malloc_trim (0);
    trimmed = get_main_heap ();

    g_test_message ("malloc in use besides the history: at least %zu KiB over snapshots %d to %d, %zu KiB over the last %d; "
                    "main heap %zu KiB, %zu KiB of it in use, %zu KiB in memory, "
                    "%zu KiB after trimming once more",
                    in_use_early / 1024, N_WARM_UP + 1, N_WARM_UP + N_WINDOW, in_use_late / 1024, N_WINDOW,
                    heap.size / 1024, heap.in_use / 1024, heap.resident / 1024, trimmed.resident / 1024);

    /* What the window keeps does not grow with the snapshots it has shown:
     * 40 of them between the two measures cost no more than 2 MiB that stays
     * (the least in use over 10 snapshots moves by up to 1 MiB from run to
     * run), where 40 leaked snapshots of 1000 regions are 9 MiB. */
    g_assert_cmpuint (in_use_late, <=, in_use_early + 2 * 1024 * 1024);

    /* What the window freed went back to the system: once it has trimmed,
     * trimming again finds next to nothing to give back (0 to 4 KiB), where
     * without the window's trims 80 snapshots leave 2.7 MiB of freed pages
     * in the main heap. */
    g_assert_cmpuint (heap.resident, <=, trimmed.resident + 512 * 1024);
  }
#else
  (void) in_use_early;
  (void) in_use_late;
#endif

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  stop_child (&child);
}

int
main (int   argc,
      char *argv[])
{
  /* Drawn with cairo: three times faster here than Mesa's software GL, and
   * malloc's figures are the window's own, not llvmpipe's (the 30-minute
   * measurement in the README was made with GL too). */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/memscape/soak/window-refreshes", test_window_refreshes);

  return g_test_run ();
}
