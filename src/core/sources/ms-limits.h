/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ms-cgroup.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

/* How close a live process is to what it may use: its resource limits
 * (/proc/PID/limits), the kernel's (vm.max_map_count, kernel.threads-max),
 * its control group's (memory.max, pids.max) and the system's commit limit,
 * each as a "headroom" row; and the /proc/PID/status figures and page faults
 * people look up beside them. No GTK. */

/* No limit ("unlimited" in /proc/PID/limits, "max" in a cgroup). */
#define MS_LIMIT_UNLIMITED G_MAXUINT64

/* A row is flagged when what is used is at least this much of its limit
 * (within 10 % of it). */
#define MS_LIMIT_CLOSE_FRACTION 0.9

typedef enum {
  MS_HEADROOM_ADDRESS_SPACE,   /* VmSize against RLIMIT_AS */
  MS_HEADROOM_DATA,            /* VmData against RLIMIT_DATA */
  MS_HEADROOM_STACK,           /* VmStk against RLIMIT_STACK */
  MS_HEADROOM_LOCKED,          /* VmLck against RLIMIT_MEMLOCK */
  MS_HEADROOM_MAPPINGS,        /* mappings against vm.max_map_count */
  MS_HEADROOM_THREADS,         /* threads against kernel.threads-max */
  MS_HEADROOM_CGROUP_TASKS,    /* its group's pids.current against pids.max */
  MS_HEADROOM_CGROUP_MEMORY,   /* its group's memory.current against memory.max */
  MS_HEADROOM_COMMIT,          /* the system's Committed_AS against CommitLimit */
  MS_N_HEADROOM
} MsHeadroomId;

typedef enum {
  MS_HEADROOM_BYTES,
  MS_HEADROOM_COUNT,
} MsHeadroomUnit;

/* What a row is: the one table that the summary, its tooltips and
 * `memscape --limits` walk. */
typedef struct {
  MsHeadroomId    id;
  const char     *key;          /* for the command line: "address-space" */
  const char     *name;         /* marked for translation: show it translated */
  const char     *used_source;  /* where the figure comes from: "VmSize" */
  const char     *limit_source; /* and its limit: "RLIMIT_AS" */
  const char     *help;         /* what hitting it does, marked for translation */
  MsHeadroomUnit  unit;
} MsHeadroomInfo;

const MsHeadroomInfo *ms_headroom_info (MsHeadroomId id);

typedef struct {
  gboolean known;       /* FALSE: not to be had here (no cgroup memory controller, …) */
  guint64  used;
  guint64  limit;       /* the soft limit for an rlimit; MS_LIMIT_UNLIMITED */
  guint64  hard;        /* an rlimit's hard limit, else = limit */
  double   fraction;    /* used / limit; 0 when unlimited */
  gboolean enforced;    /* FALSE for CommitLimit unless vm.overcommit_memory is 2 */
  gboolean flagged;     /* enforced, limited, and used ≥ MS_LIMIT_CLOSE_FRACTION of it */
} MsHeadroom;

typedef enum {
  MS_RLIMIT_AS,
  MS_RLIMIT_DATA,
  MS_RLIMIT_STACK,
  MS_RLIMIT_MEMLOCK,
  MS_N_RLIMITS
} MsRlimitId;

typedef struct {
  gboolean known;
  guint64  soft;        /* bytes, or MS_LIMIT_UNLIMITED */
  guint64  hard;
} MsRlimit;

typedef enum {
  MS_OVERCOMMIT_UNKNOWN = -1,
  MS_OVERCOMMIT_HEURISTIC = 0, /* CommitLimit not enforced; obvious overcommits refused */
  MS_OVERCOMMIT_ALWAYS = 1,    /* never refused */
  MS_OVERCOMMIT_NEVER = 2,     /* strict: Committed_AS may not pass CommitLimit */
} MsOvercommit;

typedef struct {
  int          pid;
  MsStatus     status;          /* VmPeak, VmHWM, VmPTE, VmLck, VmPin, Rss*, … */
  guint64      minflt;          /* page faults (/proc/PID/stat) */
  guint64      majflt;
  guint        n_maps;
  MsRlimit     rlimits[MS_N_RLIMITS];
  guint64      max_map_count;   /* 0 when unknown */
  guint64      threads_max;
  char        *cgroup_path;     /* NULL when unknown */
  char        *cgroup_name;     /* ms_cgroup_display_name() */
  gboolean     has_cgroup_memory;
  MsCgroupMemory cgroup;
  guint64      committed_as;
  guint64      commit_limit;
  MsOvercommit overcommit;
  MsHeadroom   rows[MS_N_HEADROOM];
} MsLimits;

void      ms_limits_free              (MsLimits      *limits);

/* Reads everything above for @pid (the files are readable for any user's
 * process: no privilege needed). @n_maps is the number of its mappings when
 * the caller knows it (a snapshot's n_regions), or -1 to count them from
 * /proc/PID/maps. NULL with @error (MS_ERROR, one line) when the process is
 * gone, its status cannot be read, or it has no address space of its own (a
 * kernel thread, a zombie). (transfer full) */
MsLimits *ms_limits_read              (int            pid,
                                       int            n_maps,
                                       GError       **error);
/* The same on a worker thread. */
void      ms_limits_read_async        (int                  pid,
                                       int                  n_maps,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
MsLimits *ms_limits_read_finish       (GAsyncResult        *result,
                                       GError             **error);

/* Fills @limits->rows from its figures. */
void      ms_limits_compute           (MsLimits      *limits);

/* The headroom rows as CSV (header "limit,used,max,hard_max,percent,close,enforced"):
 * one row per known row, max "unlimited" when there is none, percent with
 * one decimal (empty when unlimited), close and enforced "yes"/"no". */
void      ms_limits_write_csv         (const MsLimits *limits,
                                       GString        *out);

/* Parsers of outside text (fuzzed): /proc/PID/limits into @rlimits (FALSE
 * when none of them is in it); the minflt and majflt of /proc/PID/stat. */
gboolean  ms_limits_parse_proc_limits (const char    *text,
                                       gsize          length,
                                       MsRlimit       rlimits[MS_N_RLIMITS]);
gboolean  ms_limits_parse_stat_faults (const char    *text,
                                       gsize          length,
                                       guint64       *minflt,
                                       guint64       *majflt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsLimits, ms_limits_free)

G_END_DECLS
