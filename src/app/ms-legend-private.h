/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-kind.h"
#include "ms-legend.h"

G_BEGIN_DECLS

/* For the widget tests: the button of @kind's item (shown only when the
 * snapshot has regions of that kind). */
GtkWidget *_ms_legend_get_item (MsLegend *self,
                                MsKind    kind);

G_END_DECLS
