/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <linux/types.h>
#include <sys/ioctl.h>
#include <sys/types.h>

#include "ms-pages.h"

G_BEGIN_DECLS

/* Shared by the page reader's files: ms-pages.c (the reader: PAGEMAP_SCAN
 * and pagemap), ms-page-map.c (runs, their decoding and description) and
 * ms-pages-range.c (a range checked against the maps, resident sizes per
 * region, the kernel's own cost for the benchmark). */

/* PAGEMAP_SCAN (Linux 6.7, include/uapi/linux/fs.h), which Debian 12's
 * headers lack: the same layout under our own names, checked by size (the
 * ioctl number encodes it; ms-pages.c checks it against the kernel's headers
 * where they have it). PAGE_IS_GUARD came with Linux 6.15. */
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

/* The errors of ms_read_pid() for a failed read of the reader's process. */
void          _ms_page_reader_set_errno_error (MsPageReader *reader,
                                               GError      **error,
                                               int           saved_errno);
/* The method to use for @method (AUTO: the environment's, else the scan
 * where the kernel has it); AUTO with @error when SCAN is asked for and the
 * kernel has none. */
MsPageMethod  _ms_page_reader_choose_method   (MsPageReader *reader,
                                               MsPageMethod  method,
                                               GError      **error);

/* For ms_page_reader_read_spans() (and its fuzz target): whether the
 * mappings of /proc/PID/maps @text (NUL-terminated) cover each of the
 * @n_spans spans (address pairs, in order, apart) whole, into @covered; the
 * lines of those that overlap one, in @lines. */
void _ms_pages_cover_spans (const char    *text,
                            const guint64 *spans,
                            guint          n_spans,
                            gboolean      *covered,
                            GString       *lines);

G_END_DECLS
