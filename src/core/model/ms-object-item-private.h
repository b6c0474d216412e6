/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-object-item.h"

G_BEGIN_DECLS

/* For MsObjectModel. @regions: (transfer full): the indices of its regions
 * in @snapshot. */
MsObjectItem *_ms_object_item_new    (const char          *key,
                                      MsSnapshot          *snapshot,
                                      const MsObjectGroup *group,
                                      GArray              *regions);
/* Moves @self to @snapshot, with its new @group and @regions (transfer
 * full); notifies `revision` when anything it shows changed. */
void          _ms_object_item_update (MsObjectItem        *self,
                                      MsSnapshot          *snapshot,
                                      const MsObjectGroup *group,
                                      GArray              *regions);

G_END_DECLS
