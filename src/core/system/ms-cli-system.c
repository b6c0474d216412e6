/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-cli"

#include "config.h"

#include "ms-cli-system.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-cli.h"
#include "ms-export-format.h"
#include "ms-file-writer.h"
#include "ms-system.h"
#include "ms-system-bar.h"

static int
fail (const char *message)
{
  g_printerr ("memscape: %s\n", message);
  return 1;
}

char *
ms_cli_system_note (guint n_unreadable,
                    guint n_vanished)
{
  g_autofree char *unreadable = NULL;
  g_autofree char *vanished = NULL;

  if (n_unreadable == 0 && n_vanished == 0)
    return NULL;
  /* TRANSLATORS: part of "memscape: note: left out %s and %s" */
  unreadable = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u process we may not read",
                                             "%u processes we may not read", n_unreadable), n_unreadable);
  /* TRANSLATORS: part of "memscape: note: left out %s and %s" */
  vanished = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u that exited while being read",
                                           "%u that exited while being read", n_vanished), n_vanished);
  if (n_vanished == 0)
    /* TRANSLATORS: the one stderr line of a system export; %s is "12 processes we may not read" */
    return g_strdup_printf (_("memscape: note: left out %s"), unreadable);
  if (n_unreadable == 0)
    {
      g_autofree char *exited = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u process that exited while being read",
                                                              "%u processes that exited while being read", n_vanished),
                                                 n_vanished);

      /* TRANSLATORS: the one stderr line of a system export */
      return g_strdup_printf (_("memscape: note: left out %s"), exited);
    }
  /* TRANSLATORS: the one stderr line of a system export: "12 processes we may not read" and "3 that exited while being read" */
  return g_strdup_printf (_("memscape: note: left out %s and %s"), unreadable, vanished);
}

int
ms_cli_system_export (const char *export_path,
                      const char *group)
{
  g_autoptr(MsSystemSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autofree char *note = NULL;
  const MsExportFormatInfo *format;
  MsSystemReadFlags flags = MS_SYSTEM_READ_PROCESSES;
  gboolean ok;

  format = ms_export_format_from_path (export_path, &error);
  if (format == NULL)
    return fail (error->message);
  if (format->id != MS_EXPORT_CSV && format->id != MS_EXPORT_PNG)
    return fail (_("--system exports .csv (the rows) or .png (the RAM bar)"));

  if (group != NULL && strcmp (group, "object") != 0 && strcmp (group, "user") != 0 &&
      strcmp (group, "cgroup") != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Unknown grouping “%s”: use object, user or cgroup"), group);

      return fail (message);
    }
  if (group != NULL && format->id != MS_EXPORT_CSV)
    return fail (_("--group needs a .csv export"));
  if (g_strcmp0 (group, "object") == 0)
    flags |= MS_SYSTEM_READ_OBJECTS;

  snapshot = ms_system_read (flags, NULL, NULL, &error);
  if (snapshot == NULL)
    return fail (error->message);

  csv = g_string_sized_new (64 * 1024);
  if (format->id == MS_EXPORT_PNG)
    {
      png = ms_system_bar_png (&snapshot->parts, &error);
      if (png == NULL)
        return fail (error->message);
    }
  else if (group == NULL)
    {
      ms_system_write_processes_csv (snapshot, csv);
    }
  else if (strcmp (group, "object") == 0)
    {
      ms_system_write_objects_csv (snapshot, csv);
    }
  else if (strcmp (group, "cgroup") == 0)
    {
      ms_system_write_cgroups_csv (snapshot, csv);
    }
  else
    {
      g_autoptr(GPtrArray) users = ms_system_group_by_user (snapshot);

      ms_system_write_groups_csv (users, "user", csv);
    }

  ms_cli_catch_signals ();
  if (png != NULL)
    ok = ms_file_write (export_path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error);
  else
    ok = ms_file_write (export_path, csv->str, csv->len, &error);
  ms_cli_release_signals ();
  if (!ok)
    return fail (error->message);

  note = ms_cli_system_note (snapshot->n_unreadable, snapshot->n_vanished);
  if (note != NULL)
    g_printerr ("%s\n", note);
  return 0;
}
