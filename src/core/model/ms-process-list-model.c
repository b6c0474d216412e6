/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-process-list-model.h"

#include "ms-source-private.h"
#include <string.h>

/* The list is refreshed at a third of the map's rate, every 3 s at the
 * default 1 s (as GNOME System Monitor does): it is where a process is
 * picked, not what is watched, and each refresh redraws the window. Beside
 * a process being watched (`secondary`), it is still looked at as often,
 * but cheaply where the source can (which pids there are: one directory
 * read), and read whole only when processes came or went, or its figures
 * are a tenth of the rate old (every 10 s): a process that starts or exits
 * shows within the list's interval, and the figures cost what they did. */
#define LIST_FACTOR 3
#define SECONDARY_FACTOR 10

struct _MsProcessListModel
{
  GObject          parent_instance;

  GListStore      *store;          /* MsProcessRow, in pid order */
  MsSource        *source;
  MsRefreshPolicy *policy;
  GCancellable    *cancellable;    /* of the read (or look at the pids) in flight */
  GError          *error;          /* of the last read */
  GArray          *pids;           /* every pid of the last read, kernel threads too */
  gint64           read_usec;      /* when it ended */
  gboolean         loaded;
  gboolean         show_kernel_threads;
  gboolean         read_wanted;    /* asked for while busy: the next one reads */
};

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_POLICY,
  PROP_LOADED,
  PROP_ERROR,
  PROP_SHOW_KERNEL_THREADS,
  N_PROPS
};

enum {
  UPDATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GType
get_item_type (GListModel *model)
{
  return MS_TYPE_PROCESS_ROW;
}

static guint
get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (MS_PROCESS_LIST_MODEL (model)->store));
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (MS_PROCESS_LIST_MODEL (model)->store), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (MsProcessListModel, ms_process_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

MsProcessListModel *
ms_process_list_model_new (MsSource *source)
{
  g_return_val_if_fail (source == NULL || MS_IS_SOURCE (source), NULL);

  return g_object_new (MS_TYPE_PROCESS_LIST_MODEL, "source", source, NULL);
}

/* --- merging -------------------------------------------------------------- */

/* Merges a fresh list (sorted by pid) into the store (also in pid order):
 * rows of surviving pids are updated in place, so the selection model and
 * the view keep them; vanished ones are removed and new ones inserted.
 * Returns how many rows took new figures. */
static guint
merge_processes (MsProcessListModel  *self,
                 MsProcessInfo      **infos,
                 guint                n_infos)
{
  GListModel *model = G_LIST_MODEL (self->store);
  g_autoptr(GPtrArray) staying = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) staying_infos = g_ptr_array_new ();
  guint i = 0, j = 0, n_updated = 0;

  /* Rows come and go first, and the rows that stay take their new figures
   * only afterwards: a sort model compares rows by their figures as they
   * are, and inserting into a sorted run whose figures had changed under
   * it broke its merge ("Comparison method violates its general contract"). */
  while (j < n_infos || i < g_list_model_get_n_items (model))
    {
      g_autoptr(MsProcessRow) row = g_list_model_get_item (model, i);
      guint n_new = 0;

      if (row != NULL && j < n_infos && ms_process_row_get_pid (row) == infos[j]->pid)
        {
          g_ptr_array_add (staying, g_steal_pointer (&row));
          g_ptr_array_add (staying_infos, infos[j]);
          i++, j++;
          continue;
        }

      if (row != NULL && (j >= n_infos || ms_process_row_get_pid (row) < infos[j]->pid))
        {
          guint n_gone = 1;

          while (i + n_gone < g_list_model_get_n_items (model))
            {
              g_autoptr(MsProcessRow) next = g_list_model_get_item (model, i + n_gone);

              if (j < n_infos && ms_process_row_get_pid (next) >= infos[j]->pid)
                break;
              n_gone++;
            }
          g_list_store_splice (self->store, i, n_gone, NULL, 0);
          continue;
        }

      /* New processes before the next surviving row. */
      while (j + n_new < n_infos &&
             (row == NULL || infos[j + n_new]->pid < ms_process_row_get_pid (row)))
        n_new++;

      {
        g_autoptr(GPtrArray) added = g_ptr_array_new_full (n_new, g_object_unref);

        for (guint k = 0; k < n_new; k++)
          g_ptr_array_add (added, ms_process_row_new (infos[j + k]));
        g_list_store_splice (self->store, i, 0, added->pdata, n_new);
      }
      i += n_new;
      j += n_new;
    }

  for (guint k = 0; k < staying->len; k++)
    if (ms_process_row_update (g_ptr_array_index (staying, k), g_ptr_array_index (staying_infos, k)))
      n_updated++;

  return n_updated;
}

/* --- reading -------------------------------------------------------------- */

/* A new read or look at the pids, with its own cancellable. */
static MsSourceRequest *
request_new (MsProcessListModel *self)
{
  self->cancellable = g_cancellable_new ();
  return _ms_source_request_new (self, self->source, self->cancellable);
}

/* The rows of @infos that are shown: kernel threads only when asked for.
 * Takes the infos; the hidden ones are freed. */
static guint
drop_hidden (MsProcessListModel  *self,
             MsProcessInfo      **infos,
             guint                n_infos)
{
  guint n_shown = 0;

  for (guint i = 0; i < n_infos; i++)
    {
      if (infos[i]->is_kernel_thread && !self->show_kernel_threads)
        ms_process_info_free (infos[i]);
      else
        infos[n_shown++] = infos[i];
    }
  return n_shown;
}

static void
on_list_read (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MsSourceRequest) request = user_data;
  g_autoptr(MsProcessListModel) self = g_weak_ref_get (&request->owner);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  MsProcessInfo **infos;
  gsize n_infos = 0;
  guint n_updated;

  list = ms_source_list_finish (request->source, result, &error);
  /* Gone, cancelled, or replaced by a read of another source: stale. */
  if (self == NULL || request->cancellable != self->cancellable)
    return;

  g_clear_object (&self->cancellable);
  self->read_wanted = FALSE;
  ms_refresh_policy_set_active (self->policy, TRUE);

  if (list == NULL)
    {
      /* Said until a read works again; tried again at the interval. */
      g_debug ("Reading the process list failed: %s", error->message);
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      g_clear_pointer (&self->pids, g_array_unref);
      ms_refresh_policy_read_finished (self->policy, FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
      return;
    }

  /* What a look at the pids will be compared with: every process read. */
  g_clear_pointer (&self->pids, g_array_unref);
  self->pids = g_array_sized_new (FALSE, FALSE, sizeof (int), list->len);
  for (guint i = 0; i < list->len; i++)
    g_array_append_val (self->pids, ((MsProcessInfo *) g_ptr_array_index (list, i))->pid);
  self->read_usec = g_get_monotonic_time ();

  /* The rows take the infos; nothing is freed twice. */
  g_ptr_array_set_free_func (list, NULL);
  infos = (MsProcessInfo **) g_ptr_array_steal (list, &n_infos);
  n_infos = drop_hidden (self, infos, (guint) n_infos);
  n_updated = merge_processes (self, infos, (guint) n_infos);
  g_free (infos);

  ms_refresh_policy_read_finished (self->policy, TRUE);
  if (self->error != NULL)
    {
      g_clear_error (&self->error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  g_signal_emit (self, signals[UPDATED], 0, n_updated);
}

/* Reads the whole list; the policy is told it is busy. */
static void
read_list (MsProcessListModel *self)
{
  MsSourceRequest *request = request_new (self);

  self->read_wanted = FALSE;
  ms_refresh_policy_read_started (self->policy);
  ms_source_list_async (self->source, self->cancellable, on_list_read, request);
}

static gboolean
same_pids (GArray *a,
           GArray *b)
{
  return a != NULL && b != NULL && a->len == b->len &&
         memcmp (a->data, b->data, a->len * sizeof (int)) == 0;
}

static void
on_pids_read (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MsSourceRequest) request = user_data;
  g_autoptr(MsProcessListModel) self = g_weak_ref_get (&request->owner);
  g_autoptr(GArray) pids = NULL;
  g_autoptr(GError) error = NULL;

  pids = ms_source_list_pids_finish (request->source, result, &error);
  if (self == NULL || request->cancellable != self->cancellable)
    return;

  g_clear_object (&self->cancellable);

  /* The same processes as the rows: nothing to read (a failed look is
   * left to the read, which says why). */
  if (pids != NULL && same_pids (pids, self->pids) && !self->read_wanted)
    {
      ms_refresh_policy_read_finished (self->policy, FALSE);
      return;
    }

  read_list (self);
}

/* Whether the time has come to read the whole list, rather than look at
 * which processes there are. */
static gboolean
whole_read_due (MsProcessListModel *self)
{
  gint64 every_usec, delay_usec;

  if (self->read_wanted || self->pids == NULL || self->error != NULL ||
      !ms_refresh_policy_get_secondary (self->policy) ||
      !ms_source_can_list_pids (self->source))
    return TRUE;

  /* At a tenth of the rate, the figures: no later than that (the looks
   * come at the list's interval). */
  every_usec = (gint64) ms_refresh_policy_get_interval (self->policy) * SECONDARY_FACTOR * 1000;
  delay_usec = (gint64) ms_refresh_policy_get_delay (self->policy) * 1000;
  return g_get_monotonic_time () - self->read_usec >= every_usec - delay_usec;
}

static void
on_due (MsProcessListModel *self)
{
  MsSourceRequest *request;

  if (self->cancellable != NULL)
    return;

  if (whole_read_due (self))
    {
      read_list (self);
      return;
    }

  request = request_new (self);
  ms_refresh_policy_read_started (self->policy);
  ms_source_list_pids_async (self->source, self->cancellable, on_pids_read, request);
}

void
ms_process_list_model_refresh (MsProcessListModel *self)
{
  g_return_if_fail (MS_IS_PROCESS_LIST_MODEL (self));

  /* A read running stands for this one; a look at the pids running reads
   * the whole list when it ends. */
  if (self->cancellable != NULL)
    {
      self->read_wanted = TRUE;
      return;
    }

  read_list (self);
}

/* Takes the kernel threads' rows away, now. */
static void
remove_kernel_threads (MsProcessListModel *self)
{
  GListModel *model = G_LIST_MODEL (self->store);
  guint i = 0;

  while (i < g_list_model_get_n_items (model))
    {
      guint n = 0;

      while (i + n < g_list_model_get_n_items (model))
        {
          g_autoptr(MsProcessRow) row = g_list_model_get_item (model, i + n);

          if (!ms_process_row_get_info (row)->is_kernel_thread)
            break;
          n++;
        }
      if (n > 0)
        g_list_store_splice (self->store, i, n, NULL, 0);
      else
        i++;
    }
}

gboolean
ms_process_list_model_get_show_kernel_threads (MsProcessListModel *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_LIST_MODEL (self), FALSE);
  return self->show_kernel_threads;
}

void
ms_process_list_model_set_show_kernel_threads (MsProcessListModel *self,
                                               gboolean            show)
{
  g_return_if_fail (MS_IS_PROCESS_LIST_MODEL (self));

  show = !!show;
  if (self->show_kernel_threads == show)
    return;

  self->show_kernel_threads = show;
  if (!show)
    {
      remove_kernel_threads (self);
      if (self->loaded)
        g_signal_emit (self, signals[UPDATED], 0, 0);
    }
  else if (self->source != NULL)
    {
      /* they were not kept: read them */
      ms_process_list_model_refresh (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_KERNEL_THREADS]);
}

MsSource *
ms_process_list_model_get_source (MsProcessListModel *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_LIST_MODEL (self), NULL);
  return self->source;
}

void
ms_process_list_model_set_source (MsProcessListModel *self,
                                  MsSource           *source)
{
  g_return_if_fail (MS_IS_PROCESS_LIST_MODEL (self));
  g_return_if_fail (source == NULL || MS_IS_SOURCE (source));

  if (source != NULL && source == self->source)
    return;

  g_clear_object (&self->source);
  self->source = source != NULL ? g_object_ref (source) : ms_source_new_default ();

  /* The read in flight is the old source's: drop it, read anew. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pids, g_array_unref);
  ms_refresh_policy_read_cancelled (self->policy);
  ms_process_list_model_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

MsRefreshPolicy *
ms_process_list_model_get_policy (MsProcessListModel *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_LIST_MODEL (self), NULL);
  return self->policy;
}

gboolean
ms_process_list_model_get_loaded (MsProcessListModel *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_LIST_MODEL (self), FALSE);
  return self->loaded;
}

const GError *
ms_process_list_model_get_error (MsProcessListModel *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_LIST_MODEL (self), NULL);
  return self->error;
}

MsProcessRow *
ms_process_list_model_lookup (MsProcessListModel *self,
                              int                 pid)
{
  GListModel *model;
  guint lo = 0, hi;

  g_return_val_if_fail (MS_IS_PROCESS_LIST_MODEL (self), NULL);

  /* The rows are in pid order. */
  model = G_LIST_MODEL (self->store);
  hi = g_list_model_get_n_items (model);
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      g_autoptr(MsProcessRow) row = g_list_model_get_item (model, mid);
      int row_pid = ms_process_row_get_pid (row);

      if (row_pid == pid)
        return row;   /* the store holds a reference */
      if (row_pid < pid)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

/* --- GObject -------------------------------------------------------------- */

static void
on_store_changed (MsProcessListModel *self,
                  guint               position,
                  guint               removed,
                  guint               added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
ms_process_list_model_constructed (GObject *object)
{
  MsProcessListModel *self = MS_PROCESS_LIST_MODEL (object);

  G_OBJECT_CLASS (ms_process_list_model_parent_class)->constructed (object);

  /* Without a source given, the default one, read at once (with one, the
   * read has begun). */
  if (self->source == NULL)
    ms_process_list_model_set_source (self, NULL);
}

static void
ms_process_list_model_dispose (GObject *object)
{
  MsProcessListModel *self = MS_PROCESS_LIST_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->policy != NULL)
    g_signal_handlers_disconnect_by_data (self->policy, self);
  g_clear_object (&self->policy);

  G_OBJECT_CLASS (ms_process_list_model_parent_class)->dispose (object);
}

static void
ms_process_list_model_finalize (GObject *object)
{
  MsProcessListModel *self = MS_PROCESS_LIST_MODEL (object);

  g_clear_object (&self->store);
  g_clear_object (&self->source);
  g_clear_error (&self->error);
  g_clear_pointer (&self->pids, g_array_unref);

  G_OBJECT_CLASS (ms_process_list_model_parent_class)->finalize (object);
}

static void
ms_process_list_model_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  MsProcessListModel *self = MS_PROCESS_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    case PROP_POLICY:
      g_value_set_object (value, self->policy);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_SHOW_KERNEL_THREADS:
      g_value_set_boolean (value, self->show_kernel_threads);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_process_list_model_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  MsProcessListModel *self = MS_PROCESS_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      ms_process_list_model_set_source (self, g_value_get_object (value));
      break;
    case PROP_SHOW_KERNEL_THREADS:
      ms_process_list_model_set_show_kernel_threads (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_process_list_model_class_init (MsProcessListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ms_process_list_model_constructed;
  object_class->dispose = ms_process_list_model_dispose;
  object_class->finalize = ms_process_list_model_finalize;
  object_class->get_property = ms_process_list_model_get_property;
  object_class->set_property = ms_process_list_model_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL, MS_TYPE_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLICY] =
    g_param_spec_object ("policy", NULL, NULL, MS_TYPE_REFRESH_POLICY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Kernel threads have no memory of their own to show: hidden unless asked. */
  properties[PROP_SHOW_KERNEL_THREADS] =
    g_param_spec_boolean ("show-kernel-threads", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After a read was merged: how many rows that stayed took new figures. */
  signals[UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
ms_process_list_model_init (MsProcessListModel *self)
{
  self->store = g_list_store_new (MS_TYPE_PROCESS_ROW);
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  /* Secondary, the list is looked at as often; on_due() decides how. */
  self->policy = ms_refresh_policy_new ("[memscape] refresh process list", LIST_FACTOR, LIST_FACTOR);
  g_signal_connect_swapped (self->policy, "due", G_CALLBACK (on_due), self);
}
