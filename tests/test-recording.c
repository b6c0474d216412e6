/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-reader.h"
#include "ms-recording.h"
#include "ms-recording-source.h"
#include "ms-session.h"
#include "ms-test-util.h"

/* Recordings (FILE.memscape): written from a live child while it changes,
 * read back sample by sample and as a history, queried with sqlite3 as the
 * README says, cut by SIGKILL and by SIGINT, and refused in one line when
 * bad. */

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("memscape-recording-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ms_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
fixture_path (Fixture    *fixture,
              const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

/* Same regions, with every field and counter, and the same status. */
static void
assert_same_map (const MsSnapshot *a,
                 const MsSnapshot *b)
{
  g_assert_cmpuint (a->n_regions, ==, b->n_regions);
  for (guint i = 0; i < a->n_regions; i++)
    if (!ms_region_equal (&a->regions[i], &b->regions[i]))
      g_error ("region %u (0x%" G_GINT64_MODIFIER "x, %s) differs", i, a->regions[i].start,
               a->regions[i].path != NULL ? a->regions[i].path : "");
  g_assert_cmpuint (a->total.rss, ==, b->total.rss);
  g_assert_cmpuint (a->total.pss, ==, b->total.pss);
  g_assert_cmpuint (a->total.swap, ==, b->total.swap);
  g_assert_cmpuint (a->status.vm_size, ==, b->status.vm_size);
  g_assert_cmpuint (a->status.rss_anon, ==, b->status.rss_anon);
  g_assert_cmpuint (a->status.threads, ==, b->status.threads);
  g_assert_cmpint (a->pid, ==, b->pid);
  g_assert_cmpstr (a->name, ==, b->name);
}

static gboolean
exists (const char *path)
{
  struct stat st;

  return lstat (path, &st) == 0;
}

static void
assert_no_journal (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_assert_false (exists (wal));
  g_assert_false (exists (shm));
  g_assert_false (exists (journal));
}

/* Records @n samples of @child through the writer, the child mapping and
 * unmapping memory between them; returns what was read for each. */
static GPtrArray *
record_child (MsTestChild *child,
              const char  *path,
              guint        n)
{
  g_autoptr(MsRecordingWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *read = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_snapshot_unref);

  writer = ms_recording_writer_create (path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n; i++)
    {
      MsSnapshot *previous = i > 0 ? g_ptr_array_index (read, i - 1) : NULL;
      MsSnapshot *snapshot;

      /* Regions come and go: mapped, mapped again, one unmapped. */
      if (i % 3 == 1)
        g_free (ms_test_child_command (child, "map 3"));
      else if (i % 3 == 2)
        g_free (ms_test_child_command (child, "unmap"));

      snapshot = ms_read_pid_since (child->pid, previous, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (ms_recording_writer_add (writer, g_get_real_time () + i, snapshot, &error));
      g_assert_no_error (error);
      g_ptr_array_add (read, snapshot);
    }
  g_assert_cmpuint (ms_recording_writer_get_n_samples (writer), ==, n);
  g_assert_true (ms_recording_writer_finish (writer, &error));
  g_assert_no_error (error);
  return read;
}

static void
test_live_child (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "child.memscape");
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(MsRecording) recording = NULL;
  g_autoptr(MsHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  MsTestChild *child = ms_test_child_start ();
  guint n = 7;

  read = record_child (child, path, n);
  ms_test_child_stop (child);
  /* A clean finish leaves one file. */
  assert_no_journal (path);

  recording = ms_recording_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_recording_get_n_samples (recording), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MsSnapshot) snapshot = ms_recording_get_snapshot (recording, i, &error);

      g_assert_no_error (error);
      assert_same_map (g_ptr_array_index (read, i), snapshot);
      g_assert_cmpuint (snapshot->n_malformed, ==, 0);
    }
  /* The map did change between samples. */
  g_assert_cmpuint (((MsSnapshot *) g_ptr_array_index (read, 1))->n_regions, !=,
                    ((MsSnapshot *) g_ptr_array_index (read, 0))->n_regions);

  /* The same samples as a history, for the timeline. */
  history = ms_recording_build_history (recording, MS_HISTORY_DEFAULT_BUDGET, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_history_get_n_samples (history), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MsSnapshot) snapshot = ms_history_get_snapshot (history, i);

      assert_same_map (g_ptr_array_index (read, i), snapshot);
      g_assert_cmpint (ms_history_get_time (history, i), ==, ms_recording_get_time (recording, i));
    }

  /* --at: the last sample at or before that time. */
  g_assert_cmpuint (ms_recording_find_sample (recording, -1), ==, n - 1);
  g_assert_cmpuint (ms_recording_find_sample (recording, 0), ==, 0);
  g_assert_cmpuint (ms_recording_find_sample (recording, 1e6), ==, n - 1);
}

/* Each region version is stored once: far fewer rows than regions read. */
static void
test_versions_stored_once (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "once.memscape");
  g_autoptr(GPtrArray) read = NULL;
  MsTestChild *child = ms_test_child_start ();
  sqlite3 *db = NULL;
  sqlite3_stmt *s = NULL;
  guint total = 0;
  gint64 rows = 0, open_rows = -1;

  read = record_child (child, path, 6);
  ms_test_child_stop (child);
  for (guint i = 0; i < read->len; i++)
    total += ((MsSnapshot *) g_ptr_array_index (read, i))->n_regions;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*), count(*) - count(last_sample) FROM region_versions", -1, &s, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (s), ==, SQLITE_ROW);
  rows = sqlite3_column_int64 (s, 0);
  open_rows = sqlite3_column_int64 (s, 1);
  sqlite3_finalize (s);
  sqlite3_close (db);

  g_assert_cmpint (rows, <, total / 2);
  g_assert_cmpint (rows, >=, ((MsSnapshot *) g_ptr_array_index (read, 0))->n_regions);
  /* Finished: every version has its last sample. */
  g_assert_cmpint (open_rows, ==, 0);
}

/* Runs the README's "map at sample k" query through the sqlite3 program. */
static char *
sqlite3_map_at (const char *path,
                guint       k)
{
  g_autofree char *param = g_strdup_printf (".param set :k %u", k);
  const char *query =
    "SELECT printf('%#x', start), printf('%#x', end), perms, kind, hex(path), hex(object), rss, pss, swap "
    "FROM regions WHERE first_sample <= :k AND coalesce(last_sample, :k) >= :k "
    "ORDER BY start < 0, start;";
  const char *argv[] = { "sqlite3", "-readonly", "-separator", "|", path, param, query, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("sqlite3 failed: %s", err);
  return out;
}

static char *
hex (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    g_string_append_printf (out, "%02X", (guint8) *p);
  return g_string_free (out, FALSE);
}

static char *
map_lines (const MsSnapshot *snapshot)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < snapshot->n_regions; i++)
    {
      const MsRegion *r = &snapshot->regions[i];
      g_autofree char *path = hex (r->path);
      g_autofree char *object = hex (r->object);
      char perms[5];

      ms_region_format_perms (r, perms);
      g_string_append_printf (out, "0x%" G_GINT64_MODIFIER "x|0x%" G_GINT64_MODIFIER "x|%s|%s|%s|%s|%"
                              G_GUINT64_FORMAT "|%" G_GUINT64_FORMAT "|%" G_GUINT64_FORMAT "\n",
                              r->start, r->end, perms, ms_kind_to_id (r->kind), path, object,
                              r->counters.rss, r->counters.pss, r->counters.swap);
    }
  return g_string_free (out, FALSE);
}

static void
test_sqlite3_query (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "query.memscape");
  g_autoptr(GPtrArray) read = NULL;
  MsTestChild *child = ms_test_child_start ();

  read = record_child (child, path, 5);
  ms_test_child_stop (child);

  /* Sample k (from 1) is the map read then. */
  for (guint k = 1; k <= read->len; k++)
    {
      g_autofree char *got = sqlite3_map_at (path, k);
      g_autofree char *expected = map_lines (g_ptr_array_index (read, k - 1));

      g_assert_cmpstr (got, ==, expected);
    }
}

/* --- the recorder, as a program ------------------------------------------- */

static GPid
start_recorder (const char  *path,
                int          pid,
                const char  *interval,
                const char  *duration,
                int         *stderr_fd)
{
  g_autofree char *pid_text = g_strdup_printf ("%d", pid);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GPid recorder;

  g_ptr_array_add (argv, (gpointer) g_getenv ("MEMSCAPE"));
  g_ptr_array_add (argv, (gpointer) "--pid");
  g_ptr_array_add (argv, pid_text);
  g_ptr_array_add (argv, (gpointer) "--record");
  g_ptr_array_add (argv, (gpointer) path);
  g_ptr_array_add (argv, (gpointer) "--interval");
  g_ptr_array_add (argv, (gpointer) interval);
  if (duration != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--duration");
      g_ptr_array_add (argv, (gpointer) duration);
    }
  g_ptr_array_add (argv, NULL);

  g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &recorder, NULL, NULL, stderr_fd, &error);
  g_assert_no_error (error);
  return recorder;
}

static int
wait_recorder (GPid pid)
{
  int status;

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  return status;
}

static char *
read_all (int fd)
{
  GString *text = g_string_new (NULL);
  char buffer[1024];
  ssize_t n;

  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (text, buffer, n);
  close (fd);
  return g_string_free (text, FALSE);
}

/* Opens @path while the recorder @recorder writes it until it has @n
 * samples: each opening reads complete samples only. A recorder that ends
 * first fails the test with what it said (@stderr_fd). */
static guint
wait_for_samples (const char *path,
                  guint       n,
                  GPid        recorder,
                  int         stderr_fd)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint seen = 0;

  while (seen < n && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsRecording) recording = exists (path) ? ms_recording_open (path, &error) : NULL;
      int status;

      if (recording != NULL)
        {
          g_autoptr(MsSnapshot) last = NULL;

          seen = ms_recording_get_n_samples (recording);
          last = ms_recording_get_snapshot (recording, seen - 1, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (last->n_regions, >, 10);
          g_assert_cmpuint (last->n_malformed, ==, 0);
        }
      else if (error != NULL && !g_error_matches (error, MS_ERROR, MS_ERROR_EMPTY))
        {
          /* Only "not yet": the file exists before its first sample. */
          g_error ("%s", error->message);
        }
      else if (waitpid (recorder, &status, WNOHANG) == recorder)
        {
          g_autofree char *said = read_all (stderr_fd);

          g_error ("the recorder ended (status %d) before %u samples: %s", status, n, said);
        }
      g_usleep (20 * 1000);
    }
  return seen;
}

static void
test_killed (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "killed.memscape");
  g_autoptr(MsRecording) recording = NULL;
  g_autoptr(MsHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *err = NULL;
  GPid recorder, child_pid;
  int stderr_fd, status;
  guint n;

  recorder = start_recorder (path, child->pid, "0.05", NULL, &stderr_fd);
  g_assert_cmpuint (wait_for_samples (path, 3, recorder, stderr_fd), >=, 3);
  g_free (ms_test_child_command (child, "map 5"));
  g_assert_cmpuint (wait_for_samples (path, 8, recorder, stderr_fd), >=, 8);

  kill (recorder, SIGKILL);
  status = wait_recorder (recorder);
  g_assert_true (WIFSIGNALED (status));
  err = read_all (stderr_fd);
  child_pid = child->pid;
  ms_test_child_stop (child);

  /* Valid up to its last complete sample. */
  recording = ms_recording_open (path, &error);
  g_assert_no_error (error);
  n = ms_recording_get_n_samples (recording);
  g_assert_cmpuint (n, >=, 8);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MsSnapshot) snapshot = ms_recording_get_snapshot (recording, i, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (snapshot->n_malformed, ==, 0);
      g_assert_cmpint (snapshot->pid, ==, child_pid);
    }
  history = ms_recording_build_history (recording, MS_HISTORY_DEFAULT_BUDGET, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_history_get_n_samples (history), ==, n);

  /* …and the sqlite3 program reads it as well. */
  g_free (sqlite3_map_at (path, n));

  /* Its file copied without the log it still has: what was folded into
   * it reads, and opening it leaves no log behind. */
  {
    g_autofree char *alone = fixture_path (fixture, "alone.memscape");
    g_autofree char *contents = NULL;
    g_autoptr(MsRecording) copy = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
    g_assert_true (g_file_set_contents (alone, contents, length, NULL));
    copy = ms_recording_open (alone, &error);
    g_assert_true (copy != NULL || g_error_matches (error, MS_ERROR, MS_ERROR_EMPTY));
    g_clear_pointer (&copy, ms_recording_free);
    assert_no_journal (alone);
  }
}

static void
test_interrupted (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "stopped.memscape");
  g_autoptr(MsRecording) recording = NULL;
  g_autoptr(GError) error = NULL;
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *err = NULL;
  const int signals[] = { SIGINT, SIGTERM };

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      GPid recorder;
      int stderr_fd, status;
      guint seen;

      g_remove (path);
      recorder = start_recorder (path, child->pid, "0.05", NULL, &stderr_fd);
      seen = wait_for_samples (path, 3, recorder, stderr_fd);
      g_assert_cmpuint (seen, >=, 3);
      kill (recorder, signals[i]);
      status = wait_recorder (recorder);
      g_clear_pointer (&err, g_free);
      err = read_all (stderr_fd);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
      /* Not a terminal: no progress line. */
      g_assert_cmpstr (err, ==, "");
      assert_no_journal (path);

      g_clear_pointer (&recording, ms_recording_free);
      recording = ms_recording_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ms_recording_get_n_samples (recording), >=, seen);
    }
  ms_test_child_stop (child);
}

/* On a terminal, one line of progress, written over, ended when done. */
static void
test_progress_on_terminal (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "tty.memscape");
  g_autofree char *pid_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  MsTestChild *child = ms_test_child_start ();
  const char *argv[] = { g_getenv ("MEMSCAPE"), "--pid", NULL, "--record", path,
                         "--interval", "0.1", "--duration", "0.3", NULL };
  int master, slave, status;
  char buffer[512];
  ssize_t n;
  GPid recorder;

  pid_text = g_strdup_printf ("%d", (int) child->pid);
  argv[2] = pid_text;
  master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  slave = open (ptsname (master), O_RDWR | O_NOCTTY | O_CLOEXEC);
  g_assert_cmpint (slave, >=, 0);

  g_spawn_async_with_pipes_and_fds (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                    -1, -1, slave, NULL, NULL, 0, &recorder, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  close (slave);
  /* Until the recorder is gone (EIO once no one has the terminal open). */
  while ((n = read (master, buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      g_string_append_len (out, buffer, n);
  close (master);
  status = wait_recorder (recorder);
  ms_test_child_stop (child);

  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_true (g_str_has_prefix (out->str, "\rmemscape: recording process "));
  g_assert_nonnull (strstr (out->str, " samples, "));
  /* One line: written over with \r, and ended once. */
  g_assert_true (g_str_has_suffix (out->str, "\n"));
  g_assert_true (strchr (out->str, '\n') == out->str + out->len - 1 ||
                 (strchr (out->str, '\n') == out->str + out->len - 2 && out->str[out->len - 2] == '\r'));
}

/* --duration ends it; so does the process's exit. */
static void
test_duration_and_exit (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "short.memscape");
  g_autofree char *path2 = fixture_path (fixture, "exit.memscape");
  g_autoptr(MsRecording) recording = NULL;
  g_autoptr(GError) error = NULL;
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *err = NULL;
  GPid recorder;
  int stderr_fd, status;

  recorder = start_recorder (path, child->pid, "0.1", "0.35", &stderr_fd);
  status = wait_recorder (recorder);
  err = read_all (stderr_fd);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpstr (err, ==, "");
  assert_no_journal (path);
  recording = ms_recording_open (path, &error);
  g_assert_no_error (error);
  /* At 0, 0.1, 0.2 and 0.3 s (fewer when reads fall behind, as under a
   * sanitizer on a busy machine: the next is then one interval later). */
  g_assert_cmpuint (ms_recording_get_n_samples (recording), <=, 4);
  g_assert_cmpuint (ms_recording_get_n_samples (recording), >=, 2);

  recorder = start_recorder (path2, child->pid, "0.05", NULL, &stderr_fd);
  g_assert_cmpuint (wait_for_samples (path2, 2, recorder, stderr_fd), >=, 2);
  /* ("exit" has no answer.) */
  g_assert_cmpint (write (child->stdin_fd, "exit\n", 5), ==, 5);
  status = wait_recorder (recorder);
  g_clear_pointer (&err, g_free);
  err = read_all (stderr_fd);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  /* One line: the process is gone. */
  g_assert_nonnull (strstr (err, "memscape: "));
  g_assert_cmpuint (strlen (err), ==, (gsize) (strchr (err, '\n') - err) + 1);
  assert_no_journal (path2);
  ms_test_child_stop (child);
}

static void
run_memscape (const char * const *args,
              int                *status,
              char              **err)
{
  MsTestRun run = { 0 };

  ms_test_run_program (&run, g_getenv ("MEMSCAPE"), NULL, args);
  *status = run.status;
  *err = g_steal_pointer (&run.err);
  ms_test_run_clear (&run);
}

static void
assert_fails_in_one_line (const char * const *args,
                          const char         *expected)
{
  g_autofree char *err = NULL;
  int status;

  run_memscape (args, &status, &err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_true (g_str_has_prefix (err, "memscape: "));
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  if (strstr (err, expected) == NULL)
    g_error ("“%s” does not say “%s”", err, expected);
}

/* Never over a file, never through a link; nothing made when it fails. */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *existing = fixture_path (fixture, "existing.memscape");
  g_autofree char *link = fixture_path (fixture, "link.memscape");
  g_autofree char *target = fixture_path (fixture, "target");
  g_autofree char *fresh = fixture_path (fixture, "fresh.memscape");
  g_autofree char *pid_text = g_strdup_printf ("%d", getpid ());
  g_autofree char *dead = g_strdup_printf ("%d", ms_test_dead_pid ());
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (existing, "keep me", -1, NULL));
  g_assert_cmpint (symlink (target, link), ==, 0);

  assert_fails_in_one_line ((const char *[]) { "--pid", pid_text, "--record", existing, NULL }, "exists already");
  g_assert_true (g_file_get_contents (existing, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me");

  assert_fails_in_one_line ((const char *[]) { "--pid", pid_text, "--record", link, NULL }, "exists already");
  g_assert_false (exists (target));

  assert_fails_in_one_line ((const char *[]) { "--pid", dead, "--record", fresh, NULL }, "process");
  g_assert_false (exists (fresh));
  assert_fails_in_one_line ((const char *[]) { "--record", fresh, NULL }, "--pid");
  assert_fails_in_one_line ((const char *[]) { "--pid", pid_text, "--record", fresh, "--interval", "0", NULL }, "--interval");
  assert_fails_in_one_line ((const char *[]) { "--pid", pid_text, "--record", fresh, "--duration", "-1", NULL }, "--duration");
  assert_fails_in_one_line ((const char *[]) { "--pid", pid_text, "--record", fresh, "--interval", "nan", NULL }, "--interval");
  g_assert_false (exists (fresh));
}

/* --- bad recordings ------------------------------------------------------- */

static char *
make_recording (Fixture    *fixture,
                const char *name)
{
  char *path = fixture_path (fixture, name);
  g_autoptr(GPtrArray) read = NULL;
  MsTestChild *child = ms_test_child_start ();

  read = record_child (child, path, 3);
  ms_test_child_stop (child);
  return path;
}

static void
run_sql (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static void
assert_refused (const char *path,
                int         code,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsRecording) recording = ms_recording_open (path, &error);
  g_autofree char *csv = g_strconcat (path, ".csv", NULL);

  g_assert_null (recording);
  g_assert_error (error, MS_ERROR, code);
  g_assert_null (strchr (error->message, '\n'));
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);

  /* The same line from the command line, and no file. */
  assert_fails_in_one_line ((const char *[]) { "--open", path, "--export", csv, NULL }, expected);
  g_assert_false (exists (csv));
}

static void
test_bad (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *empty = fixture_path (fixture, "empty.memscape");
  g_autofree char *text = fixture_path (fixture, "text.memscape");
  g_autofree char *other = fixture_path (fixture, "other.memscape");
  g_autofree char *truncated = fixture_path (fixture, "truncated.memscape");
  g_autofree char *corrupted = fixture_path (fixture, "corrupted.memscape");
  g_autofree char *newer = make_recording (fixture, "newer.memscape");
  g_autofree char *none = make_recording (fixture, "none.memscape");
  g_autofree char *valid = make_recording (fixture, "valid.memscape");
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  assert_refused (empty, MS_ERROR_EMPTY, "empty");

  g_assert_true (g_file_set_contents (text, "7f0000000000-7f0000001000 r--p 00000000 00:00 0\n", -1, NULL));
  assert_refused (text, MS_ERROR_MALFORMED, "not an SQLite database");

  run_sql (other, "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('hello');");
  assert_refused (other, MS_ERROR_MALFORMED, "an SQLite database of something else");

  run_sql (newer, "PRAGMA user_version = 2");
  assert_refused (newer, MS_ERROR_MALFORMED, "schema version 2");

  run_sql (none, "DELETE FROM samples");
  assert_refused (none, MS_ERROR_EMPTY, "no sample");

  g_assert_true (g_file_get_contents (valid, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 16384);
  g_assert_true (g_file_set_contents (truncated, contents, length / 2, NULL));
  assert_refused (truncated, MS_ERROR_MALFORMED, "damaged");

  /* Every page after the first two garbled. */
  for (gsize i = 8192; i < length; i++)
    contents[i] = (char) (contents[i] * 31 + 7);
  g_assert_true (g_file_set_contents (corrupted, contents, length, NULL));
  assert_refused (corrupted, MS_ERROR_MALFORMED, "damaged");
}

/* A recording made up to hurt: rows that cannot be regions are left out,
 * counted as malformed, as a capture's bad lines are. */
static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = make_recording (fixture, "hostile.memscape");
  g_autofree char *many = make_recording (fixture, "many.memscape");
  g_autoptr(MsRecording) recording = NULL;
  g_autoptr(MsSnapshot) clean = NULL;
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(MsHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = fixture_path (fixture, "hostile.csv");

  recording = ms_recording_open (path, &error);
  g_assert_no_error (error);
  clean = ms_recording_get_snapshot (recording, 2, &error);
  g_assert_no_error (error);
  g_clear_pointer (&recording, ms_recording_free);

  run_sql (path,
           /* overlapping the first region */
           "INSERT INTO region_versions (first_sample, start, end, perms, offset, dev_major, dev_minor, inode, kind,"
           "  rss, pss, pss_dirty, shared_clean, shared_dirty, private_clean, private_dirty, referenced, anonymous,"
           "  ksm, lazy_free, anon_huge_pages, shmem_pmd_mapped, file_pmd_mapped, shared_hugetlb, private_hugetlb,"
           "  swap, swap_pss, locked)"
           "  SELECT 1, start + 2048, end + 2048, perms, 0, 0, 0, 0, kind, 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0"
           "  FROM region_versions ORDER BY start LIMIT 1;"
           /* its end before its start */
           "INSERT INTO region_versions (first_sample, start, end, perms, offset, dev_major, dev_minor, inode, kind,"
           "  rss, pss, pss_dirty, shared_clean, shared_dirty, private_clean, private_dirty, referenced, anonymous,"
           "  ksm, lazy_free, anon_huge_pages, shmem_pmd_mapped, file_pmd_mapped, shared_hugetlb, private_hugetlb,"
           "  swap, swap_pss, locked)"
           "  VALUES (1, 4096000, 4096, 'rw-p', 0, 0, 0, 0, 'heap', 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0);"
           /* an unknown kind and permissions */
           "INSERT INTO region_versions (first_sample, start, end, perms, offset, dev_major, dev_minor, inode, kind,"
           "  rss, pss, pss_dirty, shared_clean, shared_dirty, private_clean, private_dirty, referenced, anonymous,"
           "  ksm, lazy_free, anon_huge_pages, shmem_pmd_mapped, file_pmd_mapped, shared_hugetlb, private_hugetlb,"
           "  swap, swap_pss, locked)"
           "  VALUES (1, 4096, 8192, 'rwxz', 0, 0, 0, 0, 'dragons', 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0);"
           /* a path of 100 000 bytes */
           "INSERT INTO strings (id, text) VALUES (999999, printf('/%.*c', 100000, 'x'));"
           "INSERT INTO region_versions (first_sample, start, end, perms, offset, dev_major, dev_minor, inode,"
           "  path_id, kind, rss, pss, pss_dirty, shared_clean, shared_dirty, private_clean, private_dirty,"
           "  referenced, anonymous, ksm, lazy_free, anon_huge_pages, shmem_pmd_mapped, file_pmd_mapped,"
           "  shared_hugetlb, private_hugetlb, swap, swap_pss, locked)"
           "  VALUES (1, 8192, 12288, 'r--p', 0, 0, 0, 0, 999999, 'mmap-file', 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0);"
           /* a resident size larger than the region (one the parser would drop too) */
           "UPDATE region_versions SET rss = 9007199254740992 WHERE id = (SELECT max(id) FROM region_versions WHERE kind = 'stack');");

  recording = ms_recording_open (path, &error);
  g_assert_no_error (error);
  snapshot = ms_recording_get_snapshot (recording, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (snapshot->n_malformed, ==, 5);
  g_assert_cmpuint (snapshot->n_regions, ==, clean->n_regions);
  g_assert_cmpuint (snapshot->total.rss, <, clean->total.rss);
  history = ms_recording_build_history (recording, MS_HISTORY_DEFAULT_BUDGET, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_history_get_n_samples (history), ==, 3);

  /* The command line exports what is sound, with a warning. */
  {
    g_autofree char *err = NULL;
    int status;

    run_memscape ((const char *[]) { "--open", path, "--export", csv, NULL }, &status, &err);
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    g_assert_nonnull (strstr (err, "warning"));
  }

  /* Huge counts: more samples than a recording may hold (made by the
   * sqlite3 program: in this process, under ASan, it takes a while). */
  {
    const char *argv[] = { "sqlite3", many,
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i <= 1048576) "
                           "INSERT INTO samples (time_usec, regions, vss, rss, pss, uss, swap, swap_pss) "
                           "SELECT i, 0, 0, 0, 0, 0, 0, 0 FROM n;", NULL };
    int status;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_clear_pointer (&recording, ms_recording_free);
  g_clear_error (&error);
  recording = ms_recording_open (many, &error);
  g_assert_null (recording);
  g_assert_error (error, MS_ERROR, MS_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "too many samples"));
}

/* The window's Save Recording: a history written whole, as an export. */
static void
test_save_history (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "saved.memscape");
  g_autofree char *scratch = fixture_path (fixture, "scratch.memscape");
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(MsHistory) history = ms_history_new (MS_HISTORY_DEFAULT_BUDGET);
  g_autoptr(MsRecording) recording = NULL;
  g_autoptr(GError) error = NULL;
  MsTestChild *child = ms_test_child_start ();

  read = record_child (child, scratch, 5);
  ms_test_child_stop (child);
  for (guint i = 0; i < read->len; i++)
    ms_history_add (history, 1000000 * (i + 1), g_ptr_array_index (read, i), NULL);

  /* An existing file is replaced whole (the file chooser asked). */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_true (ms_recording_save_history (history, path, NULL, &error));
  g_assert_no_error (error);
  assert_no_journal (path);

  recording = ms_recording_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ms_recording_get_n_samples (recording), ==, read->len);
  for (guint i = 0; i < read->len; i++)
    {
      g_autoptr(MsSnapshot) snapshot = ms_recording_get_snapshot (recording, i, &error);

      g_assert_no_error (error);
      assert_same_map (g_ptr_array_index (read, i), snapshot);
      g_assert_cmpint (ms_recording_get_time (recording, i), ==, 1000000 * (i + 1));
    }
  /* --at picks by time from the first sample. */
  g_assert_cmpuint (ms_recording_find_sample (recording, 2.5), ==, 2);
}

/* The rows of a CSV whose every row starts with an address. */
static guint
count_rows (const char *csv)
{
  guint n = 0;

  for (const char *p = strstr (csv, "\n0x"); p != NULL; p = strstr (p + 1, "\n0x"))
    n++;
  return n;
}

/* --open FILE.memscape --at S --export: that sample. */
static void
test_export_at (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "at.memscape");
  g_autofree char *first = fixture_path (fixture, "first.csv");
  g_autofree char *last = fixture_path (fixture, "last.csv");
  g_autofree char *first_csv = NULL;
  g_autofree char *last_csv = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) read = NULL;
  MsTestChild *child = ms_test_child_start ();
  int status;

  read = record_child (child, path, 2);
  ms_test_child_stop (child);

  run_memscape ((const char *[]) { "--open", path, "--at", "0", "--export", first, NULL }, &status, &err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_clear_pointer (&err, g_free);
  run_memscape ((const char *[]) { "--open", path, "--export", last, NULL }, &status, &err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_get_contents (first, &first_csv, NULL, NULL));
  g_assert_true (g_file_get_contents (last, &last_csv, NULL, NULL));
  /* One header and one row per region. */
  g_assert_cmpuint (count_rows (first_csv), ==, ((MsSnapshot *) g_ptr_array_index (read, 0))->n_regions);
  g_assert_cmpuint (count_rows (last_csv), ==, ((MsSnapshot *) g_ptr_array_index (read, 1))->n_regions);

  assert_fails_in_one_line ((const char *[]) { "--open", path, "--at", "soon", "--export", first, NULL }, "--at");
  assert_fails_in_one_line ((const char *[]) { "--open", path, "--at", "1", NULL }, "--at");
}

/* A recording opened as a capture is: a session whose history holds every
 * sample and whose snapshot is the last. */
static void
test_session (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "session.memscape");
  g_autofree char *bad = fixture_path (fixture, "bad.memscape");
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(MsSession) session = NULL;
  g_autoptr(MsSession) failed = NULL;
  MsTestChild *child = ms_test_child_start ();
  MsHistory *history;

  read = record_child (child, path, 4);
  ms_test_child_stop (child);

  session = ms_session_new_for_file (path);
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
  g_assert_cmpint (ms_session_get_state (session), ==, MS_SESSION_FILE);
  g_assert_true (MS_IS_RECORDING_SOURCE (ms_session_get_source (session)));
  assert_same_map (g_ptr_array_index (read, 3), ms_session_get_snapshot (session));
  history = ms_session_get_history (session);
  g_assert_cmpuint (ms_history_get_n_samples (history), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(MsSnapshot) snapshot = ms_history_get_snapshot (history, i);

      assert_same_map (g_ptr_array_index (read, i), snapshot);
    }

  g_assert_true (g_file_set_contents (bad, "SQLite format 3", 16, NULL));
  failed = ms_session_new_for_file (bad);
  g_assert_true (ms_test_wait_for (ms_test_session_settled, failed));
  g_assert_cmpint (ms_session_get_state (failed), ==, MS_SESSION_FAILED);
  g_assert_null (strchr (ms_session_get_error (failed)->message, '\n'));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/memscape/recording/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("live-child", test_live_child);
  ADD ("versions-stored-once", test_versions_stored_once);
  ADD ("sqlite3-query", test_sqlite3_query);
  ADD ("killed", test_killed);
  ADD ("interrupted", test_interrupted);
  ADD ("duration-and-exit", test_duration_and_exit);
  ADD ("progress-on-terminal", test_progress_on_terminal);
  ADD ("refused", test_refused);
  ADD ("bad", test_bad);
  ADD ("hostile", test_hostile);
  ADD ("save-history", test_save_history);
  ADD ("export-at", test_export_at);
  ADD ("session", test_session);
#undef ADD

  return g_test_run ();
}
