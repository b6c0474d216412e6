/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-activity.h"
#include "ms-error.h"
#include "ms-pages.h"
#include "ms-reader.h"
#include "ms-test-util.h"

/* Issue 16: the page reader, checked against an independent reading of
 * /proc/PID/pagemap (and, as root, /proc/kpageflags and /proc/kpagecount)
 * on a child made to touch a known pattern of pages. */

#define PAGE 4096u

typedef struct {
  MsTestChild *child;
  int          shared_pid;
} PageChild;

static PageChild *
page_child_start (void)
{
  PageChild *pc = g_new0 (PageChild, 1);

  pc->child = ms_test_child_start ();
  pc->shared_pid = ms_test_child_make_pages (pc->child);
  return pc;
}

static void
page_child_stop (PageChild *pc)
{
  ms_test_child_stop (pc->child);
  g_free (pc);
}

/* The test's own reading of one page: pagemap's word and, as root, the
 * page's kpageflags and kpagecount. */
typedef struct {
  guint64 entry;
  guint64 kflags;
  guint64 kcount;
} PageTruth;

static gboolean
have_pfns (void)
{
  int fd = open ("/proc/kpageflags", O_RDONLY);
  gboolean ok = fd >= 0;

  if (fd >= 0)
    close (fd);
  return ok && geteuid () == 0;
}

static PageTruth *
read_truth (int     pid,
            guint64 start,
            guint   n)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/pagemap", pid);
  PageTruth *truth = g_new0 (PageTruth, n);
  int fd = open (path, O_RDONLY);
  int flags_fd = have_pfns () ? open ("/proc/kpageflags", O_RDONLY) : -1;
  int count_fd = have_pfns () ? open ("/proc/kpagecount", O_RDONLY) : -1;

  g_assert_cmpint (fd, >=, 0);
  for (guint i = 0; i < n; i++)
    {
      guint64 pfn;

      g_assert_cmpint (pread (fd, &truth[i].entry, 8, (off_t) ((start / PAGE + i) * 8)), ==, 8);
      pfn = truth[i].entry & ((G_GUINT64_CONSTANT (1) << 55) - 1);
      if (flags_fd >= 0 && (truth[i].entry >> 63) && pfn != 0)
        {
          g_assert_cmpint (pread (flags_fd, &truth[i].kflags, 8, (off_t) (pfn * 8)), ==, 8);
          g_assert_cmpint (pread (count_fd, &truth[i].kcount, 8, (off_t) (pfn * 8)), ==, 8);
        }
    }
  close (fd);
  if (flags_fd >= 0)
    {
      close (flags_fd);
      close (count_fd);
    }
  return truth;
}

#define BIT(entry, n) (((entry) >> (n)) & 1)

/* The flags of each page of @map, from its runs. */
static guint32
flags_at (const MsPageMap *map,
          guint64          address,
          guint32         *mapcount)
{
  int i = ms_page_map_find (map, address);

  g_assert_cmpint (i, >=, 0);
  if (mapcount != NULL)
    *mapcount = map->runs[i].mapcount;
  return map->runs[i].flags;
}

/* Every page of [start, start + n pages) of @map against the test's own
 * reading of pagemap. */
static void
check_against_truth (const MsPageMap *map,
                     int              pid,
                     guint64          start,
                     guint            n)
{
  g_autofree PageTruth *truth = read_truth (pid, start, n);

  for (guint i = 0; i < n; i++)
    {
      guint64 e = truth[i].entry;
      guint32 mapcount;
      guint32 flags = flags_at (map, start + (guint64) i * PAGE, &mapcount);
      gboolean guard = BIT (e, 58);

      g_assert_cmpuint (!!(flags & MS_PAGE_PRESENT), ==, BIT (e, 63));
      g_assert_cmpuint (!!(flags & MS_PAGE_SWAPPED), ==, BIT (e, 62) && !guard && !BIT (e, 63));
      g_assert_cmpuint (!!(flags & MS_PAGE_FILE), ==, BIT (e, 61));
      g_assert_cmpuint (!!(flags & MS_PAGE_EXCLUSIVE), ==, BIT (e, 56) && BIT (e, 63));
      g_assert_cmpuint (!!(flags & MS_PAGE_SOFT_DIRTY), ==, BIT (e, 55));
      g_assert_cmpuint (!!(flags & MS_PAGE_GUARD), ==, guard);
      if (map->pfns_visible)
        {
          g_assert_cmpuint (!!(flags & MS_PAGE_ZERO), ==, BIT (truth[i].kflags, 24));
          g_assert_cmpuint (!!(flags & MS_PAGE_KSM), ==, BIT (truth[i].kflags, 21));
          g_assert_cmpuint (mapcount, ==, BIT (e, 63) ? truth[i].kcount : 0);
        }
    }
}

static MsPageMap *
read_pages (int          pid,
            guint64      start,
            guint64      end,
            MsPageMethod method)
{
  g_autoptr(MsPageReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  MsPageMap *map;

  reader = ms_page_reader_new (pid, &error);
  g_assert_no_error (error);
  map = ms_page_reader_read (reader, start, end, method, &error);
  g_assert_no_error (error);
  g_assert_nonnull (map);
  return map;
}

/* The page flags that the kernel's ageing changes at any time (LRU lists
 * are drained in batches, reclaim scans): two reads a moment apart may
 * differ in them, and the test leaves them out of comparisons. */
#define AGEING_FLAGS (MS_PAGE_REFERENCED | MS_PAGE_ACTIVE | MS_PAGE_IDLE | MS_PAGE_DIRTY)

static MsPageMap *
without_ageing (const MsPageMap *map)
{
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (MsPageRun));
  MsPageMap *copy = g_atomic_rc_box_dup (sizeof (MsPageMap), (gpointer) map);

  for (guint i = 0; i < map->n_runs; i++)
    ms_pages_append (runs, map->runs[i].start, map->runs[i].end - map->runs[i].start,
                     map->runs[i].flags & ~(guint32) AGEING_FLAGS, map->runs[i].mapcount);
  copy->n_runs = runs->len;
  copy->runs = (MsPageRun *) (gpointer) g_array_free (g_steal_pointer (&runs), FALSE);
  return copy;
}

static void assert_same_exact_runs (const MsPageMap *a,
                                    const MsPageMap *b);

/* The same runs, but for the ageing flags. */
static void
assert_same_runs (const MsPageMap *a,
                  const MsPageMap *b)
{
  g_autoptr(MsPageMap) a2 = without_ageing (a);
  g_autoptr(MsPageMap) b2 = without_ageing (b);

  assert_same_exact_runs (a2, b2);
}

static void
assert_same_exact_runs (const MsPageMap *a,
                        const MsPageMap *b)
{
  for (guint i = 0; i < MIN (a->n_runs, b->n_runs); i++)
    if (memcmp (&a->runs[i], &b->runs[i], sizeof (MsPageRun)) != 0)
      {
        for (guint j = i; j < MIN (i + 4, MIN (a->n_runs, b->n_runs)); j++)
          g_test_message ("%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x %x %u  /  %" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x %x %u",
                          a->runs[j].start, a->runs[j].end, a->runs[j].flags, a->runs[j].mapcount,
                          b->runs[j].start, b->runs[j].end, b->runs[j].flags, b->runs[j].mapcount);
        break;
      }
  g_assert_cmpuint (a->n_runs, ==, b->n_runs);
  for (guint i = 0; i < a->n_runs; i++)
    {
      g_assert_cmphex (a->runs[i].start, ==, b->runs[i].start);
      g_assert_cmphex (a->runs[i].end, ==, b->runs[i].end);
      g_assert_cmphex (a->runs[i].flags, ==, b->runs[i].flags);
      g_assert_cmpuint (a->runs[i].mapcount, ==, b->runs[i].mapcount);
    }
}

static gboolean
thp_enabled (void)
{
  g_autofree char *text = NULL;

  return g_file_get_contents ("/sys/kernel/mm/transparent_hugepage/enabled", &text, NULL, NULL) &&
         strstr (text, "[never]") == NULL;
}

static const struct {
  const char *name;
  guint       pages;
} pattern_regions[] = {
  { "pages-alternate", 64 },
  { "pages-half", 64 },
  { "pages-huge", 1024 },
  { "pages-zero", 16 },
  { "pages-file-written", 8 },
  { "pages-file-unwritten", 8 },
  { "pages-shared", 16 },
};

/* Each region of the pattern, through both readers: the same runs, each
 * page as the test's own reading of pagemap says. */
static void
test_pattern_both_paths (void)
{
  PageChild *pc = page_child_start ();
  g_autoptr(MsPageReader) probe = ms_page_reader_new (pc->child->pid, NULL);

  if (!ms_page_reader_has_scan (probe))
    g_test_message ("This kernel has no PAGEMAP_SCAN (Linux 6.7): the pagemap reader alone is checked");

  for (guint r = 0; r < G_N_ELEMENTS (pattern_regions); r++)
    {
      guint64 start = ms_test_child_address (pc->child, pattern_regions[r].name);
      guint64 end = start + (guint64) pattern_regions[r].pages * PAGE;
      g_autoptr(MsPageMap) by_pagemap = read_pages (pc->child->pid, start, end, MS_PAGE_METHOD_PAGEMAP);

      g_test_message ("%s: %u runs", pattern_regions[r].name, by_pagemap->n_runs);
      g_assert_cmpuint (by_pagemap->method, ==, MS_PAGE_METHOD_PAGEMAP);
      check_against_truth (by_pagemap, pc->child->pid, start, pattern_regions[r].pages);
      if (ms_page_reader_has_scan (probe))
        {
          g_autoptr(MsPageMap) by_scan = read_pages (pc->child->pid, start, end, MS_PAGE_METHOD_SCAN);

          g_assert_cmpuint (by_scan->method, ==, MS_PAGE_METHOD_SCAN);
          check_against_truth (by_scan, pc->child->pid, start, pattern_regions[r].pages);
          assert_same_runs (by_scan, by_pagemap);
        }
    }
  page_child_stop (pc);
}

/* What the pattern is made to be, in the reader's own words. */
static void
test_pattern_expected (void)
{
  PageChild *pc = page_child_start ();
  guint64 alternate = ms_test_child_address (pc->child, "pages-alternate");
  guint64 half = ms_test_child_address (pc->child, "pages-half");
  guint64 zero = ms_test_child_address (pc->child, "pages-zero");
  guint64 written = ms_test_child_address (pc->child, "pages-file-written");
  guint64 unwritten = ms_test_child_address (pc->child, "pages-file-unwritten");
  guint64 shared = ms_test_child_address (pc->child, "pages-shared");
  guint64 huge = ms_test_child_address (pc->child, "pages-huge");
  g_autoptr(MsPageMap) map = NULL;
  guint32 mapcount;

  map = read_pages (pc->child->pid, alternate, alternate + 64 * PAGE, MS_PAGE_METHOD_AUTO);
  for (guint i = 0; i < 64; i++)
    {
      guint32 flags = flags_at (map, alternate + i * PAGE, NULL);

      g_assert_cmpuint (!!(flags & MS_PAGE_PRESENT), ==, i % 2 == 0);
      if (i % 2 == 0)
        g_assert_true ((flags & (MS_PAGE_EXCLUSIVE | MS_PAGE_FILE)) == MS_PAGE_EXCLUSIVE);
    }
  /* every page a run of its own */
  g_assert_cmpuint (map->n_runs, ==, 64);
  g_assert_cmpuint (ms_page_map_count (map, MS_PAGE_PRESENT), ==, 32);
  g_clear_pointer (&map, ms_page_map_unref);

  map = read_pages (pc->child->pid, half, half + 64 * PAGE, MS_PAGE_METHOD_AUTO);
  for (guint i = 0; i < 64; i++)
    g_assert_cmpuint (!!(flags_at (map, half + i * PAGE, NULL) & MS_PAGE_PRESENT), ==, i < 32);
  g_clear_pointer (&map, ms_page_map_unref);

  map = read_pages (pc->child->pid, written, written + 8 * PAGE, MS_PAGE_METHOD_AUTO);
  for (guint i = 0; i < 8; i++)
    {
      guint32 flags = flags_at (map, written + i * PAGE, NULL);

      /* written: a private copy, anonymous; the rest not mapped yet */
      if (i < 4)
        g_assert_true ((flags & (MS_PAGE_PRESENT | MS_PAGE_FILE | MS_PAGE_EXCLUSIVE)) == (MS_PAGE_PRESENT | MS_PAGE_EXCLUSIVE));
      else
        g_assert_false (flags & MS_PAGE_PRESENT);
    }
  g_clear_pointer (&map, ms_page_map_unref);

  map = read_pages (pc->child->pid, unwritten, unwritten + 8 * PAGE, MS_PAGE_METHOD_AUTO);
  for (guint i = 0; i < 4; i++)
    g_assert_true ((flags_at (map, unwritten + i * PAGE, NULL) & (MS_PAGE_PRESENT | MS_PAGE_FILE)) == (MS_PAGE_PRESENT | MS_PAGE_FILE));
  g_clear_pointer (&map, ms_page_map_unref);

  map = read_pages (pc->child->pid, shared, shared + 16 * PAGE, MS_PAGE_METHOD_AUTO);
  for (guint i = 0; i < 16; i++)
    {
      guint32 flags = flags_at (map, shared + i * PAGE, &mapcount);

      g_assert_true ((flags & (MS_PAGE_PRESENT | MS_PAGE_FILE)) == (MS_PAGE_PRESENT | MS_PAGE_FILE));
      g_assert_false (flags & MS_PAGE_EXCLUSIVE);
      if (map->pfns_visible)
        g_assert_cmpuint (mapcount, ==, 2);
    }
  g_clear_pointer (&map, ms_page_map_unref);

  map = read_pages (pc->child->pid, zero, zero + 16 * PAGE, MS_PAGE_METHOD_AUTO);
  if (map->zero_huge_known)
    for (guint i = 0; i < 16; i++)
      g_assert_true ((flags_at (map, zero + i * PAGE, NULL) & (MS_PAGE_PRESENT | MS_PAGE_ZERO)) == (MS_PAGE_PRESENT | MS_PAGE_ZERO));
  else
    g_test_message ("Zero pages unknown here (no PAGEMAP_SCAN, no PFNs): not checked");
  g_clear_pointer (&map, ms_page_map_unref);

  map = read_pages (pc->child->pid, huge, huge + 1024 * PAGE, MS_PAGE_METHOD_AUTO);
  if (!thp_enabled ())
    g_test_message ("Transparent huge pages are off here (/sys/kernel/mm/transparent_hugepage/enabled): not checked");
  else if (!map->zero_huge_known)
    g_test_message ("Huge pages unknown here (no PAGEMAP_SCAN, no PFNs): not checked");
  else if (ms_page_map_count (map, MS_PAGE_HUGE) == 0)
    g_test_message ("The kernel gave no huge page to the MADV_HUGEPAGE region (memory too fragmented?): not checked");
  else
    {
      g_test_message ("%" G_GUINT64_FORMAT " huge pages", ms_page_map_count (map, MS_PAGE_HUGE | MS_PAGE_PRESENT) / 512);
      g_assert_cmpuint (ms_page_map_count (map, MS_PAGE_HUGE | MS_PAGE_PRESENT) % 512, ==, 0);
    }
  g_clear_pointer (&map, ms_page_map_unref);

  page_child_stop (pc);
}

/* @map's runs with what other processes change under us left out: how many
 * map a page, whether a page of a file is mapped by others too, and the
 * page flags that ageing changes. */
static MsPageMap *
steady_runs (const MsPageMap *map)
{
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (MsPageRun));
  MsPageMap *steady = g_atomic_rc_box_dup (sizeof (MsPageMap), (gpointer) map);

  for (guint i = 0; i < map->n_runs; i++)
    {
      guint32 flags = map->runs[i].flags & MS_PAGE_BASIC_FLAGS;

      if (flags & MS_PAGE_FILE)
        flags &= ~(guint32) MS_PAGE_EXCLUSIVE;
      ms_pages_append (runs, map->runs[i].start, map->runs[i].end - map->runs[i].start, flags, 0);
    }
  steady->n_runs = runs->len;
  steady->runs = (MsPageRun *) (gpointer) g_array_free (g_steal_pointer (&runs), FALSE);
  return steady;
}

/* The whole address space through both readers: the same runs (but for
 * what other processes change between the two reads). */
static void
test_whole_process_both_paths (void)
{
  PageChild *pc = page_child_start ();
  g_autoptr(MsPageReader) probe = ms_page_reader_new (pc->child->pid, NULL);
  g_autoptr(MsPageMap) by_scan = NULL;
  g_autoptr(MsPageMap) by_pagemap = NULL;

  if (!ms_page_reader_has_scan (probe))
    {
      g_test_skip ("This kernel has no PAGEMAP_SCAN (Linux 6.7)");
      page_child_stop (pc);
      return;
    }
  /* (ms-test-child's user address space; the vsyscall page is not in it) */
  by_pagemap = read_pages (pc->child->pid, 0, G_GUINT64_CONSTANT (0x800000000000), MS_PAGE_METHOD_PAGEMAP);
  by_scan = read_pages (pc->child->pid, 0, G_GUINT64_CONSTANT (0x800000000000), MS_PAGE_METHOD_SCAN);
  {
    g_autoptr(MsPageMap) a = steady_runs (by_scan);
    g_autoptr(MsPageMap) b = steady_runs (by_pagemap);

    assert_same_exact_runs (a, b);
  }
  page_child_stop (pc);
}

/* A range where the process maps nothing: a clear error, no map. */
static void
test_outside_any_region (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsPageReader) reader = ms_page_reader_new (child->pid, NULL);
  g_autoptr(GError) error = NULL;
  MsPageMap *map;

  map = ms_page_reader_read (reader, 0x1000, 0x3000, MS_PAGE_METHOD_AUTO, &error);
  g_assert_null (map);
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "maps nothing in 0x1000"));
  g_clear_error (&error);

  map = ms_page_reader_read (reader, 0x3000, 0x1000, MS_PAGE_METHOD_AUTO, &error);
  g_assert_null (map);
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT);
  ms_test_child_stop (child);
}

/* A range half in a mapping: only its mapped pages. */
static void
test_range_clipped (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *answer = ms_test_child_command (child, "map 4");
  guint64 mapped = g_ascii_strtoull (strchr (answer, ' ') + 1, NULL, 16);
  g_autoptr(MsPageMap) map = read_pages (child->pid, mapped + 2 * PAGE, mapped + 1000 * PAGE, MS_PAGE_METHOD_AUTO);

  g_assert_cmphex (map->runs[0].start, ==, mapped + 2 * PAGE);
  g_assert_cmpuint (ms_page_map_count (map, MS_PAGE_PRESENT), >=, 2);
  /* nothing of the gap after the mapping is in it */
  for (guint i = 0; i + 1 < map->n_runs; i++)
    g_assert_cmphex (map->runs[i].end, <=, map->runs[i + 1].start);
  ms_test_child_stop (child);
}

/* No such process, and one that exits after its reader was made. */
static void
test_process_gone (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsPageReader) reader = ms_page_reader_new (child->pid, NULL);
  g_autoptr(GError) error = NULL;
  guint64 heap = ms_test_child_address (child, "heap");
  MsPageReader *none;

  none = ms_page_reader_new (ms_test_dead_pid (), &error);
  g_assert_null (none);
  g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
  g_clear_error (&error);

  ms_test_child_stop (child);
  for (guint m = MS_PAGE_METHOD_SCAN; m <= MS_PAGE_METHOD_PAGEMAP; m++)
    {
      g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (MsPageRun));

      if (m == MS_PAGE_METHOD_SCAN && !ms_page_reader_has_scan (reader))
        continue;
      g_assert_null (ms_page_reader_read (reader, heap, heap + PAGE, m, &error));
      g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
      g_test_message ("%s", error->message);
      g_clear_error (&error);
      g_assert_false (ms_page_reader_read_span (reader, heap, heap + PAGE, m, runs, &error));
      g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
      g_clear_error (&error);
    }
}

/* A kernel without PAGEMAP_SCAN: AUTO reads pagemap, SCAN says why not. */
static void
test_no_scan (void)
{
  PageChild *pc = page_child_start ();
  g_autoptr(MsPageReader) reader = ms_page_reader_new (pc->child->pid, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsPageMap) map = NULL;
  guint64 alternate = ms_test_child_address (pc->child, "pages-alternate");

  _ms_page_reader_set_no_scan (reader, TRUE);
  g_assert_false (ms_page_reader_has_scan (reader));
  g_assert_null (ms_page_reader_read (reader, alternate, alternate + 64 * PAGE, MS_PAGE_METHOD_SCAN, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "PAGEMAP_SCAN"));
  map = ms_page_reader_read (reader, alternate, alternate + 64 * PAGE, MS_PAGE_METHOD_AUTO, NULL);
  g_assert_nonnull (map);
  g_assert_cmpuint (map->method, ==, MS_PAGE_METHOD_PAGEMAP);
  check_against_truth (map, pc->child->pid, alternate, 64);
  page_child_stop (pc);
}

/* Without CAP_SYS_ADMIN pagemap shows every PFN as 0: that must not read as
 * the zero page (PFN 0), nor give map counts or page flags. */
static void
test_hidden_pfns (void)
{
  if (geteuid () != 0 || !have_pfns ())
    {
      g_test_skip ("Not root: PFNs are hidden anyway, as the other tests see");
      return;
    }
  if (g_test_subprocess ())
    {
      PageChild *pc = page_child_start ();
      struct { guint32 version; int pid; } header = { 0x20080522, 0 };
      struct { guint32 effective, permitted, inheritable; } data[2] = { 0 };
      g_autoptr(MsPageReader) reader = NULL;
      g_autoptr(MsPageMap) map = NULL;
      guint64 zero = ms_test_child_address (pc->child, "pages-zero");
      guint64 shared = ms_test_child_address (pc->child, "pages-shared");

      /* drop CAP_SYS_ADMIN (21) from the effective set */
      g_assert_cmpint (syscall (SYS_capget, &header, data), ==, 0);
      data[0].effective &= ~(1u << 21);
      g_assert_cmpint (syscall (SYS_capset, &header, data), ==, 0);

      reader = ms_page_reader_new (pc->child->pid, NULL);
      g_assert_false (ms_page_reader_pfns_visible (reader));
      map = ms_page_reader_read (reader, zero, zero + 16 * PAGE, MS_PAGE_METHOD_PAGEMAP, NULL);
      g_assert_false (map->zero_huge_known);
      g_assert_cmpuint (ms_page_map_count (map, MS_PAGE_PRESENT), ==, 16);
      g_assert_cmpuint (ms_page_map_count (map, MS_PAGE_ZERO), ==, 0);
      g_clear_pointer (&map, ms_page_map_unref);

      if (ms_page_reader_has_scan (reader))
        {
          /* the scan knows the zero page without PFNs */
          map = ms_page_reader_read (reader, zero, zero + 16 * PAGE, MS_PAGE_METHOD_SCAN, NULL);
          g_assert_true (map->zero_huge_known);
          g_assert_cmpuint (ms_page_map_count (map, MS_PAGE_ZERO | MS_PAGE_PRESENT), ==, 16);
          g_clear_pointer (&map, ms_page_map_unref);
        }

      map = ms_page_reader_read (reader, shared, shared + 16 * PAGE, MS_PAGE_METHOD_AUTO, NULL);
      g_assert_false (map->pfns_visible);
      for (guint i = 0; i < map->n_runs; i++)
        {
          g_assert_cmpuint (map->runs[i].mapcount, ==, 0);
          g_assert_cmphex (map->runs[i].flags & MS_PAGE_KERNEL_FLAGS, ==, 0);
        }
      page_child_stop (pc);
      return;
    }
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Describing a state for a tooltip or the CSV's reader. */
static void
test_describe (void)
{
  g_autofree char *none = ms_page_flags_describe (0);
  g_autofree char *some = ms_page_flags_describe (MS_PAGE_PRESENT | MS_PAGE_EXCLUSIVE | MS_PAGE_HUGE);
  g_autofree char *guard = ms_page_flags_describe (MS_PAGE_GUARD);

  g_assert_cmpstr (none, ==, "not present");
  g_assert_cmpstr (some, ==, "present, exclusive, huge");
  g_assert_cmpstr (guard, ==, "guard");
  /* PFN 0 never reads as the zero page, with or without PFNs */
  g_assert_cmphex (ms_pages_decode_entry (G_GUINT64_CONSTANT (1) << 63, 1u << 24, TRUE) & MS_PAGE_ZERO, ==, 0);
  g_assert_cmphex (ms_pages_decode_entry ((G_GUINT64_CONSTANT (1) << 63) | 5, 1u << 24, FALSE) & MS_PAGE_ZERO, ==, 0);
  g_assert_cmphex (ms_pages_decode_entry ((G_GUINT64_CONSTANT (1) << 63) | 5, 1u << 24, TRUE) & MS_PAGE_ZERO, ==, MS_PAGE_ZERO);
  /* a guard marker is not swapped */
  g_assert_cmphex (ms_pages_decode_entry ((G_GUINT64_CONSTANT (1) << 62) | (G_GUINT64_CONSTANT (1) << 58), 0, TRUE), ==, MS_PAGE_GUARD);
}

/* The first picture's resident sizes: one PAGEMAP_SCAN of the whole
 * address space gives each region the Rss smaps gives it. */
static void
test_resident_by_region (void)
{
  PageChild *pc = page_child_start ();
  g_autoptr(MsPageReader) reader = ms_page_reader_new (pc->child->pid, NULL);
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint64 *rss = NULL;

  if (!ms_page_reader_has_scan (reader))
    {
      g_test_skip ("This kernel has no PAGEMAP_SCAN (Linux 6.7)");
      page_child_stop (pc);
      return;
    }
  snapshot = ms_read_pid (pc->child->pid, NULL, &error);
  g_assert_no_error (error);
  rss = g_new (guint64, snapshot->n_regions);
  g_assert_true (ms_page_reader_resident_by_region (reader, snapshot->regions, snapshot->n_regions, rss, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < snapshot->n_regions; i++)
    {
      const MsRegion *region = &snapshot->regions[i];

      g_test_message ("%" G_GINT64_MODIFIER "x %s: %" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT,
                      region->start, region->path ? region->path : "", rss[i], region->counters.rss);
      g_assert_cmpuint (rss[i], ==, region->counters.rss);
    }
  page_child_stop (pc);
}

/* --- activity and write churn -------------------------------------------- */

static void
child_touch (PageChild  *pc,
             const char *verb,
             guint64     address,
             guint       n)
{
  g_autofree char *command = g_strdup_printf ("%s 0x%" G_GINT64_MODIFIER "x %u", verb, address, n);
  g_autofree char *answer = ms_test_child_command (pc->child, command);

  g_assert_cmpstr (answer, ==, strcmp (verb, "write") == 0 ? "written" : "read");
}

/* What the child is made to touch between the clearing and the reading is
 * what the measurement finds used; what it does not touch, unused. */
static void
test_activity_referenced (void)
{
  PageChild *pc = page_child_start ();
  guint64 half = ms_test_child_address (pc->child, "pages-half");
  guint64 unwritten = ms_test_child_address (pc->child, "pages-file-unwritten");
  guint64 written = ms_test_child_address (pc->child, "pages-file-written");
  g_autoptr(MsActivityMeasure) measure = NULL;
  g_autoptr(MsActivity) activity = NULL;
  g_autoptr(GError) error = NULL;
  const MsActivityRegion *region;
  g_autoptr(GString) csv = g_string_new (NULL);

  measure = ms_activity_begin (pc->child->pid, MS_ACTIVITY_REFERENCED, &error);
  g_assert_no_error (error);
  /* 5 of the half region's 32 resident pages read, 3 of the written file
   * mapping's 4 private copies written, the unwritten one left alone */
  child_touch (pc, "read", half + 2 * PAGE, 5);
  child_touch (pc, "write", written, 3);
  activity = ms_activity_end (measure, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (activity->pid, ==, pc->child->pid);
  g_assert_cmpfloat (activity->seconds, >, 0);

  /* (the half region may share its mapping with the alternate one, which
   * nothing touched either) */
  region = ms_activity_find (activity, half);
  g_assert_nonnull (region);
  g_assert_cmpuint (region->referenced, ==, 5 * PAGE);
  g_assert_cmpuint (region->rss, >=, 32 * PAGE);
  region = ms_activity_find (activity, written);
  g_assert_cmpuint (region->referenced, ==, 3 * PAGE);
  region = ms_activity_find (activity, unwritten);
  g_assert_cmpuint (region->referenced, ==, 0);
  g_assert_cmpuint (region->rss, >, 0);

  ms_activity_write_csv (activity, csv);
  g_assert_true (g_str_has_prefix (csv->str, "start,end,path,rss,referenced\n"));
  {
    g_autofree char *row = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x,", written);

    g_assert_nonnull (strstr (csv->str, row));
  }
  page_child_stop (pc);
}

/* Written pages per region: soft-dirty after clear_refs 4. */
static void
test_activity_writes (void)
{
  PageChild *pc;
  guint64 half;
  g_autoptr(MsActivityMeasure) measure = NULL;
  g_autoptr(MsActivity) activity = NULL;
  g_autoptr(GError) error = NULL;
  const MsActivityRegion *region;

  if (!ms_activity_can_track_writes ())
    {
      g_assert_null (ms_activity_begin (getpid (), MS_ACTIVITY_WRITES, &error));
      g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "CONFIG_MEM_SOFT_DIRTY"));
      g_test_skip ("This kernel was built without soft-dirty tracking (CONFIG_MEM_SOFT_DIRTY)");
      return;
    }
  pc = page_child_start ();
  half = ms_test_child_address (pc->child, "pages-half");
  measure = ms_activity_begin (pc->child->pid, MS_ACTIVITY_WRITES, &error);
  g_assert_no_error (error);
  child_touch (pc, "write", half, 7);
  child_touch (pc, "read", half + 10 * PAGE, 5);
  activity = ms_activity_end (measure, NULL, &error);
  g_assert_no_error (error);
  region = ms_activity_find (activity, half);
  g_assert_cmpuint (region->dirty_pages, ==, 7);
  g_assert_cmpfloat (region->dirty_per_second, >, 0);
  page_child_stop (pc);
}

/* Bad input to a measurement: no such process, one that exits meanwhile. */
static void
test_activity_gone (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsActivityMeasure) measure = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (ms_activity_begin (ms_test_dead_pid (), MS_ACTIVITY_REFERENCED, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
  g_clear_error (&error);

  measure = ms_activity_begin (child->pid, MS_ACTIVITY_REFERENCED, &error);
  g_assert_no_error (error);
  ms_test_child_stop (child);
  g_assert_null (ms_activity_end (measure, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
}

/* --- the privileged helper ------------------------------------------------ */

/* `memscape-reader pages` gives what the direct reader gives (run here as
 * this user, which the tests are: root sees the same as the helper). */
static void
test_helper_same_pages (void)
{
  PageChild *pc = page_child_start ();
  g_autoptr(GError) error = NULL;

  if (!have_pfns ())
    {
      /* (the helper sees PFNs, a reader without root does not: they differ) */
      g_test_skip ("Not root: the helper, run as this user, sees what the reader sees only as root");
      page_child_stop (pc);
      return;
    }
  for (guint r = 0; r < G_N_ELEMENTS (pattern_regions); r++)
    {
      guint64 start = ms_test_child_address (pc->child, pattern_regions[r].name);
      guint64 end = start + (guint64) pattern_regions[r].pages * PAGE;
      g_autoptr(MsPageMap) direct = read_pages (pc->child->pid, start, end, MS_PAGE_METHOD_PAGEMAP);
      g_autoptr(MsPageMap) helper = ms_pages_read_through_helper (pc->child->pid, start, end, FALSE, NULL, &error);

      g_assert_no_error (error);
      g_assert_true (helper->pfns_visible);
      assert_same_runs (helper, direct);
      check_against_truth (helper, pc->child->pid, start, pattern_regions[r].pages);
    }

  /* nothing mapped there; a range too large; no such process */
  g_assert_null (ms_pages_read_through_helper (pc->child->pid, 0x1000, 0x3000, FALSE, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "maps nothing in 0x1000"));
  g_clear_error (&error);
  g_assert_null (ms_pages_read_through_helper (pc->child->pid, 0, G_GUINT64_CONSTANT (1) << 40, FALSE, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (ms_pages_read_through_helper (ms_test_dead_pid (), 0x1000, 0x3000, FALSE, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
  g_clear_error (&error);
  page_child_stop (pc);
}

/* The helper refuses a bad request with status 2 and nothing on stdout. */
static void
test_helper_bad_requests (void)
{
  static const char *const requests[][5] = {
    { "pages", "1", "1000", NULL },
    { "pages", "1", "2000", "1000", NULL },
    { "pages", "1", "0", "10000000000", NULL },   /* 64 GiB and a page */
    { "pages", "1", "x", "2000", NULL },
    { "pages", "0", "1000", "2000", NULL },
    { "pages", "1", "1000", "2000 ", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      const char *argv[7] = { g_getenv ("MEMSCAPE_READER") };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status;

      for (guint j = 0; requests[i][j] != NULL; j++)
        argv[j + 1] = requests[i][j];
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, NULL));
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "usage: "));
    }
}

/* A `pages` answer: the records named in @records ("NAME", "PAYLOAD", …,
 * NULL), each framed with its length, then @tail as it is. */
static char *
make_answer (const char *tail,
             ...)
{
  GString *answer = g_string_new ("memscape-reader 1\n");
  const char *name;
  va_list args;

  va_start (args, tail);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *payload = va_arg (args, const char *);

      g_string_append_printf (answer, "%s %zu\n%s\n", name, strlen (payload), payload);
    }
  va_end (args);
  g_string_append (answer, tail);
  return g_string_free (answer, FALSE);
}

#define END "end 0\n\n"

/* Answers that are not whole or not valid: MS_ERROR_MALFORMED, never a map. */
static void
test_helper_answer_parser (void)
{
  char *bad[] = {
    g_strdup (""),
    g_strdup ("memscape-reader 2\npages 2\n42\nend 0\n\n"),
    /* cut short */
    make_answer ("", "pages", "42", "owner", "0", "range", "1000 4000", "runs", "1000 3000 19 1\n", NULL),
    make_answer ("end 0\n", "pages", "42", "owner", "0", "range", "1000 4000", "runs", "1000 3000 19 1\n", NULL),
    /* a run outside the range, out of order, not page-aligned, unknown flags, cut in a line */
    make_answer (END, "pages", "42", "owner", "0", "range", "1000 4000", "runs", "0 1000 1 1\n", NULL),
    make_answer (END, "pages", "42", "owner", "0", "range", "1000 4000", "runs", "2000 3000 1 1\n1000 2000 1 1\n", NULL),
    make_answer (END, "pages", "42", "owner", "0", "range", "1000 4000", "runs", "1000 2001 1 1\n", NULL),
    make_answer (END, "pages", "42", "owner", "0", "range", "1000 4000", "runs", "1000 2000 10000 1\n", NULL),
    make_answer (END, "pages", "42", "owner", "0", "range", "1000 4000", "runs", "1000 2000 1", NULL),
    make_answer (END, "pages", "42", "owner", "0", "range", "1000 4000", "runs", "1000 2000 1 1 1\n", NULL),
    /* another process, records out of order, no runs, something after the end */
    make_answer (END, "pages", "43", "owner", "0", "range", "1000 4000", "runs", "1000 2000 1 1\n", NULL),
    make_answer (END, "pages", "42", "range", "1000 4000", "owner", "0", "runs", "1000 2000 1 1\n", NULL),
    make_answer (END, "pages", "42", "owner", "0", "range", "1000 4000", NULL),
    make_answer (END "x", "pages", "42", "owner", "0", "range", "1000 4000", "runs", "1000 2000 1 1\n", NULL),
    /* a range of more than 64 GiB */
    make_answer (END, "pages", "42", "owner", "0", "range", "0 1000001000", "runs", "1000 2000 1 1\n", NULL),
  };
  g_autofree char *good = make_answer (END, "pages", "42", "owner", "0", "range", "1000 4000",
                                       "runs", "1000 3000 19 1\n", "runs", "3000 4000 0 0\n", NULL);
  g_autofree char *exited = make_answer (END, "pages", "42", "owner", "0", "range", "1000 4000",
                                         "error", "exited 0 the process exited while it was being read", NULL);
  g_autofree char *unmapped = make_answer (END, "pages", "42", "owner", "0", "range", "1000 4000",
                                           "error", "unmapped 0 nothing is mapped in the range", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsPageMap) map = ms_pages_parse_helper_answer (good, strlen (good), 42, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (map->n_runs, ==, 2);
  g_assert_cmphex (map->runs[0].flags, ==, 0x19);
  g_assert_cmpuint (map->runs[0].mapcount, ==, 1);
  g_assert_cmphex (map->runs[1].end, ==, 0x4000);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("bad answer %u", i);
      g_assert_null (ms_pages_parse_helper_answer (bad[i], strlen (bad[i]), 42, &error));
      g_assert_error (error, MS_ERROR, MS_ERROR_MALFORMED);
      g_clear_error (&error);
      g_free (bad[i]);
    }

  /* the helper's own errors, as the reader says them */
  g_assert_null (ms_pages_parse_helper_answer (exited, strlen (exited), 42, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
  g_clear_error (&error);
  g_assert_null (ms_pages_parse_helper_answer (unmapped, strlen (unmapped), 42, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT);
}

/* --- the command line ----------------------------------------------------- */

/* $MEMSCAPE with the arguments; @method (nullable) in MEMSCAPE_PAGES_METHOD. */
static void
run_memscape (MsTestRun  *run,
              const char *method,
              ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(GStrv) envp = ms_test_environ_without_display ();
  const char *arg;
  va_list ap;

  va_start (ap, method);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  envp = method != NULL ? g_environ_setenv (envp, "MEMSCAPE_PAGES_METHOD", method, TRUE)
                        : g_environ_unsetenv (envp, "MEMSCAPE_PAGES_METHOD");
  ms_test_run_program (run, g_getenv ("MEMSCAPE"), envp, (const char * const *) args->pdata);
}

static void
assert_one_line_error (MsTestRun  *run,
                       const char *target,
                       const char *says)
{
  g_assert_false (g_spawn_check_wait_status (run->status, NULL));
  g_assert_true (g_str_has_prefix (run->err, "memscape: "));
  g_assert_nonnull (strstr (run->err, says));
  g_assert_cmpint (strchr (run->err, '\n') - run->err, ==, (long) strlen (run->err) - 1);
  if (target != NULL)
    g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
}

/* Column @name of @header ("start,end,…"). */
static int
column (char      **header,
        const char *name)
{
  for (int i = 0; header[i] != NULL; i++)
    if (strcmp (header[i], name) == 0)
      return i;
  g_assert_not_reached ();
  return -1;
}

/* A page CSV page by page: for each page, its row without start, end,
 * pages and the ageing columns (referenced, idle). */
static GPtrArray *
csv_pages (const char *csv,
           gboolean    root)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  GPtrArray *pages = g_ptr_array_new_with_free_func (g_free);

  for (guint l = 1; lines[l] != NULL && lines[l][0] != '\0'; l++)
    {
      g_auto(GStrv) f = g_strsplit (lines[l], ",", -1);
      guint64 n = g_ascii_strtoull (f[2], NULL, 10);
      g_autofree char *steady = NULL;

      /* columns 3 to 11 (present … guard, mapcount), and ksm */
      char *cut = f[root ? 12 : 11];

      f[root ? 12 : 11] = NULL;
      steady = g_strjoinv (",", f + 3);
      f[root ? 12 : 11] = cut;
      if (root)
        {
          g_autofree char *with_ksm = g_strdup_printf ("%s,%s", steady, f[14]);

          g_free (steady);
          steady = g_steal_pointer (&with_ksm);
        }
      for (guint64 k = 0; k < n; k++)
        g_ptr_array_add (pages, g_strdup (steady));
    }
  return pages;
}

/* The page CSV of each region of the pattern, page by page against the
 * test's own reading of pagemap; and the same CSV through either path. */
static void
test_cli_csv_page_by_page (void)
{
  PageChild *pc = page_child_start ();
  g_autofree char *dir = g_dir_make_tmp ("memscape-pages-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "pages.csv", NULL);
  g_autofree char *pid = g_strdup_printf ("%d", pc->child->pid);
  gboolean root = have_pfns ();
  MsTestRun run = { 0 };

  for (guint r = 0; r < G_N_ELEMENTS (pattern_regions); r++)
    {
      guint64 start = ms_test_child_address (pc->child, pattern_regions[r].name);
      guint n = pattern_regions[r].pages;
      g_autofree char *range = g_strdup_printf ("%" G_GINT64_MODIFIER "x-0x%" G_GINT64_MODIFIER "x",
                                                start, start + (guint64) n * PAGE);
      g_autofree char *csv = NULL;
      g_autofree char *csv_pagemap = NULL;
      g_autofree PageTruth *truth = NULL;
      g_auto(GStrv) lines = NULL;
      g_auto(GStrv) header = NULL;
      guint page = 0;

      run_memscape (&run, NULL, "--pid", pid, "--pages", "--range", range, "--export", target, NULL);
      g_assert_cmpstr (run.err, ==, "");
      g_assert_true (g_spawn_check_wait_status (run.status, NULL));
      g_assert_true (g_file_get_contents (target, &csv, NULL, NULL));
      truth = read_truth (pc->child->pid, start, n);

      lines = g_strsplit (csv, "\n", -1);
      header = g_strsplit (lines[0], ",", -1);
      g_assert_cmpstr (lines[0], ==, root ? "start,end,pages,present,swapped,file,exclusive,soft_dirty,zero,huge,guard,mapcount,referenced,idle,ksm"
                                          : "start,end,pages,present,swapped,file,exclusive,soft_dirty,zero,huge,guard");
      for (guint l = 1; lines[l] != NULL && lines[l][0] != '\0'; l++)
        {
          g_auto(GStrv) f = g_strsplit (lines[l], ",", -1);
          guint64 run_start = g_ascii_strtoull (f[0], NULL, 16);
          guint64 run_end = g_ascii_strtoull (f[1], NULL, 16);
          guint64 pages = g_ascii_strtoull (f[2], NULL, 10);

          g_assert_cmpuint (g_strv_length (f), ==, g_strv_length (header));
          g_assert_cmphex (run_start, ==, start + (guint64) page * PAGE);
          g_assert_cmpuint (pages * PAGE, ==, run_end - run_start);
          for (guint64 k = 0; k < pages; k++, page++)
            {
              guint64 e = truth[page].entry;

              g_assert_cmpuint (page, <, n);
              g_assert_cmpint (atoi (f[column (header, "present")]), ==, BIT (e, 63));
              g_assert_cmpint (atoi (f[column (header, "swapped")]), ==, BIT (e, 62) && !BIT (e, 58) && !BIT (e, 63));
              g_assert_cmpint (atoi (f[column (header, "file")]), ==, BIT (e, 61));
              g_assert_cmpint (atoi (f[column (header, "exclusive")]), ==, BIT (e, 56) && BIT (e, 63));
              g_assert_cmpint (atoi (f[column (header, "soft_dirty")]), ==, BIT (e, 55));
              g_assert_cmpint (atoi (f[column (header, "guard")]), ==, BIT (e, 58));
              if (root)
                {
                  g_assert_cmpint (atoi (f[column (header, "zero")]), ==, BIT (truth[page].kflags, 24));
                  g_assert_cmpint (atoi (f[column (header, "ksm")]), ==, BIT (truth[page].kflags, 21));
                  /* (the pattern's huge pages are mapped whole, by a PMD) */
                  g_assert_cmpint (atoi (f[column (header, "huge")]), ==, BIT (truth[page].kflags, 22) || BIT (truth[page].kflags, 17));
                  g_assert_cmpint (atoi (f[column (header, "mapcount")]), ==, BIT (e, 63) ? (int) truth[page].kcount : 0);
                }
            }
        }
      g_assert_cmpuint (page, ==, n);

      /* the fallback writes the same file (but for the ageing flags) */
      run_memscape (&run, "pagemap", "--pid", pid, "--pages", "--range", range, "--export", target, NULL);
      g_assert_true (g_spawn_check_wait_status (run.status, NULL));
      g_assert_true (g_file_get_contents (target, &csv_pagemap, NULL, NULL));
      {
        g_autoptr(GPtrArray) by_scan = csv_pages (csv, root);
        g_autoptr(GPtrArray) by_pagemap = csv_pages (csv_pagemap, root);

        g_assert_cmpuint (by_scan->len, ==, n);
        g_assert_cmpuint (by_pagemap->len, ==, n);
        for (guint k = 0; k < n; k++)
          g_assert_cmpstr (g_ptr_array_index (by_scan, k), ==, g_ptr_array_index (by_pagemap, k));
      }
    }

  /* the picture of the whole process */
  {
    g_autofree char *png = g_build_filename (dir, "pages.png", NULL);
    g_autofree char *bytes = NULL;
    gsize length;

    run_memscape (&run, NULL, "--pid", pid, "--pages", "--colour", "shared", "--export", png, NULL);
    g_assert_cmpstr (run.err, ==, "");
    g_assert_true (g_file_get_contents (png, &bytes, &length, NULL));
    g_assert_cmpuint (length, >, 8);
    g_assert_cmpint (memcmp (bytes, "\x89PNG", 4), ==, 0);
  }

  ms_test_run_clear (&run);
  ms_test_remove_tree (dir);
  page_child_stop (pc);
}

/* Bad input: one line on stderr, status 1, no file. */
static void
test_cli_bad_input (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *dir = g_dir_make_tmp ("memscape-pages-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "pages.csv", NULL);
  g_autofree char *svg = g_build_filename (dir, "pages.svg", NULL);
  g_autofree char *pid = g_strdup_printf ("%d", child->pid);
  g_autofree char *dead = g_strdup_printf ("%d", ms_test_dead_pid ());
  MsTestRun run = { 0 };

  run_memscape (&run, NULL, "--pid", pid, "--pages", "--range", "1000-3000", "--export", target, NULL);
  assert_one_line_error (&run, target, "maps nothing in 0x1000–0x3000");
  run_memscape (&run, NULL, "--pid", pid, "--pages", "--range", "3000-1000", "--export", target, NULL);
  assert_one_line_error (&run, target, "is empty");
  run_memscape (&run, NULL, "--pid", pid, "--pages", "--range", "fish", "--export", target, NULL);
  assert_one_line_error (&run, target, "is not a range");
  run_memscape (&run, NULL, "--pid", pid, "--pages", "--export", svg, NULL);
  assert_one_line_error (&run, svg, ".csv or a .png");
  run_memscape (&run, NULL, "--pid", pid, "--pages", "--colour", "plaid", "--export", target, NULL);
  assert_one_line_error (&run, target, "Unknown colour");
  run_memscape (&run, NULL, "--pid", pid, "--pages", NULL);
  assert_one_line_error (&run, NULL, "--pages needs --export");
  run_memscape (&run, NULL, "--pid", pid, "--range", "1000-2000", "--export", target, NULL);
  assert_one_line_error (&run, target, "go with --pages");
  run_memscape (&run, NULL, "--pages", "--export", target, NULL);
  assert_one_line_error (&run, target, "--pages needs --pid");
  run_memscape (&run, NULL, "--pid", dead, "--pages", "--export", target, NULL);
  assert_one_line_error (&run, target, "There is no process");

  run_memscape (&run, NULL, "--pid", pid, "--activity", "1", "--churn", "1", "--export", target, NULL);
  assert_one_line_error (&run, target, "not both");
  run_memscape (&run, NULL, "--pid", pid, "--activity", "-3", "--export", target, NULL);
  assert_one_line_error (&run, target, "1 to 3600 seconds");
  run_memscape (&run, NULL, "--pid", pid, "--activity", "1", "--export", svg, NULL);
  assert_one_line_error (&run, svg, "--export FILE.csv");
  run_memscape (&run, NULL, "--pid", dead, "--activity", "1", "--export", target, NULL);
  assert_one_line_error (&run, target, "There is no process");

  /* a measurement: a note that the ageing information was cleared, then the file */
  run_memscape (&run, NULL, "--pid", pid, "--activity", "1", "--export", target, NULL);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_nonnull (strstr (run.err, "ageing information"));
  g_assert_true (g_file_test (target, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_unlink (target), ==, 0);

  /* the forced fallback works where the kernel lacks PAGEMAP_SCAN */
  run_memscape (&run, "pagemap", "--pid", pid, "--pages", "--export", target, NULL);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_true (g_file_test (target, G_FILE_TEST_IS_REGULAR));

  ms_test_run_clear (&run);
  ms_test_remove_tree (dir);
  ms_test_child_stop (child);
}

/* Several spans at once, checked against the maps: each mapped one reads as
 * ms_page_reader_read_span() reads it; one shrunk or unmapped since (a
 * region of an older snapshot) is said so and never read as pages not
 * present. */
static void
test_read_spans (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsPageReader) reader = ms_page_reader_new (child->pid, NULL);
  g_autofree char *first = ms_test_child_command (child, "map 8");
  g_autofree char *second = ms_test_child_command (child, "map 16");
  g_autofree char *shrunk = NULL;
  g_autofree char *gone = NULL;
  guint64 a = g_ascii_strtoull (strchr (first, ' ') + 1, NULL, 16);
  guint64 b = g_ascii_strtoull (strchr (second, ' ') + 1, NULL, 16);
  guint64 spans[4];
  GArray *runs[2];
  gboolean mapped[2];
  g_autoptr(GError) error = NULL;

  /* in address order (mmap hands out lower addresses later) */
  g_assert_cmphex (b + 16 * PAGE, <=, a);
  spans[0] = b;
  spans[1] = b + 16 * PAGE;
  spans[2] = a;
  spans[3] = a + 8 * PAGE;
  for (guint i = 0; i < 2; i++)
    runs[i] = g_array_new (FALSE, FALSE, sizeof (MsPageRun));

  g_assert_true (ms_page_reader_read_spans (reader, spans, 2, MS_PAGE_METHOD_AUTO, runs, mapped, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GArray) alone = g_array_new (FALSE, FALSE, sizeof (MsPageRun));

      g_assert_true (mapped[i]);
      g_assert_true (ms_page_reader_read_span (reader, spans[2 * i], spans[2 * i + 1], MS_PAGE_METHOD_AUTO, alone, NULL));
      g_assert_cmpuint (runs[i]->len, >, 0);
      g_assert_cmpmem (runs[i]->data, runs[i]->len * sizeof (MsPageRun), alone->data, alone->len * sizeof (MsPageRun));
      g_assert_true (g_array_index (runs[i], MsPageRun, 0).flags & MS_PAGE_PRESENT);
    }

  /* the second mapping shrunk to half: its span is not read whole, nor
   * in part; the other still is */
  shrunk = ms_test_child_command (child, "mremap 8");
  g_assert_true (g_str_has_prefix (shrunk, "mremapped"));
  g_assert_true (ms_page_reader_read_spans (reader, spans, 2, MS_PAGE_METHOD_AUTO, runs, mapped, &error));
  g_assert_false (mapped[0]);
  g_assert_cmpuint (runs[0]->len, ==, 0);
  g_assert_true (mapped[1]);
  g_assert_cmpuint (runs[1]->len, >, 0);

  /* …and gone */
  gone = ms_test_child_command (child, "unmap");
  g_assert_cmpstr (gone, ==, "unmapped");
  g_assert_true (ms_page_reader_read_spans (reader, spans, 2, MS_PAGE_METHOD_AUTO, runs, mapped, &error));
  g_assert_false (mapped[0]);
  g_assert_cmpuint (runs[0]->len, ==, 0);
  g_assert_true (mapped[1]);

  /* none at all: nothing to do */
  g_assert_true (ms_page_reader_read_spans (reader, spans, 0, MS_PAGE_METHOD_AUTO, runs, mapped, &error));

  /* the process gone: its error */
  ms_test_child_stop (child);
  g_assert_false (ms_page_reader_read_spans (reader, spans, 2, MS_PAGE_METHOD_AUTO, runs, mapped, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
  for (guint i = 0; i < 2; i++)
    g_array_unref (runs[i]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/pages/pattern-both-paths", test_pattern_both_paths);
  g_test_add_func ("/memscape/pages/pattern-expected", test_pattern_expected);
  g_test_add_func ("/memscape/pages/whole-process-both-paths", test_whole_process_both_paths);
  g_test_add_func ("/memscape/pages/outside-any-region", test_outside_any_region);
  g_test_add_func ("/memscape/pages/range-clipped", test_range_clipped);
  g_test_add_func ("/memscape/pages/process-gone", test_process_gone);
  g_test_add_func ("/memscape/pages/no-scan", test_no_scan);
  g_test_add_func ("/memscape/pages/hidden-pfns", test_hidden_pfns);
  g_test_add_func ("/memscape/pages/describe", test_describe);
  g_test_add_func ("/memscape/pages/resident-by-region", test_resident_by_region);
  g_test_add_func ("/memscape/pages/activity-referenced", test_activity_referenced);
  g_test_add_func ("/memscape/pages/activity-writes", test_activity_writes);
  g_test_add_func ("/memscape/pages/activity-gone", test_activity_gone);
  g_test_add_func ("/memscape/pages/helper-same-pages", test_helper_same_pages);
  g_test_add_func ("/memscape/pages/helper-bad-requests", test_helper_bad_requests);
  g_test_add_func ("/memscape/pages/helper-answer-parser", test_helper_answer_parser);
  g_test_add_func ("/memscape/pages/cli-csv-page-by-page", test_cli_csv_page_by_page);
  g_test_add_func ("/memscape/pages/cli-bad-input", test_cli_bad_input);
  g_test_add_func ("/memscape/pages/read-spans", test_read_spans);

  return g_test_run ();
}
