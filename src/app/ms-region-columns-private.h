/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-region.h"

G_BEGIN_DECLS

/* The columns of the region table: what each shows, how its cells are drawn
 * and how it sorts. Shared by ms-region-table.c only. */

typedef enum {
  MS_FIELD_START,
  MS_FIELD_END,
  MS_FIELD_SIZE,
  MS_FIELD_KIND,
  MS_FIELD_PERMS,
  MS_FIELD_COUNTER,   /* a guint64 in MsCounters at `offset` */
  MS_FIELD_USS,
  MS_FIELD_OBJECT,
  MS_FIELD_PATH,
  MS_FIELD_OFFSET,
  MS_FIELD_DEVICE,
  MS_FIELD_INODE,
} MsRegionField;

typedef struct {
  const char    *title;
  MsRegionField  field;
  gsize          offset;     /* MS_FIELD_COUNTER */
  int            width;
} MsRegionColumn;

#define MS_N_REGION_COLUMNS 22

const MsRegionColumn *_ms_region_column_get (guint                 i);
/* A column with its cell factory and its sorter. */
/* @measure: a widget whose font the heading is measured in */
GtkColumnViewColumn  *_ms_region_column_new (const MsRegionColumn *column,
                                              GtkWidget            *measure);

G_END_DECLS
