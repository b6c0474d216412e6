/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-window.h"

#include <glib/gi18n.h>

struct _MsWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (MsWindow, ms_window, ADW_TYPE_APPLICATION_WINDOW)

MsWindow *
ms_window_new (MsApplication *application)
{
  return g_object_new (MS_TYPE_WINDOW, "application", application, NULL);
}

void
ms_window_show_pid (MsWindow *self,
                    int       pid)
{
}

void
ms_window_show_file (MsWindow   *self,
                     const char *path)
{
}

static void
ms_window_class_init (MsWindowClass *klass)
{
}

static void
ms_window_init (MsWindow *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Memscape"));
}
