/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-system.h"

G_BEGIN_DECLS

#define MS_TYPE_SYSTEM_PAGE (ms_system_page_get_type ())
G_DECLARE_FINAL_TYPE (MsSystemPage, ms_system_page, MS, SYSTEM_PAGE, GtkWidget)

/* The System page (issue 15): where RAM went as a bar and figures, and
 * tables of the processes, the objects mapped across them, the users and the
 * shared memory. It reads while it is shown (each process's smaps_rollup,
 * and full smaps once the Objects or Shared Memory view is chosen) on worker
 * threads with a progress bar, and cancels the read when it is hidden.
 * Activating a process emits ::open-process (pid, and the object to
 * highlight in its map, or NULL). */
GtkWidget              *ms_system_page_new          (void);
/* Reads again now. */
void                    ms_system_page_refresh      (MsSystemPage *self);
/* The last read, or NULL. (transfer none) */
MsSystemSnapshot       *ms_system_page_get_snapshot (MsSystemPage *self);
/* TRUE while a read is in flight. */
gboolean                ms_system_page_is_reading   (MsSystemPage *self);
/* Shows the view named "processes", "objects", "users", "cgroups" or "shm". */
void                    ms_system_page_set_view     (MsSystemPage *self,
                                                     const char   *name);
/* Reads @pids (n_pids of them) through the helper as administrator
 * (pkexec: one password for all), and shows them in place of their rows.
 * The "Read as Administrator" button does it for every process we may not
 * read, and then after each read of the page. */
void                    ms_system_page_read_as_admin (MsSystemPage *self,
                                                      const int    *pids,
                                                      guint         n_pids);
/* For tests: the rows of a view's (first) table in the order shown, and
 * the objects view's list of processes for the selected object. */
GListModel             *ms_system_page_get_rows     (MsSystemPage *self,
                                                     const char   *name);
GListModel             *ms_system_page_get_object_processes (MsSystemPage *self);
/* Selects row @position of the objects table. */
void                    ms_system_page_select_object (MsSystemPage *self,
                                                      guint         position);
/* What activating row @position of the object's processes does. */
void                    ms_system_page_activate_object_process (MsSystemPage *self,
                                                                guint         position);

G_END_DECLS
