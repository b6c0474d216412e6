/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "ms-history.h"
#include "ms-kind.h"

G_BEGIN_DECLS

/* The timeline's drawing, without GTK (the widget draws through it, and the
 * benchmark times it): a history over time, the first sample at x = 0 and
 * the latest at @width, in lanes from the top:
 *  - marks where regions appeared (up, green) or vanished (down, red);
 *  - the sizes of each kind (RSS, PSS or VSS) stacked, one path a kind, in
 *    the kinds' colours;
 *  - the page-fault rate, a bar a column.
 * Each column of a pixel shows the latest sample taken by the end of its
 * stretch of time: the cost follows the width, not the number of samples
 * (but for the marks, one look at each sample). */
typedef struct {
  MsHistoryMeasure measure;
  double           marks_height;
  double           area_height;
  double           faults_height;
  double           gap;            /* between the lanes */
  MsColor          foreground;     /* the fault lane */
} MsTimelineStyle;

/* The total height of the lanes. */
double   ms_render_timeline_height (const MsTimelineStyle *style);
/* Draws @history at @width (whole pixels) from (0, 0). @column_sample:
 * (nullable): set to @width ints, the sample each column shows. */
void     ms_render_timeline        (cairo_t               *cr,
                                    const MsTimelineStyle *style,
                                    MsHistory             *history,
                                    int                    width,
                                    GArray                *column_sample);
/* The x of sample @index in a timeline @width wide. */
double   ms_timeline_sample_x      (MsHistory             *history,
                                    guint                  index,
                                    int                    width);
/* The sample nearest before the moment at @x, -1 when there is none. */
int      ms_timeline_sample_at     (MsHistory             *history,
                                    double                 x,
                                    int                    width);
/* Page faults a second between sample @index and the one before, minor and
 * major (out); FALSE when not known. */
gboolean ms_timeline_fault_rate    (MsHistory             *history,
                                    guint                  index,
                                    double                *minor,
                                    double                *major);

G_END_DECLS
