/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ms-export-format.h"
#include "ms-field.h"
#include "ms-layout.h"
#include "ms-object-group.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

/* The CSV header of DESIGN.md, without the line end: the names of the
 * fields of ms-field.h, in order. (transfer none) */
const char *ms_csv_header            (void);
/* Appends the whole CSV (header and one row per region, CRLF-free "\n" lines)
 * to @out, the caller's string. */
void        ms_csv_write             (const MsSnapshot  *snapshot,
                                      GString           *out);
/* The header of the CSV grouped by object (`--group object`), without the
 * line end. (transfer none) */
const char *ms_csv_grouped_header    (void);
/* Appends the CSV grouped by object to @out: the header, then one row per
 * owner (`object`) in the order of its first region, with the number of its
 * regions and the sums of their size, RSS, PSS, USS and swap; the regions
 * without an owner are grouped by kind, with an empty `object`. The `kind` of
 * a group is text when it holds a text region (a program or library), else
 * the kind of its first region. The sums of the rows equal the sums of the
 * regions. */
void        ms_csv_write_grouped     (const MsSnapshot  *snapshot,
                                      GString           *out);
/* Appends a row for each of @regions with the values of @fields, in that
 * order, as the CSV writes them, separated by @separator (',' or '\t'); a
 * text holding the separator, a quote, CR or LF is quoted as RFC 4180 says.
 * No header. (For copying rows of the table as CSV or TSV.) */
void        ms_csv_write_rows        (const MsRegion *const *regions,
                                      guint                  n_regions,
                                      const MsFieldId       *fields,
                                      guint                  n_fields,
                                      char                   separator,
                                      GString               *out);
/* The same for owners: each of @groups as a row of the grouped CSV (its
 * columns, ms_csv_grouped_header()), separated by @separator. No header. */
void        ms_csv_write_group_rows  (const MsObjectGroup *const *groups,
                                      guint                       n_groups,
                                      char                        separator,
                                      GString                    *out);

/* Writes @snapshot to @path in the format its extension names (see
 * ms_export_format_from_path()), with ms_file_write(). @mode, @view_start
 * and @view_end (fractions 0…1 of the strip's axis, 0 and 1 for all) choose
 * the strip a picture shows; a CSV ignores them. */
gboolean    ms_export_to_file        (const MsSnapshot  *snapshot,
                                      const char        *path,
                                      MsScaleMode        mode,
                                      double             view_start,
                                      double             view_end,
                                      GError           **error);

G_END_DECLS
