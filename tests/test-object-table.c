/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ms-export.h"
#include "ms-format.h"
#include "ms-object-item.h"
#include "ms-object-table-private.h"
#include "ms-region-item.h"
#include "ms-region-table-private.h"
#include "ms-strip.h"
#include "ms-test-util.h"
#include "ms-test-window.h"
#include "ms-window-private.h"

/* The region table By object, as a person works in it: switching to it
 * (remembered), an owner's regions under it, choosing rows (the strip
 * follows, and the table follows the strip), a refresh that keeps the rows
 * expanded and chosen, the keys, and copying owners as the grouped CSV. */

typedef struct {
  MsTestChild   *child;
  MsWindow      *window;
  MsSession     *session;
  MsRegionTable *table;
  MsObjectTable *objects;
  GSettings     *settings;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->settings = g_settings_new (APPLICATION_ID);
  g_settings_reset (f->settings, "region-table-view");
  f->child = ms_test_child_start ();
  f->window = ms_test_window_new ();
  ms_window_show_pid (f->window, f->child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, f->window));
  /* no refresh under the test's feet */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "refresh-interval", g_variant_new_uint32 (0));
  f->session = _ms_window_get_session (f->window);
  f->table = ms_map_view_get_table (_ms_window_get_map_view (f->window));
  f->objects = MS_OBJECT_TABLE (ms_test_find_widget (GTK_WIDGET (f->table), MS_TYPE_OBJECT_TABLE));
  g_assert_nonnull (f->objects);

  g_settings_set_enum (f->settings, "region-table-view", 1);
  ms_test_let_draw ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_settings_reset (f->settings, "region-table-view");
  ms_test_window_destroy (f->window);
  ms_test_child_stop (f->child);
  g_clear_object (&f->settings);
}

static GListModel *
rows_of (Fixture *f)
{
  return G_LIST_MODEL (_ms_object_table_get_selection (f->objects));
}

/* The row of the owner @key, or GTK_INVALID_LIST_POSITION. */
static guint
find_owner (Fixture    *f,
            const char *key)
{
  for (guint i = 0; i < g_list_model_get_n_items (rows_of (f)); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows_of (f), i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (MS_IS_OBJECT_ITEM (item) && g_strcmp0 (ms_object_item_get_key (MS_OBJECT_ITEM (item)), key) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static GtkTreeListRow *
row_at (Fixture *f,
        guint    position)
{
  return g_list_model_get_item (rows_of (f), position);
}

static MsObjectItem *
owner_at (Fixture *f,
          guint    position)
{
  g_autoptr(GtkTreeListRow) row = row_at (f, position);

  return MS_OBJECT_ITEM (gtk_tree_list_row_get_item (row));
}

/* The row of region @start, under its expanded owner, or GTK_INVALID_LIST_POSITION. */
static guint
find_region (Fixture *f,
             guint64  start)
{
  for (guint i = 0; i < g_list_model_get_n_items (rows_of (f)); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows_of (f), i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (MS_IS_REGION_ITEM (item) && ms_region_item_get_region (MS_REGION_ITEM (item))->start == start)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static gboolean
session_has_start (gpointer data)
{
  gpointer *args = data;
  MsSnapshot *snapshot = ms_session_get_snapshot (args[0]);

  return snapshot != NULL && ms_snapshot_find_start (snapshot, *(guint64 *) args[1]) >= 0;
}

/* The view chosen is shown and remembered; the count counts owners. */
static void
test_switch (Fixture       *f,
             gconstpointer  data)
{
  GtkStack *stack = GTK_STACK (ms_test_find_widget (GTK_WIDGET (f->table), GTK_TYPE_STACK));
  MsSnapshot *snapshot = ms_session_get_snapshot (f->session);
  g_autoptr(GArray) groups = ms_object_groups_new (snapshot, NULL);
  g_autofree char *count = g_strdup_printf ("%u objects", groups->len);
  g_autofree char *filtered = NULL;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "objects");
  g_assert_nonnull (ms_test_find_label (GTK_WIDGET (f->table), count));
  g_assert_cmpuint (ms_object_table_get_n_objects (f->objects), ==, groups->len);

  /* the filter applies to owners too */
  _ms_region_table_set_search (f->table, "malloc arena");
  g_assert_cmpuint (ms_object_table_get_n_shown (f->objects), ==, 1);
  filtered = g_strdup_printf ("1 of %u objects", groups->len);
  g_assert_nonnull (ms_test_find_label (GTK_WIDGET (f->table), filtered));
  _ms_region_table_set_search (f->table, "");

  /* through the toggle's action, as a click does */
  gtk_widget_activate_action (GTK_WIDGET (f->table), "table.region-table-view", "s", "regions");
  ms_test_let_draw ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "table");
  g_assert_cmpint (g_settings_get_enum (f->settings, "region-table-view"), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->table), "table.region-table-view", "s", "objects");
  ms_test_let_draw ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "objects");
  g_assert_cmpint (g_settings_get_enum (f->settings, "region-table-view"), ==, 1);
}

/* An owner's row's figures are the sums of its regions' rows under it. */
static void
test_sums (Fixture       *f,
           gconstpointer  data)
{
  guint n = g_list_model_get_n_items (rows_of (f));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = row_at (f, i);
      g_autoptr(GListModel) children = NULL;
      g_autoptr(MsObjectItem) owner = MS_OBJECT_ITEM (gtk_tree_list_row_get_item (row));
      const MsObjectGroup *g = ms_object_item_get_group (owner);
      guint64 size = 0, rss = 0, pss = 0, uss = 0, swap = 0;

      gtk_tree_list_row_set_expanded (row, TRUE);
      children = G_LIST_MODEL (gtk_tree_list_row_get_children (row));
      g_assert_nonnull (children);
      children = g_object_ref (children);
      g_assert_cmpuint (g_list_model_get_n_items (children), ==, g->regions);
      for (guint c = 0; c < g_list_model_get_n_items (children); c++)
        {
          g_autoptr(MsRegionItem) item = g_list_model_get_item (children, c);
          const MsRegion *r = ms_region_item_get_region (item);

          size += ms_region_get_size (r);
          rss += r->counters.rss;
          pss += r->counters.pss;
          uss += ms_region_get_uss (r);
          swap += r->counters.swap;
        }
      g_assert_cmpuint (g->size, ==, size);
      g_assert_cmpuint (g->rss, ==, rss);
      g_assert_cmpuint (g->pss, ==, pss);
      g_assert_cmpuint (g->uss, ==, uss);
      g_assert_cmpuint (g->swap, ==, swap);
      gtk_tree_list_row_set_expanded (row, FALSE);
    }
  g_assert_cmpuint (g_list_model_get_n_items (rows_of (f)), ==, n);
}

/* Choosing a region's row is the strip's region; an owner's row its first
 * region; the strip's choice is marked here; a refresh keeps the owner
 * expanded and its row chosen, also sorted by a column. */
static void
test_select_and_refresh (Fixture       *f,
                         gconstpointer  data)
{
  GtkSelectionModel *selection = _ms_object_table_get_selection (f->objects);
  MsStrip *strip = ms_map_view_get_strip (_ms_window_get_map_view (f->window));
  MsSnapshot *snapshot = ms_session_get_snapshot (f->session);
  guint arena = find_owner (f, "malloc arena");
  g_autoptr(MsObjectItem) arena_item = NULL;
  g_autoptr(GtkTreeListRow) arena_row = NULL;
  guint first, second, heap;
  int index;

  g_assert_cmpuint (arena, !=, GTK_INVALID_LIST_POSITION);
  arena_item = owner_at (f, arena);
  arena_row = row_at (f, arena);
  g_assert_cmpuint (ms_object_item_get_n_regions (arena_item), ==, 2);

  /* the owner: its first region */
  gtk_selection_model_select_item (selection, arena, TRUE);
  first = ms_object_item_get_region_index (arena_item, 0);
  g_assert_cmpuint (ms_session_get_selected_address (f->session), ==, snapshot->regions[first].start);
  g_assert_cmpint (ms_strip_get_selected (strip), ==, (int) first);

  /* its second region, under it */
  gtk_tree_list_row_set_expanded (arena_row, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (rows_of (f)), ==, ms_object_table_get_n_objects (f->objects) + 2);
  second = ms_object_item_get_region_index (arena_item, 1);
  gtk_selection_model_select_item (selection, arena + 2, TRUE);
  g_assert_cmpuint (ms_session_get_selected_address (f->session), ==, snapshot->regions[second].start);
  g_assert_cmpint (ms_strip_get_selected (strip), ==, (int) second);

  /* the strip's choice: the heap's row here */
  index = -1;
  for (guint i = 0; i < snapshot->n_regions; i++)
    if (snapshot->regions[i].kind == MS_KIND_HEAP && snapshot->regions[i].object == NULL)
      index = (int) i;
  g_assert_cmpint (index, >=, 0);
  ms_strip_select (strip, index, TRUE);
  heap = find_owner (f, "\x01" "heap");
  g_assert_true (gtk_selection_model_is_selected (selection, heap));
  g_assert_cmpuint (gtk_bitset_get_size (gtk_selection_model_get_selection (selection)), ==, 1);

  /* back to the arena's second region; sorted by size, largest first */
  gtk_selection_model_select_item (selection, arena + 2, TRUE);
  {
    GListModel *view_columns = gtk_column_view_get_columns (_ms_object_table_get_column_view (f->objects));
    g_autoptr(GtkColumnViewColumn) size = g_list_model_get_item (view_columns, 2);

    g_assert_cmpstr (gtk_column_view_column_get_title (size), ==, "Size");
    gtk_column_view_sort_by_column (_ms_object_table_get_column_view (f->objects), size, GTK_SORT_DESCENDING);
  }
  g_assert_true (gtk_selection_model_is_selected (selection, find_region (f, snapshot->regions[second].start)));
  g_assert_cmpuint (gtk_bitset_get_size (gtk_selection_model_get_selection (selection)), ==, 1);

  /* a refresh with a new mapping (a new row for the anonymous owner) */
  {
    g_autofree char *answer = ms_test_child_command (f->child, "map 7");
    guint64 mapped = g_ascii_strtoull (answer + strlen ("mapped "), NULL, 16);
    gpointer args[2] = { f->session, &mapped };

    g_assert_true (g_str_has_prefix (answer, "mapped 0x"));
    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.refresh", NULL);
    g_assert_true (ms_test_wait_for (session_has_start, args));
    ms_test_let_draw ();
  }
  snapshot = ms_session_get_snapshot (f->session);
  arena = find_owner (f, "malloc arena");
  {
    g_autoptr(MsObjectItem) now = owner_at (f, arena);

    g_assert_true (now == arena_item);
  }
  g_assert_true (gtk_tree_list_row_get_expanded (arena_row));
  second = ms_object_item_get_region_index (arena_item, 1);
  g_assert_true (gtk_selection_model_is_selected (selection, find_region (f, snapshot->regions[second].start)));
  g_assert_cmpuint (gtk_bitset_get_size (gtk_selection_model_get_selection (selection)), ==, 1);
  g_assert_cmpuint (ms_session_get_selected_address (f->session), ==, snapshot->regions[second].start);
  /* still in the order asked for */
  for (guint i = 1; i < g_list_model_get_n_items (rows_of (f)); i++)
    {
      g_autoptr(GtkTreeListRow) a = row_at (f, i - 1);
      g_autoptr(GtkTreeListRow) b = row_at (f, i);
      g_autoptr(GObject) ia = gtk_tree_list_row_get_item (a);
      g_autoptr(GObject) ib = gtk_tree_list_row_get_item (b);

      if (MS_IS_OBJECT_ITEM (ia) && MS_IS_OBJECT_ITEM (ib))
        g_assert_cmpuint (ms_object_item_get_group (MS_OBJECT_ITEM (ia))->size, >=,
                          ms_object_item_get_group (MS_OBJECT_ITEM (ib))->size);
    }
}

/* The row with the keyboard focus made @position's. */
static void
focus_row (Fixture *f,
           guint    position)
{
  GtkWidget *list = gtk_widget_get_last_child (GTK_WIDGET (_ms_object_table_get_column_view (f->objects)));

  gtk_widget_activate_action (list, "list.scroll-to-item", "u", position);
  gtk_widget_activate_action (list, "list.select-item", "(ubb)", position, FALSE, FALSE);
  ms_test_let_draw ();
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *cell = gtk_widget_get_first_child (row);

      if (cell == NULL || !gtk_widget_get_mapped (row))
        continue;
      /* the cell's expander, whose list item knows the row's position */
      if (gtk_widget_get_first_child (cell) != NULL &&
          GTK_IS_TREE_EXPANDER (gtk_widget_get_first_child (cell)))
        {
          GtkTreeListRow *shown = gtk_tree_expander_get_list_row (GTK_TREE_EXPANDER (gtk_widget_get_first_child (cell)));
          g_autoptr(GtkTreeListRow) wanted = row_at (f, position);

          if (shown == wanted)
            {
              gtk_widget_grab_focus (row);
              return;
            }
        }
    }
  g_assert_not_reached ();
}

static void
press (GtkWidget       *widget,
       guint            key,
       GdkModifierType  mods)
{
  /* what a key press does: the shortcut's action, found as GTK finds it */
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint s = 0; s < g_list_model_get_n_items (G_LIST_MODEL (controller)); s++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), s);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == key &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods)
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget, NULL));
              return;
            }
        }
    }
  g_assert_not_reached ();
}

/* + / Shift+Right expand the focused owner, − / Shift+Left collapse it,
 * also from one of its regions (its owner then focused and chosen); one
 * Tab stop; Ctrl+C copies owners as the grouped CSV's rows. */
static void
test_keys_and_copy (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (_ms_object_table_get_column_view (f->objects));
  GtkSelectionModel *selection = _ms_object_table_get_selection (f->objects);
  guint arena = find_owner (f, "malloc arena");
  guint text = find_owner (f, ms_session_get_snapshot (f->session)->regions[0].object);
  g_autoptr(GtkTreeListRow) row = row_at (f, arena);
  g_autoptr(GString) grouped = g_string_new (NULL);
  g_autofree char *copied = NULL;
  g_auto(GStrv) lines = NULL;

  focus_row (f, arena);
  press (view, GDK_KEY_plus, 0);
  g_assert_true (gtk_tree_list_row_get_expanded (row));
  press (view, GDK_KEY_minus, 0);
  g_assert_false (gtk_tree_list_row_get_expanded (row));
  press (view, GDK_KEY_Right, GDK_SHIFT_MASK);
  g_assert_true (gtk_tree_list_row_get_expanded (row));

  /* from its region's row, Shift+Left goes back to the owner */
  focus_row (f, arena + 1);
  press (view, GDK_KEY_Left, GDK_SHIFT_MASK);
  g_assert_false (gtk_tree_list_row_get_expanded (row));
  g_assert_true (gtk_selection_model_is_selected (selection, arena));

  /* Menu, Shift+F10: the rows' menu */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->objects), "objects.menu", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_ms_object_table_get_context_menu (f->objects))));
  gtk_popover_popdown (_ms_object_table_get_context_menu (f->objects));

  /* Ctrl+C: the owners chosen as the grouped CSV has them, tab-separated */
  g_assert_null (_ms_region_table_get_selection_text (f->table));
  gtk_selection_model_select_item (selection, text, FALSE);
  {
    g_autoptr(MsObjectItem) a = owner_at (f, arena);
    g_autoptr(MsObjectItem) b = owner_at (f, text);
    g_autofree char *size = ms_format_size (ms_object_item_get_group (a)->size + ms_object_item_get_group (b)->size);
    g_autofree char *rss = ms_format_size (ms_object_item_get_group (a)->rss + ms_object_item_get_group (b)->rss);
    g_autofree char *expected = g_strdup_printf ("2 objects selected · Size %s · RSS %s · ", size, rss);

    /* and their sums under the table */
    g_assert_true (g_str_has_prefix (_ms_region_table_get_selection_text (f->table), expected));
  }
  copied = _ms_object_table_dup_copy_text (f->objects);
  ms_csv_write_grouped (ms_session_get_snapshot (f->session), grouped);
  lines = g_strsplit (copied, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[2], ==, "");
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *line = g_strdup_printf ("\n%s\n", lines[i]);

      g_strdelimit (line, "\t", ',');
      g_assert_nonnull (strstr (grouped->str, line));
    }
  g_assert_true (g_str_has_prefix (copied, text < arena ? "/" : "malloc arena\theap\t2\t"));

  /* the table is one Tab stop: its rows are not reached by Tab */
  g_assert_true (gtk_widget_get_focusable (view) || gtk_widget_get_focusable (gtk_widget_get_last_child (view)));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/memscape/object-table/switch", Fixture, NULL, fixture_set_up, test_switch, fixture_tear_down);
  g_test_add ("/memscape/object-table/sums", Fixture, NULL, fixture_set_up, test_sums, fixture_tear_down);
  g_test_add ("/memscape/object-table/select-and-refresh", Fixture, NULL,
              fixture_set_up, test_select_and_refresh, fixture_tear_down);
  g_test_add ("/memscape/object-table/keys-and-copy", Fixture, NULL,
              fixture_set_up, test_keys_and_copy, fixture_tear_down);

  return g_test_run ();
}
