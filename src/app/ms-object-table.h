/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-session.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

#define MS_TYPE_OBJECT_TABLE (ms_object_table_get_type ())

G_DECLARE_FINAL_TYPE (MsObjectTable, ms_object_table, MS, OBJECT_TABLE, GtkWidget)

/* The region table "By object": one row per owner of regions (a library or
 * program, an arena, a thread, a named region, or the regions of one kind
 * without an owner) with the number of its regions and their sums, and its
 * regions as rows under it (+ and −, or Shift+Right and Shift+Left, expand
 * and collapse). Sortable by every column; a sort keeps each region under
 * its owner.
 *
 * Bound to a session it follows the session's snapshot while it is shown,
 * keeping the rows expanded and chosen across refreshes, and shares the
 * session's selection: a region's row is the session's selected region, an
 * owner's row its first region. */
GtkWidget  *ms_object_table_new          (void);
void        ms_object_table_set_session  (MsObjectTable *self,
                                          MsSession     *session);
/* Without a session: shows @snapshot on its own. */
void        ms_object_table_set_snapshot (MsObjectTable *self,
                                          MsSnapshot    *snapshot);
/* Shows only the owners whose name or kind holds @text ("" for all). */
void        ms_object_table_set_search   (MsObjectTable *self,
                                          const char    *text);
/* How many owners are shown, and how many there are. */
guint       ms_object_table_get_n_shown  (MsObjectTable *self);
guint       ms_object_table_get_n_objects (MsObjectTable *self);

G_END_DECLS
