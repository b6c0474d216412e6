/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-snapshot.h"

G_BEGIN_DECLS

/* One side of a comparison, as the command line names it: @pid_text (a
 * live process) or @path (a captured smaps or maps file, or a recording);
 * exactly one is non-NULL. A recording gives its last sample, or the one
 * @at_text seconds from its start (nullable; an error for anything but a
 * recording). The one place a side's argument becomes a snapshot. A warning
 * about malformed lines goes to stderr. A process the kernel refuses is
 * read through the helper with @administrator
 * (ms_cli_read_pid_administrator()). Returns: (transfer full)
 * (nullable): the snapshot, or NULL with @error set to one line. */
MsSnapshot *ms_cli_load_side (const char  *pid_text,
                              const char  *path,
                              const char  *at_text,
                              gboolean     administrator,
                              GError     **error);

/* `--compare BASELINE` with `--export FILE`: reads the baseline
 * (@compare_path; a recording's last sample) and the current side
 * (@pid_text or @open_path; of a recording, the sample @at_text picks), compares
 * them (ms-compare.h) and writes FILE: the compare CSV (@group "object": by
 * owner), or the compare picture (.png, .svg, .pdf). Returns the exit
 * status: 0, or 1 after one line on stderr and with nothing written. */
int         ms_cli_compare   (const char  *pid_text,
                              const char  *open_path,
                              const char  *compare_path,
                              const char  *export_path,
                              const char  *scale,
                              const char  *group,
                              const char  *at_text,
                              gboolean     administrator);

G_END_DECLS
