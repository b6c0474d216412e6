/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ms-figures.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

/* What a source is, for the UI and for what a session does with a failure. */
typedef enum {
  MS_SOURCE_KIND_LOCAL,          /* this machine's /proc, as this user */
  MS_SOURCE_KIND_HOST,           /* the host's /proc from inside Flatpak, as this user */
  MS_SOURCE_KIND_ADMINISTRATOR,  /* any process, through the helper run as root */
  MS_SOURCE_KIND_FILE,           /* a captured smaps or maps file: read once */
  MS_SOURCE_KIND_REMOTE,         /* another machine, through a shell command (ms-remote-source.c) */
} MsSourceKind;

#define MS_TYPE_SOURCE_KIND (ms_source_kind_get_type ())
GType ms_source_kind_get_type (void) G_GNUC_CONST;

#define MS_TYPE_SOURCE (ms_source_get_type ())

G_DECLARE_INTERFACE (MsSource, ms_source, MS, SOURCE, GObject)

/* Where processes and their maps come from: one implementation a file
 * (ms-local-source.c, ms-helper-source.c, ms-file-source.c), chosen once
 * where it is created, and a session or a process list model reads through
 * whichever it was given.
 *
 * read: one process's map, on a worker thread. Given the snapshot shown now
 * (@previous, or NULL for a full read), a source gives @previous back — the
 * same pointer, a new reference — when the process has not changed, and
 * finds that out cheaply (a fingerprint of maps, smaps_rollup and the thread
 * count, never smaps); a full read that finds exactly what @previous shows
 * gives it back too. Errors are MS_ERROR's, as ms_read_pid() says them.
 *
 * list: every process, a GPtrArray of MsProcessInfo sorted by pid.
 *
 * list_pids (optional): the pids that list would give, a sorted GArray of int,
 * found far more cheaply than a list (no file of each process read), so
 * that a list can be kept current by reading it again only when processes
 * came or went. NULL in a source that has no such cheap look.
 *
 * read_first (optional): issue 16's first picture of a big process — a
 * partial snapshot (ms_snapshot_is_partial(): sizes, kinds, RSS) made far
 * more cheaply than a full read, or NULL without an error where that is not
 * cheaper (few mappings, no PAGEMAP_SCAN) or not possible; the session shows
 * it while the full read is under way. Only the local source has it.
 *
 * Cancelling makes _finish fail with G_IO_ERROR_CANCELLED. The callback's
 * source object need not be the source (an implementation may hand the work
 * to another's task, as the local source's list does): finish with the
 * source the call was made on. */
struct _MsSourceInterface
{
  GTypeInterface parent_iface;

  MsSourceKind (*get_kind)    (MsSource             *self);

  void         (*list_async)  (MsSource             *self,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data);
  GPtrArray   *(*list_finish) (MsSource             *self,
                               GAsyncResult         *result,
                               GError              **error);

  void         (*list_pids_async)  (MsSource             *self,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
  GArray      *(*list_pids_finish) (MsSource             *self,
                                    GAsyncResult         *result,
                                    GError              **error);

  void         (*read_async)  (MsSource             *self,
                               int                   pid,
                               MsSnapshot           *previous,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data);
  MsSnapshot  *(*read_finish) (MsSource             *self,
                               GAsyncResult         *result,
                               GError              **error);

  /* (optional) the process's figures at the read of @result (finished). */
  gboolean     (*read_figures) (MsSource            *self,
                                GAsyncResult        *result,
                                MsFigures           *figures);

  /* Optional: the label and title suffix of this source itself, for a kind
   * whose words name an instance ("server", "on server"); NULL: the kind's. */
  const char  *(*get_label)        (MsSource             *self);
  const char  *(*get_title_suffix) (MsSource             *self);

  void         (*read_first_async)  (MsSource             *self,
                                     int                   pid,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
  MsSnapshot  *(*read_first_finish) (MsSource             *self,
                                     GAsyncResult         *result,
                                     GError              **error);
};

MsSourceKind  ms_source_get_kind          (MsSource             *self);
/* How the UI names it ("This computer", "As administrator", …), translated.
 * (transfer none) */
const char   *ms_source_get_label         (MsSource             *self);
/* What a window title says of a process read through it ("as administrator"),
 * translated; NULL when nothing is worth saying. (transfer none) (nullable) */
const char   *ms_source_get_title_suffix  (MsSource             *self);
/* TRUE for a live source, whose processes are read again and again; FALSE
 * for a capture, read once. */
gboolean      ms_source_is_live           (MsSource             *self);

void          ms_source_list_async        (MsSource             *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* Returns: (transfer full): a GPtrArray of MsProcessInfo, or NULL. */
GPtrArray    *ms_source_list_finish       (MsSource             *self,
                                           GAsyncResult         *result,
                                           GError              **error);

/* Whether the source has the cheap look at which processes there are. */
gboolean      ms_source_can_list_pids     (MsSource             *self);
void          ms_source_list_pids_async   (MsSource             *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* Returns: (transfer full): a sorted GArray of int, or NULL. */
GArray       *ms_source_list_pids_finish  (MsSource             *self,
                                           GAsyncResult         *result,
                                           GError              **error);

/* @previous: (nullable): the snapshot shown now, for a cheap refresh. */
void          ms_source_read_async        (MsSource             *self,
                                           int                   pid,
                                           MsSnapshot           *previous,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* Returns: (transfer full): the snapshot (@previous again when unchanged),
 * or NULL. */
MsSnapshot   *ms_source_read_finish       (MsSource             *self,
                                           GAsyncResult         *result,
                                           GError              **error);

/* After ms_source_read_finish() of @result: the cheap per-process figures
 * read with it, every refresh (even when the snapshot is given back
 * unchanged), into @figures (out). FALSE when the source gives none (a
 * capture, a failed read): then the snapshot's own totals are all there is. */
gboolean      ms_source_read_get_figures  (MsSource             *self,
                                           GAsyncResult         *result,
                                           MsFigures            *figures);

/* Whether the source makes first pictures (read_first above). */
gboolean      ms_source_can_read_first    (MsSource             *self);
void          ms_source_read_first_async  (MsSource             *self,
                                           int                   pid,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* Returns: (transfer full) (nullable): a partial snapshot, or NULL (with
 * @error only when cancelled). */
MsSnapshot   *ms_source_read_first_finish (MsSource             *self,
                                           GAsyncResult         *result,
                                           GError              **error);

/* The source of this machine's processes as this user: the local /proc, or
 * inside Flatpak the host's (through the helper on the host).
 * Returns: (transfer full) */
MsSource     *ms_source_new_default       (void);
/* Any process, as administrator: the helper through pkexec (inside
 * Flatpak, on the host). Returns: (transfer full) */
MsSource     *ms_source_new_administrator (void);

G_END_DECLS
