/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-region-table.h"
#include "ms-snapshot.h"
#include "ms-strip.h"

G_BEGIN_DECLS

#define MS_TYPE_MAP_VIEW (ms_map_view_get_type ())

G_DECLARE_FINAL_TYPE (MsMapView, ms_map_view, MS, MAP_VIEW, GtkWidget)

/* The page of one snapshot: summary, the strip with its zoom and scale
 * controls, the legend, and the region table under a paned. Keeps the strip,
 * the legend and the table in step (selection, hover, highlighted kind). */
GtkWidget     *ms_map_view_new           (void);
void           ms_map_view_set_snapshot  (MsMapView  *self,
                                          MsSnapshot *snapshot);
MsSnapshot    *ms_map_view_get_snapshot  (MsMapView  *self);
MsStrip       *ms_map_view_get_strip     (MsMapView  *self);
MsRegionTable *ms_map_view_get_table     (MsMapView  *self);

G_END_DECLS
