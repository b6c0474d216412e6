/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "ms-application.h"
#include "ms-legend-private.h"
#include "ms-map-view-private.h"
#include "ms-reader.h"
#include "ms-region-item.h"
#include "ms-region-table.h"
#include "ms-summary-private.h"
#include "ms-test-util.h"
#include "ms-test-window.h"
#include "ms-window-private.h"

/* The map page as a person sees it, on a real child process (tests/ms-test-child)
 * under Xvfb: the legend in sight, hovering that leaves the table where it
 * is, paused refreshing that says so and is never remembered, the linear
 * scale, the zoom level and --scale. */

static gboolean
window_allocated (gpointer data)
{
  int width, height;

  /* (Less the room of the window's invisible resize borders.) */
  gtk_window_get_default_size (GTK_WINDOW (data), &width, &height);
  return gtk_widget_get_width (data) > width - 20 && gtk_widget_get_width (data) <= width &&
         gtk_widget_get_height (data) > height - 20 && gtk_widget_get_height (data) <= height;
}

static MsWindow *
open_on_pid (int pid,
             int width,
             int height)
{
  MsWindow *window = ms_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  ms_window_show_pid (window, pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_assert_true (ms_test_wait_for (window_allocated, window));
  return window;
}

/* --- 1. every kind of the legend in sight --------------------------------- */

/* Whether @widget is drawn whole, at least at its natural height, inside
 * every scrolled window around it and inside @window. Says why not in
 * @why. */
static gboolean
in_sight (GtkWidget  *widget,
          GtkWidget  *window,
          char      **why)
{
  graphene_rect_t bounds;
  int minimum, natural;

  if (!gtk_widget_is_drawable (widget))
    {
      *why = g_strdup ("not drawn");
      return FALSE;
    }
  if (!gtk_widget_compute_bounds (widget, window, &bounds))
    {
      *why = g_strdup ("no bounds");
      return FALSE;
    }
  /* (The bounds are the border box, as measured: the button has no margin.) */
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, (int) bounds.size.width,
                      &minimum, &natural, NULL, NULL);
  if (bounds.size.height + 0.5 < natural)
    {
      *why = g_strdup_printf ("%g pixels tall of %d", bounds.size.height, natural);
      return FALSE;
    }

  for (GtkWidget *around = gtk_widget_get_parent (widget); around != NULL;
       around = gtk_widget_get_parent (around))
    {
      graphene_rect_t frame;

      if (around != window && !GTK_IS_SCROLLED_WINDOW (around))
        continue;
      if (around == window)
        graphene_rect_init (&frame, 0, 0, gtk_widget_get_width (window), gtk_widget_get_height (window));
      else if (!gtk_widget_compute_bounds (around, window, &frame))
        continue;
      if (!graphene_rect_contains_rect (&frame, &bounds))
        {
          *why = g_strdup_printf ("at %g,%g %gx%g, outside the %s at %g,%g %gx%g",
                                  bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
                                  G_OBJECT_TYPE_NAME (around),
                                  frame.origin.x, frame.origin.y, frame.size.width, frame.size.height);
          return FALSE;
        }
    }

  return TRUE;
}

/* Every kind the process has is in the legend and in sight; the others are
 * not shown. With @why: the first that is not, and why. */
static gboolean
legend_in_sight_full (MsWindow  *window,
                      char     **why)
{
  MsLegend *legend = ms_map_view_get_legend (_ms_window_get_map_view (window));
  MsSnapshot *snapshot = _ms_window_get_snapshot (window);

  for (int kind = 0; kind < MS_N_KINDS; kind++)
    {
      GtkWidget *item = _ms_legend_get_item (legend, kind);
      g_autofree char *reason = NULL;

      if (snapshot->per_kind[kind].count == 0)
        {
          if (gtk_widget_get_visible (item))
            {
              *why = g_strdup_printf ("%s is shown without regions", ms_kind_get_label (kind));
              return FALSE;
            }
          continue;
        }
      if (!in_sight (item, GTK_WIDGET (window), &reason))
        {
          *why = g_strdup_printf ("%s: %s", ms_kind_get_label (kind), reason);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
legend_in_sight (gpointer data)
{
  g_autofree char *why = NULL;

  return legend_in_sight_full (data, &why);
}

static void
assert_legend_in_sight (MsWindow   *window,
                        const char *when)
{
  g_autofree char *why = NULL;

  /* (The layout may take a frame or two to settle.) */
  ms_test_wait_for (legend_in_sight, window);
  ms_test_let_draw ();
  if (!legend_in_sight_full (window, &why))
    g_error ("%s: the legend is not all in sight: %s", when, why);
}

/* The build's translations, in @language. */
static void
use_language (const char *language)
{
  g_autofree char *tests = g_strdup (g_getenv ("G_TEST_BUILDDIR"));
  g_autofree char *build = g_path_get_dirname (tests);
  g_autofree char *po = g_build_filename (build, "po", NULL);

  g_setenv ("LANGUAGE", language, TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, po);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

typedef struct {
  const char *language;
  int         width;
  int         height;
  const char *read_only;     /* "Read-only data" in that language */
} LegendCase;

static const LegendCase legend_cases[] = {
  { "en", 1200, 800, "Read-only data" },
  { "de", 1200, 800, "Schreibgeschützte Daten" },
  { "zh_CN", 1200, 800, "只读数据" },
  { "en", 800, 600, "Read-only data" },
  { "de", 800, 600, "Schreibgeschützte Daten" },
  { "zh_CN", 800, 600, "只读数据" },
};

/* The child has a region of every kind: at the default size and at
 * 800×600, in English, German and Chinese, every kind of the legend is in
 * sight without scrolling, also with the banner of a process that exited. */
static void
test_legend_in_sight (gconstpointer data)
{
  const LegendCase *test = data;
  MsTestChild *child;
  MsWindow *window;
  MsSnapshot *snapshot;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  use_language (test->language);
  /* Really in that language. */
  g_assert_cmpstr (ms_kind_get_label (MS_KIND_RODATA), ==, test->read_only);

  child = ms_test_child_start ();
  window = open_on_pid (child->pid, test->width, test->height);
  snapshot = _ms_window_get_snapshot (window);
  for (int kind = 0; kind < MS_N_KINDS; kind++)
    g_assert_cmpuint (snapshot->per_kind[kind].count, >, 0);
  assert_legend_in_sight (window, "live");

  /* The child exits: the banner takes room at the top. */
  g_assert_cmpint (write (child->stdin_fd, "exit\n", 5), ==, 5);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  g_assert_true (ms_test_wait_for (ms_test_window_exited, window));
  g_assert_true (_ms_window_get_banner_visible (window));
  ms_test_let_draw ();
  assert_legend_in_sight (window, "exited");

  /* Clicking a kind still highlights it. */
  snapshot = _ms_window_get_snapshot (window);
  if (snapshot->per_kind[MS_KIND_HEAP].count > 0)
    {
      MsLegend *legend = ms_map_view_get_legend (_ms_window_get_map_view (window));

      g_signal_emit_by_name (_ms_legend_get_item (legend, MS_KIND_HEAP), "clicked");
      g_assert_cmpint (ms_session_get_highlight_kind (_ms_window_get_session (window)), ==, MS_KIND_HEAP);
      g_signal_emit_by_name (_ms_legend_get_item (legend, MS_KIND_HEAP), "clicked");
      g_assert_cmpint (ms_session_get_highlight_kind (_ms_window_get_session (window)), ==, -1);
    }

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

/* --- 3. hovering leaves the table where it is; another process starts fresh */

static GtkAdjustment *
table_adjustment (MsWindow *window)
{
  MsRegionTable *table = ms_map_view_get_table (_ms_window_get_map_view (window));
  GtkWidget *scrolled = ms_test_find_widget (GTK_WIDGET (table), GTK_TYPE_SCROLLED_WINDOW);

  g_assert_nonnull (scrolled);
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
}

static gboolean
table_scrolled_down (gpointer data)
{
  return gtk_adjustment_get_value (table_adjustment (data)) > 0;
}

static gboolean
shows_pid (gpointer data)
{
  gpointer *args = data;
  MsSnapshot *snapshot = _ms_window_get_snapshot (args[0]);

  return snapshot != NULL && snapshot->pid == GPOINTER_TO_INT (args[1]) &&
         ms_session_get_state (_ms_window_get_session (args[0])) == MS_SESSION_LIVE;
}

/* Crossing the strip to reach the table hovers region after region: each is
 * marked in the table, but the table stays where the person left it. Only
 * choosing a region (in the strip or the table) brings its row into view.
 * Another process starts with its table at the top and nothing highlighted. */
static void
test_hover_keeps_table (void)
{
  MsTestChild *child = ms_test_child_start ();
  MsTestChild *other = ms_test_child_start ();
  MsWindow *window = open_on_pid (child->pid, 1200, 800);
  MsSession *session = _ms_window_get_session (window);
  MsMapView *map_view = _ms_window_get_map_view (window);
  MsRegionTable *table = ms_map_view_get_table (map_view);
  MsStrip *strip = ms_map_view_get_strip (map_view);
  MsSnapshot *snapshot = _ms_window_get_snapshot (window);
  GtkAdjustment *adjustment = table_adjustment (window);
  guint last = snapshot->n_regions - 1;
  gpointer args[2] = { window, GINT_TO_POINTER (other->pid) };
  double scrolled;

  ms_test_let_draw ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  /* Choosing the last region in the strip brings its row into view. */
  ms_strip_select (strip, (int) last, TRUE);
  g_assert_cmpint (ms_region_table_get_selected_index (table), ==, (int) last);
  g_assert_true (ms_test_wait_for (table_scrolled_down, window));
  ms_test_let_draw ();
  scrolled = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (scrolled, >, 0);

  /* Hovering the first regions (far above) marks their rows, and the table
   * does not move. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(MsRegionItem) item = g_list_model_get_item (ms_region_table_get_model (table), i);

      ms_session_set_hovered_address (session, snapshot->regions[i].start);
      ms_test_let_draw ();
      g_assert_true (ms_region_item_get_hovered (item));
      g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, scrolled);
    }
  ms_session_set_hovered_address (session, MS_NO_ADDRESS);

  /* A kind highlighted from the legend… */
  g_signal_emit_by_name (_ms_legend_get_item (ms_map_view_get_legend (map_view), MS_KIND_HEAP), "clicked");
  g_assert_cmpint (ms_strip_get_highlight_kind (strip), ==, MS_KIND_HEAP);

  /* …is not carried to another process, whose table starts at the top. */
  ms_window_show_pid (window, other->pid);
  g_assert_true (ms_test_wait_for (shows_pid, args));
  ms_test_let_draw ();
  g_assert_true (_ms_window_get_session (window) != session);
  g_assert_cmpint (ms_session_get_highlight_kind (_ms_window_get_session (window)), ==, -1);
  g_assert_cmpint (ms_legend_get_highlight_kind (ms_map_view_get_legend (map_view)), ==, -1);
  g_assert_cmpint (ms_strip_get_highlight_kind (strip), ==, -1);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (_ms_legend_get_item (ms_map_view_get_legend (map_view), MS_KIND_HEAP))));
  g_assert_cmpint (ms_region_table_get_selected_index (table), ==, -1);
  g_assert_cmpfloat (gtk_adjustment_get_value (table_adjustment (window)), ==, 0);

  ms_test_window_destroy (window);
  ms_test_child_stop (other);
  ms_test_child_stop (child);
}

/* --- 4. paused: said where the time of the reading is, never remembered -- */

/* The state of win.paused (a property action of the window). */
static gboolean
is_paused (MsWindow *window)
{
  gboolean paused;

  g_object_get (window, "paused", &paused, NULL);
  return paused;
}

/* A process that maps jemalloc, tcmalloc or mimalloc says so in its details;
 * one on glibc's malloc does not. */
static void
test_summary_allocator (void)
{
  static const char capture[] =
    "1000-2000 r-xp 00000000 08:01 1 /usr/bin/prog\n"
    "7f0000000000-7f0000001000 r--p 00000000 08:01 2 /usr/lib/x86_64-linux-gnu/libjemalloc.so.2\n"
    "7f0000001000-7f0000002000 r-xp 00001000 08:01 2 /usr/lib/x86_64-linux-gnu/libjemalloc.so.2\n";
  GtkWidget *summary = g_object_ref_sink (ms_summary_new ());
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSnapshot) jemalloc = NULL;
  g_autoptr(MsSnapshot) glibc = ms_test_read_fixture ("python3-threads.smaps");
  int fd = g_file_open_tmp ("ms-jemalloc-XXXXXX.maps", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, capture, -1, &error));
  jemalloc = ms_read_file (path, NULL, &error);
  g_assert_no_error (error);
  g_unlink (path);

  ms_summary_set_snapshot (MS_SUMMARY (summary), jemalloc);
  g_assert_nonnull (strstr (_ms_summary_get_details (MS_SUMMARY (summary)), " · allocator: jemalloc"));
  ms_summary_set_snapshot (MS_SUMMARY (summary), glibc);
  g_assert_null (strstr (_ms_summary_get_details (MS_SUMMARY (summary)), "allocator"));

  g_object_unref (summary);
}

/* Pausing stops the reads of the process shown and says so where the time
 * of the reading is, with a button that resumes at once; the interval is
 * remembered, pausing is not: every new window starts live. */
static void
test_paused (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window;
  MsSession *session;
  MsSummary *summary;
  MsRefreshPolicy *policy;
  GtkWidget *resume;
  const char *text;

  /* Paused was once kept in the settings as the interval 0: a window opened
   * on such settings starts live, at the default interval. */
  g_settings_set_uint (settings, "refresh-interval", 0);
  window = open_on_pid (child->pid, 1200, 800);
  session = _ms_window_get_session (window);
  policy = ms_session_get_policy (session);
  summary = _ms_map_view_get_summary (_ms_window_get_map_view (window));
  g_assert_false (is_paused (window));
  g_assert_cmpuint (g_settings_get_uint (settings, "refresh-interval"), ==, 1000);
  g_assert_cmpuint (ms_refresh_policy_get_interval (policy), ==, 1000);
  g_assert_null (_ms_summary_get_resume_button (summary));
  g_assert_nonnull (strstr (_ms_summary_get_details (summary), "read at"));

  /* Another interval, chosen in the menu, is remembered. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "refresh-interval", g_variant_new_uint32 (2000));
  g_assert_cmpuint (g_settings_get_uint (settings, "refresh-interval"), ==, 2000);
  g_assert_cmpuint (ms_refresh_policy_get_interval (policy), ==, 2000);

  /* Paused: no more reads, and the summary says so where it shows the time
   * of the reading; so does the subtitle. The settings keep the interval. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.paused", NULL);
  g_assert_true (is_paused (window));
  g_assert_cmpuint (ms_refresh_policy_get_interval (policy), ==, 0);
  g_assert_cmpuint (ms_refresh_policy_get_delay (policy), ==, 0);
  g_assert_cmpuint (g_settings_get_uint (settings, "refresh-interval"), ==, 2000);
  text = _ms_summary_get_paused_text (summary);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "Paused"));
  g_assert_nonnull (strstr (text, "read at"));
  g_assert_null (strstr (_ms_summary_get_details (summary), "read at"));
  g_assert_nonnull (strstr (_ms_window_get_subtitle (window), "paused"));
  resume = _ms_summary_get_resume_button (summary);
  g_assert_nonnull (resume);
  g_assert_true (gtk_widget_is_drawable (resume));

  /* One click resumes, at the interval chosen. */
  g_signal_emit_by_name (resume, "clicked");
  g_assert_false (is_paused (window));
  g_assert_cmpuint (ms_refresh_policy_get_interval (policy), ==, 2000);
  g_assert_null (_ms_summary_get_resume_button (summary));
  g_assert_nonnull (strstr (_ms_summary_get_details (summary), "read at"));

  /* Choosing an interval while paused resumes too. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.paused", NULL);
  g_assert_true (is_paused (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "refresh-interval", g_variant_new_uint32 (500));
  g_assert_false (is_paused (window));
  g_assert_cmpuint (ms_refresh_policy_get_interval (policy), ==, 500);

  /* Paused, another process shown stays paused in this window… */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.paused", NULL);
  ms_window_show_file (window, g_test_get_filename (G_TEST_DIST, "fixtures", "c-sleep.smaps", NULL));
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_assert_true (is_paused (window));
  g_assert_cmpuint (ms_refresh_policy_get_interval (ms_session_get_policy (_ms_window_get_session (window))), ==, 0);
  g_assert_nonnull (_ms_summary_get_resume_button (summary));

  /* …but the next window starts live. */
  ms_test_window_destroy (window);
  window = open_on_pid (child->pid, 1200, 800);
  summary = _ms_map_view_get_summary (_ms_window_get_map_view (window));
  g_assert_false (is_paused (window));
  g_assert_cmpuint (ms_refresh_policy_get_interval (ms_session_get_policy (_ms_window_get_session (window))), ==, 500);
  g_assert_null (_ms_summary_get_resume_button (summary));

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
  g_settings_reset (settings, "refresh-interval");
}

/* --- 8. scales: the zoom level, zooming toward the data, --scale --------- */

/* The button where "1" was shows how far the strip is zoomed in, and takes
 * it back to the whole address space; "+" with nothing chosen zooms toward
 * the data, never into an empty stretch. */
static void
test_zoom_level (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = open_on_pid (child->pid, 1200, 800);
  MsMapView *map_view = _ms_window_get_map_view (window);
  MsStrip *strip = ms_map_view_get_strip (map_view);
  MsLayout *layout;
  double start, end, g0 = 0, g1 = 0;
  int gap = -1;

  ms_test_let_draw ();
  g_assert_cmpstr (_ms_map_view_get_zoom_text (map_view), ==, "1×");
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "zoom-reset") &&
                  ms_strip_get_can_zoom_out (strip));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  g_assert_cmpfloat_with_epsilon (ms_strip_get_zoom (strip), 2.0, 1e-9);
  g_assert_cmpstr (_ms_map_view_get_zoom_text (map_view), ==, "2×");
  g_assert_nonnull (strstr (_ms_map_view_get_zoom_tooltip (map_view), "2×"));
  g_assert_true (ms_strip_get_can_zoom_out (strip));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  g_assert_cmpstr (_ms_map_view_get_zoom_text (map_view), ==, "16×");

  /* The way back. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL);
  g_assert_cmpfloat (ms_strip_get_zoom (strip), ==, 1.0);
  g_assert_cmpstr (_ms_map_view_get_zoom_text (map_view), ==, "1×");

  /* A view whose middle is in a gap (in the linear scale): "+" zooms into
   * the data nearest to it, which comes to the middle. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "scale-mode", g_variant_new_string ("linear"));
  g_assert_cmpint (ms_strip_get_scale_mode (strip), ==, MS_SCALE_LINEAR);
  layout = ms_strip_get_layout (strip);
  for (guint i = 1; i < ms_layout_get_n_regions (layout) && gap < 0; i++)
    if (ms_layout_get_gap (layout, i, &g0, &g1) != MS_GAP_NONE)
      gap = (int) i;
  g_assert_cmpint (gap, >, 0);
  ms_strip_set_view (strip, (g0 + g1) / 2 - (g1 - g0), (g0 + g1) / 2 + (g1 - g0));
  ms_strip_get_view (strip, &start, &end);
  g_assert_cmpint (ms_layout_hit (layout, (start + end) / 2, NULL), ==, -1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  ms_strip_get_view (strip, &start, &end);
  g_assert_cmpint (ms_layout_hit (layout, (start + end) / 2, NULL), >=, 0);

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
  g_settings_reset (settings, "scale-mode");
}

typedef struct {
  MsTestChild *child;
  GtkWindow   *window;
  MsScaleMode  mode;     /* the strip's, when the process was shown */
  MsScaleMode  shown;    /* the toggle's */
} LaunchCheck;

static gboolean
check_launched (gpointer data)
{
  LaunchCheck *check = data;
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  GtkWindow *window = gtk_application_get_active_window (app);
  MsSession *session;
  g_autoptr(GVariant) state = NULL;

  if (window == NULL || (session = _ms_window_get_session (MS_WINDOW (window))) == NULL ||
      ms_session_get_state (session) != MS_SESSION_LIVE)
    return G_SOURCE_CONTINUE;

  check->window = window;
  check->mode = ms_strip_get_scale_mode (_ms_window_get_strip (MS_WINDOW (window)));
  {
    gboolean paused;
    MsScaleMode mode;

    g_object_get (window, "paused", &paused, "scale-mode", &mode, NULL);
    check->shown = mode;
  }
  gtk_window_destroy (window);
  return G_SOURCE_REMOVE;
}

/* `memscape --pid PID --scale linear` opens in the linear scale (the
 * window program is started with the same arguments): for that window only;
 * the next opens in the one chosen last in a window. */
static void
test_scale_option (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  LaunchCheck check = { ms_test_child_start (), NULL, -1, -1 };
  g_autofree char *pid = g_strdup_printf ("%d", (int) check.child->pid);
  char *argv[] = { (char *) "memscape-window", (char *) "--pid", pid, (char *) "--scale", (char *) "linear", NULL };
  g_autoptr(MsApplication) app = ms_application_new ();
  MsWindow *window;

  {
    g_autofree char *value = g_settings_get_string (settings, "scale-mode");

    g_assert_cmpstr (value, ==, "proportional");
  }
  g_timeout_add (10, check_launched, &check);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv), ==, 0);
  g_assert_nonnull (check.window);
  g_assert_cmpint (check.mode, ==, MS_SCALE_LINEAR);
  g_assert_cmpint (check.shown, ==, MS_SCALE_LINEAR);

  /* Not remembered: the next window opens as the settings say. */
  {
    g_autofree char *value = g_settings_get_string (settings, "scale-mode");

    g_assert_cmpstr (value, ==, "proportional");
  }
  window = open_on_pid (check.child->pid, 1200, 800);
  g_assert_cmpint (ms_strip_get_scale_mode (_ms_window_get_strip (window)), ==, MS_SCALE_PROPORTIONAL);

  /* A scale chosen in the window is. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "scale-mode", g_variant_new_string ("resident"));
  g_assert_cmpint (ms_strip_get_scale_mode (_ms_window_get_strip (window)), ==, MS_SCALE_RESIDENT);
  {
    g_autofree char *value = g_settings_get_string (settings, "scale-mode");

    g_assert_cmpstr (value, ==, "resident");
  }

  /* (The window's actions do not keep it, and its session, alive.) */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  ms_test_window_destroy (window);
  g_assert_null (window);
  g_settings_reset (settings, "scale-mode");

  ms_test_child_stop (check.child);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The application's style, as MsApplication (an AdwApplication) loads it. */
  gtk_css_provider_load_from_resource (css, RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  for (guint i = 0; i < G_N_ELEMENTS (legend_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/memscape/map-view/legend-in-sight/%dx%d/%s",
                                               legend_cases[i].width, legend_cases[i].height,
                                               legend_cases[i].language);

      g_test_add_data_func (path, &legend_cases[i], test_legend_in_sight);
    }

  g_test_add_func ("/memscape/map-view/hover-keeps-table", test_hover_keeps_table);
  g_test_add_func ("/memscape/map-view/paused", test_paused);
  g_test_add_func ("/memscape/map-view/summary-allocator", test_summary_allocator);
  g_test_add_func ("/memscape/map-view/zoom-level", test_zoom_level);
  g_test_add_func ("/memscape/map-view/scale-option", test_scale_option);

  return g_test_run ();
}
