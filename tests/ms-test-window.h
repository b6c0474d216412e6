/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ms-page-layer.h"
#include "ms-window.h"

G_BEGIN_DECLS

/* What the widget tests share: a window of the app, 1200 × 800, shown; its
 * end, with everything it left pending dispatched; and an MsTestCondition
 * that holds once the session the window @window shows has settled (read,
 * nothing in flight). */
MsWindow  *ms_test_window_new     (void);
/* (@window: any GtkWindow.) */
void       ms_test_window_destroy (gpointer    window);
gboolean   ms_test_window_settled (gpointer    window);
/* An MsTestCondition: the session the MsWindow @window shows has exited. */
gboolean   ms_test_window_exited  (gpointer    window);
/* An MsTestCondition: the MsProcessListView @view has loaded its list. */
gboolean   ms_test_list_loaded    (gpointer    view);
/* The position of @pid's MsProcessRow in @model, or GTK_INVALID_LIST_POSITION. */
guint      ms_test_find_row       (GListModel *model,
                                   int         pid);
/* Lets the windows lay out and draw what they show now (300 ms). */
void       ms_test_let_draw       (void);
/* Whether @widget is the one looked for (@data says which). */
typedef gboolean (*MsTestMatch) (GtkWidget     *widget,
                                 gconstpointer  data);
/* The first widget under @widget (itself included), depth first, that
 * @match (@data) accepts, or NULL. */
GtkWidget *ms_test_find_descendant (GtkWidget     *widget,
                                    MsTestMatch    match,
                                    gconstpointer  data);
/* The first widget of @type under @widget (itself included), depth first, or NULL. */
GtkWidget *ms_test_find_widget    (GtkWidget  *widget,
                                   GType       type);
/* The first label under @widget whose text is @text, shown or not, or NULL. */
GtkWidget *ms_test_find_label     (GtkWidget  *widget,
                                   const char *text);
/* Emits query-tooltip at (@x, @y) as GTK does, on the one tooltip the tests
 * share, emptied first: the MsTooltip label it shows, or NULL when none. */
GtkLabel  *ms_test_query_tooltip  (GtkWidget  *widget,
                                   int         x,
                                   int         y);

/* The AdwMessageDialog shown now, or NULL; and MsTestConditions (@data
 * unused): one is shown, none is. */
AdwMessageDialog *ms_test_find_message_dialog  (void);
gboolean          ms_test_message_dialog_shown (gpointer data);
gboolean          ms_test_message_dialog_gone  (gpointer data);
/* An MsTestCondition: the MsStrip @strip shows the pages of its view. */
gboolean   ms_test_strip_pages_shown (gpointer    strip);
/* An MsTestCondition: the MsPageLayer @layer has measured activity and is
 * not measuring. */
gboolean   ms_test_activity_measured (gpointer    layer);
/* An MsTestCondition: the MsPageLayer @layer's measurement has begun (its
 * bits cleared, or its pages marked idle, on a worker thread) and waits. */
gboolean   ms_test_activity_timing   (gpointer    layer);
/* A new window (ms_test_window_new()) on the live process @pid, zoomed on
 * its region holding @address once read, its pages shown; and its page
 * layer in @layer. */
MsWindow  *ms_test_window_on_pages (int            pid,
                                    guint64        address,
                                    MsPageLayer  **layer);
/* With $MEMSCAPE_TEST_SHOT set, @widget as it is drawn now saved there as
 * a PNG, to be looked at. */
void       ms_test_maybe_save_shot (GtkWidget  *widget);

G_END_DECLS
