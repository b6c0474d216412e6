/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-activity.h"

G_BEGIN_DECLS

/* Idle page tracking (issue 16, item 3; the kernel's
 * Documentation/admin-guide/mm/idle_page_tracking.rst): which pages a
 * process used, without clearing its referenced bits. The kernel's bitmap,
 * /sys/kernel/mm/page_idle/bitmap, has a bit per page frame (an array of
 * u64, bit N of the file = PFN N): writing 1-bits (whole 8-byte words at
 * 8-byte offsets) marks those pages idle; a bit read back later still set
 * means the page was not accessed since. The kernel keeps the ageing
 * information reclaim goes by (it sets the page's young flag when it finds
 * an accessed bit it clears), so the process is not disturbed. Page frame
 * numbers come from /proc/PID/pagemap, which shows them to CAP_SYS_ADMIN
 * alone: for anyone else they read 0, which is never taken for frame 0.
 * Used by ms-activity.c for MS_ACTIVITY_REFERENCED where it is available. */

typedef struct _MsIdlePages MsIdlePages;

/* The bitmap used: the kernel's, or @path (a fake one, for the tests) when
 * set; NULL sets the kernel's back. Not thread-safe: set it before any
 * measurement. */
void         _ms_idle_pages_set_bitmap_path (const char *path);
const char  *_ms_idle_pages_get_bitmap_path (void);

/* TRUE when idle tracking can be used here: the bitmap opens for reading
 * and writing (root, and a kernel built with CONFIG_IDLE_PAGE_TRACKING) and
 * this process sees page frame numbers (CAP_SYS_ADMIN). Cheap: asked again
 * each time. */
gboolean     _ms_idle_pages_available       (void);

/* Marks every present page of process @pid idle: its page frame numbers
 * from its pagemap (where PAGEMAP_SCAN tells the present pages first), as
 * bits gathered into words, one pwrite per run of neighbouring words; then
 * reads the same words back to learn which pages the kernel tracks (it
 * ignores pages that are not on its LRU lists: the zero page, the kernel's
 * own, the tail pages of a huge page). NULL with @error: the process is gone
 * or not ours to read (as ms_read_pid() says it), page frame numbers are
 * hidden, or the bitmap refused (one line naming it and why). (transfer
 * full) */
MsIdlePages *_ms_idle_pages_mark            (int            pid,
                                             GError       **error);

/* The pages of the process that were used since _ms_idle_pages_mark(): a
 * page present now whose bit the kernel cleared (accessed), or present now
 * but not then, or at another frame (faulted in, swapped in: touched); the
 * tail of a huge page goes with its head (the page before it in the same
 * mapping at the frame before). A page the kernel does not track counts as
 * unused. Sets @activity's regions' `referenced` (bytes) and its
 * `accessed` runs. Blocks: a worker thread's call. */
gboolean     _ms_idle_pages_count           (MsIdlePages   *idle,
                                             MsActivity    *activity,
                                             GError       **error);

/* A present page: its address and frame, with MS_IDLE_PAGE_TRACKED set
 * on a marked page whose bit the kernel took. */
typedef struct {
  guint64 address;
  guint64 pfn;
} MsIdlePage;

#define MS_IDLE_PAGE_TRACKED (G_GUINT64_CONSTANT (1) << 63)

/* TRUE when the bit of frame @pfn is still set: not accessed. */
typedef gboolean (*MsIdleBitFunc) (guint64  pfn,
                                   gpointer user_data);

/* _ms_idle_pages_count()'s decision, open to the tests: from the pages
 * @marked (by address) and present @now (by address) and the bits as
 * @still_idle reads them (asked for tracked pages still at their frame
 * only), each region's `referenced` and @activity's `accessed` runs. */
void         _ms_idle_pages_decide          (const MsIdlePage *marked,
                                             guint             n_marked,
                                             const MsIdlePage *now,
                                             guint             n_now,
                                             MsIdleBitFunc     still_idle,
                                             gpointer          user_data,
                                             guint64           page_size,
                                             MsActivity       *activity);

void         _ms_idle_pages_free            (MsIdlePages   *idle);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsIdlePages, _ms_idle_pages_free)

G_END_DECLS
