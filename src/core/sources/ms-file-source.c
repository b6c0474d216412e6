/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-source"

#include "config.h"

#include "ms-file-source.h"

#include <glib/gi18n-lib.h>

#include "ms-reader.h"
#include "ms-reader-private.h"

struct _MsFileSource
{
  GObject  parent_instance;

  char    *path;
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_PATH,
};

static void source_iface_init (MsSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsFileSource, ms_file_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MS_TYPE_SOURCE, source_iface_init))

MsSource *
ms_file_source_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (MS_TYPE_FILE_SOURCE, "path", path, NULL);
}

const char *
ms_file_source_get_path (MsFileSource *self)
{
  g_return_val_if_fail (MS_IS_FILE_SOURCE (self), NULL);

  return self->path;
}

static MsSourceKind
ms_file_source_get_kind (MsSource *source)
{
  return MS_SOURCE_KIND_FILE;
}

static void
ms_file_source_list_async (MsSource            *source,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

  g_task_set_source_tag (task, ms_file_source_list_async);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("A captured file holds one process, not a list of them"));
}

static GPtrArray *
ms_file_source_list_finish (MsSource      *source,
                            GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The file is read whole each time: it does not change while it is shown. */
static MsSnapshot *
read_capture (gpointer       source_object,
              int            pid,
              MsSnapshot    *previous,
              GCancellable  *cancellable,
              GError       **error)
{
  return ms_read_file (MS_FILE_SOURCE (source_object)->path, cancellable, error);
}

static void
ms_file_source_read_async (MsSource            *source,
                           int                  pid,
                           MsSnapshot          *previous,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  _ms_reader_read_in_thread (source, pid, NULL, read_capture, "[memscape] read file",
                             cancellable, callback, user_data);
}

static MsSnapshot *
ms_file_source_read_finish (MsSource      *source,
                            GAsyncResult  *result,
                            GError       **error)
{
  return _ms_reader_read_in_thread_finish (source, result, error);
}

static void
source_iface_init (MsSourceInterface *iface)
{
  iface->get_kind = ms_file_source_get_kind;
  iface->list_async = ms_file_source_list_async;
  iface->list_finish = ms_file_source_list_finish;
  iface->read_async = ms_file_source_read_async;
  iface->read_finish = ms_file_source_read_finish;
}

static void
ms_file_source_finalize (GObject *object)
{
  MsFileSource *self = MS_FILE_SOURCE (object);

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (ms_file_source_parent_class)->finalize (object);
}

static void
ms_file_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MsFileSource *self = MS_FILE_SOURCE (object);

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
ms_file_source_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MsFileSource *self = MS_FILE_SOURCE (object);

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
ms_file_source_class_init (MsFileSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_file_source_finalize;
  object_class->get_property = ms_file_source_get_property;
  object_class->set_property = ms_file_source_set_property;

  g_object_class_override_property (object_class, PROP_KIND, "kind");
  g_object_class_install_property (object_class, PROP_PATH,
                                   g_param_spec_string ("path", NULL, NULL, NULL,
                                                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                        G_PARAM_STATIC_STRINGS));
}

static void
ms_file_source_init (MsFileSource *self)
{
}
