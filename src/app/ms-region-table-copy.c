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


/* Menu or Shift+F10: the menu of the focused row. */
static void
show_menu (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  MsRegionTable *self = MS_REGION_TABLE (widget);

  ms_column_view_popup_row_menu_at_focus (_ms_region_table_get_column_view (self),
                                          GTK_WIDGET (_ms_region_table_get_context_menu (self)));
}

GtkWidget *
_ms_region_table_menu_new (MsRegionTable *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) rows = g_menu_new ();
  g_autoptr(GMenu) fields = g_menu_new ();
  g_autoptr(GMenuItem) copy = g_menu_item_new (_("_Copy"), "regions.copy");
  GtkWidget *popover;

  g_menu_item_set_attribute (copy, "accel", "s", "<Control>c");
  g_menu_append_item (rows, copy);
  g_menu_append (rows, _("Copy as C_SV"), "regions.copy-csv");
  g_menu_append (fields, _("Copy _Start Address"), "regions.copy-start");
  g_menu_append (fields, _("Copy _Path"), "regions.copy-path");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (rows));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (fields));

  popover = ms_column_view_row_menu_new (_ms_region_table_get_column_view (self), GTK_WIDGET (self),
                                         G_MENU_MODEL (menu));

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
