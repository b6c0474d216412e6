/* SPDX-License-Identifier: GPL-3.0-or-later */

/* memscape-reader's `pages PID START END` request (issue 16), a part of
 * memscape-reader.c (included there: it uses its output and parsing). It
 * reads, as root, the pages of the process's mappings in [START, END): from
 * /proc/PID/maps which mappings lie there, from /proc/PID/pagemap each page's
 * state and frame number, and from /proc/kpageflags and /proc/kpagecount the
 * frame's flags and map count. Frame numbers and swap locations never leave
 * this program: only what Memscape shows.
 *
 *   START and END are hexadecimal (1 to 16 digits, an optional 0x), END
 *   after START, at most PAGES_RANGE_MAX apart; they are rounded out to
 *   pages. Anything else is a bad request (exit status 2).
 *
 * `pages PID START END` writes, in this order:
 *   pages    the PID, in decimal (the request, echoed)
 *   owner    the uid that owns /proc/PID, in decimal
 *   range    "START END", the page-aligned range, in hexadecimal
 *   runs     text lines "START END FLAGS MAPCOUNT\n", in pieces of at most
 *            256 KiB each ending with a whole line: a run of pages in one
 *            state, START and END hexadecimal and page-aligned, in increasing
 *            order without overlap, only where a mapping is; FLAGS the
 *            state's bits in hexadecimal (MsPageFlags of
 *            src/core/sources/ms-pages.h: 0x1 present, 0x2 swapped, 0x4 file,
 *            0x8 exclusive, 0x10 soft-dirty, 0x20 zero page, 0x40 huge, 0x80
 *            guard, 0x100 referenced, 0x200 idle, 0x400 KSM, 0x800 active,
 *            0x1000 dirty, 0x2000 mlocked); MAPCOUNT decimal. Absent when
 *            nothing is mapped in the range (then an error says so)
 *   end
 * Errors as for `read`, and:
 *   unmapped   nothing is mapped in the range (0)
 *   changed    the mappings in the range changed while they were read (0)
 *   io 7       more than PAGES_RUNS_MAX runs (E2BIG): ask for less
 */

#define PAGES_RANGE_MAX  ((uint64_t) 64 << 30)     /* 64 GiB: 16 Mi pages */
#define PAGES_RUNS_MAX   (1024u * 1024)
#define PAGES_SPANS_MAX  65536u
#define PAGES_BATCH      4096u
#define PAGES_PFN_WINDOW 64u
#define PAGES_PIECE_MAX  (256u * 1024)

#define PM_PFN_MASK     ((UINT64_C (1) << 55) - 1)
#define PM_SOFT_DIRTY   (UINT64_C (1) << 55)
#define PM_EXCLUSIVE    (UINT64_C (1) << 56)
#define PM_GUARD        (UINT64_C (1) << 58)
#define PM_FILE         (UINT64_C (1) << 61)
#define PM_SWAP         (UINT64_C (1) << 62)
#define PM_PRESENT      (UINT64_C (1) << 63)
#define KPF(bit)        (UINT64_C (1) << (bit))

static uint64_t pages_spans[2 * PAGES_SPANS_MAX];
static uint64_t pages_spans_after[2 * PAGES_SPANS_MAX];
static uint64_t pages_entries[PAGES_BATCH];
static uint64_t pages_kflags[PAGES_BATCH];
static uint64_t pages_kcount[PAGES_BATCH];
static uint64_t pages_window_flags[PAGES_PFN_WINDOW];
static uint64_t pages_window_count[PAGES_PFN_WINDOW];
static uint64_t pages_window_first = UINT64_MAX;

typedef struct {
  uint64_t start, end;
  uint32_t flags, mapcount;
  int      open;
  uint32_t count;
} PagesRun;

static PagesRun pages_run;

/* The mappings of /proc/PID/maps that overlap [start, end), clipped, into
 * @spans (pairs); the [vsyscall] page is the kernel's and left out. Returns
 * 0 or an errno value; *n is the number of spans. */
static int
pages_read_spans (int       dir,
                  uint64_t  start,
                  uint64_t  end,
                  uint64_t *spans,
                  size_t   *n)
{
  int fd = openat (dir, "maps", O_PROC_FILE);
  size_t filled = 0, total = 0;

  *n = 0;
  if (fd < 0)
    return errno;
  for (;;)
    {
      ssize_t got = read (fd, smaps_piece + filled, sizeof smaps_piece - 1 - filled);
      char *line, *newline;

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int saved_errno = errno;

          close (fd);
          return saved_errno;
        }
      total += (size_t) got;
      filled += (size_t) got;
      smaps_piece[filled] = '\0';

      line = smaps_piece;
      while ((newline = memchr (line, '\n', filled - (size_t) (line - smaps_piece))) != NULL ||
             (got == 0 && line < smaps_piece + filled))
        {
          uint64_t lo = 0, hi = 0;
          const char *p = line;
          size_t length;

          if (newline == NULL)
            newline = smaps_piece + filled;
          *newline = '\0';
          length = (size_t) (newline - line);
          while ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))
            lo = (lo << 4) | (uint64_t) (*p <= '9' ? *p - '0' : *p - 'a' + 10), p++;
          if (*p == '-')
            for (p++; (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'); p++)
              hi = (hi << 4) | (uint64_t) (*p <= '9' ? *p - '0' : *p - 'a' + 10);
          if (hi > lo && lo < end && hi > start &&
              !(length >= 10 && memcmp (newline - 10, "[vsyscall]", 10) == 0))
            {
              if (*n == PAGES_SPANS_MAX)
                {
                  close (fd);
                  return E2BIG;
                }
              spans[2 * *n] = lo > start ? lo : start;
              spans[2 * *n + 1] = hi < end ? hi : end;
              (*n)++;
            }
          line = newline + 1;
          if (line > smaps_piece + filled)
            line = smaps_piece + filled;
        }
      /* the start of a line cut by the buffer's end comes first */
      filled -= (size_t) (line - smaps_piece);
      memmove (smaps_piece, line, filled);
      if (filled == sizeof smaps_piece - 1)
        filled = 0;   /* (no maps line is that long) */
      if (got == 0 || total > SMAPS_MAX)
        break;
    }
  close (fd);
  return 0;
}

static char pages_piece[PAGES_PIECE_MAX];
static size_t pages_piece_length;

static void
pages_emit_piece (void)
{
  if (pages_piece_length > 0)
    out_record ("runs", pages_piece, pages_piece_length);
  pages_piece_length = 0;
}

/* Writes the open run; FALSE past PAGES_RUNS_MAX. */
static int
pages_close_run (void)
{
  char line[80];
  size_t n = 0;

  if (!pages_run.open)
    return 1;
  pages_run.open = 0;
  if (++pages_run.count > PAGES_RUNS_MAX)
    return 0;
  n += format_hex (line + n, pages_run.start);
  line[n++] = ' ';
  n += format_hex (line + n, pages_run.end);
  line[n++] = ' ';
  n += format_hex (line + n, pages_run.flags);
  line[n++] = ' ';
  n += format_decimal (line + n, pages_run.mapcount);
  line[n++] = '\n';
  if (pages_piece_length + n > sizeof pages_piece)
    pages_emit_piece ();
  memcpy (pages_piece + pages_piece_length, line, n);
  pages_piece_length += n;
  return 1;
}

static int
pages_add (uint64_t address,
           uint64_t length,
           uint32_t flags,
           uint32_t mapcount)
{
  if (pages_run.open && pages_run.end == address && pages_run.flags == flags && pages_run.mapcount == mapcount)
    {
      pages_run.end += length;
      return 1;
    }
  if (!pages_close_run ())
    return 0;
  pages_run.open = 1;
  pages_run.start = address;
  pages_run.end = address + length;
  pages_run.flags = flags;
  pages_run.mapcount = mapcount;
  return 1;
}

static void
pages_read_pfn (int       kflags_fd,
                int       kcount_fd,
                uint64_t  pfn,
                uint64_t *kflags,
                uint64_t *kcount)
{
  if (pages_window_first == UINT64_MAX || pfn < pages_window_first || pfn >= pages_window_first + PAGES_PFN_WINDOW)
    {
      uint64_t first = pfn - pfn % PAGES_PFN_WINDOW;

      memset (pages_window_flags, 0, sizeof pages_window_flags);
      memset (pages_window_count, 0, sizeof pages_window_count);
      if (kflags_fd >= 0 && pread (kflags_fd, pages_window_flags, sizeof pages_window_flags, (off_t) (first * 8)) < 0)
        memset (pages_window_flags, 0, sizeof pages_window_flags);
      if (kcount_fd >= 0 && pread (kcount_fd, pages_window_count, sizeof pages_window_count, (off_t) (first * 8)) < 0)
        memset (pages_window_count, 0, sizeof pages_window_count);
      pages_window_first = first;
    }
  *kflags = pages_window_flags[pfn - pages_window_first];
  *kcount = pages_window_count[pfn - pages_window_first];
}

/* As ms_pages_decode_entry() with PFNs visible (ms-pages.c): the same
 * decoding, and the same test of a PMD mapping for KPF_THP. */
static uint32_t
pages_decode (uint64_t entry,
              uint64_t kflags)
{
  uint32_t flags = 0;

  if (entry & PM_PRESENT)
    flags |= 0x1;
  else if (entry & PM_SWAP)
    flags |= 0x2;
  if (entry & PM_FILE)
    flags |= 0x4;
  if ((entry & PM_EXCLUSIVE) && (entry & PM_PRESENT))
    flags |= 0x8;
  if (entry & PM_SOFT_DIRTY)
    flags |= 0x10;
  if (entry & PM_GUARD)
    flags = (flags & ~UINT32_C (0x2)) | 0x80;
  if ((entry & PM_PRESENT) && (entry & PM_PFN_MASK) != 0)
    {
      if (kflags & KPF (24))
        flags |= 0x20;
      if (kflags & (KPF (22) | KPF (17)))
        flags |= 0x40;
      if (kflags & KPF (2))
        flags |= 0x100;
      if (kflags & KPF (25))
        flags |= 0x200;
      if (kflags & KPF (21))
        flags |= 0x400;
      if (kflags & KPF (6))
        flags |= 0x800;
      if (kflags & KPF (4))
        flags |= 0x1000;
      if (kflags & KPF (33))
        flags |= 0x2000;
    }
  return flags;
}

static int
pages_pmd_mapped (uint64_t address,
                  size_t   n,
                  size_t   i,
                  uint64_t page_size)
{
  uint64_t page = address / page_size + i;
  uint64_t first = page - page % 512;
  uint64_t base;
  size_t j0;

  if (page_size != 4096 || first < address / page_size || first + 512 > address / page_size + n)
    return 0;
  j0 = (size_t) (first - address / page_size);
  base = pages_entries[j0] & PM_PFN_MASK;
  if (base % 512 != 0)
    return 0;
  for (size_t j = 0; j < 512; j++)
    if (!(pages_entries[j0 + j] & PM_PRESENT) || (pages_entries[j0 + j] & PM_PFN_MASK) != base + j)
      return 0;
  return 1;
}

/* The pages of one span into runs. Returns 0, E2BIG past PAGES_RUNS_MAX,
 * or the errno value of a failed read (ESRCH when the process is gone). */
static int
pages_read_span (int      pagemap,
                 int      kflags_fd,
                 int      kcount_fd,
                 uint64_t start,
                 uint64_t end,
                 uint64_t page_size)
{
  uint64_t address = start;

  while (address < end)
    {
      uint64_t batch = (uint64_t) PAGES_BATCH * page_size;
      uint64_t batch_end = (address / batch + 1) * batch;
      size_t n, done = 0;

      if (batch_end > end)
        batch_end = end;
      n = (size_t) ((batch_end - address) / page_size);
      while (done < n * 8)
        {
          ssize_t got = pread (pagemap, (char *) pages_entries + done, n * 8 - done,
                               (off_t) (address / page_size * 8 + done));

          if (got < 0 && errno == EINTR)
            continue;
          if (got < 0)
            return errno;
          if (got == 0)
            return ESRCH;
          done += (size_t) got;
        }
      for (size_t i = 0; i < n; i++)
        {
          uint64_t entry = pages_entries[i];

          pages_kflags[i] = pages_kcount[i] = 0;
          if ((entry & PM_PRESENT) && (entry & PM_PFN_MASK) != 0)
            pages_read_pfn (kflags_fd, kcount_fd, entry & PM_PFN_MASK, &pages_kflags[i], &pages_kcount[i]);
        }
      for (size_t i = 0; i < n; i++)
        {
          uint32_t flags = pages_decode (pages_entries[i], pages_kflags[i]);
          uint64_t count = (flags & 0x1) ? pages_kcount[i] : 0;

          if ((flags & 0x40) && !(pages_kflags[i] & KPF (17)) && !pages_pmd_mapped (address, n, i, page_size))
            flags &= ~UINT32_C (0x40);
          if (!pages_add (address + i * page_size, page_size, flags, count > UINT32_MAX ? UINT32_MAX : (uint32_t) count))
            return E2BIG;
        }
      address = batch_end;
    }
  return 0;
}

static int
do_pages (uint32_t pid,
          uint64_t start,
          uint64_t end)
{
  uint64_t page_size = (uint64_t) sysconf (_SC_PAGESIZE);
  size_t n_spans = 0, n_after = 0;
  uint32_t owner;
  char range[48];
  size_t length = 0;
  int dir, pagemap, kflags_fd, kcount_fd, saved_errno, status;

  dir = begin_answer ("pages", pid, &owner, &status);
  if (dir < 0)
    return status;
  out_number_record ("owner", owner);
  length += format_hex (range + length, start);
  range[length++] = ' ';
  length += format_hex (range + length, end);
  out_record ("range", range, length);

  saved_errno = pages_read_spans (dir, start, end, pages_spans, &n_spans);
  if (saved_errno == E2BIG)
    return out_error ("io", E2BIG, "too many mappings in the range");
  if (saved_errno != 0)
    return out_errno_error (saved_errno, owner);
  if (n_spans == 0)
    return out_error ("unmapped", 0, "nothing is mapped in the range");

  pagemap = openat (dir, "pagemap", O_PROC_FILE);
  if (pagemap < 0)
    return out_errno_error (errno, owner);
  kflags_fd = open ("/proc/kpageflags", O_PROC_FILE);
  kcount_fd = open ("/proc/kpagecount", O_PROC_FILE);

  for (size_t i = 0; i < n_spans; i++)
    {
      saved_errno = pages_read_span (pagemap, kflags_fd, kcount_fd, pages_spans[2 * i], pages_spans[2 * i + 1], page_size);
      if (saved_errno == E2BIG)
        return out_error ("io", E2BIG, "too many runs of pages: ask for a smaller range");
      if (saved_errno != 0)
        return out_errno_error (saved_errno, owner);
    }

  /* A mapping gone or moved while its pages were read reads as pages not
   * present: say so rather than give that picture. */
  saved_errno = pages_read_spans (dir, start, end, pages_spans_after, &n_after);
  if (saved_errno != 0 && saved_errno != E2BIG)
    return out_errno_error (saved_errno, owner);
  if (n_after == 0 && saved_errno == 0)
    return out_errno_error (ESRCH, owner);
  if (n_after != n_spans || memcmp (pages_spans, pages_spans_after, n_spans * 2 * sizeof (uint64_t)) != 0)
    return out_error ("changed", 0, "the mappings changed while they were read");

  if (!pages_close_run ())
    return out_error ("io", E2BIG, "too many runs of pages: ask for a smaller range");
  pages_emit_piece ();
  close (pagemap);
  if (kflags_fd >= 0)
    close (kflags_fd);
  if (kcount_fd >= 0)
    close (kcount_fd);
  close (dir);
  return out_end (EXIT_ANSWERED);
}

/* START and END of a `pages` request: hexadecimal, END after START, at most
 * PAGES_RANGE_MAX apart; rounded out to pages. */
static int
pages_parse_range (const char *start_text,
                   const char *end_text,
                   uint64_t   *start,
                   uint64_t   *end)
{
  uint64_t page_size = (uint64_t) sysconf (_SC_PAGESIZE);

  /* (parse_hex() stops at a blank or a newline too: none is taken here) */
  if (strcspn (start_text, " \n") != strlen (start_text) || strcspn (end_text, " \n") != strlen (end_text) ||
      !parse_hex (start_text, start) || !parse_hex (end_text, end) || *end <= *start ||
      *end - *start > PAGES_RANGE_MAX)
    return 0;
  *start -= *start % page_size;
  if (*end % page_size != 0)
    {
      if (*end > UINT64_MAX - page_size)
        return 0;
      *end += page_size - *end % page_size;
    }
  return 1;
}
