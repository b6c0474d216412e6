/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pango.h>

#include "ms-diff.h"
#include "ms-kind.h"
#include "ms-layout.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

/* The one cairo/pango renderer of the strip: the widget draws through it and
 * so do the PNG, SVG and PDF pictures. No GTK here.
 *
 * The strip fills an area of the cairo context (user units): the strip on
 * top, the address ruler (ruler_height tall, 0 for none) under it. It is
 * drawn as ceil(width × scale) columns, one per device pixel: a region
 * thinner than a column merges with its neighbours into one column drawn in
 * the colour of the kind holding most of its bytes. */
/* Text of an SVG picture, kept as text (ms-render-text.c). */
typedef struct _MsRenderText MsRenderText;

typedef struct {
  double                       view_start;     /* visible part of the axis, 0…1 */
  double                       view_end;
  double                       scale;          /* device pixels per user unit */
  int                          highlight_kind; /* -1, or the kind in full colour; others are dimmed */
  MsColor                      foreground;     /* ruler text and ticks, break marks */
  MsColor                      background;     /* what the strip is drawn on */
  const PangoFontDescription  *font;           /* ruler labels; NULL for a default */
  double                       ruler_height;   /* 0 for no ruler */
  double                       corner_radius;
  gboolean                     vector;         /* for SVG: shapes only, no raster groups */
  MsRenderText                *text;           /* SVG: the text goes here; NULL draws it */
} MsRenderOptions;

/* What is under a point of the strip, for tooltips and clicks. */
typedef struct {
  MsSpanType        type;     /* REGION, MERGED (several regions), BREAK or EMPTY (a gap) */
  int               region;   /* REGION: the region; else -1 */
  int               first;    /* REGION, MERGED: the regions the column holds */
  int               last;
  int               gap;      /* BREAK, EMPTY: the region after the gap; -1 outside */
  guint             column;
  cairo_rectangle_t area;     /* where it is drawn, to pin a tooltip to: the
                               * region, the gap, or the run of merged columns */
} MsRenderHit;

/* Overlays drawn over the strip each frame. */
typedef struct {
  int           selected;     /* region index or -1 */
  int           hovered;      /* region index or -1 */
  const MsDiff *diff;         /* changes since the previous snapshot, or NULL */
  double        change_alpha; /* 1 right after a refresh, fading to 0 */
} MsRenderMarks;

/* Full view, scale 1, no highlight, dark on white, a 20-unit ruler, in
 * @options (out caller-allocates). */
void      ms_render_options_init      (MsRenderOptions         *options);
/* A ruler height that fits labels in @font (nullable: the default) in
 * @context. */
double    ms_render_measure_ruler     (PangoContext            *context,
                                       const PangoFontDescription *font);
/* The strip part of @area (above the ruler), in @strip (out caller-allocates). */
void      ms_render_get_strip_area    (const MsRenderOptions   *options,
                                       const cairo_rectangle_t *area,
                                       cairo_rectangle_t       *strip);
/* The number of columns the strip of @area is drawn with. */
guint     ms_render_get_n_columns     (const MsRenderOptions   *options,
                                       const cairo_rectangle_t *area);

/* Draws the strip and its ruler into @area. */
void      ms_render_strip             (cairo_t                 *cr,
                                       const MsLayout          *layout,
                                       const MsRenderOptions   *options,
                                       const cairo_rectangle_t *area);
/* Draws selection, hover and change marks over a strip drawn in @area. */
void      ms_render_marks             (cairo_t                 *cr,
                                       const MsLayout          *layout,
                                       const MsRenderOptions   *options,
                                       const cairo_rectangle_t *area,
                                       const MsRenderMarks     *marks);

/* The visible extent of region @index in @area's strip, x0 < x1, at least
 * one column wide. FALSE when it is out of view. @x0, @x1: (out) */
gboolean  ms_render_get_region_extent (const MsLayout          *layout,
                                       const MsRenderOptions   *options,
                                       const cairo_rectangle_t *area,
                                       guint                    index,
                                       double                  *x0,
                                       double                  *x1);
/* What is drawn at (@x, @y) of @area's strip, in @hit (out
 * caller-allocates). FALSE outside the strip. */
gboolean  ms_render_hit_test          (const MsLayout          *layout,
                                       const MsRenderOptions   *options,
                                       const cairo_rectangle_t *area,
                                       double                   x,
                                       double                   y,
                                       MsRenderHit             *hit);

/* The widest line of a tooltip, in columns (a wide character counts two):
 * GTK does not wrap a tooltip of several lines, so the descriptions below
 * wrap their long lines themselves. */
#define MS_RENDER_DESCRIBE_COLUMNS 64

/* Pango markup describing region @index: kind, object, path, range, size,
 * permissions, offset, device, inode, counters, flags. (transfer full) */
char     *ms_render_describe_region   (const MsSnapshot        *snapshot,
                                       guint                    index);
/* Pango markup for a hit: the region, what a merged column holds (how many
 * regions, which kinds, the biggest), or the unmapped gap. NULL when there
 * is nothing to say. (transfer full) (nullable) */
char     *ms_render_describe_hit      (const MsLayout          *layout,
                                       const MsRenderHit       *hit);

/* Encodes the export picture (title with process, PID, host, date and time;
 * the strip over the view @view_start…@view_end of the axis; the summary
 * figures; the legend with per-kind totals) as PNG at 2× scale, as SVG, or
 * as a one-page PDF whose text is text. Returns: (transfer full)
 * (nullable): the file's bytes, or NULL with @error set. */
GBytes   *ms_render_picture_png       (const MsSnapshot        *snapshot,
                                       MsScaleMode              mode,
                                       double                   view_start,
                                       double                   view_end,
                                       GError                 **error);
GBytes   *ms_render_picture_svg       (const MsSnapshot        *snapshot,
                                       MsScaleMode              mode,
                                       double                   view_start,
                                       double                   view_end,
                                       GError                 **error);
GBytes   *ms_render_picture_pdf       (const MsSnapshot        *snapshot,
                                       MsScaleMode              mode,
                                       double                   view_start,
                                       double                   view_end,
                                       GError                 **error);

G_END_DECLS
