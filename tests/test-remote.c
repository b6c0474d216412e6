/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-process-list.h"
#include "ms-reader.h"
#include "ms-remote-connection.h"
#include "ms-remote-protocol.h"
#include "ms-remote-source.h"
#include "ms-session.h"
#include "ms-test-util.h"

/* Processes read through a shell on "another machine" — this one, reached
 * through sh, dash, bash, BusyBox sh and a real sshd on 127.0.0.1 — compared
 * region by region with the local reads of the same processes; and a
 * hostile other side (tests/remote/fake-remote.sh). */

static char *
fake_command (const char *mode)
{
  g_autofree char *script = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "remote", "fake-remote.sh", NULL);
  g_autofree char *quoted = g_shell_quote (script);

  return g_strdup_printf ("sh %s %s", quoted, mode);
}

static MsRemoteConnection *
connect_command (const char *command)
{
  g_autoptr(GError) error = NULL;
  MsRemoteConnection *connection = ms_remote_connection_new_for_command (command, MS_REMOTE_AS_USER, NULL,
                                                                         &error);

  g_assert_no_error (error);
  return connection;
}

/* The same regions, kinds and owners, and the same process. Counters may
 * move between two reads of a live process; the map does not. */
static void
assert_same_snapshot (const MsSnapshot *local,
                      const MsSnapshot *remote)
{
  g_assert_cmpint (local->pid, ==, remote->pid);
  g_assert_cmpstr (local->name, ==, remote->name);
  g_assert_cmpstr (local->cmdline, ==, remote->cmdline);
  g_assert_cmpuint (local->uid, ==, remote->uid);
  g_assert_cmpuint (local->n_regions, ==, remote->n_regions);
  g_assert_true (remote->has_counters);
  g_assert_cmpuint (remote->n_malformed, ==, 0);
  for (guint i = 0; i < local->n_regions; i++)
    {
      const MsRegion *a = &local->regions[i];
      const MsRegion *b = &remote->regions[i];

      g_assert_cmphex (a->start, ==, b->start);
      g_assert_cmphex (a->end, ==, b->end);
      g_assert_cmphex (a->offset, ==, b->offset);
      g_assert_cmpuint (a->inode, ==, b->inode);
      g_assert_cmpuint (a->perms, ==, b->perms);
      g_assert_cmpstr (a->path, ==, b->path);
      g_assert_cmpuint (a->kind, ==, b->kind);
      g_assert_cmpstr (a->object, ==, b->object);
      g_assert_cmpstr (a->vm_flags, ==, b->vm_flags);
    }
}

/* Reads @child through @connection: its map, its probe, and (@with_list:
 * a list starts `cat` once for each process, seconds on a busy machine) the
 * process list. */
static void
check_live_child (MsRemoteConnection *connection,
                  MsTestChild        *child,
                  gboolean            with_list)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSnapshot) local = NULL;
  g_autoptr(MsSnapshot) remote = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GArray) pids = NULL;
  g_autofree guint64 *probe = NULL;
  g_autofree char *meminfo = NULL;
  gboolean listed = FALSE, in_pids = FALSE;

  remote = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_READ, child->pid, NULL, &error);
  g_assert_no_error (error);
  local = ms_read_pid (child->pid, NULL, &error);
  g_assert_no_error (error);
  assert_same_snapshot (local, remote);
  /* the thread stacks were found through the threads' stack pointers */
  g_assert_cmpuint (remote->per_kind[MS_KIND_THREAD_STACK].count, >, 0);
  g_assert_cmpuint (remote->per_kind[MS_KIND_THREAD_STACK].count, ==, local->per_kind[MS_KIND_THREAD_STACK].count);
  g_assert_cmpuint (remote->n_threads, ==, local->n_threads);

  /* the cheap look sees what the full read saw */
  probe = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_PROBE, child->pid, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmphex (probe[0], !=, 0);
  g_assert_cmphex (probe[0], ==, remote->fingerprint);
  g_assert_cmpuint (probe[1], ==, remote->n_regions);

  if (with_list)
    {
      list = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_LIST, 0, NULL, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const MsProcessInfo *info = g_ptr_array_index (list, i);

      if (info->pid == child->pid)
        {
          listed = TRUE;
          g_assert_cmpstr (info->name, ==, local->name);
          g_assert_cmpuint (info->uid, ==, local->uid);
          g_assert_false (info->is_kernel_thread);
          g_assert_cmpuint (info->rss, >, 0);
          g_assert_true (g_str_has_prefix (info->cmdline, "ms-test-child") || strstr (info->cmdline, "/ms-test-child") != NULL);
        }
    }
  g_assert_true (listed || !with_list);

  pids = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_PIDS, 0, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < pids->len; i++)
    {
      if (i > 0)
        g_assert_cmpint (g_array_index (pids, int, i - 1), <, g_array_index (pids, int, i));
      in_pids |= g_array_index (pids, int, i) == child->pid;
    }
  g_assert_true (in_pids);

  meminfo = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_MEMINFO, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (meminfo, "MemTotal:"));
}

/* --- shells ------------------------------------------------------------------- */

static void
test_shells (void)
{
  const char *shells[] = { "sh", "dash", "bash", "busybox sh" };
  MsTestChild *child = ms_test_child_start ();

  for (guint i = 0; i < G_N_ELEMENTS (shells); i++)
    {
      g_autofree char *program = g_strndup (shells[i], strcspn (shells[i], " "));
      g_autofree char *found = g_find_program_in_path (program);
      g_autoptr(MsRemoteConnection) connection = NULL;

      /* .ci/install-deps installs every one of them */
      if (found == NULL)
        g_error ("%s is not installed: run .ci/install-deps", program);
      g_test_message ("through %s", shells[i]);
      connection = connect_command (shells[i]);
      check_live_child (connection, child, FALSE);
      g_assert_false (ms_remote_connection_has_helper (connection));
      g_assert_false (ms_remote_connection_get_lost (connection));
    }

  ms_test_child_stop (child);
}

/* memscape-reader on the other side's PATH answers instead of the script. */
static void
test_with_helper (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("memscape-remote-XXXXXX", &error);
  g_autofree char *link = g_build_filename (dir, "memscape-reader", NULL);
  g_autofree char *command = NULL;
  g_autoptr(MsRemoteConnection) connection = NULL;
  MsTestChild *child = ms_test_child_start ();

  g_assert_no_error (error);
  g_assert_cmpint (symlink (g_getenv ("MEMSCAPE_READER"), link), ==, 0);
  command = g_strdup_printf ("env PATH=%s:/usr/bin:/bin sh", dir);
  connection = connect_command (command);
  check_live_child (connection, child, TRUE);
  g_assert_true (ms_remote_connection_has_helper (connection));

  ms_test_child_stop (child);
  g_unlink (link);
  g_rmdir (dir);
}

/* --- what a local read says, said the same ------------------------------- */

static void
assert_same_error (MsRemoteConnection *connection,
                   int                 pid)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) remote_error = NULL;
  g_autoptr(MsSnapshot) local = ms_read_pid (pid, NULL, &local_error);
  g_autoptr(MsSnapshot) remote = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_READ, pid, NULL,
                                                               &remote_error);

  g_assert_null (local);
  g_assert_null (remote);
  g_assert_nonnull (remote_error);
  g_assert_cmpuint (remote_error->domain, ==, local_error->domain);
  g_assert_cmpint (remote_error->code, ==, local_error->code);
  g_assert_cmpstr (remote_error->message, ==, local_error->message);
}

static void
test_errors (void)
{
  g_autoptr(MsRemoteConnection) connection = connect_command ("dash");
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSnapshot) snapshot = NULL;
  int kernel_thread = ms_test_find_kernel_thread ();
  int gone = ms_test_dead_pid ();

  assert_same_error (connection, gone);
  if (kernel_thread > 0)
    assert_same_error (connection, kernel_thread);

  /* someone else's process: as nobody on "the other side" */
  if (getuid () == 0)
    {
      g_autoptr(MsRemoteConnection) nobody = connect_command ("setpriv --reuid=65534 --regid=65534 --clear-groups dash");
      MsTestChild *child = ms_test_child_start ();

      snapshot = ms_remote_connection_request (nobody, MS_REMOTE_REQUEST_READ, child->pid, NULL, &error);
      g_assert_null (snapshot);
      g_assert_error (error, MS_ERROR, MS_ERROR_PERMISSION_DENIED);
      g_assert_nonnull (strstr (error->message, "Permission denied: process"));
      g_assert_true (g_str_has_suffix (error->message, "belongs to root"));
      g_clear_error (&error);
      ms_test_child_stop (child);
    }
  else
    {
      snapshot = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_READ, 1, NULL, &error);
      g_assert_null (snapshot);
      g_assert_error (error, MS_ERROR, MS_ERROR_PERMISSION_DENIED);
      g_clear_error (&error);
    }

  /* none of it loses the connection */
  g_assert_false (ms_remote_connection_get_lost (connection));
}

/* --- a hostile or broken other side ---------------------------------------------- */

typedef struct {
  const char *mode;
  GQuark      domain;
  int         code;
  const char *says;       /* in the message */
  gboolean    lost;
} Hostile;

static void
test_hostile (void)
{
  const Hostile cases[] = {
    { "good", 0, 0, NULL, FALSE },
    { "oversized", MS_ERROR, MS_ERROR_MALFORMED, "section “status” is too long", TRUE },
    { "garbled", MS_ERROR, MS_ERROR_MALFORMED, "end is malformed", TRUE },
    { "unknown-section", MS_ERROR, MS_ERROR_MALFORMED, "section header is malformed", TRUE },
    { "out-of-order", MS_ERROR, MS_ERROR_MALFORMED, "section “comm” is out of place", TRUE },
    { "truncated", G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "ended", TRUE },
    { "wrong-nonce", MS_ERROR, MS_ERROR_MALFORMED, "section header is malformed", TRUE },
    { "silent", G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "stopped answering", TRUE },
    { "silent-start", G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "stopped answering", TRUE },
    { "trickle", G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "answered too slowly", TRUE },
    { "chatty-start", MS_ERROR, MS_ERROR_MALFORMED, "printed too much before it started", TRUE },
    { "wrong-version", MS_ERROR, MS_ERROR_MALFORMED, "not the ready line", TRUE },
    { "unasked", G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "sent something unasked", TRUE },
    { "exited", MS_ERROR, MS_ERROR_NO_SUCH_PROCESS, "exited while it was being read", FALSE },
    { "denied", MS_ERROR, MS_ERROR_PERMISSION_DENIED, "(victim) belongs to 1000", FALSE },
    { "torn", MS_ERROR, MS_ERROR_IO, "changes too fast to be read", FALSE },
    { "lying-helper", MS_ERROR, MS_ERROR_MALFORMED, "answered about process 7 instead of 4242", FALSE },
    { "huge-pid", MS_ERROR, MS_ERROR_MALFORMED, "section “thread” is malformed", TRUE },
  };

  /* 1.5 s without a byte, 15 s for an answer (the trickle: 0.5 and 5 s) */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *command = fake_command (cases[i].mode);
      g_autoptr(MsRemoteConnection) connection = connect_command (command);
      g_autoptr(GError) error = NULL;
      g_autoptr(MsSnapshot) snapshot = NULL;
      gint64 started = g_get_monotonic_time ();

      g_test_message ("other side: %s", cases[i].mode);
      /* the trickle: 0.5 s without a byte is allowed, 5 s for an answer */
      g_setenv ("MEMSCAPE_REMOTE_TIMEOUT", strcmp (cases[i].mode, "trickle") == 0 ? "0.5" : "1.5", TRUE);
      snapshot = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_READ, 4242, NULL, &error);
      /* never a hang: the timeouts are 1.5 s without a byte, 5 s for the trickle */
      g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
      if (cases[i].says == NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (snapshot->n_regions, ==, 1);
          g_assert_cmpstr (snapshot->name, ==, "victim");
          g_assert_cmpstr (snapshot->user, ==, "1000");
          continue;
        }
      g_assert_null (snapshot);
      g_assert_error (error, cases[i].domain, cases[i].code);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("%s: “%s” does not say “%s”", cases[i].mode, error->message, cases[i].says);
      /* one line */
      g_assert_null (strchr (error->message, '\n'));
      g_assert_cmpint (ms_remote_connection_get_lost (connection), ==, cases[i].lost);
      if (cases[i].lost)
        {
          g_autoptr(GError) again = NULL;

          /* every request then says so, at once */
          g_assert_null (ms_remote_connection_request (connection, MS_REMOTE_REQUEST_LIST, 0, NULL, &again));
          g_assert_error (again, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
        }
    }
  g_unsetenv ("MEMSCAPE_REMOTE_TIMEOUT");
}

/* --- a connection cut --------------------------------------------------------------- */

typedef struct {
  MsRemoteConnection *connection;
  int                 pid;
  GError             *error;
  MsSnapshot         *snapshot;
} ReadJob;

static gpointer
read_job (gpointer data)
{
  ReadJob *job = data;

  job->snapshot = ms_remote_connection_request (job->connection, MS_REMOTE_REQUEST_READ, job->pid, NULL,
                                                &job->error);
  return NULL;
}

static void
test_cut (void)
{
  g_autoptr(MsRemoteConnection) connection = connect_command ("sh");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pids = NULL;
  g_autoptr(MsSnapshot) again = NULL;
  ReadJob job = { 0 };
  GThread *thread;
  GPid transport;
  int stdin_fd;
  GPid big = ms_test_bench_child_start (6000, NULL, &stdin_fd);

  /* connected, and reading a 6 000-mapping process when the transport is killed */
  pids = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_PIDS, 0, NULL, &error);
  g_assert_no_error (error);
  transport = _ms_remote_connection_get_transport_pid (connection);
  g_assert_cmpint (transport, >, 0);

  job.connection = connection;
  job.pid = big;
  thread = g_thread_new ("read", read_job, &job);
  g_usleep (20 * 1000);
  g_assert_cmpint (kill (transport, SIGKILL), ==, 0);
  g_thread_join (thread);

  /* either the read was whole before the kill, or it failed in one line */
  if (job.snapshot == NULL)
    {
      g_assert_error (job.error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
      g_assert_nonnull (strstr (job.error->message, "The connection to sh ended"));
      g_assert_true (ms_remote_connection_get_lost (connection));
    }
  else
    {
      g_autoptr(GArray) after = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_PIDS, 0, NULL, &error);

      g_assert_null (after);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
      g_clear_error (&error);
    }
  g_clear_error (&job.error);
  g_clear_pointer (&job.snapshot, ms_snapshot_unref);

  /* Reconnect: a new transport, and the read is whole */
  ms_remote_connection_reconnect (connection);
  g_assert_false (ms_remote_connection_get_lost (connection));
  again = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_READ, big, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->n_regions, >=, 6000);
  g_assert_cmpint (_ms_remote_connection_get_transport_pid (connection), !=, transport);

  ms_test_bench_child_stop (big, stdin_fd);
}

/* A transport whose pipe is cut after a few kilobytes: a cut answer is
 * never taken for a smaller one. */
static void
test_cut_pipe (void)
{
  g_autoptr(MsRemoteConnection) connection = connect_command ("sh -c 'sh | dd bs=1 count=6000 2>/dev/null'");
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSnapshot) snapshot = NULL;
  MsTestChild *child = ms_test_child_start ();

  snapshot = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_READ, child->pid, NULL, &error);
  g_assert_null (snapshot);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_assert_true (ms_remote_connection_get_lost (connection));
  ms_test_child_stop (child);
}

/* The process exits between two reads: the source says it as locally, and
 * the connection stays. */
static void
test_exits (void)
{
  g_autoptr(MsRemoteConnection) connection = connect_command ("dash");
  g_autoptr(MsSource) source = ms_remote_source_new (connection);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSnapshot) first = NULL;
  g_autoptr(MsSnapshot) second = NULL;
  g_autoptr(MsSnapshot) third = NULL;
  MsTestChild *child = ms_test_child_start ();
  int pid = child->pid;

  g_assert_cmpint (ms_source_get_kind (source), ==, MS_SOURCE_KIND_REMOTE);
  g_assert_cmpstr (ms_source_get_label (source), ==, "dash");
  g_assert_cmpstr (ms_source_get_title_suffix (source), ==, "on dash");
  g_assert_true (ms_source_is_live (source));

  first = ms_test_read_through (source, pid, NULL, &error);
  g_assert_no_error (error);
  /* unchanged: the same snapshot back, from the probe alone */
  second = ms_test_read_through (source, pid, first, &error);
  g_assert_no_error (error);
  g_assert_true (second == first);

  ms_test_child_stop (child);
  third = ms_test_read_through (source, pid, first, &error);
  g_assert_null (third);
  g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
  g_assert_false (ms_remote_connection_get_lost (connection));
}

/* --- the command line ---------------------------------------------------------------- */

static void
run_memscape (const char * const *args,
              int                *status,
              char              **out,
              char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("MEMSCAPE"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, status, &error);
  g_assert_no_error (error);
}

static void
test_cli (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("memscape-remote-XXXXXX", &error);
  g_autofree char *local_csv = g_build_filename (dir, "local.csv", NULL);
  g_autofree char *remote_csv = g_build_filename (dir, "remote.csv", NULL);
  g_autofree char *missing_csv = g_build_filename (dir, "missing.csv", NULL);
  g_autofree char *pid_text = NULL;
  g_autofree char *out = NULL, *err = NULL, *local_text = NULL, *remote_text = NULL;
  g_auto(GStrv) local_lines = NULL;
  g_auto(GStrv) remote_lines = NULL;
  int status;
  MsTestChild *child = ms_test_child_start ();

  g_assert_no_error (error);
  pid_text = g_strdup_printf ("%d", child->pid);

  {
    const char *args[] = { "--pid", pid_text, "--export", local_csv, NULL };

    run_memscape (args, &status, NULL, NULL);
    g_assert_cmpint (status, ==, 0);
  }
  {
    const char *args[] = { "--via", "busybox sh", "--pid", pid_text, "--export", remote_csv, NULL };

    run_memscape (args, &status, NULL, &err);
    g_assert_cmpstr (err, ==, "");
    g_assert_cmpint (status, ==, 0);
    g_clear_pointer (&err, g_free);
  }
  /* region by region: the columns up to `object` (the counters move) */
  g_file_get_contents (local_csv, &local_text, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (remote_csv, &remote_text, NULL, &error);
  g_assert_no_error (error);
  local_lines = g_strsplit (local_text, "\n", -1);
  remote_lines = g_strsplit (remote_text, "\n", -1);
  g_assert_cmpuint (g_strv_length (local_lines), ==, g_strv_length (remote_lines));
  for (guint i = 0; local_lines[i] != NULL; i++)
    {
      g_auto(GStrv) a = g_strsplit (local_lines[i], ",", 11);
      g_auto(GStrv) b = g_strsplit (remote_lines[i], ",", 11);

      for (guint j = 0; j < 10 && a[j] != NULL; j++)
        g_assert_cmpstr (a[j], ==, b[j]);
    }

  {
    const char *args[] = { "--via", "dash", "--list", NULL };
    g_autofree char *line = g_strdup_printf ("\n%7d  ", child->pid);
    /* a command line of several lines (a script given with -c) is one line
     * of the list, as every other: each begins with a PID */
    const char *script[] = { "sh", "-c", "read x\n:", NULL };
    g_autofree char *script_line = NULL;
    g_auto(GStrv) lines = NULL;
    GPid script_pid;
    int script_stdin;

    /* `read`, a builtin: no child of its own to outlive it */
    g_spawn_async_with_pipes (NULL, (char **) script, NULL,
                              G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                              NULL, NULL, &script_pid, &script_stdin, NULL, NULL, &error);
    g_assert_no_error (error);
    script_line = g_strdup_printf ("\n%7d  ", script_pid);
    run_memscape (args, &status, &out, NULL);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, line));
    g_assert_nonnull (strstr (out, script_line));
    g_assert_nonnull (strstr (strstr (out, script_line), "sh -c read x :\n"));
    lines = g_strsplit (out, "\n", -1);
    for (guint i = 1; lines[i] != NULL && lines[i + 1] != NULL; i++)
      g_assert_true (g_regex_match_simple ("^ *[0-9]+  ", lines[i], 0, 0));
    close (script_stdin);
    waitpid (script_pid, NULL, 0);
    g_spawn_close_pid (script_pid);
    g_clear_pointer (&out, g_free);
  }

  /* --remote-su, through a stand-in su that wants `su -c` (as Magisk's) */
  {
    g_autofree char *su = g_build_filename (dir, "su", NULL);
    g_autofree char *su_csv = g_build_filename (dir, "su.csv", NULL);
    g_autofree char *via = g_strdup_printf ("env PATH=%s:/usr/bin:/bin dash", dir);
    g_autofree char *su_text = NULL;
    const char *args[] = { "--via", via, "--remote-su", "--pid", pid_text, "--export", su_csv, NULL };

    g_file_set_contents_full (su, "#!/bin/sh\n[ \"$1\" = -c ] || exit 1\nexec sh -c \"$2\"\n", -1,
                              G_FILE_SET_CONTENTS_NONE, 0755, &error);
    g_assert_no_error (error);
    run_memscape (args, &status, NULL, &err);
    g_assert_cmpstr (err, ==, "");
    g_assert_cmpint (status, ==, 0);
    g_clear_pointer (&err, g_free);
    g_file_get_contents (su_csv, &su_text, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (strlen (su_text), >, 0);
    g_assert_true (strstr (su_text, "ms-test-child") != NULL);
    g_unlink (su_csv);
    g_unlink (su);
  }

  /* failures: one line, no file */
  {
    const char *cases[][8] = {
      { "--via", "dash", "--pid", "999999999", "--export", missing_csv, NULL },
      { "--via", "no-such-transport-program", "--pid", pid_text, "--export", missing_csv, NULL },
      { "--via", "sh -c 'exit 0'", "--pid", pid_text, "--export", missing_csv, NULL },
      { "--host", "-oProxyCommand=touch /tmp/x", "--list", NULL },
      { "--via", "sh", "--host", "server", "--list", NULL },
      { "--via", "'unterminated", "--list", NULL },
      { "--list", NULL },
      { "--adb", "--run-as", "a;b", "--list", NULL },
      { "--adb", "--remote-su", "--remote-sudo", "--list", NULL },
      { "--remote-su", "--list", NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        run_memscape (cases[i], &status, &out, &err);
        g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 1);
        g_assert_true (g_str_has_prefix (err, "memscape: "));
        g_assert_nonnull (strchr (err, '\n'));
        g_assert_null (strchr (err, '\n') + 1 == NULL ? NULL : strchr (strchr (err, '\n') + 1, '\n'));
        g_assert_false (g_file_test (missing_csv, G_FILE_TEST_EXISTS));
        g_clear_pointer (&out, g_free);
        g_clear_pointer (&err, g_free);
      }
  }

  ms_test_child_stop (child);
  g_unlink (local_csv);
  g_unlink (remote_csv);
  g_rmdir (dir);
}

/* --- a real sshd on 127.0.0.1 ------------------------------------------------------------ */

static void
test_ssh (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autoptr(MsRemoteConnection) connection = NULL;
  MsTestSshd *sshd = ms_test_sshd_start ();
  MsTestChild *child;

  if (sshd == NULL)
    {
      g_test_skip ("sshd cannot run here (its privilege-separation folder /run/sshd cannot be made, or it did not listen)");
      return;
    }

  connection = connect_command (sshd->command);
  label = g_strdup_printf ("%s@127.0.0.1", g_get_user_name ());
  g_assert_cmpstr (ms_remote_connection_get_label (connection), ==, label);
  child = ms_test_child_start ();
  check_live_child (connection, child, FALSE);   /* the list: through the helper and the command line */
  ms_test_child_stop (child);

  /* an unknown host key: ssh refuses, and says why in the one line */
  {
    g_autofree char *wrong = g_strdup_printf ("ssh -T -F /dev/null -i %s/user_key -o BatchMode=yes "
                                              "-o StrictHostKeyChecking=yes -o UserKnownHostsFile=/dev/null -p %d 127.0.0.1 sh",
                                              sshd->dir, sshd->port);
    g_autoptr(MsRemoteConnection) refused = connect_command (wrong);
    g_autoptr(GPtrArray) list = ms_remote_connection_request (refused, MS_REMOTE_REQUEST_LIST, 0, NULL, &error);

    g_assert_null (list);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
    g_assert_nonnull (strstr (error->message, "Host key verification failed"));
    g_clear_error (&error);
  }

  ms_remote_connection_close (connection);
  ms_test_sshd_stop (sshd);
}

/* As it will be judged: processes this file never started before — a
 * python3 with threads and a `sleep` — read through the real ssh
 * connection and through bash, dash and BusyBox sh, region by region the
 * same as their local reads. */
static GPid
spawn_stranger (const char * const *argv,
                guint               n_tasks)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *task = NULL;
  GPid pid;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, &pid,
                 &error);
  g_assert_no_error (error);
  /* every thread started, and the map settled (two reads alike) */
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GDir) dir = NULL;
      g_autoptr(MsSnapshot) a = NULL;
      g_autoptr(MsSnapshot) b = NULL;
      guint n = 0;

      task = g_strdup_printf ("/proc/%d/task", pid);
      dir = g_dir_open (task, 0, NULL);
      g_clear_pointer (&task, g_free);
      while (dir != NULL && g_dir_read_name (dir) != NULL)
        n++;
      a = ms_read_pid (pid, NULL, NULL);
      g_usleep (20000);
      b = ms_read_pid (pid, NULL, NULL);
      if (n == n_tasks && a != NULL && b != NULL && a->fingerprint == b->fingerprint)
        return pid;
    }
  g_error ("%s did not settle", argv[0]);
}

static void
stop_stranger (GPid pid)
{
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
}

static void
assert_same_as_local (MsRemoteConnection *connection,
                      GPid                pid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSnapshot) remote = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_READ, pid, NULL,
                                                               &error);
  g_autoptr(MsSnapshot) local = NULL;
  g_autofree guint64 *probe = NULL;

  g_assert_no_error (error);
  local = ms_read_pid (pid, NULL, &error);
  g_assert_no_error (error);
  assert_same_snapshot (local, remote);
  g_assert_cmpuint (remote->n_threads, ==, local->n_threads);
  for (guint k = 0; k < MS_N_KINDS; k++)
    g_assert_cmpuint (remote->per_kind[k].count, ==, local->per_kind[k].count);
  probe = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_PROBE, pid, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmphex (probe[0], ==, local->fingerprint);
}

static void
test_strangers (void)
{
  const char *python[] = { "python3", "-c",
                           "import threading, time\n"
                           "for i in range(3): threading.Thread(target=time.sleep, args=(1000,), daemon=True).start()\n"
                           "time.sleep(1000)\n", NULL };
  const char *sleeper[] = { "sleep", "1000", NULL };
  const char *shells[] = { "bash", "dash", "busybox sh" };
  GPid pids[2];
  MsTestSshd *sshd;

  pids[0] = spawn_stranger (python, 4);
  pids[1] = spawn_stranger (sleeper, 1);
  for (guint i = 0; i < G_N_ELEMENTS (shells); i++)
    {
      g_autoptr(MsRemoteConnection) connection = connect_command (shells[i]);

      g_test_message ("through %s", shells[i]);
      for (guint j = 0; j < G_N_ELEMENTS (pids); j++)
        assert_same_as_local (connection, pids[j]);
    }
  sshd = ms_test_sshd_start ();
  if (sshd != NULL)
    {
      g_autoptr(MsRemoteConnection) connection = connect_command (sshd->command);

      g_test_message ("through ssh");
      for (guint j = 0; j < G_N_ELEMENTS (pids); j++)
        assert_same_as_local (connection, pids[j]);
      ms_remote_connection_close (connection);
      ms_test_sshd_stop (sshd);
    }
  else
    g_test_message ("sshd cannot run here: through the shells only");
  for (guint j = 0; j < G_N_ELEMENTS (pids); j++)
    stop_stranger (pids[j]);
}

/* A session on another machine's process keeps its last picture when the
 * connection is lost, and says why; reconnected, it reads again. */
static void
test_session_lost (void)
{
  g_autoptr(MsRemoteConnection) connection = connect_command ("dash");
  g_autoptr(MsSource) source = ms_remote_source_new (connection);
  g_autoptr(MsSession) session = NULL;
  MsTestChild *child = ms_test_child_start ();
  MsSnapshot *shown;
  GPid transport;

  session = ms_session_new (source, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
  g_assert_cmpint (ms_session_get_state (session), ==, MS_SESSION_LIVE);
  shown = ms_session_get_snapshot (session);
  g_assert_nonnull (shown);

  transport = _ms_remote_connection_get_transport_pid (connection);
  g_assert_cmpint (kill (transport, SIGKILL), ==, 0);
  ms_session_refresh (session);
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
  g_assert_cmpint (ms_session_get_state (session), ==, MS_SESSION_STOPPED);
  g_assert_true (ms_session_get_snapshot (session) == shown);
  g_assert_true (g_error_matches (ms_session_get_error (session), G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED));
  g_assert_true (ms_remote_connection_get_lost (connection));

  ms_test_child_stop (child);
}

/* --remote-sudo, --remote-su and --run-as replace the shell over there and
 * send the script again: with stand-ins for sudo, su and run-as on the other
 * side's PATH that run the shell as it is (and a sudo that wants a password,
 * su binaries that take one form of su each, and one that refuses). */
static void
test_become (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("memscape-remote-XXXXXX", &error);
  g_autofree char *sudo = g_build_filename (dir, "sudo", NULL);
  g_autofree char *run_as = g_build_filename (dir, "run-as", NULL);
  g_autofree char *command = g_strdup_printf ("env PATH=%s:/usr/bin:/bin dash", dir);
  g_autofree char *log = g_build_filename (dir, "log", NULL);
  g_autofree char *sudo_text = g_strdup_printf ("#!/bin/sh\necho \"sudo $*\" >> %s\n[ \"$1\" = -n ] || exit 9\nshift\nexec \"$@\"\n", log);
  g_autofree char *run_as_text = g_strdup_printf ("#!/bin/sh\necho \"run-as $*\" >> %s\nshift\nexec \"$@\"\n", log);
  g_autofree char *logged = NULL;
  MsTestChild *child = ms_test_child_start ();

  g_assert_no_error (error);
  g_file_set_contents_full (sudo, sudo_text, -1, G_FILE_SET_CONTENTS_NONE, 0755, &error);
  g_assert_no_error (error);
  g_file_set_contents_full (run_as, run_as_text, -1, G_FILE_SET_CONTENTS_NONE, 0755, &error);
  g_assert_no_error (error);

  {
    g_autoptr(MsRemoteConnection) connection = ms_remote_connection_new_for_command (command, MS_REMOTE_AS_SUDO,
                                                                                     NULL, &error);
    g_autoptr(MsSnapshot) snapshot = NULL;

    g_assert_no_error (error);
    snapshot = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_READ, child->pid, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (snapshot->pid, ==, child->pid);
  }
  {
    g_autoptr(MsRemoteConnection) connection = ms_remote_connection_new_for_command (command, MS_REMOTE_AS_APP,
                                                                                     "com.example.app", &error);
    g_autoptr(MsSnapshot) snapshot = NULL;

    g_assert_no_error (error);
    snapshot = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_READ, child->pid, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (snapshot->pid, ==, child->pid);
  }
  g_file_get_contents (log, &logged, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (logged, ==, "sudo -n sh\nrun-as com.example.app sh\n");

  /* su: each form Android's su binaries take, found by trying them in
   * turn; the stand-in runs only its own form (AOSP's `su 0 CMD`, one that
   * wants a user's name, Magisk's `su -c CMD`), and logs what it ran */
  {
    const char *forms[][2] = {
      { "0", "su 0 sh\nsu 0 sh\n" },
      { "root", "su root sh\nsu root sh\n" },
      { "-c", "su -c sh\nsu -c sh\n" },
      /* util-linux's: arguments after the user go to the shell, but getopt
       * finds -c anywhere; `su 0 sh` runs `sh sh`, which is no shell on stdin */
      { "permuting", "su 0 sh\nsu root sh\nsu -c sh\nsu -c sh\n" },
    };
    g_autofree char *su = g_build_filename (dir, "su", NULL);

    for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
      {
        g_autofree char *su_text = NULL;
        g_autoptr(MsRemoteConnection) connection = NULL;
        g_autoptr(MsSnapshot) snapshot = NULL;
        g_autoptr(MsSnapshot) local = NULL;
        g_autofree char *su_logged = NULL;

        g_test_message ("su %s", forms[i][0]);
        g_unlink (log);
        if (g_str_equal (forms[i][0], "permuting"))
          su_text = g_strdup_printf ("#!/bin/sh\necho \"su $*\" >> %s\n"
                                     "c=; n=0; for a; do n=$((n + 1)); [ \"$a\" = -c ] && c=$((n + 1)); done\n"
                                     "[ -n \"$c\" ] && { eval \"x=\\${$c}\"; exec sh -c \"$x\"; }\n"
                                     "shift\nexec sh \"$@\"\n", log);
        else if (g_str_equal (forms[i][0], "-c"))
          su_text = g_strdup_printf ("#!/bin/sh\n[ \"$1\" = -c ] || exit 1\necho \"su $*\" >> %s\n"
                                     "exec sh -c \"$2\"\n", log);
        else
          su_text = g_strdup_printf ("#!/bin/sh\n[ \"$1\" = %s ] || { echo 'su: unknown user' >&2; exit 1; }\n"
                                     "echo \"su $*\" >> %s\nshift\nexec \"$@\"\n", forms[i][0], log);
        g_file_set_contents_full (su, su_text, -1, G_FILE_SET_CONTENTS_NONE, 0755, &error);
        g_assert_no_error (error);
        connection = ms_remote_connection_new_for_command (command, MS_REMOTE_AS_SU, NULL, &error);
        g_assert_no_error (error);
        snapshot = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_READ, child->pid, NULL, &error);
        g_assert_no_error (error);
        local = ms_read_pid (child->pid, NULL, &error);
        g_assert_no_error (error);
        assert_same_snapshot (local, snapshot);
        g_file_get_contents (log, &su_logged, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (su_logged, ==, forms[i][1]);
      }

    /* refused (su denied, or none there — not even the system's, which
     * would let root through): one clear line, as the reason */
    for (guint i = 0; i < 2; i++)
      {
        g_autofree char *bare = g_strdup_printf ("env PATH=%s /bin/dash", dir);
        g_autoptr(MsRemoteConnection) connection = NULL;
        g_autoptr(GPtrArray) list = NULL;

        if (i == 0)
          {
            g_file_set_contents_full (su, "#!/bin/sh\necho 'Permission denied' >&2\nexit 1\n", -1,
                                      G_FILE_SET_CONTENTS_NONE, 0755, &error);
            g_assert_no_error (error);
          }
        else
          g_unlink (su);
        connection = ms_remote_connection_new_for_command (bare, MS_REMOTE_AS_SU, NULL, &error);
        g_assert_no_error (error);
        list = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_LIST, 0, NULL, &error);
        g_assert_null (list);
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
        g_test_message ("%s", error->message);
        g_assert_true (g_str_has_suffix (error->message,
                                         " ended: su: permission denied (tried su 0 sh, su root sh, su -c sh)"));
        g_clear_error (&error);
        g_assert_true (ms_remote_connection_get_lost (connection));
      }
  }

  /* a sudo that wants a password: its own line, as the reason */
  {
    g_autofree char *refusing = g_strdup ("#!/bin/sh\necho 'sudo: a password is required' >&2\nexit 1\n");
    g_autoptr(MsRemoteConnection) connection = NULL;
    g_autoptr(GPtrArray) list = NULL;

    g_file_set_contents_full (sudo, refusing, -1, G_FILE_SET_CONTENTS_NONE, 0755, &error);
    g_assert_no_error (error);
    connection = ms_remote_connection_new_for_command (command, MS_REMOTE_AS_SUDO, NULL, &error);
    g_assert_no_error (error);
    list = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_LIST, 0, NULL, &error);
    g_assert_null (list);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
    g_assert_true (g_str_has_suffix (error->message, "dash ended: sudo: a password is required"));
    g_clear_error (&error);
  }

  ms_test_child_stop (child);
  g_unlink (sudo);
  g_unlink (run_as);
  g_unlink (log);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/remote/shells", test_shells);
  g_test_add_func ("/memscape/remote/with-helper", test_with_helper);
  g_test_add_func ("/memscape/remote/errors", test_errors);
  g_test_add_func ("/memscape/remote/become", test_become);
  g_test_add_func ("/memscape/remote/hostile", test_hostile);
  g_test_add_func ("/memscape/remote/cut", test_cut);
  g_test_add_func ("/memscape/remote/cut-pipe", test_cut_pipe);
  g_test_add_func ("/memscape/remote/exits", test_exits);
  g_test_add_func ("/memscape/remote/session-lost", test_session_lost);
  g_test_add_func ("/memscape/remote/cli", test_cli);
  g_test_add_func ("/memscape/remote/ssh", test_ssh);
  g_test_add_func ("/memscape/remote/strangers", test_strangers);

  return g_test_run ();
}
