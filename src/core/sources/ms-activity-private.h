/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-activity.h"

G_BEGIN_DECLS

/* Clearing through the privileged helper (`memscape-reader clear-refs PID
 * 1|4`, src/reader-helper/memscape-reader-clear-refs.c), open to the tests
 * and the fuzz target. */

/* The helper's whole answer to `clear-refs PID VALUE` for @pid and @kind
 * (VALUE 1 for REFERENCED, 4 for WRITES): TRUE and the process's owner in
 * @owner (out) (optional) when the bits were cleared; else FALSE with
 * @error: MS_ERROR_MALFORMED when it is not a whole, valid answer to that
 * request, or the helper's in-band error as the reader says it. */
gboolean _ms_activity_parse_clear_refs_answer (const char      *data,
                                               gsize            length,
                                               int              pid,
                                               MsActivityKind   kind,
                                               guint32         *owner,
                                               GError         **error);

/* Runs the helper with `clear-refs PID VALUE`, as administrator (pkexec, or
 * $MEMSCAPE_PRIVILEGED_RUNNER) or as this user, and waits for its answer.
 * Blocks: call it from a worker thread. */
gboolean _ms_activity_clear_through_helper    (int              pid,
                                               MsActivityKind   kind,
                                               gboolean         as_administrator,
                                               GCancellable    *cancellable,
                                               guint32         *owner,
                                               GError         **error);

/* Adds to each region of @activity the soft-dirty pages (present or
 * swapped) that the helper's `pages` request finds in it, and sets their
 * rate over @activity's seconds: one run of the helper for as many
 * neighbouring regions as 64 GiB hold, a larger region in 64 GiB pieces,
 * [vsyscall] left out. Blocks: call it from a worker thread. */
gboolean _ms_activity_count_dirty_through_helper (int            pid,
                                                  gboolean       as_administrator,
                                                  MsActivity    *activity,
                                                  GCancellable  *cancellable,
                                                  GError       **error);

G_END_DECLS
