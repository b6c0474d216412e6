/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-cli"

#include "config.h"

#include "ms-cli.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

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
  limits = ms_limits_read (pid, -1, &error);
  if (limits == NULL)
    return fail (error->message);

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
