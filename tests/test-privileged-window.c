/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ms-activity.h"
#include "ms-error.h"
#include "ms-page-layer.h"
#include "ms-privileged-private.h"
#include "ms-strip.h"
#include "ms-test-source.h"
#include "ms-test-util.h"
#include "ms-test-window.h"
#include "ms-window-private.h"

/* The window's use of the privileged reader: "Read as Administrator" on the
 * permission-denied page, with a fake runner in place of pkexec (and the real
 * memscape-reader, $MEMSCAPE_READER), and the host's processes inside
 * Flatpak, with a fake /.flatpak-info and a stand-in for flatpak-spawn. */

static gboolean
session_stopped (gpointer data)
{
  return ms_session_get_state (_ms_window_get_session (data)) == MS_SESSION_STOPPED;
}

/* The session shown now: a new one each time the window starts reading the
 * process another way. */
static MsSession *
session_of (MsWindow *window)
{
  MsSession *session = _ms_window_get_session (window);

  g_assert_nonnull (session);
  return session;
}

static void
set_interval (MsWindow *window,
              guint     interval)
{
  ms_refresh_policy_set_interval (ms_session_get_policy (session_of (window)), interval);
}

/* No refresh timers: the tests refresh by hand, and count every run of the
 * helper. (A window always starts live: it is paused here, and its process
 * list too.) */
static MsWindow *
create_window (void)
{
  MsWindow *window = ms_window_new (NULL);

  g_object_set (window, "paused", TRUE, NULL);
  g_object_set (_ms_window_get_process_list (window), "interval", 0, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static guint
count_lines (const char *path)
{
  g_autofree char *text = NULL;
  guint n = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

/* How many runs of the helper were for @request ("read", "probe"). */
static guint
count_requests (const char *path,
                const char *request)
{
  g_autofree char *text = NULL;
  g_autofree char *word = g_strdup_printf (" %s ", request);
  guint n = 0;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  for (const char *p = strstr (text, word); p != NULL; p = strstr (p + 1, word))
    n++;
  return n;
}

static gboolean
log_has_request (gpointer data)
{
  gpointer *args = data;

  return count_requests (args[0], args[1]) > 0;
}

/* --- a process this user may not read ------------------------------------- */

/* The window's ordinary source, replaced: every process is someone
 * else's. (The real refusal and its page are tested in test-window; here the
 * child must stay readable by the helper the fake runner starts as us.) */
static MsSnapshot *
denied_read (int            pid,
             MsSnapshot    *previous,
             GCancellable  *cancellable,
             GError       **error)
{
  g_set_error (error, MS_ERROR, MS_ERROR_PERMISSION_DENIED,
               "Cannot read process %d: permission denied", pid);
  return NULL;
}

typedef struct {
  MsTestChild *child;
  char        *dir;
  char        *log;
  char        *runner;
  MsWindow    *window;
} Fixture;

/* The runner: pkexec's stand-in, run with the helper's argv. */
static void
set_runner (Fixture    *fixture,
            const char *body)
{
  g_autofree char *logged = g_strdup_printf ("echo \"$*\" >> '%s'\n%s", fixture->log, body);

  g_free (fixture->runner);
  fixture->runner = ms_test_write_script (fixture->dir, "runner", logged);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_assert_nonnull (g_getenv ("MEMSCAPE_READER"));
  g_assert_true (g_file_test (g_getenv ("MEMSCAPE_READER"), G_FILE_TEST_IS_EXECUTABLE));

  fixture->child = ms_test_child_start ();
  fixture->dir = g_dir_make_tmp ("memscape-admin-XXXXXX", NULL);
  fixture->log = g_build_filename (fixture->dir, "log", NULL);
  set_runner (fixture, "exec \"$@\"");
  g_assert_true (g_setenv ("MEMSCAPE_PRIVILEGED_RUNNER", fixture->runner, TRUE));

  fixture->window = create_window ();
  {
    g_autoptr(MsSource) denied = ms_test_source_new (MS_SOURCE_KIND_LOCAL, denied_read, NULL);

    _ms_window_set_source (fixture->window, denied);
  }

  ms_window_show_pid (fixture->window, fixture->child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, fixture->window));
  g_assert_cmpstr (_ms_window_get_page (fixture->window), ==, "denied");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ms_test_window_destroy (fixture->window);
  g_unsetenv ("MEMSCAPE_PRIVILEGED_RUNNER");
  ms_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->log);
  g_free (fixture->runner);
  ms_test_child_stop (fixture->child);
}

static void
click_read_as_admin (Fixture *fixture)
{
  GtkWidget *button = _ms_window_get_admin_button (fixture->window);

  /* The button is on the page shown, and can be used. */
  g_assert_cmpstr (_ms_window_get_page (fixture->window), ==, "denied");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_has_css_class (button, "suggested-action"));
  g_signal_emit_by_name (button, "clicked");
}

static void
test_read_as_admin (Fixture       *fixture,
                    gconstpointer  data)
{
  MsSnapshot *snapshot;
  g_autofree char *odd = g_strdup_printf ("%s/odd, \"name\"\nline two.bin", fixture->child->dir);
  g_autofree char *expected = NULL;
  g_autofree char *logged = NULL;
  const char *text;

  /* The page says how it works before anything is asked. */
  text = _ms_window_get_status_text (fixture->window);
  g_assert_nonnull (strstr (text, "never runs as root"));
  g_assert_null (_ms_window_get_denied_error (fixture->window));
  g_assert_false (_ms_window_get_admin_indicator_visible (fixture->window));

  click_read_as_admin (fixture);
  /* Waiting for the password. */
  g_assert_true (ms_session_get_privileged (session_of (fixture->window)));
  g_assert_cmpint (ms_session_get_state (session_of (fixture->window)), ==, MS_SESSION_LOADING);
  g_assert_cmpstr (_ms_window_get_page (fixture->window), ==, "authenticating");

  g_assert_true (ms_test_wait_for (ms_test_window_settled, fixture->window));
  g_assert_cmpint (ms_session_get_state (session_of (fixture->window)), ==, MS_SESSION_LIVE);
  g_assert_cmpstr (_ms_window_get_page (fixture->window), ==, "map");
  g_assert_cmpstr (_ms_window_get_title (fixture->window), ==, "ms-test-child");
  g_assert_true (_ms_window_get_admin_indicator_visible (fixture->window));
  g_assert_false (_ms_window_get_banner_visible (fixture->window));

  /* The child's map, as the helper read it, is what the strip shows. */
  snapshot = ms_strip_get_snapshot (_ms_window_get_strip (fixture->window));
  g_assert_nonnull (snapshot);
  g_assert_true (snapshot == ms_session_get_snapshot (session_of (fixture->window)));
  g_assert_cmpint (snapshot->pid, ==, fixture->child->pid);
  g_assert_cmpuint (snapshot->n_regions, >, 20);
  g_assert_cmpint (ms_test_find_path (snapshot, odd), >=, 0);

  /* The runner was given the helper and one request: read PID. */
  g_assert_true (g_file_get_contents (fixture->log, &logged, NULL, NULL));
  expected = g_strdup_printf ("%s read %d\n", g_getenv ("MEMSCAPE_READER"), (int) fixture->child->pid);
  g_assert_cmpstr (logged, ==, expected);

  /* The live refresh stays privileged: through the runner again. */
  ms_session_refresh (session_of (fixture->window));
  g_assert_true (ms_test_wait_for (ms_test_window_settled, fixture->window));
  g_assert_cmpint (ms_session_get_state (session_of (fixture->window)), ==, MS_SESSION_LIVE);
  g_assert_cmpuint (count_lines (fixture->log), ==, 2);
  g_assert_true (ms_session_get_snapshot (session_of (fixture->window)) != snapshot);
  g_assert_true (_ms_window_get_admin_indicator_visible (fixture->window));

  /* The timer's refreshes of the quiet child ask the helper only whether it
   * changed (`probe`), not for its whole map, and keep the same snapshot. */
  {
    MsSnapshot *shown = ms_session_get_snapshot (session_of (fixture->window));
    gpointer args[2] = { fixture->log, "probe" };

    set_interval (fixture->window, 30);
    g_assert_true (ms_test_wait_for (log_has_request, args));
    set_interval (fixture->window, 0);
    g_assert_true (ms_test_wait_for (ms_test_window_settled, fixture->window));
    g_assert_cmpuint (count_requests (fixture->log, "read"), ==, 2);
    g_assert_true (ms_session_get_snapshot (session_of (fixture->window)) == shown);
  }

  /* The authorization ran out and the new password dialog was dismissed:
   * refreshing stops, the last map stays under a banner that says why. */
  set_runner (fixture, "exit 126");
  snapshot = ms_session_get_snapshot (session_of (fixture->window));
  set_interval (fixture->window, 50);
  g_assert_true (ms_test_wait_for (session_stopped, fixture->window));
  g_assert_cmpint (ms_session_get_state (session_of (fixture->window)), ==, MS_SESSION_STOPPED);
  g_assert_true (g_error_matches (ms_session_get_error (session_of (fixture->window)), MS_ERROR, MS_ERROR_AUTH_DISMISSED));
  g_assert_true (ms_session_get_snapshot (session_of (fixture->window)) == snapshot);
  g_assert_true (ms_strip_get_snapshot (_ms_window_get_strip (fixture->window)) == snapshot);
  g_assert_cmpstr (_ms_window_get_page (fixture->window), ==, "map");
  g_assert_true (_ms_window_get_banner_visible (fixture->window));
  g_assert_nonnull (strstr (_ms_window_get_banner_text (fixture->window), "dismissed"));
  g_assert_true (_ms_window_get_admin_indicator_visible (fixture->window));

  /* … and no more password dialogs: no run of the runner after that one. */
  {
    guint runs = count_lines (fixture->log);

    ms_test_spin (400);
    g_assert_cmpuint (count_lines (fixture->log), ==, runs);
    g_assert_false (ms_session_get_busy (session_of (fixture->window)));
  }

  /* Choosing the process again starts over as this user: denied. */
  ms_window_show_pid (fixture->window, fixture->child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, fixture->window));
  g_assert_cmpstr (_ms_window_get_page (fixture->window), ==, "denied");
  g_assert_false (ms_session_get_privileged (session_of (fixture->window)));
  g_assert_false (_ms_window_get_banner_visible (fixture->window));
  g_assert_false (_ms_window_get_admin_indicator_visible (fixture->window));
}

/* pkexec's 126: the password dialog was dismissed. Back to the page, quietly. */
static void
test_dismissed (Fixture       *fixture,
                gconstpointer  data)
{
  set_runner (fixture, "exit 126");
  click_read_as_admin (fixture);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, fixture->window));

  g_assert_cmpint (ms_session_get_state (session_of (fixture->window)), ==, MS_SESSION_FAILED);
  g_assert_true (g_error_matches (ms_session_get_error (session_of (fixture->window)), MS_ERROR, MS_ERROR_AUTH_DISMISSED));
  g_assert_cmpstr (_ms_window_get_page (fixture->window), ==, "denied");
  g_assert_null (_ms_window_get_denied_error (fixture->window));
  g_assert_null (ms_strip_get_snapshot (_ms_window_get_strip (fixture->window)));
  g_assert_false (_ms_window_get_admin_indicator_visible (fixture->window));

  /* The button is still there to try again, and then it works. */
  set_runner (fixture, "exec \"$@\"");
  click_read_as_admin (fixture);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, fixture->window));
  g_assert_cmpint (ms_session_get_state (session_of (fixture->window)), ==, MS_SESSION_LIVE);
  g_assert_cmpstr (_ms_window_get_page (fixture->window), ==, "map");
}

/* pkexec's 127 with its message: not authorized. The page says so. */
static void
test_not_authorized (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *shown;

  set_runner (fixture, "echo 'Error executing command as another user: Not authorized' >&2\nexit 127");
  click_read_as_admin (fixture);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, fixture->window));

  g_assert_cmpint (ms_session_get_state (session_of (fixture->window)), ==, MS_SESSION_FAILED);
  g_assert_true (g_error_matches (ms_session_get_error (session_of (fixture->window)), MS_ERROR, MS_ERROR_NOT_AUTHORIZED));
  g_assert_cmpstr (_ms_window_get_page (fixture->window), ==, "denied");
  shown = _ms_window_get_denied_error (fixture->window);
  g_assert_nonnull (shown);
  g_assert_cmpstr (shown, ==, ms_session_get_error (session_of (fixture->window))->message);
  g_assert_nonnull (strstr (shown, "Not authorized"));
  g_assert_null (strchr (shown, '\n'));
  g_assert_false (_ms_window_get_admin_indicator_visible (fixture->window));
}

/* 127 for another reason (no authentication agent): the helper could not
 * run. The page says so plainly, and what to do. */
static void
test_helper_failed (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *shown;

  set_runner (fixture, "echo 'Error executing command as another user: No authentication agent found.' >&2\nexit 127");
  click_read_as_admin (fixture);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, fixture->window));

  g_assert_true (g_error_matches (ms_session_get_error (session_of (fixture->window)), MS_ERROR, MS_ERROR_HELPER_FAILED));
  g_assert_cmpstr (_ms_window_get_page (fixture->window), ==, "denied");
  shown = _ms_window_get_denied_error (fixture->window);
  g_assert_nonnull (shown);
  g_assert_true (g_str_has_prefix (shown, "No authentication agent is running"));
  g_assert_nonnull (strstr (shown, "polkit agent"));
  g_assert_null (strchr (shown, '\n'));
}

/* While the password dialog shows, Cancel ends it and goes back. */
static void
test_cancel_authentication (Fixture       *fixture,
                            gconstpointer  data)
{
  gint64 start;

  set_runner (fixture, "exec sleep 60");
  click_read_as_admin (fixture);
  ms_test_spin (200);
  g_assert_cmpstr (_ms_window_get_page (fixture->window), ==, "authenticating");
  g_assert_true (ms_session_get_busy (session_of (fixture->window)));
  g_assert_nonnull (strstr (_ms_window_get_status_text (fixture->window), "password"));

  start = g_get_monotonic_time ();
  _ms_window_cancel_authentication (fixture->window);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, fixture->window));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpstr (_ms_window_get_page (fixture->window), ==, "denied");
  g_assert_false (ms_session_get_privileged (session_of (fixture->window)));
  g_assert_null (_ms_window_get_denied_error (fixture->window));

  /* The cancelled run's result, whenever it ends, changes nothing. */
  ms_test_spin (300);
  g_assert_cmpstr (_ms_window_get_page (fixture->window), ==, "denied");
}

/* --- inside Flatpak: the host's processes ---------------------------------- */

static gboolean
list_failed (gpointer data)
{
  return ms_process_list_view_get_error (data) != NULL;
}

static gboolean
list_recovered (gpointer data)
{
  return ms_process_list_view_get_error (data) == NULL && ms_process_list_view_is_loaded (data);
}

/* The stack under the search entry: the list or a status page. */
static GtkStack *
list_stack (MsProcessListView *list)
{
  GtkWidget *stack = gtk_widget_get_last_child (GTK_WIDGET (list));

  g_assert_true (GTK_IS_STACK (stack));
  return GTK_STACK (stack);
}

static void
test_sandbox_host_processes (MsTestSandbox *sandbox,
                             gconstpointer  data)
{
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window;
  MsProcessListView *list;
  g_autofree char *list_line = g_strdup_printf ("flatpak-spawn --host %s list\n", sandbox->host_helper);
  g_autofree char *read_line = g_strdup_printf ("flatpak-spawn --host %s read %d\n", sandbox->host_helper, (int) child->pid);
  g_autofree char *logged = NULL;
  MsSnapshot *snapshot;

  g_free (ms_test_sandbox_set_flatpak_spawn (sandbox, TRUE));

  /* In the sandbox the window chooses the host's readers by itself. */
  window = create_window ();
  list = _ms_window_get_process_list (window);
  g_assert_true (ms_test_wait_for (ms_test_list_loaded, list));
  g_assert_null (ms_process_list_view_get_error (list));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list_stack (list)), ==, "list");
  g_assert_cmpuint (ms_test_find_row (ms_process_list_view_get_model (list), child->pid), !=, GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (ms_test_find_row (ms_process_list_view_get_model (list), getpid ()), !=, GTK_INVALID_LIST_POSITION);

  /* Choosing a process reads it on the host, too. */
  ms_window_show_pid (window, child->pid);
  set_interval (window, 0);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_assert_cmpstr (_ms_window_get_page (window), ==, "map");
  snapshot = _ms_window_get_snapshot (window);
  g_assert_nonnull (snapshot);
  g_assert_cmpint (snapshot->pid, ==, child->pid);
  g_assert_cmpuint (snapshot->n_regions, >, 20);
  g_assert_false (_ms_window_get_admin_indicator_visible (window));

  /* Both through flatpak-spawn --host and the helper shipped in the app. */
  g_assert_true (g_file_get_contents (sandbox->log, &logged, NULL, NULL));
  g_assert_true (g_str_has_prefix (logged, list_line));
  g_assert_nonnull (strstr (logged, read_line));

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

static void
test_sandbox_helper_fails (MsTestSandbox *sandbox,
                           gconstpointer  data)
{
  MsWindow *window;
  MsProcessListView *list;
  GtkStack *stack;
  GtkWidget *page;
  const GError *error;

  g_free (ms_test_sandbox_set_flatpak_spawn (sandbox, FALSE));

  /* The helper cannot start on the host: a page that says so, not an empty
   * list. */
  window = create_window ();
  list = _ms_window_get_process_list (window);
  g_assert_true (ms_test_wait_for (list_failed, list));
  error = ms_process_list_view_get_error (list);
  g_assert_true (g_error_matches (error, MS_ERROR, MS_ERROR_HELPER_FAILED));
  stack = list_stack (list);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "unavailable");
  page = gtk_stack_get_visible_child (stack);
  g_assert_true (ADW_IS_STATUS_PAGE (page));
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)), ==, error->message);
  g_assert_true (g_str_has_prefix (error->message, "The reader could not be started on the host: Portal call failed"));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_cmpuint (g_list_model_get_n_items (ms_process_list_view_get_model (list)), ==, 0);

  /* It keeps trying; once the host answers, the list comes back. */
  g_free (ms_test_sandbox_set_flatpak_spawn (sandbox, TRUE));
  g_object_set (list, "interval", 100, NULL);
  g_assert_true (ms_test_wait_for (list_recovered, list));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  g_assert_cmpuint (ms_test_find_row (ms_process_list_view_get_model (list), getpid ()), !=, GTK_INVALID_LIST_POSITION);

  ms_test_window_destroy (window);
}

/* Read as administrator, the strip's pages come through the helper's
 * `pages` request too (issue 16), not from a direct read that for another
 * user's process would fail or show nothing. */
static gboolean
layer_has_pages (gpointer data)
{
  gpointer *pair = data;

  return _ms_page_layer_has_pages (pair[0], *(guint64 *) pair[1]);
}

/* The pages of the region there read, or found unreadable. */
static gboolean
layer_read_region (gpointer data)
{
  gpointer *pair = data;

  return layer_has_pages (pair) || _ms_page_layer_get_read_error (pair[0], *(guint64 *) pair[1]) != NULL;
}

static void
test_pages_as_admin (Fixture       *fixture,
                     gconstpointer  data)
{
  MsStrip *strip;
  MsSnapshot *snapshot;
  g_autofree char *logged = NULL;
  g_autofree char *request = NULL;
  g_autofree char *mapped = NULL;
  g_autofree char *unmapped = NULL;
  gpointer pages_pair[2];
  guint64 address;
  gpointer args[2] = { fixture->log, "pages" };
  int index = -1;

  click_read_as_admin (fixture);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, fixture->window));
  g_assert_cmpint (ms_session_get_state (session_of (fixture->window)), ==, MS_SESSION_LIVE);
  g_assert_cmpuint (count_requests (fixture->log, "pages"), ==, 0);

  /* zoomed in on a small resident region: its pages, through the runner */
  strip = _ms_window_get_strip (fixture->window);
  snapshot = ms_strip_get_snapshot (strip);
  for (guint i = 0; i < snapshot->n_regions && index < 0; i++)
    if (snapshot->regions[i].counters.rss > 0 && ms_region_get_size (&snapshot->regions[i]) <= 1024 * 1024 &&
        g_strcmp0 (snapshot->regions[i].path, "[vsyscall]") != 0 &&
        g_strcmp0 (snapshot->regions[i].path, "[vvar]") != 0)
      index = (int) i;
  g_assert_cmpint (index, >=, 0);
  ms_strip_fit_region (strip, index);
  g_assert_true (ms_test_wait_for (log_has_request, args));
  g_assert_true (ms_test_wait_for (ms_test_strip_pages_shown, strip));

  /* the request: `pages PID START END`, within what is shown */
  g_assert_true (g_file_get_contents (fixture->log, &logged, NULL, NULL));
  request = g_strdup_printf ("%s pages %d ", g_getenv ("MEMSCAPE_READER"), (int) fixture->child->pid);
  g_assert_nonnull (strstr (logged, request));
  pages_pair[0] = g_object_get_data (G_OBJECT (strip), "ms-page-layer");
  address = snapshot->regions[index].start;
  pages_pair[1] = &address;
  g_assert_true (ms_test_wait_for (layer_has_pages, pages_pair));

  /* a region unmapped since the snapshot: the helper finds nothing there,
   * which is never drawn as a region without pages */
  mapped = ms_test_child_command (fixture->child, "map 64");
  address = g_ascii_strtoull (mapped + strlen ("mapped "), NULL, 16);
  ms_session_refresh (session_of (fixture->window));
  g_assert_true (ms_test_wait_for (ms_test_window_settled, fixture->window));
  g_object_set (fixture->window, "paused", TRUE, NULL);
  snapshot = ms_strip_get_snapshot (strip);
  index = ms_snapshot_find_region (snapshot, address);
  g_assert_cmpint (index, >=, 0);
  unmapped = ms_test_child_command (fixture->child, "unmap");
  g_assert_cmpstr (unmapped, ==, "unmapped");
  ms_strip_fit_region (strip, index);
  g_assert_true (ms_test_wait_for (layer_read_region, pages_pair));
  g_assert_false (layer_has_pages (pages_pair));
  g_assert_nonnull (strstr (_ms_page_layer_get_read_error (pages_pair[0], address), "maps nothing"));
}

/* Read as administrator, "Measure Activity…" clears the process's
 * referenced bits through the helper (`clear-refs PID 1`), after the click
 * on the warning, and reads Referenced through it (`read`); a dismissed
 * password dialog says why nothing was measured. */
static void
test_measure_as_admin (Fixture       *fixture,
                       gconstpointer  data)
{
  MsStrip *strip;
  MsPageLayer *layer;
  AdwMessageDialog *dialog;
  const MsActivityRegion *region;
  g_autofree char *mapped = NULL;
  g_autofree char *touch = NULL;
  g_autofree char *logged = NULL;
  g_autofree char *request = NULL;
  g_autofree char *runner = NULL;
  guint64 address;

  /* the runner notes when the helper has answered, too */
  runner = g_strdup_printf ("\"$@\"\nstatus=$?\necho \"ran after-$2 \" >> '%s'\nexit $status", fixture->log);
  set_runner (fixture, runner);
  click_read_as_admin (fixture);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, fixture->window));
  g_assert_cmpint (ms_session_get_state (session_of (fixture->window)), ==, MS_SESSION_LIVE);
  mapped = ms_test_child_command (fixture->child, "map 8");
  address = g_ascii_strtoull (mapped + 7, NULL, 16);
  ms_session_refresh (session_of (fixture->window));
  g_assert_true (ms_test_wait_for (ms_test_window_settled, fixture->window));

  strip = _ms_window_get_strip (fixture->window);
  layer = g_object_get_data (G_OBJECT (strip), "ms-page-layer");
  _ms_page_layer_set_measure_seconds (layer, 1);

  /* the warning first; nothing asked of the helper before the click */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "pages.measure-activity", NULL));
  g_assert_true (ms_test_wait_for (ms_test_message_dialog_shown, NULL));
  dialog = ms_test_find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "ageing information"));
  g_assert_cmpuint (count_requests (fixture->log, "clear-refs"), ==, 0);
  adw_message_dialog_response (dialog, "measure");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (_ms_page_layer_is_measuring (layer));

  /* cleared through the runner: then 3 of the 8 pages touched */
  {
    gpointer args[2] = { fixture->log, "after-clear-refs" };

    g_assert_true (ms_test_wait_for (log_has_request, args));
  }
  g_assert_true (g_file_get_contents (fixture->log, &logged, NULL, NULL));
  request = g_strdup_printf ("%s clear-refs %d 1\n", g_getenv ("MEMSCAPE_READER"), (int) fixture->child->pid);
  g_assert_nonnull (strstr (logged, request));
  touch = g_strdup_printf ("read 0x%" G_GINT64_MODIFIER "x 3", address);
  g_free (ms_test_child_command (fixture->child, touch));
  g_assert_true (ms_test_wait_for (ms_test_activity_measured, layer));
  region = ms_activity_find (_ms_page_layer_get_activity (layer), address);
  g_assert_nonnull (region);
  g_assert_cmpuint (region->referenced, ==, 3 * 4096);

  /* a dismissed password dialog: one dialog that says so */
  set_runner (fixture, "exit 126");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "pages.measure-activity", NULL));
  g_assert_true (ms_test_wait_for (ms_test_message_dialog_shown, NULL));
  dialog = ms_test_find_message_dialog ();
  adw_message_dialog_response (dialog, "measure");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (ms_test_wait_for (ms_test_message_dialog_shown, NULL));
  dialog = ms_test_find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Activity could not be measured");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "dismissed"));
  g_assert_false (_ms_page_layer_is_measuring (layer));
  gtk_window_close (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/memscape/privileged-window/read-as-admin", Fixture, NULL,
              fixture_set_up, test_read_as_admin, fixture_tear_down);
  g_test_add ("/memscape/privileged-window/dismissed", Fixture, NULL,
              fixture_set_up, test_dismissed, fixture_tear_down);
  g_test_add ("/memscape/privileged-window/not-authorized", Fixture, NULL,
              fixture_set_up, test_not_authorized, fixture_tear_down);
  g_test_add ("/memscape/privileged-window/helper-failed", Fixture, NULL,
              fixture_set_up, test_helper_failed, fixture_tear_down);
  g_test_add ("/memscape/privileged-window/cancel", Fixture, NULL,
              fixture_set_up, test_cancel_authentication, fixture_tear_down);
  g_test_add ("/memscape/privileged-window/pages-as-admin", Fixture, NULL,
              fixture_set_up, test_pages_as_admin, fixture_tear_down);
  g_test_add ("/memscape/privileged-window/measure-as-admin", Fixture, NULL,
              fixture_set_up, test_measure_as_admin, fixture_tear_down);
  g_test_add ("/memscape/privileged-window/sandbox-host-processes", MsTestSandbox, NULL,
              ms_test_sandbox_set_up, test_sandbox_host_processes, ms_test_sandbox_tear_down);
  g_test_add ("/memscape/privileged-window/sandbox-helper-fails", MsTestSandbox, NULL,
              ms_test_sandbox_set_up, test_sandbox_helper_fails, ms_test_sandbox_tear_down);

  return g_test_run ();
}
