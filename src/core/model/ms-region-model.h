/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ms-diff.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

#define MS_TYPE_REGION_MODEL (ms_region_model_get_type ())

G_DECLARE_FINAL_TYPE (MsRegionModel, ms_region_model, MS, REGION_MODEL, GObject)

/* A GListModel of MsRegionItem over a snapshot's region array, in address
 * order (position == region index). Items are made only when asked for, so
 * 65 530 regions cost nothing until rows are shown, sorted or filtered.
 *
 * Updated to a newer snapshot of the same process with the diff between the
 * two (the session's, computed once for every view), it emits items-changed
 * only for the regions that appeared, vanished or changed, and keeps the
 * item of every region that is still there (same start and end):
 * scroll positions in views over the model survive a refresh. */
/* Returns: (transfer full) */
MsRegionModel *ms_region_model_new           (void);
/* The snapshot shown, or NULL. (transfer none) (nullable) */
MsSnapshot    *ms_region_model_get_snapshot  (MsRegionModel *self);
/* Whether a region that stays but whose figures changed is announced with
 * items-changed (TRUE, the default), so that a sorted or filtered view over
 * the model places it again. Its item notifies either way, so a view in the
 * model's own order needs no announcement: on a 65 000-region process each
 * announcement spans from the first such region to the last, and costs the
 * view work across all of it. */
void           ms_region_model_set_announce_updates (MsRegionModel *self,
                                                     gboolean       announce);
/* @snapshot: (nullable): NULL for none. @diff: (nullable): the changes from
 * the current snapshot to @snapshot, or NULL to show @snapshot afresh
 * (another process). */
void           ms_region_model_update        (MsRegionModel *self,
                                              MsSnapshot    *snapshot,
                                              MsDiff        *diff);
/* The same, diffing the two itself when they are of the same process.
 * @snapshot: (nullable) */
void           ms_region_model_set_snapshot  (MsRegionModel *self,
                                              MsSnapshot    *snapshot);

G_END_DECLS
