/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-map-view.h"
#include "ms-summary.h"

G_BEGIN_DECLS

/* For the widget tests. */
MsSummary *_ms_map_view_get_summary (MsMapView *self);

G_END_DECLS
