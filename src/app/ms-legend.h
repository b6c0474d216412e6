/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-compare.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

#define MS_TYPE_LEGEND (ms_legend_get_type ())

G_DECLARE_FINAL_TYPE (MsLegend, ms_legend, MS, LEGEND, GtkWidget)

/* The colour of every region kind present in a snapshot (and only those)
 * with its totals: size and RSS shown, the number of regions and PSS in the
 * tooltip. The items flow into as many columns as fit. `compact` puts each
 * on one line, name and size. Clicking a kind makes it the `highlight-kind`
 * (-1 for none); clicking it again clears it. */
GtkWidget *ms_legend_new                (void);
void       ms_legend_set_snapshot       (MsLegend   *self,
                                         MsSnapshot *snapshot);
int        ms_legend_get_highlight_kind (MsLegend   *self);
void       ms_legend_set_highlight_kind (MsLegend   *self,
                                         int         kind);
gboolean   ms_legend_get_compact        (MsLegend   *self);
/* Beside each kind's figures, the change of its RSS (of its size for a maps
 * capture) since @compare's baseline; NULL: none. */
void       ms_legend_set_compare        (MsLegend   *self,
                                         MsCompare  *compare);
void       ms_legend_set_compact        (MsLegend   *self,
                                         gboolean    compact);

G_END_DECLS
