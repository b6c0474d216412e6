/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-limits.h"
#include "ms-test-util.h"

#define PROC_LIMITS_TEXT \
  "Limit                     Soft Limit           Hard Limit           Units     \n" \
  "Max cpu time              unlimited            unlimited            seconds   \n" \
  "Max data size             unlimited            unlimited            bytes     \n" \
  "Max stack size            8388608              unlimited            bytes     \n" \
  "Max processes             96365                96365                processes \n" \
  "Max locked memory         8388608              8388608              bytes     \n" \
  "Max address space         1207959552           unlimited            bytes     \n" \
  "Max nice priority         0                    0                    \n"

static void
test_parse_limits (void)
{
  MsRlimit rlimits[MS_N_RLIMITS];
  const char *bad[] = {
    "",
    "Limit Soft Limit Hard Limit Units\n",
    "Max address space         lots                 unlimited            bytes\n",
    "Max address space         100                  unlimited\n",
    "Max address space         100                  200                  seconds\n",
    "Max address space         99999999999999999999999 unlimited         bytes\n",
    "Max address spaces        100                  200                  bytes\n",
    "Max address space         100x                 200                  bytes\n",
  };

  g_assert_true (ms_limits_parse_proc_limits (PROC_LIMITS_TEXT, strlen (PROC_LIMITS_TEXT), rlimits));
  g_assert_true (rlimits[MS_RLIMIT_AS].known);
  g_assert_cmpuint (rlimits[MS_RLIMIT_AS].soft, ==, 1207959552);
  g_assert_cmpuint (rlimits[MS_RLIMIT_AS].hard, ==, MS_LIMIT_UNLIMITED);
  g_assert_cmpuint (rlimits[MS_RLIMIT_DATA].soft, ==, MS_LIMIT_UNLIMITED);
  g_assert_cmpuint (rlimits[MS_RLIMIT_STACK].soft, ==, 8388608);
  g_assert_cmpuint (rlimits[MS_RLIMIT_STACK].hard, ==, MS_LIMIT_UNLIMITED);
  g_assert_cmpuint (rlimits[MS_RLIMIT_MEMLOCK].soft, ==, 8388608);
  g_assert_cmpuint (rlimits[MS_RLIMIT_MEMLOCK].hard, ==, 8388608);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("%s", bad[i]);
      g_assert_false (ms_limits_parse_proc_limits (bad[i], strlen (bad[i]), rlimits));
      g_assert_false (rlimits[MS_RLIMIT_AS].known);
    }
}

static void
test_parse_stat (void)
{
  const char *stat = "4242 (odd) name) (x) S 1 4242 4242 0 -1 4194560 1234 0 56 0 1 2 0 0 20 0 1 0\n";
  guint64 minflt = 0, majflt = 0;

  g_assert_true (ms_limits_parse_stat_faults (stat, strlen (stat), &minflt, &majflt));
  g_assert_cmpuint (minflt, ==, 1234);
  g_assert_cmpuint (majflt, ==, 56);

  g_assert_false (ms_limits_parse_stat_faults ("", 0, &minflt, &majflt));
  g_assert_false (ms_limits_parse_stat_faults ("1 (a) S 1 2", 11, &minflt, &majflt));
  g_assert_false (ms_limits_parse_stat_faults ("no parenthesis at all", 21, &minflt, &majflt));
  g_assert_false (ms_limits_parse_stat_faults ("1 (a) S 1 1 1 0 -1 4 x 0 5", 26, &minflt, &majflt));
}

static void
test_compute (void)
{
  g_autoptr(MsLimits) limits = g_new0 (MsLimits, 1);

  limits->rlimits[MS_RLIMIT_AS] = (MsRlimit) { TRUE, 1000, MS_LIMIT_UNLIMITED };
  limits->status.vm_size = 950;
  limits->rlimits[MS_RLIMIT_DATA] = (MsRlimit) { TRUE, 1000, 1000 };
  limits->status.vm_data = 899;
  limits->rlimits[MS_RLIMIT_STACK] = (MsRlimit) { TRUE, MS_LIMIT_UNLIMITED, MS_LIMIT_UNLIMITED };
  limits->status.vm_stk = 1u << 30;
  limits->max_map_count = 100;
  limits->n_maps = 90;
  limits->commit_limit = 100;
  limits->committed_as = 99;
  limits->overcommit = MS_OVERCOMMIT_HEURISTIC;

  ms_limits_compute (limits);

  g_assert_true (limits->rows[MS_HEADROOM_ADDRESS_SPACE].known);
  g_assert_true (limits->rows[MS_HEADROOM_ADDRESS_SPACE].flagged);
  g_assert_cmpfloat_with_epsilon (limits->rows[MS_HEADROOM_ADDRESS_SPACE].fraction, 0.95, 1e-9);
  g_assert_cmpuint (limits->rows[MS_HEADROOM_ADDRESS_SPACE].hard, ==, MS_LIMIT_UNLIMITED);
  /* 89.9 %: not within 10 % */
  g_assert_false (limits->rows[MS_HEADROOM_DATA].flagged);
  /* unlimited: never flagged, whatever the use */
  g_assert_true (limits->rows[MS_HEADROOM_STACK].known);
  g_assert_false (limits->rows[MS_HEADROOM_STACK].flagged);
  g_assert_cmpfloat (limits->rows[MS_HEADROOM_STACK].fraction, ==, 0.0);
  /* exactly 90 %: flagged */
  g_assert_true (limits->rows[MS_HEADROOM_MAPPINGS].flagged);
  /* not read: not known */
  g_assert_false (limits->rows[MS_HEADROOM_LOCKED].known);
  g_assert_false (limits->rows[MS_HEADROOM_CGROUP_MEMORY].known);
  /* heuristic overcommit: CommitLimit is not enforced, so not flagged */
  g_assert_true (limits->rows[MS_HEADROOM_COMMIT].known);
  g_assert_false (limits->rows[MS_HEADROOM_COMMIT].enforced);
  g_assert_false (limits->rows[MS_HEADROOM_COMMIT].flagged);

  limits->overcommit = MS_OVERCOMMIT_NEVER;
  ms_limits_compute (limits);
  g_assert_true (limits->rows[MS_HEADROOM_COMMIT].enforced);
  g_assert_true (limits->rows[MS_HEADROOM_COMMIT].flagged);

  /* the table is whole and in order */
  for (guint i = 0; i < MS_N_HEADROOM; i++)
    {
      g_assert_cmpint (ms_headroom_info (i)->id, ==, i);
      g_assert_nonnull (ms_headroom_info (i)->key);
    }
}

static void
test_csv (void)
{
  g_autoptr(MsLimits) limits = g_new0 (MsLimits, 1);
  g_autoptr(GString) csv = g_string_new (NULL);

  limits->rlimits[MS_RLIMIT_AS] = (MsRlimit) { TRUE, 1000, MS_LIMIT_UNLIMITED };
  limits->status.vm_size = 950;
  limits->rlimits[MS_RLIMIT_STACK] = (MsRlimit) { TRUE, MS_LIMIT_UNLIMITED, MS_LIMIT_UNLIMITED };
  limits->status.vm_stk = 135168;
  limits->commit_limit = 2000;
  limits->committed_as = 1000;
  limits->overcommit = MS_OVERCOMMIT_ALWAYS;
  ms_limits_compute (limits);
  ms_limits_write_csv (limits, csv);

  g_assert_cmpstr (csv->str, ==,
                   "limit,used,max,hard_max,percent,close,enforced\n"
                   "address-space,950,1000,unlimited,95.0,yes,yes\n"
                   "stack,135168,unlimited,unlimited,,no,yes\n"
                   "commit,1000,2000,2000,50.0,no,no\n");
}

/* The soft and hard limit of @resource in @pid, as the kernel has them. */
static struct rlimit
get_limit (int pid,
           int resource)
{
  struct rlimit value;

  g_assert_cmpint (prlimit (pid, resource, NULL, &value), ==, 0);
  return value;
}

static guint64
from_rlim (rlim_t value)
{
  return value == RLIM_INFINITY ? MS_LIMIT_UNLIMITED : (guint64) value;
}

static guint
count_lines (const char *path)
{
  g_autofree char *text = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  for (const char *p = text; (p = strchr (p, '\n')) != NULL; p++)
    n++;
  return n;
}

static void
test_live (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsLimits) before = NULL;
  g_autoptr(MsLimits) limits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *maps_path = g_strdup_printf ("/proc/%d/maps", (int) child->pid);
  g_autofree char *limits_path = g_strdup_printf ("/proc/%d/limits", (int) child->pid);
  g_autofree char *limits_text = NULL;
  MsRlimit from_text[MS_N_RLIMITS];
  struct rlimit as;
  g_auto(MsCgroupPaths) paths = { 0 };
  g_auto(MsCgroupMemory) memory = { 0 };
  static const int resources[MS_N_RLIMITS] = {
    [MS_RLIMIT_AS] = RLIMIT_AS,
    [MS_RLIMIT_DATA] = RLIMIT_DATA,
    [MS_RLIMIT_STACK] = RLIMIT_STACK,
    [MS_RLIMIT_MEMLOCK] = RLIMIT_MEMLOCK,
  };

  before = ms_limits_read (child->pid, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->status.vm_size, >, 1024 * 1024 * 1024);   /* its 1 GiB reservation */

  /* RLIMIT_AS 3 % above what it maps: within 10 %, flagged. */
  as.rlim_cur = (rlim_t) (before->status.vm_size + before->status.vm_size / 32);
  as.rlim_max = as.rlim_cur + 64 * 1024 * 1024;
  g_assert_cmpint (prlimit (child->pid, RLIMIT_AS, &as, NULL), ==, 0);

  limits = ms_limits_read (child->pid, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (limits->pid, ==, child->pid);

  /* Each limit is the kernel's, and what /proc/PID/limits says. */
  g_assert_true (g_file_get_contents (limits_path, &limits_text, NULL, NULL));
  g_assert_true (ms_limits_parse_proc_limits (limits_text, strlen (limits_text), from_text));
  for (guint i = 0; i < MS_N_RLIMITS; i++)
    {
      struct rlimit value = get_limit (child->pid, resources[i]);

      g_assert_true (limits->rlimits[i].known);
      g_assert_cmpuint (limits->rlimits[i].soft, ==, from_rlim (value.rlim_cur));
      g_assert_cmpuint (limits->rlimits[i].hard, ==, from_rlim (value.rlim_max));
      g_assert_cmpuint (from_text[i].soft, ==, limits->rlimits[i].soft);
    }

  g_assert_true (limits->rows[MS_HEADROOM_ADDRESS_SPACE].known);
  g_assert_cmpuint (limits->rows[MS_HEADROOM_ADDRESS_SPACE].limit, ==, as.rlim_cur);
  g_assert_cmpuint (limits->rows[MS_HEADROOM_ADDRESS_SPACE].hard, ==, as.rlim_max);
  g_assert_cmpuint (limits->rows[MS_HEADROOM_ADDRESS_SPACE].used, ==, limits->status.vm_size);
  g_assert_true (limits->rows[MS_HEADROOM_ADDRESS_SPACE].flagged);
  g_assert_false (before->rows[MS_HEADROOM_ADDRESS_SPACE].flagged);
  g_assert_cmpfloat (limits->rows[MS_HEADROOM_ADDRESS_SPACE].fraction, >=, 0.9);
  g_assert_cmpfloat (limits->rows[MS_HEADROOM_ADDRESS_SPACE].fraction, <, 1.0);

  /* The status figures. */
  g_assert_cmpuint (limits->status.vm_peak, >=, limits->status.vm_size);
  g_assert_cmpuint (limits->status.vm_hwm, >=, limits->status.vm_rss);
  g_assert_cmpuint (limits->status.vm_pte, >, 0);
  g_assert_cmpuint (limits->status.rss_anon, >, 0);
  g_assert_cmpuint (limits->status.threads, ==, 3);
  g_assert_cmpuint (limits->minflt, >, 0);
  g_assert_true (limits->rows[MS_HEADROOM_THREADS].known);
  g_assert_cmpuint (limits->rows[MS_HEADROOM_THREADS].used, ==, 3);

  /* Mappings: counted from maps, against vm.max_map_count. */
  g_assert_cmpuint (limits->n_maps, ==, count_lines (maps_path));
  g_assert_true (limits->rows[MS_HEADROOM_MAPPINGS].known);
  {
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents ("/proc/sys/vm/max_map_count", &text, NULL, NULL));
    g_assert_cmpuint (limits->rows[MS_HEADROOM_MAPPINGS].limit, ==, g_ascii_strtoull (text, NULL, 10));
  }
  /* A count given is taken as it is. */
  g_clear_pointer (&before, ms_limits_free);
  before = ms_limits_read (child->pid, 7, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->rows[MS_HEADROOM_MAPPINGS].used, ==, 7);

  /* The system's commit. */
  g_assert_true (limits->rows[MS_HEADROOM_COMMIT].known);
  g_assert_cmpint (limits->overcommit, >=, 0);
  g_assert_true (limits->rows[MS_HEADROOM_COMMIT].enforced == (limits->overcommit == MS_OVERCOMMIT_NEVER));

  /* Its group, as ms-cgroup reads it. */
  g_assert_true (ms_cgroup_read_pid (child->pid, &paths, NULL));
  g_assert_cmpstr (limits->cgroup_path, ==, ms_cgroup_paths_best (&paths));
  if (ms_cgroup_read_memory (&paths, NULL, &memory, NULL))
    {
      g_assert_true (limits->has_cgroup_memory);
      g_assert_true (limits->rows[MS_HEADROOM_CGROUP_MEMORY].known);
      g_assert_cmpuint (limits->rows[MS_HEADROOM_CGROUP_MEMORY].limit, ==, memory.max);
    }
  else
    {
      g_test_message ("no memory controller for its group here");
      g_assert_false (limits->rows[MS_HEADROOM_CGROUP_MEMORY].known);
    }

  ms_test_child_stop (child);
}

static void
test_gone (void)
{
  g_autoptr(GError) error = NULL;
  MsLimits *limits = ms_limits_read (ms_test_dead_pid (), -1, &error);

  g_assert_null (limits);
  g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
  g_assert_null (strchr (error->message, '\n'));
}

/* No address space of its own: nothing to be close to, said in one line. */
static void
test_no_address_space (void)
{
  g_autoptr(GError) error = NULL;
  int kthread = ms_test_find_kernel_thread ();
  int zombie = ms_test_start_zombie ();
  MsLimits *limits = ms_limits_read (zombie, -1, &error);

  g_assert_null (limits);
  g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
  g_assert_nonnull (strstr (error->message, "zombie"));
  g_clear_error (&error);
  waitpid (zombie, NULL, 0);

  if (kthread == 0)
    {
      g_test_skip ("no kernel thread to be seen here (a container's own pid namespace)");
      return;
    }
  limits = ms_limits_read (kthread, -1, &error);
  g_assert_null (limits);
  g_assert_error (error, MS_ERROR, MS_ERROR_KERNEL_THREAD);
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_async (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MsLimits) limits = NULL;
  g_autoptr(GError) error = NULL;

  ms_limits_read_async (getpid (), -1, NULL, ms_test_keep_result, &result);
  ms_test_await (&result);
  limits = ms_limits_read_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (limits->pid, ==, getpid ());
  g_assert_true (limits->rows[MS_HEADROOM_STACK].known);
  g_assert_cmpuint (limits->rows[MS_HEADROOM_STACK].used, >, 0);
}

/* Runs $MEMSCAPE with @args: its exit status, stdout and stderr. */
static int
run_memscape (const char * const *args,
              char              **out,
              char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("MEMSCAPE"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *pid = g_strdup_printf ("%d", (int) child->pid);
  g_autofree char *dir = g_dir_make_tmp ("memscape-limits-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "limits.csv", NULL);
  g_autofree char *png = g_build_filename (dir, "limits.png", NULL);
  g_autofree char *file_text = NULL;
  g_autoptr(MsLimits) limits = ms_limits_read (child->pid, -1, NULL);
  g_autofree char *expected_row = NULL;
  char *out = NULL, *err = NULL;
  struct rlimit as;

  as.rlim_cur = as.rlim_max = (rlim_t) (limits->status.vm_size + limits->status.vm_size / 50);
  g_assert_cmpint (prlimit (child->pid, RLIMIT_AS, &as, NULL), ==, 0);
  expected_row = g_strdup_printf ("\naddress-space,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",",
                                  limits->status.vm_size, (guint64) as.rlim_cur, (guint64) as.rlim_max);

  {
    const char *args[] = { "--pid", pid, "--limits", NULL };

    g_assert_cmpint (run_memscape (args, &out, &err), ==, 0);
    g_assert_cmpstr (err, ==, "");
    g_assert_true (g_str_has_prefix (out, "limit,used,max,hard_max,percent,close,enforced\n"));
    g_assert_nonnull (strstr (out, expected_row));
    g_assert_nonnull (strstr (strstr (out, expected_row), ",yes,yes\n"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--pid", pid, "--limits", "--export", csv, NULL };

    g_assert_cmpint (run_memscape (args, &out, &err), ==, 0);
    g_assert_cmpstr (out, ==, "");
    g_assert_true (g_file_get_contents (csv, &file_text, NULL, NULL));
    g_assert_nonnull (strstr (file_text, expected_row));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    /* Each failure: one line, no file. */
    const char *failing[][8] = {
      { "--pid", pid, "--limits", "--export", png, NULL },
      { "--open", csv, "--limits", NULL },
      { "--limits", NULL },
      { "--pid", "not-a-pid", "--limits", NULL },
      { "--pid", pid, "--limits", "--group", "object", NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (failing); i++)
      {
        g_assert_cmpint (run_memscape (failing[i], &out, &err), ==, 1);
        g_assert_cmpstr (out, ==, "");
        g_assert_true (g_str_has_prefix (err, "memscape: "));
        g_assert_cmpint (strchr (err, '\n') - err, ==, strlen (err) - 1);
        g_clear_pointer (&out, g_free);
        g_clear_pointer (&err, g_free);
      }
    g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  }

  ms_test_child_stop (child);
  ms_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/limits/parse-limits", test_parse_limits);
  g_test_add_func ("/memscape/limits/parse-stat", test_parse_stat);
  g_test_add_func ("/memscape/limits/compute", test_compute);
  g_test_add_func ("/memscape/limits/csv", test_csv);
  g_test_add_func ("/memscape/limits/live", test_live);
  g_test_add_func ("/memscape/limits/gone", test_gone);
  g_test_add_func ("/memscape/limits/no-address-space", test_no_address_space);
  g_test_add_func ("/memscape/limits/async", test_async);
  g_test_add_func ("/memscape/limits/cli", test_cli);

  return g_test_run ();
}
