/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-window-private.h"
#include "ms-legend.h"

#include <glib/gi18n.h>

#include "ms-banner.h"
#include "ms-error.h"
#include "ms-format.h"
#include "ms-heap-trim.h"
#include "ms-process-row.h"
#include "ms-remote-source.h"
#include "ms-settings.h"
#include "ms-system-page.h"
#include "ms-text.h"
#include "ms-tooltip.h"

struct _MsWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  MsProcessListView    *process_list;
  AdwWindowTitle       *window_title;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  MsBanner             *capture_banner;
  GtkStack             *stack;
  GtkSpinner           *spinner;
  MsMapView            *map_view;
  AdwStatusPage        *denied_page;
  GtkButton            *admin_button;
  GtkLabel             *denied_error_label;
  AdwStatusPage        *auth_page;
  GtkSpinner           *auth_spinner;
  GtkWidget            *admin_indicator;
  GtkWidget            *banner_admin_button;
  GtkWidget            *banner_reconnect_button;
  AdwWindowTitle       *sidebar_title;
  AdwStatusPage        *kernel_page;
  AdwStatusPage        *gone_page;
  AdwStatusPage        *error_page;
  GtkListBox           *system_list;
  MsSystemPage         *system_page;
  gboolean              showing_system;  /* the System page, not a process */
  char                 *pending_object;  /* to select once its process is read */

  GSettings            *settings;
  MsSource             *source;          /* this user's processes */
  MsSource             *admin_source;    /* made when first needed */
  MsSession            *session;         /* the process or capture shown, or NULL */
  GSignalGroup         *session_signals;
  GdkSurface           *surface;
  gboolean              background;      /* hidden or minimized */

  gboolean              paused;          /* refreshing paused, in this window only */
  MsScaleMode           scale_mode;      /* of the strip, for every session shown */

  gboolean              auth_requested;  /* "Read as Administrator" clicked, no answer yet */
  guint                 n_exports;
  char                 *last_export_error;
};

G_DEFINE_FINAL_TYPE (MsWindow, ms_window, ADW_TYPE_APPLICATION_WINDOW)

/* GSettings keys that are window actions ("win.only-my-processes"). */
static const char * const setting_actions[] = {
  "only-my-processes", "show-kernel-threads",
};

enum {
  PROP_0,
  PROP_PAUSED,
  PROP_SCALE_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

MsWindow *
ms_window_new (MsApplication *application)
{
  return g_object_new (MS_TYPE_WINDOW, "application", application, NULL);
}

/* --- what the content pane shows ------------------------------------------ */

/* What the process list knows of @pid (all processes, not only those the
 * list shows under its search), or NULL. */
static const MsProcessInfo *
lookup_process (MsWindow *self,
                int       pid)
{
  MsProcessRow *row = ms_process_list_model_lookup (ms_process_list_view_get_list_model (self->process_list), pid);

  return row != NULL ? ms_process_row_get_info (row) : NULL;
}

/* @title is often the process's name: its bytes, made fit to show here. */
static void
set_titles (MsWindow   *self,
            const char *title,
            const char *subtitle)
{
  g_autofree char *window_title = NULL;
  g_autofree char *shown = ms_display_text (title, -1);
  g_autofree char *shown_subtitle = ms_display_text (subtitle != NULL ? subtitle : "", -1);

  adw_window_title_set_title (self->window_title, shown);
  adw_window_title_set_subtitle (self->window_title, shown_subtitle);

  if (shown != NULL && g_strcmp0 (shown, _("Memscape")) != 0)
    /* TRANSLATORS: the window title, "firefox — Memscape" */
    window_title = g_strdup_printf (_("%s — Memscape"), shown);
  gtk_window_set_title (GTK_WINDOW (self), window_title != NULL ? window_title : _("Memscape"));
}

/* A status page's description is markup: @text (a message that may name a
 * process or a file) is made fit to show and escaped. */
static void
set_page_description (AdwStatusPage *page,
                      const char    *text)
{
  g_autofree char *shown = ms_display_text (text != NULL ? text : "", -1);
  g_autofree char *escaped = g_markup_escape_text (shown, -1);

  adw_status_page_set_description (page, escaped);
}

static void
update_zoom_actions (MsWindow *self)
{
  MsStrip *strip = _ms_window_get_strip (self);
  gboolean has_snapshot = _ms_window_get_snapshot (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in",
                                 has_snapshot && ms_strip_get_can_zoom_in (strip));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out",
                                 has_snapshot && ms_strip_get_can_zoom_out (strip));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-reset",
                                 has_snapshot && ms_strip_get_can_zoom_out (strip));
}

static void
update_actions (MsWindow *self)
{
  gboolean live = self->session != NULL && ms_session_get_state (self->session) == MS_SESSION_LIVE;
  gboolean has_snapshot = _ms_window_get_snapshot (self) != NULL;

  /* (a first picture's PSS, swap… are not read yet: nothing to export) */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export",
                                 has_snapshot && !ms_snapshot_is_partial (_ms_window_get_snapshot (self)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", live || self->showing_system);
  /* (The read that gave the snapshot is in the history by the time the
   * action can be used.) */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-recording", has_snapshot);
  update_zoom_actions (self);
  _ms_window_update_compare_actions (self);
}

/* Errors that leave the process unread for want of rights: the first
 * refusal, and what became of reading it as administrator. */
static gboolean
is_denied (MsWindow     *self,
           const GError *error)
{
  return g_error_matches (error, MS_ERROR, MS_ERROR_PERMISSION_DENIED) ||
         g_error_matches (error, MS_ERROR, MS_ERROR_AUTH_DISMISSED) ||
         g_error_matches (error, MS_ERROR, MS_ERROR_NOT_AUTHORIZED) ||
         (ms_session_get_privileged (self->session) &&
          g_error_matches (error, MS_ERROR, MS_ERROR_HELPER_FAILED));
}

static void
show_denied (MsWindow            *self,
             int                  pid,
             const MsProcessInfo *info,
             const GError        *error)
{
  g_autofree char *whose = NULL;
  g_autofree char *description = NULL;
  g_autofree char *message = ms_display_text (error != NULL ? error->message : "", -1);
  gboolean dismissed = g_error_matches (error, MS_ERROR, MS_ERROR_AUTH_DISMISSED);

  /* The description is markup: names and messages are escaped. */
  if (info != NULL)
    {
      g_autofree char *name = ms_display_text (info->name, -1);
      g_autofree char *user = ms_display_text (info->user, -1);

      whose = g_markup_printf_escaped (_("Process %d (%s) belongs to %s. Only its owner or an administrator can look into its memory."),
                                       pid, name, user);
    }
  else if (g_error_matches (error, MS_ERROR, MS_ERROR_PERMISSION_DENIED))
    /* TRANSLATORS: %s is why the process cannot be read, "Cannot read process 42: permission denied" */
    whose = g_markup_printf_escaped (_("%s. Only its owner or an administrator can look into its memory."),
                                     message);
  else
    whose = g_markup_printf_escaped (_("Process %d belongs to another user. Only its owner or an administrator can look into its memory."),
                                     pid);
  description = g_strdup_printf ("%s\n\n%s", whose,
                                 _("Memscape can read it with an administrator’s password, which the system asks for. Memscape itself never runs as root."));
  adw_status_page_set_description (self->denied_page, description);

  /* Why reading as administrator did not work, unless the person said so. */
  if (!g_error_matches (error, MS_ERROR, MS_ERROR_PERMISSION_DENIED) && !dismissed)
    gtk_label_set_text (self->denied_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->denied_error_label),
                          !g_error_matches (error, MS_ERROR, MS_ERROR_PERMISSION_DENIED) && !dismissed);

  if (dismissed && self->auth_requested)
    _ms_window_add_toast (self, adw_toast_new (_("Authentication was cancelled")));

  gtk_stack_set_visible_child_name (self->stack, "denied");
}

static void
show_failure (MsWindow     *self,
              const GError *error)
{
  int pid = ms_session_get_pid (self->session);
  g_autofree char *title = NULL;
  const MsProcessInfo *info = pid > 0 ? lookup_process (self, pid) : NULL;

  if (pid > 0)
    {
      title = info != NULL ? g_strdup (info->name) : g_strdup_printf (_("Process %d"), pid);
      set_titles (self, title, NULL);
    }
  else
    {
      set_titles (self, _("Memscape"), NULL);
    }

  if (is_denied (self, error))
    {
      show_denied (self, pid, info, error);
    }
  else if (g_error_matches (error, MS_ERROR, MS_ERROR_KERNEL_THREAD))
    {
      g_autofree char *description = g_strdup_printf (_("%s."), error->message);

      set_page_description (self->kernel_page, description);
      gtk_stack_set_visible_child_name (self->stack, "kernel-thread");
    }
  else if (g_error_matches (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS))
    {
      set_page_description (self->gone_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "gone");
    }
  else
    {
      adw_status_page_set_title (self->error_page,
                                 pid > 0 ? _("Could Not Read the Process") : _("Could Not Open the Capture"));
      set_page_description (self->error_page, error != NULL ? error->message : NULL);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
}

/* From the System page's objects: the first region of the object chosen
 * there is selected, or, for memory of one kind ("[heap]"), the kind is
 * highlighted. */
static void
select_pending_object (MsWindow   *self,
                       MsSession  *session,
                       MsSnapshot *snapshot)
{
  g_autofree char *object = g_steal_pointer (&self->pending_object);

  if (object == NULL)
    return;
  if (object[0] == '[')
    {
      for (guint k = 0; k < MS_N_KINDS; k++)
        {
          g_autofree char *id = g_strdup_printf ("[%s]", ms_kind_to_id (k));

          if (strcmp (id, object) == 0)
            ms_session_set_highlight_kind (session, (int) k);
        }
      return;
    }
  /* A SysV segment, "/SYSV00000000 (deleted) (shmid 42)": its path and id. */
  {
    char *shmid = g_str_has_prefix (object, "/SYSV") ? strstr (object, " (shmid ") : NULL;

    if (shmid != NULL)
      {
        guint64 id = g_ascii_strtoull (shmid + strlen (" (shmid "), NULL, 10);

        *shmid = '\0';
        for (guint i = 0; i < snapshot->n_regions; i++)
          if (g_strcmp0 (snapshot->regions[i].path, object) == 0 && snapshot->regions[i].inode == id)
            {
              ms_session_set_selected_address (session, snapshot->regions[i].start);
              return;
            }
        return;
      }
  }
  for (guint i = 0; i < snapshot->n_regions; i++)
    if (g_strcmp0 (snapshot->regions[i].object, object) == 0 || g_strcmp0 (snapshot->regions[i].path, object) == 0)
      {
        ms_session_set_selected_address (session, snapshot->regions[i].start);
        return;
      }
}

static void
update_view (MsWindow *self)
{
  MsSession *session = self->session;
  MsSnapshot *snapshot = session != NULL ? ms_session_get_snapshot (session) : NULL;
  int pid = session != NULL ? ms_session_get_pid (session) : 0;
  g_autofree char *subtitle = NULL;
  MsSessionState state = session != NULL ? ms_session_get_state (session) : MS_SESSION_LOADING;
  gboolean exited = session != NULL && state == MS_SESSION_EXITED;
  gboolean stopped = session != NULL && state == MS_SESSION_STOPPED;
  gboolean live = session != NULL && state == MS_SESSION_LIVE;
  gboolean loading = session != NULL && state == MS_SESSION_LOADING;
  gboolean privileged = session != NULL && ms_session_get_privileged (session);
  gboolean authenticating = loading && privileged;

  gtk_spinner_set_spinning (self->spinner, loading && !authenticating);
  gtk_spinner_set_spinning (self->auth_spinner, authenticating);
  /* While a live process is watched, the list beside it is refreshed less. */
  g_object_set (self->process_list, "secondary", live, NULL);

  if (session == NULL && self->showing_system)
    {
      set_titles (self, _("System"), _("Where all of RAM went"));
      gtk_stack_set_visible_child_name (self->stack, "system");
    }
  else if (session == NULL)
    {
      /* another machine's processes: "on server" */
      set_titles (self, _("Memscape"), ms_source_get_title_suffix (self->source));
      gtk_stack_set_visible_child_name (self->stack, "start");
    }
  else switch (state)
    {
    case MS_SESSION_LOADING:
      {
        const MsProcessInfo *info = pid > 0 ? lookup_process (self, pid) : NULL;
        g_autofree char *title = info != NULL ? ms_display_text (info->name, -1)
                                              : pid > 0 ? g_strdup_printf (_("Process %d"), pid)
                                                        : g_strdup (_("Memscape"));

        if (authenticating)
          {
            g_autofree char *description = NULL;

            description = g_markup_printf_escaped (_("To read the memory of %s (process %d), give an administrator’s password in the dialog the system shows."),
                                                   title, pid);
            adw_status_page_set_description (self->auth_page, description);
            set_titles (self, title, _("Waiting for authentication…"));
            gtk_stack_set_visible_child_name (self->stack, "authenticating");
          }
        else
          {
            set_titles (self, title, _("Reading…"));
            gtk_stack_set_visible_child_name (self->stack, "loading");
          }
      }
      break;

    case MS_SESSION_LIVE:
    case MS_SESSION_EXITED:
    case MS_SESSION_STOPPED:
      if (exited)
        /* TRANSLATORS: the subtitle of a process that has exited */
        subtitle = g_strdup_printf (_("PID %d · exited"), snapshot->pid);
      else if (stopped)
        /* TRANSLATORS: the subtitle of a process no longer refreshed */
        subtitle = g_strdup_printf (_("PID %d · not refreshed"), snapshot->pid);
      else if (self->paused)
        /* TRANSLATORS: the subtitle of a process while refreshing is paused */
        subtitle = g_strdup_printf (_("PID %d · paused"), snapshot->pid);
      else if (ms_session_get_behind (session))
        /* TRANSLATORS: reading the process takes longer than the refresh interval */
        subtitle = g_strdup_printf (_("PID %d · behind: reading takes longer than the interval"), snapshot->pid);
      else if (ms_source_get_title_suffix (ms_session_get_source (session)) != NULL)
        /* TRANSLATORS: the subtitle of a process and how it is read, "PID 42 · as administrator" */
        subtitle = g_strdup_printf (_("PID %d · %s"), snapshot->pid,
                                    ms_source_get_title_suffix (ms_session_get_source (session)));
      else
        subtitle = g_strdup_printf (_("PID %d"), snapshot->pid);
      set_titles (self, snapshot->name, subtitle);
      gtk_stack_set_visible_child_name (self->stack, "map");
      select_pending_object (self, session, snapshot);
      break;

    case MS_SESSION_FILE:
      subtitle = _ms_window_is_recording (session) ? _ms_window_describe_recording (session)
                                                   : _ms_window_describe_capture (snapshot);
      set_titles (self, snapshot->name, subtitle);
      gtk_stack_set_visible_child_name (self->stack, "map");
      break;

    case MS_SESSION_FAILED:
      show_failure (self, ms_session_get_error (session));
      break;

    default:
      g_assert_not_reached ();
    }

  if (exited)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (snapshot->time_usec / G_USEC_PER_SEC);
      g_autofree char *clock = g_date_time_format (time, "%X");
      g_autofree char *name = ms_display_text (snapshot->name, -1);
      g_autofree char *text = g_strdup_printf (_("Process %d (%s) has exited. This is its last memory map, read at %s."),
                                               snapshot->pid, name, clock);

      gtk_label_set_text (self->banner_label, text);
    }
  else if (stopped)
    {
      const GError *error = ms_session_get_error (session);
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (snapshot->time_usec / G_USEC_PER_SEC);
      g_autofree char *clock = g_date_time_format (time, "%X");
      g_autofree char *name = ms_display_text (snapshot->name, -1);
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
        /* TRANSLATORS: the first %s says why the connection to another machine was lost */
        text = g_strdup_printf (_("Refreshing stopped: %s. This is the last memory map of process %d (%s), read at %s."),
                                error->message, snapshot->pid, name, clock);
      else if (g_error_matches (error, MS_ERROR, MS_ERROR_AUTH_DISMISSED))
        text = g_strdup_printf (_("Refreshing stopped: authentication was dismissed. This is the last memory map of process %d (%s), read at %s."),
                                snapshot->pid, name, clock);
      else
        text = g_strdup_printf (_("Refreshing stopped: reading as administrator is no longer authorized. This is the last memory map of process %d (%s), read at %s."),
                                snapshot->pid, name, clock);
      gtk_label_set_text (self->banner_label, text);
    }
  gtk_revealer_set_reveal_child (self->banner_revealer, exited || stopped);
  {
    /* A capture that is cut short or damaged says so, with its first bad line. */
    g_autofree char *problem = state == MS_SESSION_FILE ? _ms_window_describe_capture_problem (snapshot) : NULL;

    if (problem != NULL)
      ms_banner_set_title (self->capture_banner, problem);
    ms_banner_set_revealed (self->capture_banner, problem != NULL);
  }
  {
    /* a lost connection to another machine is made again, rights as administrator asked again */
    gboolean remote = session != NULL && MS_IS_REMOTE_SOURCE (ms_session_get_source (session));

    gtk_widget_set_visible (self->banner_admin_button, stopped && !remote);
    gtk_widget_set_visible (self->banner_reconnect_button, stopped && remote);
  }
  gtk_widget_set_visible (self->admin_indicator, privileged && (live || exited || stopped));

  /* The answer to "Read as Administrator" came (or another read took over). */
  if (!loading)
    self->auth_requested = FALSE;

  update_actions (self);
}

/* --- refreshing: the interval is remembered, pausing is not ------------------ */

static void
set_action_state (MsWindow   *self,
                  const char *name,
                  GVariant   *state)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_state (G_SIMPLE_ACTION (action), state);
}

/* The session reads again at the chosen interval, or not at all while paused. */
static void
apply_interval (MsWindow *self)
{
  if (self->session != NULL)
    ms_refresh_policy_set_interval (ms_session_get_policy (self->session),
                                    self->paused ? 0 : g_settings_get_uint (self->settings, "refresh-interval"));
}

static void
set_paused (MsWindow *self,
            gboolean  paused)
{
  paused = !!paused;
  if (self->paused == paused)
    return;

  self->paused = paused;
  set_action_state (self, "paused", g_variant_new_boolean (paused));
  apply_interval (self);
  update_view (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

/* win.paused, from the menu or the summary's Resume button: toggles. */
static void
on_paused_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     MsWindow      *self)
{
  set_paused (self, !self->paused);
}

static void
on_interval_setting_changed (MsWindow *self)
{
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, "refresh-interval");

  set_action_state (self, "refresh-interval", value);
  apply_interval (self);
}

/* An interval chosen in the menu is remembered, and refreshes at once:
 * choosing one while paused resumes. */
static void
on_interval_chosen (GSimpleAction *action,
                    GVariant      *value,
                    MsWindow      *self)
{
  g_simple_action_set_state (action, value);
  if (g_variant_get_uint32 (value) > 0)
    {
      g_settings_set_value (self->settings, "refresh-interval", value);
      set_paused (self, FALSE);
    }
}

/* --- the scale of the strip ------------------------------------------------ */

/* "linear" for MS_SCALE_LINEAR: the scale-mode setting's and action's names. */
static const char *
scale_nick (MsScaleMode mode)
{
  GEnumClass *modes = g_type_class_ref (MS_TYPE_SCALE_MODE);
  const char *nick = g_enum_get_value (modes, mode)->value_nick;

  g_type_class_unref (modes);
  return nick;
}

/* Chosen in the window (@remember: kept in the settings for the next) or
 * on the command line (this window only). */
static void
set_scale_mode (MsWindow    *self,
                MsScaleMode  mode,
                gboolean     remember)
{
  if (remember && g_settings_get_enum (self->settings, "scale-mode") != (int) mode)
    g_settings_set_enum (self->settings, "scale-mode", mode);

  if (self->scale_mode == mode)
    return;

  self->scale_mode = mode;
  set_action_state (self, "scale-mode", g_variant_new_string (scale_nick (mode)));
  if (self->session != NULL)
    ms_session_set_scale_mode (self->session, mode);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE_MODE]);
}

/* win.scale-mode, from the scale's toggle buttons: remembered. */
static void
on_scale_chosen (GSimpleAction *action,
                 GVariant      *value,
                 MsWindow      *self)
{
  GEnumClass *modes = g_type_class_ref (MS_TYPE_SCALE_MODE);
  GEnumValue *mode = g_enum_get_value_by_nick (modes, g_variant_get_string (value, NULL));

  if (mode != NULL)
    set_scale_mode (self, (MsScaleMode) mode->value, TRUE);
  g_type_class_unref (modes);
}

void
ms_window_set_scale_mode (MsWindow    *self,
                          MsScaleMode  mode)
{
  g_return_if_fail (MS_IS_WINDOW (self));
  g_return_if_fail (mode <= MS_SCALE_RESIDENT);

  set_scale_mode (self, mode, FALSE);
}

/* Changed elsewhere (another window). */
static void
on_scale_setting_changed (MsWindow *self)
{
  set_scale_mode (self, g_settings_get_enum (self->settings, "scale-mode"), FALSE);
}

/* Shows @session (NULL: nothing) from now on; the one before is let go, and
 * its read with it. */
static void
set_session (MsWindow  *self,
             MsSession *session)
{
  if (self->session == session)
    return;

  g_set_object (&self->session, session);
  if (session != NULL)
    {
      MsRefreshPolicy *policy = ms_session_get_policy (session);

      apply_interval (self);
      ms_session_set_scale_mode (session, self->scale_mode);
      ms_refresh_policy_set_background (policy, self->background);
    }
  g_signal_group_set_target (self->session_signals, session);
  /* The views bind to it from here on. */
  ms_map_view_set_session (self->map_view, session);
  update_view (self);
}

/* Reads process @pid through @source. */
static void
watch (MsWindow *self,
       MsSource *source,
       int       pid)
{
  g_autoptr(MsSession) session = ms_session_new (source, pid);

  set_session (self, session);
}

static void
on_process_chosen (MsWindow *self)
{
  int pid = ms_process_list_view_get_selected_pid (self->process_list);

  if (pid > 0)
    ms_window_show_pid (self, pid);
}

void
ms_window_show_pid (MsWindow *self,
                    int       pid)
{
  g_return_if_fail (MS_IS_WINDOW (self));
  g_return_if_fail (pid > 0);

  ms_process_list_view_set_selected_pid (self->process_list, pid);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  self->showing_system = FALSE;
  gtk_list_box_unselect_all (self->system_list);

  /* Choosing the process already shown keeps it (and its zoom) as it is;
   * the same pid on another machine is another process. */
  if (self->session != NULL && ms_session_get_pid (self->session) == pid &&
      (ms_session_get_source (self->session) == self->source || ms_session_get_privileged (self->session)) &&
      ms_session_get_state (self->session) != MS_SESSION_FAILED &&
      ms_session_get_state (self->session) != MS_SESSION_EXITED &&
      ms_session_get_state (self->session) != MS_SESSION_STOPPED)
    return;

  self->auth_requested = FALSE;
  watch (self, self->source, pid);
}

void
ms_window_show_file (MsWindow   *self,
                     const char *path)
{
  g_return_if_fail (MS_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  ms_process_list_view_set_selected_pid (self->process_list, 0);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  self->showing_system = FALSE;
  gtk_list_box_unselect_all (self->system_list);
  {
    g_autoptr(MsSession) session = ms_session_new_for_file (path);

    set_session (self, session);
  }
}

/* --- actions -------------------------------------------------------------- */

static void
action_open (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _ms_window_open_capture (MS_WINDOW (widget));
}

static void
action_export (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _ms_window_export (MS_WINDOW (widget));
}

static void
action_save_recording (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  _ms_window_save_recording (MS_WINDOW (widget));
}

static void
action_refresh (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MsWindow *self = MS_WINDOW (widget);

  if (self->session != NULL)
    ms_session_refresh (self->session);
  else if (self->showing_system)
    ms_system_page_refresh (self->system_page);
  ms_process_list_view_refresh (self->process_list);
}

static void
action_search (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MsWindow *self = MS_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean map_shown = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "map") == 0;
  gboolean in_sidebar = focus != NULL && gtk_widget_is_ancestor (focus, self->sidebar);
  gboolean content_shown = !adw_leaflet_get_folded (self->leaflet) ||
                           adw_leaflet_get_visible_child (self->leaflet) == self->content;

  /* Search where the person is: the regions of the map, or the processes. */
  if (map_shown && content_shown && !in_sidebar)
    ms_region_table_focus_search (ms_map_view_get_table (self->map_view));
  else
    {
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
      ms_process_list_view_focus_search (self->process_list);
    }
}

static void
action_zoom (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MsStrip *strip = _ms_window_get_strip (MS_WINDOW (widget));

  if (g_str_equal (action_name, "win.zoom-in"))
    ms_strip_zoom_in (strip);
  else if (g_str_equal (action_name, "win.zoom-out"))
    ms_strip_zoom_out (strip);
  else
    ms_strip_reset_zoom (strip);
}

static void
action_open_folder (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  _ms_window_show_folder (MS_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* The same process as administrator: every read, the first and each
 * refresh, through the helper (pkexec asks for the password, then keeps the
 * authorization for a few minutes). */
static void
on_read_as_admin_clicked (MsWindow *self)
{
  int pid = self->session != NULL ? ms_session_get_pid (self->session) : 0;

  if (pid <= 0)
    return;

  if (self->admin_source == NULL)
    self->admin_source = ms_source_new_administrator ();
  self->auth_requested = TRUE;
  watch (self, self->admin_source, pid);
}

/* Another machine's lost connection: a new one, and the same process read
 * through it (the last picture stays until it answers). */
static void
on_reconnect_clicked (MsWindow *self)
{
  MsSource *source = self->session != NULL ? ms_session_get_source (self->session) : NULL;
  int pid = self->session != NULL ? ms_session_get_pid (self->session) : 0;

  if (source == NULL || !MS_IS_REMOTE_SOURCE (source) || pid <= 0)
    return;
  ms_remote_connection_reconnect (ms_remote_source_get_connection (MS_REMOTE_SOURCE (source)));
  watch (self, source, pid);
  ms_process_list_view_refresh (self->process_list);
}

static void
action_connect (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _ms_window_connect (MS_WINDOW (widget));
}

static void
action_this_computer (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  _ms_window_use_this_computer (MS_WINDOW (widget));
}

static void
on_cancel_auth_clicked (MsWindow *self)
{
  int pid = self->session != NULL ? ms_session_get_pid (self->session) : 0;

  if (pid <= 0)
    return;

  /* Letting the session go cancels its read, which ends pkexec and its
   * dialog; reading again as this user brings back the page that says why. */
  self->auth_requested = FALSE;
  watch (self, self->source, pid);
}

void
ms_window_show_system (MsWindow *self)
{
  g_return_if_fail (MS_IS_WINDOW (self));

  self->showing_system = TRUE;
  gtk_list_box_select_row (self->system_list, gtk_list_box_get_row_at_index (self->system_list, 0));
  ms_process_list_view_set_selected_pid (self->process_list, 0);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  set_session (self, NULL);
  update_view (self);
}

static void
on_system_open_process (MsWindow   *self,
                        int         pid,
                        const char *object)
{
  g_free (self->pending_object);
  self->pending_object = g_strdup (object);
  ms_window_show_pid (self, pid);
}

static void
on_back_clicked (MsWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_folded_changed (MsWindow *self)
{
  /* Folding shows the content, unfolding both: nothing to do but keep the
   * content in front when something is shown. */
  if (adw_leaflet_get_folded (self->leaflet) && (self->session != NULL || self->showing_system))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

/* --- keyboard focus -------------------------------------------------------- */

/* Lists (the processes, the regions: 60 000 rows) and the legend's kinds
 * are one Tab stop each: Tab and Shift+Tab leave them for the next widget,
 * arrows move within. GTK 4.12 has this as the lists' tab-behavior; on 4.8
 * a list takes Tab to its next row, and the legend to its next kind. */
static gboolean
is_one_stop (GtkWidget *widget)
{
  return GTK_IS_COLUMN_VIEW (widget) || GTK_IS_LIST_VIEW (widget) ||
         GTK_IS_GRID_VIEW (widget) || GTK_IS_FLOW_BOX (widget) || MS_IS_LEGEND (widget);
}

/* The outermost such widget that holds @focus, or NULL. */
static GtkWidget *
one_stop_holding (MsWindow  *self,
                  GtkWidget *focus)
{
  GtkWidget *stop = NULL;

  for (GtkWidget *widget = focus; widget != NULL && widget != GTK_WIDGET (self);
       widget = gtk_widget_get_parent (widget))
    if (is_one_stop (widget))
      stop = widget;
  return stop;
}

/* Tab (and the tests' gtk_widget_child_focus()) from inside a list moves
 * on as if the list were one widget: while GtkWindow looks for the next
 * stop, the list and what it holds cannot take the focus. */
static gboolean
ms_window_focus (GtkWidget        *widget,
                 GtkDirectionType  direction)
{
  MsWindow *self = MS_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *stop = NULL;
  gboolean moved;

  if (focus != NULL && (direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD))
    stop = one_stop_holding (self, focus);
  if (stop == NULL)
    return GTK_WIDGET_CLASS (ms_window_parent_class)->focus (widget, direction);

  gtk_widget_set_can_focus (stop, FALSE);
  moved = GTK_WIDGET_CLASS (ms_window_parent_class)->focus (widget, direction);
  gtk_widget_set_can_focus (stop, TRUE);
  return moved;
}

/* --- background and size ------------------------------------------------- */

static void
update_background (MsWindow *self)
{
  gboolean hidden = !gtk_widget_get_mapped (GTK_WIDGET (self));

  if (!hidden && self->surface != NULL && GDK_IS_TOPLEVEL (self->surface))
    hidden = (gdk_toplevel_get_state (GDK_TOPLEVEL (self->surface)) & GDK_TOPLEVEL_STATE_MINIMIZED) != 0;

  self->background = hidden;
  if (self->session != NULL)
    ms_refresh_policy_set_background (ms_session_get_policy (self->session), hidden);
  g_object_set (self->process_list, "background", hidden, NULL);
}

static void
ms_window_realize (GtkWidget *widget)
{
  MsWindow *self = MS_WINDOW (widget);

  GTK_WIDGET_CLASS (ms_window_parent_class)->realize (widget);

  self->surface = gtk_native_get_surface (GTK_NATIVE (self));
  g_signal_connect_object (self->surface, "notify::state",
                           G_CALLBACK (update_background), self, G_CONNECT_SWAPPED);
}

static void
ms_window_unrealize (GtkWidget *widget)
{
  MsWindow *self = MS_WINDOW (widget);

  if (self->surface != NULL)
    g_signal_handlers_disconnect_by_func (self->surface, update_background, self);
  self->surface = NULL;

  GTK_WIDGET_CLASS (ms_window_parent_class)->unrealize (widget);
}

static void
ms_window_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ms_window_parent_class)->map (widget);
  update_background (MS_WINDOW (widget));
}

static void
ms_window_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ms_window_parent_class)->unmap (widget);
  update_background (MS_WINDOW (widget));
}

static gboolean
ms_window_close_request (GtkWindow *window)
{
  MsWindow *self = MS_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (ms_window_parent_class)->close_request (window);
}

/* --- private API and test hooks ------------------------------------------- */

GtkWidget *
_ms_window_get_admin_button (MsWindow *self)
{
  return GTK_WIDGET (self->admin_button);
}

gboolean
_ms_window_get_admin_indicator_visible (MsWindow *self)
{
  return gtk_widget_get_visible (self->admin_indicator);
}

const char *
_ms_window_get_denied_error (MsWindow *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->denied_error_label))
         ? gtk_label_get_text (self->denied_error_label) : NULL;
}

void
_ms_window_cancel_authentication (MsWindow *self)
{
  on_cancel_auth_clicked (self);
}

MsSnapshot *
_ms_window_get_snapshot (MsWindow *self)
{
  return self->session != NULL ? ms_session_get_snapshot (self->session) : NULL;
}

MsStrip *
_ms_window_get_strip (MsWindow *self)
{
  return ms_map_view_get_strip (self->map_view);
}

void
_ms_window_add_toast (MsWindow *self,
                      AdwToast *toast)
{
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

MsSession *
_ms_window_get_session (MsWindow *self)
{
  return self->session;
}

void
_ms_window_set_source (MsWindow *self,
                       MsSource *source)
{
  g_set_object (&self->source, source);
  ms_process_list_view_set_source (self->process_list, source);
  /* the titles say whose processes these are ("on server") */
  adw_window_title_set_subtitle (self->sidebar_title, ms_source_get_title_suffix (source));
  update_view (self);
}

MsMapView *
_ms_window_get_map_view (MsWindow *self)
{
  return self->map_view;
}

MsProcessListView *
_ms_window_get_process_list (MsWindow *self)
{
  return self->process_list;
}

const char *
_ms_window_get_page (MsWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
_ms_window_get_status_text (MsWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  return ADW_IS_STATUS_PAGE (page) ? adw_status_page_get_description (ADW_STATUS_PAGE (page)) : NULL;
}

gboolean
_ms_window_get_banner_visible (MsWindow *self)
{
  return gtk_revealer_get_reveal_child (self->banner_revealer);
}

const char *
_ms_window_get_banner_text (MsWindow *self)
{
  return gtk_label_get_text (self->banner_label);
}

const char *
_ms_window_get_capture_problem (MsWindow *self)
{
  return ms_banner_get_revealed (self->capture_banner) ? ms_banner_get_title (self->capture_banner) : NULL;
}

const char *
_ms_window_get_title (MsWindow *self)
{
  return adw_window_title_get_title (self->window_title);
}

const char *
_ms_window_get_subtitle (MsWindow *self)
{
  return adw_window_title_get_subtitle (self->window_title);
}

guint
_ms_window_get_n_exports (MsWindow    *self,
                          const char **last_error)
{
  if (last_error != NULL)
    *last_error = self->last_export_error;
  return self->n_exports;
}

void
_ms_window_note_export (MsWindow     *self,
                        const GError *error)
{
  self->n_exports++;
  g_free (self->last_export_error);
  g_free (self->pending_object);
  self->last_export_error = error != NULL ? g_strdup (error->message) : NULL;
}

/* --- GObject -------------------------------------------------------------- */

static void
ms_window_constructed (GObject *object)
{
  MsWindow *self = MS_WINDOW (object);

  G_OBJECT_CLASS (ms_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

/* Freed memory back to the system now and then: see ms-heap-trim.c. */
static void
on_snapshot_shown (MsWindow *self)
{
  if (self->session != NULL && ms_session_get_snapshot (self->session) != NULL)
    ms_heap_trim_note_snapshot ();
}

static void
ms_window_dispose (GObject *object)
{
  MsWindow *self = MS_WINDOW (object);

  /* GtkApplicationWindow (4.8) keeps its action group, and the group these
   * actions, past the window: a setting changed later (in another window)
   * would be announced to the window gone (a critical). Taken away, they go. */
  for (guint i = 0; i < G_N_ELEMENTS (setting_actions); i++)
    g_action_map_remove_action (G_ACTION_MAP (self), setting_actions[i]);

  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->source);
  g_clear_object (&self->admin_source);

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_WINDOW);

  G_OBJECT_CLASS (ms_window_parent_class)->dispose (object);
}

static void
ms_window_finalize (GObject *object)
{
  MsWindow *self = MS_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->last_export_error, g_free);

  G_OBJECT_CLASS (ms_window_parent_class)->finalize (object);
}

static void
ms_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MsWindow *self = MS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_SCALE_MODE:
      g_value_set_enum (value, self->scale_mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  MsWindow *self = MS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PAUSED:
      set_paused (self, g_value_get_boolean (value));
      break;
    case PROP_SCALE_MODE:
      set_scale_mode (self, g_value_get_enum (value), TRUE);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_window_class_init (MsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ms_window_constructed;
  object_class->dispose = ms_window_dispose;
  object_class->finalize = ms_window_finalize;
  object_class->get_property = ms_window_get_property;
  object_class->set_property = ms_window_set_property;
  widget_class->realize = ms_window_realize;
  widget_class->unrealize = ms_window_unrealize;
  widget_class->map = ms_window_map;
  widget_class->focus = ms_window_focus;
  widget_class->unmap = ms_window_unmap;
  window_class->close_request = ms_window_close_request;

  /* Refreshing paused: this window only, never remembered (a new window
   * always starts live). */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The scale of the strip: chosen here, it is remembered for the next
   * window; ms_window_set_scale_mode() (--scale) is not. */
  properties[PROP_SCALE_MODE] =
    g_param_spec_enum ("scale-mode", NULL, NULL, MS_TYPE_SCALE_MODE, MS_SCALE_PROPORTIONAL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MS_TYPE_PROCESS_LIST_VIEW);
  g_type_ensure (MS_TYPE_MAP_VIEW);
  g_type_ensure (MS_TYPE_BANNER);
  g_type_ensure (MS_TYPE_SYSTEM_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ms-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, content);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, process_list);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, capture_banner);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, denied_page);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, admin_button);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, denied_error_label);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, auth_page);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, auth_spinner);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, admin_indicator);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, banner_admin_button);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, banner_reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, kernel_page);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, gone_page);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_process_chosen);
  gtk_widget_class_bind_template_callback (widget_class, ms_window_show_system);
  gtk_widget_class_bind_template_callback (widget_class, on_system_open_process);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, system_list);
  gtk_widget_class_bind_template_child (widget_class, MsWindow, system_page);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_read_as_admin_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_reconnect_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_auth_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_folded_changed);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, action_open);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, action_export);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, action_refresh);
  gtk_widget_class_install_action (widget_class, "win.save-recording", NULL, action_save_recording);
  gtk_widget_class_install_action (widget_class, "win.connect", NULL, action_connect);
  gtk_widget_class_install_action (widget_class, "win.this-computer", NULL, action_this_computer);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, action_search);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, action_zoom);
  gtk_widget_class_install_action (widget_class, "win.open-folder", "s", action_open_folder);
  _ms_window_class_init_compare (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-recording", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, 0, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
}

static void
ms_window_init (MsWindow *self)
{
  g_autoptr(GSimpleAction) interval_action = NULL;
  g_autoptr(GSimpleAction) paused_action = NULL;
  g_autoptr(GSimpleAction) scale_action = NULL;
  g_autoptr(GVariant) interval = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  _ms_window_init_drop_target (self);
  ms_tooltip_attach_tree (GTK_WIDGET (self));

  self->settings = ms_settings_new ();
  /* 0 was "paused" once, and was remembered: start live. */
  if (g_settings_get_uint (self->settings, "refresh-interval") == 0)
    g_settings_reset (self->settings, "refresh-interval");
  for (guint i = 0; i < G_N_ELEMENTS (setting_actions); i++)
    {
      g_autoptr(GAction) action = g_settings_create_action (self->settings, setting_actions[i]);

      g_action_map_add_action (G_ACTION_MAP (self), action);
    }
  interval = g_settings_get_value (self->settings, "refresh-interval");
  interval_action = g_simple_action_new_stateful ("refresh-interval", G_VARIANT_TYPE_UINT32, interval);
  g_signal_connect_object (interval_action, "change-state", G_CALLBACK (on_interval_chosen), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (interval_action));
  g_signal_connect_object (self->settings, "changed::refresh-interval",
                           G_CALLBACK (on_interval_setting_changed), self, G_CONNECT_SWAPPED);
  /* The window's own state, as actions (GSimpleAction, not GPropertyAction,
   * which would hold the window it is kept by). */
  self->scale_mode = g_settings_get_enum (self->settings, "scale-mode");
  paused_action = g_simple_action_new_stateful ("paused", NULL, g_variant_new_boolean (FALSE));
  g_signal_connect_object (paused_action, "activate", G_CALLBACK (on_paused_activated), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (paused_action));
  scale_action = g_simple_action_new_stateful ("scale-mode", G_VARIANT_TYPE_STRING,
                                               g_variant_new_string (scale_nick (self->scale_mode)));
  g_signal_connect_object (scale_action, "change-state", G_CALLBACK (on_scale_chosen), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (scale_action));
  g_signal_connect_object (self->settings, "changed::scale-mode",
                           G_CALLBACK (on_scale_setting_changed), self, G_CONNECT_SWAPPED);

  /* Chosen once: this user's processes from the local /proc, or inside
   * Flatpak the host's through the helper started there. */
  self->source = ms_source_new_default ();
  ms_process_list_view_set_source (self->process_list, self->source);
  g_settings_bind (self->settings, "refresh-interval", self->process_list, "interval", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "only-my-processes", self->process_list, "only-mine", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "show-kernel-threads", self->process_list, "show-kernel-threads",
                   G_SETTINGS_BIND_GET);

  g_signal_connect_object (_ms_window_get_strip (self), "notify::can-zoom-in",
                           G_CALLBACK (update_zoom_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (_ms_window_get_strip (self), "notify::can-zoom-out",
                           G_CALLBACK (update_zoom_actions), self, G_CONNECT_SWAPPED);
  self->session_signals = g_signal_group_new (MS_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::state", G_CALLBACK (update_view), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::snapshot", G_CALLBACK (update_view), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::behind", G_CALLBACK (update_view), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::snapshot", G_CALLBACK (on_snapshot_shown), self);
  /* Status pages name the process from the list once it is read. */
  g_signal_connect_object (self->process_list, "notify::loaded", G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
  update_view (self);
}
