/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ms-activity.h"
#include "ms-error.h"
#include "ms-idle-pages-private.h"
#include "ms-test-util.h"

/* Issue 16, item 3: activity measured with idle page tracking
 * (/sys/kernel/mm/page_idle/bitmap) where the kernel has it and we are
 * root. Where the kernel has none, against a fake bitmap — a sparse file of
 * the size the kernel's would have — whose bits the tests read and clear
 * themselves, checked against the test's own reading of the child's
 * /proc/PID/pagemap. */

#define PAGE 4096u
#define KERNEL_BITMAP "/sys/kernel/mm/page_idle/bitmap"
#define PFN_MASK ((G_GUINT64_CONSTANT (1) << 55) - 1)

typedef struct {
  guint64 address;
  guint64 pfn;
} Page;

/* The test child, made to lay out issue 16's pattern of pages. */
static MsTestChild *
idle_child_start (void)
{
  MsTestChild *child = ms_test_child_start ();

  ms_test_child_make_pages (child);
  return child;
}

/* The test's own reading: every present page of @pid's mappings with its
 * frame, from /proc/PID/maps and /proc/PID/pagemap, in address order. The
 * kernel's special mappings without pages of their own ([vsyscall], and
 * [vvar], whose frames are the kernel's: PAGEMAP_SCAN passes them by, as
 * idle tracking does) are left out. */
static GArray *
read_present_pages (int pid)
{
  g_autofree char *maps_path = g_strdup_printf ("/proc/%d/maps", pid);
  g_autofree char *pagemap_path = g_strdup_printf ("/proc/%d/pagemap", pid);
  g_autofree char *maps = NULL;
  g_auto(GStrv) lines = NULL;
  GArray *pages = g_array_new (FALSE, FALSE, sizeof (Page));
  int fd = open (pagemap_path, O_RDONLY);

  g_assert_cmpint (fd, >=, 0);
  g_assert_true (g_file_get_contents (maps_path, &maps, NULL, NULL));
  lines = g_strsplit (maps, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      guint64 start = g_ascii_strtoull (lines[i], NULL, 16);
      guint64 end = g_ascii_strtoull (strchr (lines[i], '-') + 1, NULL, 16);
      g_autofree guint64 *entries = NULL;
      guint64 n = (end - start) / PAGE;

      if (g_str_has_suffix (lines[i], "[vsyscall]") || g_str_has_suffix (lines[i], "[vvar]") ||
          g_str_has_suffix (lines[i], "[vvar_vclock]"))
        continue;
      entries = g_new (guint64, n);
      g_assert_cmpint (pread (fd, entries, n * 8, (off_t) (start / PAGE * 8)), ==, (gssize) (n * 8));
      for (guint64 k = 0; k < n; k++)
        if ((entries[k] >> 63) && (entries[k] & PFN_MASK) != 0)
          {
            Page page = { start + k * PAGE, entries[k] & PFN_MASK };

            g_array_append_val (pages, page);
          }
    }
  close (fd);
  return pages;
}

static gboolean
bit_get (const guint64 *bitmap,
         gsize          n_words,
         guint64        pfn)
{
  g_assert_cmpuint (pfn / 64, <, n_words);
  return (bitmap[pfn / 64] >> (pfn % 64)) & 1;
}

static guint64 *
read_bitmap (const char *path,
             gsize      *n_words)
{
  char *data = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpuint (length % 8, ==, 0);
  *n_words = length / 8;
  return (guint64 *) (gpointer) data;
}

/* --- the kernel's own bitmap -------------------------------------------------- */

/* Where the kernel tracks idle pages: what the child is made to read after
 * the marking is what the measurement finds used, what it leaves alone
 * idle; and the process's referenced bits are not cleared. */
static void
test_kernel (void)
{
  MsTestChild *child;
  guint64 half;
  g_autoptr(MsActivityMeasure) measure = NULL;
  g_autoptr(MsActivity) activity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  const MsActivityRegion *region;

  if (!g_file_test (KERNEL_BITMAP, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("This kernel has no idle page tracking (CONFIG_IDLE_PAGE_TRACKING)");
      return;
    }
  if (!ms_test_need_frames ())
    return;
  g_assert_true (_ms_idle_pages_available ());
  g_assert_cmpint (ms_activity_choose_method (MS_ACTIVITY_REFERENCED), ==, MS_ACTIVITY_METHOD_IDLE_PAGES);

  child = idle_child_start ();
  half = ms_test_child_address (child, "pages-half");
  measure = ms_activity_begin (child->pid, MS_ACTIVITY_REFERENCED, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ms_activity_measure_get_method (measure), ==, MS_ACTIVITY_METHOD_IDLE_PAGES);
  answer = g_strdup_printf ("read 0x%" G_GINT64_MODIFIER "x 5", half + 2 * PAGE);
  g_free (ms_test_child_command (child, answer));
  activity = ms_activity_end (measure, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (activity->method, ==, MS_ACTIVITY_METHOD_IDLE_PAGES);
  region = ms_activity_find (activity, half);
  g_assert_nonnull (region);
  g_assert_cmpuint (region->referenced, ==, 5 * PAGE);
  g_assert_cmpint (ms_activity_page_used (activity, half + 2 * PAGE), ==, 1);
  g_assert_cmpint (ms_activity_page_used (activity, half + 6 * PAGE), ==, 1);
  g_assert_cmpint (ms_activity_page_used (activity, half + 7 * PAGE), ==, 0);
  g_assert_cmpint (ms_activity_page_used (activity, half), ==, 0);
  ms_test_child_stop (child);
}

/* --- a fake bitmap -------------------------------------------------------------- */

/* The method follows the bitmap: writable (and frames visible), idle
 * tracking; missing, clear_refs as before. */
static void
test_choose (void)
{
  g_autoptr(MsTestIdleBitmap) path = NULL;
  g_autoptr(MsActivityMeasure) measure = NULL;
  g_autoptr(GError) error = NULL;
  MsTestChild *child;

  if (!ms_test_need_frames ())
    return;
  path = ms_test_fake_idle_bitmap_new ();
  g_assert_true (_ms_idle_pages_available ());
  g_assert_cmpint (ms_activity_choose_method (MS_ACTIVITY_REFERENCED), ==, MS_ACTIVITY_METHOD_IDLE_PAGES);
  /* (written pages have no idle counterpart) */
  g_assert_cmpint (ms_activity_choose_method (MS_ACTIVITY_WRITES), ==, MS_ACTIVITY_METHOD_CLEAR_REFS);

  _ms_idle_pages_set_bitmap_path ("/nonexistent/page_idle/bitmap");
  g_assert_false (_ms_idle_pages_available ());
  g_assert_cmpint (ms_activity_choose_method (MS_ACTIVITY_REFERENCED), ==, MS_ACTIVITY_METHOD_CLEAR_REFS);
  child = ms_test_child_start ();
  measure = ms_activity_begin (child->pid, MS_ACTIVITY_REFERENCED, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ms_activity_measure_get_method (measure), ==, MS_ACTIVITY_METHOD_CLEAR_REFS);
  ms_test_child_stop (child);
}

/* (a) The marking sets exactly the bits of the frames of the child's
 * present pages, as the test reads them from its pagemap, and no other. */
static void
test_mark (void)
{
  g_autoptr(MsTestIdleBitmap) path = NULL;
  g_autoptr(MsActivityMeasure) measure = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pages = NULL;
  g_autoptr(GHashTable) frames = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree guint64 *bitmap = NULL;
  gsize n_words, size_before;
  guint n_set = 0;
  MsTestChild *child;
  struct stat st;

  if (!ms_test_need_frames ())
    return;
  path = ms_test_fake_idle_bitmap_new ();
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  size_before = (gsize) st.st_size;
  child = idle_child_start ();

  measure = ms_activity_begin (child->pid, MS_ACTIVITY_REFERENCED, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ms_activity_measure_get_method (measure), ==, MS_ACTIVITY_METHOD_IDLE_PAGES);

  pages = read_present_pages (child->pid);
  g_assert_cmpuint (pages->len, >, 100);
  bitmap = read_bitmap (path, &n_words);
  /* nothing written past the end of the bitmap */
  g_assert_cmpuint (n_words * 8, ==, size_before);
  for (guint i = 0; i < pages->len; i++)
    {
      Page *page = &g_array_index (pages, Page, i);

      if (!bit_get (bitmap, n_words, page->pfn))
        g_error ("The page at 0x%" G_GINT64_MODIFIER "x (frame %" G_GUINT64_FORMAT ") was not marked idle",
                 page->address, page->pfn);
      g_hash_table_add (frames, &page->pfn);
    }
  for (gsize w = 0; w < n_words; w++)
    for (guint b = 0; bitmap[w] != 0 && b < 64; b++)
      if ((bitmap[w] >> b) & 1)
        {
          guint64 pfn = w * 64 + b;

          if (!g_hash_table_contains (frames, &pfn))
            g_error ("Frame %" G_GUINT64_FORMAT " was marked idle, but no present page of the child is there", pfn);
          n_set++;
        }
  g_assert_cmpuint (n_set, ==, g_hash_table_size (frames));
  ms_test_child_stop (child);
}

/* (b) The pages whose bits the test cleared after the marking — as the
 * kernel clears the bit of a page that is accessed — are the pages the
 * measurement finds used: per region exactly their bytes, and per page. */
static void
test_count (void)
{
  g_autoptr(MsTestIdleBitmap) path = NULL;
  g_autoptr(MsActivityMeasure) measure = NULL;
  g_autoptr(MsActivity) activity = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pages = NULL;
  g_autoptr(GHashTable) cleared = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) expected = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint64 half, alternate, huge;
  guint64 total = 0;
  MsTestChild *child;

  if (!ms_test_need_frames ())
    return;
  path = ms_test_fake_idle_bitmap_new ();
  child = idle_child_start ();
  half = ms_test_child_address (child, "pages-half");
  alternate = ms_test_child_address (child, "pages-alternate");
  huge = ms_test_child_address (child, "pages-huge");

  measure = ms_activity_begin (child->pid, MS_ACTIVITY_REFERENCED, &error);
  g_assert_no_error (error);

  /* The pages chosen: the half region's pages 0–2 and 9, the alternate
   * region's written pages 4 and 20, four pages inside the huge one, and
   * the first present page of every seventh mapping. */
  pages = read_present_pages (child->pid);
  for (guint i = 0; i < pages->len; i++)
    {
      Page *page = &g_array_index (pages, Page, i);
      guint64 a = page->address;
      gboolean choose = (a >= half && a < half + 3 * PAGE) || a == half + 9 * PAGE ||
                        a == alternate + 4 * PAGE || a == alternate + 20 * PAGE ||
                        (a >= huge + 100 * PAGE && a < huge + 104 * PAGE) ||
                        (i % 37 == 0);

      if (choose && !g_hash_table_contains (cleared, &page->pfn))
        {
          ms_test_fake_idle_bitmap_clear (path, page->pfn);
          g_hash_table_add (cleared, &page->pfn);
        }
    }
  /* every page at a frame whose bit is cleared (a frame may be mapped at
   * several addresses: the zero page, a file's page mapped twice) */
  for (guint i = 0; i < pages->len; i++)
    {
      Page *page = &g_array_index (pages, Page, i);

      if (g_hash_table_contains (cleared, &page->pfn))
        g_hash_table_add (expected, &page->address);
    }
  g_assert_cmpuint (g_hash_table_size (expected), >=, 12);

  activity = ms_activity_end (measure, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (activity->method, ==, MS_ACTIVITY_METHOD_IDLE_PAGES);
  g_assert_nonnull (activity->accessed);

  /* per page */
  for (guint i = 0; i < pages->len; i++)
    {
      Page *page = &g_array_index (pages, Page, i);
      int used = ms_activity_page_used (activity, page->address);

      if (used != (int) g_hash_table_contains (expected, &page->address))
        g_error ("The page at 0x%" G_GINT64_MODIFIER "x reads %s, but its bit was %s", page->address,
                 used ? "used" : "unused", used ? "left set" : "cleared");
    }
  /* per region */
  for (guint r = 0; r < activity->n_regions; r++)
    {
      const MsActivityRegion *region = &activity->regions[r];
      guint64 bytes = 0;

      for (guint i = 0; i < pages->len; i++)
        {
          Page *page = &g_array_index (pages, Page, i);

          if (page->address >= region->start && page->address < region->end &&
              g_hash_table_contains (expected, &page->address))
            bytes += PAGE;
        }
      if (region->referenced != bytes)
        g_error ("The region 0x%" G_GINT64_MODIFIER "x–0x%" G_GINT64_MODIFIER "x (%s) used %" G_GUINT64_FORMAT
                 " bytes, but the cleared bits say %" G_GUINT64_FORMAT,
                 region->start, region->end, region->path, region->referenced, bytes);
      total += bytes;
    }
  g_assert_cmpuint (total, ==, g_hash_table_size (expected) * PAGE);

  /* the page picture's per-page heat: the half region's pages as the page
   * reader reads them, referenced exactly where used */
  {
    g_autoptr(MsPageReader) reader = ms_page_reader_new (child->pid, &error);
    g_autoptr(MsPageMap) map = NULL;
    g_autoptr(GArray) marked = g_array_new (FALSE, FALSE, sizeof (MsPageRun));

    g_assert_no_error (error);
    map = ms_page_reader_read (reader, half, half + 64 * PAGE, MS_PAGE_METHOD_AUTO, &error);
    g_assert_no_error (error);
    ms_activity_mark_runs (activity, map->runs, map->n_runs, marked);
    for (guint64 a = half; a < half + 64 * PAGE; a += PAGE)
      {
        guint32 flags = G_MAXUINT32;

        for (guint k = 0; k < marked->len && flags == G_MAXUINT32; k++)
          if (g_array_index (marked, MsPageRun, k).start <= a && a < g_array_index (marked, MsPageRun, k).end)
            flags = g_array_index (marked, MsPageRun, k).flags;
        g_assert_cmphex (flags, !=, G_MAXUINT32);
        g_assert_cmpint (!!(flags & MS_PAGE_REFERENCED), ==, g_hash_table_contains (expected, &a));
      }
  }
  g_assert_cmpuint (ms_activity_find (activity, half)->referenced, >=, 4 * PAGE);
  g_assert_cmpuint (ms_activity_find (activity, huge)->referenced, >=, 4 * PAGE);
  ms_test_child_stop (child);
}

/* The runs of a page picture split where used pages begin and end, present
 * pages marked referenced where used: a run across several spans, a span
 * across several runs, pages not present left unmarked. */
static void
test_mark_runs (void)
{
  MsActivitySpan spans[] = { { 0x1000, 0x3000 }, { 0x5000, 0x9000 } };
  MsActivity activity = { 0 };
  const MsPageRun runs[] = {
    { 0x0000, 0x6000, MS_PAGE_PRESENT | MS_PAGE_REFERENCED, 1 },
    { 0x6000, 0x7000, 0, 0 },
    { 0x7000, 0xa000, MS_PAGE_PRESENT | MS_PAGE_FILE, 2 },
  };
  const MsPageRun want[] = {
    { 0x0000, 0x1000, MS_PAGE_PRESENT, 1 },
    { 0x1000, 0x3000, MS_PAGE_PRESENT | MS_PAGE_REFERENCED, 1 },
    { 0x3000, 0x5000, MS_PAGE_PRESENT, 1 },
    { 0x5000, 0x6000, MS_PAGE_PRESENT | MS_PAGE_REFERENCED, 1 },
    { 0x6000, 0x7000, 0, 0 },
    { 0x7000, 0x9000, MS_PAGE_PRESENT | MS_PAGE_FILE | MS_PAGE_REFERENCED, 2 },
    { 0x9000, 0xa000, MS_PAGE_PRESENT | MS_PAGE_FILE, 2 },
  };
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (MsPageRun));

  /* without per-page knowledge, the runs as they are */
  ms_activity_mark_runs (&activity, runs, G_N_ELEMENTS (runs), out);
  g_assert_cmpmem (out->data, out->len * sizeof (MsPageRun), runs, sizeof runs);

  g_array_set_size (out, 0);
  activity.accessed = spans;
  activity.n_accessed = G_N_ELEMENTS (spans);
  ms_activity_mark_runs (&activity, runs, G_N_ELEMENTS (runs), out);
  g_assert_cmpuint (out->len, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < out->len; i++)
    {
      const MsPageRun *run = &g_array_index (out, MsPageRun, i);

      g_assert_cmphex (run->start, ==, want[i].start);
      g_assert_cmphex (run->end, ==, want[i].end);
      g_assert_cmphex (run->flags, ==, want[i].flags);
      g_assert_cmpuint (run->mapcount, ==, want[i].mapcount);
    }
  g_assert_cmpint (ms_activity_page_used (&activity, 0x2fff), ==, 1);
  g_assert_cmpint (ms_activity_page_used (&activity, 0x3000), ==, 0);
  g_assert_cmpint (ms_activity_page_used (&activity, 0x8000), ==, 1);
  g_assert_cmpint (ms_activity_page_used (&activity, 0x9000), ==, 0);
  activity.accessed = NULL;
  g_assert_cmpint (ms_activity_page_used (&activity, 0x2000), ==, -1);
}

/* The decision where the kernel's bitmap differs from a fake one: pages it
 * does not track (their bits did not stay set when marked). A huge page's
 * tails go with its head, used or not; the zero page and a kernel page
 * count as unused; a page faulted in, or at another frame, as used. */
static gboolean
still_idle (guint64  pfn,
            gpointer data)
{
  /* the tracked frames still at their place: 1000 and 4000 idle, 2000 and
   * 3000 accessed */
  g_assert_true (pfn == 1000 || pfn == 2000 || pfn == 3000 || pfn == 4000);
  return pfn == 1000 || pfn == 4000;
}

static void
test_decide (void)
{
  const guint64 T = MS_IDLE_PAGE_TRACKED;
  /* region A 0x10000–0x20000: a huge page at frames 1000… (its head idle),
   * then one at 2000… (its head used), then an untracked page at a frame
   * out of line (a kernel page); region B 0x20000–0x30000: the zero page
   * (untracked, frame 7), a used page (3000) and its untracked tail, a
   * tracked idle page (4000), a page at another frame than when marked
   * (swapped out and in), a page faulted in since */
  const MsIdlePage marked[] = {
    { 0x10000, 1000 | T }, { 0x11000, 1001 }, { 0x12000, 1002 },
    { 0x13000, 2000 | T }, { 0x14000, 2001 }, { 0x15000, 2002 }, { 0x16000, 9999 },
    { 0x20000, 7 }, { 0x21000, 3000 | T }, { 0x22000, 3001 }, { 0x23000, 4000 | T }, { 0x24000, 5000 | T },
  };
  const MsIdlePage now[] = {
    { 0x10000, 1000 }, { 0x11000, 1001 }, { 0x12000, 1002 },
    { 0x13000, 2000 }, { 0x14000, 2001 }, { 0x15000, 2002 }, { 0x16000, 9999 },
    { 0x20000, 7 }, { 0x21000, 3000 }, { 0x22000, 3001 }, { 0x23000, 4000 }, { 0x24000, 6000 },
    { 0x25000, 6100 },
  };
  const guint64 used[] = { 0x13000, 0x14000, 0x15000, 0x21000, 0x22000, 0x24000, 0x25000 };
  MsActivityRegion regions[] = { { .start = 0x10000, .end = 0x20000 }, { .start = 0x20000, .end = 0x30000 } };
  MsActivity activity = { .regions = regions, .n_regions = 2 };

  _ms_idle_pages_decide (marked, G_N_ELEMENTS (marked), now, G_N_ELEMENTS (now), still_idle, NULL, PAGE, &activity);
  for (guint i = 0; i < G_N_ELEMENTS (now); i++)
    {
      gboolean want = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (used); k++)
        want |= used[k] == now[i].address;
      if (ms_activity_page_used (&activity, now[i].address) != want)
        g_error ("The page at 0x%" G_GINT64_MODIFIER "x reads %s", now[i].address, want ? "unused" : "used");
    }
  g_assert_cmpuint (regions[0].referenced, ==, 3 * PAGE);
  g_assert_cmpuint (regions[1].referenced, ==, 4 * PAGE);
  /* in runs: 0x13000–0x16000, 0x21000–0x23000, 0x24000–0x26000 */
  g_assert_cmpuint (activity.n_accessed, ==, 3);
  g_assert_cmphex (activity.accessed[2].start, ==, 0x24000);
  g_assert_cmphex (activity.accessed[2].end, ==, 0x26000);
  g_free (activity.accessed);
}

/* Bad input: a bitmap that refuses to be written is one line naming it and
 * why, with no clear_refs in its place; a process gone before or during. */
static void
test_bad (void)
{
  g_autoptr(MsTestIdleBitmap) path = NULL;
  g_autoptr(MsActivityMeasure) measure = NULL;
  g_autoptr(GError) error = NULL;
  MsTestChild *child;

  if (!ms_test_need_frames ())
    return;
  path = ms_test_fake_idle_bitmap_new ();
  child = ms_test_child_start ();

  g_assert_null (ms_activity_begin (ms_test_dead_pid (), MS_ACTIVITY_REFERENCED, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
  g_clear_error (&error);

  /* /dev/full opens for writing and refuses every write (ENOSPC) */
  _ms_idle_pages_set_bitmap_path ("/dev/full");
  g_assert_cmpint (ms_activity_choose_method (MS_ACTIVITY_REFERENCED), ==, MS_ACTIVITY_METHOD_IDLE_PAGES);
  g_assert_null (ms_activity_begin (child->pid, MS_ACTIVITY_REFERENCED, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "Idle page tracking failed: writing /dev/full: "));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);

  /* gone between the marking and the reading */
  _ms_idle_pages_set_bitmap_path (path);
  measure = ms_activity_begin (child->pid, MS_ACTIVITY_REFERENCED, &error);
  g_assert_no_error (error);
  ms_test_child_stop (child);
  g_assert_null (ms_activity_end (measure, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/memscape/idle-pages/kernel", test_kernel);
  g_test_add_func ("/memscape/idle-pages/choose", test_choose);
  g_test_add_func ("/memscape/idle-pages/mark", test_mark);
  g_test_add_func ("/memscape/idle-pages/count", test_count);
  g_test_add_func ("/memscape/idle-pages/mark-runs", test_mark_runs);
  g_test_add_func ("/memscape/idle-pages/decide", test_decide);
  g_test_add_func ("/memscape/idle-pages/bad", test_bad);
  return g_test_run ();
}
