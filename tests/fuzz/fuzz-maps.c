/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target over the parser and the classifier: any bytes, whole or
 * fed in two pieces, as a captured smaps/maps file, then the CSV of whatever
 * came out. Built with clang and -Dfuzzing=true (see README); the corpus is
 * replayed by fuzz-replay.c as an ordinary test.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "ms-classify.h"
#include "ms-export.h"
#include "ms-maps-parser.h"
#include "ms-reader.h"

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
      guint64 vss = 0;

      g_assert (snapshot->n_regions > 0);
      for (guint i = 0; i < snapshot->n_regions; i++)
        {
          const MsRegion *r = &snapshot->regions[i];

          g_assert (r->end > r->start);
          g_assert (r->kind < MS_N_KINDS);
          if (i > 0)
            g_assert (r->start >= snapshot->regions[i - 1].start);
          vss += ms_region_get_size (r);
        }
      g_assert (vss == snapshot->total.vss);

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

  return 0;
}
