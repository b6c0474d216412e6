/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ms-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MsApplication) app = NULL;

  /* glibc ignores LANGUAGE in the plain "C" locale (no LANG, or a locale
   * that is not installed), so `LANGUAGE=zh_CN memscape` would stay English
   * on a minimal system: fall back to C.UTF-8, where LANGUAGE is honoured
   * and text is UTF-8. */
  if ((setlocale (LC_ALL, "") == NULL || g_strcmp0 (setlocale (LC_MESSAGES, NULL), "C") == 0) &&
      g_getenv ("LANGUAGE") != NULL && setlocale (LC_ALL, "C.UTF-8") != NULL)
    {
      /* …in the environment too, where GTK sets the locale again. */
      g_setenv ("LC_ALL", "C.UTF-8", TRUE);
    }
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = ms_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
