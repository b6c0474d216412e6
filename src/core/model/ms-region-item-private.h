/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-region-item.h"

G_BEGIN_DECLS

/* Moves @self to region @index of @snapshot; @changed bumps the revision. */
void _ms_region_item_rebase (MsRegionItem *self,
                             MsSnapshot   *snapshot,
                             guint         index,
                             gboolean      changed);

G_END_DECLS
