/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-baseline.h"
#include "ms-legend.h"
#include "ms-region-table.h"
#include "ms-session.h"
#include "ms-snapshot.h"
#include "ms-strip.h"
#include "ms-timeline.h"

G_BEGIN_DECLS

#define MS_TYPE_MAP_VIEW (ms_map_view_get_type ())

G_DECLARE_FINAL_TYPE (MsMapView, ms_map_view, MS, MAP_VIEW, GtkWidget)

/* The page of one session: summary, the strip with its zoom and scale
 * controls, the legend, and the region table under a paned. Each binds to the
 * session, which keeps them in step (selection and hover by address,
 * highlighted kind, scale). */
GtkWidget     *ms_map_view_new           (void);
void           ms_map_view_set_session   (MsMapView  *self,
                                          MsSession  *session);
MsSession     *ms_map_view_get_session   (MsMapView  *self);
/* What the session shown is compared with (NULL without a session): the
 * strip, table, summary and legend show the comparison. (transfer none) */
MsBaseline    *ms_map_view_get_baseline  (MsMapView  *self);
MsStrip       *ms_map_view_get_strip     (MsMapView  *self);
MsLegend      *ms_map_view_get_legend    (MsMapView  *self);
MsRegionTable *ms_map_view_get_table     (MsMapView  *self);
MsTimeline    *ms_map_view_get_timeline  (MsMapView  *self);

G_END_DECLS
