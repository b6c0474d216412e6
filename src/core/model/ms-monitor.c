/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-monitor.h"

#include "ms-error.h"
#include "ms-file-source.h"
#include "ms-refresh-policy.h"

struct _MsMonitor
{
  GObject         parent_instance;

  int             pid;
  char           *path;
  MsSnapshot     *snapshot;
  GError         *error;
  MsMonitorState  state;
  gboolean        privileged;    /* reads go through the privileged helper */

  MsSource           *source;         /* the ordinary one */
  MsSource           *admin_source;   /* made when first needed */
  MsRefreshPolicy    *policy;

  GCancellable   *cancellable;   /* of the read in flight */
  guint           generation;    /* bumped by every new request */
};

enum {
  PROP_0,
  PROP_PID,
  PROP_SNAPSHOT,
  PROP_STATE,
  PROP_BUSY,
  PROP_INTERVAL,
  PROP_PRIVILEGED,
  PROP_BEHIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsMonitor, ms_monitor, G_TYPE_OBJECT)

typedef struct {
  MsMonitor           *self;
  guint                generation;
  MsSource            *source;
} Request;

static void start_read       (MsMonitor *self);

MsMonitor *
ms_monitor_new (void)
{
  return g_object_new (MS_TYPE_MONITOR, NULL);
}

static void
set_result (MsMonitor      *self,
            MsMonitorState  state,
            MsSnapshot     *snapshot,
            GError         *error)
{
  gboolean snapshot_changed = self->snapshot != snapshot;
  gboolean state_changed = self->state != state;

  if (snapshot_changed)
    {
      if (snapshot != NULL)
        ms_snapshot_ref (snapshot);
      g_clear_pointer (&self->snapshot, ms_snapshot_unref);
      self->snapshot = snapshot;
    }
  g_clear_error (&self->error);
  self->error = error;
  self->state = state;
  ms_refresh_policy_set_active (self->policy, state == MS_MONITOR_LIVE);

  if (snapshot_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT]);
  /* The error comes with the state: notify it too when only the error moved. */
  if (state_changed || error != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
cancel_read (MsMonitor *self)
{
  gboolean was_busy = self->cancellable != NULL;

  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  ms_refresh_policy_read_cancelled (self->policy);

  if (was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Request *request = user_data;
  MsMonitor *self = request->self;
  g_autoptr(MsSnapshot) snapshot = NULL;
  GError *error = NULL;
  gboolean is_file = self->path != NULL;

  snapshot = ms_source_read_finish (request->source, result, &error);

  /* A newer request took over: this result is stale. */
  if (request->generation != self->generation)
    {
      g_clear_error (&error);
      goto out;
    }

  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  /* The next read is timed from the end of this one. */
  ms_refresh_policy_read_finished (self->policy, snapshot != NULL && !is_file);

  if (snapshot != NULL)
    {
      set_result (self, is_file ? MS_MONITOR_FILE : MS_MONITOR_LIVE, snapshot, NULL);
    }
  else if (!is_file && self->snapshot != NULL &&
           g_error_matches (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS))
    {
      /* Gone after we saw it: keep its last picture on screen. */
      set_result (self, MS_MONITOR_EXITED, self->snapshot, error);
    }
  else if (self->privileged && self->state == MS_MONITOR_LIVE &&
           (g_error_matches (error, MS_ERROR, MS_ERROR_AUTH_DISMISSED) ||
            g_error_matches (error, MS_ERROR, MS_ERROR_NOT_AUTHORIZED)))
    {
      /* The administrator's rights ran out and were not given again: no more
       * password dialogs; the last picture stays with the reason. */
      set_result (self, MS_MONITOR_STOPPED, self->snapshot, error);
    }
  else if (!is_file && self->state == MS_MONITOR_LIVE &&
           !g_error_matches (error, MS_ERROR, MS_ERROR_PERMISSION_DENIED))
    {
      /* A passing failure of a live read: keep the picture, try again later. */
      g_debug ("Refreshing process %d failed: %s", self->pid, error->message);
      g_clear_error (&error);
    }
  else
    {
      set_result (self, MS_MONITOR_FAILED, NULL, error);
    }

out:
  g_object_unref (self);
  g_object_unref (request->source);
  g_free (request);
}

/* @full: read everything even if the map looks unchanged (a refresh the
 * person asked for); the timer's refreshes are not full. */
static void
start_read_full (MsMonitor *self,
                 gboolean   full);

static void
start_read (MsMonitor *self)
{
  start_read_full (self, FALSE);
}

static void
start_read_full (MsMonitor *self,
                 gboolean   full)
{
  Request *request;

  cancel_read (self);

  request = g_new0 (Request, 1);
  request->self = g_object_ref (self);
  request->generation = self->generation;
  self->cancellable = g_cancellable_new ();
  ms_refresh_policy_read_started (self->policy);

  if (self->path != NULL)
    request->source = ms_file_source_new (self->path);
  else if (self->privileged)
    {
      if (self->admin_source == NULL)
        self->admin_source = ms_source_new_administrator ();
      request->source = g_object_ref (self->admin_source);
    }
  else
    request->source = g_object_ref (self->source);

  /* A process whose map did not change costs only a cheap look, and gives
   * back the same snapshot, so nothing downstream redraws. */
  ms_source_read_async (request->source, self->path != NULL ? 0 : self->pid,
                        full || self->path != NULL ? NULL : self->snapshot,
                        self->cancellable, on_read, request);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
on_due (MsMonitor *self)
{
  start_read (self);
}

static void
on_policy_interval (MsMonitor *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

static void
on_policy_behind (MsMonitor *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BEHIND]);
}

static void
set_privileged (MsMonitor *self,
                gboolean   privileged)
{
  if (self->privileged == privileged)
    return;

  self->privileged = privileged;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIVILEGED]);
}

static void
watch_pid (MsMonitor *self,
           int        pid,
           gboolean   privileged)
{
  cancel_read (self);
  g_clear_pointer (&self->path, g_free);
  if (self->pid != pid)
    {
      self->pid = pid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PID]);
    }
  /* Before the state: whoever looks at LOADING knows which it is. */
  set_privileged (self, privileged);
  set_result (self, MS_MONITOR_LOADING, NULL, NULL);
  start_read (self);
}

void
ms_monitor_watch_pid (MsMonitor *self,
                      int        pid)
{
  g_return_if_fail (MS_IS_MONITOR (self));
  g_return_if_fail (pid > 0);

  watch_pid (self, pid, FALSE);
}

void
ms_monitor_watch_pid_privileged (MsMonitor *self,
                                 int        pid)
{
  g_return_if_fail (MS_IS_MONITOR (self));
  g_return_if_fail (pid > 0);

  watch_pid (self, pid, TRUE);
}

gboolean
ms_monitor_get_privileged (MsMonitor *self)
{
  g_return_val_if_fail (MS_IS_MONITOR (self), FALSE);
  return self->privileged;
}

void
ms_monitor_set_source (MsMonitor *self,
                       MsSource  *source)
{
  g_return_if_fail (MS_IS_MONITOR (self));
  g_return_if_fail (source == NULL || MS_IS_SOURCE (source));

  g_clear_object (&self->source);
  self->source = source != NULL ? g_object_ref (source) : ms_source_new_default ();
}

void
ms_monitor_open_file (MsMonitor  *self,
                      const char *path)
{
  g_return_if_fail (MS_IS_MONITOR (self));
  g_return_if_fail (path != NULL);

  cancel_read (self);
  g_free (self->path);
  self->path = g_strdup (path);
  if (self->pid != 0)
    {
      self->pid = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PID]);
    }
  set_privileged (self, FALSE);
  set_result (self, MS_MONITOR_LOADING, NULL, NULL);
  start_read (self);
}

void
ms_monitor_clear (MsMonitor *self)
{
  g_return_if_fail (MS_IS_MONITOR (self));

  cancel_read (self);
  g_clear_pointer (&self->path, g_free);
  if (self->pid != 0)
    {
      self->pid = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PID]);
    }
  set_privileged (self, FALSE);
  set_result (self, MS_MONITOR_EMPTY, NULL, NULL);
}

void
ms_monitor_refresh (MsMonitor *self)
{
  g_return_if_fail (MS_IS_MONITOR (self));

  /* A newer request replaces one still running. */
  if (self->state == MS_MONITOR_LIVE)
    start_read_full (self, TRUE);
}

int
ms_monitor_get_pid (MsMonitor *self)
{
  g_return_val_if_fail (MS_IS_MONITOR (self), 0);
  return self->pid;
}

MsSnapshot *
ms_monitor_get_snapshot (MsMonitor *self)
{
  g_return_val_if_fail (MS_IS_MONITOR (self), NULL);
  return self->snapshot;
}

MsMonitorState
ms_monitor_get_state (MsMonitor *self)
{
  g_return_val_if_fail (MS_IS_MONITOR (self), MS_MONITOR_EMPTY);
  return self->state;
}

const GError *
ms_monitor_get_error (MsMonitor *self)
{
  g_return_val_if_fail (MS_IS_MONITOR (self), NULL);
  return self->error;
}

gboolean
ms_monitor_get_busy (MsMonitor *self)
{
  g_return_val_if_fail (MS_IS_MONITOR (self), FALSE);
  return self->cancellable != NULL;
}

guint
ms_monitor_get_interval (MsMonitor *self)
{
  g_return_val_if_fail (MS_IS_MONITOR (self), 0);
  return ms_refresh_policy_get_interval (self->policy);
}

void
ms_monitor_set_interval (MsMonitor *self,
                         guint      interval)
{
  g_return_if_fail (MS_IS_MONITOR (self));

  ms_refresh_policy_set_interval (self->policy, interval);
}

void
ms_monitor_set_background (MsMonitor *self,
                           gboolean   background)
{
  g_return_if_fail (MS_IS_MONITOR (self));

  ms_refresh_policy_set_background (self->policy, background);
}

static void
ms_monitor_dispose (GObject *object)
{
  MsMonitor *self = MS_MONITOR (object);

  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->policy != NULL)
    g_signal_handlers_disconnect_by_data (self->policy, self);
  g_clear_object (&self->policy);

  G_OBJECT_CLASS (ms_monitor_parent_class)->dispose (object);
}

static void
ms_monitor_finalize (GObject *object)
{
  MsMonitor *self = MS_MONITOR (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->snapshot, ms_snapshot_unref);
  g_clear_error (&self->error);
  g_clear_object (&self->source);
  g_clear_object (&self->admin_source);

  G_OBJECT_CLASS (ms_monitor_parent_class)->finalize (object);
}

static void
ms_monitor_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MsMonitor *self = MS_MONITOR (object);

  switch (prop_id)
    {
    case PROP_PID:
      g_value_set_int (value, self->pid);
      break;
    case PROP_SNAPSHOT:
      g_value_set_boxed (value, self->snapshot);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, ms_refresh_policy_get_interval (self->policy));
      break;
    case PROP_BEHIND:
      g_value_set_boolean (value, ms_refresh_policy_get_behind (self->policy));
      break;
    case PROP_PRIVILEGED:
      g_value_set_boolean (value, self->privileged);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_monitor_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  MsMonitor *self = MS_MONITOR (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      ms_monitor_set_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_monitor_class_init (MsMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ms_monitor_dispose;
  object_class->finalize = ms_monitor_finalize;
  object_class->get_property = ms_monitor_get_property;
  object_class->set_property = ms_monitor_set_property;

  properties[PROP_PID] =
    g_param_spec_int ("pid", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SNAPSHOT] =
    g_param_spec_boxed ("snapshot", NULL, NULL, MS_TYPE_SNAPSHOT,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, MS_MONITOR_EMPTY, MS_MONITOR_STOPPED, MS_MONITOR_EMPTY,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 0, G_MAXUINT, 1000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BEHIND] =
    g_param_spec_boolean ("behind", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRIVILEGED] =
    g_param_spec_boolean ("privileged", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_monitor_init (MsMonitor *self)
{
  self->source = ms_source_new_default ();
  self->policy = ms_refresh_policy_new ("[memscape] refresh memory map", 1, 1);
  g_signal_connect_swapped (self->policy, "due", G_CALLBACK (on_due), self);
  g_signal_connect_swapped (self->policy, "notify::interval", G_CALLBACK (on_policy_interval), self);
  g_signal_connect_swapped (self->policy, "notify::behind", G_CALLBACK (on_policy_behind), self);
}

gboolean
ms_monitor_get_behind (MsMonitor *self)
{
  g_return_val_if_fail (MS_IS_MONITOR (self), FALSE);
  return ms_refresh_policy_get_behind (self->policy);
}
