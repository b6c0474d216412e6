/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MS_TYPE_REFRESH_POLICY (ms_refresh_policy_get_type ())

G_DECLARE_FINAL_TYPE (MsRefreshPolicy, ms_refresh_policy, MS, REFRESH_POLICY, GObject)

/* When to read again: one policy for every live view (a session's process,
 * the process list), so that they pace themselves the same way.
 *
 * - `interval` ms between reads, 0 to pause; multiplied by the owner's
 *   `factor` (the process list, where a process is only picked, refreshes at
 *   a third of the rate), or by `secondary-factor` while `secondary` (the list
 *   beside a process being watched);
 * - while `background` (the window hidden), `interval` × BACKGROUND_FACTOR,
 *   at least BACKGROUND_MINIMUM; coming back to the foreground, or from
 *   secondary to primary, asks for a read at once;
 * - never two reads in flight: the owner says when a read starts and ends,
 *   and the next one is timed from the end of the last, so reads never stack
 *   up behind a slow one;
 * - `behind` when the last read took longer than `interval`.
 *
 * "due" is emitted, on the main thread, when a read should start; nothing
 * is due while the policy is not `active` (nothing live to read) or `busy`.
 * The timer is named after the owner, for profilers. */

#define MS_REFRESH_BACKGROUND_FACTOR  5
#define MS_REFRESH_BACKGROUND_MINIMUM 5000

/* @timer_name: a static string naming the timer ("[memscape] refresh …").
 * Returns: (transfer full) */
MsRefreshPolicy *ms_refresh_policy_new            (const char      *timer_name,
                                                   guint            factor,
                                                   guint            secondary_factor);

guint            ms_refresh_policy_get_interval   (MsRefreshPolicy *self);
void             ms_refresh_policy_set_interval   (MsRefreshPolicy *self,
                                                   guint            interval);
gboolean         ms_refresh_policy_get_background (MsRefreshPolicy *self);
void             ms_refresh_policy_set_background (MsRefreshPolicy *self,
                                                   gboolean         background);
gboolean         ms_refresh_policy_get_secondary  (MsRefreshPolicy *self);
void             ms_refresh_policy_set_secondary  (MsRefreshPolicy *self,
                                                   gboolean         secondary);
gboolean         ms_refresh_policy_get_active     (MsRefreshPolicy *self);
void             ms_refresh_policy_set_active     (MsRefreshPolicy *self,
                                                   gboolean         active);
/* Milliseconds from the end of one read to the next as things are now; 0
 * when paused. */
guint            ms_refresh_policy_get_delay      (MsRefreshPolicy *self);

/* A read started (by the timer's "due" or because someone asked). */
void             ms_refresh_policy_read_started   (MsRefreshPolicy *self);
/* It ended; with @measured, its duration decides `behind` (a read of a
 * process does, a read that failed or of a capture does not). The next one
 * is timed from now. */
void             ms_refresh_policy_read_finished  (MsRefreshPolicy *self,
                                                   gboolean         measured);
/* It was dropped (a newer one replaces it, or nothing is to be read). */
void             ms_refresh_policy_read_cancelled (MsRefreshPolicy *self);
gboolean         ms_refresh_policy_get_busy       (MsRefreshPolicy *self);
gboolean         ms_refresh_policy_get_behind     (MsRefreshPolicy *self);

G_END_DECLS
