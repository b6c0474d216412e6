/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-classify"

#include "config.h"

#include "ms-classify.h"
#include "ms-classify-private.h"

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

#define MALLOC_ARENA "malloc arena"
#define GLIBC_MALLOC_ARENA_NAME "[anon: glibc: malloc arena]"

/* Whether private writable anonymous @regions[i] is the heap of a glibc
 * thread arena: it starts on an arena boundary and is followed right away by
 * its no-access tail, up to the next boundary (a heap grown to the full
 * 64 MiB has no tail, and cannot be told from other memory aligned so), or
 * glibc (2.39+, glibc.mem.decorate_maps=1) named it. */
static gboolean
is_arena_heap (const MsRegion *regions,
               guint           n_regions,
               guint           i)
{
  const MsRegion *r = &regions[i];
  const MsRegion *next = i + 1 < n_regions ? &regions[i + 1] : NULL;

  if (g_strcmp0 (r->path, GLIBC_MALLOC_ARENA_NAME) == 0)
    return TRUE;
  return r->start % ARENA_SIZE == 0 && next != NULL &&
         (next->perms & (MS_PERM_READ | MS_PERM_WRITE | MS_PERM_EXEC)) == 0 &&
         is_arena_tail (regions, i + 1);
}

#define GLIBC_THREAD_STACK_PREFIX "[anon: glibc: pthread stack: "

/* The TID of a thread stack glibc (2.39+, glibc.mem.decorate_maps=1) named
 * `[anon: glibc: pthread stack: TID]`, or 0. */
static gint64
glibc_thread_stack_tid (const char *path)
{
  guint64 tid = 0;
  const char *digits;
  char *end = NULL;

  if (path != NULL && g_str_has_prefix (path, "[anon:stack_and_tls:"))
    return _ms_classify_android_stack_tid (path);   /* Android's bionic */
  if (path == NULL || !g_str_has_prefix (path, GLIBC_THREAD_STACK_PREFIX))
    return 0;
  digits = path + strlen (GLIBC_THREAD_STACK_PREFIX);
  if (!g_ascii_isdigit (*digits))
    return 0;
  tid = g_ascii_strtoull (digits, &end, 10);
  if (end == NULL || strcmp (end, "]") != 0 || tid == 0 || tid > G_MAXINT)
    return 0;
  return (gint64) tid;
}

static MsKind
classify_one (MsRegion       *regions,
              guint           n_regions,
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
  /* Android's names: its runtime's heap, allocators, thread stacks, ashmem,
   * GPU, images and packages (code stays text) */
  if (!(ms_region_is_file_backed (r) && (r->perms & MS_PERM_EXEC)))
    {
      MsKind android = _ms_classify_android (r);

      /* an ART image's owner is its file; ashmem's is its name (owner_of) */
      if (android == MS_KIND_HEAP && ms_region_is_file_backed (r) && !g_str_has_prefix (path, "/dev/ashmem/"))
        r->object = path;
      if (android != MS_N_KINDS)
        return android;
    }
  if (is_shm (r))
    return MS_KIND_SHM;

  if (ms_region_is_anonymous (r))
    {
      if ((r->perms & MS_PERM_WRITE) && holds_thread_sp != NULL && holds_thread_sp[i])
        return MS_KIND_THREAD_STACK;
      if ((r->perms & MS_PERM_WRITE) && glibc_thread_stack_tid (path) != 0)
        return MS_KIND_THREAD_STACK;
      if (writable_private && is_arena_heap (regions, n_regions, i))
        {
          r->object = MALLOC_ARENA;
          return MS_KIND_HEAP;
        }

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

  if (is_arena_tail (regions, i))
    {
      r->object = MALLOC_ARENA;
    }
  else if (ms_region_is_file_backed (r))
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

/* "thread TID (name)", or "thread TID" without a name, interned. */
static const char *
thread_object (GStringChunk *strings,
               gint64        tid,
               const char   *name)
{
  g_autofree char *text = NULL;

  if (name != NULL && name[0] != '\0')
    text = g_strdup_printf ("thread %" G_GINT64_FORMAT " (%s)", tid, name);
  else
    text = g_strdup_printf ("thread %" G_GINT64_FORMAT, tid);
  return g_string_chunk_insert_const (strings, text);
}

/* The part of @path between @prefix and @suffix, stripped, interned; NULL
 * when @path does not have them or nothing is between them. */
static const char *
name_between (GStringChunk *strings,
              const char   *path,
              const char   *prefix,
              const char   *suffix)
{
  g_autofree char *name = NULL;
  gsize length;

  if (!g_str_has_prefix (path, prefix) || !g_str_has_suffix (path, suffix))
    return NULL;
  length = strlen (path);
  if (length < strlen (prefix) + strlen (suffix))
    return NULL;
  name = g_strndup (path + strlen (prefix), length - strlen (prefix) - strlen (suffix));
  g_strstrip (name);
  if (name[0] == '\0')
    return NULL;
  return g_string_chunk_insert_const (strings, name);
}

/* The owner of a region of anonymous (or shared, or named) memory. */
static const char *
owner_of (const MsRegion *r,
          gint64          sp_tid,
          const MsThread *threads,
          guint           n_threads,
          int             pid,
          const char     *comm,
          GStringChunk   *strings)
{
  const char *path = r->path;

  if (r->kind == MS_KIND_THREAD_STACK)
    {
      gint64 tid = sp_tid != 0 ? sp_tid : glibc_thread_stack_tid (path);
      const char *name = NULL;

      if (tid == 0)
        return NULL;
      for (guint t = 0; t < n_threads; t++)
        if (threads[t].tid == tid)
          name = threads[t].name;
      return thread_object (strings, tid, name);
    }
  if (r->kind == MS_KIND_STACK)
    return pid > 0 ? thread_object (strings, pid, comm) : NULL;
  if (path == NULL)
    return NULL;

  if (g_str_has_prefix (path, "[anon:"))
    return name_between (strings, path, "[anon:", "]");
  if (g_str_has_prefix (path, "[anon_shmem:"))
    return name_between (strings, path, "[anon_shmem:", "]");
  if (g_str_has_prefix (path, "/memfd:"))
    {
      const char *name = name_between (strings, path, "/memfd:", " (deleted)");

      return name != NULL ? name : name_between (strings, path, "/memfd:", "");
    }
  if (g_str_has_prefix (path, "/dev/ashmem/"))
    return _ms_classify_android_owner (path, strings);
  if (g_str_has_prefix (path, "/SYSV"))
    {
      /* "/SYSV0000abcd (deleted)": the segment's key. */
      const char *key = path + strlen ("/SYSV");
      g_autofree char *text = NULL;
      guint n = 0;

      while (g_ascii_isxdigit (key[n]))
        n++;
      if (n == 0)
        return NULL;
      text = g_strdup_printf ("0x%.*s", (int) n, key);
      return g_string_chunk_insert_const (strings, text);
    }

  return NULL;
}

guint
ms_classify (MsRegion      *regions,
             guint          n_regions,
             const guint64 *thread_sps,
             guint          n_thread_sps)
{
  g_autofree MsThread *threads = NULL;

  g_return_val_if_fail (regions != NULL || n_regions == 0, 0);
  g_return_val_if_fail (thread_sps != NULL || n_thread_sps == 0, 0);

  threads = g_new0 (MsThread, MAX (n_thread_sps, 1));
  for (guint t = 0; t < n_thread_sps; t++)
    threads[t].sp = thread_sps[t];
  return ms_classify_threads (regions, n_regions, threads, n_thread_sps, 0, NULL, NULL);
}

guint
ms_classify_threads (MsRegion       *regions,
                     guint           n_regions,
                     const MsThread *threads,
                     guint           n_threads,
                     int             pid,
                     const char     *comm,
                     GStringChunk   *strings)
{
  g_autoptr(GHashTable) objects = NULL;
  g_autofree gboolean *holds_thread_sp = NULL;
  g_autofree gint64 *sp_tid = NULL;
  guint n_thread_sps = n_threads;
  guint n_thread_stacks = 0;

  g_return_val_if_fail (regions != NULL || n_regions == 0, 0);
  g_return_val_if_fail (threads != NULL || n_threads == 0, 0);

  objects = collect_objects (regions, n_regions);

  if (n_threads > 0)
    {
      holds_thread_sp = g_new0 (gboolean, n_regions);
      sp_tid = g_new0 (gint64, n_regions);
      for (guint t = 0; t < n_threads; t++)
        {
          int i = ms_regions_find (regions, n_regions, threads[t].sp);

          if (i >= 0)
            {
              holds_thread_sp[i] = TRUE;
              sp_tid[i] = threads[t].tid;
            }
        }
    }

  for (guint i = 0; i < n_regions; i++)
    {
      regions[i].object = NULL;
      regions[i].kind = (guint8) classify_one (regions, n_regions, i, objects, holds_thread_sp);
      if (regions[i].kind == MS_KIND_THREAD_STACK)
        n_thread_stacks++;
    }

  /* Guards are told by their neighbours' kinds, so they need the first pass. */
  for (guint i = 0; i < n_regions; i++)
    if (regions[i].kind == MS_KIND_RESERVED)
      regions[i].kind = (guint8) classify_no_access (regions, n_regions, i, objects, n_thread_sps > 0);

  if (strings != NULL)
    for (guint i = 0; i < n_regions; i++)
      if (regions[i].object == NULL)
        regions[i].object = owner_of (&regions[i], sp_tid != NULL ? sp_tid[i] : 0,
                                      threads, n_threads, pid, comm, strings);

  return n_thread_stacks;
}

const char *
ms_detect_allocator (const MsRegion *regions,
                     guint           n_regions)
{
  static const struct {
    const char *prefix;
    const char *name;
  } allocators[] = {
    { "libjemalloc.so", "jemalloc" },
    { "libtcmalloc.so", "tcmalloc" },
    { "libtcmalloc_minimal.so", "tcmalloc" },
    { "libtcmalloc_and_profiler.so", "tcmalloc" },
    { "libmimalloc.so", "mimalloc" },
    { "libmimalloc-", "mimalloc" },
  };
  const char *last_path = NULL;

  g_return_val_if_fail (regions != NULL || n_regions == 0, NULL);

  for (guint i = 0; i < n_regions; i++)
    {
      const MsRegion *r = &regions[i];
      const char *base;

      /* Paths are interned: one comparison per file, not per mapping. */
      if (r->path == last_path || !ms_region_is_file_backed (r) || !(r->perms & MS_PERM_EXEC))
        continue;
      last_path = r->path;
      base = strrchr (r->path, '/') + 1;
      for (guint a = 0; a < G_N_ELEMENTS (allocators); a++)
        if (g_str_has_prefix (base, allocators[a].prefix))
          return allocators[a].name;
    }

  return NULL;
}
