/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The one place where sizes, counts and addresses become text for a person:
 * the window's labels and tooltips, the strip's tooltips and ruler, and the
 * exported pictures all go through these, so that units and digit grouping
 * follow the locale the same way everywhere. (The CSV writes whole numbers of
 * bytes for programs, not people: it has its own.) Every returned string is
 * newly allocated: free it with g_free(). */

/* "12.3 MiB", "512 KiB" (binary units: memory comes in pages), at most
 * four characters of number: the unit changes at 1000 of the smaller one.
 * (transfer full) */
char *ms_format_size            (guint64 bytes);
/* A change of size with its sign: "+1.2 MiB", "−512 KiB" (U+2212), "0 bytes"
 * (ms_format_size() of its magnitude). (transfer full) */
char *ms_format_size_delta      (gint64  delta);
/* "1,234,567 bytes", grouped for the locale. (transfer full) */
char *ms_format_bytes_exact     (guint64 bytes);
/* "12.3 MiB (12,901,888 bytes)" for the window's tooltips; below 1 KiB only
 * "512 bytes". (transfer full) */
char *ms_format_size_tooltip    (guint64 bytes);
/* "12.3 MiB (12,901,888 bytes)", always both, for the strip's and the
 * pictures' descriptions of a region or a gap. (transfer full) */
char *ms_format_size_with_bytes (guint64 bytes);
/* "1,234" grouped for the locale. (transfer full) */
char *ms_format_count           (guint64 count);
/* Lower-case hex, at least 12 digits, no prefix: "7f3a2c001000" (the region
 * table's fixed-width column), written to @out (out caller-allocates). */
void  ms_format_address         (guint64 address,
                                 char    out[20]);
/* "0x" and lower-case hex, no padding: "0x7f3a2c001000" (tooltips, the
 * ruler, the pictures). (transfer full) */
char *ms_format_hex             (guint64 value);

G_END_DECLS
