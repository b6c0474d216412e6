/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "ms-pages.h"

G_BEGIN_DECLS

/* The texture of a region's pages (issue 16), drawn with cairo for the strip
 * and the page picture alike: resident runs solid, pages not present as an
 * outline, swapped ones hatched, huge pages marked with a bar along the top,
 * guard pages crossed. What the colour of a resident page means is chosen: */
typedef enum {
  MS_PAGE_COLOUR_RESIDENCY,   /* anonymous, file, zero page */
  MS_PAGE_COLOUR_DIRTY,       /* soft-dirty (written) or clean */
  MS_PAGE_COLOUR_SHARED,      /* exclusive, or how many map it */
  MS_PAGE_COLOUR_HEAT,        /* referenced (touched) or cold */
  MS_N_PAGE_COLOURS
} MsPageColour;

/* "residency", "dirty", "shared", "heat"; and back (-1 when unknown). */
const char   *ms_page_colour_to_id   (MsPageColour colour);
int           ms_page_colour_from_id (const char  *id);
/* Translated label for a menu ("Residency", …). (transfer none) */
const char   *ms_page_colour_get_label (MsPageColour colour);

/* The fill of a resident page in @colour mode. @heat, 0…1, is the share of
 * its region used during a measurement of activity (ms-activity.h): the
 * kernel says which pages were referenced per region, not per page; below 0
 * the page's own MS_PAGE_REFERENCED flag decides. */
void          ms_page_texture_get_fill (guint32       flags,
                                        guint32       mapcount,
                                        MsPageColour  colour,
                                        double        heat,
                                        double        rgb[3]);

/* The marks drawn in every mode: the hatching of a swapped page, the
 * outline of one not present, the cross of a guard page and the bar along
 * the top of a huge page. */
typedef enum {
  MS_PAGE_MARK_SWAPPED,
  MS_PAGE_MARK_ABSENT,
  MS_PAGE_MARK_GUARD,
  MS_PAGE_MARK_HUGE,
  MS_N_PAGE_MARKS
} MsPageMark;

/* The colour of @mark. */
void          ms_page_texture_get_mark (MsPageMark    mark,
                                        double        rgb[3]);

/* Draws the pages of [@start, @end) from @runs (sorted, as an MsPageMap
 * has them; addresses no run covers are left undrawn) into the rectangle
 * @x, @y, @width × @height, addresses growing to the right, with a region's
 * @heat (see ms_page_texture_get_fill(); below 0 for none). Past a few
 * pixels a page, each page is a cell of its own; below, each pixel column
 * shows what most of its pages are. */
void          ms_page_texture_draw_heat (cairo_t          *cr,
                                         const MsPageRun  *runs,
                                         guint             n_runs,
                                         guint64           page_size,
                                         guint64           start,
                                         guint64           end,
                                         double            x,
                                         double            y,
                                         double            width,
                                         double            height,
                                         MsPageColour      colour,
                                         double            heat);

/* The page picture's cells (ms-page-picture.c): the pages of [@start,
 * @end) in cells of @cell_width × @height pixels from @x, @y, each of
 * @pages_per_cell pages (the last one may hold fewer). A cell of one page
 * is drawn as ms_page_texture_draw_heat() draws a page of a few pixels; a
 * cell of several shows what most of its pages are, as a pixel column of
 * the strip does: the mean colour of its resident pages, paler the fewer of
 * them are resident, and when none is, hatched (swapped), guard red or,
 * when not present, a line along its top and bottom. */
void          ms_page_texture_draw_cells (cairo_t          *cr,
                                          const MsPageRun  *runs,
                                          guint             n_runs,
                                          guint64           page_size,
                                          guint64           start,
                                          guint64           end,
                                          guint64           pages_per_cell,
                                          double            x,
                                          double            y,
                                          double            cell_width,
                                          double            height,
                                          MsPageColour      colour);

G_END_DECLS
