/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-kind.h"

G_BEGIN_DECLS

#define MS_TYPE_SWATCH (ms_swatch_get_type ())

G_DECLARE_FINAL_TYPE (MsSwatch, ms_swatch, MS, SWATCH, GtkWidget)

/* A small rounded square in a region kind's colour (from ms_kind_get_color,
 * the one colour table), for the legend and the region table. */
GtkWidget *ms_swatch_new       (void);
void       ms_swatch_set_kind  (MsSwatch *self,
                                int       kind);
int        ms_swatch_get_kind  (MsSwatch *self);

G_END_DECLS
