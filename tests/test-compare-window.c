/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ms-reader.h"
#include "ms-recording.h"
#include "ms-compare-bar.h"
#include "ms-map-view-private.h"
#include "ms-region-item.h"
#include "ms-region-table-private.h"
#include "ms-test-util.h"
#include "ms-test-window.h"
#include "ms-window-private.h"

/* Comparing with a baseline in the window, on a live child: Ctrl+B's
 * action pins what is shown; a change in the child then shows in the delta
 * columns, "Changed Only" keeps the regions that changed, "What Grew"
 * selects an owner's region, a capture can be the baseline, and stopping
 * takes it all away. */

typedef struct {
  MsWindow   *window;
  guint64     start;
  const char *label;   /* for has_label () */
} Waiting;

/* The comparison shown is of the snapshot shown, and has region @start of
 * it as added. */
static gboolean
shows_added (gpointer data)
{
  Waiting *waiting = data;
  MsBaseline *baseline = ms_map_view_get_baseline (_ms_window_get_map_view (waiting->window));
  MsCompare *compare = ms_baseline_get_compare (baseline);
  MsSnapshot *snapshot = _ms_window_get_snapshot (waiting->window);
  int index;

  if (compare == NULL || ms_compare_get_current (compare) != snapshot)
    return FALSE;
  index = ms_snapshot_find_start (snapshot, waiting->start);
  return index >= 0 && ms_compare_get_pair_of_current (compare, index)->change == MS_COMPARE_ADDED;
}

static gboolean
has_label (gpointer data)
{
  Waiting *waiting = data;
  MsBaseline *baseline = ms_map_view_get_baseline (_ms_window_get_map_view (waiting->window));

  return g_strcmp0 (ms_baseline_get_label (baseline), waiting->label) == 0 &&
         ms_baseline_get_compare (baseline) != NULL;
}

static GtkColumnViewColumn *
find_column (GtkColumnView *view,
             const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }
  return NULL;
}

/* The "Changed Only" toggle (the table has other toggles: Regions / By Object). */
static gboolean
is_changed_only (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_TOGGLE_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "C_hanged Only") == 0;
}

static void
test_pin_and_filter (void)
{
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = ms_test_window_new ();
  MsMapView *map_view = _ms_window_get_map_view (window);
  MsRegionTable *table = ms_map_view_get_table (map_view);
  MsCompareBar *bar = _ms_map_view_get_compare_bar (map_view);
  GtkColumnView *view = _ms_region_table_get_column_view (table);
  GtkColumnViewColumn *delta_rss;
  GtkWidget *changed_only;
  MsBaseline *baseline;
  MsCompare *compare;
  MsSnapshot *snapshot;
  g_autofree char *answer = NULL;
  Waiting waiting = { window, 0, NULL };
  guint differing = 0, rows;

  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  baseline = ms_map_view_get_baseline (map_view);
  g_assert_nonnull (baseline);
  delta_rss = find_column (view, "ΔRSS");
  g_assert_nonnull (delta_rss);
  g_assert_false (gtk_column_view_column_get_visible (delta_rss));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (table)));

  /* Ctrl+B's action: the snapshot shown is the baseline. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pin-baseline", NULL);
  g_assert_true (ms_baseline_get_snapshot (baseline) == _ms_window_get_snapshot (window));
  g_assert_true (g_str_has_prefix (ms_baseline_get_label (baseline), "Compared with "));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bar)));
  g_assert_true (gtk_column_view_column_get_visible (delta_rss));
  g_assert_cmpstr (_ms_compare_bar_get_counts (bar), ==, "0 added · 0 removed · 0 grown · 0 shrunk · 0 changed");

  /* A change in the child, read. */
  answer = ms_test_child_command (child, "reserve 16 0");
  waiting.start = g_ascii_strtoull (answer + strlen ("mapped "), NULL, 16);
  g_free (ms_test_child_command (child, "touch 16"));
  ms_session_refresh (_ms_window_get_session (window));
  g_assert_true (ms_test_wait_for (shows_added, &waiting));
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  ms_test_let_draw ();
  compare = ms_baseline_get_compare (baseline);
  snapshot = _ms_window_get_snapshot (window);
  g_assert_true (ms_compare_get_current (compare) == snapshot);
  g_assert_true (g_str_has_prefix (_ms_compare_bar_get_counts (bar), "1 added"));
  g_assert_true (gtk_column_view_column_get_visible (delta_rss));

  /* "Changed Only": the rows are the regions that are not as they were. */
  for (guint i = 0; i < snapshot->n_regions; i++)
    if (ms_compare_get_pair_of_current (compare, i)->change != MS_COMPARE_UNCHANGED)
      differing++;
  g_assert_cmpuint (differing, >=, 1);
  g_assert_cmpuint (differing, <, snapshot->n_regions);
  g_assert_cmpuint (g_list_model_get_n_items (ms_region_table_get_model (table)), ==, snapshot->n_regions);
  changed_only = ms_test_find_descendant (GTK_WIDGET (table), is_changed_only, NULL);
  g_assert_nonnull (changed_only);
  g_assert_true (gtk_widget_get_visible (changed_only));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (changed_only), TRUE);
  rows = g_list_model_get_n_items (ms_region_table_get_model (table));
  g_assert_cmpuint (rows, ==, differing);
  for (guint r = 0; r < rows; r++)
    {
      g_autoptr(MsRegionItem) item = g_list_model_get_item (ms_region_table_get_model (table), r);

      g_assert_cmpint (ms_compare_get_pair_of_current (compare, ms_region_item_get_index (item))->change, !=,
                       MS_COMPARE_UNCHANGED);
    }
  g_assert_cmpuint (ms_region_table_get_position (table, ms_snapshot_find_start (snapshot, waiting.start)), !=,
                    GTK_INVALID_LIST_POSITION);

  /* What grew: anonymous memory, 64 KiB of it resident; choosing it selects
   * its region. */
  g_assert_cmpuint (_ms_compare_bar_get_n_grew (bar), >=, 1);
  _ms_compare_bar_choose_grew (bar, 0);
  g_assert_cmpuint (ms_session_get_selected_address (_ms_window_get_session (window)), !=, MS_NO_ADDRESS);

  /* Stopped: no bar, no deltas, every row. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop-comparing", NULL);
  g_assert_null (ms_baseline_get_compare (baseline));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));
  g_assert_false (gtk_column_view_column_get_visible (delta_rss));
  g_assert_false (gtk_widget_get_visible (changed_only));
  g_assert_cmpuint (g_list_model_get_n_items (ms_region_table_get_model (table)), ==, snapshot->n_regions);

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

/* A captured file as the baseline: named by the bar. */
static void
test_compare_with_file (void)
{
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = ms_test_window_new ();
  g_autofree char *dir = g_dir_make_tmp ("ms-compare-window-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "before.smaps", NULL);
  g_autofree char *proc = g_strdup_printf ("/proc/%d/smaps", child->pid);
  g_autofree char *text = NULL;
  g_autofree char *recording = g_build_filename (dir, "before.memscape", NULL);
  Waiting waiting = { window, 0, "Compared with before.smaps" };
  MsCompare *compare;
  MsRecordingWriter *writer;
  g_autoptr(MsSnapshot) first = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (proc, &text, NULL, NULL));
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));

  ms_window_compare_with_file (window, path);
  g_assert_true (ms_test_wait_for (has_label, &waiting));
  compare = ms_baseline_get_compare (ms_map_view_get_baseline (_ms_window_get_map_view (window)));
  /* The same regions as the capture: nothing added or removed. */
  g_assert_cmpuint (ms_compare_count (compare, MS_COMPARE_ADDED), ==, 0);
  g_assert_cmpuint (ms_compare_count (compare, MS_COMPARE_REMOVED), ==, 0);

  /* A recording as the baseline: its last sample. The child's map now, one
   * sample of it (then a region more): that region is added since. */
  first = ms_read_pid (child->pid, NULL, &error);
  g_assert_no_error (error);
  writer = ms_recording_writer_create (recording, &error);
  g_assert_no_error (error);
  g_assert_true (ms_recording_writer_add (writer, first->time_usec, first, &error));
  g_assert_true (ms_recording_writer_finish (writer, &error));
  g_assert_no_error (error);
  ms_recording_writer_free (writer);
  g_free (ms_test_child_command (child, "map 4"));
  ms_session_refresh (_ms_window_get_session (window));
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  waiting.label = "Compared with before.memscape";
  ms_window_compare_with_file (window, recording);
  g_assert_true (ms_test_wait_for (has_label, &waiting));
  compare = ms_baseline_get_compare (ms_map_view_get_baseline (_ms_window_get_map_view (window)));
  g_assert_true (ms_compare_get_baseline (compare) != first);
  g_assert_cmpuint (ms_compare_get_baseline (compare)->n_regions, ==, first->n_regions);

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
  ms_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/memscape/compare-window/pin-and-filter", test_pin_and_filter);
  g_test_add_func ("/memscape/compare-window/file", test_compare_with_file);

  return g_test_run ();
}
