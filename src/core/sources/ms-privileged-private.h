/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-figures.h"
#include "ms-privileged.h"

G_BEGIN_DECLS

/* Shared by ms-privileged.c (running the helper) and ms-privileged-frame.c
 * (parsing its answer), and open to the tests. */

typedef enum {
  MS_PRIVILEGED_READ,
  MS_PRIVILEGED_LIST,
  MS_PRIVILEGED_PROBE,
} MsPrivilegedRequest;

/* What `probe PID` tells: the fingerprint of the process as it is now (0:
 * cannot tell), how many mappings it has, and its figures from the
 * smaps_rollup and status it sent (no page faults: it sends no stat). */
typedef struct {
  guint64   fingerprint;
  guint     n_regions;
  MsFigures figures;
} MsPrivilegedProbe;

/* A push parser of the helper's answer: bytes go in as they arrive, in pieces
 * of any size (a smaps record goes straight on to the maps parser); _finish
 * says what the whole answer was. Once garbled, it ignores the rest. */
typedef struct _MsPrivilegedFrame MsPrivilegedFrame;

/* Returns: (transfer full) */
MsPrivilegedFrame *_ms_privileged_frame_new         (MsPrivilegedRequest  request,
                                                     int                  expected_pid);
void               _ms_privileged_frame_free        (MsPrivilegedFrame   *frame);
void               _ms_privileged_frame_feed        (MsPrivilegedFrame   *frame,
                                                     const char          *data,
                                                     gsize                length);
gboolean           _ms_privileged_frame_is_garbled  (const MsPrivilegedFrame *frame);
/* After _finish_read failed: TRUE when the answer was whole but its smaps
 * had regions that overlap or go back, the process's map having changed
 * while the helper read it. Worth asking again. */
gboolean           _ms_privileged_frame_is_torn     (const MsPrivilegedFrame *frame);
/* Bytes taken so far. */
guint64            _ms_privileged_frame_get_length  (const MsPrivilegedFrame *frame);
/* The snapshot (or list, or @probe (out caller-allocates)), or the error:
 * truncated or garbled (MS_ERROR_MALFORMED), or the helper's in-band error
 * as ms_read_pid() would say it. Returns: (transfer full) (nullable) */
MsSnapshot        *_ms_privileged_frame_finish_read (MsPrivilegedFrame   *frame,
                                                     GError             **error);
GPtrArray         *_ms_privileged_frame_finish_list (MsPrivilegedFrame   *frame,
                                                     GError             **error);
gboolean           _ms_privileged_frame_finish_probe (MsPrivilegedFrame  *frame,
                                                      MsPrivilegedProbe  *probe,
                                                      GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsPrivilegedFrame, _ms_privileged_frame_free)

/* How the helper is started. */
typedef enum {
  MS_PRIVILEGED_LAUNCHER_PKEXEC,          /* pkexec HELPER … */
  MS_PRIVILEGED_LAUNCHER_FLATPAK_SPAWN,   /* flatpak-spawn --host [pkexec] HOST-HELPER … */
  MS_PRIVILEGED_LAUNCHER_RUNNER,          /* $MEMSCAPE_PRIVILEGED_RUNNER HELPER … (tests) */
  MS_PRIVILEGED_LAUNCHER_DIRECT,          /* HELPER …, as this user */
} MsPrivilegedLauncher;

/* The command line that runs the helper with @request ("read" or "probe" and
 * a PID, or "list"), NULL-terminated (transfer full), and how it is started
 * in @launcher (out). As administrator: $MEMSCAPE_PRIVILEGED_RUNNER HELPER REQUEST… when
 * that is set; inside Flatpak (when @flatpak_info exists) flatpak-spawn --host
 * pkexec HOST-HELPER REQUEST…, the host's path of the app's files taken from
 * the app-path key of its [Instance] group; else pkexec HELPER REQUEST…. As
 * this user: the same without pkexec (and without the runner). Apart from
 * the running, so that tests can check it. */
char             **_ms_privileged_build_argv        (const char            *flatpak_info,
                                                     gboolean               as_administrator,
                                                     const char * const    *request,
                                                     MsPrivilegedLauncher  *launcher,
                                                     GError               **error);

/* Runs the helper with @request (for @pid, 1 to 4194304, unless a list) and
 * waits for its answer: on a worker thread, never the main one. As this user
 * (inside Flatpak: on the host) or as administrator. Returns (transfer full)
 * the snapshot of a read, the GPtrArray of MsProcessInfo of a list, or the
 * MsPrivilegedProbe (g_free() it) of a probe; NULL and @error as for
 * ms_privileged_read_pid_async(). */
gpointer           _ms_privileged_run               (gboolean               as_administrator,
                                                     MsPrivilegedRequest    request,
                                                     int                    pid,
                                                     GCancellable          *cancellable,
                                                     GError               **error);

/* For tests: the file that says "inside Flatpak" (NULL: /.flatpak-info).
 * Not thread-safe; call it only while no read runs. */
void               _ms_privileged_set_flatpak_info  (const char            *path);

G_END_DECLS
