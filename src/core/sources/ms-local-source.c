/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-source"

#include "config.h"

#include "ms-local-source.h"

#include "ms-first-picture.h"
#include "ms-process-list.h"
#include "ms-reader.h"
#include "ms-reader-private.h"

struct _MsLocalSource
{
  GObject parent_instance;
};

enum {
  PROP_0,
  PROP_KIND,
};

static void source_iface_init (MsSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MsLocalSource, ms_local_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MS_TYPE_SOURCE, source_iface_init))

MsSource *
ms_local_source_new (void)
{
  return g_object_new (MS_TYPE_LOCAL_SOURCE, NULL);
}

static MsSourceKind
ms_local_source_get_kind (MsSource *source)
{
  return MS_SOURCE_KIND_LOCAL;
}

/* The process list's own task does the work, and its own function finishes
 * it: nothing is wrapped. */
static void
ms_local_source_list_async (MsSource            *source,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  ms_process_list_read_async (cancellable, callback, user_data);
}

static GPtrArray *
ms_local_source_list_finish (MsSource      *source,
                             GAsyncResult  *result,
                             GError       **error)
{
  return ms_process_list_read_finish (result, error);
}

/* Its entries are the processes: one directory read. */
static void
ms_local_source_list_pids_async (MsSource            *source,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ms_process_list_read_pids_async (cancellable, callback, user_data);
}

static GArray *
ms_local_source_list_pids_finish (MsSource      *source,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return ms_process_list_read_pids_finish (result, error);
}

static MsSnapshot *
read_since (gpointer       source_object,
            int            pid,
            MsSnapshot    *previous,
            MsFigures     *figures,
            GCancellable  *cancellable,
            GError       **error)
{
  return ms_read_pid_figures (pid, previous, figures, cancellable, error);
}

static void
ms_local_source_read_async (MsSource            *source,
                            int                  pid,
                            MsSnapshot          *previous,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  _ms_reader_read_in_thread_figures (source, pid, previous, read_since, "[memscape] read pid if changed",
                                     cancellable, callback, user_data);
}

static MsSnapshot *
ms_local_source_read_finish (MsSource      *source,
                             GAsyncResult  *result,
                             GError       **error)
{
  return _ms_reader_read_in_thread_finish (source, result, error);
}

/* Every refresh reads the cheap figures too (ms_read_pid_figures). */
static gboolean
ms_local_source_read_figures (MsSource     *source,
                              GAsyncResult *result,
                              MsFigures    *figures)
{
  return _ms_reader_read_in_thread_get_figures (result, figures);
}

/* The fewest mappings worth a first picture; a variable for the tests. */
static guint first_min_regions = MS_FIRST_PICTURE_MIN_REGIONS;

void
_ms_local_source_set_first_min_regions (guint n_regions)
{
  first_min_regions = n_regions;
}

static void
ms_local_source_read_first_async (MsSource            *source,
                                  int                  pid,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ms_read_pid_first_async (source, pid, first_min_regions, cancellable, callback, user_data);
}

static MsSnapshot *
ms_local_source_read_first_finish (MsSource      *source,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return ms_read_pid_first_finish (result, error);
}

static void
source_iface_init (MsSourceInterface *iface)
{
  iface->get_kind = ms_local_source_get_kind;
  iface->list_async = ms_local_source_list_async;
  iface->list_finish = ms_local_source_list_finish;
  iface->list_pids_async = ms_local_source_list_pids_async;
  iface->list_pids_finish = ms_local_source_list_pids_finish;
  iface->read_async = ms_local_source_read_async;
  iface->read_finish = ms_local_source_read_finish;
  iface->read_figures = ms_local_source_read_figures;
  iface->read_first_async = ms_local_source_read_first_async;
  iface->read_first_finish = ms_local_source_read_first_finish;
}

static void
ms_local_source_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, MS_SOURCE_KIND_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_local_source_class_init (MsLocalSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ms_local_source_get_property;
  g_object_class_override_property (object_class, PROP_KIND, "kind");
}

static void
ms_local_source_init (MsLocalSource *self)
{
}
