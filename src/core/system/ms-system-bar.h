/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "ms-system.h"

G_BEGIN_DECLS

/* The proportional RAM bar of the System page, drawn by the widget and the
 * `--system --export FILE.png` picture alike. */

/* The x of each part's left edge and of the right end (@edges: out
 * caller-allocates, MS_N_RAM_PARTS + 1 values) for a bar @width wide: each
 * part's width is proportional to its bytes; the edges are whole pixels so
 * that neighbours share them. */
void    ms_system_bar_layout (const MsRamParts *parts,
                              double            width,
                              double            edges[MS_N_RAM_PARTS + 1]);

/* Draws the bar into @cr at (0, 0) – (@width, @height). */
void    ms_system_bar_draw   (cairo_t          *cr,
                              const MsRamParts *parts,
                              double            width,
                              double            height);

/* A PNG of the bar with a legend (each part's name, size and share) and a
 * title line. Returns: (transfer full) (nullable): NULL with @error set. */
GBytes *ms_system_bar_png    (const MsRamParts *parts,
                              GError          **error);

G_END_DECLS
