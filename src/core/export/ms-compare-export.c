/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-export"

#include "config.h"

#include "ms-compare-export.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-error.h"
#include "ms-export-format.h"
#include "ms-file-writer.h"
#include "ms-render-compare.h"

/* The figures of the CSV, in its order. */
static const MsCompareField csv_fields[] = {
  MS_COMPARE_SIZE, MS_COMPARE_RSS, MS_COMPARE_PSS, MS_COMPARE_SWAP,
};

const char *
ms_compare_csv_header (void)
{
  return "change,start,end,kind,object,path,size_before,size_after,rss_before,rss_after,"
         "pss_before,pss_after,swap_before,swap_after";
}

const char *
ms_compare_csv_grouped_header (void)
{
  return "change,kind,object,size_before,size_after,rss_before,rss_after,"
         "pss_before,pss_after,swap_before,swap_after";
}

/* RFC 4180, as the main CSV quotes (ms-csv.c): a field holding a comma, a
 * quote, CR or LF is quoted, its quotes doubled. */
static void
append_text (GString    *out,
             const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
ms_compare_csv_write (const MsCompare *compare,
                      GString         *out)
{
  const MsSnapshot *baseline, *current;
  const MsComparePair *pairs;
  guint n_pairs;

  g_return_if_fail (compare != NULL);
  g_return_if_fail (out != NULL);

  baseline = ms_compare_get_baseline (compare);
  current = ms_compare_get_current (compare);
  pairs = ms_compare_get_pairs (compare, &n_pairs);

  g_string_append (out, ms_compare_csv_header ());
  g_string_append_c (out, '\n');
  for (guint p = 0; p < n_pairs; p++)
    {
      const MsComparePair *pair = &pairs[p];
      const MsRegion *r;

      if (pair->change == MS_COMPARE_UNCHANGED)
        continue;
      r = pair->after >= 0 ? &current->regions[pair->after] : &baseline->regions[pair->before];
      g_string_append_printf (out, "%s,0x%" G_GINT64_MODIFIER "x,0x%" G_GINT64_MODIFIER "x,%s,",
                              ms_compare_change_to_id (pair->change), r->start, r->end,
                              ms_kind_to_id ((MsKind) r->kind));
      append_text (out, r->object);
      g_string_append_c (out, ',');
      append_text (out, r->path);
      for (guint f = 0; f < G_N_ELEMENTS (csv_fields); f++)
        g_string_append_printf (out, ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT,
                                ms_compare_get_value (compare, FALSE, pair->before, csv_fields[f]),
                                ms_compare_get_value (compare, TRUE, pair->after, csv_fields[f]));
      g_string_append_c (out, '\n');
    }
}

void
ms_compare_csv_write_grouped (const MsCompare *compare,
                              GString         *out)
{
  const MsCompareGroup *groups;
  guint n_groups;

  g_return_if_fail (compare != NULL);
  g_return_if_fail (out != NULL);

  groups = ms_compare_get_groups (compare, &n_groups);
  g_string_append (out, ms_compare_csv_grouped_header ());
  g_string_append_c (out, '\n');
  for (guint g = 0; g < n_groups; g++)
    {
      const MsCompareGroup *group = &groups[g];

      if (!group->differs)
        continue;
      g_string_append_printf (out, "%s,%s,", ms_compare_change_to_id (group->change), ms_kind_to_id (group->kind));
      append_text (out, group->object);
      for (guint f = 0; f < G_N_ELEMENTS (csv_fields); f++)
        g_string_append_printf (out, ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT,
                                group->sums.value[csv_fields[f]][0], group->sums.value[csv_fields[f]][1]);
      g_string_append_c (out, '\n');
    }
}

gboolean
ms_compare_export_to_file (MsCompare   *compare,
                           const char  *path,
                           MsScaleMode  mode,
                           gboolean     grouped,
                           GError     **error)
{
  const MsExportFormatInfo *format;
  g_autoptr(GBytes) bytes = NULL;
  gconstpointer data;
  gsize length;

  g_return_val_if_fail (compare != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  format = ms_export_format_from_path (path, error);
  if (format == NULL)
    return FALSE;

  if (grouped && format->id != MS_EXPORT_CSV)
    {
      g_set_error_literal (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT, _("--group object needs a .csv export"));
      return FALSE;
    }

  switch (format->id)
    {
    case MS_EXPORT_CSV:
      {
        GString *csv = g_string_sized_new (4096);

        if (grouped)
          ms_compare_csv_write_grouped (compare, csv);
        else
          ms_compare_csv_write (compare, csv);
        bytes = g_string_free_to_bytes (csv);
      }
      break;
    case MS_EXPORT_PNG:
    case MS_EXPORT_SVG:
    case MS_EXPORT_PDF:
      bytes = ms_render_compare_picture (compare, format->id, mode, error);
      break;
    case MS_N_EXPORT_FORMATS:
    default:
      g_assert_not_reached ();
    }
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &length);
  return ms_file_write (path, data, length, error);
}
