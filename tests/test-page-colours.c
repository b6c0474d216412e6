/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <math.h>
#include <string.h>

#include "ms-kind.h"
#include "ms-page-texture.h"

/* The colours of pages against the strip's kind colours: a page, in any
 * colour mode, drawn over a region whose own kind colour shows beside and
 * under it, must never be taken for a kind. */

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

/* Every state of a resident page in every mode but heat (above), as the
 * page key lists them. */
static const struct {
  MsPageColour  colour;
  guint32       flags;
  guint32       mapcount;
  const char   *name;
} states[] = {
  { MS_PAGE_COLOUR_RESIDENCY, MS_PAGE_PRESENT, 0, "resident anonymous" },
  { MS_PAGE_COLOUR_RESIDENCY, MS_PAGE_PRESENT | MS_PAGE_FILE, 0, "resident file" },
  { MS_PAGE_COLOUR_RESIDENCY, MS_PAGE_PRESENT | MS_PAGE_ZERO, 0, "zero page" },
  { MS_PAGE_COLOUR_DIRTY, MS_PAGE_PRESENT | MS_PAGE_SOFT_DIRTY, 0, "written" },
  { MS_PAGE_COLOUR_DIRTY, MS_PAGE_PRESENT, 0, "not written" },
  { MS_PAGE_COLOUR_SHARED, MS_PAGE_PRESENT | MS_PAGE_EXCLUSIVE, 1, "this process only" },
  { MS_PAGE_COLOUR_SHARED, MS_PAGE_PRESENT, 2, "mapped twice" },
  { MS_PAGE_COLOUR_SHARED, MS_PAGE_PRESENT, 3, "mapped more" },
  { MS_PAGE_COLOUR_SHARED, MS_PAGE_PRESENT, 0, "shared, count unknown" },
};

static const char *const mark_names[] = {
  [MS_PAGE_MARK_SWAPPED] = "swapped",
  [MS_PAGE_MARK_ABSENT] = "not present",
  [MS_PAGE_MARK_GUARD] = "guard",
  [MS_PAGE_MARK_HUGE] = "huge page bar",
};
G_STATIC_ASSERT (G_N_ELEMENTS (mark_names) == MS_N_PAGE_MARKS);

/* As far from every kind as heat is: the old residency colours were
 * Text's blue and Data's green, the written ones the stack's red and
 * read-only data's blue, the shared ones mmap-anon's yellow and file
 * mapping's purple, the swapped hatching the heap's orange, not present
 * and the guard cross the guard kind's grey and the stack's red. */
static void
test_states_unlike_kinds (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      double rgb[3];
      MsKind kind = 0;
      double d;

      ms_page_texture_get_fill (states[i].flags, states[i].mapcount, states[i].colour, -1.0, rgb);
      d = nearest_kind (rgb, &kind);
      g_test_message ("%s: nearest %s, %.1f", states[i].name, ms_kind_to_id (kind), d);
      g_assert_cmpfloat (d, >=, 25.0);
    }
  for (guint m = 0; m < MS_N_PAGE_MARKS; m++)
    {
      double rgb[3];
      MsKind kind = 0;
      double d;

      ms_page_texture_get_mark (m, rgb);
      d = nearest_kind (rgb, &kind);
      g_test_message ("%s: nearest %s, %.1f", mark_names[m], ms_kind_to_id (kind), d);
      g_assert_cmpfloat (d, >=, 25.0);
    }
}

/* The fill of every state of @colour (heat: its ends and the two of a
 * page), into @fills; how many. */
static guint
mode_fills (MsPageColour colour,
            double       fills[][3])
{
  guint n = 0;

  if (colour == MS_PAGE_COLOUR_HEAT)
    {
      ms_page_texture_get_fill (MS_PAGE_PRESENT, 0, colour, 0.0, fills[n++]);
      ms_page_texture_get_fill (MS_PAGE_PRESENT, 0, colour, 1.0, fills[n++]);
      return n;
    }
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (states[i].colour == colour)
      ms_page_texture_get_fill (states[i].flags, states[i].mapcount, colour, -1.0, fills[n++]);
  return n;
}

/* Within a mode the states are told apart as categories (or, shared count,
 * as a scale lightening with the count); the marks every mode shares differ
 * from every fill in colour as well as in shape (hatching, an outline, a
 * cross), and the huge page's bar stands out on every fill. */
static void
test_states_apart (void)
{
  double shared[4][3], shared_lab[3][3];

  for (guint c = 0; c < MS_N_PAGE_COLOURS; c++)
    {
      double fills[G_N_ELEMENTS (states)][3];
      guint n = mode_fills (c, fills);

      g_assert_cmpuint (n, >=, 2);
      for (guint i = 0; i < n; i++)
        for (guint j = i + 1; j < n; j++)
          if (!(c == MS_PAGE_COLOUR_SHARED && j == 3 && i == 1)) /* (count unknown: drawn as twice) */
            g_assert_cmpfloat (difference (fills[i], fills[j]), >=, 25.0);
      for (guint m = 0; m < MS_N_PAGE_MARKS; m++)
        {
          double mark[3];

          ms_page_texture_get_mark (m, mark);
          for (guint i = 0; i < n; i++)
            {
              g_test_message ("%s on %s fill %u: %.1f", mark_names[m], ms_page_colour_to_id (c), i,
                              difference (mark, fills[i]));
              g_assert_cmpfloat (difference (mark, fills[i]), >=, m == MS_PAGE_MARK_HUGE ? 38.0 : 20.0);
            }
        }
    }

  /* this process only, mapped twice, mapped more: lighter each step */
  g_assert_cmpuint (mode_fills (MS_PAGE_COLOUR_SHARED, shared), ==, 4);
  for (guint i = 0; i < 3; i++)
    to_lab (shared[i], shared_lab[i]);
  for (guint i = 0; i + 1 < 3; i++)
    {
      g_assert_cmpfloat (shared_lab[i + 1][0] - shared_lab[i][0], >=, 10.0);
    }
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
  g_test_add_func ("/memscape/page-colours/states-unlike-kinds", test_states_unlike_kinds);
  g_test_add_func ("/memscape/page-colours/states-apart", test_states_apart);

  return g_test_run ();
}
