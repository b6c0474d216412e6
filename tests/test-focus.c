/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ms-legend.h"
#include "ms-region-table.h"
#include "ms-summary.h"
#include "ms-test-util.h"
#include "ms-test-window.h"
#include "ms-timeline-chart.h"
#include "ms-window-private.h"

/* The window with the keyboard only: Tab goes from pane to pane, one stop
 * for each list (not a stop a row: the region table may have 60 000), one
 * for the legend, none on text that can only be read; arrows move within.
 * Widget tests, under Xvfb, on a live child with a region of every kind. */

/* The outermost ancestor of @widget (itself included) of @type, or NULL. */
static GtkWidget *
ancestor_of_type (GtkWidget *widget,
                  GType      type)
{
  GtkWidget *found = NULL;

  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
      found = widget;
  return found;
}

/* Which of the window's parts the focus is in, by name; NULL for another
 * widget (a button). */
static const char *
part_of (MsWindow  *window,
         GtkWidget *focus)
{
  MsProcessListView *list = _ms_window_get_process_list (window);
  MsMapView *map = _ms_window_get_map_view (window);

  if (focus == NULL)
    return NULL;
  if (gtk_widget_is_ancestor (focus, GTK_WIDGET (list)))
    return ancestor_of_type (focus, GTK_TYPE_SEARCH_ENTRY) != NULL ? "process-search" : "process-list";
  if (ancestor_of_type (focus, MS_TYPE_TIMELINE_CHART) != NULL)
    return "timeline";
  if (ancestor_of_type (focus, MS_TYPE_STRIP) != NULL)
    return "strip";
  if (ancestor_of_type (focus, MS_TYPE_LEGEND) != NULL)
    return "legend";
  if (ancestor_of_type (focus, MS_TYPE_SUMMARY) != NULL)
    return "summary";
  /* the table's buttons (Regions, By Object) are buttons */
  if (gtk_widget_is_ancestor (focus, GTK_WIDGET (ms_map_view_get_table (map))) && GTK_IS_BUTTON (focus))
    return NULL;
  if (gtk_widget_is_ancestor (focus, GTK_WIDGET (ms_map_view_get_table (map))))
    return ancestor_of_type (focus, GTK_TYPE_SEARCH_ENTRY) != NULL ? "region-search" : "region-table";
  return NULL;
}

static char *
describe (GtkWidget *focus)
{
  const char *text = NULL;

  if (GTK_IS_BUTTON (focus) || GTK_IS_MENU_BUTTON (focus))
    text = gtk_widget_get_tooltip_text (focus);
  if (text == NULL && GTK_IS_BUTTON (focus))
    text = gtk_button_get_label (GTK_BUTTON (focus));
  return g_strdup_printf ("%s in %s%s%s%s", G_OBJECT_TYPE_NAME (focus),
                          G_OBJECT_TYPE_NAME (gtk_widget_get_parent (focus)),
                          text != NULL ? " (" : "", text != NULL ? text : "", text != NULL ? ")" : "");
}

/* Walks the window with Tab (as GtkWindow's Tab binding does) from the
 * process search entry until the focus comes back to it: the parts met, in
 * order, each once (however many rows or items it has), and how many stops
 * in all. */
static GPtrArray *
walk (MsWindow         *window,
      GtkDirectionType  direction,
      guint            *n_stops)
{
  GPtrArray *parts = g_ptr_array_new ();
  GtkWidget *start;

  ms_process_list_view_focus_search (_ms_window_get_process_list (window));
  start = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (start);
  g_ptr_array_add (parts, (gpointer) "process-search");

  for (*n_stops = 1; *n_stops < 200; (*n_stops)++)
    {
      GtkWidget *focus;
      const char *part;
      g_autofree char *what = NULL;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), direction))
        {
          /* off the end: GtkWindow's binding then starts again from the top */
          gtk_window_set_focus (GTK_WINDOW (window), NULL);
          g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), direction));
        }
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_nonnull (focus);
      what = describe (focus);
      part = part_of (window, focus);
      g_test_message ("stop %u: %s%s%s", *n_stops, what, part != NULL ? " in " : "", part != NULL ? part : "");

      /* text that can only be read is no stop */
      g_assert_false (GTK_IS_LABEL (focus));
      if (focus == start)
        break;
      /* each part once, one stop: a list however long, the legend */
      if (part != NULL)
        {
          if (g_ptr_array_find_with_equal_func (parts, part, g_str_equal, NULL))
            g_error ("stop %u is a second stop in %s", *n_stops, part);
          g_ptr_array_add (parts, (gpointer) part);
        }
    }
  return parts;
}

static MsWindow *
window_on_child (MsTestChild *child)
{
  MsWindow *window = ms_test_window_new ();

  g_assert_true (ms_test_wait_for (ms_test_list_loaded, _ms_window_get_process_list (window)));
  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_assert_cmpstr (_ms_window_get_page (window), ==, "map");
  ms_test_let_draw ();
  return window;
}

static void
test_tab_walks_panes (void)
{
  static const char * const expected[] = {
    /* (the summary: its limits button) */
    "process-search", "process-list", "summary", "timeline", "strip", "legend", "region-search", "region-table",
  };
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = window_on_child (child);
  g_autoptr(GPtrArray) forward = NULL;
  g_autoptr(GPtrArray) backward = NULL;
  guint n_forward, n_backward;

  forward = walk (window, GTK_DIR_TAB_FORWARD, &n_forward);
  g_test_message ("Tab: %u stops", n_forward);
  g_assert_cmpuint (forward->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (g_ptr_array_index (forward, i), ==, expected[i]);
  /* the panes' main widgets and the buttons of the header bars, the
   * timeline's measure and the strip's scale and zoom: a bounded walk,
   * whatever the process */
  g_assert_cmpuint (n_forward, <=, 24);

  /* Shift+Tab: the same stops, the other way. */
  backward = walk (window, GTK_DIR_TAB_BACKWARD, &n_backward);
  g_assert_cmpuint (n_backward, ==, n_forward);
  g_assert_cmpuint (backward->len, ==, G_N_ELEMENTS (expected));
  g_assert_cmpstr (g_ptr_array_index (backward, 0), ==, "process-search");
  for (guint i = 1; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (g_ptr_array_index (backward, i), ==, expected[G_N_ELEMENTS (expected) - i]);

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

/* Folded, the process shown, and done moving (the list beside it unmapped:
 * while the leaflet slides, both are on screen). */
static gboolean
folded_to_process (gpointer data)
{
  MsWindow *window = data;
  GtkWidget *list = GTK_WIDGET (_ms_window_get_process_list (window));
  AdwLeaflet *leaflet = ADW_LEAFLET (ancestor_of_type (list, ADW_TYPE_LEAFLET));

  return adw_leaflet_get_folded (leaflet) && !adw_leaflet_get_child_transition_running (leaflet) &&
         !gtk_widget_get_mapped (list);
}

/* At 800×600 the window folds to the process alone: Tab goes round its
 * pane only, the list hidden beside it is no stop. */
static void
test_tab_folded (void)
{
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = window_on_child (child);
  GtkWidget *start;
  guint n_stops = 0;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  g_assert_true (ms_test_wait_for (folded_to_process, window));
  ms_test_let_draw ();
  ms_region_table_focus_search (ms_map_view_get_table (_ms_window_get_map_view (window)));
  start = gtk_root_get_focus (GTK_ROOT (window));
  do
    {
      GtkWidget *focus;
      const char *part;

      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_true (gtk_widget_is_drawable (focus));
      part = part_of (window, focus);
      {
        g_autofree char *what = describe (focus);

        g_test_message ("folded stop %u: %s%s%s", n_stops + 1, what, part != NULL ? " in " : "", part != NULL ? part : "");
      }
      if (part != NULL && !g_ptr_array_find_with_equal_func (parts, part, g_str_equal, NULL))
        g_ptr_array_add (parts, (gpointer) part);
      if (++n_stops > 40)
        g_error ("Tab did not come back in the folded window");
      if (focus == start)
        break;
    }
  while (TRUE);

  g_assert_false (g_ptr_array_find_with_equal_func (parts, "process-list", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (parts, "process-search", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (parts, "strip", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (parts, "region-table", g_str_equal, NULL));

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

/* Tabs from the process search entry to the first stop in @part. */
static GtkWidget *
tab_to (MsWindow   *window,
        const char *part)
{
  ms_process_list_view_focus_search (_ms_window_get_process_list (window));
  for (guint i = 0; i < 50; i++)
    {
      GtkWidget *focus;

      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
      focus = gtk_root_get_focus (GTK_ROOT (window));
      if (g_strcmp0 (part_of (window, focus), part) == 0)
        return focus;
    }
  g_error ("Tab never reached %s", part);
}

/* Arrows move within the legend (its one Tab stop) and within a list. */
static void
test_arrows_within (void)
{
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = window_on_child (child);
  GtkWidget *first, *focus;

  /* The legend: Right moves from kind to kind, as GtkWindow moves the focus
   * with an arrow no widget took. */
  first = tab_to (window, "legend");
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_RIGHT));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus != first);
  g_assert_cmpstr (part_of (window, focus), ==, "legend");
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_RIGHT));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) != focus);
  g_assert_cmpstr (part_of (window, gtk_root_get_focus (GTK_ROOT (window))), ==, "legend");
  /* and Tab leaves it from any of its items, to the table's two view
   * buttons (Regions, By Object), then its filter */
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
      g_assert_true (GTK_IS_TOGGLE_BUTTON (gtk_root_get_focus (GTK_ROOT (window))));
    }
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
  g_assert_cmpstr (part_of (window, gtk_root_get_focus (GTK_ROOT (window))), ==, "region-search");

  /* The regions: Down goes to the next row; Tab leaves the table. */
  first = tab_to (window, "region-table");
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_DOWN));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus != first);
  g_assert_cmpstr (part_of (window, focus), ==, "region-table");
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
  g_assert_cmpstr (part_of (window, gtk_root_get_focus (GTK_ROOT (window))), !=, "region-table");

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/memscape/focus/tab-walks-panes", test_tab_walks_panes);
  g_test_add_func ("/memscape/focus/arrows-within", test_arrows_within);
  g_test_add_func ("/memscape/focus/tab-folded", test_tab_folded);

  return g_test_run ();
}
