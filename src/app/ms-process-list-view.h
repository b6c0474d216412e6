/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-process-list-model.h"
#include "ms-source.h"

G_BEGIN_DECLS

#define MS_TYPE_PROCESS_LIST_VIEW (ms_process_list_view_get_type ())

G_DECLARE_FINAL_TYPE (MsProcessListView, ms_process_list_view, MS, PROCESS_LIST_VIEW, GtkWidget)

/* The sidebar: the processes of an MsProcessListModel (which reads them
 * through a source, every `interval` ms × its factors, 0 pauses; kernel
 * threads only with `show-kernel-threads`) in a sortable, searchable
 * GtkColumnView. Choosing a row sets `selected-pid`; choosing a column to
 * sort by shows the top of the new order. */
GtkWidget *ms_process_list_view_new              (void);
/* Lists @source's processes from now on (NULL: ms_source_new_default()),
 * at once. */
void       ms_process_list_view_set_source       (MsProcessListView *self,
                                                  MsSource          *source);
/* The rows, as read (all of them, in pid order). */
MsProcessListModel *ms_process_list_view_get_list_model (MsProcessListView *self);
/* Why the last read failed (the list then shows a status page that says
 * so), or NULL. */
const GError *ms_process_list_view_get_error     (MsProcessListView *self);
int        ms_process_list_view_get_selected_pid (MsProcessListView *self);
/* Selects @pid's row when it is (or becomes) listed; 0 selects nothing. */
void       ms_process_list_view_set_selected_pid (MsProcessListView *self,
                                                  int                pid);
void       ms_process_list_view_refresh          (MsProcessListView *self);
void       ms_process_list_view_focus_search     (MsProcessListView *self);
/* TRUE once the first read has finished. */
gboolean   ms_process_list_view_is_loaded        (MsProcessListView *self);
/* The rows that pass the search and the "only mine" filter (a GListModel of
 * MsProcessRow in the order shown); for tests and accessibility. */
GListModel *ms_process_list_view_get_model       (MsProcessListView *self);

G_END_DECLS
