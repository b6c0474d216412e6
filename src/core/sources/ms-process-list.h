/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One row of the process list (libproc2's pids API). */
typedef struct {
  int      pid;
  uid_t    uid;
  char     state;          /* 'R', 'S', 'Z', … */
  gboolean is_kernel_thread;
  gboolean has_smaps;      /* pss/swap/uss come from a readable smaps_rollup */
  char    *name;           /* the program's full name (see ms_process_full_name()) */
  char    *comm;           /* the kernel's name for it, at most 15 bytes */
  char    *user;
  char    *cmdline;        /* "" when the process has none (kernel threads) */
  char    *group;          /* its control group's name (ms_cgroup_display_name()):
                            * a container or systemd unit; "" for none, NULL
                            * when not read (a list from another machine) */
  guint64  rss;            /* bytes */
  guint64  pss;            /* bytes; 0 unless has_smaps */
  guint64  uss;            /* bytes; 0 unless has_smaps */
  guint64  swap;           /* bytes; 0 unless has_smaps */
} MsProcessInfo;

void       ms_process_info_free   (MsProcessInfo *info);

/* The longest name the kernel keeps for a process (`comm`, TASK_COMM_LEN
 * less its NUL): a longer program name is cut to it ("xdg-desktop-por"). */
#define MS_PROCESS_COMM_MAX 15

/* The name to show for a process whose kernel name is @comm: when @comm is
 * cut to MS_PROCESS_COMM_MAX bytes, the base name of the program it was cut
 * from — the first of @args[0] (the command), @args[1] (the script an
 * interpreter runs: the kernel names the process after it) and @exe (the
 * executable's path, " (deleted)" allowed) whose base name begins with @comm,
 * up to a space ("sshd: user" is not a program name). Otherwise, and when none
 * does, @comm itself. Returns: (transfer full).
 * @args: (nullable) (array zero-terminated=1): the first arguments;
 * @exe: (nullable). */
char      *ms_process_full_name   (const char          *comm,
                                   const char * const  *args,
                                   const char          *exe);

/* Every process, sorted by pid: a GPtrArray of MsProcessInfo (freed with the
 * array), or NULL with @error set. Processes that vanish while being read
 * are simply absent. The read and its _async twin return (transfer full)
 * (nullable) (element-type MsProcessInfo). */
GPtrArray *ms_process_list_read   (GError              **error);

/* Fills in the group of each MsProcessInfo of @list that has none, from
 * this machine's /proc/PID/cgroup (for lists read by the helper). */
void       ms_process_list_fill_groups (GPtrArray           *list);

/* Sorts a list of MsProcessInfo (from libproc2 or the helper) by pid. */
void       ms_process_list_sort   (GPtrArray            *list);

void       ms_process_list_read_async  (GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GPtrArray *ms_process_list_read_finish (GAsyncResult        *result,
                                        GError             **error);

/* The pids of every process, sorted (a GArray of int): the entries of /proc,
 * what ms_process_list_read() would list, at the cost of one directory
 * read instead of several files a process. */
GArray    *ms_process_list_read_pids        (GError              **error);
void       ms_process_list_read_pids_async  (GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GArray    *ms_process_list_read_pids_finish (GAsyncResult        *result,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsProcessInfo, ms_process_info_free)

G_END_DECLS
