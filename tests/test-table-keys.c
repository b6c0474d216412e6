/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <string.h>

#include "ms-cells.h"
#include "ms-object-table-private.h"
#include "ms-region-table-private.h"
#include "ms-test-util.h"
#include "ms-test-window.h"
#include "ms-window-private.h"

/* Keys pressed in the region table as a person presses them: real key
 * events through the X server (xdotool, XTEST), so that they take the path
 * GTK gives them, key capture and all. The X server's pointer and focus are
 * shared by every window on it: this test runs alone (meson: is_parallel). */

/* Real key presses, through the X server (XTEST), at @window: xdotool
 * @args, then what they caused dispatched. */
static void
xdotool (GtkWidget  *window,
         const char *args)
{
  const char *xdotool = g_getenv ("XDOTOOL");
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_nonnull (xdotool);
  command = g_strdup_printf ("%s %s", xdotool, args);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* A round trip: every event xdotool made is in our queue before the
   * window handles what it has (on a busy machine they can come late). */
  gdk_display_sync (gtk_widget_get_display (window));
  ms_test_let_draw ();
}

static gboolean
popover_shown (gpointer popover)
{
  return gtk_widget_get_visible (popover);
}

static void
keep_text (GObject      *clipboard,
           GAsyncResult *result,
           gpointer      data)
{
  char **text = data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (clipboard), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static gboolean
text_read (gpointer data)
{
  return *(char **) data != NULL;
}

/* A row clicked, Ctrl+A, then Shift+F10 (pressed as a person does) opens
 * the rows' menu, not the filter entry's: the entry takes the keys typed in
 * the table to filter, and took Shift+F10 (its own menu) and Ctrl+C (its
 * empty selection) with them. (Reported in German; it was so in any
 * language: the keys, not the words, did it.) */
static void
test_keys_in_table (void)
{
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window;
  MsRegionTable *table;
  GtkColumnView *view;
  GtkWidget *entry;
  GtkWidget *row = NULL;
  graphene_point_t point;
  g_autofree char *move = NULL;
  g_autofree char *copied = NULL;
  guint64 first_start;

  window = ms_test_window_new ();
  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "refresh-interval", g_variant_new_uint32 (0));
  ms_test_let_draw ();
  table = ms_map_view_get_table (_ms_window_get_map_view (window));
  view = _ms_region_table_get_column_view (table);
  entry = ms_test_find_widget (GTK_WIDGET (table), GTK_TYPE_SEARCH_ENTRY);
  first_start = ms_session_get_snapshot (_ms_window_get_session (window))->regions[0].start;

  /* the first row, clicked */
  for (GtkWidget *w = gtk_widget_get_first_child (gtk_widget_get_last_child (GTK_WIDGET (view)));
       w != NULL && row == NULL; w = gtk_widget_get_next_sibling (w))
    if (ms_cell_get_position (w, GTK_WIDGET (view)) == 0)
      row = w;
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_compute_point (row, GTK_WIDGET (window), &GRAPHENE_POINT_INIT (60, 8), &point));
  move = g_strdup_printf ("mousemove --window %lu %d %d click 1",
                          (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))),
                          (int) point.x, (int) point.y);
  xdotool (GTK_WIDGET (window), move);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (view)));

  xdotool (GTK_WIDGET (window), "key ctrl+a");
  g_assert_cmpuint (gtk_bitset_get_size (gtk_selection_model_get_selection (ms_region_table_get_selection (table))), ==,
                    ms_session_get_snapshot (_ms_window_get_session (window))->n_regions);

  /* Ctrl+C: the rows, not the entry's nothing */
  xdotool (GTK_WIDGET (window), "key ctrl+c");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL, keep_text, &copied);
  g_assert_true (ms_test_wait_for (text_read, &copied));
  {
    g_autofree char *start = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x\t", first_start);

    g_assert_true (g_str_has_prefix (copied, start));
  }

  /* Shift+F10: the rows' menu */
  xdotool (GTK_WIDGET (window), "key shift+F10");
  g_assert_true (ms_test_wait_for (popover_shown, _ms_region_table_get_context_menu (table)));
  {
    GtkWidget *entry_menu = ms_test_find_widget (entry, GTK_TYPE_POPOVER_MENU);

    g_assert_true (entry_menu == NULL || !gtk_widget_get_visible (entry_menu));
  }
  g_assert_false (gtk_widget_has_focus (entry) || gtk_widget_get_focus_child (entry) != NULL);
  gtk_popover_popdown (_ms_region_table_get_context_menu (table));

  /* in the entry, Shift+F10 is still the entry's own */
  gtk_widget_grab_focus (entry);
  ms_test_let_draw ();
  xdotool (GTK_WIDGET (window), "key shift+F10");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_ms_region_table_get_context_menu (table))));
  {
    GtkWidget *entry_menu = ms_test_find_widget (entry, GTK_TYPE_POPOVER_MENU);

    g_assert_nonnull (entry_menu);
    g_assert_true (gtk_widget_get_visible (entry_menu));
    gtk_popover_popdown (GTK_POPOVER (entry_menu));
  }
  xdotool (GTK_WIDGET (window), "mousemove 0 0");

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

/* Where row @position of @view is, in @window's X window: "--window XID X Y". */
static char *
row_spot (GtkWidget     *window,
          GtkColumnView *view,
          guint          position)
{
  GtkWidget *row = NULL;
  graphene_point_t point;

  for (GtkWidget *w = gtk_widget_get_first_child (gtk_widget_get_last_child (GTK_WIDGET (view)));
       w != NULL && row == NULL; w = gtk_widget_get_next_sibling (w))
    if (gtk_widget_get_mapped (w) && ms_cell_get_position (w, GTK_WIDGET (view)) == position)
      row = w;
  g_assert_nonnull (row);
  /* past the arrow and the swatch, on the name */
  g_assert_true (gtk_widget_compute_point (row, window, &GRAPHENE_POINT_INIT (120, 8), &point));
  return g_strdup_printf ("--window %lu %d %d",
                          (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))),
                          (int) point.x, (int) point.y);
}

static gboolean
one_selected (gpointer selection)
{
  return gtk_bitset_get_size (gtk_selection_model_get_selection (selection)) == 1;
}

static gboolean
two_selected (gpointer selection)
{
  return gtk_bitset_get_size (gtk_selection_model_get_selection (selection)) == 2;
}

/* row_spot() once the window has stopped moving it: on a slow machine
 * (ASan) the timeline and the legend's layout can come after the table
 * is drawn, and push its rows down. */
static char *
settled_row_spot (GtkWidget     *window,
                  GtkColumnView *view,
                  guint          position)
{
  char *spot = row_spot (window, view, position);

  for (int tries = 0; tries < 50; tries++)
    {
      char *again;

      ms_test_spin (200);
      again = row_spot (window, view, position);
      if (g_str_equal (again, spot))
        {
          g_free (again);
          break;
        }
      g_free (spot);
      spot = again;
    }
  return spot;
}

/* By object: a click chooses an owner, Ctrl+click adds another (GTK 4.8's
 * column view would toggle it twice), their sums show beneath; Shift+F10
 * opens the owners' menu. */
static void
test_objects_click_and_menu (void)
{
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = ms_test_window_new ();
  MsRegionTable *table;
  MsObjectTable *objects;
  GtkColumnView *view;
  GtkSelectionModel *selection;
  g_autofree char *first = NULL;
  g_autofree char *third = NULL;
  g_autofree char *command = NULL;

  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "refresh-interval", g_variant_new_uint32 (0));
  table = ms_map_view_get_table (_ms_window_get_map_view (window));
  gtk_widget_activate_action (GTK_WIDGET (table), "table.region-table-view", "s", "objects");
  ms_test_let_draw ();
  objects = MS_OBJECT_TABLE (ms_test_find_widget (GTK_WIDGET (table), MS_TYPE_OBJECT_TABLE));
  view = _ms_object_table_get_column_view (objects);
  selection = _ms_object_table_get_selection (objects);

  /* the lower row first: a tooltip shown below the pointer on a slow
   * machine (ASan) would cover the rows beneath it, not the one above; and
   * where the upper row is found again once the click has been handled
   * (choosing an owner can scroll the table by a row: so the second and
   * the fourth rows, never the first) */
  third = settled_row_spot (GTK_WIDGET (window), view, 3);
  command = g_strdup_printf ("mousemove %s click 1", third);
  xdotool (GTK_WIDGET (window), command);
  g_free (command);
  g_assert_true (ms_test_wait_for (one_selected, selection));
  first = settled_row_spot (GTK_WIDGET (window), view, 1);
  command = g_strdup_printf ("mousemove %s keydown ctrl click 1 keyup ctrl", first);
  xdotool (GTK_WIDGET (window), command);
  /* (the X server's events can come after the first draw, on a busy machine) */
  g_assert_true (ms_test_wait_for (two_selected, selection));
  g_assert_true (gtk_selection_model_is_selected (selection, 1));
  g_assert_true (gtk_selection_model_is_selected (selection, 3));
  g_assert_true (g_str_has_prefix (_ms_region_table_get_selection_text (table), "2 objects selected · Size "));

  xdotool (GTK_WIDGET (window), "key shift+F10");
  g_assert_true (ms_test_wait_for (popover_shown, _ms_object_table_get_context_menu (objects)));
  gtk_popover_popdown (_ms_object_table_get_context_menu (objects));
  xdotool (GTK_WIDGET (window), "mousemove 0 0");

  gtk_widget_activate_action (GTK_WIDGET (table), "table.region-table-view", "s", "regions");
  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/memscape/table-keys/menu-and-copy", test_keys_in_table);
  g_test_add_func ("/memscape/table-keys/objects-click-and-menu", test_objects_click_and_menu);

  return g_test_run ();
}
