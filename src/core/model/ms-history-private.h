/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-history.h"

G_BEGIN_DECLS

/* For the tests and the benchmark: how many samples hold a whole snapshot
 * (the first, the latest, keyframes, pinned ones), and how many changes the
 * last ms_history_get_snapshot() that made one merged into the snapshot it
 * started from: what bounds its cost. */
guint _ms_history_count_held       (MsHistory *self);
guint _ms_history_get_last_merged  (MsHistory *self);

G_END_DECLS
