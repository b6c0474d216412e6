/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ms-remote-protocol.h"

G_BEGIN_DECLS

/* What to become on the other side before reading. */
typedef enum {
  MS_REMOTE_AS_USER,        /* whoever the transport logs in as */
  MS_REMOTE_AS_SUDO,        /* `sudo -n sh`: administrator, without a password prompt */
  MS_REMOTE_AS_APP,         /* Android: `run-as PACKAGE sh`, the app's own user */
  MS_REMOTE_AS_SU,          /* Android: `su 0 sh`, `su root sh` or `su -c sh`: root */
} MsRemoteAs;

#define MS_TYPE_REMOTE_CONNECTION (ms_remote_connection_get_type ())

G_DECLARE_FINAL_TYPE (MsRemoteConnection, ms_remote_connection, MS, REMOTE_CONNECTION, GObject)

/* One long-lived transport process to one machine: any command that gives
 * a POSIX shell there, run with argv (never through a local shell), which
 * gets the fixed script of ms-remote-protocol.h on its stdin and answers one
 * request after another. It is started by the first request; requests from
 * several threads take turns. Each request blocks (call it on a worker
 * thread, as MsRemoteSource does, or from the command line), but never
 * longer than the timeout without a byte coming (30 s; 120 s to connect,
 * for ssh's prompts; $MEMSCAPE_REMOTE_TIMEOUT seconds for both, for tests),
 * nor ten times that for a whole answer.
 *
 * A transport that ends, stops answering, or answers garbled is killed and
 * the connection is `lost`: every request then fails with
 * G_IO_ERROR_CONNECTION_CLOSED and the reason ("The connection to server
 * ended: Permission denied (publickey)."), until ms_remote_connection_reconnect().
 * `lost` is notified in the main context the connection was made in. */

/* @argv: the transport command, e.g. { "ssh", "-T", "server", "sh", NULL };
 * @label: how to name the machine ("server"); @package: the app for
 * MS_REMOTE_AS_APP, else NULL. Returns: (transfer full) */
MsRemoteConnection *ms_remote_connection_new          (const char * const *argv,
                                                       const char         *label,
                                                       MsRemoteAs          as,
                                                       const char         *package);
/* The same from a command line, split as a shell would split it
 * (g_shell_parse_argv), but run without one; the label is its first word
 * after the program's options that looks like a host (or the command).
 * NULL and @error when it does not split, or is empty. */
MsRemoteConnection *ms_remote_connection_new_for_command (const char  *command,
                                                          MsRemoteAs   as,
                                                          const char  *package,
                                                          GError     **error);

/* How the machine is reached: what --host, --adb and --via take, and the
 * window's Connect dialog. */
typedef enum {
  MS_REMOTE_TRANSPORT_SSH,       /* [USER@]HOST: ssh -T -- HOST sh */
  MS_REMOTE_TRANSPORT_ADB,       /* SERIAL, or "" for the only device: adb [-s SERIAL] shell */
  MS_REMOTE_TRANSPORT_COMMAND,   /* any command that gives a POSIX shell there */
} MsRemoteTransport;

/* The connection to @target through @transport, its words checked: a host
 * or serial that could pass for an option or holds anything but a name's
 * characters, or a @package that is not a package's name, fails with one
 * line (MS_ERROR_INVALID_ARGUMENT). Returns: (transfer full) (nullable) */
MsRemoteConnection *ms_remote_connection_new_for_transport (MsRemoteTransport   transport,
                                                            const char         *target,
                                                            MsRemoteAs          as,
                                                            const char         *package,
                                                            GError            **error);

const char         *ms_remote_connection_get_label    (MsRemoteConnection *self);
/* The transport command as given, for the UI and the recent list. */
const char * const *ms_remote_connection_get_argv     (MsRemoteConnection *self);
MsRemoteAs          ms_remote_connection_get_as       (MsRemoteConnection *self);
gboolean            ms_remote_connection_get_lost     (MsRemoteConnection *self);
/* Why it was lost; NULL while not. (transfer full) (nullable) */
GError             *ms_remote_connection_dup_error    (MsRemoteConnection *self);
/* Whether memscape-reader answers on the other side (known once connected). */
gboolean            ms_remote_connection_has_helper   (MsRemoteConnection *self);

/* Runs @request (for @pid) and waits for its whole answer. Returns
 * (transfer full) what the ms_remote_parser_finish_*() functions give: an
 * MsSnapshot (read), a GPtrArray of MsProcessInfo (list), a GArray of int
 * (pids), a string (meminfo, users), or for a probe a g_malloc'd guint64
 * pair { fingerprint, n_regions }. A read whose map changed while it was
 * read is asked again, as a local read is. Blocks: not on the main thread
 * of a UI. */
gpointer            ms_remote_connection_request      (MsRemoteConnection *self,
                                                       MsRemoteRequest     request,
                                                       int                 pid,
                                                       GCancellable       *cancellable,
                                                       GError            **error);
/* Forgets a lost (or live) transport; the next request starts a new one.
 * Never waits for a request in flight (the getters neither). */
void                ms_remote_connection_reconnect    (MsRemoteConnection *self);
/* Ends the transport (closing its stdin, then killing it). */
void                ms_remote_connection_close        (MsRemoteConnection *self);
/* Tests: the transport process's pid, or 0 when none runs. */
GPid                _ms_remote_connection_get_transport_pid (MsRemoteConnection *self);

G_END_DECLS
