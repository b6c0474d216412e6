/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ms-refresh-policy.h"

/* The one refresh policy of the session and the process list: how long to
 * wait, never two reads in flight, the next read timed from the end of the
 * last, "behind" when a read is slower than the interval. */

static void
on_due (MsRefreshPolicy *policy,
        gpointer         user_data)
{
  guint *n_due = user_data;

  (*n_due)++;
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  guint *n = user_data;

  (*n)++;
}

/* Runs the main context for @ms; returns how often "due" came. */
static guint
run_for (MsRefreshPolicy *policy,
         guint            ms)
{
  guint n_due = 0;
  gulong id = g_signal_connect (policy, "due", G_CALLBACK (on_due), &n_due);
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_signal_handler_disconnect (policy, id);
  return n_due;
}

/* Waits for "due", at most @ms; returns the milliseconds it took, or -1. */
static gint64
wait_due (MsRefreshPolicy *policy,
          guint            ms)
{
  guint n_due = 0;
  gulong id = g_signal_connect (policy, "due", G_CALLBACK (on_due), &n_due);
  gint64 start = g_get_monotonic_time ();
  gint64 until = start + ms * 1000;

  while (n_due == 0 && g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
  g_signal_handler_disconnect (policy, id);
  return n_due > 0 ? (g_get_monotonic_time () - start) / 1000 : -1;
}

static void
test_delays (void)
{
  g_autoptr(MsRefreshPolicy) session = ms_refresh_policy_new ("[memscape] test session", 1, 1);
  g_autoptr(MsRefreshPolicy) list = ms_refresh_policy_new ("[memscape] test list", 3, 10);

  g_assert_cmpuint (ms_refresh_policy_get_interval (session), ==, 1000);
  g_assert_cmpuint (ms_refresh_policy_get_delay (session), ==, 1000);
  g_assert_cmpuint (ms_refresh_policy_get_delay (list), ==, 3000);

  /* Beside a watched process, the list a tenth as often. */
  ms_refresh_policy_set_secondary (list, TRUE);
  g_assert_cmpuint (ms_refresh_policy_get_delay (list), ==, 10000);

  /* Hidden: five times less often, and never more than every 5 s. */
  ms_refresh_policy_set_background (session, TRUE);
  g_assert_cmpuint (ms_refresh_policy_get_delay (session), ==, MS_REFRESH_BACKGROUND_MINIMUM);
  ms_refresh_policy_set_interval (session, 2000);
  g_assert_cmpuint (ms_refresh_policy_get_delay (session), ==, 2000 * MS_REFRESH_BACKGROUND_FACTOR);
  ms_refresh_policy_set_background (list, TRUE);
  g_assert_cmpuint (ms_refresh_policy_get_delay (list), ==, MS_REFRESH_BACKGROUND_MINIMUM);

  /* Paused. */
  ms_refresh_policy_set_interval (session, 0);
  g_assert_cmpuint (ms_refresh_policy_get_delay (session), ==, 0);
}

/* Nothing is due while paused, inactive or busy; the next read comes an
 * interval after the end of the last, not after its start; the timer is
 * named. */
static void
test_pacing (void)
{
  g_autoptr(MsRefreshPolicy) policy = ms_refresh_policy_new ("[memscape] test pacing", 1, 1);
  GSource *timer;
  gint64 waited;

  ms_refresh_policy_set_interval (policy, 40);
  g_assert_cmpuint (run_for (policy, 150), ==, 0);   /* not active */

  ms_refresh_policy_set_active (policy, TRUE);
  timer = g_main_context_find_source_by_funcs_user_data (NULL, &g_timeout_funcs, policy);
  g_assert_nonnull (timer);
  g_assert_cmpstr (g_source_get_name (timer), ==, "[memscape] test pacing");
  waited = wait_due (policy, 2000);
  g_assert_cmpint (waited, >=, 35);

  /* A read in flight: nothing more is due, however long it takes. */
  ms_refresh_policy_read_started (policy);
  g_assert_true (ms_refresh_policy_get_busy (policy));
  g_assert_cmpuint (run_for (policy, 200), ==, 0);

  /* It ends: the next one an interval later, timed from now. */
  ms_refresh_policy_read_finished (policy, TRUE);
  g_assert_false (ms_refresh_policy_get_busy (policy));
  waited = wait_due (policy, 2000);
  g_assert_cmpint (waited, >=, 35);

  /* Paused: nothing, even long after. */
  ms_refresh_policy_read_started (policy);
  ms_refresh_policy_set_interval (policy, 0);
  ms_refresh_policy_read_finished (policy, TRUE);
  g_assert_cmpuint (run_for (policy, 150), ==, 0);
  g_assert_null (g_main_context_find_source_by_funcs_user_data (NULL, &g_timeout_funcs, policy));

  /* A dropped read schedules nothing by itself. */
  ms_refresh_policy_set_interval (policy, 40);
  ms_refresh_policy_read_started (policy);
  ms_refresh_policy_read_cancelled (policy);
  g_assert_false (ms_refresh_policy_get_busy (policy));
  g_assert_cmpuint (run_for (policy, 150), ==, 0);
}

/* Coming back to the foreground, or to being the main thing, a read waiting
 * for its time is due at once. */
static void
test_hurry (void)
{
  g_autoptr(MsRefreshPolicy) policy = ms_refresh_policy_new ("[memscape] test hurry", 1, 10);
  guint n_due = 0;

  g_signal_connect (policy, "due", G_CALLBACK (on_due), &n_due);
  ms_refresh_policy_set_interval (policy, 1000);
  ms_refresh_policy_set_active (policy, TRUE);
  ms_refresh_policy_set_background (policy, TRUE);
  g_assert_cmpuint (run_for (policy, 50), ==, 0);
  ms_refresh_policy_set_background (policy, FALSE);
  g_assert_cmpuint (n_due, ==, 1);

  /* Due went out and no read started: no timer until one ends. */
  g_assert_null (g_main_context_find_source_by_funcs_user_data (NULL, &g_timeout_funcs, policy));
  ms_refresh_policy_read_started (policy);
  ms_refresh_policy_read_finished (policy, TRUE);
  ms_refresh_policy_set_secondary (policy, TRUE);
  g_assert_cmpuint (run_for (policy, 50), ==, 0);
  ms_refresh_policy_set_secondary (policy, FALSE);
  g_assert_cmpuint (n_due, ==, 2);

  /* …and not while a read runs: one is already on its way. */
  ms_refresh_policy_set_secondary (policy, TRUE);
  ms_refresh_policy_read_started (policy);
  ms_refresh_policy_set_secondary (policy, FALSE);
  ms_refresh_policy_set_background (policy, TRUE);
  ms_refresh_policy_set_background (policy, FALSE);
  g_assert_cmpuint (run_for (policy, 50), ==, 0);
  g_assert_cmpuint (n_due, ==, 2);
  ms_refresh_policy_read_finished (policy, TRUE);
}

static void
test_behind (void)
{
  g_autoptr(MsRefreshPolicy) policy = ms_refresh_policy_new ("[memscape] test behind", 1, 1);
  guint notified = 0;

  g_signal_connect (policy, "notify::behind", G_CALLBACK (on_notify), &notified);
  ms_refresh_policy_set_interval (policy, 20);

  ms_refresh_policy_read_started (policy);
  g_usleep (40 * 1000);
  ms_refresh_policy_read_finished (policy, TRUE);
  g_assert_true (ms_refresh_policy_get_behind (policy));
  g_assert_cmpuint (notified, ==, 1);

  /* A failed read says nothing about speed. */
  ms_refresh_policy_read_started (policy);
  ms_refresh_policy_read_finished (policy, FALSE);
  g_assert_true (ms_refresh_policy_get_behind (policy));

  ms_refresh_policy_read_started (policy);
  ms_refresh_policy_read_finished (policy, TRUE);
  g_assert_false (ms_refresh_policy_get_behind (policy));
  g_assert_cmpuint (notified, ==, 2);

  /* With a generous interval a slow read is not behind. */
  ms_refresh_policy_set_interval (policy, 60000);
  ms_refresh_policy_read_started (policy);
  g_usleep (40 * 1000);
  ms_refresh_policy_read_finished (policy, TRUE);
  g_assert_false (ms_refresh_policy_get_behind (policy));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/refresh-policy/delays", test_delays);
  g_test_add_func ("/memscape/refresh-policy/pacing", test_pacing);
  g_test_add_func ("/memscape/refresh-policy/hurry", test_hurry);
  g_test_add_func ("/memscape/refresh-policy/behind", test_behind);

  return g_test_run ();
}
