/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-source.h"

G_BEGIN_DECLS

#define MS_TYPE_LOCAL_SOURCE (ms_local_source_get_type ())

G_DECLARE_FINAL_TYPE (MsLocalSource, ms_local_source, MS, LOCAL_SOURCE, GObject)

/* This machine's /proc, read as this user: ms_read_pid_since() (a quiet
 * process costs its maps, smaps_rollup and status) and
 * ms_process_list_read(). Returns: (transfer full) */
MsSource *ms_local_source_new (void);

/* For tests: the fewest mappings a process needs for a first picture
 * (MS_FIRST_PICTURE_MIN_REGIONS). */
void      _ms_local_source_set_first_min_regions (guint n_regions);

G_END_DECLS
