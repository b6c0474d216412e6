/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-application.h"

#include <glib/gi18n.h>

#include "ms-cli.h"
#include "ms-reader.h"
#include "ms-window.h"

struct _MsApplication
{
  AdwApplication parent_instance;

  int   pid;           /* from --pid, 0 when none */
  char *open_path;     /* from --open */
};

G_DEFINE_FINAL_TYPE (MsApplication, ms_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "pid", 'p', 0, G_OPTION_ARG_STRING, NULL, N_("Show the process with this ID"), N_("PID") },
  { "open", 'o', 0, G_OPTION_ARG_FILENAME, NULL, N_("Show a captured /proc/PID/smaps or /proc/PID/maps file"), N_("FILE") },
  { "export", 'e', 0, G_OPTION_ARG_FILENAME, NULL, N_("Write the snapshot to FILE (.csv, .png or .svg) and quit; needs no display"), N_("FILE") },
  { "scale", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Scale of an exported picture: proportional (default), linear or resident"), N_("SCALE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
  { NULL }
};

MsApplication *
ms_application_new (void)
{
  return g_object_new (MS_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

/* Runs in the launching process before any display is opened: --version and
 * --export end here; --pid and --open are remembered for activate. */
static int
ms_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  MsApplication *self = MS_APPLICATION (app);
  g_autofree char *pid_text = NULL;
  g_autofree char *open_path = NULL;
  g_autofree char *export_path = NULL;
  g_autofree char *scale = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("memscape %s\n", PACKAGE_VERSION);
      return 0;
    }

  g_variant_dict_lookup (options, "pid", "s", &pid_text);
  g_variant_dict_lookup (options, "open", "^ay", &open_path);
  g_variant_dict_lookup (options, "export", "^ay", &export_path);
  g_variant_dict_lookup (options, "scale", "s", &scale);

  if (export_path != NULL)
    return ms_cli_export (pid_text, open_path, export_path, scale);

  if (pid_text != NULL && open_path != NULL)
    {
      g_printerr ("memscape: %s\n", _("Give either --pid or --open, not both"));
      return 1;
    }

  if (pid_text != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!ms_parse_pid (pid_text, &self->pid, &error))
        {
          g_printerr ("memscape: %s\n", error->message);
          return 1;
        }
    }

  self->open_path = g_steal_pointer (&open_path);

  return -1;
}

static void
ms_application_activate (GApplication *app)
{
  MsApplication *self = MS_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (ms_window_new (self));

  if (self->pid > 0)
    ms_window_show_pid (MS_WINDOW (window), self->pid);
  else if (self->open_path != NULL)
    ms_window_show_file (MS_WINDOW (window), self->open_path);
  self->pid = 0;
  g_clear_pointer (&self->open_path, g_free);

  gtk_window_present (window);
}

static void
ms_application_about (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (app);
  static const char *developers[] = { "The Memscape developers", NULL };

  adw_show_about_window (window,
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

static const GActionEntry app_actions[] = {
  { "about", ms_application_about },
  { "quit", ms_application_quit },
};

static void
ms_application_startup (GApplication *app)
{
  static const char * const quit_accels[] = { "<Control>q", NULL };
  static const char * const close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (ms_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
}

static void
ms_application_finalize (GObject *object)
{
  MsApplication *self = MS_APPLICATION (object);

  g_clear_pointer (&self->open_path, g_free);

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
}

static void
ms_application_init (MsApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("See how a Linux process uses its memory."));
  g_application_set_option_context_description (G_APPLICATION (self),
                                                _("Examples:\n"
                                                  "  memscape --pid 1234\n"
                                                  "  memscape --open captured-smaps.txt\n"
                                                  "  memscape --pid 1234 --export map.csv\n"
                                                  "  memscape --open captured-smaps.txt --export map.png"));
}
