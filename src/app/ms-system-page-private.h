/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-cgroup.h"

G_BEGIN_DECLS

/* Shared by ms-system-page.c and ms-system-columns.c. The columns of a
 * table of MsSystemItem rows: what each shows of a row's texts and numbers. */
typedef enum {
  COL_TEXT,
  COL_PATH,       /* text whose end matters (a file's name, a segment's id): cut in the middle */
  COL_PID,
  COL_SIZE,      /* number[index], bytes */
  COL_COUNT,     /* number[index] */
  COL_READ_SIZE, /* bytes; "not readable" for a process we may not read */
  COL_HEX,       /* number[index] in hex (a key) */
  COL_LIMIT,     /* bytes; MS_SYSTEM_UNKNOWN: "—"; MS_CGROUP_UNLIMITED: "no limit" */
} MsSystemColumnType;

typedef struct {
  const char         *title;
  MsSystemColumnType  type;
  guint               index;
  gboolean            expand;
} MsSystemColumn;

#define MS_SYSTEM_UNKNOWN (G_MAXUINT64 - 1)   /* a COL_LIMIT figure the kernel does not give */

extern const MsSystemColumn _ms_system_process_columns[];
extern const MsSystemColumn _ms_system_object_columns[];
extern const MsSystemColumn _ms_system_user_columns[];
extern const MsSystemColumn _ms_system_cgroup_columns[];
extern const MsSystemColumn _ms_system_shm_columns[];
extern const MsSystemColumn _ms_system_shm_file_columns[];
extern const guint _ms_system_n_process_columns;
extern const guint _ms_system_n_object_columns;
extern const guint _ms_system_n_user_columns;
extern const guint _ms_system_n_cgroup_columns;
extern const guint _ms_system_n_shm_columns;
extern const guint _ms_system_n_shm_file_columns;

/* Fills @view's columns and gives it a sorted model of a new store
 * (returned, transfer full), sorted at first by column @sort_by,
 * descending; with @selection_out a single selection (none at first) is
 * made and returned there (transfer none), else no selection. */
GListStore *_ms_system_table_setup (GtkColumnView        *view,
                                    const MsSystemColumn *columns,
                                    guint                 n_columns,
                                    int                   sort_by,
                                    GtkSingleSelection  **selection_out);

G_END_DECLS
