/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-compare-bar.h"
#include "ms-map-view.h"
#include "ms-summary.h"

G_BEGIN_DECLS

/* For the widget tests. */
MsSummary *_ms_map_view_get_summary     (MsMapView *self);
MsCompareBar *_ms_map_view_get_compare_bar (MsMapView *self);
/* The text of the zoom button ("16×") and its tooltip. */
const char *_ms_map_view_get_zoom_text  (MsMapView *self);
const char *_ms_map_view_get_zoom_tooltip (MsMapView *self);

/* "1×", "1.5×", "16×", "4,096×", "1.2M×": a zoom factor as the zoom button
 * shows it. */
char      *_ms_map_view_format_zoom     (double     zoom);

G_END_DECLS
