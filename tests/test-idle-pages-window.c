/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include <adwaita.h>

#include "ms-activity.h"
#include "ms-idle-pages-private.h"
#include "ms-page-layer.h"
#include "ms-strip.h"
#include "ms-test-util.h"
#include "ms-test-window.h"
#include "ms-window-private.h"

/* Issue 16, item 3, in the window: where idle page tracking will be used
 * (here a fake bitmap, as in test-idle-pages.c), the warning before
 * *Measure Activity* does not say that it clears anything, and the
 * measurement knows each page: the ones whose bits the test cleared while
 * it ran, as the kernel clears the bit of a page that is accessed. */

#define PAGE 4096u
#define PFN_MASK ((G_GUINT64_CONSTANT (1) << 55) - 1)

/* Clears the bit of the frame of the child's page at @address, as an
 * access would. */
static void
clear_bit_of (int     pid,
              guint64 address,
              const char *bitmap)
{
  g_autofree char *pagemap = g_strdup_printf ("/proc/%d/pagemap", pid);
  int fd = open (pagemap, O_RDONLY);
  guint64 entry = 0, pfn;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pread (fd, &entry, 8, (off_t) (address / PAGE * 8)), ==, 8);
  close (fd);
  pfn = entry & PFN_MASK;
  g_assert_cmpuint (pfn, !=, 0);
  ms_test_fake_idle_bitmap_clear (bitmap, pfn);
}

static void
test_measure_idle (void)
{
  char *bitmap;
  MsTestChild *child;
  guint64 half;
  MsWindow *window;
  MsPageLayer *layer;
  MsStrip *strip;
  MsActivity *activity;
  const MsActivityRegion *region;
  AdwMessageDialog *dialog;
  g_autofree char *colour = NULL;

  if (!ms_test_need_frames ())
    return;
  bitmap = ms_test_fake_idle_bitmap_new ();
  child = ms_test_child_start ();
  ms_test_child_make_pages (child);
  half = ms_test_child_address (child, "pages-half");
  window = ms_test_window_on_pages (child->pid, half, &layer);
  strip = _ms_window_get_strip (window);
  _ms_page_layer_set_measure_seconds (layer, 1);

  /* the warning says what idle tracking does, not that it clears */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (strip), "pages.measure-activity", NULL));
  g_assert_true (ms_test_wait_for (ms_test_message_dialog_shown, NULL));
  dialog = ms_test_find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "idle page tracking"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "clears"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "measure"), ==, ADW_RESPONSE_SUGGESTED);
  ms_test_let_draw ();
  ms_test_maybe_save_shot (GTK_WIDGET (dialog));
  adw_message_dialog_response (dialog, "measure");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (ms_test_wait_for (ms_test_message_dialog_gone, NULL));
  g_assert_true (_ms_page_layer_is_measuring (layer));
  /* (the pages are marked on a worker thread) */
  g_assert_true (ms_test_wait_for (ms_test_activity_timing, layer));

  /* pages 0, 1 and 5 of the half region accessed meanwhile */
  clear_bit_of (child->pid, half, bitmap);
  clear_bit_of (child->pid, half + PAGE, bitmap);
  clear_bit_of (child->pid, half + 5 * PAGE, bitmap);
  g_assert_true (ms_test_wait_for (ms_test_activity_measured, layer));

  activity = _ms_page_layer_get_activity (layer);
  g_assert_cmpint (activity->method, ==, MS_ACTIVITY_METHOD_IDLE_PAGES);
  region = ms_activity_find (activity, half);
  g_assert_nonnull (region);
  g_assert_cmpuint (region->referenced, ==, 3 * PAGE);
  g_assert_cmpint (ms_activity_page_used (activity, half + PAGE), ==, 1);
  g_assert_cmpint (ms_activity_page_used (activity, half + 2 * PAGE), ==, 0);
  g_assert_cmpint (ms_activity_page_used (activity, half + 5 * PAGE), ==, 1);
  g_object_get (strip, "page-colour", &colour, NULL);
  g_assert_cmpstr (colour, ==, "heat");
  ms_test_let_draw ();
  if (g_getenv ("MEMSCAPE_TEST_SHOT_HEAT") != NULL)
    {
      g_setenv ("MEMSCAPE_TEST_SHOT", g_getenv ("MEMSCAPE_TEST_SHOT_HEAT"), TRUE);
      ms_test_maybe_save_shot (GTK_WIDGET (window));
    }

  ms_test_window_destroy (window);
  ms_test_child_stop (child);
  ms_test_fake_idle_bitmap_free (bitmap);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/memscape/idle-pages-window/measure", test_measure_idle);

  return g_test_run ();
}
