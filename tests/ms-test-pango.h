/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the code under test hands to Pango, seen by standing in for
 * pango_layout_set_text(), pango_layout_set_markup(),
 * pango_layout_set_markup_with_accel() and pango_parse_markup() (the test
 * program's own definitions come first; each then calls Pango's). GTK's
 * labels and tooltips lay out their text through them too. */

/* Forgets what was seen. */
void  ms_test_pango_reset        (void);
/* Fails the test at once (before Pango lays it out) when a text of more
 * than @chars characters is given; G_MAXSIZE for no limit. */
void  ms_test_pango_set_limit    (gsize chars);
/* The longest text given since the reset, in characters (bytes when it is
 * not UTF-8). */
gsize ms_test_pango_get_longest  (void);
/* How many of the texts given since the reset were not valid UTF-8. */
guint ms_test_pango_get_n_invalid (void);
/* How many texts were given since the reset. */
guint ms_test_pango_get_n_texts  (void);

G_END_DECLS
