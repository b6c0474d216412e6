/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-local-source.h"
#include "ms-proc.h"
#include "ms-process-list-model.h"
#include "ms-reader.h"
#include "ms-test-source.h"
#include "ms-test-util.h"

/* The process list model: read through a source, merged into rows kept per
 * pid, paced by the refresh policy, failures said and recovered from. No
 * display needed. */

static gboolean
loaded (gpointer data)
{
  return ms_process_list_model_get_loaded (data);
}

static gboolean
failed (gpointer data)
{
  return ms_process_list_model_get_error (data) != NULL;
}

static gboolean
recovered (gpointer data)
{
  return ms_process_list_model_get_error (data) == NULL;
}

/* --- the real list ----------------------------------------------------------- */

static void
test_local (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSource) source = ms_local_source_new ();
  g_autoptr(MsProcessListModel) model = ms_process_list_model_new (source);
  GListModel *list = G_LIST_MODEL (model);
  MsProcessRow *row;
  int previous = 0;

  g_assert_true (g_list_model_get_item_type (list) == MS_TYPE_PROCESS_ROW);
  g_assert_true (ms_test_wait_for (loaded, model));
  g_assert_null (ms_process_list_model_get_error (model));
  g_assert_true (ms_process_list_model_get_source (model) == source);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MsProcessRow) item = g_list_model_get_item (list, i);

      g_assert_cmpint (ms_process_row_get_pid (item), >, previous);
      previous = ms_process_row_get_pid (item);
    }

  row = ms_process_list_model_lookup (model, child->pid);
  g_assert_nonnull (row);
  g_assert_cmpstr (ms_process_row_get_name (row), ==, "ms-test-child");
  row = ms_process_list_model_lookup (model, getpid ());
  g_assert_nonnull (row);
  g_assert_null (ms_process_list_model_lookup (model, G_MAXINT));

  ms_test_child_stop (child);
}

/* --- made-up lists -------------------------------------------------------------- */

#define N_FAKE 50

static guint64 fake_rss[N_FAKE];
static gboolean fake_gone[N_FAKE];
static gboolean fake_fails;

static GPtrArray *
fake_list (GError **error)
{
  GPtrArray *list;

  if (fake_fails)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED, "The reader could not be started on the host: no");
      return NULL;
    }

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_process_info_free);
  for (guint i = 0; i < N_FAKE; i++)
    {
      MsProcessInfo *info;

      if (fake_gone[i])
        continue;
      info = g_new0 (MsProcessInfo, 1);
      info->pid = (int) (100 + 3 * i);
      info->uid = 1000;
      info->state = 'S';
      info->name = g_strdup_printf ("fake-%u", i);
      info->user = g_strdup ("tester");
      info->cmdline = g_strdup ("");
      info->rss = fake_rss[i];
      g_ptr_array_add (list, info);
    }
  return list;
}

static void
reset_fakes (void)
{
  for (guint i = 0; i < N_FAKE; i++)
    {
      fake_rss[i] = (i + 1) * 4096;
      fake_gone[i] = FALSE;
    }
  fake_fails = FALSE;
}

/* A mirror of the model kept only from its items-changed signals. */
static void
mirror_changes (GListModel *model,
                guint       position,
                guint       removed,
                guint       added,
                GPtrArray  *mirror)
{
  g_ptr_array_remove_range (mirror, position, removed);
  for (guint k = 0; k < added; k++)
    g_ptr_array_insert (mirror, (int) (position + k), g_list_model_get_item (model, position + k));
}

static void
count_updated (MsProcessListModel *model,
               guint               n_updated,
               guint              *out)
{
  *out = n_updated;
}

static void
test_merge (void)
{
  g_autoptr(MsSource) source = ms_test_source_new (MS_SOURCE_KIND_LOCAL, NULL, fake_list);
  g_autoptr(MsProcessListModel) model = NULL;
  g_autoptr(GPtrArray) mirror = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(MsProcessRow) kept = NULL;
  GListModel *list;
  guint n_updated = G_MAXUINT;

  reset_fakes ();
  model = ms_process_list_model_new (source);
  list = G_LIST_MODEL (model);
  ms_refresh_policy_set_interval (ms_process_list_model_get_policy (model), 0);
  g_signal_connect (model, "items-changed", G_CALLBACK (mirror_changes), mirror);
  g_signal_connect (model, "updated", G_CALLBACK (count_updated), &n_updated);
  g_assert_true (ms_test_wait_for (loaded, model));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_FAKE);
  g_assert_cmpuint (mirror->len, ==, N_FAKE);
  g_assert_cmpuint (n_updated, ==, 0);
  kept = g_object_ref (ms_process_list_model_lookup (model, 100 + 3 * 20));

  /* Some go, some come back, some change their figures. */
  for (guint i = 0; i < N_FAKE; i += 7)
    fake_gone[i] = TRUE;
  fake_rss[20] *= 10;
  fake_rss[22] *= 10;
  ms_process_list_model_refresh (model);
  ms_test_drain ();
  g_assert_cmpuint (n_updated, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_FAKE - (N_FAKE + 6) / 7);
  /* The row of a process that stayed is the same object, with its new figures. */
  g_assert_true (ms_process_list_model_lookup (model, 100 + 3 * 20) == kept);
  g_assert_cmpuint (ms_process_row_get_rss (kept), ==, fake_rss[20]);
  g_assert_null (ms_process_list_model_lookup (model, 100));

  for (guint i = 0; i < N_FAKE; i++)
    fake_gone[i] = i % 2 == 0;
  ms_process_list_model_refresh (model);
  ms_test_drain ();
  g_assert_cmpuint (n_updated, ==, 0);

  /* What the signals said is what the model holds, in pid order. */
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (list));
  for (guint i = 0; i < mirror->len; i++)
    {
      g_autoptr(MsProcessRow) row = g_list_model_get_item (list, i);

      g_assert_true (g_ptr_array_index (mirror, i) == row);
      g_assert_cmpint (ms_process_row_get_pid (row), ==, (int) (100 + 3 * (2 * i + 1)));
    }
}

/* A read that fails says why and keeps the rows; the next read that works
 * takes the error away. Reads never stack up. */
static void
test_failure_and_pacing (void)
{
  g_autoptr(MsSource) source = ms_test_source_new (MS_SOURCE_KIND_HOST, NULL, fake_list);
  g_autoptr(MsProcessListModel) model = NULL;
  MsRefreshPolicy *policy;
  guint n_error = 0;

  reset_fakes ();
  fake_fails = TRUE;
  model = ms_process_list_model_new (source);
  policy = ms_process_list_model_get_policy (model);
  g_signal_connect_swapped (model, "notify::error", G_CALLBACK (g_atomic_int_inc), &n_error);
  ms_refresh_policy_set_interval (policy, 20);
  g_assert_true (ms_test_wait_for (failed, model));
  g_assert_true (g_error_matches (ms_process_list_model_get_error (model), MS_ERROR, MS_ERROR_HELPER_FAILED));
  g_assert_false (ms_process_list_model_get_loaded (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  /* It keeps trying, at its pace (a third of the interval's rate). */
  g_assert_cmpuint (ms_refresh_policy_get_delay (policy), ==, 60);
  fake_fails = FALSE;
  g_assert_true (ms_test_wait_for (recovered, model));
  g_assert_true (ms_process_list_model_get_loaded (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_FAKE);
  g_assert_cmpuint (n_error, ==, 2);

  /* Failing again leaves the rows shown as they were. */
  fake_fails = TRUE;
  g_assert_true (ms_test_wait_for (failed, model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_FAKE);

  /* Beside a watched process, the same pace: this source has no cheap look
   * at its pids, so each time is a whole read (see secondary-pacing). */
  ms_refresh_policy_set_secondary (policy, TRUE);
  g_assert_cmpuint (ms_refresh_policy_get_delay (policy), ==, 60);
  {
    guint before = ms_test_source_get_n_lists (MS_TEST_SOURCE (source));

    fake_fails = FALSE;
    g_assert_true (ms_test_wait_for (recovered, model));
    while (ms_test_source_get_n_lists (MS_TEST_SOURCE (source)) < before + 3)
      g_main_context_iteration (NULL, TRUE);
  }

  /* Asked twice at once: one read. */
  fake_fails = FALSE;
  ms_refresh_policy_set_interval (policy, 0);
  ms_test_drain ();
  {
    guint before = ms_test_source_get_n_lists (MS_TEST_SOURCE (source));

    ms_process_list_model_refresh (model);
    ms_process_list_model_refresh (model);
    ms_test_drain ();
    g_assert_cmpuint (ms_test_source_get_n_lists (MS_TEST_SOURCE (source)), ==, before + 1);
  }
}

/* Another source: the read of the old one is dropped, the new one read at
 * once. */
static void
test_set_source (void)
{
  g_autoptr(MsSource) first = ms_test_source_new (MS_SOURCE_KIND_LOCAL, NULL, fake_list);
  g_autoptr(MsSource) second = ms_test_source_new (MS_SOURCE_KIND_HOST, NULL, fake_list);
  g_autoptr(MsProcessListModel) model = NULL;

  reset_fakes ();
  model = ms_process_list_model_new (first);
  ms_refresh_policy_set_interval (ms_process_list_model_get_policy (model), 0);
  g_assert_cmpuint (ms_test_source_get_n_lists (MS_TEST_SOURCE (first)), ==, 1);

  ms_process_list_model_set_source (model, second);
  g_assert_true (ms_process_list_model_get_source (model) == second);
  g_assert_cmpuint (ms_test_source_get_n_lists (MS_TEST_SOURCE (second)), ==, 1);
  ms_test_drain ();
  g_assert_true (ms_process_list_model_get_loaded (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_FAKE);
}

/* --- names ---------------------------------------------------------------- */

static void
test_full_name_rules (void)
{
  static const struct {
    const char *comm;
    const char *args[3];
    const char *exe;
    const char *name;
  } cases[] = {
    /* not cut: the kernel's name, whatever the command says */
    { "bash", { "/bin/bash", NULL }, NULL, "bash" },
    { "Web Content", { "/usr/lib/firefox/firefox", "-contentproc", NULL }, NULL, "Web Content" },
    /* cut: the command's base name that continues it */
    { "xdg-desktop-por", { "/usr/libexec/xdg-desktop-portal", NULL }, NULL, "xdg-desktop-portal" },
    { "xdg-desktop-por", { "xdg-desktop-portal-gnome", "--replace", NULL }, NULL, "xdg-desktop-portal-gnome" },
    /* an interpreter's script (the kernel names the process after it) */
    { "update-notifier", { "/usr/bin/python3", "/usr/bin/update-notifier-helper", NULL }, NULL,
      "update-notifier-helper" },
    /* a command line rewritten into one string: up to the space */
    { "gnome-session-b", { "gnome-session-binary --systemd-service", NULL }, NULL, "gnome-session-binary" },
    /* the command does not say: the executable does, deleted or not */
    { "gsd-screensaver", { "sshd: x", NULL }, "/usr/libexec/gsd-screensaver-proxy (deleted)",
      "gsd-screensaver-proxy" },
    { "gsd-screensaver", { NULL }, "/usr/libexec/gsd-screensaver-proxy", "gsd-screensaver-proxy" },
    /* nothing continues it: the kernel's name */
    { "xdg-desktop-por", { "other", "/bin/other2", NULL }, "/usr/bin/other", "xdg-desktop-por" },
    { "abcdefghijklmno", { NULL }, NULL, "abcdefghijklmno" },
    { "abcdefghijklmno", { "/bin/abcdefghijklmno", NULL }, NULL, "abcdefghijklmno" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = ms_process_full_name (cases[i].comm, cases[i].args, cases[i].exe);

      g_assert_cmpstr (name, ==, cases[i].name);
    }
}

/* A child that waits (it starts no child of its own, that would outlive it
 * holding the test's output open). */
static GPid
spawn (const char * const *argv,
       GSpawnFlags         flags)
{
  g_autoptr(GError) error = NULL;
  GPid pid;

  g_spawn_async (NULL, (char **) argv, NULL, flags | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  return pid;
}

static void
end_child (GPid pid)
{
  kill (pid, SIGKILL);
  while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
    ;
  g_spawn_close_pid (pid);
}

static char *
copy_program (const char *from,
              const char *to)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, (gssize) length, NULL));
  g_assert_cmpint (g_chmod (to, 0755), ==, 0);
  return g_strdup (to);
}

/* Programs whose names the kernel cuts to 15 bytes, as the list shows them:
 * named by their command, their script, or their executable. */
static void
test_full_names (void)
{
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  g_autofree char *program = g_build_filename (dir, "memscape-sleeper-with-a-long-name", NULL);
  g_autofree char *script = g_build_filename (dir, "memscape-script-with-a-long-name.sh", NULL);
  g_autofree char *fifo = g_strconcat (script, ".fifo", NULL);
  g_autoptr(MsSource) source = ms_local_source_new ();
  g_autoptr(MsProcessListModel) model = NULL;
  const char *by_command[] = { program, "600", NULL };
  const char *by_exe[] = { program, "sleeper", "600", NULL };
  const char *by_script[] = { script, NULL };
  const char *short_name[] = { "/bin/sleep", "600", NULL };
  GPid pids[4];
  MsProcessRow *row;

  g_free (copy_program ("/bin/sleep", program));
  /* the shell waits for a writer to its FIFO that never comes (no child) */
  g_assert_true (g_file_set_contents (script, "#!/bin/sh\nread line <\"$0.fifo\"\n", -1, NULL));
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (g_chmod (script, 0755), ==, 0);
  pids[0] = spawn (by_command, G_SPAWN_DEFAULT);
  pids[1] = spawn (by_exe, G_SPAWN_FILE_AND_ARGV_ZERO);
  pids[2] = spawn (by_script, G_SPAWN_DEFAULT);
  pids[3] = spawn (short_name, G_SPAWN_DEFAULT);

  model = ms_process_list_model_new (source);
  g_assert_true (ms_test_wait_for (loaded, model));

  row = ms_process_list_model_lookup (model, pids[0]);
  g_assert_nonnull (row);
  g_assert_cmpstr (ms_process_row_get_comm (row), ==, "memscape-sleepe");
  g_assert_cmpstr (ms_process_row_get_name (row), ==, "memscape-sleeper-with-a-long-name");
  /* the search finds either */
  g_assert_true (ms_process_row_matches (row, "with-a-long"));

  row = ms_process_list_model_lookup (model, pids[1]);
  g_assert_nonnull (row);
  g_assert_cmpstr (ms_process_row_get_cmdline (row), ==, "sleeper 600");
  g_assert_cmpstr (ms_process_row_get_comm (row), ==, "memscape-sleepe");
  g_assert_cmpstr (ms_process_row_get_name (row), ==, "memscape-sleeper-with-a-long-name");

  row = ms_process_list_model_lookup (model, pids[2]);
  g_assert_nonnull (row);
  g_assert_cmpstr (ms_process_row_get_comm (row), ==, "memscape-script");
  g_assert_cmpstr (ms_process_row_get_name (row), ==, "memscape-script-with-a-long-name.sh");

  /* The map of the process, read, is named as the list names it (the
   * window's title and the pictures show that name). */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MsSnapshot) snapshot = ms_read_pid (pids[0], NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (snapshot->name, ==, "memscape-sleeper-with-a-long-name");
    g_assert_true (g_str_has_suffix (snapshot->cmdline, "memscape-sleeper-with-a-long-name 600"));
  }

  /* this test too; and a name that fits is the kernel's */
  row = ms_process_list_model_lookup (model, getpid ());
  g_assert_nonnull (row);
  g_assert_cmpstr (ms_process_row_get_comm (row), ==, "test-process-li");
  g_assert_cmpstr (ms_process_row_get_name (row), ==, "test-process-list-model");
  row = ms_process_list_model_lookup (model, pids[3]);
  g_assert_nonnull (row);
  g_assert_cmpstr (ms_process_row_get_comm (row), ==, "sleep");
  g_assert_cmpstr (ms_process_row_get_name (row), ==, "sleep");

  for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
    end_child (pids[i]);
  g_unlink (program);
  g_unlink (script);
  g_unlink (fifo);
  g_rmdir (dir);
}

/* --- kernel threads and zombies --------------------------------------------- */

static gboolean fake_kernel_threads;

/* fake_list(), with every fifth process a kernel thread */
static GPtrArray *
fake_list_with_kernel_threads (GError **error)
{
  GPtrArray *list = fake_list (error);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      MsProcessInfo *info = g_ptr_array_index (list, i);

      info->is_kernel_thread = fake_kernel_threads && (info->pid - 100) / 3 % 5 == 0;
    }
  return list;
}

static guint
count_kernel_threads (MsProcessListModel *model)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(MsProcessRow) row = g_list_model_get_item (G_LIST_MODEL (model), i);

      n += ms_process_row_get_info (row)->is_kernel_thread ? 1 : 0;
    }
  return n;
}

static gboolean
has_kernel_threads (gpointer data)
{
  return count_kernel_threads (data) > 0;
}

static void
test_kernel_threads (void)
{
  g_autoptr(MsSource) source = ms_test_source_new (MS_SOURCE_KIND_LOCAL, NULL, fake_list_with_kernel_threads);
  g_autoptr(MsProcessListModel) model = NULL;
  guint n_updated = G_MAXUINT;

  reset_fakes ();
  fake_kernel_threads = TRUE;
  model = ms_process_list_model_new (source);
  ms_refresh_policy_set_interval (ms_process_list_model_get_policy (model), 0);
  g_signal_connect (model, "updated", G_CALLBACK (count_updated), &n_updated);
  g_assert_true (ms_test_wait_for (loaded, model));

  /* Hidden by default. */
  g_assert_false (ms_process_list_model_get_show_kernel_threads (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_FAKE - N_FAKE / 5);
  g_assert_cmpuint (count_kernel_threads (model), ==, 0);
  g_assert_null (ms_process_list_model_lookup (model, 100));

  /* Shown: read again, all of them. */
  g_object_set (model, "show-kernel-threads", TRUE, NULL);
  g_assert_true (ms_test_wait_for (has_kernel_threads, model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_FAKE);
  g_assert_cmpuint (count_kernel_threads (model), ==, N_FAKE / 5);
  g_assert_nonnull (ms_process_list_model_lookup (model, 100));

  /* Hidden again: at once, no read needed. */
  n_updated = G_MAXUINT;
  ms_process_list_model_set_show_kernel_threads (model, FALSE);
  g_assert_cmpuint (count_kernel_threads (model), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_FAKE - N_FAKE / 5);
  g_assert_cmpuint (n_updated, ==, 0);
  fake_kernel_threads = FALSE;
}

/* The real list: kthreadd (pid 2) and its kind only when asked for. */
static void
test_kernel_threads_local (void)
{
  g_autofree char *stat = NULL;
  g_autoptr(MsSource) source = NULL;
  g_autoptr(MsProcessListModel) model = NULL;
  guint64 flags = 0, sp;
  char state;

  if (!g_file_get_contents ("/proc/2/stat", &stat, NULL, NULL) ||
      !ms_proc_parse_stat (stat, &state, &flags, &sp) || !(flags & MS_PF_KTHREAD))
    {
      g_test_skip ("process 2 is not a kernel thread here (a container's own pid namespace)");
      return;
    }

  source = ms_local_source_new ();
  model = ms_process_list_model_new (source);
  g_assert_true (ms_test_wait_for (loaded, model));
  g_assert_null (ms_process_list_model_lookup (model, 2));
  g_assert_cmpuint (count_kernel_threads (model), ==, 0);

  ms_process_list_model_set_show_kernel_threads (model, TRUE);
  g_assert_true (ms_test_wait_for (has_kernel_threads, model));
  g_assert_nonnull (ms_process_list_model_lookup (model, 2));
  g_assert_true (ms_process_row_get_info (ms_process_list_model_lookup (model, 2))->is_kernel_thread);
}

static gboolean
is_zombie (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  guint64 flags = 0, sp;
  char state = 0;

  return g_file_get_contents (path, &stat, NULL, NULL) &&
         ms_proc_parse_stat (stat, &state, &flags, &sp) && state == 'Z';
}

typedef struct {
  MsProcessListModel *model;
  int                 pid;
} Lookup;

static gboolean
row_gone (gpointer data)
{
  Lookup *lookup = data;

  return ms_process_list_model_lookup (lookup->model, lookup->pid) == NULL;
}

static gboolean
row_here (gpointer data)
{
  return !row_gone (data);
}

/* A child that exited, not yet waited for: listed as a zombie (its figures
 * gone), until it is waited for. */
static void
test_zombie (void)
{
  g_autoptr(MsSource) source = ms_local_source_new ();
  g_autoptr(MsProcessListModel) model = NULL;
  MsProcessRow *row;
  Lookup lookup;
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (0);
  for (guint tries = 0; tries < 5000 && !is_zombie (pid); tries++)
    g_usleep (1000);
  g_assert_true (is_zombie (pid));

  model = ms_process_list_model_new (source);
  g_assert_true (ms_test_wait_for (loaded, model));
  row = ms_process_list_model_lookup (model, pid);
  g_assert_nonnull (row);
  g_assert_true (ms_process_row_get_zombie (row));
  g_assert_cmpuint (ms_process_row_get_rss (row), ==, 0);
  g_assert_false (ms_process_row_get_has_pss (row));
  {
    gboolean zombie = FALSE;

    g_object_get (row, "zombie", &zombie, NULL);
    g_assert_true (zombie);
  }
  row = ms_process_list_model_lookup (model, getpid ());
  g_assert_false (ms_process_row_get_zombie (row));

  g_assert_cmpint (waitpid (pid, NULL, 0), ==, pid);
  lookup.model = model;
  lookup.pid = pid;
  ms_process_list_model_refresh (model);
  g_assert_true (ms_test_wait_for (row_gone, &lookup));
}

/* --- beside a watched process ------------------------------------------------ */

/* A source like the local one, whose list is made up and whose cheap look
 * at the pids is too, counting both. */
#define TEST_TYPE_PIDS_SOURCE (test_pids_source_get_type ())
G_DECLARE_FINAL_TYPE (TestPidsSource, test_pids_source, TEST, PIDS_SOURCE, GObject)

struct _TestPidsSource
{
  GObject parent_instance;
  guint   n_lists;
  guint   n_looks;
};

static void pids_source_iface_init (MsSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestPidsSource, test_pids_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MS_TYPE_SOURCE, pids_source_iface_init))

static MsSourceKind
pids_source_get_kind (MsSource *source)
{
  return MS_SOURCE_KIND_LOCAL;
}

static void
pids_source_list_async (MsSource            *source,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

  TEST_PIDS_SOURCE (source)->n_lists++;
  g_task_return_pointer (task, fake_list (NULL), (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
pids_source_list_finish (MsSource      *source,
                         GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pids_source_list_pids_async (MsSource            *source,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
  g_autoptr(GPtrArray) list = fake_list (NULL);
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (int));

  TEST_PIDS_SOURCE (source)->n_looks++;
  for (guint i = 0; i < list->len; i++)
    g_array_append_val (pids, ((MsProcessInfo *) g_ptr_array_index (list, i))->pid);
  g_task_return_pointer (task, pids, (GDestroyNotify) g_array_unref);
}

static GArray *
pids_source_list_pids_finish (MsSource      *source,
                              GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pids_source_read_async (MsSource            *source,
                        int                  pid,
                        MsSnapshot          *previous,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_task_report_new_error (source, callback, user_data, pids_source_read_async,
                           MS_ERROR, MS_ERROR_IO, "not in this test");
}

static MsSnapshot *
pids_source_read_finish (MsSource      *source,
                         GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pids_source_iface_init (MsSourceInterface *iface)
{
  iface->get_kind = pids_source_get_kind;
  iface->list_async = pids_source_list_async;
  iface->list_finish = pids_source_list_finish;
  iface->list_pids_async = pids_source_list_pids_async;
  iface->list_pids_finish = pids_source_list_pids_finish;
  iface->read_async = pids_source_read_async;
  iface->read_finish = pids_source_read_finish;
}

static void
test_pids_source_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  g_value_set_enum (value, MS_SOURCE_KIND_LOCAL);
}

static void
test_pids_source_class_init (TestPidsSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->get_property = test_pids_source_get_property;
  g_object_class_override_property (G_OBJECT_CLASS (klass), 1, "kind");
}

static void
test_pids_source_init (TestPidsSource *self)
{
}

/* Beside a watched process the list is looked at as often as alone, each
 * look a glance at the pids; it is read whole when a process came or went
 * (at that look), and otherwise every tenth of the rate, for its figures. */
static void
test_secondary_pacing (void)
{
  g_autoptr(TestPidsSource) source = g_object_new (TEST_TYPE_PIDS_SOURCE, NULL);
  g_autoptr(MsProcessListModel) model = NULL;
  MsRefreshPolicy *policy;
  Lookup lookup;
  guint looks, lists;
  gint64 until;

  reset_fakes ();
  fake_gone[7] = TRUE;
  model = ms_process_list_model_new (MS_SOURCE (source));
  policy = ms_process_list_model_get_policy (model);
  ms_refresh_policy_set_interval (policy, 40);
  g_assert_true (ms_test_wait_for (loaded, model));
  g_assert_cmpuint (source->n_looks, ==, 0);

  /* Looked at as often as alone: every 120 ms. */
  ms_refresh_policy_set_secondary (policy, TRUE);
  g_assert_cmpuint (ms_refresh_policy_get_delay (policy), ==, 120);

  /* For 2 s nothing comes or goes: 16 times looked at, a whole read of
   * them no later than every 400 ms, the rest a look at the pids. */
  looks = source->n_looks;
  lists = source->n_lists;
  until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("2 s beside a process: %u looks, %u whole reads",
                  source->n_looks - looks, source->n_lists - lists);
  g_assert_cmpuint (source->n_looks - looks, >=, 6);
  g_assert_cmpuint (source->n_lists - lists, >=, 2);
  g_assert_cmpuint (source->n_lists - lists, <=, 8);
  /* (two looks, then a whole read: 400 ms is three and a third of 120 ms) */
  g_assert_cmpuint (source->n_looks - looks, >, source->n_lists - lists);

  /* A process starts: the next look sees it, the list is read at once. */
  lookup.model = model;
  lookup.pid = 100 + 3 * 7;
  fake_gone[7] = FALSE;
  looks = source->n_looks;
  g_assert_true (ms_test_wait_for (row_here, &lookup));
  g_assert_cmpuint (source->n_looks - looks, <=, 1);

  /* And one exits. */
  fake_gone[7] = TRUE;
  looks = source->n_looks;
  g_assert_true (ms_test_wait_for (row_gone, &lookup));
  g_assert_cmpuint (source->n_looks - looks, <=, 1);

  /* Asked for while a look is in flight: read whole when it ends. */
  lists = source->n_lists;
  while (!ms_refresh_policy_get_busy (policy))
    g_main_context_iteration (NULL, TRUE);
  ms_process_list_model_refresh (model);
  while (ms_refresh_policy_get_busy (policy))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (source->n_lists, >, lists);
}

/* The same with the real list: a process that starts, then exits, shows
 * within the list's interval, not at the next whole read. */
static void
test_start_and_exit (void)
{
  g_autoptr(MsSource) source = ms_local_source_new ();
  g_autoptr(MsProcessListModel) model = ms_process_list_model_new (source);
  MsRefreshPolicy *policy = ms_process_list_model_get_policy (model);
  const char *argv[] = { "/bin/sleep", "600", NULL };
  Lookup lookup;
  gint64 start, took;

  /* looks every 1.5 s, whole reads every 5 s */
  ms_refresh_policy_set_interval (policy, 500);
  g_assert_true (ms_test_wait_for (loaded, model));
  ms_refresh_policy_set_secondary (policy, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  lookup.model = model;
  start = g_get_monotonic_time ();
  lookup.pid = spawn (argv, G_SPAWN_DEFAULT);
  g_assert_true (ms_test_wait_for (row_here, &lookup));
  took = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("a process that started was listed after %" G_GINT64_FORMAT " ms", took);
  g_assert_cmpint (took, <, 3500);

  kill (lookup.pid, SIGKILL);
  g_assert_cmpint (waitpid (lookup.pid, NULL, 0), ==, lookup.pid);
  start = g_get_monotonic_time ();
  g_assert_true (ms_test_wait_for (row_gone, &lookup));
  took = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("a process that exited left the list after %" G_GINT64_FORMAT " ms", took);
  g_assert_cmpint (took, <, 3500);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/process-list-model/local", test_local);
  g_test_add_func ("/memscape/process-list-model/merge", test_merge);
  g_test_add_func ("/memscape/process-list-model/failure-and-pacing", test_failure_and_pacing);
  g_test_add_func ("/memscape/process-list-model/set-source", test_set_source);
  g_test_add_func ("/memscape/process-list-model/full-name-rules", test_full_name_rules);
  g_test_add_func ("/memscape/process-list-model/full-names", test_full_names);
  g_test_add_func ("/memscape/process-list-model/kernel-threads", test_kernel_threads);
  g_test_add_func ("/memscape/process-list-model/kernel-threads-local", test_kernel_threads_local);
  g_test_add_func ("/memscape/process-list-model/zombie", test_zombie);
  g_test_add_func ("/memscape/process-list-model/secondary-pacing", test_secondary_pacing);
  g_test_add_func ("/memscape/process-list-model/start-and-exit", test_start_and_exit);

  return g_test_run ();
}
