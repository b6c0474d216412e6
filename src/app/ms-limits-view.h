/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-snapshot.h"

G_BEGIN_DECLS

#define MS_TYPE_LIMITS_VIEW (ms_limits_view_get_type ())

G_DECLARE_FINAL_TYPE (MsLimitsView, ms_limits_view, MS, LIMITS_VIEW, GtkWidget)

/* The summary's "how close to the limits" button: for a live process, one
 * line (flagged in words and the warning style when a limit is within 10 %)
 * that opens a table of every headroom row, its control group, the status
 * figures people look up and its page faults. The figures are read by
 * ms_limits_read_async() on a worker each time a new snapshot of the
 * process is set; the newest read wins, stale ones are dropped. Hidden for a
 * capture (which has no limits) and until the first read arrives. */
GtkWidget *ms_limits_view_new          (void);
void       ms_limits_view_set_snapshot (MsLimitsView *self,
                                        MsSnapshot   *snapshot);

G_END_DECLS
