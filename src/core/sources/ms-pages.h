/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ms-region.h"

G_BEGIN_DECLS

/* Inside a region: its pages (issue 16). A page reader reads, for an
 * address range of a live process, runs of pages whose state is the same,
 * from the kernel's PAGEMAP_SCAN ioctl (Linux 6.7) or, where the kernel has
 * none, from /proc/PID/pagemap, 8 bytes a page; both give the same runs.
 * With page frame numbers visible (CAP_SYS_ADMIN), /proc/kpagecount and
 * /proc/kpageflags add how many mappings each page has and its flags. */

typedef enum {
  MS_PAGE_PRESENT    = 1 << 0,   /* in RAM */
  MS_PAGE_SWAPPED    = 1 << 1,   /* in swap (a guard page is not) */
  MS_PAGE_FILE       = 1 << 2,   /* page cache or shared memory, not anonymous */
  MS_PAGE_EXCLUSIVE  = 1 << 3,   /* present, and mapped by this mapping alone (pagemap bit 56) */
  MS_PAGE_SOFT_DIRTY = 1 << 4,   /* written since the last clear_refs 4 (or a new mapping) */
  MS_PAGE_ZERO       = 1 << 5,   /* the kernel's shared zero page: read, never written */
  MS_PAGE_HUGE       = 1 << 6,   /* part of a PMD-mapped huge page */
  MS_PAGE_GUARD      = 1 << 7,   /* a guard page (MADV_GUARD_INSTALL, Linux 6.15 shows them) */
  /* From /proc/kpageflags, only with PFNs visible (MsPageMap.pfns_visible): */
  MS_PAGE_REFERENCED = 1 << 8,
  MS_PAGE_IDLE       = 1 << 9,
  MS_PAGE_KSM        = 1 << 10,
  MS_PAGE_ACTIVE     = 1 << 11,
  MS_PAGE_DIRTY      = 1 << 12,
  MS_PAGE_MLOCKED    = 1 << 13,
} MsPageFlags;

#define MS_PAGE_BASIC_FLAGS  0x00ffu   /* what any reader knows */
#define MS_PAGE_KERNEL_FLAGS 0x3f00u   /* what needs PFNs */

/* Pages [start, end) in one state. @mapcount is how many mappings the page
 * has (/proc/kpagecount), 0 when not present or not known. */
typedef struct {
  guint64 start;
  guint64 end;
  guint32 flags;      /* MsPageFlags */
  guint32 mapcount;
} MsPageRun;

typedef enum {
  MS_PAGE_METHOD_AUTO,      /* PAGEMAP_SCAN where the kernel has it, else pagemap */
  MS_PAGE_METHOD_SCAN,      /* PAGEMAP_SCAN only: fails where the kernel lacks it */
  MS_PAGE_METHOD_PAGEMAP,   /* pread of /proc/PID/pagemap only */
} MsPageMethod;

/* What a read found. Plain data with a reference count. */
typedef struct {
  int         pid;
  guint64     start;          /* the range asked for, page-aligned */
  guint64     end;
  MsPageRun  *runs;           /* sorted; only addresses that are mapped */
  guint       n_runs;
  guint64     page_size;
  MsPageMethod method;        /* the one used: SCAN or PAGEMAP */
  gboolean    pfns_visible;   /* mapcount and MS_PAGE_KERNEL_FLAGS are read */
  gboolean    zero_huge_known; /* FALSE: pagemap without PFNs cannot tell
                               * MS_PAGE_ZERO and MS_PAGE_HUGE: both read 0 */
} MsPageMap;

/* The most runs one read gives (a run is 24 bytes): past it the read fails
 * and asks for a smaller range. */
#define MS_PAGES_MAX_RUNS (4u * 1024 * 1024)

MsPageMap *ms_page_map_ref   (MsPageMap *map);
void       ms_page_map_unref (MsPageMap *map);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsPageMap, ms_page_map_unref)

/* Pages of @map's runs with all of @flags, and all pages in runs. */
guint64    ms_page_map_count (const MsPageMap *map,
                              guint32          flags);
/* The index of the run holding @address, or -1. */
int        ms_page_map_find  (const MsPageMap *map,
                              guint64          address);

/* A process's pages: /proc/PID opened once, its pagemap (and, with PFNs
 * visible, /proc/kpagecount and /proc/kpageflags) kept open, so that the
 * reader of a process that exits fails rather than read another that got
 * its PID. Use it from one thread at a time. */
typedef struct _MsPageReader MsPageReader;

/* Returns: (transfer full) (nullable): the reader, or NULL with @error set
 * as ms_read_pid() would say it (no such process, permission denied…). */
MsPageReader *ms_page_reader_new      (int            pid,
                                       GError       **error);
void          ms_page_reader_free     (MsPageReader  *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsPageReader, ms_page_reader_free)

/* TRUE when the kernel has PAGEMAP_SCAN (asked once, on the first read). */
gboolean      ms_page_reader_has_scan (MsPageReader  *reader);
/* TRUE when this process may see page frame numbers (CAP_SYS_ADMIN) and
 * read /proc/kpageflags and /proc/kpagecount. */
gboolean      ms_page_reader_pfns_visible (MsPageReader *reader);

/* With @coarse, a read through PAGEMAP_SCAN gives the scan's categories
 * alone: no MS_PAGE_EXCLUSIVE, no map count and no kpageflags, and no read
 * of pagemap at all (for a picture of residency, huge and dirty pages at
 * the scan's own cost). The pagemap read is unchanged. Default FALSE. */
void          ms_page_reader_set_coarse (MsPageReader *reader,
                                         gboolean      coarse);

/* Reads the pages of [@start, @end) (rounded out to pages) that lie in the
 * process's mappings, read from its maps before and after: a range outside
 * every mapping fails (MS_ERROR_INVALID_ARGUMENT), and so does one whose
 * mappings changed while the pages were read, three times (MS_ERROR_IO);
 * a process that exits fails as ms_read_pid() says it. $MEMSCAPE_PAGES_METHOD
 * ("scan" or "pagemap") overrides @method AUTO. (transfer full) (nullable) */
MsPageMap    *ms_page_reader_read     (MsPageReader  *reader,
                                       guint64        start,
                                       guint64        end,
                                       MsPageMethod   method,
                                       GError       **error);

/* The pages of each of @n_spans spans (@spans: address pairs, in address
 * order, apart), as ms_page_reader_read_span() reads them into @runs[i]
 * (emptied first), checked against the maps as ms_page_reader_read()
 * checks its range, with one read of maps before and one after for them
 * all: a span that mappings no longer cover whole (a region unmapped since
 * the snapshot) is not read, and @mapped[i] is FALSE for it, never pages
 * not present. FALSE with @error when the mappings of the spans changed at
 * every try, or the process is gone. */
gboolean      ms_page_reader_read_spans (MsPageReader  *reader,
                                         const guint64 *spans,
                                         guint          n_spans,
                                         MsPageMethod   method,
                                         GArray       **runs,
                                         gboolean      *mapped,
                                         GError       **error);

/* The pages of [@start, @end), which the caller knows to be one mapping
 * (a region of a fresh snapshot), appended to @runs (MsPageRun) without
 * reading the maps: the fast read for the strip and the benchmark. A part of
 * the range the kernel no longer maps is reported as not present. */
gboolean      ms_page_reader_read_span (MsPageReader *reader,
                                        guint64       start,
                                        guint64       end,
                                        MsPageMethod  method,
                                        GArray       *runs,
                                        GError      **error);

/* The state of one page from its pagemap entry and, when PFNs are visible,
 * its /proc/kpageflags (@kflags) and /proc/kpagecount (@kcount) words
 * (else pass 0): the pagemap reader's decoding, open to tests and the
 * fuzzer. */
guint32       ms_pages_decode_entry   (guint64        entry,
                                       guint64        kflags,
                                       gboolean       pfns_visible);

/* Appends the page [@address, @address + @page_size) to @runs (MsPageRun),
 * merging it with the last run when it follows it in the same state. */
void          ms_pages_append         (GArray        *runs,
                                       guint64        address,
                                       guint64        length,
                                       guint32        flags,
                                       guint32        mapcount);

/* The text of a page state for a CSV or a tooltip: "present, exclusive,
 * soft-dirty" (translated), or "not present". (transfer full) */
char         *ms_page_flags_describe  (guint32        flags);

/* The most one `pages` request of the helper reads: its own limit
 * (PAGES_RANGE_MAX in src/reader-helper/memscape-reader-pages.c). */
#define MS_PAGES_HELPER_RANGE_MAX (G_GUINT64_CONSTANT (64) << 30)

/* Through the privileged helper (`memscape-reader pages PID START END`,
 * src/reader-helper/memscape-reader-pages.c), as administrator or, with
 * @as_administrator FALSE, as this user: the same map, PFNs visible to the
 * helper alone. Blocks: call it from a worker thread. (transfer full)
 * (nullable) */
MsPageMap    *ms_pages_read_through_helper (int            pid,
                                            guint64        start,
                                            guint64        end,
                                            gboolean       as_administrator,
                                            GCancellable  *cancellable,
                                            GError       **error);
/* The map of @pid's [@start, @end) of @runs (transfer full), read as the
 * helper reads it: as root, through pagemap, map counts and kpageflags
 * known (zero and huge pages told). (transfer full) */
MsPageMap    *ms_pages_map_from_helper     (int            pid,
                                            guint64        start,
                                            guint64        end,
                                            guint64        page_size,
                                            GArray        *runs);
/* [@start, @end) rounded out to whole pages of @page_size (@end rounded
 * down where rounding up would wrap), as every reader of pages reads it. */
void          ms_pages_round_out      (guint64        page_size,
                                       guint64       *start,
                                       guint64       *end);
/* The helper's whole answer to `pages` for @pid (@length bytes): the map,
 * or NULL with @error (MS_ERROR_MALFORMED when it is not a whole, valid
 * answer; else the helper's in-band error as the reader says it). */
MsPageMap    *ms_pages_parse_helper_answer (const char    *data,
                                            gsize          length,
                                            int            pid,
                                            GError       **error);

/* Issue 16's "first picture": the resident bytes of each of the @n_regions
 * sorted @regions (a snapshot's, or a maps read's), into @rss (out
 * caller-allocates, @n_regions), from one PAGEMAP_SCAN of the whole range
 * asking for present pages only — as smaps counts Rss: the zero page not
 * counted — at a fraction of the cost of smaps. FALSE with @error where the
 * kernel has no PAGEMAP_SCAN, or the process is gone. */
gboolean      ms_page_reader_resident_by_region (MsPageReader   *reader,
                                                 const MsRegion *regions,
                                                 guint           n_regions,
                                                 guint64        *rss,
                                                 GError        **error);

/* For the benchmark: the kernel's own cost, side by side with the reader's.
 * One PAGEMAP_SCAN walk of [@start, @end) of the pagemap file @fd, asking
 * for the categories the reader asks for, into a buffer that is not looked
 * at: the number of runs, or -1 (errno set). And the same range of pagemap
 * read with pread, 32 KiB at a time: the bytes read, or -1. */
gint64        ms_pages_kernel_scan    (int            fd,
                                       guint64        start,
                                       guint64        end);
gint64        ms_pages_kernel_pread   (int            fd,
                                       guint64        start,
                                       guint64        end);

/* The error of a range where process @pid maps nothing. */
void          ms_pages_set_unmapped_error (GError **error,
                                           int      pid,
                                           guint64  start,
                                           guint64  end);

/* For tests: when set, the reader acts as if the kernel had no PAGEMAP_SCAN
 * (as $MEMSCAPE_PAGES_METHOD=pagemap does for AUTO). */
void          _ms_page_reader_set_no_scan (MsPageReader *reader,
                                           gboolean      no_scan);

G_END_DECLS
