/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-system-item"

#include "config.h"

#include "ms-system-item.h"

G_DEFINE_FINAL_TYPE (MsSystemItem, ms_system_item, G_TYPE_OBJECT)

static void
ms_system_item_finalize (GObject *object)
{
  MsSystemItem *self = MS_SYSTEM_ITEM (object);

  for (guint i = 0; i < MS_SYSTEM_N_TEXTS; i++)
    g_free (self->text[i]);
  g_clear_pointer (&self->pids, g_array_unref);

  G_OBJECT_CLASS (ms_system_item_parent_class)->finalize (object);
}

static void
ms_system_item_class_init (MsSystemItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_system_item_finalize;
}

static void
ms_system_item_init (MsSystemItem *self)
{
}

MsSystemItem *
ms_system_item_new (void)
{
  return g_object_new (MS_TYPE_SYSTEM_ITEM, NULL);
}
