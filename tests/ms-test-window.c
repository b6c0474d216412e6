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
