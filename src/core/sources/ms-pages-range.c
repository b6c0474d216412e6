/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-pages"

#include "config.h"

#include "ms-pages-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-proc.h"
#include "ms-reader-private.h"

/* --- a range, checked against the maps ------------------------------------ */

void
ms_pages_set_unmapped_error (GError  **error,
                             int       pid,
                             guint64   start,
                             guint64   end)
{
  char from[24], to[24];

  g_snprintf (from, sizeof from, "0x%" G_GINT64_MODIFIER "x", start);
  g_snprintf (to, sizeof to, "0x%" G_GINT64_MODIFIER "x", end);
  /* TRANSLATORS: a process ID, then two addresses */
  g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT, _("Process %d maps nothing in %s–%s"), pid, from, to);
}

/* The line of /proc/PID/maps text at @line: its mapping [*@lo, *@hi) (hi
 * 0 when the line does not start with one) and its length, without the
 * newline, in @len; the next line, or NULL after the last. */
static const char *
parse_maps_line (const char *line,
                 guint64    *lo,
                 guint64    *hi,
                 gsize      *len)
{
  const char *next = strchr (line, '\n');
  const char *p = line;

  *len = next != NULL ? (gsize) (next - line) : strlen (line);
  *lo = *hi = 0;
  while (g_ascii_isxdigit (*p))
    *lo = *lo * 16 + (guint64) g_ascii_xdigit_value (*p++);
  if (*p == '-')
    {
      p++;
      while (g_ascii_isxdigit (*p))
        *hi = *hi * 16 + (guint64) g_ascii_xdigit_value (*p++);
    }
  return next != NULL ? next + 1 : NULL;
}

/* The mappings of /proc/PID/maps text that overlap [start, end), as pairs
 * of addresses in @spans, and their lines in @lines (to compare with a later
 * read). */
static void
find_mappings (const char *text,
               guint64     start,
               guint64     end,
               GArray     *spans,
               GString    *lines)
{
  for (const char *line = text, *next; line != NULL && *line != '\0'; line = next)
    {
      guint64 lo, hi;
      gsize len;

      next = parse_maps_line (line, &lo, &hi, &len);
      /* (the vsyscall page is the kernel's, past the process's address
       * space, where pagemap has nothing) */
      if (hi > lo && lo < end && hi > start &&
          !(len >= 11 && memcmp (line + len - 11, "[vsyscall]", 10) == 0) &&
          !(len >= 10 && memcmp (line + len - 10, "[vsyscall]", 10) == 0))
        {
          guint64 span[2] = { MAX (lo, start), MIN (hi, end) };

          g_array_append_vals (spans, span, 2);
          g_string_append_len (lines, line, (gssize) len);
          g_string_append_c (lines, '\n');
        }
    }
}

/* The process's maps text, in @buffer (NUL-terminated). */
static gboolean
read_maps_text (MsPageReader *reader,
                GByteArray   *buffer,
                GError      **error)
{
  int saved_errno;

  if (!ms_proc_read_at (reader->dir, "maps", buffer, &saved_errno))
    {
      _ms_page_reader_set_errno_error (reader, error, saved_errno);
      return FALSE;
    }
  /* An address space torn down reads as no mappings at all. */
  if (buffer->len == 0)
    {
      _ms_page_reader_set_errno_error (reader, error, ESRCH);
      return FALSE;
    }
  return TRUE;
}

/* The process's maps read into @buffer, and its mappings in [@start,
 * @end) found there: their @spans and their @lines. */
static gboolean
read_maps (MsPageReader *reader,
           GByteArray   *buffer,
           guint64       start,
           guint64       end,
           GArray       *spans,
           GString      *lines,
           GError      **error)
{
  g_array_set_size (spans, 0);
  g_string_truncate (lines, 0);
  if (!read_maps_text (reader, buffer, error))
    return FALSE;
  find_mappings ((const char *) buffer->data, start, end, spans, lines);
  return TRUE;
}

void
_ms_pages_cover_spans (const char    *text,
                       const guint64 *spans,
                       guint          n_spans,
                       gboolean      *covered,
                       GString       *lines)
{
  g_autofree guint64 *reached = g_new (guint64, n_spans);
  guint first = 0;

  g_string_truncate (lines, 0);
  for (guint i = 0; i < n_spans; i++)
    reached[i] = spans[2 * i];
  for (const char *line = text, *next; line != NULL && *line != '\0'; line = next)
    {
      guint64 lo, hi;
      gsize len;
      gboolean overlaps = FALSE;

      next = parse_maps_line (line, &lo, &hi, &len);
      /* (maps is in address order: spans ending before this line are done) */
      while (first < n_spans && spans[2 * first + 1] <= lo)
        first++;
      for (guint i = first; hi > lo && i < n_spans && spans[2 * i] < hi; i++)
        {
          overlaps = TRUE;
          if (lo <= reached[i] && hi > reached[i])
            reached[i] = MIN (hi, spans[2 * i + 1]);
        }
      if (overlaps)
        {
          g_string_append_len (lines, line, (gssize) len);
          g_string_append_c (lines, '\n');
        }
    }
  for (guint i = 0; i < n_spans; i++)
    covered[i] = reached[i] >= spans[2 * i + 1];
}

/* The error of a read whose mappings changed under it at every try: FALSE. */
static gboolean
set_changed_at_every_try (MsPageReader  *reader,
                          GError       **error)
{
  g_set_error (error, MS_ERROR, MS_ERROR_IO,
               _("Process %d changed its mappings in that range while its pages were read, at every try"),
               reader->pid);
  return FALSE;
}

gboolean
ms_page_reader_read_spans (MsPageReader  *reader,
                           const guint64 *spans,
                           guint          n_spans,
                           MsPageMethod   method,
                           GArray       **runs,
                           gboolean      *mapped,
                           GError       **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GString) lines_after = g_string_new (NULL);
  g_autofree gboolean *mapped_after = g_new0 (gboolean, MAX (n_spans, 1));

  if (n_spans == 0)
    return TRUE;
  method = _ms_page_reader_choose_method (reader, method, error);
  if (method == MS_PAGE_METHOD_AUTO)
    return FALSE;

  for (guint attempt = 0;; attempt++)
    {
      if (attempt == MAX_ATTEMPTS)
        return set_changed_at_every_try (reader, error);
      if (!read_maps_text (reader, buffer, error))
        return FALSE;
      _ms_pages_cover_spans ((const char *) buffer->data, spans, n_spans, mapped, lines);
      for (guint i = 0; i < n_spans; i++)
        {
          g_array_set_size (runs[i], 0);
          if (mapped[i] && !ms_page_reader_read_span (reader, spans[2 * i], spans[2 * i + 1], method, runs[i], error))
            return FALSE;
        }
      /* (a mapping gone, moved or replaced meanwhile: read again) */
      if (!read_maps_text (reader, buffer, error))
        return FALSE;
      _ms_pages_cover_spans ((const char *) buffer->data, spans, n_spans, mapped_after, lines_after);
      if (g_string_equal (lines, lines_after))
        return TRUE;
      g_debug ("Process %d changed its mappings while the pages of %u spans were read", reader->pid, n_spans);
    }
}

MsPageMap *
ms_page_reader_read (MsPageReader *reader,
                     guint64       start,
                     guint64       end,
                     MsPageMethod  method,
                     GError      **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GArray) after = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GString) lines_after = g_string_new (NULL);
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (MsPageRun));
  MsPageMap *map;

  ms_pages_round_out (reader->page_size, &start, &end);
  if (end <= start)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT, _("The range is empty: its end must come after its start"));
      return NULL;
    }

  method = _ms_page_reader_choose_method (reader, method, error);
  if (method == MS_PAGE_METHOD_AUTO)
    return NULL;

  for (guint attempt = 0;; attempt++)
    {
      if (attempt == MAX_ATTEMPTS)
        return (set_changed_at_every_try (reader, error), NULL);
      if (!read_maps (reader, buffer, start, end, spans, lines, error))
        return NULL;
      if (spans->len == 0)
        {
          ms_pages_set_unmapped_error (error, reader->pid, start, end);
          return NULL;
        }

      g_array_set_size (runs, 0);
      for (guint i = 0; i < spans->len; i += 2)
        if (!ms_page_reader_read_span (reader, g_array_index (spans, guint64, i),
                                       g_array_index (spans, guint64, i + 1), method, runs, error))
          return NULL;

      /* A mapping gone, moved or replaced while its pages were read would
       * read as pages not present: a wrong picture. Read again. */
      if (!read_maps (reader, buffer, start, end, after, lines_after, error))
        return NULL;
      if (g_string_equal (lines, lines_after))
        break;
      g_debug ("Process %d changed its mappings in %" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x while they were read",
               reader->pid, start, end);
    }

  map = g_atomic_rc_box_new0 (MsPageMap);
  map->pid = reader->pid;
  map->start = start;
  map->end = end;
  map->page_size = reader->page_size;
  map->method = method;
  map->pfns_visible = reader->pfns_visible;
  map->zero_huge_known = method == MS_PAGE_METHOD_SCAN || reader->pfns_visible;
  map->n_runs = runs->len;
  map->runs = (MsPageRun *) (gpointer) g_array_free (g_steal_pointer (&runs), FALSE);
  return map;
}

/* --- resident pages per region, for a first picture ------------------------ */

gboolean
ms_page_reader_resident_by_region (MsPageReader   *reader,
                                   const MsRegion *regions,
                                   guint           n_regions,
                                   guint64        *rss,
                                   GError        **error)
{
  struct ms_pm_scan_arg arg = { 0 };
  guint64 counted = 0;   /* where the runs counted so far end */
  guint n = n_regions;
  guint r = 0;

  memset (rss, 0, n_regions * sizeof (guint64));
  /* (the vsyscall page is past the process's address space) */
  while (n > 0 && g_strcmp0 (regions[n - 1].path, "[vsyscall]") == 0)
    n--;
  if (n == 0)
    return TRUE;
  if (!ms_page_reader_has_scan (reader))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   _("This kernel has no PAGEMAP_SCAN (it came with Linux 6.7)"));
      return FALSE;
    }

  arg.size = sizeof arg;
  arg.start = regions[0].start;
  arg.end = regions[n - 1].end;
  arg.vec = (guint64) (guintptr) reader->vec;
  arg.vec_len = SCAN_VEC_LEN;
  /* present, and not the zero page (inverted: required absent) */
  arg.category_inverted = MS_PAGE_IS_PFNZERO;
  arg.category_mask = MS_PAGE_IS_PRESENT | MS_PAGE_IS_PFNZERO;
  arg.return_mask = MS_PAGE_IS_PRESENT;

  for (;;)
    {
      int got = ioctl (reader->pagemap, MS_PAGEMAP_SCAN, &arg);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          _ms_page_reader_set_errno_error (reader, error, errno);
          return FALSE;
        }
      /* A run can span several regions (the kernel merges across
       * mappings): each gets its part. */
      for (int i = 0; i < got; i++)
        {
          guint64 start = MAX (reader->vec[i].start, counted);
          guint64 end = reader->vec[i].end;

          /* When the vector fills, the kernel can give the last run again
           * at the start of the next call: count each byte once. */
          if (end <= start)
            continue;
          counted = end;
          if (r >= n || regions[r].end <= start)
            r = ms_regions_bisect (regions, n, start);
          r = r > 0 && regions[r - 1].end > start ? r - 1 : r;
          for (; r < n && regions[r].start < end; r++)
            {
              guint64 a = MAX (start, regions[r].start);
              guint64 b = MIN (end, regions[r].end);

              if (b > a)
                rss[r] += b - a;
              if (regions[r].end > end)
                break;
            }
        }
      if (arg.walk_end <= arg.start || arg.walk_end >= arg.end)
        break;
      arg.start = arg.walk_end;
    }
  return TRUE;
}

/* --- the kernel's own cost, for the benchmark ------------------------------ */

gint64
ms_pages_kernel_scan (int     fd,
                      guint64 start,
                      guint64 end)
{
  static struct ms_page_region vec[SCAN_VEC_LEN];
  struct ms_pm_scan_arg arg = { 0 };
  gint64 total = 0;

  arg.size = sizeof arg;
  arg.start = start;
  arg.end = end;
  arg.vec = (guint64) (guintptr) vec;
  arg.vec_len = SCAN_VEC_LEN;
  arg.return_mask = MS_PAGE_IS_PRESENT | MS_PAGE_IS_SWAPPED | MS_PAGE_IS_FILE | MS_PAGE_IS_PFNZERO |
                    MS_PAGE_IS_HUGE | MS_PAGE_IS_SOFT_DIRTY | MS_PAGE_IS_GUARD;
  for (;;)
    {
      int n = ioctl (fd, MS_PAGEMAP_SCAN, &arg);

      if (n < 0 && errno == EINVAL && (arg.return_mask & MS_PAGE_IS_GUARD))
        {
          arg.return_mask &= ~(guint64) MS_PAGE_IS_GUARD;
          continue;
        }
      if (n < 0)
        return -1;
      total += n;
      if (arg.walk_end <= arg.start || arg.walk_end >= end)
        return total;
      arg.start = arg.walk_end;
    }
}

gint64
ms_pages_kernel_pread (int     fd,
                       guint64 start,
                       guint64 end)
{
  static guint64 buffer[BATCH_PAGES];
  guint64 page_size = (guint64) sysconf (_SC_PAGESIZE);
  gint64 total = 0;

  for (guint64 page = start / page_size; page < end / page_size;)
    {
      guint64 n = MIN (end / page_size - page, BATCH_PAGES);
      ssize_t got = pread (fd, buffer, n * 8, (off_t) (page * 8));

      if (got <= 0)
        return -1;
      total += got;
      page += (guint64) got / 8;
    }
  return total;
}
