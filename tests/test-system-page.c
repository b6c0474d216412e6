/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The System page (issue 15): it reads when shown, its tables hold what the
 * core read, the RAM bar's tooltips say what each part is, the Objects view
 * lists the processes mapping an object, and activating one opens its map
 * in the window with that object selected.
 */
#include "config.h"

#include <sys/shm.h>

#include <adwaita.h>
#include <string.h>

#include "ms-ram-bar.h"
#include "ms-system-bar.h"
#include "ms-system-item.h"
#include "ms-system-page.h"
#include "ms-test-util.h"
#include "ms-test-window.h"
#include "ms-window-private.h"

#define require(x) G_STMT_START { if ((x) == NULL) g_error ("%s is NULL", #x); } G_STMT_END

static gboolean
page_read (gpointer data)
{
  MsSystemPage *page = data;

  return !ms_system_page_is_reading (page) && ms_system_page_get_snapshot (page) != NULL;
}

static gboolean
page_read_objects (gpointer data)
{
  MsSystemPage *page = data;

  return page_read (page) && ms_system_page_get_snapshot (page)->objects != NULL;
}

static guint
find_item (GListModel *model,
           int         pid,
           const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MsSystemItem) item = g_list_model_get_item (model, i);

      if ((pid > 0 && item->pid == pid) || (name != NULL && g_strcmp0 (item->text[MS_SYSTEM_TEXT_NAME], name) == 0))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static gboolean
session_has_selection (gpointer data)
{
  MsSession *session = _ms_window_get_session (data);

  return session != NULL && ms_session_get_snapshot (session) != NULL &&
         ms_session_get_selected_address (session) != MS_NO_ADDRESS;
}

static gboolean
session_selects_address (gpointer data)
{
  MsSession *session = _ms_window_get_session (data);
  guint64 address = GPOINTER_TO_SIZE (g_object_get_data (data, "address"));

  return session != NULL && ms_session_get_selected_address (session) == address;
}

static void
test_page (void)
{
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = ms_test_window_new ();
  MsSystemPage *page;
  MsRamBar *bar;
  MsSystemSnapshot *snapshot;
  GListModel *rows;
  guint position;
  const char *memfd = "/memfd:ms-test-memfd (deleted)";
  MsSession *session;
  MsSnapshot *map;
  int index;
  gint64 first_id = -1;

  ms_window_show_system (window);
  g_assert_cmpstr (_ms_window_get_page (window), ==, "system");
  g_assert_cmpstr (_ms_window_get_title (window), ==, "System");
  page = MS_SYSTEM_PAGE (ms_test_find_widget (GTK_WIDGET (window), MS_TYPE_SYSTEM_PAGE));
  require (page);
  /* Shown, it reads by itself; Refresh (F5) reads again. */
  g_assert_true (ms_test_wait_for (page_read, page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  g_assert_true (ms_system_page_is_reading (page));
  g_assert_true (ms_test_wait_for (page_read, page));
  snapshot = ms_system_page_get_snapshot (page);
  g_assert_null (snapshot->objects);

  /* One row per process read; the child's as the core read it. */
  rows = ms_system_page_get_rows (page, "processes");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, snapshot->processes->len);
  position = find_item (rows, child->pid, NULL);
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  {
    g_autoptr(MsSystemItem) item = g_list_model_get_item (rows, position);
    const MsSystemProcess *p = ms_system_snapshot_find (snapshot, child->pid);

    require (p);
    g_assert_cmpstr (item->text[MS_SYSTEM_TEXT_NAME], ==, "ms-test-child");
    g_assert_cmpuint (item->number[2], ==, p->pss);
    g_assert_cmpuint (item->number[3], ==, p->uss);
    g_assert_false (item->unreadable);
  }
  /* Sorted by PSS, largest first. */
  for (guint i = 1; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(MsSystemItem) a = g_list_model_get_item (rows, i - 1);
      g_autoptr(MsSystemItem) b = g_list_model_get_item (rows, i);

      if (!a->unreadable && !b->unreadable)
        g_assert_cmpuint (a->number[2], >=, b->number[2]);
    }
  g_assert_cmpuint (g_list_model_get_n_items (ms_system_page_get_rows (page, "users")), >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ms_system_page_get_rows (page, "cgroups")), >=, 1);

  /* Segments as ipcs -m tells them: the child's first one removed
   * (IPC_RMID, "dest") while attached, a new one attached, and detached,
   * orphaned. */
  {
    g_autofree char *answer = ms_test_child_command (child, "sysv 2");
    g_autofree char *detached = NULL;
    g_autofree char *maps_name = g_strdup_printf ("/proc/%d/maps", child->pid);
    g_autofree char *maps = NULL;
    g_auto(GStrv) lines = NULL;
    gint64 new_id;
    const char *states[3] = { NULL, NULL, NULL };

    g_assert_true (g_str_has_prefix (answer, "sysv "));
    new_id = g_ascii_strtoll (answer + 5, NULL, 10);
    g_assert_true (g_file_get_contents (maps_name, &maps, NULL, NULL));
    lines = g_strsplit (maps, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_auto(GStrv) fields = g_strsplit_set (lines[i], " ", -1);
        gint64 inode;

        if (strstr (lines[i], "/SYSV") == NULL || g_strv_length (fields) < 5)
          continue;
        inode = g_ascii_strtoll (fields[4], NULL, 10);
        if (inode != new_id)
          first_id = inode;
      }
    g_assert_cmpint (first_id, >=, 0);
    detached = ms_test_child_command (child, "sysv-detach");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
    g_assert_true (ms_test_wait_for (page_read, page));
    rows = ms_system_page_get_rows (page, "shm");
    for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
      {
        g_autoptr(MsSystemItem) item = g_list_model_get_item (rows, i);

        if ((gint64) item->number[1] == first_id)
          states[0] = g_intern_string (item->text[MS_SYSTEM_TEXT_NAME]);
        else if ((gint64) item->number[1] == new_id)
          states[1] = g_intern_string (item->text[MS_SYSTEM_TEXT_NAME]);
      }
    g_assert_cmpstr (states[0], ==, "Removed");
    g_assert_cmpstr (states[1], ==, "⚠ Orphaned");
    shmctl ((int) new_id, IPC_RMID, NULL);
    snapshot = ms_system_page_get_snapshot (page);
  }

  /* The bar: each part under its own pixels, with what it means. */
  ms_test_let_draw ();
  bar = MS_RAM_BAR (ms_test_find_widget (GTK_WIDGET (page), MS_TYPE_RAM_BAR));
  require (bar);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (bar)), >, 100);
  {
    double edges[MS_N_RAM_PARTS + 1];
    int free_x;
    g_autofree char *text = NULL;

    ms_system_bar_layout (&snapshot->parts, gtk_widget_get_width (GTK_WIDGET (bar)), edges);
    free_x = (int) ((edges[MS_RAM_FREE] + edges[MS_RAM_FREE + 1]) / 2);
    g_assert_cmpint (ms_ram_bar_part_at (bar, free_x), ==, MS_RAM_FREE);
    text = ms_ram_bar_describe (bar, MS_RAM_FREE);
    g_assert_nonnull (strstr (text, "MemFree"));
    g_assert_nonnull (ms_test_query_tooltip (GTK_WIDGET (bar), free_x, 5));
  }

  /* Objects: the full read, then the processes of one object. */
  ms_system_page_set_view (page, "objects");
  g_assert_true (ms_system_page_is_reading (page));
  g_assert_true (ms_test_wait_for (page_read_objects, page));
  rows = ms_system_page_get_rows (page, "objects");
  position = find_item (rows, 0, memfd);
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  ms_system_page_select_object (page, position);
  rows = ms_system_page_get_object_processes (page);
  position = find_item (rows, child->pid, NULL);
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (g_list_model_get_n_items (ms_system_page_get_rows (page, "shm-files")), >=, 1);

  /* Activated: the child's map, the memfd selected. */
  ms_system_page_activate_object_process (page, position);
  g_assert_true (ms_test_wait_for (session_has_selection, window));
  session = _ms_window_get_session (window);
  g_assert_cmpint (ms_session_get_pid (session), ==, child->pid);
  g_assert_cmpstr (_ms_window_get_page (window), ==, "map");
  map = ms_session_get_snapshot (session);
  index = ms_session_get_selected_index (session);
  g_assert_cmpint (index, >=, 0);
  g_assert_cmpstr (map->regions[index].path, ==, memfd);
  g_assert_cmpuint (map->regions[index].start, ==, ms_test_child_address (child, "memfd"));

  /* A SysV segment's row (all private ones have the key 0: the id tells
   * them apart) opens the map with that segment selected. */
  {
    g_autofree char *sysv = g_strdup_printf ("/SYSV00000000 (deleted) (shmid %" G_GINT64_FORMAT ")", first_id);

    ms_window_show_system (window);
    ms_system_page_set_view (page, "objects");
    g_assert_true (ms_test_wait_for (page_read_objects, page));
    rows = ms_system_page_get_rows (page, "objects");
    position = find_item (rows, 0, sysv);
    g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
    ms_system_page_select_object (page, position);
    position = find_item (ms_system_page_get_object_processes (page), child->pid, NULL);
    g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
    g_object_set_data (G_OBJECT (window), "address", GSIZE_TO_POINTER (ms_test_child_address (child, "sysv")));
    ms_system_page_activate_object_process (page, position);
    g_assert_true (ms_test_wait_for (session_selects_address, window));
  }

  /* Left, the page stops reading. */
  ms_window_show_system (window);
  g_assert_true (ms_system_page_is_reading (page));
  ms_window_show_pid (window, child->pid);
  ms_test_drain ();
  g_assert_false (ms_system_page_is_reading (page));

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

static gboolean
child_read_as_admin (gpointer data)
{
  MsSystemPage *page = g_object_get_data (data, "page");
  MsSystemSnapshot *snapshot = ms_system_page_get_snapshot (page);
  const MsSystemProcess *p;

  if (ms_system_page_is_reading (page) || snapshot == NULL)
    return FALSE;
  p = ms_system_snapshot_find (snapshot, GPOINTER_TO_INT (g_object_get_data (data, "pid")));
  return p != NULL && p->as_admin;
}

/* Read as Administrator: through the helper (pkexec's stand-in runs it as
 * this user), the rows it read take their places, marked. */
static void
test_read_as_admin (void)
{
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = ms_test_window_new ();
  g_autofree char *dir = g_dir_make_tmp ("memscape-system-admin-XXXXXX", NULL);
  g_autofree char *log = g_build_filename (dir, "log", NULL);
  g_autofree char *body = g_strdup_printf ("echo \"$*\" >> '%s'\nexec \"$@\"", log);
  g_autofree char *runner = ms_test_write_script (dir, "runner", body);
  g_autofree char *logged = NULL;
  g_autofree char *expected = NULL;
  MsSystemPage *page;
  GListModel *rows;
  guint position;

  g_assert_true (g_setenv ("MEMSCAPE_PRIVILEGED_RUNNER", runner, TRUE));
  ms_window_show_system (window);
  page = MS_SYSTEM_PAGE (ms_test_find_widget (GTK_WIDGET (window), MS_TYPE_SYSTEM_PAGE));
  require (page);
  g_assert_true (ms_test_wait_for (page_read, page));

  g_object_set_data (G_OBJECT (window), "page", page);
  g_object_set_data (G_OBJECT (window), "pid", GINT_TO_POINTER (child->pid));
  ms_system_page_read_as_admin (page, &child->pid, 1);
  g_assert_true (ms_system_page_is_reading (page));
  g_assert_true (ms_test_wait_for (child_read_as_admin, window));

  /* The helper read it: once, as `memscape-reader read PID`. */
  g_assert_true (g_file_get_contents (log, &logged, NULL, NULL));
  expected = g_strdup_printf ("read %d\n", child->pid);
  g_assert_true (g_str_has_suffix (logged, expected));
  rows = ms_system_page_get_rows (page, "processes");
  position = find_item (rows, child->pid, NULL);
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  {
    g_autoptr(MsSystemItem) item = g_list_model_get_item (rows, position);

    g_assert_true (item->as_admin);
    g_assert_false (item->unreadable);
    g_assert_cmpuint (item->number[2], >, 0);
  }

  g_unsetenv ("MEMSCAPE_PRIVILEGED_RUNNER");
  ms_test_window_destroy (window);
  ms_test_remove_tree (dir);
  ms_test_child_stop (child);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/memscape/system-page/page", test_page);
  g_test_add_func ("/memscape/system-page/read-as-admin", test_read_as_admin);

  return g_test_run ();
}
