/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-layout"

#include "config.h"

#include "ms-layout.h"

struct _MsLayout
{
  MsSnapshot  *snapshot;
  MsScaleMode  mode;
  guint        n_regions;
  double      *u0;        /* start of each region on the axis */
  double      *u1;        /* end of each region on the axis */
};

/* All unmapped gaps together take at most this share of the axis, and one
 * gap at most 1/400 of it: a break mark, not a distance. */
#define GAP_SHARE_MAX 0.10
#define GAP_SHARE_ONE (1.0 / 400.0)

static double
region_weight (const MsRegion *r,
               MsScaleMode     mode)
{
  if (mode == MS_SCALE_RESIDENT)
    return (double) r->counters.rss;
  return (double) ms_region_get_size (r);
}

MsLayout *
ms_layout_new (const MsSnapshot *snapshot,
               MsScaleMode       mode)
{
  MsLayout *self;
  guint n, n_gaps = 0;
  double total = 0, gap_weight = 0, pos = 0;

  g_return_val_if_fail (snapshot != NULL, NULL);

  n = snapshot->n_regions;
  self = g_atomic_rc_box_new0 (MsLayout);
  self->snapshot = ms_snapshot_ref ((MsSnapshot *) snapshot);
  self->n_regions = n;
  self->u0 = g_new (double, MAX (n, 1));
  self->u1 = g_new (double, MAX (n, 1));

  /* A process with nothing resident would draw nothing: show sizes instead. */
  if (mode == MS_SCALE_RESIDENT && snapshot->total.rss == 0)
    mode = MS_SCALE_PROPORTIONAL;
  self->mode = mode;

  for (guint i = 0; i < n; i++)
    {
      total += region_weight (&snapshot->regions[i], mode);
      if (i > 0 && snapshot->regions[i].start > snapshot->regions[i - 1].end)
        n_gaps++;
    }

  if (mode != MS_SCALE_LINEAR && n_gaps > 0)
    gap_weight = MIN (total * GAP_SHARE_ONE, total * GAP_SHARE_MAX / n_gaps);

  for (guint i = 0; i < n; i++)
    {
      const MsRegion *r = &snapshot->regions[i];

      if (i > 0 && r->start > snapshot->regions[i - 1].end)
        {
          if (mode == MS_SCALE_LINEAR)
            pos += (double) (r->start - snapshot->regions[i - 1].end);
          else
            pos += gap_weight;
        }

      self->u0[i] = pos;
      pos += region_weight (r, mode);
      self->u1[i] = pos;
    }

  if (pos > 0)
    {
      for (guint i = 0; i < n; i++)
        {
          self->u0[i] /= pos;
          self->u1[i] /= pos;
        }
      if (n > 0)
        self->u1[n - 1] = 1.0;
    }

  return self;
}

MsLayout *
ms_layout_ref (MsLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
ms_layout_clear (gpointer data)
{
  MsLayout *self = data;

  g_clear_pointer (&self->snapshot, ms_snapshot_unref);
  g_clear_pointer (&self->u0, g_free);
  g_clear_pointer (&self->u1, g_free);
}

void
ms_layout_unref (MsLayout *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, ms_layout_clear);
}

MsScaleMode
ms_layout_get_mode (const MsLayout *self)
{
  return self->mode;
}

void
ms_layout_get_region_span (const MsLayout *self,
                           guint           index,
                           double         *u0,
                           double         *u1)
{
  g_return_if_fail (index < self->n_regions);

  *u0 = self->u0[index];
  *u1 = self->u1[index];
}

/* The last region whose start is <= u, or -1. */
static int
last_starting_at_or_before (const MsLayout *self,
                            double          u)
{
  guint lo = 0, hi = self->n_regions;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->u0[mid] <= u)
        lo = mid + 1;
      else
        hi = mid;
    }

  return (int) lo - 1;
}

int
ms_layout_hit (const MsLayout *self,
               double          u,
               int            *gap_before)
{
  int i;

  if (gap_before != NULL)
    *gap_before = -1;

  if (self->n_regions == 0 || u < 0.0 || u > 1.0)
    return -1;

  i = last_starting_at_or_before (self, u);

  /* Regions of zero width (nothing resident) share a start with the next:
   * step back to the one that really covers u. */
  while (i > 0 && self->u1[i] <= u && self->u0[i] == self->u1[i] && self->u1[i - 1] > u)
    i--;

  if (i >= 0 && (u < self->u1[i] || (u == 1.0 && (guint) i == self->n_regions - 1)))
    return i;

  if (gap_before != NULL && i >= 0 && (guint) i + 1 < self->n_regions)
    *gap_before = i + 1;

  return -1;
}

guint64
ms_layout_address_at (const MsLayout *self,
                      double          u)
{
  const MsRegion *regions = self->snapshot->regions;
  int i;
  double f;

  if (self->n_regions == 0)
    return 0;

  u = CLAMP (u, 0.0, 1.0);
  i = last_starting_at_or_before (self, u);
  if (i < 0)
    return regions[0].start;

  if (u < self->u1[i] && self->u1[i] > self->u0[i])
    {
      f = (u - self->u0[i]) / (self->u1[i] - self->u0[i]);
      return regions[i].start + (guint64) (f * (double) ms_region_get_size (&regions[i]));
    }

  if ((guint) i + 1 < self->n_regions && self->u0[i + 1] > self->u1[i])
    {
      guint64 gap = regions[i + 1].start - regions[i].end;

      f = (u - self->u1[i]) / (self->u0[i + 1] - self->u1[i]);
      return regions[i].end + (guint64) (CLAMP (f, 0.0, 1.0) * (double) gap);
    }

  return regions[i].end;
}
