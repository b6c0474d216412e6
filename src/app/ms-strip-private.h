/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-page-layer.h"
#include "ms-strip.h"

G_BEGIN_DECLS

/* Shared by ms-strip.c (state, drawing, API) and ms-strip-input.c (pointer,
 * touch and keyboard). */

struct _MsStrip
{
  GtkWidget              parent_instance;

  /* What it shows and shares: the session's snapshot, selection, hover,
   * highlighted kind, scale and visible range. The indices below are the
   * session's addresses found in the snapshot shown. */
  MsSession             *session;
  GSignalGroup          *session_signals;
  GBindingGroup         *session_bindings;

  MsSnapshot            *snapshot;
  MsLayout              *layout;
  MsScaleMode            mode;
  int                    selected;
  int                    hovered;
  int                    highlight_kind;

  /* The view shown now, and where an animation is heading. */
  double                 view_start;
  double                 view_end;
  double                 target_start;
  double                 target_end;
  double                 from_start;
  double                 from_end;
  gint64                 animation_begin;
  gboolean               animating;

  /* Changes of the last refresh of the same process (the session's diff). */
  MsDiff                *diff;
  gint64                 diff_begin;
  double                 change_alpha;
  guint                  change_timeout;

  guint                  tick_id;

  /* The comparison with a baseline whose marks are drawn, or NULL: drawn
   * only while its current snapshot is the one shown. */
  MsCompare             *compare;

  /* The drawing of the strip and ruler, kept until the size, the data, the
   * view or the style changes; marks are drawn over it every frame. */
  GskRenderNode         *base;
  PangoFontDescription  *font;
  double                 ruler_height;
  MsColor                foreground;
  MsColor                background;
  GdkRGBA                focus_color;

  /* Pointer and gestures. */
  double                 pointer_x;
  double                 pointer_y;
  gboolean               pointer_inside;
  double                 drag_view_start;
  double                 drag_view_end;
  gboolean               dragging;
  gboolean               drag_moved;   /* since the last press: no click */
  gboolean               keyboard_focus; /* keys used since focus or click */
  double                 pinch_view_start;
  double                 pinch_view_end;
  double                 pinch_anchor;

  gboolean               can_zoom_in;
  gboolean               can_zoom_out;
  double                 zoom;         /* 1 / the span of the view heading to */

  /* The pages of the regions in view, when zoomed in far (issue 16). */
  MsPageLayer           *pages;
};

void     _ms_strip_init_input            (MsStrip           *self);
void     _ms_strip_class_init_input      (GtkWidgetClass    *widget_class);

void     _ms_strip_get_strip_area        (MsStrip           *self,
                                          cairo_rectangle_t *strip);
/* Fraction 0…1 of the strip's width at widget x. */
double   _ms_strip_fraction_at_x         (MsStrip           *self,
                                          double             x);
/* The region at widget (x, y), exactly (not by column), or -1. */
int      _ms_strip_region_at             (MsStrip           *self,
                                          double             x,
                                          double             y);
void     _ms_strip_set_view_full         (MsStrip           *self,
                                          double             start,
                                          double             end,
                                          gboolean           animate);
void     _ms_strip_zoom_at               (MsStrip           *self,
                                          double             factor,
                                          double             anchor,
                                          gboolean           animate);
void     _ms_strip_update_hover          (MsStrip           *self);
void     _ms_strip_invalidate            (MsStrip           *self);
void     _ms_strip_update_can_zoom       (MsStrip           *self);
/* Marks the changes in self->diff, fading out. */
void     _ms_strip_start_change_marks    (MsStrip           *self);
/* The current view moved from @old_layout onto @new_layout. */
void     _ms_strip_carry_view            (MsStrip           *self,
                                          MsLayout          *old_layout,
                                          MsLayout          *new_layout,
                                          double            *start,
                                          double            *end);
void     _ms_strip_emit_region_activated (MsStrip           *self,
                                          int                index);
/* Tells the session which addresses are in view. */
void     _ms_strip_publish_view          (MsStrip           *self);

G_END_DECLS
