/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-classify"

#include "config.h"

#include "ms-classify-private.h"

#include <string.h>

/* How Android names its memory (AOSP: bionic's and ART's prctl(PR_SET_VMA)
 * names, ashmem, the Adreno GPU's device), one row each; the first row
 * whose prefix (and, for files, suffix) matches gives the kind. */
typedef struct {
  const char *prefix;      /* the path starts with it */
  const char *suffix;      /* NULL, or the path ends with it (" (deleted)" aside) */
  MsKind      kind;
  gboolean    writable;    /* only when writable */
} AndroidRule;

static const AndroidRule rules[] = {
  /* ART's heap spaces: main, large object, zygote, non moving … */
  { "[anon:dalvik-", NULL, MS_KIND_HEAP, FALSE },
  /* the native allocators: scudo (Android 11+), jemalloc before it */
  { "[anon:scudo:", NULL, MS_KIND_HEAP, FALSE },
  { "[anon:libc_malloc]", NULL, MS_KIND_HEAP, FALSE },
  /* bionic names each thread's stack (and TLS) */
  { "[anon:stack_and_tls:", NULL, MS_KIND_THREAD_STACK, TRUE },
  /* before Android 8 ART's spaces were ashmem: /dev/ashmem/dalvik-… */
  { "/dev/ashmem/dalvik-", NULL, MS_KIND_HEAP, FALSE },
  { "/dev/ashmem/", NULL, MS_KIND_SHM, FALSE },
  /* the Adreno GPU's memory, shared with the GPU */
  { "/dev/kgsl-3d0", NULL, MS_KIND_SHM, FALSE },
  /* an ART image: objects of the Java heap, mapped from the file */
  { "/", ".art", MS_KIND_HEAP, FALSE },
  /* verified dex and packages: data the runtime reads (an .apk's native
   * code, mapped executable, is text before these rules) */
  { "/", ".vdex", MS_KIND_MMAP_FILE, FALSE },
  { "/", ".apk", MS_KIND_MMAP_FILE, FALSE },
};

static gboolean
ends_with (const char *path,
           const char *suffix)
{
  static const char deleted[] = " (deleted)";
  gsize length = strlen (path);
  gsize suffix_length = strlen (suffix);

  if (length > strlen (deleted) && strcmp (path + length - strlen (deleted), deleted) == 0)
    length -= strlen (deleted);
  return length >= suffix_length && memcmp (path + length - suffix_length, suffix, suffix_length) == 0;
}

MsKind
_ms_classify_android (const MsRegion *r)
{
  const char *path = r->path;

  /* Android's names start with one of "[anon:", "/dev/" or are files */
  if (path == NULL || (path[0] != '[' && path[0] != '/'))
    return MS_N_KINDS;

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      if (!g_str_has_prefix (path, rules[i].prefix))
        continue;
      if (rules[i].suffix != NULL && !ends_with (path, rules[i].suffix))
        continue;
      if (rules[i].suffix == NULL && strcmp (rules[i].prefix, "/dev/kgsl-3d0") == 0 &&
          strcmp (path, "/dev/kgsl-3d0") != 0)
        continue;
      if (rules[i].writable && !(r->perms & MS_PERM_WRITE))
        continue;
      return rules[i].kind;
    }
  return MS_N_KINDS;
}

gint64
_ms_classify_android_stack_tid (const char *path)
{
  static const char prefix[] = "[anon:stack_and_tls:";
  guint64 tid;
  char *end = NULL;

  if (path == NULL || !g_str_has_prefix (path, prefix) || !g_ascii_isdigit (path[strlen (prefix)]))
    return 0;
  tid = g_ascii_strtoull (path + strlen (prefix), &end, 10);
  if (end == NULL || strcmp (end, "]") != 0 || tid == 0 || tid > G_MAXINT)
    return 0;
  return (gint64) tid;
}

const char *
_ms_classify_android_owner (const char   *path,
                            GStringChunk *strings)
{
  static const char prefix[] = "/dev/ashmem/";
  g_autofree char *name = NULL;
  gsize length;

  if (path == NULL || !g_str_has_prefix (path, prefix) || path[strlen (prefix)] == '\0')
    return NULL;
  name = g_strdup (path + strlen (prefix));
  length = strlen (name);
  if (g_str_has_suffix (name, " (deleted)"))
    name[length - strlen (" (deleted)")] = '\0';
  g_strstrip (name);
  return *name != '\0' ? g_string_chunk_insert_const (strings, name) : NULL;
}
