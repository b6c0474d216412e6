/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-window.h"

G_BEGIN_DECLS

/* What the widget tests share: a window of the app, 1200 × 800, shown; its
 * end, with everything it left pending dispatched; and an MsTestCondition
 * that holds once the session the window @window shows has settled (read,
 * nothing in flight). */
MsWindow *ms_test_window_new     (void);
void      ms_test_window_destroy (MsWindow *window);
gboolean  ms_test_window_settled (gpointer  window);

G_END_DECLS
