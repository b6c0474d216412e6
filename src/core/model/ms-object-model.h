/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ms-object-item.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

#define MS_TYPE_OBJECT_MODEL (ms_object_model_get_type ())

G_DECLARE_FINAL_TYPE (MsObjectModel, ms_object_model, MS, OBJECT_MODEL, GObject)

/* A GListModel of MsObjectItem: the owners of a snapshot's regions
 * (ms_object_groups_new(), the grouping of `--group object`), in the order
 * of their first region (an owner that stays keeps its place, and a new one
 * comes after the one it follows), each with its regions as children.
 *
 * Set to a newer snapshot, it keeps the item of every owner still there
 * (by key) and announces only the owners that came or went, so that a tree
 * over it keeps its expanded rows and its selection across a refresh. */
/* Returns: (transfer full) */
MsObjectModel *ms_object_model_new             (void);
/* @snapshot: (nullable): NULL for none. */
void           ms_object_model_set_snapshot    (MsObjectModel *self,
                                                MsSnapshot    *snapshot);
/* (transfer none) (nullable) */
MsSnapshot    *ms_object_model_get_snapshot    (MsObjectModel *self);
/* The position of the owner of region @index, or G_MAXUINT. */
guint          ms_object_model_find_region     (MsObjectModel *self,
                                                guint          index);

G_END_DECLS
