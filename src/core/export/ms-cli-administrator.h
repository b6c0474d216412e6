/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ms-cli.h"
#include "ms-pages.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

/* `--administrator` for the command line's reads of this machine's
 * processes (ms-cli-administrator.c): each read is tried as this user
 * first; where the kernel refuses it (another user's process: EACCES or
 * EPERM, MS_ERROR_PERMISSION_DENIED), with @administrator it goes through
 * the privileged helper memscape-reader (pkexec asks for a password), and
 * without, the error's one line ends by saying to give --administrator.
 * Where the read works as this user, @administrator changes nothing. */

/* Checks where --administrator may go, before anything is read: with --pid
 * and one of --export (also --compare's), --pages, --limits, --activity or
 * --churn; never with --via, --host or --adb (they have --remote-sudo and
 * --remote-su), --open, --system or --record. TRUE when it is not given. FALSE with
 * the one-line message in @error. */
gboolean    ms_cli_administrator_check      (const MsCliOptions  *options,
                                             GError             **error);

/* The map of process @pid, as ms_read_pid() reads it, else through the
 * helper's `read PID`. (transfer full) (nullable) */
MsSnapshot *ms_cli_read_pid_administrator   (int                  pid,
                                             gboolean             administrator,
                                             GError             **error);

/* The same as an MsCliReadPid for ms_cli_export_full(): @data is
 * GINT_TO_POINTER (administrator). */
gpointer    ms_cli_read_pid_func            (int                  pid,
                                             gpointer             data,
                                             GError             **error);

/* The pages of [@start, @end) of @pid, as ms_page_reader_read() reads them,
 * else through the helper's `pages PID START END` (as many requests as its
 * 64 GiB a request make it, over the mappings of a `read PID` when the
 * range is larger): the map then has PFNs visible (map count and
 * kpageflags). (transfer full) (nullable) */
MsPageMap  *ms_cli_read_pages_administrator (int                  pid,
                                             guint64              start,
                                             guint64              end,
                                             gboolean             administrator,
                                             GError             **error);

/* How many mappings @pid has (lines of /proc/PID/maps), for --limits: the
 * maps counted as this user, else through the helper's `probe PID`. FALSE
 * with @error where it cannot be counted; a refusal without
 * @administrator is MS_ERROR_PERMISSION_DENIED, its message naming
 * --administrator. */
gboolean    ms_cli_count_maps_administrator (int                  pid,
                                             gboolean             administrator,
                                             guint               *n_maps,
                                             GError             **error);

G_END_DECLS
