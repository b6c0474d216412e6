/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-cli"

#include "config.h"

#include "ms-cli-pages.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-activity.h"
#include "ms-cli-administrator.h"
#include "ms-cli.h"
#include "ms-error.h"
#include "ms-file-writer.h"
#include "ms-page-picture.h"
#include "ms-reader.h"

static int
fail (const char *message)
{
  g_printerr ("memscape: %s\n", message);
  return 1;
}

static gboolean
parse_hex (const char *text,
           gsize       length,
           guint64    *value)
{
  guint64 v = 0;

  if (length > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    {
      text += 2;
      length -= 2;
    }
  if (length == 0 || length > 16)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      int digit = g_ascii_xdigit_value (text[i]);

      if (digit < 0)
        return FALSE;
      v = v * 16 + (guint64) digit;
    }
  *value = v;
  return TRUE;
}

gboolean
ms_cli_parse_range (const char *text,
                    guint64    *start,
                    guint64    *end,
                    GError    **error)
{
  const char *dash = text != NULL ? strchr (text, '-') : NULL;

  if (dash == NULL || !parse_hex (text, (gsize) (dash - text), start) ||
      !parse_hex (dash + 1, strlen (dash + 1), end))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a range: give START-END in hexadecimal, as in 7f0000000000-7f0000100000"),
                   text != NULL ? text : "");
      return FALSE;
    }
  if (*end <= *start)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   _("The range “%s” is empty: its end must come after its start"), text);
      return FALSE;
    }
  return TRUE;
}

void
ms_pages_write_csv (const MsPageMap *map,
                    GString         *csv)
{
  static const guint32 columns[] = {
    MS_PAGE_PRESENT, MS_PAGE_SWAPPED, MS_PAGE_FILE, MS_PAGE_EXCLUSIVE, MS_PAGE_SOFT_DIRTY,
    MS_PAGE_ZERO, MS_PAGE_HUGE, MS_PAGE_GUARD,
  };

  g_string_append (csv, "start,end,pages,present,swapped,file,exclusive,soft_dirty,zero,huge,guard");
  if (map->pfns_visible)
    g_string_append (csv, ",mapcount,referenced,idle,ksm");
  g_string_append (csv, "\n");

  for (guint i = 0; i < map->n_runs; i++)
    {
      const MsPageRun *run = &map->runs[i];

      g_string_append_printf (csv, "0x%" G_GINT64_MODIFIER "x,0x%" G_GINT64_MODIFIER "x,%" G_GUINT64_FORMAT,
                              run->start, run->end, (run->end - run->start) / map->page_size);
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        g_string_append (csv, (run->flags & columns[c]) ? ",1" : ",0");
      if (map->pfns_visible)
        g_string_append_printf (csv, ",%u,%d,%d,%d", run->mapcount, !!(run->flags & MS_PAGE_REFERENCED),
                                !!(run->flags & MS_PAGE_IDLE), !!(run->flags & MS_PAGE_KSM));
      g_string_append (csv, "\n");
    }
}

int
ms_cli_pages_export (const char *pid_text,
                     const char *range,
                     const char *colour_id,
                     gboolean    administrator,
                     const char *export_path)
{
  g_autoptr(MsPageMap) map = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint64 start = 0, end = G_MAXUINT64;
  int colour = MS_PAGE_COLOUR_RESIDENCY;
  gboolean png;
  gboolean ok;
  int pid;

  if (pid_text == NULL)
    return fail (_("--pages needs --pid PID: pages are read from a running process"));
  if (export_path == NULL)
    return fail (_("--pages needs --export FILE.csv or FILE.png"));
  if (g_str_has_suffix (export_path, ".png") || g_str_has_suffix (export_path, ".PNG"))
    png = TRUE;
  else if (g_str_has_suffix (export_path, ".csv") || g_str_has_suffix (export_path, ".CSV"))
    png = FALSE;
  else
    return fail (_("--pages exports a .csv or a .png file"));
  if (colour_id != NULL)
    {
      colour = ms_page_colour_from_id (colour_id);
      if (colour < 0)
        {
          g_autofree char *message = g_strdup_printf (_("Unknown colour “%s”: use residency, dirty, shared or heat"), colour_id);
          return fail (message);
        }
    }
  if (range != NULL && !ms_cli_parse_range (range, &start, &end, &error))
    return fail (error->message);
  if (!ms_parse_pid (pid_text, &pid, &error))
    return fail (error->message);

  map = ms_cli_read_pages_administrator (pid, start, end, administrator, &error);
  if (map == NULL)
    return fail (error->message);

  if (!map->zero_huge_known)
    g_printerr ("memscape: %s\n", _("warning: without PAGEMAP_SCAN (Linux 6.7) or administrator rights the kernel hides which pages are the zero page or huge: those columns read 0"));

  if (png)
    {
      /* the regions that name the picture's rows, read after the pages */
      g_autoptr(MsSnapshot) snapshot = ms_cli_read_pid_administrator (pid, administrator, &error);

      if (snapshot == NULL)
        return fail (error->message);
      bytes = ms_page_picture_png (map, snapshot, (MsPageColour) colour, &error);
      if (bytes == NULL)
        return fail (error->message);
    }
  else
    {
      GString *csv = g_string_sized_new (64 + map->n_runs * 64u);

      ms_pages_write_csv (map, csv);
      bytes = g_string_free_to_bytes (csv);
    }

  ms_cli_catch_signals ();
  ok = ms_file_write (export_path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  ms_cli_release_signals ();
  if (!ok)
    return fail (error->message);
  return 0;
}

int
ms_cli_activity_export (const char *pid_text,
                        int         activity,
                        int         churn,
                        gboolean    administrator,
                        const char *export_path)
{
  g_autoptr(MsActivityMeasure) measure = NULL;
  g_autoptr(MsActivity) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = NULL;
  MsActivityKind kind = churn != 0 ? MS_ACTIVITY_WRITES : MS_ACTIVITY_REFERENCED;
  int seconds = churn != 0 ? churn : activity;
  gboolean ok;
  int pid;

  if (activity != 0 && churn != 0)
    return fail (_("Give either --activity or --churn, not both"));
  if (seconds < 1 || seconds > 3600)
    return fail (_("--activity and --churn measure for 1 to 3600 seconds"));
  if (pid_text == NULL)
    return fail (_("--activity and --churn need --pid PID"));
  if (export_path == NULL || !(g_str_has_suffix (export_path, ".csv") || g_str_has_suffix (export_path, ".CSV")))
    return fail (_("--activity and --churn need --export FILE.csv"));
  if (!ms_parse_pid (pid_text, &pid, &error))
    return fail (error->message);

  /* Directly where the kernel lets us (our own process, or as root); for
   * another user's, clear_refs is refused (EACCES): through the helper as
   * administrator when asked to. (Idle tracking is chosen as root only,
   * where the direct clearing is never refused.) */
  measure = ms_activity_begin (pid, kind, &error);
  if (measure == NULL && g_error_matches (error, MS_ERROR, MS_ERROR_PERMISSION_DENIED) &&
      ms_activity_choose_method (kind) != MS_ACTIVITY_METHOD_IDLE_PAGES)
    {
      if (!administrator)
        {
          /* TRANSLATORS: %s says why, as in "Permission denied: process 1 (systemd) belongs to root" */
          g_autofree char *message = g_strdup_printf (_("%s: give --administrator to measure it through memscape-reader as administrator"),
                                                      error->message);
          return fail (message);
        }
      g_clear_error (&error);
      measure = ms_activity_begin_through_helper (pid, kind, TRUE, NULL, &error);
    }
  if (measure == NULL)
    return fail (error->message);

  g_printerr ("memscape: ");
  switch (ms_activity_measure_get_method (measure))
    {
    case MS_ACTIVITY_METHOD_IDLE_PAGES:
      g_printerr (_("marked the pages of process %d idle (idle page tracking: its referenced bits are left alone); measuring for %d s"),
                  pid, seconds);
      break;
    case MS_ACTIVITY_METHOD_CLEAR_REFS_HELPER:
      g_printerr (kind == MS_ACTIVITY_WRITES
                    ? _("cleared the soft-dirty bits of process %d through memscape-reader as administrator; measuring for %d s")
                    : _("cleared the referenced bits (the kernel’s ageing information) of process %d through memscape-reader as administrator; measuring for %d s"),
                  pid, seconds);
      break;
    case MS_ACTIVITY_METHOD_CLEAR_REFS:
    default:
      g_printerr (kind == MS_ACTIVITY_WRITES
                    ? _("cleared the soft-dirty bits of process %d; measuring for %d s")
                    : _("cleared the referenced bits (the kernel’s ageing information) of process %d; measuring for %d s"),
                  pid, seconds);
      break;
    }
  g_printerr ("\n");
  g_usleep ((gulong) seconds * G_USEC_PER_SEC);

  result = ms_activity_end (measure, NULL, &error);
  if (result == NULL)
    return fail (error->message);
  csv = g_string_new (NULL);
  ms_activity_write_csv (result, csv);

  ms_cli_catch_signals ();
  ok = ms_file_write (export_path, csv->str, csv->len, &error);
  ms_cli_release_signals ();
  if (!ok)
    return fail (error->message);
  return 0;
}
