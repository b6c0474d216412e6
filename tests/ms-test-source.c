/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ms-test-source.h"

#include "ms-process-list.h"
#include "ms-reader.h"
#include "ms-reader-private.h"

struct _MsTestSource
{
  GObject         parent_instance;

  MsSourceKind    kind;
  MsTestReadFunc  read;
  MsTestListFunc  list;
  MsTestReadFunc  first;
  gint            n_reads;
  gint            n_reads_before_first;
  gint            n_lists;
};

enum {
  PROP_0,
  PROP_KIND,
};

static void source_iface_init (MsSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsTestSource, ms_test_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MS_TYPE_SOURCE, source_iface_init))

MsSource *
ms_test_source_new (MsSourceKind   kind,
                    MsTestReadFunc read,
                    MsTestListFunc list)
{
  MsTestSource *self = g_object_new (MS_TYPE_TEST_SOURCE, NULL);

  self->kind = kind;
  self->read = read;
  self->list = list;
  return MS_SOURCE (self);
}

guint
ms_test_source_get_n_reads (MsTestSource *self)
{
  return (guint) g_atomic_int_get (&self->n_reads);
}

void
ms_test_source_set_read_first (MsTestSource   *self,
                               MsTestReadFunc  first)
{
  self->first = first;
  self->n_reads_before_first = -1;
}

int
ms_test_source_get_n_reads_before_first (MsTestSource *self)
{
  return g_atomic_int_get (&self->n_reads_before_first);
}

guint
ms_test_source_get_n_lists (MsTestSource *self)
{
  return (guint) g_atomic_int_get (&self->n_lists);
}

static MsSourceKind
get_kind (MsSource *source)
{
  return MS_TEST_SOURCE (source)->kind;
}

/* Lists are made at once, in the caller's thread: the result comes in its
 * main context's next iteration, as a test that counts lists expects. */
static void
list_async (MsSource            *source,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  MsTestSource *self = MS_TEST_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
  GError *error = NULL;
  GPtrArray *list;

  g_task_set_check_cancellable (task, TRUE);
  g_atomic_int_inc (&self->n_lists);
  list = self->list != NULL ? self->list (&error) : ms_process_list_read (&error);
  if (list != NULL)
    g_task_return_pointer (task, list, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

static GPtrArray *
list_finish (MsSource      *source,
             GAsyncResult  *result,
             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static MsSnapshot *
read_made_up (gpointer       source_object,
              int            pid,
              MsSnapshot    *previous,
              GCancellable  *cancellable,
              GError       **error)
{
  MsTestSource *self = source_object;

  g_atomic_int_inc (&self->n_reads);
  if (self->read != NULL)
    return self->read (pid, previous, cancellable, error);
  return ms_read_pid_since (pid, previous, cancellable, error);
}

static void
read_async (MsSource            *source,
            int                  pid,
            MsSnapshot          *previous,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  _ms_reader_read_in_thread (source, pid, previous, read_made_up, "[memscape] test read",
                             cancellable, callback, user_data);
}

static MsSnapshot *
read_finish (MsSource      *source,
             GAsyncResult  *result,
             GError       **error)
{
  return _ms_reader_read_in_thread_finish (source, result, error);
}

/* The first picture, when the test gave one: made on a worker thread, and
 * the number of full reads made before it ended noted. Without one there is
 * no first picture (NULL at once), as for a small process. */
static void
read_first_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  MsTestSource *self = source_object;
  MsSnapshot *snapshot = NULL;

  if (self->first != NULL)
    {
      snapshot = self->first (GPOINTER_TO_INT (task_data), NULL, cancellable, NULL);
      g_atomic_int_set (&self->n_reads_before_first, g_atomic_int_get (&self->n_reads));
    }
  g_task_return_pointer (task, snapshot, (GDestroyNotify) ms_snapshot_unref);
}

static void
read_first_async (MsSource            *source,
                  int                  pid,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

  g_task_set_task_data (task, GINT_TO_POINTER (pid), NULL);
  g_task_run_in_thread (task, read_first_in_thread);
}

static MsSnapshot *
read_first_finish (MsSource      *source,
                   GAsyncResult  *result,
                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
source_iface_init (MsSourceInterface *iface)
{
  iface->get_kind = get_kind;
  iface->list_async = list_async;
  iface->list_finish = list_finish;
  iface->read_async = read_async;
  iface->read_finish = read_finish;
  iface->read_first_async = read_first_async;
  iface->read_first_finish = read_first_finish;
}

static void
ms_test_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, MS_TEST_SOURCE (object)->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_test_source_class_init (MsTestSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ms_test_source_get_property;
  g_object_class_override_property (object_class, PROP_KIND, "kind");
}

static void
ms_test_source_init (MsTestSource *self)
{
}
