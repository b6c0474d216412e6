/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-first-picture.h"
#include "ms-local-source.h"
#include "ms-reader.h"
#include "ms-region-item.h"
#include "ms-session.h"
#include "ms-test-source.h"
#include "ms-test-util.h"

/* The session: one watched process read through a source, its state, its
 * one diff, and the view state that survives a refresh (by address). No
 * display needed. */

static gboolean
is_exited (gpointer data)
{
  return ms_session_get_state (data) == MS_SESSION_EXITED;
}

static gboolean
is_stopped (gpointer data)
{
  return ms_session_get_state (data) == MS_SESSION_STOPPED;
}

/* A session on @pid through the local source, paused, its first read done. */
static MsSession *
watch (int pid)
{
  g_autoptr(MsSource) source = ms_local_source_new ();
  MsSession *session = ms_session_new (source, pid);

  ms_refresh_policy_set_interval (ms_session_get_policy (session), 0);
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
  return session;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *n)
{
  (*n)++;
}

/* --- states --------------------------------------------------------------- */

static void
test_live_and_exited (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSession) session = watch (child->pid);
  MsSnapshot *last;

  g_assert_cmpint (ms_session_get_state (session), ==, MS_SESSION_LIVE);
  g_assert_cmpint (ms_session_get_pid (session), ==, child->pid);
  g_assert_false (ms_session_get_privileged (session));
  g_assert_null (ms_session_get_error (session));
  g_assert_null (ms_session_get_diff (session));   /* nothing before the first */
  last = ms_session_get_snapshot (session);
  g_assert_nonnull (last);
  g_assert_cmpstr (last->name, ==, "ms-test-child");

  /* The region list follows the snapshot. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ms_session_get_regions (session))), ==,
                    last->n_regions);

  /* The process goes away: its last picture stays, with the reason. */
  ms_test_child_stop (child);
  ms_session_refresh (session);
  g_assert_true (ms_test_wait_for (is_exited, session));
  g_assert_true (ms_session_get_snapshot (session) == last);
  g_assert_true (g_error_matches (ms_session_get_error (session), MS_ERROR, MS_ERROR_NO_SUCH_PROCESS));

  /* Nothing more is read. */
  ms_session_refresh (session);
  g_assert_false (ms_session_get_busy (session));
}

static void
test_failed_and_file (void)
{
  g_autoptr(MsSession) gone = watch (ms_test_dead_pid ());
  g_autofree char *capture = ms_test_fixture_path ("c-sleep.smaps");
  g_autoptr(MsSession) file = ms_session_new_for_file (capture);

  g_assert_cmpint (ms_session_get_state (gone), ==, MS_SESSION_FAILED);
  g_assert_null (ms_session_get_snapshot (gone));
  g_assert_true (g_error_matches (ms_session_get_error (gone), MS_ERROR, MS_ERROR_NO_SUCH_PROCESS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ms_session_get_regions (gone))), ==, 0);

  g_assert_true (ms_test_wait_for (ms_test_session_settled, file));
  g_assert_cmpint (ms_session_get_state (file), ==, MS_SESSION_FILE);
  g_assert_cmpint (ms_session_get_pid (file), ==, 0);
  g_assert_nonnull (ms_session_get_snapshot (file));
  /* A capture is read once. */
  ms_session_refresh (file);
  g_assert_false (ms_session_get_busy (file));
  g_assert_false (ms_refresh_policy_get_active (ms_session_get_policy (file)));
}

/* As administrator, a refresh refused (the authorization ran out and the
 * dialog was dismissed) stops refreshing, keeping the last picture. */
static gint admin_reads;

static MsSnapshot *
admin_read (int            pid,
            MsSnapshot    *previous,
            GCancellable  *cancellable,
            GError       **error)
{
  if (g_atomic_int_add (&admin_reads, 1) == 0)
    return ms_read_pid (pid, cancellable, error);
  g_set_error (error, MS_ERROR, MS_ERROR_AUTH_DISMISSED, "Authentication was dismissed");
  return NULL;
}

static void
test_stopped (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSource) source = ms_test_source_new (MS_SOURCE_KIND_ADMINISTRATOR, admin_read, NULL);
  g_autoptr(MsSession) session = NULL;
  MsSnapshot *first;

  g_atomic_int_set (&admin_reads, 0);
  session = ms_session_new (source, child->pid);
  g_assert_true (ms_session_get_privileged (session));
  g_assert_cmpint (ms_session_get_state (session), ==, MS_SESSION_LOADING);
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
  g_assert_cmpint (ms_session_get_state (session), ==, MS_SESSION_LIVE);
  first = ms_session_get_snapshot (session);

  ms_refresh_policy_set_interval (ms_session_get_policy (session), 20);
  g_assert_true (ms_test_wait_for (is_stopped, session));
  g_assert_true (ms_session_get_snapshot (session) == first);
  g_assert_true (g_error_matches (ms_session_get_error (session), MS_ERROR, MS_ERROR_AUTH_DISMISSED));

  /* …and no more password dialogs. */
  ms_test_spin (200);
  g_assert_cmpint (g_atomic_int_get (&admin_reads), ==, 2);

  ms_test_child_stop (child);
}

/* --- reading -------------------------------------------------------------- */

/* A refresh of a quiet process gives back the same snapshot: nothing is
 * notified, the diff stays the one of the last change. A change brings a new
 * snapshot and one diff for every view. */
static void
test_diff_once (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSession) session = watch (child->pid);
  MsSnapshot *first = ms_session_get_snapshot (session);
  g_autofree char *answer = NULL;
  guint64 mapped;
  guint n_snapshot = 0, n_diff = 0;
  MsDiff *diff;
  MsSnapshot *after;

  g_signal_connect (session, "notify::snapshot", G_CALLBACK (count_notify), &n_snapshot);
  g_signal_connect (session, "notify::diff", G_CALLBACK (count_notify), &n_diff);

  /* The timer's refresh (not a full one) of the quiet child. */
  ms_refresh_policy_set_interval (ms_session_get_policy (session), 10);
  ms_test_spin (100);
  ms_refresh_policy_set_interval (ms_session_get_policy (session), 0);
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
  g_assert_true (ms_session_get_snapshot (session) == first);
  g_assert_cmpuint (n_snapshot, ==, 0);
  g_assert_cmpuint (n_diff, ==, 0);

  answer = ms_test_child_command (child, "map 3");
  mapped = g_ascii_strtoull (answer + 7, NULL, 16);
  ms_session_refresh (session);
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
  after = ms_session_get_snapshot (session);
  g_assert_true (after != first);
  g_assert_cmpuint (n_snapshot, ==, 1);
  g_assert_cmpuint (n_diff, ==, 1);

  diff = ms_session_get_diff (session);
  g_assert_nonnull (diff);
  g_assert_cmpuint (ms_diff_get_n_regions (diff), ==, after->n_regions);
  g_assert_cmpint (ms_diff_get_change (diff, (guint) ms_snapshot_find_start (after, mapped)), ==, MS_CHANGE_APPEARED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ms_session_get_regions (session))), ==,
                    after->n_regions);

  ms_test_child_stop (child);
}

static gboolean
has_snapshot_of (gpointer data)
{
  gpointer *args = data;
  MsSnapshot *snapshot = ms_session_get_snapshot (args[0]);

  return snapshot != NULL && ms_session_get_state (args[0]) == MS_SESSION_LIVE &&
         !ms_session_get_busy (args[0]);
}

/* Refreshes asked for while one runs replace it; only one result lands. A
 * session let go of cancels its read, and its result is dropped. */
static void
test_newer_request_wins (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSession) session = watch (child->pid);
  g_autofree char *answer = NULL;
  guint n_snapshot = 0;
  gpointer args[1] = { session };

  g_signal_connect (session, "notify::snapshot", G_CALLBACK (count_notify), &n_snapshot);
  answer = ms_test_child_command (child, "map 2");
  ms_session_refresh (session);
  ms_session_refresh (session);
  ms_session_refresh (session);
  g_assert_true (ms_test_wait_for (has_snapshot_of, args));
  ms_test_spin (200);
  g_assert_cmpuint (n_snapshot, ==, 1);

  /* Let go of while reading: nothing runs on. */
  {
    g_autoptr(MsSource) source = ms_local_source_new ();
    MsSession *brief = ms_session_new (source, child->pid);
    GWeakRef ref;

    g_weak_ref_init (&ref, brief);
    g_assert_true (ms_session_get_busy (brief));
    g_object_unref (brief);
    g_assert_null (g_weak_ref_get (&ref));
    ms_test_spin (200);
    g_weak_ref_clear (&ref);
  }

  ms_test_child_stop (child);
}

/* Reads are slowed down while in the background, and come back at once
 * in the foreground. */
static void
count_read (MsSession  *session,
            GParamSpec *pspec,
            guint      *n)
{
  if (!ms_session_get_busy (session))
    (*n)++;
}

static void
test_background (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSession) session = watch (child->pid);
  MsRefreshPolicy *policy = ms_session_get_policy (session);
  guint n_reads = 0;

  g_signal_connect (session, "notify::busy", G_CALLBACK (count_read), &n_reads);
  ms_refresh_policy_set_interval (policy, 100);
  ms_test_spin (800);
  g_assert_cmpuint (n_reads, >=, 3);

  ms_refresh_policy_set_background (policy, TRUE);
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
  n_reads = 0;
  ms_test_spin (1500);
  g_assert_cmpuint (n_reads, ==, 0);

  ms_refresh_policy_set_background (policy, FALSE);
  g_assert_true (ms_session_get_busy (session));
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));

  ms_test_child_stop (child);
}

/* A source that takes SLOW_READ_MS for every read, and counts how many of its
 * reads run at once. */
#define SLOW_READ_MS 30

static gint slow_reads_running;
static gint slow_reads_most;
static gint slow_reads_done;

static MsSnapshot *
slow_read (int            pid,
           MsSnapshot    *previous,
           GCancellable  *cancellable,
           GError       **error)
{
  gint running = g_atomic_int_add (&slow_reads_running, 1) + 1;
  MsSnapshot *snapshot;

  if (running > g_atomic_int_get (&slow_reads_most))
    g_atomic_int_set (&slow_reads_most, running);
  g_usleep (SLOW_READ_MS * 1000);
  snapshot = ms_read_pid (pid, cancellable, error);
  g_atomic_int_add (&slow_reads_running, -1);
  g_atomic_int_inc (&slow_reads_done);
  return snapshot;
}

/* A read slower than the interval marks the session as behind; the timer's
 * reads still do not pile up (one at a time), and with an interval longer
 * than a read it catches up. */
static void
test_behind (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSource) source = ms_test_source_new (MS_SOURCE_KIND_LOCAL, slow_read, NULL);
  g_autoptr(MsSession) session = NULL;
  guint n_behind = 0;

  g_atomic_int_set (&slow_reads_running, 0);
  g_atomic_int_set (&slow_reads_most, 0);
  g_atomic_int_set (&slow_reads_done, 0);
  session = ms_session_new (source, child->pid);
  g_signal_connect (session, "notify::behind", G_CALLBACK (count_notify), &n_behind);
  ms_refresh_policy_set_interval (ms_session_get_policy (session), 5);
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
  ms_test_spin (20 * SLOW_READ_MS);
  g_assert_true (ms_session_get_behind (session));
  g_assert_cmpuint (n_behind, >=, 1);
  g_assert_cmpint (g_atomic_int_get (&slow_reads_done), >=, 3);
  g_assert_cmpint (g_atomic_int_get (&slow_reads_most), ==, 1);

  ms_refresh_policy_set_interval (ms_session_get_policy (session), 60000);
  ms_session_refresh (session);
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
  g_assert_false (ms_session_get_behind (session));

  ms_test_child_stop (child);
}

/* --- view state by address -------------------------------------------------- */

static void
test_selection_by_address (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSession) session = watch (child->pid);
  MsSnapshot *first = ms_session_get_snapshot (session);
  int heap = ms_test_find_path (first, "[heap]");
  g_autofree char *answer = NULL;
  guint64 mapped;
  guint n_selected = 0;
  MsSnapshot *after;

  g_assert_cmpint (heap, >=, 0);
  g_assert_cmpuint (ms_session_get_selected_address (session), ==, MS_NO_ADDRESS);
  g_assert_cmpint (ms_session_get_selected_index (session), ==, -1);
  g_signal_connect (session, "notify::selected-address", G_CALLBACK (count_notify), &n_selected);

  /* An address inside a region selects that region, by its start. */
  ms_session_set_selected_address (session, first->regions[heap].start + 10);
  g_assert_cmpuint (ms_session_get_selected_address (session), ==, first->regions[heap].start);
  g_assert_cmpint (ms_session_get_selected_index (session), ==, heap);
  g_assert_cmpuint (n_selected, ==, 1);
  ms_session_set_selected_address (session, first->regions[heap].start);
  g_assert_cmpuint (n_selected, ==, 1);

  /* An unmapped address selects nothing. */
  ms_session_set_hovered_address (session, 0);
  g_assert_cmpuint (ms_session_get_hovered_address (session), ==, MS_NO_ADDRESS);
  ms_session_set_hovered_address (session, first->regions[0].start);
  g_assert_cmpint (ms_session_get_hovered_index (session), ==, 0);

  /* A new region appears: the selection is still the heap, at whatever index
   * it has now, without being told again. */
  answer = ms_test_child_command (child, "map 5");
  mapped = g_ascii_strtoull (answer + 7, NULL, 16);
  ms_session_refresh (session);
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
  after = ms_session_get_snapshot (session);
  g_assert_true (after != first);
  g_assert_cmpint (ms_session_get_selected_index (session), ==, ms_test_find_path (after, "[heap]"));
  g_assert_cmpuint (n_selected, ==, 1);

  /* The selected region goes away: the selection goes with it. */
  ms_session_set_selected_address (session, mapped);
  g_assert_cmpuint (ms_session_get_selected_address (session), ==, mapped);
  g_clear_pointer (&answer, g_free);
  answer = ms_test_child_command (child, "unmap");
  ms_session_refresh (session);
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
  g_assert_cmpuint (ms_session_get_selected_address (session), ==, MS_NO_ADDRESS);
  g_assert_cmpint (ms_session_get_selected_index (session), ==, -1);
  g_assert_cmpuint (n_selected, ==, 3);

  ms_test_child_stop (child);
}

static void
test_view_state (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSession) session = watch (child->pid);
  guint64 start, end;
  guint n = 0;

  /* The highlighted kind: a kind, or -1. */
  g_assert_cmpint (ms_session_get_highlight_kind (session), ==, -1);
  g_signal_connect (session, "notify::highlight-kind", G_CALLBACK (count_notify), &n);
  ms_session_set_highlight_kind (session, MS_KIND_HEAP);
  g_assert_cmpint (ms_session_get_highlight_kind (session), ==, MS_KIND_HEAP);
  ms_session_set_highlight_kind (session, MS_N_KINDS + 3);
  g_assert_cmpint (ms_session_get_highlight_kind (session), ==, -1);
  g_assert_cmpuint (n, ==, 2);

  /* The visible range, whole at first. */
  ms_session_get_visible_range (session, &start, &end);
  g_assert_cmpuint (start, ==, 0);
  g_assert_cmpuint (end, ==, G_MAXUINT64);
  ms_session_set_visible_range (session, 0x1000, 0x9000);
  g_object_get (session, "visible-start", &start, "visible-end", &end, NULL);
  g_assert_cmpuint (start, ==, 0x1000);
  g_assert_cmpuint (end, ==, 0x9000);

  /* The scale, as a property for binding. */
  g_object_set (session, "scale-mode", MS_SCALE_RESIDENT, NULL);
  g_assert_cmpint (ms_session_get_scale_mode (session), ==, MS_SCALE_RESIDENT);

  ms_test_child_stop (child);
}

/* --- the first picture (issue 16) ----------------------------------------- */

/* A first picture that takes a while: the full read must wait for it, not
 * take a CPU from it. */
static MsSnapshot *
slow_first (int            pid,
            MsSnapshot    *previous,
            GCancellable  *cancellable,
            GError       **error)
{
  g_usleep (300 * 1000);
  return ms_read_pid_first (pid, 1, cancellable);
}

static void
note_partial (MsSession *session,
              GParamSpec *pspec,
              GString    *seen)
{
  MsSnapshot *snapshot = ms_session_get_snapshot (session);

  g_string_append_c (seen, snapshot == NULL ? '-' : ms_snapshot_is_partial (snapshot) ? 'p' : 'f');
}

static void
test_full_read_waits_for_first (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSource) source = ms_test_source_new (MS_SOURCE_KIND_LOCAL, NULL, NULL);
  g_autoptr(MsSession) session = NULL;
  g_autoptr(GString) seen = g_string_new ("");

  ms_test_source_set_read_first (MS_TEST_SOURCE (source), slow_first);
  session = ms_session_new (source, child->pid);
  ms_refresh_policy_set_interval (ms_session_get_policy (session), 0);
  g_signal_connect (session, "notify::snapshot", G_CALLBACK (note_partial), seen);
  g_assert_true (ms_session_get_busy (session));
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));

  /* no full read while the first picture was made; then the first picture,
   * then the full one */
  g_assert_cmpint (ms_test_source_get_n_reads_before_first (MS_TEST_SOURCE (source)), ==, 0);
  g_assert_cmpuint (ms_test_source_get_n_reads (MS_TEST_SOURCE (source)), ==, 1);
  g_assert_cmpstr (seen->str, ==, "pf");
  g_assert_false (ms_snapshot_is_partial (ms_session_get_snapshot (session)));
  g_signal_handlers_disconnect_by_data (session, seen);

  g_clear_object (&session);
  ms_test_child_stop (child);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/session/live-and-exited", test_live_and_exited);
  g_test_add_func ("/memscape/session/failed-and-file", test_failed_and_file);
  g_test_add_func ("/memscape/session/stopped", test_stopped);
  g_test_add_func ("/memscape/session/diff-once", test_diff_once);
  g_test_add_func ("/memscape/session/newer-request-wins", test_newer_request_wins);
  g_test_add_func ("/memscape/session/background", test_background);
  g_test_add_func ("/memscape/session/behind", test_behind);
  g_test_add_func ("/memscape/session/selection-by-address", test_selection_by_address);
  g_test_add_func ("/memscape/session/view-state", test_view_state);
  g_test_add_func ("/memscape/session/full-read-waits-for-first", test_full_read_waits_for_first);

  return g_test_run ();
}
