/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-core"

#include "config.h"

#include "ms-text.h"

#include <string.h>

/* A long text keeps this many characters before the ellipsis, and the rest
 * of MS_DISPLAY_TEXT_MAX_CHARS after it. */
#define HEAD_CHARS (MS_DISPLAY_TEXT_MAX_CHARS / 2 - 1)
#define TAIL_CHARS (MS_DISPLAY_TEXT_MAX_CHARS - HEAD_CHARS - 1)

/* A UTF-8 character is at most four bytes, and each byte of an invalid
 * sequence becomes one character: text of more bytes than this has more
 * characters than are shown. */
#define MAX_SHOWN_BYTES (4 * MS_DISPLAY_TEXT_MAX_CHARS)

G_STATIC_ASSERT (HEAD_CHARS + 1 + TAIL_CHARS == MS_DISPLAY_TEXT_MAX_CHARS);

static char *
join_ellipsized (const char *head,
                 gsize       head_length,
                 const char *tail)
{
  GString *out = g_string_sized_new (head_length + strlen (tail) + 4);

  g_string_append_len (out, head, (gssize) head_length);
  g_string_append (out, "…");
  g_string_append (out, tail);
  return g_string_free (out, FALSE);
}

char *
ms_display_text (const char *text,
                 gssize      length)
{
  g_autofree char *head = NULL;
  g_autofree char *tail = NULL;
  gsize len, window;
  glong n_tail;

  if (text == NULL)
    return NULL;

  len = length < 0 ? strlen (text) : (gsize) length;

  if (len <= MAX_SHOWN_BYTES)
    {
      char *valid = g_utf8_make_valid (text, (gssize) len);
      glong n = g_utf8_strlen (valid, -1);

      if (n <= MS_DISPLAY_TEXT_MAX_CHARS)
        return valid;

      head = valid;
      return join_ellipsized (head, (gsize) (g_utf8_offset_to_pointer (head, HEAD_CHARS) - head),
                              g_utf8_offset_to_pointer (head, n - TAIL_CHARS));
    }

  /* Longer: only both ends are made valid. The first HEAD_CHARS characters
   * lie in the first 4 × HEAD_CHARS bytes, and they read the same there as
   * in the whole text (a character's validity depends on its own bytes). The
   * last TAIL_CHARS lie in the last 4 × TAIL_CHARS bytes; three more before
   * them are enough for the window to fall back in step with the whole
   * text's characters (a continuation byte it starts on reads as U+FFFD)
   * before they begin. */
  head = g_utf8_make_valid (text, 4 * HEAD_CHARS);
  window = 4 * TAIL_CHARS + 3;
  tail = g_utf8_make_valid (text + len - window, (gssize) window);
  n_tail = g_utf8_strlen (tail, -1);

  return join_ellipsized (head, (gsize) (g_utf8_offset_to_pointer (head, HEAD_CHARS) - head),
                          g_utf8_offset_to_pointer (tail, n_tail - TAIL_CHARS));
}
