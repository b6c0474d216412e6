/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ms-pages.h"

G_BEGIN_DECLS

/* Which pages a process uses, and which it writes, over a few seconds
 * (issue 16, items 3 and 4). Both start by clearing what the kernel
 * remembers of the process's recent use (/proc/PID/clear_refs): with 1 the
 * referenced bits, the ageing information reclaim goes by; with 4 the
 * soft-dirty bits. Nothing here does that unasked: the window says so first
 * and waits for a click. */
typedef enum {
  MS_ACTIVITY_REFERENCED,   /* clear_refs 1, then smaps Referenced per region
                             * (or idle page tracking: MsActivityMethod) */
  MS_ACTIVITY_WRITES,       /* clear_refs 4, then soft-dirty pages per region */
} MsActivityKind;

/* How a measurement learnt what was used. Only REFERENCED has a choice:
 * where /sys/kernel/mm/page_idle/bitmap is writable and we see page frame
 * numbers (root), idle page tracking, which leaves the process's ageing
 * information alone; elsewhere clear_refs. */
typedef enum {
  MS_ACTIVITY_METHOD_CLEAR_REFS,        /* /proc/PID/clear_refs, written directly */
  MS_ACTIVITY_METHOD_CLEAR_REFS_HELPER, /* the same through memscape-reader clear-refs */
  MS_ACTIVITY_METHOD_IDLE_PAGES,        /* the pages marked idle in the kernel's bitmap */
} MsActivityMethod;

/* Addresses [start, end) of pages used during a measurement. */
typedef struct {
  guint64 start;
  guint64 end;
} MsActivitySpan;

typedef struct {
  guint64 start;
  guint64 end;
  guint64 rss;              /* bytes resident at the end */
  guint64 referenced;       /* REFERENCED: bytes used during the measurement */
  guint64 dirty_pages;      /* WRITES: pages written during the measurement */
  double  dirty_per_second; /* WRITES: dirty_pages over the seconds */
  const char *path;         /* (nullable): as the snapshot shows it; owned by
                             * the result */
} MsActivityRegion;

typedef struct {
  int               pid;
  MsActivityKind    kind;
  double            seconds;     /* measured, from the clearing to the read */
  MsActivityRegion *regions;     /* every region, in address order */
  guint             n_regions;
  MsActivityMethod  method;
  MsActivitySpan   *accessed;    /* (nullable): with idle page tracking, the
                                  * pages used, by address, in runs; NULL
                                  * where only regions' sums are known */
  guint             n_accessed;
} MsActivity;

MsActivity *ms_activity_ref   (MsActivity *activity);
void        ms_activity_unref (MsActivity *activity);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsActivity, ms_activity_unref)

/* The region of @activity holding @address, or NULL. */
const MsActivityRegion *ms_activity_find (const MsActivity *activity,
                                          guint64           address);

/* Whether the page at @address was used during the measurement: 1 or 0
 * where @activity knows it per page (idle page tracking), else -1. */
int         ms_activity_page_used (const MsActivity *activity,
                                   guint64           address);

/* Appends @runs (sorted MsPageRun, as an MsPageMap has them) to @out
 * (MsPageRun), split where @activity's used pages begin and end, with
 * MS_PAGE_REFERENCED set on the present pages used and cleared on the
 * others: the per-page heat of a page picture (ms-page-texture.h, with a
 * heat below 0). Where @activity knows no pages (clear_refs), @runs as
 * they are. */
void        ms_activity_mark_runs (const MsActivity *activity,
                                   const MsPageRun  *runs,
                                   guint             n_runs,
                                   GArray           *out);

/* The method ms_activity_begin() takes for @kind here and now: the window
 * says what a measurement does before it asks. */
MsActivityMethod ms_activity_choose_method (MsActivityKind kind);

/* TRUE when this kernel tracks soft-dirty pages (CONFIG_MEM_SOFT_DIRTY):
 * MS_ACTIVITY_WRITES needs it. */
gboolean    ms_activity_can_track_writes (void);

/* A measurement under way: the process's referenced (or soft-dirty) bits
 * cleared, and when. */
typedef struct _MsActivityMeasure MsActivityMeasure;

/* Clears the bits of process @pid for @kind and starts the clock — or, for
 * REFERENCED where ms_activity_choose_method() says so, marks its pages idle
 * instead. NULL with @error as ms_read_pid() says it (no such process,
 * permission denied), for WRITES on a kernel without soft-dirty tracking, or
 * when the idle bitmap refuses (nothing is then cleared in its place).
 * (transfer full) */
MsActivityMeasure *ms_activity_begin (int                 pid,
                                      MsActivityKind      kind,
                                      GError            **error);
/* The same through the privileged helper (`memscape-reader clear-refs PID
 * 1|4`), as administrator or, with @as_administrator FALSE, as this user:
 * for a session that reads through the helper. ms_activity_end() then reads
 * through the helper too (`read` for Referenced, `pages` for soft-dirty).
 * Blocks until the helper answers (a password dialog): call it from a
 * worker thread. (transfer full) (nullable) */
MsActivityMeasure *ms_activity_begin_through_helper (int              pid,
                                                     MsActivityKind   kind,
                                                     gboolean         as_administrator,
                                                     GCancellable    *cancellable,
                                                     GError         **error);
/* Reads what was used or written since ms_activity_begin(): the process's
 * smaps, and for WRITES each region's pages. Blocks: a worker thread's
 * call in the window. (transfer full) (nullable) */
MsActivity        *ms_activity_end   (MsActivityMeasure  *measure,
                                      GCancellable       *cancellable,
                                      GError            **error);
/* How @measure measures. */
MsActivityMethod   ms_activity_measure_get_method (MsActivityMeasure *measure);
void               ms_activity_measure_free (MsActivityMeasure *measure);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsActivityMeasure, ms_activity_measure_free)

/* The CSV of @activity: start,end,path,rss,referenced for REFERENCED;
 * start,end,path,rss,dirty_pages,dirty_pages_per_second for WRITES. */
void        ms_activity_write_csv (const MsActivity *activity,
                                   GString          *csv);

G_END_DECLS
