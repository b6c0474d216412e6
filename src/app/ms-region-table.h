/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-compare.h"
#include "ms-session.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

#define MS_TYPE_REGION_TABLE (ms_region_table_get_type ())

G_DECLARE_FINAL_TYPE (MsRegionTable, ms_region_table, MS, REGION_TABLE, GtkWidget)

/* Every region of a snapshot with all its counters, in a sortable GtkColumnView
 * with a filter entry (path, object, kind or address). `selected-index` is the
 * selected region's index in the snapshot, -1 for none.
 *
 * Bound to a session, it shows the session's region list (kept in step
 * through the session's diff) and shares its selection and hover, by
 * address: a row chosen here is the session's selected region, and the
 * session's selection and hover, from wherever they come, are marked here. */
GtkWidget  *ms_region_table_new                (void);
void        ms_region_table_set_session        (MsRegionTable *self,
                                                MsSession     *session);
MsSession  *ms_region_table_get_session        (MsRegionTable *self);
/* Without a session: shows @snapshot on its own. */
void        ms_region_table_set_snapshot       (MsRegionTable *self,
                                                MsSnapshot    *snapshot);
int         ms_region_table_get_selected_index (MsRegionTable *self);
/* Selects region @index (-1: nothing) and scrolls its row into view. */
void        ms_region_table_select_index       (MsRegionTable *self,
                                                int            index);
/* Marks region @index's row (-1: none) as the one under the pointer in the
 * strip (the session's hovered region), without scrolling: hovering must not
 * move the table under the person's eyes. */
void        ms_region_table_set_hovered_index  (MsRegionTable *self,
                                                int            index);
void        ms_region_table_focus_search       (MsRegionTable *self);
/* Shows the deltas of @compare (nullable) since its baseline in columns of
 * their own, and offers "Changed Only" (property `compare`). */
void        ms_region_table_set_compare        (MsRegionTable *self,
                                                MsCompare     *compare);
/* The rows as shown (sorted and filtered), a GListModel of MsRegionItem. */
GListModel *ms_region_table_get_model          (MsRegionTable *self);
/* Which of those rows are chosen (several may be: their sums are shown, and
 * they are copied); the session's selected region is one of them. */
GtkSelectionModel *ms_region_table_get_selection (MsRegionTable *self);
/* Row position of region @index as shown, or GTK_INVALID_LIST_POSITION. */
guint       ms_region_table_get_position       (MsRegionTable *self,
                                                int            index);

G_END_DECLS
