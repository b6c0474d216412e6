/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-render"

#include "config.h"

#include "ms-render.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ms-format.h"
#include "ms-render-private.h"
#include "ms-text.h"

/* Marks after a refresh: grown or new regions, shrunk ones, vanished ranges. */
static const MsColor appeared_color = { 0x26 / 255.0, 0xa2 / 255.0, 0x69 / 255.0 };
static const MsColor shrunk_color = { 0xe6 / 255.0, 0x61 / 255.0, 0x00 / 255.0 };
static const MsColor vanished_color = { 0xe0 / 255.0, 0x1b / 255.0, 0x24 / 255.0 };
static const MsColor white = { 1.0, 1.0, 1.0 };

/* Other kinds are blended this far toward the background while one kind is
 * highlighted. */
#define DIM_AMOUNT 0.78
/* Region boundaries get a separator line when both sides are this wide. */
#define SEPARATOR_MIN_COLUMNS 4

void
_ms_render_rounded_rect (cairo_t *cr,
                         double   x,
                         double   y,
                         double   width,
                         double   height,
                         double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);

  if (radius <= 0)
    {
      cairo_rectangle (cr, x, y, width, height);
      return;
    }

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

void
_ms_render_color_to_hex (const MsColor *color,
                         char           out[8])
{
  g_snprintf (out, 8, "#%02x%02x%02x",
              (guint) lround (CLAMP (color->red, 0, 1) * 255),
              (guint) lround (CLAMP (color->green, 0, 1) * 255),
              (guint) lround (CLAMP (color->blue, 0, 1) * 255));
}

PangoAttrList *
_ms_render_tabular_attrs (void)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  return attrs;
}

void
ms_render_options_init (MsRenderOptions *options)
{
  g_return_if_fail (options != NULL);

  options->view_start = 0.0;
  options->view_end = 1.0;
  options->scale = 1.0;
  options->highlight_kind = -1;
  options->foreground = (MsColor) { 0.12, 0.12, 0.12 };
  options->background = (MsColor) { 1.0, 1.0, 1.0 };
  options->font = NULL;
  options->ruler_height = 20.0;
  options->corner_radius = 6.0;
  options->vector = FALSE;
  options->text = NULL;
}

/* Rounds the corners of what is drawn between begin and end. A raster target
 * draws into a group, shaped at once (a rounded clip would cost a mask on
 * every fill); a vector one clips, which SVG keeps as a path. */
static void
begin_rounded (cairo_t                 *cr,
               const MsRenderOptions   *options,
               const cairo_rectangle_t *strip)
{
  cairo_save (cr);
  if (options->vector)
    {
      _ms_render_rounded_rect (cr, strip->x, strip->y, strip->width, strip->height, options->corner_radius);
      cairo_clip (cr);
    }
  else
    {
      cairo_rectangle (cr, strip->x, strip->y, strip->width, strip->height);
      cairo_clip (cr);
      cairo_push_group (cr);
    }
}

static void
end_rounded (cairo_t                 *cr,
             const MsRenderOptions   *options,
             const cairo_rectangle_t *strip)
{
  if (!options->vector)
    {
      cairo_pop_group_to_source (cr);
      _ms_render_rounded_rect (cr, strip->x, strip->y, strip->width, strip->height, options->corner_radius);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

static PangoFontDescription *
ruler_font (const PangoFontDescription *font)
{
  PangoFontDescription *desc;

  if (font != NULL)
    return pango_font_description_copy (font);

  desc = pango_font_description_from_string (_MS_RENDER_FONT_FAMILY);
  pango_font_description_set_absolute_size (desc, 11 * PANGO_SCALE);
  return desc;
}

double
ms_render_measure_ruler (PangoContext               *context,
                         const PangoFontDescription *font)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoFontDescription) desc = NULL;
  PangoRectangle logical;

  g_return_val_if_fail (PANGO_IS_CONTEXT (context), 20.0);

  desc = ruler_font (font);
  layout = pango_layout_new (context);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, "0x0123456789abcdef", -1);
  pango_layout_get_pixel_extents (layout, NULL, &logical);

  /* Tick, space, label, space. */
  return 4 + 3 + logical.height + 2;
}

void
ms_render_get_strip_area (const MsRenderOptions   *options,
                          const cairo_rectangle_t *area,
                          cairo_rectangle_t       *strip)
{
  *strip = *area;
  strip->height = MAX (0, area->height - MAX (options->ruler_height, 0));
}

guint
ms_render_get_n_columns (const MsRenderOptions   *options,
                         const cairo_rectangle_t *area)
{
  double scale = options->scale > 0 ? options->scale : 1.0;
  double n = ceil (area->width * scale - 1e-6);

  return n < 1 ? 0 : (guint) MIN (n, 1 << 20);
}

/* Column (possibly fractional, unclamped) of axis position @u. */
static inline double
column_of (const MsRenderOptions *options,
           guint                  n_columns,
           double                 u)
{
  return (u - options->view_start) / (options->view_end - options->view_start) * n_columns;
}

/* The paint of a span: its kind, or its kind + MS_N_KINDS when dimmed. */
static guint
span_paint (const MsSpan          *span,
            const MsRenderOptions *options)
{
  int hl = options->highlight_kind;

  if (hl < 0 || hl >= MS_N_KINDS)
    return span->kind;
  if (span->kinds & (1u << hl))
    return (guint) hl;
  return span->kind + MS_N_KINDS;
}

char *
_ms_render_region_name (const MsRegion *r)
{
  const char *name = ms_kind_get_label (r->kind);

  if (r->object != NULL)
    {
      /* A file's base name; a name of anonymous memory ("thread 12 (a/b)",
       * "dalvik-main space") whole. */
      const char *slash = r->object[0] == '/' ? strrchr (r->object, '/') : NULL;

      name = slash != NULL ? slash + 1 : r->object;
    }
  else if (r->path != NULL && r->path[0] != '\0')
    {
      const char *slash = r->path[0] == '/' ? strrchr (r->path, '/') : NULL;

      name = slash != NULL ? slash + 1 : r->path;
    }

  return ms_display_text (name, -1);
}

static void
draw_zigzag (cairo_t *cr,
             double   cx,
             double   y,
             double   height,
             double   amplitude)
{
  double step = MAX (amplitude * 1.5, 2.5);
  gboolean left = TRUE;

  cairo_move_to (cr, cx, y);
  for (double yy = y + step / 2; yy < y + height; yy += step)
    {
      cairo_line_to (cr, cx + (left ? -amplitude : amplitude), yy);
      left = !left;
    }
  cairo_line_to (cr, cx, y + height);
}

static void
draw_ruler (cairo_t                 *cr,
            PangoLayout             *text,
            const MsLayout          *layout,
            const MsRenderOptions   *options,
            const cairo_rectangle_t *strip,
            double                   top,
            double                   height)
{
  g_autoptr(PangoAttrList) attrs = _ms_render_tabular_attrs ();
  MsSnapshot *snapshot = ms_layout_get_snapshot (layout);
  double span = options->view_end - options->view_start;
  double last_right = -G_MAXDOUBLE;
  double step, label_width;
  PangoRectangle logical;
  guint n_ticks;

  if (snapshot->n_regions == 0 || strip->width < 40)
    return;

  pango_layout_set_attributes (text, attrs);
  pango_layout_set_text (text, "0x7fffffffffff", -1);
  pango_layout_get_pixel_extents (text, NULL, &logical);
  label_width = logical.width;

  step = label_width + 48;
  n_ticks = (guint) MAX (1, floor (strip->width / step));
  step = strip->width / n_ticks;

  for (guint k = 0; k < n_ticks; k++)
    {
      double cx = strip->x + step * (k + 0.5);
      double ua = options->view_start + (cx - step / 4 - strip->x) / strip->width * span;
      double ub = options->view_start + (cx + step / 4 - strip->x) / strip->width * span;
      double uc = options->view_start + (cx - strip->x) / strip->width * span;
      guint64 lo, hi, tick = 0;
      g_autofree char *label = NULL;
      double x, lx;
      int gap, region;

      /* Round addresses inside the region (or linear gap) at the tick, never
       * inside a break mark, whose addresses have no position. */
      region = ms_layout_hit (layout, uc, &gap);
      if (region >= 0)
        {
          double r0, r1;

          ms_layout_get_region_span (layout, region, &r0, &r1);
          ua = MAX (ua, r0);
          ub = MIN (ub, r1);
        }
      else if (gap >= 0)
        {
          double g0, g1;

          if (ms_layout_get_gap (layout, gap, &g0, &g1) != MS_GAP_LINEAR)
            continue;
          ua = MAX (ua, g0);
          ub = MIN (ub, g1);
        }
      else
        {
          continue;
        }

      lo = ms_layout_address_at (layout, ua);
      hi = ms_layout_address_at (layout, ub);
      if (hi < lo)
        hi = lo;

      /* The roundest address in [lo, hi]: most trailing hex zeros. */
      for (int shift = 60; shift >= 0; shift -= 4)
        {
          guint64 m = (hi >> shift) << shift;

          if (m >= lo)
            {
              tick = m;
              break;
            }
        }

      x = strip->x + column_of (options, 1, ms_layout_axis_at_address (layout, tick)) * strip->width;
      if (x < strip->x || x > strip->x + strip->width)
        continue;

      label = ms_format_hex (tick);
      pango_layout_set_text (text, label, -1);
      pango_layout_get_pixel_extents (text, NULL, &logical);
      lx = CLAMP (x - logical.width / 2.0, strip->x, strip->x + strip->width - logical.width);
      if (lx < last_right + 12)
        continue;
      last_right = lx + logical.width;

      /* Ticks on device pixels. */
      x = (floor (x * options->scale) + 0.5) / options->scale;
      cairo_rectangle (cr, x - 0.5 / options->scale, top, 1 / options->scale, 4);
      _ms_render_set_color (cr, &options->foreground, 0.35);
      cairo_fill (cr);

      cairo_move_to (cr, lx, top + 6);
      _ms_render_set_color (cr, &options->foreground, 0.7);
      _ms_render_show_layout (cr, text, options->text);
    }
}

/* Names regions wide enough to hold one, in black or white on the kind's
 * colour. */
static void
draw_labels (cairo_t                 *cr,
             PangoLayout             *text,
             const MsLayout          *layout,
             const MsRenderOptions   *options,
             const cairo_rectangle_t *strip,
             GArray                  *spans,
             double                   col_w)
{
  const MsSnapshot *snapshot = ms_layout_get_snapshot (layout);
  int hl = options->highlight_kind;

  pango_layout_set_attributes (text, NULL);
  pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (text, TRUE);

  for (guint i = 0; i < spans->len; i++)
    {
      const MsSpan *s = &g_array_index (spans, MsSpan, i);
      const MsRegion *r;
      const MsColor *color;
      double w = (s->x1 - s->x0) * col_w;
      double luminance;
      PangoRectangle logical;
      g_autofree char *name = NULL;

      if (s->type != MS_SPAN_REGION || w < 48)
        continue;

      r = &snapshot->regions[s->first];
      color = ms_kind_get_color (r->kind);
      /* Reserved space is drawn compressed: its label says how big it is. */
      if (r->kind == MS_KIND_RESERVED)
        name = ms_format_size (ms_region_get_size (r));
      else
        name = _ms_render_region_name (r);
      pango_layout_set_text (text, name, -1);
      pango_layout_set_width (text, r->kind == MS_KIND_RESERVED ? -1 : (int) ((w - 12) * PANGO_SCALE));
      pango_layout_get_pixel_extents (text, NULL, &logical);
      if (logical.height > strip->height - 4)
        continue;

      /* A size cut short says nothing: whole and centred, or not at all. */
      if (r->kind == MS_KIND_RESERVED)
        {
          if (logical.width > w - 4)
            continue;
          cairo_move_to (cr, strip->x + s->x0 * col_w + (w - logical.width) / 2,
                         strip->y + (strip->height - logical.height) / 2);
        }
      else
        {
          cairo_move_to (cr, strip->x + s->x0 * col_w + 6, strip->y + (strip->height - logical.height) / 2);
        }
      luminance = 0.2126 * color->red + 0.7152 * color->green + 0.0722 * color->blue;
      if (hl >= 0 && hl != r->kind)
        _ms_render_set_color (cr, &options->foreground, 0.45);
      else if (luminance > 0.55)
        cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
      else
        cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
      _ms_render_show_layout (cr, text, options->text);
    }

  pango_layout_set_width (text, -1);
  pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_NONE);
}

void
ms_render_strip (cairo_t                 *cr,
                 const MsLayout          *layout,
                 const MsRenderOptions   *options,
                 const cairo_rectangle_t *area)
{
  g_autoptr(GArray) spans = NULL;
  g_autoptr(PangoLayout) text = NULL;
  g_autoptr(PangoFontDescription) desc = NULL;
  PangoContext *context;
  cairo_rectangle_t strip;
  MsColor trough, dimmed[MS_N_KINDS];
  guint n_columns, first, end;
  double col_w, span;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (layout != NULL);
  g_return_if_fail (options != NULL);
  g_return_if_fail (area != NULL);

  ms_render_get_strip_area (options, area, &strip);
  n_columns = ms_render_get_n_columns (options, &strip);
  if (n_columns == 0 || strip.height <= 0 || !(options->view_end > options->view_start))
    return;

  col_w = strip.width / n_columns;
  span = options->view_end - options->view_start;
  spans = g_array_sized_new (FALSE, FALSE, sizeof (MsSpan), 256);
  ms_layout_get_spans (layout, options->view_start, options->view_end, n_columns, spans);

  trough = _ms_render_mix (&options->background, &options->foreground, 0.07);
  for (guint k = 0; k < MS_N_KINDS; k++)
    dimmed[k] = _ms_render_mix (ms_kind_get_color (k), &options->background, DIM_AMOUNT);

  begin_rounded (cr, options, &strip);

  _ms_render_set_color (cr, &trough, 1.0);
  cairo_paint (cr);

  /* Regions and merged columns, one fill per paint. */
  for (guint paint = 0; paint < 2 * MS_N_KINDS; paint++)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < spans->len; i++)
        {
          const MsSpan *s = &g_array_index (spans, MsSpan, i);

          if ((s->type != MS_SPAN_REGION && s->type != MS_SPAN_MERGED) || span_paint (s, options) != paint)
            continue;
          cairo_rectangle (cr, strip.x + s->x0 * col_w, strip.y, (s->x1 - s->x0) * col_w, strip.height);
          any = TRUE;
        }

      if (any)
        {
          if (paint < MS_N_KINDS)
            _ms_render_set_color (cr, ms_kind_get_color (paint), 1.0);
          else
            _ms_render_set_color (cr, &dimmed[paint - MS_N_KINDS], 1.0);
          cairo_fill (cr);
        }
    }

  /* A thin line between neighbouring regions wide enough to show it, so
   * that two regions of one kind read as two. */
  ms_layout_get_visible (layout, options->view_start, options->view_end, &first, &end);
  {
    double prev_width = 0;
    gboolean any = FALSE;

    for (guint i = first; i < end; i++)
      {
        double u0, u1, width;

        ms_layout_get_region_span (layout, i, &u0, &u1);
        width = (u1 - u0) / span * n_columns;

        if (i > first && width >= SEPARATOR_MIN_COLUMNS && prev_width >= SEPARATOR_MIN_COLUMNS &&
            ms_layout_get_gap (layout, i, NULL, NULL) == MS_GAP_NONE)
          {
            double c = round (column_of (options, n_columns, u0));

            if (c >= 1 && c < n_columns)
              {
                cairo_rectangle (cr, strip.x + (c - 1) * col_w, strip.y, col_w, strip.height);
                any = TRUE;
              }
          }
        prev_width = width;
      }

    if (any)
      {
        _ms_render_set_color (cr, &options->background, 0.75);
        cairo_fill (cr);
      }
  }

  /* Reserved space (address space, not memory) is hatched. */
  {
    gboolean any = FALSE;

    cairo_save (cr);
    for (guint i = 0; i < spans->len; i++)
      {
        const MsSpan *s = &g_array_index (spans, MsSpan, i);

        if ((s->type == MS_SPAN_REGION || s->type == MS_SPAN_MERGED) && s->kind == MS_KIND_RESERVED)
          {
            cairo_rectangle (cr, strip.x + s->x0 * col_w, strip.y, (s->x1 - s->x0) * col_w, strip.height);
            any = TRUE;
          }
      }
    if (any)
      {
        const double step = 6;

        cairo_clip (cr);
        for (double x = strip.x - strip.height; x < strip.x + strip.width; x += step)
          {
            cairo_move_to (cr, x, strip.y + strip.height);
            cairo_line_to (cr, x + strip.height, strip.y);
          }
        cairo_set_line_width (cr, 1.0);
        _ms_render_set_color (cr, &options->foreground, 0.3);
        cairo_stroke (cr);
      }
    else
      {
        cairo_new_path (cr);
      }
    cairo_restore (cr);
  }

  context = pango_cairo_create_context (cr);
  text = pango_layout_new (context);
  g_object_unref (context);
  desc = ruler_font (options->font);
  pango_layout_set_font_description (text, desc);
  draw_labels (cr, text, layout, options, &strip, spans, col_w);

  /* Gaps: a cut with a zig-zag for a shrunk gap, a centre line for a
   * linear one. */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  for (guint i = 0; i < spans->len; i++)
    {
      const MsSpan *s = &g_array_index (spans, MsSpan, i);
      double x0 = strip.x + s->x0 * col_w;
      double w = (s->x1 - s->x0) * col_w;

      if (s->type == MS_SPAN_BREAK)
        {
          cairo_rectangle (cr, x0, strip.y, w, strip.height);
          _ms_render_set_color (cr, &options->background, 1.0);
          cairo_fill (cr);

          if (w >= 2.5)
            {
              draw_zigzag (cr, x0 + w / 2, strip.y, strip.height, MIN ((w - 1) / 2, 3.0));
              cairo_set_line_width (cr, 1.25);
              _ms_render_set_color (cr, &options->foreground, 0.45);
              cairo_stroke (cr);
            }
          else
            {
              cairo_rectangle (cr, x0, strip.y, w, strip.height);
              _ms_render_set_color (cr, &options->foreground, 0.3);
              cairo_fill (cr);
            }
        }
      else if (s->type == MS_SPAN_EMPTY && s->gap >= 0)
        {
          double mid = floor ((strip.y + strip.height / 2) * options->scale) / options->scale;

          cairo_rectangle (cr, x0, mid, w, 1 / options->scale);
          _ms_render_set_color (cr, &options->foreground, 0.2);
          cairo_fill (cr);
        }
    }

  end_rounded (cr, options, &strip);

  /* A hairline edge gives the strip a shape on any background. */
  cairo_save (cr);
  _ms_render_rounded_rect (cr, strip.x + 0.5 / options->scale, strip.y + 0.5 / options->scale,
                           strip.width - 1 / options->scale, strip.height - 1 / options->scale,
                           options->corner_radius);
  cairo_set_line_width (cr, 1 / options->scale);
  _ms_render_set_color (cr, &options->foreground, 0.12);
  cairo_stroke (cr);
  cairo_restore (cr);

  if (options->ruler_height > 0)
    {
      cairo_save (cr);
      cairo_rectangle (cr, area->x, strip.y + strip.height, area->width, options->ruler_height);
      cairo_clip (cr);
      draw_ruler (cr, text, layout, options, &strip, strip.y + strip.height, options->ruler_height);
      cairo_restore (cr);
    }
}

gboolean
ms_render_get_region_extent (const MsLayout          *layout,
                             const MsRenderOptions   *options,
                             const cairo_rectangle_t *area,
                             guint                    index,
                             double                  *x0,
                             double                  *x1)
{
  cairo_rectangle_t strip;
  double u0, u1, c0, c1, col_w;
  guint n_columns;

  g_return_val_if_fail (layout != NULL, FALSE);

  if (index >= ms_layout_get_n_regions (layout))
    return FALSE;

  ms_render_get_strip_area (options, area, &strip);
  n_columns = ms_render_get_n_columns (options, &strip);
  if (n_columns == 0 || !(options->view_end > options->view_start))
    return FALSE;

  ms_layout_get_region_span (layout, index, &u0, &u1);
  if (u1 < options->view_start || u0 > options->view_end ||
      (u1 == options->view_start && u0 < u1) || (u0 == options->view_end && u0 < u1))
    return FALSE;

  c0 = floor (column_of (options, n_columns, u0));
  c1 = ceil (column_of (options, n_columns, u1));
  c0 = CLAMP (c0, 0, n_columns - 1);
  c1 = CLAMP (c1, c0 + 1, n_columns);

  col_w = strip.width / n_columns;
  *x0 = strip.x + c0 * col_w;
  *x1 = strip.x + c1 * col_w;
  return TRUE;
}

static void
draw_outline (cairo_t                 *cr,
              const cairo_rectangle_t *strip,
              double                   x0,
              double                   x1,
              double                   width,
              const MsColor           *color,
              double                   alpha)
{
  /* At least a few units wide, so a one-column region still shows. */
  if (x1 - x0 < 2 * width + 2)
    {
      double mid = (x0 + x1) / 2;

      x0 = mid - width - 1;
      x1 = mid + width + 1;
    }

  cairo_rectangle (cr, x0 + width / 2, strip->y + width / 2, x1 - x0 - width, strip->height - width);
  cairo_set_line_width (cr, width);
  _ms_render_set_color (cr, color, alpha);
  cairo_stroke (cr);
}

/* Fills the columns of [c0, c1) not already drawn (columns only grow, as
 * regions come in address order): at most one mark per column. */
static void
mark_columns (cairo_t                 *cr,
              const cairo_rectangle_t *strip,
              double                   col_w,
              double                   c0,
              double                   c1,
              double                  *drawn_to,
              double                   bar_height,
              const MsColor           *color,
              double                   alpha)
{
  c0 = MAX (c0, *drawn_to);
  if (c1 <= c0)
    return;
  *drawn_to = c1;

  cairo_rectangle (cr, strip->x + c0 * col_w, strip->y, (c1 - c0) * col_w, strip->height);
  _ms_render_set_color (cr, &white, 0.45 * alpha);
  cairo_fill (cr);

  cairo_rectangle (cr, strip->x + c0 * col_w, strip->y, (c1 - c0) * col_w, bar_height);
  cairo_rectangle (cr, strip->x + c0 * col_w, strip->y + strip->height - bar_height, (c1 - c0) * col_w, bar_height);
  _ms_render_set_color (cr, color, alpha);
  cairo_fill (cr);
}

static gboolean
columns_of_range (const MsRenderOptions *options,
                  guint                  n_columns,
                  double                 u0,
                  double                 u1,
                  double                *c0,
                  double                *c1)
{
  double a = floor (column_of (options, n_columns, u0));
  double b = ceil (column_of (options, n_columns, u1));

  if (b < 0 || a >= n_columns)
    return FALSE;

  a = CLAMP (a, 0, n_columns - 1);
  b = CLAMP (b, a + 1, n_columns);
  *c0 = a;
  *c1 = b;
  return TRUE;
}

void
ms_render_marks (cairo_t                 *cr,
                 const MsLayout          *layout,
                 const MsRenderOptions   *options,
                 const cairo_rectangle_t *area,
                 const MsRenderMarks     *marks)
{
  cairo_rectangle_t strip;
  guint n_columns;
  double x0, x1, col_w;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (layout != NULL);
  g_return_if_fail (marks != NULL);

  ms_render_get_strip_area (options, area, &strip);
  n_columns = ms_render_get_n_columns (options, &strip);
  if (n_columns == 0 || strip.height <= 0 || !(options->view_end > options->view_start))
    return;
  col_w = strip.width / n_columns;

  begin_rounded (cr, options, &strip);

  if (marks->diff != NULL && marks->change_alpha > 0 &&
      ms_diff_get_n_regions (marks->diff) == ms_layout_get_n_regions (layout))
    {
      const guint *moved;
      const MsRange *vanished;
      double bar = MIN (4.0, strip.height / 6);
      double drawn_to = 0;
      guint n_moved, n_vanished;

      moved = ms_diff_get_moved (marks->diff, &n_moved);
      for (guint k = 0; k < n_moved; k++)
        {
          MsChange change = ms_diff_get_change (marks->diff, moved[k]);
          double u0, u1, c0, c1;

          ms_layout_get_region_span (layout, moved[k], &u0, &u1);
          if (!columns_of_range (options, n_columns, u0, u1, &c0, &c1))
            continue;
          mark_columns (cr, &strip, col_w, c0, c1, &drawn_to, bar,
                        change == MS_CHANGE_SHRUNK ? &shrunk_color : &appeared_color,
                        marks->change_alpha);
        }

      drawn_to = 0;
      vanished = ms_diff_get_vanished (marks->diff, &n_vanished);
      for (guint k = 0; k < n_vanished; k++)
        {
          double u0 = ms_layout_axis_at_address (layout, vanished[k].start);
          double u1 = ms_layout_axis_at_address (layout, vanished[k].end);
          double c0, c1;

          if (!columns_of_range (options, n_columns, u0, u1, &c0, &c1))
            continue;
          /* Two units at least: the range usually is a gap now. */
          if ((c1 - c0) * col_w < 2)
            c1 = MIN (n_columns, c0 + ceil (2 / col_w));
          mark_columns (cr, &strip, col_w, c0, c1, &drawn_to, bar, &vanished_color, marks->change_alpha);
        }
    }

  if (marks->hovered >= 0 && marks->hovered != marks->selected &&
      ms_render_get_region_extent (layout, options, area, marks->hovered, &x0, &x1))
    draw_outline (cr, &strip, x0, x1, 2.0, &options->foreground, 0.5);

  if (marks->selected >= 0 &&
      ms_render_get_region_extent (layout, options, area, marks->selected, &x0, &x1))
    {
      draw_outline (cr, &strip, x0, x1, 3.0, &options->foreground, 0.9);
      draw_outline (cr, &strip, x0 + 2, x1 - 2, 1.0, &options->background, 0.9);
    }

  end_rounded (cr, options, &strip);
}

gboolean
ms_render_hit_test (const MsLayout          *layout,
                    const MsRenderOptions   *options,
                    const cairo_rectangle_t *area,
                    double                   x,
                    double                   y,
                    MsRenderHit             *hit)
{
  cairo_rectangle_t strip;
  guint n_columns, column;
  double col_w;
  MsSpan span;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  ms_render_get_strip_area (options, area, &strip);
  n_columns = ms_render_get_n_columns (options, &strip);
  if (n_columns == 0 || x < strip.x || x >= strip.x + strip.width ||
      y < strip.y || y >= strip.y + strip.height)
    return FALSE;

  col_w = strip.width / n_columns;
  column = (guint) MIN (floor ((x - strip.x) / col_w), n_columns - 1);
  if (!ms_layout_get_column (layout, options->view_start, options->view_end, n_columns, column, &span))
    return FALSE;

  hit->type = span.type;
  hit->region = span.type == MS_SPAN_REGION ? span.first : -1;
  hit->first = span.first;
  hit->last = span.last;
  hit->gap = span.gap;
  hit->column = column;
  hit->area.x = strip.x + column * col_w;
  hit->area.y = strip.y;
  hit->area.width = col_w;
  hit->area.height = strip.height;

  if (span.type == MS_SPAN_REGION)
    {
      double x0, x1;

      if (ms_render_get_region_extent (layout, options, area, span.first, &x0, &x1))
        {
          hit->area.x = x0;
          hit->area.width = x1 - x0;
        }
    }
  else if (span.type == MS_SPAN_MERGED)
    {
      g_autoptr(GArray) spans = g_array_sized_new (FALSE, FALSE, sizeof (MsSpan), 256);
      guint lo = 0, hi;

      /* The whole run of merged columns: a tooltip pinned to one column
       * would be hidden by the first pixel of motion. Its text still
       * describes the column under the pointer. */
      ms_layout_get_spans (layout, options->view_start, options->view_end, n_columns, spans);
      hi = spans->len;
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;
          const MsSpan *s = &g_array_index (spans, MsSpan, mid);

          if (column < s->x0)
            hi = mid;
          else if (column >= s->x1)
            lo = mid + 1;
          else
            {
              hit->area.x = strip.x + s->x0 * col_w;
              hit->area.width = (s->x1 - s->x0) * col_w;
              break;
            }
        }
    }
  else if (span.gap >= 0)
    {
      double g0, g1, c0, c1;

      if (ms_layout_get_gap (layout, span.gap, &g0, &g1) != MS_GAP_NONE &&
          columns_of_range (options, n_columns, g0, g1, &c0, &c1))
        {
          hit->area.x = strip.x + c0 * col_w;
          hit->area.width = (c1 - c0) * col_w;
        }
    }

  return TRUE;
}
