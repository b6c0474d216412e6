/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-core"

#include "config.h"

#include "ms-snapshot-private.h"

#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "ms-field.h"

typedef struct {
  MsSnapshot    pub;
  GStringChunk *strings;
  GArray       *regions;
  gsize         memory_size;      /* set by _ms_snapshot_seal () */
  gint64        confirmed_usec;   /* under confirmed_lock */
} MsSnapshotReal;

G_DEFINE_BOXED_TYPE (MsSnapshot, ms_snapshot, ms_snapshot_ref, ms_snapshot_unref)

/* The region arrays of freed snapshots, kept for the next ones: a live view
 * reads its process again every second, and memory an array already has
 * costs nothing to fill again, where fresh memory costs a page fault per
 * 4 KiB (for 60 000 regions, 14 MiB). Two at most (the view's current and
 * previous snapshots), and none of a size that would be a waste to hold. */
#define N_SPARE_ARRAYS 2
#define MAX_SPARE_REGIONS (128 * 1024)

static GMutex spare_lock;
static GArray *spare_arrays[N_SPARE_ARRAYS];

static GArray *
take_region_array (void)
{
  GArray *array = NULL;

  g_mutex_lock (&spare_lock);
  for (guint i = 0; i < N_SPARE_ARRAYS && array == NULL; i++)
    array = g_steal_pointer (&spare_arrays[i]);
  g_mutex_unlock (&spare_lock);

  return array != NULL ? array : g_array_new (FALSE, FALSE, sizeof (MsRegion));
}

static void
give_back_region_array (GArray *array)
{
  if (array->len <= MAX_SPARE_REGIONS)
    {
      g_array_set_size (array, 0);
      g_mutex_lock (&spare_lock);
      for (guint i = 0; i < N_SPARE_ARRAYS && array != NULL; i++)
        if (spare_arrays[i] == NULL)
          spare_arrays[i] = g_steal_pointer (&array);
      g_mutex_unlock (&spare_lock);
    }

  if (array != NULL)
    g_array_unref (array);
}

MsSnapshot *
_ms_snapshot_new (MsSnapshotSource source)
{
  MsSnapshotReal *real = g_atomic_rc_box_new0 (MsSnapshotReal);

  real->pub.source = source;
  real->pub.uid = (uid_t) -1;
  real->pub.time_usec = g_get_real_time ();
  real->strings = g_string_chunk_new (4096);
  real->regions = take_region_array ();

  return &real->pub;
}

GStringChunk *
_ms_snapshot_get_strings (MsSnapshot *self)
{
  return ((MsSnapshotReal *) self)->strings;
}

GArray *
_ms_snapshot_get_regions (MsSnapshot *self)
{
  return ((MsSnapshotReal *) self)->regions;
}

/* @totals += @more */
static void
add_totals (MsTotals       *totals,
            const MsTotals *more)
{
  const MsField *fields = ms_field_get_all ();

  totals->count += more->count;
  for (guint i = 0; i < MS_N_FIELDS; i++)
    if (fields[i].flags & MS_FIELD_SUMMED)
      {
        guint64 *sum = &G_STRUCT_MEMBER (guint64, totals, fields[i].total_offset);

        *sum = ms_add_saturated (*sum, ms_field_get_total (&fields[i], more));
      }
}

void
_ms_snapshot_seal (MsSnapshot *self)
{
  GArray *regions = _ms_snapshot_get_regions (self);

  self->regions = (const MsRegion *) (gpointer) regions->data;
  self->n_regions = regions->len;

  memset (&self->total, 0, sizeof self->total);
  memset (self->per_kind, 0, sizeof self->per_kind);

  /* Each region into its kind's totals, then those into the whole's: the
   * same sums (saturated or not) for half the work. */
  for (guint i = 0; i < self->n_regions; i++)
    {
      const MsRegion *r = &self->regions[i];

      ms_totals_add_region (r->kind < MS_N_KINDS ? &self->per_kind[r->kind] : &self->total, r);
    }
  for (guint k = 0; k < MS_N_KINDS; k++)
    add_totals (&self->total, &self->per_kind[k]);

  /* What holding it costs: its array as allocated (read arrays get their
   * capacity ahead of the parser, and are reused) and its strings (the
   * paths; neighbours share theirs). */
  {
    MsSnapshotReal *real = (MsSnapshotReal *) self;
    const char *last_path = NULL;
    gsize size = sizeof (MsSnapshotReal) + regions->len * sizeof (MsRegion);

#ifdef __GLIBC__
    if (regions->data != NULL)
      size = MAX (size, sizeof (MsSnapshotReal) + malloc_usable_size (regions->data));
#endif
    for (guint i = 0; i < self->n_regions; i++)
      if (self->regions[i].path != NULL && self->regions[i].path != last_path)
        {
          last_path = self->regions[i].path;
          size += strlen (last_path) + 1;
        }
    real->memory_size = size;
  }
}

gsize
_ms_snapshot_get_memory_size (const MsSnapshot *self)
{
  return ((const MsSnapshotReal *) self)->memory_size;
}

gboolean
_ms_snapshot_same_content (const MsSnapshot *a,
                           const MsSnapshot *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a == b)
    return TRUE;

  if (a->source != b->source || a->pid != b->pid || a->uid != b->uid ||
      a->n_regions != b->n_regions || a->n_threads != b->n_threads ||
      a->has_counters != b->has_counters || a->partial != b->partial || a->n_malformed != b->n_malformed ||
      memcmp (&a->status, &b->status, sizeof a->status) != 0 ||
      g_strcmp0 (a->name, b->name) != 0 || g_strcmp0 (a->cmdline, b->cmdline) != 0 ||
      g_strcmp0 (a->user, b->user) != 0)
    return FALSE;

  for (guint i = 0; i < a->n_regions; i++)
    if (!ms_region_equal (&a->regions[i], &b->regions[i]))
      return FALSE;

  return TRUE;
}

G_LOCK_DEFINE_STATIC (confirmed_lock);

gint64
_ms_snapshot_get_confirmed (MsSnapshot *self)
{
  MsSnapshotReal *real = (MsSnapshotReal *) self;
  gint64 confirmed;

  G_LOCK (confirmed_lock);
  confirmed = MAX (self->time_usec, real->confirmed_usec);
  G_UNLOCK (confirmed_lock);
  return confirmed;
}

void
_ms_snapshot_confirm (MsSnapshot *self,
                      gint64      time_usec)
{
  MsSnapshotReal *real = (MsSnapshotReal *) self;

  G_LOCK (confirmed_lock);
  real->confirmed_usec = MAX (real->confirmed_usec, time_usec);
  G_UNLOCK (confirmed_lock);
}

MsSnapshot *
ms_snapshot_ref (MsSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
ms_snapshot_clear (gpointer data)
{
  MsSnapshotReal *real = data;

  g_clear_pointer (&real->pub.source_path, g_free);
  g_clear_pointer (&real->pub.name, g_free);
  g_clear_pointer (&real->pub.cmdline, g_free);
  g_clear_pointer (&real->pub.user, g_free);
  g_clear_pointer (&real->strings, g_string_chunk_free);
  g_clear_pointer (&real->regions, give_back_region_array);
}

void
ms_snapshot_unref (MsSnapshot *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, ms_snapshot_clear);
}

gboolean
ms_snapshot_is_partial (const MsSnapshot *snapshot)
{
  return snapshot != NULL && snapshot->partial;
}

gboolean
ms_snapshot_is_process (const MsSnapshot *snapshot,
                        int               pid)
{
  return snapshot != NULL && snapshot->source == MS_SOURCE_PROCESS && pid > 0 && snapshot->pid == pid;
}

gboolean
ms_snapshot_same_process (const MsSnapshot *a,
                          const MsSnapshot *b)
{
  return a != NULL && ms_snapshot_is_process (b, a->pid) && a->source == MS_SOURCE_PROCESS;
}

int
ms_snapshot_find_region (const MsSnapshot *self,
                         guint64           address)
{
  g_return_val_if_fail (self != NULL, -1);

  return ms_regions_find (self->regions, self->n_regions, address);
}

int
ms_snapshot_find_start (const MsSnapshot *self,
                        guint64           start)
{
  int i = ms_snapshot_find_region (self, start);

  if (i >= 0 && self->regions[i].start == start)
    return i;
  return -1;
}

static inline guint64
mix (guint64 hash,
     guint64 value)
{
  /* A word at a time: multiply by the golden ratio and fold the high half
   * down. Enough to tell a change, at an eighth of a byte-wise hash's cost. */
  hash = (hash ^ value) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  return hash ^ (hash >> 32);
}

guint64
ms_snapshot_compute_fingerprint (const MsRegion *regions,
                                 guint           n_regions,
                                 guint           n_threads,
                                 guint64         rss,
                                 guint64         anonymous,
                                 guint64         swap)
{
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);
  const char *last_path = NULL;
  guint path_hash = 0;

  for (guint i = 0; i < n_regions; i++)
    {
      const MsRegion *r = &regions[i];

      /* paths are interned per snapshot: hash the text, not the pointer,
       * but once for a run of regions of the same file */
      if (r->path != last_path)
        {
          last_path = r->path;
          path_hash = r->path != NULL ? g_str_hash (r->path) : 0;
        }

      hash = mix (hash, r->start);
      hash = mix (hash, r->end);
      hash = mix (hash, r->offset);
      hash = mix (hash, r->inode);
      hash = mix (hash, ((guint64) r->dev_major << 32) | r->dev_minor);
      hash = mix (hash, r->perms);
      hash = mix (hash, path_hash);
    }

  hash = mix (hash, n_regions);
  hash = mix (hash, n_threads);
  hash = mix (hash, rss);
  hash = mix (hash, anonymous);
  hash = mix (hash, swap);
  return hash != 0 ? hash : 1;
}
