/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-limits-view.h"
#include "ms-limits.h"

G_BEGIN_DECLS

/* For the widget tests: the limits shown (NULL while none), the button's
 * text, the popover's grid, and whether a read is under way. */
const MsLimits *_ms_limits_view_get_limits  (MsLimitsView *self);
const char     *_ms_limits_view_get_text    (MsLimitsView *self);
GtkWidget      *_ms_limits_view_get_table   (MsLimitsView *self);
gboolean        _ms_limits_view_is_reading  (MsLimitsView *self);

G_END_DECLS
