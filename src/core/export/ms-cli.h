/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The headless export of DESIGN.md: reads @pid_text (a pid) or @open_path (a
 * captured file), writes @export_path, and returns the exit status (0 or 1).
 * Any failure is one line on stderr; nothing is left at @export_path. Needs
 * no display. @scale is "proportional" (NULL), "linear" or "resident". */
int ms_cli_export (const char *pid_text,
                   const char *open_path,
                   const char *export_path,
                   const char *scale);

/* Until ms_cli_release_signals(), SIGINT, SIGTERM and SIGHUP (those not
 * ignored) first remove an export's temporary file
 * (ms_export_remove_pending_file()), then end the process as before. */
void ms_cli_catch_signals   (void);
void ms_cli_release_signals (void);

G_END_DECLS
