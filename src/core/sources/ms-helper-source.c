/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-source"

#include "config.h"

#include "ms-helper-source.h"

#include "ms-error.h"
#include "ms-privileged-private.h"
#include "ms-process-list.h"
#include "ms-reader-private.h"

struct _MsHelperSource
{
  GObject       parent_instance;

  MsSourceKind  kind;   /* HOST or ADMINISTRATOR */
};

enum {
  PROP_0,
  PROP_KIND,
};

static void source_iface_init (MsSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsHelperSource, ms_helper_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MS_TYPE_SOURCE, source_iface_init))

MsSource *
ms_helper_source_new (MsSourceKind kind)
{
  g_return_val_if_fail (kind == MS_SOURCE_KIND_HOST || kind == MS_SOURCE_KIND_ADMINISTRATOR, NULL);

  return g_object_new (MS_TYPE_HELPER_SOURCE, "kind", kind, NULL);
}

static gboolean
as_administrator (MsHelperSource *self)
{
  return self->kind == MS_SOURCE_KIND_ADMINISTRATOR;
}

static MsSourceKind
ms_helper_source_get_kind (MsSource *source)
{
  return MS_HELPER_SOURCE (source)->kind;
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *list = _ms_privileged_run (as_administrator (source_object), MS_PRIVILEGED_LIST, 0,
                                        cancellable, &error);

  /* Each process's control group is for anyone to read, here (not on the
   * host, whose /proc the sandbox does not see). */
  if (list != NULL && as_administrator (source_object))
    ms_process_list_fill_groups (list);
  if (list != NULL)
    g_task_return_pointer (task, list, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

static void
ms_helper_source_list_async (MsSource            *source,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

  g_task_set_source_tag (task, ms_helper_source_list_async);
  g_task_set_name (task, as_administrator (MS_HELPER_SOURCE (source))
                         ? "[memscape] list processes as administrator"
                         : "[memscape] list processes on the host");
  g_task_set_check_cancellable (task, TRUE);
  g_task_run_in_thread (task, list_thread);
}

static GPtrArray *
ms_helper_source_list_finish (MsSource      *source,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static MsSnapshot *
read_through_helper (gpointer       source_object,
                     int            pid,
                     MsSnapshot    *previous,
                     MsFigures     *figures,
                     GCancellable  *cancellable,
                     GError       **error)
{
  MsHelperSource *self = source_object;
  MsSnapshot *snapshot;

  /* The cheap look first. Through pkexec it still costs a spawn of pkexec
   * and of the helper (each request is a run of its own), but no smaps, so
   * no walk of the process's page tables: on a 5 022-mapping process the
   * helper alone answered `probe` in 4-7 ms and `read` in 16-24 ms (medians
   * of 21 runs on the 2-core test VM, where starting any program took
   * 3 ms), and Memscape parses a sixth of the text. */
  if (_ms_reader_may_reuse (previous, pid))
    {
      g_autoptr(GError) probe_error = NULL;
      g_autofree MsPrivilegedProbe *probe = _ms_privileged_run (as_administrator (self), MS_PRIVILEGED_PROBE,
                                                                pid, cancellable, &probe_error);

      if (probe != NULL && probe->fingerprint == previous->fingerprint)
        {
          /* A quiet refresh: the figures of the files the probe sent. */
          *figures = probe->figures;
          return ms_snapshot_ref (previous);
        }
      /* The helper could not run, or the rights are gone: a full read would
       * only ask again. About the process itself (it exited …), the full
       * read says it with its name. */
      if (probe == NULL && (g_error_matches (probe_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
                            g_error_matches (probe_error, MS_ERROR, MS_ERROR_AUTH_DISMISSED) ||
                            g_error_matches (probe_error, MS_ERROR, MS_ERROR_NOT_AUTHORIZED) ||
                            g_error_matches (probe_error, MS_ERROR, MS_ERROR_HELPER_FAILED)))
        {
          g_propagate_error (error, g_steal_pointer (&probe_error));
          return NULL;
        }
    }

  snapshot = _ms_privileged_run (as_administrator (self), MS_PRIVILEGED_READ, pid, cancellable, error);
  if (snapshot != NULL)
    ms_figures_init_from_snapshot (figures, snapshot);
  return _ms_reader_keep_if_same (previous, snapshot);
}

static void
ms_helper_source_read_async (MsSource            *source,
                             int                  pid,
                             MsSnapshot          *previous,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  _ms_reader_read_in_thread_figures (source, pid, previous, read_through_helper,
                                     as_administrator (MS_HELPER_SOURCE (source))
                                     ? "[memscape] read pid as administrator"
                                     : "[memscape] read pid on the host",
                                     cancellable, callback, user_data);
}

static MsSnapshot *
ms_helper_source_read_finish (MsSource      *source,
                              GAsyncResult  *result,
                              GError       **error)
{
  return _ms_reader_read_in_thread_finish (source, result, error);
}

/* The figures of each refresh: the probe's files, or the full read's
 * snapshot; no page faults (the helper sends no stat). */
static gboolean
ms_helper_source_read_figures (MsSource     *source,
                               GAsyncResult *result,
                               MsFigures    *figures)
{
  return _ms_reader_read_in_thread_get_figures (result, figures);
}

static void
source_iface_init (MsSourceInterface *iface)
{
  iface->get_kind = ms_helper_source_get_kind;
  iface->list_async = ms_helper_source_list_async;
  iface->list_finish = ms_helper_source_list_finish;
  iface->read_async = ms_helper_source_read_async;
  iface->read_finish = ms_helper_source_read_finish;
  iface->read_figures = ms_helper_source_read_figures;
}

static void
ms_helper_source_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MsHelperSource *self = MS_HELPER_SOURCE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_helper_source_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MsHelperSource *self = MS_HELPER_SOURCE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_helper_source_class_init (MsHelperSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ms_helper_source_get_property;
  object_class->set_property = ms_helper_source_set_property;

  /* The interface's read-only property, made settable once here. */
  g_object_class_install_property (object_class, PROP_KIND,
                                   g_param_spec_enum ("kind", NULL, NULL,
                                                      MS_TYPE_SOURCE_KIND, MS_SOURCE_KIND_HOST,
                                                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                      G_PARAM_STATIC_STRINGS));
}

static void
ms_helper_source_init (MsHelperSource *self)
{
  self->kind = MS_SOURCE_KIND_HOST;
}
