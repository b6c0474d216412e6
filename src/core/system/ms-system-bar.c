/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-system-bar"

#include "config.h"

#include "ms-system-bar.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "ms-error.h"
#include "ms-format.h"
#include "ms-render-private.h"

void
ms_system_bar_layout (const MsRamParts *parts,
                      double            width,
                      double            edges[MS_N_RAM_PARTS + 1])
{
  guint64 sum = 0, before = 0;

  for (guint i = 0; i < MS_N_RAM_PARTS; i++)
    sum += parts->part[i];
  for (guint i = 0; i < MS_N_RAM_PARTS; i++)
    {
      edges[i] = sum > 0 ? round (width * ((double) before / (double) sum)) : 0.0;
      before += parts->part[i];
    }
  edges[MS_N_RAM_PARTS] = sum > 0 ? width : 0.0;
}

void
ms_system_bar_draw (cairo_t          *cr,
                    const MsRamParts *parts,
                    double            width,
                    double            height)
{
  double edges[MS_N_RAM_PARTS + 1];

  ms_system_bar_layout (parts, width, edges);
  for (guint i = 0; i < MS_N_RAM_PARTS; i++)
    {
      if (edges[i + 1] <= edges[i])
        continue;
      _ms_render_set_rgb (cr, ms_ram_part_get_rgb (i));
      cairo_rectangle (cr, edges[i], 0, edges[i + 1] - edges[i], height);
      cairo_fill (cr);
    }
}

#define PNG_WIDTH 900
#define MARGIN 16
#define BAR_HEIGHT 48
#define LINE 22

GBytes *
ms_system_bar_png (const MsRamParts  *parts,
                   GError           **error)
{
  g_autofree char *total = ms_format_size (parts->total);
  g_autofree char *available = ms_format_size (parts->available);
  g_autofree char *swap = ms_format_size (parts->swap_used);
  g_autofree char *swap_total = ms_format_size (parts->swap_total);
  g_autofree char *title = NULL;
  PangoFontDescription *font;
  cairo_surface_t *surface;
  cairo_status_t status;
  GBytes *bytes;
  PangoLayout *layout;
  cairo_t *cr;
  int height = MARGIN + LINE + 8 + BAR_HEIGHT + 12 + (int) MS_N_RAM_PARTS * LINE + LINE + MARGIN;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, PNG_WIDTH, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("Sans 11");
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  /* TRANSLATORS: the system picture's title; %s is the RAM size ("15.5 GiB") */
  title = g_strdup_printf (_("Where RAM went: %s in all"), total);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, MARGIN, MARGIN);
  pango_layout_set_text (layout, title, -1);
  pango_cairo_show_layout (cr, layout);

  cairo_save (cr);
  cairo_translate (cr, MARGIN, MARGIN + LINE + 8);
  ms_system_bar_draw (cr, parts, PNG_WIDTH - 2 * MARGIN, BAR_HEIGHT);
  cairo_restore (cr);

  for (guint i = 0; i < MS_N_RAM_PARTS; i++)
    {
      double y = MARGIN + LINE + 8 + BAR_HEIGHT + 12 + i * LINE;
      g_autofree char *size = ms_format_size (parts->part[i]);
      g_autofree char *line = NULL;
      double share = parts->total > 0 ? 100.0 * (double) parts->part[i] / (double) parts->total : 0.0;

      _ms_render_set_rgb (cr, ms_ram_part_get_rgb (i));
      cairo_rectangle (cr, MARGIN, y + 3, 14, 14);
      cairo_fill (cr);
      /* TRANSLATORS: a line of the system picture's legend: the part, its size, its share of RAM */
      line = g_strdup_printf (_("%s: %s (%.1f %%)"), ms_ram_part_get_label (i), size, share);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_move_to (cr, MARGIN + 22, y);
      pango_layout_set_text (layout, line, -1);
      pango_cairo_show_layout (cr, layout);
    }
  {
    g_autofree char *line = NULL;

    /* TRANSLATORS: the last line of the system picture: available RAM, then swap used of swap */
    line = g_strdup_printf (_("Available: %s · Swap used: %s of %s"), available, swap, swap_total);
    cairo_move_to (cr, MARGIN, MARGIN + LINE + 8 + BAR_HEIGHT + 12 + MS_N_RAM_PARTS * LINE);
    pango_layout_set_text (layout, line, -1);
    pango_cairo_show_layout (cr, layout);
  }

  g_object_unref (layout);
  status = cairo_status (cr);
  cairo_destroy (cr);
  bytes = _ms_render_png_bytes (surface, status, error);
  cairo_surface_destroy (surface);
  return bytes;
}
