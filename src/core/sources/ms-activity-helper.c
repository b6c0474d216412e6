/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-pages"

#include "config.h"

#include "ms-activity-private.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-error.h"
#include "ms-privileged-private.h"
#include "ms-reader-private.h"

/* The answer to `memscape-reader clear-refs PID VALUE` (format 1, described
 * in src/reader-helper/memscape-reader-clear-refs.c): header, `clear-refs`,
 * `owner`, `cleared`, `end` — or an `error` in place of what is left. */

static gboolean
malformed (GError    **error,
           const char *why)
{
  g_debug ("The helper's clear-refs answer is malformed: %s", why);
  g_set_error (error, MS_ERROR, MS_ERROR_MALFORMED,
               _("The privileged reader’s answer about clearing the process’s bits is damaged or cut short"));
  return FALSE;
}

/* A decimal number taking all of [p, end), no sign, no leading zero. */
static gboolean
parse_decimal (const char *p,
               const char *end,
               guint64    *value)
{
  return _ms_reader_parse_decimal (p, (gsize) (end - p), G_MAXUINT64, value);
}

static gboolean
set_helper_error (const char  *p,
                  const char  *end,
                  int          pid,
                  guint32      owner,
                  GError     **error)
{
  const char *space = memchr (p, ' ', (gsize) (end - p));
  const char *space2 = space != NULL ? memchr (space + 1, ' ', (gsize) (end - space - 1)) : NULL;
  guint64 number;
  MsReadFailure failure;

  if (space2 == NULL || !parse_decimal (space + 1, space2, &number) || number > G_MAXINT)
    return malformed (error, "an error record");
  if (!_ms_reader_failure_from_code (p, (gsize) (space - p), &failure))
    return malformed (error, "an unknown error code");
  _ms_reader_set_error (error, failure, pid, NULL,
                        failure == MS_READ_FAILURE_DENIED ? (uid_t) number : (uid_t) owner, (int) number);
  return FALSE;
}

gboolean
_ms_activity_parse_clear_refs_answer (const char      *data,
                                      gsize            length,
                                      int              pid,
                                      MsActivityKind   kind,
                                      guint32         *owner_out,
                                      GError         **error)
{
  static const char header[] = "memscape-reader 1\n";
  static const char *const order[] = { "clear-refs", "owner", "cleared", "end" };
  const char *p = data, *end = data + length;
  const char value = kind == MS_ACTIVITY_WRITES ? '4' : '1';
  guint64 owner = G_MAXUINT32;
  guint stage = 0;

  if (length < sizeof header - 1 || memcmp (data, header, sizeof header - 1) != 0)
    return malformed (error, "the header");
  p += sizeof header - 1;

  while (stage < G_N_ELEMENTS (order))
    {
      const char *newline = p < end ? memchr (p, '\n', MIN ((gsize) (end - p), 40)) : NULL;
      const char *space, *payload;
      guint64 size, number;
      gsize name_length;

      if (newline == NULL || (space = memchr (p, ' ', (gsize) (newline - p))) == NULL ||
          !parse_decimal (space + 1, newline, &size) || size > 256 ||
          size + 1 > (guint64) (end - newline - 1))
        return malformed (error, "a record line");
      payload = newline + 1;
      if (payload[size] != '\n')
        return malformed (error, "a record's end");
      name_length = (gsize) (space - p);

      if (name_length == 5 && memcmp (p, "error", 5) == 0 && stage > 0)
        {
          const char *after = payload + size + 1;

          if ((gsize) (end - after) != 7 || memcmp (after, "end 0\n\n", 7) != 0)
            return malformed (error, "what follows an error");
          return set_helper_error (payload, payload + size, pid, (guint32) owner, error);
        }
      if (name_length != strlen (order[stage]) || memcmp (p, order[stage], name_length) != 0)
        return malformed (error, "a record out of place");
      switch (stage)
        {
        case 0:
          if (!parse_decimal (payload, payload + size, &number) || number != (guint64) pid)
            return malformed (error, "the PID echoed");
          break;
        case 1:
          if (!parse_decimal (payload, payload + size, &owner) || owner > G_MAXUINT32)
            return malformed (error, "the owner");
          break;
        case 2:
          if (size != 1 || payload[0] != value)
            return malformed (error, "the value echoed");
          break;
        default:
          if (size != 0 || payload + size + 1 != end)
            return malformed (error, "the end");
          break;
        }
      p = payload + size + 1;
      stage++;
    }
  if (owner_out != NULL)
    *owner_out = (guint32) owner;
  return TRUE;
}

gboolean
_ms_activity_clear_through_helper (int              pid,
                                   MsActivityKind   kind,
                                   gboolean         as_administrator,
                                   GCancellable    *cancellable,
                                   guint32         *owner,
                                   GError         **error)
{
  g_autofree char *pid_text = g_strdup_printf ("%d", pid);
  const char *request[] = { "clear-refs", pid_text, kind == MS_ACTIVITY_WRITES ? "4" : "1", NULL };
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) local_error = NULL;
  MsPrivilegedLauncher launcher;
  int status;

  if (pid <= 0 || pid > 4194304)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   _("“%d” is not a process ID: give a positive whole number"), pid);
      return FALSE;
    }
  argv = _ms_privileged_build_argv (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ? "/.flatpak-info" : NULL,
                                    as_administrator, request, &launcher, error);
  if (argv == NULL)
    return FALSE;
  process = g_subprocess_newv ((const char * const *) argv,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &local_error);
  if (process == NULL || !g_subprocess_communicate (process, NULL, cancellable, &out, &err, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                   _("memscape-reader could not run: %s"), local_error->message);
      return FALSE;
    }
  status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  if (status == 2)
    {
      g_autofree char *reason = g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err));

      g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                   _("memscape-reader refused the request: %s"), g_strstrip (reason));
      return FALSE;
    }
  if (status != 0 && status != 1 && g_bytes_get_size (out) == 0)
    {
      /* pkexec: 126 dismissed, 127 not authorized or no agent */
      if (status == 126)
        g_set_error (error, MS_ERROR, MS_ERROR_AUTH_DISMISSED,
                     _("The password dialog was dismissed: nothing was cleared"));
      else
        g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                     _("memscape-reader could not run: it ended with status %d"), status);
      return FALSE;
    }
  if (!_ms_activity_parse_clear_refs_answer (g_bytes_get_data (out, NULL), g_bytes_get_size (out), pid, kind,
                                             owner, error))
    return FALSE;
  if (status != 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                   _("memscape-reader ended with status %d after its answer"), status);
      return FALSE;
    }
  return TRUE;
}
