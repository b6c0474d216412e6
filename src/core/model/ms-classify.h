/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ms-region.h"

G_BEGIN_DECLS

/* Sets `kind` and `object` of every region by DESIGN.md's table. @regions
 * must be sorted by start. @thread_sps are the stack pointers of the threads
 * other than the main one (may be NULL when @n_thread_sps is 0): the main
 * thread's stack is the `[stack]` region. Returns the number of regions
 * classified as a thread stack. */
guint ms_classify (MsRegion      *regions,
                   guint          n_regions,
                   const guint64 *thread_sps,
                   guint          n_thread_sps);

G_END_DECLS
