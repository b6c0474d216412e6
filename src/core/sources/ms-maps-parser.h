/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ms-region.h"

G_BEGIN_DECLS

typedef struct {
  guint n_lines;               /* lines seen */
  guint n_malformed;           /* lines that were neither a region nor a counter,
                                * or a counter larger than its region */
  guint first_malformed_line;  /* 1-based; 0 when none */
  guint n_unknown_counters;    /* counter lines of names we do not know (skipped) */
  gboolean has_counters;       /* at least one smaps counter line was seen */
  gboolean reordered;          /* regions were not in address order and were sorted */
  guint n_overlapping;         /* regions that overlap their predecessor */
} MsParseStats;

/* Parses the text of /proc/PID/smaps or /proc/PID/maps (one buffer, no copy of
 * it is kept). Appends MsRegion values to @regions (a GArray of MsRegion),
 * with every string interned in @strings. Regions come out in address order.
 * Never fails: malformed lines are skipped and counted in @stats. A text
 * whose first line ends in "\r\n" (a capture saved on Windows) is read as
 * if its lines ended in '\n'. */
void ms_maps_parse (const char   *text,
                    gsize         length,
                    GStringChunk *strings,
                    GArray       *regions,
                    MsParseStats *stats);

/* The same, fed in chunks as they are read (no need to hold the whole text):
 * a line may be cut anywhere between two chunks. _new returns (transfer
 * full) a parser that _finish frees, filling @stats (out) (optional). */
typedef struct _MsMapsParser MsMapsParser;

MsMapsParser *ms_maps_parser_new    (GStringChunk *strings,
                                     GArray       *regions);
void          ms_maps_parser_feed   (MsMapsParser *parser,
                                     const char   *text,
                                     gsize         length);
/* A hint: the text holds about @n_regions regions. The array is then given
 * room for them in one step rather than growing by doubling (copying what
 * it holds each time). It costs only address space until they are parsed. */
void          ms_maps_parser_expect (MsMapsParser *parser,
                                     guint         n_regions);
void          ms_maps_parser_finish (MsMapsParser *parser,
                                     MsParseStats *stats);

G_END_DECLS
