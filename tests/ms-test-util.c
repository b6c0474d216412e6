/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ms-test-util.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ms-idle-pages-private.h"
#include "ms-privileged.h"
#include "ms-proc.h"
#include "ms-privileged-private.h"
#include "ms-process-list.h"
#include "ms-reader.h"
#include "ms-session.h"

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

  for (guint tries = 0; tries < 5000; tries++)
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

int
ms_test_child_make_pages (MsTestChild *child)
{
  char line[256] = "";
  int shared_pid = 0;

  g_assert_cmpint (write (child->stdin_fd, "pages\n", 6), ==, 6);
  while (fgets (line, sizeof line, child->out) != NULL)
    {
      g_auto(GStrv) words = g_strsplit (g_strchomp (line), " ", 2);

      if (strcmp (line, "pages-ready") == 0)
        break;
      if (g_strv_length (words) != 2)
        continue;
      if (strcmp (words[0], "pages-shared-pid") == 0)
        shared_pid = atoi (words[1]);
      else if (g_str_has_prefix (words[1], "0x"))
        g_hash_table_insert (child->addresses, g_strdup (words[0]),
                             GSIZE_TO_POINTER (g_ascii_strtoull (words[1], NULL, 16)));
    }
  g_assert_cmpstr (line, ==, "pages-ready");
  g_assert_cmpint (shared_pid, >, 0);
  return shared_pid;
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
ms_test_bench_child_start_full (int          n_mappings,
                                const char  *mode,
                                int         *stdin_fd,
                                FILE       **stdout_file)
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
  if (stdout_file != NULL)
    *stdout_file = out;
  else
    fclose (out);
  return pid;
}

GPid
ms_test_bench_child_start (int         n_mappings,
                           const char *mode,
                           int        *stdin_fd)
{
  return ms_test_bench_child_start_full (n_mappings, mode, stdin_fd, NULL);
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

MsSnapshot *
ms_test_read_text (const char *text,
                   gssize      length)
{
  g_autoptr(GError) error = NULL;
  MsSnapshot *snapshot = ms_read_text (text, length < 0 ? strlen (text) : (gsize) length, "test", &error);

  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  return snapshot;
}

MsSnapshot *
ms_test_read_fixture (const char *name)
{
  g_autofree char *path = ms_test_fixture_path (name);
  g_autoptr(GError) error = NULL;
  MsSnapshot *snapshot = ms_read_file (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  return snapshot;
}

int
ms_test_find_path (const MsSnapshot *snapshot,
                   const char       *path)
{
  for (guint i = 0; i < snapshot->n_regions; i++)
    if (g_strcmp0 (snapshot->regions[i].path, path) == 0)
      return (int) i;
  return -1;
}

gboolean
ms_test_wait_for (MsTestCondition condition,
                  gpointer        data)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

gboolean
ms_test_session_settled (gpointer session)
{
  return ms_session_get_state (session) != MS_SESSION_LOADING && !ms_session_get_busy (session);
}

void
ms_test_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

void
ms_test_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
ms_test_keep_result (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

void
ms_test_await (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

MsSnapshot *
ms_test_read_through (MsSource    *source,
                      int          pid,
                      MsSnapshot  *previous,
                      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ms_source_read_async (source, pid, previous, NULL, ms_test_keep_result, &result);
  ms_test_await (&result);
  return ms_source_read_finish (source, result, error);
}

GPtrArray *
ms_test_list_through (MsSource  *source,
                      GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ms_source_list_async (source, NULL, ms_test_keep_result, &result);
  ms_test_await (&result);
  return ms_source_list_finish (source, result, error);
}

int
ms_test_dead_pid (void)
{
  pid_t pid = fork ();
  int status;

  if (pid == 0)
    _exit (0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return pid;
}

int
ms_test_start_zombie (void)
{
  g_autofree char *stat_path = NULL;
  pid_t pid = fork ();

  if (pid == 0)
    _exit (0);

  stat_path = g_strdup_printf ("/proc/%d/stat", pid);
  for (guint tries = 0; tries < 1000; tries++)
    {
      g_autofree char *text = NULL;
      char state = '?';
      guint64 flags, sp;

      if (g_file_get_contents (stat_path, &text, NULL, NULL) &&
          ms_proc_parse_stat (text, &state, &flags, &sp) && state == 'Z')
        break;
      g_usleep (1000);
    }
  return pid;
}

int
ms_test_find_kernel_thread (void)
{
  g_autoptr(GPtrArray) list = ms_process_list_read (NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      MsProcessInfo *info = g_ptr_array_index (list, i);

      if (info->is_kernel_thread)
        return info->pid;
    }
  return 0;
}

gboolean
ms_test_need_frames (void)
{
  int fd = open ("/proc/kpageflags", O_RDONLY);

  if (fd >= 0)
    close (fd);
  if (fd < 0 || geteuid () != 0)
    {
      g_test_skip ("Page frame numbers (pagemap's bits 0–54) need root (CAP_SYS_ADMIN): run the tests as root, as CI does");
      return FALSE;
    }
  return TRUE;
}

char *
ms_test_fake_idle_bitmap_new (void)
{
  g_autofree char *iomem = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint64 page_size = (guint64) sysconf (_SC_PAGESIZE);
  guint64 last = 0;
  char *path = NULL;
  int fd;

  g_assert_true (g_file_get_contents ("/proc/iomem", &iomem, NULL, NULL));
  lines = g_strsplit (iomem, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], ": System RAM") != NULL)
      last = MAX (last, g_ascii_strtoull (strchr (lines[i], '-') + 1, NULL, 16));
  g_assert_cmpuint (last, >, 0);

  fd = g_file_open_tmp ("memscape-idle-bitmap-XXXXXX", &path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ftruncate (fd, (off_t) (((last + 1) / page_size + 63) / 64 * 8)), ==, 0);
  close (fd);
  _ms_idle_pages_set_bitmap_path (path);
  return path;
}

void
ms_test_fake_idle_bitmap_clear (const char *path,
                                guint64     pfn)
{
  int fd = open (path, O_RDWR);
  guint64 word = 0;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pread (fd, &word, 8, (off_t) (pfn / 64 * 8)), ==, 8);
  g_assert_true ((word >> (pfn % 64)) & 1);
  word &= ~(G_GUINT64_CONSTANT (1) << (pfn % 64));
  g_assert_cmpint (pwrite (fd, &word, 8, (off_t) (pfn / 64 * 8)), ==, 8);
  close (fd);
}

void
ms_test_fake_idle_bitmap_free (char *path)
{
  _ms_idle_pages_set_bitmap_path (NULL);
  g_unlink (path);
  g_free (path);
}

char *
ms_test_write_script (const char *dir,
                      const char *name,
                      const char *body)
{
  g_autofree char *text = g_strconcat ("#!/bin/sh\n", body, "\n", NULL);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  return path;
}

void
ms_test_remove_tree (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

void
ms_test_sandbox_set_up (MsTestSandbox *sandbox,
                        gconstpointer  data)
{
  g_autofree char *app = NULL;
  g_autofree char *libexec = NULL;
  g_autofree char *info_text = NULL;
  g_autofree char *path = NULL;

  sandbox->dir = g_dir_make_tmp ("memscape-sandbox-XXXXXX", NULL);
  g_assert_nonnull (sandbox->dir);
  sandbox->bin = g_build_filename (sandbox->dir, "bin", NULL);
  sandbox->log = g_build_filename (sandbox->dir, "log", NULL);
  app = g_build_filename (sandbox->dir, "app", NULL);
  libexec = g_build_filename (app, g_str_has_prefix (LIBEXECDIR, "/app/") ? &LIBEXECDIR[5] : "libexec", NULL);
  sandbox->host_helper = g_build_filename (libexec, "memscape-reader", NULL);
  sandbox->info = g_build_filename (sandbox->dir, "flatpak-info", NULL);
  info_text = g_strdup_printf ("[Instance]\napp-path=%s\n", app);

  g_assert_nonnull (g_getenv ("MEMSCAPE_READER"));
  g_assert_cmpint (g_mkdir_with_parents (sandbox->bin, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (libexec, 0755), ==, 0);
  g_assert_cmpint (symlink (g_getenv ("MEMSCAPE_READER"), sandbox->host_helper), ==, 0);
  g_assert_true (g_file_set_contents (sandbox->info, info_text, -1, NULL));

  sandbox->saved_path = g_strdup (g_getenv ("PATH"));
  path = g_strconcat (sandbox->bin, ":", sandbox->saved_path, NULL);
  g_setenv ("PATH", path, TRUE);
  g_unsetenv ("MEMSCAPE_PRIVILEGED_RUNNER");
  _ms_privileged_set_flatpak_info (sandbox->info);
  g_assert_true (ms_privileged_is_sandboxed ());
}

void
ms_test_sandbox_tear_down (MsTestSandbox *sandbox,
                           gconstpointer  data)
{
  g_setenv ("PATH", sandbox->saved_path, TRUE);
  _ms_privileged_set_flatpak_info (NULL);
  ms_test_remove_tree (sandbox->dir);
  g_clear_pointer (&sandbox->dir, g_free);
  g_clear_pointer (&sandbox->bin, g_free);
  g_clear_pointer (&sandbox->log, g_free);
  g_clear_pointer (&sandbox->saved_path, g_free);
  g_clear_pointer (&sandbox->host_helper, g_free);
  g_clear_pointer (&sandbox->info, g_free);
}

char *
ms_test_sandbox_set_flatpak_spawn (MsTestSandbox *sandbox,
                                   gboolean       works)
{
  g_autofree char *body = NULL;

  if (works)
    body = g_strdup_printf ("echo \"flatpak-spawn $*\" >> '%s'\n[ \"$1\" = --host ] || exit 99\nshift\nexec \"$@\"",
                            sandbox->log);
  else
    body = g_strdup ("echo 'Portal call failed: org.freedesktop.DBus.Error.ServiceUnknown: The name is not activatable' >&2\nexit 1");
  return ms_test_write_script (sandbox->bin, "flatpak-spawn", body);
}

/* --- a throw-away sshd on 127.0.0.1 ------------------------------------------ */

static int
free_port (void)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t length = sizeof address;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  int port;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &address, &length), ==, 0);
  port = ntohs (address.sin_port);
  close (fd);
  return port;
}

static void
keygen (const char *path)
{
  const char *argv[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static char *
read_text (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return g_strchomp (text);
}

static void
write_text (const char *dir,
            const char *name,
            const char *text,
            int         mode)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_NONE, mode, &error);
  g_assert_no_error (error);
}

static gboolean
port_open (int port)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons (port),
                                 .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  gboolean open = connect (fd, (struct sockaddr *) &address, sizeof address) == 0;

  close (fd);
  return open;
}

MsTestSshd *
ms_test_sshd_start (void)
{
  const char *sshd_program = "/usr/sbin/sshd";
  g_autoptr(GError) error = NULL;
  g_autofree char *host_key = NULL, *user_key = NULL, *config = NULL, *host_pub = NULL, *user_pub = NULL;
  g_autofree char *known_hosts = NULL;
  MsTestSshd *sshd;

  if (!g_file_test (sshd_program, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("%s is not installed: run .ci/install-deps (openssh-server)", sshd_program);
  /* sshd as root needs its privilege-separation folder */
  if (getuid () == 0 && !g_file_test ("/run/sshd", G_FILE_TEST_IS_DIR) && g_mkdir ("/run/sshd", 0755) != 0)
    return NULL;

  sshd = g_new0 (MsTestSshd, 1);
  sshd->port = free_port ();
  sshd->dir = g_dir_make_tmp ("memscape-sshd-XXXXXX", &error);
  g_assert_no_error (error);
  g_chmod (sshd->dir, 0700);
  host_key = g_build_filename (sshd->dir, "host_key", NULL);
  user_key = g_build_filename (sshd->dir, "user_key", NULL);
  keygen (host_key);
  keygen (user_key);
  host_pub = read_text (sshd->dir, "host_key.pub");
  user_pub = read_text (sshd->dir, "user_key.pub");
  write_text (sshd->dir, "authorized_keys", user_pub, 0600);
  known_hosts = g_strdup_printf ("[127.0.0.1]:%d %s\n", sshd->port, host_pub);
  write_text (sshd->dir, "known_hosts", known_hosts, 0600);
  /* root may log in in this throw-away sshd only */
  config = g_strdup_printf ("Port %d\nListenAddress 127.0.0.1\nHostKey %s\nAuthorizedKeysFile %s/authorized_keys\n"
                            "PermitRootLogin prohibit-password\nPasswordAuthentication no\n"
                            "KbdInteractiveAuthentication no\nStrictModes no\nUsePAM no\nPidFile none\n"
                            "PrintMotd no\n",
                            sshd->port, host_key, sshd->dir);
  write_text (sshd->dir, "sshd_config", config, 0600);

  {
    g_autofree char *config_path = g_build_filename (sshd->dir, "sshd_config", NULL);
    const char *argv[] = { sshd_program, "-D", "-e", "-f", config_path, NULL };

    g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
                   NULL, NULL, &sshd->pid, &error);
    g_assert_no_error (error);
  }
  for (guint i = 0; i < 100 && !port_open (sshd->port); i++)
    g_usleep (50 * 1000);
  sshd->command = g_strdup_printf ("ssh -T -F /dev/null -i %s/user_key -o IdentitiesOnly=yes -o BatchMode=yes "
                                   "-o StrictHostKeyChecking=yes -o UserKnownHostsFile=%s/known_hosts -p %d %s@127.0.0.1 sh",
                                   sshd->dir, sshd->dir, sshd->port, g_get_user_name ());
  if (!port_open (sshd->port))
    {
      ms_test_sshd_stop (sshd);
      return NULL;
    }
  return sshd;
}

void
ms_test_sshd_stop (MsTestSshd *sshd)
{
  const char *names[] = { "host_key", "host_key.pub", "user_key", "user_key.pub", "authorized_keys",
                          "known_hosts", "sshd_config" };

  kill (sshd->pid, SIGTERM);
  waitpid (sshd->pid, NULL, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (sshd->dir, names[i], NULL);

      g_unlink (path);
    }
  g_rmdir (sshd->dir);
  g_free (sshd->dir);
  g_free (sshd->command);
  g_free (sshd);
}

/* --- running a program ---------------------------------------------------- */

void
ms_test_run_clear (MsTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

char **
ms_test_environ_without_display (void)
{
  char **envp = g_get_environ ();
  const char *lsan = g_environ_getenv (envp, "LSAN_OPTIONS");

  if (lsan != NULL)
    {
      g_autofree char *quiet = g_strconcat (lsan, ":print_suppressions=0", NULL);

      envp = g_environ_setenv (envp, "LSAN_OPTIONS", quiet, TRUE);
    }
  envp = g_environ_unsetenv (envp, "DISPLAY");
  return g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
}

void
ms_test_run_program (MsTestRun          *run,
                     const char         *program,
                     char              **envp,
                     const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) own_envp = envp == NULL ? ms_test_environ_without_display () : NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (program);
  g_ptr_array_add (argv, (gpointer) program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  ms_test_run_clear (run);
  g_spawn_sync (NULL, (char **) argv->pdata, envp != NULL ? envp : own_envp, G_SPAWN_DEFAULT,
                NULL, NULL, &run->out, &run->err, &run->status, &error);
  g_assert_no_error (error);
}

void
ms_test_helper_run_clear (MsTestHelperRun *run)
{
  g_clear_pointer (&run->out, g_bytes_unref);
  g_clear_pointer (&run->err, g_free);
}

void
ms_test_drop_to_nobody (gpointer user_data)
{
  if (setresgid (65534, 65534, 65534) != 0 || setresuid (65534, 65534, 65534) != 0)
    _exit (99);
}

char *
ms_test_make_setuid_runner (char **runner)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *env_data = NULL;
  char *dir = g_dir_make_tmp ("memscape-runner-XXXXXX", &error);
  struct statvfs vfs;
  gsize env_length;

  g_assert_no_error (error);
  g_assert_cmpint (statvfs (dir, &vfs), ==, 0);
  if (vfs.f_flag & ST_NOSUID)
    {
      g_test_skip ("The temporary folder is mounted nosuid: no set-user-ID stand-in for pkexec can run there");
      ms_test_remove_tree (dir);
      g_free (dir);
      return NULL;
    }
  g_assert_cmpint (chmod (dir, 0777), ==, 0);
  *runner = g_build_filename (dir, "runner", NULL);
  g_assert_true (g_file_get_contents ("/usr/bin/env", &env_data, &env_length, NULL));
  g_assert_true (g_file_set_contents (*runner, env_data, (gssize) env_length, NULL));
  g_assert_cmpint (chmod (*runner, 04755), ==, 0);
  return dir;
}

void
ms_test_run_helper (const char * const *args,
                    gboolean            as_nobody,
                    MsTestHelperRun    *run)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GString) err = g_string_new (NULL);
  const char *empty_env[] = { NULL };
  char buffer[65536];
  int out_fd, err_fd, wait_status = 0;
  ssize_t n;
  GPid pid;

  g_assert_nonnull (g_getenv ("MEMSCAPE_READER"));
  g_ptr_array_add (argv, (gpointer) g_getenv ("MEMSCAPE_READER"));
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  /* Through pipes, not g_spawn_sync: that cuts stdout at its first NUL with
   * a plain char**. The sanitizer runtime of an ASan build needs its
   * options; the helper clears its environment itself. */
  g_spawn_async_with_pipes (NULL, (char **) argv->pdata,
                            g_getenv ("ASAN_OPTIONS") != NULL ? NULL : (char **) empty_env,
                            G_SPAWN_DO_NOT_REAP_CHILD, as_nobody ? ms_test_drop_to_nobody : NULL, NULL,
                            &pid, NULL, &out_fd, &err_fd, &error);
  g_assert_no_error (error);
  while ((n = read (out_fd, buffer, sizeof buffer)) > 0)
    g_byte_array_append (bytes, (guint8 *) buffer, (guint) n);
  while ((n = read (err_fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (err, buffer, n);
  close (out_fd);
  close (err_fd);
  g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
  g_spawn_close_pid (pid);
  run->out = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
  run->err = g_string_free (g_steal_pointer (&err), FALSE);
  run->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}
