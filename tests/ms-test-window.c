/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ms-test-window.h"

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
ms_test_window_destroy (MsWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  ms_test_drain ();
}

gboolean
ms_test_window_settled (gpointer window)
{
  return ms_test_session_settled (_ms_window_get_session (window));
}
