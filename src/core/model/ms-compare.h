/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ms-snapshot.h"

G_BEGIN_DECLS

/* What became of a region between a baseline snapshot and a current one
 * (the nicks are the compare CSV's `change` column). */
typedef enum {
  MS_COMPARE_UNCHANGED,   /* same size, RSS, PSS, USS, swap and permissions */
  MS_COMPARE_ADDED,       /* only in the current snapshot */
  MS_COMPARE_REMOVED,     /* only in the baseline */
  MS_COMPARE_GROWN,       /* matched, and bigger now */
  MS_COMPARE_SHRUNK,      /* matched, and smaller now */
  MS_COMPARE_CHANGED,     /* matched, same size; another RSS, PSS, USS, swap
                           * or permissions */
  MS_N_COMPARE_CHANGES
} MsCompareChange;

/* The figures compared, before and after. */
typedef enum {
  MS_COMPARE_SIZE,
  MS_COMPARE_RSS,
  MS_COMPARE_PSS,
  MS_COMPARE_USS,
  MS_COMPARE_SWAP,
  MS_N_COMPARE_FIELDS
} MsCompareField;

/* A region of the baseline and its match in the current snapshot, or a
 * region alone on one side. */
typedef struct {
  MsCompareChange change;
  int             before;   /* index in the baseline, -1 when added */
  int             after;    /* index in the current snapshot, -1 when removed */
} MsComparePair;

/* Sums before and after (of a kind, of an object, of everything). */
typedef struct {
  guint64 regions[2];                     /* [0] before, [1] after */
  guint64 value[MS_N_COMPARE_FIELDS][2];  /* [field][0] before, [1] after */
} MsCompareSums;

/* One owner (ms_object_groups_new()) on either side, matched by its object
 * name; the regions without an owner by kind. */
typedef struct {
  const char     *object;   /* NULL for the regions of one kind without an owner */
  MsKind          kind;
  MsCompareChange change;   /* ADDED or REMOVED when on one side only; else
                             * GROWN or SHRUNK by size; else CHANGED when a
                             * region of it differs, else UNCHANGED */
  gboolean        differs;  /* a region of it was added, removed or differs */
  int             before;   /* its index in the baseline's groups, or -1 */
  int             after;    /* its index in the current snapshot's, or -1 */
  int             region;   /* its first region in the current snapshot, or -1 */
  MsCompareSums   sums;
} MsCompareGroup;

/* The comparison of two snapshots, of one process or of two runs of one
 * program. Immutable and reference-counted; it holds both snapshots.
 *
 * The rules that pair regions, in this order:
 *  1. A baseline region and a current one that start at the same address
 *     and name the same path (or both none) are a pair.
 *  2. Of what is left, file-backed regions (the path starts with '/') are
 *     paired by (path, offset, kind): the k-th such region of the baseline in
 *     address order with the k-th of the current snapshot. So a program run
 *     again, its libraries elsewhere (ASLR), compares with its earlier run.
 *  3. What is left still is removed (baseline) or added (current).
 * A pair is grown or shrunk by its size, else changed when its RSS, PSS,
 * USS (private clean + dirty), swap or permissions differ, else unchanged.
 * Pairs come in address order: of the current region, or of the baseline's
 * for a removed one. Linear but for sorting what rule 2 looks at and the
 * pairs. */
typedef struct _MsCompare MsCompare;

#define MS_TYPE_COMPARE (ms_compare_get_type ())
GType                ms_compare_get_type          (void) G_GNUC_CONST;

/* Returns: (transfer full) */
MsCompare           *ms_compare_new               (MsSnapshot      *baseline,
                                                   MsSnapshot      *current);
/* Returns: (transfer full): @self, with one more reference. */
MsCompare           *ms_compare_ref               (MsCompare       *self);
void                 ms_compare_unref             (MsCompare       *self);

/* (transfer none) */
MsSnapshot          *ms_compare_get_baseline      (const MsCompare *self);
MsSnapshot          *ms_compare_get_current       (const MsCompare *self);

/* Every pair, in address order. Returns: (transfer none) (array length=n_pairs).
 * @n_pairs: (out) (optional) */
const MsComparePair *ms_compare_get_pairs         (const MsCompare *self,
                                                   guint           *n_pairs);
/* The pair of region @index of the current snapshot (never NULL for an
 * index in range). (transfer none) */
const MsComparePair *ms_compare_get_pair_of_current (const MsCompare *self,
                                                     guint            index);
/* How many pairs have @change. */
guint                ms_compare_count             (const MsCompare *self,
                                                   MsCompareChange  change);

/* @field of region @index (or -1: 0) of the baseline (@after FALSE) or the
 * current snapshot. */
guint64              ms_compare_get_value         (const MsCompare *self,
                                                   gboolean         after,
                                                   int              index,
                                                   MsCompareField   field);
/* after − before of @field for @pair, clamped to gint64. */
gint64               ms_compare_pair_delta        (const MsCompare     *self,
                                                   const MsComparePair *pair,
                                                   MsCompareField       field);
/* after − before, clamped to gint64. */
gint64               ms_compare_sums_delta        (const MsCompareSums *sums,
                                                   MsCompareField       field);

/* The sums of every region of @kind, before and after. (transfer none) */
const MsCompareSums *ms_compare_get_kind_sums     (const MsCompare *self,
                                                   MsKind           kind);
/* The sums of every region. (transfer none) */
const MsCompareSums *ms_compare_get_total_sums    (const MsCompare *self);

/* Every owner of either side: the current snapshot's in the order of their
 * first region, then those of the baseline alone. Returns: (transfer none)
 * (array length=n_groups). @n_groups: (out) (optional) */
const MsCompareGroup *ms_compare_get_groups       (const MsCompare *self,
                                                   guint           *n_groups);
/* "What grew": indices into the groups of those whose @field grew, the
 * most first (ties by name). Returns: (transfer full) (element-type guint) */
GArray              *ms_compare_rank_growth       (const MsCompare *self,
                                                   MsCompareField   field);

/* "added", "removed", … (the CSV's words). (transfer none) */
const char          *ms_compare_change_to_id      (MsCompareChange  change);
/* Its translated name: "Added", "Removed", "Grown", … (transfer none) */
const char          *ms_compare_change_get_name   (MsCompareChange  change);
/* Translated words for a tooltip: "Added since the baseline", … (transfer none) */
const char          *ms_compare_change_get_label  (MsCompareChange  change);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCompare, ms_compare_unref)

G_END_DECLS
