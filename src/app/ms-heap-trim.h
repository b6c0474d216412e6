/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Freed memory goes back to the system a moment after every this many new
 * snapshots shown (see ms-heap-trim.c). */
#define MS_HEAP_TRIM_EVERY 10

/* A window showed a new snapshot (on the main thread). */
void  ms_heap_trim_note_snapshot (void);
/* How many times freed memory was given back, for the tests. */
guint ms_heap_trim_get_count     (void);
/* On by default; off only to measure what it saves (tests/ms-bench-watch). */
void  ms_heap_trim_set_enabled   (gboolean enabled);

G_END_DECLS
