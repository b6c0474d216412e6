/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-session.h"

#include "ms-error.h"
#include "ms-file-source.h"
#include "ms-recording.h"
#include "ms-recording-source.h"
#include "ms-source-private.h"

struct _MsSession
{
  GObject          parent_instance;

  MsSource        *source;
  int              pid;
  MsRefreshPolicy *policy;

  MsSessionState   state;
  GError          *error;
  MsSnapshot      *snapshot;      /* what the views show: the live one or a past sample's */
  MsSnapshot      *live;          /* the latest read */
  gint64           viewed_time;   /* the time of the sample shown, 0 for live */
  int              viewed_index;  /* its index when last notified */
  MsDiff          *diff;
  MsRegionModel   *regions;
  MsHistory       *history;

  GCancellable    *cancellable;   /* of the read in flight */
  GCancellable    *first_cancellable;  /* of the first picture in flight */
  MsSourceRequest *waiting_read;  /* the full read, started when the first picture is made */
  gboolean         waiting_full;

  guint64          selected_address;
  guint64          hovered_address;
  int              highlight_kind;
  MsScaleMode      scale_mode;
  guint64          visible_start;
  guint64          visible_end;
};

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_PID,
  PROP_PRIVILEGED,
  PROP_POLICY,
  PROP_STATE,
  PROP_SNAPSHOT,
  PROP_DIFF,
  PROP_REGIONS,
  PROP_HISTORY,
  PROP_BUSY,
  PROP_BEHIND,
  PROP_SELECTED_ADDRESS,
  PROP_HOVERED_ADDRESS,
  PROP_HIGHLIGHT_KIND,
  PROP_SCALE_MODE,
  PROP_VISIBLE_START,
  PROP_VISIBLE_END,
  PROP_VIEWED_SAMPLE,
  PROP_VIEWED_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (MsSessionState, ms_session_state,
                    G_DEFINE_ENUM_VALUE (MS_SESSION_LOADING, "loading"),
                    G_DEFINE_ENUM_VALUE (MS_SESSION_LIVE, "live"),
                    G_DEFINE_ENUM_VALUE (MS_SESSION_EXITED, "exited"),
                    G_DEFINE_ENUM_VALUE (MS_SESSION_FILE, "file"),
                    G_DEFINE_ENUM_VALUE (MS_SESSION_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (MS_SESSION_STOPPED, "stopped"))

G_DEFINE_FINAL_TYPE (MsSession, ms_session, G_TYPE_OBJECT)

static void start_read (MsSession *self,
                        gboolean   full);

MsSession *
ms_session_new (MsSource *source,
                int       pid)
{
  g_return_val_if_fail (MS_IS_SOURCE (source), NULL);
  g_return_val_if_fail (pid >= 0, NULL);

  return g_object_new (MS_TYPE_SESSION, "source", source, "pid", pid, NULL);
}

MsSession *
ms_session_new_for_file (const char *path)
{
  g_autoptr(MsSource) source = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  /* A recording (FILE.memscape, or any SQLite file: refused in one line
   * if not a recording) brings its history along. */
  source = ms_recording_path_is_recording (path) ? ms_recording_source_new (path) : ms_file_source_new (path);
  return ms_session_new (source, 0);
}

/* --- addresses ------------------------------------------------------------ */

/* The start of the region of @snapshot holding @address, or MS_NO_ADDRESS. */
static guint64
region_start_at (const MsSnapshot *snapshot,
                 guint64           address)
{
  int index;

  if (snapshot == NULL || address == MS_NO_ADDRESS)
    return MS_NO_ADDRESS;
  index = ms_snapshot_find_region (snapshot, address);
  return index >= 0 ? snapshot->regions[index].start : MS_NO_ADDRESS;
}

static gboolean
set_address (MsSession *self,
             guint64   *field,
             guint64    address,
             guint      prop_id)
{
  if (*field == address)
    return FALSE;

  *field = address;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  return TRUE;
}

/* --- reading -------------------------------------------------------------- */

/* Shows @snapshot (nullable): the diff from the one shown, the region list
 * and the addresses follow. TRUE when it is another snapshot; *@selected
 * and *@hovered say whether those moved. Notifies nothing. */
static gboolean
show_snapshot (MsSession  *self,
               MsSnapshot *snapshot,
               gboolean   *selected_changed,
               gboolean   *hovered_changed)
{
  g_autoptr(MsSnapshot) old = NULL;
  guint64 selected, hovered;

  *selected_changed = *hovered_changed = FALSE;
  if (self->snapshot == snapshot)
    return FALSE;

  selected = region_start_at (snapshot, self->selected_address);
  hovered = region_start_at (snapshot, self->hovered_address);
  old = g_steal_pointer (&self->snapshot);
  self->snapshot = snapshot != NULL ? ms_snapshot_ref (snapshot) : NULL;
  g_clear_pointer (&self->diff, ms_diff_unref);
  /* "Has it changed?" is answered here, once, for every view. */
  /* (a first picture's unknown counters are no change) */
  if (old != NULL && snapshot != NULL && !ms_snapshot_is_partial (old) &&
      ms_snapshot_same_process (old, snapshot))
    self->diff = ms_diff_new (old, snapshot);
  /* What was selected or hovered follows its region, or is gone. */
  *selected_changed = selected != self->selected_address;
  *hovered_changed = hovered != self->hovered_address;
  self->selected_address = selected;
  self->hovered_address = hovered;

  /* The row list announces its changes itself, in its new state. */
  ms_region_model_update (self->regions, snapshot, self->diff);
  return TRUE;
}

static void
notify_shown (MsSession *self,
              gboolean   snapshot_changed,
              gboolean   selected_changed,
              gboolean   hovered_changed)
{
  if (snapshot_changed)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIFF]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT]);
    }
  if (selected_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ADDRESS]);
  if (hovered_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVERED_ADDRESS]);
}

/* The new result: @snapshot (the live one again when unchanged), the
 * state, the error (taken). While a past sample is viewed, the views keep
 * it; the live snapshot waits for "Live". */
static void
set_result (MsSession      *self,
            MsSessionState  state,
            MsSnapshot     *snapshot,
            GError         *error)
{
  gboolean state_changed = self->state != state;
  gboolean snapshot_changed = FALSE, selected_changed = FALSE, hovered_changed = FALSE;

  /* Everything is in its new state before anything is said, so that a view
   * told of one change finds the others made too. */
  if (self->live != snapshot)
    {
      g_clear_pointer (&self->live, ms_snapshot_unref);
      self->live = snapshot != NULL ? ms_snapshot_ref (snapshot) : NULL;
    }
  /* Nothing to scrub back to any more: live again. */
  if (snapshot == NULL && self->viewed_time != 0)
    {
      self->viewed_time = 0;
      self->viewed_index = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEWED_TIME]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEWED_SAMPLE]);
    }
  if (self->viewed_time == 0)
    snapshot_changed = show_snapshot (self, snapshot, &selected_changed, &hovered_changed);
  g_clear_error (&self->error);
  self->error = error;
  self->state = state;
  ms_refresh_policy_set_active (self->policy, state == MS_SESSION_LIVE);

  notify_shown (self, snapshot_changed, selected_changed, hovered_changed);
  /* The error comes with the state: notify it too when only the error moved. */
  if (state_changed || error != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
cancel_read (MsSession *self)
{
  gboolean was_busy = self->cancellable != NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->waiting_read, _ms_source_request_free);
  ms_refresh_policy_read_cancelled (self->policy);

  if (was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The read in flight does not keep the session alive: a session let go of
 * (another process chosen) cancels its read as it goes. */
static void
on_read (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(MsSourceRequest) request = user_data;
  g_autoptr(MsSession) self = g_weak_ref_get (&request->owner);
  g_autoptr(MsSnapshot) snapshot = NULL;
  GError *error = NULL;
  gboolean live;

  snapshot = ms_source_read_finish (request->source, result, &error);

  /* The session is gone, or a newer request took over: stale. */
  if (self == NULL || request->cancellable != self->cancellable)
    {
      g_clear_error (&error);
      return;
    }

  live = ms_source_is_live (self->source);

  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  /* The next read is timed from the end of this one. */
  ms_refresh_policy_read_finished (self->policy, snapshot != NULL && live);

  if (snapshot != NULL)
    {
      gboolean changed = snapshot != self->live;
      g_autoptr(MsHistory) recorded = NULL;

      /* A recording's read brings every sample it holds, its last shown. */
      if (MS_IS_RECORDING_SOURCE (self->source) &&
          (recorded = ms_recording_source_take_history (MS_RECORDING_SOURCE (self->source), snapshot)) != NULL)
        {
          g_set_object (&self->history, recorded);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
          set_result (self, MS_SESSION_FILE, snapshot, NULL);
        }
      else
        {
          MsFigures figures;
          gboolean has_figures = ms_source_read_get_figures (request->source, result, &figures);

          set_result (self, live ? MS_SESSION_LIVE : MS_SESSION_FILE, snapshot, NULL);
          /* Every read is a sample with its figures; an unchanged one shares
           * the last snapshot. The session's diff is from the live one only
           * when that is what is shown. */
          ms_history_add_full (self->history, g_get_real_time (), snapshot,
                               changed && self->viewed_time == 0 ? self->diff : NULL,
                               has_figures ? &figures : NULL);
        }
    }
  else if (live && self->live != NULL &&
           g_error_matches (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS))
    {
      /* Gone after we saw it: keep its last picture on screen. */
      set_result (self, MS_SESSION_EXITED, self->live, error);
    }
  else if (ms_session_get_privileged (self) && self->state == MS_SESSION_LIVE &&
           (g_error_matches (error, MS_ERROR, MS_ERROR_AUTH_DISMISSED) ||
            g_error_matches (error, MS_ERROR, MS_ERROR_NOT_AUTHORIZED)))
    {
      /* The administrator's rights ran out and were not given again: no more
       * password dialogs; the last picture stays with the reason. */
      set_result (self, MS_SESSION_STOPPED, self->live, error);
    }
  else if (live && self->snapshot != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
    {
      /* Another machine's connection was lost (MsRemoteSource): the last
       * picture stays with the reason, until it is reconnected. */
      set_result (self, MS_SESSION_STOPPED, self->snapshot, error);
    }
  else if (live && self->state == MS_SESSION_LIVE &&
           !g_error_matches (error, MS_ERROR, MS_ERROR_PERMISSION_DENIED))
    {
      /* A passing failure of a live read: keep the picture, try again later. */
      g_debug ("Refreshing process %d failed: %s", self->pid, error->message);
      g_clear_error (&error);
    }
  else
    {
      set_result (self, MS_SESSION_FAILED, NULL, error);
    }
}

static void launch_read (MsSession       *self,
                         MsSourceRequest *request,
                         gboolean         full);

/* Issue 16's first picture of a big process: shown at once, never after
 * the full read, and never recorded in the history. The full read waits
 * for it: beside it, the smaps read would take a CPU from the first
 * picture's two threads (maps, and the page scan), and slow it by half on
 * a machine of two. It waits the first picture's time, a fraction of its
 * own; for a small process, the first look finds it small at once. */
static void
on_first_read (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MsSourceRequest) request = user_data;
  g_autoptr(MsSession) self = g_weak_ref_get (&request->owner);
  g_autoptr(MsSnapshot) snapshot = NULL;

  snapshot = ms_source_read_first_finish (request->source, result, NULL);
  if (self == NULL || request->cancellable != self->first_cancellable)
    return;
  g_clear_object (&self->first_cancellable);
  if (snapshot != NULL && self->snapshot == NULL && self->cancellable != NULL &&
      self->state == MS_SESSION_LOADING)
    set_result (self, MS_SESSION_LIVE, snapshot, NULL);
  if (self->waiting_read != NULL)
    launch_read (self, g_steal_pointer (&self->waiting_read), self->waiting_full);
}

static void
start_first_read (MsSession *self)
{
  if (!ms_source_is_live (self->source) || !ms_source_can_read_first (self->source))
    return;
  self->first_cancellable = g_cancellable_new ();
  ms_source_read_first_async (self->source, self->pid, self->first_cancellable, on_first_read,
                              _ms_source_request_new (self, self->source, self->first_cancellable));
}

/* @full: read everything even if the map looks unchanged (a refresh the
 * person asked for); the timer's refreshes are not full. */
static void
start_read (MsSession *self,
            gboolean   full)
{
  MsSourceRequest *request;

  cancel_read (self);

  self->cancellable = g_cancellable_new ();
  request = _ms_source_request_new (self, self->source, self->cancellable);
  ms_refresh_policy_read_started (self->policy);

  if (self->first_cancellable != NULL)
    {
      self->waiting_read = request;
      self->waiting_full = full;
    }
  else
    {
      launch_read (self, request, full);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
launch_read (MsSession       *self,
             MsSourceRequest *request,
             gboolean         full)
{
  /* A process whose map did not change costs only a cheap look, and gives
   * back the same snapshot, so nothing downstream redraws. */
  ms_source_read_async (self->source, self->pid, full ? NULL : self->live,
                        request->cancellable, on_read, request);
}

static void
on_due (MsSession *self)
{
  if (self->state == MS_SESSION_LIVE)
    start_read (self, FALSE);
}

static void
on_policy_behind (MsSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BEHIND]);
}

void
ms_session_refresh (MsSession *self)
{
  g_return_if_fail (MS_IS_SESSION (self));

  /* A newer request replaces one still running. */
  if (self->state == MS_SESSION_LIVE)
    start_read (self, TRUE);
}

/* --- getters and setters -------------------------------------------------- */

MsSource *
ms_session_get_source (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), NULL);
  return self->source;
}

int
ms_session_get_pid (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), 0);
  return self->pid;
}

gboolean
ms_session_get_privileged (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), FALSE);
  return ms_source_get_kind (self->source) == MS_SOURCE_KIND_ADMINISTRATOR;
}

MsRefreshPolicy *
ms_session_get_policy (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), NULL);
  return self->policy;
}

MsSessionState
ms_session_get_state (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), MS_SESSION_FAILED);
  return self->state;
}

const GError *
ms_session_get_error (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), NULL);
  return self->error;
}

MsSnapshot *
ms_session_get_snapshot (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), NULL);
  return self->snapshot;
}

MsSnapshot *
ms_session_get_live_snapshot (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), NULL);
  return self->live;
}

int
ms_session_get_viewed_sample (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), -1);

  if (self->viewed_time == 0)
    return -1;
  return MAX (ms_history_find_time (self->history, self->viewed_time), 0);
}

gint64
ms_session_get_viewed_time (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), 0);
  return self->viewed_time;
}

void
ms_session_set_viewed_sample (MsSession *self,
                              int        index)
{
  g_autoptr(MsSnapshot) snapshot = NULL;
  gboolean snapshot_changed, selected_changed, hovered_changed;
  gint64 time = 0;

  g_return_if_fail (MS_IS_SESSION (self));

  if (index >= 0 && (guint) index < ms_history_get_n_samples (self->history) && self->live != NULL)
    {
      time = ms_history_get_time (self->history, index);
      /* 0 means live: a sample at the epoch is one microsecond later. */
      time = MAX (time, 1);
    }
  if (time == self->viewed_time)
    return;

  snapshot = time != 0 ? ms_history_get_snapshot (self->history, index) : ms_snapshot_ref (self->live);
  self->viewed_time = time;
  self->viewed_index = time != 0 ? index : -1;
  snapshot_changed = show_snapshot (self, snapshot, &selected_changed, &hovered_changed);

  notify_shown (self, snapshot_changed, selected_changed, hovered_changed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEWED_TIME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEWED_SAMPLE]);
}

/* Thinning moves the viewed sample's index. */
static void
on_history_samples (MsSession *self)
{
  int index = ms_session_get_viewed_sample (self);

  if (index != self->viewed_index)
    {
      self->viewed_index = index;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEWED_SAMPLE]);
    }
}

MsDiff *
ms_session_get_diff (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), NULL);
  return self->diff;
}

MsRegionModel *
ms_session_get_regions (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), NULL);
  return self->regions;
}

MsHistory *
ms_session_get_history (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), NULL);
  return self->history;
}

gboolean
ms_session_get_busy (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), FALSE);
  return self->cancellable != NULL;
}

gboolean
ms_session_get_behind (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), FALSE);
  return ms_refresh_policy_get_behind (self->policy);
}

guint64
ms_session_get_selected_address (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), MS_NO_ADDRESS);
  return self->selected_address;
}

void
ms_session_set_selected_address (MsSession *self,
                                 guint64    address)
{
  g_return_if_fail (MS_IS_SESSION (self));

  set_address (self, &self->selected_address, region_start_at (self->snapshot, address),
               PROP_SELECTED_ADDRESS);
}

int
ms_session_get_selected_index (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), -1);

  if (self->snapshot == NULL || self->selected_address == MS_NO_ADDRESS)
    return -1;
  return ms_snapshot_find_region (self->snapshot, self->selected_address);
}

guint64
ms_session_get_hovered_address (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), MS_NO_ADDRESS);
  return self->hovered_address;
}

void
ms_session_set_hovered_address (MsSession *self,
                                guint64    address)
{
  g_return_if_fail (MS_IS_SESSION (self));

  set_address (self, &self->hovered_address, region_start_at (self->snapshot, address),
               PROP_HOVERED_ADDRESS);
}

int
ms_session_get_hovered_index (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), -1);

  if (self->snapshot == NULL || self->hovered_address == MS_NO_ADDRESS)
    return -1;
  return ms_snapshot_find_region (self->snapshot, self->hovered_address);
}

int
ms_session_get_highlight_kind (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), -1);
  return self->highlight_kind;
}

void
ms_session_set_highlight_kind (MsSession *self,
                               int        kind)
{
  g_return_if_fail (MS_IS_SESSION (self));

  if (kind < 0 || kind >= MS_N_KINDS)
    kind = -1;
  if (self->highlight_kind == kind)
    return;

  self->highlight_kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHT_KIND]);
}

MsScaleMode
ms_session_get_scale_mode (MsSession *self)
{
  g_return_val_if_fail (MS_IS_SESSION (self), MS_SCALE_PROPORTIONAL);
  return self->scale_mode;
}

void
ms_session_set_scale_mode (MsSession   *self,
                           MsScaleMode  mode)
{
  g_return_if_fail (MS_IS_SESSION (self));
  g_return_if_fail (mode <= MS_SCALE_RESIDENT);

  if (self->scale_mode == mode)
    return;

  self->scale_mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE_MODE]);
}

void
ms_session_get_visible_range (MsSession *self,
                              guint64   *start,
                              guint64   *end)
{
  g_return_if_fail (MS_IS_SESSION (self));

  if (start != NULL)
    *start = self->visible_start;
  if (end != NULL)
    *end = self->visible_end;
}

void
ms_session_set_visible_range (MsSession *self,
                              guint64    start,
                              guint64    end)
{
  g_return_if_fail (MS_IS_SESSION (self));
  g_return_if_fail (start <= end);

  g_object_freeze_notify (G_OBJECT (self));
  set_address (self, &self->visible_start, start, PROP_VISIBLE_START);
  set_address (self, &self->visible_end, end, PROP_VISIBLE_END);
  g_object_thaw_notify (G_OBJECT (self));
}

/* --- GObject -------------------------------------------------------------- */

static void
ms_session_constructed (GObject *object)
{
  MsSession *self = MS_SESSION (object);

  G_OBJECT_CLASS (ms_session_parent_class)->constructed (object);

  g_assert (self->source != NULL);
  start_first_read (self);
  start_read (self, TRUE);
}

static void
ms_session_dispose (GObject *object)
{
  MsSession *self = MS_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->first_cancellable);
  g_clear_object (&self->first_cancellable);
  g_clear_pointer (&self->waiting_read, _ms_source_request_free);
  if (self->policy != NULL)
    g_signal_handlers_disconnect_by_data (self->policy, self);
  g_clear_object (&self->policy);

  G_OBJECT_CLASS (ms_session_parent_class)->dispose (object);
}

static void
ms_session_finalize (GObject *object)
{
  MsSession *self = MS_SESSION (object);

  g_clear_object (&self->source);
  g_clear_object (&self->regions);
  g_clear_object (&self->history);
  g_clear_pointer (&self->snapshot, ms_snapshot_unref);
  g_clear_pointer (&self->live, ms_snapshot_unref);
  g_clear_pointer (&self->diff, ms_diff_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (ms_session_parent_class)->finalize (object);
}

static void
ms_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MsSession *self = MS_SESSION (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    case PROP_PID:
      g_value_set_int (value, self->pid);
      break;
    case PROP_PRIVILEGED:
      g_value_set_boolean (value, ms_session_get_privileged (self));
      break;
    case PROP_POLICY:
      g_value_set_object (value, self->policy);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SNAPSHOT:
      g_value_set_boxed (value, self->snapshot);
      break;
    case PROP_DIFF:
      g_value_set_boxed (value, self->diff);
      break;
    case PROP_REGIONS:
      g_value_set_object (value, self->regions);
      break;
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    case PROP_BEHIND:
      g_value_set_boolean (value, ms_session_get_behind (self));
      break;
    case PROP_SELECTED_ADDRESS:
      g_value_set_uint64 (value, self->selected_address);
      break;
    case PROP_HOVERED_ADDRESS:
      g_value_set_uint64 (value, self->hovered_address);
      break;
    case PROP_HIGHLIGHT_KIND:
      g_value_set_int (value, self->highlight_kind);
      break;
    case PROP_SCALE_MODE:
      g_value_set_enum (value, self->scale_mode);
      break;
    case PROP_VISIBLE_START:
      g_value_set_uint64 (value, self->visible_start);
      break;
    case PROP_VISIBLE_END:
      g_value_set_uint64 (value, self->visible_end);
      break;
    case PROP_VIEWED_SAMPLE:
      g_value_set_int (value, ms_session_get_viewed_sample (self));
      break;
    case PROP_VIEWED_TIME:
      g_value_set_int64 (value, self->viewed_time);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  MsSession *self = MS_SESSION (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      self->source = g_value_dup_object (value);
      break;
    case PROP_PID:
      self->pid = g_value_get_int (value);
      break;
    case PROP_SELECTED_ADDRESS:
      ms_session_set_selected_address (self, g_value_get_uint64 (value));
      break;
    case PROP_HOVERED_ADDRESS:
      ms_session_set_hovered_address (self, g_value_get_uint64 (value));
      break;
    case PROP_HIGHLIGHT_KIND:
      ms_session_set_highlight_kind (self, g_value_get_int (value));
      break;
    case PROP_SCALE_MODE:
      ms_session_set_scale_mode (self, g_value_get_enum (value));
      break;
    case PROP_VISIBLE_START:
      ms_session_set_visible_range (self, g_value_get_uint64 (value), MAX (g_value_get_uint64 (value), self->visible_end));
      break;
    case PROP_VISIBLE_END:
      ms_session_set_visible_range (self, MIN (self->visible_start, g_value_get_uint64 (value)), g_value_get_uint64 (value));
      break;
    case PROP_VIEWED_SAMPLE:
      ms_session_set_viewed_sample (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_session_class_init (MsSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ms_session_constructed;
  object_class->dispose = ms_session_dispose;
  object_class->finalize = ms_session_finalize;
  object_class->get_property = ms_session_get_property;
  object_class->set_property = ms_session_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL, MS_TYPE_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PID] =
    g_param_spec_int ("pid", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRIVILEGED] =
    g_param_spec_boolean ("privileged", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLICY] =
    g_param_spec_object ("policy", NULL, NULL, MS_TYPE_REFRESH_POLICY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, MS_TYPE_SESSION_STATE, MS_SESSION_LOADING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SNAPSHOT] =
    g_param_spec_boxed ("snapshot", NULL, NULL, MS_TYPE_SNAPSHOT,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIFF] =
    g_param_spec_boxed ("diff", NULL, NULL, MS_TYPE_DIFF,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGIONS] =
    g_param_spec_object ("regions", NULL, NULL, MS_TYPE_REGION_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, MS_TYPE_HISTORY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BEHIND] =
    g_param_spec_boolean ("behind", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ADDRESS] =
    g_param_spec_uint64 ("selected-address", NULL, NULL, 0, G_MAXUINT64, MS_NO_ADDRESS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOVERED_ADDRESS] =
    g_param_spec_uint64 ("hovered-address", NULL, NULL, 0, G_MAXUINT64, MS_NO_ADDRESS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGHLIGHT_KIND] =
    g_param_spec_int ("highlight-kind", NULL, NULL, -1, MS_N_KINDS - 1, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCALE_MODE] =
    g_param_spec_enum ("scale-mode", NULL, NULL, MS_TYPE_SCALE_MODE, MS_SCALE_PROPORTIONAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VISIBLE_START] =
    g_param_spec_uint64 ("visible-start", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VISIBLE_END] =
    g_param_spec_uint64 ("visible-end", NULL, NULL, 0, G_MAXUINT64, G_MAXUINT64,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The sample shown (-1: the live process), and its time (0: live). */
  properties[PROP_VIEWED_SAMPLE] =
    g_param_spec_int ("viewed-sample", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEWED_TIME] =
    g_param_spec_int64 ("viewed-time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_session_init (MsSession *self)
{
  self->state = MS_SESSION_LOADING;
  self->regions = ms_region_model_new ();
  self->history = ms_history_new (MS_HISTORY_DEFAULT_BUDGET);
  g_signal_connect_swapped (self->history, "notify::n-samples", G_CALLBACK (on_history_samples), self);
  self->selected_address = MS_NO_ADDRESS;
  self->hovered_address = MS_NO_ADDRESS;
  self->highlight_kind = -1;
  self->viewed_index = -1;
  self->scale_mode = MS_SCALE_PROPORTIONAL;
  self->visible_start = 0;
  self->visible_end = G_MAXUINT64;
  self->policy = ms_refresh_policy_new ("[memscape] refresh memory map", 1, 1);
  g_signal_connect_swapped (self->policy, "due", G_CALLBACK (on_due), self);
  g_signal_connect_swapped (self->policy, "notify::behind", G_CALLBACK (on_policy_behind), self);
}
