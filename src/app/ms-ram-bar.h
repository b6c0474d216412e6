/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-system.h"

G_BEGIN_DECLS

#define MS_TYPE_RAM_BAR (ms_ram_bar_get_type ())
G_DECLARE_FINAL_TYPE (MsRamBar, ms_ram_bar, MS, RAM_BAR, GtkWidget)

/* The System page's proportional bar of where RAM went (ms-system-bar.c
 * draws it, as in the picture), with a tooltip on each part saying what it
 * is, how much, and where the figure comes from. */
GtkWidget *ms_ram_bar_new       (void);
/* @parts (nullable: an empty bar) is copied. */
void       ms_ram_bar_set_parts (MsRamBar         *self,
                                 const MsRamParts *parts);
/* The part under @x for a bar of the widget's width, or -1. */
int        ms_ram_bar_part_at   (MsRamBar         *self,
                                 double            x);
/* The tooltip text of @part. (transfer full) */
char      *ms_ram_bar_describe  (MsRamBar         *self,
                                 MsRamPart         part);

G_END_DECLS
