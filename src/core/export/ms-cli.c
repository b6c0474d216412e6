/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-cli"

#include "config.h"

#include "ms-cli.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-error.h"
#include "ms-export.h"
#include "ms-layout.h"
#include "ms-reader.h"

static int
fail (const char *message)
{
  g_printerr ("memscape: %s\n", message);
  return 1;
}

static gboolean
parse_scale (const char  *scale,
             MsScaleMode *mode)
{
  if (scale == NULL || strcmp (scale, "proportional") == 0)
    *mode = MS_SCALE_PROPORTIONAL;
  else if (strcmp (scale, "linear") == 0)
    *mode = MS_SCALE_LINEAR;
  else if (strcmp (scale, "resident") == 0)
    *mode = MS_SCALE_RESIDENT;
  else
    return FALSE;
  return TRUE;
}

int
ms_cli_export (const char *pid_text,
               const char *open_path,
               const char *export_path,
               const char *scale)
{
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  MsExportFormat format;
  MsScaleMode mode;
  int pid;

  if ((pid_text == NULL) == (open_path == NULL))
    return fail (_("--export needs exactly one of --pid PID or --open FILE"));

  if (!parse_scale (scale, &mode))
    {
      g_autofree char *message = g_strdup_printf (_("Unknown scale “%s”: use proportional, linear or resident"), scale);
      return fail (message);
    }

  /* Check the target's format before the possibly long read. */
  if (!ms_export_format_from_path (export_path, &format, &error))
    return fail (error->message);

  if (pid_text != NULL)
    {
      if (ms_parse_pid (pid_text, &pid, &error))
        snapshot = ms_read_pid (pid, NULL, &error);
    }
  else
    {
      snapshot = ms_read_file (open_path, NULL, &error);
    }

  if (snapshot == NULL)
    return fail (error->message);

  if (snapshot->n_malformed > 0 && snapshot->first_malformed_line == 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "memscape: warning: %u region overlaps the one before it\n",
                             "memscape: warning: %u regions overlap the ones before them\n",
                             snapshot->n_malformed),
                snapshot->n_malformed);
  else if (snapshot->n_malformed > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "memscape: warning: skipped %u malformed line (the first is line %u)\n",
                             "memscape: warning: skipped %u malformed lines (the first is line %u)\n",
                             snapshot->n_malformed),
                snapshot->n_malformed, snapshot->first_malformed_line);

  if (!ms_export_to_file (snapshot, export_path, mode, 0.0, 1.0, &error))
    return fail (error->message);

  return 0;
}
