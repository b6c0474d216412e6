/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The cheap look at a live process that tells whether it changed since a
 * snapshot: its fingerprint (ms_snapshot_compute_fingerprint) from the text
 * of /proc/PID/maps (no page-table walk), smaps_rollup and status, without
 * reading smaps. The local reader reads those files itself; the helper
 * (`memscape-reader probe PID`) sends them as they are, so this is the one
 * place that turns them into a fingerprint, whoever read them.
 *
 * @rollup and @status are NUL-terminated; @maps need not be. Returns 0 when
 * the text cannot tell (empty, a malformed line); sets @n_regions (out)
 * (optional) to the number of mappings (a hint for the full read that may
 * follow). */
guint64 ms_probe_fingerprint (const char *maps,
                              gsize       maps_length,
                              const char *rollup,
                              const char *status,
                              guint      *n_regions);

G_END_DECLS
