/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most characters ms_display_text() gives. Enough for a real path or
 * command line to be shown whole or nearly; few enough that a crafted one of
 * megabytes costs Pango and GTK no more than an ordinary one. */
#define MS_DISPLAY_TEXT_MAX_CHARS 512

/* Text from a process or a capture (names, command lines, paths, objects,
 * flags, user names) as it may be shown or drawn: the one conversion every
 * such text goes through before it reaches Pango or GTK. The kernel gives
 * bytes, not UTF-8: each byte that is not part of a valid UTF-8 character
 * becomes U+FFFD, as in g_utf8_make_valid(). Text longer than
 * MS_DISPLAY_TEXT_MAX_CHARS characters keeps its first and last characters
 * around "…" (a path's file name and a command line's last argument stay);
 * beyond finding the end of @text, only those are looked at.
 *
 * @length is in bytes, or -1 when @text ends with a NUL. Returns (transfer
 * full) (nullable): NULL only for a NULL @text. CSV keeps the bytes. */
char *ms_display_text (const char *text,
                       gssize      length);

G_END_DECLS
