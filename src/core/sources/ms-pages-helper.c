/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-pages"

#include "config.h"

#include "ms-pages.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-error.h"
#include "ms-privileged-private.h"
#include "ms-reader-private.h"

/* The answer to `memscape-reader pages PID START END` (format 1, described
 * in src/reader-helper/memscape-reader-pages.c): header, `pages`, `owner`,
 * `range`, `runs`…, `end` — or an `error` in place of what is left. */

#define RANGE_MAX       (G_GUINT64_CONSTANT (64) << 30)
#define PIECE_MAX       (256u * 1024)
#define HELPER_RUNS_MAX (1024u * 1024)
#define KNOWN_FLAGS     (MS_PAGE_BASIC_FLAGS | MS_PAGE_KERNEL_FLAGS)

static gboolean
malformed (GError    **error,
           const char *why)
{
  g_debug ("The helper's pages answer is malformed: %s", why);
  g_set_error (error, MS_ERROR, MS_ERROR_MALFORMED,
               _("The privileged reader’s answer about pages is damaged or cut short"));
  return FALSE;
}

/* An unsigned number of @base taking all of [p, end); FALSE otherwise. */
static gboolean
parse_number (const char *p,
              const char *end,
              guint       base,
              guint64    *value)
{
  guint64 v = 0;

  if (p == end || end - p > (base == 16 ? 16 : 20) || (base == 10 && *p == '0' && end - p > 1))
    return FALSE;
  for (; p < end; p++)
    {
      int digit = base == 16 ? (*p >= 'A' && *p <= 'F' ? -1 : g_ascii_xdigit_value (*p)) : g_ascii_digit_value (*p);

      if (digit < 0 || (base == 10 && v > (G_MAXUINT64 - (guint64) digit) / 10))
        return FALSE;
      v = v * base + (guint64) digit;
    }
  *value = v;
  return TRUE;
}

/* "A B" of two numbers of @base (the second in @base2). */
static gboolean
parse_pair (const char *p,
            const char *end,
            guint       base,
            guint64    *a,
            guint64    *b)
{
  const char *space = memchr (p, ' ', (gsize) (end - p));

  return space != NULL && parse_number (p, space, base, a) && parse_number (space + 1, end, base, b);
}

static gboolean
parse_runs (const char *p,
            const char *end,
            guint64     page_size,
            guint64     range_start,
            guint64     range_end,
            GArray     *runs,
            GError    **error)
{
  if (p == end || end[-1] != '\n')
    return malformed (error, "a runs piece that does not end a line");
  while (p < end)
    {
      const char *newline = memchr (p, '\n', (gsize) (end - p));
      const char *s1, *s2, *s3;
      guint64 start, stop, flags, mapcount;
      MsPageRun run;

      s1 = memchr (p, ' ', (gsize) (newline - p));
      s2 = s1 != NULL ? memchr (s1 + 1, ' ', (gsize) (newline - s1 - 1)) : NULL;
      s3 = s2 != NULL ? memchr (s2 + 1, ' ', (gsize) (newline - s2 - 1)) : NULL;
      if (s3 == NULL || !parse_number (p, s1, 16, &start) || !parse_number (s1 + 1, s2, 16, &stop) ||
          !parse_number (s2 + 1, s3, 16, &flags) || !parse_number (s3 + 1, newline, 10, &mapcount))
        return malformed (error, "a run line");
      if (stop <= start || start % page_size != 0 || stop % page_size != 0 || start < range_start ||
          stop > range_end || (flags & ~(guint64) KNOWN_FLAGS) != 0 || mapcount > G_MAXUINT32)
        return malformed (error, "a run out of place");
      if (runs->len > 0 && start < g_array_index (runs, MsPageRun, runs->len - 1).end)
        return malformed (error, "runs out of order");
      if (runs->len == HELPER_RUNS_MAX)
        return malformed (error, "too many runs");
      run.start = start;
      run.end = stop;
      run.flags = (guint32) flags;
      run.mapcount = (guint32) mapcount;
      g_array_append_val (runs, run);
      p = newline + 1;
    }
  return TRUE;
}

static gboolean
set_helper_error (const char  *p,
                  const char  *end,
                  int          pid,
                  guint64      start,
                  guint64      stop,
                  guint32      owner,
                  GError     **error)
{
  const char *space = memchr (p, ' ', (gsize) (end - p));
  const char *space2 = space != NULL ? memchr (space + 1, ' ', (gsize) (end - space - 1)) : NULL;
  guint64 number;
  MsReadFailure failure;

  if (space2 == NULL || !parse_number (space + 1, space2, 10, &number))
    return malformed (error, "an error record");
  if ((gsize) (space - p) == 8 && memcmp (p, "unmapped", 8) == 0)
    {
      ms_pages_set_unmapped_error (error, pid, start, stop);
      return FALSE;
    }
  if ((gsize) (space - p) == 7 && memcmp (p, "changed", 7) == 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_IO,
                   _("Process %d changed its mappings in that range while its pages were read, at every try"), pid);
      return FALSE;
    }
  if ((gsize) (space - p) == 2 && memcmp (p, "io", 2) == 0 && number == E2BIG)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   _("The range has more than %u runs of pages: choose a smaller range"), HELPER_RUNS_MAX);
      return FALSE;
    }
  if (!_ms_reader_failure_from_code (p, (gsize) (space - p), &failure))
    return malformed (error, "an unknown error code");
  if (number > G_MAXINT)
    return malformed (error, "an error number");
  _ms_reader_set_error (error, failure, pid, NULL,
                        failure == MS_READ_FAILURE_DENIED ? (uid_t) number : (uid_t) owner, (int) number);
  return FALSE;
}

MsPageMap *
ms_pages_parse_helper_answer (const char  *data,
                              gsize        length,
                              int          pid,
                              GError     **error)
{
  static const char header[] = "memscape-reader 1\n";
  static const char *const order[] = { "pages", "owner", "range", "runs", "end" };
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (MsPageRun));
  const char *p = data, *end = data + length;
  guint64 page_size = 4096, start = 0, stop = 0, owner = G_MAXUINT32;
  int stage = -1;
  gboolean ended = FALSE;

  if (length < sizeof header - 1 || memcmp (data, header, sizeof header - 1) != 0)
    return (malformed (error, "the header"), NULL);
  p += sizeof header - 1;

  while (p < end && !ended)
    {
      const char *newline = memchr (p, '\n', MIN ((gsize) (end - p), 40));
      const char *space;
      const char *payload;
      guint64 size, echoed;
      guint i;

      if (newline == NULL || (space = memchr (p, ' ', (gsize) (newline - p))) == NULL ||
          !parse_number (space + 1, newline, 10, &size) || size > PIECE_MAX ||
          size + 1 > (guint64) (end - newline - 1))
        return (malformed (error, "a record line"), NULL);
      payload = newline + 1;
      if (payload[size] != '\n')
        return (malformed (error, "a record's end"), NULL);

      if ((gsize) (space - p) == 5 && memcmp (p, "error", 5) == 0 && stage >= 0)
        {
          const char *after = payload + size + 1;

          if ((gsize) (end - after) != 7 || memcmp (after, "end 0\n\n", 7) != 0)
            return (malformed (error, "what follows an error"), NULL);
          set_helper_error (payload, payload + size, pid, start, stop, (guint32) owner, error);
          return NULL;
        }
      for (i = 0; i < G_N_ELEMENTS (order); i++)
        if (strlen (order[i]) == (gsize) (space - p) && memcmp (p, order[i], (gsize) (space - p)) == 0)
          break;
      /* in order; only `runs` repeats */
      if (i == G_N_ELEMENTS (order) ||
          !((int) i == stage + 1 || (i == 3 && stage == 3) || (i == 4 && stage == 2)))
        return (malformed (error, "a record out of place"), NULL);

      switch (i)
        {
        case 0:
          if (!parse_number (payload, payload + size, 10, &echoed) || echoed != (guint64) pid)
            return (malformed (error, "the pid"), NULL);
          break;
        case 1:
          if (!parse_number (payload, payload + size, 10, &owner) || owner > G_MAXUINT32)
            return (malformed (error, "the owner"), NULL);
          break;
        case 2:
          if (!parse_pair (payload, payload + size, 16, &start, &stop) || stop <= start ||
              stop - start > RANGE_MAX || start % page_size != 0 || stop % page_size != 0)
            return (malformed (error, "the range"), NULL);
          break;
        case 3:
          if (!parse_runs (payload, payload + size, page_size, start, stop, runs, error))
            return NULL;
          break;
        case 4:
          if (size != 0 || (gsize) (end - payload) != 1)
            return (malformed (error, "the end"), NULL);
          ended = TRUE;
          break;
        default:
          g_assert_not_reached ();
        }
      stage = (int) i;
      p = payload + size + 1;
    }
  if (!ended)
    return (malformed (error, "no end"), NULL);
  if (runs->len == 0)
    return (malformed (error, "no runs"), NULL);
  return ms_pages_map_from_helper (pid, start, stop, page_size, g_steal_pointer (&runs));
}

MsPageMap *
ms_pages_map_from_helper (int      pid,
                          guint64  start,
                          guint64  end,
                          guint64  page_size,
                          GArray  *runs)
{
  MsPageMap *map = g_atomic_rc_box_new0 (MsPageMap);

  map->pid = pid;
  map->start = start;
  map->end = end;
  map->page_size = page_size;
  map->method = MS_PAGE_METHOD_PAGEMAP;
  map->pfns_visible = TRUE;
  map->zero_huge_known = TRUE;
  map->n_runs = runs->len;
  map->runs = (MsPageRun *) (gpointer) g_array_free (runs, FALSE);
  return map;
}

MsPageMap *
ms_pages_read_through_helper (int            pid,
                              guint64        start,
                              guint64        end,
                              gboolean       as_administrator,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autofree char *pid_text = g_strdup_printf ("%d", pid);
  g_autofree char *start_text = g_strdup_printf ("%" G_GINT64_MODIFIER "x", start);
  g_autofree char *end_text = g_strdup_printf ("%" G_GINT64_MODIFIER "x", end);
  const char *request[] = { "pages", pid_text, start_text, end_text, NULL };
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) local_error = NULL;
  MsPrivilegedLauncher launcher;
  MsPageMap *map;

  if (pid <= 0 || pid > 4194304)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   _("“%d” is not a process ID: give a positive whole number"), pid);
      return NULL;
    }
  if (end <= start || end - start > RANGE_MAX)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   _("The privileged reader reads at most 64 GiB of pages at a time: choose a smaller range"));
      return NULL;
    }

  argv = _ms_privileged_build_argv (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ? "/.flatpak-info" : NULL,
                                    as_administrator, request, &launcher, error);
  if (argv == NULL)
    return NULL;
  process = g_subprocess_newv ((const char * const *) argv,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &local_error);
  if (process == NULL || !g_subprocess_communicate (process, NULL, cancellable, &out, &err, &local_error))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                   _("memscape-reader could not run: %s"), local_error->message);
      return NULL;
    }
  if (g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 2)
    {
      g_autofree char *reason = g_strndup (g_bytes_get_size (err) > 0 ? g_bytes_get_data (err, NULL) : "",
                                           g_bytes_get_size (err));

      g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                   _("memscape-reader refused the request: %s"), g_strstrip (reason));
      return NULL;
    }
  /* No answer at all: pkexec's 126 is a dismissed password dialog, and
   * anything else one that could not run (not a damaged answer). */
  if (g_bytes_get_size (out) == 0 &&
      !(g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0))
    {
      int status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
      g_autofree char *reason = g_strndup (g_bytes_get_size (err) > 0 ? g_bytes_get_data (err, NULL) : "",
                                           MIN (g_bytes_get_size (err), 200));

      if (status == 126 && as_administrator)
        g_set_error (error, MS_ERROR, MS_ERROR_AUTH_DISMISSED,
                     _("Authentication was dismissed: nothing was read as administrator"));
      else if (*g_strstrip (reason) != '\0' && strchr (reason, '\n') == NULL)
        g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED, _("memscape-reader could not run: %s"), reason);
      else
        g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                     _("memscape-reader could not run: it ended with status %d"), status);
      return NULL;
    }
  map = ms_pages_parse_helper_answer (g_bytes_get_data (out, NULL), g_bytes_get_size (out), pid, error);
  if (map != NULL && !(g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0))
    {
      g_clear_pointer (&map, ms_page_map_unref);
      g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                   _("memscape-reader ended with status %d after its answer"),
                   g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1);
    }
  return map;
}
