/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The remote protocol (format 1): how Memscape reads the processes of
 * another machine through any command that gives a POSIX shell there (ssh,
 * adb shell, kubectl/podman/docker exec -i, sh itself). Nothing is installed
 * on the other side.
 *
 * Memscape writes on the transport's stdin one line `N=NONCE` (NONCE: 32
 * lowercase hex digits, random for each connection) and then the fixed
 * script ms_remote_script(): a constant text, never built from anything the
 * other side sent. It uses only shell builtins (read, printf, cd, case,
 * command), `cat`, and `memscape-reader` when that is on the other side's
 * PATH. The script answers first with the line
 *
 *     NONCE ready 1 H              (H: 1 when memscape-reader is there, else 0)
 *
 * (anything the login shell prints before it — a banner, a profile's
 * output — is skipped, up to 64 KiB), then reads one request a line:
 *
 *     list | pids | read PID | probe PID | meminfo | users | sudo | su | run-as PACKAGE
 *
 * and answers each with sections, then `NONCE done`:
 *
 *     NONCE NAME [ARG] LF  CONTENT  LF NONCE . STATUS LF
 *
 * CONTENT is the bytes of a file as `cat` gives them, of any length and any
 * byte; the newline before the end line is the script's, not the file's;
 * STATUS is the exit status of what produced it. A file cannot end its
 * section early without knowing NONCE, which only this Memscape and the
 * script know; a cut answer lacks its end line and `done`, so it is never
 * taken for a smaller one. Every section's length is capped (as the helper's
 * records are); a longer, unknown, misplaced or malformed one makes the
 * answer garbled, and the connection is closed.
 *
 * `sudo`, `su` and `run-as PACKAGE` answer `NONCE exec` and replace the
 * shell with `sudo -n sh`, the first of `su 0 sh`, `su root sh` and
 * `su -c sh` that runs (Android's su binaries take one or another), or
 * `run-as PACKAGE sh`: Memscape then sends `N=NONCE` and the
 * script again, to the shell that now runs as administrator (or as the app).
 *
 * The sections become records of the memscape-reader format (its `read`,
 * `probe` and `list` answers) and go through the very parser of the
 * helper's answers (ms-privileged-frame.c), with its caps; with
 * memscape-reader on the other side its answer comes whole in one `helper`
 * section. */

#define MS_REMOTE_NONCE_LENGTH 32

/* The script (NUL-terminated, ending with a newline). (transfer none) */
const char *ms_remote_script (void);

typedef enum {
  MS_REMOTE_REQUEST_LIST,
  MS_REMOTE_REQUEST_PIDS,
  MS_REMOTE_REQUEST_READ,
  MS_REMOTE_REQUEST_PROBE,
  MS_REMOTE_REQUEST_MEMINFO,
  MS_REMOTE_REQUEST_USERS,     /* the other side's /etc/passwd, for user names */
} MsRemoteRequest;

/* A push parser of the answers on the transport's stdout, for one
 * connection: bytes go in as they arrive, in pieces of any size. It first
 * looks for the ready line, then takes the answer to one request at a time
 * (ms_remote_parser_begin()). Once garbled, it ignores the rest. */
typedef struct _MsRemoteParser MsRemoteParser;

/* @nonce: MS_REMOTE_NONCE_LENGTH hex digits. Returns: (transfer full) */
MsRemoteParser *ms_remote_parser_new          (const char      *nonce);
void            ms_remote_parser_free         (MsRemoteParser  *parser);
/* Wait for the ready line again (after `sudo` or `run-as`). */
void            ms_remote_parser_restart      (MsRemoteParser  *parser);
/* Starts taking the answer to @request (for @pid: 1 to 4194304). */
void            ms_remote_parser_begin        (MsRemoteParser  *parser,
                                               MsRemoteRequest  request,
                                               int              pid);
/* Starts taking the answer to `sudo` or `run-as`: only `NONCE exec`. */
void            ms_remote_parser_begin_exec   (MsRemoteParser  *parser);
/* Takes the next piece. Returns how many bytes it took: less than @length
 * only when the ready line or the answer ended inside @data (the rest
 * belongs to what comes next, and is garbage: nothing may come unasked). */
gsize           ms_remote_parser_feed         (MsRemoteParser  *parser,
                                               const char      *data,
                                               gsize            length);
gboolean        ms_remote_parser_is_ready     (const MsRemoteParser *parser);
/* TRUE once the answer to the request begun is whole (its `done`). */
gboolean        ms_remote_parser_is_done      (const MsRemoteParser *parser);
gboolean        ms_remote_parser_is_garbled   (const MsRemoteParser *parser);
/* Whether memscape-reader is on the other side (from the ready line). */
gboolean        ms_remote_parser_has_helper   (const MsRemoteParser *parser);
/* Bytes taken since the request began. */
guint64         ms_remote_parser_get_length   (const MsRemoteParser *parser);

/* What the answer was, once done (or the error: garbled, or truncated when
 * the stream ended before `done`); the process's own failures are said as a
 * local read says them ("Permission denied: process 1234 (sshd) belongs to
 * root"). Each returns (transfer full) (nullable):
 * the MsSnapshot of a read (TRUE in *@torn (out) (optional) when its map
 * changed while it was read: worth asking again), the GPtrArray of
 * MsProcessInfo of a list, the sorted GArray of int of pids, the text of
 * meminfo or of users, or fills @fingerprint and @n_regions (out) of a probe. */
gpointer        ms_remote_parser_finish_read  (MsRemoteParser  *parser,
                                               gboolean        *torn,
                                               GError         **error);
GPtrArray      *ms_remote_parser_finish_list  (MsRemoteParser  *parser,
                                               GError         **error);
GArray         *ms_remote_parser_finish_pids  (MsRemoteParser  *parser,
                                               GError         **error);
char           *ms_remote_parser_finish_text  (MsRemoteParser  *parser,
                                               GError         **error);
gboolean        ms_remote_parser_finish_probe (MsRemoteParser  *parser,
                                               guint64         *fingerprint,
                                               guint           *n_regions,
                                               GError         **error);
/* The names of the other side's users (uid → name), for the lists and
 * messages of the answers that follow: a table from
 * ms_remote_parse_users(), or NULL to show numbers. */
void            ms_remote_parser_set_users    (MsRemoteParser  *parser,
                                               GHashTable      *users);
/* /etc/passwd text → a table of uid (GUINT_TO_POINTER) → name.
 * Returns: (transfer full) */
GHashTable     *ms_remote_parse_users         (const char      *passwd);

/* The error of a parser that is garbled, or of an answer that stops short
 * (a stream that ended, a timeout). FALSE and nothing set when fine. */
gboolean        ms_remote_parser_check        (MsRemoteParser  *parser,
                                               GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsRemoteParser, ms_remote_parser_free)

G_END_DECLS
