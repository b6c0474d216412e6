/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ms-snapshot.h"
#include "ms-source.h"

G_BEGIN_DECLS

#define MS_TYPE_MONITOR (ms_monitor_get_type ())

G_DECLARE_FINAL_TYPE (MsMonitor, ms_monitor, MS, MONITOR, GObject)

typedef enum {
  MS_MONITOR_EMPTY,     /* nothing chosen */
  MS_MONITOR_LOADING,   /* the first read is running */
  MS_MONITOR_LIVE,      /* a process, refreshed every `interval` ms */
  MS_MONITOR_EXITED,    /* the process is gone; its last snapshot stays */
  MS_MONITOR_FILE,      /* a captured smaps/maps file; no refresh */
  MS_MONITOR_FAILED,    /* nothing to show: `error` says why */
  MS_MONITOR_STOPPED,   /* refreshing stopped (administrator's rights lost):
                         * the last snapshot stays, `error` says why */
} MsMonitorState;

/* Reads one process (or a captured file) on a worker thread and keeps doing
 * so at the refresh interval. A newer request cancels the older one and
 * stale results are dropped; a refresh still running when the next is due is
 * not stacked: the next one is timed from its end. `snapshot`, `state` and
 * `error` change together, on the main thread. */
MsMonitor      *ms_monitor_new             (void);
void            ms_monitor_watch_pid       (MsMonitor  *self,
                                            int         pid);
/* The same as administrator: every read, the first and each refresh, goes
 * through the privileged helper (pkexec asks for the password, then keeps the
 * authorization for a few minutes). While the first read waits for the
 * password the state is LOADING with `privileged` set; a later refresh that
 * is dismissed or not authorized any more moves to STOPPED. */
void            ms_monitor_watch_pid_privileged (MsMonitor *self,
                                                 int        pid);
/* TRUE while the process is read as administrator. */
gboolean        ms_monitor_get_privileged  (MsMonitor  *self);
/* The ordinary (not privileged) source; NULL for ms_source_new_default(). */
void            ms_monitor_set_source      (MsMonitor  *self,
                                            MsSource   *source);
void            ms_monitor_open_file       (MsMonitor  *self,
                                            const char *path);
void            ms_monitor_clear           (MsMonitor  *self);
/* Reads again now (a live process only). */
void            ms_monitor_refresh         (MsMonitor  *self);
int             ms_monitor_get_pid         (MsMonitor  *self);
MsSnapshot     *ms_monitor_get_snapshot    (MsMonitor  *self);
MsMonitorState  ms_monitor_get_state       (MsMonitor  *self);
const GError   *ms_monitor_get_error       (MsMonitor  *self);
gboolean        ms_monitor_get_busy        (MsMonitor  *self);
guint           ms_monitor_get_interval    (MsMonitor  *self);
/* Milliseconds between reads; 0 pauses. */
void            ms_monitor_set_interval    (MsMonitor  *self,
                                            guint       interval);
/* While in the background (window hidden) reads are spaced further apart. */
void            ms_monitor_set_background  (MsMonitor  *self,
                                            gboolean    background);

/* TRUE when the last read took longer than the refresh interval: reads do
 * not pile up, so the view lags behind the process. */
gboolean        ms_monitor_get_behind      (MsMonitor           *self);

G_END_DECLS
