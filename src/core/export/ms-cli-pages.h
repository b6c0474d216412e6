/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ms-pages.h"

G_BEGIN_DECLS

/* `memscape --pid PID --pages [--range START-END] [--colour MODE] --export
 * FILE.csv|FILE.png` (issue 16): the pages of a process, one CSV row per run
 * of pages in one state, or the picture of their texture. Returns the exit
 * status; any failure is one line on stderr and nothing at @export_path.
 * Another user's process is read through the helper with @administrator
 * (ms_cli_read_pages_administrator()). */
int       ms_cli_pages_export   (const char *pid_text,
                                 const char *range,
                                 const char *colour,
                                 gboolean    administrator,
                                 const char *export_path);

/* `memscape --pid PID --activity SECONDS --export FILE.csv` (or --churn):
 * clears the process's referenced (soft-dirty) bits — or marks its pages
 * idle, where ms_activity_choose_method() says so —, waits, and writes each
 * region's use (ms_activity_write_csv()); the first line on stderr says
 * which way. One of @activity and @churn is positive. When the kernel
 * refuses the clearing (another user's process), with @administrator it is
 * done through the privileged helper, and without, one line says to give
 * --administrator. Returns the exit status. */
int       ms_cli_activity_export (const char *pid_text,
                                  int         activity,
                                  int         churn,
                                  gboolean    administrator,
                                  const char *export_path);

/* "START-END" (hex, with or without 0x) into @start and @end (out); FALSE
 * with @error for anything else. */
gboolean  ms_cli_parse_range    (const char *text,
                                 guint64    *start,
                                 guint64    *end,
                                 GError    **error);

/* The page CSV: a header, then one row per run of @map:
 * start,end,pages,present,swapped,file,exclusive,soft_dirty,zero,huge,guard
 * (0/1), and mapcount,referenced,idle,ksm when @map->pfns_visible. */
void      ms_pages_write_csv    (const MsPageMap *map,
                                 GString         *csv);

G_END_DECLS
