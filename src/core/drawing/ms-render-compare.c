/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-render"

#include "config.h"

#include "ms-render-compare.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "ms-error.h"
#include "ms-render-private.h"
#include "ms-text.h"

/* --- the marks ------------------------------------------------------------ */

static void
stroke_with_halo (cairo_t               *cr,
                  const MsRenderOptions *options,
                  double                 width,
                  gboolean               dashed)
{
  static const double dashes[] = { 3.0, 2.0 };

  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, width + 2.0);
  _ms_render_set_color (cr, &options->background, 0.85);
  cairo_stroke_preserve (cr);
  if (dashed)
    cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  cairo_set_line_width (cr, width);
  _ms_render_set_color (cr, &options->foreground, 1.0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
draw_triangle (cairo_t               *cr,
               const MsRenderOptions *options,
               double                 cx,
               double                 y,
               double                 height,
               gboolean               up)
{
  double s = CLAMP (height / 4.0, 3.0, 7.0);
  double top = y + 3.0;

  if (up)
    {
      cairo_move_to (cr, cx, top);
      cairo_line_to (cr, cx + s, top + s);
      cairo_line_to (cr, cx - s, top + s);
    }
  else
    {
      cairo_move_to (cr, cx - s, top);
      cairo_line_to (cr, cx + s, top);
      cairo_line_to (cr, cx, top + s);
    }
  cairo_close_path (cr);
  cairo_set_line_width (cr, 2.0);
  _ms_render_set_color (cr, &options->background, 0.85);
  cairo_stroke_preserve (cr);
  _ms_render_set_color (cr, &options->foreground, 1.0);
  cairo_fill (cr);
}

static void
draw_hatch (cairo_t               *cr,
            const MsRenderOptions *options,
            double                 x,
            double                 y,
            double                 width,
            double                 height)
{
  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  for (double d = x - height; d < x + width; d += 6.0)
    {
      cairo_move_to (cr, d, y + height);
      cairo_line_to (cr, d + height, y);
    }
  cairo_set_line_width (cr, 1.2);
  _ms_render_set_color (cr, &options->foreground, 0.75);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_mark (cairo_t               *cr,
           const MsRenderOptions *options,
           MsCompareChange        change,
           double                 x0,
           double                 x1,
           double                 y,
           double                 height)
{
  double width = MAX (x1 - x0, 3.0);
  double cx = x0 + width / 2.0;

  switch (change)
    {
    case MS_COMPARE_ADDED:
      draw_hatch (cr, options, x0, y, width, height);
      cairo_rectangle (cr, x0 + 1.0, y + 1.0, width - 2.0, height - 2.0);
      stroke_with_halo (cr, options, 1.5, FALSE);
      break;
    case MS_COMPARE_REMOVED:
      cairo_rectangle (cr, x0, y, width, height);
      _ms_render_set_color (cr, &options->foreground, 0.12);
      cairo_fill (cr);
      cairo_rectangle (cr, x0 + 1.0, y + 1.0, width - 2.0, height - 2.0);
      stroke_with_halo (cr, options, 1.5, TRUE);
      break;
    case MS_COMPARE_GROWN:
    case MS_COMPARE_SHRUNK:
      cairo_rectangle (cr, x0 + 1.0, y + 1.0, width - 2.0, height - 2.0);
      stroke_with_halo (cr, options, 1.5, FALSE);
      draw_triangle (cr, options, cx, y, height, change == MS_COMPARE_GROWN);
      break;
    case MS_COMPARE_CHANGED:
      cairo_arc (cr, cx, y + 6.0, 2.5, 0, 2 * G_PI);
      cairo_set_line_width (cr, 2.0);
      _ms_render_set_color (cr, &options->background, 0.85);
      cairo_stroke_preserve (cr);
      _ms_render_set_color (cr, &options->foreground, 1.0);
      cairo_fill (cr);
      break;
    case MS_COMPARE_UNCHANGED:
    case MS_N_COMPARE_CHANGES:
    default:
      break;
    }
}

void
ms_render_compare_key (cairo_t               *cr,
                       const MsRenderOptions *options,
                       MsCompareChange        change,
                       double                 x,
                       double                 y,
                       double                 size)
{
  cairo_save (cr);
  draw_mark (cr, options, change, x, x + size, y, size);
  cairo_restore (cr);
}

void
ms_render_compare_marks (cairo_t                 *cr,
                         const MsLayout          *layout,
                         const MsRenderOptions   *options,
                         const cairo_rectangle_t *area,
                         const MsCompare         *compare)
{
  const MsComparePair *pairs;
  const MsSnapshot *baseline;
  cairo_rectangle_t strip;
  guint first, end, n_pairs;
  double span;

  g_return_if_fail (ms_layout_get_snapshot (layout) == ms_compare_get_current (compare));

  ms_render_get_strip_area (options, area, &strip);
  span = options->view_end - options->view_start;
  if (strip.height <= 0 || strip.width <= 0 || !(span > 0))
    return;

  cairo_save (cr);
  cairo_rectangle (cr, strip.x, strip.y, strip.width, strip.height);
  cairo_clip (cr);

  /* Ghosts first, under the marks of what is there now. */
  baseline = ms_compare_get_baseline (compare);
  pairs = ms_compare_get_pairs (compare, &n_pairs);
  for (guint p = 0; p < n_pairs; p++)
    {
      const MsRegion *r;
      double x0, x1;

      if (pairs[p].change != MS_COMPARE_REMOVED)
        continue;
      r = &baseline->regions[pairs[p].before];
      x0 = strip.x + (ms_layout_axis_at_address (layout, r->start) - options->view_start) / span * strip.width;
      x1 = strip.x + (ms_layout_axis_at_address (layout, r->end) - options->view_start) / span * strip.width;
      if (x1 - x0 < 4.0)
        {
          double middle = (x0 + x1) / 2.0;

          x0 = middle - 2.0;
          x1 = middle + 2.0;
        }
      if (x1 < strip.x || x0 > strip.x + strip.width)
        continue;
      draw_mark (cr, options, MS_COMPARE_REMOVED, x0, x1, strip.y, strip.height);
    }

  ms_layout_get_visible (layout, options->view_start, options->view_end, &first, &end);
  for (guint i = first; i < end; i++)
    {
      const MsComparePair *pair = ms_compare_get_pair_of_current (compare, i);
      double x0, x1;

      if (pair->change == MS_COMPARE_UNCHANGED)
        continue;
      if (!ms_render_get_region_extent (layout, options, area, i, &x0, &x1))
        continue;
      draw_mark (cr, options, pair->change, x0, x1, strip.y, strip.height);
    }

  cairo_restore (cr);
}

char *
ms_render_describe_compare (const MsCompare *compare,
                            guint            index)
{
  static const struct {
    MsCompareField field;
    const char    *label;
  } rows[] = {
    { MS_COMPARE_SIZE, N_("Size") },
    { MS_COMPARE_RSS, N_("RSS") },
    { MS_COMPARE_PSS, N_("PSS") },
    { MS_COMPARE_SWAP, N_("Swap") },
  };
  const MsComparePair *pair;
  GString *text;

  g_return_val_if_fail (index < ms_compare_get_current (compare)->n_regions, NULL);

  pair = ms_compare_get_pair_of_current (compare, index);
  text = g_string_new (NULL);
  g_string_append_printf (text, "<b>%s</b>", ms_compare_change_get_label (pair->change));
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      guint64 before = ms_compare_get_value (compare, FALSE, pair->before, rows[r].field);
      guint64 after = ms_compare_get_value (compare, TRUE, pair->after, rows[r].field);
      g_autofree char *from = NULL, *to = NULL, *delta = NULL;

      if (before == after || pair->change == MS_COMPARE_ADDED)
        continue;
      from = ms_format_size (before);
      to = ms_format_size (after);
      delta = ms_format_size_delta (ms_compare_pair_delta (compare, pair, rows[r].field));
      /* TRANSLATORS: "RSS: 12 KiB → 20 KiB (+8.0 KiB)" */
      g_string_append_printf (text, "\n%s: ", _(rows[r].label));
      g_string_append_printf (text, _("%s → %s (%s)"), from, to, delta);
    }
  if (pair->before >= 0 &&
      ms_compare_get_baseline (compare)->regions[pair->before].start != ms_compare_get_current (compare)->regions[index].start)
    {
      g_autofree char *was = ms_format_hex (ms_compare_get_baseline (compare)->regions[pair->before].start);

      g_string_append_c (text, '\n');
      /* TRANSLATORS: a region matched by its file and offset in another run: "At 0x7f… in the baseline" */
      g_string_append_printf (text, _("At %s in the baseline"), was);
    }
  return g_string_free (text, FALSE);
}

char *
ms_render_describe_removed (const MsCompare *compare,
                            guint64          from,
                            guint64          to)
{
  const MsSnapshot *baseline = ms_compare_get_baseline (compare);
  const MsComparePair *pairs;
  const MsRegion *first = NULL;
  guint n_pairs, count = 0;
  guint64 bytes = 0;
  g_autofree char *size = NULL, *start = NULL, *end = NULL, *regions = NULL;

  pairs = ms_compare_get_pairs (compare, &n_pairs);
  for (guint p = 0; p < n_pairs; p++)
    {
      const MsRegion *r;

      if (pairs[p].change != MS_COMPARE_REMOVED)
        continue;
      r = &baseline->regions[pairs[p].before];
      if (r->start < from || r->end > to)
        continue;
      if (first == NULL)
        first = r;
      count++;
      bytes = ms_add_saturated (bytes, ms_region_get_size (r));
    }
  if (first == NULL)
    return NULL;

  size = ms_format_size (bytes);
  start = ms_format_hex (first->start);
  end = ms_format_hex (first->end);
  regions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u region", "%u regions", count), count);
  /* TRANSLATORS: ghosts in a gap of the strip: "Removed since the baseline\n2 regions, 1.2 MiB, the first 0x… – 0x…" */
  return g_strdup_printf (_("<b>Removed since the baseline</b>\n%s, %s, the first %s – %s"), regions, size, start, end);
}

/* --- the picture ---------------------------------------------------------- */

#define PAGE_WIDTH    1200.0
#define PAGE_SCALE    2.0
#define MARGIN        48.0
#define STRIP_HEIGHT  96.0
#define N_GREW        10

static const MsColor page_color = { 1.0, 1.0, 1.0 };
static const MsColor text_color = { 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0 };

typedef struct {
  cairo_t      *cr;
  PangoLayout  *layout;
  MsRenderText *text;
} Page;

/* Shows @text (through ms_display_text()) at (@x, @y), at most @width wide
 * (ellipsized) when > 0, right-aligned on @x with @right; returns its
 * height. */
static double
show (Page       *page,
      const char *text,
      double      x,
      double      y,
      double      width,
      double      size,
      PangoWeight weight,
      double      alpha,
      gboolean    right)
{
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (_MS_RENDER_FONT_FAMILY);
  g_autoptr(PangoAttrList) attrs = _ms_render_tabular_attrs ();
  g_autofree char *shown = ms_display_text (text, -1);
  PangoRectangle logical;

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, weight);
  pango_layout_set_font_description (page->layout, desc);
  pango_layout_set_attributes (page->layout, attrs);
  pango_layout_set_width (page->layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  pango_layout_set_ellipsize (page->layout, width > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  pango_layout_set_text (page->layout, shown != NULL ? shown : "", -1);
  pango_layout_get_pixel_extents (page->layout, NULL, &logical);
  cairo_move_to (page->cr, right ? x - logical.width : x, y);
  _ms_render_set_color (page->cr, &text_color, alpha);
  _ms_render_show_layout (page->cr, page->layout, page->text);
  return logical.height;
}

static char *
describe_side (const MsSnapshot *snapshot)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (snapshot->time_usec / G_USEC_PER_SEC);
  g_autofree char *time = when != NULL ? g_date_time_format (when, "%H:%M:%S") : g_strdup ("");

  if (snapshot->source == MS_SOURCE_FILE)
    {
      g_autofree char *base = g_path_get_basename (snapshot->source_path != NULL ? snapshot->source_path : "");

      return g_strdup (base);
    }
  /* TRANSLATORS: one side of a comparison: "PID 1234 at 10:41:07" */
  return g_strdup_printf (_("PID %d at %s"), snapshot->pid, time);
}

static double
draw_page (Page           *page,
           MsCompare      *compare,
           MsScaleMode     mode,
           gboolean        vector)
{
  MsSnapshot *baseline = ms_compare_get_baseline (compare);
  MsSnapshot *current = ms_compare_get_current (compare);
  g_autoptr(MsLayout) layout = ms_layout_new (current, mode);
  g_autoptr(GArray) grew = ms_compare_rank_growth (compare, MS_COMPARE_RSS);
  g_autofree char *before = describe_side (baseline);
  g_autofree char *after = describe_side (current);
  g_autofree char *subtitle = NULL;
  const MsCompareGroup *groups = ms_compare_get_groups (compare, NULL);
  const char *name = current->name != NULL && current->name[0] != '\0' ? current->name : _("Unknown process");
  g_autofree char *title = g_strdup_printf (_("%s: compared with a baseline"), name);
  static const MsCompareChange shown_changes[] = {
    MS_COMPARE_ADDED, MS_COMPARE_REMOVED, MS_COMPARE_GROWN, MS_COMPARE_SHRUNK, MS_COMPARE_CHANGED,
  };
  MsRenderOptions options;
  cairo_rectangle_t area;
  double y = MARGIN, x;
  double columns[] = { MARGIN, MARGIN + 260, MARGIN + 560, MARGIN + 860 };

  y += show (page, title, MARGIN, y, PAGE_WIDTH - 2 * MARGIN, 28, PANGO_WEIGHT_BOLD, 1.0, FALSE) + 4;
  /* TRANSLATORS: "Baseline: before.smaps · now: PID 1234 at 10:41:07" */
  subtitle = g_strdup_printf (_("Baseline: %s · now: %s"), before, after);
  y += show (page, subtitle, MARGIN, y, PAGE_WIDTH - 2 * MARGIN, 15, PANGO_WEIGHT_NORMAL, 0.6, FALSE) + 20;

  ms_render_options_init (&options);
  options.scale = PAGE_SCALE;
  options.foreground = text_color;
  options.background = page_color;
  options.ruler_height = 22;
  options.vector = vector;
  options.text = page->text;
  area.x = MARGIN;
  area.y = y;
  area.width = PAGE_WIDTH - 2 * MARGIN;
  area.height = STRIP_HEIGHT + options.ruler_height;
  ms_render_strip (page->cr, layout, &options, &area);
  ms_render_compare_marks (page->cr, layout, &options, &area, compare);
  y += area.height + 16;

  /* The key, with how many of each. */
  x = MARGIN;
  for (guint c = 0; c < G_N_ELEMENTS (shown_changes); c++)
    {
      g_autofree char *label = NULL;
      PangoRectangle logical;

      ms_render_compare_key (page->cr, &options, shown_changes[c], x, y, 20);
      /* TRANSLATORS: a change and how many regions had it: "grown: 3" */
      label = g_strdup_printf (_("%s: %u"), ms_compare_change_get_name (shown_changes[c]),
                               ms_compare_count (compare, shown_changes[c]));
      show (page, label, x + 28, y, -1, 15, PANGO_WEIGHT_NORMAL, 1.0, FALSE);
      pango_layout_get_pixel_extents (page->layout, NULL, &logical);
      x += 28 + logical.width + 28;
    }
  y += 40;

  /* Per kind, before → after. */
  show (page, _("Kind"), columns[0], y, -1, 15, PANGO_WEIGHT_BOLD, 1.0, FALSE);
  show (page, _("Size"), columns[1], y, -1, 15, PANGO_WEIGHT_BOLD, 1.0, FALSE);
  show (page, _("RSS"), columns[2], y, -1, 15, PANGO_WEIGHT_BOLD, 1.0, FALSE);
  y += show (page, _("Swap"), columns[3], y, -1, 15, PANGO_WEIGHT_BOLD, 1.0, FALSE) + 6;
  for (guint k = 0; k < MS_N_KINDS; k++)
    {
      const MsCompareSums *sums = ms_compare_get_kind_sums (compare, k);
      static const MsCompareField fields[] = { MS_COMPARE_SIZE, MS_COMPARE_RSS, MS_COMPARE_SWAP };

      if (sums->regions[0] == 0 && sums->regions[1] == 0)
        continue;
      _ms_render_set_color (page->cr, ms_kind_get_color (k), 1.0);
      cairo_rectangle (page->cr, columns[0], y + 3, 12, 12);
      cairo_fill (page->cr);
      show (page, ms_kind_get_label (k), columns[0] + 20, y, 230, 15, PANGO_WEIGHT_NORMAL, 1.0, FALSE);
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          g_autofree char *from = ms_format_size (sums->value[fields[f]][0]);
          g_autofree char *to = ms_format_size (sums->value[fields[f]][1]);
          g_autofree char *delta = ms_format_size_delta (ms_compare_sums_delta (sums, fields[f]));
          g_autofree char *text = NULL;

          if (sums->value[fields[f]][0] == sums->value[fields[f]][1])
            {
              show (page, to, columns[f + 1], y, 290, 15, PANGO_WEIGHT_NORMAL, 0.45, FALSE);
              continue;
            }
          /* TRANSLATORS: "12 MiB → 14 MiB (+2.0 MiB)" */
          text = g_strdup_printf (_("%s → %s (%s)"), from, to, delta);
          show (page, text, columns[f + 1], y, 290, 15, PANGO_WEIGHT_NORMAL, 1.0, FALSE);
        }
      y += 24;
    }
  y += 16;

  /* What grew, by RSS. */
  y += show (page, _("What grew (RSS)"), MARGIN, y, -1, 18, PANGO_WEIGHT_BOLD, 1.0, FALSE) + 6;
  if (grew->len == 0)
    y += show (page, _("Nothing grew"), MARGIN, y, -1, 15, PANGO_WEIGHT_NORMAL, 0.6, FALSE) + 6;
  for (guint i = 0; i < MIN (grew->len, N_GREW); i++)
    {
      const MsCompareGroup *group = &groups[g_array_index (grew, guint, i)];
      g_autofree char *delta = ms_format_size_delta (ms_compare_sums_delta (&group->sums, MS_COMPARE_RSS));
      const char *owner = group->object != NULL ? group->object : ms_kind_get_label (group->kind);

      show (page, delta, MARGIN + 120, y, -1, 15, PANGO_WEIGHT_BOLD, 1.0, TRUE);
      show (page, owner, MARGIN + 140, y, PAGE_WIDTH - 2 * MARGIN - 140, 15, PANGO_WEIGHT_NORMAL, 1.0, FALSE);
      y += 24;
    }

  return ceil (y + MARGIN);
}

static gboolean
check (cairo_status_t   status,
       GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, MS_ERROR, MS_ERROR_IO, _("Could not draw the picture: %s"), cairo_status_to_string (status));
  return FALSE;
}

/* Draws the page on @surface; FALSE with @error set when cairo failed. */
static gboolean
draw_on (cairo_surface_t  *surface,
         MsCompare        *compare,
         MsScaleMode       mode,
         gboolean          vector,
         MsRenderText     *text,
         double           *height,
         GError          **error)
{
  cairo_t *cr = cairo_create (surface);
  Page page = { cr, pango_cairo_create_layout (cr), text };
  cairo_status_t status;

  _ms_render_set_color (cr, &page_color, 1.0);
  cairo_paint (cr);
  *height = draw_page (&page, compare, mode, vector);
  g_object_unref (page.layout);
  status = cairo_status (cr);
  cairo_destroy (cr);
  return check (status, error);
}

GBytes *
ms_render_compare_picture (MsCompare       *compare,
                           MsExportFormat   format,
                           MsScaleMode      mode,
                           GError         **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  MsRenderText *text = NULL;
  cairo_status_t status;
  double height;
  gboolean ok;

  g_return_val_if_fail (compare != NULL, NULL);

  if (ms_compare_get_current (compare)->n_regions == 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_EMPTY, _("There are no memory regions to draw"));
      return NULL;
    }

  /* Measured first, on a recording, for the page's height. */
  surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  ok = draw_on (surface, compare, mode, FALSE, NULL, &height, error);
  cairo_surface_destroy (surface);
  if (!ok)
    return NULL;

  switch (format)
    {
    case MS_EXPORT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ceil (PAGE_WIDTH * PAGE_SCALE),
                                            (int) ceil (height * PAGE_SCALE));
      cairo_surface_set_device_scale (surface, PAGE_SCALE, PAGE_SCALE);
      break;
    case MS_EXPORT_SVG:
      surface = cairo_svg_surface_create_for_stream (_ms_render_append_to_array, bytes, PAGE_WIDTH, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      text = _ms_render_text_new ();
      break;
    case MS_EXPORT_PDF:
      surface = cairo_pdf_surface_create_for_stream (_ms_render_append_to_array, bytes, PAGE_WIDTH * 72.0 / 96.0,
                                                     height * 72.0 / 96.0);
      cairo_surface_set_device_scale (surface, 72.0 / 96.0, 72.0 / 96.0);
      break;
    case MS_EXPORT_CSV:
    case MS_N_EXPORT_FORMATS:
    default:
      g_return_val_if_reached (NULL);
    }

  ok = draw_on (surface, compare, mode, format != MS_EXPORT_PNG, text, &height, error);
  cairo_surface_flush (surface);
  if (ok && format == MS_EXPORT_PNG)
    {
      status = cairo_surface_write_to_png_stream (surface, _ms_render_append_to_array, bytes);
      ok = check (status, error);
    }
  else if (ok)
    {
      cairo_surface_finish (surface);
      ok = check (cairo_surface_status (surface), error);
    }
  cairo_surface_destroy (surface);

  if (ok && text != NULL && !_ms_render_text_add_to_svg (text, bytes))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_IO, _("Could not draw the picture: %s"), "no </svg>");
      ok = FALSE;
    }
  _ms_render_text_free (text);
  if (!ok)
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
