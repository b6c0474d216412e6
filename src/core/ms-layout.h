/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ms-snapshot.h"

G_BEGIN_DECLS

typedef enum {
  MS_SCALE_PROPORTIONAL,  /* width ∝ size, unmapped gaps shrunk to a break mark */
  MS_SCALE_LINEAR,        /* width ∝ address range, gaps included */
  MS_SCALE_RESIDENT,      /* width ∝ RSS, gaps shrunk to a break mark */
} MsScaleMode;

/* Geometry of the strip, independent of any display: every region and every
 * gap gets a span on a virtual axis 0…1; a view (start…end on that axis) maps
 * to pixels. Built once per snapshot and mode; immutable; no GTK. */
typedef struct _MsLayout MsLayout;

MsLayout   *ms_layout_new            (const MsSnapshot *snapshot,
                                      MsScaleMode       mode);
MsLayout   *ms_layout_ref            (MsLayout         *self);
void        ms_layout_unref          (MsLayout         *self);

MsScaleMode ms_layout_get_mode       (const MsLayout   *self);
/* Span of region @index on the virtual axis, in 0…1. */
void        ms_layout_get_region_span (const MsLayout  *self,
                                      guint             index,
                                      double           *u0,
                                      double           *u1);
/* Region under axis position @u, or -1 (a gap or outside). When @u is in the
 * unmapped gap just before region i, *gap_before is set to i; else to -1. */
int         ms_layout_hit            (const MsLayout   *self,
                                      double            u,
                                      int              *gap_before);
/* Address at axis position @u (interpolated inside a region or gap). */
guint64     ms_layout_address_at     (const MsLayout   *self,
                                      double            u);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsLayout, ms_layout_unref)

G_END_DECLS
