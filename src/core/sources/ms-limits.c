/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-limits"

#include "config.h"

#include "ms-limits.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "ms-proc.h"
#include "ms-reader-private.h"

static const MsHeadroomInfo headroom_info[] = {
  { MS_HEADROOM_ADDRESS_SPACE, "address-space", N_("Address space"), "VmSize", "RLIMIT_AS",
    N_("Past it, mmap, brk and malloc fail with “out of memory”"), MS_HEADROOM_BYTES },
  { MS_HEADROOM_DATA, "data", N_("Data size"), "VmData", "RLIMIT_DATA",
    N_("Private writable memory: heap, BSS, anonymous mappings; past it, brk and mmap fail"), MS_HEADROOM_BYTES },
  { MS_HEADROOM_STACK, "stack", N_("Stack"), "VmStk", "RLIMIT_STACK",
    N_("The main thread’s stack; growing past it is a segmentation fault"), MS_HEADROOM_BYTES },
  { MS_HEADROOM_LOCKED, "locked", N_("Locked memory"), "VmLck", "RLIMIT_MEMLOCK",
    N_("Memory kept in RAM with mlock; past it, mlock fails"), MS_HEADROOM_BYTES },
  { MS_HEADROOM_MAPPINGS, "mappings", N_("Mappings"), "/proc/PID/maps", "vm.max_map_count",
    N_("Past it, mmap and mprotect fail with ENOMEM"), MS_HEADROOM_COUNT },
  { MS_HEADROOM_THREADS, "threads", N_("Threads"), "Threads", "kernel.threads-max",
    N_("The most threads the whole system may have; past it, new threads fail"), MS_HEADROOM_COUNT },
  { MS_HEADROOM_CGROUP_TASKS, "cgroup-tasks", N_("Tasks in its group"), "pids.current", "pids.max",
    N_("Every thread of every process in its control group; past it, fork and new threads fail"), MS_HEADROOM_COUNT },
  { MS_HEADROOM_CGROUP_MEMORY, "cgroup-memory", N_("Memory of its group"), "memory.current", "memory.max",
    N_("All memory charged to its control group (pages, page cache, kernel); past it, the group is reclaimed, then its processes are killed"), MS_HEADROOM_BYTES },
  { MS_HEADROOM_COMMIT, "commit", N_("System commit"), "Committed_AS", "CommitLimit",
    N_("Memory promised to every process of the system; the limit is enforced only when vm.overcommit_memory is 2"), MS_HEADROOM_BYTES },
};
G_STATIC_ASSERT (G_N_ELEMENTS (headroom_info) == MS_N_HEADROOM);

const MsHeadroomInfo *
ms_headroom_info (MsHeadroomId id)
{
  g_return_val_if_fail (id < MS_N_HEADROOM, NULL);
  g_assert (headroom_info[id].id == id);
  return &headroom_info[id];
}

void
ms_limits_free (MsLimits *limits)
{
  if (limits == NULL)
    return;
  g_free (limits->cgroup_path);
  g_free (limits->cgroup_name);
  ms_cgroup_memory_clear (&limits->cgroup);
  g_free (limits);
}

/* --- parsers ---------------------------------------------------------------- */

/* "unlimited" or a decimal number at *p (moved past it and its spaces). */
static gboolean
parse_limit_value (const char **p,
                   const char  *end,
                   guint64     *value)
{
  const char *q = *p;
  guint64 v = 0;

  while (q < end && *q == ' ')
    q++;
  if ((gsize) (end - q) >= 9 && memcmp (q, "unlimited", 9) == 0)
    {
      q += 9;
      v = MS_LIMIT_UNLIMITED;
    }
  else if (q < end && g_ascii_isdigit (*q))
    {
      for (; q < end && g_ascii_isdigit (*q); q++)
        {
          if (v > (G_MAXUINT64 - 9) / 10)
            return FALSE;
          v = v * 10 + (guint64) (*q - '0');
        }
    }
  else
    return FALSE;
  if (q < end && *q != ' ')
    return FALSE;
  while (q < end && *q == ' ')
    q++;
  *p = q;
  *value = v;
  return TRUE;
}

gboolean
ms_limits_parse_proc_limits (const char *text,
                             gsize       length,
                             MsRlimit    rlimits[MS_N_RLIMITS])
{
  static const char * const names[MS_N_RLIMITS] = {
    [MS_RLIMIT_AS] = "Max address space",
    [MS_RLIMIT_DATA] = "Max data size",
    [MS_RLIMIT_STACK] = "Max stack size",
    [MS_RLIMIT_MEMLOCK] = "Max locked memory",
  };
  const char *p = text;
  const char *end = text + length;
  gboolean any = FALSE;

  memset (rlimits, 0, sizeof (MsRlimit) * MS_N_RLIMITS);

  while (p < end)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      const char *line_end = nl != NULL ? nl : end;

      for (guint i = 0; i < MS_N_RLIMITS; i++)
        {
          gsize len = strlen (names[i]);
          const char *q = p + len;
          guint64 soft, hard;

          if ((gsize) (line_end - p) <= len || memcmp (p, names[i], len) != 0 || *q != ' ' ||
              rlimits[i].known)
            continue;
          /* "Max stack size            8388608              unlimited            bytes" */
          if (!parse_limit_value (&q, line_end, &soft) || !parse_limit_value (&q, line_end, &hard))
            break;
          /* every limit read here is in bytes */
          if ((gsize) (line_end - q) < 5 || memcmp (q, "bytes", 5) != 0)
            break;
          rlimits[i].known = TRUE;
          rlimits[i].soft = soft;
          rlimits[i].hard = hard;
          any = TRUE;
          break;
        }

      if (nl == NULL)
        break;
      p = nl + 1;
    }
  return any;
}

gboolean
ms_limits_parse_stat_faults (const char *text,
                             gsize       length,
                             guint64    *minflt,
                             guint64    *majflt)
{
  const char *p = text + length;
  const char *end = text + length;
  guint field = 2;   /* the ')' ends field 2, the command name */
  guint64 values[13] = { 0 };

  /* The last ')': a command name may hold any other. */
  while (p > text && p[-1] != ')')
    p--;
  if (p == text)
    return FALSE;

  while (p < end && field < 12)
    {
      guint64 v = 0;

      if (*p != ' ')
        return FALSE;
      p++;
      field++;
      if (field == 3)
        {
          /* the state, a letter */
          if (p >= end || *p == ' ')
            return FALSE;
          p++;
          continue;
        }
      if (p < end && *p == '-')
        p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return FALSE;
      for (; p < end && g_ascii_isdigit (*p); p++)
        {
          if (v > (G_MAXUINT64 - 9) / 10)
            return FALSE;
          v = v * 10 + (guint64) (*p - '0');
        }
      values[field] = v;
    }
  if (field < 12)
    return FALSE;
  *minflt = values[10];
  *majflt = values[12];
  return TRUE;
}

/* --- headroom ----------------------------------------------------------------- */

static void
set_row (MsLimits     *limits,
         MsHeadroomId  id,
         guint64       used,
         guint64       limit,
         guint64       hard,
         gboolean      enforced)
{
  MsHeadroom *row = &limits->rows[id];

  row->known = TRUE;
  row->used = used;
  row->limit = limit;
  row->hard = hard;
  row->enforced = enforced;
  row->fraction = limit == MS_LIMIT_UNLIMITED ? 0.0 :
                  limit == 0 ? (used > 0 ? 1.0 : 0.0) :
                  (double) used / (double) limit;
  row->flagged = enforced && limit != MS_LIMIT_UNLIMITED && limit > 0 &&
                 row->fraction >= MS_LIMIT_CLOSE_FRACTION;
}

void
ms_limits_compute (MsLimits *limits)
{
  static const struct {
    MsHeadroomId id;
    MsRlimitId   rlimit;
    gsize        status_offset;
  } rlimit_rows[] = {
    { MS_HEADROOM_ADDRESS_SPACE, MS_RLIMIT_AS, G_STRUCT_OFFSET (MsStatus, vm_size) },
    { MS_HEADROOM_DATA, MS_RLIMIT_DATA, G_STRUCT_OFFSET (MsStatus, vm_data) },
    { MS_HEADROOM_STACK, MS_RLIMIT_STACK, G_STRUCT_OFFSET (MsStatus, vm_stk) },
    { MS_HEADROOM_LOCKED, MS_RLIMIT_MEMLOCK, G_STRUCT_OFFSET (MsStatus, vm_lck) },
  };

  memset (limits->rows, 0, sizeof limits->rows);

  for (guint i = 0; i < G_N_ELEMENTS (rlimit_rows); i++)
    {
      const MsRlimit *rlimit = &limits->rlimits[rlimit_rows[i].rlimit];

      if (rlimit->known)
        set_row (limits, rlimit_rows[i].id,
                 G_STRUCT_MEMBER (guint64, &limits->status, rlimit_rows[i].status_offset),
                 rlimit->soft, rlimit->hard, TRUE);
    }

  if (limits->max_map_count > 0)
    set_row (limits, MS_HEADROOM_MAPPINGS, limits->n_maps, limits->max_map_count, limits->max_map_count, TRUE);
  if (limits->threads_max > 0)
    set_row (limits, MS_HEADROOM_THREADS, MAX (limits->status.threads, 1), limits->threads_max,
             limits->threads_max, TRUE);
  if (limits->has_cgroup_memory && limits->cgroup.has_pids)
    set_row (limits, MS_HEADROOM_CGROUP_TASKS, limits->cgroup.pids_current, limits->cgroup.pids_max,
             limits->cgroup.pids_max, TRUE);
  if (limits->has_cgroup_memory && limits->cgroup.has_current)
    set_row (limits, MS_HEADROOM_CGROUP_MEMORY, limits->cgroup.current, limits->cgroup.max,
             limits->cgroup.max, TRUE);
  if (limits->commit_limit > 0)
    set_row (limits, MS_HEADROOM_COMMIT, limits->committed_as, limits->commit_limit, limits->commit_limit,
             limits->overcommit == MS_OVERCOMMIT_NEVER);
}

/* --- reading ------------------------------------------------------------------ */

static guint64
read_sysctl (const char *path)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  return g_ascii_strtoull (text, NULL, 10);
}

static void
set_read_error (GError **error,
                int      pid,
                int      saved_errno)
{
  _ms_reader_set_error (error,
                        saved_errno == ENOENT || saved_errno == ESRCH ? MS_READ_FAILURE_GONE : MS_READ_FAILURE_IO,
                        pid, NULL, (uid_t) -1, saved_errno);
}

MsLimits *
ms_limits_read (int      pid,
                int      n_maps,
                GError **error)
{
  g_autoptr(MsLimits) limits = g_new0 (MsLimits, 1);
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_auto(MsCgroupPaths) paths = { 0 };
  g_autofree char *meminfo = NULL;
  int saved_errno = 0;
  uid_t uid = (uid_t) -1;
  int dir;

  limits->pid = pid;
  limits->overcommit = MS_OVERCOMMIT_UNKNOWN;

  dir = ms_proc_open_pid (pid, &saved_errno);
  if (dir < 0)
    {
      set_read_error (error, pid, saved_errno);
      return NULL;
    }

  if (!ms_proc_read_at (dir, "status", buffer, &saved_errno))
    {
      close (dir);
      set_read_error (error, pid, saved_errno);
      return NULL;
    }
  _ms_reader_parse_status ((const char *) buffer->data, &limits->status, &uid);

  if (ms_proc_read_at (dir, "limits", buffer, &saved_errno))
    ms_limits_parse_proc_limits ((const char *) buffer->data, buffer->len, limits->rlimits);
  if (ms_proc_read_at (dir, "stat", buffer, &saved_errno))
    {
      const char *text = (const char *) buffer->data;
      char state = 0;
      guint64 flags = 0, sp = 0;

      ms_limits_parse_stat_faults (text, buffer->len, &limits->minflt, &limits->majflt);
      /* Nothing to be close to: no address space of its own. */
      if (ms_proc_parse_stat (text, &state, &flags, &sp) &&
          ((flags & MS_PF_KTHREAD) != 0 || state == 'Z' || state == 'X'))
        {
          const char *open = strchr (text, '(');
          const char *close_paren = strrchr (text, ')');
          g_autofree char *comm = open != NULL && close_paren > open
                                  ? g_strndup (open + 1, (gsize) (close_paren - open - 1)) : NULL;

          close (dir);
          _ms_reader_set_error (error,
                                (flags & MS_PF_KTHREAD) != 0 ? MS_READ_FAILURE_KERNEL_THREAD : MS_READ_FAILURE_ZOMBIE,
                                pid, comm, uid, 0);
          return NULL;
        }
    }

  if (n_maps >= 0)
    limits->n_maps = (guint) n_maps;
  else if (ms_proc_read_at (dir, "maps", buffer, &saved_errno))
    {
      const guint8 *p = buffer->data, *end = buffer->data + buffer->len;

      for (; p < end && (p = memchr (p, '\n', (gsize) (end - p))) != NULL; p++)
        limits->n_maps++;
    }

  if (ms_proc_read_at (dir, "cgroup", buffer, &saved_errno) &&
      ms_cgroup_parse_proc ((const char *) buffer->data, buffer->len, &paths))
    {
      limits->cgroup_path = g_strdup (ms_cgroup_paths_best (&paths));
      limits->cgroup_name = ms_cgroup_display_name (limits->cgroup_path);
      limits->has_cgroup_memory = ms_cgroup_read_memory (&paths, NULL, &limits->cgroup, NULL);
    }
  close (dir);

  limits->max_map_count = read_sysctl ("/proc/sys/vm/max_map_count");
  limits->threads_max = read_sysctl ("/proc/sys/kernel/threads-max");
  if (g_file_get_contents ("/proc/meminfo", &meminfo, NULL, NULL))
    {
      limits->commit_limit = ms_proc_find_kb (meminfo, "\nCommitLimit:");
      limits->committed_as = ms_proc_find_kb (meminfo, "\nCommitted_AS:");
    }
  {
    g_autofree char *mode = NULL;

    if (g_file_get_contents ("/proc/sys/vm/overcommit_memory", &mode, NULL, NULL) &&
        mode[0] >= '0' && mode[0] <= '2')
      limits->overcommit = (MsOvercommit) (mode[0] - '0');
  }

  ms_limits_compute (limits);
  return g_steal_pointer (&limits);
}

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const int *args = task_data;
  GError *error = NULL;
  MsLimits *limits;

  if (g_task_return_error_if_cancelled (task))
    return;
  limits = ms_limits_read (args[0], args[1], &error);
  if (limits == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, limits, (GDestroyNotify) ms_limits_free);
}

void
ms_limits_read_async (int                  pid,
                      int                  n_maps,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  int *args = g_new (int, 2);

  args[0] = pid;
  args[1] = n_maps;
  g_task_set_source_tag (task, ms_limits_read_async);
  g_task_set_name (task, "[memscape] limits");
  g_task_set_task_data (task, args, g_free);
  g_task_run_in_thread (task, read_in_thread);
}

MsLimits *
ms_limits_read_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- CSV ------------------------------------------------------------------------ */

void
ms_limits_write_csv (const MsLimits *limits,
                     GString        *out)
{
  g_string_append (out, "limit,used,max,hard_max,percent,close,enforced\n");
  for (guint i = 0; i < MS_N_HEADROOM; i++)
    {
      const MsHeadroom *row = &limits->rows[i];
      char percent[G_ASCII_DTOSTR_BUF_SIZE] = "";

      if (!row->known)
        continue;
      if (row->limit != MS_LIMIT_UNLIMITED)
        g_ascii_formatd (percent, sizeof percent, "%.1f", row->fraction * 100.0);
      g_string_append_printf (out, "%s,%" G_GUINT64_FORMAT ",", headroom_info[i].key, row->used);
      if (row->limit == MS_LIMIT_UNLIMITED)
        g_string_append (out, "unlimited,");
      else
        g_string_append_printf (out, "%" G_GUINT64_FORMAT ",", row->limit);
      if (row->hard == MS_LIMIT_UNLIMITED)
        g_string_append (out, "unlimited,");
      else
        g_string_append_printf (out, "%" G_GUINT64_FORMAT ",", row->hard);
      g_string_append_printf (out, "%s,%s,%s\n", percent,
                              row->flagged ? "yes" : "no",
                              row->enforced ? "yes" : "no");
    }
}
