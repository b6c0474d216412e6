/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-activity-private.h"
#include "ms-error.h"
#include "ms-reader.h"
#include "ms-test-util.h"

/* Issue 16, items 3 and 4, read as administrator: the helper's `clear-refs
 * PID 1|4` request, its answer's parser, and the measurement through it.
 * The helper runs without pkexec, as in test-privileged.c (MEMSCAPE_READER;
 * MEMSCAPE_PRIVILEGED_RUNNER a script that runs it). */

static void
run_helper (const char * const *args,
            gboolean            as_nobody,
            MsTestHelperRun          *run)
{
  ms_test_run_helper (args, as_nobody, run);
}

/* --- a child of another user ------------------------------------------------- */

/* tests/ms-test-child as nobody (65534), the way another user's process is:
 * only root may start it. Its stdin and stdout are ours. */
typedef struct {
  GPid   pid;
  int    stdin_fd;
  FILE  *out;
  char  *dir;
} NobodyChild;

static NobodyChild *
nobody_child_start (void)
{
  g_autofree char *program = ms_test_build_path ("ms-test-child");
  g_autoptr(GError) error = NULL;
  NobodyChild *child = g_new0 (NobodyChild, 1);
  char *argv[3];
  char line[8192];
  int stdout_fd;

  child->dir = g_dir_make_tmp ("memscape-nobody-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (chmod (child->dir, 0777), ==, 0);
  argv[0] = program;
  argv[1] = child->dir;
  argv[2] = NULL;
  g_spawn_async_with_pipes (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, ms_test_drop_to_nobody, NULL,
                            &child->pid, &child->stdin_fd, &stdout_fd, NULL, &error);
  g_assert_no_error (error);
  child->out = fdopen (stdout_fd, "r");
  while (fgets (line, sizeof line, child->out) != NULL)
    if (strcmp (g_strchomp (line), "ready") == 0)
      return child;
  g_error ("ms-test-child as nobody ended before it was ready");
  return NULL;
}

static char *
nobody_child_command (NobodyChild *child,
                      const char  *command)
{
  char line[8192];

  g_assert_cmpint (write (child->stdin_fd, command, strlen (command)), ==, (gssize) strlen (command));
  g_assert_cmpint (write (child->stdin_fd, "\n", 1), ==, 1);
  g_assert_nonnull (fgets (line, sizeof line, child->out));
  return g_strdup (g_strchomp (line));
}

static void
nobody_child_stop (NobodyChild *child)
{
  kill (child->pid, SIGKILL);
  waitpid (child->pid, NULL, 0);
  g_spawn_close_pid (child->pid);
  close (child->stdin_fd);
  fclose (child->out);
  ms_test_remove_tree (child->dir);
  g_free (child->dir);
  g_free (child);
}

/* The bytes of smaps' Referenced of the region at @address, as the kernel
 * gives them to root. */
static guint64
referenced_of (int     pid,
               guint64 address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSnapshot) snapshot = ms_read_pid (pid, NULL, &error);
  int index;

  g_assert_no_error (error);
  index = ms_snapshot_find_region (snapshot, address);
  g_assert_cmpint (index, >=, 0);
  return snapshot->regions[index].counters.referenced;
}

static gboolean
can_start_other_user (void)
{
  if (getuid () != 0)
    {
      g_test_skip ("a child of another user needs root to start it (run the tests as root, as CI does)");
      return FALSE;
    }
  return TRUE;
}

/* --- the request's parser ------------------------------------------------------ */

static void
test_arguments (void)
{
  g_autofree char *self = g_strdup_printf ("%d", (int) getpid ());
  const char *const bad[][6] = {
    { "clear-refs", NULL },
    { "clear-refs", self, NULL },
    { "clear-refs", self, "2", NULL },
    { "clear-refs", self, "3", NULL },
    { "clear-refs", self, "5", NULL },
    { "clear-refs", self, "0", NULL },
    { "clear-refs", self, "", NULL },
    { "clear-refs", self, "11", NULL },
    { "clear-refs", self, "1 ", NULL },
    { "clear-refs", self, " 1", NULL },
    { "clear-refs", self, "+1", NULL },
    { "clear-refs", self, "01", NULL },
    { "clear-refs", self, "4\n", NULL },
    { "clear-refs", self, "1", "1", NULL },
    { "clear-refs", "0", "1", NULL },
    { "clear-refs", "-1", "1", NULL },
    { "clear-refs", "01", "1", NULL },
    { "clear-refs", "4194305", "1", NULL },
    { "clear-refs", "self", "1", NULL },
    { "clear-refs", "1 ", "1", NULL },
    { "clear_refs", self, "1", NULL },
    { "Clear-refs", self, "1", NULL },
    { "clear-refs", "1", "/proc/1/clear_refs", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(MsTestHelperRun) run = { 0 };

      run_helper (bad[i], FALSE, &run);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpuint (g_bytes_get_size (run.out), ==, 0);
      /* one line on stderr */
      g_assert_nonnull (strstr (run.err, "clear-refs PID 1|4"));
      g_assert_true (g_str_has_suffix (run.err, "\n"));
      g_assert_true (strchr (run.err, '\n') == run.err + strlen (run.err) - 1);
    }
}

/* --- the answer's parser ------------------------------------------------------- */

static void
test_parse_answer (void)
{
  static const char good[] = "memscape-reader 1\nclear-refs 4\n1234\nowner 5\n65534\ncleared 1\n1\nend 0\n\n";
  static const char denied[] = "memscape-reader 1\nclear-refs 4\n1234\nowner 1\n0\nerror 29\ndenied 1000 permission denied\nend 0\n\n";
  static const char gone[] = "memscape-reader 1\nclear-refs 4\n1234\nerror 31\ngone 0 there is no such process\nend 0\n\n";
  const char *malformed[] = {
    "",
    "memscape-reader 2\nclear-refs 4\n1234\nowner 5\n65534\ncleared 1\n1\nend 0\n\n",
    "memscape-reader 1\nclear-refs 4\n4321\nowner 5\n65534\ncleared 1\n1\nend 0\n\n",   /* another PID */
    "memscape-reader 1\nclear-refs 4\n1234\nowner 5\n65534\ncleared 1\n4\nend 0\n\n",   /* another value */
    "memscape-reader 1\nclear-refs 4\n1234\nowner 5\n65534\nend 0\n\n",                 /* not cleared */
    "memscape-reader 1\nclear-refs 4\n1234\ncleared 1\n1\nowner 5\n65534\nend 0\n\n",   /* out of order */
    "memscape-reader 1\nclear-refs 4\n1234\nowner 5\n65534\ncleared 1\n1\nend 0\n\nx", /* something after */
    "memscape-reader 1\nclear-refs 4\n1234\nowner 5\n65534\ncleared 1\n1\nend 0\n\n\n",
    "memscape-reader 1\nclear-refs 4\n1234\nowner 5\n65534\ncleared 2\n1\n\nend 0\n\n",
    "memscape-reader 1\nclear-refs 4\n1234\nowner 5\n6553x\ncleared 1\n1\nend 0\n\n",
    "memscape-reader 1\nclear-refs 4\n1234\nowner 5\n65534\ncleared 1\n1\nextra 0\n\nend 0\n\n",   /* an unknown record */
    "memscape-reader 1\nerror 31\ngone 0 there is no such process\nend 0\n\n",          /* no echo first */
    "memscape-reader 1\nclear-refs 4\n1234\nerror 12\nbogus 0 what\nend 0\n\n",
    "memscape-reader 1\nclear-refs 4\n1234\nerror 31\ngone 0 there is no such process\n",  /* no trailer */
    "memscape-reader 1\nclear-refs 99999999999999999999999\n",
  };
  g_autoptr(GError) error = NULL;
  guint32 owner = 0;

  g_assert_true (_ms_activity_parse_clear_refs_answer (good, sizeof good - 1, 1234, MS_ACTIVITY_REFERENCED,
                                                       &owner, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (owner, ==, 65534);
  /* the same answer does not do for the other kind: 4 was not cleared */
  g_assert_false (_ms_activity_parse_clear_refs_answer (good, sizeof good - 1, 1234, MS_ACTIVITY_WRITES, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_MALFORMED);
  g_clear_error (&error);

  /* every answer cut short is refused */
  for (gsize length = 0; length < sizeof good - 1; length++)
    {
      g_assert_false (_ms_activity_parse_clear_refs_answer (good, length, 1234, MS_ACTIVITY_REFERENCED, NULL, &error));
      g_assert_error (error, MS_ERROR, MS_ERROR_MALFORMED);
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_assert_false (_ms_activity_parse_clear_refs_answer (malformed[i], strlen (malformed[i]), 1234,
                                                            MS_ACTIVITY_REFERENCED, NULL, &error));
      g_assert_error (error, MS_ERROR, MS_ERROR_MALFORMED);
      g_assert_null (strchr (error->message, '\n'));
      g_clear_error (&error);
    }

  /* the helper's own errors, as the reader says them */
  g_assert_false (_ms_activity_parse_clear_refs_answer (denied, sizeof denied - 1, 1234, MS_ACTIVITY_REFERENCED,
                                                        NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_false (_ms_activity_parse_clear_refs_answer (gone, sizeof gone - 1, 1234, MS_ACTIVITY_REFERENCED,
                                                        NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
  g_clear_error (&error);
}

/* --- clearing another user's process ------------------------------------------ */

static void
test_clear_other_user (void)
{
  NobodyChild *child;
  g_autofree char *pid_text = NULL;
  g_autofree char *mapped = NULL;
  g_autofree char *command = NULL;
  g_autofree char *answer = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(MsTestHelperRun) run = { 0 };
  guint64 address;
  guint32 owner = 0;
  g_autofree char *proc_dir = NULL;
  struct stat st;

  if (!can_start_other_user ())
    return;
  child = nobody_child_start ();
  proc_dir = g_strdup_printf ("/proc/%d", (int) child->pid);
  g_assert_cmpint (stat (proc_dir, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, 65534);
  pid_text = g_strdup_printf ("%d", (int) child->pid);

  /* 16 pages, all written: all referenced */
  mapped = nobody_child_command (child, "map 16");
  g_assert_true (g_str_has_prefix (mapped, "mapped 0x"));
  address = g_ascii_strtoull (mapped + 7, NULL, 16);
  command = g_strdup_printf ("write 0x%" G_GINT64_MODIFIER "x 16", address);
  answer = nobody_child_command (child, command);
  g_assert_cmpstr (answer, ==, "written");
  g_assert_cmpuint (referenced_of (child->pid, address), ==, 16 * 4096);

  /* clear-refs PID 1: answered, the owner told, and the bits cleared … */
  run_helper ((const char *[]) { "clear-refs", pid_text, "1", NULL }, FALSE, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (_ms_activity_parse_clear_refs_answer (g_bytes_get_data (run.out, NULL), g_bytes_get_size (run.out),
                                                       child->pid, MS_ACTIVITY_REFERENCED, &owner, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (owner, ==, 65534);
  g_assert_cmpuint (referenced_of (child->pid, address), ==, 0);

  /* … so that Referenced counts only the pages touched after */
  g_free (command);
  g_free (answer);
  command = g_strdup_printf ("read 0x%" G_GINT64_MODIFIER "x 3", address);
  answer = nobody_child_command (child, command);
  g_assert_cmpstr (answer, ==, "read");
  g_assert_cmpuint (referenced_of (child->pid, address), ==, 3 * 4096);

  nobody_child_stop (child);
}

/* The helper run as an ordinary user is refused by the kernel for another
 * user's process: an error record, nothing cleared. */
static void
test_clear_denied (void)
{
  MsTestChild *child;
  g_autofree char *pid_text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(MsTestHelperRun) run = { 0 };
  g_auto(MsTestHelperRun) gone = { 0 };
  g_autofree char *mapped = NULL;
  g_autofree char *command = NULL;
  guint64 half;
  guint64 before;

  if (!can_start_other_user ())
    return;
  child = ms_test_child_start ();
  mapped = ms_test_child_command (child, "map 4");
  half = g_ascii_strtoull (mapped + 7, NULL, 16);
  command = g_strdup_printf ("write 0x%" G_GINT64_MODIFIER "x 4", half);
  g_free (ms_test_child_command (child, command));
  before = referenced_of (child->pid, half);
  g_assert_cmpuint (before, >, 0);
  pid_text = g_strdup_printf ("%d", (int) child->pid);

  run_helper ((const char *[]) { "clear-refs", pid_text, "1", NULL }, TRUE, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_false (_ms_activity_parse_clear_refs_answer (g_bytes_get_data (run.out, NULL), g_bytes_get_size (run.out),
                                                        child->pid, MS_ACTIVITY_REFERENCED, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_PERMISSION_DENIED);
  g_assert_cmpuint (referenced_of (child->pid, half), ==, before);
  g_clear_error (&error);

  /* a process that is not there */
  ms_test_child_stop (child);
  run_helper ((const char *[]) { "clear-refs", pid_text, "1", NULL }, FALSE, &gone);
  g_assert_cmpint (gone.status, ==, 1);
  g_assert_false (_ms_activity_parse_clear_refs_answer (g_bytes_get_data (gone.out, NULL), g_bytes_get_size (gone.out),
                                                        atoi (pid_text), MS_ACTIVITY_REFERENCED, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
}

/* --- the measurement through the helper --------------------------------------- */

static void
test_measure_through_helper (void)
{
  NobodyChild *child;
  g_autofree char *dir = NULL;
  g_autofree char *log = NULL;
  g_autofree char *runner = NULL;
  g_autofree char *body = NULL;
  g_autofree char *logged = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *mapped = NULL;
  g_autofree char *command = NULL;
  g_autofree char *answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsActivityMeasure) measure = NULL;
  g_autoptr(MsActivity) activity = NULL;
  const MsActivityRegion *region;
  guint64 address;

  if (!can_start_other_user ())
    return;
  child = nobody_child_start ();
  mapped = nobody_child_command (child, "map 16");
  address = g_ascii_strtoull (mapped + 7, NULL, 16);
  command = g_strdup_printf ("write 0x%" G_GINT64_MODIFIER "x 16", address);
  g_free (nobody_child_command (child, command));

  dir = g_dir_make_tmp ("memscape-activity-XXXXXX", &error);
  g_assert_no_error (error);
  log = g_build_filename (dir, "log", NULL);
  body = g_strdup_printf ("echo \"$*\" >> '%s'\nexec \"$@\"", log);
  runner = ms_test_write_script (dir, "runner", body);
  g_assert_true (g_setenv ("MEMSCAPE_PRIVILEGED_RUNNER", runner, TRUE));

  /* The kernel's own ageing can clear a referenced bit meanwhile (DAMON's
   * sampling, kdamond, runs on some machines): fewer pages than were read
   * is tried again, twice at most; more never is. */
  for (int attempt = 0; attempt < 3; attempt++)
    {
      g_clear_pointer (&measure, ms_activity_measure_free);
      g_clear_pointer (&activity, ms_activity_unref);
      g_clear_pointer (&answer, g_free);
      g_assert_true (g_file_set_contents (log, "", 0, NULL));
      measure = ms_activity_begin_through_helper (child->pid, MS_ACTIVITY_REFERENCED, TRUE, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (measure);
      g_free (command);
      command = g_strdup_printf ("read 0x%" G_GINT64_MODIFIER "x 5", address);
      answer = nobody_child_command (child, command);
      g_assert_cmpstr (answer, ==, "read");
      activity = ms_activity_end (measure, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (activity);
      region = ms_activity_find (activity, address);
      g_assert_nonnull (region);
      g_assert_cmpuint (region->referenced, <=, 5 * 4096);
      if (region->referenced == 5 * 4096)
        break;
      g_test_message ("%" G_GUINT64_FORMAT " bytes referenced of 5 pages read: aged meanwhile, measured again",
                      region->referenced);
    }
  g_assert_cmpuint (region->referenced, ==, 5 * 4096);
  g_assert_cmpuint (region->rss, ==, 16 * 4096);

  /* the runner cleared, then read: both through the helper */
  g_assert_true (g_file_get_contents (log, &logged, NULL, NULL));
  expected = g_strdup_printf ("%s clear-refs %d 1\n%s read %d\n", g_getenv ("MEMSCAPE_READER"), (int) child->pid,
                              g_getenv ("MEMSCAPE_READER"), (int) child->pid);
  g_assert_cmpstr (logged, ==, expected);

  /* a dismissed password dialog (pkexec's 126): nothing measured, and said */
  g_clear_pointer (&measure, ms_activity_measure_free);
  g_clear_error (&error);
  g_free (runner);
  runner = ms_test_write_script (dir, "runner", "exit 126");
  g_assert_true (g_setenv ("MEMSCAPE_PRIVILEGED_RUNNER", runner, TRUE));
  measure = ms_activity_begin_through_helper (child->pid, MS_ACTIVITY_REFERENCED, TRUE, NULL, &error);
  g_assert_null (measure);
  g_assert_error (error, MS_ERROR, MS_ERROR_AUTH_DISMISSED);

  g_unsetenv ("MEMSCAPE_PRIVILEGED_RUNNER");
  ms_test_remove_tree (dir);
  nobody_child_stop (child);
}

/* Write churn through the helper: `clear-refs PID 4` is answered; the
 * measurement itself needs soft-dirty tracking. */
static void
test_churn_through_helper (void)
{
  NobodyChild *child;
  g_autofree char *pid_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsActivityMeasure) measure = NULL;
  g_auto(MsTestHelperRun) run = { 0 };

  if (!can_start_other_user ())
    return;
  child = nobody_child_start ();
  pid_text = g_strdup_printf ("%d", (int) child->pid);

  run_helper ((const char *[]) { "clear-refs", pid_text, "4", NULL }, FALSE, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (_ms_activity_parse_clear_refs_answer (g_bytes_get_data (run.out, NULL), g_bytes_get_size (run.out),
                                                       child->pid, MS_ACTIVITY_WRITES, NULL, &error));
  g_assert_no_error (error);

  if (!ms_activity_can_track_writes ())
    {
      /* refused before the helper runs: no runner set, no pkexec started */
      measure = ms_activity_begin_through_helper (child->pid, MS_ACTIVITY_WRITES, TRUE, NULL, &error);
      g_assert_null (measure);
      g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "CONFIG_MEM_SOFT_DIRTY"));
      nobody_child_stop (child);
      g_test_skip ("this kernel has no soft-dirty tracking (CONFIG_MEM_SOFT_DIRTY off): the written pages "
                   "through the helper are not measured; only the clear-refs 4 request and the refusal are tested");
      return;
    }
  g_assert_true (g_setenv ("MEMSCAPE_PRIVILEGED_RUNNER", "/usr/bin/env", TRUE));
  measure = ms_activity_begin_through_helper (child->pid, MS_ACTIVITY_WRITES, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_unsetenv ("MEMSCAPE_PRIVILEGED_RUNNER");
  nobody_child_stop (child);
}

/* The soft-dirty count through the helper's `pages` (this kernel may have no
 * soft-dirty pages to give: a runner answers in its place, every page of
 * what is asked present and soft-dirty). Neighbouring regions go in one
 * request, [vsyscall] in none, a region of 100 GiB in two of at most 64 GiB;
 * each region counts only its own pages. */
static void
test_count_dirty_requests (void)
{
  static const char answer[] =
    "echo \"$2 $4 $5\" >> '%s'\n"
    "run=\"$4 $5 11 1\"\n"
    "printf 'memscape-reader 1\\npages %%d\\n%%s\\nowner 1\\n0\\nrange %%d\\n%%s %%s\\nruns %%d\\n%%s\\n\\nend 0\\n\\n' "
    "${#3} \"$3\" $(( ${#4} + ${#5} + 1 )) \"$4\" \"$5\" $(( ${#run} + 1 )) \"$run\"";
  const guint64 huge = G_GUINT64_CONSTANT (1) << 40, huge_size = G_GUINT64_CONSTANT (100) << 30;
  const struct { guint64 start, end; const char *path; } layout[] = {
    { 0x1000, 0x3000, "a" },
    { 0x4000, 0x6000, NULL },
    { 0x7000, 0x8000, "[vsyscall]" },
    { huge, huge + huge_size, "huge" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MsActivity) activity = g_atomic_rc_box_new0 (MsActivity);
  g_autofree char *dir = g_dir_make_tmp ("memscape-dirty-XXXXXX", NULL);
  g_autofree char *log = g_build_filename (dir, "log", NULL);
  g_autofree char *body = g_strdup_printf (answer, log);
  g_autofree char *runner = ms_test_write_script (dir, "runner", body);
  g_autofree char *logged = NULL;
  g_autofree char *expected = NULL;

  activity->pid = 1234;
  activity->kind = MS_ACTIVITY_WRITES;
  activity->seconds = 2;
  activity->n_regions = G_N_ELEMENTS (layout);
  activity->regions = g_new0 (MsActivityRegion, G_N_ELEMENTS (layout));
  for (guint i = 0; i < G_N_ELEMENTS (layout); i++)
    {
      activity->regions[i].start = layout[i].start;
      activity->regions[i].end = layout[i].end;
      activity->regions[i].path = g_strdup (layout[i].path);
    }
  g_assert_true (g_setenv ("MEMSCAPE_PRIVILEGED_RUNNER", runner, TRUE));
  g_assert_true (_ms_activity_count_dirty_through_helper (1234, TRUE, activity, NULL, &error));
  g_assert_no_error (error);
  g_unsetenv ("MEMSCAPE_PRIVILEGED_RUNNER");

  g_assert_cmpuint (activity->regions[0].dirty_pages, ==, 2);
  g_assert_cmpuint (activity->regions[1].dirty_pages, ==, 2);
  g_assert_cmpuint (activity->regions[2].dirty_pages, ==, 0);
  g_assert_cmpuint (activity->regions[3].dirty_pages, ==, huge_size / 4096);
  g_assert_cmpfloat (activity->regions[0].dirty_per_second, ==, 1.0);
  g_assert_cmpfloat (activity->regions[3].dirty_per_second, ==, huge_size / 4096 / 2.0);

  g_assert_true (g_file_get_contents (log, &logged, NULL, NULL));
  expected = g_strdup_printf ("pages 1000 6000\npages %" G_GINT64_MODIFIER "x %" G_GINT64_MODIFIER "x\n"
                              "pages %" G_GINT64_MODIFIER "x %" G_GINT64_MODIFIER "x\n",
                              huge, huge + (G_GUINT64_CONSTANT (64) << 30),
                              huge + (G_GUINT64_CONSTANT (64) << 30), huge + huge_size);
  g_assert_cmpstr (logged, ==, expected);
  ms_test_remove_tree (dir);
}

/* --- the command line through the helper ------------------------------------------ */

/* `memscape` as nobody, @args after it, with the helper's runner @runner:
 * its stderr (the caller closes it) and pid. */
static GPid
spawn_cli_as_nobody (const char         *runner,
                     const char * const *args,
                     FILE              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  GPid pid;
  int err_fd;

  envp = g_environ_setenv (envp, "MEMSCAPE_PRIVILEGED_RUNNER", runner, TRUE);
  g_ptr_array_add (argv, (gpointer) g_getenv ("MEMSCAPE"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_async_with_pipes (NULL, (char **) argv->pdata, envp, G_SPAWN_DO_NOT_REAP_CHILD, ms_test_drop_to_nobody,
                            NULL, &pid, NULL, NULL, &err_fd, &error);
  g_assert_no_error (error);
  *err = fdopen (err_fd, "r");
  return pid;
}

static int
wait_cli (GPid pid)
{
  int status;

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* `memscape --activity` run by a user on root's process: the direct
 * clear_refs is refused, and without --administrator one line says to give
 * it; with it, the bits are cleared and read through the helper. pkexec's
 * stand-in is a set-user-ID root copy of env(1): it runs the helper as
 * root for the CLI running as nobody, as pkexec would. */
static void
test_cli_administrator (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *runner = NULL;
  g_autofree char *target = NULL;
  g_autofree char *pid_text = NULL;
  g_autofree char *mapped = NULL;
  g_autofree char *command = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *row = NULL;
  MsTestChild *child;
  guint64 address;
  char line[1024];
  FILE *err;
  GPid pid;

  if (!can_start_other_user ())
    return;
  dir = ms_test_make_setuid_runner (&runner);
  if (dir == NULL)
    return;
  target = g_build_filename (dir, "activity.csv", NULL);

  child = ms_test_child_start ();
  pid_text = g_strdup_printf ("%d", (int) child->pid);
  mapped = ms_test_child_command (child, "map 16");
  address = g_ascii_strtoull (mapped + 7, NULL, 16);
  command = g_strdup_printf ("write 0x%" G_GINT64_MODIFIER "x 16", address);
  g_free (ms_test_child_command (child, command));

  /* refused, and how to get it said in one line; no file */
  {
    const char *args[] = { "--pid", pid_text, "--activity", "1", "--export", target, NULL };

    pid = spawn_cli_as_nobody (runner, args, &err);
    g_assert_nonnull (fgets (line, sizeof line, err));
    g_assert_null (fgets (line + strlen (line), sizeof line - strlen (line), err));
    fclose (err);
    g_assert_cmpint (wait_cli (pid), ==, 1);
    g_assert_true (g_str_has_prefix (line, "memscape: Permission denied"));
    g_assert_nonnull (strstr (line, "give --administrator"));
    g_assert_cmpint (strchr (line, '\n') - line, ==, (long) strlen (line) - 1);
    g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  }

  /* through the helper: what the child reads meanwhile is what was used */
  {
    const char *args[] = { "--pid", pid_text, "--activity", "2", "--administrator", "--export", target, NULL };

    pid = spawn_cli_as_nobody (runner, args, &err);
    g_assert_nonnull (fgets (line, sizeof line, err));
    g_assert_nonnull (strstr (line, "through memscape-reader as administrator"));
    g_free (command);
    command = g_strdup_printf ("read 0x%" G_GINT64_MODIFIER "x 5", address);
    answer = ms_test_child_command (child, command);
    g_assert_cmpstr (answer, ==, "read");
    g_assert_null (fgets (line, sizeof line, err));
    fclose (err);
    g_assert_cmpint (wait_cli (pid), ==, 0);
  }
  g_assert_true (g_file_get_contents (target, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "start,end,path,rss,referenced\n"));
  row = g_strdup_printf ("\n0x%" G_GINT64_MODIFIER "x,0x%" G_GINT64_MODIFIER "x,,%u,%u\n", address,
                         address + 16 * 4096, 16 * 4096, 5 * 4096);
  g_assert_nonnull (strstr (csv, row));

  ms_test_child_stop (child);
  ms_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/activity-helper/arguments", test_arguments);
  g_test_add_func ("/memscape/activity-helper/parse-answer", test_parse_answer);
  g_test_add_func ("/memscape/activity-helper/clear-other-user", test_clear_other_user);
  g_test_add_func ("/memscape/activity-helper/clear-denied", test_clear_denied);
  g_test_add_func ("/memscape/activity-helper/measure-through-helper", test_measure_through_helper);
  g_test_add_func ("/memscape/activity-helper/churn-through-helper", test_churn_through_helper);
  g_test_add_func ("/memscape/activity-helper/count-dirty-requests", test_count_dirty_requests);
  g_test_add_func ("/memscape/activity-helper/cli-administrator", test_cli_administrator);
  return g_test_run ();
}
