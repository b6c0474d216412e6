/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-proclist"

#include "config.h"

#include "ms-process-list.h"

#include <glib/gi18n-lib.h>
#include <libproc2/pids.h>
#include <string.h>

#include "ms-error.h"
#include "ms-proc.h"

/* The items we ask libproc2 for, in this order (the enum indexes the stack). */
enum {
  ITEM_PID,
  ITEM_EUID,
  ITEM_EUSER,
  ITEM_CMD,
  ITEM_CMDLINE,
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
} Rollup;

static GMutex rollup_mutex;
static GHashTable *rollups;   /* pid → Rollup */

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
    return;

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

fill:
  info->has_smaps = rollup->readable && rollup->pss > 0;
  info->pss = rollup->pss;
  info->uss = rollup->uss;
  info->swap = rollup->swap;
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
  g_free (info->user);
  g_free (info->cmdline);
  g_free (info);
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
    rollups = g_hash_table_new_full (NULL, NULL, NULL, g_free);

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
      p->name = g_strdup (cmd != NULL ? cmd : "");
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
