/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ms-history.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

/* A recording (`FILE.memscape`): the samples of one process in an SQLite
 * database whose schema the README documents ("Recordings"), so that it
 * can be queried with `sqlite3`. `PRAGMA application_id` is
 * MS_RECORDING_APPLICATION_ID and `PRAGMA user_version` the schema's
 * version: any other SQLite file is "not a Memscape recording".
 *
 * Each region version (a region as it stayed, unchanged, from one sample
 * to another) is stored once with the first and last sample it was seen
 * in; each sample is one transaction. */

#define MS_RECORDING_APPLICATION_ID 0x4D656D73   /* "Mems" */
#define MS_RECORDING_SCHEMA_VERSION 1

/* The caps a recording is held to when read (the same spirit as a
 * capture's 256 MiB): beyond them it is refused as damaged. */
#define MS_RECORDING_MAX_SAMPLES   (1u << 20)
#define MS_RECORDING_MAX_REGIONS   (1u << 20)   /* in one sample */
#define MS_RECORDING_MAX_VERSIONS  (1u << 23)   /* in the whole file */
#define MS_RECORDING_MAX_STRING    (64 * 1024)  /* bytes of a path, name, … */

/* --- writing -------------------------------------------------------------- */

typedef struct _MsRecordingWriter MsRecordingWriter;

/* Starts a recording at @path, which must not exist: a recording grows in
 * place, so it is only ever written to a new file (created as the shell's
 * `>` would, never through a symbolic link). Returns: (transfer full), or
 * NULL with one line in @error and no file left behind. */
MsRecordingWriter *ms_recording_writer_create    (const char         *path,
                                                  GError            **error);
/* A recording in memory, for ms_recording_writer_steal_bytes().
 * Returns: (transfer full) */
MsRecordingWriter *ms_recording_writer_new_memory (GError           **error);
/* Adds one sample (one transaction): @snapshot as it was at @time_usec.
 * The same snapshot again adds a sample that changed nothing. Snapshots of
 * another process than the first are refused. */
gboolean           ms_recording_writer_add       (MsRecordingWriter  *self,
                                                  gint64              time_usec,
                                                  MsSnapshot         *snapshot,
                                                  GError            **error);
guint              ms_recording_writer_get_n_samples (MsRecordingWriter *self);
/* Bytes the recording takes on disk now (its journal included). */
guint64            ms_recording_writer_get_size  (MsRecordingWriter  *self);
/* Ends the recording: the last samples of the regions still mapped are
 * filled in, the write-ahead log folded into the file and removed, and the
 * file closed. */
gboolean           ms_recording_writer_finish    (MsRecordingWriter  *self,
                                                  GError            **error);
/* For a recording in memory, after ms_recording_writer_finish(): the
 * database file's bytes. Returns: (transfer full) */
GBytes            *ms_recording_writer_steal_bytes (MsRecordingWriter *self);
/* Closes without finishing (what a killed recorder leaves: every sample
 * added so far is kept). */
void               ms_recording_writer_free      (MsRecordingWriter  *self);

/* Writes every sample of @history to @path as a recording, through
 * ms_file_write() (made in memory, then written whole as any export is).
 * @history must not change meanwhile: a session's changes on the main
 * thread, so the window hands its samples to a worker one by one instead
 * (ms-window-recording.c). */
gboolean           ms_recording_save_history     (MsHistory          *history,
                                                  const char         *path,
                                                  GCancellable       *cancellable,
                                                  GError            **error);

/* --- reading -------------------------------------------------------------- */

typedef struct _MsRecording MsRecording;

/* Opens a recording for reading (read-only; one written meanwhile is read
 * as it was at its last complete sample). Every failure is one line:
 * empty, not SQLite, damaged, another schema version, an SQLite file that
 * is not a recording, a recording without samples.
 * Returns: (transfer full) */
MsRecording *ms_recording_open            (const char    *path,
                                           GError       **error);
/* The same over the bytes of a database file (the fuzz target's way in). */
MsRecording *ms_recording_open_bytes      (const void    *data,
                                           gsize          length,
                                           GError       **error);
void         ms_recording_free            (MsRecording   *self);

guint        ms_recording_get_n_samples   (MsRecording   *self);
gint64       ms_recording_get_time        (MsRecording   *self,
                                           guint          index);
/* The sample at @seconds from the first one: the last taken at or before
 * that time; a negative @seconds means the last sample. */
guint        ms_recording_find_sample     (MsRecording   *self,
                                           double         seconds);
/* The snapshot of sample @index (0-based). Returns: (transfer full) */
MsSnapshot  *ms_recording_get_snapshot    (MsRecording   *self,
                                           guint          index,
                                           GError       **error);
/* Every sample, in a history built with ms_history_add() (the timeline's),
 * of at most @budget bytes. Returns: (transfer full) */
MsHistory   *ms_recording_build_history   (MsRecording   *self,
                                           gsize          budget,
                                           GCancellable  *cancellable,
                                           GError       **error);

/* The snapshot of the recording at @path at @at_seconds from its start
 * (< 0: its last sample), for `--open FILE.memscape --export` and
 * `--compare`. Returns: (transfer full), or NULL with one line in @error. */
MsSnapshot  *ms_recording_read_snapshot   (const char    *path,
                                           double         at_seconds,
                                           GError       **error);

/* TRUE when @path should be read as a recording: its name ends in
 * `.memscape`, or it starts as an SQLite database does. */
gboolean     ms_recording_path_is_recording (const char  *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsRecording, ms_recording_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsRecordingWriter, ms_recording_writer_free)

G_END_DECLS
