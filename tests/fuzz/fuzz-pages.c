/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target over what the page reader takes from outside (issue 16):
 * the privileged helper's answer to `pages`, and the words of pagemap and
 * kpageflags it decodes. Any answer is a whole, consistent map or a clear
 * error; never a crash.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "fuzz-claimed-pid.h"
#include "ms-pages.h"

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
