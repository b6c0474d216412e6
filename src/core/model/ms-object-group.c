/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-object-group"

#include "config.h"

#include "ms-object-group.h"

GArray *
ms_object_groups_new (const MsSnapshot *snapshot,
                      guint            *group_of_region)
{
  g_autoptr(GHashTable) by_object = NULL;
  GArray *groups;
  int by_kind[MS_N_KINDS];

  g_return_val_if_fail (snapshot != NULL, NULL);

  /* Owners compare by text: equal names are one owner. */
  by_object = g_hash_table_new (g_str_hash, g_str_equal);
  groups = g_array_new (FALSE, TRUE, sizeof (MsObjectGroup));
  for (guint k = 0; k < MS_N_KINDS; k++)
    by_kind[k] = -1;

  for (guint i = 0; i < snapshot->n_regions; i++)
    {
      const MsRegion *r = &snapshot->regions[i];
      MsKind kind = r->kind < MS_N_KINDS ? (MsKind) r->kind : MS_KIND_MMAP_ANON;
      gpointer index_plus_one = NULL;
      MsObjectGroup *g;
      guint index;

      if (r->object != NULL)
        index_plus_one = g_hash_table_lookup (by_object, r->object);
      else if (by_kind[kind] >= 0)
        index_plus_one = GINT_TO_POINTER (by_kind[kind] + 1);

      if (index_plus_one == NULL)
        {
          MsObjectGroup fresh = { .object = r->object, .kind = kind, .first = i };

          index = groups->len;
          g_array_append_val (groups, fresh);
          if (r->object != NULL)
            g_hash_table_insert (by_object, (gpointer) r->object, GUINT_TO_POINTER (index + 1));
          else
            by_kind[kind] = (int) index;
        }
      else
        {
          index = GPOINTER_TO_UINT (index_plus_one) - 1;
        }

      if (group_of_region != NULL)
        group_of_region[i] = index;

      g = &g_array_index (groups, MsObjectGroup, index);
      if (kind == MS_KIND_TEXT)
        g->kind = MS_KIND_TEXT;
      g->regions++;
      g->size = ms_add_saturated (g->size, ms_region_get_size (r));
      g->rss = ms_add_saturated (g->rss, r->counters.rss);
      g->pss = ms_add_saturated (g->pss, r->counters.pss);
      g->uss = ms_add_saturated (g->uss, ms_region_get_uss (r));
      g->swap = ms_add_saturated (g->swap, r->counters.swap);
    }

  return groups;
}
