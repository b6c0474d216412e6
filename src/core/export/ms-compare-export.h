/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ms-compare.h"
#include "ms-layout.h"

G_BEGIN_DECLS

/* The compare CSV's header (without the line end). (transfer none) */
const char *ms_compare_csv_header          (void);
/* Appends the compare CSV to @out: the header, then one row per pair that
 * is not unchanged, in address order (the current region's; the baseline's
 * for a removed one): change, start, end, kind, object and path of the
 * current region (of the baseline's when removed), and size, RSS, PSS and
 * swap before and after (0 on the side that has no region). Addresses as in
 * the main CSV (`0x`, lower-case hex); every size in bytes. */
void        ms_compare_csv_write           (const MsCompare *compare,
                                            GString         *out);
/* The header of the compare CSV grouped by object. (transfer none) */
const char *ms_compare_csv_grouped_header  (void);
/* Appends the compare CSV grouped by object: one row per owner of which a
 * region differs (ms_compare_get_groups()), with the sums of all its regions
 * before and after. Per column, the rows' after − before adds up to the same
 * as the region rows' of ms_compare_csv_write(). */
void        ms_compare_csv_write_grouped   (const MsCompare *compare,
                                            GString         *out);

/* Writes @compare to @path as its extension says: .csv (grouped by object
 * with @grouped), .png or .svg (the compare picture, ms-render-compare.c),
 * with ms_file_write(). Any other format, or @grouped with a picture, fails
 * with one line in @error. */
gboolean    ms_compare_export_to_file      (MsCompare       *compare,
                                            const char      *path,
                                            MsScaleMode      mode,
                                            gboolean         grouped,
                                            GError         **error);

G_END_DECLS
