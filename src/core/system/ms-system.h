/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sys/types.h>

#include "ms-cgroup.h"
#include "ms-kind.h"
#include "ms-system-parse.h"

G_BEGIN_DECLS

/* The whole system at one moment (issue 15): /proc/meminfo, one row per
 * user process (smaps_rollup: the cheap path), optionally one row per mapped
 * object across every readable process (full smaps: `smem -m`), and the SysV
 * shared memory segments. Immutable once read; shared between threads. */

typedef struct {
  int      pid;
  guint    uid;
  char    *name;      /* the kernel's name (comm), as raw bytes */
  char    *user;      /* user name, or the uid as text */
  gboolean readable;  /* FALSE: smaps_rollup refused; only vss and rss are known */
  guint64  vss;       /* VmSize of status */
  guint64  rss;       /* smaps_rollup Rss (status VmRSS when not readable) */
  guint64  pss;
  guint64  uss;       /* Private_Clean + Private_Dirty */
  guint64  swap;
  guint64  swap_pss;
  char    *cgroup;    /* its control group's path (ms_cgroup_paths_best()), or NULL */
  gboolean as_admin;  /* read through the privileged helper (ms_system_snapshot_add_reads()) */
} MsSystemProcess;

/* One mapped object across the system: the path of a mapping as smaps
 * shows it — a library or executable (all its file's mappings), any other
 * file, a /dev/shm file or a memfd — a SysV segment (its path and id:
 * "/SYSV00000000 (deleted) (shmid 42)"), or, for memory no file backs, all
 * of one kind ("[heap]", "[bss]", "[mmap-anon]", "[thread-stack]", …). Its
 * sums are those of the regions of that path in every process's smaps. */
typedef struct {
  char    *object;
  MsKind   kind;
  guint64  rss;
  guint64  pss;
  guint64  uss;
  guint64  swap;
  GArray  *pids;      /* (element-type int) sorted: the processes mapping it */
} MsSystemObject;

/* Rows of processes summed by a key (user, cgroup). */
typedef struct {
  char    *name;       /* the user; a cgroup's display name (ms_cgroup_display_name()) */
  char    *path;       /* a cgroup's path, else NULL */
  gboolean has_memory; /* a cgroup whose memory controller could be read: */
  MsCgroupMemory memory; /* its memory.current, max, peak, swap.current, events */
  guint    processes;
  guint64  vss;
  guint64  rss;
  guint64  pss;
  guint64  uss;
  guint64  swap;
  guint64  swap_pss;
} MsSystemGroup;

/* Where RAM went: the parts of the System page's bar, which add up to
 * MemTotal exactly (all /proc/meminfo figures, Σ over readable processes):
 *   user        = min (AnonPages + Buffers + Cached, MemTotal − MemFree)
 *   private     = min (ΣUSS, user)
 *   shared      = min ((ΣPSS − ΣUSS) + Shmem, user − private)
 *   page_cache  = user − private − shared
 *   kernel      = min (SReclaimable + SUnreclaim + KernelStack + PageTables
 *                      + SecPageTables, MemTotal − MemFree − user)
 *   free        = min (MemFree, MemTotal)
 *   other       = MemTotal − free − user − kernel
 * ΣPSS − ΣUSS counts once each resident page that several processes map;
 * Shmem (tmpfs, SysV, memfd, shared anonymous) is added whole, so shmem that
 * is mapped by several processes may count twice and is then capped. The
 * memory of processes we may not read falls into page_cache. Available and
 * swap used are figures beside the bar, not parts of it. */
typedef enum {
  MS_RAM_PRIVATE,
  MS_RAM_SHARED,
  MS_RAM_PAGE_CACHE,
  MS_RAM_KERNEL,
  MS_RAM_OTHER,
  MS_RAM_FREE,
  MS_N_RAM_PARTS
} MsRamPart;

typedef struct {
  guint64 part[MS_N_RAM_PARTS];
  guint64 total;        /* MemTotal */
  guint64 available;    /* MemAvailable */
  guint64 swap_total;
  guint64 swap_used;    /* SwapTotal − SwapFree */
} MsRamParts;

void        ms_ram_parts_compute     (const MsMeminfo *meminfo,
                                      guint64          sum_uss,
                                      guint64          sum_pss,
                                      MsRamParts      *parts);

/* "private", "shared", … (the CSV and the tests) (transfer none) */
const char *ms_ram_part_to_id        (MsRamPart part);
/* "Processes’ private memory", … translated (transfer none) */
const char *ms_ram_part_get_label    (MsRamPart part);
/* What it means and where it comes from, translated (transfer none) */
const char *ms_ram_part_get_description (MsRamPart part);
/* Its colour as 0xRRGGBB, one table for the window and the picture. */
guint32     ms_ram_part_get_rgb      (MsRamPart part);

typedef enum {
  MS_SYSTEM_READ_PROCESSES = 0,
  MS_SYSTEM_READ_OBJECTS   = 1 << 0,   /* full smaps of every readable process too */
} MsSystemReadFlags;

typedef struct {
  gatomicrefcount   ref_count;
  gint64            time_usec;
  MsMeminfo         meminfo;
  MsRamParts        parts;
  GPtrArray        *processes;   /* (element-type MsSystemProcess) by pid, the unreadable included */
  GPtrArray        *objects;     /* (element-type MsSystemObject) by PSS, largest first; NULL unless read */
  GArray           *shm;         /* (element-type MsShmSegment) by id */
  guint             n_readable;
  guint             n_unreadable; /* processes whose smaps_rollup (or smaps) we may not read */
  guint             n_vanished;   /* processes that exited while being read */
  guint64           sum_uss;      /* over readable processes */
  guint64           sum_pss;
  GPtrArray        *cgroups;     /* (element-type MsSystemGroup) by PSS, largest first */
} MsSystemSnapshot;

MsSystemSnapshot *ms_system_snapshot_ref   (MsSystemSnapshot *self);
void              ms_system_snapshot_unref (MsSystemSnapshot *self);

/* Progress of a read, for a progress bar: updated from the worker threads,
 * read from any thread with g_atomic_int_get(). */
typedef struct {
  int done;
  int total;
} MsSystemProgress;

/* Reads the whole system on every core (a thread per processor), checking
 * @cancellable between processes. @progress (nullable) is updated as it
 * goes. Returns: (transfer full) (nullable): NULL only with @error set
 * (cancelled, or /proc/meminfo unreadable). */
MsSystemSnapshot *ms_system_read           (MsSystemReadFlags   flags,
                                            MsSystemProgress   *progress,
                                            GCancellable       *cancellable,
                                            GError            **error);
/* The same in a GTask thread. @progress (nullable) must outlive the read. */
void              ms_system_read_async     (MsSystemReadFlags   flags,
                                            MsSystemProgress   *progress,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
MsSystemSnapshot *ms_system_read_finish    (GAsyncResult       *result,
                                            GError            **error);

/* A copy of @self in which each of @reads (element-type MsSnapshot: live
 * reads of processes, such as the privileged helper gives for those we may
 * not read) takes the place of its process's row: readable, marked
 * as_admin, with the snapshot's totals (RSS, PSS, USS, swap, swap PSS) and
 * VmSize. The sums and the RAM parts are computed again; a read of a
 * process that was not readable adds its objects (when the objects were
 * read) and counts in its cgroup (a cgroup only such processes are in is
 * read then); the segments are shared as they were. Returns: (transfer full) */
MsSystemSnapshot *ms_system_snapshot_add_reads (const MsSystemSnapshot *self,
                                                GPtrArray              *reads);

/* The readable processes summed per user. Returns: (transfer full)
 * (element-type MsSystemGroup): by PSS, largest first. */
GPtrArray        *ms_system_group_by_user  (const MsSystemSnapshot *self);

/* The CSV of cgroups:
 *   cgroup,path,processes,vss,rss,pss,uss,swap,swap_pss,memory_current,
 *   memory_max,memory_peak,memory_swap_current,oom_kills
 * (the memory figures empty where the kernel has none, "max" for no limit). */
void ms_system_write_cgroups_csv   (const MsSystemSnapshot *self,
                                    GString                *csv);

/* The per-process row of @pid, or NULL. (transfer none) */
const MsSystemProcess *ms_system_snapshot_find (const MsSystemSnapshot *self,
                                                int                     pid);

/* The CSV exports (RFC 4180, sizes in bytes, readable processes only):
 *   processes: pid,name,user,vss,rss,pss,uss,swap,swap_pss   (by pid)
 *   objects:   object,processes,rss,pss,uss,swap             (by PSS)
 *   users:     user,processes,vss,rss,pss,uss,swap,swap_pss  (by PSS) */
void ms_system_write_processes_csv (const MsSystemSnapshot *self,
                                    GString                *csv);
void ms_system_write_objects_csv   (const MsSystemSnapshot *self,
                                    GString                *csv);
void ms_system_write_groups_csv    (GPtrArray              *groups,
                                    const char             *key_column,
                                    GString                *csv);

void ms_system_process_free (MsSystemProcess *process);
void ms_system_object_free  (MsSystemObject  *object);
void ms_system_group_free   (MsSystemGroup   *group);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsSystemSnapshot, ms_system_snapshot_unref)

G_END_DECLS
