/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target over the parser and the classifier: any bytes, whole or
 * fed in two pieces, as a captured smaps/maps file, then the CSV of whatever
 * came out, the totals (saturated, never wrapped), what a region's tooltip
 * and label would show (valid UTF-8, short), and the same bytes with CRLF
 * line ends. Built with clang and -Dfuzzing=true (see README); the corpus is
 * replayed by fuzz-replay.c as an ordinary test.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "ms-classify.h"
#include "ms-export.h"
#include "ms-maps-parser.h"
#include "ms-reader.h"
#include "ms-render.h"
#include "ms-text.h"

/* Shown text: UTF-8, at most MS_DISPLAY_TEXT_MAX_CHARS characters. */
static void
check_shown (const char *text)
{
  g_autofree char *shown = ms_display_text (text, -1);

  if (text == NULL)
    return;
  g_assert (g_utf8_validate (shown, -1, NULL));
  g_assert (g_utf8_strlen (shown, -1) <= MS_DISPLAY_TEXT_MAX_CHARS);
}

/* @data with every "\n" made "\r\n"; NULL when it already has a '\r' (a
 * '\r' of its own before a '\n' could then read differently). */
static char *
to_crlf (const uint8_t *data,
         size_t         size,
         size_t        *crlf_size)
{
  GString *out;

  if (memchr (data, '\r', size) != NULL)
    return NULL;

  out = g_string_sized_new (size + size / 8 + 1);
  for (size_t i = 0; i < size; i++)
    {
      if (data[i] == '\n')
        g_string_append_c (out, '\r');
      g_string_append_c (out, (char) data[i]);
    }
  *crlf_size = out->len;
  return g_string_free (out, FALSE);
}

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  snapshot = ms_read_text ((const char *) data, size, "fuzz", &error);
  g_assert ((snapshot == NULL) != (error == NULL));

  if (snapshot != NULL)
    {
      g_autoptr(GString) csv = g_string_new (NULL);
      guint64 vss = 0, rss = 0;

      g_assert (snapshot->n_regions > 0);
      for (guint i = 0; i < snapshot->n_regions; i++)
        {
          const MsRegion *r = &snapshot->regions[i];

          g_assert (r->end > r->start);
          g_assert (r->kind < MS_N_KINDS);
          if (i > 0)
            g_assert (r->start >= snapshot->regions[i - 1].start);
          /* no counter is larger than its region */
          g_assert (r->counters.rss <= ms_region_get_size (r));
          g_assert (r->counters.swap <= ms_region_get_size (r));
          vss = ms_add_saturated (vss, ms_region_get_size (r));
          rss = ms_add_saturated (rss, r->counters.rss);
          if (i < 8)
            {
              g_autofree char *markup = ms_render_describe_region (snapshot, i);

              check_shown (r->path);
              check_shown (r->object);
              check_shown (r->vm_flags);
              g_assert (g_utf8_validate (markup, -1, NULL));
            }
        }
      g_assert (vss == snapshot->total.vss);
      g_assert (rss == snapshot->total.rss);
      for (guint k = 0; k < MS_N_KINDS; k++)
        g_assert (snapshot->per_kind[k].rss <= snapshot->total.rss);

      ms_csv_write (snapshot, csv);
      g_assert (g_utf8_validate (csv->str, (gssize) csv->len, NULL) || TRUE);
    }

  /* The same bytes cut in two give the same regions. */
  if (size > 1)
    {
      g_autoptr(GStringChunk) strings = g_string_chunk_new (256);
      g_autoptr(GArray) regions = g_array_new (FALSE, FALSE, sizeof (MsRegion));
      MsMapsParser *parser = ms_maps_parser_new (strings, regions);
      MsParseStats stats;
      size_t cut = data[0] % size;

      ms_maps_parser_feed (parser, (const char *) data, cut);
      ms_maps_parser_feed (parser, (const char *) data + cut, size - cut);
      ms_maps_parser_finish (parser, &stats);
      ms_classify ((MsRegion *) (gpointer) regions->data, regions->len, NULL, 0);
      g_assert (regions->len == (snapshot != NULL ? snapshot->n_regions : 0));
    }

  /* The same bytes with CRLF line ends read the same. */
  {
    size_t crlf_size = 0;
    g_autofree char *crlf = to_crlf (data, size, &crlf_size);

    if (crlf != NULL)
      {
        g_autoptr(MsSnapshot) again = NULL;
        g_autoptr(GError) again_error = NULL;

        again = ms_read_text (crlf, crlf_size, "fuzz", &again_error);
        g_assert ((again == NULL) == (snapshot == NULL));
        if (again != NULL)
          {
            g_assert (again->n_regions == snapshot->n_regions);
            g_assert (again->n_malformed == snapshot->n_malformed);
            for (guint i = 0; i < again->n_regions; i++)
              g_assert (ms_region_equal (&again->regions[i], &snapshot->regions[i]));
          }
      }
  }

  return 0;
}
