/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ms-snapshot.h"

G_BEGIN_DECLS

#define MS_TYPE_SCALE_MODE (ms_scale_mode_get_type ())

typedef enum {
  MS_SCALE_PROPORTIONAL,  /* width ∝ size, unmapped gaps shrunk to a break
                           * mark, reserved regions compressed */
  MS_SCALE_LINEAR,        /* width ∝ address range, gaps included */
  MS_SCALE_RESIDENT,      /* width ∝ RSS, gaps shrunk to a break mark */
} MsScaleMode;

/* How the unmapped gap in front of a region is drawn. */
typedef enum {
  MS_GAP_NONE,            /* the region follows its neighbour directly */
  MS_GAP_BREAK,           /* shrunk to a fixed narrow break mark */
  MS_GAP_LINEAR,          /* as wide as the addresses it spans */
} MsGapKind;

/* What a run of pixel columns holds (see ms_layout_get_spans()). */
typedef enum {
  MS_SPAN_EMPTY,          /* nothing: a linear-scale gap, or outside the axis */
  MS_SPAN_BREAK,          /* a shrunk unmapped gap */
  MS_SPAN_REGION,         /* one region, alone in every column of the run */
  MS_SPAN_MERGED,         /* several regions (sub-pixel) share each column */
} MsSpanType;

/* A run of columns [x0, x1) of the same drawing. For REGION, first == last is
 * the region; for MERGED, first…last are the regions the run holds and @kind
 * is the kind holding the most bytes of each column; @kinds has bit (1 << k)
 * set for each kind k present. For BREAK and EMPTY, @gap is the region after
 * the gap (-1 outside the axis) and first = last = -1. */
typedef struct {
  guint      x0;
  guint      x1;
  MsSpanType type;
  MsKind     kind;
  guint16    kinds;
  int        first;
  int        last;
  int        gap;
} MsSpan;

/* @kinds has a bit for every kind. */
G_STATIC_ASSERT (MS_N_KINDS <= sizeof (((MsSpan *) NULL)->kinds) * 8);

/* Geometry of the strip, independent of any display: every region and every
 * gap gets a span on a virtual axis 0…1; a view (start…end on that axis) maps
 * to pixel columns. Built once per snapshot and mode; immutable; no GTK. */
typedef struct _MsLayout MsLayout;

GType       ms_scale_mode_get_type   (void) G_GNUC_CONST;

/* Returns: (transfer full); it holds a reference to @snapshot. */
MsLayout   *ms_layout_new            (const MsSnapshot *snapshot,
                                      MsScaleMode       mode);
void        ms_layout_unref          (MsLayout         *self);

/* The mode drawn: MS_SCALE_RESIDENT falls back to proportional when nothing
 * is resident (a captured maps file). */
MsScaleMode ms_layout_get_mode       (const MsLayout   *self);
/* The mode asked for in ms_layout_new(). */
MsScaleMode ms_layout_get_requested_mode (const MsLayout *self);
/* The snapshot laid out. (transfer none) */
MsSnapshot *ms_layout_get_snapshot   (const MsLayout   *self);
guint       ms_layout_get_n_regions  (const MsLayout   *self);

/* Span of region @index on the virtual axis, in 0…1. @u0, @u1: (out) */
void        ms_layout_get_region_span (const MsLayout  *self,
                                      guint             index,
                                      double           *u0,
                                      double           *u1);
/* The gap in front of region @index: its kind and, unless MS_GAP_NONE, its
 * span on the axis (from the end of region index-1 to the start of @index).
 * @u0, @u1: (out) (optional) */
MsGapKind   ms_layout_get_gap        (const MsLayout   *self,
                                      guint             index,
                                      double           *u0,
                                      double           *u1);
/* Region under axis position @u, or -1 (a gap or outside). When @u is in the
 * unmapped gap just before region i, *gap_before is set to i; else to -1.
 * @gap_before: (out) (optional) */
int         ms_layout_hit            (const MsLayout   *self,
                                      double            u,
                                      int              *gap_before);
/* Address at axis position @u (interpolated inside a region or gap). */
guint64     ms_layout_address_at     (const MsLayout   *self,
                                      double            u);
/* Axis position of @address: inside a region or a gap, interpolated; before
 * the first region 0, after the last 1. */
double      ms_layout_axis_at_address (const MsLayout  *self,
                                      guint64           address);

/* Regions [*first, *end) overlapping the axis range @view_start…@view_end
 * (zero-width regions inside it included). Binary search.
 * @first, @end: (out) */
void        ms_layout_get_visible    (const MsLayout   *self,
                                      double            view_start,
                                      double            view_end,
                                      guint            *first,
                                      guint            *end);

/* Views: a visible part [*start, *end] of the axis, 0 <= start < end <= 1.
 * The narrowest view shows one 4 KiB page across the whole width. The
 * functions below take a view in @start and @end and change it in place
 * (inout), but for ms_layout_fit_region(), which only sets it (out). */
double      ms_layout_get_min_span   (const MsLayout   *self);
/* Keeps the span between the minimum and 1 and the view inside 0…1. */
void        ms_layout_clamp_view     (const MsLayout   *self,
                                      double           *start,
                                      double           *end);
/* Zooms in by @factor (> 1 in, < 1 out) keeping the axis position at
 * fraction @anchor (0…1) of the view where it is. */
void        ms_layout_zoom_view      (const MsLayout   *self,
                                      double           *start,
                                      double           *end,
                                      double            factor,
                                      double            anchor);
/* Moves the view by @delta on the axis, stopping at the ends. */
void        ms_layout_pan_view       (const MsLayout   *self,
                                      double           *start,
                                      double           *end,
                                      double            delta);
/* A view with region @index filling most of it. */
void        ms_layout_fit_region     (const MsLayout   *self,
                                      guint             index,
                                      double           *start,
                                      double           *end);
/* Where zooming into the view @view_start…@view_end goes when nothing is
 * pointed at or chosen: toward the data. Its middle when that is on a
 * region; else the middle of the region nearest to it (of the part in
 * view), so that "+" on an empty stretch of the linear scale does not zoom
 * into nothing. */
double      ms_layout_data_near      (const MsLayout   *self,
                                      double            view_start,
                                      double            view_end);
/* The least change to the view that makes region @index visible in a strip
 * @n_columns wide: panned into view, or zoomed until it is a few columns wide
 * when it is thinner than a column. Returns TRUE when the view changed. */
gboolean    ms_layout_reveal_region  (const MsLayout   *self,
                                      guint             index,
                                      guint             n_columns,
                                      double           *start,
                                      double           *end);

/* Merging: the view @view_start…@view_end drawn @n_columns wide, as runs of
 * columns (at most one per column, usually far fewer). Clears and fills
 * @spans, the caller's GArray of MsSpan (reused from frame to frame).
 * O(n_columns + regions in view). */
void        ms_layout_get_spans      (const MsLayout   *self,
                                      double            view_start,
                                      double            view_end,
                                      guint             n_columns,
                                      GArray           *spans);
/* What column @column alone holds, classified as in ms_layout_get_spans()
 * (x0 = column, x1 = column + 1), in @span (out caller-allocates). FALSE
 * when it is outside 0…n_columns. */
gboolean    ms_layout_get_column     (const MsLayout   *self,
                                      double            view_start,
                                      double            view_end,
                                      guint             n_columns,
                                      guint             column,
                                      MsSpan           *span);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsLayout, ms_layout_unref)

G_END_DECLS
