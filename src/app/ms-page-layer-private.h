/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ms-page-layer.h"

G_BEGIN_DECLS

/* Shared by the files of the strip's page layer: ms-page-layer.c (its
 * state, the pages kept per snapshot, the regions in view),
 * ms-page-layer-read.c (reading pages on a worker thread),
 * ms-page-layer-draw.c (the textures and their tooltips),
 * ms-page-layer-measure.c (measuring activity or writes, and its dialogs)
 * and ms-page-layer-menu.c (the Pages menu and its actions). */

#define PAGE       4096u   /* the page size it reads and draws in */

/* What was read of one region: [start, end) of it, its runs. */
typedef struct {
  guint64  start;
  guint64  end;
  GArray  *runs;   /* MsPageRun; NULL when the read failed */
  char    *error;  /* why, then */
  guint    generation;   /* of the snapshot it was read for */
} MsPageLayerEntry;

struct _MsPageLayer {
  GtkWidget     *widget;           /* (unowned) */
  GCallback      changed;
  MsSnapshot    *snapshot;
  guint          generation;       /* counts the snapshots shown */
  GHashTable    *entries;          /* region start (guint64 *) → MsPageLayerEntry */
  GCancellable  *cancellable;      /* of the read in flight, if any */
  gboolean       unreadable;       /* the reader could not open the process */
  gboolean       privileged;       /* read through the helper (`pages`) */
  MsPageColour   colour;
  gboolean       shown;
  guint          changed_idle;     /* tells the widget after its drawing */

  /* Activity: the measurement under way, and the last one's result. */
  MsActivityMeasure *measure;
  guint          measure_timeout;
  gint64         measure_end;      /* when it fires (monotonic µs) */
  guint          measure_tick;     /* counts the seconds left down */
  GCancellable  *measure_cancellable;
  MsActivity    *activity;
  guint          measure_seconds;
  gboolean       writes_tracked;   /* the kernel tracks soft-dirty pages */
  int            counts_known;     /* for tests: -1, or TRUE/FALSE */

  /* The Pages menu, once set up: its button (weak), the section that
   * measures, and the actions whose state follows the layer's. */
  GtkMenuButton *button;
  GMenu         *measure_menu;
  GSimpleAction *stop_action;
  GSimpleAction *seconds_action;

  /* Regions whose pages could not be read for this snapshot: region start
   * (guint64 *) → why (a message). Not asked again until the next one. */
  GHashTable    *failed;

  /* For tests: what the reads did, and a delay before each. */
  MsPageLayerStats stats;
  guint          read_delay;
};

/* A region's visible part, as drawn and as addresses. */
typedef struct {
  guint    index;
  double   x0, x1;                /* the region's extent, maybe past the strip */
  double   cx0, cx1;              /* its visible part */
  guint64  start, end;            /* the addresses of the visible part */
} MsPageLayerVisible;

/* ms-page-layer.c */
void               _ms_page_layer_entry_free   (gpointer                 data);
MsPageLayerEntry  *_ms_page_layer_lookup       (MsPageLayer             *layer,
                                                guint64                  region_start);
void               _ms_page_layer_set_shown    (MsPageLayer             *layer,
                                                gboolean                 shown);
void               _ms_page_layer_find_visible (MsPageLayer             *layer,
                                                const MsLayout          *layout,
                                                const MsRenderOptions   *options,
                                                const cairo_rectangle_t *area,
                                                GArray                  *visible);

/* ms-page-layer-read.c: reads the spans of @missing (guint64 pairs), unless
 * a read is under way already. */
void               _ms_page_layer_request      (MsPageLayer             *layer,
                                                GArray                  *missing);

/* ms-page-layer-measure.c: says what measuring @kind does to the process,
 * and starts it on a click (or, for writes the kernel does not track, says
 * why it cannot). */
void               _ms_page_layer_confirm_measure (GtkWidget         *owner,
                                                   MsPageLayer       *layer,
                                                   MsActivityKind     kind);
/* The whole seconds left until the measurement under way reads what was
 * used (rounded up); 0 when none is waiting for it. */
guint              _ms_page_layer_get_seconds_left (MsPageLayer      *layer);

/* ms-page-layer-menu.c: the Pages menu's button and actions follow the
 * layer's state. */
void               _ms_page_layer_update_menu  (MsPageLayer             *layer);

G_END_DECLS
