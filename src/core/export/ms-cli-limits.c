/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-cli"

#include "config.h"

#include "ms-cli.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "ms-cli-administrator.h"
#include "ms-error.h"
#include "ms-export-format.h"
#include "ms-file-writer.h"
#include "ms-limits.h"
#include "ms-reader.h"

static int
fail (const char *message)
{
  g_printerr ("memscape: %s\n", message);
  return 1;
}

int
ms_cli_limits (const MsCliOptions *options)
{
  g_autoptr(MsLimits) limits = NULL;
  g_autoptr(GString) csv = g_string_sized_new (512);
  g_autoptr(GError) error = NULL;
  gboolean maps_denied = FALSE;
  guint n_maps = 0;
  int pid;

  if (options->open_path != NULL)
    return fail (_("A captured file has no limits: --limits needs --pid PID"));
  if (options->pid_text == NULL)
    return fail (_("--limits needs --pid PID"));
  if (options->group != NULL || options->scale != NULL)
    return fail (_("--limits takes neither --group nor --scale"));

  if (options->export_path != NULL)
    {
      const MsExportFormatInfo *format = ms_export_format_from_path (options->export_path, &error);

      if (format == NULL)
        return fail (error->message);
      if (format->id != MS_EXPORT_CSV)
        return fail (_("--limits writes only a .csv file"));
    }

  if (!ms_parse_pid (options->pid_text, &pid, &error))
    return fail (error->message);
  /* Every file but maps is readable for any process; another user's maps
   * through the helper with --administrator, else its row is left out. */
  if (!ms_cli_count_maps_administrator (pid, options->administrator, &n_maps, &error))
    {
      if (options->administrator || !g_error_matches (error, MS_ERROR, MS_ERROR_PERMISSION_DENIED))
        return fail (error->message);
      /* TRANSLATORS: %s says why and what to do, as in "Permission denied:
       * process 1 (systemd) belongs to root: give --administrator to count
       * its mappings through memscape-reader as administrator" */
      g_printerr ("memscape: ");
      g_printerr (_("warning: the mappings row is left out: %s"), error->message);
      g_printerr ("\n");
      g_clear_error (&error);
      maps_denied = TRUE;
    }
  limits = ms_limits_read (pid, maps_denied ? 0 : (int) n_maps, &error);
  if (limits == NULL)
    return fail (error->message);
  if (maps_denied)
    limits->rows[MS_HEADROOM_MAPPINGS].known = FALSE;

  ms_limits_write_csv (limits, csv);

  if (options->export_path == NULL)
    {
      if (fwrite (csv->str, 1, csv->len, stdout) != csv->len || fflush (stdout) != 0)
        return fail (_("Could not write to the standard output"));
      return 0;
    }

  ms_cli_catch_signals ();
  if (!ms_file_write (options->export_path, csv->str, csv->len, &error))
    {
      ms_cli_release_signals ();
      return fail (error->message);
    }
  ms_cli_release_signals ();
  return 0;
}
