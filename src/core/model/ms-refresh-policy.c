/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-refresh-policy.h"

struct _MsRefreshPolicy
{
  GObject      parent_instance;

  const char  *timer_name;
  guint        factor;
  guint        secondary_factor;

  guint        interval;
  gboolean     background;
  gboolean     secondary;
  gboolean     active;
  gboolean     busy;
  gboolean     behind;
  gint64       read_started;   /* monotonic time the read in flight began */
  guint        timeout_id;
};

enum {
  PROP_0,
  PROP_INTERVAL,
  PROP_BACKGROUND,
  PROP_SECONDARY,
  PROP_ACTIVE,
  PROP_BUSY,
  PROP_BEHIND,
  N_PROPS
};

enum {
  DUE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MsRefreshPolicy, ms_refresh_policy, G_TYPE_OBJECT)

MsRefreshPolicy *
ms_refresh_policy_new (const char *timer_name,
                       guint       factor,
                       guint       secondary_factor)
{
  MsRefreshPolicy *self;

  g_return_val_if_fail (timer_name != NULL, NULL);
  g_return_val_if_fail (factor > 0 && secondary_factor > 0, NULL);

  self = g_object_new (MS_TYPE_REFRESH_POLICY, NULL);
  self->timer_name = timer_name;
  self->factor = factor;
  self->secondary_factor = secondary_factor;
  return self;
}

guint
ms_refresh_policy_get_delay (MsRefreshPolicy *self)
{
  guint64 delay;

  g_return_val_if_fail (MS_IS_REFRESH_POLICY (self), 0);

  if (self->interval == 0)
    return 0;
  if (self->background)
    delay = MAX ((guint64) self->interval * MS_REFRESH_BACKGROUND_FACTOR, MS_REFRESH_BACKGROUND_MINIMUM);
  else if (self->secondary)
    delay = (guint64) self->interval * self->secondary_factor;
  else
    delay = (guint64) self->interval * self->factor;
  return (guint) MIN (delay, G_MAXUINT);
}

static gboolean
on_timeout (gpointer user_data)
{
  MsRefreshPolicy *self = user_data;

  self->timeout_id = 0;
  g_signal_emit (self, signals[DUE], 0);
  return G_SOURCE_REMOVE;
}

static void
schedule (MsRefreshPolicy *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);

  if (!self->active || self->busy || self->interval == 0)
    return;

  self->timeout_id = g_timeout_add (ms_refresh_policy_get_delay (self), on_timeout, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->timeout_id), self->timer_name);
}

/* A read that was only waiting for its time is wanted now. */
static void
hurry (MsRefreshPolicy *self)
{
  if (self->timeout_id != 0)
    {
      g_clear_handle_id (&self->timeout_id, g_source_remove);
      g_signal_emit (self, signals[DUE], 0);
    }
  else
    {
      schedule (self);
    }
}

guint
ms_refresh_policy_get_interval (MsRefreshPolicy *self)
{
  g_return_val_if_fail (MS_IS_REFRESH_POLICY (self), 0);

  return self->interval;
}

void
ms_refresh_policy_set_interval (MsRefreshPolicy *self,
                                guint            interval)
{
  g_return_if_fail (MS_IS_REFRESH_POLICY (self));

  if (self->interval == interval)
    return;

  self->interval = interval;
  schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

gboolean
ms_refresh_policy_get_background (MsRefreshPolicy *self)
{
  g_return_val_if_fail (MS_IS_REFRESH_POLICY (self), FALSE);

  return self->background;
}

void
ms_refresh_policy_set_background (MsRefreshPolicy *self,
                                  gboolean         background)
{
  g_return_if_fail (MS_IS_REFRESH_POLICY (self));

  background = !!background;
  if (self->background == background)
    return;

  self->background = background;
  /* Coming back to the foreground brings the view up to date at once. */
  if (!background)
    hurry (self);
  else
    schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKGROUND]);
}

gboolean
ms_refresh_policy_get_secondary (MsRefreshPolicy *self)
{
  g_return_val_if_fail (MS_IS_REFRESH_POLICY (self), FALSE);

  return self->secondary;
}

void
ms_refresh_policy_set_secondary (MsRefreshPolicy *self,
                                 gboolean         secondary)
{
  g_return_if_fail (MS_IS_REFRESH_POLICY (self));

  secondary = !!secondary;
  if (self->secondary == secondary)
    return;

  self->secondary = secondary;
  /* Back to being the main thing: up to date now. */
  if (!secondary)
    hurry (self);
  else
    schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDARY]);
}

gboolean
ms_refresh_policy_get_active (MsRefreshPolicy *self)
{
  g_return_val_if_fail (MS_IS_REFRESH_POLICY (self), FALSE);

  return self->active;
}

void
ms_refresh_policy_set_active (MsRefreshPolicy *self,
                              gboolean         active)
{
  g_return_if_fail (MS_IS_REFRESH_POLICY (self));

  active = !!active;
  if (self->active == active)
    return;

  self->active = active;
  schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

static void
set_busy (MsRefreshPolicy *self,
          gboolean         busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
ms_refresh_policy_read_started (MsRefreshPolicy *self)
{
  g_return_if_fail (MS_IS_REFRESH_POLICY (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->read_started = g_get_monotonic_time ();
  set_busy (self, TRUE);
}

void
ms_refresh_policy_read_finished (MsRefreshPolicy *self,
                                 gboolean         measured)
{
  g_return_if_fail (MS_IS_REFRESH_POLICY (self));

  if (measured && self->busy)
    {
      /* Slower than the interval: the next read waits for this one, so the
       * view lags behind the process; say so. */
      gint64 took_ms = (g_get_monotonic_time () - self->read_started) / 1000;
      gboolean behind = self->interval > 0 && took_ms > (gint64) self->interval;

      if (behind != self->behind)
        {
          self->behind = behind;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BEHIND]);
        }
    }

  set_busy (self, FALSE);
  schedule (self);
}

void
ms_refresh_policy_read_cancelled (MsRefreshPolicy *self)
{
  g_return_if_fail (MS_IS_REFRESH_POLICY (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  set_busy (self, FALSE);
}

gboolean
ms_refresh_policy_get_busy (MsRefreshPolicy *self)
{
  g_return_val_if_fail (MS_IS_REFRESH_POLICY (self), FALSE);

  return self->busy;
}

gboolean
ms_refresh_policy_get_behind (MsRefreshPolicy *self)
{
  g_return_val_if_fail (MS_IS_REFRESH_POLICY (self), FALSE);

  return self->behind;
}

static void
ms_refresh_policy_dispose (GObject *object)
{
  MsRefreshPolicy *self = MS_REFRESH_POLICY (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  G_OBJECT_CLASS (ms_refresh_policy_parent_class)->dispose (object);
}

static void
ms_refresh_policy_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MsRefreshPolicy *self = MS_REFRESH_POLICY (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;
    case PROP_BACKGROUND:
      g_value_set_boolean (value, self->background);
      break;
    case PROP_SECONDARY:
      g_value_set_boolean (value, self->secondary);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_BEHIND:
      g_value_set_boolean (value, self->behind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_refresh_policy_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MsRefreshPolicy *self = MS_REFRESH_POLICY (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      ms_refresh_policy_set_interval (self, g_value_get_uint (value));
      break;
    case PROP_BACKGROUND:
      ms_refresh_policy_set_background (self, g_value_get_boolean (value));
      break;
    case PROP_SECONDARY:
      ms_refresh_policy_set_secondary (self, g_value_get_boolean (value));
      break;
    case PROP_ACTIVE:
      ms_refresh_policy_set_active (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_refresh_policy_class_init (MsRefreshPolicyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_refresh_policy_dispose;
  object_class->get_property = ms_refresh_policy_get_property;
  object_class->set_property = ms_refresh_policy_set_property;

  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 0, G_MAXUINT, 1000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BACKGROUND] =
    g_param_spec_boolean ("background", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECONDARY] =
    g_param_spec_boolean ("secondary", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BEHIND] =
    g_param_spec_boolean ("behind", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DUE] =
    g_signal_new ("due", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ms_refresh_policy_init (MsRefreshPolicy *self)
{
  self->interval = 1000;
  self->timer_name = "[memscape] refresh";
  self->factor = 1;
  self->secondary_factor = 1;
}
