/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ms-test-util.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

char *
ms_test_build_path (const char *name)
{
  const char *dir = g_getenv ("G_TEST_BUILDDIR");

  return g_build_filename (dir != NULL ? dir : ".", name, NULL);
}

char *
ms_test_fixture_path (const char *name)
{
  return g_build_filename (FIXTURES_DIR, name, NULL);
}

/* The child says "ready" just before its threads reach pause(2); a thread
 * still running shows no stack pointer in /proc/PID/task/TID/syscall. */
static void
wait_for_threads_asleep (GPid pid)
{
  g_autofree char *task_dir = g_strdup_printf ("/proc/%d/task", (int) pid);

  for (guint tries = 0; tries < 2000; tries++)
    {
      g_autoptr(GDir) dir = g_dir_open (task_dir, 0, NULL);
      const char *tid;
      gboolean all_asleep = TRUE;

      while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_strdup_printf ("%s/%s/syscall", task_dir, tid);
          g_autofree char *text = NULL;

          if (!g_file_get_contents (path, &text, NULL, NULL) || g_str_has_prefix (text, "running"))
            all_asleep = FALSE;
        }
      if (all_asleep)
        return;
      g_usleep (1000);
    }
}

MsTestChild *
ms_test_child_start (void)
{
  g_autofree char *program = ms_test_build_path ("ms-test-child");
  g_autoptr(GError) error = NULL;
  MsTestChild *child = g_new0 (MsTestChild, 1);
  char *argv[3];
  char line[8192];
  int stdout_fd;

  child->dir = g_dir_make_tmp ("memscape-test-XXXXXX", &error);
  g_assert_no_error (error);
  child->addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  child->anon_names = TRUE;

  argv[0] = program;
  argv[1] = child->dir;
  argv[2] = NULL;
  g_spawn_async_with_pipes (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &child->pid, &child->stdin_fd, &stdout_fd, NULL, &error);
  g_assert_no_error (error);
  child->out = fdopen (stdout_fd, "r");
  g_assert_nonnull (child->out);

  while (fgets (line, sizeof line, child->out) != NULL)
    {
      char *space;

      g_strchomp (line);
      if (strcmp (line, "ready") == 0)
        {
          wait_for_threads_asleep (child->pid);
          return child;
        }
      if (strcmp (line, "anon-names unsupported") == 0)
        {
          child->anon_names = FALSE;
          continue;
        }
      space = strchr (line, ' ');
      if (space != NULL && g_str_has_prefix (space + 1, "0x"))
        {
          *space = '\0';
          g_hash_table_insert (child->addresses, g_strdup (line),
                               GSIZE_TO_POINTER ((gsize) g_ascii_strtoull (space + 1, NULL, 16)));
        }
    }

  g_error ("ms-test-child ended before it was ready");
  return NULL;
}

guint64
ms_test_child_address (MsTestChild *child,
                       const char  *name)
{
  gpointer value;

  if (!g_hash_table_lookup_extended (child->addresses, name, NULL, &value))
    g_error ("ms-test-child reported no address named %s", name);
  return (guint64) GPOINTER_TO_SIZE (value);
}

char *
ms_test_child_command (MsTestChild *child,
                       const char  *command)
{
  g_autofree char *line = g_strconcat (command, "\n", NULL);
  char answer[256];

  g_assert_cmpint (write (child->stdin_fd, line, strlen (line)), ==, (gssize) strlen (line));
  g_assert_nonnull (fgets (answer, sizeof answer, child->out));
  return g_strdup (g_strchomp (answer));
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_unlink (file);
    }
  g_rmdir (path);
}

void
ms_test_child_stop (MsTestChild *child)
{
  int status;

  if (child == NULL)
    return;

  kill (child->pid, SIGKILL);
  while (waitpid (child->pid, &status, 0) < 0 && errno == EINTR)
    ;
  close (child->stdin_fd);
  fclose (child->out);
  remove_dir (child->dir);
  g_free (child->dir);
  g_hash_table_unref (child->addresses);
  g_free (child);
}

GPid
ms_test_bench_child_start (int         n_mappings,
                           const char *mode,
                           int        *stdin_fd)
{
  g_autofree char *program = ms_test_build_path ("ms-bench-child");
  g_autofree char *count = g_strdup_printf ("%d", n_mappings);
  g_autoptr(GError) error = NULL;
  char *argv[] = { program, count, (char *) mode, NULL };
  char line[32] = "";
  GPid pid;
  int out_fd;
  FILE *out;

  g_spawn_async_with_pipes (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, stdin_fd, &out_fd, NULL, &error);
  g_assert_no_error (error);
  out = fdopen (out_fd, "r");
  g_assert_nonnull (out);
  if (fgets (line, sizeof line, out) == NULL || strcmp (line, "ready\n") != 0)
    g_error ("ms-bench-child did not start (vm.max_map_count too low?)");
  fclose (out);
  return pid;
}

void
ms_test_bench_child_stop (GPid pid,
                          int  stdin_fd)
{
  int status;

  close (stdin_fd);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
}
