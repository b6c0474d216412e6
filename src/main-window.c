/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ms-application.h"
#include "ms-cli.h"

/* memscape-window (in LIBEXECDIR): the GTK application. `memscape` starts
 * it in its own place, with its own arguments, for everything but the
 * headless work; run directly, it accepts the same options. */
int
main (int   argc,
      char *argv[])
{
  g_autoptr(MsApplication) app = NULL;

  ms_cli_init_locale ();

  app = ms_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
