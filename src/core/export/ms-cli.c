/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-cli"

#include "config.h"

#include "ms-cli.h"

#include <glib/gi18n-lib.h>
#include <signal.h>
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

/* --- SIGINT, SIGTERM and SIGHUP during an export -------------------------- */

static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction saved_actions[G_N_ELEMENTS (fatal_signals)];
static gboolean caught[G_N_ELEMENTS (fatal_signals)];

static void
on_fatal_signal (int sig)
{
  ms_export_remove_pending_file ();
  /* SA_RESETHAND put back the default action: ending by the signal tells
   * whoever sent it that it worked. */
  raise (sig);
}

void
ms_cli_catch_signals (void)
{
  struct sigaction action = { 0 };

  action.sa_handler = on_fatal_signal;
  action.sa_flags = SA_RESETHAND;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (fatal_signals); i++)
    sigaddset (&action.sa_mask, fatal_signals[i]);

  for (guint i = 0; i < G_N_ELEMENTS (fatal_signals); i++)
    {
      /* An ignored signal (nohup, a background job of a script) stays so. */
      if (caught[i] || sigaction (fatal_signals[i], NULL, &saved_actions[i]) != 0 ||
          saved_actions[i].sa_handler != SIG_DFL)
        continue;
      caught[i] = sigaction (fatal_signals[i], &action, NULL) == 0;
    }
}

void
ms_cli_release_signals (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (fatal_signals); i++)
    if (caught[i])
      {
        sigaction (fatal_signals[i], &saved_actions[i], NULL);
        caught[i] = FALSE;
      }
}

/* --- the export ----------------------------------------------------------- */

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
  gboolean ok;
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

  ms_cli_catch_signals ();
  ok = ms_export_to_file (snapshot, export_path, mode, 0.0, 1.0, &error);
  ms_cli_release_signals ();
  if (!ok)
    return fail (error->message);

  return 0;
}
