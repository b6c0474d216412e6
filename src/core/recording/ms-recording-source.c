/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-source"

#include "config.h"

#include "ms-recording-source.h"

#include <glib/gi18n-lib.h>

#include "ms-reader-private.h"
#include "ms-recording.h"

struct _MsRecordingSource
{
  GObject     parent_instance;

  char       *path;
  GMutex      lock;
  MsHistory  *history;      /* under lock: the last read's */
  MsSnapshot *last;         /* …and the snapshot it gave */
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_PATH,
};

static void source_iface_init (MsSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsRecordingSource, ms_recording_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MS_TYPE_SOURCE, source_iface_init))

MsSource *
ms_recording_source_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (MS_TYPE_RECORDING_SOURCE, "path", path, NULL);
}

const char *
ms_recording_source_get_path (MsRecordingSource *self)
{
  g_return_val_if_fail (MS_IS_RECORDING_SOURCE (self), NULL);

  return self->path;
}

MsHistory *
ms_recording_source_take_history (MsRecordingSource *self,
                                  MsSnapshot        *snapshot)
{
  MsHistory *history = NULL;

  g_return_val_if_fail (MS_IS_RECORDING_SOURCE (self), NULL);

  g_mutex_lock (&self->lock);
  if (self->last == snapshot)
    history = g_steal_pointer (&self->history);
  g_mutex_unlock (&self->lock);
  return history;
}

static MsSourceKind
ms_recording_source_get_kind (MsSource *source)
{
  return MS_SOURCE_KIND_FILE;
}

static void
ms_recording_source_list_async (MsSource            *source,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

  g_task_set_source_tag (task, ms_recording_source_list_async);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("A recording holds one process, not a list of them"));
}

static GPtrArray *
ms_recording_source_list_finish (MsSource      *source,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* On a worker thread: every sample into a history, whose last snapshot is
 * the read's. */
static MsSnapshot *
read_recording (gpointer       source_object,
                int            pid,
                MsSnapshot    *previous,
                GCancellable  *cancellable,
                GError       **error)
{
  MsRecordingSource *self = source_object;
  g_autoptr(MsRecording) recording = ms_recording_open (self->path, error);
  g_autoptr(MsHistory) history = NULL;
  MsSnapshot *snapshot;

  if (recording == NULL)
    return NULL;
  history = ms_recording_build_history (recording, MS_HISTORY_DEFAULT_BUDGET, cancellable, error);
  if (history == NULL)
    return NULL;
  snapshot = ms_history_get_snapshot (history, ms_history_get_n_samples (history) - 1);

  g_mutex_lock (&self->lock);
  g_clear_object (&self->history);
  self->history = g_steal_pointer (&history);
  self->last = snapshot;
  g_mutex_unlock (&self->lock);
  return snapshot;
}

static void
ms_recording_source_read_async (MsSource            *source,
                                int                  pid,
                                MsSnapshot          *previous,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  _ms_reader_read_in_thread (source, pid, NULL, read_recording, "[memscape] read recording",
                             cancellable, callback, user_data);
}

static MsSnapshot *
ms_recording_source_read_finish (MsSource      *source,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return _ms_reader_read_in_thread_finish (source, result, error);
}

static void
source_iface_init (MsSourceInterface *iface)
{
  iface->get_kind = ms_recording_source_get_kind;
  iface->list_async = ms_recording_source_list_async;
  iface->list_finish = ms_recording_source_list_finish;
  iface->read_async = ms_recording_source_read_async;
  iface->read_finish = ms_recording_source_read_finish;
}

static void
ms_recording_source_finalize (GObject *object)
{
  MsRecordingSource *self = MS_RECORDING_SOURCE (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->history);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ms_recording_source_parent_class)->finalize (object);
}

static void
ms_recording_source_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MsRecordingSource *self = MS_RECORDING_SOURCE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, MS_SOURCE_KIND_FILE);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_recording_source_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MsRecordingSource *self = MS_RECORDING_SOURCE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_recording_source_class_init (MsRecordingSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_recording_source_finalize;
  object_class->get_property = ms_recording_source_get_property;
  object_class->set_property = ms_recording_source_set_property;

  g_object_class_override_property (object_class, PROP_KIND, "kind");
  g_object_class_install_property (object_class, PROP_PATH,
                                   g_param_spec_string ("path", NULL, NULL, NULL,
                                                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                        G_PARAM_STATIC_STRINGS));
}

static void
ms_recording_source_init (MsRecordingSource *self)
{
  g_mutex_init (&self->lock);
}
