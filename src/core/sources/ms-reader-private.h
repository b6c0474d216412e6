/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sys/types.h>

#include "ms-classify.h"
#include "ms-figures.h"
#include "ms-maps-parser.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

/* What the reader (ms-reader.c) and the privileged reader (ms-privileged.c)
 * share: both build a snapshot of a live process from the same pieces of
 * /proc/PID, and say the same thing when a read fails. */

/* How reading /proc/PID failed. */
typedef enum {
  MS_READ_FAILURE_GONE,           /* there is no such process */
  MS_READ_FAILURE_EXITED,         /* it exited while it was being read */
  MS_READ_FAILURE_ZOMBIE,         /* it has exited and holds no memory */
  MS_READ_FAILURE_KERNEL_THREAD,  /* it has no user address space */
  MS_READ_FAILURE_DENIED,         /* the kernel refused; @owner says whose it is */
  MS_READ_FAILURE_CHANGING,       /* its map changed during every read of it */
  MS_READ_FAILURE_IO,             /* any other errno */
} MsReadFailure;

/* How many times a live read reads smaps when the map changed while it was
 * being read (its regions overlapped or came out of order). */
#define MS_READ_MAX_ATTEMPTS 5

/* The one-line, translated MS_ERROR for a failure. @name (comm) may be NULL;
 * @owner may be (uid_t) -1; @saved_errno is used for MS_READ_FAILURE_IO. */
void          _ms_reader_set_error          (GError        **error,
                                             MsReadFailure   failure,
                                             int             pid,
                                             const char     *name,
                                             uid_t           owner,
                                             int             saved_errno);

/* The Vm*, Rss*, Threads: and Uid: lines of /proc/PID/status (NUL-terminated
 * text); *uid becomes the effective uid when the Uid: line is there. */
void          _ms_reader_parse_status       (const char     *text,
                                             MsStatus       *status,
                                             uid_t          *uid);

/* A streaming smaps parser that fills @snapshot's regions; (transfer full),
 * to end with _ms_reader_finish_parser() or ms_maps_parser_finish(). */
MsMapsParser *_ms_reader_new_parser         (MsSnapshot     *snapshot);

/* Finishes (frees) @parser and records in @snapshot whether it saw counters
 * and which lines were malformed. FALSE when its regions overlapped or came
 * out of address order: in a capture that is damage (counted as malformed
 * lines), in a live read a change of the map while smaps was being read. */
gboolean      _ms_reader_finish_parser      (MsSnapshot     *snapshot,
                                             MsMapsParser   *parser);
/* Classifies @snapshot's regions with the threads' stack pointers, computes
 * the totals and seals it. */
void          _ms_reader_seal_snapshot      (MsSnapshot     *snapshot,
                                             const guint64  *thread_sps,
                                             guint           n_thread_sps);
/* The same with each thread's TID and name, and the main thread's @comm
 * (nullable): owners in `object` (ms_classify_threads()). */
void          _ms_reader_seal_snapshot_threads (MsSnapshot     *snapshot,
                                                const MsThread *threads,
                                                guint           n_threads,
                                                const char     *comm);
/* Both: for a capture, whatever its order. */
void          _ms_reader_finish_snapshot    (MsSnapshot     *snapshot,
                                             MsMapsParser   *parser,
                                             const guint64  *thread_sps,
                                             guint           n_thread_sps);

/* Sets @snapshot's fingerprint from its regions, thread count and totals:
 * what a probe of the live process (ms_probe_fingerprint) is compared with.
 * For a full read of a live process, after _ms_reader_finish_snapshot. */
void          _ms_reader_set_fingerprint    (MsSnapshot     *snapshot);

/* Sets pid, name (from comm, trailing newline dropped), cmdline (NUL bytes
 * turned into spaces, trailing blanks dropped; "" when @cmdline is NULL),
 * user (from snapshot->uid) and source_path. Takes @comm and @cmdline. */
void          _ms_reader_set_identity       (MsSnapshot     *snapshot,
                                             int             pid,
                                             char           *comm,
                                             char           *cmdline,
                                             gsize           cmdline_length);

/* Tests: when set, @hook gives the text read in place of the process's
 * smaps at each try (@attempt from 0) of a live read, or NULL to read the
 * process's own. Not thread-safe; NULL to stop. */
typedef const char *(*MsReaderSmapsHook) (int      pid,
                                          guint    attempt,
                                          gpointer user_data);
void          _ms_reader_set_smaps_hook     (MsReaderSmapsHook hook,
                                             gpointer          user_data);
/* What every source's "read since the previous snapshot" shares (the local
 * reader's ms_read_pid_since and the helper's sources):
 *
 * whether @previous is of process @pid and fresh enough (confirmed less than
 * MS_READ_SINCE_MAX_AGE_USEC ago) to be given back on a matching fingerprint
 * alone, without a full read; */
gboolean      _ms_reader_may_reuse          (MsSnapshot     *previous,
                                             int             pid);
/* after a full read: @previous (confirmed as of @snapshot's time, a new
 * reference) when @snapshot, which this takes, shows exactly the same, else
 * @snapshot (which may be NULL); */
MsSnapshot   *_ms_reader_keep_if_same       (MsSnapshot     *previous,
                                             MsSnapshot     *snapshot);
/* how many regions to make room for in a full read, given the number of
 * mappings a probe counted (0: not probed). */
guint         _ms_reader_expected_regions   (guint           n_probed);

/* A source's read of process @pid given @previous (see MsSource), on a
 * worker thread: @read runs there, in a GTask of @source_object (may be
 * NULL) named @name, and the task returns what @read
 * returns. The callback runs in the caller's main context; cancelling makes
 * the finish fail with G_IO_ERROR_CANCELLED. */
typedef MsSnapshot *(*MsReadSinceFunc) (gpointer       source_object,
                                        int            pid,
                                        MsSnapshot    *previous,
                                        GCancellable  *cancellable,
                                        GError       **error);
void          _ms_reader_read_in_thread     (gpointer             source_object,
                                             int                  pid,
                                             MsSnapshot          *previous,
                                             MsReadSinceFunc      read,
                                             const char          *name,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* The same with a read that also gives the process's figures at that read,
 * which _ms_reader_read_in_thread_get_figures() then gives (FALSE when
 * there are none: another kind of read, or a failed one). */
typedef MsSnapshot *(*MsReadFiguresFunc) (gpointer       source_object,
                                          int            pid,
                                          MsSnapshot    *previous,
                                          MsFigures     *figures,
                                          GCancellable  *cancellable,
                                          GError       **error);
void          _ms_reader_read_in_thread_figures (gpointer             source_object,
                                                 int                  pid,
                                                 MsSnapshot          *previous,
                                                 MsReadFiguresFunc    read,
                                                 const char          *name,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean      _ms_reader_read_in_thread_get_figures (GAsyncResult *result,
                                                     MsFigures    *figures);
/* Returns: (transfer full): what @read returned, or NULL with @error set. */
MsSnapshot   *_ms_reader_read_in_thread_finish (gpointer        source_object,
                                                GAsyncResult   *result,
                                                GError        **error);

/* Tests: how old a snapshot ms_read_pid_since may give back unread
 * (MS_READ_SINCE_MAX_AGE_USEC by default). */
void          _ms_reader_set_since_max_age (gint64 usec);

/* For the first picture (ms-first-picture.c): a whole small file of the
 * process of @dir plus a NUL (transfer full, or NULL with @saved_errno), and
 * every thread but the main one (a GArray of MsThread, names interned in
 * @strings; transfer full). */
char         *_ms_reader_read_small_text    (int             dir,
                                             const char     *name,
                                             GByteArray     *buffer,
                                             gsize          *length,
                                             int            *saved_errno);
GArray       *_ms_reader_read_threads       (int             dir,
                                             int             pid,
                                             GByteArray     *buffer,
                                             GStringChunk   *strings);

/* Strictly a decimal number of @length bytes of @text (digits only, no
 * sign, no leading zero, at most 20 digits) no larger than @max: the
 * privileged helper's frames and the remote answers read numbers so. */
/* The failure a helper's error record names by @code (@length bytes:
 * "gone", "exited", "zombie", "kernel-thread", "denied", "io"); FALSE for
 * any other. */
gboolean      _ms_reader_failure_from_code  (const char     *code,
                                             gsize           length,
                                             MsReadFailure  *failure);
gboolean      _ms_reader_parse_decimal      (const char     *text,
                                             gsize           length,
                                             guint64         max,
                                             guint64        *value);

G_END_DECLS
