/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-cli"

#include "config.h"

#include "ms-cli-administrator.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-privileged-private.h"
#include "ms-proc.h"
#include "ms-reader.h"
#include "ms-reader-private.h"

gboolean
ms_cli_administrator_check (const MsCliOptions  *options,
                            GError             **error)
{
  if (!options->administrator)
    return TRUE;

  if (ms_cli_remote_wanted (options))
    {
      g_set_error_literal (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                           _("--administrator reads this machine’s processes: on another machine, give --remote-sudo or --remote-su"));
      return FALSE;
    }
  if (options->open_path != NULL)
    {
      g_set_error_literal (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                           _("--administrator reads a running process: a file given with --open is read as it is, without it"));
      return FALSE;
    }
  if (options->system || options->record_path != NULL)
    {
      /* (a recording reads at every interval: pkexec would ask again and
       * again, its authorisation lasting minutes) */
      g_set_error_literal (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                           _("--administrator goes with --pid PID and --export, --pages, --limits, --activity or --churn; not with --system or --record"));
      return FALSE;
    }
  if (options->pid_text == NULL ||
      !(options->export_path != NULL || options->limits || options->activity != 0 || options->churn != 0))
    {
      g_set_error_literal (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                           _("--administrator goes with --pid PID and --export, --pages, --limits, --activity or --churn (the window has Read as Administrator)"));
      return FALSE;
    }
  return TRUE;
}

typedef enum {
  HINT_READ,
  HINT_PAGES,
  HINT_MAPS,
} Hint;

/* @error, a refusal of the kernel, says in the same line to give
 * --administrator, and what it would do. */
static void
add_hint (GError **error,
          Hint     hint)
{
  const char *why;
  char *message;

  if (error == NULL || !g_error_matches (*error, MS_ERROR, MS_ERROR_PERMISSION_DENIED))
    return;
  why = (*error)->message;
  if (hint == HINT_READ)
    /* TRANSLATORS: %s says why, as in "Permission denied: process 1 (systemd) belongs to root" */
    message = g_strdup_printf (_("%s: give --administrator to read it through memscape-reader as administrator"), why);
  else if (hint == HINT_PAGES)
    /* TRANSLATORS: %s says why, as in "Permission denied: process 1 (systemd) belongs to root" */
    message = g_strdup_printf (_("%s: give --administrator to read its pages through memscape-reader as administrator"), why);
  else
    /* TRANSLATORS: %s says why, as in "Permission denied: process 1 (systemd) belongs to root" */
    message = g_strdup_printf (_("%s: give --administrator to count its mappings through memscape-reader as administrator"), why);
  g_free ((*error)->message);
  (*error)->message = message;
}

/* A refusal of the kernel for @pid, said as a read of it says it: its name
 * and whose it is, from its status (readable for any process). */
static void
set_denied_error (GError **error,
                  int      pid,
                  int      saved_errno)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autofree char *comm = NULL;
  uid_t uid = (uid_t) -1;
  int ignored;
  int dir = ms_proc_open_pid (pid, &ignored);

  if (dir >= 0 && ms_proc_read_at (dir, "status", buffer, &ignored))
    {
      MsStatus status = { 0 };
      const char *name = strstr ((const char *) buffer->data, "Name:\t");

      _ms_reader_parse_status ((const char *) buffer->data, &status, &uid);
      if (name != NULL)
        comm = g_strndup (name + 6, strcspn (name + 6, "\n"));
    }
  if (dir >= 0)
    close (dir);
  _ms_reader_set_error (error, MS_READ_FAILURE_DENIED, pid, comm, uid, saved_errno);
}

MsSnapshot *
ms_cli_read_pid_administrator (int        pid,
                               gboolean   administrator,
                               GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  MsSnapshot *snapshot = ms_read_pid (pid, NULL, &local_error);

  if (snapshot != NULL)
    return snapshot;
  if (g_error_matches (local_error, MS_ERROR, MS_ERROR_PERMISSION_DENIED))
    {
      if (administrator)
        return _ms_privileged_run (TRUE, MS_PRIVILEGED_READ, pid, NULL, error);
      add_hint (&local_error, HINT_READ);
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

gpointer
ms_cli_read_pid_func (int       pid,
                      gpointer  data,
                      GError  **error)
{
  return ms_cli_read_pid_administrator (pid, GPOINTER_TO_INT (data), error);
}

/* --- pages ------------------------------------------------------------------- */

/* The runs of @part appended to @runs, merged where they continue the last
 * one in the same state, as the direct reader merges them. */
static void
append_runs (GArray          *runs,
             const MsPageMap *part)
{
  for (guint i = 0; i < part->n_runs; i++)
    ms_pages_append (runs, part->runs[i].start, part->runs[i].end - part->runs[i].start, part->runs[i].flags,
                     part->runs[i].mapcount);
}

static gboolean
read_pages_through_helper (int       pid,
                           guint64   start,
                           guint64   end,
                           GArray   *runs,
                           GError  **error)
{
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(GArray) spans = NULL;
  guint n, i = 0;
  guint64 from;

  if (end - start <= MS_PAGES_HELPER_RANGE_MAX)
    {
      g_autoptr(MsPageMap) part = ms_pages_read_through_helper (pid, start, end, TRUE, NULL, error);

      if (part == NULL)
        return FALSE;
      append_runs (runs, part);
      return TRUE;
    }

  /* Larger: the helper's 64 GiB at a time, over what is mapped. */
  snapshot = _ms_privileged_run (TRUE, MS_PRIVILEGED_READ, pid, NULL, error);
  if (snapshot == NULL)
    return FALSE;
  spans = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint r = 0; r < snapshot->n_regions; r++)
    {
      const MsRegion *region = &snapshot->regions[r];
      guint64 span[2] = { MAX (region->start, start), MIN (region->end, end) };

      /* (the vsyscall page is the kernel's, where pagemap has nothing) */
      if (span[1] > span[0] && g_strcmp0 (region->path, "[vsyscall]") != 0)
        g_array_append_vals (spans, span, 2);
    }
  n = spans->len / 2;
  if (n == 0)
    {
      ms_pages_set_unmapped_error (error, pid, start, end);
      return FALSE;
    }

  /* as many neighbouring mappings as 64 GiB hold, a larger one in 64 GiB
   * pieces */
#define LO(k) g_array_index (spans, guint64, 2 * (k))
#define HI(k) g_array_index (spans, guint64, 2 * (k) + 1)
  from = LO (0);
  while (i < n)
    {
      g_autoptr(MsPageMap) part = NULL;
      guint last = i;
      guint64 hi = HI (i) - from > MS_PAGES_HELPER_RANGE_MAX ? from + MS_PAGES_HELPER_RANGE_MAX : HI (i);

      while (hi == HI (last) && last + 1 < n && HI (last + 1) - from <= MS_PAGES_HELPER_RANGE_MAX)
        hi = HI (++last);
      part = ms_pages_read_through_helper (pid, from, hi, TRUE, NULL, error);
      if (part == NULL)
        return FALSE;
      if (runs->len + part->n_runs > MS_PAGES_MAX_RUNS)
        {
          g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                       _("The range has more than %u runs of pages: choose a smaller range"), MS_PAGES_MAX_RUNS);
          return FALSE;
        }
      append_runs (runs, part);
      if (hi == HI (last))
        {
          i = last + 1;
          if (i < n)
            from = LO (i);
        }
      else
        {
          from = hi;
        }
    }
#undef LO
#undef HI
  return TRUE;
}

MsPageMap *
ms_cli_read_pages_administrator (int        pid,
                                 guint64    start,
                                 guint64    end,
                                 gboolean   administrator,
                                 GError   **error)
{
  g_autoptr(MsPageReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) runs = NULL;
  guint64 page_size = (guint64) sysconf (_SC_PAGESIZE);
  MsPageMap *map = NULL;

  reader = ms_page_reader_new (pid, &local_error);
  if (reader != NULL)
    map = ms_page_reader_read (reader, start, end, MS_PAGE_METHOD_AUTO, &local_error);
  if (map != NULL)
    return map;
  if (!g_error_matches (local_error, MS_ERROR, MS_ERROR_PERMISSION_DENIED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!administrator)
    {
      /* (the reader knows whose it is, not its name) */
      g_clear_error (&local_error);
      set_denied_error (&local_error, pid, EACCES);
      add_hint (&local_error, HINT_PAGES);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  ms_pages_round_out (page_size, &start, &end);
  runs = g_array_new (FALSE, FALSE, sizeof (MsPageRun));
  if (!read_pages_through_helper (pid, start, end, runs, error))
    return NULL;
  return ms_pages_map_from_helper (pid, start, end, page_size, g_steal_pointer (&runs));
}

/* --- the number of mappings, for --limits ------------------------------------- */

gboolean
ms_cli_count_maps_administrator (int        pid,
                                 gboolean   administrator,
                                 guint     *n_maps,
                                 GError   **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree MsPrivilegedProbe *probe = NULL;
  int saved_errno = 0;
  int dir;

  dir = ms_proc_open_pid (pid, &saved_errno);
  if (dir < 0)
    {
      _ms_reader_set_error (error,
                            saved_errno == ENOENT || saved_errno == ESRCH ? MS_READ_FAILURE_GONE : MS_READ_FAILURE_IO,
                            pid, NULL, (uid_t) -1, saved_errno);
      return FALSE;
    }
  if (ms_proc_read_at (dir, "maps", buffer, &saved_errno))
    {
      const guint8 *p = buffer->data, *end = buffer->data + buffer->len;
      guint count = 0;

      close (dir);
      for (; p < end && (p = memchr (p, '\n', (gsize) (end - p))) != NULL; p++)
        count++;
      *n_maps = count;
      return TRUE;
    }
  if (saved_errno != EACCES && saved_errno != EPERM)
    {
      close (dir);
      _ms_reader_set_error (error,
                            saved_errno == ENOENT || saved_errno == ESRCH ? MS_READ_FAILURE_EXITED : MS_READ_FAILURE_IO,
                            pid, NULL, (uid_t) -1, saved_errno);
      return FALSE;
    }
  close (dir);
  set_denied_error (&local_error, pid, saved_errno);
  if (!administrator)
    {
      add_hint (&local_error, HINT_MAPS);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  probe = _ms_privileged_run (TRUE, MS_PRIVILEGED_PROBE, pid, NULL, error);
  if (probe == NULL)
    return FALSE;
  *n_maps = probe->n_regions;
  return TRUE;
}
