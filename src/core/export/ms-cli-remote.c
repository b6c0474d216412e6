/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-cli"

#include "config.h"

#include "ms-cli.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-error.h"
#include "ms-process-list.h"
#include "ms-remote-connection.h"
#include "ms-snapshot.h"
#include "ms-text.h"

/* The command line's options for another machine: --via COMMAND (any
 * command that gives a POSIX shell there), --host [USER@]HOST (ssh),
 * --adb [SERIAL] (Android), --list, --remote-sudo, --remote-su, --run-as PACKAGE. */

static MsCliOptions *adb_options;   /* where --adb's optional serial goes */

static gboolean
on_adb (const char  *option_name,
        const char  *value,
        gpointer     data,
        GError     **error)
{
  g_free (adb_options->adb);
  adb_options->adb = g_strdup (value != NULL ? value : "");
  return TRUE;
}

GOptionEntry *
ms_cli_remote_option_entries_new (MsCliOptions *options)
{
  const GOptionEntry entries[] = {
    { "via", 0, 0, G_OPTION_ARG_STRING, &options->via, _("Read the processes of another machine through COMMAND, which gives a shell there (ssh, adb shell, kubectl exec -i …)"), _("COMMAND") },
    { "host", 0, 0, G_OPTION_ARG_STRING, &options->host, _("Read the processes of HOST over ssh (the same as --via 'ssh -T HOST sh')"), _("[USER@]HOST") },
    { "adb", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, (gpointer) on_adb, _("Read the processes of an Android device through adb (the one with SERIAL)"), _("[SERIAL]") },
    { "list", 0, 0, G_OPTION_ARG_NONE, &options->list, _("With --via, --host or --adb: print that machine’s processes and quit"), NULL },
    { "remote-sudo", 0, 0, G_OPTION_ARG_NONE, &options->remote_sudo, _("Read as administrator on the other machine (sudo -n, which must not ask for a password)"), NULL },
    { "remote-su", 0, 0, G_OPTION_ARG_NONE, &options->remote_su, _("Read as root on an Android device (su, which must grant it)"), NULL },
    { "run-as", 0, 0, G_OPTION_ARG_STRING, &options->run_as, _("On an Android device, read as the app PACKAGE (run-as), for its own processes"), _("PACKAGE") },
    { NULL }
  };

  adb_options = options;
  return g_memdup2 (entries, sizeof entries);
}

gboolean
ms_cli_remote_wanted (const MsCliOptions *options)
{
  return options->via != NULL || options->host != NULL || options->adb != NULL ||
         options->list || options->remote_sudo || options->remote_su || options->run_as != NULL;
}

void
ms_cli_remote_options_clear (MsCliOptions *options)
{
  g_clear_pointer (&options->via, g_free);
  g_clear_pointer (&options->host, g_free);
  g_clear_pointer (&options->adb, g_free);
  g_clear_pointer (&options->run_as, g_free);
  options->remote_sudo = FALSE;
  options->remote_su = FALSE;
  options->list = FALSE;
}

static int
fail (const char *message)
{
  g_printerr ("memscape: %s\n", message);
  return 1;
}

/* The connection the options ask for, or NULL after one line on stderr. */
static MsRemoteConnection *
connection_for (const MsCliOptions  *options,
                GError             **error)
{
  MsRemoteAs as = MS_REMOTE_AS_USER;
  guint n_transports = (options->via != NULL) + (options->host != NULL) + (options->adb != NULL);

  if (n_transports != 1)
    {
      g_set_error_literal (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                           n_transports == 0
                           ? _("--list, --remote-sudo, --remote-su and --run-as need one of --via COMMAND, --host HOST or --adb")
                           : _("Give only one of --via, --host and --adb"));
      return NULL;
    }
  if (options->remote_sudo + options->remote_su + (options->run_as != NULL) > 1)
    {
      g_set_error_literal (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                           _("Give only one of --remote-sudo, --remote-su and --run-as"));
      return NULL;
    }
  if (options->remote_sudo)
    as = MS_REMOTE_AS_SUDO;
  else if (options->remote_su)
    as = MS_REMOTE_AS_SU;
  else if (options->run_as != NULL)
    as = MS_REMOTE_AS_APP;

  if (options->host != NULL)
    return ms_remote_connection_new_for_transport (MS_REMOTE_TRANSPORT_SSH, options->host, as, options->run_as,
                                                   error);
  if (options->adb != NULL)
    return ms_remote_connection_new_for_transport (MS_REMOTE_TRANSPORT_ADB, options->adb, as, options->run_as,
                                                   error);
  return ms_remote_connection_new_for_transport (MS_REMOTE_TRANSPORT_COMMAND, options->via, as, options->run_as,
                                                 error);
}

gpointer
ms_cli_remote_connection_new (const MsCliOptions  *options,
                              GError             **error)
{
  return connection_for (options, error);
}

/* One process a line: a command line's newlines and other control
 * characters (`python3 -c` of a script, `sh -c` of several commands) become
 * spaces. */
static void
flatten (char *text)
{
  for (char *c = text; *c != '\0'; c++)
    if ((guchar) *c < 0x20 || *c == 0x7f)
      *c = ' ';
}

static int
print_list (MsRemoteConnection *connection)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = ms_remote_connection_request (connection, MS_REMOTE_REQUEST_LIST, 0, NULL, &error);

  if (list == NULL)
    return fail (error->message);

  /* TRANSLATORS: the headings of `memscape --host HOST --list`; keep the columns' widths */
  g_print ("%7s  %-12s  %9s  %s\n", _("PID"), _("USER"), _("RSS"), _("COMMAND"));
  for (guint i = 0; i < list->len; i++)
    {
      const MsProcessInfo *info = g_ptr_array_index (list, i);
      g_autofree char *user = ms_display_text (info->user, -1);
      g_autofree char *rss = info->is_kernel_thread ? g_strdup ("-") : g_format_size_full (info->rss, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *shown = ms_display_text (*info->cmdline != '\0' ? info->cmdline : info->name, -1);

      flatten (user);
      flatten (shown);
      g_print ("%7d  %-12s  %9s  %s\n", info->pid, user, rss, shown);
    }
  return 0;
}

static gpointer
read_remote_pid (int       pid,
                 gpointer  data,
                 GError  **error)
{
  return ms_remote_connection_request (data, MS_REMOTE_REQUEST_READ, pid, NULL, error);
}

int
ms_cli_remote_run (MsCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsRemoteConnection) connection = connection_for (options, &error);
  int status;

  if (connection == NULL)
    return fail (error->message);

  if (options->list)
    {
      if (options->pid_text != NULL || options->open_path != NULL || options->export_path != NULL)
        return fail (_("--list takes no --pid, --open or --export"));
      status = print_list (connection);
    }
  else if (options->open_path != NULL)
    status = fail (_("--open reads a file on this machine: give it without --via, --host or --adb"));
  else if (options->export_path != NULL)
    status = ms_cli_export_full (options->pid_text, NULL, options->export_path, options->scale,
                                 options->group, NULL, read_remote_pid, connection);
  else
    status = -1;   /* the window: it connects again itself */

  ms_remote_connection_close (connection);
  return status;
}
