/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ms-snapshot.h"

G_BEGIN_DECLS

#define MS_TYPE_REGION_ITEM (ms_region_item_get_type ())

G_DECLARE_FINAL_TYPE (MsRegionItem, ms_region_item, MS, REGION_ITEM, GObject)

/* A lightweight handle on one region of a snapshot (the snapshot and an
 * index), created lazily by MsRegionModel for the rows that need one. When a
 * refresh keeps a region (same start and end), the model moves its item to
 * the new snapshot; `revision` goes up when the region's figures changed. */
/* Returns: (transfer full); it holds a reference to @snapshot. */
MsRegionItem   *ms_region_item_new           (MsSnapshot   *snapshot,
                                              guint         index);
/* The snapshot and the region it stands for now. (transfer none) */
MsSnapshot     *ms_region_item_get_snapshot  (MsRegionItem *self);
guint           ms_region_item_get_index     (MsRegionItem *self);
const MsRegion *ms_region_item_get_region    (MsRegionItem *self);
guint           ms_region_item_get_revision  (MsRegionItem *self);
gboolean        ms_region_item_get_hovered   (MsRegionItem *self);
void            ms_region_item_set_hovered   (MsRegionItem *self,
                                              gboolean      hovered);

G_END_DECLS
