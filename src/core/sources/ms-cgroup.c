/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-cgroup"

#include "config.h"

#include "ms-cgroup.h"

#include <errno.h>
#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#include "ms-proc.h"

/* How many hex digits of a container's ID are shown: what `docker ps`,
 * `podman ps` and `crictl ps` show, so that the two can be matched. */
#define SHORT_ID_LEN 12

void
ms_cgroup_paths_clear (MsCgroupPaths *paths)
{
  g_clear_pointer (&paths->unified, g_free);
  g_clear_pointer (&paths->memory, g_free);
  g_clear_pointer (&paths->pids, g_free);
  g_clear_pointer (&paths->systemd, g_free);
}

/* Whether the comma-separated @list (@len bytes) holds @word. */
static gboolean
list_has (const char *list,
          gsize       len,
          const char *word)
{
  gsize word_len = strlen (word);
  const char *end = list + len;

  while (list < end)
    {
      const char *comma = memchr (list, ',', (gsize) (end - list));
      gsize item_len = comma != NULL ? (gsize) (comma - list) : (gsize) (end - list);

      if (item_len == word_len && memcmp (list, word, word_len) == 0)
        return TRUE;
      if (comma == NULL)
        break;
      list = comma + 1;
    }
  return FALSE;
}

gboolean
ms_cgroup_parse_proc (const char    *text,
                      gsize          length,
                      MsCgroupPaths *paths)
{
  const char *p = text;
  const char *end = text + length;
  gboolean any = FALSE;

  memset (paths, 0, sizeof *paths);

  while (p < end)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      const char *line_end = nl != NULL ? nl : end;
      const char *colon1 = memchr (p, ':', (gsize) (line_end - p));
      const char *colon2 = colon1 != NULL ? memchr (colon1 + 1, ':', (gsize) (line_end - colon1 - 1)) : NULL;

      if (colon2 != NULL && colon1 > p && colon2 + 1 < line_end && colon2[1] == '/' &&
          memchr (colon2, '\0', (gsize) (line_end - colon2)) == NULL)
        {
          const char *controllers = colon1 + 1;
          gsize controllers_len = (gsize) (colon2 - controllers);
          gboolean id_zero = colon1 - p == 1 && p[0] == '0';
          char **slot = NULL;

          if (id_zero && controllers_len == 0)
            slot = &paths->unified;
          else if (list_has (controllers, controllers_len, "memory"))
            slot = &paths->memory;
          else if (list_has (controllers, controllers_len, "name=systemd"))
            slot = &paths->systemd;

          if (slot != NULL && *slot == NULL)
            {
              *slot = g_strndup (colon2 + 1, (gsize) (line_end - colon2 - 1));
              any = TRUE;
            }
          /* A hierarchy may hold several controllers ("pids,memory"). */
          if (!id_zero && paths->pids == NULL && list_has (controllers, controllers_len, "pids"))
            {
              paths->pids = g_strndup (colon2 + 1, (gsize) (line_end - colon2 - 1));
              any = TRUE;
            }
        }

      if (nl == NULL)
        break;
      p = nl + 1;
    }

  if (!any)
    ms_cgroup_paths_clear (paths);
  return any;
}

const char *
ms_cgroup_paths_best (const MsCgroupPaths *paths)
{
  if (paths->unified != NULL && strcmp (paths->unified, "/") != 0)
    return paths->unified;
  if (paths->systemd != NULL && strcmp (paths->systemd, "/") != 0)
    return paths->systemd;
  if (paths->memory != NULL && strcmp (paths->memory, "/") != 0)
    return paths->memory;
  return paths->unified != NULL ? paths->unified : "/";
}

/* --- display names -------------------------------------------------------- */

static gboolean
is_hex (const char *s,
        gsize       len)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* An ID shortened to SHORT_ID_LEN characters and "…". */
static void
append_short_id (GString    *out,
                 const char *id,
                 gsize       len)
{
  if (len > SHORT_ID_LEN)
    {
      g_string_append_len (out, id, SHORT_ID_LEN);
      g_string_append (out, "…");
    }
  else
    g_string_append_len (out, id, (gssize) len);
}

static gboolean
has_prefix_len (const char *s,
                gsize       len,
                const char *prefix)
{
  gsize plen = strlen (prefix);

  return len >= plen && memcmp (s, prefix, plen) == 0;
}

static gboolean
has_suffix_len (const char *s,
                gsize       len,
                const char *suffix)
{
  gsize slen = strlen (suffix);

  return len >= slen && memcmp (s + len - slen, suffix, slen) == 0;
}

/* "RUNTIME-ID.scope" (or "RUNTIME-ID"): the ID's start and length. */
static gboolean
match_runtime_scope (const char  *part,
                     gsize        len,
                     const char  *prefix,
                     const char **id,
                     gsize       *id_len)
{
  gsize plen = strlen (prefix);
  gsize n;

  if (!has_prefix_len (part, len, prefix))
    return FALSE;
  n = len - plen;
  if (has_suffix_len (part, len, ".scope"))
    n -= strlen (".scope");
  if (!is_hex (part + plen, n) || n < SHORT_ID_LEN)
    return FALSE;
  *id = part + plen;
  *id_len = n;
  return TRUE;
}

/* A pod's UID from "kubepods-besteffort-pod5e1f0a7b_….slice" (systemd
 * driver) or "pod5e1f0a7b-…" (cgroupfs driver). */
static gboolean
match_pod (const char  *part,
           gsize        len,
           const char **uid,
           gsize       *uid_len)
{
  const char *pod = NULL;

  if (has_prefix_len (part, len, "kubepods-") && has_suffix_len (part, len, ".slice"))
    {
      pod = g_strstr_len (part, (gssize) len, "-pod");
      if (pod == NULL)
        return FALSE;
      pod += strlen ("-pod");
      len -= strlen (".slice");
    }
  else if (has_prefix_len (part, len, "pod") && len > 3 + 8)
    pod = part + 3;
  else
    return FALSE;

  *uid = pod;
  *uid_len = (gsize) (part + len - pod);
  for (gsize i = 0; i < *uid_len; i++)
    if (!g_ascii_isxdigit (pod[i]) && pod[i] != '-' && pod[i] != '_')
      return FALSE;
  return *uid_len > 0;
}

char *
ms_cgroup_display_name (const char *path)
{
  g_autoptr(GString) container = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *pod = NULL, *unit = NULL, *last = NULL;
  gsize pod_len = 0, unit_len = 0, last_len = 0;
  const char *previous = NULL;
  gsize previous_len = 0;
  const char *p;

  if (path == NULL)
    return g_strdup ("");

  for (p = path; *p != '\0';)
    {
      const char *slash = strchr (p, '/');
      gsize len = slash != NULL ? (gsize) (slash - p) : strlen (p);
      const char *id;
      gsize id_len;

      if (len > 0)
        {
          const char *runtime = NULL;

          if (match_runtime_scope (p, len, "docker-", &id, &id_len))
            runtime = "docker";
          else if (match_runtime_scope (p, len, "libpod-conmon-", &id, &id_len))
            runtime = "podman conmon";
          else if (match_runtime_scope (p, len, "libpod-", &id, &id_len))
            runtime = "podman";
          else if (match_runtime_scope (p, len, "cri-containerd-", &id, &id_len))
            runtime = "containerd";
          else if (match_runtime_scope (p, len, "crio-conmon-", &id, &id_len))
            runtime = "cri-o conmon";
          else if (match_runtime_scope (p, len, "crio-", &id, &id_len))
            runtime = "cri-o";
          else if (previous != NULL && is_hex (p, len) && len >= 32 &&
                   (has_prefix_len (previous, previous_len, "docker") ||
                    has_prefix_len (previous, previous_len, "libpod") ||
                    has_prefix_len (previous, previous_len, "containerd") ||
                    pod != NULL))
            {
              /* cgroupfs driver: /docker/ID, /libpod_parent/ID, /kubepods/…/podUID/ID */
              runtime = has_prefix_len (previous, previous_len, "docker") ? "docker" :
                        has_prefix_len (previous, previous_len, "libpod") ? "podman" :
                        has_prefix_len (previous, previous_len, "containerd") ? "containerd" :
                        "container";
              id = p;
              id_len = len;
            }

          if (runtime != NULL)
            {
              g_string_truncate (container, 0);
              g_string_append_printf (container, "%s ", runtime);
              append_short_id (container, id, id_len);
            }
          else if (has_prefix_len (p, len, "lxc.payload.") && len > strlen ("lxc.payload."))
            {
              g_string_truncate (container, 0);
              g_string_append (container, "lxc ");
              g_string_append_len (container, p + strlen ("lxc.payload."),
                                   (gssize) (len - strlen ("lxc.payload.")));
            }
          else if (previous != NULL && previous_len == 3 && memcmp (previous, "lxc", 3) == 0 &&
                   container->len == 0)
            {
              g_string_append (container, "lxc ");
              g_string_append_len (container, p, (gssize) len);
            }
          else if (match_pod (p, len, &id, &id_len))
            {
              pod = id;
              pod_len = id_len;
            }
          else if (has_suffix_len (p, len, ".service") || has_suffix_len (p, len, ".scope"))
            {
              unit = p;
              unit_len = len;
            }

          last = p;
          last_len = len;
          previous = p;
          previous_len = len;
        }

      if (slash == NULL)
        break;
      p = slash + 1;
    }

  if (pod != NULL)
    {
      g_string_append (out, "pod ");
      append_short_id (out, pod, pod_len);
      if (container->len > 0)
        g_string_append_c (out, ' ');
    }
  if (container->len > 0)
    g_string_append_len (out, container->str, (gssize) container->len);
  else if (pod != NULL)
    ;
  else if (unit != NULL)
    g_string_append_len (out, unit, (gssize) unit_len);
  else if (last != NULL && last_len >= 32 && is_hex (last, last_len))
    append_short_id (out, last, last_len);
  else if (last != NULL)
    g_string_append_len (out, last, (gssize) last_len);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* --- mounts --------------------------------------------------------------- */

void
ms_cgroup_mounts_clear (MsCgroupMounts *mounts)
{
  g_clear_pointer (&mounts->unified, g_free);
  g_clear_pointer (&mounts->unified_root, g_free);
  g_clear_pointer (&mounts->memory_v1, g_free);
  g_clear_pointer (&mounts->memory_v1_root, g_free);
  g_clear_pointer (&mounts->pids_v1, g_free);
  g_clear_pointer (&mounts->pids_v1_root, g_free);
}

/* mountinfo's octal escapes (\040 for a space, …) undone. */
static char *
unescape_mount (const char *s,
                gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == '\\' && i + 3 < len &&
          s[i + 1] >= '0' && s[i + 1] <= '3' &&
          s[i + 2] >= '0' && s[i + 2] <= '7' &&
          s[i + 3] >= '0' && s[i + 3] <= '7')
        {
          g_string_append_c (out, (char) (((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) | (s[i + 3] - '0')));
          i += 3;
        }
      else
        g_string_append_c (out, s[i]);
    }
  return g_string_free (out, FALSE);
}

void
ms_cgroup_mounts_parse (const char     *text,
                        MsCgroupMounts *mounts)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  memset (mounts, 0, sizeof *mounts);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", -1);
      guint n = g_strv_length (fields);
      guint dash;
      const char *fstype, *options;

      /* id parent major:minor root mount-point options [optional…] - type source super-options */
      for (dash = 6; dash < n && strcmp (fields[dash], "-") != 0; dash++)
        ;
      if (n < 7 || dash + 1 >= n)
        continue;
      fstype = fields[dash + 1];
      options = dash + 3 < n ? fields[dash + 3] : "";

      if (strcmp (fstype, "cgroup2") == 0 && mounts->unified == NULL)
        {
          mounts->unified = unescape_mount (fields[4], strlen (fields[4]));
          mounts->unified_root = unescape_mount (fields[3], strlen (fields[3]));
        }
      else if (strcmp (fstype, "cgroup") == 0)
        {
          if (mounts->memory_v1 == NULL && list_has (options, strlen (options), "memory"))
            {
              mounts->memory_v1 = unescape_mount (fields[4], strlen (fields[4]));
              mounts->memory_v1_root = unescape_mount (fields[3], strlen (fields[3]));
            }
          if (mounts->pids_v1 == NULL && list_has (options, strlen (options), "pids"))
            {
              mounts->pids_v1 = unescape_mount (fields[4], strlen (fields[4]));
              mounts->pids_v1_root = unescape_mount (fields[3], strlen (fields[3]));
            }
        }
    }
}

const MsCgroupMounts *
ms_cgroup_mounts_get (void)
{
  static MsCgroupMounts mounts;
  static gsize done;

  if (g_once_init_enter (&done))
    {
      g_autofree char *text = NULL;

      if (g_file_get_contents ("/proc/self/mountinfo", &text, NULL, NULL))
        ms_cgroup_mounts_parse (text, &mounts);
      g_once_init_leave (&done, 1);
    }
  return &mounts;
}

/* --- reading a group ------------------------------------------------------ */

void
ms_cgroup_memory_clear (MsCgroupMemory *memory)
{
  g_clear_pointer (&memory->directory, g_free);
  memset (memory, 0, sizeof *memory);
}

gboolean
ms_cgroup_parse_limit (const char *text,
                       guint64    *value)
{
  char *end;
  guint64 v;

  while (*text == ' ' || *text == '\t')
    text++;
  if (g_str_has_prefix (text, "max") && (text[3] == '\0' || g_ascii_isspace (text[3])))
    {
      *value = MS_CGROUP_UNLIMITED;
      return TRUE;
    }
  if (!g_ascii_isdigit (*text))
    return FALSE;
  errno = 0;
  v = g_ascii_strtoull (text, &end, 10);
  if (errno != 0 || (*end != '\0' && !g_ascii_isspace (*end)))
    return FALSE;
  /* v1 writes "no limit" as the page counter's maximum (2^63 less a page). */
  *value = v >= (G_GUINT64_CONSTANT (1) << 62) ? MS_CGROUP_UNLIMITED : v;
  return TRUE;
}

gboolean
ms_cgroup_parse_event (const char *text,
                       gsize       length,
                       const char *name,
                       guint64    *value)
{
  gsize name_len = strlen (name);
  const char *p = text;
  const char *end = text + length;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      const char *line_end = nl != NULL ? nl : end;

      if ((gsize) (line_end - p) > name_len + 1 && memcmp (p, name, name_len) == 0 && p[name_len] == ' ')
        {
          guint64 v = 0;
          const char *q = p + name_len + 1;

          if (q < line_end && g_ascii_isdigit (*q))
            {
              for (; q < line_end && g_ascii_isdigit (*q); q++)
                {
                  if (v > (G_MAXUINT64 - 9) / 10)
                    return FALSE;
                  v = v * 10 + (guint64) (*q - '0');
                }
              if (q == line_end)
                {
                  *value = v;
                  return TRUE;
                }
            }
        }
      if (nl == NULL)
        break;
      p = nl + 1;
    }
  return FALSE;
}

/* The folder of @path in the hierarchy mounted at @mount whose root is
 * @root; NULL when @path is not under it or climbs out (".."). */
static char *
group_directory (const char *mount,
                 const char *root,
                 const char *path)
{
  const char *rest = path;

  if (mount == NULL || path == NULL || path[0] != '/' || strstr (path, "/..") != NULL)
    return NULL;
  if (root != NULL && strcmp (root, "/") != 0)
    {
      gsize root_len = strlen (root);

      if (strncmp (path, root, root_len) != 0 || (path[root_len] != '/' && path[root_len] != '\0'))
        return NULL;
      rest = path + root_len;
    }
  return g_build_filename (mount, rest, NULL);
}

/* The first line of @directory/@name; NULL with errno kept when missing. */
static char *
read_small (const char *directory,
            const char *name)
{
  g_autofree char *file = g_build_filename (directory, name, NULL);
  char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (file, &text, NULL, &error))
    return NULL;
  return text;
}

static gboolean
read_number (const char *directory,
             const char *name,
             guint64    *value)
{
  g_autofree char *text = read_small (directory, name);

  return text != NULL && ms_cgroup_parse_limit (text, value);
}

static gboolean
read_v2 (const char     *directory,
         MsCgroupMemory *memory)
{
  g_autofree char *events = NULL;

  if (!read_number (directory, "memory.current", &memory->current))
    return FALSE;
  memory->version = MS_CGROUP_V2;
  memory->has_current = TRUE;
  if (!read_number (directory, "memory.max", &memory->max))
    memory->max = MS_CGROUP_UNLIMITED;
  memory->has_peak = read_number (directory, "memory.peak", &memory->peak);
  memory->has_swap = read_number (directory, "memory.swap.current", &memory->swap_current);
  if (memory->has_swap && !read_number (directory, "memory.swap.max", &memory->swap_max))
    memory->swap_max = MS_CGROUP_UNLIMITED;
  events = read_small (directory, "memory.events");
  if (events != NULL)
    {
      memory->has_oom = ms_cgroup_parse_event (events, strlen (events), "oom", &memory->oom);
      memory->has_oom_kill = ms_cgroup_parse_event (events, strlen (events), "oom_kill", &memory->oom_kill);
    }
  return TRUE;
}

static gboolean
read_v1 (const char     *directory,
         MsCgroupMemory *memory)
{
  g_autofree char *oom_control = NULL;
  guint64 memsw_usage, memsw_limit;

  if (!read_number (directory, "memory.usage_in_bytes", &memory->current))
    return FALSE;
  memory->version = MS_CGROUP_V1;
  memory->has_current = TRUE;
  if (!read_number (directory, "memory.limit_in_bytes", &memory->max))
    memory->max = MS_CGROUP_UNLIMITED;
  memory->has_peak = read_number (directory, "memory.max_usage_in_bytes", &memory->peak);
  /* memsw counts memory and swap together. */
  if (read_number (directory, "memory.memsw.usage_in_bytes", &memsw_usage) &&
      read_number (directory, "memory.memsw.limit_in_bytes", &memsw_limit))
    {
      memory->has_swap = TRUE;
      memory->swap_current = memsw_usage > memory->current ? memsw_usage - memory->current : 0;
      if (memsw_limit == MS_CGROUP_UNLIMITED)
        memory->swap_max = MS_CGROUP_UNLIMITED;
      else
        memory->swap_max = memsw_limit - MIN (memsw_limit, memory->max);
    }
  oom_control = read_small (directory, "memory.oom_control");
  if (oom_control != NULL)
    memory->has_oom_kill = ms_cgroup_parse_event (oom_control, strlen (oom_control), "oom_kill", &memory->oom_kill);
  return TRUE;
}

static void
read_pids (const MsCgroupPaths  *paths,
           const MsCgroupMounts *mounts,
           MsCgroupMemory       *memory)
{
  g_autofree char *v2 = group_directory (mounts->unified, mounts->unified_root, paths->unified);
  g_autofree char *v1 = group_directory (mounts->pids_v1, mounts->pids_v1_root, paths->pids);
  const char *dirs[] = { v2, v1 };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      if (dirs[i] == NULL || !read_number (dirs[i], "pids.current", &memory->pids_current))
        continue;
      memory->has_pids = TRUE;
      if (!read_number (dirs[i], "pids.max", &memory->pids_max))
        memory->pids_max = MS_CGROUP_UNLIMITED;
      return;
    }
}

gboolean
ms_cgroup_read_memory (const MsCgroupPaths  *paths,
                       const MsCgroupMounts *mounts,
                       MsCgroupMemory       *memory,
                       GError              **error)
{
  g_autofree char *v2 = NULL;
  g_autofree char *v1 = NULL;

  memset (memory, 0, sizeof *memory);
  if (mounts == NULL)
    mounts = ms_cgroup_mounts_get ();

  v2 = group_directory (mounts->unified, mounts->unified_root, paths->unified);
  v1 = group_directory (mounts->memory_v1, mounts->memory_v1_root, paths->memory);

  if (v2 != NULL && read_v2 (v2, memory))
    memory->directory = g_steal_pointer (&v2);
  else if (v1 != NULL && read_v1 (v1, memory))
    memory->directory = g_steal_pointer (&v1);
  else
    {
      ms_cgroup_memory_clear (memory);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "No memory controller to read for the control group %s",
                   ms_cgroup_paths_best (paths));
      return FALSE;
    }

  read_pids (paths, mounts, memory);
  return TRUE;
}

gboolean
ms_cgroup_read_pid (int            pid,
                    MsCgroupPaths *paths,
                    GError       **error)
{
  g_autofree char *file = g_strdup_printf ("/proc/%d/cgroup", pid);
  g_autofree char *text = NULL;
  gsize length;

  memset (paths, 0, sizeof *paths);
  if (!g_file_get_contents (file, &text, &length, error))
    return FALSE;
  if (!ms_cgroup_parse_proc (text, length, paths))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s names no control group", file);
      return FALSE;
    }
  return TRUE;
}

/* --- a cache of names ----------------------------------------------------- */

struct _MsCgroupNameCache {
  GHashTable *names;       /* path → display name */
  GByteArray *buffer;
};

MsCgroupNameCache *
ms_cgroup_name_cache_new (void)
{
  MsCgroupNameCache *cache = g_new0 (MsCgroupNameCache, 1);

  cache->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  cache->buffer = g_byte_array_new ();
  return cache;
}

void
ms_cgroup_name_cache_free (MsCgroupNameCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->names);
  g_byte_array_unref (cache->buffer);
  g_free (cache);
}

const char *
ms_cgroup_name_cache_lookup_pid (MsCgroupNameCache *cache,
                                 int                pid)
{
  char file[64];
  g_auto(MsCgroupPaths) paths = { 0 };
  const char *best;
  const char *name;
  int saved_errno;

  g_snprintf (file, sizeof file, "/proc/%d/cgroup", pid);
  if (!ms_proc_read_into (file, cache->buffer, &saved_errno))
    return NULL;
  if (!ms_cgroup_parse_proc ((const char *) cache->buffer->data, cache->buffer->len, &paths))
    return NULL;

  best = ms_cgroup_paths_best (&paths);
  name = g_hash_table_lookup (cache->names, best);
  if (name == NULL)
    {
      name = ms_cgroup_display_name (best);
      g_hash_table_insert (cache->names, g_strdup (best), (char *) name);
    }
  return name;
}
