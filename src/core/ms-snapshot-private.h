/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-snapshot.h"

G_BEGIN_DECLS

/* Building a snapshot: only the reader (and tests) do this. Between _new and
 * _seal the snapshot belongs to one thread; after _seal it never changes. */
MsSnapshot   *_ms_snapshot_new          (MsSource    source);
GStringChunk *_ms_snapshot_get_strings  (MsSnapshot *self);
GArray       *_ms_snapshot_get_regions  (MsSnapshot *self);
/* Publishes the region array and computes the totals. */
void          _ms_snapshot_seal         (MsSnapshot *self);

G_END_DECLS
