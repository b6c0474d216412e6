/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-region-columns-private.h"

#include "ms-cells.h"
#include "ms-region-item.h"
#include "ms-swatch.h"

/* Sorting compares the regions' fields directly: GtkColumnViewSorter (4.8)
 * keeps no sort keys, so a sorter that evaluates an expression per
 * comparison takes seconds over 65 530 rows; this takes milliseconds. */
static int
compare_regions (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return ms_field_compare (user_data,
                           ms_region_item_get_region ((MsRegionItem *) a),
                           ms_region_item_get_region ((MsRegionItem *) b));
}

static void
mark_hovered (GtkWidget *child,
              gboolean   hovered)
{
  GtkWidget *cell = gtk_widget_get_parent (child);

  if (cell == NULL)
    return;

  if (hovered)
    gtk_widget_add_css_class (cell, "hovered-region");
  else
    gtk_widget_remove_css_class (cell, "hovered-region");
}

static void
update_cell (GtkLabel  *label,
             GtkWidget *swatch,
             GObject   *object,
             gpointer   user_data)
{
  const MsField *field = user_data;
  MsRegionItem *item = MS_REGION_ITEM (object);
  const MsRegion *region = ms_region_item_get_region (item);
  g_autofree char *text = ms_field_dup_text (field, region);

  if (swatch != NULL)
    ms_swatch_set_kind (MS_SWATCH (swatch), region->kind);
  ms_label_set_text (label, text);
  mark_hovered (swatch != NULL ? gtk_widget_get_parent (GTK_WIDGET (label)) : GTK_WIDGET (label),
                ms_region_item_get_hovered (item));
}

static char *
cell_tooltip (GObject  *object,
              gpointer  user_data)
{
  return ms_field_dup_details (user_data, ms_region_item_get_region (MS_REGION_ITEM (object)));
}

/* How a field's cells look, and the least width of its column (wide enough
 * for its values in English; a heading may ask for more). */
static MsCellFlags
cell_flags (const MsField *field,
            int           *width)
{
  switch (field->format)
    {
    case MS_FIELD_FORMAT_ADDRESS:
      *width = 120;
      return MS_CELL_MONOSPACE;
    case MS_FIELD_FORMAT_HEX:
      *width = 96;
      return MS_CELL_MONOSPACE;
    case MS_FIELD_FORMAT_SIZE:
      *width = 84;
      return MS_CELL_NUMERIC;
    case MS_FIELD_FORMAT_NUMBER:
      *width = 96;
      return MS_CELL_NUMERIC;
    case MS_FIELD_FORMAT_PERMS:
      *width = 64;
      return MS_CELL_MONOSPACE;
    case MS_FIELD_FORMAT_DEVICE:
      *width = 72;
      return MS_CELL_MONOSPACE | MS_CELL_DIM;
    case MS_FIELD_FORMAT_KIND:
      *width = 176;
      return MS_CELL_SWATCH | MS_CELL_ELLIPSIZE_END;
    case MS_FIELD_FORMAT_PATH:
      *width = 260;
      return MS_CELL_ELLIPSIZE_START;
    case MS_FIELD_FORMAT_NAME:
      *width = 150;
      return MS_CELL_ELLIPSIZE_END;
    default:
      g_return_val_if_reached (MS_CELL_TEXT);
    }
}

/* Wide enough for its heading, in bold, with room for the sort arrow: the
 * default widths fit English, and a translation may be longer. */
static int
column_width (const char *title,
              int         least,
              GtkWidget  *measure)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (measure, title);
  PangoAttrList *attrs = pango_attr_list_new ();
  int width = 0;

  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_size (layout, &width, NULL);

  return MAX (least, width + 40);
}

GtkColumnViewColumn *
_ms_region_column_new (const MsField *field,
                       GtkWidget     *measure)
{
  GtkColumnViewColumn *column;
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkCustomSorter) sorter = NULL;
  int width = 0;
  MsCellFlags flags = cell_flags (field, &width);

  sorter = gtk_custom_sorter_new (compare_regions, (gpointer) field, NULL);
  factory = ms_cell_factory_new (flags, update_cell, cell_tooltip, (gpointer) field);
  column = gtk_column_view_column_new (ms_field_get_title (field), g_steal_pointer (&factory));
  g_object_set_data (G_OBJECT (column), "ms-field", (gpointer) field);
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_fixed_width (column, column_width (ms_field_get_title (field), width, measure));
  if (field->format == MS_FIELD_FORMAT_PATH)
    gtk_column_view_column_set_expand (column, TRUE);

  return column;
}

const MsField *
_ms_region_column_get_field (GtkColumnViewColumn *column)
{
  return g_object_get_data (G_OBJECT (column), "ms-field");
}
