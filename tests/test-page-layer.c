/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <adwaita.h>

#include "ms-map-view.h"
#include "ms-page-layer.h"
#include "ms-page-texture.h"
#include "ms-strip.h"
#include "ms-test-util.h"
#include "ms-test-window.h"
#include "ms-window-private.h"

/* Issue 16 in the window: zoomed in on a region of a live process, the
 * strip shows its pages, read on a worker thread; a tooltip tells a run of
 * pages; a menu chooses what colour means. */

/* The child's "pages" command: the address of @name. */
static guint64
make_pattern (MsTestChild *child,
              const char  *name)
{
  char line[256];
  guint64 address = 0;

  g_assert_cmpint (write (child->stdin_fd, "pages\n", 6), ==, 6);
  while (fgets (line, sizeof line, child->out) != NULL)
    {
      g_strchomp (line);
      if (strcmp (line, "pages-ready") == 0)
        break;
      if (g_str_has_prefix (line, name) && line[strlen (name)] == ' ')
        address = g_ascii_strtoull (line + strlen (name) + 1, NULL, 16);
    }
  g_assert_cmphex (address, !=, 0);
  return address;
}

static gboolean
pages_shown (gpointer strip)
{
  gboolean shown;

  g_object_get (strip, "pages-shown", &shown, NULL);
  return shown;
}

/* The strip's tooltip goes to gtk_tooltip_set_markup(), which has no getter:
 * catch what it is given on the way (and pass it on), as test-window does. */
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

/* What a person reads of the strip's tooltip at (@x, @y), or NULL. */
static char *
query_tooltip (GtkWidget *strip,
               int        x,
               int        y)
{
  g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;
  char *text = NULL;

  g_clear_pointer (&tooltip_markup, g_free);
  g_signal_emit_by_name (strip, "query-tooltip", x, y, FALSE, tooltip, &shown);
  if (!shown || tooltip_markup == NULL)
    return NULL;
  g_assert_true (pango_parse_markup (tooltip_markup, -1, 0, NULL, &text, NULL, NULL));
  return text;
}

static gboolean
pages_hidden (gpointer strip)
{
  return !pages_shown (strip);
}

typedef struct {
  GtkWidget  *strip;
  const char *needle;
  const char *state;       /* (nullable) a line of its own */
  char       *found;
} TooltipSearch;

/* Some point of the strip's bar whose tooltip tells a run of pages with
 * @needle in it. */
static gboolean
page_tooltip_found (gpointer data)
{
  TooltipSearch *search = data;
  int width = gtk_widget_get_width (search->strip);
  int height = gtk_widget_get_height (search->strip);

  for (int x = 8; x < width - 8; x += 3)
    for (int y = height / 4; y < height; y += height / 4)
      {
        g_autofree char *text = query_tooltip (search->strip, x, y);

        if (text != NULL && g_str_has_prefix (text, "Pages") && strstr (text, search->needle) != NULL &&
            (search->state == NULL || strstr (text, search->state) != NULL))
          {
            g_free (search->found);
            search->found = g_steal_pointer (&text);
            return TRUE;
          }
      }
  return FALSE;
}

/* With $MEMSCAPE_TEST_SHOT set, the window is saved there as a PNG, to be
 * looked at. */
static void
maybe_save_shot (MsWindow *window)
{
  const char *path = g_getenv ("MEMSCAPE_TEST_SHOT");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;

  if (path == NULL)
    return;
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (GTK_WIDGET (window)),
                          gtk_widget_get_height (GTK_WIDGET (window)));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
test_zoomed_in_shows_pages (void)
{
  MsTestChild *child = ms_test_child_start ();
  guint64 alternate = make_pattern (child, "pages-alternate");
  MsWindow *window = ms_test_window_new ();
  MsStrip *strip;
  MsSnapshot *snapshot;
  TooltipSearch search = { 0 };
  g_autofree char *colour = NULL;
  int index;

  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  strip = _ms_window_get_strip (window);
  snapshot = ms_strip_get_snapshot (strip);
  index = ms_snapshot_find_region (snapshot, alternate);
  g_assert_cmpint (index, >=, 0);

  /* the whole process: far too many pages a pixel */
  ms_test_let_draw ();
  g_assert_false (pages_shown (strip));

  ms_strip_fit_region (strip, index);
  g_assert_true (ms_test_wait_for (pages_shown, strip));
  search.strip = GTK_WIDGET (strip);

  /* every other page written: runs of one page, present or not */
  search.needle = "\n1 page (";
  search.state = "\npresent";
  g_assert_true (ms_test_wait_for (page_tooltip_found, &search));
  search.state = "\nnot present";
  g_assert_true (ms_test_wait_for (page_tooltip_found, &search));
  search.state = NULL;
  g_assert_nonnull (strstr (search.found, "0x"));

  /* the menu's colours: shared count reads each page's map count */
  g_object_get (strip, "page-colour", &colour, NULL);
  g_assert_cmpstr (colour, ==, "residency");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "pages.page-colour", "s", "shared"));
  g_clear_pointer (&colour, g_free);
  g_object_get (strip, "page-colour", &colour, NULL);
  g_assert_cmpstr (colour, ==, "shared");
  search.needle = "present, exclusive";
  g_assert_true (ms_test_wait_for (page_tooltip_found, &search));
  ms_test_let_draw ();
  maybe_save_shot (window);

  /* back out: no pages */
  ms_strip_reset_zoom (strip);
  g_assert_true (ms_test_wait_for (pages_hidden, strip));

  g_free (search.found);
  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

/* The open AdwMessageDialog, or NULL. */
static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return find_dialog () == NULL;
}

static gboolean
measured (gpointer layer)
{
  return !_ms_page_layer_is_measuring (layer) && _ms_page_layer_get_activity (layer) != NULL;
}

/* "Measure Activity…" says first what it does, does nothing on Cancel, and
 * on Measure colours the regions by what the child was made to touch. */
static void
test_measure_activity (void)
{
  MsTestChild *child = ms_test_child_start ();
  guint64 half = make_pattern (child, "pages-half");
  MsWindow *window = ms_test_window_new ();
  MsPageLayer *layer;
  MsStrip *strip;
  MsActivity *activity;
  const MsActivityRegion *region;
  AdwMessageDialog *dialog;
  TooltipSearch search = { 0 };
  g_autofree char *colour = NULL;
  g_autofree char *touch = NULL;
  g_autofree char *answer = NULL;

  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  strip = _ms_window_get_strip (window);
  layer = g_object_get_data (G_OBJECT (strip), "ms-page-layer");
  _ms_page_layer_set_measure_seconds (layer, 1);
  ms_strip_fit_region (strip, ms_snapshot_find_region (ms_strip_get_snapshot (strip), half));
  g_assert_true (ms_test_wait_for (pages_shown, strip));

  /* Cancel: nothing done */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "pages.measure-activity", NULL));
  g_assert_true (ms_test_wait_for (dialog_shown, NULL));
  dialog = find_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "ageing information"));
  g_assert_false (_ms_page_layer_is_measuring (layer));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));   /* (as a click on its button does) */
  g_assert_true (ms_test_wait_for (dialog_gone, NULL));
  g_assert_false (_ms_page_layer_is_measuring (layer));

  /* Measure: 3 pages of the half region touched meanwhile */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "pages.measure-activity", NULL));
  g_assert_true (ms_test_wait_for (dialog_shown, NULL));
  dialog = find_dialog ();
  adw_message_dialog_response (dialog, "measure");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (ms_test_wait_for (dialog_gone, NULL));
  g_assert_true (_ms_page_layer_is_measuring (layer));
  touch = g_strdup_printf ("read 0x%" G_GINT64_MODIFIER "x 3", half);
  answer = ms_test_child_command (child, touch);
  g_assert_cmpstr (answer, ==, "read");
  g_assert_true (ms_test_wait_for (measured, layer));

  activity = _ms_page_layer_get_activity (layer);
  region = ms_activity_find (activity, half);
  g_assert_nonnull (region);
  g_assert_cmpuint (region->referenced, ==, 3 * 4096);
  g_object_get (strip, "page-colour", &colour, NULL);
  g_assert_cmpstr (colour, ==, "heat");
  search.strip = GTK_WIDGET (strip);
  search.needle = "The region used 12.3";
  g_assert_true (ms_test_wait_for (page_tooltip_found, &search));
  ms_test_let_draw ();
  if (g_getenv ("MEMSCAPE_TEST_SHOT_HEAT") != NULL)
    {
      g_setenv ("MEMSCAPE_TEST_SHOT", g_getenv ("MEMSCAPE_TEST_SHOT_HEAT"), TRUE);
      maybe_save_shot (window);
    }

  g_free (search.found);
  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

/* A capture has no process to read pages from: never a texture. */
static void
test_capture_has_no_pages (void)
{
  g_autofree char *fixture = ms_test_fixture_path ("c-sleep.smaps");
  MsWindow *window = ms_test_window_new ();
  MsStrip *strip;

  ms_window_show_file (window, fixture);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  strip = _ms_window_get_strip (window);
  ms_strip_fit_region (strip, 0);
  ms_test_let_draw ();
  ms_test_let_draw ();
  g_assert_false (pages_shown (strip));
  ms_test_window_destroy (window);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/memscape/page-layer/zoomed-in-shows-pages", test_zoomed_in_shows_pages);
  g_test_add_func ("/memscape/page-layer/capture-has-no-pages", test_capture_has_no_pages);
  g_test_add_func ("/memscape/page-layer/measure-activity", test_measure_activity);

  return g_test_run ();
}
