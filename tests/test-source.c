/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-file-source.h"
#include "ms-helper-source.h"
#include "ms-local-source.h"
#include "ms-privileged.h"
#include "ms-privileged-private.h"
#include "ms-process-list.h"
#include "ms-reader.h"
#include "ms-reader-private.h"
#include "ms-snapshot-private.h"
#include "ms-source.h"
#include "ms-test-util.h"

/* Every source: what it says it is, and that a quiet process refreshed
 * through it comes back as the same snapshot without a full read. */

/* How many lines of @path hold @word as a word ("probe", "read"). */
static guint
count_requests (const char *path,
                const char *word)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *padded = g_strdup_printf (" %s ", word);
  guint n = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], padded) != NULL)
      n++;
  return n;
}

/* A few full reads may differ from the shown one while a quiet child's pages
 * settle (see test-reader): read until two reads in a row agree. */
static MsSnapshot *
read_settled (MsSource *source,
              int       pid)
{
  g_autoptr(GError) error = NULL;
  MsSnapshot *snapshot = ms_test_read_through (source, pid, NULL, &error);

  g_assert_no_error (error);
  for (guint attempt = 0; attempt < 20; attempt++)
    {
      MsSnapshot *again = ms_test_read_through (source, pid, NULL, &error);

      g_assert_no_error (error);
      if (again->fingerprint == snapshot->fingerprint)
        {
          ms_snapshot_unref (again);
          break;
        }
      ms_snapshot_unref (snapshot);
      snapshot = again;
    }
  return snapshot;
}

/* --- what each source is ----------------------------------------------------- */

static void
test_kinds (void)
{
  g_autoptr(MsSource) local = ms_local_source_new ();
  g_autoptr(MsSource) admin = ms_source_new_administrator ();
  g_autoptr(MsSource) host = ms_helper_source_new (MS_SOURCE_KIND_HOST);
  g_autofree char *fixture = ms_test_fixture_path ("c-sleep.smaps");
  g_autoptr(MsSource) file = ms_file_source_new (fixture);
  MsSourceKind kind;

  g_assert_cmpint (ms_source_get_kind (local), ==, MS_SOURCE_KIND_LOCAL);
  g_assert_cmpint (ms_source_get_kind (admin), ==, MS_SOURCE_KIND_ADMINISTRATOR);
  g_assert_cmpint (ms_source_get_kind (host), ==, MS_SOURCE_KIND_HOST);
  g_assert_cmpint (ms_source_get_kind (file), ==, MS_SOURCE_KIND_FILE);

  /* The kind is also a property, for binding. */
  g_object_get (admin, "kind", &kind, NULL);
  g_assert_cmpint (kind, ==, MS_SOURCE_KIND_ADMINISTRATOR);
  g_assert_cmpstr (g_enum_get_value (g_type_class_peek (MS_TYPE_SOURCE_KIND), kind)->value_nick, ==, "administrator");

  g_assert_true (ms_source_is_live (local));
  g_assert_true (ms_source_is_live (admin));
  g_assert_true (ms_source_is_live (host));
  g_assert_false (ms_source_is_live (file));

  g_assert_null (ms_source_get_title_suffix (local));
  g_assert_null (ms_source_get_title_suffix (host));
  g_assert_cmpstr (ms_source_get_title_suffix (admin), ==, "as administrator");
  g_assert_cmpstr (ms_source_get_label (local), ==, "This computer");
  g_assert_cmpstr (ms_source_get_label (file), ==, "Captured file");
}

/* --- the local /proc ------------------------------------------------------- */

/* A read runs on a worker thread and its callback in the caller's main
 * context; a cancelled read fails with G_IO_ERROR_CANCELLED. */
static void
test_local_async_and_cancel (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSource) source = ms_local_source_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  snapshot = ms_test_read_through (source, child->pid, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (snapshot->pid, ==, child->pid);
  g_assert_cmpuint (snapshot->n_regions, >, 20);

  g_cancellable_cancel (cancellable);
  ms_source_read_async (source, child->pid, NULL, cancellable, ms_test_keep_result, &result);
  ms_test_await (&result);
  g_assert_null (ms_source_read_finish (source, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);

  ms_test_child_stop (child);
}

static void
test_local_quiet_refresh (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSource) source = ms_local_source_new ();
  g_autoptr(MsSnapshot) first = read_settled (source, child->pid);
  g_autoptr(MsSnapshot) again = NULL;
  g_autoptr(MsSnapshot) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  gint64 confirmed = _ms_snapshot_get_confirmed (first);

  /* The same snapshot, and no full read: one would have confirmed it anew. */
  g_usleep (2000);
  again = ms_test_read_through (source, child->pid, first, &error);
  g_assert_no_error (error);
  g_assert_true (again == first);
  g_assert_cmpint (_ms_snapshot_get_confirmed (first), ==, confirmed);

  answer = ms_test_child_command (child, "map 4");
  changed = ms_test_read_through (source, child->pid, first, &error);
  g_assert_no_error (error);
  g_assert_true (changed != first);
  g_assert_cmpint (ms_snapshot_find_start (changed, g_ascii_strtoull (answer + 7, NULL, 16)), >=, 0);

  ms_test_child_stop (child);
}

/* --- the helper: the probe request itself ----------------------------------- */

static void
test_helper_probe_frame (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *pid_text = g_strdup_printf ("%d", (int) child->pid);
  const char *argv[] = { g_getenv ("MEMSCAPE_READER"), "probe", pid_text, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  gboolean matched = FALSE;
  int status;

  g_assert_nonnull (argv[0]);

  /* The frame: the cheap files only, never smaps; only status's kept lines. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_prefix (out, "memscape-reader 1\nprobe "));
  g_assert_nonnull (strstr (out, "\nrollup "));
  g_assert_nonnull (strstr (out, "\nmaps "));
  g_assert_null (strstr (out, "\nsmaps "));
  /* one set of counters (smaps_rollup's), not one per region */
  g_assert_nonnull (strstr (out, "\nRss:"));
  g_assert_null (strstr (strstr (out, "\nRss:") + 1, "\nRss:"));
  g_assert_null (strstr (out, "\nGroups:"));
  g_assert_true (g_str_has_suffix (out, "\nend 0\n\n"));

  /* It tells the same fingerprint as a full read of the quiet child. */
  for (guint attempt = 0; attempt < 20 && !matched; attempt++)
    {
      g_autoptr(MsSnapshot) direct = ms_read_pid (child->pid, NULL, &error);
      guint64 fingerprint = 0;
      guint n_regions = 0;

      g_assert_no_error (error);
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, &err, &status, &error));
      g_assert_true (ms_privileged_parse_probe (out, strlen (out), child->pid, &fingerprint, &n_regions, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n_regions, ==, direct->n_regions);
      g_assert_cmpuint (fingerprint, !=, 0);
      matched = fingerprint == direct->fingerprint;
    }
  g_assert_true (matched);

  /* An answer about another process, or cut short, is not taken. */
  g_assert_false (ms_privileged_parse_probe (out, strlen (out), child->pid + 1, NULL, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_false (ms_privileged_parse_probe (out, strlen (out) - 4, child->pid, NULL, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_MALFORMED);
  g_clear_error (&error);

  /* A bad request is refused, as any other. */
  {
    const char *bad[][4] = { { "probe", NULL }, { "probe", "0", NULL }, { "probe", "1", "2", NULL } };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        const char *bad_argv[] = { argv[0], bad[i][0], bad[i][1], bad[i][2], NULL };

        g_clear_pointer (&out, g_free);
        g_clear_pointer (&err, g_free);
        g_assert_true (g_spawn_sync (NULL, (char **) bad_argv, NULL, 0, NULL, NULL, &out, &err, &status, NULL));
        g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 2);
        g_assert_cmpstr (out, ==, "");
        g_assert_true (g_str_has_prefix (err, "usage: "));
      }
  }

  ms_test_child_stop (child);
}

/* --- the helper as administrator (pkexec's stand-in) ---------------------------- */

static void
test_administrator_quiet_refresh (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *dir = g_dir_make_tmp ("memscape-source-XXXXXX", NULL);
  g_autofree char *log = g_build_filename (dir, "log", NULL);
  g_autofree char *body = g_strdup_printf ("echo \"$*\" >> '%s'\nexec \"$@\"", log);
  g_autofree char *runner = ms_test_write_script (dir, "runner", body);
  g_autoptr(MsSource) source = ms_source_new_administrator ();
  g_autoptr(MsSnapshot) first = NULL;
  g_autoptr(MsSnapshot) again = NULL;
  g_autoptr(MsSnapshot) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  guint reads;

  g_setenv ("MEMSCAPE_PRIVILEGED_RUNNER", runner, TRUE);

  first = read_settled (source, child->pid);
  reads = count_requests (log, "read");
  g_assert_cmpuint (reads, >=, 2);
  g_assert_cmpuint (count_requests (log, "probe"), ==, 0);

  /* Refreshing the quiet process: one probe, no read, the same snapshot. */
  again = ms_test_read_through (source, child->pid, first, &error);
  g_assert_no_error (error);
  g_assert_true (again == first);
  g_assert_cmpuint (count_requests (log, "probe"), ==, 1);
  g_assert_cmpuint (count_requests (log, "read"), ==, reads);

  /* A change: the probe sees it, and a full read follows. */
  answer = ms_test_child_command (child, "map 4");
  changed = ms_test_read_through (source, child->pid, first, &error);
  g_assert_no_error (error);
  g_assert_true (changed != first);
  g_assert_cmpint (ms_snapshot_find_start (changed, g_ascii_strtoull (answer + 7, NULL, 16)), >=, 0);
  g_assert_cmpuint (count_requests (log, "probe"), ==, 2);
  g_assert_cmpuint (count_requests (log, "read"), ==, reads + 1);

  /* A snapshot too old for the fingerprint's word alone: a full read. */
  _ms_reader_set_since_max_age (0);
  g_clear_pointer (&again, ms_snapshot_unref);
  again = ms_test_read_through (source, child->pid, changed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_requests (log, "probe"), ==, 2);
  g_assert_cmpuint (count_requests (log, "read"), ==, reads + 2);
  _ms_reader_set_since_max_age (MS_READ_SINCE_MAX_AGE_USEC);

  /* The authorization ran out and the dialog was dismissed at the probe:
   * that is the answer, without asking a second time for a full read. */
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("echo \"$*\" >> '%s'\nexit 126", log);
  g_free (ms_test_write_script (dir, "runner", body));
  g_clear_pointer (&again, ms_snapshot_unref);
  g_assert_null (ms_test_read_through (source, child->pid, changed, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_AUTH_DISMISSED);
  g_assert_cmpuint (count_requests (log, "probe"), ==, 3);
  g_assert_cmpuint (count_requests (log, "read"), ==, reads + 2);

  g_unsetenv ("MEMSCAPE_PRIVILEGED_RUNNER");
  ms_test_remove_tree (dir);
  ms_test_child_stop (child);
}

/* --- the helper on the host, from inside Flatpak (stand-ins) ----------------- */

static void
test_host_quiet_refresh (void)
{
  MsTestChild *child = ms_test_child_start ();
  MsTestSandbox sandbox = { 0 };
  g_autofree char *probe_line = NULL;
  g_autoptr(MsSource) source = NULL;
  g_autoptr(MsSnapshot) first = NULL;
  g_autoptr(MsSnapshot) again = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *logged = NULL;
  guint reads;

  ms_test_sandbox_set_up (&sandbox, NULL);
  g_free (ms_test_sandbox_set_flatpak_spawn (&sandbox, TRUE));

  source = ms_source_new_default ();
  g_assert_cmpint (ms_source_get_kind (source), ==, MS_SOURCE_KIND_HOST);

  list = ms_test_list_through (source, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, >, 1);

  first = read_settled (source, child->pid);
  reads = count_requests (sandbox.log, "read");
  g_assert_cmpuint (reads, >=, 2);

  again = ms_test_read_through (source, child->pid, first, &error);
  g_assert_no_error (error);
  g_assert_true (again == first);
  g_assert_cmpuint (count_requests (sandbox.log, "read"), ==, reads);
  g_assert_cmpuint (count_requests (sandbox.log, "probe"), ==, 1);

  /* The probe ran on the host, without pkexec. */
  probe_line = g_strdup_printf ("flatpak-spawn --host %s probe %d\n", sandbox.host_helper, (int) child->pid);
  g_assert_true (g_file_get_contents (sandbox.log, &logged, NULL, NULL));
  g_assert_nonnull (strstr (logged, probe_line));

  ms_test_sandbox_tear_down (&sandbox, NULL);
  ms_test_child_stop (child);
}

/* --- a captured file --------------------------------------------------------- */

static void
test_file (void)
{
  g_autofree char *fixture = ms_test_fixture_path ("c-sleep.smaps");
  g_autoptr(MsSource) source = ms_file_source_new (fixture);
  g_autoptr(MsSource) missing = ms_file_source_new ("/nonexistent/capture.smaps");
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (ms_file_source_get_path (MS_FILE_SOURCE (source)), ==, fixture);
  snapshot = ms_test_read_through (source, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (snapshot->source, ==, MS_SOURCE_FILE);
  g_assert_cmpstr (snapshot->name, ==, "c-sleep.smaps");
  g_assert_cmpuint (snapshot->n_regions, >, 0);

  g_assert_null (ms_test_read_through (missing, 0, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_IO);
  g_clear_error (&error);

  g_assert_null (ms_test_list_through (source, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/source/kinds", test_kinds);
  g_test_add_func ("/memscape/source/local-async-and-cancel", test_local_async_and_cancel);
  g_test_add_func ("/memscape/source/local-quiet-refresh", test_local_quiet_refresh);
  g_test_add_func ("/memscape/source/helper-probe-frame", test_helper_probe_frame);
  g_test_add_func ("/memscape/source/administrator-quiet-refresh", test_administrator_quiet_refresh);
  g_test_add_func ("/memscape/source/host-quiet-refresh", test_host_quiet_refresh);
  g_test_add_func ("/memscape/source/file", test_file);

  return g_test_run ();
}
