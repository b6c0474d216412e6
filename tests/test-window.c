/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <dlfcn.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-application.h"
#include "ms-error.h"
#include "ms-proc.h"
#include "ms-process-row.h"
#include "ms-region-item.h"
#include "ms-region-model.h"
#include "ms-region-table-private.h"
#include "ms-reader.h"
#include "ms-test-pango.h"
#include "ms-test-source.h"
#include "ms-test-util.h"
#include "ms-test-window.h"
#include "ms-text.h"
#include "ms-window-private.h"

/* The widget tests: a real window on a real child process (tests/ms-test-child),
 * read through /proc on worker threads, under Xvfb. */

static MsWindow *
open_on_pid (int pid)
{
  MsWindow *window = ms_test_window_new ();

  ms_window_show_pid (window, pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  return window;
}

static char *
odd_path (MsTestChild *child)
{
  return g_strdup_printf ("%s/odd, \"name\"\nline two.bin", child->dir);
}

/* --- the window on a live child ------------------------------------------- */

static void
test_window_shows_child (void)
{
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = open_on_pid (child->pid);
  MsSession *session = _ms_window_get_session (window);
  MsMapView *map_view = _ms_window_get_map_view (window);
  MsStrip *strip = ms_map_view_get_strip (map_view);
  MsRegionTable *table = ms_map_view_get_table (map_view);
  g_autofree char *path = odd_path (child);
  MsSnapshot *snapshot;
  int index;

  g_assert_cmpint (ms_session_get_state (session), ==, MS_SESSION_LIVE);
  g_assert_cmpstr (_ms_window_get_page (window), ==, "map");
  g_assert_cmpstr (_ms_window_get_title (window), ==, "ms-test-child");
  g_assert_false (_ms_window_get_banner_visible (window));

  /* The strip holds the child's regions, the same snapshot as the window. */
  snapshot = ms_strip_get_snapshot (strip);
  g_assert_nonnull (snapshot);
  g_assert_true (snapshot == ms_session_get_snapshot (session));
  g_assert_cmpint (snapshot->pid, ==, child->pid);
  g_assert_cmpuint (snapshot->n_regions, >, 20);
  index = ms_test_find_path (snapshot, path);
  g_assert_cmpint (index, >=, 0);
  g_assert_cmpint (snapshot->regions[index].start, ==, ms_test_child_address (child, "odd-file"));

  /* The table has one row per region, in address order by default. */
  g_assert_cmpuint (g_list_model_get_n_items (ms_region_table_get_model (table)), ==, snapshot->n_regions);
  g_assert_cmpuint (ms_region_table_get_position (table, index), ==, (guint) index);

  /* Selecting in the table selects in the strip, and the other way round. */
  ms_region_table_select_index (table, index);
  g_assert_cmpint (ms_region_table_get_selected_index (table), ==, index);
  g_assert_cmpint (ms_strip_get_selected (strip), ==, index);
  ms_strip_select (strip, index + 1, TRUE);
  g_assert_cmpint (ms_region_table_get_selected_index (table), ==, index + 1);

  /* Both are the session's selection, by address. */
  g_assert_cmpuint (ms_session_get_selected_address (session), ==, snapshot->regions[index + 1].start);
  ms_session_set_selected_address (session, snapshot->regions[index].start + 1);
  g_assert_cmpint (ms_strip_get_selected (strip), ==, index);
  g_assert_cmpint (ms_region_table_get_selected_index (table), ==, index);

  /* Hovering the strip (the session's hovered region) marks the row. */
  {
    g_autoptr(MsRegionItem) item = g_list_model_get_item (ms_region_table_get_model (table), (guint) index);

    ms_session_set_hovered_address (session, snapshot->regions[index].start);
    g_assert_true (ms_region_item_get_hovered (item));
    ms_session_set_hovered_address (session, MS_NO_ADDRESS);
    g_assert_false (ms_region_item_get_hovered (item));
  }

  /* The legend's highlighted kind is the strip's, through the session. */
  ms_session_set_highlight_kind (session, MS_KIND_HEAP);
  g_assert_cmpint (ms_strip_get_highlight_kind (strip), ==, MS_KIND_HEAP);

  /* The scale chosen in the window is the session's, which the strip draws. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "scale-mode", g_variant_new_string ("resident"));
  g_assert_cmpint (ms_session_get_scale_mode (session), ==, MS_SCALE_RESIDENT);
  g_assert_cmpint (ms_strip_get_scale_mode (strip), ==, MS_SCALE_RESIDENT);
  g_action_group_activate_action (G_ACTION_GROUP (window), "scale-mode", g_variant_new_string ("proportional"));
  g_assert_cmpint (ms_strip_get_scale_mode (strip), ==, MS_SCALE_PROPORTIONAL);

  /* What the strip shows is the session's visible range, in addresses. */
  {
    guint64 start, end;

    ms_strip_set_view (strip, 0.25, 0.5);
    ms_session_get_visible_range (session, &start, &end);
    g_assert_cmpuint (start, >=, snapshot->regions[0].start);
    g_assert_cmpuint (end, <=, snapshot->regions[snapshot->n_regions - 1].end);
    g_assert_cmpuint (start, <, end);
    ms_strip_reset_zoom (strip);
  }

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

/* The strip's tooltip goes to gtk_tooltip_set_markup(), which has no getter:
 * catch what it is given on the way (and pass it on). */
static char *tooltip_markup;

void
gtk_tooltip_set_markup (GtkTooltip *tooltip,
                        const char *markup)
{
  static void (*real_set_markup) (GtkTooltip *, const char *);

  if (real_set_markup == NULL)
    real_set_markup = (void (*) (GtkTooltip *, const char *)) dlsym (RTLD_NEXT, "gtk_tooltip_set_markup");

  g_free (tooltip_markup);
  tooltip_markup = g_strdup (markup);
  real_set_markup (tooltip, markup);
}

static gboolean
strip_allocated (gpointer data)
{
  return gtk_widget_get_width (data) > 100 && gtk_widget_get_height (data) > 10;
}

static char *
query_tooltip (MsStrip *strip,
               double   x,
               double   y)
{
  g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  g_autoptr(GError) error = NULL;
  gboolean shown = FALSE;
  char *text = NULL;

  g_clear_pointer (&tooltip_markup, g_free);
  g_signal_emit_by_name (strip, "query-tooltip", (int) x, (int) y, FALSE, tooltip, &shown);
  if (!shown)
    return NULL;

  /* What a person reads: the markup without its tags and entities. */
  g_assert_nonnull (tooltip_markup);
  g_assert_true (pango_parse_markup (tooltip_markup, -1, 0, NULL, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static void
test_window_tooltip (void)
{
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = open_on_pid (child->pid);
  MsStrip *strip = _ms_window_get_strip (window);
  MsSnapshot *snapshot = ms_strip_get_snapshot (strip);
  g_autofree char *path = odd_path (child);
  g_autofree char *text = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *other = NULL;
  const MsRegion *region;
  double u0, u1, width;
  int index;

  g_assert_true (ms_test_wait_for (strip_allocated, strip));
  index = ms_test_find_path (snapshot, path);
  g_assert_cmpint (index, >=, 0);
  region = &snapshot->regions[index];
  g_assert_cmpuint (ms_region_get_size (region), ==, 3 * 4096);

  /* Show the region in the middle third of the strip. */
  ms_layout_get_region_span (ms_strip_get_layout (strip), (guint) index, &u0, &u1);
  width = u1 - u0;
  ms_strip_set_view (strip, u0 - width, u1 + width);

  /* Over it, the tooltip names its path and its size. */
  text = query_tooltip (strip, gtk_widget_get_width (GTK_WIDGET (strip)) / 2.0,
                        gtk_widget_get_height (GTK_WIDGET (strip)) / 4.0);
  g_assert_nonnull (text);
  g_test_message ("tooltip: %s", text);
  g_assert_nonnull (strstr (text, path));
  bytes = g_strdup_printf ("%'" G_GUINT64_FORMAT, ms_region_get_size (region));
  g_assert_nonnull (strstr (text, bytes));
  g_assert_nonnull (strstr (text, ms_kind_get_label ((MsKind) region->kind)));

  /* Elsewhere it describes something else. */
  other = query_tooltip (strip, 2, gtk_widget_get_height (GTK_WIDGET (strip)) / 4.0);
  g_assert_true (other == NULL || strstr (other, path) == NULL);

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

static gboolean
snapshot_has_start (gpointer data)
{
  gpointer *args = data;
  MsSnapshot *snapshot = ms_session_get_snapshot (_ms_window_get_session (args[0]));

  return snapshot != NULL && ms_snapshot_find_start (snapshot, *(guint64 *) args[1]) >= 0;
}

static void
test_window_refresh_shows_new_region (void)
{
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = open_on_pid (child->pid);
  MsMapView *map_view = _ms_window_get_map_view (window);
  MsStrip *strip = ms_map_view_get_strip (map_view);
  MsRegionTable *table = ms_map_view_get_table (map_view);
  g_autofree char *path = odd_path (child);
  g_autofree char *answer = NULL;
  MsSnapshot *before, *after;
  guint64 mapped = 0;
  gpointer args[2] = { window, &mapped };
  int index;

  before = ms_snapshot_ref (ms_strip_get_snapshot (strip));
  index = ms_test_find_path (before, path);
  ms_region_table_select_index (table, index);

  answer = ms_test_child_command (child, "map 7");
  g_assert_true (g_str_has_prefix (answer, "mapped 0x"));
  mapped = g_ascii_strtoull (answer + strlen ("mapped "), NULL, 16);
  g_assert_cmpint (ms_snapshot_find_start (before, mapped), <, 0);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  g_assert_true (ms_test_wait_for (snapshot_has_start, args));

  /* The strip and the table follow; the selection stays on the same region. */
  after = ms_strip_get_snapshot (strip);
  g_assert_true (after != before);
  g_assert_cmpint (ms_snapshot_find_start (after, mapped), >=, 0);
  g_assert_cmpint (after->regions[ms_snapshot_find_start (after, mapped)].end - mapped, ==, 7 * 4096);
  g_assert_cmpuint (g_list_model_get_n_items (ms_region_table_get_model (table)), ==, after->n_regions);
  g_assert_cmpint (ms_region_table_get_selected_index (table), ==, ms_test_find_path (after, path));
  g_assert_cmpint (ms_strip_get_selected (strip), ==, ms_test_find_path (after, path));
  g_assert_cmpstr (_ms_window_get_page (window), ==, "map");

  ms_snapshot_unref (before);
  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

static gboolean
export_done (gpointer data)
{
  return _ms_window_get_n_exports (data, NULL) > 0;
}

static gboolean
export_done_twice (gpointer data)
{
  return _ms_window_get_n_exports (data, NULL) > 1;
}

static void
test_window_exited_banner (void)
{
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = open_on_pid (child->pid);
  g_autofree char *csv_path = g_build_filename (child->dir, "after-exit.csv", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *pid_text = g_strdup_printf ("%d", (int) child->pid);
  const char *error = NULL;
  MsSnapshot *last;

  g_assert_false (_ms_window_get_banner_visible (window));

  /* The child exits (a zombie until stop reaps it: no memory left). */
  g_assert_cmpint (write (child->stdin_fd, "exit\n", 5), ==, 5);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  g_assert_true (ms_test_wait_for (ms_test_window_exited, window));

  /* The last snapshot stays on screen under the banner. */
  last = _ms_window_get_snapshot (window);
  g_assert_nonnull (last);
  g_assert_cmpint (last->pid, ==, child->pid);
  /* (A read can land while the kernel is tearing the address space down, so
   * the last picture may hold fewer regions than the child had.) */
  g_assert_cmpuint (last->n_regions, >, 0);
  g_assert_true (ms_strip_get_snapshot (_ms_window_get_strip (window)) == last);
  g_assert_true (_ms_window_get_banner_visible (window));
  g_assert_nonnull (strstr (_ms_window_get_banner_text (window), pid_text));
  g_assert_nonnull (strstr (_ms_window_get_banner_text (window), "exited"));
  g_assert_cmpstr (_ms_window_get_page (window), ==, "map");

  /* … and can still be exported. */
  _ms_window_export_to_path (window, csv_path);
  g_assert_true (ms_test_wait_for (export_done, window));
  g_assert_cmpuint (_ms_window_get_n_exports (window, &error), ==, 1);
  g_assert_null (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "start,end,size,perms,"));
  g_unlink (csv_path);

  /* A failure is reported (in a toast) with the reason, and leaves no file. */
  _ms_window_export_to_path (window, "/nonexistent-memscape-dir/map.csv");
  g_assert_true (ms_test_wait_for (export_done_twice, window));
  g_assert_cmpuint (_ms_window_get_n_exports (window, &error), ==, 2);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "nonexistent-memscape-dir"));
  g_assert_false (g_file_test ("/nonexistent-memscape-dir/map.csv", G_FILE_TEST_EXISTS));

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

/* --- status pages --------------------------------------------------------- */

static void
test_window_permission_denied (void)
{
  struct stat st;

  if (g_stat ("/proc/1", &st) != 0)
    {
      g_test_skip ("no /proc/1 to be denied");
      return;
    }

  if (g_test_subprocess ())
    {
      MsWindow *window;
      const char *text;

      /* As root everything is readable: become nobody to be refused. */
      if (getuid () == 0)
        {
          g_assert_cmpint (setgroups (0, NULL), ==, 0);
          g_assert_cmpint (setgid (65534), ==, 0);
          g_assert_cmpint (setuid (65534), ==, 0);
        }
      g_assert_cmpuint (st.st_uid, !=, getuid ());

      window = open_on_pid (1);
      g_assert_cmpint (ms_session_get_state (_ms_window_get_session (window)), ==, MS_SESSION_FAILED);
      g_assert_true (g_error_matches (ms_session_get_error (_ms_window_get_session (window)),
                                      MS_ERROR, MS_ERROR_PERMISSION_DENIED));
      g_assert_cmpstr (_ms_window_get_page (window), ==, "denied");
      /* It says whose process it is. */
      text = _ms_window_get_status_text (window);
      g_assert_nonnull (text);
      {
        g_autofree char *owner = ms_proc_user_name (st.st_uid);

        g_assert_nonnull (strstr (text, owner));
      }
      /* … and offers to read it as administrator, saying how. */
      g_assert_nonnull (strstr (text, "never runs as root"));
      g_assert_true (gtk_widget_get_visible (_ms_window_get_admin_button (window)));
      g_assert_null (_ms_window_get_denied_error (window));
      g_assert_null (ms_strip_get_snapshot (_ms_window_get_strip (window)));
      ms_test_window_destroy (window);
      return;
    }

  if (getuid () != 0 && st.st_uid == getuid ())
    {
      g_test_skip ("process 1 is ours: nothing to be denied");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_window_kernel_thread (void)
{
  g_autofree char *stat = NULL;
  MsWindow *window;
  guint64 flags = 0, sp;
  char state;

  if (!g_file_get_contents ("/proc/2/stat", &stat, NULL, NULL) ||
      !ms_proc_parse_stat (stat, &state, &flags, &sp) || !(flags & MS_PF_KTHREAD))
    {
      g_test_skip ("process 2 is not a kernel thread here");
      return;
    }

  window = open_on_pid (2);
  g_assert_cmpstr (_ms_window_get_page (window), ==, "kernel-thread");
  g_assert_nonnull (strstr (_ms_window_get_status_text (window), "kernel thread"));
  g_assert_false (_ms_window_get_banner_visible (window));
  ms_test_window_destroy (window);
}

static void
test_window_vanished_process (void)
{
  MsWindow *window;
  int status;
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

  window = open_on_pid (pid);
  g_assert_cmpint (ms_session_get_state (_ms_window_get_session (window)), ==, MS_SESSION_FAILED);
  g_assert_cmpstr (_ms_window_get_page (window), ==, "gone");
  g_assert_nonnull (_ms_window_get_status_text (window));
  ms_test_window_destroy (window);
}

static void
test_window_start_page (void)
{
  MsWindow *window = ms_test_window_new ();

  g_assert_cmpstr (_ms_window_get_page (window), ==, "start");
  g_assert_cmpstr (_ms_window_get_title (window), ==, "Memscape");
  ms_test_window_destroy (window);
}

/* --- a captured file ------------------------------------------------------ */

static void
test_window_open_file (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *smaps_path = g_strdup_printf ("/proc/%d/smaps", (int) child->pid);
  g_autofree char *capture = g_build_filename (child->dir, "capture-smaps.txt", NULL);
  g_autofree char *text = NULL;
  gsize length;
  MsWindow *window;
  MsSnapshot *snapshot;

  g_assert_true (g_file_get_contents (smaps_path, &text, &length, NULL));
  g_assert_true (g_file_set_contents (capture, text, (gssize) length, NULL));

  window = ms_test_window_new ();
  ms_window_show_file (window, capture);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));

  g_assert_cmpint (ms_session_get_state (_ms_window_get_session (window)), ==, MS_SESSION_FILE);
  g_assert_cmpstr (_ms_window_get_page (window), ==, "map");
  g_assert_cmpstr (_ms_window_get_title (window), ==, "capture-smaps.txt");
  snapshot = ms_strip_get_snapshot (_ms_window_get_strip (window));
  g_assert_nonnull (snapshot);
  g_assert_cmpint (snapshot->source, ==, MS_SOURCE_FILE);
  g_assert_cmpint (ms_snapshot_find_start (snapshot, ms_test_child_address (child, "odd-file")), >=, 0);
  /* A file is not refreshed. */
  ms_session_refresh (_ms_window_get_session (window));
  g_assert_false (ms_session_get_busy (_ms_window_get_session (window)));

  /* A file that is no capture gets the error page, saying why. */
  g_assert_true (g_file_set_contents (capture, "hello, world\n", -1, NULL));
  ms_window_show_file (window, capture);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_assert_cmpint (ms_session_get_state (_ms_window_get_session (window)), ==, MS_SESSION_FAILED);
  g_assert_cmpstr (_ms_window_get_page (window), ==, "error");
  g_assert_nonnull (strstr (_ms_window_get_status_text (window), "capture-smaps.txt"));

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

/* --- the process list ----------------------------------------------------- */

/* A process list that the test makes up: N_FAKE processes whose RSS it
 * changes between reads. */
#define N_FAKE 120

static guint64 fake_rss[N_FAKE];
static gboolean fake_gone[N_FAKE];
static gint fake_reads;

static GPtrArray *
fake_list (GError **error)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_process_info_free);

  for (guint i = 0; i < N_FAKE; i++)
    {
      MsProcessInfo *info;

      if (fake_gone[i])
        continue;
      info = g_new0 (MsProcessInfo, 1);

      info->pid = (int) (1000 + i);
      info->uid = getuid ();
      info->state = 'S';
      info->name = g_strdup_printf ("fake-%u", i);
      info->user = g_strdup ("tester");
      info->cmdline = g_strdup (info->name);
      info->rss = fake_rss[i];
      g_ptr_array_add (list, info);
    }
  g_atomic_int_inc (&fake_reads);
  return list;
}

/* After every refresh, whatever changed, the rows are in the order the
 * column asks for (RSS, largest first), each process once: rows move when
 * their figures change rank, by few or by many places, while processes
 * come and go, many at a time (which, with rows updated before the new ones
 * were inserted, broke the sort model's merge: a Gtk-CRITICAL). */
static void
test_process_list_stays_sorted (void)
{
  GtkWidget *window = gtk_window_new ();
  MsProcessListView *list = MS_PROCESS_LIST_VIEW (ms_process_list_view_new ());
  GListModel *model = ms_process_list_view_get_model (list);
  GRand *rand = g_rand_new_with_seed (11);

  for (guint i = 0; i < N_FAKE; i++)
    {
      fake_rss[i] = (guint64) (i + 1) * 4096 * 100;
      fake_gone[i] = FALSE;
    }
  g_atomic_int_set (&fake_reads, 0);

  g_object_set (list, "interval", 0, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (list));
  gtk_window_set_default_size (GTK_WINDOW (window), 500, 700);
  gtk_window_present (GTK_WINDOW (window));
  {
    g_autoptr(MsSource) source = ms_test_source_new (MS_SOURCE_KIND_LOCAL, NULL, fake_list);

    ms_process_list_view_set_source (list, source);
  }

  for (guint round = 0; round < 40; round++)
    {
      guint reads = (guint) g_atomic_int_get (&fake_reads);
      guint64 previous = G_MAXUINT64;
      guint n_listed = 0;

      g_assert_true (ms_test_wait_for (ms_test_list_loaded, list));
      while (g_main_context_iteration (NULL, FALSE))
        ;
      for (guint i = 0; i < N_FAKE; i++)
        n_listed += fake_gone[i] ? 0 : 1;
      g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_listed);
      for (guint i = 0; i < n_listed; i++)
        {
          g_autoptr(MsProcessRow) row = g_list_model_get_item (model, i);
          guint64 rss = ms_process_row_get_info (row)->rss;

          g_assert_cmpuint (rss, <=, previous);
          previous = rss;
        }

      /* some rows move a little, some a lot, one pair swaps far apart */
      for (guint k = 0; k < 8; k++)
        {
          guint i = (guint) g_rand_int_range (rand, 0, N_FAKE);

          if (k < 5)
            fake_rss[i] += (guint64) g_rand_int_range (rand, 0, 300) * 4096;
          else
            fake_rss[i] = (guint64) g_rand_int_range (rand, 1, N_FAKE * 100) * 4096;
        }
      /* thirty processes come or go at once, side by side or spread out */
      {
        guint at = (guint) g_rand_int_range (rand, 0, N_FAKE - 30);

        for (guint k = 0; k < 30; k++)
          fake_gone[at + k * (round % 2 == 0 ? 1 : 17) % (N_FAKE - at)] ^= TRUE;
      }
      {
        guint a = (guint) g_rand_int_range (rand, 0, N_FAKE), b = (guint) g_rand_int_range (rand, 0, N_FAKE);
        guint64 t = fake_rss[a];

        fake_rss[a] = fake_rss[b];
        fake_rss[b] = t;
      }

      ms_process_list_view_refresh (list);
      while ((guint) g_atomic_int_get (&fake_reads) == reads)
        g_main_context_iteration (NULL, TRUE);
    }

  g_rand_free (rand);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_window_process_list (void)
{
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = ms_test_window_new ();
  MsProcessListView *list = _ms_window_get_process_list (window);
  GListModel *model = ms_process_list_view_get_model (list);
  GtkWidget *search = gtk_widget_get_first_child (GTK_WIDGET (list));
  g_autofree char *pid_text = g_strdup_printf ("%d", (int) child->pid);

  gboolean secondary = TRUE;

  g_assert_true (ms_test_wait_for (ms_test_list_loaded, list));
  g_assert_cmpuint (ms_test_find_row (model, child->pid), !=, GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (ms_test_find_row (model, getpid ()), !=, GTK_INVALID_LIST_POSITION);
  g_object_get (list, "secondary", &secondary, NULL);
  g_assert_false (secondary);

  /* Choosing the row shows the process; the list, now beside a process
   * being watched, is refreshed less often. */
  ms_process_list_view_set_selected_pid (list, child->pid);
  g_assert_cmpint (ms_session_get_pid (_ms_window_get_session (window)), ==, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_assert_cmpstr (_ms_window_get_page (window), ==, "map");
  g_object_get (list, "secondary", &secondary, NULL);
  g_assert_true (secondary);

  /* Searching by PID leaves only the rows that match. */
  g_assert_true (GTK_IS_SEARCH_ENTRY (search));
  gtk_editable_set_text (GTK_EDITABLE (search), pid_text);
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (ms_test_find_row (model, child->pid), !=, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MsProcessRow) row = g_list_model_get_item (model, i);
      g_autofree char *pid = g_strdup_printf ("%d", ms_process_row_get_pid (row));

      g_assert_true (strstr (pid, pid_text) != NULL ||
                     strstr (ms_process_row_get_cmdline (row), pid_text) != NULL ||
                     strstr (ms_process_row_get_name (row), pid_text) != NULL);
    }

  /* Searching by name. */
  gtk_editable_set_text (GTK_EDITABLE (search), "MS-TEST-CHILD");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (ms_test_find_row (model, child->pid), !=, GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (ms_test_find_row (model, getpid ()), ==, GTK_INVALID_LIST_POSITION);

  /* Rereads keep the row (and the selection) of a process that stays. */
  {
    g_autoptr(MsProcessRow) before = g_list_model_get_item (model, ms_test_find_row (model, child->pid));
    g_autoptr(MsProcessRow) after = NULL;

    ms_process_list_view_refresh (list);
    for (int i = 0; i < 1500; i++)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    after = g_list_model_get_item (model, ms_test_find_row (model, child->pid));
    g_assert_true (before == after);
    g_assert_cmpint (ms_process_list_view_get_selected_pid (list), ==, child->pid);
  }

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

/* --- the region table ----------------------------------------------------- */

static MsSnapshot *
many_regions (guint n)
{
  GString *text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  MsSnapshot *snapshot;

  /* Every tenth region a file; RSS falls as addresses rise (in bytes: no
   * more than the region's page). */
  for (guint i = 0; i < n; i++)
    {
      guint64 start = 0x10000000ull + (guint64) i * 0x2000;

      g_string_append_printf (text, "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x r%cxp 00000000 00:00 %u %s\n"
                              "Size: 4 kB\nRss: %u\nPss: %u\n",
                              start, start + 0x1000, i % 10 == 0 ? 'w' : '-', i % 10 == 0 ? 0 : 7,
                              i % 10 == 0 ? "" : (i % 20 == 1 ? "/usr/lib/libalpha.so" : "/usr/lib/libbeta.so"),
                              (n - i) % 4096, (n - i) % 4096);
    }
  snapshot = ms_read_text (text->str, text->len, "many", &error);
  g_assert_no_error (error);
  g_string_free (text, TRUE);
  return snapshot;
}

static guint64
row_rss (GListModel *rows,
         guint       position)
{
  g_autoptr(MsRegionItem) item = g_list_model_get_item (rows, position);

  return ms_region_item_get_region (item)->counters.rss;
}

static void
test_region_table_sort_and_filter (void)
{
  g_autoptr(MsSnapshot) snapshot = many_regions (65530);
  GtkWidget *window = gtk_window_new ();
  MsRegionTable *table = MS_REGION_TABLE (ms_region_table_new ());
  GListModel *rows = ms_region_table_get_model (table);
  gint64 start;
  guint n;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (table));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  gtk_window_present (GTK_WINDOW (window));
  ms_region_table_set_snapshot (table, snapshot);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 65530);

  /* Sorted by RSS, largest first, over every row, in well under a few
   * seconds even on a loaded machine. */
  start = g_get_monotonic_time ();
  _ms_region_table_sort_by (table, "RSS", GTK_SORT_DESCENDING);
  g_test_message ("sorting 65 530 rows: %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  n = g_list_model_get_n_items (rows);
  for (guint i = 1; i < n; i += 97)
    g_assert_cmpuint (row_rss (rows, i - 1), >=, row_rss (rows, i));
  g_assert_cmpuint (row_rss (rows, 0), ==, 4095);

  /* The row of a region is found where the sort put it, and selected. */
  ms_region_table_select_index (table, 12345);
  g_assert_cmpint (ms_region_table_get_selected_index (table), ==, 12345);
  {
    g_autoptr(MsRegionItem) item = g_list_model_get_item (rows, ms_region_table_get_position (table, 12345));

    g_assert_cmpuint (ms_region_item_get_index (item), ==, 12345);
  }

  /* Filters: by path, by kind, by an address inside a region. */
  _ms_region_table_set_search (table, "libalpha");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 65530 / 20 + 1);
  _ms_region_table_set_search (table, "anonymous");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 6553);
  _ms_region_table_set_search (table, "0x10002800");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  {
    g_autoptr(MsRegionItem) item = g_list_model_get_item (rows, 0);

    g_assert_cmpuint (ms_region_item_get_region (item)->start, ==, 0x10002000);
    g_assert_cmpuint (ms_region_table_get_position (table, (int) ms_region_item_get_index (item)), ==, 0);
  }
  _ms_region_table_set_search (table, "");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 65530);
  g_assert_cmpuint (row_rss (rows, 0), ==, 4095);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- the region model under GTK's list models ----------------------------- */

#define REGION_A "00400000-00401000 r-xp 00000000 08:01 11 /usr/bin/a\n"
#define REGION_B "00600000-00602000 rw-p 00000000 00:00 0 [heap]\n"
#define REGION_B_GROWN "00600000-00608000 rw-p 00000000 00:00 0 [heap]\n"
#define REGION_C "7f0000000000-7f0000004000 rw-p 00000000 00:00 0\n"
#define REGION_E "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]\n"

/* A capture made to look like a live read of one process. */
static MsSnapshot *
process_snapshot (const char *text)
{
  g_autoptr(GError) error = NULL;
  MsSnapshot *snapshot = ms_read_text (text, strlen (text), "test", &error);

  g_assert_no_error (error);
  snapshot->source = MS_SOURCE_PROCESS;
  snapshot->pid = 4242;
  return snapshot;
}

/* A GtkSortListModel + GtkSingleSelection over the model, as the table has:
 * the selected region stays selected across a refresh that inserts before it. */
static void
test_region_model_selection_survives (void)
{
  g_autoptr(MsRegionModel) model = ms_region_model_new ();
  g_autoptr(MsSnapshot) before = process_snapshot (REGION_A REGION_B REGION_C REGION_E);
  g_autoptr(MsSnapshot) after = process_snapshot ("00300000-00301000 r--p 00000000 00:00 0\n" REGION_A REGION_B_GROWN REGION_C REGION_E);
  g_autoptr(GtkSortListModel) sorted = NULL;
  g_autoptr(GtkSingleSelection) selection = NULL;
  MsRegionItem *selected;

  ms_region_model_set_snapshot (model, before);
  sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (model)), NULL);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (sorted)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_selected (selection, 2);

  ms_region_model_set_snapshot (model, after);
  selected = gtk_single_selection_get_selected_item (selection);
  g_assert_nonnull (selected);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 3);
  g_assert_cmpuint (ms_region_item_get_region (selected)->start, ==, 0x7f0000000000);
}

/* The window's size is remembered in GSettings when it closes. */
static void
test_window_remembers_size (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  MsWindow *window = ms_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 987, 654);
  gtk_window_present (GTK_WINDOW (window));
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  gtk_window_close (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 987);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 654);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* A new window opens at that size. */
  window = ms_window_new (NULL);
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 987);
    g_assert_cmpint (height, ==, 654);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

/* --- text of the process's that is not UTF-8, or megabytes long ----------- */

/* Every label's text under @widget, and every tooltip its widgets give
 * (asked as GTK asks before showing one). */
static void
collect_texts (GtkWidget *widget,
               GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));

  if (gtk_widget_get_has_tooltip (widget) && gtk_widget_get_width (widget) > 0)
    {
      g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
      gboolean shown = FALSE;

      g_signal_emit_by_name (widget, "query-tooltip",
                             gtk_widget_get_width (widget) / 2, gtk_widget_get_height (widget) / 2,
                             FALSE, tooltip, &shown);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

static gboolean
contains_text (GPtrArray  *texts,
               const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (strstr (g_ptr_array_index (texts, i), text) != NULL)
      return TRUE;
  return FALSE;
}

/* One process, 4242, named and run with Latin-1 bytes by a Latin-1 user. */
static GPtrArray *
latin1_list (GError **error)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_process_info_free);
  MsProcessInfo *info = g_new0 (MsProcessInfo, 1);

  info->pid = 4242;
  info->uid = getuid ();
  info->state = 'S';
  info->name = g_strdup ("caf\xe9-\xe9");
  info->user = g_strdup ("\xe9ric");
  info->cmdline = g_strdup ("python3 caf\xe9.py d\xe9j\xe0");
  info->rss = 4096;
  g_ptr_array_add (list, info);
  return list;
}

static gboolean
list_has_pid (gpointer data)
{
  gpointer *args = data;

  return ms_process_list_view_is_loaded (args[0]) &&
         ms_test_find_row (ms_process_list_view_get_model (args[0]), GPOINTER_TO_INT (args[1])) != GTK_INVALID_LIST_POSITION;
}

/* Everything the window shows of @window's snapshot, and the strip's
 * tooltip across it: nothing but UTF-8 reaches Pango (GTK's labels and
 * tooltips lay out through it), and nothing long. Returns the texts. */
static GPtrArray *
show_everything (MsWindow *window)
{
  MsStrip *strip = _ms_window_get_strip (window);
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  int width;

  g_assert_true (ms_test_wait_for (strip_allocated, strip));
  ms_test_let_draw ();
  collect_texts (GTK_WIDGET (window), texts);
  g_ptr_array_add (texts, g_strdup (gtk_window_get_title (GTK_WINDOW (window))));

  width = gtk_widget_get_width (GTK_WIDGET (strip));
  for (int x = 1; x < width; x += 5)
    {
      char *text = query_tooltip (strip, x, gtk_widget_get_height (GTK_WIDGET (strip)) / 4.0);

      if (text != NULL)
        g_ptr_array_add (texts, text);
    }
  ms_test_let_draw ();

  for (guint i = 0; i < texts->len; i++)
    g_assert_true (g_utf8_validate (g_ptr_array_index (texts, i), -1, NULL));
  return texts;
}

#define REPLACEMENT "\xef\xbf\xbd"   /* U+FFFD */

/* python3, started through a link named with a Latin-1 byte (its name
 * "caf\xe9"), with an argument "caf\xe9.txt", mapping a file so named. It
 * runs until @stdin_fd is closed (or the test ends). */
static GPid
start_latin1_child (const char *dir,
                    int        *stdin_fd)
{
  g_autofree char *link = g_build_filename (dir, "caf\xe9", NULL);
  g_autofree char *file = g_build_filename (dir, "d\xe9j\xe0-vu.bin", NULL);
  /* the interpreter itself: a wrapper script (pyenv's) may not take the name */
  g_autofree char *python = g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE)
                              ? g_strdup ("/usr/bin/python3") : g_find_program_in_path ("python3");
  g_autoptr(GError) error = NULL;
  const char *script =
    "import mmap, os, sys, time\n"
    "f = open(os.fsencode(sys.argv[1]), 'rb')\n"
    "m = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)\n"
    "print('ready', flush=True)\n"
    "sys.stdin.read()\n";
  const char *argv[] = { link, "-c", script, file, "caf\xe9.txt", NULL };
  char line[64] = "";
  GPid pid;
  int out_fd;
  FILE *out;

  g_assert_nonnull (python);
  g_assert_cmpint (symlink (python, link), ==, 0);
  g_assert_true (g_file_set_contents (file, "mapped", -1, NULL));
  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                            &pid, stdin_fd, &out_fd, NULL, &error);
  g_assert_no_error (error);
  out = fdopen (out_fd, "r");
  g_assert_nonnull (fgets (line, sizeof line, out));
  g_assert_cmpstr (line, ==, "ready\n");
  fclose (out);
  g_unlink (file);
  g_unlink (link);
  return pid;
}

/* A capture whose paths and flags are not UTF-8, one of them 1 MiB long,
 * then a live process whose name and command line are not UTF-8: the
 * window, its table, its tooltips and the process list show them (U+FFFD
 * for the stray bytes), with no warning from Pango or GTK (fatal here), no
 * invalid text and no long text given to Pango. */
static void
test_window_hostile_names (void)
{
  GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  g_autofree char *capture = g_build_filename (dir, "hostile.smaps", NULL);
  g_autofree char *long_path = g_strnfill (1024 * 1024, 'x');
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) texts = NULL;
  MsWindow *window;
  GPid pid;
  int child_stdin;

  memcpy (long_path, "/tmp/", 5);
  memcpy (long_path + 1024 * 1024 - 8, "/lib\xe9.so", 8);
  g_string_append_printf (text,
                          "55d000000000-55d000400000 r-xp 00000000 08:01 1234 /tmp/caf\xe9.bin\n"
                          "Rss:                4096 kB\n"
                          "VmFlags: rd ex \xff\xfe\n"
                          "55d000400000-55d000800000 rw-p 00400000 08:01 1234 /tmp/caf\xe9.bin\n"
                          "Rss:                 400 kB\n"
                          "7f0000000000-7f0000400000 r--p 00000000 08:01 99 %s\n"
                          "Rss:                4096 kB\n"
                          "7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0 [stack]\n"
                          "Rss:                  20 kB\n",
                          long_path);
  g_assert_true (g_file_set_contents (capture, text->str, (gssize) text->len, NULL));

  ms_test_pango_reset ();
  /* a tooltip's markup: a path and a screenful of rows around it */
  ms_test_pango_set_limit (4 * MS_DISPLAY_TEXT_MAX_CHARS);

  window = ms_test_window_new ();
  ms_window_show_file (window, capture);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_assert_cmpstr (_ms_window_get_page (window), ==, "map");
  texts = show_everything (window);
  g_assert_true (contains_text (texts, "/tmp/caf" REPLACEMENT ".bin"));
  g_assert_true (contains_text (texts, "rd ex " REPLACEMENT REPLACEMENT));
  g_assert_true (contains_text (texts, "xxx/lib" REPLACEMENT ".so"));
  g_clear_pointer (&texts, g_ptr_array_unref);

  /* The same of a live process. */
  pid = start_latin1_child (dir, &child_stdin);
  ms_window_show_pid (window, pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_assert_cmpstr (_ms_window_get_page (window), ==, "map");
  g_assert_cmpstr (_ms_window_get_title (window), ==, "caf" REPLACEMENT);
  texts = show_everything (window);
  g_assert_true (contains_text (texts, "caf" REPLACEMENT ".txt"));
  g_assert_true (contains_text (texts, "d" REPLACEMENT "j" REPLACEMENT "-vu.bin"));
  g_clear_pointer (&texts, g_ptr_array_unref);

  /* A process list of such names, as the privileged helper gives them (the
   * bytes as they are; libproc2 makes them '?'): shown, and found by a
   * search for what is shown. */
  {
    MsProcessListView *list = _ms_window_get_process_list (window);
    GtkWidget *search = gtk_widget_get_first_child (GTK_WIDGET (list));
    gpointer args[2] = { list, GINT_TO_POINTER (4242) };

    g_autoptr(MsSource) source = ms_test_source_new (MS_SOURCE_KIND_LOCAL, NULL, latin1_list);

    ms_process_list_view_set_source (list, source);
    ms_process_list_view_refresh (list);
    g_assert_true (ms_test_wait_for (list_has_pid, args));
    gtk_editable_set_text (GTK_EDITABLE (search), "CAF" REPLACEMENT);
    g_signal_emit_by_name (search, "search-changed");
    ms_test_let_draw ();
    g_assert_cmpuint (g_list_model_get_n_items (ms_process_list_view_get_model (list)), ==, 1);
    gtk_editable_set_text (GTK_EDITABLE (search), "d" REPLACEMENT "j" REPLACEMENT);
    g_signal_emit_by_name (search, "search-changed");
    ms_test_let_draw ();
    g_assert_cmpuint (g_list_model_get_n_items (ms_process_list_view_get_model (list)), ==, 1);
    texts = show_everything (window);
    g_assert_true (contains_text (texts, "caf" REPLACEMENT "-" REPLACEMENT));
    g_assert_true (contains_text (texts, REPLACEMENT "ric"));
    g_clear_pointer (&texts, g_ptr_array_unref);
  }

  g_assert_cmpuint (ms_test_pango_get_n_invalid (), ==, 0);
  g_test_message ("%u texts given to Pango, the longest %" G_GSIZE_FORMAT " characters",
                  ms_test_pango_get_n_texts (), ms_test_pango_get_longest ());
  ms_test_pango_set_limit (G_MAXSIZE);

  ms_test_window_destroy (window);
  close (child_stdin);
  waitpid (pid, NULL, 0);
  g_unlink (capture);
  g_rmdir (dir);
  g_log_set_always_fatal (fatal);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/memscape/window/start-page", test_window_start_page);
  g_test_add_func ("/memscape/window/shows-child", test_window_shows_child);
  g_test_add_func ("/memscape/window/tooltip", test_window_tooltip);
  g_test_add_func ("/memscape/window/refresh-shows-new-region", test_window_refresh_shows_new_region);
  g_test_add_func ("/memscape/window/exited-banner", test_window_exited_banner);
  g_test_add_func ("/memscape/window/permission-denied", test_window_permission_denied);
  g_test_add_func ("/memscape/window/kernel-thread", test_window_kernel_thread);
  g_test_add_func ("/memscape/window/vanished-process", test_window_vanished_process);
  g_test_add_func ("/memscape/window/open-file", test_window_open_file);
  g_test_add_func ("/memscape/window/hostile-names", test_window_hostile_names);
  g_test_add_func ("/memscape/window/process-list", test_window_process_list);
  g_test_add_func ("/memscape/window/process-list-stays-sorted", test_process_list_stays_sorted);
  g_test_add_func ("/memscape/window/remembers-size", test_window_remembers_size);
  g_test_add_func ("/memscape/region-table/sort-and-filter", test_region_table_sort_and_filter);
  g_test_add_func ("/memscape/region-table/selection-survives", test_region_model_selection_survives);

  return g_test_run ();
}
