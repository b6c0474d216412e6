/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "ms-recording.h"

G_BEGIN_DECLS

/* The schema, version 1 (README, "Recordings"). Addresses and sizes are
 * SQLite integers (signed 64 bits): an address past 2^63 ([vsyscall],
 * 0xffffffffff600000) reads as negative, and printf('%#x', start) shows it
 * as the kernel does. */
#define MS_RECORDING_SCHEMA \
  "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value);\n" \
  "CREATE TABLE process (pid INTEGER NOT NULL, name TEXT, cmdline TEXT, user TEXT, uid INTEGER,\n" \
  "                      host TEXT, kernel TEXT, source TEXT);\n" \
  "CREATE TABLE strings (id INTEGER PRIMARY KEY, text TEXT NOT NULL);\n" \
  "CREATE TABLE samples (id INTEGER PRIMARY KEY, time_usec INTEGER NOT NULL,\n" \
  "                      regions INTEGER NOT NULL, vss INTEGER NOT NULL, rss INTEGER NOT NULL,\n" \
  "                      pss INTEGER NOT NULL, uss INTEGER NOT NULL, swap INTEGER NOT NULL,\n" \
  "                      swap_pss INTEGER NOT NULL, threads INTEGER, located_threads INTEGER,\n" \
  "                      vm_peak INTEGER, vm_size INTEGER, vm_hwm INTEGER, vm_rss INTEGER,\n" \
  "                      rss_anon INTEGER, rss_file INTEGER, rss_shmem INTEGER, vm_data INTEGER,\n" \
  "                      vm_stk INTEGER, vm_exe INTEGER, vm_lib INTEGER, vm_pte INTEGER,\n" \
  "                      vm_swap INTEGER, vm_lck INTEGER, vm_pin INTEGER,\n" \
  "                      minor_faults INTEGER, major_faults INTEGER);\n" \
  "CREATE TABLE region_versions (id INTEGER PRIMARY KEY,\n" \
  "    first_sample INTEGER NOT NULL, last_sample INTEGER,\n" \
  "    start INTEGER NOT NULL, end INTEGER NOT NULL, perms TEXT NOT NULL, offset INTEGER NOT NULL,\n" \
  "    dev_major INTEGER NOT NULL, dev_minor INTEGER NOT NULL, inode INTEGER NOT NULL,\n" \
  "    path_id INTEGER REFERENCES strings, object_id INTEGER REFERENCES strings,\n" \
  "    vm_flags_id INTEGER REFERENCES strings, kind TEXT NOT NULL,\n" \
  "    kernel_page_size INTEGER, mmu_page_size INTEGER, thp_eligible INTEGER, protection_key INTEGER,\n" \
  "    rss INTEGER NOT NULL, pss INTEGER NOT NULL, pss_dirty INTEGER NOT NULL,\n" \
  "    shared_clean INTEGER NOT NULL, shared_dirty INTEGER NOT NULL,\n" \
  "    private_clean INTEGER NOT NULL, private_dirty INTEGER NOT NULL,\n" \
  "    referenced INTEGER NOT NULL, anonymous INTEGER NOT NULL, ksm INTEGER NOT NULL,\n" \
  "    lazy_free INTEGER NOT NULL, anon_huge_pages INTEGER NOT NULL,\n" \
  "    shmem_pmd_mapped INTEGER NOT NULL, file_pmd_mapped INTEGER NOT NULL,\n" \
  "    shared_hugetlb INTEGER NOT NULL, private_hugetlb INTEGER NOT NULL,\n" \
  "    swap INTEGER NOT NULL, swap_pss INTEGER NOT NULL, locked INTEGER NOT NULL);\n" \
  "CREATE INDEX region_versions_by_last ON region_versions (last_sample);\n" \
  "CREATE VIEW regions AS SELECT v.id, v.first_sample, v.last_sample, v.start, v.end,\n" \
  "    v.end - v.start AS size, v.perms, v.offset, v.dev_major, v.dev_minor, v.inode,\n" \
  "    p.text AS path, v.kind, o.text AS object, f.text AS vm_flags,\n" \
  "    v.rss, v.pss, v.shared_clean, v.shared_dirty, v.private_clean, v.private_dirty,\n" \
  "    v.referenced, v.anonymous, v.swap, v.swap_pss, v.locked,\n" \
  "    v.private_clean + v.private_dirty AS uss\n" \
  "  FROM region_versions v LEFT JOIN strings p ON p.id = v.path_id\n" \
  "    LEFT JOIN strings o ON o.id = v.object_id LEFT JOIN strings f ON f.id = v.vm_flags_id;\n"

/* The columns of region_versions after id, first_sample and last_sample,
 * in the order both the writer binds and the reader reads them. */
#define MS_RECORDING_REGION_COLUMNS \
  "start, end, perms, offset, dev_major, dev_minor, inode, path_id, object_id, vm_flags_id, kind, " \
  "kernel_page_size, mmu_page_size, thp_eligible, protection_key, " \
  "rss, pss, pss_dirty, shared_clean, shared_dirty, private_clean, private_dirty, referenced, " \
  "anonymous, ksm, lazy_free, anon_huge_pages, shmem_pmd_mapped, file_pmd_mapped, shared_hugetlb, " \
  "private_hugetlb, swap, swap_pss, locked"
#define MS_RECORDING_N_REGION_COLUMNS 34
#define MS_RECORDING_N_COUNTERS 19

/* The MsCounters members in the columns' order (from `rss` on). */
extern const gsize _ms_recording_counter_offsets[MS_RECORDING_N_COUNTERS];

#define MS_RECORDING_SAMPLE_COLUMNS \
  "time_usec, regions, vss, rss, pss, uss, swap, swap_pss, threads, located_threads, " \
  "vm_peak, vm_size, vm_hwm, vm_rss, rss_anon, rss_file, rss_shmem, vm_data, vm_stk, vm_exe, " \
  "vm_lib, vm_pte, vm_swap, vm_lck, vm_pin"
#define MS_RECORDING_N_SAMPLE_COLUMNS 25

/* One line for an SQLite failure on @path_display. */
void         _ms_recording_set_sqlite_error (GError     **error,
                                             sqlite3     *db,
                                             int          code,
                                             const char  *display);
/* The reader over an open database (a file's or one in memory), taken. */
MsRecording *_ms_recording_open_db          (sqlite3     *db,
                                             const char  *path,
                                             const char  *display,
                                             GError     **error);

/* --- the reader's, shared with the history's builder ---------------------- */

typedef struct {
  gint64   id;
  gint64   time_usec;
  guint    located_threads;
  MsStatus status;
} Sample;

struct _MsRecording
{
  sqlite3 *db;
  char    *path;
  char    *display;
  int      pid;
  uid_t    uid;
  char    *name;
  char    *cmdline;
  char    *user;
  GArray  *samples;     /* of Sample, by id */
};

#define VERSION_SELECT \
  "SELECT v.first_sample, v.last_sample, " \
  "v.start, v.end, v.perms, v.offset, v.dev_major, v.dev_minor, v.inode, p.text, o.text, f.text, v.kind, " \
  "v.kernel_page_size, v.mmu_page_size, v.thp_eligible, v.protection_key, " \
  "v.rss, v.pss, v.pss_dirty, v.shared_clean, v.shared_dirty, v.private_clean, v.private_dirty, v.referenced, " \
  "v.anonymous, v.ksm, v.lazy_free, v.anon_huge_pages, v.shmem_pmd_mapped, v.file_pmd_mapped, v.shared_hugetlb, " \
  "v.private_hugetlb, v.swap, v.swap_pss, v.locked " \
  "FROM region_versions v LEFT JOIN strings p ON p.id = v.path_id " \
  "LEFT JOIN strings o ON o.id = v.object_id LEFT JOIN strings f ON f.id = v.vm_flags_id "

/* A region version read from a row of VERSION_SELECT. */
typedef struct {
  gint64    first;
  gint64    last;       /* G_MAXINT64 while still mapped */
  MsRegion  region;     /* its strings in the reader's chunk */
  guint32   text[3];    /* its path, object and flags as indices of the
                         * texts (0: none), in build_history() */
} Version;

/* One line in @error: the recording @display is damaged (@why). FALSE. */
gboolean     _ms_recording_fail_damaged     (GError      **error,
                                             const char   *display,
                                             const char   *why);
/* One line for an SQLite failure reading @display. FALSE. */
gboolean     _ms_recording_fail_sqlite      (GError      **error,
                                             sqlite3      *db,
                                             int           code,
                                             const char   *display);
/* A region version from a row of VERSION_SELECT, its strings interned in
 * @strings: FALSE for a row that cannot be a region; @n_bad counts it, and
 * a row whose counters larger than the region were dropped. */
gboolean     _ms_recording_read_version     (sqlite3_stmt *s,
                                             GStringChunk *strings,
                                             Version      *version,
                                             guint        *n_bad);
/* A snapshot of sample @index to fill (regions not yet added). */
MsSnapshot  *_ms_recording_snapshot_new     (MsRecording  *self,
                                             guint         index);
/* Sorts the regions (unless @sorted), leaves out those overlapping the one
 * before, counts them and @n_bad as malformed, and seals. */
void         _ms_recording_snapshot_finish  (MsSnapshot   *snapshot,
                                             guint         n_bad,
                                             gboolean      sorted);

G_END_DECLS
