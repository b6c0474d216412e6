/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Small formatting helpers shared by the widgets of the window: every size a
 * person reads goes through these, so that units and digit grouping follow
 * the locale the same way everywhere. */

/* "12.3 MiB", "512 KiB" (binary units: memory comes in pages), at most
 * four characters of number: the unit changes at 1000 of the smaller one. */
char *ms_format_size          (guint64 bytes);
/* "1,234,567 bytes", grouped for the locale. */
char *ms_format_bytes_exact   (guint64 bytes);
/* "12.3 MiB (12,901,888 bytes)" for tooltips. */
char *ms_format_size_tooltip  (guint64 bytes);
/* "1,234" grouped for the locale. */
char *ms_format_count         (guint64 count);
/* Lower-case hex, at least 12 digits, no prefix: "7f3a2c001000". */
void  ms_format_address       (guint64 address,
                               char    out[20]);

G_END_DECLS
