/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-cli"

#include "config.h"

#include "ms-cli-compare.h"

#include <glib/gi18n-lib.h>

#include "ms-cli.h"
#include "ms-cli-administrator.h"
#include "ms-cli-private.h"
#include "ms-cli-record.h"
#include "ms-compare-export.h"
#include "ms-error.h"
#include "ms-reader.h"

static int
fail (const char *message)
{
  g_printerr ("memscape: %s\n", message);
  return 1;
}

MsSnapshot *
ms_cli_load_side (const char  *pid_text,
                  const char  *path,
                  const char  *at_text,
                  gboolean     administrator,
                  GError     **error)
{
  MsSnapshot *snapshot = NULL;
  int pid;

  g_return_val_if_fail ((pid_text == NULL) != (path == NULL), NULL);

  if (pid_text != NULL)
    {
      if (ms_parse_pid (pid_text, &pid, error))
        snapshot = ms_cli_read_pid_administrator (pid, administrator, error);
      return snapshot;
    }

  snapshot = ms_cli_read_open (path, at_text, error);
  if (snapshot != NULL && snapshot->n_malformed > 0)
    {
      g_autofree char *shown = g_filename_display_name (path);

      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "memscape: warning: %s: skipped %u malformed line\n",
                               "memscape: warning: %s: skipped %u malformed lines\n",
                               snapshot->n_malformed),
                  shown, snapshot->n_malformed);
    }
  return snapshot;
}

int
ms_cli_compare (const char *pid_text,
                const char *open_path,
                const char *compare_path,
                const char *export_path,
                const char *scale,
                const char *group,
                const char *at_text,
                gboolean    administrator)
{
  g_autoptr(MsSnapshot) baseline = NULL;
  g_autoptr(MsSnapshot) current = NULL;
  g_autoptr(MsCompare) compare = NULL;
  g_autoptr(GError) error = NULL;
  MsScaleMode mode;
  gboolean ok;

  if ((pid_text == NULL) == (open_path == NULL))
    return fail (_("--compare needs exactly one of --pid PID or --open FILE for the current side"));

  /* The target's format and the grouping are checked before any read. */
  if (!_ms_cli_check_export_options (export_path, scale, group, &mode, &error))
    return fail (error->message);

  baseline = ms_cli_load_side (NULL, compare_path, NULL, FALSE, &error);
  if (baseline == NULL)
    return fail (error->message);
  current = ms_cli_load_side (pid_text, open_path, at_text, administrator, &error);
  if (current == NULL)
    return fail (error->message);

  compare = ms_compare_new (baseline, current);

  ms_cli_catch_signals ();
  ok = ms_compare_export_to_file (compare, export_path,
                                  mode,
                                  group != NULL, &error);
  ms_cli_release_signals ();
  if (!ok)
    return fail (error->message);
  return 0;
}
