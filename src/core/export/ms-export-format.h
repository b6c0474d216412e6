/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ms-layout.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

/* The export formats: one row each in ms-export-format.c's table, which the
 * export, the window's file dialog and `memscape --help` all walk. A new
 * format is a value here and a row there. */
typedef enum {
  MS_EXPORT_PNG,
  MS_EXPORT_SVG,
  MS_EXPORT_CSV,
  MS_EXPORT_PDF,
  MS_N_EXPORT_FORMATS
} MsExportFormat;

/* Encodes @snapshot whole. @mode, @view_start and @view_end (fractions 0…1
 * of the strip's axis) choose the strip a picture shows; a table ignores
 * them. Returns the file's bytes, or NULL with @error set. */
typedef GBytes *(*MsExportWriteFunc) (const MsSnapshot  *snapshot,
                                      MsScaleMode        mode,
                                      double             view_start,
                                      double             view_end,
                                      GError           **error);

typedef struct {
  MsExportFormat     id;
  const char        *extension;  /* lower case, without the dot */
  const char        *mime_type;
  const char        *label;      /* marked for translation, untranslated: translate it to show it */
  MsExportWriteFunc  write;
} MsExportFormatInfo;

/* The row of @id. The rows run from 0 to MS_N_EXPORT_FORMATS - 1 in the
 * order they are offered in; the first is the window's default.
 * Returns: (transfer none): a static row. */
const MsExportFormatInfo *ms_export_format_get             (MsExportFormat   id);

/* The format that @path's extension names (any case), or NULL with @error
 * set to a message that lists the extensions. (transfer none) (nullable) */
const MsExportFormatInfo *ms_export_format_from_path       (const char      *path,
                                                            GError         **error);

/* The extensions as a translated list, ".png, .svg or .csv". (transfer full) */
char                     *ms_export_format_list_extensions (void);

G_END_DECLS
