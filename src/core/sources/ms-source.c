/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-source"

#include "config.h"

#include "ms-source.h"
#include "ms-source-private.h"

#include <glib/gi18n-lib.h>

#include "ms-helper-source.h"
#include "ms-local-source.h"
#include "ms-privileged.h"

G_DEFINE_ENUM_TYPE (MsSourceKind, ms_source_kind,
                    G_DEFINE_ENUM_VALUE (MS_SOURCE_KIND_LOCAL, "local"),
                    G_DEFINE_ENUM_VALUE (MS_SOURCE_KIND_HOST, "host"),
                    G_DEFINE_ENUM_VALUE (MS_SOURCE_KIND_ADMINISTRATOR, "administrator"),
                    G_DEFINE_ENUM_VALUE (MS_SOURCE_KIND_FILE, "file"),
                    G_DEFINE_ENUM_VALUE (MS_SOURCE_KIND_REMOTE, "remote"))

/* What the UI says of each kind of source. */
static const struct {
  MsSourceKind  kind;
  const char   *label;
  const char   *title_suffix;   /* NULL: nothing */
  gboolean      live;
} kinds[] = {
  { MS_SOURCE_KIND_LOCAL, N_("This computer"), NULL, TRUE },
  { MS_SOURCE_KIND_HOST, N_("The host"), NULL, TRUE },
  { MS_SOURCE_KIND_ADMINISTRATOR, N_("As administrator"), N_("as administrator"), TRUE },
  { MS_SOURCE_KIND_FILE, N_("Captured file"), NULL, FALSE },
  { MS_SOURCE_KIND_REMOTE, N_("Another machine"), NULL, TRUE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == MS_SOURCE_KIND_REMOTE + 1);

G_DEFINE_INTERFACE (MsSource, ms_source, G_TYPE_OBJECT)

static void
ms_source_default_init (MsSourceInterface *iface)
{
  g_object_interface_install_property (iface,
                                       g_param_spec_enum ("kind", NULL, NULL,
                                                          MS_TYPE_SOURCE_KIND, MS_SOURCE_KIND_LOCAL,
                                                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

MsSourceKind
ms_source_get_kind (MsSource *self)
{
  g_return_val_if_fail (MS_IS_SOURCE (self), MS_SOURCE_KIND_LOCAL);

  return MS_SOURCE_GET_IFACE (self)->get_kind (self);
}

static guint
kind_index (MsSource *self)
{
  MsSourceKind kind = ms_source_get_kind (self);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return i;
  g_return_val_if_reached (0);
}

const char *
ms_source_get_label (MsSource *self)
{
  g_return_val_if_fail (MS_IS_SOURCE (self), NULL);

  if (MS_SOURCE_GET_IFACE (self)->get_label != NULL)
    return MS_SOURCE_GET_IFACE (self)->get_label (self);
  return _(kinds[kind_index (self)].label);
}

const char *
ms_source_get_title_suffix (MsSource *self)
{
  const char *suffix;

  g_return_val_if_fail (MS_IS_SOURCE (self), NULL);

  if (MS_SOURCE_GET_IFACE (self)->get_title_suffix != NULL)
    return MS_SOURCE_GET_IFACE (self)->get_title_suffix (self);
  suffix = kinds[kind_index (self)].title_suffix;
  return suffix != NULL ? _(suffix) : NULL;
}

gboolean
ms_source_is_live (MsSource *self)
{
  g_return_val_if_fail (MS_IS_SOURCE (self), FALSE);

  return kinds[kind_index (self)].live;
}

void
ms_source_list_async (MsSource            *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (MS_IS_SOURCE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  MS_SOURCE_GET_IFACE (self)->list_async (self, cancellable, callback, user_data);
}

GPtrArray *
ms_source_list_finish (MsSource      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (MS_IS_SOURCE (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return MS_SOURCE_GET_IFACE (self)->list_finish (self, result, error);
}

gboolean
ms_source_can_list_pids (MsSource *self)
{
  g_return_val_if_fail (MS_IS_SOURCE (self), FALSE);

  return MS_SOURCE_GET_IFACE (self)->list_pids_async != NULL;
}

void
ms_source_list_pids_async (MsSource            *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (MS_IS_SOURCE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (ms_source_can_list_pids (self));

  MS_SOURCE_GET_IFACE (self)->list_pids_async (self, cancellable, callback, user_data);
}

GArray *
ms_source_list_pids_finish (MsSource      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (MS_IS_SOURCE (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (ms_source_can_list_pids (self), NULL);

  return MS_SOURCE_GET_IFACE (self)->list_pids_finish (self, result, error);
}

gboolean
ms_source_can_read_first (MsSource *self)
{
  g_return_val_if_fail (MS_IS_SOURCE (self), FALSE);

  return MS_SOURCE_GET_IFACE (self)->read_first_async != NULL;
}

void
ms_source_read_first_async (MsSource            *self,
                            int                  pid,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (MS_IS_SOURCE (self));
  g_return_if_fail (ms_source_can_read_first (self));

  MS_SOURCE_GET_IFACE (self)->read_first_async (self, pid, cancellable, callback, user_data);
}

MsSnapshot *
ms_source_read_first_finish (MsSource      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (MS_IS_SOURCE (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (ms_source_can_read_first (self), NULL);

  return MS_SOURCE_GET_IFACE (self)->read_first_finish (self, result, error);
}

void
ms_source_read_async (MsSource            *self,
                      int                  pid,
                      MsSnapshot          *previous,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (MS_IS_SOURCE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  MS_SOURCE_GET_IFACE (self)->read_async (self, pid, previous, cancellable, callback, user_data);
}

MsSnapshot *
ms_source_read_finish (MsSource      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (MS_IS_SOURCE (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return MS_SOURCE_GET_IFACE (self)->read_finish (self, result, error);
}

gboolean
ms_source_read_get_figures (MsSource     *self,
                            GAsyncResult *result,
                            MsFigures    *figures)
{
  MsSourceInterface *iface;

  g_return_val_if_fail (MS_IS_SOURCE (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);
  g_return_val_if_fail (figures != NULL, FALSE);

  iface = MS_SOURCE_GET_IFACE (self);
  if (iface->read_figures == NULL)
    return FALSE;
  return iface->read_figures (self, result, figures);
}

MsSource *
ms_source_new_default (void)
{
  /* Inside Flatpak /proc shows only the sandbox: the host's processes come
   * through the helper started there. */
  if (ms_privileged_is_sandboxed ())
    return ms_helper_source_new (MS_SOURCE_KIND_HOST);
  return ms_local_source_new ();
}

MsSource *
ms_source_new_administrator (void)
{
  return ms_helper_source_new (MS_SOURCE_KIND_ADMINISTRATOR);
}

MsSourceRequest *
_ms_source_request_new (gpointer      owner,
                        MsSource     *source,
                        GCancellable *cancellable)
{
  MsSourceRequest *request = g_new0 (MsSourceRequest, 1);

  g_weak_ref_init (&request->owner, owner);
  request->source = g_object_ref (source);
  request->cancellable = g_object_ref (cancellable);
  return request;
}

void
_ms_source_request_free (MsSourceRequest *request)
{
  g_weak_ref_clear (&request->owner);
  g_object_unref (request->source);
  g_object_unref (request->cancellable);
  g_free (request);
}
