/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "ms-page-picture.h"

G_BEGIN_DECLS

/* The page picture laid out before it is drawn, open to tests: where each
 * text, swatch and stretch of cells goes. Pixels, origin top left. */

typedef enum {
  MS_PAGE_PICTURE_TEXT_TITLE,
  MS_PAGE_PICTURE_TEXT_NOTE,      /* a line of the heading: range, scale, warnings */
  MS_PAGE_PICTURE_TEXT_LEGEND,    /* a swatch's words */
  MS_PAGE_PICTURE_TEXT_LABEL,     /* a region's (or a group's) name, kind, size */
  MS_PAGE_PICTURE_TEXT_ADDRESS,   /* the address of a row, in the left gutter */
  MS_PAGE_PICTURE_TEXT_GAP,       /* how much is unmapped between two regions */
  MS_PAGE_PICTURE_TEXT_ELIDED,    /* in place of rows of pages not present */
} MsPagePictureTextRole;

typedef struct {
  MsPagePictureTextRole role;
  guint64  address;     /* LABEL, ADDRESS, ELIDED: the first address of the region or row */
  gboolean first;       /* ADDRESS: the first row of a region (a region's start) */
  double   x, y;        /* top left */
  double   width;       /* the most it takes (ellipsized past it) */
  double   height;      /* measured */
  double   size;        /* font size, pixels */
  gboolean mono;
  PangoEllipsizeMode ellipsize;
  guint32  rgb;         /* 0xRRGGBB */
  char    *markup;      /* Pango markup, process text escaped */
} MsPagePictureText;

/* A legend entry's swatch: cells of @flags pages (@mixed: half of them
 * present with @flags, half not present), drawn by the same function and
 * at the same scale as the picture's cells; or, with @tick, the mark
 * between two regions of a group. */
typedef struct {
  double   x, y;        /* top left of its first cell */
  guint    n_cells;
  guint32  flags;
  guint32  mapcount;
  gboolean mixed;
  gboolean tick;
  guint64  count;       /* pages of the map drawn this way */
} MsPagePictureSwatch;

/* A row of cells from @x, @y: the pages of a region (or of the regions of a
 * group, one after the other) from @address on. @start and @end are where
 * they are in the layout's @packed runs. */
typedef struct {
  guint64 address;
  guint64 start;
  guint64 end;
  double  x, y;
} MsPagePictureCells;

typedef enum {
  MS_PAGE_PICTURE_RECT_KIND,      /* a region kind's colour, before its label */
  MS_PAGE_PICTURE_RECT_TICK,      /* where a region of a group begins */
  MS_PAGE_PICTURE_RECT_RULE,      /* the line under the heading */
} MsPagePictureRectRole;

typedef struct {
  MsPagePictureRectRole role;
  double  x, y, width, height;
  double  rgb[3];
} MsPagePictureRect;

typedef struct {
  int      width, height;
  guint64  page_size;
  guint64  pages_per_cell;   /* 1, or a power of two when the whole would be too high */
  double   cell_width;
  double   row_height;
  guint    n_pieces;         /* regions (or parts of one in the range) drawn */
  guint    n_groups;         /* rows of regions: n_pieces, or fewer when grouped */
  MsPageColour colour;
  GArray  *texts;            /* MsPagePictureText */
  GArray  *swatches;         /* MsPagePictureSwatch */
  GArray  *cells;            /* MsPagePictureCells, in address order */
  GArray  *rects;            /* MsPagePictureRect */
  GArray  *gaps;             /* double: y of a dashed line across the cells */
  GArray  *packed;           /* MsPageRun: each group's pages one after the other */
} MsPagePictureLayout;

/* Lays out @map's picture; @snapshot (nullable) names its regions. */
MsPagePictureLayout *_ms_page_picture_layout   (const MsPageMap     *map,
                                                const MsSnapshot    *snapshot,
                                                MsPageColour         colour);
void                 _ms_page_picture_layout_free (MsPagePictureLayout *layout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsPagePictureLayout, _ms_page_picture_layout_free)

/* Draws @layout of @map onto @cr (a surface of its width × height). */
void                 _ms_page_picture_draw     (const MsPagePictureLayout *layout,
                                                const MsPageMap           *map,
                                                cairo_t                   *cr);

G_END_DECLS
