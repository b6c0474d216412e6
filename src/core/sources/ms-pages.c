/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-pages"

#include "config.h"

#include "ms-pages.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <linux/fs.h>
#include <linux/types.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-proc.h"
#include "ms-reader-private.h"

/* PAGEMAP_SCAN (Linux 6.7, include/uapi/linux/fs.h), which Debian 12's
 * headers lack: the same layout under our own names, checked by size (the
 * ioctl number encodes it). PAGE_IS_GUARD came with Linux 6.15. */
struct ms_page_region {
  __u64 start;
  __u64 end;
  __u64 categories;
};

struct ms_pm_scan_arg {
  __u64 size;
  __u64 flags;
  __u64 start;
  __u64 end;
  __u64 walk_end;
  __u64 vec;
  __u64 vec_len;
  __u64 max_pages;
  __u64 category_inverted;
  __u64 category_mask;
  __u64 category_anyof_mask;
  __u64 return_mask;
};

G_STATIC_ASSERT (sizeof (struct ms_page_region) == 24);
G_STATIC_ASSERT (sizeof (struct ms_pm_scan_arg) == 96);

#define MS_PAGEMAP_SCAN        _IOWR ('f', 16, struct ms_pm_scan_arg)
#define MS_PAGE_IS_FILE        (1 << 2)
#define MS_PAGE_IS_PRESENT     (1 << 3)
#define MS_PAGE_IS_SWAPPED     (1 << 4)
#define MS_PAGE_IS_PFNZERO     (1 << 5)
#define MS_PAGE_IS_HUGE        (1 << 6)
#define MS_PAGE_IS_SOFT_DIRTY  (1 << 7)
#define MS_PAGE_IS_GUARD       (1 << 8)

#ifdef PAGEMAP_SCAN
G_STATIC_ASSERT (MS_PAGEMAP_SCAN == PAGEMAP_SCAN);
G_STATIC_ASSERT (MS_PAGE_IS_SOFT_DIRTY == PAGE_IS_SOFT_DIRTY);
#endif

/* /proc/PID/pagemap (Documentation/admin-guide/mm/pagemap.rst) */
#define PM_PFN_MASK     ((G_GUINT64_CONSTANT (1) << 55) - 1)
#define PM_SOFT_DIRTY   (G_GUINT64_CONSTANT (1) << 55)
#define PM_EXCLUSIVE    (G_GUINT64_CONSTANT (1) << 56)
#define PM_GUARD        (G_GUINT64_CONSTANT (1) << 58)
#define PM_FILE         (G_GUINT64_CONSTANT (1) << 61)
#define PM_SWAP         (G_GUINT64_CONSTANT (1) << 62)
#define PM_PRESENT      (G_GUINT64_CONSTANT (1) << 63)

/* /proc/kpageflags (include/uapi/linux/kernel-page-flags.h) */
#define KPF_REFERENCED  2
#define KPF_DIRTY       4
#define KPF_ACTIVE      6
#define KPF_HUGE        17
#define KPF_KSM         21
#define KPF_THP         22
#define KPF_ZERO_PAGE   24
#define KPF_IDLE        25
#define KPF_MLOCKED     33
#define KPF(bit)        (G_GUINT64_CONSTANT (1) << (bit))

#define BATCH_PAGES     4096u    /* pagemap entries per pread (32 KiB) */
#define PFN_WINDOW      512u     /* kpageflags/kpagecount words per pread, at most */
#define PFN_GAP         4u       /* frames apart that one pread still takes */
#define SCAN_VEC_LEN    4096u
#define HUGE_PAGES      512u     /* 4 KiB pages in a 2 MiB PMD */
#define MAX_ATTEMPTS    3

typedef struct {
  guint64 pfn;
  guint32 index;
} PfnIndex;

struct _MsPageReader {
  int       pid;
  int       dir;
  int       pagemap;
  int       kpageflags;
  int       kpagecount;
  uid_t     owner;
  gboolean  pfns_visible;
  int       has_scan;             /* -1: not asked yet */
  guint64   return_mask;
  gboolean  no_scan;
  gboolean  coarse;               /* the scan's categories alone */
  guint64   page_size;
  guint64  *entries;              /* BATCH_PAGES */
  guint64  *kflags;               /* BATCH_PAGES */
  guint32  *kcount;               /* BATCH_PAGES */
  PfnIndex *pfns;                 /* BATCH_PAGES */
  guint64   window_flags[PFN_WINDOW];
  guint64   window_count[PFN_WINDOW];
  struct ms_page_region *vec;
};

/* --- the map --------------------------------------------------------------- */

static void
page_map_clear (gpointer data)
{
  MsPageMap *map = data;

  g_free (map->runs);
}

MsPageMap *
ms_page_map_ref (MsPageMap *map)
{
  return g_atomic_rc_box_acquire (map);
}

void
ms_page_map_unref (MsPageMap *map)
{
  g_atomic_rc_box_release_full (map, page_map_clear);
}

guint64
ms_page_map_count (const MsPageMap *map,
                   guint32          flags)
{
  guint64 pages = 0;

  for (guint i = 0; i < map->n_runs; i++)
    if ((map->runs[i].flags & flags) == flags)
      pages += (map->runs[i].end - map->runs[i].start) / map->page_size;
  return pages;
}

int
ms_page_map_find (const MsPageMap *map,
                  guint64          address)
{
  guint lo = 0, hi = map->n_runs;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (address < map->runs[mid].start)
        hi = mid;
      else if (address >= map->runs[mid].end)
        lo = mid + 1;
      else
        return (int) mid;
    }
  return -1;
}

void
ms_pages_append (GArray  *runs,
                 guint64  address,
                 guint64  length,
                 guint32  flags,
                 guint32  mapcount)
{
  MsPageRun run = { address, address + length, flags, mapcount };

  if (length == 0)
    return;
  if (runs->len > 0)
    {
      MsPageRun *last = &g_array_index (runs, MsPageRun, runs->len - 1);

      if (last->end == address && last->flags == flags && last->mapcount == mapcount)
        {
          last->end = run.end;
          return;
        }
    }
  g_array_append_val (runs, run);
}

char *
ms_page_flags_describe (guint32 flags)
{
  static const struct {
    guint32     flag;
    const char *text;
  } names[] = {
    { MS_PAGE_PRESENT, N_("present") },
    { MS_PAGE_SWAPPED, N_("swapped") },
    { MS_PAGE_GUARD, N_("guard") },
    { MS_PAGE_FILE, N_("file") },
    { MS_PAGE_EXCLUSIVE, N_("exclusive") },
    { MS_PAGE_SOFT_DIRTY, N_("soft-dirty") },
    { MS_PAGE_ZERO, N_("zero page") },
    { MS_PAGE_HUGE, N_("huge") },
    { MS_PAGE_REFERENCED, N_("referenced") },
    { MS_PAGE_IDLE, N_("idle") },
    { MS_PAGE_KSM, N_("KSM") },
    { MS_PAGE_ACTIVE, N_("active") },
    { MS_PAGE_DIRTY, N_("dirty") },
    { MS_PAGE_MLOCKED, N_("locked") },
  };
  GString *text = g_string_new (NULL);

  if (!(flags & (MS_PAGE_PRESENT | MS_PAGE_SWAPPED | MS_PAGE_GUARD)))
    g_string_append (text, _("not present"));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (flags & names[i].flag)
      {
        if (text->len > 0)
          g_string_append (text, ", ");
        g_string_append (text, _(names[i].text));
      }
  return g_string_free (text, FALSE);
}

/* --- decoding -------------------------------------------------------------- */

guint32
ms_pages_decode_entry (guint64  entry,
                       guint64  kflags,
                       gboolean pfns_visible)
{
  guint32 flags = 0;

  if (entry & PM_PRESENT)
    flags |= MS_PAGE_PRESENT;
  else if (entry & PM_SWAP)
    flags |= MS_PAGE_SWAPPED;
  if (entry & PM_FILE)
    flags |= MS_PAGE_FILE;
  /* (a migration entry can say exclusive too: only a present page counts) */
  if ((entry & PM_EXCLUSIVE) && (entry & PM_PRESENT))
    flags |= MS_PAGE_EXCLUSIVE;
  if (entry & PM_SOFT_DIRTY)
    flags |= MS_PAGE_SOFT_DIRTY;
  /* A guard page is a marker in the page table, which pagemap also calls
   * swapped: it is not. */
  if (entry & PM_GUARD)
    flags = (flags & ~(guint32) MS_PAGE_SWAPPED) | MS_PAGE_GUARD;

  /* Without CAP_SYS_ADMIN every PFN reads 0: nothing below may be guessed
   * from it, the zero page least of all. */
  if (pfns_visible && (entry & PM_PRESENT) && (entry & PM_PFN_MASK) != 0)
    {
      if (kflags & KPF (KPF_ZERO_PAGE))
        flags |= MS_PAGE_ZERO;
      if (kflags & (KPF (KPF_THP) | KPF (KPF_HUGE)))
        flags |= MS_PAGE_HUGE;
      if (kflags & KPF (KPF_REFERENCED))
        flags |= MS_PAGE_REFERENCED;
      if (kflags & KPF (KPF_IDLE))
        flags |= MS_PAGE_IDLE;
      if (kflags & KPF (KPF_KSM))
        flags |= MS_PAGE_KSM;
      if (kflags & KPF (KPF_ACTIVE))
        flags |= MS_PAGE_ACTIVE;
      if (kflags & KPF (KPF_DIRTY))
        flags |= MS_PAGE_DIRTY;
      if (kflags & KPF (KPF_MLOCKED))
        flags |= MS_PAGE_MLOCKED;
    }
  return flags;
}

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

/* --- the reader ------------------------------------------------------------ */

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

static void
set_errno_error (MsPageReader *reader,
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
      set_errno_error (reader, error, saved_errno);
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
      set_errno_error (reader, error, saved_errno);
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
          set_errno_error (reader, error, errno);
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
static void
round_out (MsPageReader *reader,
           guint64      *start,
           guint64      *end)
{
  *start -= *start % reader->page_size;
  if (*end % reader->page_size != 0)
    *end = *end > G_MAXUINT64 - reader->page_size ? *end - *end % reader->page_size
                                                  : *end + reader->page_size - *end % reader->page_size;
}

static MsPageMethod
choose_method (MsPageReader *reader,
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
  round_out (reader, &start, &end);
  if (end <= start)
    return TRUE;

  method = choose_method (reader, method, error);
  if (method == MS_PAGE_METHOD_AUTO)
    return FALSE;
  if (method == MS_PAGE_METHOD_SCAN)
    return read_span_scan (reader, start, end, runs, error);
  return read_span_pagemap (reader, start, end, runs, error);
}

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
  const char *line = text;

  while (*line != '\0')
    {
      const char *next = strchr (line, '\n');
      const char *p = line;
      guint64 lo = 0, hi = 0;
      gsize len = next != NULL ? (gsize) (next - line) : strlen (line);

      while (g_ascii_isxdigit (*p))
        lo = lo * 16 + (guint64) g_ascii_xdigit_value (*p++);
      if (*p == '-')
        {
          p++;
          while (g_ascii_isxdigit (*p))
            hi = hi * 16 + (guint64) g_ascii_xdigit_value (*p++);
          /* (the vsyscall page is the kernel's, past the process's
           * address space, where pagemap has nothing) */
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
      if (next == NULL)
        break;
      line = next + 1;
    }
}

static gboolean
read_maps (MsPageReader *reader,
           GByteArray   *buffer,
           guint64       start,
           guint64       end,
           GArray       *spans,
           GString      *lines,
           GError      **error)
{
  int saved_errno;

  g_array_set_size (spans, 0);
  g_string_truncate (lines, 0);
  if (!ms_proc_read_at (reader->dir, "maps", buffer, &saved_errno))
    {
      set_errno_error (reader, error, saved_errno);
      return FALSE;
    }
  /* An address space torn down reads as no mappings at all. */
  if (buffer->len == 0)
    {
      set_errno_error (reader, error, ESRCH);
      return FALSE;
    }
  find_mappings ((const char *) buffer->data, start, end, spans, lines);
  return TRUE;
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

  round_out (reader, &start, &end);
  if (end <= start)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT, _("The range is empty: its end must come after its start"));
      return NULL;
    }

  method = choose_method (reader, method, error);
  if (method == MS_PAGE_METHOD_AUTO)
    return NULL;

  for (guint attempt = 0;; attempt++)
    {
      if (attempt == MAX_ATTEMPTS)
        {
          g_set_error (error, MS_ERROR, MS_ERROR_IO,
                       _("Process %d changed its mappings in that range while its pages were read, at every try"),
                       reader->pid);
          return NULL;
        }
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
          set_errno_error (reader, error, errno);
          return FALSE;
        }
      /* A run can span several regions (the kernel merges across
       * mappings): each gets its part. */
      for (int i = 0; i < got; i++)
        {
          guint64 start = reader->vec[i].start;
          guint64 end = reader->vec[i].end;

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
