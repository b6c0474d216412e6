/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-region-model.h"

#include <string.h>

#include "ms-region-item-private.h"

struct _MsRegionModel
{
  GObject     parent_instance;

  MsSnapshot *snapshot;
  GPtrArray  *items;      /* MsRegionItem or NULL, one slot per region */
  gboolean    announce_updates;
};

typedef struct {
  guint position;         /* in the new snapshot's order */
  guint removed;
  guint added;
} Change;

enum {
  PROP_0,
  PROP_SNAPSHOT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_item (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

static GType
ms_region_model_get_item_type (GListModel *model)
{
  return MS_TYPE_REGION_ITEM;
}

static guint
ms_region_model_get_n_items (GListModel *model)
{
  MsRegionModel *self = MS_REGION_MODEL (model);

  return self->snapshot != NULL ? self->snapshot->n_regions : 0;
}

static gpointer
ms_region_model_get_item (GListModel *model,
                          guint       position)
{
  MsRegionModel *self = MS_REGION_MODEL (model);

  if (self->snapshot == NULL || position >= self->snapshot->n_regions)
    return NULL;

  if (g_ptr_array_index (self->items, position) == NULL)
    g_ptr_array_index (self->items, position) = ms_region_item_new (self->snapshot, position);

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ms_region_model_get_item_type;
  iface->get_n_items = ms_region_model_get_n_items;
  iface->get_item = ms_region_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (MsRegionModel, ms_region_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

MsRegionModel *
ms_region_model_new (void)
{
  return g_object_new (MS_TYPE_REGION_MODEL, NULL);
}

MsSnapshot *
ms_region_model_get_snapshot (MsRegionModel *self)
{
  g_return_val_if_fail (MS_IS_REGION_MODEL (self), NULL);

  return self->snapshot;
}

static void
add_change (GArray *changes,
            guint   position,
            guint   removed,
            guint   added)
{
  if (changes->len > 0)
    {
      Change *last = &g_array_index (changes, Change, changes->len - 1);

      if (last->position + last->added == position)
        {
          last->removed += removed;
          last->added += added;
          return;
        }
    }

  g_array_append_val (changes, ((Change) { position, removed, added }));
}

/* Walks the new regions with what @diff says of each, and moves the items of
 * regions that are still there (same start and end) into @new_items; returns the changes, in increasing position, each in the
 * coordinates of the list once the earlier ones are applied (so they can be
 * emitted front to back). The diff decided what changed: nothing is
 * compared here. */
static GArray *
apply_diff (MsRegionModel *self,
            MsSnapshot    *snapshot,
            MsDiff        *diff,
            GPtrArray     *new_items)
{
  const MsSnapshot *old = self->snapshot;
  const guint8 *changes_of = ms_diff_get_changes (diff, NULL);
  GArray *changes = g_array_new (FALSE, FALSE, sizeof (Change));
  guint i = 0;

  for (guint j = 0; j < snapshot->n_regions; j++)
    {
      const MsRegion *r = &snapshot->regions[j];
      MsChange change = (MsChange) changes_of[j];
      guint removed = 0;

      /* Old regions that started before this one are gone. */
      while (i < old->n_regions && old->regions[i].start < r->start)
        i++, removed++;

      /* The same range is the same region (its row stays), whatever
       * moved in it: the diff says whether anything did. */
      if (i < old->n_regions && old->regions[i].start == r->start && old->regions[i].end == r->end)
        {
          MsRegionItem *item = g_ptr_array_index (self->items, i);

          if (removed > 0)
            add_change (changes, j, removed, 0);
          if (item != NULL)
            {
              _ms_region_item_rebase (item, snapshot, j, change != MS_CHANGE_NONE);
              g_ptr_array_index (new_items, j) = g_object_ref (item);
            }
          /* Re-announced in place, so that sorted views reorder it. */
          if (change != MS_CHANGE_NONE && self->announce_updates)
            add_change (changes, j, 1, 1);
          i++;
          continue;
        }

      /* Appeared, grew or shrank: a new row, in place of any that started
       * at the same address. */
      if (i < old->n_regions && old->regions[i].start == r->start)
        i++, removed++;
      add_change (changes, j, removed, 1);
    }

  if (i < old->n_regions)
    add_change (changes, snapshot->n_regions, old->n_regions - i, 0);

  return changes;
}

void
ms_region_model_set_announce_updates (MsRegionModel *self,
                                      gboolean       announce)
{
  g_return_if_fail (MS_IS_REGION_MODEL (self));

  self->announce_updates = announce;
}

void
ms_region_model_set_snapshot (MsRegionModel *self,
                              MsSnapshot    *snapshot)
{
  g_autoptr(MsDiff) diff = NULL;

  g_return_if_fail (MS_IS_REGION_MODEL (self));

  if (self->snapshot != NULL && ms_snapshot_same_process (self->snapshot, snapshot) && self->snapshot != snapshot)
    diff = ms_diff_new (self->snapshot, snapshot);
  ms_region_model_update (self, snapshot, diff);
}

void
ms_region_model_update (MsRegionModel *self,
                        MsSnapshot    *snapshot,
                        MsDiff        *diff)
{
  g_autoptr(GPtrArray) old_items = NULL;
  g_autoptr(GArray) changes = NULL;
  GPtrArray *new_items;
  guint old_n;
  guint new_n;

  g_return_if_fail (MS_IS_REGION_MODEL (self));
  g_return_if_fail (diff == NULL || (snapshot != NULL && self->snapshot != NULL &&
                                     ms_diff_get_n_regions (diff) == snapshot->n_regions));

  if (self->snapshot == snapshot)
    return;

  old_n = self->snapshot != NULL ? self->snapshot->n_regions : 0;
  new_n = snapshot != NULL ? snapshot->n_regions : 0;

  new_items = g_ptr_array_new_full (new_n, clear_item);
  g_ptr_array_set_size (new_items, new_n);

  if (diff != NULL)
    changes = apply_diff (self, snapshot, diff, new_items);
  else
    {
      changes = g_array_new (FALSE, FALSE, sizeof (Change));
      if (old_n > 0 || new_n > 0)
        add_change (changes, 0, old_n, new_n);
    }

  old_items = g_steal_pointer (&self->items);
  self->items = new_items;
  if (snapshot != NULL)
    ms_snapshot_ref (snapshot);
  g_clear_pointer (&self->snapshot, ms_snapshot_unref);
  self->snapshot = snapshot;

  /* One signal for all of it: the model is already in its final state, and a
   * listener asking for items while an earlier of several signals is emitted
   * would see a list that does not match what it has been told (GTK 4.8's
   * list item manager then aborts). The span runs from the first change to
   * the end of the last, in the final list's coordinates. */
  if (changes->len > 0)
    {
      const Change *first = &g_array_index (changes, Change, 0);
      const Change *last = &g_array_index (changes, Change, changes->len - 1);
      guint span_added = last->position + last->added - first->position;
      gint64 net = 0;

      for (guint k = 0; k < changes->len; k++)
        {
          const Change *change = &g_array_index (changes, Change, k);

          net += (gint64) change->added - (gint64) change->removed;
        }

      g_list_model_items_changed (G_LIST_MODEL (self), first->position,
                                  (guint) ((gint64) span_added - net), span_added);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT]);
}

static void
ms_region_model_finalize (GObject *object)
{
  MsRegionModel *self = MS_REGION_MODEL (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->snapshot, ms_snapshot_unref);

  G_OBJECT_CLASS (ms_region_model_parent_class)->finalize (object);
}

static void
ms_region_model_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MsRegionModel *self = MS_REGION_MODEL (object);

  switch (prop_id)
    {
    case PROP_SNAPSHOT:
      g_value_set_boxed (value, self->snapshot);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_region_model_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MsRegionModel *self = MS_REGION_MODEL (object);

  switch (prop_id)
    {
    case PROP_SNAPSHOT:
      ms_region_model_set_snapshot (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_region_model_class_init (MsRegionModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_region_model_finalize;
  object_class->get_property = ms_region_model_get_property;
  object_class->set_property = ms_region_model_set_property;

  properties[PROP_SNAPSHOT] =
    g_param_spec_boxed ("snapshot", NULL, NULL, MS_TYPE_SNAPSHOT,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_region_model_init (MsRegionModel *self)
{
  self->items = g_ptr_array_new_with_free_func (clear_item);
  self->announce_updates = TRUE;
}
