/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ms-kind.h"

G_BEGIN_DECLS

/* Counters from /proc/PID/smaps, all in bytes (the kernel prints kB). A maps
 * file has none of them: they stay 0. */
typedef struct {
  guint64 rss;
  guint64 pss;
  guint64 pss_dirty;
  guint64 shared_clean;
  guint64 shared_dirty;
  guint64 private_clean;
  guint64 private_dirty;
  guint64 referenced;
  guint64 anonymous;
  guint64 ksm;
  guint64 lazy_free;
  guint64 anon_huge_pages;
  guint64 shmem_pmd_mapped;
  guint64 file_pmd_mapped;
  guint64 shared_hugetlb;
  guint64 private_hugetlb;
  guint64 swap;
  guint64 swap_pss;
  guint64 locked;
} MsCounters;

typedef enum {
  MS_PERM_READ    = 1 << 0,
  MS_PERM_WRITE   = 1 << 1,
  MS_PERM_EXEC    = 1 << 2,
  MS_PERM_SHARED  = 1 << 3,
} MsPerms;

typedef struct {
  guint64     start;
  guint64     end;
  guint64     offset;
  guint64     inode;
  guint32     dev_major;
  guint32     dev_minor;
  guint32     kernel_page_size;   /* bytes, 0 when unknown */
  guint32     mmu_page_size;      /* bytes, 0 when unknown */
  guint8      perms;              /* MsPerms */
  guint8      kind;               /* MsKind */
  gint8       thp_eligible;       /* -1 when unknown */
  gint8       protection_key;     /* -1 when unknown */
  /* Interned in the snapshot's string chunk; NULL when absent. The path is
   * exactly as the kernel shows it, with `\012` turned back into '\n'. */
  const char *path;
  const char *object;             /* owning ELF object for text/rodata/data/bss */
  const char *vm_flags;           /* "rd wr mr mw me ac", NULL for maps files */
  MsCounters  counters;
} MsRegion;

/* @kind and @perms fit their guint8. */
G_STATIC_ASSERT (MS_N_KINDS <= G_MAXUINT8 + 1 && MS_PERM_SHARED <= G_MAXUINT8);

/* @a + @b, or G_MAXUINT64 when that does not fit: every sum of sizes and
 * counters saturates rather than wraps (overlapping regions of a crafted
 * capture can add up past 2^64, and a wrapped total would read as small). */
static inline guint64
ms_add_saturated (guint64 a,
                  guint64 b)
{
  guint64 sum;

  return g_uint64_checked_add (&sum, a, b) ? sum : G_MAXUINT64;
}

static inline guint64
ms_region_get_size (const MsRegion *region)
{
  return region->end - region->start;
}

/* Private memory: private clean + private dirty. */
static inline guint64
ms_region_get_uss (const MsRegion *region)
{
  return ms_add_saturated (region->counters.private_clean, region->counters.private_dirty);
}

/* The one binary search over a region array sorted by start address (a
 * snapshot's, or the parser's before it is one): the index of the region
 * holding @address, or -1 when none does (a gap, or outside). */
int       ms_regions_find            (const MsRegion *regions,
                                      guint           n_regions,
                                      guint64         address);
/* How many of the sorted @regions start at or before @address: the index of
 * the first that starts after it (@n_regions when none does), so that the
 * one before, if any, is the last to start at or before it. */
guint     ms_regions_bisect          (const MsRegion *regions,
                                      guint           n_regions,
                                      guint64         address);

/* Writes "rw-p" (5 bytes with the NUL) to @out (out caller-allocates). */
void      ms_region_format_perms     (const MsRegion *region,
                                      char            out[5]);
/* "read, write, private" — translated words for tooltips. (transfer full) */
char     *ms_region_describe_perms   (const MsRegion *region);
/* TRUE when the path names a file (starts with '/'), not [heap], [anon:…] … */
gboolean  ms_region_is_file_backed   (const MsRegion *region);
/* TRUE when there is no file behind it: no path, [anon:NAME], other [..] names. */
gboolean  ms_region_is_anonymous     (const MsRegion *region);
/* TRUE when @a and @b say the same of a region: addresses, permissions,
 * file, kind, page sizes, flags and every counter. Compares the text of the
 * strings (each snapshot interns its own). */
gboolean  ms_region_equal            (const MsRegion *a,
                                      const MsRegion *b);

G_END_DECLS
