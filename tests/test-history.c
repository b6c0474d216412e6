/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ms-history.h"
#include "ms-local-source.h"
#include "ms-session.h"
#include "ms-snapshot-private.h"
#include "ms-test-util.h"

/* The session's history: unchanged samples cost next to nothing, a process
 * whose figures move in a few regions stays small, the budget holds, and any
 * sample made again is the snapshot that was read then. */

#define N_REGIONS 5000

static const char *paths[] = { "/usr/lib/libalpha.so", "/usr/lib/libbeta.so", "[heap]", NULL, "/memfd:x (deleted)" };

/* The regions' strings, shared by every snapshot the tests make. */
static GStringChunk *strings;

/* A process-like snapshot of N_REGIONS regions. */
static MsSnapshot *
make_first (void)
{
  MsSnapshot *snapshot = _ms_snapshot_new (MS_SOURCE_PROCESS);
  GArray *regions = _ms_snapshot_get_regions (snapshot);

  snapshot->pid = 4242;
  snapshot->uid = 1000;
  snapshot->name = g_strdup ("steady");
  snapshot->cmdline = g_strdup ("steady --for an hour");
  snapshot->user = g_strdup ("tester");
  snapshot->source_path = g_strdup ("/proc/4242/smaps");
  snapshot->has_counters = TRUE;
  snapshot->status.threads = 3;
  snapshot->status.vm_rss = 123456;

  for (guint i = 0; i < N_REGIONS; i++)
    {
      MsRegion r = { 0 };
      const char *path = paths[i % G_N_ELEMENTS (paths)];

      r.start = 0x10000000 + (guint64) i * 0x10000;
      r.end = r.start + 0x4000;
      r.perms = MS_PERM_READ | (i % 3 == 0 ? MS_PERM_WRITE : MS_PERM_EXEC);
      r.kind = (guint8) (i % MS_N_KINDS);
      r.thp_eligible = -1;
      r.protection_key = -1;
      r.path = path != NULL ? g_string_chunk_insert_const (strings, path) : NULL;
      r.vm_flags = g_string_chunk_insert_const (strings, "rd wr mr mw me ac");
      r.counters.rss = 4096 * (i % 4);
      r.counters.pss = r.counters.rss / 2;
      g_array_append_val (regions, r);
    }
  _ms_snapshot_seal (snapshot);
  return snapshot;
}

/* The next second of a mostly stable process: the resident size of three
 * of its busiest regions moves; every @churn seconds a region is mapped or unmapped, and
 * now and then the name changes. */
static MsSnapshot *
make_next (const MsSnapshot *previous,
           guint             second,
           guint             churn,
           GRand            *rand)
{
  MsSnapshot *snapshot = _ms_snapshot_new (MS_SOURCE_PROCESS);
  GArray *regions = _ms_snapshot_get_regions (snapshot);

  snapshot->pid = previous->pid;
  snapshot->uid = previous->uid;
  snapshot->name = g_strdup (second % 1000 == 999 ? "renamed" : previous->name);
  snapshot->cmdline = g_strdup (previous->cmdline);
  snapshot->user = g_strdup (previous->user);
  snapshot->source_path = g_strdup (previous->source_path);
  snapshot->has_counters = TRUE;
  snapshot->status = previous->status;
  snapshot->status.vm_rss += 4096;
  snapshot->time_usec = previous->time_usec + G_USEC_PER_SEC;

  /* The strings are the test's own, for as long as it runs: a copy of the
   * regions is enough. */
  g_array_append_vals (regions, previous->regions, previous->n_regions);

  /* The heap, the stacks, a few arenas: the same 16 regions move. */
  for (guint k = 0; k < 3; k++)
    {
      guint hot = (guint) g_rand_int_range (rand, 0, 16) * (regions->len / 16);
      MsRegion *r = &g_array_index (regions, MsRegion, hot);

      r->counters.rss += 4096;
      r->counters.pss += 2048;
    }

  if (churn > 0 && second % churn == 0)
    {
      /* Unmap one in the middle, or map one past the end. */
      if ((second / churn) % 2 == 0)
        g_array_remove_index (regions, regions->len / 2);
      else
        {
          MsRegion r = g_array_index (regions, MsRegion, regions->len - 1);

          r.start = r.end + 0x100000;
          r.end = r.start + 0x2000;
          g_array_append_val (regions, r);
        }
    }

  _ms_snapshot_seal (snapshot);
  return snapshot;
}

/* An hour at one read a second of a process that did not change: every
 * sample shares the first one's snapshot. */
static void
test_unchanged (void)
{
  g_autoptr(MsHistory) history = ms_history_new (MS_HISTORY_DEFAULT_BUDGET);
  g_autoptr(MsSnapshot) snapshot = make_first ();
  gsize after_first;

  ms_history_add (history, 0, snapshot, NULL);
  after_first = ms_history_get_size (history);
  for (guint second = 1; second <= 3600; second++)
    ms_history_add (history, (gint64) second * G_USEC_PER_SEC, snapshot, NULL);

  g_assert_cmpuint (ms_history_get_n_samples (history), ==, 3601);
  g_test_message ("3600 unchanged samples: %" G_GSIZE_FORMAT " bytes", ms_history_get_size (history) - after_first);
  g_assert_cmpuint ((ms_history_get_size (history) - after_first) / 3600, <=, 64);

  for (guint i = 0; i < ms_history_get_n_samples (history); i += 599)
    {
      g_autoptr(MsSnapshot) again = ms_history_get_snapshot (history, i);

      g_assert_true (again == snapshot);
      g_assert_cmpint (ms_history_get_time (history, i), ==, (gint64) i * G_USEC_PER_SEC);
    }
}

/* An hour of a 5 000-region process whose figures move in a few regions each
 * second, mapping or unmapping now and then: a few MiB, well within the
 * default budget, nothing thinned. */
static void
test_mostly_stable_hour (void)
{
  g_autoptr(MsHistory) history = ms_history_new (MS_HISTORY_DEFAULT_BUDGET);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  MsSnapshot *snapshot = make_first ();
  gint64 first_time = snapshot->time_usec;

  ms_history_add (history, 0, snapshot, NULL);
  for (guint second = 1; second <= 3600; second++)
    {
      MsSnapshot *next = make_next (snapshot, second, 60, rand);

      ms_history_add (history, (gint64) second * G_USEC_PER_SEC, next, NULL);
      ms_snapshot_unref (snapshot);
      snapshot = next;
    }

  g_test_message ("an hour of a mostly stable 5 000-region process: %" G_GSIZE_FORMAT " KiB "
                  "(a snapshot is %" G_GSIZE_FORMAT " KiB)",
                  ms_history_get_size (history) / 1024, snapshot->n_regions * sizeof (MsRegion) / 1024);
  g_assert_cmpuint (ms_history_get_n_samples (history), ==, 3601);
  g_assert_cmpuint (ms_history_get_size (history), <, 6 * 1024 * 1024);

  /* The last and the first are as they were. */
  {
    g_autoptr(MsSnapshot) last = ms_history_get_snapshot (history, 3600);
    g_autoptr(MsSnapshot) middle = ms_history_get_snapshot (history, 1800);

    g_assert_true (last == snapshot);
    g_assert_cmpuint (middle->n_regions, >=, N_REGIONS - 1);
    g_assert_cmpint (middle->time_usec, ==, first_time + 1800 * G_USEC_PER_SEC);
  }
  ms_snapshot_unref (snapshot);
}

/* Every sample made again equals the snapshot read then, and stays so once
 * a small budget has thinned the history out; the first is never thinned. */
static void
test_materialized_and_thinned (void)
{
  g_autoptr(MsHistory) history = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GPtrArray) originals = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_snapshot_unref);
  const guint n = 400;
  const gsize budget = 96 * 1024;

  history = ms_history_new (G_MAXSIZE);
  g_ptr_array_add (originals, make_first ());
  ms_history_add (history, 0, g_ptr_array_index (originals, 0), NULL);
  for (guint second = 1; second <= n; second++)
    {
      MsSnapshot *previous = g_ptr_array_index (originals, originals->len - 1);
      /* One read in three finds the process as it was. */
      MsSnapshot *next = second % 3 == 0 ? ms_snapshot_ref (previous) : make_next (previous, second, 7, rand);

      g_ptr_array_add (originals, next);
      ms_history_add (history, (gint64) second, next, NULL);
    }

  g_assert_cmpuint (ms_history_get_n_samples (history), ==, n + 1);
  for (guint i = 0; i <= n; i++)
    {
      g_autoptr(MsSnapshot) again = ms_history_get_snapshot (history, i);
      MsSnapshot *original = g_ptr_array_index (originals, i);

      g_assert_true (_ms_snapshot_same_content (again, original));
      g_assert_cmpint (again->time_usec, ==, original->time_usec);
      g_assert_cmpuint (again->total.rss, ==, original->total.rss);
      g_assert_cmpuint (again->fingerprint, ==, original->fingerprint);
    }

  /* Again with a budget that forces thinning. */
  g_clear_object (&history);
  history = ms_history_new (budget);
  for (guint i = 0; i <= n; i++)
    {
      ms_history_add (history, (gint64) i, g_ptr_array_index (originals, i), NULL);
      g_assert_cmpuint (ms_history_get_size (history), <=, budget);
    }

  g_test_message ("%u samples kept of %u in %" G_GSIZE_FORMAT " bytes",
                  ms_history_get_n_samples (history), n + 1, ms_history_get_size (history));
  g_assert_cmpuint (ms_history_get_n_samples (history), <, n + 1);
  g_assert_cmpuint (ms_history_get_n_samples (history), >, 2);
  g_assert_cmpint (ms_history_get_time (history, 0), ==, 0);
  g_assert_cmpint (ms_history_get_time (history, ms_history_get_n_samples (history) - 1), ==, n);

  for (guint i = 0; i < ms_history_get_n_samples (history); i++)
    {
      gint64 time = ms_history_get_time (history, i);
      g_autoptr(MsSnapshot) again = ms_history_get_snapshot (history, i);

      if (i > 0)
        g_assert_cmpint (time, >, ms_history_get_time (history, i - 1));
      g_assert_true (_ms_snapshot_same_content (again, g_ptr_array_index (originals, time)));
    }
}

/* A session records each read of a real process; what it saw then is what
 * its history gives back. */
static void
test_session_records (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSource) source = ms_local_source_new ();
  g_autoptr(MsSession) session = ms_session_new (source, child->pid);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_snapshot_unref);
  MsHistory *history = ms_session_get_history (session);

  ms_refresh_policy_set_interval (ms_session_get_policy (session), 0);
  for (guint round = 0; round < 6; round++)
    {
      if (round > 0)
        {
          g_autofree char *answer = ms_test_child_command (child, round % 2 == 1 ? "map 3" : "unmap");

          ms_session_refresh (session);
        }
      g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
      g_ptr_array_add (seen, ms_snapshot_ref (ms_session_get_snapshot (session)));
    }

  g_assert_cmpuint (ms_history_get_n_samples (history), ==, seen->len);
  for (guint i = 0; i < seen->len; i++)
    {
      g_autoptr(MsSnapshot) again = ms_history_get_snapshot (history, i);

      g_assert_true (_ms_snapshot_same_content (again, g_ptr_array_index (seen, i)));
    }

  ms_test_child_stop (child);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  strings = g_string_chunk_new (256);

  g_test_add_func ("/memscape/history/unchanged", test_unchanged);
  g_test_add_func ("/memscape/history/mostly-stable-hour", test_mostly_stable_hour);
  g_test_add_func ("/memscape/history/materialized-and-thinned", test_materialized_and_thinned);
  g_test_add_func ("/memscape/history/session-records", test_session_records);

  {
    int status = g_test_run ();

    g_string_chunk_free (strings);
    return status;
  }
}
