/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-compare.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

#define MS_TYPE_SUMMARY (ms_summary_get_type ())

G_DECLARE_FINAL_TYPE (MsSummary, ms_summary, MS, SUMMARY, GtkWidget)

/* The head of the map page: who the process is (name, PID, user, command
 * line; or the captured file) and its figures: VSS, RSS, PSS, USS, swap.
 * `compact` puts each figure on one line, for short windows. `paused`: the
 * process is not refreshed; the time of its reading says so, with a button
 * that resumes (the window's win.paused action). */
GtkWidget *ms_summary_new           (void);
void       ms_summary_set_snapshot  (MsSummary  *self,
                                     MsSnapshot *snapshot);
gboolean   ms_summary_get_compact   (MsSummary  *self);
/* Under each total, its change since @compare's baseline (NULL: none). */
void       ms_summary_set_compare   (MsSummary  *self,
                                     MsCompare  *compare);
void       ms_summary_set_compact   (MsSummary  *self,
                                     gboolean    compact);
gboolean   ms_summary_get_paused    (MsSummary  *self);
void       ms_summary_set_paused    (MsSummary  *self,
                                     gboolean    paused);

G_END_DECLS
