/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-layout"

#include "config.h"

#include "ms-layout.h"

#include <float.h>

struct _MsLayout
{
  MsSnapshot  *snapshot;
  MsScaleMode  mode;
  MsScaleMode  requested_mode;
  guint        n_regions;
  double       total;     /* axis length before normalising, in bytes */
  double      *u0;        /* start of each region on the axis */
  double      *u1;        /* end of each region on the axis */
  guint8      *gap;       /* MsGapKind of the gap in front of each region */
};

/* All shrunk gaps together take at most this share of the axis, and one gap
 * at most 1/160 of it: a break mark, not a distance. */
#define GAP_SHARE_MAX 0.12
#define GAP_SHARE_ONE (1.0 / 160.0)

/* Zooming stops when one page fills the view, or at this span, which keeps
 * a column of a 4000-pixel strip well above the precision of a double. */
#define PAGE_SIZE     4096.0
#define MIN_SPAN      1e-11

/* In the linear scale the non-canonical hole between the user half and the
 * kernel half (where [vsyscall] lives) would squeeze the whole process into
 * one pixel: it is drawn as a break instead. */
#define KERNEL_HALF   G_GUINT64_CONSTANT (0x8000000000000000)

/* The linear scale draws the addresses to scale, but a 64-bit process's
 * mappings sit in a few clusters terabytes apart (the program and its heap
 * low, the libraries and the stack high): to scale, each would be a sliver
 * at an end of an empty bar. So gaps are cut to a break mark, widest first,
 * while the widest left is wider than all the mapped bytes together, or the
 * gaps left take more than LINEAR_EMPTY_MAX of what is drawn to scale. Then
 * each cluster (the regions between two breaks) is drawn to scale, but at
 * least LINEAR_CLUSTER_MIN of the axis wide (a small one, such as the stack
 * or [vsyscall], magnified), so that every cluster can be seen and pointed
 * at; all of them together take at most LINEAR_CLUSTERS_MAX_SHARE so. */
#define LINEAR_EMPTY_MAX          0.5
#define LINEAR_CLUSTER_MIN        0.05
#define LINEAR_CLUSTERS_MAX_SHARE 0.5

/* Rounding error of a column edge on the axis (which is within 0…1). */
#define EDGE_EPSILON  (4 * DBL_EPSILON)

G_DEFINE_ENUM_TYPE (MsScaleMode, ms_scale_mode,
                    G_DEFINE_ENUM_VALUE (MS_SCALE_PROPORTIONAL, "proportional"),
                    G_DEFINE_ENUM_VALUE (MS_SCALE_LINEAR, "linear"),
                    G_DEFINE_ENUM_VALUE (MS_SCALE_RESIDENT, "resident"))

static double
region_weight (const MsRegion *r,
               MsScaleMode     mode)
{
  if (mode == MS_SCALE_RESIDENT)
    return (double) r->counters.rss;
  return (double) ms_region_get_size (r);
}

/* Reserved address space holds no memory: in the proportional scale it is
 * drawn compressed, like a gap, so that it cannot dominate: each reserved
 * region at most RESERVED_SHARE_ONE of the memory drawn (wide enough for a
 * label with its size), all of them at most RESERVED_SHARE_MAX of it, and
 * none wider than its own size would make it. */
#define RESERVED_SHARE_ONE (1.0 / 12.0)
#define RESERVED_SHARE_MAX 0.25

static gboolean
is_compressed (const MsRegion *r,
               MsScaleMode     mode)
{
  return mode == MS_SCALE_PROPORTIONAL && r->kind == MS_KIND_RESERVED;
}

static MsGapKind
classify_gap (const MsRegion *prev,
              const MsRegion *next,
              MsScaleMode     mode)
{
  if (next->start <= prev->end)
    return MS_GAP_NONE;
  if (mode != MS_SCALE_LINEAR)
    return MS_GAP_BREAK;
  if (prev->end < KERNEL_HALF && next->start >= KERNEL_HALF)
    return MS_GAP_BREAK;
  return MS_GAP_LINEAR;
}

static int
compare_gaps_descending (gconstpointer a,
                         gconstpointer b,
                         gpointer      user_data)
{
  const MsRegion *regions = user_data;
  guint i = *(const guint *) a, j = *(const guint *) b;
  guint64 gi = regions[i].start - regions[i - 1].end;
  guint64 gj = regions[j].start - regions[j - 1].end;

  return gi < gj ? 1 : gi > gj ? -1 : (i > j) - (i < j);
}

/* The linear scale: cuts the widest gaps (self->gap[i] from LINEAR to
 * BREAK) and returns how much each region (and the linear gap in front of
 * it) is magnified so that its cluster is at least LINEAR_CLUSTER_MIN of
 * the axis. See LINEAR_EMPTY_MAX. */
static double *
plan_linear (MsLayout       *self,
             const MsRegion *regions)
{
  guint n = self->n_regions;
  double *scale = g_new (double, MAX (n, 1));
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) clusters = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree double *widths = NULL;
  double data = 0, drawn = 0, total, share;
  guint n_clusters, n_small, k;

  for (guint i = 0; i < n; i++)
    {
      scale[i] = 1.0;
      data += (double) ms_region_get_size (&regions[i]);
      if (i > 0 && self->gap[i] == MS_GAP_LINEAR)
        {
          g_array_append_val (gaps, i);
          drawn += (double) (regions[i].start - regions[i - 1].end);
        }
    }

  /* Widest first, until what is left is worth drawing to scale. */
  g_array_sort_with_data (gaps, compare_gaps_descending, (gpointer) regions);
  for (guint g = 0; g < gaps->len; g++)
    {
      guint i = g_array_index (gaps, guint, g);
      double width = (double) (regions[i].start - regions[i - 1].end);

      if (width <= data && drawn <= LINEAR_EMPTY_MAX * (data + drawn))
        break;
      self->gap[i] = MS_GAP_BREAK;
      drawn -= width;
    }

  /* The clusters' widths to scale. */
  for (guint i = 0; i < n; i++)
    {
      double width = (double) ms_region_get_size (&regions[i]);

      if (i > 0 && self->gap[i] == MS_GAP_LINEAR)
        width += (double) (regions[i].start - regions[i - 1].end);
      if (i == 0 || self->gap[i] == MS_GAP_BREAK)
        {
          double zero = 0;

          g_array_append_val (clusters, zero);
        }
      g_array_index (clusters, double, clusters->len - 1) += width;
    }
  n_clusters = clusters->len;
  if (n_clusters < 2)
    return scale;

  /* Each at least a share of the whole T, which is what the clusters wider
   * than that take, over what the narrower ones leave them: found again
   * until the narrower ones stay the same. */
  share = MIN (LINEAR_CLUSTER_MIN, LINEAR_CLUSTERS_MAX_SHARE / n_clusters);
  widths = g_new (double, n_clusters);
  total = 0;
  for (k = 0; k < n_clusters; k++)
    total += g_array_index (clusters, double, k);
  for (guint round = 0; round <= n_clusters; round++)
    {
      double big = 0;
      guint before;

      n_small = 0;
      for (k = 0; k < n_clusters; k++)
        {
          if (g_array_index (clusters, double, k) < share * total)
            n_small++;
          else
            big += g_array_index (clusters, double, k);
        }
      before = n_small;
      total = big / (1.0 - n_small * share);

      n_small = 0;
      for (k = 0; k < n_clusters; k++)
        if (g_array_index (clusters, double, k) < share * total)
          n_small++;
      if (n_small == before)
        break;
    }
  for (k = 0; k < n_clusters; k++)
    widths[k] = MAX (g_array_index (clusters, double, k), share * total);

  for (guint i = 0, c = 0; i < n; i++)
    {
      if (i > 0 && self->gap[i] == MS_GAP_BREAK)
        c++;
      scale[i] = widths[c] / g_array_index (clusters, double, c);
    }

  return scale;
}

MsLayout *
ms_layout_new (const MsSnapshot *snapshot,
               MsScaleMode       mode)
{
  const MsRegion *regions;
  MsLayout *self;
  g_autofree double *scale = NULL;
  guint n, n_breaks = 0, n_compressed = 0;
  double total = 0, gap_weight = 0, pos = 0, compressed_max = 0;

  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (mode <= MS_SCALE_RESIDENT, NULL);

  n = snapshot->n_regions;
  regions = snapshot->regions;
  self = g_atomic_rc_box_new0 (MsLayout);
  self->snapshot = ms_snapshot_ref ((MsSnapshot *) snapshot);
  self->n_regions = n;
  self->requested_mode = mode;
  self->u0 = g_new (double, MAX (n, 1));
  self->u1 = g_new (double, MAX (n, 1));
  self->gap = g_new0 (guint8, MAX (n, 1));

  /* A process with nothing resident would draw nothing: show sizes instead. */
  if (mode == MS_SCALE_RESIDENT && snapshot->total.rss == 0)
    mode = MS_SCALE_PROPORTIONAL;
  self->mode = mode;

  for (guint i = 1; i < n; i++)
    self->gap[i] = classify_gap (&regions[i - 1], &regions[i], mode);
  if (mode == MS_SCALE_LINEAR)
    scale = plan_linear (self, regions);

  for (guint i = 0; i < n; i++)
    {
      double magnified = scale != NULL ? scale[i] : 1.0;

      if (is_compressed (&regions[i], mode))
        n_compressed++;
      else
        total += region_weight (&regions[i], mode) * magnified;
      if (i > 0 && self->gap[i] == MS_GAP_BREAK)
        n_breaks++;
      else if (i > 0 && self->gap[i] == MS_GAP_LINEAR)
        total += (double) (regions[i].start - regions[i - 1].end) * magnified;
    }

  if (n_compressed > 0)
    {
      double memory = total;

      /* (Nothing but reserved space: each drawn to its size.) */
      compressed_max = memory > 0 ? MIN (memory * RESERVED_SHARE_ONE, memory * RESERVED_SHARE_MAX / n_compressed)
                                  : G_MAXDOUBLE;
      for (guint i = 0; i < n; i++)
        if (is_compressed (&regions[i], mode))
          total += MIN (region_weight (&regions[i], mode), compressed_max);
    }
  if (n_breaks > 0)
    gap_weight = MIN (total * GAP_SHARE_ONE, total * GAP_SHARE_MAX / n_breaks);

  for (guint i = 0; i < n; i++)
    {
      switch ((MsGapKind) self->gap[i])
        {
        case MS_GAP_BREAK:
          pos += gap_weight;
          break;
        case MS_GAP_LINEAR:
          pos += (double) (regions[i].start - regions[i - 1].end) * (scale != NULL ? scale[i] : 1.0);
          break;
        case MS_GAP_NONE:
        default:
          break;
        }

      self->u0[i] = pos;
      if (is_compressed (&regions[i], mode))
        pos += MIN (region_weight (&regions[i], mode), compressed_max);
      else
        pos += region_weight (&regions[i], mode) * (scale != NULL ? scale[i] : 1.0);
      self->u1[i] = pos;
    }

  self->total = pos;

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

static void
ms_layout_clear (gpointer data)
{
  MsLayout *self = data;

  g_clear_pointer (&self->snapshot, ms_snapshot_unref);
  g_clear_pointer (&self->u0, g_free);
  g_clear_pointer (&self->u1, g_free);
  g_clear_pointer (&self->gap, g_free);
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

MsScaleMode
ms_layout_get_requested_mode (const MsLayout *self)
{
  return self->requested_mode;
}

MsSnapshot *
ms_layout_get_snapshot (const MsLayout *self)
{
  return self->snapshot;
}

guint
ms_layout_get_n_regions (const MsLayout *self)
{
  return self->n_regions;
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

MsGapKind
ms_layout_get_gap (const MsLayout *self,
                   guint           index,
                   double         *u0,
                   double         *u1)
{
  g_return_val_if_fail (index < self->n_regions, MS_GAP_NONE);

  if (index == 0 || self->gap[index] == MS_GAP_NONE)
    return MS_GAP_NONE;

  if (u0 != NULL)
    *u0 = self->u1[index - 1];
  if (u1 != NULL)
    *u1 = self->u0[index];

  return (MsGapKind) self->gap[index];
}

/* The one binary search over the axis: the first index in [lo, hi) whose
 * value in the ascending @values is above @u (@or_equal: at or above), or
 * @hi when none is. */
static guint
first_above (const double *values,
             guint         lo,
             guint         hi,
             double        u,
             gboolean      or_equal)
{
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (values[mid] < u || (!or_equal && values[mid] == u))
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* The last region whose start is <= u, or -1. */
static int
last_starting_at_or_before (const MsLayout *self,
                            double          u)
{
  return (int) first_above (self->u0, 0, self->n_regions, u, FALSE) - 1;
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

double
ms_layout_axis_at_address (const MsLayout *self,
                           guint64         address)
{
  const MsRegion *regions = self->snapshot->regions;
  guint i;

  if (self->n_regions == 0 || address <= regions[0].start)
    return 0.0;

  /* The last region starting at or before @address. */
  i = ms_regions_bisect (regions, self->n_regions, address) - 1;

  if (address < regions[i].end)
    {
      double f = (double) (address - regions[i].start) / (double) ms_region_get_size (&regions[i]);

      return self->u0[i] + f * (self->u1[i] - self->u0[i]);
    }

  if (i + 1 < self->n_regions)
    {
      double f = (double) (address - regions[i].end) / (double) (regions[i + 1].start - regions[i].end);

      return self->u1[i] + f * (self->u0[i + 1] - self->u1[i]);
    }

  return 1.0;
}

double
ms_layout_get_min_span (const MsLayout *self)
{
  if (self->total <= 0)
    return 1.0;

  return CLAMP (PAGE_SIZE / self->total, MIN_SPAN, 1.0);
}

void
ms_layout_clamp_view (const MsLayout *self,
                      double         *start,
                      double         *end)
{
  double span = *end - *start;
  double s = *start;

  if (!(span >= 0))  /* NaN too */
    span = 1.0;
  span = CLAMP (span, ms_layout_get_min_span (self), 1.0);

  if (!(s >= 0))
    s = 0;
  if (s + span > 1.0)
    s = 1.0 - span;

  *start = s;
  *end = s + span;
}

void
ms_layout_zoom_view (const MsLayout *self,
                     double         *start,
                     double         *end,
                     double          factor,
                     double          anchor)
{
  double span = *end - *start;
  double at, new_span;

  g_return_if_fail (factor > 0);

  anchor = CLAMP (anchor, 0.0, 1.0);
  at = *start + anchor * span;
  new_span = CLAMP (span / factor, ms_layout_get_min_span (self), 1.0);

  *start = at - anchor * new_span;
  *end = *start + new_span;
  ms_layout_clamp_view (self, start, end);
}

void
ms_layout_pan_view (const MsLayout *self,
                    double         *start,
                    double         *end,
                    double          delta)
{
  double span = *end - *start;

  *start += delta;
  *end = *start + span;
  ms_layout_clamp_view (self, start, end);
}

void
ms_layout_fit_region (const MsLayout *self,
                      guint           index,
                      double         *start,
                      double         *end)
{
  double u0, u1, span;

  g_return_if_fail (index < self->n_regions);

  u0 = self->u0[index];
  u1 = self->u1[index];

  /* The region takes 80 % of the view, centred. */
  span = MAX ((u1 - u0) / 0.8, ms_layout_get_min_span (self));
  *start = (u0 + u1) / 2 - span / 2;
  *end = *start + span;
  ms_layout_clamp_view (self, start, end);
}

double
ms_layout_data_near (const MsLayout *self,
                     double          view_start,
                     double          view_end)
{
  double middle = (view_start + view_end) / 2;
  int gap = -1;
  int i;

  if (self->n_regions == 0)
    return middle;
  if (ms_layout_hit (self, middle, &gap) >= 0)
    return middle;

  /* In a gap (or outside the axis): the nearer of the regions around it. */
  if (gap < 0)
    i = middle < self->u0[0] ? 0 : (int) self->n_regions - 1;
  else if (middle - self->u1[gap - 1] <= self->u0[gap] - middle)
    i = gap - 1;
  else
    i = gap;

  /* The middle of what of it is in view; all of it when none is. */
  {
    double a = MAX (self->u0[i], view_start);
    double b = MIN (self->u1[i], view_end);

    if (!(b >= a))
      {
        a = self->u0[i];
        b = self->u1[i];
      }
    return (a + b) / 2;
  }
}

gboolean
ms_layout_reveal_region (const MsLayout *self,
                         guint           index,
                         guint           n_columns,
                         double         *start,
                         double         *end)
{
  double old_start = *start, old_end = *end;
  double span = *end - *start;
  double u0, u1, width;

  g_return_val_if_fail (index < self->n_regions, FALSE);

  n_columns = MAX (n_columns, 1);
  u0 = self->u0[index];
  u1 = self->u1[index];
  width = (u1 - u0) / span * n_columns;

  if (u1 - u0 > span)
    {
      /* Bigger than the view: show as much of it as fits, from its start
       * unless the view is already inside it. */
      if (*start < u0 || *end > u1)
        {
          *start = u0;
          *end = u0 + span;
        }
    }
  else if (width < 2.0)
    {
      /* Thinner than two columns: zoom until it is a tenth of the view. */
      double target = MAX ((u1 - u0) * 10, ms_layout_get_min_span (self));

      target = MIN (target, span);
      *start = (u0 + u1) / 2 - target / 2;
      *end = *start + target;
    }
  else if (u0 < *start || u1 > *end)
    {
      double margin = MIN (span * 0.05, (span - (u1 - u0)) / 2);

      if (u0 < *start)
        *start = u0 - margin;
      else
        *start = u1 + margin - span;
      *end = *start + span;
    }

  ms_layout_clamp_view (self, start, end);

  return *start != old_start || *end != old_end;
}

/* The first region that may overlap [a, …): the first whose end is >= a,
 * then past those ending exactly at a (unless of zero width). */
static guint
first_region_from (const MsLayout *self,
                   double          a)
{
  guint lo = first_above (self->u1, 0, self->n_regions, a, TRUE);

  while (lo < self->n_regions && self->u1[lo] == a && self->u0[lo] < a)
    lo++;

  return lo;
}

void
ms_layout_get_visible (const MsLayout *self,
                       double          view_start,
                       double          view_end,
                       guint          *first,
                       guint          *end)
{
  guint i = first_region_from (self, view_start);
  /* The first region starting at or after view_end ends the range. */
  guint lo = first_above (self->u0, i, self->n_regions, view_end, TRUE);

  *first = i;
  *end = MAX (lo, i);
}

/* Classifies the column [a, b) of the axis; *cursor is the first region that
 * may overlap it (advanced for the next column). */
static void
classify_column (const MsLayout *self,
                 double          a,
                 double          b,
                 guint          *cursor,
                 MsSpan         *span)
{
  const MsRegion *regions = self->snapshot->regions;
  double weights[MS_N_KINDS] = { 0 };
  guint i = *cursor;
  guint n_covering = 0, n_all = 0;
  int first = -1, last = -1;
  guint16 kinds = 0;

  while (i < self->n_regions &&
         (self->u1[i] < a || (self->u1[i] == a && self->u0[i] < a)))
    i++;
  *cursor = i;

  for (guint j = i; j < self->n_regions && self->u0[j] < b; j++)
    {
      double overlap = MIN (self->u1[j], b) - MAX (self->u0[j], a);
      MsKind kind = regions[j].kind;

      /* Column edges are computed, and a region ending (or starting) a
       * rounding error into a column does not belong to it. */
      if (overlap < 0 || (overlap <= EDGE_EPSILON && self->u1[j] > self->u0[j]))
        continue;
      if (first < 0)
        first = (int) j;
      last = (int) j;
      n_all++;
      kinds |= (guint16) (1u << kind);
      weights[kind] += overlap;
      if (overlap > 0)
        n_covering++;
    }

  if (n_covering == 0)
    {
      span->type = MS_SPAN_EMPTY;
      span->gap = -1;
      if (i > 0 && i < self->n_regions)
        {
          span->gap = (int) i;
          if (self->gap[i] == MS_GAP_BREAK)
            span->type = MS_SPAN_BREAK;
        }
      span->kind = MS_KIND_GUARD;
      span->kinds = 0;
      span->first = span->last = -1;
      return;
    }

  span->gap = -1;
  span->first = first;
  span->last = last;
  span->kinds = kinds;

  if (n_all == 1)
    {
      span->type = MS_SPAN_REGION;
      span->kind = regions[first].kind;
    }
  else
    {
      guint best = 0;

      for (guint k = 1; k < MS_N_KINDS; k++)
        if (weights[k] > weights[best])
          best = k;

      span->type = MS_SPAN_MERGED;
      span->kind = (MsKind) best;
    }
}

static inline double
column_edge (double view_start,
             double view_end,
             guint  n_columns,
             guint  column)
{
  return view_start + (view_end - view_start) * column / n_columns;
}

static gboolean
same_run (const MsSpan *a,
          const MsSpan *b)
{
  if (a->type != b->type)
    return FALSE;

  switch (a->type)
    {
    case MS_SPAN_REGION:
      return a->first == b->first;
    case MS_SPAN_MERGED:
      return a->kind == b->kind && a->kinds == b->kinds;
    case MS_SPAN_BREAK:
    case MS_SPAN_EMPTY:
    default:
      return a->gap == b->gap;
    }
}

void
ms_layout_get_spans (const MsLayout *self,
                     double          view_start,
                     double          view_end,
                     guint           n_columns,
                     GArray         *spans)
{
  guint cursor;

  g_return_if_fail (self != NULL);
  g_return_if_fail (spans != NULL);
  g_return_if_fail (g_array_get_element_size (spans) == sizeof (MsSpan));

  g_array_set_size (spans, 0);
  if (n_columns == 0 || !(view_end > view_start))
    return;

  cursor = first_region_from (self, view_start);

  for (guint c = 0; c < n_columns; c++)
    {
      MsSpan column;

      classify_column (self,
                       column_edge (view_start, view_end, n_columns, c),
                       column_edge (view_start, view_end, n_columns, c + 1),
                       &cursor, &column);
      column.x0 = c;
      column.x1 = c + 1;

      if (spans->len > 0)
        {
          MsSpan *prev = &g_array_index (spans, MsSpan, spans->len - 1);

          if (same_run (prev, &column))
            {
              prev->x1 = column.x1;
              if (column.last > prev->last)
                prev->last = column.last;
              continue;
            }
        }

      g_array_append_val (spans, column);
    }
}

gboolean
ms_layout_get_column (const MsLayout *self,
                      double          view_start,
                      double          view_end,
                      guint           n_columns,
                      guint           column,
                      MsSpan         *span)
{
  double a, b;
  guint cursor;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (span != NULL, FALSE);

  if (column >= n_columns || !(view_end > view_start))
    return FALSE;

  a = column_edge (view_start, view_end, n_columns, column);
  b = column_edge (view_start, view_end, n_columns, column + 1);
  cursor = first_region_from (self, a);
  classify_column (self, a, b, &cursor, span);
  span->x0 = column;
  span->x1 = column + 1;

  return TRUE;
}
