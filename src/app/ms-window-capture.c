/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-window-private.h"

#include <glib/gi18n.h>

/* What the window says about a captured smaps or maps file, and captures
 * dropped onto the window. */

char *
_ms_window_describe_capture (const MsSnapshot *snapshot)
{
  /* A capture is one file: the threads of the process, and so which
   * anonymous regions were their stacks, are not in it. */
  if (snapshot->has_counters)
    /* TRANSLATORS: the subtitle of a captured /proc/PID/smaps file */
    return g_strdup (_("Captured smaps file · no thread information"));
  /* TRANSLATORS: the subtitle of a captured /proc/PID/maps file */
  return g_strdup (_("Captured maps file · no thread information"));
}

char *
_ms_window_describe_capture_problem (const MsSnapshot *snapshot)
{
  if (snapshot->source != MS_SOURCE_FILE || snapshot->n_malformed == 0)
    return NULL;

  if (snapshot->first_malformed_line == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u region of this capture overlaps the one before it: the capture may be damaged, and some memory may be counted twice.",
                                         "%u regions of this capture overlap the ones before them: the capture may be damaged, and some memory may be counted twice.",
                                         snapshot->n_malformed),
                            snapshot->n_malformed);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "This capture may be cut short or damaged: %u line that is not part of a memory map was skipped (line %u). Everything else is shown.",
                                       "This capture may be cut short or damaged: %u lines that are not part of a memory map were skipped (the first is line %u). Everything else is shown.",
                                       snapshot->n_malformed),
                          snapshot->n_malformed, snapshot->first_malformed_line);
}

/* --- dropping a capture onto the window ----------------------------------- */

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         MsWindow      *self)
{
  GFile *file = NULL;
  g_autofree char *path = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      /* One capture is shown at a time: the first of several. */
      file = files != NULL ? files->data : NULL;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      file = g_value_get_object (value);
    }

  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path == NULL)
    {
      _ms_window_add_toast (self, adw_toast_new (_("Only files on this computer can be opened as captures")));
      return FALSE;
    }

  ms_window_show_file (self, path);
  return TRUE;
}

void
_ms_window_init_drop_target (MsWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}
