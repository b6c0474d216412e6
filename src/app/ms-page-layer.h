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

/* For tests: what the reads of pages did. */
typedef struct {
  guint   n_reads;                /* reads applied */
  guint   n_reads_on_main_thread; /* of them, run on the main thread */
  guint64 bytes;                  /* the address ranges they covered */
} MsPageLayerStats;

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

/* Markup of lines for the tooltip of region @index (when it shows no page
 * under the pointer): its heat after a measurement, why its pages could not
 * be read, or that zooming in shows them; NULL when none. (transfer full) */
char        *_ms_page_layer_describe_region (MsPageLayer             *layer,
                                             const MsLayout          *layout,
                                             const MsRenderOptions   *options,
                                             const cairo_rectangle_t *area,
                                             guint                    index);

/* Measures activity (or writes) of the process shown for @seconds: clears
 * its bits (or marks its pages idle) on a worker thread, reads what was
 * used after, then colours its pages by heat; a failure on the way is said
 * in a dialog. The caller has asked first. FALSE with @error when it cannot
 * start. */
gboolean     _ms_page_layer_measure      (MsPageLayer             *layer,
                                          MsActivityKind           kind,
                                          guint                    seconds,
                                          GError                 **error);
gboolean     _ms_page_layer_is_measuring (MsPageLayer             *layer);
/* For tests: TRUE once the measurement's bits are cleared (or its pages
 * marked idle, on a worker thread) and its seconds run. */
gboolean     _ms_page_layer_is_timing    (MsPageLayer             *layer);
/* Stops the measurement under way, if any (pages.stop-measuring): nothing
 * is read or shown of it. */
void         _ms_page_layer_stop_measuring (MsPageLayer           *layer);
/* (transfer none) (nullable): the last measurement of the process shown */
MsActivity  *_ms_page_layer_get_activity (MsPageLayer             *layer);

/* How long the menu's measurements last (5 s; pages.measure-seconds). */
void         _ms_page_layer_set_measure_seconds (MsPageLayer *layer,
                                                 guint        seconds);
guint        _ms_page_layer_get_measure_seconds (MsPageLayer *layer);

/* For tests: whether the kernel tracks soft-dirty pages (as
 * ms_activity_can_track_writes() says at first); a delay before each read
 * of pages; what the reads did; whether pages of the region at
 * @region_start are there to draw. */
void         _ms_page_layer_set_writes_tracked (MsPageLayer *layer,
                                                gboolean     tracked);
gboolean     _ms_page_layer_get_writes_tracked (MsPageLayer *layer);
/* Whether how many processes map each page can be read (as root, or
 * through the helper); for tests, set it (-1: as it is). */
gboolean     _ms_page_layer_get_counts_known (MsPageLayer *layer);
void         _ms_page_layer_set_counts_known (MsPageLayer *layer,
                                              int          known);
void         _ms_page_layer_set_read_delay (MsPageLayer *layer,
                                            guint        milliseconds);
void         _ms_page_layer_get_stats    (MsPageLayer             *layer,
                                          MsPageLayerStats        *stats);
gboolean     _ms_page_layer_has_pages    (MsPageLayer             *layer,
                                          guint64                  region_start);
gboolean     _ms_page_layer_is_reading   (MsPageLayer             *layer);
/* (transfer none) (nullable): why the pages of the region at @region_start
 * could not be read for this snapshot. */
const char  *_ms_page_layer_get_read_error (MsPageLayer           *layer,
                                            guint64                region_start);

/* The menu of @button: what the colour of a page means, the "page-colour"
 * property of @strip, through the action pages.page-colour that @owner (an
 * ancestor of @button) gets; and "Measure Activity…" and "Measure
 * Writes…" (pages.measure-activity, pages.measure-writes), each of which
 * says first what it does to the process and waits for a click (or, for
 * writes on a kernel without soft-dirty tracking, says why it cannot), how
 * long (pages.measure-seconds) and "Stop Measuring" (pages.stop-measuring).
 * The layer shows @button for a live process or a measurement under way,
 * and labels it "Measuring… 4 s" meanwhile, counting the seconds down.
 * @layer is @strip's. */
void         _ms_page_layer_setup_menu   (GtkWidget               *owner,
                                          GtkMenuButton           *button,
                                          GObject                 *strip,
                                          MsPageLayer             *layer);

G_END_DECLS
