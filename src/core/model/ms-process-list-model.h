/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ms-process-row.h"
#include "ms-refresh-policy.h"
#include "ms-source.h"

G_BEGIN_DECLS

#define MS_TYPE_PROCESS_LIST_MODEL (ms_process_list_model_get_type ())

G_DECLARE_FINAL_TYPE (MsProcessListModel, ms_process_list_model, MS, PROCESS_LIST_MODEL, GObject)

/* Every process a source lists, as a GListModel of MsProcessRow in pid
 * order, read again as its refresh policy says (a third of the rate of the
 * view). Beside a watched process (`secondary`), a source that can list its
 * pids cheaply is looked at as often, and read whole only when processes
 * came or went, or every tenth of the rate for the figures. Kernel threads
 * are left out unless `show-kernel-threads`. Rows are kept per pid and
 * updated in place, so that a view's selection and scroll survive;
 * processes that came and went are inserted and removed. After each read,
 * "updated" says how many rows took new figures (a sorted view re-sorts). A
 * read that fails leaves the rows as they are, sets `error` (a list that
 * cannot be read says why rather than look empty), and is tried again. */

/* @source: (nullable): ms_source_new_default() when NULL. Reads at once.
 * Returns: (transfer full) */
MsProcessListModel  *ms_process_list_model_new        (MsSource           *source);
/* (transfer none) */
MsSource            *ms_process_list_model_get_source (MsProcessListModel *self);
/* Lists @source's processes from now on (nullable: NULL for the default), at
 * once; a read of the old one still running is dropped. */
void                 ms_process_list_model_set_source (MsProcessListModel *self,
                                                       MsSource           *source);
/* (transfer none) */
MsRefreshPolicy     *ms_process_list_model_get_policy (MsProcessListModel *self);
/* Whether kernel threads are listed (FALSE by default). Hiding them takes
 * their rows away at once; showing them reads the list. */
gboolean             ms_process_list_model_get_show_kernel_threads (MsProcessListModel *self);
void                 ms_process_list_model_set_show_kernel_threads (MsProcessListModel *self,
                                                                    gboolean            show);
/* Reads the whole list now. Reads never stack up: one running stands for
 * it (a look at the pids running ends in a read). */
void                 ms_process_list_model_refresh    (MsProcessListModel *self);
/* TRUE once a read has worked. */
gboolean             ms_process_list_model_get_loaded (MsProcessListModel *self);
/* Why the last read failed, or NULL. (transfer none) (nullable) */
const GError        *ms_process_list_model_get_error  (MsProcessListModel *self);
/* The row of @pid, or NULL. (transfer none) */
MsProcessRow        *ms_process_list_model_lookup     (MsProcessListModel *self,
                                                       int                 pid);

G_END_DECLS
