/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-pages"

#include "config.h"

#include "ms-idle-pages-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-pages-private.h"

#define KERNEL_BITMAP  "/sys/kernel/mm/page_idle/bitmap"
#define WORDS_PER_IO   8192u     /* 64 KiB of bitmap, 512 Ki frames, per pread/pwrite at most */
#define PFN_TRACKED    MS_IDLE_PAGE_TRACKED

typedef MsIdlePage IdlePage;

/* A word of the bitmap: the bits of our frames in it, and what it read. */
typedef struct {
  guint64 index;   /* offset / 8 */
  guint64 bits;
  guint64 value;
} Word;

struct _MsIdlePages {
  MsPageReader *reader;
  int           bitmap;
  char         *bitmap_path;
  GArray       *marked;     /* IdlePage, by address */
  guint64       n_tracked;
};

static char *bitmap_path;

void
_ms_idle_pages_set_bitmap_path (const char *path)
{
  g_free (bitmap_path);
  bitmap_path = g_strdup (path);
}

const char *
_ms_idle_pages_get_bitmap_path (void)
{
  return bitmap_path != NULL ? bitmap_path : KERNEL_BITMAP;
}

/* TRUE when this process may see page frame numbers, as the page reader
 * asks it: /proc/kpageflags opens, which needs CAP_SYS_ADMIN too. */
static gboolean
frames_visible (void)
{
  int fd = open ("/proc/kpageflags", O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return FALSE;
  close (fd);
  return TRUE;
}

gboolean
_ms_idle_pages_available (void)
{
  int fd = open (_ms_idle_pages_get_bitmap_path (), O_RDWR | O_CLOEXEC);

  if (fd < 0)
    return FALSE;
  close (fd);
  return frames_visible ();
}

void
_ms_idle_pages_free (MsIdlePages *idle)
{
  g_clear_pointer (&idle->reader, ms_page_reader_free);
  if (idle->bitmap >= 0)
    close (idle->bitmap);
  g_clear_pointer (&idle->marked, g_array_unref);
  g_free (idle->bitmap_path);
  g_free (idle);
}

/* --- the process's frames ---------------------------------------------------- */

/* Every present page of the process, in address order, with its frame:
 * the present runs from the page reader (PAGEMAP_SCAN's own categories
 * where the kernel has it: a sparse mapping costs nothing), their frames
 * from pagemap. A present page whose frame reads 0 is left out: frames are
 * hidden from us, never frame 0. */
static gboolean
collect_pages (MsPageReader *reader,
               GArray       *pages,
               GError      **error)
{
  g_autoptr(MsPageMap) map = NULL;
  guint64 page_size = reader->page_size;

  g_array_set_size (pages, 0);
  map = ms_page_reader_read (reader, 0, G_MAXUINT64, MS_PAGE_METHOD_AUTO, error);
  if (map == NULL)
    return FALSE;

  for (guint r = 0; r < map->n_runs; r++)
    {
      const MsPageRun *run = &map->runs[r];
      guint64 address = run->start;

      if (!(run->flags & MS_PAGE_PRESENT))
        continue;
      while (address < run->end)
        {
          guint64 n = MIN ((guint64) BATCH_PAGES, (run->end - address) / page_size);
          ssize_t got;

          do
            got = pread (reader->pagemap, reader->entries, n * sizeof (guint64),
                         (off_t) (address / page_size * sizeof (guint64)));
          while (got < 0 && errno == EINTR);
          /* (nothing at all: the address space was torn down) */
          if (got < (ssize_t) sizeof (guint64))
            {
              _ms_page_reader_set_errno_error (reader, error, got < 0 ? errno : ESRCH);
              return FALSE;
            }
          n = (guint64) got / sizeof (guint64);
          for (guint64 k = 0; k < n; k++)
            {
              guint64 entry = reader->entries[k];
              IdlePage page = { address + k * page_size, entry & PM_PFN_MASK };

              if ((entry & PM_PRESENT) && page.pfn != 0)
                g_array_append_val (pages, page);
            }
          address += n * page_size;
        }
    }
  return TRUE;
}

/* --- the bitmap ----------------------------------------------------------------- */

static int
compare_guint64 (gconstpointer a,
                 gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* The words holding the frames of @pages (those with PFN_TRACKED only,
 * when @tracked_only), sorted, each once, with their bits. */
static GArray *
words_of (const GArray *pages,
          gboolean      tracked_only)
{
  g_autoptr(GArray) pfns = g_array_sized_new (FALSE, FALSE, sizeof (guint64), pages->len);
  GArray *words = g_array_new (FALSE, FALSE, sizeof (Word));

  for (guint i = 0; i < pages->len; i++)
    {
      const IdlePage *page = &g_array_index (pages, IdlePage, i);
      guint64 pfn = page->pfn & ~PFN_TRACKED;

      if (!tracked_only || (page->pfn & PFN_TRACKED))
        g_array_append_val (pfns, pfn);
    }
  g_array_sort (pfns, compare_guint64);
  for (guint i = 0; i < pfns->len; i++)
    {
      guint64 pfn = g_array_index (pfns, guint64, i);
      Word *last = words->len > 0 ? &g_array_index (words, Word, words->len - 1) : NULL;

      if (last == NULL || last->index != pfn / 64)
        {
          Word word = { pfn / 64, 0, 0 };

          g_array_append_val (words, word);
          last = &g_array_index (words, Word, words->len - 1);
        }
      last->bits |= G_GUINT64_CONSTANT (1) << (pfn % 64);
    }
  return words;
}

static Word *
find_word (GArray  *words,
           guint64  pfn)
{
  guint lo = 0, hi = words->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      Word *word = &g_array_index (words, Word, mid);

      if (word->index == pfn / 64)
        return word;
      if (word->index < pfn / 64)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

/* TRUE when the bit of frame @pfn read back set in @words (a GArray of
 * Word, by index). */
static gboolean
bit_still_set (guint64  pfn,
               gpointer words)
{
  const Word *word = find_word (words, pfn);

  return word != NULL && (word->value >> (pfn % 64)) & 1;
}

static gboolean
bitmap_error (GError    **error,
              const char *path,
              gboolean    writing,
              int         saved_errno)
{
  /* TRANSLATORS: the first %s is the bitmap's file name, the second why */
  g_set_error (error, MS_ERROR, saved_errno == EACCES || saved_errno == EPERM ? MS_ERROR_PERMISSION_DENIED : MS_ERROR_IO,
               writing ? _("Idle page tracking failed: writing %s: %s")
                       : _("Idle page tracking failed: reading %s: %s"),
               path, g_strerror (saved_errno));
  return FALSE;
}

/* Writes (@writing: each word's bits) or reads (into each word's value)
 * @words: one call per run of neighbouring words. Frames past the end of
 * the bitmap (the kernel's ends at the last frame of RAM: ENXIO, a short
 * write, a short read) are not tracked: they read 0. */
static gboolean
transfer_words (int         fd,
                const char *path,
                GArray     *words,
                gboolean    writing,
                GError    **error)
{
  g_autofree guint64 *buffer = g_new (guint64, WORDS_PER_IO);
  guint i = 0;

  while (i < words->len)
    {
      Word *first = &g_array_index (words, Word, i);
      guint n = 1;
      gsize length;
      ssize_t done;

      while (i + n < words->len && n < WORDS_PER_IO &&
             g_array_index (words, Word, i + n).index == first->index + n)
        n++;
      length = n * sizeof (guint64);
      for (guint k = 0; k < n; k++)
        buffer[k] = writing ? g_array_index (words, Word, i + k).bits : 0;
      do
        done = writing ? pwrite (fd, buffer, length, (off_t) (first->index * sizeof (guint64)))
                       : pread (fd, buffer, length, (off_t) (first->index * sizeof (guint64)));
      while (done < 0 && errno == EINTR);
      if (done < 0 && errno != ENXIO)
        return bitmap_error (error, path, writing, errno);
      if (!writing)
        for (guint k = 0; k < n; k++)
          g_array_index (words, Word, i + k).value = (gssize) ((k + 1) * sizeof (guint64)) <= done ? buffer[k] : 0;
      i += n;
    }
  return TRUE;
}

/* --- marking and counting ------------------------------------------------------ */

MsIdlePages *
_ms_idle_pages_mark (int      pid,
                     GError **error)
{
  g_autoptr(MsIdlePages) idle = g_new0 (MsIdlePages, 1);
  g_autoptr(GArray) words = NULL;

  idle->bitmap = -1;
  idle->bitmap_path = g_strdup (_ms_idle_pages_get_bitmap_path ());
  idle->marked = g_array_new (FALSE, FALSE, sizeof (IdlePage));

  idle->reader = ms_page_reader_new (pid, error);
  if (idle->reader == NULL)
    return NULL;
  if (!ms_page_reader_pfns_visible (idle->reader))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_PERMISSION_DENIED,
                   _("Idle page tracking needs the pages’ frame numbers, which the kernel shows to root alone (CAP_SYS_ADMIN)"));
      return NULL;
    }
  ms_page_reader_set_coarse (idle->reader, TRUE);
  idle->bitmap = open (idle->bitmap_path, O_RDWR | O_CLOEXEC);
  if (idle->bitmap < 0)
    {
      bitmap_error (error, idle->bitmap_path, TRUE, errno);
      return NULL;
    }

  if (!collect_pages (idle->reader, idle->marked, error))
    return NULL;

  /* Mark, then read back at once: a bit that did not stay set is a page
   * the kernel does not track (or, rarely, one used in that instant). */
  words = words_of (idle->marked, FALSE);
  if (!transfer_words (idle->bitmap, idle->bitmap_path, words, TRUE, error) ||
      !transfer_words (idle->bitmap, idle->bitmap_path, words, FALSE, error))
    return NULL;
  for (guint i = 0; i < idle->marked->len; i++)
    {
      IdlePage *page = &g_array_index (idle->marked, IdlePage, i);

      if (bit_still_set (page->pfn, words))
        {
          page->pfn |= PFN_TRACKED;
          idle->n_tracked++;
        }
    }
  g_debug ("Marked %u present pages of process %d idle, %" G_GUINT64_FORMAT " of them tracked by the kernel",
           idle->marked->len, pid, idle->n_tracked);
  return g_steal_pointer (&idle);
}

static void
add_accessed (GArray  *spans,
              guint64  address,
              guint64  page_size)
{
  MsActivitySpan *last = spans->len > 0 ? &g_array_index (spans, MsActivitySpan, spans->len - 1) : NULL;

  if (last != NULL && last->end == address)
    {
      last->end += page_size;
    }
  else
    {
      MsActivitySpan span = { address, address + page_size };

      g_array_append_val (spans, span);
    }
}

gboolean
_ms_idle_pages_count (MsIdlePages  *idle,
                      MsActivity   *activity,
                      GError      **error)
{
  g_autoptr(GArray) now = g_array_new (FALSE, FALSE, sizeof (IdlePage));
  g_autoptr(GArray) same = g_array_new (FALSE, FALSE, sizeof (IdlePage));
  g_autoptr(GArray) words = NULL;
  const IdlePage *marked = (const IdlePage *) (gpointer) idle->marked->data;
  guint n_marked = idle->marked->len;

  if (!collect_pages (idle->reader, now, error))
    return FALSE;

  /* The words of the pages still at the frame they were marked at, and
   * tracked: only those are read. */
  for (guint i = 0, j = 0; i < now->len; i++)
    {
      const IdlePage *page = &g_array_index (now, IdlePage, i);

      while (j < n_marked && marked[j].address < page->address)
        j++;
      if (j < n_marked && marked[j].address == page->address && marked[j].pfn == (page->pfn | PFN_TRACKED))
        g_array_append_val (same, marked[j]);
    }
  words = words_of (same, TRUE);
  if (!transfer_words (idle->bitmap, idle->bitmap_path, words, FALSE, error))
    return FALSE;

  _ms_idle_pages_decide (marked, n_marked, (const IdlePage *) (gpointer) now->data, now->len, bit_still_set, words,
                         idle->reader->page_size, activity);
  return TRUE;
}

void
_ms_idle_pages_decide (const MsIdlePage *marked,
                       guint             n_marked,
                       const MsIdlePage *now,
                       guint             n_now,
                       MsIdleBitFunc     still_idle,
                       gpointer          user_data,
                       guint64           page_size,
                       MsActivity       *activity)
{
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (MsActivitySpan));
  guint64 previous_address = 0, previous_pfn = 0;
  gboolean previous_used = FALSE;
  guint previous_region = G_MAXUINT;

  for (guint i = 0; i < activity->n_regions; i++)
    activity->regions[i].referenced = 0;
  for (guint i = 0, j = 0, r = 0; i < n_now; i++)
    {
      const IdlePage *page = &now[i];
      gboolean used;

      while (j < n_marked && marked[j].address < page->address)
        j++;
      while (r < activity->n_regions && activity->regions[r].end <= page->address)
        r++;

      if (j >= n_marked || marked[j].address != page->address || (marked[j].pfn & ~PFN_TRACKED) != page->pfn)
        {
          /* not there when marked, or at another frame: faulted in or
           * swapped in since, so touched */
          used = TRUE;
        }
      else if (marked[j].pfn & PFN_TRACKED)
        {
          used = !still_idle (page->pfn, user_data);
        }
      else
        {
          /* a page the kernel does not track: a huge page's tail goes with
           * the page before it (its head, or a tail that went with it),
           * mapped just before at the frame just before; any other counts
           * as unused (the zero page, the kernel's own pages) */
          used = previous_used && previous_region == r && previous_address + page_size == page->address &&
                 previous_pfn + 1 == page->pfn;
        }

      if (used && r < activity->n_regions && activity->regions[r].start <= page->address)
        activity->regions[r].referenced += page_size;
      if (used)
        add_accessed (spans, page->address, page_size);
      previous_address = page->address;
      previous_pfn = page->pfn;
      previous_used = used;
      previous_region = r;
    }

  g_free (activity->accessed);
  activity->n_accessed = spans->len;
  activity->accessed = (MsActivitySpan *) (gpointer) g_array_free (g_steal_pointer (&spans), FALSE);
}
