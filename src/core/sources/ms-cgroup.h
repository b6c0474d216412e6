/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which control group a process is in, what to call it (a systemd unit, a
 * container), and what its memory controller says about it. No GTK.
 *
 * cgroup v2 (one "0::PATH" line in /proc/PID/cgroup) and v1 or hybrid
 * (a line per hierarchy, "4:memory:/PATH") are both understood: the memory
 * figures come from whichever hierarchy the memory controller is in, found
 * through /proc/self/mountinfo (never assumed to be /sys/fs/cgroup). */

/* The paths of a process in each hierarchy that matters here; a NULL path is
 * a hierarchy the process is not shown in. Paths start with '/'. */
typedef struct {
  char *unified;      /* the "0::" line (cgroup v2) */
  char *memory;       /* v1 "memory" controller */
  char *pids;         /* v1 "pids" controller */
  char *systemd;      /* v1 "name=systemd" */
} MsCgroupPaths;

void      ms_cgroup_paths_clear      (MsCgroupPaths *paths);

/* Parses the text of /proc/PID/cgroup (@length bytes, NUL not needed):
 * FALSE, with @paths left empty, when no line of it makes sense. Malformed
 * lines are skipped; a path is kept as the kernel writes it. */
gboolean  ms_cgroup_parse_proc       (const char    *text,
                                      gsize          length,
                                      MsCgroupPaths *paths);

/* The path that best names the process's group: the v2 path unless it is
 * the root and a v1 "name=systemd" or "memory" path says more. Never NULL
 * ("/" when nothing is known). (transfer none) */
const char *ms_cgroup_paths_best     (const MsCgroupPaths *paths);

/* What to call the group at @path, for people: a container ("docker
 * 3f2a1b9c04d7…", "podman …", "containerd …", "cri-o …", "lxc NAME", and
 * "pod 5e1f0a7b…" before it inside Kubernetes), else the innermost systemd
 * unit ("sshd.service", "user@1000.service", "session-2.scope"), else the
 * last part of the path (a long hex ID shortened), "" for the root.
 * (transfer full) */
char     *ms_cgroup_display_name     (const char    *path);

/* Where the cgroup file systems are mounted, from mountinfo text. */
typedef struct {
  char *unified;            /* the cgroup2 mount, NULL if none */
  char *unified_root;       /* its root inside the hierarchy ("/" usually) */
  char *memory_v1;          /* the v1 mount with the memory controller */
  char *memory_v1_root;
  char *pids_v1;
  char *pids_v1_root;
} MsCgroupMounts;

void      ms_cgroup_mounts_clear     (MsCgroupMounts *mounts);
/* Parses /proc/self/mountinfo text (NUL-terminated). Always succeeds; what
 * is not found stays NULL. Mount points have their \040-style escapes
 * undone. */
void      ms_cgroup_mounts_parse     (const char     *text,
                                      MsCgroupMounts *mounts);
/* This system's mounts, read once and kept. (transfer none) */
const MsCgroupMounts *ms_cgroup_mounts_get (void);

typedef enum {
  MS_CGROUP_NONE = 0,   /* no memory controller to read */
  MS_CGROUP_V1,
  MS_CGROUP_V2,
} MsCgroupVersion;

/* "Unlimited" ("max" in v2, the page counter's maximum in v1). */
#define MS_CGROUP_UNLIMITED G_MAXUINT64

/* A group's memory, in bytes. A has_ flag is FALSE where the kernel has no
 * such file (memory.peak before Linux 5.19, swap accounting off, v1's lack
 * of an "oom" count). */
typedef struct {
  MsCgroupVersion version;
  char    *directory;        /* the group's folder that was read */
  gboolean has_current;
  guint64  current;          /* memory.current / memory.usage_in_bytes */
  guint64  max;              /* memory.max / memory.limit_in_bytes; or UNLIMITED */
  gboolean has_peak;
  guint64  peak;             /* memory.peak / memory.max_usage_in_bytes */
  gboolean has_swap;
  guint64  swap_current;     /* memory.swap.current (v1: memsw less usage) */
  guint64  swap_max;         /* memory.swap.max (v1: memsw limit less limit); or UNLIMITED */
  gboolean has_oom;
  guint64  oom;              /* memory.events "oom" */
  gboolean has_oom_kill;
  guint64  oom_kill;         /* memory.events / memory.oom_control "oom_kill" */
  gboolean has_pids;
  guint64  pids_current;     /* pids.current */
  guint64  pids_max;         /* pids.max; or UNLIMITED */
} MsCgroupMemory;

void      ms_cgroup_memory_clear     (MsCgroupMemory *memory);

/* Reads the memory (and pids) figures of the group @paths names, under
 * @mounts (NULL: this system's). FALSE with @error (G_IO_ERROR_NOT_FOUND,
 * …) when there is no memory controller to read or its folder is gone. */
gboolean  ms_cgroup_read_memory      (const MsCgroupPaths  *paths,
                                      const MsCgroupMounts *mounts,
                                      MsCgroupMemory       *memory,
                                      GError              **error);

/* Reads /proc/PID/cgroup: FALSE with @error when it cannot be read (the
 * process is gone, …). */
gboolean  ms_cgroup_read_pid         (int            pid,
                                      MsCgroupPaths *paths,
                                      GError       **error);

/* The value of "NAME N" in memory.events or memory.oom_control text: FALSE
 * when there is no such line. */
gboolean  ms_cgroup_parse_event      (const char    *text,
                                      gsize          length,
                                      const char    *name,
                                      guint64       *value);
/* A limit file's text: "max" (or v1's page-counter maximum, any value
 * of 2^62 bytes and more) is MS_CGROUP_UNLIMITED. FALSE when not a number. */
gboolean  ms_cgroup_parse_limit      (const char    *text,
                                      guint64       *value);

/* A cache of display names by path (for lists of hundreds of processes
 * that share a few dozen groups). Not thread-safe: one per reader. */
typedef struct _MsCgroupNameCache MsCgroupNameCache;
MsCgroupNameCache *ms_cgroup_name_cache_new  (void);
void               ms_cgroup_name_cache_free (MsCgroupNameCache *cache);
/* The display name of @pid's group (from /proc/@pid/cgroup), or NULL when it
 * cannot be read. (transfer none): valid while @cache lives. */
const char        *ms_cgroup_name_cache_lookup_pid (MsCgroupNameCache *cache,
                                                    int                pid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCgroupNameCache, ms_cgroup_name_cache_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MsCgroupPaths, ms_cgroup_paths_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MsCgroupMounts, ms_cgroup_mounts_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MsCgroupMemory, ms_cgroup_memory_clear)

G_END_DECLS
