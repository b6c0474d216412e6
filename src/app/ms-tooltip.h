/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Tooltips that wrap as a reader expects. GTK's own tooltip label (4.8 up
 * to at least 4.20) wraps one-line text at as many "average characters" as
 * the text has characters, which for Chinese or Japanese, whose characters
 * are twice as wide, is half the text: "立即刷新" came out as "立即/刷新"; and
 * it never wraps text that holds a newline. These show the tooltip in a
 * label of their own instead, that wraps at MS_TOOLTIP_WIDTH_CHARS average
 * characters, between words or, for a path or a word longer than that,
 * within it. (The strip's many-line tooltips are wrapped in their text, by
 * ms-render-describe.c.) */
#define MS_TOOLTIP_WIDTH_CHARS 60

/* For a query-tooltip handler: shows @markup (or @text) in such a label. */
void      ms_tooltip_set_markup   (GtkTooltip *tooltip,
                                   const char *markup);
void      ms_tooltip_set_text     (GtkTooltip *tooltip,
                                   const char *text);
/* Shows the tooltip-text/-markup of @root and of every widget inside it now
 * (whatever it is set to later) in such a label. */
void      ms_tooltip_attach_tree  (GtkWidget  *root);
/* The label that shows what these put in @tooltip, NULL before the first;
 * for tests. */
GtkLabel *ms_tooltip_get_label    (GtkTooltip *tooltip);

G_END_DECLS
