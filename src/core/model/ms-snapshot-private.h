/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-snapshot.h"

G_BEGIN_DECLS

/* Building a snapshot: the readers (of /proc, of a capture, of the helper's
 * answer), the history when it makes one again, and tests do this. Between
 * _new and _seal the snapshot belongs to one thread; after _seal it never
 * changes. _new returns (transfer full); the string chunk that interns its
 * strings and its GArray of MsRegion are (transfer none), to fill before
 * _seal. */
MsSnapshot   *_ms_snapshot_new          (MsSnapshotSource source);
GStringChunk *_ms_snapshot_get_strings  (MsSnapshot *self);
GArray       *_ms_snapshot_get_regions  (MsSnapshot *self);
/* Publishes the region array and computes the totals. */
void          _ms_snapshot_seal         (MsSnapshot *self);
/* The bytes holding a sealed snapshot costs: its region array as allocated
 * and its strings (for a history's budget). */
gsize         _ms_snapshot_get_memory_size (const MsSnapshot *self);

/* TRUE when @a and @b show the same process exactly the same: every region
 * with all its counters, the status figures and the identity. */
gboolean      _ms_snapshot_same_content (const MsSnapshot *a,
                                         const MsSnapshot *b);
/* When a later read last found the process exactly as @self shows it (the
 * read's own time when none did). The one thing that changes after _seal,
 * atomically; only the reader's refreshes use it. */
gint64        _ms_snapshot_get_confirmed (MsSnapshot *self);
void          _ms_snapshot_confirm       (MsSnapshot *self,
                                          gint64      time_usec);

G_END_DECLS
