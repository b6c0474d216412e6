/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ms-diff.h"
#include "ms-figures.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

#define MS_TYPE_HISTORY (ms_history_get_type ())

G_DECLARE_FINAL_TYPE (MsHistory, ms_history, MS, HISTORY, GObject)

/* What a session saw, one sample (a time, a snapshot and the cheap
 * per-process figures, MsFigures) per refresh, for the timeline to draw and
 * scrub. It stays small for a process that mostly stays the same:
 *  - a sample whose snapshot did not change shares it (a few bytes, and its
 *    figures);
 *  - a changed one keeps only the regions that changed (from the session's
 *    diff) and the starts of those that went away, against its neighbour;
 *  - the first sample, the latest, the pinned ones and keyframes hold a whole
 *    snapshot. A keyframe is kept once the regions changed since the last
 *    one reach a quarter of the process's (at least 256), so that making any
 *    sample's snapshot again merges at most that many changes into one
 *    snapshot: a few milliseconds for a 5 000-region process, whatever the
 *    history's length.
 * Any sample's snapshot is made again on demand, equal to the one read then.
 * Past the memory budget (what the history holds beyond the first and the
 * latest snapshots, keyframes included), older samples are thinned out
 * (every other one in the older half, their changes folded into the next),
 * never the first nor a pinned one. Indices move when samples are thinned:
 * a sample's identity is its time (ms_history_find_time()).
 * An hour at one refresh a second of a 5 000-region process whose figures
 * move in a few regions takes about 15 MiB. */

#define MS_HISTORY_DEFAULT_BUDGET (60 * 1024 * 1024)

/* What the per-kind totals of a sample sum. */
typedef enum {
  MS_HISTORY_RSS,
  MS_HISTORY_PSS,
  MS_HISTORY_VSS,
} MsHistoryMeasure;

#define MS_HISTORY_N_MEASURES 3

/* Returns: (transfer full) */
MsHistory  *ms_history_new           (gsize       budget);
/* Adds the sample read at @time_usec. @diff: (nullable): the changes from the
 * last sample's snapshot to @snapshot when known (a session's), else they
 * are worked out here. @snapshot may be the last one again (unchanged).
 * Snapshots of another process than the first are not taken. The figures
 * are those @snapshot says (ms_figures_init_from_snapshot()). */
void        ms_history_add           (MsHistory  *self,
                                      gint64      time_usec,
                                      MsSnapshot *snapshot,
                                      MsDiff     *diff);
/* The same with the figures read at this refresh (@figures: (nullable)):
 * what they have (their `present` flags) replaces what the snapshot says. */
void        ms_history_add_full      (MsHistory       *self,
                                      gint64           time_usec,
                                      MsSnapshot      *snapshot,
                                      MsDiff          *diff,
                                      const MsFigures *figures);
guint       ms_history_get_n_samples (MsHistory  *self);
gint64      ms_history_get_time      (MsHistory  *self,
                                      guint       index);
/* The index of the latest sample taken at or before @time_usec, or -1 when
 * the first is later. */
int         ms_history_find_time     (MsHistory  *self,
                                      gint64      time_usec);
/* Returns: (transfer full): the snapshot of sample @index, made again when
 * it is not held; samples with the same content give the same snapshot. */
MsSnapshot *ms_history_get_snapshot  (MsHistory  *self,
                                      guint       index);
/* The figures of sample @index. (transfer none) */
const MsFigures *ms_history_get_figures (MsHistory *self,
                                         guint      index);
/* The RSS, PSS or VSS of each kind at sample @index, into @totals
 * (MS_N_KINDS of them), without making its snapshot again. */
void        ms_history_get_kind_totals (MsHistory        *self,
                                        guint             index,
                                        MsHistoryMeasure  measure,
                                        guint64          *totals);
/* How many regions appeared and vanished (by start address) between sample
 * @index and the one before it. @appeared, @vanished: (out) (optional) */
void        ms_history_get_changes   (MsHistory  *self,
                                      guint       index,
                                      guint      *appeared,
                                      guint      *vanished);
/* A pinned sample (a baseline to compare with) is never thinned and keeps
 * its snapshot whole; pins count, each pin wants its unpin. */
void        ms_history_pin           (MsHistory  *self,
                                      guint       index);
void        ms_history_unpin         (MsHistory  *self,
                                      guint       index);
gboolean    ms_history_is_pinned     (MsHistory  *self,
                                      guint       index);
/* Roughly the bytes held beyond the first and the latest snapshots: the
 * budget's measure. */
gsize       ms_history_get_size      (MsHistory  *self);
gsize       ms_history_get_budget    (MsHistory  *self);

G_END_DECLS
