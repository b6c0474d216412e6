/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ms-region.h"

G_BEGIN_DECLS

#define MS_TYPE_SNAPSHOT (ms_snapshot_get_type ())

/* Totals over a set of regions (the whole process, one kind, the rows
 * chosen in the table): one for each field of ms-field.c marked
 * MS_FIELD_SUMMED, which names its member here. Each saturates at
 * G_MAXUINT64. */
typedef struct {
  guint   count;
  guint64 vss;      /* sum of sizes */
  guint64 rss;
  guint64 pss;
  guint64 uss;      /* private clean + private dirty */
  guint64 swap;
  guint64 swap_pss;
  guint64 shared_clean;
  guint64 shared_dirty;
  guint64 private_clean;
  guint64 private_dirty;
  guint64 referenced;
  guint64 anonymous;
  guint64 locked;
  guint64 anon_huge_pages;
} MsTotals;

/* Counts @region into @totals: every summed field of it (in ms-field.c,
 * beside the table of fields). */
void ms_totals_add_region (MsTotals       *totals,
                           const MsRegion *region);

/* The Vm* and Rss* lines of /proc/PID/status, in bytes; 0 when absent. */
typedef struct {
  guint64 vm_peak;
  guint64 vm_size;
  guint64 vm_lck;
  guint64 vm_pin;
  guint64 vm_hwm;
  guint64 vm_rss;
  guint64 rss_anon;
  guint64 rss_file;
  guint64 rss_shmem;
  guint64 vm_data;
  guint64 vm_stk;
  guint64 vm_exe;
  guint64 vm_lib;
  guint64 vm_pte;
  guint64 vm_swap;
  guint   threads;
} MsStatus;

/* Where a snapshot's text came from (not to be confused with MsSource, the
 * interface of what reads it). */
typedef enum {
  MS_SOURCE_PROCESS,   /* read live from a process's /proc/PID */
  MS_SOURCE_FILE,      /* a captured smaps or maps file */
} MsSnapshotSource;

/* An immutable, reference-counted picture of one address space. The readers
 * build it (the _ms_snapshot_* functions of ms-snapshot-private.h); once
 * sealed, every field is read-only and it may be shared freely between
 * threads. */
typedef struct {
  MsSnapshotSource source;
  char           *source_path;    /* the file for MS_SOURCE_FILE, else "/proc/PID/smaps" */
  int             pid;            /* 0 for a captured file without a pid */
  uid_t           uid;            /* (uid_t)-1 when unknown */
  char           *name;           /* comm, or the file's basename */
  char           *cmdline;        /* NUL bytes turned into spaces; may be "" */
  char           *user;           /* user name, or the uid as text; "" when unknown */
  gint64          time_usec;      /* g_get_real_time() at the read */
  gboolean        has_counters;   /* smaps (TRUE) or maps (FALSE) */
  guint           n_malformed;    /* lines skipped as malformed */
  guint           first_malformed_line; /* 1-based, 0 when none */
  guint           n_threads;      /* threads whose stack pointer was located */
  guint64         fingerprint;    /* of the layout, thread count and RSS/swap totals;
                                   * what a refresh's probe is compared with */
  MsStatus        status;
  MsTotals        total;
  MsTotals        per_kind[MS_N_KINDS];
  const MsRegion *regions;        /* sorted by start address */
  guint           n_regions;
  gboolean        partial;        /* a first picture (maps + resident pages from
                                   * PAGEMAP_SCAN): sizes, kinds and RSS only;
                                   * every other counter unknown (not 0) until the
                                   * full read replaces it. Never in a history. */
} MsSnapshot;

GType             ms_snapshot_get_type        (void) G_GNUC_CONST;
/* Returns: (transfer full): @self, with one more reference. */
MsSnapshot       *ms_snapshot_ref             (MsSnapshot     *self);
void              ms_snapshot_unref           (MsSnapshot     *self);
/* Index of the region holding @address, or -1 (ms_regions_find()). */
int               ms_snapshot_find_region     (const MsSnapshot *self,
                                               guint64           address);
/* Index of the region starting exactly at @start, or -1. */
int               ms_snapshot_find_start      (const MsSnapshot *self,
                                               guint64           start);

/* TRUE when @snapshot (nullable) is a first picture: its RSS is known, its
 * other counters (PSS, USS, swap, …) are not yet read — show them as being
 * read, never as 0. */
gboolean          ms_snapshot_is_partial      (const MsSnapshot *snapshot);

/* TRUE when @snapshot (nullable) was read live from process @pid. */
gboolean          ms_snapshot_is_process      (const MsSnapshot *snapshot,
                                               int               pid);
/* TRUE when @a and @b (each nullable: then FALSE) are both live reads of
 * the same process: the one definition of "the same process" that the
 * reader (to give @a back for @b), the session (to diff them and keep its
 * view state) and the views use. Captured files are never the same
 * process. */
gboolean          ms_snapshot_same_process    (const MsSnapshot *a,
                                               const MsSnapshot *b);

/* A 64-bit summary of the regions (addresses, permissions, offsets, devices,
 * inodes, paths), @n_threads, and the total RSS, anonymous and swap: equal
 * for two reads of a process whose map did not change. */
guint64           ms_snapshot_compute_fingerprint (const MsRegion *regions,
                                                   guint           n_regions,
                                                   guint           n_threads,
                                                   guint64         rss,
                                                   guint64         anonymous,
                                                   guint64         swap);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsSnapshot, ms_snapshot_unref)

G_END_DECLS
