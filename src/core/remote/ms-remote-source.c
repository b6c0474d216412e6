/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-remote"

#include "config.h"

#include "ms-remote-source.h"

#include <glib/gi18n-lib.h>

#include "ms-error.h"
#include "ms-reader-private.h"

struct _MsRemoteSource
{
  GObject             parent_instance;

  MsRemoteConnection *connection;
  char               *title_suffix;
};

enum {
  PROP_0,
  PROP_KIND,
};

static void source_iface_init (MsSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsRemoteSource, ms_remote_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MS_TYPE_SOURCE, source_iface_init))

MsSource *
ms_remote_source_new (MsRemoteConnection *connection)
{
  MsRemoteSource *self;

  g_return_val_if_fail (MS_IS_REMOTE_CONNECTION (connection), NULL);

  self = g_object_new (MS_TYPE_REMOTE_SOURCE, NULL);
  self->connection = g_object_ref (connection);
  /* TRANSLATORS: where a process lives, after its name in a title: "on server" */
  self->title_suffix = g_strdup_printf (_("on %s"), ms_remote_connection_get_label (connection));
  return MS_SOURCE (self);
}

MsRemoteConnection *
ms_remote_source_get_connection (MsRemoteSource *self)
{
  g_return_val_if_fail (MS_IS_REMOTE_SOURCE (self), NULL);
  return self->connection;
}

static MsSourceKind
ms_remote_source_get_kind (MsSource *source)
{
  return MS_SOURCE_KIND_REMOTE;
}

static const char *
ms_remote_source_get_label (MsSource *source)
{
  return ms_remote_connection_get_label (MS_REMOTE_SOURCE (source)->connection);
}

static const char *
ms_remote_source_get_title_suffix (MsSource *source)
{
  return MS_REMOTE_SOURCE (source)->title_suffix;
}

static void
request_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  MsRemoteSource *self = source_object;
  MsRemoteRequest request = GPOINTER_TO_INT (task_data);
  GError *error = NULL;
  gpointer result = ms_remote_connection_request (self->connection, request, 0, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else if (request == MS_REMOTE_REQUEST_LIST)
    g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) g_array_unref);
}

static void
run_request (MsSource            *source,
             MsRemoteRequest      request,
             gpointer             tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  g_task_set_name (task, request == MS_REMOTE_REQUEST_LIST ? "[memscape] list remote processes"
                                                           : "[memscape] list remote pids");
  g_task_set_task_data (task, GINT_TO_POINTER (request), NULL);
  g_task_set_check_cancellable (task, TRUE);
  g_task_run_in_thread (task, request_thread);
}

static void
ms_remote_source_list_async (MsSource            *source,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  run_request (source, MS_REMOTE_REQUEST_LIST, ms_remote_source_list_async, cancellable, callback, user_data);
}

static GPtrArray *
ms_remote_source_list_finish (MsSource      *source,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
ms_remote_source_list_pids_async (MsSource            *source,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  run_request (source, MS_REMOTE_REQUEST_PIDS, ms_remote_source_list_pids_async, cancellable, callback,
               user_data);
}

static GArray *
ms_remote_source_list_pids_finish (MsSource      *source,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static MsSnapshot *
read_remote (gpointer       source_object,
             int            pid,
             MsSnapshot    *previous,
             GCancellable  *cancellable,
             GError       **error)
{
  MsRemoteSource *self = source_object;
  MsSnapshot *snapshot;

  /* The cheap look first: no smaps, so no walk of the page tables there,
   * and a sixth of the text to carry. */
  if (_ms_reader_may_reuse (previous, pid))
    {
      g_autoptr(GError) probe_error = NULL;
      g_autofree guint64 *probe = ms_remote_connection_request (self->connection, MS_REMOTE_REQUEST_PROBE, pid,
                                                                cancellable, &probe_error);

      if (probe != NULL && probe[0] != 0 && probe[0] == previous->fingerprint)
        return ms_snapshot_ref (previous);
      /* The connection is gone: a full read would only say so again. About
       * the process itself (it exited …), the full read says it with its name. */
      if (probe == NULL && (g_error_matches (probe_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
                            g_error_matches (probe_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
                            g_error_matches (probe_error, MS_ERROR, MS_ERROR_MALFORMED)))
        {
          g_propagate_error (error, g_steal_pointer (&probe_error));
          return NULL;
        }
    }

  snapshot = ms_remote_connection_request (self->connection, MS_REMOTE_REQUEST_READ, pid, cancellable, error);
  return _ms_reader_keep_if_same (previous, snapshot);
}

static void
ms_remote_source_read_async (MsSource            *source,
                             int                  pid,
                             MsSnapshot          *previous,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  _ms_reader_read_in_thread (source, pid, previous, read_remote, "[memscape] read remote pid",
                             cancellable, callback, user_data);
}

static MsSnapshot *
ms_remote_source_read_finish (MsSource      *source,
                              GAsyncResult  *result,
                              GError       **error)
{
  return _ms_reader_read_in_thread_finish (source, result, error);
}

static void
source_iface_init (MsSourceInterface *iface)
{
  iface->get_kind = ms_remote_source_get_kind;
  iface->get_label = ms_remote_source_get_label;
  iface->get_title_suffix = ms_remote_source_get_title_suffix;
  iface->list_async = ms_remote_source_list_async;
  iface->list_finish = ms_remote_source_list_finish;
  iface->list_pids_async = ms_remote_source_list_pids_async;
  iface->list_pids_finish = ms_remote_source_list_pids_finish;
  iface->read_async = ms_remote_source_read_async;
  iface->read_finish = ms_remote_source_read_finish;
}

static void
ms_remote_source_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, MS_SOURCE_KIND_REMOTE);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_remote_source_finalize (GObject *object)
{
  MsRemoteSource *self = MS_REMOTE_SOURCE (object);

  g_clear_object (&self->connection);
  g_free (self->title_suffix);

  G_OBJECT_CLASS (ms_remote_source_parent_class)->finalize (object);
}

static void
ms_remote_source_class_init (MsRemoteSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ms_remote_source_get_property;
  object_class->finalize = ms_remote_source_finalize;
  g_object_class_override_property (object_class, PROP_KIND, "kind");
}

static void
ms_remote_source_init (MsRemoteSource *self)
{
}
