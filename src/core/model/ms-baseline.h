/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ms-compare.h"
#include "ms-session.h"

G_BEGIN_DECLS

#define MS_TYPE_BASELINE (ms_baseline_get_type ())

G_DECLARE_FINAL_TYPE (MsBaseline, ms_baseline, MS, BASELINE, GObject)

/* The baseline a session's views compare with, and the comparison of the
 * session's snapshot with it (`compare`, NULL when there is no baseline or
 * no snapshot), made again whenever either changes. The strip, the table,
 * the summary and the legend bind to `compare`. */
MsBaseline *ms_baseline_new            (MsSession  *session);
/* (transfer none) */
MsSession  *ms_baseline_get_session    (MsBaseline *self);

/* Pins what the session shows now (ms_session_get_snapshot()) as the
 * baseline: "Compared with 10:41:07". FALSE when it shows nothing yet. */
gboolean    ms_baseline_pin            (MsBaseline *self);
/* Makes @snapshot (a capture, or another run) the baseline, named @label
 * (its file's name). */
void        ms_baseline_set_snapshot   (MsBaseline *self,
                                        MsSnapshot *snapshot,
                                        const char *label);
/* Stops comparing. */
void        ms_baseline_clear          (MsBaseline *self);

/* (transfer none) (nullable) */
MsSnapshot *ms_baseline_get_snapshot   (MsBaseline *self);
/* What the baseline is, for a person: "Compared with 10:41:07", "Compared
 * with before.smaps"; NULL without one. (transfer none) (nullable) */
const char *ms_baseline_get_label      (MsBaseline *self);
/* (transfer none) (nullable) */
MsCompare  *ms_baseline_get_compare    (MsBaseline *self);

G_END_DECLS
