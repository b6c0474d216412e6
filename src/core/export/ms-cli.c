/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-cli"

#include "config.h"

#include "ms-cli.h"
#include "ms-cli-pages.h"
#include "ms-cli-compare.h"
#include "ms-cli-private.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <signal.h>
#include <string.h>

#include "ms-cli-administrator.h"
#include "ms-cli-record.h"
#include "ms-error.h"
#include "ms-export.h"
#include "ms-export-format.h"
#include "ms-file-writer.h"
#include "ms-layout.h"
#include "ms-reader.h"
#include "ms-cli-system.h"

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
  ms_file_writer_remove_pending ();
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

/* @scale is a nick of MsScaleMode; NULL is proportional. */
static gboolean
parse_scale (const char  *scale,
             MsScaleMode *mode)
{
  g_autoptr(GEnumClass) modes = NULL;
  const GEnumValue *value;

  if (scale == NULL)
    {
      *mode = MS_SCALE_PROPORTIONAL;
      return TRUE;
    }

  modes = g_type_class_ref (MS_TYPE_SCALE_MODE);
  value = g_enum_get_value_by_nick (modes, scale);
  if (value == NULL)
    return FALSE;
  *mode = (MsScaleMode) value->value;
  return TRUE;
}

gboolean
_ms_cli_check_export_options (const char   *export_path,
                              const char   *scale,
                              const char   *group,
                              MsScaleMode  *mode,
                              GError      **error)
{
  const MsExportFormatInfo *format;

  if (!parse_scale (scale, mode))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   _("Unknown scale “%s”: use proportional, linear or resident"), scale);
      return FALSE;
    }

  format = ms_export_format_from_path (export_path, error);
  if (format == NULL)
    return FALSE;

  if (group != NULL && strcmp (group, "object") != 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   _("Unknown grouping “%s”: use object"), group);
      return FALSE;
    }
  if (group != NULL && format->id != MS_EXPORT_CSV)
    {
      g_set_error_literal (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                           _("--group object needs a .csv export"));
      return FALSE;
    }
  return TRUE;
}

int
ms_cli_export (const char *pid_text,
               const char *open_path,
               const char *export_path,
               const char *scale,
               const char *group,
               const char *at)
{
  return ms_cli_export_full (pid_text, open_path, export_path, scale, group, at, NULL, NULL);
}

int
ms_cli_export_full (const char   *pid_text,
                    const char   *open_path,
                    const char   *export_path,
                    const char   *scale,
                    const char   *group,
                    const char   *at,
                    MsCliReadPid  read_pid,
                    gpointer      data)
{
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  MsScaleMode mode;
  gboolean ok;
  int pid;

  if ((pid_text == NULL) == (open_path == NULL))
    return fail (_("--export needs exactly one of --pid PID or --open FILE"));

  /* Check the target's format before the possibly long read. */
  if (!_ms_cli_check_export_options (export_path, scale, group, &mode, &error))
    return fail (error->message);

  if (pid_text != NULL)
    {
      if (ms_parse_pid (pid_text, &pid, &error))
        snapshot = read_pid != NULL ? read_pid (pid, data, &error) : ms_read_pid (pid, NULL, &error);
    }
  else
    {
      snapshot = ms_cli_read_open (open_path, at, &error);
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
  if (group != NULL)
    {
      g_autoptr(GString) csv = g_string_sized_new (4096);

      ms_csv_write_grouped (snapshot, csv);
      ok = ms_file_write (export_path, csv->str, csv->len, &error);
    }
  else
    {
      ok = ms_export_to_file (snapshot, export_path, mode, 0.0, 1.0, &error);
    }
  ms_cli_release_signals ();
  if (!ok)
    return fail (error->message);

  return 0;
}

void
ms_cli_init_locale (void)
{
  /* glibc ignores LANGUAGE in the plain "C" locale (no LANG, or a locale
   * that is not installed), so `LANGUAGE=zh_CN memscape` would stay English
   * on a minimal system: fall back to C.UTF-8, where LANGUAGE is honoured
   * and text is UTF-8. */
  if ((setlocale (LC_ALL, "") == NULL || g_strcmp0 (setlocale (LC_MESSAGES, NULL), "C") == 0) &&
      g_getenv ("LANGUAGE") != NULL && setlocale (LC_ALL, "C.UTF-8") != NULL)
    {
      /* …in the environment too, where GTK sets the locale again. */
      g_setenv ("LC_ALL", "C.UTF-8", TRUE);
    }
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

GOptionEntry *
ms_cli_option_entries_new (MsCliOptions *options)
{
  /* Built once: the option parsers keep pointers to the texts. */
  static char *export_description;
  const GOptionEntry version = { "version", 0, 0, G_OPTION_ARG_NONE, &options->version, _("Show the version and quit"), NULL };
  const GOptionEntry entries[] = {
    { "pid", 'p', 0, G_OPTION_ARG_STRING, &options->pid_text, _("Show the process with this ID"), _("PID") },
    { "open", 'o', 0, G_OPTION_ARG_FILENAME, &options->open_path, _("Show a captured /proc/PID/smaps or /proc/PID/maps file, or a recording (.memscape)"), _("FILE") },
    { "export", 'e', 0, G_OPTION_ARG_FILENAME, &options->export_path, NULL, _("FILE") },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &options->scale, _("Scale of the strip, in the window or an exported picture: proportional (default), linear or resident"), _("SCALE") },
    { "group", 0, 0, G_OPTION_ARG_STRING, &options->group, _("With a .csv --export: one row per owner (object) with its regions’ sums, instead of one per region; with --system also user or cgroup"), _("object|user|cgroup") },
    { "pages", 0, 0, G_OPTION_ARG_NONE, &options->pages, _("With --export: the pages of the process, a CSV row per run of pages in one state, or a .png of them"), NULL },
    { "range", 0, 0, G_OPTION_ARG_STRING, &options->range, _("With --pages: only the pages from START to END (hexadecimal)"), _("START-END") },
    { "colour", 0, 0, G_OPTION_ARG_STRING, &options->colour, _("With --pages and a .png: what colour means: residency (default), dirty, shared or heat"), _("MODE") },
    { "activity", 0, 0, G_OPTION_ARG_INT, &options->activity, _("With --pid and --export FILE.csv: clear the process’s referenced bits (the kernel’s ageing information), wait SECONDS, and write how much of each region was used"), _("SECONDS") },
    { "churn", 0, 0, G_OPTION_ARG_INT, &options->churn, _("With --pid and --export FILE.csv: clear the process’s soft-dirty bits, wait SECONDS, and write how many pages of each region were written per second"), _("SECONDS") },
    { "administrator", 0, 0, G_OPTION_ARG_NONE, &options->administrator, _("With --pid and --export (also with --compare), --pages, --limits, --activity or --churn: when the kernel refuses the process (another user’s), read it (or clear its bits) through memscape-reader as administrator, pkexec asking for a password; where you may read the process already, it changes nothing"), NULL },
    { "limits", 0, 0, G_OPTION_ARG_NONE, &options->limits, _("With --pid: how close the process is to its limits, as CSV on stdout (or in the --export FILE.csv) and quit"), NULL },
    { "system", 0, 0, G_OPTION_ARG_NONE, &options->system, _("The whole system: with --export FILE.csv one row per process (or per object, user or cgroup with --group), with .png the RAM bar; without, the window’s System page"), NULL },
    { "compare", 0, 0, G_OPTION_ARG_FILENAME, &options->compare_path, _("Compare with this captured smaps or maps file or recording (the baseline): in the window, or with --export write what changed"), _("FILE") },
    { "record", 0, 0, G_OPTION_ARG_FILENAME, &options->record_path, _("With --pid: record the process into a new FILE.memscape until it exits, --duration ends or Ctrl+C; needs no display"), _("FILE") },
    { "interval", 0, 0, G_OPTION_ARG_STRING, &options->interval, _("With --record: seconds between samples (default 1)"), _("SECONDS") },
    { "duration", 0, 0, G_OPTION_ARG_STRING, &options->duration, _("With --record: stop after this many seconds"), _("SECONDS") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &options->at, _("With --open FILE.memscape: the sample this many seconds after the recording’s start (default: the last)"), _("SECONDS") },
    { NULL }
  };
  g_autofree GOptionEntry *remote = ms_cli_remote_option_entries_new (options);
  GOptionEntry *copy;
  gsize n_remote = 0;

  if (export_description == NULL)
    {
      g_autofree char *extensions = ms_export_format_list_extensions ();

      /* TRANSLATORS: %s is the list of extensions, ".png, .svg or .csv" */
      export_description = g_strdup_printf (_("Write the snapshot to FILE (%s) and quit; needs no display"), extensions);
    }

  /* the table, then another machine's options, --version, the empty row */
  while (remote[n_remote].long_name != NULL)
    n_remote++;
  copy = g_new0 (GOptionEntry, G_N_ELEMENTS (entries) + n_remote + 1);
  memcpy (copy, entries, sizeof entries - sizeof (GOptionEntry));
  memcpy (copy + G_N_ELEMENTS (entries) - 1, remote, n_remote * sizeof (GOptionEntry));
  copy[G_N_ELEMENTS (entries) - 1 + n_remote] = version;
  copy[2].description = export_description;
  return copy;
}

char *
ms_cli_help_summary (void)
{
  return g_strdup (_("See how a Linux process uses its memory."));
}

char *
ms_cli_help_description (void)
{
  GString *text = g_string_new (_("Export formats, chosen by the file name’s extension:"));

  for (guint i = 0; i < MS_N_EXPORT_FORMATS; i++)
    {
      const MsExportFormatInfo *format = ms_export_format_get (i);

      g_string_append_printf (text, "\n  .%-4s  %s", format->extension, _(format->label));
    }
  g_string_append (text, "\n\n");
  g_string_append (text, _("Examples:\n"
                           "  memscape --pid 1234\n"
                           "  memscape --open captured-smaps.txt\n"
                           "  memscape --pid 1234 --export map.csv\n"
                           "  memscape --pid 1234 --group object --export owners.csv\n"
                           "  memscape --pid 1234 --pages --range 7f0000000000-7f0000400000 --export pages.csv\n"
                           "  memscape --pid 1234 --limits\n"
                           "  memscape --open captured-smaps.txt --export map.png\n"
                           "  memscape --system --export processes.csv\n"
                           "  memscape --system --group object --export objects.csv"));
  /* (its own string: the examples above keep their translations) */
  g_string_append_c (text, '\n');
  g_string_append (text, _("  memscape --pid 1234 --compare before.smaps --export changes.csv\n"
                           "  memscape --open after.smaps --compare before.smaps --group object --export grew.csv"));
  g_string_append_c (text, '\n');
  g_string_append (text, _("  memscape --pid 1234 --record run.memscape --interval 1 --duration 3600\n"
                           "  memscape --open run.memscape --at 60 --export map.csv"));
  return g_string_free (text, FALSE);
}

int
ms_cli_run (MsCliOptions *options)
{
  g_autoptr(GError) error = NULL;

  if (options->version)
    {
      g_print ("memscape %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (!ms_cli_administrator_check (options, &error))
    return fail (error->message);

  /* another machine: its list and exports (its window is checked below);
   * what reads this machine's own /proc or files is not for it yet */
  if (ms_cli_remote_wanted (options) &&
      (options->system || options->pages || options->activity != 0 || options->churn != 0 ||
       options->limits || options->compare_path != NULL || options->record_path != NULL))
    return fail (_("--system, --pages, --activity, --churn, --limits, --compare and --record read this machine: give them without --via, --host or --adb"));
  if (ms_cli_remote_wanted (options) && (options->list || options->export_path != NULL))
    return ms_cli_remote_run (options);

  if (options->system && (options->pid_text != NULL || options->open_path != NULL))
    return fail (_("--system reads every process: give it without --pid or --open"));
  if (options->system && options->export_path != NULL)
    return ms_cli_system_export (options->export_path, options->group);

  if (options->activity != 0 || options->churn != 0)
    return ms_cli_activity_export (options->pid_text, options->activity, options->churn, options->administrator,
                                   options->export_path);

  if (options->pages || options->range != NULL || options->colour != NULL)
    {
      if (!options->pages)
        return fail (_("--range and --colour go with --pages"));
      if (options->open_path != NULL || options->group != NULL || options->scale != NULL)
        return fail (_("--pages goes with --pid, --range, --colour and --export alone"));
      return ms_cli_pages_export (options->pid_text, options->range, options->colour, options->administrator,
                                  options->export_path);
    }

  if (options->limits)
    return ms_cli_limits (options);
  /* (without --export, the window compares) */
  if (options->compare_path != NULL && options->export_path == NULL &&
      options->pid_text == NULL && options->open_path == NULL)
    return fail (_("--compare needs --pid PID or --open FILE for the current side"));
  if (options->compare_path != NULL && options->export_path != NULL)
    return ms_cli_compare (options->pid_text, options->open_path, options->compare_path, options->export_path,
                           options->scale, options->group, options->at, options->administrator);
  if (options->record_path != NULL && options->export_path == NULL)
    return ms_cli_record (options->pid_text, options->record_path, options->interval, options->duration);
  if (options->record_path != NULL || options->interval != NULL || options->duration != NULL)
    return fail (_("--record, --interval and --duration go with --pid PID and no --export"));

  /* (a process refused, without or with --administrator: ms-cli-administrator.c) */
  if (options->export_path != NULL)
    return ms_cli_export_full (options->pid_text, options->open_path, options->export_path, options->scale,
                               options->group, options->at, ms_cli_read_pid_func,
                               GINT_TO_POINTER (options->administrator));

  if (options->group != NULL)
    return fail (_("--group needs --export FILE.csv"));
  if (options->at != NULL)
    return fail (_("--at needs --open FILE.memscape and --export FILE"));

  if (options->pid_text != NULL && options->open_path != NULL)
    return fail (_("Give either --pid or --open, not both"));

  options->pid = 0;
  if (options->pid_text != NULL && !ms_parse_pid (options->pid_text, &options->pid, &error))
    return fail (error->message);

  if (ms_cli_remote_wanted (options) && ms_cli_remote_run (options) != -1)
    return 1;

  /* The window opens in this scale. */
  options->scale_mode = -1;
  if (options->scale != NULL)
    {
      MsScaleMode mode;

      if (!parse_scale (options->scale, &mode))
        {
          g_autofree char *message = g_strdup_printf (_("Unknown scale “%s”: use proportional, linear or resident"), options->scale);
          return fail (message);
        }
      options->scale_mode = mode;
    }

  return -1;
}

void
ms_cli_options_clear (MsCliOptions *options)
{
  g_clear_pointer (&options->pid_text, g_free);
  g_clear_pointer (&options->open_path, g_free);
  g_clear_pointer (&options->export_path, g_free);
  g_clear_pointer (&options->scale, g_free);
  g_clear_pointer (&options->group, g_free);
  g_clear_pointer (&options->range, g_free);
  g_clear_pointer (&options->colour, g_free);
  options->pages = FALSE;
  options->activity = 0;
  options->churn = 0;
  options->administrator = FALSE;
  g_clear_pointer (&options->compare_path, g_free);
  g_clear_pointer (&options->record_path, g_free);
  g_clear_pointer (&options->interval, g_free);
  g_clear_pointer (&options->duration, g_free);
  g_clear_pointer (&options->at, g_free);
  ms_cli_remote_options_clear (options);
  options->version = FALSE;
  options->limits = FALSE;
  options->system = FALSE;
  options->pid = 0;
  options->scale_mode = -1;
}
