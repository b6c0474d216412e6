/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-render"

#include "config.h"

#include "ms-page-texture.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "ms-error.h"
#include "ms-render-private.h"

#define RGB(r, g, b) { (r) / 255.0, (g) / 255.0, (b) / 255.0 }

static const struct {
  const char *id;
  const char *label;
} colours[] = {
  [MS_PAGE_COLOUR_RESIDENCY] = { "residency", N_("Residency") },
  [MS_PAGE_COLOUR_DIRTY] = { "dirty", N_("Written (soft-dirty)") },
  [MS_PAGE_COLOUR_SHARED] = { "shared", N_("Shared count") },
  [MS_PAGE_COLOUR_HEAT] = { "heat", N_("Heat") },
};
G_STATIC_ASSERT (G_N_ELEMENTS (colours) == MS_N_PAGE_COLOURS);

/* One table of the texture's colours, for the strip, its key and the page
 * picture. A region zoomed into shows its pages in place of its kind
 * colour (ms-kind.c), which still shows along its bottom and whole beside
 * it: no page, in any mode, may be taken for a kind. The kinds hold the
 * strip's blues, greens, yellow, orange, reds, purples, brown and greys;
 * the pages take what lies between them (tests/test-page-colours.c measures
 * it), all of a middle lightness or marked by more than colour so they show
 * in the light and the dark style. */
/* residency: violet anonymous, lime file, cream zero page */
static const double anon_rgb[3] = RGB (0x9a, 0x3c, 0xff);
static const double file_rgb[3] = RGB (0x7a, 0xcc, 0x00);
static const double zero_rgb[3] = RGB (0xff, 0xe8, 0x9a);
/* written: a strong magenta, not written a pale one */
static const double dirty_rgb[3] = RGB (0xe0, 0x00, 0x7c);
static const double clean_rgb[3] = RGB (0xff, 0xb3, 0xd9);
/* shared count: olive, lighter the more processes map a page */
static const double exclusive_rgb[3] = RGB (0x5a, 0x6a, 0x00);
static const double shared_two_rgb[3] = RGB (0x94, 0xb0, 0x00);
static const double shared_many_rgb[3] = RGB (0xee, 0xff, 0x88);
/* Heat: from a deep teal (none used) to a bright cyan (all of it), darker
 * to lighter (light enough for the dark bar that marks a huge page to show
 * on it). Every kind colour of the strip (ms-kind.c), which shows along
 * the bottom of a region under its pages and whole beside it, lies in
 * another hue or lightness: anywhere on this scale, no heat can be taken
 * for one (red was the stack's, light blue read-only data's). */
static const double hot_rgb[3] = RGB (0x33, 0xee, 0xf0);
static const double cold_rgb[3] = RGB (0x1a, 0x6f, 0x7c);
/* the marks every mode shares: swapped hatched in salmon (orange was the
 * heap's), not present outlined in slate and a guard crossed in blue (grey
 * and red were the guard's and the stack's kind), a huge page's dark bar */
static const double swapped_rgb[3] = RGB (0xff, 0x90, 0x90);
static const double absent_rgb[3] = RGB (0x5a, 0x5a, 0x80);
static const double huge_rgb[3] = RGB (0x24, 0x1f, 0x31);
static const double guard_rgb[3] = RGB (0x60, 0x60, 0xff);

const char *
ms_page_colour_to_id (MsPageColour colour)
{
  g_return_val_if_fail (colour < MS_N_PAGE_COLOURS, NULL);
  return colours[colour].id;
}

int
ms_page_colour_from_id (const char *id)
{
  for (guint i = 0; i < MS_N_PAGE_COLOURS; i++)
    if (g_strcmp0 (id, colours[i].id) == 0)
      return (int) i;
  return -1;
}

const char *
ms_page_colour_get_label (MsPageColour colour)
{
  g_return_val_if_fail (colour < MS_N_PAGE_COLOURS, NULL);
  return _(colours[colour].label);
}

void
ms_page_texture_get_fill (guint32      flags,
                          guint32      mapcount,
                          MsPageColour colour,
                          double       heat,
                          double       rgb[3])
{
  const double *fill = anon_rgb;

  switch (colour)
    {
    case MS_PAGE_COLOUR_RESIDENCY:
    default:
      fill = (flags & MS_PAGE_ZERO) ? zero_rgb : (flags & MS_PAGE_FILE) ? file_rgb : anon_rgb;
      break;
    case MS_PAGE_COLOUR_DIRTY:
      fill = (flags & MS_PAGE_SOFT_DIRTY) ? dirty_rgb : clean_rgb;
      break;
    case MS_PAGE_COLOUR_SHARED:
      if (flags & MS_PAGE_EXCLUSIVE)
        fill = exclusive_rgb;
      else if (mapcount >= 3)
        fill = shared_many_rgb;
      else
        fill = shared_two_rgb;
      break;
    case MS_PAGE_COLOUR_HEAT:
      if (heat >= 0)
        {
          double t = MIN (heat, 1.0);

          for (guint i = 0; i < 3; i++)
            rgb[i] = cold_rgb[i] + t * (hot_rgb[i] - cold_rgb[i]);
          return;
        }
      fill = (flags & MS_PAGE_REFERENCED) ? hot_rgb : cold_rgb;
      break;
    }
  memcpy (rgb, fill, 3 * sizeof (double));
}

void
ms_page_texture_get_mark (MsPageMark mark,
                          double     rgb[3])
{
  static const double *const marks[] = {
    [MS_PAGE_MARK_SWAPPED] = swapped_rgb,
    [MS_PAGE_MARK_ABSENT] = absent_rgb,
    [MS_PAGE_MARK_GUARD] = guard_rgb,
    [MS_PAGE_MARK_HUGE] = huge_rgb,
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (marks) == MS_N_PAGE_MARKS);

  g_return_if_fail (mark < MS_N_PAGE_MARKS);
  memcpy (rgb, marks[mark], 3 * sizeof (double));
}

static void
set_rgb (cairo_t      *cr,
         const double  rgb[3],
         double        alpha)
{
  cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], alpha);
}

static void
hatch (cairo_t *cr,
       double   x,
       double   y,
       double   width,
       double   height)
{
  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  set_rgb (cr, swapped_rgb, 0.35);
  cairo_paint (cr);
  set_rgb (cr, swapped_rgb, 1.0);
  cairo_set_line_width (cr, 1.0);
  for (double d = x - height - fmod (x, 4.0); d < x + width; d += 4.0)
    {
      cairo_move_to (cr, d, y + height);
      cairo_line_to (cr, d + height, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* One page a cell, for pages of a few pixels and more. */
static void
draw_cells (cairo_t         *cr,
            const MsPageRun *runs,
            guint            n_runs,
            guint64          page_size,
            guint64          start,
            guint64          end,
            double           x,
            double           y,
            double           width,
            double           height,
            MsPageColour     colour,
            double           heat)
{
  double per_page = width / (double) ((end - start) / page_size);
  double inset = per_page >= 4.0 ? 0.5 : 0.0;

  for (guint i = 0; i < n_runs; i++)
    {
      const MsPageRun *run = &runs[i];
      guint64 a0 = MAX (run->start, start);
      guint64 a1 = MIN (run->end, end);

      if (a1 <= a0)
        continue;
      for (guint64 a = a0; a < a1; a += page_size)
        {
          double cx = x + (double) ((a - start) / page_size) * per_page + inset;
          double cw = per_page - 2 * inset;

          if (run->flags & MS_PAGE_PRESENT)
            {
              double rgb[3];

              ms_page_texture_get_fill (run->flags, run->mapcount, colour, heat, rgb);
              set_rgb (cr, rgb, 1.0);
              cairo_rectangle (cr, cx, y, cw, height);
              cairo_fill (cr);
              if (run->flags & MS_PAGE_HUGE)
                {
                  set_rgb (cr, huge_rgb, 1.0);
                  cairo_rectangle (cr, cx, y, cw, MAX (2.0, height / 5));
                  cairo_fill (cr);
                }
            }
          else if (run->flags & MS_PAGE_SWAPPED)
            {
              hatch (cr, cx, y, cw, height);
            }
          else if (run->flags & MS_PAGE_GUARD)
            {
              set_rgb (cr, guard_rgb, 1.0);
              cairo_set_line_width (cr, 1.0);
              cairo_move_to (cr, cx, y);
              cairo_line_to (cr, cx + cw, y + height);
              cairo_move_to (cr, cx + cw, y);
              cairo_line_to (cr, cx, y + height);
              cairo_stroke (cr);
            }
          else
            {
              set_rgb (cr, absent_rgb, 1.0);
              cairo_set_line_width (cr, 1.0);
              cairo_rectangle (cr, cx + 0.5, y + 0.5, MAX (cw - 1.0, 0.5), MAX (height - 1.0, 0.5));
              cairo_stroke (cr);
            }
        }
    }
}

/* A column a stretch of pages: what most of them are. @columns of
 * @width / @columns pixels, each of @per_column pages (0: the pages spread
 * evenly over them), drawn @inset pixels in from either side. */
static void
draw_columns (cairo_t         *cr,
              const MsPageRun *runs,
              guint            n_runs,
              guint64          page_size,
              guint64          start,
              guint64          end,
              double           x,
              double           y,
              double           width,
              double           height,
              MsPageColour     colour,
              double           heat,
              guint            columns,
              guint64          per_column,
              double           inset)
{
  guint64 pages = (end - start) / page_size;
  double column_width = width / columns;
  guint i = 0;

  cairo_set_line_width (cr, 1.0);
  for (guint c = 0; c < columns; c++)
    {
      guint64 p0 = per_column > 0 ? MIN (per_column * c, pages) : pages * c / columns;
      guint64 p1 = per_column > 0 ? MIN (per_column * (c + 1), pages) : MAX (pages * (c + 1) / columns, p0 + 1);
      guint64 a0 = start + p0 * page_size;
      guint64 a1 = MIN (start + p1 * page_size, end);
      guint64 present = 0, swapped = 0, guard = 0, absent = 0, huge = 0;
      double rgb_sum[3] = { 0, 0, 0 };
      double cx = x + c * column_width + inset;
      double cw = column_width - 2 * inset;

      while (i < n_runs && runs[i].end <= a0)
        i++;
      for (guint j = i; j < n_runs && runs[j].start < a1; j++)
        {
          guint64 n = (MIN (runs[j].end, a1) - MAX (runs[j].start, a0)) / page_size;

          if (runs[j].flags & MS_PAGE_PRESENT)
            {
              double rgb[3];

              ms_page_texture_get_fill (runs[j].flags, runs[j].mapcount, colour, heat, rgb);
              for (guint k = 0; k < 3; k++)
                rgb_sum[k] += rgb[k] * (double) n;
              present += n;
              if (runs[j].flags & MS_PAGE_HUGE)
                huge += n;
            }
          else if (runs[j].flags & MS_PAGE_SWAPPED)
            swapped += n;
          else if (runs[j].flags & MS_PAGE_GUARD)
            guard += n;
          else
            absent += n;
        }

      if (present > 0)
        {
          double rgb[3] = { rgb_sum[0] / present, rgb_sum[1] / present, rgb_sum[2] / present };
          double share = (double) present / (double) (present + swapped + guard + absent);

          set_rgb (cr, rgb, 0.3 + 0.7 * share);
          cairo_rectangle (cr, cx, y, cw, height);
          cairo_fill (cr);
          if (huge * 2 >= present)
            {
              set_rgb (cr, huge_rgb, 1.0);
              cairo_rectangle (cr, cx, y, cw, MAX (2.0, height / 5));
              cairo_fill (cr);
            }
        }
      else if (swapped > 0)
        {
          hatch (cr, cx, y, cw, height);
        }
      else if (guard > 0)
        {
          set_rgb (cr, guard_rgb, 0.6);
          cairo_rectangle (cr, cx, y, cw, height);
          cairo_fill (cr);
        }
      else if (absent > 0)
        {
          set_rgb (cr, absent_rgb, 1.0);
          cairo_rectangle (cr, cx, y, cw, 1.0);
          cairo_rectangle (cr, cx, y + height - 1.0, cw, 1.0);
          cairo_fill (cr);
        }
    }
}

void
ms_page_texture_draw_heat (cairo_t         *cr,
                           const MsPageRun *runs,
                           guint            n_runs,
                           guint64          page_size,
                           guint64          start,
                           guint64          end,
                           double           x,
                           double           y,
                           double           width,
                           double           height,
                           MsPageColour     colour,
                           double           heat)
{
  guint64 pages;

  g_return_if_fail (page_size > 0);
  if (end <= start || width <= 0 || height <= 0)
    return;
  pages = (end - start) / page_size;
  if (pages == 0)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  if (width / (double) pages >= 3.0)
    draw_cells (cr, runs, n_runs, page_size, start, end, x, y, width, height, colour, heat);
  else
    draw_columns (cr, runs, n_runs, page_size, start, end, x, y, width, height, colour, heat,
                  (guint) MAX (1.0, ceil (width)), 0, 0.0);
  cairo_restore (cr);
}

/* --- cells of several pages, for the page picture -------------------------- */

void
ms_page_texture_draw_cells (cairo_t         *cr,
                            const MsPageRun *runs,
                            guint            n_runs,
                            guint64          page_size,
                            guint64          start,
                            guint64          end,
                            guint64          pages_per_cell,
                            double           x,
                            double           y,
                            double           cell_width,
                            double           height,
                            MsPageColour     colour)
{
  guint64 pages, cells;
  double inset = cell_width >= 4.0 ? 0.5 : 0.0;

  g_return_if_fail (page_size > 0 && pages_per_cell > 0);
  if (end <= start || cell_width <= 0 || height <= 0)
    return;
  pages = (end - start) / page_size;
  cells = (pages + pages_per_cell - 1) / pages_per_cell;
  if (cells == 0 || cells > G_MAXUINT)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, cells * cell_width, height);
  cairo_clip (cr);
  if (pages_per_cell == 1)
    draw_cells (cr, runs, n_runs, page_size, start, end, x, y, cells * cell_width, height, colour, -1.0);
  else
    draw_columns (cr, runs, n_runs, page_size, start, end, x, y, cells * cell_width, height, colour, -1.0,
                  (guint) cells, pages_per_cell, inset);
  cairo_restore (cr);
}
