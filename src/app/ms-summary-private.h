/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-summary.h"

G_BEGIN_DECLS

/* For the widget tests: the "Resume" button and the text beside it while
 * paused (else NULL), and the details line (PID, user, …). */
GtkWidget  *_ms_summary_get_resume_button (MsSummary *self);
const char *_ms_summary_get_paused_text   (MsSummary *self);
const char *_ms_summary_get_details       (MsSummary *self);
/* The text of figure @figure: 0 VSS, 1 RSS, 2 PSS, 3 USS, 4 swap. */
const char *_ms_summary_get_figure_text   (MsSummary *self,
                                           guint      figure);

G_END_DECLS
