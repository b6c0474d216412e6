/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MS_ERROR (ms_error_quark ())

typedef enum {
  MS_ERROR_NO_SUCH_PROCESS,    /* no such pid, or it exited while being read */
  MS_ERROR_PERMISSION_DENIED,  /* the kernel refused: someone else's process */
  MS_ERROR_KERNEL_THREAD,      /* no user address space */
  MS_ERROR_MALFORMED,          /* not smaps/maps text */
  MS_ERROR_EMPTY,              /* a file with no regions */
  MS_ERROR_IO,                 /* could not read or write a file */
  MS_ERROR_INVALID_ARGUMENT,   /* a pid that is not a pid, an unknown format */
  MS_ERROR_AUTH_DISMISSED,     /* the administrator's password dialog was dismissed */
  MS_ERROR_NOT_AUTHORIZED,     /* polkit refused, or pkexec could not run the helper */
  MS_ERROR_HELPER_FAILED,      /* the privileged helper could not start (here or on the host) */
} MsError;

GQuark ms_error_quark (void);

G_END_DECLS
