/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole-system read (issue 15), side by side with the kernel's own cost
 * of producing the same text: `cat` (read(2) through a 128 KiB buffer) of
 * every process's smaps_rollup — and of status, comm and cgroup, which the
 * read takes too — for the per-process rows, and of every process's smaps
 * for the per-object view; and against smem (`smem`, `smem -m`) when it is
 * installed (Debian package smem: optional, never needed by CI). The read
 * uses a thread per processor; cat runs on one, so the benchmark is not
 * pinned here.
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-benchmark.h"
#include "ms-system.h"

static GArray *
list_pids (void)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (int));
  const char *entry;

  while ((entry = g_dir_read_name (proc)) != NULL)
    {
      int pid = atoi (entry);

      if (pid > 0)
        g_array_append_val (pids, pid);
    }
  return pids;
}

/* cat of @names (NULL-terminated) of every process that is there; ms. */
static double
cat_every_process (const char * const *names)
{
  g_autoptr(GArray) pids = NULL;
  double t0 = ms_bench_now_ms ();

  pids = list_pids ();
  for (guint i = 0; i < pids->len; i++)
    for (guint n = 0; names[n] != NULL; n++)
      {
        char path[64];
        int fd;

        g_snprintf (path, sizeof path, "/proc/%d/%s", g_array_index (pids, int, i), names[n]);
        /* (ms_bench_read_like_cat asserts; a process may exit meanwhile) */
        fd = open (path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0)
          {
            close (fd);
            ms_bench_read_like_cat (path);
          }
      }
  return ms_bench_now_ms () - t0;
}

static double
time_read (MsSystemReadFlags flags)
{
  double t0 = ms_bench_now_ms ();
  g_autoptr(MsSystemSnapshot) snapshot = ms_system_read (flags, NULL, NULL, NULL);

  g_assert_nonnull (snapshot);
  return ms_bench_now_ms () - t0;
}

static void
add (GArray **samples,
     double   ms)
{
  if (*samples == NULL)
    *samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_val (*samples, ms);
}

void
ms_bench_system (int n_rounds,
                 int n_extra)
{
  static const char * const rollup[] = { "smaps_rollup", NULL };
  static const char * const rollup_and_more[] = { "status", "comm", "cgroup", "smaps_rollup", NULL };
  static const char * const smaps[] = { "smaps", NULL };
  g_autoptr(GArray) ours = NULL, cat_rollup = NULL, cat_all = NULL;
  g_autoptr(GArray) ours_objects = NULL, cat_smaps = NULL;
  g_autoptr(GArray) smem = NULL, smem_m = NULL;
  g_autoptr(GArray) extra = g_array_new (FALSE, FALSE, sizeof (GPid));
  g_autofree char *smem_path = g_find_program_in_path ("smem");
  g_autoptr(GArray) pids = NULL;

  ms_bench_unpin ();
  /* A few hundred more processes, as on a desktop. */
  for (int i = 0; i < n_extra; i++)
    {
      char *argv[] = { (char *) "sleep", (char *) "600", NULL };
      GPid pid;

      if (g_spawn_async (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, NULL))
        g_array_append_val (extra, pid);
    }
  pids = list_pids ();
  printf ("\nThe whole system: %u processes, read on %u threads (cat on one)\n", pids->len,
          g_get_num_processors ());

  for (int r = 0; r < n_rounds; r++)
    {
      add (&cat_rollup, cat_every_process (rollup));
      add (&cat_all, cat_every_process (rollup_and_more));
      add (&ours, time_read (MS_SYSTEM_READ_PROCESSES));
      add (&cat_smaps, cat_every_process (smaps));
      add (&ours_objects, time_read (MS_SYSTEM_READ_OBJECTS));
      if (smem_path != NULL)
        {
          char *argv[] = { smem_path, (char *) "-c", (char *) "pid pss uss", NULL };
          char *argv_m[] = { smem_path, (char *) "-m", NULL };

          add (&smem, ms_bench_time_command (argv));
          add (&smem_m, ms_bench_time_command (argv_m));
        }
    }

  ms_bench_print_row ("cat smaps_rollup of every process", ms_bench_median (cat_rollup), "of cat", 1.0);
  ms_bench_print_row ("cat status, comm, cgroup, smaps_rollup", ms_bench_median (cat_all), "of cat",
                      ms_bench_median_ratio (cat_all, cat_rollup));
  ms_bench_print_row ("ms_system_read: every process's row", ms_bench_median (ours), "of cat of the rollups",
                      ms_bench_median_ratio (ours, cat_rollup));
  ms_bench_print_row ("", ms_bench_median (ours), "of cat of the same four files",
                      ms_bench_median_ratio (ours, cat_all));
  ms_bench_print_row ("cat smaps of every process", ms_bench_median (cat_smaps), "of cat", 1.0);
  ms_bench_print_row ("ms_system_read with objects (smem -m view)", ms_bench_median (ours_objects), "of cat of smaps",
                      ms_bench_median_ratio (ours_objects, cat_smaps));
  if (smem != NULL)
    {
      ms_bench_print_row ("smem (PSS and USS of every process)", ms_bench_median (smem), "of ours",
                          ms_bench_median_ratio (smem, ours));
      ms_bench_print_row ("smem -m (every mapped object)", ms_bench_median (smem_m), "of ours with objects",
                          ms_bench_median_ratio (smem_m, ours_objects));
    }
  else
    {
      printf ("  (smem is not installed: apt-get install smem to compare with it)\n");
    }

  for (guint i = 0; i < extra->len; i++)
    {
      GPid pid = g_array_index (extra, GPid, i);

      kill (pid, SIGKILL);
      waitpid (pid, NULL, 0);
    }
}
