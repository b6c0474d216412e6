/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-privileged.h"

G_BEGIN_DECLS

/* The command line that runs the helper with @request ("read", "PID" or
 * "list"): $MEMSCAPE_PRIVILEGED_RUNNER HELPER REQUEST…; inside Flatpak (when
 * @flatpak_info exists) flatpak-spawn --host pkexec HOST-HELPER REQUEST…, the
 * host path taken from the app-path key of its [Instance] group; else pkexec
 * HELPER REQUEST…. Separate from the runner so that tests can check it. */
char      **_ms_privileged_build_argv   (const char          *flatpak_info,
                                         const char * const  *request,
                                         GError             **error);

G_END_DECLS
