/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One row of the process list (libproc2's pids API). */
typedef struct {
  int      pid;
  uid_t    uid;
  char     state;          /* 'R', 'S', 'Z', … */
  gboolean is_kernel_thread;
  gboolean has_smaps;      /* pss/swap/uss come from a readable smaps_rollup */
  char    *name;
  char    *user;
  char    *cmdline;        /* "" when the process has none (kernel threads) */
  guint64  rss;            /* bytes */
  guint64  pss;            /* bytes; 0 unless has_smaps */
  guint64  uss;            /* bytes; 0 unless has_smaps */
  guint64  swap;           /* bytes; 0 unless has_smaps */
} MsProcessInfo;

void       ms_process_info_free   (MsProcessInfo *info);

/* Every process, sorted by pid: a GPtrArray of MsProcessInfo (freed with the
 * array), or NULL with @error set. Processes that vanish while being read
 * are simply absent. The read and its _async twin return (transfer full)
 * (nullable) (element-type MsProcessInfo). */
GPtrArray *ms_process_list_read   (GError              **error);

/* Sorts a list of MsProcessInfo (from libproc2 or the helper) by pid. */
void       ms_process_list_sort   (GPtrArray            *list);

void       ms_process_list_read_async  (GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GPtrArray *ms_process_list_read_finish (GAsyncResult        *result,
                                        GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsProcessInfo, ms_process_info_free)

G_END_DECLS
