/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ms-process-list.h"

G_BEGIN_DECLS

#define MS_TYPE_PROCESS_ROW (ms_process_row_get_type ())

G_DECLARE_FINAL_TYPE (MsProcessRow, ms_process_row, MS, PROCESS_ROW, GObject)

/* One process of the sidebar list. Rows are kept per pid across refreshes
 * and updated in place, so that the list's selection and scroll survive. */
/* @info: (transfer full): the row frees it. Returns: (transfer full) */
MsProcessRow        *ms_process_row_new          (MsProcessInfo *info);
/* The info and its strings, held by the row until its next update.
 * (transfer none) */
const MsProcessInfo *ms_process_row_get_info     (MsProcessRow  *self);
int                  ms_process_row_get_pid      (MsProcessRow  *self);
const char          *ms_process_row_get_name     (MsProcessRow  *self);
/* The kernel's name for the process (comm, at most 15 bytes), which the
 * name completes when it was cut short. */
const char          *ms_process_row_get_comm     (MsProcessRow  *self);
/* Exited, and not yet waited for by its parent (state Z). */
gboolean             ms_process_row_get_zombie   (MsProcessRow  *self);
const char          *ms_process_row_get_user     (MsProcessRow  *self);
const char          *ms_process_row_get_cmdline  (MsProcessRow  *self);
guint64              ms_process_row_get_rss      (MsProcessRow  *self);
guint64              ms_process_row_get_pss      (MsProcessRow  *self);
gboolean             ms_process_row_get_has_pss  (MsProcessRow  *self);
/* Its control group's name: a container ("docker 3f2a1b9c04d7…") or a
 * systemd unit ("sshd.service"); "" when none or not known. */
const char          *ms_process_row_get_group    (MsProcessRow  *self);
/* @info: (transfer full): the same pid's new info. Returns TRUE and
 * notifies when anything shown changed. */
gboolean             ms_process_row_update       (MsProcessRow  *self,
                                                  MsProcessInfo *info);
/* Whether @text (already folded with g_utf8_casefold) matches the name, the
 * kernel's name, the pid, the command line or the group. */
gboolean             ms_process_row_matches      (MsProcessRow  *self,
                                                  const char    *folded_text);

G_END_DECLS
