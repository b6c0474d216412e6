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

/* The region table's columns, one per field, in a GtkColumnView: which are
 * shown and in what order is the settings' `region-columns` (CSV names),
 * chosen in a menu on every column's header (check items of the actions
 * "columns.NAME", and "columns.reset", inserted into @owner) and kept when
 * a column is dragged elsewhere. Counters are shown only for a snapshot
 * that has them. @changed is called when the columns shown change. */
typedef struct _MsRegionColumns MsRegionColumns;

MsRegionColumns     *_ms_region_columns_new        (GtkColumnView   *view,
                                                    GtkWidget       *owner,
                                                    GCallback        changed,
                                                    gpointer         data);
void                 _ms_region_columns_free       (MsRegionColumns *self);
void                 _ms_region_columns_set_has_counters (MsRegionColumns *self,
                                                          gboolean         has_counters);
/* The column of field @id, shown or not. */
GtkColumnViewColumn *_ms_region_columns_get        (MsRegionColumns *self,
                                                    MsFieldId        id);
/* Fills @fields with the fields whose columns are shown, in the order
 * shown or (@csv_order) in the CSV's; returns how many. */
guint                _ms_region_columns_get_shown  (MsRegionColumns *self,
                                                    gboolean         csv_order,
                                                    MsFieldId        fields[MS_N_FIELDS]);

/* The path column takes the width left again (after a column of no field,
 * the compare's, was shown or hidden). */
void                 _ms_region_columns_refit      (MsRegionColumns *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsRegionColumns, _ms_region_columns_free)

G_END_DECLS
