/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-render"

#include "config.h"

#include "ms-page-picture-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "ms-error.h"
#include "ms-render-private.h"

/* The page picture (ms-page-picture.c) drawn from its layout, its text
 * measured as it will be drawn, and encoded as PNG. */

/* --- text --------------------------------------------------------------------- */

PangoLayout *
_ms_page_picture_text_layout (cairo_t                 *cr,
                              const MsPagePictureText *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) desc = NULL;
  g_autoptr(PangoAttrList) attrs = _ms_render_tabular_attrs ();

  desc = pango_font_description_from_string (text->mono ? _MS_RENDER_MONO_FAMILY : _MS_RENDER_FONT_FAMILY);
  pango_font_description_set_absolute_size (desc, text->size * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  /* (a line end in a name shows as a mark: one label, one line) */
  pango_layout_set_single_paragraph_mode (layout, text->role != MS_PAGE_PICTURE_TEXT_NOTE);
  pango_layout_set_markup (layout, text->markup, -1);
  {
    /* the markup's attributes, and tabular digits under them */
    PangoAttrList *own = pango_layout_get_attributes (layout);

    if (own != NULL)
      pango_attr_list_splice (attrs, own, 0, 0);
    pango_layout_set_attributes (layout, attrs);
  }
  if (text->width > 0)
    {
      pango_layout_set_width (layout, (int) (text->width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_ellipsize (layout, text->ellipsize);
    }
  return layout;
}

/* Adds a text (its markup taken) at @x, @y and measures it; returns it. */
MsPagePictureText *
_ms_page_picture_add_text (MsPagePictureLayout   *self,
                           cairo_t               *measure,
                           MsPagePictureTextRole  role,
                           char                  *markup,
                           double                 x,
                           double                 y,
                           double                 width,
                           double                 size,
                           guint32                rgb)
{
  MsPagePictureText text = {
    .role = role,
    .x = x,
    .y = y,
    .width = width,
    .size = size,
    .mono = role == MS_PAGE_PICTURE_TEXT_ADDRESS,
    .ellipsize = role == MS_PAGE_PICTURE_TEXT_LABEL || role == MS_PAGE_PICTURE_TEXT_GAP
                   ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE,
    .rgb = rgb,
    .markup = markup,
  };
  g_autoptr(PangoLayout) layout = _ms_page_picture_text_layout (measure, &text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  text.height = h;
  if (text.width <= 0)
    text.width = w;
  g_array_append_val (self->texts, text);
  return &g_array_index (self->texts, MsPagePictureText, self->texts->len - 1);
}

void
_ms_page_picture_clear_text (gpointer data)
{
  MsPagePictureText *text = data;

  g_free (text->markup);
}

/* --- drawing ------------------------------------------------------------------- */

/* The runs of @map that overlap [@start, @end): *@n_runs of them from the
 * one returned. */
static const MsPageRun *
runs_in (const MsPageRun *all,
         guint            n_all,
         guint64          start,
         guint64          end,
         guint           *n_runs)
{
  guint lo = 0, hi = n_all, last;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (all[mid].end <= start)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (last = lo; last < n_all && all[last].start < end; last++)
    ;
  *n_runs = last - lo;
  return &all[lo];
}

static void
draw_swatch (const MsPagePictureLayout   *self,
             const MsPagePictureSwatch   *swatch,
             guint64                      page_size,
             cairo_t                     *cr)
{
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (MsPageRun));
  guint64 per_cell = self->pages_per_cell;

  for (guint c = 0; c < swatch->n_cells; c++)
    {
      guint64 at = c * per_cell * page_size;
      guint64 half = swatch->mixed ? per_cell / 2 : per_cell;
      MsPageRun run = { at, at + half * page_size, swatch->flags, swatch->mapcount };

      g_array_append_val (runs, run);
      if (half < per_cell)
        {
          MsPageRun rest = { run.end, at + per_cell * page_size, 0, 0 };

          g_array_append_val (runs, rest);
        }
    }
  ms_page_texture_draw_cells (cr, (const MsPageRun *) (gpointer) runs->data, runs->len, page_size,
                              0, swatch->n_cells * per_cell * page_size, per_cell,
                              swatch->x, swatch->y, self->cell_width, self->row_height, self->colour);
}

void
_ms_page_picture_draw (const MsPagePictureLayout *self,
                       const MsPageMap           *map,
                       cairo_t                   *cr)
{
  static const double dashes[] = { 3.0, 3.0 };

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  /* unmapped addresses: a dashed line across the cells */
  cairo_set_source_rgb (cr, 0xc0 / 255.0, 0xbf / 255.0, 0xbc / 255.0);
  cairo_set_line_width (cr, 1.0);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  for (guint i = 0; i < self->gaps->len; i++)
    {
      double y = floor (g_array_index (self->gaps, double, i)) + 0.5;

      cairo_move_to (cr, self->cells_x, y);
      cairo_line_to (cr, self->cells_x + self->cells_width, y);
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  for (guint i = 0; i < self->cells->len; i++)
    {
      const MsPagePictureCells *stretch = &g_array_index (self->cells, MsPagePictureCells, i);
      guint n_runs;
      const MsPageRun *runs = runs_in ((const MsPageRun *) (gpointer) self->packed->data, self->packed->len,
                                       stretch->start, stretch->end, &n_runs);

      ms_page_texture_draw_cells (cr, runs, n_runs, map->page_size, stretch->start, stretch->end,
                                  self->pages_per_cell, stretch->x, stretch->y, self->cell_width, self->row_height,
                                  self->colour);
    }

  for (guint i = 0; i < self->rects->len; i++)
    {
      const MsPagePictureRect *rect = &g_array_index (self->rects, MsPagePictureRect, i);

      cairo_set_source_rgb (cr, rect->rgb[0], rect->rgb[1], rect->rgb[2]);
      if (rect->role == MS_PAGE_PICTURE_RECT_KIND)
        _ms_render_rounded_rect (cr, rect->x, rect->y, rect->width, rect->height, 2);
      else
        cairo_rectangle (cr, rect->x, rect->y, rect->width, rect->height);
      cairo_fill (cr);
    }

  for (guint i = 0; i < self->swatches->len; i++)
    draw_swatch (self, &g_array_index (self->swatches, MsPagePictureSwatch, i), map->page_size, cr);

  for (guint i = 0; i < self->texts->len; i++)
    {
      const MsPagePictureText *text = &g_array_index (self->texts, MsPagePictureText, i);
      g_autoptr(PangoLayout) layout = _ms_page_picture_text_layout (cr, text);

      _ms_render_set_rgb (cr, text->rgb);
      cairo_move_to (cr, text->x, text->y);
      pango_cairo_show_layout (cr, layout);
    }
  cairo_restore (cr);
}

GBytes *
ms_page_picture_png (const MsPageMap  *map,
                     const MsSnapshot *snapshot,
                     MsPageColour      colour,
                     GError          **error)
{
  g_autoptr(MsPagePictureLayout) layout = NULL;
  cairo_surface_t *surface;
  GBytes *bytes;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (map != NULL, NULL);
  g_return_val_if_fail (colour < MS_N_PAGE_COLOURS, NULL);

  if (map->n_runs == 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_EMPTY, _("There are no pages to draw"));
      return NULL;
    }

  layout = _ms_page_picture_layout (map, snapshot, colour);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, layout->width, layout->height);
  cr = cairo_create (surface);
  _ms_page_picture_draw (layout, map, cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  bytes = _ms_render_png_bytes (surface, status, error);
  cairo_surface_destroy (surface);
  return bytes;
}
