/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pangocairo.h>

#include "ms-format.h"
#include "ms-render.h"

G_BEGIN_DECLS

/* Helpers shared by ms-render.c (the strip) and ms-render-picture.c (the
 * export picture). */

#define _MS_RENDER_FONT_FAMILY "Cantarell, Inter, Noto Sans, DejaVu Sans, sans-serif"
#define _MS_RENDER_MONO_FAMILY "Source Code Pro, Noto Sans Mono, DejaVu Sans Mono, monospace"

static inline void
_ms_render_set_color (cairo_t       *cr,
                      const MsColor *color,
                      double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, alpha);
}

/* The source colour of @cr from 0xRRGGBB. */
static inline void
_ms_render_set_rgb (cairo_t *cr,
                    guint32  rgb)
{
  cairo_set_source_rgb (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

/* @a blended toward @b by @t (0: a, 1: b). */
static inline MsColor
_ms_render_mix (const MsColor *a,
                const MsColor *b,
                double         t)
{
  MsColor c = {
    a->red + (b->red - a->red) * t,
    a->green + (b->green - a->green) * t,
    a->blue + (b->blue - a->blue) * t,
  };

  return c;
}

void           _ms_render_rounded_rect  (cairo_t      *cr,
                                         double        x,
                                         double        y,
                                         double        width,
                                         double        height,
                                         double        radius);
/* "#1c71d8" */
void           _ms_render_color_to_hex  (const MsColor *color,
                                         char           out[8]);
/* Attributes selecting tabular (fixed-width) digits. (transfer full) */
PangoAttrList *_ms_render_tabular_attrs (void);
/* What a region is called in a label or tooltip: its object's or file's
 * base name, its [name], or its kind; through ms_display_text().
 * (transfer full) */
char          *_ms_render_region_name   (const MsRegion *r);

/* ms-render-text.c: the text of an SVG picture as <text> elements, not the
 * glyph outlines cairo's SVG surface writes. */
MsRenderText  *_ms_render_text_new       (void);
void           _ms_render_text_free      (MsRenderText *text);
/* Draws @layout at the current point of @cr; with @text, records it there
 * (the position, font, size and the source's colour) instead. */
void           _ms_render_show_layout    (cairo_t      *cr,
                                          PangoLayout  *layout,
                                          MsRenderText *text);
/* Adds what @text recorded to the SVG document @svg, on top of what it
 * draws; FALSE when @svg has no end tag. */
gboolean       _ms_render_text_add_to_svg (MsRenderText *text,
                                           GByteArray   *svg);

/* ms-render-picture.c: a cairo_write_func_t that appends to the GByteArray
 * @closure; and the image @surface, whose drawing ended with @drawn (the
 * cairo_status() of its context), encoded as PNG: NULL with @error set when
 * either failed. */
cairo_status_t _ms_render_append_to_array (void                *closure,
                                           const unsigned char *data,
                                           unsigned int         length);
GBytes        *_ms_render_png_bytes       (cairo_surface_t     *surface,
                                           cairo_status_t       drawn,
                                           GError             **error);

G_END_DECLS
