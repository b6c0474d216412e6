/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-history.h"

G_BEGIN_DECLS

#define MS_TYPE_TIMELINE_CHART (ms_timeline_chart_get_type ())

G_DECLARE_FINAL_TYPE (MsTimelineChart, ms_timeline_chart, MS, TIMELINE_CHART, GtkWidget)

/* The drawing of a history over time: RSS (or PSS, or VSS: `measure`)
 * stacked by kind in the kinds' colours, the page-fault rate as a thin lane
 * beneath, and marks above where regions appeared (up) or vanished (down).
 * Time runs left to right, the first sample to the latest. Hovering says
 * the figures of that moment; a click or a drag, or Left/Right/Home/End
 * with the focus, sets `viewed-sample` (-1: live, the latest). One Tab stop;
 * a slider to assistive technologies, whose value says the moment shown. */
GtkWidget        *ms_timeline_chart_new               (void);
void              ms_timeline_chart_set_history       (MsTimelineChart  *self,
                                                       MsHistory        *history);
MsHistory        *ms_timeline_chart_get_history       (MsTimelineChart  *self);
void              ms_timeline_chart_set_measure       (MsTimelineChart  *self,
                                                       MsHistoryMeasure  measure);
MsHistoryMeasure  ms_timeline_chart_get_measure       (MsTimelineChart  *self);
void              ms_timeline_chart_set_viewed_sample (MsTimelineChart  *self,
                                                       int               index);
int               ms_timeline_chart_get_viewed_sample (MsTimelineChart  *self);
/* Shorter, for a short window. */
void              ms_timeline_chart_set_compact       (MsTimelineChart  *self,
                                                       gboolean          compact);

/* "at 10:41:07, 3 min ago": the moment of @time_usec seen from @now_usec.
 * (transfer full) */
char             *ms_timeline_format_moment           (gint64            time_usec,
                                                       gint64            now_usec);
/* The sample under @x (widget coordinates), -1 when none: for the tests. */
int               _ms_timeline_chart_sample_at        (MsTimelineChart  *self,
                                                       double            x);
/* The figures at sample @index as the tooltip says them. (transfer full) */
char             *_ms_timeline_chart_describe         (MsTimelineChart  *self,
                                                       guint             index);
G_END_DECLS
