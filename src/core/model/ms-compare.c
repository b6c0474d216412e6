/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-compare"

#include "config.h"

#include "ms-compare.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "ms-object-group.h"

struct _MsCompare {
  MsSnapshot     *baseline;
  MsSnapshot     *current;
  GArray         *pairs;             /* MsComparePair, in address order */
  guint          *pair_of_current;   /* current->n_regions indices into pairs */
  guint           counts[MS_N_COMPARE_CHANGES];
  MsCompareSums   kinds[MS_N_KINDS];
  MsCompareSums   total;
  GArray         *groups;            /* MsCompareGroup */
};

G_DEFINE_BOXED_TYPE (MsCompare, ms_compare, ms_compare_ref, ms_compare_unref)

static const char *const change_ids[] = {
  "unchanged", "added", "removed", "grown", "shrunk", "changed",
};
G_STATIC_ASSERT (G_N_ELEMENTS (change_ids) == MS_N_COMPARE_CHANGES);

const char *
ms_compare_change_to_id (MsCompareChange change)
{
  g_return_val_if_fail (change < MS_N_COMPARE_CHANGES, "unchanged");
  return change_ids[change];
}

/* Each change's name and its longer label, both translated where shown. */
static const struct {
  const char *name;
  const char *label;
} change_texts[] = {
  [MS_COMPARE_UNCHANGED] = { N_("Unchanged"), N_("As in the baseline") },
  [MS_COMPARE_ADDED]     = { N_("Added"), N_("Added since the baseline") },
  [MS_COMPARE_REMOVED]   = { N_("Removed"), N_("Removed since the baseline") },
  [MS_COMPARE_GROWN]     = { N_("Grown"), N_("Grown since the baseline") },
  [MS_COMPARE_SHRUNK]    = { N_("Shrunk"), N_("Shrunk since the baseline") },
  [MS_COMPARE_CHANGED]   = { N_("Changed"), N_("Same range as the baseline, other figures") },
};
G_STATIC_ASSERT (G_N_ELEMENTS (change_texts) == MS_N_COMPARE_CHANGES);

const char *
ms_compare_change_get_name (MsCompareChange change)
{
  if (change >= MS_N_COMPARE_CHANGES)
    change = MS_COMPARE_UNCHANGED;
  return _(change_texts[change].name);
}

const char *
ms_compare_change_get_label (MsCompareChange change)
{
  if (change >= MS_N_COMPARE_CHANGES)
    change = MS_COMPARE_UNCHANGED;
  return _(change_texts[change].label);
}

static guint64
region_value (const MsRegion *r,
              MsCompareField  field)
{
  switch (field)
    {
    case MS_COMPARE_SIZE:
      return ms_region_get_size (r);
    case MS_COMPARE_RSS:
      return r->counters.rss;
    case MS_COMPARE_PSS:
      return r->counters.pss;
    case MS_COMPARE_USS:
      return ms_region_get_uss (r);
    case MS_COMPARE_SWAP:
      return r->counters.swap;
    case MS_N_COMPARE_FIELDS:
    default:
      return 0;
    }
}

static gint64
clamped_delta (guint64 before,
               guint64 after)
{
  if (after >= before)
    return after - before > (guint64) G_MAXINT64 ? G_MAXINT64 : (gint64) (after - before);
  return before - after > (guint64) G_MAXINT64 ? G_MININT64 : -(gint64) (before - after);
}

static MsCompareChange
change_of (const MsRegion *before,
           const MsRegion *after)
{
  guint64 size_before = ms_region_get_size (before);
  guint64 size_after = ms_region_get_size (after);

  if (size_after > size_before)
    return MS_COMPARE_GROWN;
  if (size_after < size_before)
    return MS_COMPARE_SHRUNK;
  if (before->perms != after->perms)
    return MS_COMPARE_CHANGED;
  for (guint f = MS_COMPARE_RSS; f < MS_N_COMPARE_FIELDS; f++)
    if (region_value (before, f) != region_value (after, f))
      return MS_COMPARE_CHANGED;
  return MS_COMPARE_UNCHANGED;
}

/* Rule 2's order: (path, offset, kind), then address. */
static int
compare_file_regions (const void *a,
                      const void *b)
{
  const MsRegion *ra = *(const MsRegion *const *) a;
  const MsRegion *rb = *(const MsRegion *const *) b;
  int by_path = strcmp (ra->path, rb->path);

  if (by_path != 0)
    return by_path;
  if (ra->offset != rb->offset)
    return ra->offset < rb->offset ? -1 : 1;
  if (ra->kind != rb->kind)
    return ra->kind < rb->kind ? -1 : 1;
  if (ra->start != rb->start)
    return ra->start < rb->start ? -1 : 1;
  return 0;
}

static int
compare_file_keys (const MsRegion *ra,
                   const MsRegion *rb)
{
  int by_path = strcmp (ra->path, rb->path);

  if (by_path != 0)
    return by_path;
  if (ra->offset != rb->offset)
    return ra->offset < rb->offset ? -1 : 1;
  if (ra->kind != rb->kind)
    return ra->kind < rb->kind ? -1 : 1;
  return 0;
}

static const MsRegion **
unmatched_files (const MsSnapshot *snapshot,
                 const int        *match,
                 guint            *n_out)
{
  const MsRegion **list = g_new (const MsRegion *, MAX (snapshot->n_regions, 1));
  guint n = 0;

  for (guint i = 0; i < snapshot->n_regions; i++)
    if (match[i] < 0 && ms_region_is_file_backed (&snapshot->regions[i]))
      list[n++] = &snapshot->regions[i];
  qsort (list, n, sizeof *list, compare_file_regions);
  *n_out = n;
  return list;
}

static void
pair_regions (MsCompare *self,
              int       *match_before,
              int       *match_after)
{
  const MsSnapshot *b = self->baseline, *a = self->current;
  g_autofree const MsRegion **files_before = NULL;
  g_autofree const MsRegion **files_after = NULL;
  guint i = 0, j = 0, n_before, n_after;

  /* 1: same start, same path. */
  while (i < b->n_regions && j < a->n_regions)
    {
      const MsRegion *rb = &b->regions[i], *ra = &a->regions[j];

      if (rb->start < ra->start)
        i++;
      else if (rb->start > ra->start)
        j++;
      else
        {
          if (g_strcmp0 (rb->path, ra->path) == 0)
            {
              match_before[i] = (int) j;
              match_after[j] = (int) i;
            }
          i++;
          j++;
        }
    }

  /* 2: file regions by (path, offset, kind), k-th with k-th. */
  files_before = unmatched_files (b, match_before, &n_before);
  files_after = unmatched_files (a, match_after, &n_after);
  i = j = 0;
  while (i < n_before && j < n_after)
    {
      int order = compare_file_keys (files_before[i], files_after[j]);

      if (order < 0)
        i++;
      else if (order > 0)
        j++;
      else
        {
          guint bi = (guint) (files_before[i] - b->regions);
          guint aj = (guint) (files_after[j] - a->regions);

          match_before[bi] = (int) aj;
          match_after[aj] = (int) bi;
          i++;
          j++;
        }
    }
}

static void
build_pairs (MsCompare *self,
             const int *match_before,
             const int *match_after)
{
  const MsSnapshot *b = self->baseline, *a = self->current;
  guint i = 0, j = 0;

  self->pairs = g_array_sized_new (FALSE, FALSE, sizeof (MsComparePair), a->n_regions + 16);
  self->pair_of_current = g_new0 (guint, MAX (a->n_regions, 1));

  /* Merge the current regions (in address order) with the removed ones
   * (in theirs). */
  for (;;)
    {
      while (i < b->n_regions && match_before[i] >= 0)
        i++;
      if (i >= b->n_regions && j >= a->n_regions)
        break;

      if (j >= a->n_regions || (i < b->n_regions && b->regions[i].start < a->regions[j].start))
        {
          MsComparePair pair = { MS_COMPARE_REMOVED, (int) i, -1 };

          g_array_append_val (self->pairs, pair);
          i++;
        }
      else
        {
          MsComparePair pair = { MS_COMPARE_ADDED, match_after[j], (int) j };

          if (pair.before >= 0)
            pair.change = change_of (&b->regions[pair.before], &a->regions[j]);
          self->pair_of_current[j] = self->pairs->len;
          g_array_append_val (self->pairs, pair);
          j++;
        }
    }

  for (guint p = 0; p < self->pairs->len; p++)
    self->counts[g_array_index (self->pairs, MsComparePair, p).change]++;
}

static void
add_totals (MsCompareSums  *sums,
            const MsTotals *totals,
            guint           side)
{
  sums->regions[side] = totals->count;
  sums->value[MS_COMPARE_SIZE][side] = totals->vss;
  sums->value[MS_COMPARE_RSS][side] = totals->rss;
  sums->value[MS_COMPARE_PSS][side] = totals->pss;
  sums->value[MS_COMPARE_USS][side] = totals->uss;
  sums->value[MS_COMPARE_SWAP][side] = totals->swap;
}

static void
add_group (MsCompareSums       *sums,
           const MsObjectGroup *group,
           guint                side)
{
  sums->regions[side] = group->regions;
  sums->value[MS_COMPARE_SIZE][side] = group->size;
  sums->value[MS_COMPARE_RSS][side] = group->rss;
  sums->value[MS_COMPARE_PSS][side] = group->pss;
  sums->value[MS_COMPARE_USS][side] = group->uss;
  sums->value[MS_COMPARE_SWAP][side] = group->swap;
}

static void
build_groups (MsCompare *self)
{
  const MsSnapshot *b = self->baseline, *a = self->current;
  g_autofree guint *group_before = g_new (guint, MAX (b->n_regions, 1));
  g_autofree guint *group_after = g_new (guint, MAX (a->n_regions, 1));
  g_autoptr(GArray) groups_before = ms_object_groups_new (b, group_before);
  g_autoptr(GArray) groups_after = ms_object_groups_new (a, group_after);
  g_autoptr(GHashTable) by_object = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree guint *result_of_before = g_new (guint, MAX (groups_before->len, 1));
  g_autofree guint *result_of_after = g_new (guint, MAX (groups_after->len, 1));
  int by_kind[MS_N_KINDS];

  for (guint k = 0; k < MS_N_KINDS; k++)
    by_kind[k] = -1;
  for (guint g = 0; g < groups_before->len; g++)
    {
      const MsObjectGroup *group = &g_array_index (groups_before, MsObjectGroup, g);

      result_of_before[g] = G_MAXUINT;
      if (group->object != NULL)
        g_hash_table_insert (by_object, (gpointer) group->object, GUINT_TO_POINTER (g + 1));
      else
        by_kind[group->kind] = (int) g;
    }

  self->groups = g_array_sized_new (FALSE, TRUE, sizeof (MsCompareGroup), groups_after->len + 8);
  for (guint g = 0; g < groups_after->len; g++)
    {
      const MsObjectGroup *group = &g_array_index (groups_after, MsObjectGroup, g);
      MsCompareGroup fresh = { .object = group->object, .kind = group->kind, .before = -1, .after = (int) g,
                               .region = (int) group->first };

      if (group->object != NULL)
        fresh.before = GPOINTER_TO_INT (g_hash_table_lookup (by_object, group->object)) - 1;
      else
        fresh.before = by_kind[group->kind];
      add_group (&fresh.sums, group, 1);
      if (fresh.before >= 0)
        {
          add_group (&fresh.sums, &g_array_index (groups_before, MsObjectGroup, fresh.before), 0);
          result_of_before[fresh.before] = self->groups->len;
        }
      result_of_after[g] = self->groups->len;
      g_array_append_val (self->groups, fresh);
    }
  for (guint g = 0; g < groups_before->len; g++)
    {
      const MsObjectGroup *group = &g_array_index (groups_before, MsObjectGroup, g);
      MsCompareGroup fresh = { .object = group->object, .kind = group->kind, .before = (int) g, .after = -1,
                               .region = -1 };

      if (result_of_before[g] != G_MAXUINT)
        continue;
      add_group (&fresh.sums, group, 0);
      result_of_before[g] = self->groups->len;
      g_array_append_val (self->groups, fresh);
    }

  /* A group differs when a region of it does, on either side (or when a
   * region moved from one owner to another, unchanged). */
  for (guint p = 0; p < self->pairs->len; p++)
    {
      const MsComparePair *pair = &g_array_index (self->pairs, MsComparePair, p);
      guint gb = pair->before >= 0 ? result_of_before[group_before[pair->before]] : G_MAXUINT;
      guint ga = pair->after >= 0 ? result_of_after[group_after[pair->after]] : G_MAXUINT;

      if (pair->change == MS_COMPARE_UNCHANGED && gb == ga)
        continue;
      if (gb != G_MAXUINT)
        g_array_index (self->groups, MsCompareGroup, gb).differs = TRUE;
      if (ga != G_MAXUINT)
        g_array_index (self->groups, MsCompareGroup, ga).differs = TRUE;
    }

  for (guint g = 0; g < self->groups->len; g++)
    {
      MsCompareGroup *group = &g_array_index (self->groups, MsCompareGroup, g);
      guint64 size_before = group->sums.value[MS_COMPARE_SIZE][0];
      guint64 size_after = group->sums.value[MS_COMPARE_SIZE][1];

      if (group->before < 0)
        group->change = MS_COMPARE_ADDED;
      else if (group->after < 0)
        group->change = MS_COMPARE_REMOVED;
      else if (size_after > size_before)
        group->change = MS_COMPARE_GROWN;
      else if (size_after < size_before)
        group->change = MS_COMPARE_SHRUNK;
      else
        group->change = group->differs ? MS_COMPARE_CHANGED : MS_COMPARE_UNCHANGED;
      if (group->before < 0 || group->after < 0)
        group->differs = TRUE;
    }
}

MsCompare *
ms_compare_new (MsSnapshot *baseline,
                MsSnapshot *current)
{
  MsCompare *self;
  g_autofree int *match_before = NULL;
  g_autofree int *match_after = NULL;

  g_return_val_if_fail (baseline != NULL && current != NULL, NULL);

  self = g_atomic_rc_box_new0 (MsCompare);
  self->baseline = ms_snapshot_ref (baseline);
  self->current = ms_snapshot_ref (current);

  match_before = g_new (int, MAX (baseline->n_regions, 1));
  match_after = g_new (int, MAX (current->n_regions, 1));
  memset (match_before, 0xff, sizeof (int) * baseline->n_regions);
  memset (match_after, 0xff, sizeof (int) * current->n_regions);

  pair_regions (self, match_before, match_after);
  build_pairs (self, match_before, match_after);

  for (guint k = 0; k < MS_N_KINDS; k++)
    {
      add_totals (&self->kinds[k], &baseline->per_kind[k], 0);
      add_totals (&self->kinds[k], &current->per_kind[k], 1);
    }
  add_totals (&self->total, &baseline->total, 0);
  add_totals (&self->total, &current->total, 1);

  build_groups (self);
  return self;
}

MsCompare *
ms_compare_ref (MsCompare *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

static void
ms_compare_clear (gpointer data)
{
  MsCompare *self = data;

  g_clear_pointer (&self->baseline, ms_snapshot_unref);
  g_clear_pointer (&self->current, ms_snapshot_unref);
  g_clear_pointer (&self->pairs, g_array_unref);
  g_clear_pointer (&self->pair_of_current, g_free);
  g_clear_pointer (&self->groups, g_array_unref);
}

void
ms_compare_unref (MsCompare *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, ms_compare_clear);
}

MsSnapshot *
ms_compare_get_baseline (const MsCompare *self)
{
  return self->baseline;
}

MsSnapshot *
ms_compare_get_current (const MsCompare *self)
{
  return self->current;
}

const MsComparePair *
ms_compare_get_pairs (const MsCompare *self,
                      guint           *n_pairs)
{
  if (n_pairs != NULL)
    *n_pairs = self->pairs->len;
  return (const MsComparePair *) (gpointer) self->pairs->data;
}

const MsComparePair *
ms_compare_get_pair_of_current (const MsCompare *self,
                                guint            index)
{
  g_return_val_if_fail (index < self->current->n_regions, NULL);
  return &g_array_index (self->pairs, MsComparePair, self->pair_of_current[index]);
}

guint
ms_compare_count (const MsCompare *self,
                  MsCompareChange  change)
{
  g_return_val_if_fail (change < MS_N_COMPARE_CHANGES, 0);
  return self->counts[change];
}

guint64
ms_compare_get_value (const MsCompare *self,
                      gboolean         after,
                      int              index,
                      MsCompareField   field)
{
  const MsSnapshot *snapshot = after ? self->current : self->baseline;

  if (index < 0 || (guint) index >= snapshot->n_regions)
    return 0;
  return region_value (&snapshot->regions[index], field);
}

gint64
ms_compare_pair_delta (const MsCompare     *self,
                       const MsComparePair *pair,
                       MsCompareField       field)
{
  return clamped_delta (ms_compare_get_value (self, FALSE, pair->before, field),
                        ms_compare_get_value (self, TRUE, pair->after, field));
}

gint64
ms_compare_sums_delta (const MsCompareSums *sums,
                       MsCompareField       field)
{
  return clamped_delta (sums->value[field][0], sums->value[field][1]);
}

const MsCompareSums *
ms_compare_get_kind_sums (const MsCompare *self,
                          MsKind           kind)
{
  g_return_val_if_fail (kind < MS_N_KINDS, &self->total);
  return &self->kinds[kind];
}

const MsCompareSums *
ms_compare_get_total_sums (const MsCompare *self)
{
  return &self->total;
}

const MsCompareGroup *
ms_compare_get_groups (const MsCompare *self,
                       guint           *n_groups)
{
  if (n_groups != NULL)
    *n_groups = self->groups->len;
  return (const MsCompareGroup *) (gpointer) self->groups->data;
}

typedef struct {
  const MsCompareGroup *groups;
  MsCompareField        field;
} RankContext;

static int
compare_growth (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  const RankContext *context = data;
  const MsCompareGroup *ga = &context->groups[*(const guint *) a];
  const MsCompareGroup *gb = &context->groups[*(const guint *) b];
  gint64 da = ms_compare_sums_delta (&ga->sums, context->field);
  gint64 db = ms_compare_sums_delta (&gb->sums, context->field);

  if (da != db)
    return da > db ? -1 : 1;
  return g_strcmp0 (ga->object != NULL ? ga->object : ms_kind_to_id (ga->kind),
                    gb->object != NULL ? gb->object : ms_kind_to_id (gb->kind));
}

GArray *
ms_compare_rank_growth (const MsCompare *self,
                        MsCompareField   field)
{
  GArray *ranking = g_array_new (FALSE, FALSE, sizeof (guint));
  RankContext context = { ms_compare_get_groups (self, NULL), field };

  g_return_val_if_fail (field < MS_N_COMPARE_FIELDS, ranking);

  for (guint g = 0; g < self->groups->len; g++)
    if (ms_compare_sums_delta (&context.groups[g].sums, field) > 0)
      g_array_append_val (ranking, g);
  g_array_sort_with_data (ranking, compare_growth, &context);
  return ranking;
}
