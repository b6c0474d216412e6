/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ms-page-texture.h"
#include "ms-snapshot.h"

G_BEGIN_DECLS

/* The page picture of `memscape --pid PID --pages [--range A-B] --export
 * FILE.png` (issue 16): a heading naming the process and the range, a legend
 * of the colour mode in use whose swatches are drawn as the cells are, and
 * the pages of @map region by region — each region starting a row of its
 * own with its start address on the left and its name, kind, permissions
 * and size beside or above it (the regions of @snapshot, read after the
 * pages; pages no region of it holds are drawn unnamed), long regions
 * wrapping to further rows, unmapped addresses between regions a dashed
 * line. The picture stays at most MS_PAGE_PICTURE_MAX_HEIGHT pixels high: a
 * cell then stands for several pages (a power of two, said in the heading),
 * and when a row (or more) for each region is still too much, the regions of
 * one file share rows, or else neighbours do, in at most
 * MS_PAGE_PICTURE_MAX_GROUPS labelled groups, a tick where each region
 * begins.
 *
 * Returns: (transfer full): PNG bytes, or NULL with @error set. */
GBytes *ms_page_picture_png (const MsPageMap  *map,
                             const MsSnapshot *snapshot,
                             MsPageColour      colour,
                             GError          **error);

#define MS_PAGE_PICTURE_MAX_HEIGHT 4000
#define MS_PAGE_PICTURE_MAX_GROUPS 75

G_END_DECLS
