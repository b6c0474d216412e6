/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ms-application.h"
#include "ms-error.h"
#include "ms-test-util.h"
#include "ms-test-window.h"
#include "ms-tooltip.h"
#include "ms-window-private.h"

/* Widget tests of the window as a desktop application: captures (what the
 * window says about them), tooltips, the export dialog, files dropped or
 * given on the command line, the style choice. Real windows under Xvfb, on
 * captures copied from the /proc of a child process. */

static void
show_file (MsWindow   *window,
           const char *path)
{
  ms_window_show_file (window, path);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
}

/* Copies /proc/PID/@file of @child to @dir/@name, cut to @length bytes
 * when @length >= 0. */
static char *
capture_of (MsTestChild *child,
            const char  *file,
            const char  *dir,
            const char  *name,
            gssize       length)
{
  g_autofree char *source = g_strdup_printf ("/proc/%d/%s", (int) child->pid, file);
  g_autofree char *text = NULL;
  char *target = g_build_filename (dir, name, NULL);
  gsize full;

  g_assert_true (g_file_get_contents (source, &text, &full, NULL));
  g_assert_true (g_file_set_contents (target, text, (gssize) (length >= 0 ? MIN ((gsize) length, full) : full), NULL));
  return target;
}

/* Whether @widget is the scale toggle whose action target is @target. */
static gboolean
is_scale_button (GtkWidget     *widget,
                 gconstpointer  target)
{
  GVariant *value;

  if (!GTK_IS_TOGGLE_BUTTON (widget))
    return FALSE;
  value = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  return value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) &&
         g_str_equal (g_variant_get_string (value, NULL), target);
}

/* --- captures ------------------------------------------------------------- */

static void
test_capture_maps_resident (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *dir = g_dir_make_tmp ("memscape-desktop-XXXXXX", NULL);
  g_autofree char *maps = capture_of (child, "maps", dir, "child.maps", -1);
  g_autofree char *smaps = capture_of (child, "smaps", dir, "child.smaps", -1);
  MsWindow *window = ms_test_window_new ();
  GtkWidget *resident = ms_test_find_descendant (GTK_WIDGET (window), is_scale_button, "resident");

  g_assert_nonnull (resident);

  /* A maps capture has no resident sizes: the scale is not offered, and
   * its tooltip says why. */
  show_file (window, maps);
  g_assert_cmpint (ms_session_get_state (_ms_window_get_session (window)), ==, MS_SESSION_FILE);
  g_assert_false (gtk_widget_get_sensitive (resident));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (resident), "maps capture"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (resident), "smaps"));
  g_assert_true (gtk_widget_get_sensitive (ms_test_find_descendant (GTK_WIDGET (window), is_scale_button, "linear")));

  /* …an smaps capture has them. */
  show_file (window, smaps);
  g_assert_true (gtk_widget_get_sensitive (resident));
  g_assert_null (strstr (gtk_widget_get_tooltip_text (resident), "maps capture"));

  ms_test_window_destroy (window);
  g_unlink (maps);
  g_unlink (smaps);
  g_rmdir (dir);
  ms_test_child_stop (child);
}

static void
test_capture_rollup_refused (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *dir = g_dir_make_tmp ("memscape-desktop-XXXXXX", NULL);
  g_autofree char *rollup = capture_of (child, "smaps_rollup", dir, "child-rollup.smaps", -1);
  MsWindow *window = ms_test_window_new ();

  show_file (window, rollup);
  g_assert_cmpint (ms_session_get_state (_ms_window_get_session (window)), ==, MS_SESSION_FAILED);
  g_assert_cmpstr (_ms_window_get_page (window), ==, "error");
  g_assert_nonnull (strstr (_ms_window_get_status_text (window), "smaps_rollup"));
  g_assert_nonnull (strstr (_ms_window_get_status_text (window), "/proc/PID/smaps"));
  g_assert_null (_ms_window_get_capture_problem (window));

  ms_test_window_destroy (window);
  g_unlink (rollup);
  g_rmdir (dir);
  ms_test_child_stop (child);
}

static void
test_capture_truncated_banner (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *dir = g_dir_make_tmp ("memscape-desktop-XXXXXX", NULL);
  g_autofree char *whole = capture_of (child, "smaps", dir, "whole.smaps", -1);
  g_autofree char *text = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *expected = NULL;
  const char *line, *problem;
  guint line_number = 1;
  MsWindow *window;

  /* Cut in the middle of the header line of the fourth region. */
  g_assert_true (g_file_get_contents (whole, &text, NULL, NULL));
  line = text;
  for (guint regions = 0;; line_number++)
    {
      if (g_ascii_isxdigit (line[0]) && strchr (line, '-') < strchr (line, ' ') && ++regions == 4)
        break;
      line = strchr (line, '\n') + 1;
    }
  cut = capture_of (child, "smaps", dir, "cut.smaps", (line - text) + 7);

  window = ms_test_window_new ();
  show_file (window, whole);
  g_assert_null (_ms_window_get_capture_problem (window));

  show_file (window, cut);
  g_assert_cmpint (ms_session_get_state (_ms_window_get_session (window)), ==, MS_SESSION_FILE);
  g_assert_cmpstr (_ms_window_get_page (window), ==, "map");
  problem = _ms_window_get_capture_problem (window);
  g_assert_nonnull (problem);
  expected = g_strdup_printf ("(line %u)", line_number);
  g_test_message ("banner: %s", problem);
  g_assert_nonnull (strstr (problem, expected));
  g_assert_nonnull (strstr (problem, "cut short"));
  g_assert_cmpuint (_ms_window_get_snapshot (window)->n_regions, ==, 3);

  /* Another capture, whole, takes the banner away. */
  show_file (window, whole);
  g_assert_null (_ms_window_get_capture_problem (window));

  ms_test_window_destroy (window);
  g_unlink (whole);
  g_unlink (cut);
  g_rmdir (dir);
  ms_test_child_stop (child);
}

/* Captures lose the threads: the subtitle says so, once. */
static void
test_capture_subtitle (void)
{
  g_autofree char *fixture = ms_test_fixture_path ("c-sleep.smaps");
  MsWindow *window = ms_test_window_new ();

  show_file (window, fixture);
  g_assert_cmpstr (_ms_window_get_title (window), ==, "c-sleep.smaps");
  g_assert_cmpstr (_ms_window_get_subtitle (window), ==, "Captured smaps file · no thread information");

  ms_test_window_destroy (window);
}

/* --- tooltips --------------------------------------------------------------- */

/* How many lines @label takes at its natural width, as a tooltip shows it. */
static int
label_lines (GtkLabel *label)
{
  g_autoptr(GtkLabel) single = g_object_ref_sink (GTK_LABEL (gtk_label_new ("x")));
  int natural_width, height, line_height;

  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural_width, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_VERTICAL, natural_width, NULL, &height, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (single), GTK_ORIENTATION_VERTICAL, -1, NULL, &line_height, NULL, NULL);
  return (int) (height / (double) line_height + 0.5);
}

static gboolean
has_tooltip_text (GtkWidget     *widget,
                  gconstpointer  tooltip)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

/* The label of @widget's tooltip, which it must show. */
static GtkLabel *
query (GtkWidget *widget)
{
  GtkLabel *label = ms_test_query_tooltip (widget, 1, 1);

  g_assert_nonnull (label);
  return label;
}

/* GTK wraps a one-line tooltip at as many average characters as it has
 * characters: Chinese, twice as wide, came out on two lines ("立即/刷新").
 * The window's tooltips are shown whole, and long ones still wrap. */
static void
test_tooltip_wrapping (void)
{
  const char *chinese = "立即刷新";
  const char *english = "Each region as wide as its resident memory (RSS), which is the part of it "
                        "that is in RAM now, and not swapped out or never touched";
  const char *lines = "Shared memory\n4 regions, 144.0 KiB\nMemory shared between processes: shared "
                      "anonymous, SysV, POSIX or memfd, and a long line to wrap";
  MsWindow *window = ms_test_window_new ();
  GtkWidget *refresh = NULL;
  GtkWidget *second = gtk_button_new_with_label ("2");
  GtkWidget *third = gtk_button_new_with_label ("3");
  g_autoptr(GtkLabel) gtk_like = g_object_ref_sink (GTK_LABEL (gtk_label_new (chinese)));
  GtkLabel *label;

  /* The header bar's Refresh button, with its tooltip in Chinese. */
  refresh = ms_test_find_descendant (GTK_WIDGET (window), has_tooltip_text, "Refresh Now");
  g_assert_nonnull (refresh);
  gtk_widget_set_tooltip_text (refresh, chinese);
  label = query (refresh);
  g_assert_cmpstr (gtk_label_get_text (label), ==, chinese);
  g_assert_cmpint (label_lines (label), ==, 1);

  /* What GTK's own tooltip label does with it (max-width-chars = length):
   * two lines. */
  gtk_label_set_wrap (gtk_like, TRUE);
  gtk_label_set_max_width_chars (gtk_like, g_utf8_strlen (chinese, -1));
  g_assert_cmpint (label_lines (gtk_like), ==, 2);

  /* A long line wraps, within its words or between them; so does a long
   * line of a tooltip of several, which GTK leaves whole. */
  gtk_widget_set_tooltip_text (refresh, english);
  g_assert_cmpint (label_lines (query (refresh)), >, 1);
  g_assert_cmpint (gtk_label_get_max_width_chars (query (refresh)), ==, MS_TOOLTIP_WIDTH_CHARS);

  /* Widgets added to the window later are attached by hand. */
  gtk_widget_set_tooltip_text (second, lines);
  gtk_widget_set_tooltip_markup (third, "<b>Bold</b> and plain");
  ms_tooltip_attach_tree (second);
  ms_tooltip_attach_tree (third);
  g_assert_cmpint (label_lines (query (second)), >, 3);
  g_assert_true (gtk_label_get_use_markup (query (third)));
  g_assert_cmpstr (gtk_label_get_text (query (third)), ==, "Bold and plain");
  g_object_ref_sink (second);
  g_object_ref_sink (third);
  g_object_unref (second);
  g_object_unref (third);

  ms_test_window_destroy (window);
}

/* --- the export dialog and its folder ----------------------------------------- */

static gboolean
exported (gpointer data)
{
  return _ms_window_get_n_exports (data, NULL) > 0;
}

/* Shown, and a little while for it to load its starting folder. */
static gboolean
chooser_settled (gpointer data)
{
  static guint idle;

  if (!gtk_widget_get_mapped (data))
    return FALSE;
  return ++idle > 200;
}

static gboolean
chooser_in_folder (gpointer data)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (data);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  return path != NULL && strstr (path, "/memscape-desktop-") != NULL && g_str_has_suffix (path, "/chosen.csv");
}

static GtkFileFilter *
find_filter (GtkFileChooser *chooser,
             const char     *name)
{
  g_autoptr(GListModel) filters = gtk_file_chooser_get_filters (chooser);

  for (guint i = 0; i < g_list_model_get_n_items (filters); i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (filters, i);

      if (g_strcmp0 (gtk_file_filter_get_name (filter), name) == 0)
        return filter;
    }
  return NULL;
}

/* The format chosen in the drop-down and the name's extension stay in
 * step: choosing "CSV Table" makes map.png map.csv, and exports CSV. */
static void
test_export_format_follows (void)
{
  const MsExportFormatInfo *png = ms_export_format_get (MS_EXPORT_PNG);
  const MsExportFormatInfo *csv = ms_export_format_get (MS_EXPORT_CSV);
  const MsExportFormatInfo *svg = ms_export_format_get (MS_EXPORT_SVG);
  g_autofree char *fixture = ms_test_fixture_path ("c-sleep.smaps");
  g_autofree char *dir = g_dir_make_tmp ("memscape-desktop-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "chosen.csv", NULL);
  g_autofree char *written = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  MsWindow *window;
  GtkFileChooser *chooser;
  char *name;

  g_assert_cmpstr (png->extension, ==, ms_export_format_get (0)->extension);

  /* Whatever the dialog: the name at the end follows a format chosen while
   * it kept the suggested extension, and a typed extension stays. */
#define RECONCILED(n, chosen, expected) \
  do { g_autofree char *r = _ms_window_reconcile_export_name (n, png, chosen); g_assert_cmpstr (r, ==, expected); } while (0)
  RECONCILED ("map.png", csv, "map.csv");
  RECONCILED ("map.PNG", csv, "map.csv");
  RECONCILED ("map.png", png, "map.png");
  RECONCILED ("map.svg", csv, "map.svg");
  RECONCILED ("map", csv, "map.csv");
  RECONCILED ("map.v2", svg, "map.v2.svg");
  RECONCILED ("map.csv", NULL, "map.csv");
#undef RECONCILED

  window = ms_test_window_new ();
  show_file (window, fixture);
  _ms_window_export (window);
#if GTK_CHECK_VERSION (4, 10, 0)
  chooser = NULL;
  /* GtkFileDialog is not ours to drive; what it answers goes through the
   * name above. */
  g_assert_null (_ms_window_get_export_chooser (window));
#else
  chooser = GTK_FILE_CHOOSER (_ms_window_get_export_chooser (window));
  g_assert_nonnull (chooser);
  name = gtk_file_chooser_get_current_name (chooser);
  g_assert_true (g_str_has_prefix (name, "c-sleep-"));
  g_assert_true (g_str_has_suffix (name, ".png"));
  g_free (name);

  /* The drop-down changes the name's extension, and back. */
  gtk_file_chooser_set_filter (chooser, find_filter (chooser, "CSV Table"));
  name = gtk_file_chooser_get_current_name (chooser);
  g_assert_true (g_str_has_suffix (name, ".csv"));
  g_free (name);
  gtk_file_chooser_set_current_name (chooser, "my map.png");
  gtk_file_chooser_set_filter (chooser, find_filter (chooser, "PDF Document"));
  name = gtk_file_chooser_get_current_name (chooser);
  g_assert_cmpstr (name, ==, "my map.pdf");
  g_free (name);
  /* An extension of no format is the person's. */
  gtk_file_chooser_set_current_name (chooser, "notes.txt");
  gtk_file_chooser_set_filter (chooser, find_filter (chooser, "SVG Image"));
  name = gtk_file_chooser_get_current_name (chooser);
  g_assert_cmpstr (name, ==, "notes.txt");
  g_free (name);

  /* Export as CSV: that is what is written. The chooser settles on its
   * starting folder once shown: the folder is set after that. */
  g_assert_true (ms_test_wait_for (chooser_settled, chooser));
  g_assert_true (gtk_file_chooser_set_current_folder (chooser, folder, NULL));
  gtk_file_chooser_set_current_name (chooser, "chosen.png");
  gtk_file_chooser_set_filter (chooser, find_filter (chooser, "CSV Table"));
  g_assert_true (ms_test_wait_for (chooser_in_folder, chooser));
  /* Still there a while later (nothing is written anywhere else)… */
  for (int i = 0; i < 300; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (chooser_in_folder (chooser));
  /* …and the chooser checks the name before it answers. */
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  g_assert_true (ms_test_wait_for (exported, window));
  {
    const char *err = NULL;
    _ms_window_get_n_exports (window, &err);
    g_assert_null (err);
  }
  g_assert_null (_ms_window_get_export_chooser (window));
  g_assert_true (g_file_get_contents (target, &written, NULL, NULL));
  g_assert_true (g_str_has_prefix (written, "start,end,size,perms,"));
  g_unlink (target);
#endif

  (void) name;
  (void) chooser;
  ms_test_window_destroy (window);
  g_rmdir (dir);
}

static gboolean
folder_error_shown (gpointer data)
{
  return _ms_window_get_folder_error (data) != NULL;
}

/* "Open Folder" with nothing to open it: a plain sentence with where the
 * file is, not GIO's error. */
static void
test_open_folder_fails_plainly (void)
{
  MsWindow *window = ms_test_window_new ();
  const char *text;

  /* A scheme no application handles, as a folder is with no file manager. */
  _ms_window_show_folder (window, "x-memscape-nowhere:///exports/map.png");
  g_assert_true (ms_test_wait_for (folder_error_shown, window));
  text = _ms_window_get_folder_error (window);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "No file manager could show the folder. The export is in "));
  g_assert_nonnull (strstr (text, "exports"));
  g_assert_null (strstr (text, "registered"));
  g_assert_null (strstr (text, "handling"));

  ms_test_window_destroy (window);
}

/* --- files given on the command line and dropped ---------------------------- */

static gboolean
active_window_settled (gpointer data)
{
  GtkWindow *window = gtk_application_get_active_window (data);

  return window != NULL && ms_test_window_settled (window);
}

/* The application, registered once: it is on the session bus as its id
 * until the process ends. */
static MsApplication *
registered_app (void)
{
  static MsApplication *app;

  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = ms_application_new ();
      g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
      g_assert_no_error (error);
    }
  return app;
}

/* `memscape FILE` (the launcher's `memscape %f`): GApplication's open. */
static void
test_open_from_command_line (void)
{
  g_autofree char *fixture = ms_test_fixture_path ("c-sleep.maps");
  g_autoptr(GFile) file = g_file_new_for_path (fixture);
  MsApplication *app = registered_app ();
  MsWindow *window;

  g_assert_true (g_application_get_flags (G_APPLICATION (app)) & G_APPLICATION_HANDLES_OPEN);
  g_application_open (G_APPLICATION (app), &file, 1, "");
  g_assert_true (ms_test_wait_for (active_window_settled, app));

  window = MS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_cmpint (ms_session_get_state (_ms_window_get_session (window)), ==, MS_SESSION_FILE);
  g_assert_cmpstr (_ms_window_get_title (window), ==, "c-sleep.maps");
  ms_test_window_destroy (window);
}

/* A capture dropped onto the window opens, as a file or a list of them. */
static void
test_drop_opens_capture (void)
{
  g_autofree char *smaps = ms_test_fixture_path ("c-sleep.smaps");
  g_autofree char *maps = ms_test_fixture_path ("c-sleep.maps");
  g_autoptr(GListModel) controllers = NULL;
  GtkDropTarget *target = NULL;
  MsWindow *window = ms_test_window_new ();
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);
  g_assert_cmpint (gtk_drop_target_get_actions (target) & GDK_ACTION_COPY, ==, GDK_ACTION_COPY);

  /* A list of files, as file managers give: the first opens. */
  {
    g_autoptr(GFile) first = g_file_new_for_path (smaps);
    g_autoptr(GFile) second = g_file_new_for_path (maps);
    GSList *list = g_slist_append (g_slist_append (NULL, first), second);

    g_value_init (&value, GDK_TYPE_FILE_LIST);
    g_value_take_boxed (&value, gdk_file_list_new_from_list (list));
    g_slist_free (list);
  }
  g_signal_emit_by_name (target, "drop", &value, 20.0, 20.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_assert_cmpint (ms_session_get_state (_ms_window_get_session (window)), ==, MS_SESSION_FILE);
  g_assert_cmpstr (_ms_window_get_title (window), ==, "c-sleep.smaps");

  /* One file. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (maps);

    g_value_init (&value, G_TYPE_FILE);
    g_value_set_object (&value, file);
  }
  g_signal_emit_by_name (target, "drop", &value, 20.0, 20.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_assert_cmpstr (_ms_window_get_title (window), ==, "c-sleep.maps");

  ms_test_window_destroy (window);
}

/* --- the style ---------------------------------------------------------------- */

/* The (target of the) items of @model and its sections that activate @action. */
static void
collect_targets (GMenuModel *model,
                 const char *action,
                 GPtrArray  *targets)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GVariant) target = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      g_autoptr(GMenuModel) submenu = g_menu_model_get_item_link (model, i, G_MENU_LINK_SUBMENU);

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_str_equal (name, action))
        {
          target = g_menu_model_get_item_attribute_value (model, i, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
          g_ptr_array_add (targets, target != NULL ? g_variant_dup_string (target, NULL) : g_strdup (""));
        }
      if (section != NULL)
        collect_targets (section, action, targets);
      if (submenu != NULL)
        collect_targets (submenu, action, targets);
    }
}

/* Light, dark or the system's, from the main menu, as GNOME apps offer it:
 * a setting, an application action, libadwaita's colour scheme. */
static void
test_style_choice (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_free);
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWidget *menu_button;
  MsApplication *app;
  MsWindow *window;

  /* Dark, from an earlier run: the application starts so. */
  g_settings_set_enum (settings, "style-variant", 2);
  app = registered_app ();
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);

  g_action_group_activate_action (G_ACTION_GROUP (app), "style-variant", g_variant_new_string ("light"));
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (style));
  {
    g_autofree char *value = g_settings_get_string (settings, "style-variant");

    g_assert_cmpstr (value, ==, "light");
  }

  g_action_group_activate_action (G_ACTION_GROUP (app), "style-variant", g_variant_new_string ("dark"));
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  {
    g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (app), "style-variant");

    g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "dark");
  }

  g_action_group_activate_action (G_ACTION_GROUP (app), "style-variant", g_variant_new_string ("system"));
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);

  /* The main menu offers the three. */
  window = ms_window_new (app);
  menu_button = ms_test_find_descendant (GTK_WIDGET (window), has_tooltip_text, "Main Menu");
  g_assert_nonnull (menu_button);
  collect_targets (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)), "app.style-variant", targets);
  g_assert_cmpuint (targets->len, ==, 3);
  g_assert_cmpstr (targets->pdata[0], ==, "system");
  g_assert_cmpstr (targets->pdata[1], ==, "light");
  g_assert_cmpstr (targets->pdata[2], ==, "dark");

  ms_test_window_destroy (window);
  g_settings_reset (settings, "style-variant");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/memscape/desktop/capture-maps-resident", test_capture_maps_resident);
  g_test_add_func ("/memscape/desktop/capture-rollup-refused", test_capture_rollup_refused);
  g_test_add_func ("/memscape/desktop/capture-truncated-banner", test_capture_truncated_banner);
  g_test_add_func ("/memscape/desktop/capture-subtitle", test_capture_subtitle);
  g_test_add_func ("/memscape/desktop/tooltip-wrapping", test_tooltip_wrapping);
  g_test_add_func ("/memscape/desktop/export-format-follows", test_export_format_follows);
  g_test_add_func ("/memscape/desktop/open-folder-fails-plainly", test_open_folder_fails_plainly);
  /* First to start the application: it starts with the stored style. */
  g_test_add_func ("/memscape/desktop/style-choice", test_style_choice);
  g_test_add_func ("/memscape/desktop/open-from-command-line", test_open_from_command_line);
  g_test_add_func ("/memscape/desktop/drop-opens-capture", test_drop_opens_capture);

  return g_test_run ();
}
