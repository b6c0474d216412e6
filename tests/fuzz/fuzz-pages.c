/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target over what the page reader takes from outside (issue 16):
 * the privileged helper's answer to `pages`, the words of pagemap and
 * kpageflags it decodes, and the maps text that the strip's spans are
 * checked against. Any answer is a whole, consistent map or a clear error;
 * never a crash.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "fuzz-claimed-pid.h"
#include "ms-pages-private.h"

/* The input as /proc/PID/maps text, against spans taken from its first
 * bytes (in order, apart) and against the whole address space: covered or
 * not, with lines that are the text's own. */
static void
cover_spans (const uint8_t *data,
             size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GString) lines = g_string_new (NULL);
  guint64 spans[6] = { 0 };
  guint64 whole[2] = { 0, G_MAXUINT64 };
  gboolean covered[3];
  guint64 at = 0;

  for (guint i = 0; i < 3; i++)
    {
      guint32 gap = 0, length = 0;

      if (size >= 8 * (i + 1))
        {
          memcpy (&gap, data + 8 * i, 4);
          memcpy (&length, data + 8 * i + 4, 4);
        }
      spans[2 * i] = at + ((guint64) gap << 8);
      spans[2 * i + 1] = spans[2 * i] + ((guint64) length << 4) + 1;
      at = spans[2 * i + 1];
    }
  _ms_pages_cover_spans (text, spans, 3, covered, lines);
  for (const char *line = lines->str; *line != '\0'; line = strchr (line, '\n') + 1)
    {
      g_autofree char *one = g_strndup (line, (gsize) (strchr (line, '\n') - line));

      g_assert_nonnull (strstr (text, one));
    }
  _ms_pages_cover_spans (text, whole, 1, covered, lines);
  g_assert_cmpuint (lines->len, <=, strlen (text) + 1 + strlen (text) / 2);
}

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  GError *error = NULL;
  MsPageMap *map = ms_pages_parse_helper_answer ((const char *) data, size, fuzz_claimed_pid (data, size, "\npages "), &error);

  g_assert ((map == NULL) != (error == NULL));
  if (map != NULL)
    {
      g_assert_cmpuint (map->n_runs, >, 0);
      for (guint i = 0; i < map->n_runs; i++)
        {
          g_assert_cmpuint (map->runs[i].end, >, map->runs[i].start);
          g_assert_cmpuint (map->runs[i].start, >=, map->start);
          g_assert_cmpuint (map->runs[i].end, <=, map->end);
          g_assert_true (i == 0 || map->runs[i].start >= map->runs[i - 1].end);
          g_assert_cmpint (ms_page_map_find (map, map->runs[i].start), ==, (int) i);
        }
      ms_page_map_unref (map);
    }
  g_clear_error (&error);
  cover_spans (data, size);

  /* the input as pagemap words with their kpageflags */
  for (size_t i = 0; i + 16 <= size; i += 16)
    {
      guint64 entry, kflags;
      guint32 flags, hidden;

      memcpy (&entry, data + i, 8);
      memcpy (&kflags, data + i + 8, 8);
      flags = ms_pages_decode_entry (entry, kflags, TRUE);
      hidden = ms_pages_decode_entry (entry, kflags, FALSE);
      g_assert_cmphex (flags & ~(guint32) (MS_PAGE_BASIC_FLAGS | MS_PAGE_KERNEL_FLAGS), ==, 0);
      /* without PFNs: nothing that needs one */
      g_assert_cmphex (hidden & (MS_PAGE_KERNEL_FLAGS | MS_PAGE_ZERO | MS_PAGE_HUGE), ==, 0);
      /* one of present, swapped, guard at most */
      g_assert_true (!(flags & MS_PAGE_PRESENT) || !(flags & (MS_PAGE_SWAPPED | MS_PAGE_GUARD)));
      g_assert_true (!(flags & MS_PAGE_SWAPPED) || !(flags & MS_PAGE_GUARD));
    }
  return 0;
}
