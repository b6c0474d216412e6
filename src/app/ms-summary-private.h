/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-summary.h"

G_BEGIN_DECLS

/* For the widget tests: the "Resume" button and the text beside it while
 * paused (else NULL), and the details line (PID, user, …). */
GtkWidget  *_ms_summary_get_resume_button (MsSummary *self);
const char *_ms_summary_get_paused_text   (MsSummary *self);
const char *_ms_summary_get_details       (MsSummary *self);

G_END_DECLS
