/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-system"

#include "config.h"

#include "ms-system.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-proc.h"
#include "ms-process-list.h"
#include "ms-reader.h"
#include "ms-region.h"
#include "ms-snapshot.h"

/* --- rows ----------------------------------------------------------------- */

void
ms_system_process_free (MsSystemProcess *process)
{
  if (process == NULL)
    return;
  g_free (process->name);
  g_free (process->user);
  g_free (process->cgroup);
  g_free (process);
}

void
ms_system_object_free (MsSystemObject *object)
{
  if (object == NULL)
    return;
  g_free (object->object);
  g_clear_pointer (&object->pids, g_array_unref);
  g_free (object);
}

void
ms_system_group_free (MsSystemGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->name);
  g_free (group->path);
  ms_cgroup_memory_clear (&group->memory);
  g_free (group);
}

MsSystemSnapshot *
ms_system_snapshot_ref (MsSystemSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ms_system_snapshot_unref (MsSystemSnapshot *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->processes, g_ptr_array_unref);
  g_clear_pointer (&self->objects, g_ptr_array_unref);
  g_clear_pointer (&self->shm, g_array_unref);
  g_clear_pointer (&self->cgroups, g_ptr_array_unref);
  g_free (self);
}

const MsSystemProcess *
ms_system_snapshot_find (const MsSystemSnapshot *self,
                         int                     pid)
{
  guint lo = 0, hi;

  g_return_val_if_fail (self != NULL, NULL);
  hi = self->processes->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const MsSystemProcess *p = g_ptr_array_index (self->processes, mid);

      if (p->pid == pid)
        return p;
      if (p->pid < pid)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

/* --- reading one process -------------------------------------------------- */

typedef enum {
  SLOT_SKIPPED,      /* a kernel thread or a zombie: no user memory */
  SLOT_VANISHED,
  SLOT_UNREADABLE,
  SLOT_READ,
} SlotState;

/* What one object of one process adds. */
typedef struct {
  char   *key;
  MsKind  kind;
  guint64 rss, pss, uss, swap;
} ObjectPart;

typedef struct {
  SlotState        state;
  MsCgroupPaths    cgroup_paths;
  MsSystemProcess *process;
  GArray          *objects;   /* (element-type ObjectPart) or NULL */
} Slot;

static gboolean
is_gone (int saved_errno)
{
  return saved_errno == ENOENT || saved_errno == ESRCH;
}

/* The system-wide key of one region (see MsSystemObject): the file it
 * maps, as its own smaps names it, so that each row adds up with the
 * regions of that path in every process's smaps (`smem -m`). */
static char *
object_key (const MsRegion *region)
{
  /* Every private SysV segment has the key 0: its id (the inode) tells
   * them apart, and which processes map each. */
  if (region->path != NULL && g_str_has_prefix (region->path, "/SYSV"))
    return g_strdup_printf ("%s (shmid %" G_GUINT64_FORMAT ")", region->path, region->inode);
  if (region->path != NULL && region->path[0] == '/')
    return g_strdup (region->path);
  return g_strdup_printf ("[%s]", ms_kind_to_id (region->kind));
}

/* What each object of @snapshot adds: (element-type ObjectPart), one per
 * key (the regions of one file, or the memory of one kind no file backs). */
static GArray *
object_parts_new (const MsSnapshot *snapshot)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GArray *parts = g_array_new (FALSE, TRUE, sizeof (ObjectPart));

  for (guint i = 0; i < snapshot->n_regions; i++)
    {
      const MsRegion *r = &snapshot->regions[i];
      /* (most keys are the path itself: looked up without a copy) */
      gboolean plain = r->path != NULL && r->path[0] == '/' && !g_str_has_prefix (r->path, "/SYSV");
      char *made = plain ? NULL : object_key (r);
      const char *key = plain ? r->path : made;
      gpointer index_plus_one = g_hash_table_lookup (seen, key);
      ObjectPart *part;

      if (index_plus_one == NULL)
        {
          ObjectPart fresh = { .key = made != NULL ? g_steal_pointer (&made) : g_strdup (key), .kind = r->kind };

          g_array_append_val (parts, fresh);
          g_hash_table_insert (seen, fresh.key, GUINT_TO_POINTER (parts->len));
          part = &g_array_index (parts, ObjectPart, parts->len - 1);
        }
      else
        {
          part = &g_array_index (parts, ObjectPart, GPOINTER_TO_UINT (index_plus_one) - 1);
        }
      g_free (made);
      /* A library or program is text however it starts. */
      if (r->kind == MS_KIND_TEXT)
        part->kind = MS_KIND_TEXT;
      part->rss = ms_add_saturated (part->rss, r->counters.rss);
      part->pss = ms_add_saturated (part->pss, r->counters.pss);
      part->uss = ms_add_saturated (part->uss, ms_region_get_uss (r));
      part->swap = ms_add_saturated (part->swap, r->counters.swap);
    }
  return parts;
}

static void
object_parts_free (GArray *parts)
{
  for (guint j = 0; j < parts->len; j++)
    g_free (g_array_index (parts, ObjectPart, j).key);
  g_array_unref (parts);
}

static GArray *
read_objects (int           pid,
              GCancellable *cancellable,
              SlotState    *state)
{
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  snapshot = ms_read_pid (pid, cancellable, &error);
  if (snapshot == NULL)
    {
      if (g_error_matches (error, MS_ERROR, MS_ERROR_PERMISSION_DENIED))
        *state = SLOT_UNREADABLE;
      else if (g_error_matches (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS))
        *state = SLOT_VANISHED;
      return NULL;
    }
  return object_parts_new (snapshot);
}

static void
read_process (int                pid,
              MsSystemReadFlags  flags,
              GByteArray        *buffer,
              GCancellable      *cancellable,
              Slot              *slot)
{
  MsStatusLines status;
  MsRollup rollup;
  MsSystemProcess *p;
  int saved_errno = 0;
  int dir;

  slot->state = SLOT_VANISHED;
  dir = ms_proc_open_pid (pid, &saved_errno);
  if (dir < 0)
    return;

  if (!ms_proc_read_at (dir, "status", buffer, &saved_errno))
    goto out;
  ms_status_lines_parse ((const char *) buffer->data, buffer->len, &status);
  if (!status.has_vm)
    {
      slot->state = SLOT_SKIPPED;
      goto out;
    }

  p = g_new0 (MsSystemProcess, 1);
  p->pid = pid;
  p->uid = status.uid;
  p->vss = status.vm_size;
  p->rss = status.vm_rss;
  if (ms_proc_read_at (dir, "comm", buffer, &saved_errno))
    {
      gsize len = buffer->len;

      if (len > 0 && buffer->data[len - 1] == '\n')
        len--;
      p->name = g_strndup ((const char *) buffer->data, len);
    }
  else
    {
      p->name = g_strdup ("");
    }

  if (ms_cgroup_read_pid (pid, &slot->cgroup_paths, NULL))
    p->cgroup = g_strdup (ms_cgroup_paths_best (&slot->cgroup_paths));

  if (ms_proc_read_at (dir, "smaps_rollup", buffer, &saved_errno))
    {
      ms_rollup_parse ((const char *) buffer->data, buffer->len, &rollup);
      if (!rollup.has_rss)
        {
          /* Exited between status and now: its rollup is empty. */
          ms_system_process_free (p);
          slot->state = status.has_vm ? SLOT_VANISHED : SLOT_SKIPPED;
          goto out;
        }
      p->readable = TRUE;
      p->rss = rollup.rss;
      p->pss = rollup.pss;
      p->uss = ms_add_saturated (rollup.private_clean, rollup.private_dirty);
      p->swap = rollup.swap;
      p->swap_pss = rollup.swap_pss;
      slot->state = SLOT_READ;
    }
  else if (is_gone (saved_errno))
    {
      ms_system_process_free (p);
      goto out;
    }
  else
    {
      slot->state = SLOT_UNREADABLE;
    }
  slot->process = p;

  if ((flags & MS_SYSTEM_READ_OBJECTS) && slot->state == SLOT_READ)
    {
      SlotState state = SLOT_READ;

      slot->objects = read_objects (pid, cancellable, &state);
      if (slot->objects == NULL && !g_cancellable_is_cancelled (cancellable))
        {
          /* Its rows would not add up with the objects: leave it out. */
          slot->state = state == SLOT_READ ? SLOT_VANISHED : state;
          if (state != SLOT_UNREADABLE)
            g_clear_pointer (&slot->process, ms_system_process_free);
          else
            p->readable = FALSE;
        }
    }

out:
  close (dir);
}

/* --- reading on every core ------------------------------------------------ */

typedef struct {
  const int         *pids;
  Slot              *slots;
  guint              n;
  int                next;       /* atomic */
  MsSystemReadFlags  flags;
  MsSystemProgress  *progress;
  GCancellable      *cancellable;
} Work;

static gpointer
work_thread (gpointer data)
{
  Work *work = data;
  g_autoptr(GByteArray) buffer = g_byte_array_sized_new (4096);

  for (;;)
    {
      int i = g_atomic_int_add (&work->next, 1);

      if ((guint) i >= work->n || g_cancellable_is_cancelled (work->cancellable))
        break;
      read_process (work->pids[i], work->flags, buffer, work->cancellable, &work->slots[i]);
      if (work->progress != NULL)
        g_atomic_int_inc (&work->progress->done);
    }
  return NULL;
}

static int
compare_objects_by_pss (gconstpointer a,
                        gconstpointer b)
{
  const MsSystemObject *x = *(MsSystemObject * const *) a;
  const MsSystemObject *y = *(MsSystemObject * const *) b;

  if (x->pss != y->pss)
    return x->pss > y->pss ? -1 : 1;
  return g_strcmp0 (x->object, y->object);
}

/* Adds what @pid's @parts add to the objects of @by_key (each key to its
 * object), new objects to @objects. @pid is inserted in order. */
static void
add_object_parts (GHashTable *by_key,
                  GPtrArray  *objects,
                  int         pid,
                  GArray     *parts)
{
  for (guint j = 0; j < parts->len; j++)
    {
      ObjectPart *part = &g_array_index (parts, ObjectPart, j);
      MsSystemObject *o = g_hash_table_lookup (by_key, part->key);
      guint at;

      if (o == NULL)
        {
          o = g_new0 (MsSystemObject, 1);
          o->object = g_strdup (part->key);
          o->kind = part->kind;
          o->pids = g_array_new (FALSE, FALSE, sizeof (int));
          g_ptr_array_add (objects, o);
          g_hash_table_insert (by_key, o->object, o);
        }
      o->rss = ms_add_saturated (o->rss, part->rss);
      o->pss = ms_add_saturated (o->pss, part->pss);
      o->uss = ms_add_saturated (o->uss, part->uss);
      o->swap = ms_add_saturated (o->swap, part->swap);
      /* Each process once per key: mostly they come in order. */
      at = o->pids->len;
      while (at > 0 && g_array_index (o->pids, int, at - 1) > pid)
        at--;
      g_array_insert_val (o->pids, at, pid);
    }
}

static GPtrArray *
merge_objects (const int *pids,
               Slot      *slots,
               guint      n)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_system_object_free);

  for (guint i = 0; i < n; i++)
    if (slots[i].objects != NULL && slots[i].state == SLOT_READ)
      add_object_parts (by_key, objects, pids[i], slots[i].objects);
  g_ptr_array_sort (objects, compare_objects_by_pss);
  return objects;
}

static void
free_slot (Slot *slot)
{
  ms_system_process_free (slot->process);
  ms_cgroup_paths_clear (&slot->cgroup_paths);
  g_clear_pointer (&slot->objects, object_parts_free);
}

static void
add_to_group (MsSystemGroup         *g,
              const MsSystemProcess *p)
{
  g->processes++;
  g->vss = ms_add_saturated (g->vss, p->vss);
  g->rss = ms_add_saturated (g->rss, p->rss);
  g->pss = ms_add_saturated (g->pss, p->pss);
  g->uss = ms_add_saturated (g->uss, p->uss);
  g->swap = ms_add_saturated (g->swap, p->swap);
  g->swap_pss = ms_add_saturated (g->swap_pss, p->swap_pss);
}

static int compare_groups_by_pss (gconstpointer a,
                                  gconstpointer b);

static MsSystemGroup *
cgroup_new (const char *path)
{
  MsSystemGroup *g = g_new0 (MsSystemGroup, 1);

  g->path = g_strdup (path);
  g->name = ms_cgroup_display_name (path);
  if (g->name[0] == '\0')
    {
      g_free (g->name);
      g->name = g_strdup ("/");
    }
  return g;
}

/* The readable processes by control group, each group's memory controller
 * read through the paths of its first process. */
static GPtrArray *
group_by_cgroup (const int *pids,
                 Slot      *slots,
                 guint      n)
{
  g_autoptr(GHashTable) by_path = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_system_group_free);

  for (guint i = 0; i < n; i++)
    {
      const MsSystemProcess *p = slots[i].process;
      MsSystemGroup *g;

      if (p == NULL || !p->readable || p->cgroup == NULL)
        continue;
      g = g_hash_table_lookup (by_path, p->cgroup);
      if (g == NULL)
        {
          g = cgroup_new (p->cgroup);
          g->has_memory = ms_cgroup_read_memory (&slots[i].cgroup_paths, NULL, &g->memory, NULL);
          g_ptr_array_add (groups, g);
          g_hash_table_insert (by_path, g->path, g);
        }
      add_to_group (g, p);
    }
  g_ptr_array_sort (groups, compare_groups_by_pss);
  return groups;
}

static GArray *
read_shm (GHashTable *users)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  int saved_errno;
  GArray *shm;

  if (!ms_proc_read_into ("/proc/sysvipc/shm", buffer, &saved_errno))
    return ms_sysvipc_shm_parse (NULL, 0);
  shm = ms_sysvipc_shm_parse ((const char *) buffer->data, buffer->len);
  for (guint i = 0; i < shm->len; i++)
    {
      MsShmSegment *s = &g_array_index (shm, MsShmSegment, i);
      const char *user = g_hash_table_lookup (users, GUINT_TO_POINTER (s->uid));

      if (user == NULL)
        {
          char *name = ms_proc_user_name ((uid_t) s->uid);

          g_hash_table_insert (users, GUINT_TO_POINTER (s->uid), name);
          user = name;
        }
      s->owner = g_strdup (user);
    }
  return shm;
}

MsSystemSnapshot *
ms_system_read (MsSystemReadFlags   flags,
                MsSystemProgress   *progress,
                GCancellable       *cancellable,
                GError            **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GArray) pids = NULL;
  g_autoptr(GHashTable) users = NULL;
  g_autoptr(GPtrArray) threads = NULL;
  MsSystemSnapshot *self;
  Work work = { 0 };
  Slot *slots;
  int saved_errno;
  guint n_threads;

  if (!ms_proc_read_into ("/proc/meminfo", buffer, &saved_errno))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_IO, _("Could not read /proc/meminfo: %s"), g_strerror (saved_errno));
      return NULL;
    }

  pids = ms_process_list_read_pids (error);
  if (pids == NULL)
    return NULL;

  self = g_new0 (MsSystemSnapshot, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->time_usec = g_get_real_time ();
  ms_meminfo_parse ((const char *) buffer->data, buffer->len, &self->meminfo);

  slots = g_new0 (Slot, pids->len);
  work.pids = (const int *) pids->data;
  work.slots = slots;
  work.n = pids->len;
  work.flags = flags;
  work.progress = progress;
  work.cancellable = cancellable;
  if (progress != NULL)
    {
      g_atomic_int_set (&progress->done, 0);
      g_atomic_int_set (&progress->total, (int) pids->len);
    }

  /* This thread and one more per further processor. */
  n_threads = CLAMP (g_get_num_processors (), 1, 16);
  threads = g_ptr_array_new ();
  for (guint t = 1; t < n_threads; t++)
    g_ptr_array_add (threads, g_thread_new ("ms-system-read", work_thread, &work));
  work_thread (&work);
  for (guint t = 0; t < threads->len; t++)
    g_thread_join (g_ptr_array_index (threads, t));

  self->cgroups = group_by_cgroup (work.pids, slots, pids->len);
  self->processes = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_system_process_free);
  users = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  for (guint i = 0; i < pids->len; i++)
    {
      Slot *slot = &slots[i];

      if (slot->state == SLOT_VANISHED)
        self->n_vanished++;
      if (slot->process == NULL)
        continue;
      if (slot->process->readable)
        {
          self->n_readable++;
          self->sum_uss = ms_add_saturated (self->sum_uss, slot->process->uss);
          self->sum_pss = ms_add_saturated (self->sum_pss, slot->process->pss);
        }
      else
        {
          self->n_unreadable++;
        }
      /* getpwuid() is not thread-safe: the names are looked up here. */
      if (!g_hash_table_contains (users, GUINT_TO_POINTER (slot->process->uid)))
        g_hash_table_insert (users, GUINT_TO_POINTER (slot->process->uid),
                             ms_proc_user_name ((uid_t) slot->process->uid));
      slot->process->user = g_strdup (g_hash_table_lookup (users, GUINT_TO_POINTER (slot->process->uid)));
      g_ptr_array_add (self->processes, g_steal_pointer (&slot->process));
    }
  if (flags & MS_SYSTEM_READ_OBJECTS)
    self->objects = merge_objects (work.pids, slots, pids->len);
  for (guint i = 0; i < pids->len; i++)
    free_slot (&slots[i]);
  g_free (slots);

  self->shm = read_shm (users);
  ms_ram_parts_compute (&self->meminfo, self->sum_uss, self->sum_pss, &self->parts);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      ms_system_snapshot_unref (self);
      return NULL;
    }
  return self;
}

typedef struct {
  MsSystemReadFlags  flags;
  MsSystemProgress  *progress;
} ReadData;

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ReadData *data = task_data;
  GError *error = NULL;
  MsSystemSnapshot *snapshot = ms_system_read (data->flags, data->progress, cancellable, &error);

  if (snapshot == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify) ms_system_snapshot_unref);
}

void
ms_system_read_async (MsSystemReadFlags   flags,
                      MsSystemProgress   *progress,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ReadData *data = g_new0 (ReadData, 1);

  data->flags = flags;
  data->progress = progress;
  g_task_set_source_tag (task, ms_system_read_async);
  g_task_set_name (task, "ms_system_read_async");
  g_task_set_task_data (task, data, g_free);
  g_task_run_in_thread (task, read_in_thread);
}

MsSystemSnapshot *
ms_system_read_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static MsSystemProcess *
copy_process (const MsSystemProcess *p)
{
  MsSystemProcess *copy = g_memdup2 (p, sizeof *p);

  copy->name = g_strdup (p->name);
  copy->user = g_strdup (p->user);
  copy->cgroup = g_strdup (p->cgroup);
  return copy;
}

static MsSystemObject *
copy_object (const MsSystemObject *o)
{
  MsSystemObject *copy = g_memdup2 (o, sizeof *o);

  copy->object = g_strdup (o->object);
  copy->pids = g_array_copy (o->pids);
  return copy;
}

/* @objects with the objects of each of @reads (element-type MsSnapshot:
 * processes that were not among them) added. */
static GPtrArray *
objects_add_reads (GPtrArray *objects,
                   GPtrArray *reads)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *merged;

  if (reads->len == 0)
    return g_ptr_array_ref (objects);
  merged = g_ptr_array_new_full (objects->len, (GDestroyNotify) ms_system_object_free);
  for (guint i = 0; i < objects->len; i++)
    {
      MsSystemObject *o = copy_object (g_ptr_array_index (objects, i));

      g_ptr_array_add (merged, o);
      g_hash_table_insert (by_key, o->object, o);
    }
  for (guint i = 0; i < reads->len; i++)
    {
      const MsSnapshot *s = g_ptr_array_index (reads, i);
      GArray *parts = object_parts_new (s);

      add_object_parts (by_key, merged, s->pid, parts);
      object_parts_free (parts);
    }
  g_ptr_array_sort (merged, compare_objects_by_pss);
  return merged;
}

static void
copy_cgroup_memory (MsCgroupMemory       *to,
                    const MsCgroupMemory *from)
{
  *to = *from;
  to->directory = g_strdup (from->directory);
}

/* The readable @processes by control group again: the memory controller's
 * figures kept from @cgroups where the group was there, read for a group
 * only processes read since (as administrator) are in. */
static GPtrArray *
cgroups_regroup (GPtrArray *cgroups,
                 GPtrArray *processes)
{
  g_autoptr(GHashTable) old_by_path = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) by_path = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_system_group_free);

  for (guint i = 0; i < cgroups->len; i++)
    {
      MsSystemGroup *g = g_ptr_array_index (cgroups, i);

      g_hash_table_insert (old_by_path, g->path, g);
    }
  for (guint i = 0; i < processes->len; i++)
    {
      const MsSystemProcess *p = g_ptr_array_index (processes, i);
      MsSystemGroup *g;

      if (!p->readable || p->cgroup == NULL)
        continue;
      g = g_hash_table_lookup (by_path, p->cgroup);
      if (g == NULL)
        {
          const MsSystemGroup *old = g_hash_table_lookup (old_by_path, p->cgroup);

          g = cgroup_new (p->cgroup);
          if (old != NULL)
            {
              g->has_memory = old->has_memory;
              copy_cgroup_memory (&g->memory, &old->memory);
            }
          else
            {
              /* /proc/PID/cgroup is open to everyone. */
              g_auto(MsCgroupPaths) paths = { 0 };

              if (ms_cgroup_read_pid (p->pid, &paths, NULL) &&
                  g_strcmp0 (ms_cgroup_paths_best (&paths), p->cgroup) == 0)
                g->has_memory = ms_cgroup_read_memory (&paths, NULL, &g->memory, NULL);
            }
          g_ptr_array_add (groups, g);
          g_hash_table_insert (by_path, g->path, g);
        }
      add_to_group (g, p);
    }
  g_ptr_array_sort (groups, compare_groups_by_pss);
  return groups;
}

MsSystemSnapshot *
ms_system_snapshot_add_reads (const MsSystemSnapshot *self,
                              GPtrArray              *reads)
{
  g_autoptr(GHashTable) by_pid = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) newly_read = g_ptr_array_new ();
  MsSystemSnapshot *copy;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (reads != NULL, NULL);

  for (guint i = 0; i < reads->len; i++)
    {
      const MsSnapshot *s = g_ptr_array_index (reads, i);

      if (s != NULL && s->source == MS_SOURCE_PROCESS && s->pid > 0)
        g_hash_table_insert (by_pid, GINT_TO_POINTER (s->pid), (gpointer) s);
    }

  copy = g_new0 (MsSystemSnapshot, 1);
  g_atomic_ref_count_init (&copy->ref_count);
  copy->time_usec = self->time_usec;
  copy->meminfo = self->meminfo;
  copy->n_vanished = self->n_vanished;
  copy->shm = g_array_ref (self->shm);
  copy->processes = g_ptr_array_new_full (self->processes->len, (GDestroyNotify) ms_system_process_free);
  for (guint i = 0; i < self->processes->len; i++)
    {
      MsSystemProcess *p = copy_process (g_ptr_array_index (self->processes, i));
      const MsSnapshot *s = g_hash_table_lookup (by_pid, GINT_TO_POINTER (p->pid));

      if (s != NULL && !p->readable)
        g_ptr_array_add (newly_read, (gpointer) s);
      if (s != NULL)
        {
          p->readable = TRUE;
          p->as_admin = TRUE;
          if (s->status.vm_size > 0)
            p->vss = s->status.vm_size;
          p->rss = s->total.rss;
          p->pss = s->total.pss;
          p->uss = s->total.uss;
          p->swap = s->total.swap;
          p->swap_pss = s->total.swap_pss;
        }
      if (p->readable)
        {
          copy->n_readable++;
          copy->sum_uss = ms_add_saturated (copy->sum_uss, p->uss);
          copy->sum_pss = ms_add_saturated (copy->sum_pss, p->pss);
        }
      else
        {
          copy->n_unreadable++;
        }
      g_ptr_array_add (copy->processes, p);
    }
  ms_ram_parts_compute (&copy->meminfo, copy->sum_uss, copy->sum_pss, &copy->parts);
  copy->objects = self->objects != NULL ? objects_add_reads (self->objects, newly_read) : NULL;
  copy->cgroups = cgroups_regroup (self->cgroups, copy->processes);
  return copy;
}

/* --- groupings ------------------------------------------------------------ */

static int
compare_groups_by_pss (gconstpointer a,
                       gconstpointer b)
{
  const MsSystemGroup *x = *(MsSystemGroup * const *) a;
  const MsSystemGroup *y = *(MsSystemGroup * const *) b;

  if (x->pss != y->pss)
    return x->pss > y->pss ? -1 : 1;
  return g_strcmp0 (x->name, y->name);
}

GPtrArray *
ms_system_group_by_user (const MsSystemSnapshot *self)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_system_group_free);

  g_return_val_if_fail (self != NULL, groups);

  for (guint i = 0; i < self->processes->len; i++)
    {
      const MsSystemProcess *p = g_ptr_array_index (self->processes, i);
      MsSystemGroup *g;

      if (!p->readable)
        continue;
      g = g_hash_table_lookup (by_name, p->user);
      if (g == NULL)
        {
          g = g_new0 (MsSystemGroup, 1);
          g->name = g_strdup (p->user);
          g_ptr_array_add (groups, g);
          g_hash_table_insert (by_name, g->name, g);
        }
      add_to_group (g, p);
    }
  g_ptr_array_sort (groups, compare_groups_by_pss);
  return groups;
}
