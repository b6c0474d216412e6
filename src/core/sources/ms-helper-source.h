/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-source.h"

G_BEGIN_DECLS

#define MS_TYPE_HELPER_SOURCE (ms_helper_source_get_type ())

G_DECLARE_FINAL_TYPE (MsHelperSource, ms_helper_source, MS, HELPER_SOURCE, GObject)

/* Processes read by the memscape-reader helper (see ms-privileged.h):
 *  - MS_SOURCE_KIND_ADMINISTRATOR: through pkexec (inside Flatpak,
 *    `flatpak-spawn --host pkexec`), any process;
 *  - MS_SOURCE_KIND_HOST: as this user, on the host from inside Flatpak
 *    (`flatpak-spawn --host`; outside Flatpak the helper runs directly).
 * Each request is one run of the helper. A refresh of a process that did not
 * change asks it only `probe PID` (maps, smaps_rollup and status: no smaps, so
 * no page-table walk), and gives the previous snapshot back. */
/* Returns: (transfer full) */
MsSource *ms_helper_source_new (MsSourceKind kind);

G_END_DECLS
