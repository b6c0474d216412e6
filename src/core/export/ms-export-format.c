/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-export"

#include "config.h"

#include "ms-export-format.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-error.h"
#include "ms-export.h"
#include "ms-render.h"

static GBytes *
write_csv (const MsSnapshot  *snapshot,
           MsScaleMode        mode,
           double             view_start,
           double             view_end,
           GError           **error)
{
  GString *csv = g_string_sized_new (256 + (gsize) snapshot->n_regions * 160);

  ms_csv_write (snapshot, csv);
  return g_string_free_to_bytes (csv);
}

/* Every export format, in the order the window offers them. */
static const MsExportFormatInfo formats[] = {
  { MS_EXPORT_PNG, "png", "image/png",     N_("PNG Image"), ms_render_picture_png },
  { MS_EXPORT_SVG, "svg", "image/svg+xml", N_("SVG Image"), ms_render_picture_svg },
  { MS_EXPORT_CSV, "csv", "text/csv",      N_("CSV Table"), write_csv },
  { MS_EXPORT_PDF, "pdf", "application/pdf", N_("PDF Document"), ms_render_picture_pdf },
};
G_STATIC_ASSERT (G_N_ELEMENTS (formats) == MS_N_EXPORT_FORMATS);

const MsExportFormatInfo *
ms_export_format_get (MsExportFormat id)
{
  g_return_val_if_fail ((guint) id < G_N_ELEMENTS (formats), NULL);
  g_assert (formats[id].id == id);

  return &formats[id];
}

char *
ms_export_format_list_extensions (void)
{
  g_autoptr(GString) first = g_string_new (NULL);
  const char *last = formats[G_N_ELEMENTS (formats) - 1].extension;

  for (guint i = 0; i + 1 < G_N_ELEMENTS (formats); i++)
    {
      if (i > 0)
        /* TRANSLATORS: between the items of a list, "a, b or c" */
        g_string_append (first, C_("list", ", "));
      g_string_append_printf (first, ".%s", formats[i].extension);
    }

  {
    g_autofree char *dotted = g_strconcat (".", last, NULL);

    /* TRANSLATORS: the last two items of a list, "a, b or c" */
    return g_strdup_printf (C_("list", "%s or %s"), first->str, dotted);
  }
}

const MsExportFormatInfo *
ms_export_format_from_path (const char  *path,
                            GError     **error)
{
  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, '/');
  g_autofree char *extensions = NULL;
  g_autofree char *display = NULL;

  if (dot != NULL && (slash == NULL || dot > slash))
    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      if (g_ascii_strcasecmp (dot + 1, formats[i].extension) == 0)
        return &formats[i];

  extensions = ms_export_format_list_extensions ();
  display = g_filename_display_name (path);
  g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
               /* TRANSLATORS: the second %s is a list of extensions, ".png, .svg or .csv" */
               _("Cannot tell the format of “%s”: name it %s"), display, extensions);
  return NULL;
}
