/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Label cells for GtkColumnView columns: one factory per column, whose
 * update function fills the label from the item and runs again whenever the
 * item notifies a property change, so rows that are updated in place stay
 * current without being rebuilt. */

typedef enum {
  MS_CELL_TEXT      = 0,
  MS_CELL_NUMERIC   = 1 << 0,   /* right-aligned, tabular figures */
  MS_CELL_MONOSPACE = 1 << 1,
  MS_CELL_DIM       = 1 << 2,
  MS_CELL_ELLIPSIZE_START  = 1 << 3,
  MS_CELL_ELLIPSIZE_MIDDLE = 1 << 4,
  MS_CELL_ELLIPSIZE_END    = 1 << 5,
  MS_CELL_SWATCH    = 1 << 6,   /* a colour swatch before the label */
  MS_CELL_EXPANDER  = 1 << 7,   /* in a GtkTreeExpander (a tree's rows) */
} MsCellFlags;

/* @cell is the GtkLabel; @swatch the MsSwatch when MS_CELL_SWATCH, else NULL.
 * In a tree (a GtkTreeListModel's rows), @item is the row's item. */
typedef void (*MsCellUpdateFunc) (GtkLabel  *cell,
                                  GtkWidget *swatch,
                                  GObject   *item,
                                  gpointer   user_data);

/* The tooltip of the cell's item, or NULL for none. Asked for only when a
 * tooltip is about to show: setting tooltips while binding would cost an X
 * round trip per cell (GTK 4.8 queries the pointer each time). */
typedef char *(*MsCellTooltipFunc) (GObject  *item,
                                    gpointer  user_data);

GtkListItemFactory *ms_cell_factory_new (MsCellFlags        flags,
                                         MsCellUpdateFunc   update,
                                         MsCellTooltipFunc  tooltip,
                                         gpointer           user_data);

/* The row position of the cell that holds @widget, or of the row or cell
 * that is @widget (a widget picked, or focused, inside @view, a list or
 * column view whose cells come from ms_cell_factory_new()), or
 * GTK_INVALID_LIST_POSITION. */
guint ms_cell_get_position (GtkWidget *widget,
                            GtkWidget *view);

/* Ctrl+click toggles the row under the pointer in @view's selection model.
 * GTK 4.8's column view toggles it twice (its cell and its row both take
 * the click), leaving it as it was: this toggles it itself, focuses the row,
 * and keeps the click from them. For a view whose cells come from
 * ms_cell_factory_new(). */
void  ms_column_view_add_control_click (GtkColumnView *view);

/* The menu of @view's rows: a popover of @model, without an arrow, whose
 * parent is @parent (which unparents it when disposed). A right click on a
 * row pops it up there (the headers have their own menu). */
GtkWidget *ms_column_view_row_menu_new (GtkColumnView *view,
                                        GtkWidget     *parent,
                                        GMenuModel    *model);
/* Pops @menu (from ms_column_view_row_menu_new()) up pointing at @x, @y of
 * @view; the row at @position (or GTK_INVALID_LIST_POSITION) chosen alone
 * first unless it is chosen already. */
void       ms_column_view_popup_row_menu (GtkColumnView *view,
                                          GtkWidget     *menu,
                                          guint          position,
                                          double         x,
                                          double         y);
/* Menu or Shift+F10: the same below the row that has the keyboard focus. */
void       ms_column_view_popup_row_menu_at_focus (GtkColumnView *view,
                                                   GtkWidget     *menu);

/* Sets @label's text, through ms_display_text() (any text may be the
 * process's bytes), unless it already shows it. GtkLabel itself measures
 * and lays the window out again on every set, changed or not; with rows
 * updated in place every refresh, that was a redraw of the whole window a
 * second for nothing. The tooltips of a cell factory's cells go through
 * ms_display_text() too. */
void ms_label_set_text (GtkLabel   *label,
                        const char *text);

/* Sets @widget's tooltip (NULL: none), through ms_display_text(), unless it
 * already says it: setting a tooltip makes GTK (4.8) ask the X server where
 * the pointer is, which is not worth doing on every refresh. */
void ms_widget_set_tooltip (GtkWidget  *widget,
                            const char *text);

G_END_DECLS
