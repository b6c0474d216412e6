/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-classify"

#include "config.h"

#include "ms-classify.h"

#include <string.h>

/* What we learn about each file before classifying its regions. Paths are
 * interned, so one pointer is one file. */
typedef struct {
  guint64  last_end;
  gboolean has_text;
  gboolean has_data;
} ObjectInfo;

static gboolean
is_vdso_name (const char *path)
{
  return strcmp (path, "[vdso]") == 0 ||
         strcmp (path, "[vvar]") == 0 ||
         strcmp (path, "[vvar_vclock]") == 0 ||
         strcmp (path, "[vsyscall]") == 0 ||
         strcmp (path, "[uprobes]") == 0;
}

static gboolean
is_shm (const MsRegion *region)
{
  const char *path = region->path;

  if ((region->perms & MS_PERM_SHARED) && ms_region_is_anonymous (region))
    return TRUE;
  if (path == NULL)
    return FALSE;

  return strcmp (path, "/dev/zero") == 0 ||
         g_str_has_prefix (path, "/dev/zero (deleted)") ||
         g_str_has_prefix (path, "/dev/shm/") ||
         g_str_has_prefix (path, "/SYSV") ||
         g_str_has_prefix (path, "/memfd:") ||
         g_str_has_prefix (path, "[anon_shmem:");
}

static GHashTable *
collect_objects (const MsRegion *regions,
                 guint           n_regions)
{
  GHashTable *objects = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  for (guint i = 0; i < n_regions; i++)
    {
      const MsRegion *r = &regions[i];
      ObjectInfo *info;

      if (!ms_region_is_file_backed (r))
        continue;

      info = g_hash_table_lookup (objects, r->path);
      if (info == NULL)
        {
          info = g_new0 (ObjectInfo, 1);
          g_hash_table_insert (objects, (gpointer) r->path, info);
        }

      info->last_end = MAX (info->last_end, r->end);
      if (r->perms & MS_PERM_EXEC)
        info->has_text = TRUE;
    }

  /* A data mapping is one of an ELF object, so it needs the text pass first. */
  for (guint i = 0; i < n_regions; i++)
    {
      const MsRegion *r = &regions[i];
      ObjectInfo *info;

      if (!ms_region_is_file_backed (r) ||
          (r->perms & (MS_PERM_WRITE | MS_PERM_SHARED)) != MS_PERM_WRITE)
        continue;

      info = g_hash_table_lookup (objects, r->path);
      if (info->has_text)
        info->has_data = TRUE;
    }

  return objects;
}

static MsKind
classify_one (MsRegion       *regions,
              guint           i,
              GHashTable     *objects,
              const gboolean *holds_thread_sp)
{
  MsRegion *r = &regions[i];
  const char *path = r->path;
  gboolean writable_private = (r->perms & (MS_PERM_WRITE | MS_PERM_SHARED)) == MS_PERM_WRITE;
  ObjectInfo *info;

  if ((r->perms & (MS_PERM_READ | MS_PERM_WRITE | MS_PERM_EXEC)) == 0)
    return MS_KIND_RESERVED;  /* told apart from guards by classify_no_access() */
  if (path != NULL && is_vdso_name (path))
    return MS_KIND_VDSO;
  if (path != NULL && strcmp (path, "[heap]") == 0)
    return MS_KIND_HEAP;
  if (path != NULL && strcmp (path, "[stack]") == 0)
    return MS_KIND_STACK;
  if (is_shm (r))
    return MS_KIND_SHM;

  if (ms_region_is_anonymous (r))
    {
      if ((r->perms & MS_PERM_WRITE) && holds_thread_sp != NULL && holds_thread_sp[i])
        return MS_KIND_THREAD_STACK;

      if (writable_private && i > 0)
        {
          const MsRegion *prev = &regions[i - 1];

          if (prev->end == r->start && ms_region_is_file_backed (prev))
            {
              info = g_hash_table_lookup (objects, prev->path);
              if (info->has_data && info->last_end == prev->end)
                {
                  r->object = prev->path;
                  return MS_KIND_BSS;
                }
            }
        }

      return MS_KIND_MMAP_ANON;
    }

  info = g_hash_table_lookup (objects, path);

  if (r->perms & MS_PERM_EXEC)
    {
      r->object = path;
      return MS_KIND_TEXT;
    }
  if (info->has_text && !(r->perms & MS_PERM_WRITE))
    {
      r->object = path;
      return MS_KIND_RODATA;
    }
  if (info->has_text && writable_private)
    {
      r->object = path;
      return MS_KIND_DATA;
    }

  return MS_KIND_MMAP_FILE;
}

static gboolean
has_vm_flag (const MsRegion *r,
             const char     *flag)
{
  const char *p = r->vm_flags;
  gsize len = strlen (flag);

  while (p != NULL && *p != '\0')
    {
      while (*p == ' ')
        p++;
      if (strncmp (p, flag, len) == 0 && (p[len] == ' ' || p[len] == '\0'))
        return TRUE;
      p = strchr (p, ' ');
    }

  return FALSE;
}

/* Largest no-access range taken for a thread's guard in a capture that has no
 * thread list (glibc's default is one page; pthread_attr_setguardsize() can
 * ask for more). */
#define GUARD_MAX_WITHOUT_THREADS (1024 * 1024)

/* glibc's HEAP_MAX_SIZE on 64-bit: a thread arena is a reservation of this
 * size, aligned to it, writable from its start, no-access in its tail. */
#define ARENA_SIZE G_GUINT64_CONSTANT (64 * 1024 * 1024)

/* Whether no-access @r is the tail of a glibc thread arena: it ends on an
 * arena boundary, right after private writable anonymous memory that starts
 * on one. */
static gboolean
is_arena_tail (const MsRegion *regions,
               guint           i)
{
  const MsRegion *r = &regions[i];
  const MsRegion *prev = i > 0 ? &regions[i - 1] : NULL;

  return ms_region_is_anonymous (r) && r->end % ARENA_SIZE == 0 &&
         prev != NULL && prev->end == r->start && ms_region_is_anonymous (prev) &&
         (prev->perms & (MS_PERM_WRITE | MS_PERM_SHARED)) == MS_PERM_WRITE &&
         prev->start % ARENA_SIZE == 0 && r->end - prev->start <= ARENA_SIZE;
}

/* A no-access region (classified MS_KIND_RESERVED in the first pass) that
 * protects a neighbour is a guard: MADV_GUARD_INSTALL ranges (`gu`), the
 * pages right below the stack or a thread stack and, when there is no thread
 * list to find thread stacks by, a small no-access range right below
 * private writable anonymous memory (where glibc puts a thread's guard).
 * Any other stays reserved; one inside an ELF object (its own path, or
 * anonymous between two of its mappings) is that object's alignment hole. */
static MsKind
classify_no_access (MsRegion   *regions,
                    guint       n_regions,
                    guint       i,
                    GHashTable *objects,
                    gboolean    have_threads)
{
  MsRegion *r = &regions[i];
  const MsRegion *next = i + 1 < n_regions && regions[i + 1].start == r->end ? &regions[i + 1] : NULL;
  const MsRegion *prev = i > 0 && regions[i - 1].end == r->start ? &regions[i - 1] : NULL;

  if (has_vm_flag (r, "gu"))
    return MS_KIND_GUARD;
  if (next != NULL && (next->kind == MS_KIND_STACK || next->kind == MS_KIND_THREAD_STACK))
    return MS_KIND_GUARD;
  if (!have_threads && next != NULL && !is_arena_tail (regions, i) && ms_region_is_anonymous (r) && ms_region_is_anonymous (next) &&
      ms_region_get_size (r) <= GUARD_MAX_WITHOUT_THREADS &&
      (next->perms & (MS_PERM_WRITE | MS_PERM_SHARED)) == MS_PERM_WRITE &&
      next->kind != MS_KIND_BSS)
    return MS_KIND_GUARD;

  if (ms_region_is_file_backed (r))
    {
      ObjectInfo *info = g_hash_table_lookup (objects, r->path);

      if (info->has_text)
        r->object = r->path;
    }
  else if (prev != NULL && next != NULL && ms_region_is_file_backed (prev) &&
           g_strcmp0 (prev->path, next->path) == 0)
    {
      ObjectInfo *info = g_hash_table_lookup (objects, prev->path);

      if (info->has_text)
        r->object = prev->path;
    }

  return MS_KIND_RESERVED;
}

guint
ms_classify (MsRegion      *regions,
             guint          n_regions,
             const guint64 *thread_sps,
             guint          n_thread_sps)
{
  g_autoptr(GHashTable) objects = NULL;
  g_autofree gboolean *holds_thread_sp = NULL;
  guint n_thread_stacks = 0;

  g_return_val_if_fail (regions != NULL || n_regions == 0, 0);
  g_return_val_if_fail (thread_sps != NULL || n_thread_sps == 0, 0);

  objects = collect_objects (regions, n_regions);

  if (n_thread_sps > 0)
    {
      holds_thread_sp = g_new0 (gboolean, n_regions);
      for (guint t = 0; t < n_thread_sps; t++)
        {
          int i = ms_regions_find (regions, n_regions, thread_sps[t]);

          if (i >= 0)
            holds_thread_sp[i] = TRUE;
        }
    }

  for (guint i = 0; i < n_regions; i++)
    {
      regions[i].object = NULL;
      regions[i].kind = (guint8) classify_one (regions, i, objects, holds_thread_sp);
      if (regions[i].kind == MS_KIND_THREAD_STACK)
        n_thread_stacks++;
    }

  /* Guards are told by their neighbours' kinds, so they need the first pass. */
  for (guint i = 0; i < n_regions; i++)
    if (regions[i].kind == MS_KIND_RESERVED)
      regions[i].kind = (guint8) classify_no_access (regions, n_regions, i, objects, n_thread_sps > 0);

  return n_thread_stacks;
}
