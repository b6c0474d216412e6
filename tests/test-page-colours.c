/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <math.h>
#include <string.h>

#include "ms-kind.h"
#include "ms-page-texture.h"

/* The colours of pages against the strip's kind colours: heat, drawn over
 * regions whose own kind colour shows beside and under it, must never be
 * taken for a kind. */

/* Colour difference: the distance of two sRGB colours in CIELAB (ΔE 1976;
 * 2.3 is just noticeable, past 25 clearly another colour). */
static void
to_lab (const double rgb[3],
        double       lab[3])
{
  static const double white[3] = { 0.95047, 1.0, 1.08883 };
  double linear[3], xyz[3], f[3];

  for (guint i = 0; i < 3; i++)
    linear[i] = rgb[i] <= 0.04045 ? rgb[i] / 12.92 : pow ((rgb[i] + 0.055) / 1.055, 2.4);
  xyz[0] = 0.4124 * linear[0] + 0.3576 * linear[1] + 0.1805 * linear[2];
  xyz[1] = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
  xyz[2] = 0.0193 * linear[0] + 0.1192 * linear[1] + 0.9505 * linear[2];
  for (guint i = 0; i < 3; i++)
    {
      double t = xyz[i] / white[i];

      f[i] = t > 216.0 / 24389.0 ? cbrt (t) : (24389.0 / 27.0 * t + 16.0) / 116.0;
    }
  lab[0] = 116.0 * f[1] - 16.0;
  lab[1] = 500.0 * (f[0] - f[1]);
  lab[2] = 200.0 * (f[1] - f[2]);
}

static double
difference (const double a[3],
            const double b[3])
{
  double la[3], lb[3];

  to_lab (a, la);
  to_lab (b, lb);
  return sqrt ((la[0] - lb[0]) * (la[0] - lb[0]) + (la[1] - lb[1]) * (la[1] - lb[1]) +
               (la[2] - lb[2]) * (la[2] - lb[2]));
}

/* The nearest kind colour to @rgb: its difference, and which in @kind. */
static double
nearest_kind (const double rgb[3],
              MsKind      *kind)
{
  double best = G_MAXDOUBLE;

  for (guint k = 0; k < MS_N_KINDS; k++)
    {
      const MsColor *colour = ms_kind_get_color (k);
      double other[3] = { colour->red, colour->green, colour->blue };
      double d = difference (rgb, other);

      if (d < best)
        {
          best = d;
          *kind = k;
        }
    }
  return best;
}

/* Every heat a region can have (its share used, 0…1) and both of a page's
 * (referenced or not, with idle page tracking) is far from every kind
 * colour; the old scale began at read-only data's blue and ended near the
 * stack's red. */
static void
test_heat_unlike_kinds (void)
{
  for (guint step = 0; step <= 20; step++)
    {
      double rgb[3];
      MsKind kind = 0;
      double d;

      ms_page_texture_get_fill (MS_PAGE_PRESENT, 0, MS_PAGE_COLOUR_HEAT, step / 20.0, rgb);
      d = nearest_kind (rgb, &kind);
      g_test_message ("heat %.2f: nearest %s, %.1f", step / 20.0, ms_kind_to_id (kind), d);
      g_assert_cmpfloat (d, >=, 25.0);
    }
  for (guint referenced = 0; referenced < 2; referenced++)
    {
      double rgb[3];
      MsKind kind = 0;

      ms_page_texture_get_fill (MS_PAGE_PRESENT | (referenced ? MS_PAGE_REFERENCED : 0), 0,
                                MS_PAGE_COLOUR_HEAT, -1.0, rgb);
      g_assert_cmpfloat (nearest_kind (rgb, &kind), >=, 25.0);
    }
}

/* A page's heat is read by its lightness too (a scale that a reader who
 * tells few hues apart can follow): lighter the more of the region was used,
 * and a used page lighter than an unused one. */
static void
test_heat_scale_lightens (void)
{
  double previous[3] = { 0 }, previous_lab[3] = { -1, 0, 0 };
  double unused[3], used[3], unused_lab[3], used_lab[3];

  for (guint step = 0; step <= 10; step++)
    {
      double rgb[3], lab[3];

      ms_page_texture_get_fill (MS_PAGE_PRESENT, 0, MS_PAGE_COLOUR_HEAT, step / 10.0, rgb);
      to_lab (rgb, lab);
      g_assert_cmpfloat (lab[0], >, previous_lab[0]);
      if (step > 0)
        g_assert_cmpfloat (difference (rgb, previous), >=, 2.3);
      memcpy (previous, rgb, sizeof rgb);
      memcpy (previous_lab, lab, sizeof lab);
    }
  ms_page_texture_get_fill (MS_PAGE_PRESENT, 0, MS_PAGE_COLOUR_HEAT, -1.0, unused);
  ms_page_texture_get_fill (MS_PAGE_PRESENT | MS_PAGE_REFERENCED, 0, MS_PAGE_COLOUR_HEAT, -1.0, used);
  to_lab (unused, unused_lab);
  to_lab (used, used_lab);
  g_assert_cmpfloat (used_lab[0] - unused_lab[0], >=, 30.0);
}

/* The pixel at @x, @y of @surface (RGB24), as 0…1 components. */
static void
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y,
          double           rgb[3])
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 pixel = *(const guint32 *) (gconstpointer) (data + y * cairo_image_surface_get_stride (surface) + x * 4);

  rgb[0] = ((pixel >> 16) & 0xff) / 255.0;
  rgb[1] = ((pixel >> 8) & 0xff) / 255.0;
  rgb[2] = (pixel & 0xff) / 255.0;
}

/* A huge page is marked by a dark bar along its top: on the coldest heat
 * as drawn (a page of a region nothing of which was used, and a page not
 * referenced), the bar stands out from the page under it. */
static void
test_heat_shows_huge_bar (void)
{
  const MsPageRun run = { 0, 4096, MS_PAGE_PRESENT | MS_PAGE_HUGE, 0 };
  const double heats[] = { 0.0, -1.0 };

  for (guint i = 0; i < G_N_ELEMENTS (heats); i++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 40, 40);
      cairo_t *cr = cairo_create (surface);
      double bar[3], page[3];

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      ms_page_texture_draw_heat (cr, &run, 1, 4096, 0, 4096, 0, 0, 40, 40, MS_PAGE_COLOUR_HEAT, heats[i]);
      cairo_surface_flush (surface);
      pixel_at (surface, 20, 1, bar);
      pixel_at (surface, 20, 30, page);
      g_test_message ("heat %.0f: bar %.2f %.2f %.2f on %.2f %.2f %.2f, %.1f", heats[i], bar[0], bar[1], bar[2],
                      page[0], page[1], page[2], difference (bar, page));
      g_assert_cmpfloat (difference (bar, page), >=, 38.0);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/page-colours/heat-unlike-kinds", test_heat_unlike_kinds);
  g_test_add_func ("/memscape/page-colours/heat-scale-lightens", test_heat_scale_lightens);
  g_test_add_func ("/memscape/page-colours/heat-shows-huge-bar", test_heat_shows_huge_bar);

  return g_test_run ();
}
