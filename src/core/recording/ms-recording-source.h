/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-history.h"
#include "ms-source.h"

G_BEGIN_DECLS

#define MS_TYPE_RECORDING_SOURCE (ms_recording_source_get_type ())

G_DECLARE_FINAL_TYPE (MsRecordingSource, ms_recording_source, MS, RECORDING_SOURCE, GObject)

/* A recording (FILE.memscape) as a source: its one "process" read gives the
 * recording's last sample, and every sample in a history
 * (ms_recording_source_take_history()) for the session to keep. A source of
 * kind MS_SOURCE_KIND_FILE: read once, listing no processes. */
/* Returns: (transfer full) */
MsSource   *ms_recording_source_new          (const char        *path);
/* (transfer none) */
const char *ms_recording_source_get_path     (MsRecordingSource *self);
/* The history of every sample, made by the last read whose result is
 * @snapshot, or NULL. Returns: (transfer full) (nullable) */
MsHistory  *ms_recording_source_take_history (MsRecordingSource *self,
                                              MsSnapshot        *snapshot);

G_END_DECLS
