/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-activity.h"
#include "ms-layout.h"
#include "ms-page-texture.h"
#include "ms-render.h"

G_BEGIN_DECLS

/* The strip's page layer (issue 16): when zoomed in, so far that a pixel
 * holds at most MS_PAGE_LAYER_MAX_PAGES_PER_PIXEL pages, each visible region
 * of a live process shows its page texture. The pages of what is visible
 * are read on a worker thread, kept per snapshot, and drawn once they are
 * there: the UI never waits for them. */
#define MS_PAGE_LAYER_MAX_PAGES_PER_PIXEL 256.0

typedef struct _MsPageLayer MsPageLayer;

/* @widget is queued a redraw when pages arrive, and told through @changed
 * when whether pages are shown changes. */
MsPageLayer *_ms_page_layer_new          (GtkWidget     *widget,
                                          GCallback      changed);
void         _ms_page_layer_free         (MsPageLayer   *layer);

/* A new snapshot: what was read for the old one goes. */
/* Whether pages are read through the privileged helper's `pages` request
 * (a session read as administrator) rather than directly. */
void         _ms_page_layer_set_privileged (MsPageLayer *layer,
                                            gboolean     privileged);
void         _ms_page_layer_set_snapshot (MsPageLayer   *layer,
                                          MsSnapshot    *snapshot);
void         _ms_page_layer_set_colour   (MsPageLayer   *layer,
                                          MsPageColour   colour);
MsPageColour _ms_page_layer_get_colour   (MsPageLayer   *layer);
/* TRUE when the last drawing showed page textures. */
gboolean     _ms_page_layer_get_shown    (MsPageLayer   *layer);

/* Draws the textures of the visible regions over the strip, and asks for
 * the pages not read yet. */
void         _ms_page_layer_snapshot     (MsPageLayer             *layer,
                                          GtkSnapshot             *snapshot,
                                          const MsLayout          *layout,
                                          const MsRenderOptions   *options,
                                          const cairo_rectangle_t *area);
/* Markup for the run of pages at (@x, @y), with its extent in @tip (out);
 * NULL when no texture is there. (transfer full) */
char        *_ms_page_layer_describe_at  (MsPageLayer             *layer,
                                          const MsLayout          *layout,
                                          const MsRenderOptions   *options,
                                          const cairo_rectangle_t *area,
                                          double                   x,
                                          double                   y,
                                          cairo_rectangle_t       *tip);

/* Measures activity (or writes) of the process shown for @seconds: clears
 * its bits now, reads what was used after, then colours its pages by heat.
 * The caller has asked first. FALSE with @error when it cannot start. */
gboolean     _ms_page_layer_measure      (MsPageLayer             *layer,
                                          MsActivityKind           kind,
                                          guint                    seconds,
                                          GError                 **error);
gboolean     _ms_page_layer_is_measuring (MsPageLayer             *layer);
/* For tests: TRUE once the measurement's bits are cleared (or its pages
 * marked idle, on a worker thread) and its seconds run. */
gboolean     _ms_page_layer_is_timing    (MsPageLayer             *layer);
/* (transfer none) (nullable): the last measurement of the process shown */
MsActivity  *_ms_page_layer_get_activity (MsPageLayer             *layer);

/* For tests: how long the menu's measurements last (5 s). */
void         _ms_page_layer_set_measure_seconds (MsPageLayer *layer,
                                                 guint        seconds);

/* The menu of @button: what the colour of a page means, the "page-colour"
 * property of @strip, through the action pages.page-colour that @owner (an
 * ancestor of @button) gets; and "Measure Activity…" and "Measure
 * Writes…" (pages.measure-activity, pages.measure-writes), each of which
 * says first what it does to the process and waits for a click. @layer is
 * @strip's. */
void         _ms_page_layer_setup_menu   (GtkWidget               *owner,
                                          GtkMenuButton           *button,
                                          GObject                 *strip,
                                          MsPageLayer             *layer);

G_END_DECLS
