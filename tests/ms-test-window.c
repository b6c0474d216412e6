/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ms-test-window.h"

#include "ms-process-row.h"
#include "ms-test-util.h"
#include "ms-tooltip.h"
#include "ms-window-private.h"

MsWindow *
ms_test_window_new (void)
{
  MsWindow *window = ms_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

void
ms_test_window_destroy (gpointer window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  ms_test_drain ();
}

gboolean
ms_test_window_settled (gpointer window)
{
  return ms_test_session_settled (_ms_window_get_session (window));
}

gboolean
ms_test_window_exited (gpointer window)
{
  return ms_session_get_state (_ms_window_get_session (window)) == MS_SESSION_EXITED;
}

gboolean
ms_test_list_loaded (gpointer view)
{
  return ms_process_list_view_is_loaded (view);
}

guint
ms_test_find_row (GListModel *model,
                  int         pid)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MsProcessRow) row = g_list_model_get_item (model, i);

      if (ms_process_row_get_pid (row) == pid)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

void
ms_test_let_draw (void)
{
  gint64 until = g_get_monotonic_time () + 300 * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

GtkWidget *
ms_test_find_descendant (GtkWidget     *widget,
                         MsTestMatch    match,
                         gconstpointer  data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ms_test_find_descendant (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

GtkWidget *
ms_test_find_widget (GtkWidget *widget,
                     GType      type)
{
  return ms_test_find_descendant (widget, is_of_type, GSIZE_TO_POINTER (type));
}

static gboolean
is_label_with_text (GtkWidget     *widget,
                    gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

GtkWidget *
ms_test_find_label (GtkWidget  *widget,
                    const char *text)
{
  return ms_test_find_descendant (widget, is_label_with_text, text);
}

GtkLabel *
ms_test_query_tooltip (GtkWidget *widget,
                       int        x,
                       int        y)
{
  static GtkTooltip *tooltip;
  gboolean shown = FALSE;

  if (tooltip == NULL)
    tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gtk_tooltip_set_custom (tooltip, NULL);
  g_signal_emit_by_name (widget, "query-tooltip", x, y, FALSE, tooltip, &shown);
  return shown ? ms_tooltip_get_label (tooltip) : NULL;
}

AdwMessageDialog *
ms_test_find_message_dialog (void)
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

gboolean
ms_test_message_dialog_shown (gpointer data)
{
  return ms_test_find_message_dialog () != NULL;
}

gboolean
ms_test_message_dialog_gone (gpointer data)
{
  return ms_test_find_message_dialog () == NULL;
}

gboolean
ms_test_strip_pages_shown (gpointer strip)
{
  gboolean shown;

  g_object_get (strip, "pages-shown", &shown, NULL);
  return shown;
}

gboolean
ms_test_activity_measured (gpointer layer)
{
  return !_ms_page_layer_is_measuring (layer) && _ms_page_layer_get_activity (layer) != NULL;
}

gboolean
ms_test_activity_timing (gpointer layer)
{
  return _ms_page_layer_is_timing (layer);
}

MsWindow *
ms_test_window_on_pages (int           pid,
                         guint64       address,
                         MsPageLayer **layer)
{
  MsWindow *window = ms_test_window_new ();
  MsStrip *strip;

  ms_window_show_pid (window, pid);
  g_assert_true (ms_test_wait_for (ms_test_window_settled, window));
  strip = _ms_window_get_strip (window);
  *layer = g_object_get_data (G_OBJECT (strip), "ms-page-layer");
  ms_strip_fit_region (strip, ms_snapshot_find_region (ms_strip_get_snapshot (strip), address));
  g_assert_true (ms_test_wait_for (ms_test_strip_pages_shown, strip));
  return window;
}

void
ms_test_maybe_save_shot (GtkWidget *widget)
{
  const char *path = g_getenv ("MEMSCAPE_TEST_SHOT");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  if (path == NULL)
    return;
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}
