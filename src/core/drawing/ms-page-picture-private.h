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
  double   cells_x;          /* where the cells of a row begin */
  double   cells_width;      /* a whole row's */
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

/* --- between the files of the page picture -------------------------------- */

#define _MS_PAGE_PICTURE_COLUMNS    128        /* cells a row: 512 KiB of 4 KiB pages */
#define _MS_PAGE_PICTURE_DETAIL_RGB 0x5e5c64   /* the grey of a label's details */

/* A stretch of mapped addresses in one region (or in none the snapshot
 * knows: a region that came or went between the two reads). */
typedef struct {
  guint64 start;
  guint64 end;
  int     region;
  guint64 present;   /* pages */
} MsPagePicturePiece;

/* Pieces drawn under one label: one region, or when a row each would be
 * too much, the regions of a file or so many neighbours. */
typedef struct {
  guint   first;
  guint   n;
  guint64 hole;      /* unmapped bytes before it */
  char   *markup;    /* its label */
  double  label_width;  /* the label's, with the kind's mark before it */
  GArray *absent;    /* guint64 pairs: its stretches of pages not present
                      * (by their offset in the group), long enough to
                      * leave out (_MS_PAGE_PICTURE_ABSENT_ROWS rows and more) */
} MsPagePictureGroup;

/* Rows of nothing but pages not present, this many or more one after the
 * other, are left out, a line saying so in their place. */
#define _MS_PAGE_PICTURE_ABSENT_ROWS 3

/* How regions share rows when there are too many to give each its own. */
typedef enum {
  MS_PAGE_PICTURE_GROUP_NONE,      /* a region a row */
  MS_PAGE_PICTURE_GROUP_BY_FILE,   /* the regions of one file together */
  MS_PAGE_PICTURE_GROUP_EVENLY,    /* so many neighbours a row, a file's regions together */
} MsPagePictureGrouping;

/* ms-page-picture-regions.c: @map's runs cut where @snapshot's regions
 * begin and end (MsPagePicturePiece); those grouped under labels
 * (MsPagePictureGroup, @per_group at least for EVENLY); a group's pages, its
 * label (Pango markup), whether that starts with its kind's colour; each
 * group's long stretches of pages not present, and the rows of them left
 * out at @per_cell pages a cell (pairs of a first row and the row after the
 * last, appended to @out when not NULL; returns how many rows fewer). */
GArray            *_ms_page_picture_find_pieces    (const MsPageMap             *map,
                                                    const MsSnapshot            *snapshot);
GArray            *_ms_page_picture_find_groups    (const GArray                *pieces,
                                                    const MsSnapshot            *snapshot,
                                                    MsPagePictureGrouping        grouping,
                                                    guint                        per_group);
guint64            _ms_page_picture_group_pages    (const MsPagePictureGroup    *group,
                                                    const GArray                *pieces,
                                                    guint64                      page_size);
char              *_ms_page_picture_group_markup   (const MsPagePictureGroup    *group,
                                                    const GArray                *pieces,
                                                    const MsSnapshot            *snapshot,
                                                    guint64                      page_size);
gboolean           _ms_page_picture_group_has_mark (const MsPagePictureGroup    *group,
                                                    const MsPagePicturePiece    *first);
void               _ms_page_picture_find_absent    (GArray                      *groups,
                                                    const GArray                *pieces,
                                                    const MsPageMap             *map);
guint64            _ms_page_picture_find_elided    (const MsPagePictureGroup    *group,
                                                    guint64                      pages,
                                                    guint64                      per_cell,
                                                    GArray                      *out);

/* ms-page-picture-draw.c: a text's Pango layout on @cr; a text added to
 * @self's at @x, @y (its @markup taken), measured on @measure; a text's
 * clear function; "0x7f…" of an address. */
PangoLayout       *_ms_page_picture_text_layout    (cairo_t                     *cr,
                                                    const MsPagePictureText     *text);
MsPagePictureText *_ms_page_picture_add_text       (MsPagePictureLayout         *self,
                                                    cairo_t                     *measure,
                                                    MsPagePictureTextRole        role,
                                                    char                        *markup,
                                                    double                       x,
                                                    double                       y,
                                                    double                       width,
                                                    double                       size,
                                                    guint32                      rgb);
void               _ms_page_picture_clear_text     (gpointer                     data);

G_END_DECLS
