/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ms-diff.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

#define MS_TYPE_HISTORY (ms_history_get_type ())

G_DECLARE_FINAL_TYPE (MsHistory, ms_history, MS, HISTORY, GObject)

/* What a session saw, one sample (a time and a snapshot) per refresh, for
 * the timeline to draw. It stays small for a process that mostly stays the
 * same:
 *  - a sample whose snapshot did not change shares it (a few bytes);
 *  - a changed one keeps only the regions that changed (from the session's
 *    diff) and the starts of those that went away, against its neighbour;
 *  - only the first sample (and the latest) hold a whole snapshot.
 * Any sample's snapshot is made again on demand, equal to the one read then.
 * Past the memory budget (what the history holds beyond the first and the
 * latest snapshots, which it always keeps), older samples are thinned out
 * (every other one in the older half, their changes folded into the next),
 * never the first. An hour at one refresh a second of a 5 000-region process
 * whose figures move in a few regions stays within a few MiB. */

#define MS_HISTORY_DEFAULT_BUDGET (16 * 1024 * 1024)

/* Returns: (transfer full) */
MsHistory  *ms_history_new           (gsize       budget);
/* Adds the sample read at @time_usec. @diff: (nullable): the changes from the
 * last sample's snapshot to @snapshot when known (a session's), else they
 * are worked out here. @snapshot may be the last one again (unchanged).
 * Snapshots of another process than the first are not taken. */
void        ms_history_add           (MsHistory  *self,
                                      gint64      time_usec,
                                      MsSnapshot *snapshot,
                                      MsDiff     *diff);
guint       ms_history_get_n_samples (MsHistory  *self);
gint64      ms_history_get_time      (MsHistory  *self,
                                      guint       index);
/* Returns: (transfer full): the snapshot of sample @index, made again when
 * it is not held; samples with the same content give the same snapshot. */
MsSnapshot *ms_history_get_snapshot  (MsHistory  *self,
                                      guint       index);
/* Roughly the bytes held beyond the first and the latest snapshots: the
 * budget's measure. */
gsize       ms_history_get_size      (MsHistory  *self);
gsize       ms_history_get_budget    (MsHistory  *self);

G_END_DECLS
