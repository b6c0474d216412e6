/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-application.h"

#include <glib/gi18n.h>

#include "ms-cli.h"
#include "ms-settings.h"
#include "ms-window.h"
#include "ms-window-private.h"

struct _MsApplication
{
  AdwApplication parent_instance;

  MsCliOptions   options;   /* filled by the command line; consumed by activate */
  GSettings     *settings;  /* from startup */
};

G_DEFINE_FINAL_TYPE (MsApplication, ms_application, ADW_TYPE_APPLICATION)

MsApplication *
ms_application_new (void)
{
  return g_object_new (MS_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

/* Runs in the launching process before any display is opened: what needs
 * no window (--version, --export) ends here, as in the GTK-free memscape
 * that normally starts this program; --pid and --open are checked and kept
 * for activate. */
static int
ms_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  MsApplication *self = MS_APPLICATION (app);

  return ms_cli_run (&self->options);
}

/* A test hook: with MEMSCAPE_TEST_CLOSE_WHEN_SHOWN set, the window closes
 * itself after its second frame, so that a test can start the whole
 * program and see it show its window and exit. */
static gboolean
close_when_shown (GtkWidget     *window,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  guint *frames = user_data;

  if (++*frames < 2)
    return G_SOURCE_CONTINUE;

  gtk_window_close (GTK_WINDOW (window));
  return G_SOURCE_REMOVE;
}

static void
ms_application_activate (GApplication *app)
{
  MsApplication *self = MS_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      window = GTK_WINDOW (ms_window_new (self));
      if (g_getenv ("MEMSCAPE_TEST_CLOSE_WHEN_SHOWN") != NULL)
        gtk_widget_add_tick_callback (GTK_WIDGET (window), close_when_shown, g_new0 (guint, 1), g_free);
    }

  if (self->options.scale_mode >= 0)
    ms_window_set_scale_mode (MS_WINDOW (window), (MsScaleMode) self->options.scale_mode);
  /* --via, --host, --adb: that machine's processes (checked by ms_cli_run) */
  if (ms_cli_remote_wanted (&self->options))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsRemoteConnection) connection = ms_cli_remote_connection_new (&self->options, &error);

      if (connection != NULL)
        _ms_window_use_remote (MS_WINDOW (window), connection);
    }
  if (self->options.pid > 0)
    ms_window_show_pid (MS_WINDOW (window), self->options.pid);
  else if (self->options.open_path != NULL)
    ms_window_show_file (MS_WINDOW (window), self->options.open_path);
  else if (self->options.system)
    ms_window_show_system (MS_WINDOW (window));
  if (self->options.compare_path != NULL)
    ms_window_compare_with_file (MS_WINDOW (window), self->options.compare_path);
  ms_cli_options_clear (&self->options);

  gtk_window_present (window);
}

/* `memscape FILE`, and the launcher's `memscape %f` from a file manager:
 * the first file is opened as a capture, as with --open. */
static void
ms_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  MsApplication *self = MS_APPLICATION (app);
  g_autofree char *path = n_files > 0 ? g_file_get_path (files[0]) : NULL;

  if (n_files > 0 && path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (files[0]);

      g_printerr ("memscape: ");
      /* TRANSLATORS: %s is a URI that is not a file on this computer */
      g_printerr (_("%s is not a file on this computer: only local files can be opened as captures"), uri);
      g_printerr ("\n");
    }
  if (n_files > 1)
    g_printerr ("memscape: %s\n", _("One capture is shown at a time: the others given are not opened"));

  if (path != NULL && self->options.pid <= 0)
    {
      g_free (self->options.open_path);
      self->options.open_path = g_steal_pointer (&path);
    }
  g_application_activate (app);
}

static void
ms_application_about (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (app);
  static const char *developers[] = { "The Memscape developers", NULL };

  /* AdwAboutWindow is deprecated from libadwaita 1.6 for AdwAboutDialog (1.5). */
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_show_about_dialog (GTK_WIDGET (window),
#else
  adw_show_about_window (window,
#endif
                         "application-name", _("Memscape"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Memscape developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("See how a Linux process uses its memory: every region of its address space, coloured by kind, with its resident, proportional and private sizes."),
                         "developers", developers,
                         "copyright", "© The Memscape developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* TRANSLATORS: your name and e-mail, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
ms_application_quit (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Closing each window lets it remember its size. */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (GTK_WINDOW (windows->data));
      windows = next;
    }

  g_application_quit (G_APPLICATION (app));
}

/* The style-variant setting (app.style-variant, the main menu's Style
 * section) to libadwaita's colour scheme: the system's, or always light or
 * dark, as GNOME apps offer it. */
static void
apply_style_variant (MsApplication *self)
{
  static const AdwColorScheme schemes[] = {
    ADW_COLOR_SCHEME_DEFAULT,      /* system */
    ADW_COLOR_SCHEME_FORCE_LIGHT,  /* light */
    ADW_COLOR_SCHEME_FORCE_DARK,   /* dark */
  };
  int variant = g_settings_get_enum (self->settings, "style-variant");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      schemes[CLAMP (variant, 0, (int) G_N_ELEMENTS (schemes) - 1)]);
}

static const GActionEntry app_actions[] = {
  { "about", ms_application_about },
  { "quit", ms_application_quit },
};

static void
ms_application_startup (GApplication *app)
{
  MsApplication *self = MS_APPLICATION (app);
  static const char * const quit_accels[] = { "<Control>q", NULL };
  static const char * const close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (ms_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);

  self->settings = ms_settings_new ();
  {
    g_autoptr(GAction) style = g_settings_create_action (self->settings, "style-variant");

    g_action_map_add_action (G_ACTION_MAP (app), style);
  }
  g_signal_connect_object (self->settings, "changed::style-variant",
                           G_CALLBACK (apply_style_variant), self, G_CONNECT_SWAPPED);
  apply_style_variant (self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
}

static void
ms_application_finalize (GObject *object)
{
  MsApplication *self = MS_APPLICATION (object);

  ms_cli_options_clear (&self->options);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ms_application_parent_class)->finalize (object);
}

static void
ms_application_class_init (MsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = ms_application_finalize;
  app_class->handle_local_options = ms_application_handle_local_options;
  app_class->startup = ms_application_startup;
  app_class->activate = ms_application_activate;
  app_class->open = ms_application_open;
}

static void
ms_application_init (MsApplication *self)
{
  g_autofree GOptionEntry *entries = ms_cli_option_entries_new (&self->options);
  g_autofree char *summary = ms_cli_help_summary ();
  g_autofree char *description = ms_cli_help_description ();

  self->options.scale_mode = -1;  /* (until the command line says) */
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  /* TRANSLATORS: what `memscape --help` shows after the options */
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE]"));
  g_application_set_option_context_summary (G_APPLICATION (self), summary);
  g_application_set_option_context_description (G_APPLICATION (self), description);
}
