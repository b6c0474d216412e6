/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

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

G_END_DECLS
