/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "ms-first-picture.h"
#include "ms-local-source.h"
#include "ms-pages.h"
#include "ms-reader.h"
#include "ms-reader-private.h"
#include "ms-render.h"
#include "ms-session.h"
#include "ms-test-util.h"

/* Issue 16's first picture of a big process: maps + one PAGEMAP_SCAN,
 * published at once as a partial snapshot, then replaced by the full read.
 * Real /proc of children these tests start; no display needed. */

#define N_MAPPINGS 2500

static gboolean
has_scan (int pid)
{
  g_autoptr(MsPageReader) reader = ms_page_reader_new (pid, NULL);

  return reader != NULL && ms_page_reader_has_scan (reader);
}

/* A quiet child with many mappings: its first picture shows what its full
 * read shows — the same regions, kinds and RSS per region — and no other
 * counter. */
static void
test_equal_to_full (void)
{
  int stdin_fd = -1;
  GPid pid = ms_test_bench_child_start (N_MAPPINGS, NULL, &stdin_fd);
  g_autoptr(MsSnapshot) first = NULL;
  g_autoptr(MsSnapshot) full = NULL;
  g_autoptr(GError) error = NULL;

  if (!has_scan (pid))
    {
      g_test_skip ("This kernel has no PAGEMAP_SCAN (Linux 6.7)");
      ms_test_bench_child_stop (pid, stdin_fd);
      return;
    }

  /* (the child's stdio allocates its buffer at its first read of stdin,
   * just after it says "ready": let it settle) */
  g_usleep (300000);
  first = ms_read_pid_first (pid, MS_FIRST_PICTURE_MIN_REGIONS, NULL);
  full = ms_read_pid (pid, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_nonnull (full);

  g_assert_true (ms_snapshot_is_partial (first));
  g_assert_false (ms_snapshot_is_partial (full));
  g_assert_true (ms_snapshot_is_process (first, pid));
  g_assert_true (first->has_counters);
  g_assert_cmpuint (first->fingerprint, ==, 0);
  g_assert_cmpstr (first->name, ==, full->name);
  g_assert_cmpuint (first->n_threads, ==, full->n_threads);
  g_assert_cmpuint (first->n_regions, >=, N_MAPPINGS);
  g_assert_cmpuint (first->n_regions, ==, full->n_regions);
  for (guint i = 0; i < first->n_regions; i++)
    {
      const MsRegion *a = &first->regions[i];
      const MsRegion *b = &full->regions[i];

      g_assert_cmphex (a->start, ==, b->start);
      g_assert_cmphex (a->end, ==, b->end);
      g_assert_cmpuint (a->kind, ==, b->kind);
      g_assert_cmpuint (a->perms, ==, b->perms);
      g_assert_cmpstr (a->path, ==, b->path);
      if (a->counters.rss != b->counters.rss)
        g_test_message ("%" G_GINT64_MODIFIER "x %s (%" G_GUINT64_FORMAT " bytes, region %u of %u): "
                        "RSS %" G_GUINT64_FORMAT " from the scan, %" G_GUINT64_FORMAT " in smaps",
                        a->start, a->path != NULL ? a->path : "", b->end - b->start, i, first->n_regions,
                        a->counters.rss, b->counters.rss);
      g_assert_cmpuint (a->counters.rss, ==, b->counters.rss);
      /* nothing else is known: no figure made up */
      g_assert_cmpuint (a->counters.pss, ==, 0);
      g_assert_cmpuint (a->counters.swap, ==, 0);
    }
  g_assert_cmpuint (first->total.rss, ==, full->total.rss);
  g_assert_cmpuint (first->total.vss, ==, full->total.vss);
  for (guint k = 0; k < MS_N_KINDS; k++)
    {
      g_assert_cmpuint (first->per_kind[k].count, ==, full->per_kind[k].count);
      g_assert_cmpuint (first->per_kind[k].rss, ==, full->per_kind[k].rss);
    }

  ms_test_bench_child_stop (pid, stdin_fd);
}

/* A small process is read in full at once: no first picture of it. */
static void
test_small_process (void)
{
  MsTestChild *child = ms_test_child_start ();

  g_assert_null (ms_read_pid_first (child->pid, MS_FIRST_PICTURE_MIN_REGIONS, NULL));
  /* and none of a process that is not there */
  g_assert_null (ms_read_pid_first (ms_test_dead_pid (), 0, NULL));
  ms_test_child_stop (child);
}

/* The session shows the first picture, then the full read replaces it; the
 * history has the full read alone. The full read waits (in the reader's
 * smaps hook) until the first picture has been shown, at most 10 s, so
 * that the order is the test's, not the scheduler's. */
typedef struct {
  GMutex     lock;
  GCond      cond;
  gboolean   partial_seen;
  GPtrArray *shown;   /* MsSnapshot */
} Order;

static const char *
hold_smaps (int      pid,
            guint    attempt,
            gpointer user_data)
{
  Order *order = user_data;
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_mutex_lock (&order->lock);
  while (!order->partial_seen)
    if (!g_cond_wait_until (&order->cond, &order->lock, until))
      break;
  g_mutex_unlock (&order->lock);
  return NULL;
}

static void
on_snapshot (MsSession  *session,
             GParamSpec *pspec,
             Order      *order)
{
  MsSnapshot *snapshot = ms_session_get_snapshot (session);

  if (snapshot == NULL)
    return;
  g_ptr_array_add (order->shown, ms_snapshot_ref (snapshot));
  g_mutex_lock (&order->lock);
  order->partial_seen |= ms_snapshot_is_partial (snapshot);
  g_cond_signal (&order->cond);
  g_mutex_unlock (&order->lock);
}

static void
test_session (void)
{
  int stdin_fd = -1;
  GPid pid = ms_test_bench_child_start (N_MAPPINGS, NULL, &stdin_fd);
  g_autoptr(MsSource) source = ms_local_source_new ();
  g_autoptr(MsSession) session = NULL;
  Order order = { 0 };
  MsSnapshot *first, *last;

  if (!has_scan (pid))
    {
      g_test_skip ("This kernel has no PAGEMAP_SCAN (Linux 6.7)");
      ms_test_bench_child_stop (pid, stdin_fd);
      return;
    }

  g_usleep (300000);   /* (settled: see test_equal_to_full) */
  g_mutex_init (&order.lock);
  g_cond_init (&order.cond);
  order.shown = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_snapshot_unref);
  _ms_reader_set_smaps_hook (hold_smaps, &order);

  session = g_object_new (MS_TYPE_SESSION, "source", source, "pid", pid, NULL);
  g_signal_connect (session, "notify::snapshot", G_CALLBACK (on_snapshot), &order);
  ms_refresh_policy_set_interval (ms_session_get_policy (session), 0);
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
  _ms_reader_set_smaps_hook (NULL, NULL);

  g_assert_cmpint (ms_session_get_state (session), ==, MS_SESSION_LIVE);
  g_assert_cmpuint (order.shown->len, ==, 2);
  first = g_ptr_array_index (order.shown, 0);
  last = g_ptr_array_index (order.shown, 1);
  g_assert_true (ms_snapshot_is_partial (first));
  g_assert_false (ms_snapshot_is_partial (last));
  g_assert_true (ms_session_get_snapshot (session) == last);
  g_assert_cmpuint (first->n_regions, ==, last->n_regions);
  g_assert_cmpuint (first->total.rss, ==, last->total.rss);
  g_assert_cmpuint (last->total.pss, >, 0);
  /* no diff against a picture whose counters were unknown */
  g_assert_null (ms_session_get_diff (session));
  /* the history has the full read alone */
  g_assert_cmpuint (ms_history_get_n_samples (ms_session_get_history (session)), ==, 1);

  g_signal_handlers_disconnect_by_data (session, &order);
  g_ptr_array_unref (order.shown);
  g_mutex_clear (&order.lock);
  g_cond_clear (&order.cond);
  ms_test_bench_child_stop (pid, stdin_fd);
}

/* The tooltip of a first picture's region says RSS and that the rest is
 * being read: never "PSS 0". */
static void
test_describe (void)
{
  int stdin_fd = -1;
  GPid pid = ms_test_bench_child_start (N_MAPPINGS, NULL, &stdin_fd);
  g_autoptr(MsSnapshot) first = NULL;
  int heap = -1;

  if (!has_scan (pid))
    {
      g_test_skip ("This kernel has no PAGEMAP_SCAN (Linux 6.7)");
      ms_test_bench_child_stop (pid, stdin_fd);
      return;
    }
  first = ms_read_pid_first (pid, MS_FIRST_PICTURE_MIN_REGIONS, NULL);
  g_assert_nonnull (first);
  for (guint i = 0; i < first->n_regions && heap < 0; i++)
    if (first->regions[i].counters.rss > 0)
      heap = (int) i;
  g_assert_cmpint (heap, >=, 0);
  {
    g_autofree char *text = ms_render_describe_region (first, heap);

    g_test_message ("%s", text);
    g_assert_nonnull (strstr (text, "RSS"));
    g_assert_nonnull (strstr (text, "reading…"));
    g_assert_null (strstr (text, "PSS:"));
    g_assert_null (strstr (text, "Proportional"));
  }
  ms_test_bench_child_stop (pid, stdin_fd);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LANGUAGE", "C", TRUE);

  g_test_add_func ("/memscape/first-picture/equal-to-full", test_equal_to_full);
  g_test_add_func ("/memscape/first-picture/small-process", test_small_process);
  g_test_add_func ("/memscape/first-picture/session", test_session);
  g_test_add_func ("/memscape/first-picture/describe", test_describe);

  return g_test_run ();
}
