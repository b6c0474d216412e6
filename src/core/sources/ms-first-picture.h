/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ms-snapshot.h"

G_BEGIN_DECLS

/* Below this many mappings a first picture is not worth its second read.
 * Not measured at this size: the benchmark (part first-picture) measures a
 * 60 000-mapping process, where the first picture costs about half of `cat
 * smaps`; smaps scales with the mappings (about 25 ms at 5 000 in the
 * README's table), so under ~2 000 the full picture comes within about 10 ms
 * anyway and a partial one would only flicker before it. */
#define MS_FIRST_PICTURE_MIN_REGIONS 2000

/* Issue 16's first picture of a big process: `maps`, parsed and classified,
 * and each region's resident size from one whole-address-space
 * PAGEMAP_SCAN — sizes, kinds and RSS, all the strip needs — at a fraction
 * of the cost of smaps. The snapshot is partial (ms_snapshot_is_partial()):
 * PSS, USS, swap and every other counter unknown, its fingerprint 0 (a
 * refresh never gives it back). Blocks: call it on a worker thread.
 *
 * Returns: (transfer full) (nullable): NULL when a first picture is not
 * worth it or cannot be had — fewer than @min_regions mappings, a kernel
 * without PAGEMAP_SCAN, a map that changed while read, any failure: the
 * full read that follows says what is wrong. */
MsSnapshot *ms_read_pid_first (int           pid,
                               guint         min_regions,
                               GCancellable *cancellable);

/* The same on a worker thread, for @source_object (the local source). */
void        ms_read_pid_first_async  (gpointer             source_object,
                                      int                  pid,
                                      guint                min_regions,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
/* Returns: (transfer full) (nullable): as ms_read_pid_first(); NULL
 * with @error only when cancelled. */
MsSnapshot *ms_read_pid_first_finish (GAsyncResult        *result,
                                      GError             **error);

G_END_DECLS
