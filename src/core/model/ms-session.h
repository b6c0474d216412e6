/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ms-diff.h"
#include "ms-history.h"
#include "ms-layout.h"
#include "ms-refresh-policy.h"
#include "ms-region-model.h"
#include "ms-snapshot.h"
#include "ms-source.h"

G_BEGIN_DECLS

typedef enum {
  MS_SESSION_LOADING,   /* the first read is running */
  MS_SESSION_LIVE,      /* a process, read again as the policy says */
  MS_SESSION_EXITED,    /* the process is gone; its last snapshot stays */
  MS_SESSION_FILE,      /* a captured smaps/maps file; read once */
  MS_SESSION_FAILED,    /* nothing to show: `error` says why */
  MS_SESSION_STOPPED,   /* refreshing stopped (administrator's rights lost,
                         * another machine's connection lost):
                         * the last snapshot stays, `error` says why */
} MsSessionState;

#define MS_TYPE_SESSION_STATE (ms_session_state_get_type ())
GType ms_session_state_get_type (void) G_GNUC_CONST;

/* No region: the value of `selected-address` and `hovered-address`. */
#define MS_NO_ADDRESS G_MAXUINT64

#define MS_TYPE_SESSION (ms_session_get_type ())

G_DECLARE_FINAL_TYPE (MsSession, ms_session, MS, SESSION, GObject)

/* One watched process (or capture), as Sysprof's SysprofSession is one
 * recording: it owns the source it is read through and the refresh policy,
 * the current snapshot and the one diff against the previous snapshot
 * (computed once, for every view), the region list model the tables show,
 * the history of what it read,
 * and the state the views share: what is selected and hovered (by address,
 * so that it survives a refresh), the highlighted kind, the visible range and
 * the scale. Views bind to its properties instead of being told by hand.
 *
 * Reads run on a worker thread; a newer one cancels the older and stale
 * results are dropped. `snapshot`, `diff`, `state` and `error` change
 * together, on the main thread, and are notified in that order. A refresh
 * that finds the process unchanged gives back the same snapshot: nothing is
 * notified. Disposing of the session cancels its read. */

/* Starts reading @pid through @source at once (LOADING).
 * Returns: (transfer full) */
MsSession       *ms_session_new                  (MsSource        *source,
                                                  int              pid);
/* A captured smaps/maps file (through an MsFileSource).
 * Returns: (transfer full) */
MsSession       *ms_session_new_for_file         (const char      *path);

/* The getters return what the session holds (transfer none). */
MsSource        *ms_session_get_source           (MsSession       *self);
/* 0 for a capture. */
int              ms_session_get_pid              (MsSession       *self);
/* TRUE when read through the helper as administrator. */
gboolean         ms_session_get_privileged       (MsSession       *self);
MsRefreshPolicy *ms_session_get_policy           (MsSession       *self);

MsSessionState   ms_session_get_state            (MsSession       *self);
/* Why the session failed or stopped, or why the process is gone; NULL
 * otherwise. (transfer none) (nullable) */
const GError    *ms_session_get_error            (MsSession       *self);
/* What the views show: the viewed sample's snapshot while one is (see
 * ms_session_set_viewed_sample()), else the latest read. NULL until the
 * first read worked. (transfer none) (nullable) */
MsSnapshot      *ms_session_get_snapshot         (MsSession       *self);
/* The latest read, whatever is viewed. (transfer none) (nullable) */
MsSnapshot      *ms_session_get_live_snapshot    (MsSession       *self);
/* Scrubbing: shows the process as it was at sample @index of the history
 * (`snapshot`, `diff`, the region list and the addresses follow, as for a
 * read), or live again for -1. Refreshing goes on into the history
 * meanwhile, without changing what is shown. The sample is held by its
 * time (`viewed-time`, 0 when live): its index (`viewed-sample`) moves when
 * older samples are thinned. */
void             ms_session_set_viewed_sample    (MsSession       *self,
                                                  int              index);
int              ms_session_get_viewed_sample    (MsSession       *self);
gint64           ms_session_get_viewed_time      (MsSession       *self);
/* The changes from the previous snapshot shown to the current one, or NULL
 * for the first. (transfer none) (nullable) */
MsDiff          *ms_session_get_diff             (MsSession       *self);
/* The current snapshot's regions as a GListModel of MsRegionItem, kept in
 * step through the diff. */
MsRegionModel   *ms_session_get_regions          (MsSession       *self);
/* Every read so far, one sample each, in a bounded history (ms-history.h),
 * for the timeline. */
MsHistory       *ms_session_get_history          (MsSession       *self);
/* A read is running. */
gboolean         ms_session_get_busy             (MsSession       *self);
/* The last read took longer than the refresh interval. */
gboolean         ms_session_get_behind           (MsSession       *self);
/* Reads the process again now, in full (a live session only); a read
 * still running is replaced. */
void             ms_session_refresh              (MsSession       *self);

/* The shared view state. Addresses are region starts: setting one inside a
 * region selects that region; on a new snapshot they follow their region
 * (or are cleared, MS_NO_ADDRESS, when it is gone). */
guint64          ms_session_get_selected_address (MsSession       *self);
void             ms_session_set_selected_address (MsSession       *self,
                                                  guint64          address);
/* The region at `selected-address` in the current snapshot, or -1. */
int              ms_session_get_selected_index   (MsSession       *self);
guint64          ms_session_get_hovered_address  (MsSession       *self);
void             ms_session_set_hovered_address  (MsSession       *self,
                                                  guint64          address);
int              ms_session_get_hovered_index    (MsSession       *self);
/* -1 for none. */
int              ms_session_get_highlight_kind   (MsSession       *self);
void             ms_session_set_highlight_kind   (MsSession       *self,
                                                  int              kind);
MsScaleMode      ms_session_get_scale_mode       (MsSession       *self);
void             ms_session_set_scale_mode       (MsSession       *self,
                                                  MsScaleMode      mode);
/* The addresses shown, from @start to @end (0 and G_MAXUINT64: all).
 * @start, @end: (out) (optional) */
void             ms_session_get_visible_range    (MsSession       *self,
                                                  guint64         *start,
                                                  guint64         *end);
void             ms_session_set_visible_range    (MsSession       *self,
                                                  guint64          start,
                                                  guint64          end);

G_END_DECLS
