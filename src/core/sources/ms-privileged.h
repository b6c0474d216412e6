/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ms-snapshot.h"

G_BEGIN_DECLS

/* Reading as administrator: runs the memscape-reader helper through pkexec
 * (inside Flatpak: `flatpak-spawn --host pkexec`, the helper shipped in the
 * app) and parses its framed answer (the format is described at the top of
 * src/reader-helper/memscape-reader.c). The GUI itself never runs as root.
 *
 * Errors are in MS_ERROR with a one-line message: the same ones as
 * ms_read_pid() for the process itself (no such process, kernel thread,
 * zombie …), MS_ERROR_AUTH_DISMISSED when the password dialog was dismissed,
 * MS_ERROR_NOT_AUTHORIZED when polkit said no, MS_ERROR_HELPER_FAILED when the
 * helper (or pkexec) could not run — inside Flatpak, "could not be started on
 * the host" — and MS_ERROR_MALFORMED for an answer that is truncated, garbled
 * or of another format version.
 *
 * The _async functions do their work on a worker thread and call back in
 * the caller's thread-default main context. Cancelling makes _finish fail
 * with G_IO_ERROR_CANCELLED at once; a password dialog still showing goes
 * away with pkexec.
 *
 * For tests, two environment variables: MEMSCAPE_READER, the helper to run
 * instead of LIBEXECDIR/memscape-reader, and MEMSCAPE_PRIVILEGED_RUNNER, a
 * program run instead of pkexec with the helper's whole argv as arguments. */

/* The helper as this process sees it: $MEMSCAPE_READER when set, else
 * LIBEXECDIR/memscape-reader. (transfer full) */
char       *ms_privileged_helper_path     (void);
/* TRUE inside a Flatpak sandbox (/.flatpak-info exists): the helper then
 * runs on the host and shows the host's processes. */
gboolean    ms_privileged_is_sandboxed    (void);

/* Reads one process's map with the helper. @pid: 1 to 4194304. When the map
 * changed while the helper read it (its regions overlap or go back), the
 * helper runs again, as ms_read_pid() reads again; after 5 such answers the
 * read fails in one line. */
void        ms_privileged_read_pid_async  (int                   pid,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* Returns: (transfer full) (nullable) */
MsSnapshot *ms_privileged_read_pid_finish (GAsyncResult         *result,
                                           GError              **error);

/* Lists every process with the helper: a GPtrArray of MsProcessInfo sorted by
 * pid, as ms_process_list_read() gives. _finish returns: (transfer full)
 * (nullable) (element-type MsProcessInfo). */
void        ms_privileged_list_async      (GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GPtrArray  *ms_privileged_list_finish     (GAsyncResult         *result,
                                           GError              **error);

/* Parse a whole answer of `memscape-reader read PID` (@pid: the PID asked
 * for, or 0 for any) or of `memscape-reader list`, into what the _finish
 * functions above give (transfer full), or NULL with @error set… */
MsSnapshot *ms_privileged_parse_read      (const char           *data,
                                           gsize                 length,
                                           int                   pid,
                                           GError              **error);
GPtrArray  *ms_privileged_parse_list      (const char           *data,
                                           gsize                 length,
                                           GError              **error);
/* …or of `memscape-reader probe PID`: the fingerprint of the process as the
 * helper saw it (0 when the answer cannot tell) and its number of mappings.
 * @fingerprint, @n_regions: (out) (optional) */
gboolean    ms_privileged_parse_probe     (const char           *data,
                                           gsize                 length,
                                           int                   pid,
                                           guint64              *fingerprint,
                                           guint                *n_regions,
                                           GError              **error);

G_END_DECLS
