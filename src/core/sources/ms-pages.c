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
#include <linux/fs.h>

/* The PAGEMAP_SCAN of the kernel's headers, where they have it, is ours. */
#ifdef PAGEMAP_SCAN
G_STATIC_ASSERT (MS_PAGEMAP_SCAN == PAGEMAP_SCAN);
G_STATIC_ASSERT (MS_PAGE_IS_SOFT_DIRTY == PAGE_IS_SOFT_DIRTY);
#endif

/* --- the reader ------------------------------------------------------------ */

static guint32
decode_categories (guint64 categories)
{
  guint32 flags = 0;

  if (categories & MS_PAGE_IS_PRESENT)
    flags |= MS_PAGE_PRESENT;
  else if (categories & MS_PAGE_IS_SWAPPED)
    flags |= MS_PAGE_SWAPPED;
  if (categories & MS_PAGE_IS_FILE)
    flags |= MS_PAGE_FILE;
  if (categories & MS_PAGE_IS_SOFT_DIRTY)
    flags |= MS_PAGE_SOFT_DIRTY;
  if ((categories & MS_PAGE_IS_PFNZERO) && (categories & MS_PAGE_IS_PRESENT))
    flags |= MS_PAGE_ZERO;
  if ((categories & MS_PAGE_IS_HUGE) && (categories & MS_PAGE_IS_PRESENT))
    flags |= MS_PAGE_HUGE;
  if (categories & MS_PAGE_IS_GUARD)
    flags = (flags & ~(guint32) MS_PAGE_SWAPPED) | MS_PAGE_GUARD;
  return flags;
}


/* CAP_SYS_ADMIN in our effective set: the kernel shows PFNs in pagemap to
 * an opener that has it, and 0 to anyone else. */
static gboolean
have_cap_sys_admin (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return FALSE;
  line = strstr (status, "\nCapEff:");
  if (line == NULL)
    return FALSE;
  return (g_ascii_strtoull (line + 8, NULL, 16) >> 21) & 1;
}

void
_ms_page_reader_set_errno_error (MsPageReader *reader,
                 GError      **error,
                 int           saved_errno)
{
  MsReadFailure failure = MS_READ_FAILURE_IO;

  if (saved_errno == ENOENT || saved_errno == ESRCH || saved_errno == 0)
    failure = MS_READ_FAILURE_EXITED;
  else if (saved_errno == EACCES || saved_errno == EPERM)
    failure = MS_READ_FAILURE_DENIED;
  _ms_reader_set_error (error, failure, reader->pid, NULL, reader->owner, saved_errno);
}

MsPageReader *
ms_page_reader_new (int      pid,
                    GError **error)
{
  g_autoptr(MsPageReader) reader = g_new0 (MsPageReader, 1);
  struct stat st;
  int saved_errno;

  reader->pid = pid;
  reader->dir = reader->pagemap = reader->kpageflags = reader->kpagecount = -1;
  reader->owner = (uid_t) -1;
  reader->has_scan = -1;
  reader->page_size = (guint64) sysconf (_SC_PAGESIZE);

  if (pid <= 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   _("“%d” is not a process ID: give a positive whole number"), pid);
      return NULL;
    }

  reader->dir = ms_proc_open_pid (pid, &saved_errno);
  if (reader->dir < 0)
    {
      _ms_reader_set_error (error, saved_errno == ENOENT || saved_errno == ESRCH ? MS_READ_FAILURE_GONE
                                                                                 : MS_READ_FAILURE_IO,
                            pid, NULL, (uid_t) -1, saved_errno);
      return NULL;
    }
  if (fstat (reader->dir, &st) == 0)
    reader->owner = st.st_uid;

  reader->pagemap = ms_proc_open_at (reader->dir, "pagemap", O_RDONLY, &saved_errno);
  if (reader->pagemap < 0)
    {
      _ms_page_reader_set_errno_error (reader, error, saved_errno);
      return NULL;
    }

  if (have_cap_sys_admin ())
    {
      reader->kpageflags = open ("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
      reader->kpagecount = open ("/proc/kpagecount", O_RDONLY | O_CLOEXEC);
      reader->pfns_visible = reader->kpageflags >= 0 && reader->kpagecount >= 0;
    }

  reader->entries = g_new (guint64, BATCH_PAGES);
  reader->kflags = g_new (guint64, BATCH_PAGES);
  reader->kcount = g_new (guint32, BATCH_PAGES);
  reader->pfns = g_new (PfnIndex, BATCH_PAGES);
  reader->vec = g_new (struct ms_page_region, SCAN_VEC_LEN);
  reader->return_mask = MS_PAGE_IS_PRESENT | MS_PAGE_IS_SWAPPED | MS_PAGE_IS_FILE | MS_PAGE_IS_PFNZERO |
                        MS_PAGE_IS_HUGE | MS_PAGE_IS_SOFT_DIRTY | MS_PAGE_IS_GUARD;
  return g_steal_pointer (&reader);
}

void
ms_page_reader_free (MsPageReader *reader)
{
  int *fds[] = { &reader->dir, &reader->pagemap, &reader->kpageflags, &reader->kpagecount };

  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    if (*fds[i] >= 0)
      close (*fds[i]);
  g_free (reader->entries);
  g_free (reader->kflags);
  g_free (reader->kcount);
  g_free (reader->pfns);
  g_free (reader->vec);
  g_free (reader);
}

void
_ms_page_reader_set_no_scan (MsPageReader *reader,
                             gboolean      no_scan)
{
  reader->no_scan = no_scan;
}

void
ms_page_reader_set_coarse (MsPageReader *reader,
                           gboolean      coarse)
{
  reader->coarse = coarse;
}

gboolean
ms_page_reader_pfns_visible (MsPageReader *reader)
{
  return reader->pfns_visible;
}

/* One call of the ioctl; on a kernel before 6.15, which refuses
 * PAGE_IS_GUARD in the mask, again without it. -1 with errno. */
static int
scan_ioctl (MsPageReader          *reader,
            struct ms_pm_scan_arg *arg)
{
  for (;;)
    {
      int n;

      arg->return_mask = reader->return_mask;
      n = ioctl (reader->pagemap, MS_PAGEMAP_SCAN, arg);
      if (n >= 0)
        return n;
      if (errno == EINTR)
        continue;
      if (errno == EINVAL && (reader->return_mask & MS_PAGE_IS_GUARD))
        {
          reader->return_mask &= ~(guint64) MS_PAGE_IS_GUARD;
          continue;
        }
      return -1;
    }
}

gboolean
ms_page_reader_has_scan (MsPageReader *reader)
{
  if (reader->has_scan < 0)
    {
      /* An empty range: 0 where the kernel knows the ioctl; ENOTTY where it
       * does not (EINVAL for arguments it does not know). */
      struct ms_pm_scan_arg arg = { 0 };

      arg.size = sizeof arg;
      arg.vec = (guint64) (guintptr) reader->vec;
      arg.vec_len = SCAN_VEC_LEN;
      if (scan_ioctl (reader, &arg) >= 0)
        reader->has_scan = TRUE;
      else if (errno == ENOTTY || errno == EINVAL)
        {
          reader->has_scan = FALSE;
          g_debug ("No PAGEMAP_SCAN here (%s): pagemap is read instead", g_strerror (errno));
        }
      else
        {
          /* (the process is gone, say: the read will tell) */
          return !reader->no_scan;
        }
    }
  return reader->has_scan && !reader->no_scan;
}

/* pread of a whole buffer; FALSE with *saved_errno (0 at the end of the
 * file: the process's address space is gone). */
static gboolean
pread_all (int      fd,
           void    *buffer,
           gsize    length,
           guint64  offset,
           int     *saved_errno)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = pread (fd, (char *) buffer + done, length - done, (off_t) (offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          *saved_errno = n < 0 ? errno : 0;
          return FALSE;
        }
      done += (gsize) n;
    }
  return TRUE;
}

static int
compare_pfns (const void *a,
              const void *b)
{
  const PfnIndex *x = a, *y = b;

  return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

/* kpageflags and kpagecount of the batch's present pages: sorted by frame,
 * a pread of each file per stretch of nearly consecutive frames (a huge
 * page, memory allocated in one go), as the kernel computes each word it
 * is asked for. */
static void
read_pfns (MsPageReader *reader,
           guint         n)
{
  guint np = 0;

  for (guint i = 0; i < n; i++)
    {
      guint64 entry = reader->entries[i];

      reader->kflags[i] = 0;
      reader->kcount[i] = 0;
      if ((entry & PM_PRESENT) && (entry & PM_PFN_MASK) != 0)
        {
          reader->pfns[np].pfn = entry & PM_PFN_MASK;
          reader->pfns[np].index = i;
          np++;
        }
    }
  qsort (reader->pfns, np, sizeof (PfnIndex), compare_pfns);

  for (guint j = 0; j < np;)
    {
      guint64 first = reader->pfns[j].pfn;
      guint k = j;
      gsize words;

      while (k + 1 < np && reader->pfns[k + 1].pfn - reader->pfns[k].pfn <= PFN_GAP &&
             reader->pfns[k + 1].pfn - first < PFN_WINDOW)
        k++;
      words = (gsize) (reader->pfns[k].pfn - first + 1);
      /* (past the end of memory the files end: what is not read reads 0) */
      memset (reader->window_flags, 0, words * sizeof (guint64));
      memset (reader->window_count, 0, words * sizeof (guint64));
      if (pread (reader->kpageflags, reader->window_flags, words * sizeof (guint64), (off_t) (first * 8)) < 0 ||
          pread (reader->kpagecount, reader->window_count, words * sizeof (guint64), (off_t) (first * 8)) < 0)
        g_debug ("Could not read the flags of PFN %" G_GINT64_MODIFIER "x: %s", first, g_strerror (errno));
      for (; j <= k; j++)
        {
          guint64 at = reader->pfns[j].pfn - first;

          reader->kflags[reader->pfns[j].index] = reader->window_flags[at];
          reader->kcount[reader->pfns[j].index] = (guint32) MIN (reader->window_count[at], G_MAXUINT32);
        }
    }
}

/* pagemap entries of @n pages from @address into reader->entries, with
 * their page flags and map counts when PFNs are visible. */
static gboolean
read_entries (MsPageReader *reader,
              guint64       address,
              guint         n,
              GError      **error)
{
  int saved_errno;

  if (!pread_all (reader->pagemap, reader->entries, n * sizeof (guint64),
                  address / reader->page_size * sizeof (guint64), &saved_errno))
    {
      _ms_page_reader_set_errno_error (reader, error, saved_errno);
      return FALSE;
    }

  if (reader->pfns_visible)
    read_pfns (reader, n);
  else
    {
      memset (reader->kflags, 0, n * sizeof (guint64));
      memset (reader->kcount, 0, n * sizeof (guint32));
    }
  return TRUE;
}

/* Of a batch read by read_entries() from @address: is page @i part of a
 * PMD mapping? Its huge page's 512 pages are all in the batch, present and
 * at consecutive PFNs from a 2 MiB-aligned one, as the kernel maps them
 * with one PMD. (A huge page split into small mappings since then reads as
 * huge too.) */
static gboolean
is_pmd_mapped (MsPageReader *reader,
               guint64       address,
               guint         n,
               guint         i)
{
  guint64 page = address / reader->page_size + i;
  guint64 first = page - page % HUGE_PAGES;
  guint64 base;
  guint j0;

  if (reader->page_size != 4096 || first < address / reader->page_size ||
      first + HUGE_PAGES > address / reader->page_size + n)
    return FALSE;
  j0 = (guint) (first - address / reader->page_size);
  base = reader->entries[j0] & PM_PFN_MASK;
  if (base % HUGE_PAGES != 0)
    return FALSE;
  for (guint j = 0; j < HUGE_PAGES; j++)
    {
      guint64 entry = reader->entries[j0 + j];

      if (!(entry & PM_PRESENT) || (entry & PM_PFN_MASK) != base + j)
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_runs (GArray  *runs,
            GError **error)
{
  if (runs->len <= MS_PAGES_MAX_RUNS)
    return TRUE;
  g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
               _("The range has more than %u runs of pages: choose a smaller range"), MS_PAGES_MAX_RUNS);
  return FALSE;
}

/* The whole of [start, end) from pagemap. Batches start on a 2 MiB
 * boundary, so that a huge page is within one. */
static gboolean
read_span_pagemap (MsPageReader *reader,
                   guint64       start,
                   guint64       end,
                   GArray       *runs,
                   GError      **error)
{
  guint64 address = start;

  while (address < end)
    {
      guint64 batch_end = MIN (end, (address / (BATCH_PAGES * reader->page_size) + 1) * BATCH_PAGES * reader->page_size);
      guint n = (guint) ((batch_end - address) / reader->page_size);

      if (!read_entries (reader, address, n, error))
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          guint32 flags;

          /* (a stretch of pages not present in the same way: a sparse
           * mapping is mostly that, and taken whole) */
          if (!(reader->entries[i] & PM_PRESENT))
            {
              guint j = i + 1;

              while (j < n && reader->entries[j] == reader->entries[i])
                j++;
              ms_pages_append (runs, address + i * reader->page_size, (j - i) * reader->page_size,
                               ms_pages_decode_entry (reader->entries[i], 0, reader->pfns_visible), 0);
              i = j - 1;
              continue;
            }
          flags = ms_pages_decode_entry (reader->entries[i], reader->kflags[i], reader->pfns_visible);

          /* KPF_THP marks every page of a huge page, mapped by one PMD or
           * by 512 PTEs: PAGE_IS_HUGE only the first. */
          if ((flags & MS_PAGE_HUGE) && !(reader->kflags[i] & KPF (KPF_HUGE)) &&
              !is_pmd_mapped (reader, address, n, i))
            flags &= ~(guint32) MS_PAGE_HUGE;
          ms_pages_append (runs, address + i * reader->page_size, reader->page_size, flags,
                           (flags & MS_PAGE_PRESENT) ? reader->kcount[i] : 0);
        }
      if (!check_runs (runs, error))
        return FALSE;
      address = batch_end;
    }
  return TRUE;
}

/* A present run of the scan, page by page from pagemap: whether each page
 * is exclusive and, with PFNs, its flags and map count. */
static gboolean
refine_present (MsPageReader *reader,
                guint64       start,
                guint64       end,
                guint32       flags,
                GArray       *runs,
                GError      **error)
{
  guint64 address = start;

  while (address < end)
    {
      guint n = (guint) MIN ((end - address) / reader->page_size, BATCH_PAGES);

      if (!read_entries (reader, address, n, error))
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          guint64 entry = reader->entries[i];
          guint32 page_flags = flags;

          if (!(entry & PM_PRESENT))
            {
              /* changed since the scan: take pagemap's word for it */
              page_flags = ms_pages_decode_entry (entry, reader->kflags[i], reader->pfns_visible);
            }
          else
            {
              if (entry & PM_EXCLUSIVE)
                page_flags |= MS_PAGE_EXCLUSIVE;
              page_flags |= ms_pages_decode_entry (entry, reader->kflags[i], reader->pfns_visible) &
                            MS_PAGE_KERNEL_FLAGS;
            }
          ms_pages_append (runs, address + i * reader->page_size, reader->page_size, page_flags,
                           (page_flags & MS_PAGE_PRESENT) ? reader->kcount[i] : 0);
        }
      if (!check_runs (runs, error))
        return FALSE;
      address += (guint64) n * reader->page_size;
    }
  return TRUE;
}

static gboolean
read_span_scan (MsPageReader *reader,
                guint64       start,
                guint64       end,
                GArray       *runs,
                GError      **error)
{
  struct ms_pm_scan_arg arg = { 0 };
  guint64 cursor = start;

  arg.size = sizeof arg;
  arg.start = start;
  arg.end = end;
  arg.vec = (guint64) (guintptr) reader->vec;
  arg.vec_len = SCAN_VEC_LEN;

  while (cursor < end)
    {
      int n = scan_ioctl (reader, &arg);

      if (n < 0)
        {
          _ms_page_reader_set_errno_error (reader, error, errno);
          return FALSE;
        }
      for (int i = 0; i < n; i++)
        {
          const struct ms_page_region *region = &reader->vec[i];
          guint32 flags = decode_categories (region->categories);

          if (region->start < cursor || region->end > end || region->end <= region->start)
            {
              g_set_error (error, MS_ERROR, MS_ERROR_IO,
                           _("The kernel’s page scan of process %d gave a run out of order"), reader->pid);
              return FALSE;
            }
          /* What the scan skips (a mapping of device memory, or one gone
           * since) has no pages in RAM. */
          ms_pages_append (runs, cursor, region->start - cursor, 0, 0);
          if ((flags & MS_PAGE_PRESENT) && !reader->coarse)
            {
              if (!refine_present (reader, region->start, region->end, flags, runs, error))
                return FALSE;
            }
          else
            {
              ms_pages_append (runs, region->start, region->end - region->start, flags, 0);
            }
          cursor = region->end;
        }
      if (!check_runs (runs, error))
        return FALSE;
      if (arg.walk_end <= arg.start || arg.walk_end >= end)
        break;
      cursor = MAX (cursor, arg.walk_end);
      arg.start = arg.walk_end;
    }
  ms_pages_append (runs, cursor, end - MIN (cursor, end), 0, 0);
  return TRUE;
}

/* [start, end) rounded out to whole pages (the last page of the address
 * space stays out: no process maps it). */
void
ms_pages_round_out (guint64  page_size,
                    guint64 *start,
                    guint64 *end)
{
  *start -= *start % page_size;
  if (*end % page_size != 0)
    *end = *end > G_MAXUINT64 - page_size ? *end - *end % page_size : *end + page_size - *end % page_size;
}

MsPageMethod
_ms_page_reader_choose_method (MsPageReader *reader,
               MsPageMethod  method,
               GError      **error)
{
  const char *forced = g_getenv ("MEMSCAPE_PAGES_METHOD");

  if (method == MS_PAGE_METHOD_AUTO && g_strcmp0 (forced, "pagemap") == 0)
    method = MS_PAGE_METHOD_PAGEMAP;
  else if (method == MS_PAGE_METHOD_AUTO && g_strcmp0 (forced, "scan") == 0)
    method = MS_PAGE_METHOD_SCAN;

  if (method == MS_PAGE_METHOD_PAGEMAP)
    return method;
  if (ms_page_reader_has_scan (reader))
    return MS_PAGE_METHOD_SCAN;
  if (method == MS_PAGE_METHOD_SCAN)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   _("This kernel has no PAGEMAP_SCAN (it came with Linux 6.7)"));
      return MS_PAGE_METHOD_AUTO;
    }
  return MS_PAGE_METHOD_PAGEMAP;
}

gboolean
ms_page_reader_read_span (MsPageReader *reader,
                          guint64       start,
                          guint64       end,
                          MsPageMethod  method,
                          GArray       *runs,
                          GError      **error)
{
  ms_pages_round_out (reader->page_size, &start, &end);
  if (end <= start)
    return TRUE;

  method = _ms_page_reader_choose_method (reader, method, error);
  if (method == MS_PAGE_METHOD_AUTO)
    return FALSE;
  if (method == MS_PAGE_METHOD_SCAN)
    return read_span_scan (reader, start, end, runs, error);
  return read_span_pagemap (reader, start, end, runs, error);
}
