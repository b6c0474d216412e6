/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ms-snapshot.h"

G_BEGIN_DECLS

/* `memscape --pid PID --record FILE.memscape [--interval SECONDS]
 * [--duration SECONDS]`: samples the process every @interval_text seconds
 * (1 when NULL) into a new recording, until @duration_text (NULL: no end)
 * has passed, the process exits, or SIGINT, SIGTERM or SIGHUP comes; then
 * every complete sample is in the file and 0 is returned. One line of
 * progress on stderr when it is a terminal. Any failure before the first
 * sample is one line and no file; a later one is one line and exit status
 * 1, with the samples before it kept. */
int         ms_cli_record        (const char  *pid_text,
                                  const char  *record_path,
                                  const char  *interval_text,
                                  const char  *duration_text);

/* What `--open FILE` shows: a recording's sample at @at_text seconds from
 * its start (NULL: its last), or a capture (then @at_text must be NULL).
 * Returns: (transfer full), or NULL with one line in @error. */
MsSnapshot *ms_cli_read_open     (const char  *open_path,
                                  const char  *at_text,
                                  GError     **error);

/* @text as seconds, at least @minimum: else one line naming @option. */
gboolean    ms_cli_parse_seconds (const char  *option,
                                  const char  *text,
                                  double       minimum,
                                  double      *seconds,
                                  GError     **error);

G_END_DECLS
