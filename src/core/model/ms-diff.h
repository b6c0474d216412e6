/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ms-snapshot.h"

G_BEGIN_DECLS

/* What happened to a region of the newer snapshot since the older one,
 * matched by start address. */
typedef enum {
  MS_CHANGE_NONE,       /* same start, end and mapping, same RSS */
  MS_CHANGE_APPEARED,   /* no region started there before, or a different
                         * mapping (path, inode, offset, permissions) did */
  MS_CHANGE_GROWN,      /* same start and mapping, ends later */
  MS_CHANGE_SHRUNK,     /* same start and mapping, ends earlier */
  MS_CHANGE_RSS,        /* same range and mapping, another resident size */
  MS_CHANGE_COUNTERS,   /* same range, mapping and RSS; another figure (PSS,
                         * swap, …) or classification moved */
} MsChange;

typedef struct {
  guint64 start;
  guint64 end;
} MsRange;

/* The difference between two snapshots of one process, computed in one
 * linear pass over both region arrays. Immutable; reference-counted. */
typedef struct _MsDiff MsDiff;

#define MS_TYPE_DIFF (ms_diff_get_type ())
GType          ms_diff_get_type          (void) G_GNUC_CONST;

/* Returns: (transfer full) */
MsDiff        *ms_diff_new               (const MsSnapshot *old_snapshot,
                                          const MsSnapshot *new_snapshot);
/* Returns: (transfer full): @self, with one more reference. */
MsDiff        *ms_diff_ref               (MsDiff           *self);
void           ms_diff_unref             (MsDiff           *self);

/* The number of regions of the newer snapshot. */
guint          ms_diff_get_n_regions     (const MsDiff     *self);
/* The change of region @index of the newer snapshot. MS_CHANGE_NONE means
 * the region is exactly as it was (ms_region_equal). */
MsChange       ms_diff_get_change        (const MsDiff     *self,
                                          guint             index);
/* One MsChange (as a byte) per region of the newer snapshot.
 * Returns: (transfer none) (array length=n_regions): held by @self.
 * @n_regions: (out) (optional). */
const guint8  *ms_diff_get_changes       (const MsDiff     *self,
                                          guint            *n_regions);
/* Indices, ascending, of the regions that appeared, grew or shrank.
 * Returns: (transfer none) (array length=n_moved). @n_moved: (out) (optional). */
const guint   *ms_diff_get_moved         (const MsDiff     *self,
                                          guint            *n_moved);
/* Address ranges of the older snapshot whose regions are gone (no region of
 * the newer one starts where they started), adjacent ones joined, ascending.
 * Returns: (transfer none) (array length=n_ranges). @n_ranges: (out) (optional). */
const MsRange *ms_diff_get_vanished      (const MsDiff     *self,
                                          guint            *n_ranges);
/* How many regions of the newer snapshot have @change. */
guint          ms_diff_count             (const MsDiff     *self,
                                          MsChange          change);
/* TRUE when nothing appeared, vanished, grew or shrank (figures may still
 * differ). */
gboolean       ms_diff_is_layout_unchanged (const MsDiff   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsDiff, ms_diff_unref)

G_END_DECLS
