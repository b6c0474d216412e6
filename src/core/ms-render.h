/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "ms-layout.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

/* The one cairo/pango renderer of the strip: the widget draws through it and
 * so does the PNG/SVG export. No GTK here. */

/* Encodes the export picture (title with process, PID, host, date and time;
 * the strip over the view @view_start…@view_end of the axis; the legend with
 * per-kind totals; the summary figures) at 2× scale, as PNG or SVG bytes. */
GBytes *ms_render_picture_png (const MsSnapshot *snapshot,
                               MsScaleMode       mode,
                               double            view_start,
                               double            view_end,
                               GError          **error);
GBytes *ms_render_picture_svg (const MsSnapshot *snapshot,
                               MsScaleMode       mode,
                               double            view_start,
                               double            view_end,
                               GError          **error);

G_END_DECLS
