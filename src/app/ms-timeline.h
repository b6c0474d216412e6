/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-session.h"
#include "ms-timeline-chart.h"

G_BEGIN_DECLS

#define MS_TYPE_TIMELINE (ms_timeline_get_type ())

G_DECLARE_FINAL_TYPE (MsTimeline, ms_timeline, MS, TIMELINE, GtkWidget)

/* The timeline of a session, above its strip: a heading with the moment
 * shown ("at 10:41:07, 3 min ago") and a Live button while a past one is,
 * the RSS / PSS / VSS choice, and the chart (MsTimelineChart) bound to the
 * session's history and viewed sample. Shown for a live process from its
 * first reading (so that nothing moves when the second comes); hidden for a
 * capture, which is one reading. Escape anywhere in the window goes back to
 * live. */
GtkWidget       *ms_timeline_new         (void);
void             ms_timeline_set_session (MsTimeline *self,
                                          MsSession  *session);
MsSession       *ms_timeline_get_session (MsTimeline *self);
void             ms_timeline_set_compact (MsTimeline *self,
                                          gboolean    compact);
/* Whether there is a timeline to show (`available`): a live process, or more
 * than one reading. */
gboolean         ms_timeline_get_available (MsTimeline *self);
/* No room for it (a short window with a banner): hidden, but while a past
 * moment is shown, whose Live button must stay in sight. */
void             ms_timeline_set_collapsed (MsTimeline *self,
                                            gboolean    collapsed);
MsTimelineChart *ms_timeline_get_chart   (MsTimeline *self);
/* The Live button and the label of the moment shown, for the tests. */
GtkWidget       *_ms_timeline_get_live_button  (MsTimeline *self);
GtkLabel        *_ms_timeline_get_moment_label (MsTimeline *self);

G_END_DECLS
