/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ms-layout.h"

G_BEGIN_DECLS

/* What the export (ms-cli.c) and the comparison (ms-cli-compare.c) check
 * before any read: @scale (a nick of MsScaleMode; NULL is proportional) into
 * *mode, the format @export_path names, and that @group, when given, is
 * "object" and goes with a .csv. FALSE with the one-line message in @error
 * when one of them is off. */
gboolean _ms_cli_check_export_options (const char   *export_path,
                                       const char   *scale,
                                       const char   *group,
                                       MsScaleMode  *mode,
                                       GError      **error);

G_END_DECLS
