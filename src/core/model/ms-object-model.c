/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-object-model.h"

#include "ms-object-group.h"
#include "ms-object-item-private.h"

struct _MsObjectModel
{
  GObject     parent_instance;

  MsSnapshot *snapshot;
  GPtrArray  *items;             /* MsObjectItem, in first-region order */
  guint      *group_of_region;   /* region index → position in items */
};

static GType
ms_object_model_get_item_type (GListModel *list)
{
  return MS_TYPE_OBJECT_ITEM;
}

static guint
ms_object_model_get_n_items (GListModel *list)
{
  return MS_OBJECT_MODEL (list)->items->len;
}

static gpointer
ms_object_model_get_item (GListModel *list,
                          guint       position)
{
  MsObjectModel *self = MS_OBJECT_MODEL (list);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
ms_object_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = ms_object_model_get_item_type;
  iface->get_n_items = ms_object_model_get_n_items;
  iface->get_item = ms_object_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (MsObjectModel, ms_object_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ms_object_model_list_init))

MsObjectModel *
ms_object_model_new (void)
{
  return g_object_new (MS_TYPE_OBJECT_MODEL, NULL);
}

static char *
group_key (const MsObjectGroup *group)
{
  if (group->object != NULL)
    return g_strdup (group->object);
  return g_strdup_printf ("\x01%s", ms_kind_to_id (group->kind));
}

void
ms_object_model_set_snapshot (MsObjectModel *self,
                              MsSnapshot    *snapshot)
{
  g_autoptr(GPtrArray) old = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GHashTable) by_key = NULL;
  g_autoptr(GHashTable) kept = NULL;
  g_autoptr(GArray) groups = NULL;
  GArray **members;
  guint n_groups;

  g_return_if_fail (MS_IS_OBJECT_MODEL (self));

  if (snapshot == self->snapshot)
    return;

  if (snapshot != NULL)
    ms_snapshot_ref (snapshot);
  g_clear_pointer (&self->snapshot, ms_snapshot_unref);
  self->snapshot = snapshot;

  old = g_steal_pointer (&self->items);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  g_clear_pointer (&self->group_of_region, g_free);

  if (snapshot == NULL || snapshot->n_regions == 0)
    {
      if (old->len > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old->len, 0);
      return;
    }

  /* The groups and the regions of each. */
  self->group_of_region = g_new (guint, snapshot->n_regions);
  groups = ms_object_groups_new (snapshot, self->group_of_region);
  n_groups = groups->len;
  members = g_new (GArray *, n_groups);
  for (guint g = 0; g < n_groups; g++)
    {
      guint n = (guint) g_array_index (groups, MsObjectGroup, g).regions;

      members[g] = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
    }
  for (guint i = 0; i < snapshot->n_regions; i++)
    g_array_append_val (members[self->group_of_region[i]], i);

  /* Each owner's item: the one it had, or a new one. */
  by_key = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < old->len; i++)
    g_hash_table_insert (by_key, (gpointer) ms_object_item_get_key (g_ptr_array_index (old, i)),
                         g_ptr_array_index (old, i));
  kept = g_hash_table_new (NULL, NULL);
  fresh = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint g = 0; g < n_groups; g++)
    {
      const MsObjectGroup *group = &g_array_index (groups, MsObjectGroup, g);
      g_autofree char *key = group_key (group);
      MsObjectItem *item = g_hash_table_lookup (by_key, key);

      /* (an owner whose name is another's key, "\x01heap" from a crafted
       * capture, gets an item of its own) */
      if (item != NULL && !g_hash_table_contains (kept, item))
        {
          _ms_object_item_update (item, snapshot, group, members[g]);
          g_hash_table_add (kept, item);
          g_ptr_array_add (fresh, g_object_ref (item));
        }
      else
        {
          g_ptr_array_add (fresh, _ms_object_item_new (key, snapshot, group, members[g]));
        }
    }
  g_free (members);

  if (old->len == 0)
    {
      for (guint i = 0; i < fresh->len; i++)
        g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (fresh, i)));
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->items->len);
      return;
    }

  /* Those gone, then those new, each after the owner it follows now: the
   * rows of the others stay (expanded, chosen), in the order they had, even
   * when an owner's first region is now another (a new mapping below). */
  for (guint i = 0; i < old->len; i++)
    g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (old, i)));
  for (guint i = self->items->len; i-- > 0;)
    if (!g_hash_table_contains (kept, g_ptr_array_index (self->items, i)))
      {
        g_ptr_array_remove_index (self->items, i);
        g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
      }
  for (guint i = 0; i < fresh->len; i++)
    {
      gpointer item = g_ptr_array_index (fresh, i);
      guint position = 0;

      if (g_hash_table_contains (kept, item))
        continue;
      if (i > 0)
        {
          guint before;

          g_ptr_array_find (self->items, g_ptr_array_index (fresh, i - 1), &before);
          position = before + 1;
        }
      g_ptr_array_insert (self->items, (int) position, g_object_ref (item));
      g_hash_table_add (kept, item);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
    }

  /* where each region's owner stands */
  {
    g_autoptr(GHashTable) position_of = g_hash_table_new (NULL, NULL);
    g_autofree guint *fresh_position = g_new (guint, fresh->len);

    for (guint i = 0; i < self->items->len; i++)
      g_hash_table_insert (position_of, g_ptr_array_index (self->items, i), GUINT_TO_POINTER (i));
    for (guint g = 0; g < fresh->len; g++)
      fresh_position[g] = GPOINTER_TO_UINT (g_hash_table_lookup (position_of, g_ptr_array_index (fresh, g)));
    for (guint i = 0; i < snapshot->n_regions; i++)
      self->group_of_region[i] = fresh_position[self->group_of_region[i]];
  }
}

MsSnapshot *
ms_object_model_get_snapshot (MsObjectModel *self)
{
  g_return_val_if_fail (MS_IS_OBJECT_MODEL (self), NULL);
  return self->snapshot;
}

guint
ms_object_model_find_region (MsObjectModel *self,
                             guint          index)
{
  g_return_val_if_fail (MS_IS_OBJECT_MODEL (self), G_MAXUINT);

  if (self->snapshot == NULL || index >= self->snapshot->n_regions)
    return G_MAXUINT;
  return self->group_of_region[index];
}

static void
ms_object_model_finalize (GObject *object)
{
  MsObjectModel *self = MS_OBJECT_MODEL (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->group_of_region, g_free);
  g_clear_pointer (&self->snapshot, ms_snapshot_unref);

  G_OBJECT_CLASS (ms_object_model_parent_class)->finalize (object);
}

static void
ms_object_model_class_init (MsObjectModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ms_object_model_finalize;
}

static void
ms_object_model_init (MsObjectModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}
