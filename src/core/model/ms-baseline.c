/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-compare"

#include "config.h"

#include "ms-baseline.h"

#include <glib/gi18n-lib.h>

struct _MsBaseline
{
  GObject     parent_instance;

  MsSession  *session;
  MsSnapshot *snapshot;   /* the baseline, or NULL */
  char       *label;
  MsCompare  *compare;
  gulong      snapshot_handler;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SNAPSHOT,
  PROP_LABEL,
  PROP_COMPARE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsBaseline, ms_baseline, G_TYPE_OBJECT)

/* The comparison of the session's snapshot with the baseline, made again
 * when either changed (an unchanged snapshot is the same pointer: nothing
 * to do). */
static void
update_compare (MsBaseline *self)
{
  MsSnapshot *current = self->session != NULL ? ms_session_get_snapshot (self->session) : NULL;

  if (self->compare != NULL && self->snapshot != NULL && current != NULL &&
      ms_compare_get_baseline (self->compare) == self->snapshot &&
      ms_compare_get_current (self->compare) == current)
    return;

  if (self->compare == NULL && (self->snapshot == NULL || current == NULL))
    return;

  g_clear_pointer (&self->compare, ms_compare_unref);
  if (self->snapshot != NULL && current != NULL)
    self->compare = ms_compare_new (self->snapshot, current);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARE]);
}

MsBaseline *
ms_baseline_new (MsSession *session)
{
  g_return_val_if_fail (MS_IS_SESSION (session), NULL);

  return g_object_new (MS_TYPE_BASELINE, "session", session, NULL);
}

MsSession *
ms_baseline_get_session (MsBaseline *self)
{
  g_return_val_if_fail (MS_IS_BASELINE (self), NULL);
  return self->session;
}

void
ms_baseline_set_snapshot (MsBaseline *self,
                          MsSnapshot *snapshot,
                          const char *label)
{
  g_return_if_fail (MS_IS_BASELINE (self));

  if (snapshot != self->snapshot)
    {
      g_clear_pointer (&self->snapshot, ms_snapshot_unref);
      if (snapshot != NULL)
        self->snapshot = ms_snapshot_ref (snapshot);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT]);
    }
  if (g_strcmp0 (label, self->label) != 0)
    {
      g_free (self->label);
      self->label = snapshot != NULL ? g_strdup (label) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
    }
  update_compare (self);
}

gboolean
ms_baseline_pin (MsBaseline *self)
{
  MsSnapshot *current;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *time = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (MS_IS_BASELINE (self), FALSE);

  current = self->session != NULL ? ms_session_get_snapshot (self->session) : NULL;
  if (current == NULL)
    return FALSE;

  when = g_date_time_new_from_unix_local (current->time_usec / G_USEC_PER_SEC);
  time = when != NULL ? g_date_time_format (when, "%H:%M:%S") : g_strdup ("");
  if (current->source == MS_SOURCE_FILE)
    {
      g_autofree char *base = g_path_get_basename (current->source_path != NULL ? current->source_path : "");

      /* TRANSLATORS: the baseline is a captured file: "Compared with before.smaps" */
      label = g_strdup_printf (_("Compared with %s"), base);
    }
  else
    {
      /* TRANSLATORS: the baseline is the process as it was: "Compared with 10:41:07" */
      label = g_strdup_printf (_("Compared with %s"), time);
    }
  ms_baseline_set_snapshot (self, current, label);
  return TRUE;
}

void
ms_baseline_clear (MsBaseline *self)
{
  g_return_if_fail (MS_IS_BASELINE (self));
  ms_baseline_set_snapshot (self, NULL, NULL);
}

MsSnapshot *
ms_baseline_get_snapshot (MsBaseline *self)
{
  g_return_val_if_fail (MS_IS_BASELINE (self), NULL);
  return self->snapshot;
}

const char *
ms_baseline_get_label (MsBaseline *self)
{
  g_return_val_if_fail (MS_IS_BASELINE (self), NULL);
  return self->label;
}

MsCompare *
ms_baseline_get_compare (MsBaseline *self)
{
  g_return_val_if_fail (MS_IS_BASELINE (self), NULL);
  return self->compare;
}

static void
ms_baseline_dispose (GObject *object)
{
  MsBaseline *self = MS_BASELINE (object);

  if (self->session != NULL && self->snapshot_handler != 0)
    g_clear_signal_handler (&self->snapshot_handler, self->session);
  g_clear_object (&self->session);
  g_clear_pointer (&self->compare, ms_compare_unref);
  g_clear_pointer (&self->snapshot, ms_snapshot_unref);
  g_clear_pointer (&self->label, g_free);

  G_OBJECT_CLASS (ms_baseline_parent_class)->dispose (object);
}

static void
ms_baseline_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MsBaseline *self = MS_BASELINE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SNAPSHOT:
      g_value_set_boxed (value, self->snapshot);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_COMPARE:
      g_value_set_boxed (value, self->compare);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_baseline_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MsBaseline *self = MS_BASELINE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      if (self->session != NULL)
        self->snapshot_handler = g_signal_connect_swapped (self->session, "notify::snapshot",
                                                           G_CALLBACK (update_compare), self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_baseline_class_init (MsBaselineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_baseline_dispose;
  object_class->get_property = ms_baseline_get_property;
  object_class->set_property = ms_baseline_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SNAPSHOT] =
    g_param_spec_boxed ("snapshot", NULL, NULL, MS_TYPE_SNAPSHOT,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPARE] =
    g_param_spec_boxed ("compare", NULL, NULL, MS_TYPE_COMPARE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_baseline_init (MsBaseline *self)
{
}
