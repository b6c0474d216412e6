/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-privileged.h"

G_BEGIN_DECLS

/* Shared by ms-privileged.c (running the helper) and ms-privileged-frame.c
 * (parsing its answer), and open to the tests. */

typedef enum {
  MS_PRIVILEGED_READ,
  MS_PRIVILEGED_LIST,
} MsPrivilegedRequest;

/* A push parser of the helper's answer: bytes go in as they arrive, in pieces
 * of any size (a smaps record goes straight on to the maps parser); _finish
 * says what the whole answer was. Once garbled, it ignores the rest. */
typedef struct _MsPrivilegedFrame MsPrivilegedFrame;

MsPrivilegedFrame *_ms_privileged_frame_new         (MsPrivilegedRequest  request,
                                                     int                  expected_pid);
void               _ms_privileged_frame_free        (MsPrivilegedFrame   *frame);
void               _ms_privileged_frame_feed        (MsPrivilegedFrame   *frame,
                                                     const char          *data,
                                                     gsize                length);
gboolean           _ms_privileged_frame_is_garbled  (const MsPrivilegedFrame *frame);
/* Bytes taken so far. */
guint64            _ms_privileged_frame_get_length  (const MsPrivilegedFrame *frame);
/* The snapshot, or the error: truncated or garbled (MS_ERROR_MALFORMED), or
 * the helper's in-band error as ms_read_pid() would say it. */
MsSnapshot        *_ms_privileged_frame_finish_read (MsPrivilegedFrame   *frame,
                                                     GError             **error);
GPtrArray         *_ms_privileged_frame_finish_list (MsPrivilegedFrame   *frame,
                                                     GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsPrivilegedFrame, _ms_privileged_frame_free)

/* The command line that runs the helper with @request ("read", "PID" or
 * "list"): $MEMSCAPE_PRIVILEGED_RUNNER HELPER REQUEST…; inside Flatpak (when
 * @flatpak_info exists) flatpak-spawn --host pkexec HOST-HELPER REQUEST…, the
 * host path taken from the app-path key of its [Instance] group; else pkexec
 * HELPER REQUEST…. Apart from the running, so that tests can check it. */
char             **_ms_privileged_build_argv        (const char          *flatpak_info,
                                                     const char * const  *request,
                                                     GError             **error);

G_END_DECLS
