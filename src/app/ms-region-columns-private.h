/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-field.h"

G_BEGIN_DECLS

/* A column of the region table for each field of ms-field.h: how its cells
 * are drawn and how it sorts. Shared by ms-region-table.c only. */

/* A column with its cell factory and its sorter, titled as the field;
 * @measure: a widget whose font the heading is measured in. */
GtkColumnViewColumn *_ms_region_column_new   (const MsField       *field,
                                              GtkWidget           *measure);
/* The field a column of _ms_region_column_new() shows. */
const MsField       *_ms_region_column_get_field (GtkColumnViewColumn *column);

G_END_DECLS
