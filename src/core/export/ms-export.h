/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ms-export-format.h"
#include "ms-field.h"
#include "ms-layout.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

/* The CSV header of DESIGN.md, without the line end: the names of the
 * fields of ms-field.h, in order. */
const char *ms_csv_header            (void);
/* Appends the whole CSV (header and one row per region, CRLF-free "\n" lines). */
void        ms_csv_write             (const MsSnapshot  *snapshot,
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

/* Writes @snapshot to @path in the format its extension names (see
 * ms_export_format_from_path()), with ms_write_file_atomically(). @mode, @view_start
 * and @view_end (fractions 0…1 of the strip's axis, 0 and 1 for all) choose
 * the strip a picture shows; a CSV ignores them. */
gboolean    ms_export_to_file        (const MsSnapshot  *snapshot,
                                      const char        *path,
                                      MsScaleMode        mode,
                                      double             view_start,
                                      double             view_end,
                                      GError           **error);

/* Writes @data to @path where the shell's `>` would be allowed to, the
 * kernel deciding (read-only files, fs.protected_symlinks and
 * fs.protected_regular refused as for the shell). A new file, or an existing
 * one with a single name whose owner can be kept, is written to a temporary
 * file in the same folder, synced and renamed over @path with the old file's
 * mode and owner; a symbolic link is followed and never replaced, and what
 * it leads to, a file with several names, or one whose owner could not be
 * kept, is written in place after its space is reserved. Anything but a
 * regular file is refused. On failure: one line in @error naming the file,
 * and nothing else changed on disk (in place, nothing once the space is
 * reserved, short of an I/O error). */
gboolean    ms_write_file_atomically (const char        *path,
                                      const void        *data,
                                      gsize              length,
                                      GError           **error);

/* Removes the temporary file an export has under a name at this moment, if
 * any (on a file system without O_TMPFILE, or for an instant just before it
 * is renamed over the target). Async-signal-safe: for a handler of SIGINT,
 * SIGTERM and SIGHUP. */
void        ms_export_remove_pending_file (void);

G_END_DECLS
