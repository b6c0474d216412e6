/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ms-region.h"

G_BEGIN_DECLS

/* Sets `kind` and `object` of every region by DESIGN.md's table. @regions
 * must be sorted by start. @thread_sps are the stack pointers of the threads
 * other than the main one (may be NULL when @n_thread_sps is 0): the main
 * thread's stack is the `[stack]` region. Returns the number of regions
 * classified as a thread stack. */
guint ms_classify (MsRegion      *regions,
                   guint          n_regions,
                   const guint64 *thread_sps,
                   guint          n_thread_sps);

/* A thread other than the main one, as the reader found it. */
typedef struct {
  guint64     sp;     /* its stack pointer */
  gint64      tid;    /* 0 when unknown */
  const char *name;   /* /proc/PID/task/TID/comm; NULL when unknown */
} MsThread;

/* ms_classify(), and the owner of anonymous memory in `object` (interned in
 * @strings): "thread TID (name)" for a thread stack (found by @threads' stack
 * pointers or named `[anon: glibc: pthread stack: TID]`), "thread PID (comm)"
 * for `[stack]` when @pid > 0, NAME for `[anon:NAME]` and
 * `[anon_shmem:NAME]`, the name of a memfd and the key of a SysV segment.
 * @comm may be NULL. Returns the number of thread stacks. */
guint ms_classify_threads (MsRegion       *regions,
                           guint           n_regions,
                           const MsThread *threads,
                           guint           n_threads,
                           int             pid,
                           const char     *comm,
                           GStringChunk   *strings);

/* The malloc the process uses instead of glibc's, by the library mapped:
 * "jemalloc" (libjemalloc.so…), "tcmalloc" (libtcmalloc.so…,
 * libtcmalloc_minimal.so…), "mimalloc" (libmimalloc.so…, libmimalloc-…), or
 * NULL for none of them (glibc's malloc, or one linked in statically).
 * Returns: (transfer none) (nullable): a static string. */
const char *ms_detect_allocator (const MsRegion *regions,
                                 guint           n_regions);

G_END_DECLS
