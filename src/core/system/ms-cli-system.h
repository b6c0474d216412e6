/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `memscape --system --export FILE` (issue 15): the whole system, one row
 * per readable process (.csv), per mapped object, user or cgroup
 * (@group: "object", "user", "cgroup"; nullable), or the RAM bar (.png).
 * Processes left out (not readable, exited meanwhile) are counted in one
 * line on stderr. Returns the exit status; on failure one line on stderr
 * and nothing at @export_path. */
int  ms_cli_system_export (const char *export_path,
                           const char *group);

/* The stderr note of a read that left processes out, or NULL when none
 * was. (transfer full) */
char *ms_cli_system_note  (guint n_unreadable,
                           guint n_vanished);

G_END_DECLS
