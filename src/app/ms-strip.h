/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-compare.h"
#include "ms-diff.h"
#include "ms-layout.h"
#include "ms-session.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

#define MS_TYPE_STRIP (ms_strip_get_type ())

G_DECLARE_FINAL_TYPE (MsStrip, ms_strip, MS, STRIP, GtkWidget)

/* The memory-map strip: every region of a snapshot as one proportional,
 * coloured strip with an address ruler, drawn through ms-render (the same
 * code as the exported picture). Zoom with Ctrl+scroll, pinch or +/−/0 (+
 * zooms around the region under the pointer, else the selection in view,
 * else toward the data nearest the middle; `zoom` says how far), pan
 * by dragging or scrolling, double-click (or Enter) to fit a region,
 * Left/Right to move the selection.
 *
 * Signals: "hovered" (int index, -1 when none), "region-activated" (int). */

GtkWidget  *ms_strip_new                (void);

/* Shows @session's snapshot (NULL: nothing) and shares its state: the
 * selection and hover (by address), the highlighted kind, the scale, the
 * visible range. A newer snapshot of the same process keeps zoom and pan,
 * and the regions the session's diff says appeared, grew, shrank or vanished
 * are briefly marked. */
void        ms_strip_set_session        (MsStrip     *self,
                                         MsSession   *session);
MsSession  *ms_strip_get_session        (MsStrip     *self);
MsSnapshot *ms_strip_get_snapshot       (MsStrip     *self);
/* Marks what @compare (nullable) says changed since its baseline, while
 * its current snapshot is the one shown: added hatched, removed as ghosts,
 * grown and shrunk outlined with a triangle, changed with a dot
 * (ms-render-compare.h); the tooltip says it in words. */
void        ms_strip_set_compare        (MsStrip     *self,
                                         MsCompare   *compare);
MsCompare  *ms_strip_get_compare        (MsStrip     *self);
/* The geometry in use (NULL without a snapshot). */
MsLayout   *ms_strip_get_layout         (MsStrip     *self);

void        ms_strip_set_scale_mode     (MsStrip     *self,
                                         MsScaleMode  mode);
MsScaleMode ms_strip_get_scale_mode     (MsStrip     *self);

/* Region index or -1. */
int         ms_strip_get_selected       (MsStrip     *self);
/* Selects region @index (-1 for none), the session's selection; with
 * @reveal, pans or zooms so that it is visible. */
void        ms_strip_select             (MsStrip     *self,
                                         int          index,
                                         gboolean     reveal);

/* -1 for none; otherwise the regions of other kinds are dimmed. (Bound from
 * the session's `highlight-kind`, as `scale-mode` is from its scale.) */
void        ms_strip_set_highlight_kind (MsStrip     *self,
                                         int          kind);
int         ms_strip_get_highlight_kind (MsStrip     *self);

void        ms_strip_zoom_in            (MsStrip     *self);
void        ms_strip_zoom_out           (MsStrip     *self);
void        ms_strip_reset_zoom         (MsStrip     *self);
gboolean    ms_strip_get_can_zoom_in    (MsStrip     *self);
/* How far the view is zoomed in: 1 for the whole axis, 2 for half of it, … */
double      ms_strip_get_zoom           (MsStrip     *self);
gboolean    ms_strip_get_can_zoom_out   (MsStrip     *self);
/* Zooms so that region @index fills most of the strip. */
void        ms_strip_fit_region         (MsStrip     *self,
                                         int          index);
/* The visible part of the axis (where an animation is heading), for the
 * picture export. */
void        ms_strip_get_view           (MsStrip     *self,
                                         double      *start,
                                         double      *end);
/* Shows @start…@end of the axis (clamped), without animation. */
void        ms_strip_set_view           (MsStrip     *self,
                                         double       start,
                                         double       end);

G_END_DECLS
