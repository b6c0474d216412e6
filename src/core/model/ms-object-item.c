/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-object-item-private.h"

#include "ms-region-item-private.h"

struct _MsObjectItem
{
  GObject        parent_instance;

  char          *key;
  MsSnapshot    *snapshot;
  MsObjectGroup  group;
  GArray        *regions;    /* guint: region indices in snapshot */
  GListStore    *children;   /* MsRegionItem, once asked for */
  guint          revision;
};

enum {
  PROP_0,
  PROP_REVISION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsObjectItem, ms_object_item, G_TYPE_OBJECT)

MsObjectItem *
_ms_object_item_new (const char          *key,
                     MsSnapshot          *snapshot,
                     const MsObjectGroup *group,
                     GArray              *regions)
{
  MsObjectItem *self = g_object_new (MS_TYPE_OBJECT_ITEM, NULL);

  self->key = g_strdup (key);
  self->snapshot = ms_snapshot_ref (snapshot);
  self->group = *group;
  self->regions = regions;
  return self;
}

static gboolean
same_sums (const MsObjectGroup *a,
           const MsObjectGroup *b)
{
  return a->kind == b->kind && a->regions == b->regions && a->size == b->size && a->rss == b->rss &&
         a->pss == b->pss && a->uss == b->uss && a->swap == b->swap;
}

/* The children, moved to the new snapshot: both in address order, each
 * region that keeps its start keeps its item (and its row in a view), the
 * others go or come one by one. */
static void
update_children (MsObjectItem *self)
{
  GListModel *list = G_LIST_MODEL (self->children);
  guint position = 0;

  for (guint j = 0; j < self->regions->len; j++)
    {
      guint index = g_array_index (self->regions, guint, j);
      const MsRegion *now = &self->snapshot->regions[index];

      while (position < g_list_model_get_n_items (list))
        {
          g_autoptr(MsRegionItem) child = g_list_model_get_item (list, position);
          const MsRegion *before = ms_region_item_get_region (child);

          if (before->start > now->start)
            break;
          if (before->start == now->start)
            {
              _ms_region_item_rebase (child, self->snapshot, index, !ms_region_equal (before, now));
              goto next;
            }
          g_list_store_remove (self->children, position);
        }
      {
        g_autoptr(MsRegionItem) fresh = ms_region_item_new (self->snapshot, index);

        g_list_store_insert (self->children, position, fresh);
      }
    next:
      position++;
    }
  if (position < g_list_model_get_n_items (list))
    g_list_store_splice (self->children, position, g_list_model_get_n_items (list) - position, NULL, 0);
}

void
_ms_object_item_update (MsObjectItem        *self,
                        MsSnapshot          *snapshot,
                        const MsObjectGroup *group,
                        GArray              *regions)
{
  g_autoptr(MsSnapshot) old_snapshot = self->snapshot;
  gboolean changed = !same_sums (&self->group, group) || self->regions->len != regions->len;

  for (guint i = 0; !changed && i < regions->len; i++)
    changed = !ms_region_equal (&old_snapshot->regions[g_array_index (self->regions, guint, i)],
                                &snapshot->regions[g_array_index (regions, guint, i)]);

  self->snapshot = ms_snapshot_ref (snapshot);
  self->group = *group;
  g_array_unref (self->regions);
  self->regions = regions;

  if (self->children != NULL)
    update_children (self);

  if (changed)
    {
      self->revision++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVISION]);
    }
}

const char *
ms_object_item_get_key (MsObjectItem *self)
{
  g_return_val_if_fail (MS_IS_OBJECT_ITEM (self), NULL);
  return self->key;
}

MsSnapshot *
ms_object_item_get_snapshot (MsObjectItem *self)
{
  g_return_val_if_fail (MS_IS_OBJECT_ITEM (self), NULL);
  return self->snapshot;
}

const MsObjectGroup *
ms_object_item_get_group (MsObjectItem *self)
{
  g_return_val_if_fail (MS_IS_OBJECT_ITEM (self), NULL);
  return &self->group;
}

guint
ms_object_item_get_revision (MsObjectItem *self)
{
  g_return_val_if_fail (MS_IS_OBJECT_ITEM (self), 0);
  return self->revision;
}

guint
ms_object_item_get_n_regions (MsObjectItem *self)
{
  g_return_val_if_fail (MS_IS_OBJECT_ITEM (self), 0);
  return self->regions->len;
}

guint
ms_object_item_get_region_index (MsObjectItem *self,
                                 guint         i)
{
  g_return_val_if_fail (MS_IS_OBJECT_ITEM (self), 0);
  g_return_val_if_fail (i < self->regions->len, 0);
  return g_array_index (self->regions, guint, i);
}

GListModel *
ms_object_item_get_children (MsObjectItem *self)
{
  g_return_val_if_fail (MS_IS_OBJECT_ITEM (self), NULL);

  if (self->children == NULL)
    {
      self->children = g_list_store_new (MS_TYPE_REGION_ITEM);
      update_children (self);
    }
  return G_LIST_MODEL (self->children);
}

static void
ms_object_item_finalize (GObject *object)
{
  MsObjectItem *self = MS_OBJECT_ITEM (object);

  g_clear_object (&self->children);
  g_clear_pointer (&self->regions, g_array_unref);
  g_clear_pointer (&self->snapshot, ms_snapshot_unref);
  g_free (self->key);

  G_OBJECT_CLASS (ms_object_item_parent_class)->finalize (object);
}

static void
ms_object_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MsObjectItem *self = MS_OBJECT_ITEM (object);

  switch (prop_id)
    {
    case PROP_REVISION:
      g_value_set_uint (value, self->revision);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_object_item_class_init (MsObjectItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_object_item_finalize;
  object_class->get_property = ms_object_item_get_property;

  properties[PROP_REVISION] =
    g_param_spec_uint ("revision", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_object_item_init (MsObjectItem *self)
{
}
