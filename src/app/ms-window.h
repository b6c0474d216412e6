/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ms-application.h"
#include "ms-layout.h"

G_BEGIN_DECLS

#define MS_TYPE_WINDOW (ms_window_get_type ())

G_DECLARE_FINAL_TYPE (MsWindow, ms_window, MS, WINDOW, AdwApplicationWindow)

MsWindow *ms_window_new        (MsApplication *application);
void      ms_window_show_pid   (MsWindow      *self,
                                int            pid);
/* The System page: the whole system rather than one process. */
void      ms_window_show_system (MsWindow     *self);
void      ms_window_show_file  (MsWindow      *self,
                                const char    *path);
/* Compares what the window shows with the captured smaps or maps file at
 * @path (read on a worker thread): the baseline (ms-window-compare.c). */
void       ms_window_compare_with_file (MsWindow   *self,
                                        const char *path);
/* The scale of the strip in this window, not remembered for the next (as
 * --scale asks); choosing one in the window is. */
void      ms_window_set_scale_mode (MsWindow    *self,
                                    MsScaleMode  mode);

G_END_DECLS
