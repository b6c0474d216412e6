/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where the window's memory goes while it watches a process that keeps
 * changing (issue 10, finding 12). The real window (MsWindow) shows the
 * process given by PID, refreshing every INTERVAL ms, and every EVERY
 * seconds one CSV row tells its RSS and anonymous memory (from /proc/self)
 * beside what glibc's malloc says of it: bytes in use, bytes free but kept
 * (in the heaps of all arenas), bytes in separate mmap()ed blocks, and how
 * many arenas there are. Memory in use that keeps growing is a leak or a
 * cache without a bound; free memory that keeps growing is the allocator.
 * Memory in use moves by megabytes within a refresh, so the row also gives
 * the least in use since the last row, taken as each new snapshot is shown
 * (after the window's own handlers): that floor is what stays. The last
 * column is the longest malloc_trim (0) since the last row, in ms.
 *
 * Usage: ms-bench-watch PID SECONDS [EVERY [INTERVAL]] (under a display)
 * The window gives freed memory back every few snapshots (ms-heap-trim.c);
 * with MS_BENCH_WATCH_TRIM=off in the environment it does not (the old
 * behaviour, to compare with); with MS_BENCH_WATCH_TRIM=1 the tool also calls
 * malloc_trim (0) before each row; with MS_BENCH_WATCH_TRIM=snapshot, as
 * each new snapshot is shown.
 */
#include "config.h"

#include <adwaita.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms-window.h"
#include "ms-heap-trim.h"
#include "ms-window-private.h"

static guint64
read_kib (const char *file,
          const char *key)
{
  g_autofree char *text = NULL;
  const char *p;

  if (!g_file_get_contents (file, &text, NULL, NULL) || (p = strstr (text, key)) == NULL)
    return 0;
  return g_ascii_strtoull (p + strlen (key), NULL, 10);
}

static guint
count_arenas (void)
{
  char *xml = NULL;
  size_t size = 0;
  FILE *stream = open_memstream (&xml, &size);
  guint n = 0;

  if (stream == NULL)
    return 0;
  malloc_info (0, stream);
  fclose (stream);
  for (const char *p = xml; (p = strstr (p, "<heap nr=")) != NULL; p++)
    n++;
  free (xml);
  return n;
}

typedef struct {
  gboolean trim_each;    /* malloc_trim (0) after each snapshot */
  guint    snapshots;
  gsize    floor;        /* least in use after a snapshot since the last row */
  double   trim_ms;      /* the longest malloc_trim (0) since the last row */
} Watch;

static void
print_row (Watch    *watch,
           gint64    start,
           gboolean  trim)
{
  struct mallinfo2 info;
  char floor[32] = "";

  if (trim)
    malloc_trim (0);
  info = mallinfo2 ();
  if (watch->floor != G_MAXSIZE)
    g_snprintf (floor, sizeof floor, "%zu", watch->floor / 1024);
  printf ("%.0f,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%zu,%s,%zu,%zu,%u,%u,%.1f\n",
          (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC,
          read_kib ("/proc/self/status", "VmRSS:"),
          read_kib ("/proc/self/smaps_rollup", "Anonymous:"),
          info.uordblks / 1024, floor, info.fordblks / 1024, info.hblkhd / 1024,
          count_arenas (), watch->snapshots, watch->trim_ms);
  fflush (stdout);
  watch->floor = G_MAXSIZE;
  watch->trim_ms = 0;
}

/* Connected after the window's handlers: it has shown the new snapshot and
 * freed what it made of the last one. */
static void
on_snapshot (Watch *watch)
{
  watch->snapshots++;
  if (watch->trim_each)
    {
      gint64 before = g_get_monotonic_time ();

      malloc_trim (0);
      watch->trim_ms = MAX (watch->trim_ms, (g_get_monotonic_time () - before) / 1000.0);
    }
  watch->floor = MIN (watch->floor, mallinfo2 ().uordblks);
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  MsWindow *window;
  MsSession *session;
  Watch watch = { FALSE, 0, G_MAXSIZE, 0 };
  gboolean trim = g_strcmp0 (g_getenv ("MS_BENCH_WATCH_TRIM"), "1") == 0;
  int pid, seconds, every, interval;
  gint64 start, next, until;

  if (argc < 3 || argc > 5)
    {
      g_printerr ("Usage: %s PID SECONDS [EVERY [INTERVAL]]\n", argv[0]);
      return 2;
    }
  pid = atoi (argv[1]);
  seconds = atoi (argv[2]);
  every = argc > 3 ? atoi (argv[3]) : 5;
  interval = argc > 4 ? atoi (argv[4]) : 1000;
  watch.trim_each = g_strcmp0 (g_getenv ("MS_BENCH_WATCH_TRIM"), "snapshot") == 0;
  if (pid <= 0 || seconds <= 0 || every <= 0 || interval <= 0)
    {
      g_printerr ("%s: PID, SECONDS, EVERY and INTERVAL are positive numbers\n", argv[0]);
      return 2;
    }

  gtk_init ();
  adw_init ();

  window = ms_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  /* "off": the old behaviour, to compare with */
  ms_heap_trim_set_enabled (g_strcmp0 (g_getenv ("MS_BENCH_WATCH_TRIM"), "off") != 0);
  ms_window_show_pid (window, pid);
  session = _ms_window_get_session (window);
  ms_refresh_policy_set_interval (ms_session_get_policy (session), interval);
  g_signal_connect_swapped (session, "notify::snapshot", G_CALLBACK (on_snapshot), &watch);

  printf ("seconds,vm_rss,anonymous,malloc_in_use,in_use_floor,malloc_free,malloc_mmapped,arenas,snapshots,trim_ms\n");
  g_timeout_add (250, wake_up, NULL);
  start = next = g_get_monotonic_time ();
  until = start + (gint64) seconds * G_USEC_PER_SEC;
  for (;;)
    {
      gint64 now = g_get_monotonic_time ();

      if (now >= next)
        {
          print_row (&watch, start, trim);
          if (now >= until)
            break;
          next += (gint64) every * G_USEC_PER_SEC;
        }
      g_main_context_iteration (NULL, TRUE);
    }

  if (ms_session_get_state (session) != MS_SESSION_LIVE)
    {
      g_printerr ("The window did not show process %d\n", pid);
      return 1;
    }
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
