/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-object-model.h"
#include "ms-object-table.h"

G_BEGIN_DECLS

typedef enum {
  COLUMN_OBJECT,
  COLUMN_REGIONS,
  COLUMN_SIZE,
  COLUMN_RSS,
  COLUMN_PSS,
  COLUMN_USS,
  COLUMN_SWAP,
  N_COLUMNS
} Column;

/* Between ms-object-table.c (the rows, the selection) and
 * ms-object-table-actions.c (copying, the menu, the keys). */
struct _MsObjectTable
{
  GtkWidget             parent_instance;

  GtkColumnView        *column_view;
  GtkWidget            *context_menu;
  GtkColumnViewColumn  *view_columns[N_COLUMNS];

  MsObjectModel        *model;
  GtkCustomFilter      *filter;
  GtkFilterListModel   *filtered;
  GtkTreeListRowSorter *row_sorter;
  GtkSortListModel     *sorted;
  GtkMultiSelection    *selection;

  MsSession            *session;
  GSignalGroup         *session_signals;
  MsSnapshot           *snapshot;      /* without a session */

  char                 *search;        /* stripped; "" for none */
  gboolean              kind_matches[MS_N_KINDS];
  gboolean              choosing;      /* the session's selection set from here */
  GtkAdjustment        *hadjustment;
  guint                 fit_source;
};

/* The item of the row at @position as shown: an MsObjectItem, or the
 * MsRegionItem of a region under its owner. (transfer full) (nullable) */
GObject *_ms_object_table_row_item           (MsObjectTable  *self,
                                              guint           position);
void     _ms_object_table_class_init_actions (GtkWidgetClass *widget_class);
void     _ms_object_table_init_actions       (MsObjectTable  *self);
void     _ms_object_table_update_actions     (MsObjectTable  *self);

/* For the tests, and the region table: the rows as shown (GtkTreeListRow
 * items), the column view, the text Ctrl+C copies, the rows' menu. */
GtkSelectionModel *_ms_object_table_get_selection    (MsObjectTable *self);
GtkColumnView     *_ms_object_table_get_column_view  (MsObjectTable *self);
char              *_ms_object_table_dup_copy_text    (MsObjectTable *self);
/* The line of sums under the table for the owners' rows chosen, or NULL
 * while fewer than two are. (transfer full) (nullable) */
char              *_ms_object_table_dup_selection_text (MsObjectTable *self);
GtkPopover        *_ms_object_table_get_context_menu (MsObjectTable *self);

G_END_DECLS
