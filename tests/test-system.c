/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole system (issue 15): the per-process rows against each child's own
 * smaps_rollup, the per-object sums against sums computed here from every
 * process's smaps, a SysV segment of a child against /proc/sysvipc/shm (and
 * as an orphan once detached), the RAM bar's parts against /proc/meminfo,
 * and `memscape --system`.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "ms-cli-system.h"
#include "ms-system.h"
#include "ms-system-bar.h"
#include "ms-system-parse.h"
#include "ms-privileged.h"
#include "ms-reader.h"
#include "ms-test-util.h"

/* g_assert_nonnull() that the compiler knows does not return on NULL. */
#define require(x) G_STMT_START { if ((x) == NULL) g_error ("%s is NULL", #x); } G_STMT_END

/* "Name:   123 kB" of @text, in bytes (the test's own reading); -1 when absent. */
static gint64
find_kb (const char *text,
         const char *name)
{
  g_autofree char *needle = g_strdup_printf ("\n%s:", name);
  const char *line = g_str_has_prefix (text, needle + 1) ? text : strstr (text, needle);

  if (line == NULL)
    return -1;
  line = strchr (line, ':') + 1;
  return (gint64) g_ascii_strtoull (line, NULL, 10) * 1024;
}

static char *
read_proc (int         pid,
           const char *name)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/%s", pid, name);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

/* --- parsers on fixed text ------------------------------------------------ */

static void
test_parse_meminfo (void)
{
  const char text[] =
    "MemTotal:        1000000 kB\n"
    "MemFree:          100000 kB\n"
    "MemAvailable:     500000 kB\n"
    "Buffers:           10000 kB\n"
    "Cached:           300000 kB\n"
    "SomethingNew:         77 kB\n"
    "AnonPages:        200000 kB\n"
    "Shmem:             50000 kB\n"
    "SReclaimable:      40000 kB\n"
    "SUnreclaim:        30000 kB\n"
    "KernelStack:       10000 kB\n"
    "PageTables:        20000 kB\n"
    "SwapTotal:        400000 kB\n"
    "SwapFree:         300000 kB\n"
    "HugePages_Total:       0\n"
    "not a line at all\n";
  MsMeminfo m;
  MsRamParts parts;
  guint64 sum = 0;

  /* Without a NUL after it, as the fuzz target gives it. */
  ms_meminfo_parse (text, sizeof text - 1, &m);
  g_assert_cmpuint (m.mem_total, ==, 1000000u * 1024);
  g_assert_cmpuint (m.cached, ==, 300000u * 1024);
  g_assert_cmpuint (m.page_tables, ==, 20000u * 1024);
  g_assert_cmpuint (m.n_lines, ==, 15);

  /* USS 150 000 kB, PSS 180 000 kB: the formula of ms-system.h. */
  ms_ram_parts_compute (&m, 150000u * 1024, 180000u * 1024, &parts);
  g_assert_cmpuint (parts.part[MS_RAM_PRIVATE], ==, 150000u * 1024);
  g_assert_cmpuint (parts.part[MS_RAM_SHARED], ==, (30000u + 50000u) * 1024);
  g_assert_cmpuint (parts.part[MS_RAM_PAGE_CACHE], ==, (510000u - 230000u) * 1024);
  g_assert_cmpuint (parts.part[MS_RAM_KERNEL], ==, 100000u * 1024);
  g_assert_cmpuint (parts.part[MS_RAM_FREE], ==, 100000u * 1024);
  g_assert_cmpuint (parts.part[MS_RAM_OTHER], ==, (900000u - 510000u - 100000u) * 1024);
  g_assert_cmpuint (parts.available, ==, 500000u * 1024);
  g_assert_cmpuint (parts.swap_used, ==, 100000u * 1024);
  for (guint i = 0; i < MS_N_RAM_PARTS; i++)
    sum += parts.part[i];
  g_assert_cmpuint (sum, ==, m.mem_total);

  /* More USS than the user memory: capped, still adding up. */
  ms_ram_parts_compute (&m, G_MAXUINT64, G_MAXUINT64, &parts);
  g_assert_cmpuint (parts.part[MS_RAM_PRIVATE], ==, 510000u * 1024);
  g_assert_cmpuint (parts.part[MS_RAM_SHARED], ==, 0);
}

static void
test_parse_shm (void)
{
  /* Columns found by name: here in another order than the kernel's. */
  const char text[] =
    "shmid key size nattch cpid lpid uid perms rss swap\n"
    "7 -1 8192 0 10 11 1000 600 4096 0\n"
    "bad row\n"
    "9 305419896 65536 2 12 13 0 644 0 8192";
  g_autoptr(GArray) shm = ms_sysvipc_shm_parse (text, sizeof text - 1);
  MsShmSegment *s;

  g_assert_cmpuint (shm->len, ==, 2);
  s = &g_array_index (shm, MsShmSegment, 0);
  g_assert_cmpint (s->shmid, ==, 7);
  g_assert_cmpint (s->key, ==, -1);
  g_assert_cmpuint (s->size, ==, 8192);
  g_assert_cmpuint (s->nattch, ==, 0);
  g_assert_cmpint (s->cpid, ==, 10);
  g_assert_cmpuint (s->perms, ==, 0600);
  g_assert_cmpuint (s->rss, ==, 4096);
  s = &g_array_index (shm, MsShmSegment, 1);
  g_assert_cmpint (s->key, ==, 0x12345678);
  g_assert_cmpuint (s->nattch, ==, 2);
  g_assert_cmpuint (s->swap, ==, 8192);
}

/* --- live processes ------------------------------------------------------- */

/* PSS (and SwapPss) divide shared pages among the processes mapping them,
 * so they move whenever a neighbour sharing the child's libraries starts or
 * ends — on a busy machine, between any two reads. They are compared to
 * within 0.1 % and 16 KiB, the rest exactly. */
static gboolean
pss_close (guint64 value,
           gint64  expected)
{
  guint64 slack = MAX ((guint64) expected / 1000, 16 * 1024);

  return expected >= 0 && value + slack >= (guint64) expected && value <= (guint64) expected + slack;
}

/* Whether @row (pid,name,user,vss,rss,pss,uss,swap,swap_pss, as numbers)
 * says what @child's own status and smaps_rollup say now. */
static gboolean
row_matches (MsTestChild   *child,
             const guint64  row[6],
             char         **rollup_out)
{
  g_autofree char *status = read_proc (child->pid, "status");
  g_autofree char *rollup = read_proc (child->pid, "smaps_rollup");

  if (rollup_out != NULL)
    *rollup_out = g_strdup (rollup);
  return (gint64) row[0] == find_kb (status, "VmSize") &&
         (gint64) row[1] == find_kb (rollup, "Rss") &&
         pss_close (row[2], find_kb (rollup, "Pss")) &&
         (gint64) row[3] == find_kb (rollup, "Private_Clean") + find_kb (rollup, "Private_Dirty") &&
         (gint64) row[4] == find_kb (rollup, "Swap") &&
         pss_close (row[5], find_kb (rollup, "SwapPss"));
}

static gboolean
process_matches (const MsSystemSnapshot *snapshot,
                 MsTestChild            *child,
                 char                  **rollup_out)
{
  const MsSystemProcess *p = ms_system_snapshot_find (snapshot, child->pid);

  if (p == NULL)
    {
      *rollup_out = read_proc (child->pid, "smaps_rollup");
      return FALSE;
    }
  return row_matches (child, (guint64[6]) { p->vss, p->rss, p->pss, p->uss, p->swap, p->swap_pss }, rollup_out);
}

/* Reads the system until @child's row agrees with its own smaps_rollup read
 * just after: a neighbour that starts or ends between the two (another
 * test's child sharing its program's pages) changes its PSS, and pages are
 * counted once a few more are touched. The last of 10 reads is returned
 * however it compares. */
static MsSystemSnapshot *
read_steady (MsSystemReadFlags  flags,
             MsTestChild       *child,
             char             **rollup)
{
  for (guint attempt = 0; attempt < 10; attempt++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsSystemSnapshot) snapshot = ms_system_read (flags, NULL, NULL, &error);
      g_autofree char *compared = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (snapshot);
      if (process_matches (snapshot, child, &compared) || attempt == 9)
        {
          /* (the rollup it was compared with) */
          *rollup = g_steal_pointer (&compared);
          return g_steal_pointer (&snapshot);
        }
    }
  g_assert_not_reached ();
}

static void
check_process_row (const MsSystemSnapshot *snapshot,
                   MsTestChild            *child,
                   const char             *rollup)
{
  const MsSystemProcess *p = ms_system_snapshot_find (snapshot, child->pid);
  g_autofree char *status = read_proc (child->pid, "status");

  require (p);
  g_assert_true (p->readable);
  g_assert_cmpstr (p->name, ==, "ms-test-child");
  g_assert_cmpuint (p->uid, ==, getuid ());
  g_assert_cmpint ((gint64) p->vss, ==, find_kb (status, "VmSize"));
  g_assert_cmpint ((gint64) p->rss, ==, find_kb (rollup, "Rss"));
  /* (PSS as read_steady() compares it: it moves with the neighbours) */
  g_assert_true (pss_close (p->pss, find_kb (rollup, "Pss")));
  g_assert_cmpint ((gint64) p->uss, ==, find_kb (rollup, "Private_Clean") + find_kb (rollup, "Private_Dirty"));
  g_assert_cmpint ((gint64) p->swap, ==, find_kb (rollup, "Swap"));
  g_assert_true (pss_close (p->swap_pss, find_kb (rollup, "SwapPss")));
  g_assert_cmpuint (p->rss, >, 16 * 1024 * 1024 / 16);
}

static void
test_processes (void)
{
  MsTestChild *a = ms_test_child_start ();
  MsTestChild *b = ms_test_child_start ();
  g_autofree char *rollup = NULL;
  g_autoptr(MsSystemSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) users = NULL;
  MsSystemProgress progress = { 0 };
  guint64 sum_uss = 0;
  gboolean found_user = FALSE;

  snapshot = read_steady (MS_SYSTEM_READ_PROCESSES, a, &rollup);
  check_process_row (snapshot, a, rollup);
  g_clear_pointer (&snapshot, ms_system_snapshot_unref);
  g_clear_pointer (&rollup, g_free);
  snapshot = read_steady (MS_SYSTEM_READ_PROCESSES, b, &rollup);
  check_process_row (snapshot, b, rollup);

  /* Sorted by pid; the sums are over the readable rows; no kernel thread. */
  for (guint i = 0; i < snapshot->processes->len; i++)
    {
      const MsSystemProcess *p = g_ptr_array_index (snapshot->processes, i);

      if (i > 0)
        g_assert_cmpint (((MsSystemProcess *) g_ptr_array_index (snapshot->processes, i - 1))->pid, <, p->pid);
      g_assert_cmpuint (p->vss, >, 0);
      if (p->readable)
        sum_uss += p->uss;
    }
  g_assert_cmpuint (sum_uss, ==, snapshot->sum_uss);
  g_assert_cmpuint (snapshot->n_readable + snapshot->n_unreadable, ==, snapshot->processes->len);
  /* (Even root may not read an undumpable process of another namespace.) */
  g_assert_cmpuint (snapshot->n_unreadable, <, snapshot->n_readable);

  /* Per user: this user's row counts both children. */
  users = ms_system_group_by_user (snapshot);
  for (guint i = 0; i < users->len; i++)
    {
      const MsSystemGroup *g = g_ptr_array_index (users, i);

      if (g_strcmp0 (g->name, ms_system_snapshot_find (snapshot, a->pid)->user) == 0)
        {
          g_assert_cmpuint (g->processes, >=, 2);
          g_assert_cmpuint (g->pss, >=, ms_system_snapshot_find (snapshot, a->pid)->pss);
          found_user = TRUE;
        }
    }
  g_assert_true (found_user);

  /* The progress counts every pid of /proc. */
  g_clear_pointer (&snapshot, ms_system_snapshot_unref);
  snapshot = ms_system_read (MS_SYSTEM_READ_PROCESSES, &progress, NULL, NULL);
  g_assert_nonnull (snapshot);
  g_assert_cmpint (progress.done, ==, progress.total);
  g_assert_cmpint (progress.total, >=, (int) snapshot->processes->len);

  ms_test_child_stop (a);
  ms_test_child_stop (b);
}

static void
test_cgroups (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSystemSnapshot) snapshot = ms_system_read (MS_SYSTEM_READ_PROCESSES, NULL, NULL, NULL);
  g_auto(MsCgroupPaths) paths = { 0 };
  const MsSystemProcess *p;
  const MsSystemGroup *group = NULL;
  guint total = 0;

  require (snapshot);
  p = ms_system_snapshot_find (snapshot, child->pid);
  require (p);
  g_assert_true (ms_cgroup_read_pid (child->pid, &paths, NULL));
  g_assert_cmpstr (p->cgroup, ==, ms_cgroup_paths_best (&paths));

  for (guint i = 0; i < snapshot->cgroups->len; i++)
    {
      const MsSystemGroup *g = g_ptr_array_index (snapshot->cgroups, i);

      total += g->processes;
      if (g_strcmp0 (g->path, p->cgroup) == 0)
        group = g;
    }
  require (group);
  /* Every readable process is in exactly one group. */
  g_assert_cmpuint (total, <=, snapshot->n_readable);
  g_assert_cmpuint (group->processes, >=, 1);
  g_assert_cmpuint (group->pss, >=, p->pss);
  if (group->has_memory && group->memory.version == MS_CGROUP_V2)
    {
      g_autofree char *file = g_build_filename (group->memory.directory, "memory.max", NULL);
      g_autofree char *text = NULL;

      g_assert_true (g_file_get_contents (file, &text, NULL, NULL));
      if (g_str_has_prefix (text, "max"))
        g_assert_cmpuint (group->memory.max, ==, MS_CGROUP_UNLIMITED);
      else
        g_assert_cmpuint (group->memory.max, ==, g_ascii_strtoull (text, NULL, 10));
    }
  else if (group->has_memory)
    {
      g_autofree char *file = g_build_filename (group->memory.directory, "memory.limit_in_bytes", NULL);
      g_autofree char *text = NULL;
      guint64 limit;

      g_assert_true (g_file_get_contents (file, &text, NULL, NULL));
      limit = g_ascii_strtoull (text, NULL, 10);
      if (limit >= (G_GUINT64_CONSTANT (1) << 62))
        g_assert_cmpuint (group->memory.max, ==, MS_CGROUP_UNLIMITED);
      else
        g_assert_cmpuint (group->memory.max, ==, limit);
      g_assert_cmpuint (group->memory.current, >, 0);
    }
  ms_test_child_stop (child);
}

/* Rows of processes read otherwise (as administrator) take their places. */
static void
test_add_reads (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSystemSnapshot) snapshot = ms_system_read (MS_SYSTEM_READ_PROCESSES, NULL, NULL, NULL);
  g_autoptr(MsSystemSnapshot) merged = NULL;
  g_autoptr(MsSnapshot) read = ms_read_pid (child->pid, NULL, NULL);
  g_autoptr(GPtrArray) reads = g_ptr_array_new ();
  const MsSystemProcess *before, *after;
  guint64 sum = 0;

  require (snapshot);
  require (read);
  g_ptr_array_add (reads, read);
  merged = ms_system_snapshot_add_reads (snapshot, reads);
  before = ms_system_snapshot_find (snapshot, child->pid);
  after = ms_system_snapshot_find (merged, child->pid);
  require (before);
  require (after);
  g_assert_false (before->as_admin);
  g_assert_true (after->as_admin);
  g_assert_true (after->readable);
  g_assert_cmpuint (after->pss, ==, read->total.pss);
  g_assert_cmpuint (after->uss, ==, read->total.uss);
  g_assert_cmpuint (after->rss, ==, read->total.rss);
  g_assert_cmpuint (merged->processes->len, ==, snapshot->processes->len);
  g_assert_cmpuint (merged->sum_uss, ==, snapshot->sum_uss - before->uss + after->uss);
  for (guint i = 0; i < MS_N_RAM_PARTS; i++)
    sum += merged->parts.part[i];
  g_assert_cmpuint (sum, ==, merged->parts.total);
  ms_test_child_stop (child);
}

static const MsSystemGroup *
find_cgroup (const MsSystemSnapshot *snapshot,
             const char             *path)
{
  for (guint i = 0; i < snapshot->cgroups->len; i++)
    {
      const MsSystemGroup *g = g_ptr_array_index (snapshot->cgroups, i);

      if (g_strcmp0 (g->path, path) == 0)
        return g;
    }
  return NULL;
}

static gboolean
pids_have (GArray *pids,
           int     pid)
{
  for (guint i = 0; i < pids->len; i++)
    {
      if (i > 0)
        g_assert_cmpint (g_array_index (pids, int, i - 1), <, g_array_index (pids, int, i));
      if (g_array_index (pids, int, i) == pid)
        return TRUE;
    }
  return FALSE;
}

/* Read as administrator, a process we may not read counts in the objects
 * and its cgroup too, not only in the processes. Run as root: the
 * subprocess reads the system as nobody (its effective uid), so a root
 * child is closed to it, then reads that child through the real helper
 * (no pkexec: a runner that takes root back, its real uid). */
static void
test_add_reads_admin (void)
{
  MsTestChild *child;
  g_autoptr(MsSystemSnapshot) snapshot = NULL;
  g_autoptr(MsSystemSnapshot) merged = NULL;
  g_autoptr(MsSnapshot) read = NULL;
  g_autoptr(GPtrArray) reads = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *runner = NULL;
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  const MsSystemProcess *before, *after;
  const MsSystemGroup *group_before, *group_after;
  guint64 pss_before = 0, pss_after = 0, rss_before = 0, rss_after = 0;
  guint n_with_child = 0;

  if (!g_test_subprocess ())
    {
      if (geteuid () != 0 || setpriv == NULL)
        {
          /* Only root can make a process another cannot read and then
           * read it as administrator without pkexec. */
          g_test_skip ("needs root and setpriv");
          return;
        }
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  child = ms_test_child_start ();
  /* Effective uid nobody (no capabilities), real and saved uid root. */
  g_assert_cmpint (setresuid ((uid_t) -1, 65534, (uid_t) -1), ==, 0);
  /* (changing uid made it not dumpable; LeakSanitizer's tracer needs it) */
  g_assert_cmpint (prctl (PR_SET_DUMPABLE, 1, 0, 0, 0), ==, 0);
  dir = g_dir_make_tmp ("memscape-system-admin-XXXXXX", NULL);
  g_assert_nonnull (dir);
  {
    g_autofree char *body = g_strdup_printf ("exec '%s' --reuid=0 \"$@\"", setpriv);

    runner = ms_test_write_script (dir, "runner", body);
  }
  g_assert_true (g_setenv ("MEMSCAPE_PRIVILEGED_RUNNER", runner, TRUE));

  snapshot = ms_system_read (MS_SYSTEM_READ_OBJECTS, NULL, NULL, &error);
  g_assert_no_error (error);
  before = ms_system_snapshot_find (snapshot, child->pid);
  require (before);
  g_assert_false (before->readable);
  g_assert_nonnull (before->cgroup);
  for (guint i = 0; i < snapshot->objects->len; i++)
    {
      const MsSystemObject *o = g_ptr_array_index (snapshot->objects, i);

      g_assert_false (pids_have (o->pids, child->pid));
      pss_before += o->pss;
      rss_before += o->rss;
    }
  group_before = find_cgroup (snapshot, before->cgroup);

  ms_privileged_read_pid_async (child->pid, NULL, ms_test_keep_result, &result);
  ms_test_await (&result);
  read = ms_privileged_read_pid_finish (result, &error);
  g_assert_no_error (error);
  require (read);
  g_ptr_array_add (reads, read);
  merged = ms_system_snapshot_add_reads (snapshot, reads);

  after = ms_system_snapshot_find (merged, child->pid);
  require (after);
  g_assert_true (after->as_admin);
  g_assert_cmpuint (after->pss, ==, read->total.pss);

  /* Its objects: every byte of it, in objects that name it. */
  for (guint i = 0; i < merged->objects->len; i++)
    {
      const MsSystemObject *o = g_ptr_array_index (merged->objects, i);

      if (pids_have (o->pids, child->pid))
        n_with_child++;
      pss_after += o->pss;
      rss_after += o->rss;
      if (i > 0)
        g_assert_cmpuint (((MsSystemObject *) g_ptr_array_index (merged->objects, i - 1))->pss, >=, o->pss);
    }
  g_assert_cmpuint (n_with_child, >=, 5);
  g_assert_cmpuint (pss_after, ==, pss_before + read->total.pss);
  g_assert_cmpuint (rss_after, ==, rss_before + read->total.rss);
  /* The test child's memfd is its own. */
  {
    gboolean found = FALSE;

    for (guint i = 0; i < merged->objects->len; i++)
      {
        const MsSystemObject *o = g_ptr_array_index (merged->objects, i);

        if (strstr (o->object, "ms-test-memfd") != NULL && pids_have (o->pids, child->pid))
          {
            g_assert_cmpuint (o->pids->len, ==, 1);
            found = TRUE;
          }
      }
    g_assert_true (found);
  }
  /* The snapshot it came from is as it was. */
  for (guint i = 0; i < snapshot->objects->len; i++)
    g_assert_false (pids_have (((MsSystemObject *) g_ptr_array_index (snapshot->objects, i))->pids, child->pid));

  /* Its cgroup counts it. */
  group_after = find_cgroup (merged, after->cgroup);
  require (group_after);
  g_assert_cmpuint (group_after->processes, ==, (group_before != NULL ? group_before->processes : 0) + 1);
  g_assert_cmpuint (group_after->pss, ==, (group_before != NULL ? group_before->pss : 0) + after->pss);
  g_assert_cmpuint (group_after->uss, ==, (group_before != NULL ? group_before->uss : 0) + after->uss);
  g_assert_cmpint (group_after->has_memory, ==, group_before != NULL ? group_before->has_memory : group_after->has_memory);
  if (group_before != NULL && group_before->has_memory)
    g_assert_cmpuint (group_after->memory.max, ==, group_before->memory.max);

  g_unsetenv ("MEMSCAPE_PRIVILEGED_RUNNER");
  ms_test_child_stop (child);
  ms_test_remove_tree (dir);
  /* Root again (the real uid): LeakSanitizer's tracer must be let in. */
  g_assert_cmpint (setresuid ((uid_t) -1, 0, (uid_t) -1), ==, 0);
}

static void
test_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  MsSystemSnapshot *snapshot;

  g_cancellable_cancel (cancellable);
  ms_system_read_async (MS_SYSTEM_READ_OBJECTS, NULL, cancellable, ms_test_keep_result, &result);
  ms_test_await (&result);
  snapshot = ms_system_read_finish (result, &error);
  g_assert_null (snapshot);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Sums of the regions whose path is @path over every process's smaps, read
 * here with the test's own line reading: the processes mapping it and the
 * total Rss and Pss. */
static gboolean
is_region_line (const char *line)
{
  const char *p = line;

  while (g_ascii_isxdigit (*p))
    p++;
  return p > line && *p == '-';
}

static void
sum_path_everywhere (const char *path,
                     GArray     *pids,
                     guint64    *rss,
                     guint64    *pss)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *entry;

  *rss = *pss = 0;
  g_array_set_size (pids, 0);
  while ((entry = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *smaps = NULL;
      g_auto(GStrv) lines = NULL;
      gboolean in = FALSE, counted = FALSE;
      int pid = atoi (entry);

      if (pid <= 0 || (smaps = read_proc (pid, "smaps")) == NULL || strstr (smaps, path) == NULL)
        continue;
      lines = g_strsplit (smaps, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          const char *l = lines[i];

          if (is_region_line (l))
            {
              /* A region's line: its path begins after the inode. */
              const char *p = l;

              for (guint field = 0; field < 5 && p != NULL; field++)
                {
                  p = strchr (p, ' ');
                  if (p != NULL)
                    while (*p == ' ')
                      p++;
                }
              in = p != NULL && strcmp (p, path) == 0;
              if (in && !counted)
                {
                  g_array_append_val (pids, pid);
                  counted = TRUE;
                }
            }
          else if (in && g_str_has_prefix (l, "Rss:"))
            *rss += g_ascii_strtoull (l + 4, NULL, 10) * 1024;
          else if (in && g_str_has_prefix (l, "Pss:"))
            *pss += g_ascii_strtoull (l + 4, NULL, 10) * 1024;
        }
    }
}

static const MsSystemObject *
find_object (const MsSystemSnapshot *snapshot,
             const char             *key)
{
  for (guint i = 0; i < snapshot->objects->len; i++)
    {
      const MsSystemObject *o = g_ptr_array_index (snapshot->objects, i);

      if (strcmp (o->object, key) == 0)
        return o;
    }
  return NULL;
}

/* Maps @path (one page of two touched) and keeps it mapped. */
static char *
map_new_file (const char *path)
{
  char *map = NULL;
  int fd = open (path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 2 * 4096), ==, 0);
  map = mmap (NULL, 2 * 4096, PROT_READ, MAP_SHARED, fd, 0);
  close (fd);
  g_assert_true (map != MAP_FAILED);
  g_assert_cmpint (map[0], ==, 0);
  return map;
}

/* Each object is one path, its sums those of the regions of that path in
 * every process's smaps (as `smem -m` and a script summing smaps count):
 * two files no library owns are two rows, and a program's row holds its
 * file's mappings, not the anonymous memory after them (its BSS is in
 * "[bss]"). */
static void
test_objects_by_path (void)
{
  MsTestChild *a = ms_test_child_start ();
  MsTestChild *b = ms_test_child_start ();
  g_autofree char *dir = g_dir_make_tmp ("memscape-system-objects-XXXXXX", NULL);
  g_autofree char *first = g_build_filename (dir, "first.bin", NULL);
  g_autofree char *second = g_build_filename (dir, "second.bin", NULL);
  g_autofree char *link = g_strdup_printf ("/proc/%d/exe", a->pid);
  g_autofree char *exe = g_file_read_link (link, NULL);
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(MsSystemSnapshot) snapshot = NULL;
  char *map_first = map_new_file (first);
  char *map_second = map_new_file (second);
  const char *paths[] = { first, second };
  const MsSystemObject *o, *bss;
  guint64 rss, pss;

  require (exe);
  snapshot = ms_system_read (MS_SYSTEM_READ_OBJECTS, NULL, NULL, NULL);
  require (snapshot);
  require (snapshot->objects);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      o = find_object (snapshot, paths[i]);
      require (o);
      g_assert_cmpuint (o->pids->len, ==, 1);
      g_assert_cmpint (g_array_index (o->pids, int, 0), ==, getpid ());
      sum_path_everywhere (paths[i], pids, &rss, &pss);
      g_assert_cmpuint (o->rss, ==, rss);
      g_assert_cmpuint (o->rss, >=, 4096);
      g_assert_cmpint (o->kind, ==, MS_KIND_MMAP_FILE);
    }

  /* Every file a child maps is a row that names it. */
  {
    g_autoptr(MsSnapshot) own = ms_read_pid (a->pid, NULL, NULL);
    guint n_files = 0;

    require (own);
    for (guint i = 0; i < own->n_regions; i++)
      {
        const char *path = own->regions[i].path;

        if (path == NULL || path[0] != '/' || g_str_has_prefix (path, "/SYSV"))
          continue;
        o = find_object (snapshot, path);
        if (o == NULL)
          g_error ("no object %s", path);
        g_assert_true (pids_have (o->pids, a->pid));
        n_files++;
      }
    g_assert_cmpuint (n_files, >=, 4);
  }

  /* The children's program: only these two map it — unless another test's
   * child of the same program runs beside (the suite runs tests in
   * parallel): then, once it is gone, read again. */
  for (guint attempt = 0;; attempt++)
    {
      o = find_object (snapshot, exe);
      require (o);
      sum_path_everywhere (exe, pids, &rss, &pss);
      if ((pids->len == 2 && o->pids->len == 2 && o->rss == rss && o->pss == pss) || attempt == 50)
        break;
      g_usleep (200 * 1000);
      g_clear_pointer (&snapshot, ms_system_snapshot_unref);
      snapshot = ms_system_read (MS_SYSTEM_READ_OBJECTS, NULL, NULL, NULL);
      require (snapshot);
      require (snapshot->objects);
    }
  g_assert_cmpuint (pids->len, ==, 2);
  g_assert_cmpuint (o->pids->len, ==, 2);
  g_assert_cmpuint (o->rss, ==, rss);
  g_assert_cmpuint (o->pss, ==, pss);
  g_assert_cmpint (o->kind, ==, MS_KIND_TEXT);
  bss = find_object (snapshot, "[bss]");
  require (bss);
  g_assert_true (pids_have (bss->pids, a->pid));

  munmap (map_first, 2 * 4096);
  munmap (map_second, 2 * 4096);
  ms_test_remove_tree (dir);
  ms_test_child_stop (a);
  ms_test_child_stop (b);
}

static void
test_objects (void)
{
  MsTestChild *a = ms_test_child_start ();
  MsTestChild *b = ms_test_child_start ();
  /* A memfd only these two children map, whatever other tests run. */
  g_autofree char *name = g_strdup_printf ("ms-system-test-%d", (int) getpid ());
  g_autofree char *command = g_strdup_printf ("memfd %s", name);
  g_autofree char *memfd = g_strdup_printf ("/memfd:%s (deleted)", name);
  g_autofree char *answer_a = ms_test_child_command (a, command);
  g_autofree char *answer_b = ms_test_child_command (b, command);
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(MsSystemSnapshot) snapshot = NULL;
  const MsSystemObject *o;
  guint64 rss, pss;

  g_autofree char *shm_path = g_strdup_printf ("/dev/shm/ms-system-test-%d", (int) getpid ());
  char *shm_map = NULL;
  int fd;

  g_assert_true (g_str_has_prefix (answer_a, "memfd 0x"));
  g_assert_true (g_str_has_prefix (answer_b, "memfd 0x"));
  /* A /dev/shm file this test maps itself: one page touched of three. */
  fd = open (shm_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd >= 0 && ftruncate (fd, 3 * 4096) == 0)
    shm_map = mmap (NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (fd >= 0)
    close (fd);
  if (shm_map == MAP_FAILED)
    shm_map = NULL;
  if (shm_map != NULL)
    shm_map[0] = 1;
  snapshot = ms_system_read (MS_SYSTEM_READ_OBJECTS, NULL, NULL, NULL);
  sum_path_everywhere (memfd, pids, &rss, &pss);
  require (snapshot);
  require (snapshot->objects);

  o = find_object (snapshot, memfd);
  require (o);
  g_assert_cmpuint (pids->len, ==, 2);
  g_assert_cmpuint (o->pids->len, ==, pids->len);
  for (guint i = 0; i < pids->len; i++)
    g_assert_cmpint (g_array_index (o->pids, int, i), ==, g_array_index (pids, int, i));
  g_assert_cmpuint (o->rss, ==, rss);
  g_assert_cmpuint (o->pss, ==, pss);
  g_assert_cmpuint (o->rss, ==, 2 * 4096);
  g_assert_cmpint (o->kind, ==, MS_KIND_SHM);

  /* (Where /dev/shm is a tmpfs we may write to.) */
  if (shm_map != NULL)
    {
      const MsSystemObject *file = find_object (snapshot, shm_path);

      require (file);
      g_assert_cmpuint (file->pids->len, ==, 1);
      g_assert_cmpint (g_array_index (file->pids, int, 0), ==, getpid ());
      g_assert_cmpuint (file->rss, ==, 4096);
      g_assert_cmpint (file->kind, ==, MS_KIND_SHM);
      munmap (shm_map, 3 * 4096);
    }
  g_unlink (shm_path);

  /* By PSS, largest first; a program is one row, named by its file,
   * mapped by both children. */
  for (guint i = 1; i < snapshot->objects->len; i++)
    g_assert_cmpuint (((MsSystemObject *) g_ptr_array_index (snapshot->objects, i - 1))->pss, >=,
                      ((MsSystemObject *) g_ptr_array_index (snapshot->objects, i))->pss);
  {
    g_autofree char *link = g_strdup_printf ("/proc/%d/exe", a->pid);
    g_autofree char *exe = g_file_read_link (link, NULL);
    const MsSystemObject *child = find_object (snapshot, exe);

    require (child);
    g_assert_cmpint (child->kind, ==, MS_KIND_TEXT);
    g_assert_cmpuint (child->pids->len, >=, 2);
  }

  ms_test_child_stop (a);
  ms_test_child_stop (b);
}

/* The row of /proc/sysvipc/shm for @id, read here: its words. */
static GStrv
sysvipc_row (int id)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents ("/proc/sysvipc/shm", &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr(GPtrArray) kept = g_ptr_array_new ();

      for (guint w = 0; words[w] != NULL; w++)
        if (*words[w] != '\0')
          g_ptr_array_add (kept, g_strdup (words[w]));
      g_ptr_array_add (kept, NULL);
      if (kept->len > 2 && atoi (g_ptr_array_index (kept, 1)) == id)
        return (GStrv) g_ptr_array_free (g_steal_pointer (&kept), FALSE);
      g_strfreev ((GStrv) g_ptr_array_free (g_steal_pointer (&kept), FALSE));
    }
  return NULL;
}

static const MsShmSegment *
find_segment (const MsSystemSnapshot *snapshot,
              int                     id)
{
  for (guint i = 0; i < snapshot->shm->len; i++)
    if (g_array_index (snapshot->shm, MsShmSegment, i).shmid == id)
      return &g_array_index (snapshot->shm, MsShmSegment, i);
  return NULL;
}

static void
test_sysv (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *answer = ms_test_child_command (child, "sysv 3");
  g_autofree char *detached = NULL;
  g_autoptr(MsSystemSnapshot) snapshot = NULL;
  g_auto(GStrv) row = NULL;
  const MsShmSegment *s;
  int id;

  g_assert_true (g_str_has_prefix (answer, "sysv "));
  id = atoi (answer + 5);

  snapshot = ms_system_read (MS_SYSTEM_READ_PROCESSES, NULL, NULL, NULL);
  row = sysvipc_row (id);
  require (row);
  s = find_segment (snapshot, id);
  require (s);
  /* key shmid perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime rss swap */
  g_assert_cmpint (s->key, ==, g_ascii_strtoll (row[0], NULL, 10));
  g_assert_cmpuint (s->size, ==, 3 * 4096);
  g_assert_cmpuint (s->size, ==, g_ascii_strtoull (row[3], NULL, 10));
  g_assert_cmpint (s->cpid, ==, child->pid);
  g_assert_cmpint (s->lpid, ==, child->pid);
  g_assert_cmpuint (s->nattch, ==, 1);
  g_assert_cmpuint (s->rss, ==, g_ascii_strtoull (row[14], NULL, 10));
  g_assert_cmpuint (s->rss, ==, 4096);
  g_assert_cmpuint (s->uid, ==, getuid ());
  g_assert_nonnull (s->owner);

  /* The objects name it by its id too: which process maps this segment. */
  g_clear_pointer (&snapshot, ms_system_snapshot_unref);
  snapshot = ms_system_read (MS_SYSTEM_READ_OBJECTS, NULL, NULL, NULL);
  require (snapshot);
  {
    g_autofree char *key = g_strdup_printf ("/SYSV%08x (deleted) (shmid %d)", (guint32) g_ascii_strtoll (row[0], NULL, 10), id);
    const MsSystemObject *o = find_object (snapshot, key);

    require (o);
    g_assert_cmpuint (o->pids->len, ==, 1);
    g_assert_cmpint (g_array_index (o->pids, int, 0), ==, child->pid);
    g_assert_cmpuint (o->rss, ==, 4096);
    g_assert_cmpint (o->kind, ==, MS_KIND_SHM);
  }

  /* Detached, it stays with no attach: an orphan. */
  detached = ms_test_child_command (child, "sysv-detach");
  g_assert_cmpstr (detached, ==, "sysv-detached");
  g_clear_pointer (&snapshot, ms_system_snapshot_unref);
  snapshot = ms_system_read (MS_SYSTEM_READ_PROCESSES, NULL, NULL, NULL);
  s = find_segment (snapshot, id);
  require (s);
  g_assert_cmpuint (s->nattch, ==, 0);

  shmctl (id, IPC_RMID, NULL);
  g_clear_pointer (&snapshot, ms_system_snapshot_unref);
  snapshot = ms_system_read (MS_SYSTEM_READ_PROCESSES, NULL, NULL, NULL);
  g_assert_null (find_segment (snapshot, id));
  ms_test_child_stop (child);
}

static void
test_ram_parts (void)
{
  g_autoptr(MsSystemSnapshot) snapshot = ms_system_read (MS_SYSTEM_READ_PROCESSES, NULL, NULL, NULL);
  g_autofree char *meminfo = NULL;
  guint64 sum = 0;
  double edges[MS_N_RAM_PARTS + 1];

  g_assert_true (g_file_get_contents ("/proc/meminfo", &meminfo, NULL, NULL));
  g_assert_nonnull (snapshot);
  /* MemTotal and SwapTotal do not move; the parts add up to MemTotal. */
  g_assert_cmpint ((gint64) snapshot->parts.total, ==, find_kb (meminfo, "MemTotal"));
  g_assert_cmpint ((gint64) snapshot->parts.swap_total, ==, find_kb (meminfo, "SwapTotal"));
  for (guint i = 0; i < MS_N_RAM_PARTS; i++)
    sum += snapshot->parts.part[i];
  g_assert_cmpuint (sum, ==, snapshot->parts.total);
  g_assert_cmpuint (snapshot->parts.part[MS_RAM_FREE], ==, snapshot->meminfo.mem_free);
  g_assert_cmpuint (snapshot->parts.part[MS_RAM_PRIVATE], ==, MIN (snapshot->sum_uss,
                    snapshot->meminfo.anon_pages + snapshot->meminfo.buffers + snapshot->meminfo.cached));
  g_assert_cmpuint (snapshot->parts.part[MS_RAM_PRIVATE], >, 0);
  g_assert_cmpuint (snapshot->parts.part[MS_RAM_KERNEL], >, 0);

  /* The bar: proportional, whole-pixel edges that meet, ending at the width. */
  ms_system_bar_layout (&snapshot->parts, 1000, edges);
  g_assert_cmpfloat (edges[0], ==, 0);
  g_assert_cmpfloat (edges[MS_N_RAM_PARTS], ==, 1000);
  for (guint i = 0; i < MS_N_RAM_PARTS; i++)
    {
      double share = 1000.0 * (double) snapshot->parts.part[i] / (double) snapshot->parts.total;

      g_assert_cmpfloat (edges[i + 1], >=, edges[i]);
      g_assert_cmpfloat (fabs ((edges[i + 1] - edges[i]) - share), <=, 1.0);
    }
}

/* --- the command line ----------------------------------------------------- */

/* @text split at @separator where it is not inside a quoted CSV field (a
 * process's name may hold a comma, a quote or a line end: the CSV quotes
 * it, RFC 4180). */
static GStrv
csv_split (const char *text,
           char        separator)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  gboolean quoted = FALSE;
  const char *start = text;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == separator && !quoted)
        {
          g_ptr_array_add (parts, g_strndup (start, p - start));
          start = p + 1;
        }
    }
  g_ptr_array_add (parts, g_strdup (start));
  g_ptr_array_add (parts, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&parts), FALSE);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

static void
test_cli (void)
{
  const char *memscape = g_getenv ("MEMSCAPE");
  g_autofree char *dir = g_dir_make_tmp ("ms-system-XXXXXX", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "processes.csv", NULL);
  g_autofree char *objects_path = g_build_filename (dir, "objects.csv", NULL);
  g_autofree char *users_path = g_build_filename (dir, "users.csv", NULL);
  g_autofree char *png_path = g_build_filename (dir, "bar.png", NULL);
  g_autofree char *svg_path = g_build_filename (dir, "bar.svg", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *row_start = NULL;
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *setpriv = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean found = FALSE;
  MsTestRun run = { 0 };

  g_assert_nonnull (memscape);

  /* The child's row as its own rollup says just after the run (retried
   * while a neighbour's start or end moves its PSS, as in read_steady()). */
  row_start = g_strdup_printf ("%d,ms-test-child,", child->pid);
  for (guint attempt = 0; attempt < 10 && !found; attempt++)
    {
      g_autofree char *rollup = NULL;
      g_autofree char *status = NULL;

      ms_test_run_program (&run, memscape, NULL, (const char *[]) { "--system", "--export", csv_path, NULL });
      g_assert_true (g_spawn_check_wait_status (run.status, NULL));
      /* At most the one note on stderr. */
      g_assert_cmpuint (count_lines (run.err), <=, 1);
      if (*run.err != '\0')
        g_assert_true (g_str_has_prefix (run.err, "memscape: note: left out "));
      ms_test_run_clear (&run);
      rollup = read_proc (child->pid, "smaps_rollup");
      status = read_proc (child->pid, "status");
      require (rollup);
      require (status);

      g_clear_pointer (&csv, g_free);
      g_clear_pointer (&lines, g_strfreev);
      g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
      lines = csv_split (csv, '\n');
      g_assert_cmpstr (lines[0], ==, "pid,name,user,vss,rss,pss,uss,swap,swap_pss");
      for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
        {
          g_auto(GStrv) f = csv_split (lines[i], ',');
          guint64 row[6];

          g_assert_cmpuint (g_strv_length (f), ==, 9);
          if (!g_str_has_prefix (lines[i], row_start))
            continue;
          for (guint k = 0; k < 6; k++)
            row[k] = g_ascii_strtoull (f[3 + k], NULL, 10);
          if (row_matches (child, row, NULL))
            {
              found = TRUE;
            }
          else if (attempt == 9)
            {
              /* Say which figure differs. */
              g_assert_cmpint (g_ascii_strtoll (f[3], NULL, 10), ==, find_kb (status, "VmSize"));
              g_assert_cmpint (g_ascii_strtoll (f[4], NULL, 10), ==, find_kb (rollup, "Rss"));
              g_assert_true (pss_close (g_ascii_strtoull (f[5], NULL, 10), find_kb (rollup, "Pss")));
              g_assert_cmpint (g_ascii_strtoll (f[6], NULL, 10), ==,
                               find_kb (rollup, "Private_Clean") + find_kb (rollup, "Private_Dirty"));
              found = TRUE;
            }
        }
    }
  g_assert_true (found);

  ms_test_run_program (&run, memscape, NULL, (const char *[]) { "--system", "--group", "object", "--export", objects_path, NULL });
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  ms_test_run_clear (&run);
  g_clear_pointer (&csv, g_free);
  g_assert_true (g_file_get_contents (objects_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "object,processes,rss,pss,uss,swap\n"));
  g_assert_nonnull (strstr (csv, "\n/memfd:ms-test-memfd (deleted),"));
  g_assert_nonnull (strstr (csv, "\n[heap],"));

  ms_test_run_program (&run, memscape, NULL, (const char *[]) { "--system", "--group", "user", "--export", users_path, NULL });
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  ms_test_run_clear (&run);
  g_clear_pointer (&csv, g_free);
  g_assert_true (g_file_get_contents (users_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "user,processes,vss,rss,pss,uss,swap,swap_pss\n"));

  ms_test_run_program (&run, memscape, NULL, (const char *[]) { "--system", "--group", "cgroup", "--export", users_path, NULL });
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  ms_test_run_clear (&run);
  g_clear_pointer (&csv, g_free);
  g_assert_true (g_file_get_contents (users_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "cgroup,path,processes,vss,rss,pss,uss,swap,swap_pss,memory_current,"
                                        "memory_max,memory_peak,memory_swap_current,oom_kills\n"));
  g_assert_cmpuint (count_lines (csv), >=, 2);

  ms_test_run_program (&run, memscape, NULL, (const char *[]) { "--system", "--export", png_path, NULL });
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  ms_test_run_clear (&run);
  g_clear_pointer (&csv, g_free);
  g_assert_true (g_file_get_contents (png_path, &csv, NULL, NULL));
  g_assert_true (memcmp (csv, "\x89PNG", 4) == 0);

  /* Bad input: one line, exit 1, no file. */
  ms_test_run_program (&run, memscape, NULL, (const char *[]) { "--system", "--export", svg_path, NULL });
  g_assert_false (g_spawn_check_wait_status (run.status, NULL));
  g_assert_cmpstr (run.err, ==, "memscape: --system exports .csv (the rows) or .png (the RAM bar)\n");
  g_assert_false (g_file_test (svg_path, G_FILE_TEST_EXISTS));
  ms_test_run_clear (&run);
  ms_test_run_program (&run, memscape, NULL, (const char *[]) { "--system", "--group", "pid", "--export", csv_path, NULL });
  g_assert_false (g_spawn_check_wait_status (run.status, NULL));
  g_assert_cmpuint (count_lines (run.err), ==, 1);
  ms_test_run_clear (&run);
  ms_test_run_program (&run, memscape, NULL, (const char *[]) { "--system", "--group", "user", "--export", png_path, NULL });
  g_assert_false (g_spawn_check_wait_status (run.status, NULL));
  g_assert_cmpstr (run.err, ==, "memscape: --group needs a .csv export\n");
  ms_test_run_clear (&run);
  ms_test_run_program (&run, memscape, NULL, (const char *[]) { "--system", "--pid", "1", "--export", csv_path, NULL });
  g_assert_false (g_spawn_check_wait_status (run.status, NULL));
  g_assert_cmpuint (count_lines (run.err), ==, 1);
  ms_test_run_clear (&run);

  /* As a user who may read few processes: they are left out and counted
   * in one line. (Needs root to become someone else.) */
  setpriv = g_find_program_in_path ("setpriv");
  if (getuid () == 0 && setpriv != NULL)
    {
      g_autofree char *nobody_csv = g_build_filename (dir, "nobody.csv", NULL);

      g_assert_cmpint (chmod (dir, 0777), ==, 0);
      ms_test_run_program (&run, setpriv, NULL, (const char *[]) { "--reuid=65534", "--regid=65534", "--clear-groups",
                                         memscape, "--system", "--export", nobody_csv, NULL });
      g_assert_true (g_spawn_check_wait_status (run.status, NULL));
      g_assert_cmpuint (count_lines (run.err), ==, 1);
      g_assert_true (g_str_has_prefix (run.err, "memscape: note: left out "));
      g_assert_nonnull (strstr (run.err, "we may not read"));
      ms_test_run_clear (&run);
      g_clear_pointer (&csv, g_free);
      g_assert_true (g_file_get_contents (nobody_csv, &csv, NULL, NULL));
      /* Our child is root's: not readable by nobody, so not a row. */
      g_assert_null (strstr (csv, row_start));
      g_unlink (nobody_csv);
    }

  {
    g_autofree char *note = ms_cli_system_note (3, 1);

    g_assert_cmpstr (note, ==, "memscape: note: left out 3 processes we may not read and 1 that exited while being read");
    g_clear_pointer (&note, g_free);
    note = ms_cli_system_note (0, 0);
    g_assert_null (note);
  }

  g_unlink (csv_path);
  g_unlink (objects_path);
  g_unlink (users_path);
  g_unlink (png_path);
  g_rmdir (dir);
  ms_test_child_stop (child);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/system/parse-meminfo", test_parse_meminfo);
  g_test_add_func ("/memscape/system/parse-shm", test_parse_shm);
  g_test_add_func ("/memscape/system/processes", test_processes);
  g_test_add_func ("/memscape/system/cgroups", test_cgroups);
  g_test_add_func ("/memscape/system/add-reads", test_add_reads);
  g_test_add_func ("/memscape/system/add-reads-admin", test_add_reads_admin);
  g_test_add_func ("/memscape/system/cancel", test_cancel);
  g_test_add_func ("/memscape/system/objects", test_objects);
  g_test_add_func ("/memscape/system/objects-by-path", test_objects_by_path);
  g_test_add_func ("/memscape/system/sysv", test_sysv);
  g_test_add_func ("/memscape/system/ram-parts", test_ram_parts);
  g_test_add_func ("/memscape/system/cli", test_cli);

  return g_test_run ();
}
