/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MS_TYPE_LEGEND_LAYOUT (ms_legend_layout_get_type ())

G_DECLARE_FINAL_TYPE (MsLegendLayout, ms_legend_layout, MS, LEGEND_LAYOUT, GtkLayoutManager)

/* Lays out the legend's items (its visible children, in order) in rows,
 * height for width:
 *
 * - in columns (the default): every item as wide as the widest, as many to
 *   a row as fit (at most `max-columns`), sharing any width left over;
 * - with `wrap`: each item at its own natural width, as words wrap in a
 *   paragraph, for the densest legend when room is short.
 *
 * Right to left, rows run from the right. */
GtkLayoutManager *ms_legend_layout_new             (void);
gboolean          ms_legend_layout_get_wrap        (MsLegendLayout *self);
void              ms_legend_layout_set_wrap        (MsLegendLayout *self,
                                                    gboolean        wrap);
guint             ms_legend_layout_get_max_columns (MsLegendLayout *self);
void              ms_legend_layout_set_max_columns (MsLegendLayout *self,
                                                    guint           max_columns);

G_END_DECLS
