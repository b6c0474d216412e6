/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <unistd.h>

#include "ms-process-row.h"
#include "ms-test-source.h"
#include "ms-test-util.h"
#include "ms-test-window.h"
#include "ms-window-private.h"

/* The process list as a person uses it: what its rows say (full names,
 * zombies), sorting by a column, and the filter of kernel threads in the
 * person menu. Widget tests, under Xvfb, on made-up lists. */

#define NBSP "\302\240"

static gboolean
is_shown_label (GtkWidget     *widget,
                gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* The label shown with exactly @text under @widget, or NULL. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  return GTK_LABEL (ms_test_find_descendant (widget, is_shown_label, text));
}

/* The text of the tooltip of a cell (shown in ms_tooltip's label), or NULL. */
static char *
query_tooltip (GtkWidget *widget)
{
  GtkLabel *label = ms_test_query_tooltip (widget, 2, 2);

  return label != NULL ? g_strdup (gtk_label_get_text (label)) : NULL;
}

/* --- a made-up list --------------------------------------------------------- */

#define N_FAKE 120

static guint64 fake_rss[N_FAKE];
static gint fake_reads;

/* N_FAKE processes: every tenth a kernel thread, 1005 a zombie, 1007 a
 * program whose name the kernel cut. */
static GPtrArray *
fake_list (GError **error)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_process_info_free);

  for (guint i = 0; i < N_FAKE; i++)
    {
      MsProcessInfo *info = g_new0 (MsProcessInfo, 1);

      info->pid = (int) (1000 + i);
      info->uid = getuid ();
      info->state = i == 5 ? 'Z' : 'S';
      info->is_kernel_thread = i % 10 == 0;
      if (i == 7)
        {
          info->comm = g_strdup ("xdg-desktop-por");
          info->name = g_strdup ("xdg-desktop-portal");
        }
      else
        {
          info->comm = g_strdup_printf ("fake-%03u", i);
          info->name = g_strdup (info->comm);
        }
      info->user = g_strdup ("tester");
      info->cmdline = g_strdup (info->is_kernel_thread || i == 5 ? "" : info->name);
      info->rss = i == 5 || info->is_kernel_thread ? 0 : fake_rss[i];
      g_ptr_array_add (list, info);
    }
  g_atomic_int_inc (&fake_reads);
  return list;
}

static void
reset_fakes (void)
{
  for (guint i = 0; i < N_FAKE; i++)
    fake_rss[i] = (guint64) (i + 1) * 4096 * 250;
  fake_rss[3] = 1000 * 1024;   /* g_format_size(): "1000.0 KiB" */
}

typedef struct {
  GtkWidget         *window;
  MsProcessListView *list;
  GtkColumnView     *column_view;
  GtkAdjustment     *vadjustment;
} Fixture;

static void
fixture_set_up (Fixture *fixture)
{
  g_autoptr(MsSource) source = ms_test_source_new (MS_SOURCE_KIND_LOCAL, NULL, fake_list);

  reset_fakes ();
  fixture->window = gtk_window_new ();
  fixture->list = MS_PROCESS_LIST_VIEW (ms_process_list_view_new ());
  g_object_set (fixture->list, "interval", 0, NULL);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->list));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 480, 400);
  gtk_window_present (GTK_WINDOW (fixture->window));
  ms_process_list_view_set_source (fixture->list, source);
  g_assert_true (ms_test_wait_for (ms_test_list_loaded, fixture->list));
  ms_test_let_draw ();

  fixture->column_view = GTK_COLUMN_VIEW (ms_test_find_widget (GTK_WIDGET (fixture->list), GTK_TYPE_COLUMN_VIEW));
  g_assert_nonnull (fixture->column_view);
  fixture->vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (fixture->column_view));
}

static void
fixture_tear_down (Fixture *fixture)
{
  ms_test_window_destroy (fixture->window);
}

static GtkColumnViewColumn *
column_titled (GtkColumnView *column_view,
               const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (column_view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;   /* the column view holds it */
    }
  g_assert_not_reached ();
}

static int
shown_pid (MsProcessListView *list,
           guint              position)
{
  g_autoptr(MsProcessRow) row = g_list_model_get_item (ms_process_list_view_get_model (list), position);

  return row != NULL ? ms_process_row_get_pid (row) : -1;
}

/* --- tests ------------------------------------------------------------------ */

/* Choosing a column to sort by shows the top of the new order, even with a
 * row chosen far down; a refresh that re-sorts leaves the view where it is. */
static void
test_sort_shows_top (void)
{
  Fixture fixture;
  int last;
  guint reads;
  double middle;

  fixture_set_up (&fixture);

  /* By RSS, largest first: choose a row far down, which scrolls to it. */
  last = shown_pid (fixture.list, g_list_model_get_n_items (ms_process_list_view_get_model (fixture.list)) - 5);
  ms_process_list_view_set_selected_pid (fixture.list, last);
  ms_test_let_draw ();
  g_assert_cmpfloat (gtk_adjustment_get_value (fixture.vadjustment), >, 100);

  /* By name: the top. */
  gtk_column_view_sort_by_column (fixture.column_view, column_titled (fixture.column_view, "Name"),
                                  GTK_SORT_ASCENDING);
  ms_test_let_draw ();
  g_assert_cmpfloat (gtk_adjustment_get_value (fixture.vadjustment), ==, 0);
  g_assert_cmpint (shown_pid (fixture.list, 0), ==, 1001);   /* "fake-001" */
  g_assert_cmpint (ms_process_list_view_get_selected_pid (fixture.list), ==, last);

  /* By RSS again, from the middle: the top. */
  gtk_adjustment_set_value (fixture.vadjustment,
                            (gtk_adjustment_get_upper (fixture.vadjustment) - gtk_adjustment_get_page_size (fixture.vadjustment)) / 2);
  ms_test_let_draw ();
  gtk_column_view_sort_by_column (fixture.column_view, column_titled (fixture.column_view, "RSS"),
                                  GTK_SORT_DESCENDING);
  ms_test_let_draw ();
  g_assert_cmpfloat (gtk_adjustment_get_value (fixture.vadjustment), ==, 0);
  g_assert_cmpint (shown_pid (fixture.list, 0), ==, 1000 + N_FAKE - 1);

  /* A refresh whose figures re-sort the rows keeps the place. */
  gtk_adjustment_set_value (fixture.vadjustment,
                            (gtk_adjustment_get_upper (fixture.vadjustment) - gtk_adjustment_get_page_size (fixture.vadjustment)) / 2);
  ms_test_let_draw ();
  middle = gtk_adjustment_get_value (fixture.vadjustment);
  g_assert_cmpfloat (middle, >, 100);
  fake_rss[1] = (guint64) 4096 * 1000 * 1000;
  fake_rss[N_FAKE - 1] = 4096;
  reads = (guint) g_atomic_int_get (&fake_reads);
  ms_process_list_view_refresh (fixture.list);
  while ((guint) g_atomic_int_get (&fake_reads) == reads)
    g_main_context_iteration (NULL, TRUE);
  ms_test_let_draw ();
  g_assert_cmpint (shown_pid (fixture.list, 0), ==, 1001);
  g_assert_cmpfloat (gtk_adjustment_get_value (fixture.vadjustment), >, 100);

  fixture_tear_down (&fixture);
}

/* What the rows say: a program's full name, the kernel's cut one in its
 * tooltip; a zombie's state rather than "0 bytes"; sizes that switch unit
 * rather than read "1000.0 KiB". */
static void
test_rows (void)
{
  Fixture fixture;
  GtkLabel *label;
  g_autofree char *tooltip = NULL;
  GListModel *rows;

  fixture_set_up (&fixture);
  rows = ms_process_list_view_get_model (fixture.list);

  /* Kernel threads are not listed (by default). */
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(MsProcessRow) row = g_list_model_get_item (rows, i);

      g_assert_false (ms_process_row_get_info (row)->is_kernel_thread);
    }
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, N_FAKE - N_FAKE / 10);

  /* The zombie and the long name at the top, by name. */
  gtk_column_view_sort_by_column (fixture.column_view, column_titled (fixture.column_view, "Name"),
                                  GTK_SORT_DESCENDING);
  ms_test_let_draw ();
  g_assert_cmpint (shown_pid (fixture.list, 0), ==, 1007);

  label = find_label (GTK_WIDGET (fixture.column_view), "xdg-desktop-portal");
  g_assert_nonnull (label);
  tooltip = query_tooltip (GTK_WIDGET (label));
  g_assert_nonnull (tooltip);
  g_assert_true (g_str_has_prefix (tooltip, "xdg-desktop-portal\n"));   /* the command line */
  g_assert_nonnull (strstr (tooltip, "“xdg-desktop-por”"));
  g_assert_null (find_label (GTK_WIDGET (fixture.column_view), "xdg-desktop-por"));
  g_clear_pointer (&tooltip, g_free);

  /* A name the kernel did not cut says only the command line. */
  gtk_column_view_sort_by_column (fixture.column_view, column_titled (fixture.column_view, "Name"),
                                  GTK_SORT_ASCENDING);
  ms_test_let_draw ();
  label = find_label (GTK_WIDGET (fixture.column_view), "fake-001");
  g_assert_nonnull (label);
  tooltip = query_tooltip (GTK_WIDGET (label));
  g_assert_cmpstr (tooltip, ==, "fake-001");
  g_clear_pointer (&tooltip, g_free);

  /* The zombie: its state, where the sizes would be. */
  label = find_label (GTK_WIDGET (fixture.column_view), "fake-005");
  g_assert_nonnull (label);
  g_assert_nonnull (find_label (GTK_WIDGET (fixture.column_view), "zombie"));
  g_assert_null (find_label (GTK_WIDGET (fixture.column_view), "0 bytes"));

  /* fake-003's 1000 KiB reads in MiB. */
  g_assert_nonnull (find_label (GTK_WIDGET (fixture.column_view), "1.0" NBSP "MiB"));
  g_assert_null (find_label (GTK_WIDGET (fixture.column_view), "1000.0" NBSP "KiB"));

  fixture_tear_down (&fixture);
}

static gboolean
lists_kernel_threads (gpointer data)
{
  GListModel *rows = ms_process_list_view_get_model (data);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(MsProcessRow) row = g_list_model_get_item (rows, i);

      if (ms_process_row_get_info (row)->is_kernel_thread)
        return TRUE;
    }
  return FALSE;
}

/* Whether @model, or a section or submenu of it, has an item for @action. */
static gboolean
menu_has_action (GMenuModel *model,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      g_autoptr(GMenuModel) submenu = g_menu_model_get_item_link (model, i, G_MENU_LINK_SUBMENU);

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        return TRUE;
      if ((section != NULL && menu_has_action (section, action)) ||
          (submenu != NULL && menu_has_action (submenu, action)))
        return TRUE;
    }
  return FALSE;
}

/* "Show Kernel Threads", in the person menu above the list: off by default,
 * remembered, and the list follows it. */
static void
test_kernel_threads_toggle (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(MsSource) source = ms_test_source_new (MS_SOURCE_KIND_LOCAL, NULL, fake_list);
  MsWindow *window;
  MsProcessListView *list;
  GtkMenuButton *person_menu;

  reset_fakes ();
  g_assert_false (g_settings_get_boolean (settings, "show-kernel-threads"));
  window = ms_test_window_new ();
  list = _ms_window_get_process_list (window);
  _ms_window_set_source (window, source);
  g_assert_true (ms_test_wait_for (ms_test_list_loaded, list));
  ms_test_let_draw ();
  g_assert_false (lists_kernel_threads (list));

  /* The menu of the person button, first in the list's header bar, has it. */
  person_menu = GTK_MENU_BUTTON (ms_test_find_widget (gtk_widget_get_parent (GTK_WIDGET (list)), GTK_TYPE_MENU_BUTTON));
  g_assert_nonnull (person_menu);
  g_assert_cmpstr (gtk_menu_button_get_icon_name (person_menu), ==, "avatar-default-symbolic");
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (person_menu), "win.show-kernel-threads"));
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (person_menu), "win.only-my-processes"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-kernel-threads", NULL));
  g_assert_true (g_settings_get_boolean (settings, "show-kernel-threads"));
  g_assert_true (ms_test_wait_for (lists_kernel_threads, list));
  g_assert_cmpuint (g_list_model_get_n_items (ms_process_list_view_get_model (list)), ==, N_FAKE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-kernel-threads", NULL));
  g_assert_false (g_settings_get_boolean (settings, "show-kernel-threads"));
  g_assert_false (lists_kernel_threads (list));
  g_assert_cmpuint (g_list_model_get_n_items (ms_process_list_view_get_model (list)), ==, N_FAKE - N_FAKE / 10);

  /* A new window starts as the setting says. */
  g_settings_set_boolean (settings, "show-kernel-threads", TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  window = ms_window_new (NULL);
  list = _ms_window_get_process_list (window);
  _ms_window_set_source (window, source);
  g_assert_true (ms_test_wait_for (ms_test_list_loaded, list));
  g_assert_true (lists_kernel_threads (list));
  g_settings_reset (settings, "show-kernel-threads");
  ms_test_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/memscape/process-list/sort-shows-top", test_sort_shows_top);
  g_test_add_func ("/memscape/process-list/rows", test_rows);
  g_test_add_func ("/memscape/process-list/kernel-threads-toggle", test_kernel_threads_toggle);

  return g_test_run ();
}
