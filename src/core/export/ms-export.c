/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-export"

#include "config.h"

#include "ms-export.h"

#include "ms-file-writer.h"

gboolean
ms_export_to_file (const MsSnapshot  *snapshot,
                   const char        *path,
                   MsScaleMode        mode,
                   double             view_start,
                   double             view_end,
                   GError           **error)
{
  const MsExportFormatInfo *format;
  g_autoptr(GBytes) bytes = NULL;
  gconstpointer data;
  gsize length;

  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  format = ms_export_format_from_path (path, error);
  if (format == NULL)
    return FALSE;

  bytes = format->write (snapshot, mode, view_start, view_end, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &length);
  return ms_file_write (path, data, length, error);
}
