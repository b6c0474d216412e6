/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <unistd.h>

#include "ms-cli.h"

/* `memscape`: the command line, linked with the core alone, without GTK.
 * What needs no window (--export, --version, --help) is done here, so a
 * headless export never loads GTK and libadwaita; for everything else the
 * window program replaces this process with the same arguments, so that
 * `memscape`, `memscape --pid PID`, `memscape --open FILE`, the launcher
 * and GApplication's own options behave as if it were the window. */

/* $MEMSCAPE_WINDOW when set; else the window program built beside this one
 * (an uninstalled build tree: `_build/src/memscape` works without
 * installing); else the installed LIBEXECDIR/memscape-window. */
static char *
find_window_program (void)
{
  const char *path = g_getenv ("MEMSCAPE_WINDOW");
  g_autofree char *self = NULL;

  if (path != NULL && *path != '\0')
    return g_strdup (path);

  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (dir, "memscape-window", NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_REGULAR) && access (beside, X_OK) == 0)
        return g_steal_pointer (&beside);
    }

  return g_build_filename (LIBEXECDIR, "memscape-window", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree GOptionEntry *entries = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *description = NULL;
  g_autofree char *window = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  MsCliOptions options = { 0 };
  int status;

  ms_cli_init_locale ();

  entries = ms_cli_option_entries_new (&options);
  summary = ms_cli_help_summary ();
  description = ms_cli_help_description ();

  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, description);
  /* GApplication's own options (--help-gapplication, --gapplication-service)
   * are the window program's to take. */
  g_option_context_set_ignore_unknown_options (context, TRUE);

  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("memscape: %s\n", error->message);
      return 1;
    }

  status = ms_cli_run (&options);
  ms_cli_options_clear (&options);
  if (status >= 0)
    return status;

  window = find_window_program ();
  execv (window, argv);

  {
    int saved_errno = errno;
    g_autofree char *display = g_filename_display_name (window);

    g_printerr ("memscape: ");
    /* TRANSLATORS: the window program's path, then why it did not start */
    g_printerr (_("Could not start the window program %s: %s"), display, g_strerror (saved_errno));
    g_printerr ("\n");
  }
  return 1;
}
