/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ms-object-group.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

#define MS_TYPE_OBJECT_ITEM (ms_object_item_get_type ())

G_DECLARE_FINAL_TYPE (MsObjectItem, ms_object_item, MS, OBJECT_ITEM, GObject)

/* One owner of regions (an MsObjectGroup: a library, an arena, a thread, a
 * named region, or the regions of one kind without an owner) in an
 * MsObjectModel, with its sums and its regions. Kept by MsObjectModel across
 * refreshes while the owner is still there (same key), so that a view's
 * expanded rows and selection survive; `revision` goes up when its sums or
 * regions changed. */

/* The owner's identity across snapshots: its object, or "\x01KIND" for the
 * regions of one kind without an owner (no object text starts so). */
const char          *ms_object_item_get_key          (MsObjectItem *self);
/* The snapshot it stands in now. (transfer none) */
MsSnapshot          *ms_object_item_get_snapshot     (MsObjectItem *self);
/* Its sums; `object` is NULL for the regions of one kind without an owner. */
const MsObjectGroup *ms_object_item_get_group        (MsObjectItem *self);
guint                ms_object_item_get_revision     (MsObjectItem *self);
/* Its regions' indices in the snapshot, in address order. */
guint                ms_object_item_get_n_regions    (MsObjectItem *self);
guint                ms_object_item_get_region_index (MsObjectItem *self,
                                                      guint         i);
/* Its regions as a GListModel of MsRegionItem, in address order, made when
 * first asked for and then kept up to date (a region that keeps its start
 * keeps its item). (transfer none) */
GListModel          *ms_object_item_get_children     (MsObjectItem *self);

G_END_DECLS
