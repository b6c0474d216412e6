/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-render"

#include "config.h"

#include "ms-render.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "ms-error.h"
#include "ms-render-private.h"
#include "ms-text.h"

/* The export picture: a page in the light GNOME style, laid out in units of
 * 1/96 inch and encoded at twice that for sharp output. */

#define PAGE_WIDTH     1200.0
#define PAGE_SCALE     2.0
#define MARGIN         48.0
#define CARD_PADDING   20.0
#define CARD_RADIUS    12.0
#define SECTION_GAP    28.0
#define STRIP_HEIGHT   96.0

static const MsColor page_color = { 0xfa / 255.0, 0xfa / 255.0, 0xfa / 255.0 };
static const MsColor card_color = { 1.0, 1.0, 1.0 };
static const MsColor text_color = { 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0 };

typedef enum {
  ALIGN_LEFT,
  ALIGN_RIGHT,
} Align;

typedef struct {
  cairo_t      *cr;
  PangoContext *context;
  PangoLayout  *layout;
  MsRenderText *text;     /* SVG: where the text goes, as text */
} Page;

/* Sets @text in the page's one layout, in the sans family (or monospace)
 * at @size units, @weight, tabular digits. Whatever the text, it goes
 * through ms_display_text() on the way: valid UTF-8 (or Pango refuses the
 * whole picture), and never more characters than the page has room for
 * (the cost of laying it out does not grow with a name's length). */
static PangoLayout *
page_text (Page       *page,
           const char *text,
           double      size,
           PangoWeight weight,
           gboolean    mono)
{
  g_autoptr(PangoFontDescription) desc = NULL;
  g_autoptr(PangoAttrList) attrs = _ms_render_tabular_attrs ();
  g_autofree char *shown = ms_display_text (text, -1);

  desc = pango_font_description_from_string (mono ? _MS_RENDER_MONO_FAMILY : _MS_RENDER_FONT_FAMILY);
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, weight);

  pango_layout_set_font_description (page->layout, desc);
  pango_layout_set_width (page->layout, -1);
  pango_layout_set_wrap (page->layout, PANGO_WRAP_WORD);
  pango_layout_set_ellipsize (page->layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_attributes (page->layout, NULL);
  pango_layout_set_text (page->layout, shown != NULL ? shown : "", -1);
  pango_layout_set_attributes (page->layout, attrs);

  return page->layout;
}

/* Draws the page's layout at (@x, @y) (top left, or top right for
 * ALIGN_RIGHT), ellipsized to @max_width when > 0; returns its height. */
static double
page_show (Page          *page,
           double         x,
           double         y,
           Align          align,
           double         max_width,
           const MsColor *color,
           double         alpha)
{
  PangoRectangle logical;

  if (max_width > 0)
    {
      pango_layout_set_width (page->layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (page->layout, PANGO_ELLIPSIZE_END);
    }

  pango_layout_get_pixel_extents (page->layout, NULL, &logical);
  if (align == ALIGN_RIGHT)
    x -= logical.width;

  cairo_move_to (page->cr, x, y);
  _ms_render_set_color (page->cr, color, alpha);
  _ms_render_show_layout (page->cr, page->layout, page->text);

  return logical.height;
}

/* The page's layout wrapped to @width, between words (within a word only
 * when it is longer than a line); returns the height it takes. */
static double
page_wrap (Page   *page,
           double  width)
{
  PangoRectangle logical;

  pango_layout_set_width (page->layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (page->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_extents (page->layout, NULL, &logical);
  return logical.height;
}

static void
draw_card (Page   *page,
           double  x,
           double  y,
           double  width,
           double  height)
{
  cairo_t *cr = page->cr;

  /* A soft shadow, the card, and a hairline border, as libadwaita's cards. */
  _ms_render_rounded_rect (cr, x, y + 1, width, height, CARD_RADIUS);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.04);
  cairo_fill (cr);

  _ms_render_rounded_rect (cr, x, y, width, height, CARD_RADIUS);
  _ms_render_set_color (cr, &card_color, 1.0);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.08);
  cairo_stroke (cr);
}

static double
draw_section_title (Page       *page,
                    double      y,
                    const char *title,
                    const char *aside)
{
  double h;

  page_text (page, title, 15, PANGO_WEIGHT_BOLD, FALSE);
  h = page_show (page, MARGIN, y, ALIGN_LEFT, 0, &text_color, 0.9);

  if (aside != NULL)
    {
      page_text (page, aside, 13, PANGO_WEIGHT_NORMAL, FALSE);
      page_show (page, PAGE_WIDTH - MARGIN, y + 2, ALIGN_RIGHT, PAGE_WIDTH / 2, &text_color, 0.55);
    }

  return h + 10;
}

static char *
format_when (gint64 time_usec)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (time_usec / G_USEC_PER_SEC);

  if (when == NULL)
    return g_strdup ("");

  /* TRANSLATORS: the date and time of a snapshot in the export picture, a
   * g_date_time_format() format: "14 March 2025, 10:22:03 CET" */
  /* xgettext:no-c-format */
  return g_date_time_format (when, _("%-d %B %Y, %H:%M:%S %Z"));
}

static double
draw_header (Page             *page,
             const MsSnapshot *snapshot,
             double            y)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *subtitle = NULL;
  const char *name = snapshot->name != NULL && snapshot->name[0] != '\0' ? snapshot->name : _("Unknown process");

  page_text (page, name, 28, PANGO_WEIGHT_BOLD, FALSE);
  y += page_show (page, MARGIN, y, ALIGN_LEFT, PAGE_WIDTH - 2 * MARGIN, &text_color, 1.0) + 4;

  /* Each part shown on its own, so that a long one cannot push out the others. */
  if (snapshot->pid > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("PID %d"), snapshot->pid));
  if (snapshot->source == MS_SOURCE_FILE)
    {
      g_autofree char *base = g_path_get_basename (snapshot->source_path != NULL ? snapshot->source_path : snapshot->name);
      g_autofree char *shown = ms_display_text (base, -1);

      g_ptr_array_add (parts, g_strdup_printf (_("captured file %s"), shown));
    }
  if (snapshot->user != NULL && snapshot->user[0] != '\0')
    {
      g_autofree char *shown = ms_display_text (snapshot->user, -1);

      g_ptr_array_add (parts, g_strdup_printf (_("user %s"), shown));
    }
  g_ptr_array_add (parts, g_strdup_printf (_("host %s"), g_get_host_name ()));
  g_ptr_array_add (parts, format_when (snapshot->time_usec));
  g_ptr_array_add (parts, NULL);

  /* TRANSLATORS: the separator between facts in the picture's subtitle */
  subtitle = g_strjoinv (_(" · "), (char **) parts->pdata);
  page_text (page, subtitle, 15, PANGO_WEIGHT_NORMAL, FALSE);
  y += page_show (page, MARGIN, y, ALIGN_LEFT, PAGE_WIDTH - 2 * MARGIN, &text_color, 0.6) + 4;

  if (snapshot->cmdline != NULL && snapshot->cmdline[0] != '\0')
    {
      page_text (page, snapshot->cmdline, 12, PANGO_WEIGHT_NORMAL, TRUE);
      y += page_show (page, MARGIN, y, ALIGN_LEFT, PAGE_WIDTH - 2 * MARGIN, &text_color, 0.5);
    }

  return y;
}

static const char *
scale_label (MsScaleMode mode)
{
  switch (mode)
    {
    case MS_SCALE_LINEAR:
      return _("Linear address scale");
    case MS_SCALE_RESIDENT:
      return _("Resident-size scale, gaps shrunk");
    case MS_SCALE_PROPORTIONAL:
    default:
      return _("Proportional scale, gaps shrunk");
    }
}

static double
draw_strip_section (Page           *page,
                    const MsLayout *layout,
                    double          view_start,
                    double          view_end,
                    gboolean        vector,
                    double          y)
{
  g_autofree char *aside = NULL;
  MsRenderOptions options;
  cairo_rectangle_t area;
  double card_height;

  if (view_start <= 0 && view_end >= 1)
    {
      /* TRANSLATORS: "Proportional scale, gaps shrunk · whole address space" */
      aside = g_strdup_printf (_("%s · whole address space"), scale_label (ms_layout_get_mode (layout)));
    }
  else
    {
      g_autofree char *from = ms_format_hex (ms_layout_address_at (layout, view_start));
      g_autofree char *to = ms_format_hex (ms_layout_address_at (layout, view_end));

      /* TRANSLATORS: "Proportional scale, gaps shrunk · 0x… to 0x…" */
      aside = g_strdup_printf (_("%s · %s to %s"), scale_label (ms_layout_get_mode (layout)), from, to);
    }

  y += draw_section_title (page, y, _("Address space"), aside);

  ms_render_options_init (&options);
  options.view_start = view_start;
  options.view_end = view_end;
  options.scale = PAGE_SCALE;
  options.foreground = text_color;
  options.background = card_color;
  options.ruler_height = ms_render_measure_ruler (page->context, NULL);
  options.corner_radius = 6;
  options.vector = vector;
  options.text = page->text;

  card_height = CARD_PADDING + STRIP_HEIGHT + options.ruler_height + CARD_PADDING / 2;
  draw_card (page, MARGIN, y, PAGE_WIDTH - 2 * MARGIN, card_height);

  area.x = MARGIN + CARD_PADDING;
  area.y = y + CARD_PADDING;
  area.width = PAGE_WIDTH - 2 * MARGIN - 2 * CARD_PADDING;
  area.height = STRIP_HEIGHT + options.ruler_height;
  ms_render_strip (page->cr, layout, &options, &area);

  return y + card_height + SECTION_GAP;
}

static double
draw_summary (Page             *page,
              const MsSnapshot *snapshot,
              double            y)
{
  const MsTotals *t = &snapshot->total;
  const char *labels[] = {
    N_("Virtual (VSS)"), N_("Resident (RSS)"), N_("Proportional (PSS)"),
    N_("Unique (USS)"), N_("Swap"), N_("Regions"),
  };
  char *values[G_N_ELEMENTS (labels)];
  double card_width = PAGE_WIDTH - 2 * MARGIN;
  double tile = card_width / G_N_ELEMENTS (labels);
  double card_height = 0, label_height, value_height;
  gboolean counters = snapshot->has_counters;

  values[0] = ms_format_size (t->vss);
  values[1] = counters ? ms_format_size (t->rss) : g_strdup ("—");
  values[2] = counters ? ms_format_size (t->pss) : g_strdup ("—");
  values[3] = counters ? ms_format_size (t->uss) : g_strdup ("—");
  values[4] = counters ? ms_format_size (t->swap) : g_strdup ("—");
  values[5] = ms_format_count (snapshot->n_regions);

  y += draw_section_title (page, y, _("Summary"),
                           counters ? NULL : _("A maps capture has no memory counters"));

  /* Measure, then draw over the card. */
  page_text (page, _(labels[0]), 13, PANGO_WEIGHT_NORMAL, FALSE);
  {
    PangoRectangle r;

    pango_layout_get_pixel_extents (page->layout, NULL, &r);
    label_height = r.height;
    page_text (page, values[0], 26, PANGO_WEIGHT_BOLD, FALSE);
    pango_layout_get_pixel_extents (page->layout, NULL, &r);
    value_height = r.height;
  }
  card_height = CARD_PADDING + label_height + 4 + value_height + CARD_PADDING;
  draw_card (page, MARGIN, y, card_width, card_height);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      double x = MARGIN + i * tile + CARD_PADDING;

      if (i > 0)
        {
          cairo_rectangle (page->cr, MARGIN + i * tile, y + CARD_PADDING * 0.75, 1, card_height - CARD_PADDING * 1.5);
          cairo_set_source_rgba (page->cr, 0, 0, 0, 0.08);
          cairo_fill (page->cr);
        }

      page_text (page, _(labels[i]), 13, PANGO_WEIGHT_NORMAL, FALSE);
      page_show (page, x, y + CARD_PADDING, ALIGN_LEFT, tile - CARD_PADDING * 1.5, &text_color, 0.6);
      page_text (page, values[i], 26, PANGO_WEIGHT_BOLD, FALSE);
      page_show (page, x, y + CARD_PADDING + label_height + 4, ALIGN_LEFT, tile - CARD_PADDING * 1.5, &text_color, 1.0);
      g_free (values[i]);
    }

  return y + card_height + SECTION_GAP;
}

/* Right edges of the legend's numeric columns, from the card's left. */
enum { COL_REGIONS, COL_SIZE, COL_RSS, COL_PSS, COL_SHARE, N_COLS };
static const double col_right[N_COLS] = { 560, 680, 800, 920, 1084 };
#define SHARE_BAR_X     950.0
#define SHARE_BAR_WIDTH 80.0
/* A kind's name and description, left of the numbers. */
#define LEGEND_TEXT_WIDTH 410.0

static void
draw_legend_numbers (Page           *page,
                     double          x,
                     double          y,
                     const MsTotals *t,
                     guint64         total_rss,
                     gboolean        counters,
                     PangoWeight     weight)
{
  char *cells[N_COLS];

  cells[COL_REGIONS] = ms_format_count (t->count);
  cells[COL_SIZE] = ms_format_size (t->vss);
  cells[COL_RSS] = counters ? ms_format_size (t->rss) : g_strdup ("—");
  cells[COL_PSS] = counters ? ms_format_size (t->pss) : g_strdup ("—");
  if (counters && total_rss > 0)
    /* TRANSLATORS: a share in percent, "12.5 %" */
    cells[COL_SHARE] = g_strdup_printf (_("%.1f %%"), 100.0 * t->rss / total_rss);
  else
    cells[COL_SHARE] = g_strdup ("—");

  for (guint c = 0; c < N_COLS; c++)
    {
      page_text (page, cells[c], 14, weight, FALSE);
      page_show (page, x + col_right[c], y, ALIGN_RIGHT, 0, &text_color, 0.9);
      g_free (cells[c]);
    }
}

static double
draw_legend (Page             *page,
             const MsSnapshot *snapshot,
             double            y)
{
  /* The headings of the picture's table of kinds; "Resident" and
   * "Proportional" are also the strip's scales, which a language may word
   * differently. */
  const char *headers[N_COLS] = {
    NC_("column", "Regions"), NC_("column", "Size"), NC_("column", "Resident"),
    NC_("column", "Proportional"), NC_("column", "Share of RSS"),
  };
  double card_width = PAGE_WIDTH - 2 * MARGIN;
  double header_height = 40, total_height = 44;
  double row_heights[MS_N_KINDS] = { 0 };
  double card_height, x = MARGIN, row_y;
  gboolean counters = snapshot->has_counters;

  /* Each description whole, on as many lines as it takes (in German or
   * Chinese too): a row is as tall as its description. */
  card_height = header_height + total_height;
  for (guint k = 0; k < MS_N_KINDS; k++)
    if (snapshot->per_kind[k].count > 0)
      {
        page_text (page, ms_kind_get_description (k), 12, PANGO_WEIGHT_NORMAL, FALSE);
        row_heights[k] = MAX (52.0, 28 + page_wrap (page, LEGEND_TEXT_WIDTH) + 10);
        card_height += row_heights[k];
      }

  y += draw_section_title (page, y, _("Kinds of memory"),
                           _("Sizes in binary units: 1 KiB = 1024 bytes"));

  draw_card (page, x, y, card_width, card_height);

  page_text (page, _("Kind"), 12, PANGO_WEIGHT_BOLD, FALSE);
  page_show (page, x + CARD_PADDING, y + 13, ALIGN_LEFT, 0, &text_color, 0.55);
  for (guint c = 0; c < N_COLS; c++)
    {
      page_text (page, g_dpgettext2 (GETTEXT_PACKAGE, "column", headers[c]), 12, PANGO_WEIGHT_BOLD, FALSE);
      page_show (page, x + col_right[c], y + 13, ALIGN_RIGHT, 0, &text_color, 0.55);
    }

  row_y = y + header_height;
  for (guint k = 0; k < MS_N_KINDS; k++)
    {
      const MsTotals *t = &snapshot->per_kind[k];

      if (t->count == 0)
        continue;

      cairo_rectangle (page->cr, x + 1, row_y, card_width - 2, 1);
      cairo_set_source_rgba (page->cr, 0, 0, 0, 0.07);
      cairo_fill (page->cr);

      _ms_render_rounded_rect (page->cr, x + CARD_PADDING, row_y + 11, 16, 16, 4);
      _ms_render_set_color (page->cr, ms_kind_get_color (k), 1.0);
      cairo_fill_preserve (page->cr);
      cairo_set_source_rgba (page->cr, 0, 0, 0, 0.12);
      cairo_set_line_width (page->cr, 1);
      cairo_stroke (page->cr);

      page_text (page, ms_kind_get_label (k), 14, PANGO_WEIGHT_BOLD, FALSE);
      page_show (page, x + CARD_PADDING + 28, row_y + 8, ALIGN_LEFT, 0, &text_color, 0.95);
      page_text (page, ms_kind_get_description (k), 12, PANGO_WEIGHT_NORMAL, FALSE);
      page_wrap (page, LEGEND_TEXT_WIDTH);
      page_show (page, x + CARD_PADDING + 28, row_y + 28, ALIGN_LEFT, 0, &text_color, 0.55);

      draw_legend_numbers (page, x, row_y + 16, t, snapshot->total.rss, counters, PANGO_WEIGHT_NORMAL);

      /* The share of the resident size as a bar. */
      if (counters && snapshot->total.rss > 0)
        {
          _ms_render_rounded_rect (page->cr, x + SHARE_BAR_X, row_y + 22, SHARE_BAR_WIDTH, 6, 3);
          cairo_set_source_rgba (page->cr, 0, 0, 0, 0.07);
          cairo_fill (page->cr);
        }
      if (counters && snapshot->total.rss > 0 && t->rss > 0)
        {
          double w = MAX (6.0, SHARE_BAR_WIDTH * t->rss / snapshot->total.rss);

          _ms_render_rounded_rect (page->cr, x + SHARE_BAR_X, row_y + 22, w, 6, 3);
          _ms_render_set_color (page->cr, ms_kind_get_color (k), 1.0);
          cairo_fill (page->cr);
        }

      row_y += row_heights[k];
    }

  cairo_rectangle (page->cr, x + 1, row_y, card_width - 2, 1);
  cairo_set_source_rgba (page->cr, 0, 0, 0, 0.12);
  cairo_fill (page->cr);

  page_text (page, _("Total"), 14, PANGO_WEIGHT_BOLD, FALSE);
  page_show (page, x + CARD_PADDING + 28, row_y + 13, ALIGN_LEFT, 0, &text_color, 0.95);
  draw_legend_numbers (page, x, row_y + 13, &snapshot->total, snapshot->total.rss, counters, PANGO_WEIGHT_BOLD);

  return y + card_height + SECTION_GAP * 0.75;
}

static double
draw_footer (Page             *page,
             const MsSnapshot *snapshot,
             double            y)
{
  g_autofree char *made = NULL;
  double h;

  /* TRANSLATORS: the export picture's footer, "Memscape 0.1.0" */
  made = g_strdup_printf (_("Memscape %s"), PACKAGE_VERSION);
  page_text (page, made, 12, PANGO_WEIGHT_BOLD, FALSE);
  h = page_show (page, MARGIN, y, ALIGN_LEFT, 0, &text_color, 0.45);

  if (snapshot->source_path != NULL)
    {
      page_text (page, snapshot->source_path, 12, PANGO_WEIGHT_NORMAL, TRUE);
      page_show (page, PAGE_WIDTH - MARGIN, y, ALIGN_RIGHT, PAGE_WIDTH / 2, &text_color, 0.45);
    }

  return y + h;
}

/* Draws the whole page at the origin of @cr; returns its height. */
static double
draw_page (cairo_t          *cr,
           const MsSnapshot *snapshot,
           MsScaleMode       mode,
           double            view_start,
           double            view_end,
           gboolean          vector,
           MsRenderText     *text_sink)
{
  g_autoptr(MsLayout) layout = ms_layout_new (snapshot, mode);
  g_autoptr(GObject) context = G_OBJECT (pango_cairo_create_context (cr));
  g_autoptr(PangoLayout) text = NULL;
  cairo_font_options_t *font_options;
  Page page;
  double y = MARGIN;

  /* The same glyph positions at any scale and in SVG. */
  font_options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (font_options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (PANGO_CONTEXT (context), font_options);
  cairo_font_options_destroy (font_options);

  text = pango_layout_new (PANGO_CONTEXT (context));
  page.cr = cr;
  page.context = PANGO_CONTEXT (context);
  page.layout = text;
  page.text = text_sink;

  ms_layout_clamp_view (layout, &view_start, &view_end);

  y = draw_header (&page, snapshot, y) + SECTION_GAP;
  y = draw_strip_section (&page, layout, view_start, view_end, vector, y);
  y = draw_summary (&page, snapshot, y);
  y = draw_legend (&page, snapshot, y);
  y = draw_footer (&page, snapshot, y);

  return ceil (y + MARGIN);
}

/* Records the page to learn its height, then draws it on a surface from
 * @create of that size; returns that surface, drawn and flushed, or NULL. */
typedef cairo_surface_t *(*SurfaceFunc) (double width, double height, gpointer data);

static gboolean
check_status (cairo_status_t   status,
              GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  g_set_error (error, MS_ERROR, MS_ERROR_IO,
               _("Could not draw the picture: %s"), cairo_status_to_string (status));
  return FALSE;
}

static cairo_surface_t *
render_page (const MsSnapshot  *snapshot,
             MsScaleMode        mode,
             double             view_start,
             double             view_end,
             gboolean           vector,
             MsRenderText      *text,
             SurfaceFunc        create,
             gpointer           data,
             GError           **error)
{
  cairo_surface_t *recording, *target;
  cairo_status_t status;
  cairo_t *cr;
  double height;

  recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cr = cairo_create (recording);
  height = draw_page (cr, snapshot, mode, view_start, view_end, vector, NULL);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (!check_status (status, error))
    {
      cairo_surface_destroy (recording);
      return NULL;
    }

  target = create (PAGE_WIDTH, height, data);
  cr = cairo_create (target);
  _ms_render_set_color (cr, &page_color, 1.0);
  cairo_paint (cr);
  if (vector)
    {
      /* Drawn again, right on the document: a replayed recording would
       * become a pattern in the SVG, not shapes and text. */
      draw_page (cr, snapshot, mode, view_start, view_end, vector, text);
    }
  else
    {
      cairo_set_source_surface (cr, recording, 0, 0);
      cairo_paint (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (recording);

  cairo_surface_flush (target);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (target);

  if (!check_status (status, error))
    {
      cairo_surface_destroy (target);
      return NULL;
    }

  return target;
}

cairo_status_t
_ms_render_append_to_array (void                *closure,
                            const unsigned char *data,
                            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
_ms_render_png_bytes (cairo_surface_t  *surface,
                      cairo_status_t    drawn,
                      GError          **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_status_t status = drawn;

  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, _ms_render_append_to_array, bytes);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_IO,
                   _("Could not encode the picture as PNG: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static cairo_surface_t *
create_png_surface (double   width,
                    double   height,
                    gpointer data)
{
  cairo_surface_t *surface;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                        (int) ceil (width * PAGE_SCALE),
                                        (int) ceil (height * PAGE_SCALE));
  cairo_surface_set_device_scale (surface, PAGE_SCALE, PAGE_SCALE);
  return surface;
}

static gboolean
check_regions (const MsSnapshot  *snapshot,
               GError           **error)
{
  if (snapshot->n_regions > 0)
    return TRUE;

  g_set_error (error, MS_ERROR, MS_ERROR_EMPTY, _("There are no memory regions to draw"));
  return FALSE;
}

GBytes *
ms_render_picture_png (const MsSnapshot  *snapshot,
                       MsScaleMode        mode,
                       double             view_start,
                       double             view_end,
                       GError           **error)
{
  cairo_surface_t *image;
  GBytes *bytes;

  g_return_val_if_fail (snapshot != NULL, NULL);

  if (!check_regions (snapshot, error))
    return NULL;

  image = render_page (snapshot, mode, view_start, view_end, FALSE, NULL, create_png_surface, NULL, error);
  if (image == NULL)
    return NULL;

  bytes = _ms_render_png_bytes (image, CAIRO_STATUS_SUCCESS, error);
  cairo_surface_destroy (image);
  return bytes;
}

/* A vector document being written: its bytes, and what names it. */
typedef struct {
  GByteArray       *bytes;
  const MsSnapshot *snapshot;
} Document;

static cairo_surface_t *
create_svg_surface (double   width,
                    double   height,
                    gpointer data)
{
  Document *document = data;
  cairo_surface_t *surface;

  surface = cairo_svg_surface_create_for_stream (_ms_render_append_to_array, document->bytes, width, height);
  cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
  return surface;
}

/* A PDF page in points (1/72 inch) for a page laid out in 1/96 inch; the
 * text stays text, in embedded subsets of its fonts. */
static cairo_surface_t *
create_pdf_surface (double   width,
                    double   height,
                    gpointer data)
{
  Document *document = data;
  const MsSnapshot *snapshot = document->snapshot;
  g_autofree char *title = NULL;
  cairo_surface_t *surface;

  surface = cairo_pdf_surface_create_for_stream (_ms_render_append_to_array, document->bytes,
                                                 width * 72.0 / 96.0, height * 72.0 / 96.0);
  cairo_surface_set_device_scale (surface, 72.0 / 96.0, 72.0 / 96.0);

  if (snapshot->pid > 0)
    title = g_strdup_printf (_("%s (PID %d): memory map"), snapshot->name != NULL ? snapshot->name : "", snapshot->pid);
  else
    title = g_strdup_printf (_("%s: memory map"), snapshot->name != NULL ? snapshot->name : "");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Memscape " PACKAGE_VERSION);
  return surface;
}

/* Draws the page straight onto a vector document from @create, so that its
 * shapes and text stay shapes and text, and returns the finished file. For
 * SVG (@svg_text) the text is added afterwards as <text> elements. */
static GBytes *
render_document (const MsSnapshot  *snapshot,
                 MsScaleMode        mode,
                 double             view_start,
                 double             view_end,
                 SurfaceFunc        create,
                 gboolean           svg_text,
                 GError           **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  MsRenderText *text = NULL;
  Document document;
  cairo_surface_t *surface;
  cairo_status_t status;

  g_return_val_if_fail (snapshot != NULL, NULL);

  if (!check_regions (snapshot, error))
    return NULL;

  bytes = g_byte_array_new ();
  document.bytes = bytes;
  document.snapshot = snapshot;
  if (svg_text)
    text = _ms_render_text_new ();
  surface = render_page (snapshot, mode, view_start, view_end, TRUE, text, create, &document, error);
  if (surface == NULL)
    {
      _ms_render_text_free (text);
      return NULL;
    }

  /* The document is written out when the surface finishes. */
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!check_status (status, error))
    {
      _ms_render_text_free (text);
      return NULL;
    }

  if (text != NULL && !_ms_render_text_add_to_svg (text, bytes))
    {
      _ms_render_text_free (text);
      g_set_error (error, MS_ERROR, MS_ERROR_IO, _("Could not draw the picture: %s"), "no </svg>");
      return NULL;
    }
  _ms_render_text_free (text);

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

GBytes *
ms_render_picture_svg (const MsSnapshot  *snapshot,
                       MsScaleMode        mode,
                       double             view_start,
                       double             view_end,
                       GError           **error)
{
  return render_document (snapshot, mode, view_start, view_end, create_svg_surface, TRUE, error);
}

GBytes *
ms_render_picture_pdf (const MsSnapshot  *snapshot,
                       MsScaleMode        mode,
                       double             view_start,
                       double             view_end,
                       GError           **error)
{
  return render_document (snapshot, mode, view_start, view_end, create_pdf_surface, FALSE, error);
}
