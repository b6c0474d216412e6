/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-render-timeline.h"

#include <math.h>

/* What one drawing works from. */
typedef struct {
  MsHistory             *history;
  const MsTimelineStyle *style;
  GArray                *column_sample;   /* int, one per column */
} Drawing;

gboolean
ms_timeline_fault_rate (MsHistory *history,
                        guint      index,
                        double    *minor,
                        double    *major)
{
  const MsFigures *now, *before;
  double seconds;

  if (index == 0)
    return FALSE;
  now = ms_history_get_figures (history, index);
  before = ms_history_get_figures (history, index - 1);
  if (!(now->present & before->present & MS_FIGURES_FAULTS))
    return FALSE;
  seconds = (ms_history_get_time (history, index) - ms_history_get_time (history, index - 1)) / (double) G_USEC_PER_SEC;
  if (seconds <= 0 || now->minor_faults < before->minor_faults || now->major_faults < before->major_faults)
    return FALSE;
  *minor = (now->minor_faults - before->minor_faults) / seconds;
  *major = (now->major_faults - before->major_faults) / seconds;
  return TRUE;
}

/* The sample each of @width columns shows: the latest taken by the end of
 * its stretch of time. */
static void
layout_columns (Drawing         *self,
                int              width)
{
  guint n = ms_history_get_n_samples (self->history);
  gint64 first, span;
  guint s = 0;

  g_array_set_size (self->column_sample, width);
  if (n == 0 || width <= 0)
    {
      for (int c = 0; c < width; c++)
        g_array_index (self->column_sample, int, c) = -1;
      return;
    }

  first = ms_history_get_time (self->history, 0);
  span = MAX (ms_history_get_time (self->history, n - 1) - first, 1);
  for (int c = 0; c < width; c++)
    {
      gint64 end = first + (gint64) ((double) span * (c + 1) / width);

      while (s + 1 < n && ms_history_get_time (self->history, s + 1) <= end)
        s++;
      g_array_index (self->column_sample, int, c) = (int) s;
    }
}

double
ms_timeline_sample_x (MsHistory *history,
                      guint      index,
                      int        width)
{
  guint n = ms_history_get_n_samples (history);
  gint64 first, span;

  if (n < 2)
    return width;
  first = ms_history_get_time (history, 0);
  span = MAX (ms_history_get_time (history, n - 1) - first, 1);
  return CLAMP ((double) (ms_history_get_time (history, index) - first) / span * width, 0, width);
}

int
ms_timeline_sample_at (MsHistory *history,
                       double     x,
                       int        width)
{
  guint n = ms_history_get_n_samples (history);
  gint64 first, span;

  if (n == 0 || width <= 0)
    return -1;
  first = ms_history_get_time (history, 0);
  span = MAX (ms_history_get_time (history, n - 1) - first, 1);
  x = CLAMP (x, 0, width);
  /* The nearest sample at or before that moment. */
  return MAX (ms_history_find_time (history, first + (gint64) (x / width * span + 0.5)), 0);
}

/* The stacked sizes: the running sum up to each kind filled down to the
 * baseline, topmost first, each lower one over it, so that a kind shows as
 * the band between its sum and the one below. Each outline is in whole
 * pixels, in steps (a point only where the height changes), drawn without
 * antialiasing: rectilinear shapes that cairo fills fast, whatever the
 * number of samples. */
static void
draw_area (Drawing         *self,
           cairo_t         *cr,
           int              width,
           double           top,
           double           height)
{
  g_autofree double *sums = g_new0 (double, (gsize) width * (MS_N_KINDS + 1));
  g_autofree int *ys = g_new (int, width);
  guint64 totals[MS_N_KINDS];
  gboolean used[MS_N_KINDS] = { FALSE };
  double max = 1;
  int last = -1;
  int bottom = (int) round (top + height);

#define SUM(c, k) sums[(gsize) (c) * (MS_N_KINDS + 1) + (k)]

  for (int c = 0; c < width; c++)
    {
      int s = g_array_index (self->column_sample, int, c);

      if (s != last)
        ms_history_get_kind_totals (self->history, (guint) s, self->style->measure, totals);
      last = s;
      for (int k = 0; k < MS_N_KINDS; k++)
        {
          SUM (c, k + 1) = SUM (c, k) + (double) totals[k];
          used[k] |= totals[k] > 0;
        }
      max = MAX (max, SUM (c, MS_N_KINDS));
    }
  /* A little room above the highest. */
  max *= 1.06;

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  for (int k = MS_N_KINDS - 1; k >= 0; k--)
    {
      const MsColor *color = ms_kind_get_color ((MsKind) k);
      int previous;

      if (!used[k])
        continue;

      for (int c = 0; c < width; c++)
        ys[c] = (int) round (top + height * (1 - SUM (c, k + 1) / max));

      /* Along the top, in steps, and back along the baseline. */
      previous = ys[0];
      cairo_move_to (cr, 0, previous);
      for (int c = 1; c < width; c++)
        if (ys[c] != previous)
          {
            cairo_line_to (cr, c, previous);
            cairo_line_to (cr, c, ys[c]);
            previous = ys[c];
          }
      cairo_line_to (cr, width, previous);
      cairo_line_to (cr, width, bottom);
      cairo_line_to (cr, 0, bottom);
      cairo_close_path (cr);

      cairo_set_source_rgb (cr, color->red, color->green, color->blue);
      cairo_fill (cr);
    }
  cairo_restore (cr);
#undef SUM
}

/* The page-fault rate: a bar a column, as tall as its share of the
 * highest rate. */
static void
draw_faults (Drawing         *self,
             cairo_t         *cr,
             int              width,
             double           top,
             double           height)
{
  g_autofree double *rates = g_new0 (double, width);
  double max = 0;
  int last = -1;

  for (int c = 0; c < width; c++)
    {
      int s = g_array_index (self->column_sample, int, c);
      double minor, major;

      if (s == last)
        continue;
      last = s;
      if (ms_timeline_fault_rate (self->history, (guint) s, &minor, &major))
        rates[c] = minor + major;
      max = MAX (max, rates[c]);
    }

  /* A faint floor, so that the lane reads as one. */
  cairo_set_source_rgba (cr, self->style->foreground.red, self->style->foreground.green, self->style->foreground.blue, 0.08);
  cairo_rectangle (cr, 0, top, width, height);
  cairo_fill (cr);
  if (max <= 0)
    return;

  /* Whole pixels, no antialiasing: boxes cairo fills fast. */
  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  for (int c = 0; c < width; c++)
    if (rates[c] > 0)
      {
        double h = MAX (1, round (height * rates[c] / max));

        cairo_rectangle (cr, c, top + height - h, 1, h);
      }
  cairo_set_source_rgba (cr, self->style->foreground.red, self->style->foreground.green, self->style->foreground.blue, 0.7);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* A tick for each sample where regions appeared (up, green) or vanished
 * (down, red). */
static void
draw_marks (Drawing         *self,
            cairo_t         *cr,
            int              width,
            double           top,
            double           height)
{
  guint n = ms_history_get_n_samples (self->history);

  for (int pass = 0; pass < 2; pass++)
    {
      gboolean any = FALSE;
      double last_x = -2;

      for (guint i = 1; i < n; i++)
        {
          guint appeared, vanished;
          double x;

          ms_history_get_changes (self->history, i, &appeared, &vanished);
          if ((pass == 0 ? appeared : vanished) == 0)
            continue;
          x = floor (ms_timeline_sample_x (self->history, i, width));
          if (x == last_x)
            continue;
          last_x = x;
          /* Side by side when both: a merge shows as a new start and a
           * start gone. */
          x = CLAMP (x + (pass == 0 ? -1.5 : 1.5), 3, width - 3);
          if (pass == 0)
            {
              cairo_move_to (cr, x - 2.5, top + height);
              cairo_line_to (cr, x, top);
              cairo_line_to (cr, x + 2.5, top + height);
            }
          else
            {
              cairo_move_to (cr, x - 2.5, top);
              cairo_line_to (cr, x, top + height);
              cairo_line_to (cr, x + 2.5, top);
            }
          cairo_close_path (cr);
          any = TRUE;
        }
      if (!any)
        continue;
      if (pass == 0)
        cairo_set_source_rgb (cr, 0.18, 0.76, 0.49);   /* GNOME green 4 */
      else
        cairo_set_source_rgb (cr, 0.88, 0.11, 0.14);   /* GNOME red 3 */
      cairo_fill (cr);
    }
}

double
ms_render_timeline_height (const MsTimelineStyle *style)
{
  return style->marks_height + style->gap + style->area_height + style->gap + style->faults_height;
}

void
ms_render_timeline (cairo_t               *cr,
                    const MsTimelineStyle *style,
                    MsHistory             *history,
                    int                    width,
                    GArray                *column_sample)
{
  g_autoptr(GArray) own = NULL;
  Drawing drawing = { history, style, column_sample };
  double area_top = style->marks_height + style->gap;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);
  g_return_if_fail (MS_IS_HISTORY (history));

  if (ms_history_get_n_samples (history) == 0 || width <= 0)
    return;
  if (drawing.column_sample == NULL)
    drawing.column_sample = own = g_array_new (FALSE, FALSE, sizeof (int));

  layout_columns (&drawing, width);
  cairo_save (cr);
  draw_marks (&drawing, cr, width, 0, style->marks_height);
  draw_area (&drawing, cr, width, area_top, style->area_height);
  draw_faults (&drawing, cr, width, area_top + style->area_height + style->gap, style->faults_height);
  cairo_restore (cr);
}
