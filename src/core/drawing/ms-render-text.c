/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-render"

#include "config.h"

#include "ms-render-private.h"

#include <math.h>
#include <string.h>

/* Text in an SVG picture as text. cairo's SVG surface (1.16, and 1.18 alike)
 * has no text mode: it writes every glyph as an outline under <symbol>, so
 * the picture could not be searched, selected or read aloud. For SVG the
 * renderer draws the shapes with cairo and hands its text here instead: each
 * line of a layout becomes a <text> element at the line's baseline, in the
 * layout's font, colour and opacity, with textLength (and lengthAdjust) set
 * to the width Pango measured, so that a viewer with other fonts still fits
 * it where it was laid out. The elements are added on top of the drawing,
 * which is where the text was drawn. */

struct _MsRenderText
{
  GString *elements;
};

MsRenderText *
_ms_render_text_new (void)
{
  MsRenderText *self = g_new0 (MsRenderText, 1);

  self->elements = g_string_new (NULL);
  return self;
}

void
_ms_render_text_free (MsRenderText *self)
{
  if (self == NULL)
    return;

  g_string_free (self->elements, TRUE);
  g_free (self);
}

/* XML 1.0 has no place for control characters, not even as references. */
static void
append_escaped (GString    *out,
                const char *text,
                gsize       length)
{
  g_autofree char *valid = g_utf8_make_valid (text, (gssize) length);
  GString *clean = g_string_sized_new (length);
  g_autofree char *escaped = NULL;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f)
        g_string_append_unichar (clean, 0xfffd);
      else
        g_string_append_unichar (clean, c);
    }
  escaped = g_markup_escape_text (clean->str, (gssize) clean->len);
  g_string_append (out, escaped);
  g_string_free (clean, TRUE);
}

/* "Cantarell, Noto Sans" → "Cantarell, 'Noto Sans'" */
static void
append_families (GString    *out,
                 const char *families)
{
  g_auto(GStrv) names = g_strsplit (families != NULL ? families : "sans-serif", ",", -1);
  gboolean first = TRUE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);

      if (*name == '\0' || strchr (name, '\'') != NULL)
        continue;
      if (!first)
        g_string_append (out, ", ");
      first = FALSE;
      if (strchr (name, ' ') != NULL)
        {
          g_string_append_c (out, '\'');
          append_escaped (out, name, strlen (name));
          g_string_append_c (out, '\'');
        }
      else
        {
          append_escaped (out, name, strlen (name));
        }
    }
}

/* What a line shows, in logical order: its runs' text, and "…" for the run
 * that stands for ellipsized text. A line broken after a space ends in it:
 * it is left out, and *@width (Pango units) is made the width without it. */
static char *
line_text (PangoLayoutLine *line,
           const char      *text,
           int             *width)
{
  GString *shown = g_string_new (NULL);
  gboolean ellipsized = FALSE;
  gsize trimmed;

  for (GSList *l = line->runs; l != NULL; l = l->next)
    {
      PangoGlyphItem *run = l->data;
      PangoItem *item = run->item;

      if (item->analysis.flags & PANGO_ANALYSIS_FLAG_IS_ELLIPSIS)
        {
          g_string_append (shown, "…");
          ellipsized = TRUE;
        }
      else
        {
          g_string_append_len (shown, text + item->offset, item->length);
        }
    }

  trimmed = shown->len;
  while (trimmed > 0 && g_ascii_isspace (shown->str[trimmed - 1]))
    trimmed--;
  if (trimmed < shown->len && trimmed > 0 && !ellipsized)
    pango_layout_line_index_to_x (line, line->start_index + (int) trimmed, FALSE, width);
  g_string_truncate (shown, trimmed);
  return g_string_free (shown, FALSE);
}

static void
record_layout (MsRenderText *self,
               cairo_t      *cr,
               PangoLayout  *layout)
{
  const PangoFontDescription *desc = pango_layout_get_font_description (layout);
  g_autoptr(PangoFontDescription) fallback = NULL;
  const char *text = pango_layout_get_text (layout);
  double x0 = 0, y0 = 0, scale_x = 1, scale_y = 0, scale, size;
  double red = 0, green = 0, blue = 0, alpha = 1;
  PangoLayoutIter *iter;

  if (desc == NULL)
    desc = fallback = pango_font_description_copy (pango_context_get_font_description (pango_layout_get_context (layout)));

  if (cairo_has_current_point (cr))
    cairo_get_current_point (cr, &x0, &y0);
  cairo_user_to_device (cr, &x0, &y0);
  cairo_user_to_device_distance (cr, &scale_x, &scale_y);
  scale = hypot (scale_x, scale_y);

  /* Points are 1/72 inch, the page's units 1/96. */
  size = pango_font_description_get_size (desc) / (double) PANGO_SCALE;
  if (!pango_font_description_get_size_is_absolute (desc))
    size *= 96.0 / 72.0;

  if (cairo_pattern_get_type (cairo_get_source (cr)) == CAIRO_PATTERN_TYPE_SOLID)
    cairo_pattern_get_rgba (cairo_get_source (cr), &red, &green, &blue, &alpha);

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      g_autofree char *shown = NULL;
      PangoRectangle logical;
      double baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      shown = line_text (line, text, &logical.width);
      if (*shown == '\0')
        continue;

      baseline = pango_layout_iter_get_baseline (iter) / (double) PANGO_SCALE;

      g_string_append_printf (self->elements,
                              "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.2f\" font-weight=\"%d\" "
                              "fill=\"#%02x%02x%02x\" fill-opacity=\"%.3f\" "
                              "textLength=\"%.2f\" lengthAdjust=\"spacingAndGlyphs\" xml:space=\"preserve\" font-family=\"",
                              x0 + scale * logical.x / PANGO_SCALE, y0 + scale * baseline, scale * size,
                              (int) pango_font_description_get_weight (desc),
                              (int) round (red * 255), (int) round (green * 255), (int) round (blue * 255), alpha,
                              scale * logical.width / PANGO_SCALE);
      append_families (self->elements, pango_font_description_get_family (desc));
      if (pango_font_description_get_style (desc) == PANGO_STYLE_ITALIC)
        g_string_append (self->elements, "\" font-style=\"italic");
      g_string_append (self->elements, "\">");
      append_escaped (self->elements, shown, strlen (shown));
      g_string_append (self->elements, "</text>\n");
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

void
_ms_render_show_layout (cairo_t      *cr,
                        PangoLayout  *layout,
                        MsRenderText *text)
{
  if (text == NULL)
    pango_cairo_show_layout (cr, layout);
  else
    record_layout (text, cr, layout);
}

gboolean
_ms_render_text_add_to_svg (MsRenderText *self,
                            GByteArray   *svg)
{
  static const char end_tag[] = "</svg>";
  const guint8 *data = svg->data;
  gsize at;

  /* The document's last end tag: what is drawn last, is on top. */
  for (at = svg->len >= sizeof end_tag - 1 ? svg->len - (sizeof end_tag - 1) + 1 : 0; at > 0; at--)
    if (memcmp (data + at - 1, end_tag, sizeof end_tag - 1) == 0)
      break;
  if (at == 0)
    return FALSE;
  at--;

  if (self->elements->len > 0)
    {
      g_autoptr(GString) group = g_string_new ("<g id=\"text\">\n");

      g_string_append_len (group, self->elements->str, (gssize) self->elements->len);
      g_string_append (group, "</g>\n");
      g_byte_array_remove_range (svg, (guint) at, svg->len - (guint) at);
      g_byte_array_append (svg, (const guint8 *) group->str, (guint) group->len);
      g_byte_array_append (svg, (const guint8 *) end_tag, sizeof end_tag - 1);
      g_byte_array_append (svg, (const guint8 *) "\n", 1);
    }
  return TRUE;
}
