/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ms-history.h"
#include "ms-history-private.h"
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

/* The next second of a busy process: @n_changed regions anywhere change
 * their resident size, and one is mapped past the end or unmapped in the
 * middle in turn. */
static MsSnapshot *
make_busy (const MsSnapshot *previous,
           guint             second,
           guint             n_changed,
           GRand            *rand)
{
  MsSnapshot *snapshot = _ms_snapshot_new (MS_SOURCE_PROCESS);
  GArray *regions = _ms_snapshot_get_regions (snapshot);

  snapshot->pid = previous->pid;
  snapshot->uid = previous->uid;
  snapshot->name = g_strdup (previous->name);
  snapshot->cmdline = g_strdup (previous->cmdline);
  snapshot->user = g_strdup (previous->user);
  snapshot->source_path = g_strdup (previous->source_path);
  snapshot->has_counters = TRUE;
  snapshot->status = previous->status;
  snapshot->time_usec = previous->time_usec + G_USEC_PER_SEC;

  g_array_append_vals (regions, previous->regions, previous->n_regions);
  for (guint k = 0; k < n_changed; k++)
    {
      MsRegion *r = &g_array_index (regions, MsRegion, g_rand_int_range (rand, 0, (gint32) regions->len));

      r->counters.rss += 4096;
      r->counters.pss += 4096;
    }
  if (second % 2 == 0)
    g_array_remove_index (regions, regions->len / 2);
  else
    {
      MsRegion r = g_array_index (regions, MsRegion, regions->len - 1);

      r.start = r.end + 0x100000;
      r.end = r.start + 0x2000;
      g_array_append_val (regions, r);
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
  /* A sample is its time and its figures (which move every second, unlike
   * the map): no region, no snapshot. */
  g_assert_cmpuint ((ms_history_get_size (history) - after_first) / 3600, <=, 160);

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
  /* Within the default budget (with the first and latest snapshots, 64 MiB):
   * nothing thinned, and keyframes along the way. */
  g_assert_cmpuint (ms_history_get_size (history), <, MS_HISTORY_DEFAULT_BUDGET);
  g_assert_cmpuint (_ms_history_count_held (history), >, 4);

  /* Any sample is made from the nearest keyframe: a quarter of the
   * process's regions (and the last sample's) merged at most, however far
   * from the first it is. */
  for (guint k = 0; k < 40; k++)
    {
      guint index = (guint) g_rand_int_range (rand, 1, 3600);
      g_autoptr(MsSnapshot) again = ms_history_get_snapshot (history, index);

      g_assert_cmpint (again->time_usec, ==, first_time + (gint64) index * G_USEC_PER_SEC);
      g_assert_cmpuint (_ms_history_get_last_merged (history), <=, N_REGIONS / 4 + 8);
    }

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

/* A process that changes a lot: many keyframes. Every sample made again, in
 * any order, equals the one read; per-kind totals and the counts of regions
 * that came and went are there without making a snapshot again. */
static void
test_keyframes (void)
{
  g_autoptr(MsHistory) history = ms_history_new (G_MAXSIZE);
  g_autoptr(GRand) rand = g_rand_new_with_seed (23);
  g_autoptr(GPtrArray) originals = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_snapshot_unref);
  const guint n = 100;

  g_ptr_array_add (originals, make_first ());
  ms_history_add (history, 0, g_ptr_array_index (originals, 0), NULL);
  for (guint second = 1; second <= n; second++)
    {
      MsSnapshot *next = make_busy (g_ptr_array_index (originals, originals->len - 1), second, 60, rand);

      g_ptr_array_add (originals, next);
      ms_history_add (history, (gint64) second, next, NULL);
    }

  g_test_message ("%u snapshots held of %u samples", _ms_history_count_held (history), n + 1);
  /* about 60 regions change a second: a keyframe every 21 or so */
  g_assert_cmpuint (_ms_history_count_held (history), >=, 5);

  for (guint k = 0; k < 3 * n; k++)
    {
      guint i = k < n ? (guint) g_rand_int_range (rand, 0, n + 1) : k < 2 * n ? n - (k - n) : k - 2 * n;
      g_autoptr(MsSnapshot) again = ms_history_get_snapshot (history, i);
      MsSnapshot *original = g_ptr_array_index (originals, i);
      guint64 rss[MS_N_KINDS], vss[MS_N_KINDS];
      guint appeared, vanished;

      g_assert_true (_ms_snapshot_same_content (again, original));
      g_assert_cmpuint (_ms_history_get_last_merged (history), <=, N_REGIONS / 4 + 60 + 2);

      ms_history_get_kind_totals (history, i, MS_HISTORY_RSS, rss);
      ms_history_get_kind_totals (history, i, MS_HISTORY_VSS, vss);
      for (guint kind = 0; kind < MS_N_KINDS; kind++)
        {
          g_assert_cmpuint (rss[kind], ==, original->per_kind[kind].rss);
          g_assert_cmpuint (vss[kind], ==, original->per_kind[kind].vss);
        }
      g_assert_cmpuint (ms_history_get_figures (history, i)->pss, ==, original->total.pss);

      ms_history_get_changes (history, i, &appeared, &vanished);
      if (i > 0)
        {
          MsSnapshot *before = g_ptr_array_index (originals, i - 1);

          g_assert_cmpint ((int) appeared - (int) vanished, ==, (int) original->n_regions - (int) before->n_regions);
          g_assert_cmpuint (appeared + vanished, ==, 1);
        }
    }
}

/* Thinning never drops the first sample nor a pinned one, which keeps its
 * snapshot; unpinned, it may go. */
static void
test_pinned (void)
{
  g_autoptr(MsHistory) history = ms_history_new (1280 * 1024);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GPtrArray) originals = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_snapshot_unref);
  const guint n = 300;
  int pinned;

  g_ptr_array_add (originals, make_first ());
  ms_history_add (history, 0, g_ptr_array_index (originals, 0), NULL);
  for (guint second = 1; second <= n; second++)
    {
      MsSnapshot *previous = g_ptr_array_index (originals, originals->len - 1);
      MsSnapshot *next = make_next (previous, second, 3, rand);

      g_ptr_array_add (originals, next);
      ms_history_add (history, (gint64) second, next, NULL);
      if (second == 7)
        ms_history_pin (history, 7);
      /* (within the budget, but for the pinned sample's snapshot, which it
       * keeps whatever it costs) */
      g_assert_cmpuint (ms_history_get_size (history), <=,
                        1280 * 1024 + (second >= 7 ? _ms_snapshot_get_memory_size (g_ptr_array_index (originals, 7)) : 0));
    }

  g_test_message ("%u samples kept of %u", ms_history_get_n_samples (history), n + 1);
  g_assert_cmpuint (ms_history_get_n_samples (history), <, n);
  g_assert_cmpint (ms_history_get_time (history, 0), ==, 0);
  pinned = ms_history_find_time (history, 7);
  g_assert_cmpint (pinned, >, 0);
  g_assert_cmpint (ms_history_get_time (history, pinned), ==, 7);
  g_assert_true (ms_history_is_pinned (history, pinned));
  {
    g_autoptr(MsSnapshot) again = ms_history_get_snapshot (history, pinned);

    g_assert_true (_ms_snapshot_same_content (again, g_ptr_array_index (originals, 7)));
  }
  /* Samples 1 to 6 were thinned around it. */
  g_assert_cmpint (ms_history_find_time (history, 6), <, pinned);

  ms_history_unpin (history, pinned);
  g_assert_false (ms_history_is_pinned (history, pinned));
  for (guint second = n + 1; second <= n + 150; second++)
    {
      MsSnapshot *previous = g_ptr_array_index (originals, originals->len - 1);
      MsSnapshot *next = make_next (previous, second, 3, rand);

      g_ptr_array_add (originals, next);
      ms_history_add (history, (gint64) second, next, NULL);
    }
  g_assert_cmpint (ms_history_get_time (history, ms_history_find_time (history, 7)), !=, 7);
  g_assert_cmpint (ms_history_get_time (history, 0), ==, 0);
}

/* The figures given with a sample are what it gives back; what they lack
 * comes from the snapshot. */
static void
test_figures (void)
{
  g_autoptr(MsHistory) history = ms_history_new (MS_HISTORY_DEFAULT_BUDGET);
  g_autoptr(MsSnapshot) snapshot = make_first ();
  MsFigures read = { 0 };
  const MsFigures *figures;

  ms_history_add (history, 1, snapshot, NULL);
  read.present = MS_FIGURES_FAULTS | MS_FIGURES_STATUS;
  read.minor_faults = 1234;
  read.major_faults = 5;
  read.threads = 9;
  read.rss_anon = 4096;
  read.rss = 8192;
  read.vss = 16384;
  ms_history_add_full (history, 2, snapshot, NULL, &read);

  figures = ms_history_get_figures (history, 0);
  g_assert_cmpuint (figures->present, ==, MS_FIGURES_TOTALS | MS_FIGURES_STATUS);
  g_assert_cmpuint (figures->pss, ==, snapshot->total.pss);
  g_assert_cmpuint (figures->threads, ==, 3);
  figures = ms_history_get_figures (history, 1);
  g_assert_cmpuint (figures->present, ==, MS_FIGURES_TOTALS | MS_FIGURES_STATUS | MS_FIGURES_FAULTS);
  g_assert_cmpuint (figures->minor_faults, ==, 1234);
  g_assert_cmpuint (figures->major_faults, ==, 5);
  g_assert_cmpuint (figures->threads, ==, 9);
  g_assert_cmpuint (figures->rss, ==, 8192);
  g_assert_cmpuint (figures->pss, ==, snapshot->total.pss);
  g_assert_cmpint (ms_history_find_time (history, 0), ==, -1);
  g_assert_cmpint (ms_history_find_time (history, 1), ==, 0);
  g_assert_cmpint (ms_history_find_time (history, 99), ==, 1);
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

static void
count_notify (gpointer  object,
              GParamSpec *pspec,
              guint    *count)
{
  (*count)++;
}

/* Scrubbing: a session shows a past sample (snapshot, region list,
 * selection) while its refreshes go on into the history, and -1 brings the
 * live process back, with what was read meanwhile. */
static void
test_session_scrub (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSource) source = ms_local_source_new ();
  g_autoptr(MsSession) session = ms_session_new (source, child->pid);
  MsHistory *history = ms_session_get_history (session);
  g_autoptr(MsSnapshot) first = NULL;
  g_autofree char *answer = NULL;
  guint64 mapped;
  guint snapshot_notes = 0, viewed_notes = 0;

  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
  first = ms_snapshot_ref (ms_session_get_snapshot (session));
  g_assert_cmpint (ms_session_get_viewed_sample (session), ==, -1);
  g_assert_cmpint (ms_session_get_viewed_time (session), ==, 0);

  answer = ms_test_child_command (child, "map 5");
  g_assert_true (g_str_has_prefix (answer, "mapped "));
  mapped = g_ascii_strtoull (answer + 7, NULL, 16);
  ms_session_refresh (session);
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
  g_assert_cmpint (ms_snapshot_find_start (ms_session_get_snapshot (session), mapped), >=, 0);
  ms_session_set_selected_address (session, mapped);
  g_assert_cmpuint (ms_session_get_selected_address (session), ==, mapped);

  g_signal_connect (session, "notify::snapshot", G_CALLBACK (count_notify), &snapshot_notes);
  g_signal_connect (session, "notify::viewed-sample", G_CALLBACK (count_notify), &viewed_notes);

  /* Back to the first: the mapping is not there, nor selected, nor listed. */
  ms_session_set_viewed_sample (session, 0);
  g_assert_cmpuint (snapshot_notes, ==, 1);
  g_assert_cmpuint (viewed_notes, ==, 1);
  g_assert_cmpint (ms_session_get_viewed_sample (session), ==, 0);
  g_assert_cmpint (ms_session_get_viewed_time (session), ==, ms_history_get_time (history, 0));
  g_assert_true (_ms_snapshot_same_content (ms_session_get_snapshot (session), first));
  g_assert_cmpint (ms_snapshot_find_start (ms_session_get_snapshot (session), mapped), <, 0);
  g_assert_cmpuint (ms_session_get_selected_address (session), ==, MS_NO_ADDRESS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ms_session_get_regions (session))), ==,
                    first->n_regions);
  g_assert_nonnull (ms_session_get_diff (session));

  /* Refreshing goes on: a new sample, what is shown stays. */
  g_free (ms_test_child_command (child, "unmap"));
  ms_session_refresh (session);
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
  g_assert_cmpuint (ms_history_get_n_samples (history), ==, 3);
  g_assert_cmpuint (snapshot_notes, ==, 1);
  g_assert_true (_ms_snapshot_same_content (ms_session_get_snapshot (session), first));
  g_assert_true (ms_session_get_live_snapshot (session) != ms_session_get_snapshot (session));
  g_assert_cmpint (ms_snapshot_find_start (ms_session_get_live_snapshot (session), mapped), <, 0);

  /* The middle sample has the mapping; the same sample again is no change. */
  ms_session_set_viewed_sample (session, 1);
  g_assert_cmpint (ms_snapshot_find_start (ms_session_get_snapshot (session), mapped), >=, 0);
  ms_session_set_viewed_sample (session, 1);
  g_assert_cmpuint (snapshot_notes, ==, 2);
  g_assert_cmpuint (viewed_notes, ==, 2);

  /* Live again: the latest read. */
  ms_session_set_viewed_sample (session, -1);
  g_assert_cmpint (ms_session_get_viewed_sample (session), ==, -1);
  g_assert_true (ms_session_get_snapshot (session) == ms_session_get_live_snapshot (session));
  g_assert_cmpint (ms_snapshot_find_start (ms_session_get_snapshot (session), mapped), <, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ms_session_get_regions (session))), ==,
                    ms_session_get_snapshot (session)->n_regions);

  g_signal_handlers_disconnect_by_data (session, &snapshot_notes);
  g_signal_handlers_disconnect_by_data (session, &viewed_notes);
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
  g_test_add_func ("/memscape/history/keyframes", test_keyframes);
  g_test_add_func ("/memscape/history/pinned", test_pinned);
  g_test_add_func ("/memscape/history/figures", test_figures);
  g_test_add_func ("/memscape/history/session-records", test_session_records);
  g_test_add_func ("/memscape/history/session-scrub", test_session_scrub);

  {
    int status = g_test_run ();

    g_string_chunk_free (strings);
    return status;
  }
}
