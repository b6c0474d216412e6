/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-compare.h"
#include "ms-region-table.h"

G_BEGIN_DECLS

/* For the widget tests: what typing in the filter entry and clicking a
 * column header (@title, as shown) do. */
void _ms_region_table_set_search (MsRegionTable *self,
                                  const char    *text);
void _ms_region_table_sort_by    (MsRegionTable *self,
                                  const char    *title,
                                  GtkSortType    order);
/* The line of sums under the table, or NULL while it is hidden. */
const char    *_ms_region_table_get_selection_text (MsRegionTable *self);
GtkColumnView *_ms_region_table_get_column_view    (MsRegionTable *self);
/* The rows' menu (right click, Menu, Shift+F10). */
GtkPopover    *_ms_region_table_get_context_menu   (MsRegionTable *self);

/* Between ms-region-table.c and ms-region-table-copy.c: */
typedef struct _MsRegionColumns MsRegionColumns;

MsRegionColumns *_ms_region_table_get_columns      (MsRegionTable *self);
/* The regions of the rows chosen, in the order shown. (transfer container) */
GPtrArray     *_ms_region_table_get_chosen         (MsRegionTable *self);
/* The copy actions and their keys, and the menu's. */
void           _ms_region_table_class_init_copying (GtkWidgetClass *widget_class);
/* The rows' menu, on @self, opened by a right click on a row. */
GtkWidget     *_ms_region_table_menu_new           (MsRegionTable *self);
/* Which copies there is something for, of @regions chosen. */
void           _ms_region_table_update_copy_actions (MsRegionTable *self,
                                                     GPtrArray     *regions);

/* ms-region-table-compare.c: the delta columns (appended to @view) and the
 * "Changed Only" toggle (put before @before, in its box) while there is a
 * comparison; @filter_changed (@user_data) when what the filter keeps
 * changed. */
typedef struct _MsRegionTableCompare MsRegionTableCompare;

MsRegionTableCompare *_ms_region_table_compare_new     (GtkColumnView        *view,
                                                         GtkWidget            *before,
                                                         GCallback             filter_changed,
                                                         gpointer              user_data);
void           _ms_region_table_compare_free       (MsRegionTableCompare *self);
void           _ms_region_table_compare_set        (MsRegionTableCompare *self,
                                                    MsCompare            *compare);
/* "Changed Only" is on (and there is a comparison). */
gboolean       _ms_region_table_compare_filters    (MsRegionTableCompare *self);
/* FALSE when it filters and @region (of @snapshot) is as in the baseline. */
gboolean       _ms_region_table_compare_keeps      (MsRegionTableCompare *self,
                                                    MsSnapshot           *snapshot,
                                                    const MsRegion       *region);
GtkWidget     *_ms_region_table_compare_get_toggle (MsRegionTableCompare *self);
/* (transfer none) (nullable) */
MsCompare     *_ms_region_table_compare_get        (MsRegionTableCompare *self);

G_END_DECLS
