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
  ITEM_SMAP_PSS,
  ITEM_SMAP_PRV_TOTAL,
  ITEM_SMAP_SWAP,
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
  [ITEM_SMAP_PSS] = PIDS_SMAP_PSS,
  [ITEM_SMAP_PRV_TOTAL] = PIDS_SMAP_PRV_TOTAL,
  [ITEM_SMAP_SWAP] = PIDS_SMAP_SWAP,
};

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

GPtrArray *
ms_process_list_read (GError **error)
{
  struct pids_info *info = NULL;
  struct pids_fetch *fetch;
  GPtrArray *list;
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
      p->pss = (guint64) PIDS_VAL (ITEM_SMAP_PSS, ul_int, stack, info) * 1024;
      p->uss = (guint64) PIDS_VAL (ITEM_SMAP_PRV_TOTAL, ul_int, stack, info) * 1024;
      p->swap = (guint64) PIDS_VAL (ITEM_SMAP_SWAP, ul_int, stack, info) * 1024;
      /* An unreadable smaps_rollup reads as zeros; a live user process always
       * has some proportional set. */
      p->has_smaps = p->pss > 0;

      g_ptr_array_add (list, p);
    }

  procps_pids_unref (&info);
  g_ptr_array_sort (list, compare_by_pid);
  return list;
}

static void
read_list_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *list = ms_process_list_read (&error);

  if (list != NULL)
    g_task_return_pointer (task, list, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

void
ms_process_list_read_async (GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ms_process_list_read_async);
  g_task_set_name (task, "[memscape] list processes");
  g_task_set_check_cancellable (task, TRUE);
  g_task_run_in_thread (task, read_list_thread);
}

GPtrArray *
ms_process_list_read_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
