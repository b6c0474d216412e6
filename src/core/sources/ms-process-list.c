/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-proclist"

#include "config.h"

#include "ms-process-list.h"

#include <dirent.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <libproc2/pids.h>
#include <string.h>

#include "ms-cgroup.h"
#include "ms-error.h"
#include "ms-proc.h"

/* The items we ask libproc2 for, in this order (the enum indexes the stack). */
enum {
  ITEM_PID,
  ITEM_EUID,
  ITEM_EUSER,
  ITEM_CMD,
  ITEM_CMDLINE,
  ITEM_CMDLINE_V,
  ITEM_STATE,
  ITEM_FLAGS,
  ITEM_VM_RSS,
  ITEM_STARTED,
  N_ITEMS
};

static enum pids_item items[N_ITEMS] = {
  [ITEM_PID] = PIDS_ID_PID,
  [ITEM_EUID] = PIDS_ID_EUID,
  [ITEM_EUSER] = PIDS_ID_EUSER,
  [ITEM_CMD] = PIDS_CMD,
  [ITEM_CMDLINE] = PIDS_CMDLINE,
  [ITEM_CMDLINE_V] = PIDS_CMDLINE_V,
  [ITEM_STATE] = PIDS_STATE,
  [ITEM_FLAGS] = PIDS_FLAGS,
  [ITEM_VM_RSS] = PIDS_VM_RSS,
  [ITEM_STARTED] = PIDS_TICS_BEGAN,
};

/* PSS, USS and swap come from /proc/PID/smaps_rollup, which walks the page
 * tables of the whole process: for a list refreshed every second that is
 * most of its cost. Each process's figures are kept for a few seconds (a
 * different few for each, so that the rereads spread over time); RSS, from
 * status, is always fresh. */
#define ROLLUP_MAX_AGE_USEC (3 * G_USEC_PER_SEC)

typedef struct {
  guint64  started;     /* start time: a reused pid is another process */
  gint64   read_usec;
  gboolean readable;
  guint64  pss, uss, swap;
  char    *group;       /* its control group's name, read with the rollup */
} Rollup;

static GMutex rollup_mutex;
static GHashTable *rollups;   /* pid → Rollup */
/* Names of control groups by path (under rollup_mutex). */
static MsCgroupNameCache *group_names;

static void
rollup_free (gpointer data)
{
  Rollup *rollup = data;

  g_free (rollup->group);
  g_free (rollup);
}

/* The name of @pid's control group, "" when it cannot be read. (transfer
 * full) Called under rollup_mutex. */
static char *
read_group (int pid)
{
  const char *name;

  if (group_names == NULL)
    group_names = ms_cgroup_name_cache_new ();
  name = ms_cgroup_name_cache_lookup_pid (group_names, pid);
  return g_strdup (name != NULL ? name : "");
}

static void
read_rollup (int     pid,
             Rollup *rollup)
{
  char path[64];
  g_autofree char *text = NULL;

  g_snprintf (path, sizeof path, "/proc/%d/smaps_rollup", pid);
  rollup->readable = g_file_get_contents (path, &text, NULL, NULL) && strstr (text, "\nPss:") != NULL;
  if (rollup->readable)
    {
      rollup->pss = ms_proc_find_kb (text, "\nPss:");
      rollup->uss = ms_proc_find_kb (text, "\nPrivate_Clean:") + ms_proc_find_kb (text, "\nPrivate_Dirty:");
      rollup->swap = ms_proc_find_kb (text, "\nSwap:");
    }
}

/* Fills in pss/uss/swap of @info from the cache or a fresh read. */
static void
fill_rollup (MsProcessInfo *info,
             guint64        started,
             gint64         now,
             GHashTable    *seen)
{
  Rollup *rollup;
  gint64 max_age = ROLLUP_MAX_AGE_USEC + (info->pid % 4) * (G_USEC_PER_SEC / 2);

  g_hash_table_add (seen, GINT_TO_POINTER (info->pid));

  if (info->is_kernel_thread)
    {
      info->group = g_strdup ("");
      return;
    }

  rollup = g_hash_table_lookup (rollups, GINT_TO_POINTER (info->pid));
  if (rollup == NULL)
    {
      rollup = g_new0 (Rollup, 1);
      g_hash_table_insert (rollups, GINT_TO_POINTER (info->pid), rollup);
    }
  else if (rollup->started == started && now - rollup->read_usec < max_age)
    goto fill;

  rollup->started = started;
  rollup->read_usec = now;
  read_rollup (info->pid, rollup);
  /* A process seldom changes its group: read as seldom as its rollup. */
  g_free (rollup->group);
  rollup->group = read_group (info->pid);

fill:
  info->has_smaps = rollup->readable && rollup->pss > 0;
  info->pss = rollup->pss;
  info->uss = rollup->uss;
  info->swap = rollup->swap;
  info->group = g_strdup (rollup->group);
}

void
ms_process_list_fill_groups (GPtrArray *list)
{
  g_mutex_lock (&rollup_mutex);
  for (guint i = 0; i < list->len; i++)
    {
      MsProcessInfo *info = g_ptr_array_index (list, i);

      if (info->group == NULL)
        info->group = info->is_kernel_thread ? g_strdup ("") : read_group (info->pid);
    }
  g_mutex_unlock (&rollup_mutex);
}

static gboolean
not_seen (gpointer key,
          gpointer value,
          gpointer user_data)
{
  return !g_hash_table_contains (user_data, key);
}

void
ms_process_info_free (MsProcessInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->name);
  g_free (info->comm);
  g_free (info->user);
  g_free (info->cmdline);
  g_free (info->group);
  g_free (info);
}

/* --- names ---------------------------------------------------------------- */

/* The base name of @path if it continues @comm, up to a space; NULL if not. */
static char *
name_continuing (const char *comm,
                 gsize       comm_length,
                 const char *path)
{
  const char *base, *end;

  if (path == NULL)
    return NULL;
  base = strrchr (path, '/');
  base = base != NULL ? base + 1 : path;
  if (strncmp (base, comm, comm_length) != 0)
    return NULL;

  end = strchr (base + comm_length, ' ');
  return g_strndup (base, end != NULL ? (gsize) (end - base) : strlen (base));
}

char *
ms_process_full_name (const char         *comm,
                      const char * const *args,
                      const char         *exe)
{
  gsize comm_length;

  g_return_val_if_fail (comm != NULL, NULL);

  comm_length = strlen (comm);
  if (comm_length != MS_PROCESS_COMM_MAX)
    return g_strdup (comm);

  for (guint i = 0; args != NULL && i < 2 && args[i] != NULL; i++)
    {
      char *name = name_continuing (comm, comm_length, args[i]);

      if (name != NULL)
        return name;
    }

  if (exe != NULL)
    {
      /* the kernel's mark of an executable deleted (or replaced) since */
      g_autofree char *path = g_str_has_suffix (exe, " (deleted)")
                              ? g_strndup (exe, strlen (exe) - strlen (" (deleted)"))
                              : g_strdup (exe);
      char *name = name_continuing (comm, comm_length, path);

      if (name != NULL)
        return name;
    }

  return g_strdup (comm);
}

/* Fills in name and comm of @p from what libproc2 read: the executable's
 * link is read only for a name cut short that the arguments do not give
 * (and only a process of this user, or root, lets it be read). */
static void
fill_names (MsProcessInfo      *p,
            const char         *cmd,
            const char * const *args)
{
  p->comm = g_strdup (cmd != NULL ? cmd : "");
  if (p->is_kernel_thread || strlen (p->comm) != MS_PROCESS_COMM_MAX)
    {
      p->name = g_strdup (p->comm);
      return;
    }

  p->name = ms_process_full_name (p->comm, args, NULL);
  if (strcmp (p->name, p->comm) == 0)
    {
      char path[64];
      g_autofree char *exe = NULL;

      g_snprintf (path, sizeof path, "/proc/%d/exe", p->pid);
      exe = g_file_read_link (path, NULL);
      if (exe != NULL)
        {
          g_free (p->name);
          p->name = ms_process_full_name (p->comm, NULL, exe);
        }
    }
}

static int
compare_by_pid (gconstpointer a,
                gconstpointer b)
{
  const MsProcessInfo *pa = *(MsProcessInfo * const *) a;
  const MsProcessInfo *pb = *(MsProcessInfo * const *) b;

  return (pa->pid > pb->pid) - (pa->pid < pb->pid);
}

void
ms_process_list_sort (GPtrArray *list)
{
  g_ptr_array_sort (list, compare_by_pid);
}

GPtrArray *
ms_process_list_read (GError **error)
{
  struct pids_info *info = NULL;
  struct pids_fetch *fetch;
  g_autoptr(GHashTable) seen = NULL;
  GPtrArray *list;
  gint64 now;
  int ret;

  ret = procps_pids_new (&info, items, N_ITEMS);
  if (ret < 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_IO,
                   _("Could not list processes: %s"), g_strerror (-ret));
      return NULL;
    }

  fetch = procps_pids_reap (info, PIDS_FETCH_TASKS_ONLY);
  if (fetch == NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_IO,
                   _("Could not list processes: /proc could not be read"));
      procps_pids_unref (&info);
      return NULL;
    }

  list = g_ptr_array_new_full ((guint) fetch->counts->total, (GDestroyNotify) ms_process_info_free);
  seen = g_hash_table_new (NULL, NULL);
  now = g_get_monotonic_time ();
  g_mutex_lock (&rollup_mutex);
  if (rollups == NULL)
    rollups = g_hash_table_new_full (NULL, NULL, NULL, rollup_free);

  for (int i = 0; i < fetch->counts->total; i++)
    {
      struct pids_stack *stack = fetch->stacks[i];
      MsProcessInfo *p = g_new0 (MsProcessInfo, 1);
      const char *cmdline = PIDS_VAL (ITEM_CMDLINE, str, stack, info);
      const char *cmd = PIDS_VAL (ITEM_CMD, str, stack, info);
      const char *user = PIDS_VAL (ITEM_EUSER, str, stack, info);

      p->pid = PIDS_VAL (ITEM_PID, s_int, stack, info);
      p->uid = (uid_t) PIDS_VAL (ITEM_EUID, u_int, stack, info);
      p->state = (char) PIDS_VAL (ITEM_STATE, s_ch, stack, info);
      p->is_kernel_thread = (PIDS_VAL (ITEM_FLAGS, ul_int, stack, info) & MS_PF_KTHREAD) != 0;
      fill_names (p, cmd, (const char * const *) PIDS_VAL (ITEM_CMDLINE_V, strv, stack, info));
      p->user = user != NULL && *user != '\0' ? g_strdup (user) : ms_proc_user_name (p->uid);
      /* libproc2 shows "[comm]" or "-" for a process without a command line */
      p->cmdline = g_strdup (cmdline != NULL && !p->is_kernel_thread && strcmp (cmdline, "-") != 0 ? cmdline : "");
      p->rss = (guint64) PIDS_VAL (ITEM_VM_RSS, ul_int, stack, info) * 1024;
      fill_rollup (p, PIDS_VAL (ITEM_STARTED, ull_int, stack, info), now, seen);

      g_ptr_array_add (list, p);
    }

  /* Forget the processes that are gone. */
  g_hash_table_foreach_remove (rollups, not_seen, seen);
  g_mutex_unlock (&rollup_mutex);

  procps_pids_unref (&info);
  ms_process_list_sort (list);
  return list;
}

/* The asynchronous reads run on one thread of their own that lives as long
 * as the process: libproc2 (4.0) keeps 256 KiB of buffers per thread that
 * reads /proc through it and never frees them, so a pool thread that exits
 * after a read would leave them behind, one set per thread, for good. */
static void
read_list_in_pool (gpointer data,
                   gpointer user_data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  GPtrArray *list;

  if (g_task_return_error_if_cancelled (task))
    return;

  list = ms_process_list_read (&error);
  if (list != NULL)
    g_task_return_pointer (task, list, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

static GThreadPool *
list_thread (void)
{
  static gsize pool;

  if (g_once_init_enter (&pool))
    {
      g_autoptr(GError) error = NULL;
      GThreadPool *created = g_thread_pool_new (read_list_in_pool, NULL, 1, TRUE, &error);

      if (created == NULL)
        g_error ("Cannot start the thread that reads the process list: %s", error->message);
      g_once_init_leave (&pool, (gsize) created);
    }
  return (GThreadPool *) pool;
}

void
ms_process_list_read_async (GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ms_process_list_read_async);
  g_task_set_name (task, "[memscape] list processes");
  g_task_set_check_cancellable (task, TRUE);
  g_thread_pool_push (list_thread (), task, NULL);
}

GPtrArray *
ms_process_list_read_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- the cheap look: which processes there are ---------------------------- */

static int
compare_pids (gconstpointer a,
              gconstpointer b)
{
  int pa = *(const int *) a, pb = *(const int *) b;

  return (pa > pb) - (pa < pb);
}

GArray *
ms_process_list_read_pids (GError **error)
{
  GArray *pids;
  struct dirent *entry;
  DIR *dir = opendir ("/proc");

  if (dir == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, MS_ERROR, MS_ERROR_IO,
                   _("Could not list processes: %s"), g_strerror (saved_errno));
      return NULL;
    }

  /* /proc lists processes by their pid; their threads are not listed. */
  pids = g_array_sized_new (FALSE, FALSE, sizeof (int), 512);
  while ((entry = readdir (dir)) != NULL)
    {
      const char *name = entry->d_name;
      gint64 pid = 0;

      if (name[0] < '1' || name[0] > '9')
        continue;
      for (; *name >= '0' && *name <= '9' && pid <= G_MAXINT; name++)
        pid = pid * 10 + (*name - '0');
      if (*name == '\0' && pid <= G_MAXINT)
        {
          int value = (int) pid;

          g_array_append_val (pids, value);
        }
    }
  closedir (dir);

  g_array_sort (pids, compare_pids);
  return pids;
}

static void
read_pids_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  GArray *pids = ms_process_list_read_pids (&error);

  if (pids != NULL)
    g_task_return_pointer (task, pids, (GDestroyNotify) g_array_unref);
  else
    g_task_return_error (task, error);
}

void
ms_process_list_read_pids_async (GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ms_process_list_read_pids_async);
  g_task_set_name (task, "[memscape] list process ids");
  g_task_set_check_cancellable (task, TRUE);
  g_task_run_in_thread (task, read_pids_thread);
}

GArray *
ms_process_list_read_pids_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
