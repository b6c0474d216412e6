/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ms-cgroup.h"
#include "ms-limits-view-private.h"
#include "ms-process-list-view.h"
#include "ms-process-row.h"
#include "ms-reader.h"
#include "ms-summary.h"
#include "ms-test-util.h"

/* The first widget of @type under @widget (itself included), or NULL. */
static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct {
  GtkWidget    *window;
  MsSummary    *summary;
  MsLimitsView *view;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = gtk_window_new ();
  fixture->summary = MS_SUMMARY (ms_summary_new ());
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->summary));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 300);
  gtk_window_present (GTK_WINDOW (fixture->window));
  /* The summary holds it: the limits are shown in the summary, not beside it. */
  fixture->view = MS_LIMITS_VIEW (find_widget (GTK_WIDGET (fixture->summary), MS_TYPE_LIMITS_VIEW));
  g_assert_nonnull (fixture->view);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  ms_test_drain ();
}

static gboolean
read_done (gpointer data)
{
  MsLimitsView *view = data;

  return !_ms_limits_view_is_reading (view) && _ms_limits_view_get_limits (view) != NULL;
}

static MsSnapshot *
read_process (int pid)
{
  g_autoptr(GError) error = NULL;
  MsSnapshot *snapshot = ms_read_pid (pid, NULL, &error);

  g_assert_no_error (error);
  return snapshot;
}

static void
test_flagged (Fixture       *fixture,
              gconstpointer  data)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSnapshot) snapshot = read_process (child->pid);
  const MsLimits *limits;
  GtkWidget *button;
  struct rlimit as;

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->view)));

  /* Far from every limit first. */
  ms_summary_set_snapshot (fixture->summary, snapshot);
  g_assert_true (ms_test_wait_for (read_done, fixture->view));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->view)));
  g_assert_cmpstr (_ms_limits_view_get_text (fixture->view), ==, "Far from its limits");
  button = gtk_widget_get_first_child (GTK_WIDGET (fixture->view));
  g_assert_false (gtk_widget_has_css_class (button, "warning"));

  /* RLIMIT_AS 3 % above its VSS: flagged, in words and the warning style. */
  as.rlim_cur = as.rlim_max = (rlim_t) (snapshot->status.vm_size + snapshot->status.vm_size / 32);
  g_assert_cmpint (prlimit (child->pid, RLIMIT_AS, &as, NULL), ==, 0);
  g_clear_pointer (&snapshot, ms_snapshot_unref);
  snapshot = read_process (child->pid);
  ms_summary_set_snapshot (fixture->summary, snapshot);
  g_assert_true (ms_test_wait_for (read_done, fixture->view));
  limits = _ms_limits_view_get_limits (fixture->view);
  g_assert_true (limits->rows[MS_HEADROOM_ADDRESS_SPACE].flagged);
  g_assert_true (g_str_has_prefix (_ms_limits_view_get_text (fixture->view), "Close to a limit: Address space 9"));
  g_assert_true (gtk_widget_has_css_class (button, "warning"));

  /* The table shows the row, with its state in words. */
  {
    GtkWidget *table = _ms_limits_view_get_table (fixture->view);
    gboolean found = FALSE;

    for (GtkWidget *cell = gtk_widget_get_first_child (table); cell != NULL; cell = gtk_widget_get_next_sibling (cell))
      if (GTK_IS_LABEL (cell) && g_str_has_suffix (gtk_label_get_text (GTK_LABEL (cell)), " · close"))
        {
          found = TRUE;
          g_assert_true (gtk_widget_has_css_class (cell, "warning"));
          g_assert_true (gtk_widget_get_visible (cell));
        }
    g_assert_true (found);
  }

  ms_test_child_stop (child);
}

static void
test_capture_hidden (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(MsSnapshot) live = read_process (getpid ());
  g_autoptr(MsSnapshot) capture = ms_test_read_fixture ("c-sleep.smaps");

  ms_summary_set_snapshot (fixture->summary, live);
  g_assert_true (ms_test_wait_for (read_done, fixture->view));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->view)));

  /* A capture has no limits: hidden at once, and a read started for the
   * live process just before never shows up. */
  ms_summary_set_snapshot (fixture->summary, NULL);
  ms_summary_set_snapshot (fixture->summary, live);
  ms_summary_set_snapshot (fixture->summary, capture);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->view)));
  g_assert_null (_ms_limits_view_get_limits (fixture->view));
  ms_test_spin (300);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->view)));
  g_assert_null (_ms_limits_view_get_limits (fixture->view));
}

static void
test_newest_wins (Fixture       *fixture,
                  gconstpointer  data)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSnapshot) first = read_process (child->pid);
  g_autoptr(MsSnapshot) second = read_process (getpid ());

  ms_summary_set_snapshot (fixture->summary, first);
  g_assert_true (ms_test_wait_for (read_done, fixture->view));
  g_assert_cmpint (_ms_limits_view_get_limits (fixture->view)->pid, ==, child->pid);

  /* Another process: the first one's figures go at once, and only the
   * second one's come back. */
  ms_summary_set_snapshot (fixture->summary, second);
  g_assert_true (_ms_limits_view_get_limits (fixture->view) == NULL);
  g_assert_true (ms_test_wait_for (read_done, fixture->view));
  g_assert_cmpint (_ms_limits_view_get_limits (fixture->view)->pid, ==, getpid ());
  ms_test_spin (200);
  g_assert_cmpint (_ms_limits_view_get_limits (fixture->view)->pid, ==, getpid ());

  ms_test_child_stop (child);
}

static gboolean
list_loaded (gpointer data)
{
  return ms_process_list_view_is_loaded (data);
}

typedef struct {
  MsProcessListView *list;
  const char        *text;   /* folded */
} Search;

/* Every row shown matches the search, and some row is shown. */
static gboolean
search_applied (gpointer data)
{
  Search *search = data;
  GListModel *rows = ms_process_list_view_get_model (search->list);
  guint n = g_list_model_get_n_items (rows);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MsProcessRow) row = g_list_model_get_item (rows, i);

      if (!ms_process_row_matches (row, search->text))
        return FALSE;
    }
  return n > 0;
}

static gboolean
list_empty (gpointer data)
{
  return g_list_model_get_n_items (ms_process_list_view_get_model (data)) == 0;
}

typedef struct {
  MsLimitsView   *view;
  const MsLimits *old;
} Reread;

static gboolean
read_again (gpointer data)
{
  Reread *reread = data;
  const MsLimits *now = _ms_limits_view_get_limits (reread->view);

  return now != NULL && now != reread->old && !_ms_limits_view_is_reading (reread->view);
}

/* An unchanged process keeps its snapshot: while the table is open, it is
 * read again all the same, and no more once it is closed. */
static void
test_open_refreshes (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(MsSnapshot) live = read_process (getpid ());
  GtkWidget *button;
  Reread reread = { fixture->view, NULL };

  ms_summary_set_snapshot (fixture->summary, live);
  g_assert_true (ms_test_wait_for (read_done, fixture->view));
  button = gtk_widget_get_first_child (GTK_WIDGET (fixture->view));

  reread.old = _ms_limits_view_get_limits (fixture->view);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  g_assert_true (ms_test_wait_for (read_again, &reread));
  /* …and again after a while */
  reread.old = _ms_limits_view_get_limits (fixture->view);
  g_assert_true (ms_test_wait_for (read_again, &reread));

  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  ms_test_spin (100);
  reread.old = _ms_limits_view_get_limits (fixture->view);
  ms_test_spin (2500);
  g_assert_true (_ms_limits_view_get_limits (fixture->view) == reread.old);
}

/* Typing a process's group (its container or systemd unit) in the process
 * list's search finds it. */
static void
test_search_group (void)
{
  GtkWidget *window = gtk_window_new ();
  MsProcessListView *list = MS_PROCESS_LIST_VIEW (ms_process_list_view_new ());
  g_autoptr(MsCgroupNameCache) cache = ms_cgroup_name_cache_new ();
  g_autofree char *group = g_strdup (ms_cgroup_name_cache_lookup_pid (cache, getpid ()));
  g_autofree char *folded = NULL;
  GtkWidget *entry;
  GListModel *rows;
  gboolean found = FALSE;
  Search search;

  if (group == NULL || *group == '\0')
    {
      g_test_skip ("this process is in the root control group: it has no group to search for");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (list));
  gtk_window_set_default_size (GTK_WINDOW (window), 440, 600);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ms_test_wait_for (list_loaded, list));

  entry = find_widget (GTK_WIDGET (list), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), group);
  folded = g_utf8_casefold (group, -1);
  search.list = list;
  search.text = folded;
  g_assert_true (ms_test_wait_for (search_applied, &search));

  rows = ms_process_list_view_get_model (list);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(MsProcessRow) row = g_list_model_get_item (rows, i);

      if (ms_process_row_get_pid (row) == getpid ())
        {
          found = TRUE;
          g_assert_cmpstr (ms_process_row_get_group (row), ==, group);
        }
    }
  g_assert_true (found);

  gtk_editable_set_text (GTK_EDITABLE (entry), "no-such-unit-anywhere.service");
  g_assert_true (ms_test_wait_for (list_empty, list));

  gtk_window_destroy (GTK_WINDOW (window));
  ms_test_drain ();
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/memscape/limits-view/flagged", Fixture, NULL, fixture_set_up, test_flagged, fixture_tear_down);
  g_test_add ("/memscape/limits-view/capture-hidden", Fixture, NULL, fixture_set_up, test_capture_hidden, fixture_tear_down);
  g_test_add ("/memscape/limits-view/open-refreshes", Fixture, NULL, fixture_set_up, test_open_refreshes, fixture_tear_down);
  g_test_add_func ("/memscape/process-list/search-group", test_search_group);
  g_test_add ("/memscape/limits-view/newest-wins", Fixture, NULL, fixture_set_up, test_newest_wins, fixture_tear_down);

  return g_test_run ();
}
