/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-baseline.h"

G_BEGIN_DECLS

#define MS_TYPE_COMPARE_BAR (ms_compare_bar_get_type ())

G_DECLARE_FINAL_TYPE (MsCompareBar, ms_compare_bar, MS, COMPARE_BAR, GtkWidget)

/* The bar above the strip while a baseline is compared with: what the
 * baseline is ("Compared with 10:41:07"), how many regions were added,
 * removed, grown, shrunk and changed, a "What Grew" list of owners ranked by
 * their growth in RSS (choosing one selects its region in the session), and
 * a button to stop comparing. Hidden without a baseline. */
GtkWidget  *ms_compare_bar_new          (void);
void        ms_compare_bar_set_baseline (MsCompareBar *self,
                                         MsBaseline   *baseline);

/* Compact: one line, the counts in the title's tooltip (a short window). */
void        ms_compare_bar_set_compact  (MsCompareBar *self,
                                         gboolean      compact);

/* For the tests: the counts' text, and the owners listed in "What Grew". */
const char *_ms_compare_bar_get_counts  (MsCompareBar *self);
guint       _ms_compare_bar_get_n_grew  (MsCompareBar *self);
/* Chooses row @index of "What Grew", as a click does. */
void        _ms_compare_bar_choose_grew (MsCompareBar *self,
                                         guint         index);

G_END_DECLS
