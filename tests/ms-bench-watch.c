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
 *
 * Usage: ms-bench-watch PID SECONDS [EVERY [INTERVAL]] (under a display)
 * With MS_BENCH_WATCH_TRIM=1 in the environment it calls malloc_trim (0)
 * before each row, to show how much of the free memory goes back.
 */
#include "config.h"

#include <adwaita.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms-monitor.h"
#include "ms-window.h"
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

static void
print_row (gint64   start,
           guint    snapshots,
           gboolean trim)
{
  struct mallinfo2 info;

  if (trim)
    malloc_trim (0);
  info = mallinfo2 ();
  printf ("%.0f,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%zu,%zu,%zu,%u,%u\n",
          (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC,
          read_kib ("/proc/self/status", "VmRSS:"),
          read_kib ("/proc/self/smaps_rollup", "Anonymous:"),
          info.uordblks / 1024, info.fordblks / 1024, info.hblkhd / 1024,
          count_arenas (), snapshots);
  fflush (stdout);
}

static void
on_snapshot (guint *snapshots)
{
  (*snapshots)++;
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
  MsMonitor *monitor;
  guint snapshots = 0;
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
  monitor = _ms_window_get_monitor (window);
  ms_monitor_set_interval (monitor, interval);
  g_signal_connect_swapped (monitor, "notify::snapshot", G_CALLBACK (on_snapshot), &snapshots);
  ms_window_show_pid (window, pid);

  printf ("seconds,vm_rss,anonymous,malloc_in_use,malloc_free,malloc_mmapped,arenas,snapshots\n");
  g_timeout_add (250, wake_up, NULL);
  start = next = g_get_monotonic_time ();
  until = start + (gint64) seconds * G_USEC_PER_SEC;
  for (;;)
    {
      gint64 now = g_get_monotonic_time ();

      if (now >= next)
        {
          print_row (start, snapshots, trim);
          if (now >= until)
            break;
          next += (gint64) every * G_USEC_PER_SEC;
        }
      g_main_context_iteration (NULL, TRUE);
    }

  if (ms_monitor_get_state (monitor) != MS_MONITOR_LIVE)
    {
      g_printerr ("The window did not show process %d\n", pid);
      return 1;
    }
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
