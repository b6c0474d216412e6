/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MS_TYPE_BANNER (ms_banner_get_type ())

G_DECLARE_FINAL_TYPE (MsBanner, ms_banner, MS, BANNER, GtkWidget)

/* A one-line (wrapping) notice under the header bar that slides in and out:
 * AdwBanner with libadwaita 1.3 and later; before (Debian 12 has 1.2) a
 * revealer with a label in the style of the window's "exited" banner
 * (the .banner class of style.css). The title is plain text. */
GtkWidget  *ms_banner_new           (void);
const char *ms_banner_get_title     (MsBanner   *self);
void        ms_banner_set_title     (MsBanner   *self,
                                     const char *title);
gboolean    ms_banner_get_revealed  (MsBanner   *self);
void        ms_banner_set_revealed  (MsBanner   *self,
                                     gboolean    revealed);

G_END_DECLS
