/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-region-table-private.h"

#include <glib/gi18n.h>

#include "ms-cells.h"
#include "ms-export.h"
#include "ms-region-columns-private.h"

/* The region table's rows chosen, copied (Ctrl+C, and the rows' menu). */

/* Puts @text on the clipboard: text, so valid UTF-8 (a name's bytes that
 * are not become U+FFFD), and whole. */
static void
copy_text (MsRegionTable *self,
           GString       *text)
{
  g_autofree char *valid = g_utf8_make_valid (text->str, (gssize) text->len);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), valid);
}

/* Ctrl+C: the chosen rows, tab-separated, the columns shown in the CSV's
 * order, each value as the CSV writes it (a path with a tab, newline or
 * quote quoted as in CSV); no header. */
static void
copy_rows (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  MsRegionTable *self = MS_REGION_TABLE (widget);
  g_autoptr(GPtrArray) regions = _ms_region_table_get_chosen (self);
  g_autoptr(GString) text = g_string_new (NULL);
  MsFieldId fields[MS_N_FIELDS];
  guint n_fields = _ms_region_columns_get_shown (_ms_region_table_get_columns (self), TRUE, fields);

  ms_csv_write_rows ((const MsRegion * const *) regions->pdata, regions->len, fields, n_fields, '\t', text);
  copy_text (self, text);
}

/* The chosen rows as the CSV export has them: its header, every field. */
static void
copy_rows_csv (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MsRegionTable *self = MS_REGION_TABLE (widget);
  g_autoptr(GPtrArray) regions = _ms_region_table_get_chosen (self);
  g_autoptr(GString) text = g_string_new (ms_csv_header ());
  MsFieldId fields[MS_N_FIELDS];

  for (guint i = 0; i < MS_N_FIELDS; i++)
    fields[i] = i;
  g_string_append_c (text, '\n');
  ms_csv_write_rows ((const MsRegion * const *) regions->pdata, regions->len, fields, MS_N_FIELDS, ',', text);
  copy_text (self, text);
}

/* One line per chosen row: its start address ("0x7f3a2c001000"), or its
 * path (rows without one left out). */
static void
copy_field (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  MsRegionTable *self = MS_REGION_TABLE (widget);
  g_autoptr(GPtrArray) regions = _ms_region_table_get_chosen (self);
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean path = g_str_equal (action_name, "regions.copy-path");

  for (guint i = 0; i < regions->len; i++)
    {
      const MsRegion *region = g_ptr_array_index (regions, i);

      if (path && region->path == NULL)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (path)
        g_string_append (text, region->path);
      else
        g_string_append_printf (text, "0x%" G_GINT64_MODIFIER "x", region->start);
    }
  copy_text (self, text);
}

void
_ms_region_table_update_copy_actions (MsRegionTable *self,
                                      GPtrArray     *regions)
{
  gboolean any_path = FALSE;

  for (guint i = 0; i < regions->len && !any_path; i++)
    any_path = ((const MsRegion *) g_ptr_array_index (regions, i))->path != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "regions.copy", regions->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "regions.copy-csv", regions->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "regions.copy-start", regions->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "regions.copy-path", any_path);
}


/* The menu of the rows, pointing at @x, @y of the column view; the row
 * there, @position, chosen alone first unless it is chosen already. */
static void
popup_menu_at (MsRegionTable *self,
               guint          position,
               double         x,
               double         y)
{
  graphene_point_t point;

  if (position != GTK_INVALID_LIST_POSITION &&
      !gtk_selection_model_is_selected (ms_region_table_get_selection (self), position))
    gtk_selection_model_select_item (ms_region_table_get_selection (self), position, TRUE);

  if (!gtk_widget_compute_point (GTK_WIDGET (_ms_region_table_get_column_view (self)), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT ((float) x, (float) y), &point))
    point = GRAPHENE_POINT_INIT (0, 0);
  gtk_popover_set_pointing_to (_ms_region_table_get_context_menu (self),
                               &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  gtk_popover_popup (_ms_region_table_get_context_menu (self));
}

static void
on_right_click (MsRegionTable *self,
                int            n_press,
                double         x,
                double         y,
                GtkGesture    *gesture)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (_ms_region_table_get_column_view (self)), x, y, GTK_PICK_DEFAULT);
  guint position = ms_cell_get_position (picked, GTK_WIDGET (_ms_region_table_get_column_view (self)));

  /* the headers have their own menu */
  if (position == GTK_INVALID_LIST_POSITION)
    return;

  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
  popup_menu_at (self, position, x, y);
}


/* Menu or Shift+F10: the menu of the focused row. */
static void
show_menu (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  MsRegionTable *self = MS_REGION_TABLE (widget);
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));
  guint position = GTK_INVALID_LIST_POSITION;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, 0, 0);

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (_ms_region_table_get_column_view (self))))
    {
      position = ms_cell_get_position (focus, GTK_WIDGET (_ms_region_table_get_column_view (self)));
      if (!gtk_widget_compute_bounds (focus, GTK_WIDGET (_ms_region_table_get_column_view (self)), &bounds))
        bounds = GRAPHENE_RECT_INIT (0, 0, 0, 0);
    }

  popup_menu_at (self, position, bounds.origin.x + 12, bounds.origin.y + bounds.size.height);
}

GtkWidget *
_ms_region_table_menu_new (MsRegionTable *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) rows = g_menu_new ();
  g_autoptr(GMenu) fields = g_menu_new ();
  g_autoptr(GMenuItem) copy = g_menu_item_new (_("_Copy"), "regions.copy");
  GtkWidget *popover;
  GtkGesture *right_click;

  g_menu_item_set_attribute (copy, "accel", "s", "<Control>c");
  g_menu_append_item (rows, copy);
  g_menu_append (rows, _("Copy as C_SV"), "regions.copy-csv");
  g_menu_append (fields, _("Copy _Start Address"), "regions.copy-start");
  g_menu_append (fields, _("Copy _Path"), "regions.copy-path");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (rows));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (fields));

  popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_widget_set_halign (popover, GTK_ALIGN_START);
  gtk_widget_set_parent (popover, GTK_WIDGET (self));

  right_click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (right_click), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (right_click, "pressed", G_CALLBACK (on_right_click), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (_ms_region_table_get_column_view (self)), GTK_EVENT_CONTROLLER (right_click));

  return popover;
}

void
_ms_region_table_class_init_copying (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "regions.copy", NULL, copy_rows);
  gtk_widget_class_install_action (widget_class, "regions.copy-csv", NULL, copy_rows_csv);
  gtk_widget_class_install_action (widget_class, "regions.copy-start", NULL, copy_field);
  gtk_widget_class_install_action (widget_class, "regions.copy-path", NULL, copy_field);
  gtk_widget_class_install_action (widget_class, "regions.menu", NULL, show_menu);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "regions.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "regions.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "regions.menu", NULL);
}
