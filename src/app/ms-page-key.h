/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MS_TYPE_PAGE_KEY (ms_page_key_get_type ())

G_DECLARE_FINAL_TYPE (MsPageKey, ms_page_key, MS, PAGE_KEY, GtkWidget)

/* The key to the strip's page texture (issue 16): what each colour and mark
 * means in the colour mode chosen in the Pages menu, each swatch drawn by
 * the texture's own code. Shown while the strip shows pages, or the heat of
 * a measurement; hidden otherwise. Follows the MsStrip of its "strip"
 * property ("pages-shown", "page-colour"). */
GtkWidget  *ms_page_key_new       (void);
void        ms_page_key_set_strip (MsPageKey *self,
                                   GtkWidget *strip);
/* For tests: the labels shown, one a line. (transfer full) */
char       *_ms_page_key_get_text (MsPageKey *self);

G_END_DECLS
