/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ms-figures.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

/* Turns a command-line argument into a pid (@pid: (out)), or says in one
 * line why not. */
gboolean    ms_parse_pid          (const char          *text,
                                   int                 *pid,
                                   GError             **error);

/* Reads /proc/PID (smaps, status, comm, cmdline, each thread's stack pointer)
 * into a classified snapshot. Errors are in MS_ERROR, with a message a person
 * understands: no such process, permission denied (and whose it is), kernel
 * thread, zombie, exited while being read. Like every read here, returns
 * (transfer full) (nullable): the snapshot, or NULL with @error set. */
MsSnapshot *ms_read_pid           (int                  pid,
                                   GCancellable        *cancellable,
                                   GError             **error);
/* For a live refresh: when @previous (nullable) is of the same process, at most
 * MS_READ_SINCE_MAX_AGE_USEC old, and /proc/PID/maps, smaps_rollup and the
 * thread count say nothing changed (its fingerprint), returns @previous with
 * a new reference — about a third of the cost of a full read at 5 000
 * mappings (README's speed table). Else ms_read_pid;
 * and when that finds exactly what @previous shows, @previous again (its
 * age then counts from this read). */
#define MS_READ_SINCE_MAX_AGE_USEC (10 * G_USEC_PER_SEC)

MsSnapshot *ms_read_pid_since     (int                  pid,
                                   MsSnapshot          *previous,
                                   GCancellable        *cancellable,
                                   GError             **error);

/* ms_read_pid_since(), and the process's figures at this read into
 * @figures (optional): from the probe's smaps_rollup and status on a quiet
 * refresh, from the snapshot on a full read, and the page faults from
 * /proc/PID/stat either way. */
MsSnapshot *ms_read_pid_figures   (int                  pid,
                                   MsSnapshot          *previous,
                                   MsFigures           *figures,
                                   GCancellable        *cancellable,
                                   GError             **error);

/* Reads a captured /proc/PID/smaps or /proc/PID/maps file. (transfer full)
 * (nullable) */
MsSnapshot *ms_read_file          (const char          *path,
                                   GCancellable        *cancellable,
                                   GError             **error);
/* Parses captured text already in memory; @name is shown as the process
 * name. (transfer full) (nullable) */
MsSnapshot *ms_read_text          (const char          *text,
                                   gsize                length,
                                   const char          *name,
                                   GError             **error);

G_END_DECLS
