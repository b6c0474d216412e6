/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ms-kind.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

/* One owner of a snapshot's regions and their sums: a library or executable,
 * an arena, a thread, a named region (the regions sharing one interned
 * `object`), or, for the regions without an owner, all of one kind. */
typedef struct {
  const char *object;   /* NULL for the regions of one kind without an owner */
  MsKind      kind;     /* text when any of its regions is text, else its first region's */
  guint       first;    /* index of its first region in the snapshot */
  guint64     regions;
  guint64     size;
  guint64     rss;
  guint64     pss;
  guint64     uss;
  guint64     swap;
} MsObjectGroup;

/* Returns: (transfer full) (element-type MsObjectGroup): the groups of
 * @snapshot's regions in the order their first region comes; every sum
 * saturates. @group_of_region: (out caller-allocates) (nullable): an array
 * of the snapshot's n_regions, filled with each region's group index. */
GArray *ms_object_groups_new (const MsSnapshot *snapshot,
                              guint            *group_of_region);

G_END_DECLS
