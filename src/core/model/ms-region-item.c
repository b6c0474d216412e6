/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-region-item-private.h"

struct _MsRegionItem
{
  GObject     parent_instance;

  MsSnapshot *snapshot;
  guint       index;
  guint       revision;
  gboolean    hovered;
};

enum {
  PROP_0,
  PROP_INDEX,
  PROP_REVISION,
  PROP_HOVERED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsRegionItem, ms_region_item, G_TYPE_OBJECT)

MsRegionItem *
ms_region_item_new (MsSnapshot *snapshot,
                    guint       index)
{
  MsRegionItem *self;

  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (index < snapshot->n_regions, NULL);

  self = g_object_new (MS_TYPE_REGION_ITEM, NULL);
  self->snapshot = ms_snapshot_ref (snapshot);
  self->index = index;
  return self;
}

void
_ms_region_item_rebase (MsRegionItem *self,
                        MsSnapshot   *snapshot,
                        guint         index,
                        gboolean      changed)
{
  gboolean index_changed = self->index != index;

  g_return_if_fail (index < snapshot->n_regions);

  if (self->snapshot != snapshot)
    {
      ms_snapshot_ref (snapshot);
      g_clear_pointer (&self->snapshot, ms_snapshot_unref);
      self->snapshot = snapshot;
    }
  self->index = index;

  /* Most items of a refresh change nothing: notify (which costs) only then. */
  if (index_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEX]);
  if (changed)
    {
      self->revision++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVISION]);
    }
}

MsSnapshot *
ms_region_item_get_snapshot (MsRegionItem *self)
{
  g_return_val_if_fail (MS_IS_REGION_ITEM (self), NULL);
  return self->snapshot;
}

guint
ms_region_item_get_index (MsRegionItem *self)
{
  g_return_val_if_fail (MS_IS_REGION_ITEM (self), 0);
  return self->index;
}

const MsRegion *
ms_region_item_get_region (MsRegionItem *self)
{
  g_return_val_if_fail (MS_IS_REGION_ITEM (self), NULL);
  return &self->snapshot->regions[self->index];
}

guint
ms_region_item_get_revision (MsRegionItem *self)
{
  g_return_val_if_fail (MS_IS_REGION_ITEM (self), 0);
  return self->revision;
}

gboolean
ms_region_item_get_hovered (MsRegionItem *self)
{
  g_return_val_if_fail (MS_IS_REGION_ITEM (self), FALSE);
  return self->hovered;
}

void
ms_region_item_set_hovered (MsRegionItem *self,
                            gboolean      hovered)
{
  g_return_if_fail (MS_IS_REGION_ITEM (self));

  hovered = !!hovered;
  if (self->hovered == hovered)
    return;

  self->hovered = hovered;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVERED]);
}

static void
ms_region_item_finalize (GObject *object)
{
  MsRegionItem *self = MS_REGION_ITEM (object);

  g_clear_pointer (&self->snapshot, ms_snapshot_unref);

  G_OBJECT_CLASS (ms_region_item_parent_class)->finalize (object);
}

static void
ms_region_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MsRegionItem *self = MS_REGION_ITEM (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    case PROP_REVISION:
      g_value_set_uint (value, self->revision);
      break;
    case PROP_HOVERED:
      g_value_set_boolean (value, self->hovered);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_region_item_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MsRegionItem *self = MS_REGION_ITEM (object);

  switch (prop_id)
    {
    case PROP_HOVERED:
      ms_region_item_set_hovered (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_region_item_class_init (MsRegionItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_region_item_finalize;
  object_class->get_property = ms_region_item_get_property;
  object_class->set_property = ms_region_item_set_property;

  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVISION] =
    g_param_spec_uint ("revision", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOVERED] =
    g_param_spec_boolean ("hovered", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_region_item_init (MsRegionItem *self)
{
}
