/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-diff"

#include "config.h"

#include "ms-diff.h"

struct _MsDiff
{
  guint8  *changes;
  guint    n_regions;
  GArray  *moved;       /* guint */
  GArray  *vanished;    /* MsRange */
  guint    counts[MS_CHANGE_COUNTERS + 1];
};

G_DEFINE_BOXED_TYPE (MsDiff, ms_diff, ms_diff_ref, ms_diff_unref)

static gboolean
same_mapping (const MsRegion *a,
              const MsRegion *b)
{
  return a->perms == b->perms &&
         a->inode == b->inode &&
         a->dev_major == b->dev_major &&
         a->dev_minor == b->dev_minor &&
         a->offset == b->offset &&
         /* Each snapshot interns its own paths: compare the text. */
         g_strcmp0 (a->path, b->path) == 0;
}

static void
add_vanished (GArray         *vanished,
              const MsRegion *r)
{
  if (vanished->len > 0)
    {
      MsRange *last = &g_array_index (vanished, MsRange, vanished->len - 1);

      if (last->end == r->start)
        {
          last->end = r->end;
          return;
        }
    }

  g_array_append_vals (vanished, &(MsRange) { r->start, r->end }, 1);
}

MsDiff *
ms_diff_new (const MsSnapshot *old_snapshot,
             const MsSnapshot *new_snapshot)
{
  const MsRegion *old_regions, *new_regions;
  MsDiff *self;
  guint i = 0, n_old;

  g_return_val_if_fail (old_snapshot != NULL, NULL);
  g_return_val_if_fail (new_snapshot != NULL, NULL);

  old_regions = old_snapshot->regions;
  new_regions = new_snapshot->regions;
  n_old = old_snapshot->n_regions;

  self = g_atomic_rc_box_new0 (MsDiff);
  self->n_regions = new_snapshot->n_regions;
  self->changes = g_new0 (guint8, MAX (self->n_regions, 1));
  self->moved = g_array_new (FALSE, FALSE, sizeof (guint));
  self->vanished = g_array_new (FALSE, FALSE, sizeof (MsRange));

  /* Both arrays are sorted by start: one merge pass. */
  for (guint j = 0; j < self->n_regions; j++)
    {
      const MsRegion *r = &new_regions[j];
      MsChange change;

      while (i < n_old && old_regions[i].start < r->start)
        add_vanished (self->vanished, &old_regions[i++]);

      if (i < n_old && old_regions[i].start == r->start)
        {
          const MsRegion *o = &old_regions[i++];

          if (!same_mapping (o, r))
            change = MS_CHANGE_APPEARED;
          else if (r->end > o->end)
            change = MS_CHANGE_GROWN;
          else if (r->end < o->end)
            change = MS_CHANGE_SHRUNK;
          else if (r->counters.rss != o->counters.rss)
            change = MS_CHANGE_RSS;
          else if (!ms_region_equal (o, r))
            change = MS_CHANGE_COUNTERS;
          else
            change = MS_CHANGE_NONE;
        }
      else
        {
          change = MS_CHANGE_APPEARED;
        }

      self->changes[j] = (guint8) change;
      self->counts[change]++;
      if (change == MS_CHANGE_APPEARED || change == MS_CHANGE_GROWN || change == MS_CHANGE_SHRUNK)
        g_array_append_val (self->moved, j);
    }

  while (i < n_old)
    add_vanished (self->vanished, &old_regions[i++]);

  return self;
}

MsDiff *
ms_diff_ref (MsDiff *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
ms_diff_clear (gpointer data)
{
  MsDiff *self = data;

  g_clear_pointer (&self->changes, g_free);
  g_clear_pointer (&self->moved, g_array_unref);
  g_clear_pointer (&self->vanished, g_array_unref);
}

void
ms_diff_unref (MsDiff *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, ms_diff_clear);
}

guint
ms_diff_get_n_regions (const MsDiff *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_regions;
}

MsChange
ms_diff_get_change (const MsDiff *self,
                    guint         index)
{
  g_return_val_if_fail (self != NULL, MS_CHANGE_NONE);
  g_return_val_if_fail (index < self->n_regions, MS_CHANGE_NONE);

  return (MsChange) self->changes[index];
}

const guint8 *
ms_diff_get_changes (const MsDiff *self,
                     guint        *n_regions)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_regions != NULL)
    *n_regions = self->n_regions;
  return self->changes;
}

const guint *
ms_diff_get_moved (const MsDiff *self,
                   guint        *n_moved)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_moved != NULL)
    *n_moved = self->moved->len;
  return (const guint *) (gpointer) self->moved->data;
}

const MsRange *
ms_diff_get_vanished (const MsDiff *self,
                      guint        *n_ranges)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_ranges != NULL)
    *n_ranges = self->vanished->len;
  return (const MsRange *) (gpointer) self->vanished->data;
}

guint
ms_diff_count (const MsDiff *self,
               MsChange      change)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (change <= MS_CHANGE_COUNTERS, 0);

  return self->counts[change];
}

gboolean
ms_diff_is_layout_unchanged (const MsDiff *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->moved->len == 0 && self->vanished->len == 0;
}
