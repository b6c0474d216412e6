/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-cells.h"

#include "ms-swatch.h"
#include "ms-text.h"
#include "ms-tooltip.h"

typedef struct {
  MsCellFlags       flags;
  MsCellUpdateFunc  update;
  MsCellTooltipFunc tooltip;
  gpointer         user_data;
} CellSpec;

typedef struct {
  GtkLabel  *label;
  GtkWidget *swatch;
  GObject   *item;
  gulong     handler;
} CellBinding;

static void
cell_binding_free (gpointer data)
{
  CellBinding *binding = data;

  if (binding->item != NULL && binding->handler != 0)
    g_signal_handler_disconnect (binding->item, binding->handler);
  g_clear_object (&binding->item);
  g_free (binding);
}

static void
cell_refresh (CellBinding *binding,
              CellSpec    *spec)
{
  spec->update (binding->label, binding->swatch, binding->item, spec->user_data);
}

static void
on_item_notify (GObject    *item,
                GParamSpec *pspec,
                gpointer    user_data)
{
  GtkListItem *list_item = user_data;
  CellBinding *binding = g_object_get_data (G_OBJECT (list_item), "ms-cell-binding");
  CellSpec *spec = g_object_get_data (G_OBJECT (list_item), "ms-cell-spec");

  if (binding != NULL && spec != NULL)
    cell_refresh (binding, spec);
}

static gboolean
on_query_tooltip (GtkWidget   *widget,
                  int          x,
                  int          y,
                  gboolean     keyboard_mode,
                  GtkTooltip  *tooltip,
                  GtkListItem *list_item)
{
  CellBinding *binding = g_object_get_data (G_OBJECT (list_item), "ms-cell-binding");
  CellSpec *spec = g_object_get_data (G_OBJECT (list_item), "ms-cell-spec");
  g_autofree char *text = NULL;

  if (binding == NULL || spec == NULL || spec->tooltip == NULL)
    return FALSE;

  text = spec->tooltip (binding->item, spec->user_data);
  if (text == NULL || *text == '\0')
    return FALSE;

  /* paths, objects and command lines are the process's bytes */
  {
    g_autofree char *shown = ms_display_text (text, -1);

    ms_tooltip_set_text (tooltip, shown);
  }
  return TRUE;
}

static void
on_setup (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          CellSpec                 *spec)
{
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *child = label;
  GtkWidget *swatch = NULL;

  gtk_label_set_xalign (GTK_LABEL (label), (spec->flags & MS_CELL_NUMERIC) ? 1.0f : 0.0f);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (spec->flags & MS_CELL_NUMERIC)
    gtk_widget_add_css_class (label, "numeric");
  if (spec->flags & MS_CELL_MONOSPACE)
    gtk_widget_add_css_class (label, "monospace");
  if (spec->flags & MS_CELL_DIM)
    gtk_widget_add_css_class (label, "dim-label");
  if (spec->flags & MS_CELL_ELLIPSIZE_START)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_START);
  else if (spec->flags & MS_CELL_ELLIPSIZE_MIDDLE)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  else if (spec->flags & MS_CELL_ELLIPSIZE_END)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);

  if (spec->flags & MS_CELL_SWATCH)
    {
      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      swatch = ms_swatch_new ();
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (child), swatch);
      gtk_box_append (GTK_BOX (child), label);
    }

  if (spec->flags & MS_CELL_EXPANDER)
    {
      GtkWidget *expander = gtk_tree_expander_new ();

      gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), child);
      g_object_set_data (G_OBJECT (list_item), "ms-cell-expander", expander);
      child = expander;
    }

  if (spec->tooltip != NULL)
    {
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect_object (label, "query-tooltip", G_CALLBACK (on_query_tooltip), list_item, 0);
    }

  g_object_set_data (G_OBJECT (child), "ms-cell-list-item", list_item);
  g_object_set_data (G_OBJECT (list_item), "ms-cell-label", label);
  g_object_set_data (G_OBJECT (list_item), "ms-cell-swatch", swatch);
  gtk_list_item_set_child (list_item, child);
}

static void
on_bind (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         CellSpec                 *spec)
{
  CellBinding *binding = g_new0 (CellBinding, 1);

  binding->label = g_object_get_data (G_OBJECT (list_item), "ms-cell-label");
  binding->swatch = g_object_get_data (G_OBJECT (list_item), "ms-cell-swatch");
  /* a tree's row: its item is what the cell shows */
  if (GTK_IS_TREE_LIST_ROW (gtk_list_item_get_item (list_item)))
    {
      GtkTreeListRow *row = gtk_list_item_get_item (list_item);
      GtkWidget *expander = g_object_get_data (G_OBJECT (list_item), "ms-cell-expander");

      if (expander != NULL)
        gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
      binding->item = gtk_tree_list_row_get_item (row);
    }
  else
    {
      binding->item = g_object_ref (gtk_list_item_get_item (list_item));
    }
  binding->handler = g_signal_connect (binding->item, "notify",
                                       G_CALLBACK (on_item_notify), list_item);

  g_object_set_data (G_OBJECT (list_item), "ms-cell-spec", spec);
  g_object_set_data_full (G_OBJECT (list_item), "ms-cell-binding", binding, cell_binding_free);
  cell_refresh (binding, spec);
}

static void
on_unbind (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           CellSpec                 *spec)
{
  GtkWidget *expander = g_object_get_data (G_OBJECT (list_item), "ms-cell-expander");

  if (expander != NULL)
    gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), NULL);
  g_object_set_data (G_OBJECT (list_item), "ms-cell-binding", NULL);
}

GtkListItemFactory *
ms_cell_factory_new (MsCellFlags        flags,
                     MsCellUpdateFunc   update,
                     MsCellTooltipFunc  tooltip,
                     gpointer           user_data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  CellSpec *spec = g_new0 (CellSpec, 1);

  spec->flags = flags;
  spec->update = update;
  spec->tooltip = tooltip;
  spec->user_data = user_data;

  g_object_set_data_full (G_OBJECT (factory), "ms-cell-spec", spec, g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup), spec);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind), spec);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind), spec);

  return factory;
}

static GtkListItem *
list_item_of (GtkWidget *widget)
{
  return widget != NULL ? g_object_get_data (G_OBJECT (widget), "ms-cell-list-item") : NULL;
}

guint
ms_cell_get_position (GtkWidget *widget,
                      GtkWidget *view)
{
  /* Up from @widget to a cell's child; or, from a cell or a row (their
   * padding), down to it. */
  for (GtkWidget *w = widget; w != NULL && w != view; w = gtk_widget_get_parent (w))
    {
      GtkWidget *child = gtk_widget_get_first_child (w);
      GtkListItem *item = list_item_of (w);

      if (item == NULL)
        item = list_item_of (child);
      if (item == NULL && child != NULL)
        item = list_item_of (gtk_widget_get_first_child (child));
      if (item != NULL)
        return gtk_list_item_get_position (item);
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
on_control_click (GtkColumnView *view,
                  int            n_press,
                  double         x,
                  double         y,
                  GtkGesture    *gesture)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  GtkSelectionModel *selection = gtk_column_view_get_model (view);
  GtkWidget *list = gtk_widget_get_last_child (GTK_WIDGET (view));
  GtkWidget *picked;
  guint position;

  if ((state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK)) != GDK_CONTROL_MASK || selection == NULL)
    return;
  picked = gtk_widget_pick (GTK_WIDGET (view), x, y, GTK_PICK_DEFAULT);
  position = ms_cell_get_position (picked, GTK_WIDGET (view));
  if (position == GTK_INVALID_LIST_POSITION)
    return;

  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
  if (gtk_selection_model_is_selected (selection, position))
    gtk_selection_model_unselect_item (selection, position);
  else
    gtk_selection_model_select_item (selection, position, FALSE);

  /* the row itself, the list's child */
  while (picked != NULL && gtk_widget_get_parent (picked) != list)
    picked = gtk_widget_get_parent (picked);
  if (picked != NULL)
    gtk_widget_grab_focus (picked);
}

void
ms_column_view_add_control_click (GtkColumnView *view)
{
  GtkGesture *control_click = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (control_click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (control_click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (control_click, "pressed", G_CALLBACK (on_control_click), view, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (control_click));
}

void
ms_column_view_popup_row_menu (GtkColumnView *view,
                               GtkWidget     *menu,
                               guint          position,
                               double         x,
                               double         y)
{
  GtkSelectionModel *selection = gtk_column_view_get_model (view);
  graphene_point_t point;

  if (position != GTK_INVALID_LIST_POSITION && selection != NULL &&
      !gtk_selection_model_is_selected (selection, position))
    gtk_selection_model_select_item (selection, position, TRUE);

  if (!gtk_widget_compute_point (GTK_WIDGET (view), gtk_widget_get_parent (menu),
                                 &GRAPHENE_POINT_INIT ((float) x, (float) y), &point))
    point = GRAPHENE_POINT_INIT (0, 0);
  gtk_popover_set_pointing_to (GTK_POPOVER (menu),
                               &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (menu));
}

void
ms_column_view_popup_row_menu_at_focus (GtkColumnView *view,
                                        GtkWidget     *menu)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (view));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  guint position = GTK_INVALID_LIST_POSITION;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, 0, 0);

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (view)))
    {
      position = ms_cell_get_position (focus, GTK_WIDGET (view));
      if (!gtk_widget_compute_bounds (focus, GTK_WIDGET (view), &bounds))
        bounds = GRAPHENE_RECT_INIT (0, 0, 0, 0);
    }

  ms_column_view_popup_row_menu (view, menu, position, bounds.origin.x + 12, bounds.origin.y + bounds.size.height);
}

static void
on_row_menu_click (GtkWidget  *menu,
                   int         n_press,
                   double      x,
                   double      y,
                   GtkGesture *gesture)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture)));
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (view), x, y, GTK_PICK_DEFAULT);
  guint position = ms_cell_get_position (picked, GTK_WIDGET (view));

  /* the headers have their own menu */
  if (position == GTK_INVALID_LIST_POSITION)
    return;

  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
  ms_column_view_popup_row_menu (view, menu, position, x, y);
}

GtkWidget *
ms_column_view_row_menu_new (GtkColumnView *view,
                             GtkWidget     *parent,
                             GMenuModel    *model)
{
  GtkWidget *popover = gtk_popover_menu_new_from_model (model);
  GtkGesture *right_click = gtk_gesture_click_new ();

  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_widget_set_halign (popover, GTK_ALIGN_START);
  gtk_widget_set_parent (popover, parent);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (right_click), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (right_click, "pressed", G_CALLBACK (on_row_menu_click), popover, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (right_click));

  return popover;
}

void
ms_label_set_text (GtkLabel   *label,
                   const char *text)
{
  g_autofree char *shown = NULL;

  g_return_if_fail (GTK_IS_LABEL (label));

  shown = ms_display_text (text != NULL ? text : "", -1);
  if (g_strcmp0 (gtk_label_get_label (label), shown) != 0 || gtk_label_get_use_markup (label))
    gtk_label_set_text (label, shown);
}

void
ms_widget_set_tooltip (GtkWidget  *widget,
                       const char *text)
{
  g_autofree char *shown = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  shown = ms_display_text (text, -1);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), shown) != 0)
    gtk_widget_set_tooltip_text (widget, shown);
}
