/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-history.h"
#include "ms-history-private.h"

#include <stdlib.h>
#include <string.h>

#include "ms-snapshot-private.h"

/* A changed sample's changes against the sample before it: the regions that
 * are new or differ (by start address), and the starts of the regions that
 * are gone. Both sorted by address. */
typedef struct {
  MsRegion *put;
  guint     n_put;
  guint64  *gone;
  guint     n_gone;
} Delta;

/* The size of each kind's regions, resident and proportional. */
typedef struct {
  guint64 values[MS_HISTORY_N_MEASURES];
} KindTotals;

/* What a changed sample's snapshot says besides its regions. */
typedef struct {
  MsSnapshotSource source;
  int              pid;
  uid_t            uid;
  const char      *source_path;   /* interned in the history's strings */
  const char      *name;
  const char      *cmdline;
  const char      *user;
  gint64           time_usec;
  gboolean         has_counters;
  guint            n_malformed;
  guint            first_malformed_line;
  guint            n_threads;
  guint64          fingerprint;
  MsStatus         status;
  KindTotals       kinds[MS_N_KINDS];
} Header;

/* One sample. The first holds its snapshot and its header; a later one
 * holds a delta and a header when it changed, nothing when it is the same
 * as the one before. The latest, keyframes and pinned samples also hold
 * their snapshot (@held bytes of it counted in the budget). @content is
 * the header of the sample whose content this one shows: its own, or an
 * earlier one's (a header keeps its address when it moves to another
 * sample). */
typedef struct {
  gint64        time_usec;
  MsSnapshot   *snapshot;
  Delta        *delta;
  Header       *header;
  const Header *content;
  gsize         held;
  MsFigures     figures;
  guint         appeared;
  guint         vanished;
  guint         pins;
  gboolean      keyframe;
} Sample;

struct _MsHistory
{
  GObject       parent_instance;

  gsize         budget;
  gsize         size;
  GArray       *samples;      /* Sample */
  GStringChunk *strings;      /* the deltas' and headers' strings, once each */
  GHashTable   *interned;     /* the strings in @strings */

  /* The last snapshot made again, for the timeline's walk from one sample to
   * the next. */
  guint         cache_index;
  MsSnapshot   *cache;

  /* Regions changed since the last keyframe. */
  guint         since_keyframe;
  /* Changes merged by the last snapshot made again. */
  guint         last_merged;
};

enum {
  PROP_0,
  PROP_N_SAMPLES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsHistory, ms_history, G_TYPE_OBJECT)

MsHistory *
ms_history_new (gsize budget)
{
  MsHistory *self = g_object_new (MS_TYPE_HISTORY, NULL);

  self->budget = budget;
  return self;
}

/* --- sizes and strings ---------------------------------------------------- */

static gsize
snapshot_size (const MsSnapshot *snapshot)
{
  if (snapshot == NULL)
    return 0;
  /* (as allocated, strings included, once sealed; a snapshot made here is
   * sealed too) */
  return MAX (_ms_snapshot_get_memory_size (snapshot), sizeof (MsSnapshot) + snapshot->n_regions * sizeof (MsRegion));
}

static gsize
delta_size (const Delta *delta)
{
  return delta != NULL ? sizeof (Delta) + delta->n_put * sizeof (MsRegion) + delta->n_gone * sizeof (guint64) : 0;
}

static const char *
intern (MsHistory  *self,
        const char *text)
{
  const char *kept;

  if (text == NULL)
    return NULL;
  kept = g_hash_table_lookup (self->interned, text);
  if (kept == NULL)
    {
      kept = g_string_chunk_insert (self->strings, text);
      g_hash_table_add (self->interned, (gpointer) kept);
      self->size += strlen (text) + 1 + 3 * sizeof (gpointer);
    }
  return kept;
}

static void
delta_free (Delta *delta)
{
  if (delta == NULL)
    return;
  g_free (delta->put);
  g_free (delta->gone);
  g_free (delta);
}

static void
drop_cache (MsHistory *self)
{
  if (self->cache != NULL)
    {
      self->size -= snapshot_size (self->cache);
      g_clear_pointer (&self->cache, ms_snapshot_unref);
    }
}

/* --- deltas --------------------------------------------------------------- */

/* The changes from @old to @snapshot, from @diff (which says which regions
 * of @snapshot are not exactly as before); their strings interned here. */
static Delta *
delta_new (MsHistory        *self,
           const MsSnapshot *old,
           const MsSnapshot *snapshot,
           MsDiff           *diff,
           guint            *appeared)
{
  Delta *delta = g_new0 (Delta, 1);
  guint n_put = ms_diff_get_n_regions (diff) - ms_diff_count (diff, MS_CHANGE_NONE);
  guint i = 0, j = 0, n_gone = 0;

  delta->put = g_new (MsRegion, MAX (n_put, 1));
  for (guint k = 0; k < snapshot->n_regions; k++)
    if (ms_diff_get_change (diff, k) != MS_CHANGE_NONE)
      {
        MsRegion *r = &delta->put[delta->n_put++];

        *r = snapshot->regions[k];
        r->path = intern (self, r->path);
        r->object = intern (self, r->object);
        r->vm_flags = intern (self, r->vm_flags);
      }

  /* The old regions no new one starts at. */
  delta->gone = g_new (guint64, MAX (old->n_regions, 1));
  while (i < old->n_regions)
    {
      while (j < snapshot->n_regions && snapshot->regions[j].start < old->regions[i].start)
        j++;
      if (j >= snapshot->n_regions || snapshot->regions[j].start != old->regions[i].start)
        delta->gone[n_gone++] = old->regions[i].start;
      i++;
    }
  delta->n_gone = n_gone;
  delta->gone = g_renew (guint64, delta->gone, MAX (n_gone, 1));

  /* The changed regions no old one started at. */
  *appeared = 0;
  for (guint p = 0, o = 0; p < delta->n_put; p++)
    {
      while (o < old->n_regions && old->regions[o].start < delta->put[p].start)
        o++;
      if (o >= old->n_regions || old->regions[o].start != delta->put[p].start)
        (*appeared)++;
    }

  return delta;
}

/* The changes of @first then @second, as one. */
static Delta *
delta_compose (const Delta *first,
               const Delta *second)
{
  Delta *delta = g_new0 (Delta, 1);
  guint p1 = 0, g1 = 0, p2 = 0, g2 = 0;

  delta->put = g_new (MsRegion, MAX (first->n_put + second->n_put, 1));
  delta->gone = g_new (guint64, MAX (first->n_gone + second->n_gone, 1));

  for (;;)
    {
      guint64 s = G_MAXUINT64;
      gboolean in_p1, in_g1, in_p2, in_g2;

      if (p1 < first->n_put)
        s = MIN (s, first->put[p1].start);
      if (g1 < first->n_gone)
        s = MIN (s, first->gone[g1]);
      if (p2 < second->n_put)
        s = MIN (s, second->put[p2].start);
      if (g2 < second->n_gone)
        s = MIN (s, second->gone[g2]);
      if (p1 >= first->n_put && g1 >= first->n_gone && p2 >= second->n_put && g2 >= second->n_gone)
        break;

      in_p1 = p1 < first->n_put && first->put[p1].start == s;
      in_g1 = g1 < first->n_gone && first->gone[g1] == s;
      in_p2 = p2 < second->n_put && second->put[p2].start == s;
      in_g2 = g2 < second->n_gone && second->gone[g2] == s;

      /* The later says last. */
      if (in_p2)
        delta->put[delta->n_put++] = second->put[p2];
      else if (in_g2)
        delta->gone[delta->n_gone++] = s;
      else if (in_p1)
        delta->put[delta->n_put++] = first->put[p1];
      else if (in_g1)
        delta->gone[delta->n_gone++] = s;

      p1 += in_p1, g1 += in_g1, p2 += in_p2, g2 += in_g2;
    }

  delta->put = g_renew (MsRegion, delta->put, MAX (delta->n_put, 1));
  delta->gone = g_renew (guint64, delta->gone, MAX (delta->n_gone, 1));
  return delta;
}

/* @regions (sorted) with @delta applied, into @out. */
static void
delta_apply (const MsRegion *regions,
             guint           n_regions,
             const Delta    *delta,
             GArray         *out)
{
  guint i = 0, p = 0, g = 0;

  g_array_set_size (out, 0);
  while (i < n_regions || p < delta->n_put)
    {
      if (p < delta->n_put && (i >= n_regions || delta->put[p].start <= regions[i].start))
        {
          if (i < n_regions && regions[i].start == delta->put[p].start)
            i++;
          g_array_append_val (out, delta->put[p]);
          p++;
          continue;
        }

      while (g < delta->n_gone && delta->gone[g] < regions[i].start)
        g++;
      if (!(g < delta->n_gone && delta->gone[g] == regions[i].start))
        g_array_append_val (out, regions[i]);
      i++;
    }
}

static Header *
header_new (MsHistory        *self,
            const MsSnapshot *snapshot)
{
  Header *header = g_new0 (Header, 1);

  header->source = snapshot->source;
  header->pid = snapshot->pid;
  header->uid = snapshot->uid;
  header->source_path = intern (self, snapshot->source_path);
  header->name = intern (self, snapshot->name);
  header->cmdline = intern (self, snapshot->cmdline);
  header->user = intern (self, snapshot->user);
  header->time_usec = snapshot->time_usec;
  header->has_counters = snapshot->has_counters;
  header->n_malformed = snapshot->n_malformed;
  header->first_malformed_line = snapshot->first_malformed_line;
  header->n_threads = snapshot->n_threads;
  header->fingerprint = snapshot->fingerprint;
  header->status = snapshot->status;
  for (guint k = 0; k < MS_N_KINDS; k++)
    {
      header->kinds[k].values[MS_HISTORY_RSS] = snapshot->per_kind[k].rss;
      header->kinds[k].values[MS_HISTORY_PSS] = snapshot->per_kind[k].pss;
      header->kinds[k].values[MS_HISTORY_VSS] = snapshot->per_kind[k].vss;
    }
  return header;
}

/* --- thinning ------------------------------------------------------------- */

static void
sample_clear (MsHistory *self,
              Sample    *sample)
{
  self->size -= sizeof (Sample) + delta_size (sample->delta) + (sample->header != NULL ? sizeof (Header) : 0) +
                sample->held;
  sample->held = 0;
  g_clear_pointer (&sample->snapshot, ms_snapshot_unref);
  g_clear_pointer (&sample->delta, delta_free);
  g_clear_pointer (&sample->header, g_free);
}

/* Drops sample @k (neither the first nor the last): its changes go into the
 * next one, which is then relative to the one before @k. */
static void
remove_sample (MsHistory *self,
               guint      k)
{
  Sample *s = &g_array_index (self->samples, Sample, k);
  Sample *t = &g_array_index (self->samples, Sample, k + 1);

  t->appeared += s->appeared;
  t->vanished += s->vanished;
  if (s->delta != NULL)
    {
      self->size -= delta_size (t->delta) + delta_size (s->delta);
      if (t->delta == NULL && t->header == NULL)
        {
          /* The next was the same as this one: it takes its changes. */
          t->delta = g_steal_pointer (&s->delta);
          t->header = g_steal_pointer (&s->header);
        }
      else
        {
          Delta *both = delta_compose (s->delta, t->delta);

          delta_free (t->delta);
          t->delta = both;
        }
      self->size += delta_size (t->delta) + delta_size (s->delta);
    }

  sample_clear (self, s);
  g_array_remove_index (self->samples, k);
}

/* Every other sample of the older half goes, until the history fits; never
 * the first, the latest or a pinned one. */
static void
thin (MsHistory *self)
{
  if (self->size <= self->budget)
    return;

  drop_cache (self);
  while (self->size > self->budget && self->samples->len > 2)
    {
      guint half = self->samples->len / 2;
      guint removed = 0;

      /* From the end of the older half down, so indices stay put. */
      for (guint k = (half - 1) | 1; k >= 1 && k < self->samples->len - 1; k -= 2)
        {
          if (g_array_index (self->samples, Sample, k).pins == 0)
            {
              remove_sample (self, k);
              removed++;
            }
          if (k < 2)
            break;
        }

      /* All pinned in the older half: the newer one's turn. */
      if (removed == 0)
        {
          for (guint k = self->samples->len - 2; k >= 1; k--)
            if (g_array_index (self->samples, Sample, k).pins == 0)
              {
                remove_sample (self, k);
                removed++;
                break;
              }
          if (removed == 0)
            break;
        }
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SAMPLES]);
}

/* Whether sample @index keeps its snapshot once it is not the latest. */
static gboolean
keeps_snapshot (const Sample *sample,
                guint         index)
{
  return index == 0 || sample->keyframe || sample->pins > 0;
}

static void
overlay_figures (MsFigures       *figures,
                 const MsFigures *read)
{
  if (read->present & MS_FIGURES_TOTALS)
    {
      figures->vss = read->vss;
      figures->rss = read->rss;
      figures->pss = read->pss;
      figures->swap = read->swap;
    }
  if (read->present & MS_FIGURES_STATUS)
    {
      figures->threads = read->threads;
      figures->rss_anon = read->rss_anon;
      figures->rss_file = read->rss_file;
      figures->rss_shmem = read->rss_shmem;
      figures->vss = read->vss;
      figures->rss = read->rss;
    }
  if (read->present & MS_FIGURES_FAULTS)
    {
      figures->minor_faults = read->minor_faults;
      figures->major_faults = read->major_faults;
    }
  figures->present |= read->present;
}

/* --- API ------------------------------------------------------------------ */

void
ms_history_add (MsHistory  *self,
                gint64      time_usec,
                MsSnapshot *snapshot,
                MsDiff     *diff)
{
  ms_history_add_full (self, time_usec, snapshot, diff, NULL);
}

void
ms_history_add_full (MsHistory       *self,
                     gint64           time_usec,
                     MsSnapshot      *snapshot,
                     MsDiff          *diff,
                     const MsFigures *figures)
{
  Sample sample = { 0 };
  Sample *last;
  guint last_index;

  g_return_if_fail (MS_IS_HISTORY (self));
  g_return_if_fail (snapshot != NULL);

  sample.time_usec = time_usec;
  ms_figures_init_from_snapshot (&sample.figures, snapshot);
  if (figures != NULL)
    overlay_figures (&sample.figures, figures);

  if (self->samples->len == 0)
    {
      sample.snapshot = ms_snapshot_ref (snapshot);
      sample.header = header_new (self, snapshot);
      sample.content = sample.header;
      g_array_append_val (self->samples, sample);
      self->size += sizeof (Sample) + sizeof (Header);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SAMPLES]);
      return;
    }

  last_index = self->samples->len - 1;
  last = &g_array_index (self->samples, Sample, last_index);
  g_return_if_fail (last->snapshot != NULL);

  if (snapshot != last->snapshot)
    {
      g_autoptr(MsDiff) own_diff = NULL;
      const MsSnapshot *first = g_array_index (self->samples, Sample, 0).snapshot;

      /* Another process has no place here. */
      if (first->source != snapshot->source || first->pid != snapshot->pid)
        {
          g_critical ("A history holds one process: %d, not %d", first->pid, snapshot->pid);
          return;
        }
      if (diff == NULL || ms_diff_get_n_regions (diff) != snapshot->n_regions)
        diff = own_diff = ms_diff_new (last->snapshot, snapshot);

      sample.delta = delta_new (self, last->snapshot, snapshot, diff, &sample.appeared);
      sample.vanished = sample.delta->n_gone;
      sample.header = header_new (self, snapshot);
      sample.content = sample.header;
      self->size += delta_size (sample.delta) + sizeof (Header);

      /* A keyframe once a quarter of the process has changed since the last. */
      self->since_keyframe += sample.delta->n_put + sample.delta->n_gone;
      if (self->since_keyframe >= MAX (snapshot->n_regions / 4, 256))
        {
          sample.keyframe = TRUE;
          self->since_keyframe = 0;
        }
    }
  else
    {
      sample.content = last->content;
    }
  sample.snapshot = ms_snapshot_ref (snapshot);
  self->size += sizeof (Sample);

  /* The one before no longer the latest: it keeps its snapshot only if it
   * must, and then counts it. */
  if (!keeps_snapshot (last, last_index))
    g_clear_pointer (&last->snapshot, ms_snapshot_unref);
  else if (last_index > 0 && last->held == 0)
    {
      last->held = snapshot_size (last->snapshot);
      self->size += last->held;
    }
  g_array_append_val (self->samples, sample);

  thin (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SAMPLES]);
}

guint
ms_history_get_n_samples (MsHistory *self)
{
  g_return_val_if_fail (MS_IS_HISTORY (self), 0);

  return self->samples->len;
}

gint64
ms_history_get_time (MsHistory *self,
                     guint      index)
{
  g_return_val_if_fail (MS_IS_HISTORY (self), 0);
  g_return_val_if_fail (index < self->samples->len, 0);

  return g_array_index (self->samples, Sample, index).time_usec;
}

/* A snapshot of @regions (whose strings are copied) as @header says. */
static MsSnapshot *
build_snapshot (const Header *header,
                GArray       *regions)
{
  MsSnapshot *snapshot = _ms_snapshot_new (header->source);
  GStringChunk *strings = _ms_snapshot_get_strings (snapshot);
  GArray *array = _ms_snapshot_get_regions (snapshot);

  snapshot->pid = header->pid;
  snapshot->uid = header->uid;
  snapshot->source_path = g_strdup (header->source_path);
  snapshot->name = g_strdup (header->name);
  snapshot->cmdline = g_strdup (header->cmdline);
  snapshot->user = g_strdup (header->user);
  snapshot->time_usec = header->time_usec;
  snapshot->has_counters = header->has_counters;
  snapshot->n_malformed = header->n_malformed;
  snapshot->first_malformed_line = header->first_malformed_line;
  snapshot->n_threads = header->n_threads;
  snapshot->fingerprint = header->fingerprint;
  snapshot->status = header->status;

  g_array_set_size (array, regions->len);
  for (guint i = 0; i < regions->len; i++)
    {
      MsRegion *r = &g_array_index (array, MsRegion, i);

      *r = g_array_index (regions, MsRegion, i);
      r->path = r->path != NULL ? g_string_chunk_insert_const (strings, r->path) : NULL;
      r->object = r->object != NULL ? g_string_chunk_insert_const (strings, r->object) : NULL;
      r->vm_flags = r->vm_flags != NULL ? g_string_chunk_insert_const (strings, r->vm_flags) : NULL;
    }
  _ms_snapshot_seal (snapshot);
  return snapshot;
}

static int
compare_region_starts (gconstpointer a,
                       gconstpointer b)
{
  guint64 x = ((const MsRegion *) a)->start, y = ((const MsRegion *) b)->start;

  return x < y ? -1 : x > y;
}

static int
compare_starts (gconstpointer a,
                gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* The changes of samples @from to @to (both included) as one delta: for
 * each start the latest sample's word on it. Costs the number of changes,
 * not of regions nor of samples. */
static Delta *
delta_merge (MsHistory *self,
             guint      from,
             guint      to)
{
  static const char gone_mark;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  Delta *delta = g_new0 (Delta, 1);
  GHashTableIter iter;
  gpointer key, value;
  guint n = 0;

  for (guint k = to + 1; k-- > from;)
    {
      const Delta *d = g_array_index (self->samples, Sample, k).delta;

      if (d == NULL)
        continue;
      for (guint i = 0; i < d->n_put; i++)
        if (!g_hash_table_contains (seen, &d->put[i].start))
          g_hash_table_insert (seen, (gpointer) &d->put[i].start, (gpointer) &d->put[i]);
      for (guint i = 0; i < d->n_gone; i++)
        if (!g_hash_table_contains (seen, &d->gone[i]))
          g_hash_table_insert (seen, (gpointer) &d->gone[i], (gpointer) &gone_mark);
    }

  n = g_hash_table_size (seen);
  delta->put = g_new (MsRegion, MAX (n, 1));
  delta->gone = g_new (guint64, MAX (n, 1));
  g_hash_table_iter_init (&iter, seen);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (value == &gone_mark)
        delta->gone[delta->n_gone++] = *(const guint64 *) key;
      else
        delta->put[delta->n_put++] = *(const MsRegion *) value;
    }
  qsort (delta->put, delta->n_put, sizeof (MsRegion), compare_region_starts);
  qsort (delta->gone, delta->n_gone, sizeof (guint64), compare_starts);
  return delta;
}

MsSnapshot *
ms_history_get_snapshot (MsHistory *self,
                         guint      index)
{
  g_autoptr(GArray) regions = NULL;
  const MsSnapshot *from = NULL;
  MsSnapshot *built;
  Delta *merged;
  guint content, base;

  g_return_val_if_fail (MS_IS_HISTORY (self), NULL);
  g_return_val_if_fail (index < self->samples->len, NULL);

  /* The sample whose changes made this one's content; samples that share
   * it, or hold it, give it back as it is. */
  for (content = index; ; content--)
    {
      Sample *sample = &g_array_index (self->samples, Sample, content);

      if (sample->snapshot != NULL)
        return ms_snapshot_ref (sample->snapshot);
      if (sample->delta != NULL)
        break;
    }
  if (self->cache != NULL && self->cache_index == content)
    return ms_snapshot_ref (self->cache);

  /* From the nearest snapshot held before it (a keyframe, the first), or
   * the last one made when that is nearer. */
  for (base = content; base-- > 0;)
    {
      from = g_array_index (self->samples, Sample, base).snapshot;
      if (from != NULL)
        break;
    }
  g_assert (from != NULL);
  if (self->cache != NULL && self->cache_index > base && self->cache_index < content)
    {
      from = self->cache;
      base = self->cache_index;
    }

  merged = delta_merge (self, base + 1, content);
  self->last_merged = merged->n_put + merged->n_gone;
  regions = g_array_sized_new (FALSE, FALSE, sizeof (MsRegion), from->n_regions + merged->n_put);
  delta_apply (from->regions, from->n_regions, merged, regions);
  delta_free (merged);

  /* Built before the last one goes: its strings may be in there. */
  built = build_snapshot (g_array_index (self->samples, Sample, content).header, regions);
  drop_cache (self);
  self->cache = built;
  self->cache_index = content;
  self->size += snapshot_size (self->cache);
  return ms_snapshot_ref (self->cache);
}

int
ms_history_find_time (MsHistory *self,
                      gint64     time_usec)
{
  guint lo = 0, hi;

  g_return_val_if_fail (MS_IS_HISTORY (self), -1);

  hi = self->samples->len;
  /* The first sample later than @time_usec is at @lo. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->samples, Sample, mid).time_usec <= time_usec)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (int) lo - 1;
}

const MsFigures *
ms_history_get_figures (MsHistory *self,
                        guint      index)
{
  g_return_val_if_fail (MS_IS_HISTORY (self), NULL);
  g_return_val_if_fail (index < self->samples->len, NULL);

  return &g_array_index (self->samples, Sample, index).figures;
}

void
ms_history_get_kind_totals (MsHistory        *self,
                            guint             index,
                            MsHistoryMeasure  measure,
                            guint64          *totals)
{
  const Header *content;

  g_return_if_fail (MS_IS_HISTORY (self));
  g_return_if_fail (index < self->samples->len);
  g_return_if_fail (measure < MS_HISTORY_N_MEASURES);
  g_return_if_fail (totals != NULL);

  content = g_array_index (self->samples, Sample, index).content;
  for (guint k = 0; k < MS_N_KINDS; k++)
    totals[k] = content->kinds[k].values[measure];
}

void
ms_history_get_changes (MsHistory *self,
                        guint      index,
                        guint     *appeared,
                        guint     *vanished)
{
  const Sample *sample;

  g_return_if_fail (MS_IS_HISTORY (self));
  g_return_if_fail (index < self->samples->len);

  sample = &g_array_index (self->samples, Sample, index);
  if (appeared != NULL)
    *appeared = sample->appeared;
  if (vanished != NULL)
    *vanished = sample->vanished;
}

void
ms_history_pin (MsHistory *self,
                guint      index)
{
  Sample *sample;

  g_return_if_fail (MS_IS_HISTORY (self));
  g_return_if_fail (index < self->samples->len);

  sample = &g_array_index (self->samples, Sample, index);
  if (sample->pins++ > 0 || sample->snapshot != NULL)
    return;

  /* Its snapshot whole, so that comparing with it costs nothing more. */
  sample->snapshot = ms_history_get_snapshot (self, index);
  sample->held = snapshot_size (sample->snapshot);
  self->size += sample->held;
}

void
ms_history_unpin (MsHistory *self,
                  guint      index)
{
  Sample *sample;

  g_return_if_fail (MS_IS_HISTORY (self));
  g_return_if_fail (index < self->samples->len);

  sample = &g_array_index (self->samples, Sample, index);
  g_return_if_fail (sample->pins > 0);

  if (--sample->pins > 0 || keeps_snapshot (sample, index) || index == self->samples->len - 1)
    return;

  self->size -= sample->held;
  sample->held = 0;
  g_clear_pointer (&sample->snapshot, ms_snapshot_unref);
  thin (self);
}

gboolean
ms_history_is_pinned (MsHistory *self,
                      guint      index)
{
  g_return_val_if_fail (MS_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (index < self->samples->len, FALSE);

  return g_array_index (self->samples, Sample, index).pins > 0;
}

gsize
ms_history_get_size (MsHistory *self)
{
  g_return_val_if_fail (MS_IS_HISTORY (self), 0);

  return self->size;
}

gsize
ms_history_get_budget (MsHistory *self)
{
  g_return_val_if_fail (MS_IS_HISTORY (self), 0);

  return self->budget;
}

guint
_ms_history_count_held (MsHistory *self)
{
  guint n = 0;

  g_return_val_if_fail (MS_IS_HISTORY (self), 0);

  for (guint i = 0; i < self->samples->len; i++)
    n += g_array_index (self->samples, Sample, i).snapshot != NULL;
  return n;
}

guint
_ms_history_get_last_merged (MsHistory *self)
{
  g_return_val_if_fail (MS_IS_HISTORY (self), 0);

  return self->last_merged;
}

/* --- GObject -------------------------------------------------------------- */

static void
ms_history_finalize (GObject *object)
{
  MsHistory *self = MS_HISTORY (object);

  for (guint i = 0; i < self->samples->len; i++)
    {
      Sample *sample = &g_array_index (self->samples, Sample, i);

      g_clear_pointer (&sample->snapshot, ms_snapshot_unref);
      g_clear_pointer (&sample->delta, delta_free);
      g_clear_pointer (&sample->header, g_free);
    }
  g_clear_pointer (&self->samples, g_array_unref);
  g_clear_pointer (&self->cache, ms_snapshot_unref);
  g_clear_pointer (&self->interned, g_hash_table_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);

  G_OBJECT_CLASS (ms_history_parent_class)->finalize (object);
}

static void
ms_history_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MsHistory *self = MS_HISTORY (object);

  switch (prop_id)
    {
    case PROP_N_SAMPLES:
      g_value_set_uint (value, self->samples->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_history_class_init (MsHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_history_finalize;
  object_class->get_property = ms_history_get_property;

  properties[PROP_N_SAMPLES] =
    g_param_spec_uint ("n-samples", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_history_init (MsHistory *self)
{
  self->budget = MS_HISTORY_DEFAULT_BUDGET;
  self->samples = g_array_new (FALSE, FALSE, sizeof (Sample));
  self->strings = g_string_chunk_new (4096);
  self->interned = g_hash_table_new (g_str_hash, g_str_equal);
}
