/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ms-cells.h"
#include "ms-export.h"
#include "ms-field.h"
#include "ms-format.h"
#include "ms-reader.h"
#include "ms-region-item.h"
#include "ms-region-table-private.h"
#include "ms-strip.h"
#include "ms-test-util.h"
#include "ms-test-window.h"
#include "ms-window-private.h"

/* The region table as a person works in it: which columns it shows (and
 * keeps in the settings), the rows chosen, their sum, copying them, its
 * menus, and sorting. Widget tests, under Xvfb, on a real child process. */

static const char *default_columns[] = { "start", "size", "kind", "path", "rss", "pss", NULL };

static GSettings *
reset_settings (void)
{
  GSettings *settings = g_settings_new (APPLICATION_ID);

  g_settings_reset (settings, "region-columns");
  return settings;
}

/* A table on its own in a window of @width × 700, showing @snapshot. */
static MsRegionTable *
table_in_window (MsSnapshot *snapshot,
                 int         width,
                 GtkWidget **window)
{
  MsRegionTable *table = MS_REGION_TABLE (ms_region_table_new ());

  *window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (*window), GTK_WIDGET (table));
  gtk_window_set_default_size (GTK_WINDOW (*window), width, 700);
  gtk_window_present (GTK_WINDOW (*window));
  ms_region_table_set_snapshot (table, snapshot);
  ms_test_let_draw ();
  return table;
}

static GtkColumnViewColumn *
column_of (MsRegionTable *table,
           MsFieldId      id)
{
  GListModel *columns = gtk_column_view_get_columns (_ms_region_table_get_column_view (table));

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), ms_field_get_title (ms_field_get (id))) == 0)
        return column;
    }
  g_assert_not_reached ();
  return NULL;
}

/* The shown columns' titles, in order, joined by ",". */
static char *
shown_titles (MsRegionTable *table)
{
  GListModel *columns = gtk_column_view_get_columns (_ms_region_table_get_column_view (table));
  GString *titles = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (!gtk_column_view_column_get_visible (column))
        continue;
      if (titles->len > 0)
        g_string_append_c (titles, ',');
      g_string_append (titles, gtk_column_view_column_get_title (column));
    }
  return g_string_free (titles, FALSE);
}

/* --- columns -------------------------------------------------------------- */

/* In the window at its default size, on a live process: the default
 * columns, Path among them, all within the width shown (22 columns put Path
 * 970 pixels in, where only Shift+scroll reached it). */
static void
test_default_columns_fit (void)
{
  g_autoptr(GSettings) settings = reset_settings ();
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = ms_test_window_new ();
  MsRegionTable *table;
  GtkColumnView *view;
  GtkWidget *scrolled;
  g_autofree char *titles = NULL;
  g_autofree char *expected = NULL;

  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  ms_test_let_draw ();

  table = ms_map_view_get_table (_ms_window_get_map_view (window));
  view = _ms_region_table_get_column_view (table);
  scrolled = gtk_widget_get_parent (GTK_WIDGET (view));
  titles = shown_titles (table);
  expected = g_strjoin (",", ms_field_get_title (ms_field_get (MS_FIELD_START)),
                        ms_field_get_title (ms_field_get (MS_FIELD_SIZE)),
                        ms_field_get_title (ms_field_get (MS_FIELD_KIND)),
                        ms_field_get_title (ms_field_get (MS_FIELD_PATH)),
                        ms_field_get_title (ms_field_get (MS_FIELD_RSS)),
                        ms_field_get_title (ms_field_get (MS_FIELD_PSS)), NULL);
  g_assert_cmpstr (titles, ==, expected);

  /* every heading shown whole, without scrolling sideways */
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view))), ==, 0);
  for (const char **name = default_columns; *name != NULL; name++)
    {
      const char *title = ms_field_get_title (ms_field_from_name (*name));
      GtkWidget *heading = ms_test_find_label (gtk_widget_get_first_child (GTK_WIDGET (view)), title);
      graphene_rect_t bounds;

      g_assert_nonnull (heading);
      g_assert_true (gtk_widget_get_mapped (heading));
      g_assert_true (gtk_widget_compute_bounds (heading, scrolled, &bounds));
      g_test_message ("%s at %.0f to %.0f of %d", title, bounds.origin.x,
                      bounds.origin.x + bounds.size.width, gtk_widget_get_width (scrolled));
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (scrolled));
    }
  /* Path takes the width the others leave */
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (column_of (table, MS_FIELD_PATH)), >=, 170);

  gtk_window_destroy (GTK_WINDOW (window));
  ms_test_let_draw ();
  ms_test_child_stop (child);
}

static gboolean
settings_are (gpointer data)
{
  gpointer *args = data;
  g_auto(GStrv) names = g_settings_get_strv (args[0], "region-columns");

  return g_strv_equal ((const char * const *) names, args[1]);
}

/* The header menu's check items choose the columns, kept in GSettings
 * (in memory here); another table, or a change of the key, follows; a column
 * dragged elsewhere keeps its place. */
static void
test_choose_columns (void)
{
  g_autoptr(GSettings) settings = reset_settings ();
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSnapshot) snapshot = ms_read_pid (child->pid, NULL, NULL);
  GtkWidget *window, *other_window;
  MsRegionTable *table = table_in_window (snapshot, 1000, &window);
  MsRegionTable *other;
  GMenuModel *menu = gtk_column_view_column_get_header_menu (column_of (table, MS_FIELD_START));
  g_autoptr(GMenuModel) items = NULL;
  g_autofree char *titles = NULL;
  const char *with_inode[] = { "start", "size", "kind", "path", "rss", "pss", "inode", NULL };
  const char *without_path[] = { "start", "size", "kind", "rss", "pss", "inode", NULL };
  const char *dragged[] = { "rss", "start", "size", "kind", "pss", "inode", NULL };
  gpointer args[2] = { settings, NULL };

  /* every column's heading has the menu: a check item for every field */
  g_assert_nonnull (menu);
  g_assert_true (gtk_column_view_column_get_header_menu (column_of (table, MS_FIELD_LOCKED)) == menu);
  items = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  {
    g_autoptr(GString) actions = g_string_new (NULL);
    g_autoptr(GString) expected = g_string_new (NULL);

    /* the fields, the counters among them in a submenu, then the flags in theirs */
    for (int i = 0; i < g_menu_model_get_n_items (items); i++)
      {
        g_autoptr(GMenuModel) submenu = g_menu_model_get_item_link (items, i, G_MENU_LINK_SUBMENU);
        g_autofree char *action = NULL;

        if (submenu != NULL)
          for (int k = 0; k < g_menu_model_get_n_items (submenu); k++)
            {
              g_autofree char *counter = NULL;

              g_assert_true (g_menu_model_get_item_attribute (submenu, k, G_MENU_ATTRIBUTE_ACTION, "s", &counter));
              g_string_append_printf (actions, "%s ", counter);
            }
        else if (g_menu_model_get_item_attribute (items, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
          g_string_append_printf (actions, "%s ", action);
      }
    for (guint i = 0; i < MS_N_FIELDS; i++)
      if (!(ms_field_get (i)->flags & MS_FIELD_COUNTER) && ms_field_get (i)->format != MS_FIELD_FORMAT_STATE)
        g_string_append_printf (expected, "columns.%s ", ms_field_get (i)->name);
    for (guint i = 0; i < MS_N_FIELDS; i++)
      if (ms_field_get (i)->flags & MS_FIELD_COUNTER)
        g_string_append_printf (expected, "columns.%s ", ms_field_get (i)->name);
    for (guint i = 0; i < MS_N_FIELDS; i++)
      if (ms_field_get (i)->format == MS_FIELD_FORMAT_STATE)
        g_string_append_printf (expected, "columns.%s ", ms_field_get (i)->name);
    g_assert_cmpstr (actions->str, ==, expected->str);
  }
  g_assert_false (gtk_column_view_column_get_visible (column_of (table, MS_FIELD_INODE)));

  /* checked: shown after the others, and remembered */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (table), "columns.inode", NULL));
  g_assert_true (gtk_column_view_column_get_visible (column_of (table, MS_FIELD_INODE)));
  args[1] = with_inode;
  g_assert_true (ms_test_wait_for (settings_are, args));

  /* unchecked: hidden, and remembered */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (table), "columns.path", NULL));
  g_assert_false (gtk_column_view_column_get_visible (column_of (table, MS_FIELD_PATH)));
  args[1] = without_path;
  g_assert_true (ms_test_wait_for (settings_are, args));

  /* a new table shows what was chosen */
  other = table_in_window (snapshot, 1000, &other_window);
  titles = shown_titles (other);
  g_assert_cmpstr (titles, ==, "Start,Size,Kind,RSS,PSS,Inode");
  g_clear_pointer (&titles, g_free);

  /* a column dragged to the front (what the column view does when one is
   * dropped) keeps its place, in this table's settings and the other's */
  gtk_column_view_insert_column (_ms_region_table_get_column_view (table), 0, column_of (table, MS_FIELD_RSS));
  args[1] = dragged;
  g_assert_true (ms_test_wait_for (settings_are, args));
  ms_test_let_draw ();
  titles = shown_titles (other);
  g_assert_cmpstr (titles, ==, "RSS,Start,Size,Kind,PSS,Inode");
  g_clear_pointer (&titles, g_free);

  /* the key changed elsewhere; a name this version does not know is skipped */
  {
    const char *set[] = { "pss", "no-such-column", "object", NULL };

    g_settings_set_strv (settings, "region-columns", set);
    ms_test_let_draw ();
    titles = shown_titles (table);
    g_assert_cmpstr (titles, ==, "PSS,Object");
    g_clear_pointer (&titles, g_free);
  }

  /* the last column shown stays */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (table), "columns.pss", NULL));
  {
    const char *set[] = { "object", NULL };
    args[1] = set;
    g_assert_true (ms_test_wait_for (settings_are, args));
  }
  gtk_widget_activate_action (GTK_WIDGET (table), "columns.object", NULL);
  titles = shown_titles (table);
  g_assert_cmpstr (titles, ==, "Object");
  g_clear_pointer (&titles, g_free);

  /* the defaults again */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (table), "columns.reset", NULL));
  args[1] = default_columns;
  g_assert_true (ms_test_wait_for (settings_are, args));
  titles = shown_titles (other);
  g_assert_cmpstr (titles, ==, "Start,Size,Kind,Path,RSS,PSS");

  gtk_window_destroy (GTK_WINDOW (other_window));
  gtk_window_destroy (GTK_WINDOW (window));
  ms_test_let_draw ();
  ms_test_child_stop (child);
}

/* --- choosing rows, their sum, copying them -------------------------------- */

static int
find_kind (const MsSnapshot *snapshot,
           MsKind            kind)
{
  for (guint i = 0; i < snapshot->n_regions; i++)
    if (snapshot->regions[i].kind == kind)
      return (int) i;
  return -1;
}

/* The rows of regions @a, @b and @c chosen, as by a click and two
 * Ctrl+clicks (the table shows the regions in address order). */
static void
choose_three (MsRegionTable *table,
              int            a,
              int            b,
              int            c)
{
  GtkSelectionModel *selection = ms_region_table_get_selection (table);

  gtk_selection_model_select_item (selection, ms_region_table_get_position (table, a), TRUE);
  gtk_selection_model_select_item (selection, ms_region_table_get_position (table, b), FALSE);
  gtk_selection_model_select_item (selection, ms_region_table_get_position (table, c), FALSE);
}

static gboolean
session_has_start (gpointer data)
{
  gpointer *args = data;
  MsSnapshot *snapshot = ms_session_get_snapshot (args[0]);

  return snapshot != NULL && ms_snapshot_find_start (snapshot, *(guint64 *) args[1]) >= 0;
}

/* Three rows chosen in the window's table: their sum under it, the columns
 * shown that add up (Size, RSS, PSS) in their order; the last one chosen is
 * the session's selected region, which the strip shows, and stays so
 * through a refresh; a region chosen in the strip is then the only row
 * chosen. */
static void
test_selection_sum (void)
{
  g_autoptr(GSettings) settings = reset_settings ();
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = ms_test_window_new ();
  MsSession *session;
  MsRegionTable *table;
  MsSnapshot *snapshot;
  g_autofree char *path = NULL;
  g_autofree char *count = NULL;
  g_autofree char *size = NULL;
  g_autofree char *rss = NULL;
  g_autofree char *pss = NULL;
  g_autofree char *expected = NULL;
  int heap, odd, bss;

  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  /* no refresh under the test's feet */
  g_action_group_activate_action (G_ACTION_GROUP (window), "refresh-interval", g_variant_new_uint32 (0));
  ms_test_let_draw ();

  session = _ms_window_get_session (window);
  table = ms_map_view_get_table (_ms_window_get_map_view (window));
  snapshot = ms_session_get_snapshot (session);
  path = g_strdup_printf ("%s/odd, \"name\"\nline two.bin", child->dir);
  heap = find_kind (snapshot, MS_KIND_HEAP);
  odd = ms_test_find_path (snapshot, path);
  bss = find_kind (snapshot, MS_KIND_BSS);
  g_assert_cmpint (heap, >=, 0);
  g_assert_cmpint (odd, >=, 0);
  g_assert_cmpint (bss, >=, 0);

  g_assert_null (_ms_region_table_get_selection_text (table));
  choose_three (table, heap, bss, odd);
  ms_test_let_draw ();

  {
    const MsRegion *r[] = { &snapshot->regions[heap], &snapshot->regions[bss], &snapshot->regions[odd] };
    guint64 sizes = 0, rsses = 0, psses = 0;

    for (guint i = 0; i < G_N_ELEMENTS (r); i++)
      {
        sizes += ms_region_get_size (r[i]);
        rsses += r[i]->counters.rss;
        psses += r[i]->counters.pss;
      }
    g_assert_cmpuint (rsses, >, 0);
    count = ms_format_count (3);
    size = ms_format_size (sizes);
    rss = ms_format_size (rsses);
    pss = ms_format_size (psses);
  }
  expected = g_strdup_printf ("%s regions selected · Size %s · RSS %s · PSS %s", count, size, rss, pss);
  g_assert_cmpstr (_ms_region_table_get_selection_text (table), ==, expected);

  /* the last row chosen is the one the strip shows */
  g_assert_cmpint (ms_region_table_get_selected_index (table), ==, odd);
  g_assert_cmpuint (ms_session_get_selected_address (session), ==, snapshot->regions[odd].start);
  g_assert_cmpint (ms_strip_get_selected (ms_map_view_get_strip (_ms_window_get_map_view (window))), ==, odd);

  /* a refresh that maps a region before the last row chosen keeps all
   * three chosen, and that one the strip's */
  {
    g_autofree char *answer = ms_test_child_command (child, "map 7");
    guint64 mapped = g_ascii_strtoull (answer + strlen ("mapped "), NULL, 16);
    gpointer args[2] = { session, &mapped };
    MsSnapshot *after;

    g_assert_true (g_str_has_prefix (answer, "mapped 0x"));
    g_assert_cmpuint (mapped, <, snapshot->regions[odd].start);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
    g_assert_true (ms_test_wait_for (session_has_start, args));
    ms_test_let_draw ();
    after = ms_session_get_snapshot (session);
    g_assert_cmpint (ms_test_find_path (after, path), ==, odd + 1);
    g_assert_cmpuint (gtk_bitset_get_size (gtk_selection_model_get_selection (ms_region_table_get_selection (table))), ==, 3);
    g_assert_true (g_str_has_prefix (_ms_region_table_get_selection_text (table), count));
    g_assert_cmpint (ms_region_table_get_selected_index (table), ==, odd + 1);
    g_assert_cmpuint (ms_session_get_selected_address (session), ==, after->regions[odd + 1].start);
    snapshot = after;
    odd++;
  }

  /* one row: no sum */
  ms_strip_select (ms_map_view_get_strip (_ms_window_get_map_view (window)), heap, TRUE);
  g_assert_cmpint (ms_region_table_get_selected_index (table), ==, heap);
  g_assert_cmpuint (gtk_bitset_get_size (gtk_selection_model_get_selection (ms_region_table_get_selection (table))), ==, 1);
  g_assert_null (_ms_region_table_get_selection_text (table));

  gtk_window_destroy (GTK_WINDOW (window));
  ms_test_let_draw ();
  ms_test_child_stop (child);
}

/* The shortcut @accelerator of @widget's class, as a key press would find it. */
static GtkShortcut *
find_shortcut (GtkWidget  *widget,
               const char *accelerator)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) trigger = gtk_shortcut_trigger_parse_string (accelerator);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger))
            return shortcut;
        }
    }
  return NULL;
}

static void
press (GtkWidget  *widget,
       const char *accelerator,
       const char *action)
{
  GtkShortcut *shortcut = find_shortcut (widget, accelerator);
  GtkShortcutAction *what;
  g_autofree char *name = NULL;

  g_assert_nonnull (shortcut);
  what = gtk_shortcut_get_action (shortcut);
  g_assert_true (GTK_IS_NAMED_ACTION (what));
  g_assert_cmpstr (gtk_named_action_get_action_name (GTK_NAMED_ACTION (what)), ==, action);
  g_assert_true (gtk_shortcut_action_activate (what, GTK_SHORTCUT_ACTION_EXCLUSIVE, widget, NULL));
}

static void
on_text_read (GObject      *clipboard,
              GAsyncResult *result,
              gpointer      data)
{
  char **text = data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (clipboard), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

static char *
clipboard_text (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, on_text_read, &text);
  g_assert_true (ms_test_wait_for (is_set, &text));
  return text;
}

/* Ctrl+C copies the chosen rows, tab-separated: the columns shown, in the
 * CSV's order, each value as the CSV writes it (the odd name quoted, newline
 * and quotes and all), no header; the menu's other copies too. */
static void
test_copy (void)
{
  g_autoptr(GSettings) settings = reset_settings ();
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSnapshot) snapshot = ms_read_pid (child->pid, NULL, NULL);
  GtkWidget *window;
  MsRegionTable *table = table_in_window (snapshot, 1000, &window);
  g_autofree char *path = g_strdup_printf ("%s/odd, \"name\"\nline two.bin", child->dir);
  int heap = find_kind (snapshot, MS_KIND_HEAP);
  int odd = ms_test_find_path (snapshot, path);
  int bss = find_kind (snapshot, MS_KIND_BSS);
  const MsRegion *h = &snapshot->regions[heap], *o = &snapshot->regions[odd], *b = &snapshot->regions[bss];
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (odd, >=, 0);
  /* nothing chosen, nothing copied */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (table)), "as it was");
  gtk_widget_activate_action (GTK_WIDGET (table), "regions.copy", NULL);
  text = clipboard_text (GTK_WIDGET (table));
  g_assert_cmpstr (text, ==, "as it was");
  g_clear_pointer (&text, g_free);
  choose_three (table, odd, heap, bss);

  /* rows in the order shown (by address here), fields in the CSV's order:
   * start, size, path, kind, rss, pss */
  expected = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x\t%" G_GUINT64_FORMAT "\t\t%s\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT "\n"
                              "0x%" G_GINT64_MODIFIER "x\t%" G_GUINT64_FORMAT "\t[heap]\theap\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT "\n"
                              "0x%" G_GINT64_MODIFIER "x\t%" G_GUINT64_FORMAT "\t\"%s/odd, \"\"name\"\"\nline two.bin\"\tmmap-file\t%" G_GUINT64_FORMAT "\t%" G_GUINT64_FORMAT "\n",
                              b->start, ms_region_get_size (b), "bss", b->counters.rss, b->counters.pss,
                              h->start, ms_region_get_size (h), h->counters.rss, h->counters.pss,
                              o->start, ms_region_get_size (o), child->dir, o->counters.rss, o->counters.pss);
  g_assert_cmpint (bss, <, heap);
  g_assert_cmpint (heap, <, odd);
  press (GTK_WIDGET (table), "<Control>c", "regions.copy");
  text = clipboard_text (GTK_WIDGET (table));
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);

  /* start addresses, one a line */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (table), "regions.copy-start", NULL));
  text = clipboard_text (GTK_WIDGET (table));
  expected = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x\n0x%" G_GINT64_MODIFIER "x\n0x%" G_GINT64_MODIFIER "x",
                              b->start, h->start, o->start);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);

  /* paths, of the rows that have one */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (table), "regions.copy-path", NULL));
  text = clipboard_text (GTK_WIDGET (table));
  expected = g_strdup_printf ("[heap]\n%s", path);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);

  /* as the CSV export has them: header and every column */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (table), "regions.copy-csv", NULL));
  text = clipboard_text (GTK_WIDGET (table));
  {
    g_autoptr(GString) csv = g_string_new (NULL);

    ms_csv_write (snapshot, csv);
    g_assert_true (g_str_has_prefix (text, ms_csv_header ()));
    /* each row as the export's */
    for (guint i = 0; i < 3; i++)
      {
        const MsRegion *r = i == 0 ? b : i == 1 ? h : o;
        g_autofree char *start = g_strdup_printf ("\n0x%" G_GINT64_MODIFIER "x,", r->start);
        const char *in_copy = strstr (text, start);
        const char *in_export = strstr (csv->str, start);
        const char *end = in_export != NULL ? strstr (in_export + 1, "\n0x") : NULL;

        g_assert_nonnull (in_copy);
        g_assert_nonnull (in_export);
        if (end == NULL)
          end = csv->str + csv->len - 1;
        g_assert_cmpint (strncmp (in_copy, in_export, (size_t) (end - in_export)), ==, 0);
      }
  }
  g_clear_pointer (&text, g_free);

  /* a row without a path alone: nothing to copy of that */
  gtk_selection_model_select_item (ms_region_table_get_selection (table),
                                   ms_region_table_get_position (table, bss), TRUE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (table)), "as it was");
  gtk_widget_activate_action (GTK_WIDGET (table), "regions.copy-path", NULL);
  text = clipboard_text (GTK_WIDGET (table));
  g_assert_cmpstr (text, ==, "as it was");
  g_clear_pointer (&text, g_free);

  gtk_window_destroy (GTK_WINDOW (window));
  ms_test_let_draw ();
  ms_test_child_stop (child);
}

/* The rows' menu: by Menu or Shift+F10 (or a right click), pointing at the
 * focused row, which it chooses unless it is chosen; with the copies. */
static void
test_context_menu (void)
{
  g_autoptr(GSettings) settings = reset_settings ();
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSnapshot) snapshot = ms_read_pid (child->pid, NULL, NULL);
  GtkWidget *window;
  MsRegionTable *table = table_in_window (snapshot, 1000, &window);
  GtkPopover *menu = _ms_region_table_get_context_menu (table);
  GMenuModel *model = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu));
  g_autoptr(GString) actions = g_string_new (NULL);

  for (int s = 0; s < g_menu_model_get_n_items (model); s++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, s, G_MENU_LINK_SECTION);

      for (int i = 0; i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *action = NULL;

          g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
          g_string_append_printf (actions, "%s ", action);
        }
    }
  g_assert_cmpstr (actions->str, ==, "regions.copy regions.copy-csv regions.copy-start regions.copy-path ");

  g_assert_nonnull (find_shortcut (GTK_WIDGET (table), "<Shift>F10"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (menu)));
  gtk_widget_grab_focus (GTK_WIDGET (_ms_region_table_get_column_view (table)));
  press (GTK_WIDGET (table), "Menu", "regions.menu");
  ms_test_let_draw ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (menu)));
  /* the focused row (the first) is the one chosen */
  g_assert_true (gtk_selection_model_is_selected (ms_region_table_get_selection (table), 0));
  g_assert_cmpint (ms_region_table_get_selected_index (table), ==, 0);
  gtk_popover_popdown (menu);

  gtk_window_destroy (GTK_WINDOW (window));
  ms_test_let_draw ();
  ms_test_child_stop (child);
}

/* --- sorting -------------------------------------------------------------- */

static gboolean
scrolled_down (gpointer data)
{
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (data);

  return gtk_adjustment_get_value (vadjustment) > 1000;
}

/* A new order shows its first rows, where the list would keep the chosen
 * row in view: 5 000 regions of a live process, one deep down chosen, then
 * sorted by RSS, largest first. */
static void
test_sort_shows_top (void)
{
  g_autoptr(GSettings) settings = reset_settings ();
  int stdin_fd = -1;
  GPid pid = ms_test_bench_child_start (5000, NULL, &stdin_fd);
  g_autoptr(MsSnapshot) snapshot = ms_read_pid (pid, NULL, NULL);
  GtkWidget *window;
  MsRegionTable *table = table_in_window (snapshot, 1000, &window);
  GtkScrollable *view = GTK_SCROLLABLE (_ms_region_table_get_column_view (table));
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (view);
  GListModel *rows = ms_region_table_get_model (table);

  g_assert_cmpuint (snapshot->n_regions, >, 5000);
  ms_region_table_select_index (table, 4000);
  gtk_widget_grab_focus (GTK_WIDGET (view));
  g_assert_true (ms_test_wait_for (scrolled_down, view));
  ms_test_let_draw ();

  _ms_region_table_sort_by (table, ms_field_get_title (ms_field_get (MS_FIELD_RSS)), GTK_SORT_DESCENDING);
  ms_test_let_draw ();
  g_test_message ("scrolled to %.0f of %.0f", gtk_adjustment_get_value (vadjustment),
                  gtk_adjustment_get_upper (vadjustment));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, gtk_adjustment_get_lower (vadjustment));
  /* the largest first, and the row chosen still chosen, wherever it is */
  {
    g_autoptr(MsRegionItem) first = g_list_model_get_item (rows, 0);
    g_autoptr(MsRegionItem) second = g_list_model_get_item (rows, 1);

    g_assert_cmpuint (ms_region_item_get_region (first)->counters.rss, >=,
                      ms_region_item_get_region (second)->counters.rss);
  }
  g_assert_cmpint (ms_region_table_get_selected_index (table), ==, 4000);

  /* every row chosen: all counted, the chosen row still the strip's */
  gtk_selection_model_select_all (ms_region_table_get_selection (table));
  {
    g_autofree char *count = ms_format_count (snapshot->n_regions);
    g_autofree char *start = g_strdup_printf ("%s regions selected · ", count);

    g_assert_true (g_str_has_prefix (_ms_region_table_get_selection_text (table), start));
  }
  g_assert_cmpint (ms_region_table_get_selected_index (table), ==, 4000);

  /* and again for the other direction */
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment) / 2);
  ms_test_let_draw ();
  _ms_region_table_sort_by (table, ms_field_get_title (ms_field_get (MS_FIELD_RSS)), GTK_SORT_ASCENDING);
  ms_test_let_draw ();
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, gtk_adjustment_get_lower (vadjustment));

  gtk_window_destroy (GTK_WINDOW (window));
  ms_test_let_draw ();
  ms_test_bench_child_stop (pid, stdin_fd);
}

/* The flag columns are hidden at first, chosen like any other; a region
 * writable and executable at once says so as a warning, one that is not
 * says nothing. */
static void
test_flag_columns (void)
{
  g_autoptr(GSettings) settings = reset_settings ();
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = ms_test_window_new ();
  MsRegionTable *table;
  g_autofree char *address = NULL;
  GtkWidget *yes;

  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "refresh-interval", g_variant_new_uint32 (0));
  table = ms_map_view_get_table (_ms_window_get_map_view (window));

  for (guint i = 0; i < MS_N_FIELDS; i++)
    if (ms_field_get (i)->format == MS_FIELD_FORMAT_STATE)
      g_assert_false (gtk_column_view_column_get_visible (column_of (table, i)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (table), "columns.write_exec", NULL));
  g_assert_true (gtk_column_view_column_get_visible (column_of (table, MS_FIELD_WRITE_EXEC)));

  address = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", ms_test_child_address (child, "writable-code"));
  _ms_region_table_set_search (table, address);
  ms_test_let_draw ();
  yes = ms_test_find_label (GTK_WIDGET (table), "Yes");
  g_assert_nonnull (yes);
  g_assert_true (gtk_widget_has_css_class (yes, "warning"));

  /* the heap: not writable and executable */
  g_free (address);
  address = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", ms_test_child_address (child, "heap"));
  _ms_region_table_set_search (table, address);
  ms_test_let_draw ();
  g_assert_null (ms_test_find_label (GTK_WIDGET (table), "Yes"));

  g_settings_reset (settings, "region-columns");
  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/memscape/region-table/default-columns-fit", test_default_columns_fit);
  g_test_add_func ("/memscape/region-table/choose-columns", test_choose_columns);
  g_test_add_func ("/memscape/region-table/selection-sum", test_selection_sum);
  g_test_add_func ("/memscape/region-table/copy", test_copy);
  g_test_add_func ("/memscape/region-table/context-menu", test_context_menu);
  g_test_add_func ("/memscape/region-table/sort-shows-top", test_sort_shows_top);
  g_test_add_func ("/memscape/region-table/flag-columns", test_flag_columns);

  return g_test_run ();
}
