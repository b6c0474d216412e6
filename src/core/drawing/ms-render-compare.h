/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-compare.h"
#include "ms-export-format.h"
#include "ms-render.h"

G_BEGIN_DECLS

/* How a change is marked on the strip, the same in the window and the
 * pictures, each readable on any kind's colour in the light and the dark
 * style (drawn in the foreground colour over a halo of the background's):
 * added: hatched, outlined; removed: a ghost (a faint, dashed outline where
 * it was, in the gap it left); grown: outlined, a triangle up on top;
 * shrunk: outlined, a triangle down; changed: a dot on top. */

/* Draws the marks of @compare over a strip of its current snapshot
 * (@layout's) drawn in @area. */
void     ms_render_compare_marks   (cairo_t                 *cr,
                                    const MsLayout          *layout,
                                    const MsRenderOptions   *options,
                                    const cairo_rectangle_t *area,
                                    const MsCompare         *compare);
/* Draws the mark of @change (not unchanged) in a @size square at (@x, @y):
 * the legend's key. */
void     ms_render_compare_key     (cairo_t                 *cr,
                                    const MsRenderOptions   *options,
                                    MsCompareChange          change,
                                    double                   x,
                                    double                   y,
                                    double                   size);

/* Pango markup saying what became of region @index of the current snapshot
 * since the baseline: the change in words, and size, RSS, PSS and swap
 * before → after where they differ; where it was when it moved. For the
 * strip's tooltip. (transfer full) */
char    *ms_render_describe_compare (const MsCompare        *compare,
                                     guint                   index);

/* Pango markup naming the baseline's removed regions that lay between
 * @from and @to (an unmapped gap of the current snapshot, where the strip
 * draws them as ghosts): how many, their size, the first's range; NULL when
 * there are none. (transfer full) (nullable) */
char    *ms_render_describe_removed (const MsCompare        *compare,
                                     guint64                 from,
                                     guint64                 to);

/* The compare picture (title, both sides, the strip of the current snapshot
 * with the marks, how many of each change, the sums per kind before and
 * after, "What grew") as PNG at 2×, SVG or PDF. Returns: (transfer full)
 * (nullable): the file's bytes, or NULL with @error set. */
GBytes  *ms_render_compare_picture (MsCompare               *compare,
                                    MsExportFormat           format,
                                    MsScaleMode              mode,
                                    GError                 **error);

G_END_DECLS
