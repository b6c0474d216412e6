/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <dlfcn.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <adwaita.h>

#include "ms-map-view.h"
#include "ms-page-key.h"
#include "ms-page-layer.h"
#include "ms-session.h"
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
  ms_test_child_make_pages (child);
  return ms_test_child_address (child, name);
}

/* A live process with the child's page patterns, and a window zoomed in
 * on its "pages-half" region: what the measuring tests start from. */
typedef struct {
  MsTestChild *child;
  guint64      half;
  MsPageLayer *layer;
  MsWindow    *window;
  MsStrip     *strip;
} PagesFixture;

static void
pages_fixture_set_up (PagesFixture  *fixture,
                      gconstpointer  data)
{
  fixture->child = ms_test_child_start ();
  fixture->half = make_pattern (fixture->child, "pages-half");
  fixture->window = ms_test_window_on_pages (fixture->child->pid, fixture->half, &fixture->layer);
  fixture->strip = _ms_window_get_strip (fixture->window);
}

static void
pages_fixture_tear_down (PagesFixture  *fixture,
                         gconstpointer  data)
{
  ms_test_window_destroy (fixture->window);
  ms_test_child_stop (fixture->child);
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
  return !ms_test_strip_pages_shown (strip);
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

/* Some point of the strip whose tooltip (a region's or a page run's) has
 * @needle in it. */
static gboolean
tooltip_found (gpointer data)
{
  TooltipSearch *search = data;
  int width = gtk_widget_get_width (search->strip);
  int height = gtk_widget_get_height (search->strip);

  for (int x = 4; x < width - 4; x += 2)
    {
      g_autofree char *text = query_tooltip (search->strip, x, height / 3);

      if (text != NULL && strstr (text, search->needle) != NULL)
        {
          g_free (search->found);
          search->found = g_steal_pointer (&text);
          return TRUE;
        }
    }
  return FALSE;
}

static GtkWidget *
find_key (MsWindow *window)
{
  GtkWidget *key = ms_test_find_widget (GTK_WIDGET (_ms_window_get_map_view (window)), MS_TYPE_PAGE_KEY);

  g_assert_nonnull (key);
  return key;
}

static gboolean
widget_hidden (gpointer widget)
{
  return !gtk_widget_get_visible (widget);
}

typedef struct {
  GtkWidget  *key;
  const char *text;
  gboolean    whole;   /* all of it, not only its start */
} KeyWait;

static gboolean
key_says (gpointer data)
{
  KeyWait *wait = data;
  g_autofree char *text = NULL;

  if (!gtk_widget_get_visible (wait->key))
    return FALSE;
  text = _ms_page_key_get_text (MS_PAGE_KEY (wait->key));
  return wait->whole ? strcmp (text, wait->text) == 0 : g_str_has_prefix (text, wait->text);
}

/* The key to the page texture is shown (the strip tells once its frame is
 * drawn), and its labels, one a line, are @text (or begin with it). */
static void
assert_key (MsWindow   *window,
            const char *text,
            gboolean    whole)
{
  KeyWait wait = { find_key (window), text, whole };

  if (!ms_test_wait_for (key_says, &wait))
    {
      g_autofree char *shown = _ms_page_key_get_text (MS_PAGE_KEY (wait.key));

      g_error ("The key says \"%s\" (%s), not \"%s\"", shown, gtk_widget_get_visible (wait.key) ? "shown" : "hidden", text);
    }
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
  g_assert_false (ms_test_strip_pages_shown (strip));

  ms_strip_fit_region (strip, index);
  g_assert_true (ms_test_wait_for (ms_test_strip_pages_shown, strip));
  search.strip = GTK_WIDGET (strip);

  /* every other page written: runs of one page, present or not */
  search.needle = "\n1 page (";
  search.state = "\npresent";
  g_assert_true (ms_test_wait_for (page_tooltip_found, &search));
  search.state = "\nnot present";
  g_assert_true (ms_test_wait_for (page_tooltip_found, &search));
  search.state = NULL;
  g_assert_nonnull (strstr (search.found, "0x"));
  /* (all of the region read: its runs are whole) */
  g_assert_null (strstr (search.found, "go on past"));
  /* the key says what the colours and marks mean */
  assert_key (window, "Residency\nAnonymous\nFile\nZero page\nHuge page\nSwapped out\nNot present\nGuard\n", TRUE);

  /* the menu's colours: shared count reads each page's map count */
  g_object_get (strip, "page-colour", &colour, NULL);
  g_assert_cmpstr (colour, ==, "residency");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "pages.page-colour", "s", "shared"));
  g_clear_pointer (&colour, g_free);
  g_object_get (strip, "page-colour", &colour, NULL);
  g_assert_cmpstr (colour, ==, "shared");
  search.needle = "present, exclusive";
  g_assert_true (ms_test_wait_for (page_tooltip_found, &search));
  assert_key (window, "Shared count\nThis process only\nMapped twice\nMapped more\n", FALSE);
  /* Not as root, nor through the helper: how many map a page is not read,
   * and a shared page is drawn as mapped twice: the key and tooltip say
   * so. */
  _ms_page_layer_set_counts_known (g_object_get_data (G_OBJECT (strip), "ms-page-layer"), FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "pages.page-colour", "s", "dirty"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "pages.page-colour", "s", "shared"));
  assert_key (window, "Shared count\nThis process only\nShared (how many map it: as administrator)\nHuge page\n", FALSE);
  _ms_page_layer_set_counts_known (g_object_get_data (G_OBJECT (strip), "ms-page-layer"), -1);
  ms_test_let_draw ();
  ms_test_maybe_save_shot (GTK_WIDGET (window));

  /* back out: no pages, no key */
  ms_strip_reset_zoom (strip);
  g_assert_true (ms_test_wait_for (pages_hidden, strip));
  g_assert_true (ms_test_wait_for (widget_hidden, find_key (window)));

  g_free (search.found);
  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

/* "Measure Activity…" says first what it does, does nothing on Cancel, and
 * on Measure colours the regions by what the child was made to touch. */
static void
test_measure_activity (PagesFixture  *fixture,
                       gconstpointer  data)
{
  MsActivity *activity;
  const MsActivityRegion *region;
  AdwMessageDialog *dialog;
  TooltipSearch search = { 0 };
  g_autofree char *colour = NULL;
  g_autofree char *touch = NULL;
  g_autofree char *answer = NULL;

  _ms_page_layer_set_measure_seconds (fixture->layer, 1);

  /* Cancel: nothing done */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->strip), "pages.measure-activity", NULL));
  g_assert_true (ms_test_wait_for (ms_test_message_dialog_shown, NULL));
  dialog = ms_test_find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "ageing information"));
  g_assert_false (_ms_page_layer_is_measuring (fixture->layer));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));   /* (as a click on its button does) */
  g_assert_true (ms_test_wait_for (ms_test_message_dialog_gone, NULL));
  g_assert_false (_ms_page_layer_is_measuring (fixture->layer));

  /* Measure: 3 pages of the half region touched meanwhile */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->strip), "pages.measure-activity", NULL));
  g_assert_true (ms_test_wait_for (ms_test_message_dialog_shown, NULL));
  dialog = ms_test_find_message_dialog ();
  adw_message_dialog_response (dialog, "measure");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (ms_test_wait_for (ms_test_message_dialog_gone, NULL));
  g_assert_true (_ms_page_layer_is_measuring (fixture->layer));
  /* (the bits are cleared on a worker thread) */
  g_assert_true (ms_test_wait_for (ms_test_activity_timing, fixture->layer));
  touch = g_strdup_printf ("read 0x%" G_GINT64_MODIFIER "x 3", fixture->half);
  answer = ms_test_child_command (fixture->child, touch);
  g_assert_cmpstr (answer, ==, "read");
  g_assert_true (ms_test_wait_for (ms_test_activity_measured, fixture->layer));

  activity = _ms_page_layer_get_activity (fixture->layer);
  region = ms_activity_find (activity, fixture->half);
  g_assert_nonnull (region);
  g_assert_cmpuint (region->referenced, ==, 3 * 4096);
  g_object_get (fixture->strip, "page-colour", &colour, NULL);
  g_assert_cmpstr (colour, ==, "heat");
  search.strip = GTK_WIDGET (fixture->strip);
  search.needle = "The region used 12.0\u00a0KiB of its";
  g_assert_true (ms_test_wait_for (page_tooltip_found, &search));
  ms_test_let_draw ();
  if (g_getenv ("MEMSCAPE_TEST_SHOT_HEAT") != NULL)
    {
      g_setenv ("MEMSCAPE_TEST_SHOT", g_getenv ("MEMSCAPE_TEST_SHOT_HEAT"), TRUE);
      ms_test_maybe_save_shot (GTK_WIDGET (fixture->window));
    }

  /* zoomed out, the regions too large to show pages show their heat */
  ms_strip_reset_zoom (fixture->strip);
  g_assert_true (ms_test_wait_for (pages_hidden, fixture->strip));
  search.needle = "The region used ";
  g_assert_true (ms_test_wait_for (tooltip_found, &search));
  g_assert_null (strstr (search.found, "\nPages\n"));
  /* …and the key says what its colours mean */
  assert_key (fixture->window, "Heat\nNone of the region used\nHalf\nAll of it\n", TRUE);

  g_free (search.found);
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
  g_assert_false (ms_test_strip_pages_shown (strip));
  ms_test_window_destroy (window);
}

/* The map view's Pages menu button. */
static gboolean
is_pages_button (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_widget_get_parent (widget) != NULL &&
         g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)), "Pages") == 0;
}

static GtkMenuButton *
find_pages_button (MsWindow *window)
{
  GtkWidget *button = ms_test_find_descendant (GTK_WIDGET (_ms_window_get_map_view (window)), is_pages_button, NULL);

  g_assert_nonnull (button);
  return GTK_MENU_BUTTON (button);
}

/* The labels of @model's items, sections and submenus included, one a line. */
static void
collect_labels (GMenuModel *model,
                GString    *labels)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      g_autoptr(GMenuModel) submenu = g_menu_model_get_item_link (model, i, G_MENU_LINK_SUBMENU);

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        g_string_append_printf (labels, "%s\n", label);
      if (section != NULL)
        collect_labels (section, labels);
      if (submenu != NULL)
        collect_labels (submenu, labels);
    }
}

static char *
menu_labels (GtkMenuButton *button)
{
  GString *labels = g_string_new (NULL);

  collect_labels (gtk_menu_button_get_menu_model (button), labels);
  return g_string_free (labels, FALSE);
}

/* Issue 16 item 2, discoverable: before any zoom, the Pages menu is there
 * for a live process (its measurements work at any zoom) and says that
 * zooming in shows pages, as a region's tooltip does; zoomed in, the
 * tooltip tells the pages instead. A capture has no Pages menu. */
static void
test_discoverable (void)
{
  MsTestChild *child = ms_test_child_start ();
  guint64 alternate = make_pattern (child, "pages-alternate");
  g_autofree char *fixture = ms_test_fixture_path ("c-sleep.smaps");
  MsWindow *window = ms_test_window_new ();
  GtkMenuButton *button;
  MsStrip *strip;
  TooltipSearch search = { 0 };
  g_autofree char *labels = NULL;

  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  strip = _ms_window_get_strip (window);
  button = find_pages_button (window);
  ms_test_let_draw ();
  g_assert_false (ms_test_strip_pages_shown (strip));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (button)), "Zoom in on a region"));
  labels = menu_labels (button);
  g_assert_nonnull (strstr (labels, "Measure Activity for 5 Seconds…\n"));
  search.strip = GTK_WIDGET (strip);
  search.needle = "Zoom in to see its pages";
  g_assert_true (ms_test_wait_for (tooltip_found, &search));

  /* zoomed in: the pages themselves, and no such line on them */
  ms_strip_fit_region (strip, ms_snapshot_find_region (ms_strip_get_snapshot (strip), alternate));
  g_assert_true (ms_test_wait_for (ms_test_strip_pages_shown, strip));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (button)), "colour of a page"));
  search.needle = "\n1 page (";
  g_assert_true (ms_test_wait_for (tooltip_found, &search));
  g_assert_null (strstr (search.found, "Zoom in"));

  /* a capture: no pages to read, no menu */
  ms_window_show_file (window, fixture);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  ms_test_let_draw ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (button)));

  g_free (search.found);
  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

/* Answers the open message dialog with @response, as a click does. */
static void
answer_dialog (const char *response)
{
  AdwMessageDialog *dialog;

  g_assert_true (ms_test_wait_for (ms_test_message_dialog_shown, NULL));
  dialog = ms_test_find_message_dialog ();
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (ms_test_wait_for (ms_test_message_dialog_gone, NULL));
}

static gboolean
not_measuring (gpointer layer)
{
  return !_ms_page_layer_is_measuring (layer);
}

/* The middle of the swatch of the key's item @i (0: the first under the
 * heading) as drawn, as 0…255 components. */
static void
key_swatch_pixel (MsWindow *window,
                  guint     i,
                  guint8    rgb[3])
{
  GtkWidget *key = find_key (window);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (key);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint8 *data = NULL;
  GtkWidget *swatch = NULL;
  graphene_rect_t bounds;
  int width, height, x, y;
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (key); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BOX (child) && n++ == i)
      swatch = gtk_widget_get_first_child (child);
  g_assert_true (GTK_IS_DRAWING_AREA (swatch));
  g_assert_true (gtk_widget_compute_bounds (swatch, key, &bounds));
  width = gtk_widget_get_width (key);
  height = gtk_widget_get_height (key);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (key)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  data = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, data, (gsize) width * 4);
  x = (int) (bounds.origin.x + bounds.size.width / 2);
  y = (int) (bounds.origin.y + bounds.size.height / 2);
  g_assert_true (x >= 0 && x < width && y >= 0 && y < height);
  /* (CAIRO_FORMAT_ARGB32: B, G, R, A in memory on little-endian) */
  rgb[0] = data[(y * width + x) * 4 + 2];
  rgb[1] = data[(y * width + x) * 4 + 1];
  rgb[2] = data[(y * width + x) * 4 + 0];
}

/* The key's item @i is drawn in the fill of a page of @flags in @colour. */
static void
assert_key_swatch (MsWindow     *window,
                   guint         i,
                   guint32       flags,
                   MsPageColour  colour)
{
  double want[3];
  guint8 have[3];

  ms_page_texture_get_fill (flags, 0, colour, -1.0, want);
  key_swatch_pixel (window, i, have);
  for (guint c = 0; c < 3; c++)
    g_assert_cmpint (ABS ((int) have[c] - (int) lround (want[c] * 255)), <=, 2);
}

/* Item 4: on a kernel without soft-dirty tracking, Measure Writes says why
 * it cannot on a click (it was greyed out without a word), and clears
 * nothing. */
static void
test_writes_untracked_says_why (PagesFixture  *fixture,
                                gconstpointer  data)
{
  AdwMessageDialog *dialog;
  TooltipSearch search = { 0 };

  _ms_page_layer_set_writes_tracked (fixture->layer, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->strip), "pages.measure-writes", NULL));
  g_assert_true (ms_test_wait_for (ms_test_message_dialog_shown, NULL));
  dialog = ms_test_find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "Cannot"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "CONFIG_MEM_SOFT_DIRTY"));
  g_assert_false (_ms_page_layer_is_measuring (fixture->layer));
  answer_dialog ("close");
  g_assert_false (_ms_page_layer_is_measuring (fixture->layer));
  g_assert_null (_ms_page_layer_get_activity (fixture->layer));

  /* Coloured by what was written, such a kernel would show every page as
   * not written: drawn by residency, and the key and tooltip say why. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->strip), "pages.page-colour", "s", "dirty"));
  assert_key (fixture->window, "Written (soft-dirty)\nNot tracked by this kernel (CONFIG_MEM_SOFT_DIRTY): drawn by residency\nAnonymous\n", FALSE);
  /* (its swatches as the strip draws the pages: by residency, not each
   * page as not written) */
  ms_test_let_draw ();
  assert_key_swatch (fixture->window, 0, MS_PAGE_PRESENT, MS_PAGE_COLOUR_RESIDENCY);
  assert_key_swatch (fixture->window, 1, MS_PAGE_PRESENT | MS_PAGE_FILE, MS_PAGE_COLOUR_RESIDENCY);
  assert_key_swatch (fixture->window, 2, MS_PAGE_PRESENT | MS_PAGE_ZERO, MS_PAGE_COLOUR_RESIDENCY);
  search.strip = GTK_WIDGET (fixture->strip);
  search.needle = "does not track written pages";
  g_assert_true (ms_test_wait_for (page_tooltip_found, &search));
  /* (where it does: written or not) */
  _ms_page_layer_set_writes_tracked (fixture->layer, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->strip), "pages.page-colour", "s", "residency"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->strip), "pages.page-colour", "s", "dirty"));
  assert_key (fixture->window, "Written (soft-dirty)\nWritten\nNot written\n", FALSE);

  g_free (search.found);
}

/* Item 3: how long is chosen in the menu (the labels and the warning say
 * it); while measuring, the Pages button says so and Stop Measuring ends
 * it, with nothing shown after. */
static void
test_measure_seconds_and_stop (PagesFixture  *fixture,
                               gconstpointer  data)
{
  GtkMenuButton *button = find_pages_button (fixture->window);
  g_autofree char *labels = NULL;
  AdwMessageDialog *dialog;

  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fixture->strip), "pages.stop-measuring", NULL) &&
                  _ms_page_layer_is_measuring (fixture->layer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->strip), "pages.measure-seconds", "u", 30));
  g_assert_cmpuint (_ms_page_layer_get_measure_seconds (fixture->layer), ==, 30);
  labels = menu_labels (button);
  g_assert_nonnull (strstr (labels, "Measure Activity for 30 Seconds…\n"));
  g_assert_nonnull (strstr (labels, "Measure Writes for 30 Seconds…\n"));
  g_assert_nonnull (strstr (labels, "\n60 Seconds\n"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->strip), "pages.measure-activity", NULL));
  g_assert_true (ms_test_wait_for (ms_test_message_dialog_shown, NULL));
  dialog = ms_test_find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "After 30 seconds"));
  answer_dialog ("measure");
  g_assert_true (_ms_page_layer_is_measuring (fixture->layer));
  g_assert_true (ms_test_wait_for (ms_test_activity_timing, fixture->layer));
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "Measuring… 30 s");

  /* zoomed out, the menu is still there to stop it */
  ms_strip_reset_zoom (fixture->strip);
  g_assert_true (ms_test_wait_for (pages_hidden, fixture->strip));
  ms_test_let_draw ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->strip), "pages.stop-measuring", NULL));
  g_assert_false (_ms_page_layer_is_measuring (fixture->layer));
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "Pages");
  ms_test_spin (500);
  g_assert_null (_ms_page_layer_get_activity (fixture->layer));
  g_assert_null (ms_test_find_message_dialog ());
}

/* Item 3: while it measures, the Pages button counts the seconds left down,
 * once a second ("Measuring… 3 s", "… 2 s", "… 1 s"), never ahead of the
 * clock, without folding the window for its wider label, and says "Pages"
 * again once the heat is there. */
static void
test_measure_counts_down (PagesFixture  *fixture,
                          gconstpointer  data)
{
  GtkMenuButton *button = find_pages_button (fixture->window);
  AdwLeaflet *leaflet = ADW_LEAFLET (gtk_widget_get_ancestor (GTK_WIDGET (_ms_window_get_process_list (fixture->window)),
                                                              ADW_TYPE_LEAFLET));
  g_autofree char *previous = NULL;
  gint64 begin, deadline;
  guint last = 0, n_counts = 0;

  g_assert_false (adw_leaflet_get_folded (leaflet));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->strip), "pages.measure-seconds", "u", 3));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->strip), "pages.measure-activity", NULL));
  begin = g_get_monotonic_time ();
  answer_dialog ("measure");
  g_assert_true (ms_test_wait_for (ms_test_activity_timing, fixture->layer));
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "Measuring… 3 s");

  /* every label shown until the measurement is done, as they change */
  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (!ms_test_activity_measured (fixture->layer) && g_get_monotonic_time () < deadline)
    {
      const char *label;
      guint count;

      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      label = gtk_menu_button_get_label (button);
      if (g_strcmp0 (label, previous) == 0)
        continue;
      g_free (previous);
      previous = g_strdup (label);
      g_test_message ("%.3f s: %s", (g_get_monotonic_time () - begin) / 1e6, label);
      /* (the wider label fits beside the process list: the window keeps
       * its layout at its default 1200 pixels) */
      g_assert_false (adw_leaflet_get_folded (leaflet));
      /* (reading what was used, then done) */
      if (g_strcmp0 (label, "Measuring…") == 0 || g_strcmp0 (label, "Pages") == 0)
        continue;
      g_assert_true (sscanf (label, "Measuring… %u s", &count) == 1);
      /* down, one at a time but for a late tick, never early */
      g_assert_true (last == 0 ? count == 3 : count < last);
      g_assert_cmpint (g_get_monotonic_time () - begin, >=, (gint64) (3 - count) * G_USEC_PER_SEC);
      last = count;
      n_counts++;
    }
  g_assert_true (ms_test_activity_measured (fixture->layer));
  g_assert_cmpuint (n_counts, >=, 2);
  ms_test_let_draw ();
  g_assert_cmpstr (gtk_menu_button_get_label (button), ==, "Pages");
}

/* Item 3: a process that ends during the measurement is said so in a
 * dialog, not dropped in silence. */
static void
test_measure_process_exits (PagesFixture  *fixture,
                            gconstpointer  data)
{
  AdwMessageDialog *dialog;
  g_autofree char *pid = g_strdup_printf ("%d", (int) fixture->child->pid);
  int status;

  _ms_page_layer_set_measure_seconds (fixture->layer, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->strip), "pages.measure-activity", NULL));
  answer_dialog ("measure");
  g_assert_true (_ms_page_layer_is_measuring (fixture->layer));
  g_assert_true (ms_test_wait_for (ms_test_activity_timing, fixture->layer));
  kill (fixture->child->pid, SIGKILL);
  g_assert_cmpint (waitpid (fixture->child->pid, &status, 0), ==, fixture->child->pid);

  g_assert_true (ms_test_wait_for (not_measuring, fixture->layer));
  g_assert_true (ms_test_wait_for (ms_test_message_dialog_shown, NULL));
  dialog = ms_test_find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Activity could not be measured");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), pid));
  g_assert_null (_ms_page_layer_get_activity (fixture->layer));
  answer_dialog ("close");
}

static gboolean
not_reading (gpointer layer)
{
  return !_ms_page_layer_is_reading (layer);
}

static gboolean
has_pages_at (gpointer data)
{
  gpointer *pair = data;

  return _ms_page_layer_has_pages (pair[0], *(guint64 *) pair[1]);
}

/* Item 2: pages are read on a worker thread, only for what is visible, and
 * kept for the snapshot: drawing again, hovering and a tooltip read
 * nothing more; a newer snapshot reads again. */
static void
test_read_visible_cached (void)
{
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = ms_test_window_new ();
  g_autofree char *mapped = NULL;
  g_autofree char *answer = NULL;
  MsPageLayer *layer;
  MsStrip *strip;
  MsSnapshot *snapshot;
  guint64 start, size;
  gpointer pair[2];
  MsPageLayerStats before, after;
  TooltipSearch search = { 0 };
  double view_start, view_end;
  int index;

  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  strip = _ms_window_get_strip (window);
  layer = g_object_get_data (G_OBJECT (strip), "ms-page-layer");
  /* 1 GiB, its first page touched */
  mapped = ms_test_child_command (child, "reserve 262144 0");
  g_assert_true (g_str_has_prefix (mapped, "mapped 0x"));
  ms_session_refresh (_ms_window_get_session (window));
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_object_set (window, "paused", TRUE, NULL);
  snapshot = ms_strip_get_snapshot (strip);
  index = ms_snapshot_find_region (snapshot, g_ascii_strtoull (mapped + 7, NULL, 16));
  g_assert_cmpint (index, >=, 0);
  start = snapshot->regions[index].start;
  size = ms_region_get_size (&snapshot->regions[index]);
  g_assert_cmpuint (size, ==, G_GUINT64_CONSTANT (1) << 30);
  pair[0] = layer;
  pair[1] = &start;
  /* the middle quarter of the region in view (before anything is drawn) */
  ms_strip_fit_region (strip, index);
  ms_strip_get_view (strip, &view_start, &view_end);
  ms_strip_set_view (strip, view_start + (view_end - view_start) * 3 / 8, view_end - (view_end - view_start) * 3 / 8);
  g_assert_true (ms_test_wait_for (has_pages_at, pair));
  g_assert_true (ms_test_wait_for (not_reading, layer));
  ms_test_let_draw ();
  g_assert_true (ms_test_wait_for (not_reading, layer));
  _ms_page_layer_get_stats (layer, &before);
  g_assert_cmpuint (before.n_reads, >, 0);
  g_assert_cmpuint (before.n_reads_on_main_thread, ==, 0);
  /* what is visible, and a little around: not the whole region */
  g_assert_cmpuint (before.bytes, <, size / 2);

  for (guint i = 0; i < 3; i++)
    {
      gtk_widget_queue_draw (GTK_WIDGET (strip));
      ms_test_let_draw ();
    }
  /* the middle of the strip is the middle of the region, never touched:
   * the run there is of pages of the middle quarter */
  {
    g_autofree char *text = query_tooltip (GTK_WIDGET (strip), gtk_widget_get_width (GTK_WIDGET (strip)) / 2,
                                           gtk_widget_get_height (GTK_WIDGET (strip)) / 3);
    const char *range;
    guint64 run_start, run_end;

    g_assert_nonnull (text);
    g_assert_true (g_str_has_prefix (text, "Pages\n0x"));
    g_assert_nonnull (strstr (text, "\nnot present"));
    range = text + strlen ("Pages\n");
    run_start = g_ascii_strtoull (range, NULL, 16);
    run_end = g_ascii_strtoull (strstr (range, "–") + strlen ("–"), NULL, 16);
    g_assert_cmphex (run_start, >=, start + size / 8);
    g_assert_cmphex (run_end, <=, start + size - size / 8);
    g_assert_cmphex (run_start, <, start + size / 2);
    g_assert_cmphex (run_end, >, start + size / 2);
    /* (the run goes on: its count is of what was read) */
    g_assert_nonnull (strstr (text, "\nThe same may go on past the part read"));
  }
  search.strip = GTK_WIDGET (strip);
  search.needle = "Pages\n";
  g_assert_true (tooltip_found (&search));
  _ms_page_layer_get_stats (layer, &after);
  g_assert_cmpuint (after.n_reads, ==, before.n_reads);
  g_assert_cmpuint (after.bytes, ==, before.bytes);

  /* a new snapshot: read again */
  answer = ms_test_child_command (child, "map 1");
  ms_session_refresh (_ms_window_get_session (window));
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_assert_true (ms_strip_get_snapshot (strip) != snapshot);
  ms_test_let_draw ();
  g_assert_true (ms_test_wait_for (not_reading, layer));
  _ms_page_layer_get_stats (layer, &after);
  g_assert_cmpuint (after.n_reads, >, before.n_reads);
  g_assert_cmpuint (after.n_reads_on_main_thread, ==, 0);

  g_free (search.found);
  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

/* Item 6: a region unmapped between the snapshot and the read of its pages
 * keeps its own colour and says why in its tooltip — never drawn as a
 * region without pages — and is not asked again and again. */
static void
test_region_gone (void)
{
  MsTestChild *child = ms_test_child_start ();
  MsWindow *window = ms_test_window_new ();
  g_autofree char *mapped = NULL;
  g_autofree char *unmapped = NULL;
  MsPageLayer *layer;
  MsStrip *strip;
  MsPageLayerStats before, after;
  TooltipSearch search = { 0 };
  guint64 address;
  gpointer pair[2];

  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  strip = _ms_window_get_strip (window);
  layer = g_object_get_data (G_OBJECT (strip), "ms-page-layer");
  mapped = ms_test_child_command (child, "map 64");
  g_assert_true (g_str_has_prefix (mapped, "mapped 0x"));
  address = g_ascii_strtoull (mapped + 7, NULL, 16);
  ms_session_refresh (_ms_window_get_session (window));
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_assert_cmpint (ms_snapshot_find_region (ms_strip_get_snapshot (strip), address), >=, 0);
  g_object_set (window, "paused", TRUE, NULL);
  unmapped = ms_test_child_command (child, "unmap");
  g_assert_cmpstr (unmapped, ==, "unmapped");

  ms_strip_fit_region (strip, ms_snapshot_find_region (ms_strip_get_snapshot (strip), address));
  g_assert_true (ms_test_wait_for (ms_test_strip_pages_shown, strip));
  search.strip = GTK_WIDGET (strip);
  search.needle = "Its pages could not be read";
  g_assert_true (ms_test_wait_for (tooltip_found, &search));
  pair[0] = layer;
  pair[1] = &address;
  g_assert_false (has_pages_at (pair));
  g_assert_nonnull (strstr (_ms_page_layer_get_read_error (layer, address), "maps nothing"));
  /* (what else is in view read too) */
  for (guint i = 0; i < 2; i++)
    {
      ms_test_let_draw ();
      g_assert_true (ms_test_wait_for (not_reading, layer));
    }
  _ms_page_layer_get_stats (layer, &before);
  for (guint i = 0; i < 3; i++)
    {
      gtk_widget_queue_draw (GTK_WIDGET (strip));
      ms_test_let_draw ();
    }
  _ms_page_layer_get_stats (layer, &after);
  g_assert_cmpuint (after.n_reads, ==, before.n_reads);
  g_assert_false (has_pages_at (pair));

  g_free (search.found);
  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

/* The speed line: a process that changes at every refresh still gets its
 * pages drawn when their read takes longer than a refresh (each newer
 * snapshot cancelled the read under way, so none ever finished). */
static void
test_busy_process_gets_pages (void)
{
  MsTestChild *child = ms_test_child_start ();
  guint64 alternate = make_pattern (child, "pages-alternate");
  MsWindow *window = ms_test_window_new ();
  MsPageLayer *layer;
  MsStrip *strip;
  MsSnapshot *snapshot;
  guint64 start;
  gpointer pair[2];
  guint refreshes = 0;

  ms_window_show_pid (window, child->pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  g_object_set (window, "paused", TRUE, NULL);
  strip = _ms_window_get_strip (window);
  layer = g_object_get_data (G_OBJECT (strip), "ms-page-layer");
  _ms_page_layer_set_read_delay (layer, 1500);
  snapshot = ms_strip_get_snapshot (strip);
  start = snapshot->regions[ms_snapshot_find_region (snapshot, alternate)].start;
  pair[0] = layer;
  pair[1] = &start;
  ms_strip_fit_region (strip, ms_snapshot_find_region (snapshot, alternate));
  g_assert_true (ms_test_wait_for (ms_test_strip_pages_shown, strip));

  /* a new snapshot every 300 ms or so, for 6 s at most */
  while (!has_pages_at (pair) && refreshes++ < 20)
    {
      g_autofree char *answer = ms_test_child_command (child, "map 1");

      ms_session_refresh (_ms_window_get_session (window));
      g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
      ms_test_spin (300);
    }
  g_assert_true (has_pages_at (pair));
  g_assert_cmpuint (refreshes, >, 1);

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/memscape/page-layer/zoomed-in-shows-pages", test_zoomed_in_shows_pages);
  g_test_add_func ("/memscape/page-layer/capture-has-no-pages", test_capture_has_no_pages);
  g_test_add ("/memscape/page-layer/measure-activity", PagesFixture, NULL,
              pages_fixture_set_up, test_measure_activity, pages_fixture_tear_down);
  g_test_add_func ("/memscape/page-layer/discoverable", test_discoverable);
  g_test_add ("/memscape/page-layer/writes-untracked-says-why", PagesFixture, NULL,
              pages_fixture_set_up, test_writes_untracked_says_why, pages_fixture_tear_down);
  g_test_add ("/memscape/page-layer/measure-seconds-and-stop", PagesFixture, NULL,
              pages_fixture_set_up, test_measure_seconds_and_stop, pages_fixture_tear_down);
  g_test_add ("/memscape/page-layer/measure-counts-down", PagesFixture, NULL,
              pages_fixture_set_up, test_measure_counts_down, pages_fixture_tear_down);
  g_test_add ("/memscape/page-layer/measure-process-exits", PagesFixture, NULL,
              pages_fixture_set_up, test_measure_process_exits, pages_fixture_tear_down);
  g_test_add_func ("/memscape/page-layer/read-visible-cached", test_read_visible_cached);
  g_test_add_func ("/memscape/page-layer/region-gone", test_region_gone);
  g_test_add_func ("/memscape/page-layer/busy-process-gets-pages", test_busy_process_gets_pages);

  return g_test_run ();
}
