/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ms-map-view.h"
#include "ms-region-item.h"
#include "ms-region-table.h"
#include "ms-test-util.h"
#include "ms-test-window.h"
#include "ms-timeline.h"
#include "ms-window-private.h"

/* The timeline as a person uses it, on a real child process under Xvfb:
 * shown for a live process, hidden for a capture; scrubbing back (a click, Left)
 * shows the process as it was in the table and says when; Live, Escape and
 * End bring it back. */

static MsMapView *
find_map_view (MsWindow *window)
{
  GtkWidget *view = ms_test_find_widget (GTK_WIDGET (window), MS_TYPE_MAP_VIEW);

  g_assert_nonnull (view);
  return MS_MAP_VIEW (view);
}

/* Whether the table's rows hold the region starting at @start. */
static gboolean
table_has (MsRegionTable *table,
           guint64        start)
{
  GListModel *model = ms_region_table_get_model (table);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MsRegionItem) item = g_list_model_get_item (model, i);

      if (ms_region_item_get_region (item)->start == start)
        return TRUE;
    }
  return FALSE;
}

/* Presses @keyval on @widget's key controller, as GTK would. */
static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }
  return handled;
}

/* Activates the timeline's Escape shortcut, as the window would. */
static gboolean
press_escape (MsTimeline *timeline)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (timeline));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_SHORTCUT_CONTROLLER (controller))
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), 0);

          g_assert_cmpint (gtk_shortcut_controller_get_scope (GTK_SHORTCUT_CONTROLLER (controller)), ==,
                           GTK_SHORTCUT_SCOPE_GLOBAL);
          return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                               GTK_WIDGET (timeline), NULL);
        }
    }
  g_assert_not_reached ();
}

static void
test_scrub (void)
{
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = ms_window_new (NULL);
  MsMapView *view;
  MsTimeline *timeline;
  MsTimelineChart *chart;
  MsRegionTable *table;
  MsSession *session;
  g_autofree char *answer = NULL;
  g_autofree char *error = NULL;
  GtkLabel *tooltip;
  guint64 mapped;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  view = find_map_view (window);
  timeline = ms_map_view_get_timeline (view);
  chart = ms_timeline_get_chart (timeline);
  table = ms_map_view_get_table (view);
  session = ms_map_view_get_session (view);
  ms_refresh_policy_set_interval (ms_session_get_policy (session), 0);

  /* One reading of a live process: shown already, so that nothing moves
   * when the second comes, with nothing to go back to. */
  g_assert_cmpuint (ms_history_get_n_samples (ms_session_get_history (session)), ==, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (timeline)));
  g_assert_false (press_key (GTK_WIDGET (chart), GDK_KEY_Left));
  g_assert_cmpint (ms_session_get_viewed_sample (session), ==, -1);

  /* A second, with a new mapping: the timeline shows, live. */
  answer = ms_test_child_command (child, "map 7");
  mapped = g_ascii_strtoull (answer + strlen ("mapped "), NULL, 16);
  ms_session_refresh (session);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  ms_test_let_draw ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (timeline)));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (chart)));
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (chart)));
  g_assert_true (table_has (table, mapped));
  g_assert_false (gtk_widget_get_visible (_ms_timeline_get_live_button (timeline)));
  g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_ROLE_SLIDER));
  error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, "Live");
  g_assert_null (error);

  /* Hovering the start says the figures of the first reading. */
  tooltip = ms_test_query_tooltip (GTK_WIDGET (chart), 1, 20);
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (gtk_label_get_text (tooltip), "RSS "));
  g_assert_nonnull (strstr (gtk_label_get_text (tooltip), "3 threads"));

  /* A click at the start (what the click does): the first reading, without
   * the mapping, in the table; the window says when. */
  g_assert_cmpint (_ms_timeline_chart_sample_at (chart, 0), ==, 0);
  ms_timeline_chart_set_viewed_sample (chart, _ms_timeline_chart_sample_at (chart, 0));
  g_assert_cmpint (ms_session_get_viewed_sample (session), ==, 0);
  g_assert_false (table_has (table, mapped));
  g_assert_true (gtk_widget_get_visible (_ms_timeline_get_live_button (timeline)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_ms_timeline_get_moment_label (timeline))));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (_ms_timeline_get_moment_label (timeline)), "at "));
  g_clear_pointer (&error, g_free);
  error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT,
                                              gtk_label_get_text (_ms_timeline_get_moment_label (timeline)));
  g_assert_null (error);

  /* Refreshing goes on meanwhile; what is shown stays. */
  g_free (ms_test_child_command (child, "unmap"));
  ms_session_refresh (session);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_assert_cmpuint (ms_history_get_n_samples (ms_session_get_history (session)), ==, 3);
  g_assert_cmpint (ms_session_get_viewed_sample (session), ==, 0);
  g_assert_false (table_has (table, mapped));

  /* Right: the middle reading, with the mapping; Right again: live, without. */
  g_assert_true (press_key (GTK_WIDGET (chart), GDK_KEY_Right));
  g_assert_cmpint (ms_session_get_viewed_sample (session), ==, 1);
  g_assert_true (table_has (table, mapped));
  g_assert_true (press_key (GTK_WIDGET (chart), GDK_KEY_Right));
  g_assert_cmpint (ms_session_get_viewed_sample (session), ==, -1);
  g_assert_false (table_has (table, mapped));
  g_assert_false (gtk_widget_get_visible (_ms_timeline_get_live_button (timeline)));

  /* Left from live: the one before the latest. Live returns. */
  g_assert_true (press_key (GTK_WIDGET (chart), GDK_KEY_Left));
  g_assert_cmpint (ms_session_get_viewed_sample (session), ==, 1);
  g_assert_true (table_has (table, mapped));
  g_signal_emit_by_name (_ms_timeline_get_live_button (timeline), "clicked");
  g_assert_cmpint (ms_session_get_viewed_sample (session), ==, -1);
  g_assert_false (table_has (table, mapped));
  g_assert_true (ms_session_get_snapshot (session) == ms_session_get_live_snapshot (session));

  /* Home, then Escape; Escape when live is left to others. */
  g_assert_true (press_key (GTK_WIDGET (chart), GDK_KEY_Home));
  g_assert_cmpint (ms_session_get_viewed_sample (session), ==, 0);
  g_assert_true (press_escape (timeline));
  g_assert_cmpint (ms_session_get_viewed_sample (session), ==, -1);
  g_assert_false (press_escape (timeline));

  /* Collapsed for room (a short window with a banner): hidden, but while a
   * past moment is shown, whose Live button stays in sight. */
  ms_timeline_set_collapsed (timeline, TRUE);
  g_assert_true (ms_timeline_get_available (timeline));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (timeline)));
  ms_session_set_viewed_sample (session, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (timeline)));
  g_assert_true (gtk_widget_get_visible (_ms_timeline_get_live_button (timeline)));
  ms_session_set_viewed_sample (session, -1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (timeline)));
  ms_timeline_set_collapsed (timeline, FALSE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (timeline)));

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

/* A capture is one reading: no timeline. */
static void
test_capture_hidden (void)
{
  g_autofree char *path = ms_test_fixture_path ("c-sleep.smaps");
  MsWindow *window = ms_window_new (NULL);
  MsTimeline *timeline;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  ms_window_show_file (window, path);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  ms_test_let_draw ();
  timeline = ms_map_view_get_timeline (find_map_view (window));
  g_assert_cmpint (ms_session_get_state (ms_timeline_get_session (timeline)), ==, MS_SESSION_FILE);
  g_assert_false (ms_timeline_get_available (timeline));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (timeline)));

  ms_test_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/memscape/timeline/scrub", test_scrub);
  g_test_add_func ("/memscape/timeline/capture-hidden", test_capture_hidden);

  return g_test_run ();
}
