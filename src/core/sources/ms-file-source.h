/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-source.h"

G_BEGIN_DECLS

#define MS_TYPE_FILE_SOURCE (ms_file_source_get_type ())

G_DECLARE_FINAL_TYPE (MsFileSource, ms_file_source, MS, FILE_SOURCE, GObject)

/* A captured /proc/PID/smaps or /proc/PID/maps file (ms_read_file()): its
 * one "process" is read with pid 0, and it lists no processes. */
/* Returns: (transfer full) */
MsSource   *ms_file_source_new      (const char   *path);
/* (transfer none) */
const char *ms_file_source_get_path (MsFileSource *self);

G_END_DECLS
