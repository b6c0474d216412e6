/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parsers of the whole system's kernel files: /proc/meminfo, a process's
 * /proc/PID/smaps_rollup and /proc/sysvipc/shm. Plain C over a buffer of
 * @length bytes (no NUL needed); unknown lines and fields are skipped, a
 * malformed line is skipped; they never fail. Every size is in bytes. */

/* The /proc/meminfo lines the System page uses; 0 when absent. */
typedef struct {
  guint64 mem_total;
  guint64 mem_free;
  guint64 mem_available;
  guint64 buffers;
  guint64 cached;
  guint64 swap_cached;
  guint64 anon_pages;
  guint64 mapped;
  guint64 shmem;
  guint64 slab;
  guint64 s_reclaimable;
  guint64 s_unreclaim;
  guint64 kernel_stack;
  guint64 page_tables;
  guint64 sec_page_tables;
  guint64 swap_total;
  guint64 swap_free;
  guint64 committed_as;
  guint64 commit_limit;
  guint   n_lines;      /* lines read as "Name: value [kB]" */
} MsMeminfo;

void ms_meminfo_parse (const char *text,
                       gsize       length,
                       MsMeminfo  *meminfo);

/* The counters of smaps_rollup. */
typedef struct {
  guint64  rss;
  guint64  pss;
  guint64  private_clean;
  guint64  private_dirty;
  guint64  swap;
  guint64  swap_pss;
  gboolean has_rss;     /* an "Rss:" line was seen: the text was a rollup */
} MsRollup;

void ms_rollup_parse (const char *text,
                      gsize       length,
                      MsRollup   *rollup);

/* The fields of /proc/PID/status the per-process rows take. */
typedef struct {
  guint64  vm_size;
  guint64  vm_rss;
  guint    uid;
  gboolean has_vm;      /* a VmSize line: not a kernel thread nor a zombie */
  gboolean has_uid;
} MsStatusLines;

void ms_status_lines_parse (const char    *text,
                            gsize          length,
                            MsStatusLines *status);

/* One row of /proc/sysvipc/shm (columns found by the header's names). */
typedef struct {
  gint64  key;          /* as the kernel prints it: a signed 32-bit value */
  gint64  shmid;
  guint   perms;        /* octal in the file */
  guint64 size;
  int     cpid;
  int     lpid;
  guint64 nattch;
  guint   uid;
  guint64 rss;          /* bytes (the kernel prints bytes here) */
  guint64 swap;
  char   *owner;        /* user name for uid; set by the reader, not the parser */
} MsShmSegment;

void    ms_shm_segment_clear (MsShmSegment *segment);

/* Returns: (transfer full) (element-type MsShmSegment): one per data row
 * holding at least a key, an id and a size; its clear func frees @owner. */
GArray *ms_sysvipc_shm_parse (const char *text,
                              gsize       length);

G_END_DECLS
