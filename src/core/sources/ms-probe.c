/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-reader"

#include "config.h"

#include "ms-probe.h"

#include <string.h>

#include "ms-maps-parser.h"
#include "ms-proc.h"
#include "ms-snapshot.h"

guint64
ms_probe_fingerprint (const char *maps,
                      gsize       maps_length,
                      const char *rollup,
                      const char *status,
                      guint      *n_regions)
{
  g_autoptr(GStringChunk) strings = NULL;
  g_autoptr(GArray) regions = NULL;
  const char *threads_line;
  MsParseStats stats;
  guint threads;

  if (n_regions != NULL)
    *n_regions = 0;
  if (maps == NULL || maps_length == 0 || rollup == NULL || *rollup == '\0' || status == NULL)
    return 0;

  threads_line = strstr (status, "Threads:");
  threads = threads_line != NULL ? (guint) g_ascii_strtoull (threads_line + 8, NULL, 10) : 0;

  strings = g_string_chunk_new (4096);
  regions = g_array_new (FALSE, FALSE, sizeof (MsRegion));
  ms_maps_parse (maps, maps_length, strings, regions, &stats);
  if (n_regions != NULL)
    *n_regions = regions->len;
  /* a malformed line, or maps torn as smaps can be (see read_pid() in
   * ms-reader.c): no fingerprint of anything */
  if (stats.n_malformed > 0 || stats.reordered || stats.n_overlapping > 0)
    return 0;

  return ms_snapshot_compute_fingerprint ((const MsRegion *) (gpointer) regions->data, regions->len,
                                          threads, ms_proc_find_kb (rollup, "\nRss:"),
                                          ms_proc_find_kb (rollup, "\nAnonymous:"), ms_proc_find_kb (rollup, "\nSwap:"));
}
