/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ms-test-window.h"

#include "ms-process-row.h"
#include "ms-test-util.h"
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
ms_test_find_widget (GtkWidget *widget,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ms_test_find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}
