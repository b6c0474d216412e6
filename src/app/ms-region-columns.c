/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-region-columns-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-cells.h"
#include "ms-format.h"
#include "ms-region-item.h"
#include "ms-swatch.h"

#define COUNTER(name) MS_FIELD_COUNTER, G_STRUCT_OFFSET (MsCounters, name)

static const MsRegionColumn columns[MS_N_REGION_COLUMNS] = {
  { N_("Start"), MS_FIELD_START, 0, 120 },
  { N_("End"), MS_FIELD_END, 0, 120 },
  { N_("Size"), MS_FIELD_SIZE, 0, 88 },
  { N_("Kind"), MS_FIELD_KIND, 0, 176 },
  { N_("Perms"), MS_FIELD_PERMS, 0, 64 },
  { N_("RSS"), COUNTER (rss), 84 },
  { N_("PSS"), COUNTER (pss), 84 },
  { N_("USS"), MS_FIELD_USS, 0, 84 },
  { N_("Object"), MS_FIELD_OBJECT, 0, 150 },
  { N_("Path"), MS_FIELD_PATH, 0, 260 },
  { N_("Shared Clean"), COUNTER (shared_clean), 100 },
  { N_("Shared Dirty"), COUNTER (shared_dirty), 100 },
  { N_("Private Clean"), COUNTER (private_clean), 100 },
  { N_("Private Dirty"), COUNTER (private_dirty), 100 },
  { N_("Referenced"), COUNTER (referenced), 96 },
  { N_("Anonymous"), COUNTER (anonymous), 96 },
  { N_("Swap"), COUNTER (swap), 84 },
  { N_("Swap PSS"), COUNTER (swap_pss), 88 },
  { N_("Locked"), COUNTER (locked), 84 },
  { N_("Offset"), MS_FIELD_OFFSET, 0, 96 },
  { N_("Device"), MS_FIELD_DEVICE, 0, 72 },
  { N_("Inode"), MS_FIELD_INODE, 0, 96 },
};

#undef COUNTER

const MsRegionColumn *
_ms_region_column_get (guint i)
{
  g_return_val_if_fail (i < MS_N_REGION_COLUMNS, NULL);

  return &columns[i];
}

static guint64
field_value (const MsRegion       *region,
             const MsRegionColumn *spec)
{
  switch (spec->field)
    {
    case MS_FIELD_START:
      return region->start;
    case MS_FIELD_END:
      return region->end;
    case MS_FIELD_SIZE:
      return ms_region_get_size (region);
    case MS_FIELD_COUNTER:
      return G_STRUCT_MEMBER (guint64, &region->counters, spec->offset);
    case MS_FIELD_USS:
      return ms_region_get_uss (region);
    case MS_FIELD_OFFSET:
      return region->offset;
    case MS_FIELD_DEVICE:
      return ((guint64) region->dev_major << 32) | region->dev_minor;
    case MS_FIELD_INODE:
      return region->inode;
    case MS_FIELD_KIND:
    case MS_FIELD_PERMS:
    case MS_FIELD_OBJECT:
    case MS_FIELD_PATH:
    default:
      return 0;
    }
}

static char *
field_text (const MsRegion       *region,
            const MsRegionColumn *spec)
{
  char buffer[32];

  switch (spec->field)
    {
    case MS_FIELD_KIND:
      return g_strdup (ms_kind_get_label ((MsKind) region->kind));
    case MS_FIELD_PERMS:
      ms_region_format_perms (region, buffer);
      return g_strdup (buffer);
    case MS_FIELD_OBJECT:
      return region->object != NULL ? g_path_get_basename (region->object) : g_strdup ("");
    case MS_FIELD_PATH:
      return g_strdup (region->path != NULL ? region->path : "");
    default:
      return NULL;
    }
}

/* Sorting compares the regions' fields directly: GtkColumnViewSorter (4.8)
 * keeps no sort keys, so a sorter that evaluates an expression per
 * comparison takes seconds over 65 530 rows; this takes milliseconds. */
static int
compare_regions (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const MsRegionColumn *spec = user_data;
  const MsRegion *ra = ms_region_item_get_region ((MsRegionItem *) a);
  const MsRegion *rb = ms_region_item_get_region ((MsRegionItem *) b);

  switch (spec->field)
    {
    case MS_FIELD_KIND:
      /* In legend order. */
      return (ra->kind > rb->kind) - (ra->kind < rb->kind);
    case MS_FIELD_PERMS:
      {
        char pa[5], pb[5];

        ms_region_format_perms (ra, pa);
        ms_region_format_perms (rb, pb);
        return strcmp (pa, pb);
      }
    case MS_FIELD_OBJECT:
      return g_strcmp0 (ra->object, rb->object);
    case MS_FIELD_PATH:
      return g_strcmp0 (ra->path, rb->path);
    case MS_FIELD_START:
    case MS_FIELD_END:
    case MS_FIELD_SIZE:
    case MS_FIELD_COUNTER:
    case MS_FIELD_USS:
    case MS_FIELD_OFFSET:
    case MS_FIELD_DEVICE:
    case MS_FIELD_INODE:
    default:
      {
        guint64 va = field_value (ra, spec);
        guint64 vb = field_value (rb, spec);

        return (va > vb) - (va < vb);
      }
    }
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
  const MsRegionColumn *spec = user_data;
  MsRegionItem *item = MS_REGION_ITEM (object);
  const MsRegion *region = ms_region_item_get_region (item);
  g_autofree char *text = NULL;
  char address[20];

  switch (spec->field)
    {
    case MS_FIELD_START:
    case MS_FIELD_END:
      ms_format_address (field_value (region, spec), address);
      text = g_strdup (address);
      break;
    case MS_FIELD_SIZE:
    case MS_FIELD_COUNTER:
    case MS_FIELD_USS:
      {
        guint64 bytes = field_value (region, spec);

        text = bytes > 0 || spec->field == MS_FIELD_SIZE ? ms_format_size (bytes) : g_strdup ("0");
      }
      break;
    case MS_FIELD_OFFSET:
      text = g_strdup_printf ("%" G_GINT64_MODIFIER "x", region->offset);
      break;
    case MS_FIELD_DEVICE:
      text = g_strdup_printf ("%02x:%02x", region->dev_major, region->dev_minor);
      break;
    case MS_FIELD_INODE:
      text = g_strdup_printf ("%" G_GUINT64_FORMAT, region->inode);
      break;
    case MS_FIELD_KIND:
      text = field_text (region, spec);
      ms_swatch_set_kind (MS_SWATCH (swatch), region->kind);
      break;
    case MS_FIELD_PERMS:
    case MS_FIELD_OBJECT:
    case MS_FIELD_PATH:
      text = field_text (region, spec);
      break;
    default:
      g_assert_not_reached ();
    }

  ms_label_set_text (label, text);
  mark_hovered (swatch != NULL ? gtk_widget_get_parent (GTK_WIDGET (label)) : GTK_WIDGET (label),
                ms_region_item_get_hovered (item));
}

static char *
cell_tooltip (GObject  *object,
              gpointer  user_data)
{
  const MsRegionColumn *spec = user_data;
  const MsRegion *region = ms_region_item_get_region (MS_REGION_ITEM (object));

  switch (spec->field)
    {
    case MS_FIELD_SIZE:
    case MS_FIELD_COUNTER:
    case MS_FIELD_USS:
      return ms_format_size_tooltip (field_value (region, spec));
    case MS_FIELD_KIND:
      return g_strdup (ms_kind_get_description ((MsKind) region->kind));
    case MS_FIELD_PERMS:
      return ms_region_describe_perms (region);
    case MS_FIELD_OBJECT:
      return g_strdup (region->object);
    case MS_FIELD_PATH:
      return g_strdup (region->path);
    case MS_FIELD_START:
    case MS_FIELD_END:
    case MS_FIELD_OFFSET:
    case MS_FIELD_DEVICE:
    case MS_FIELD_INODE:
    default:
      return NULL;
    }
}

/* Wide enough for its heading, in bold, with room for the sort arrow: the
 * default widths fit English, and a translation may be longer. */
static int
column_width (const MsRegionColumn *spec,
              GtkWidget            *measure)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (measure, _(spec->title));
  PangoAttrList *attrs = pango_attr_list_new ();
  int width = 0;

  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_size (layout, &width, NULL);

  return MAX (spec->width, width + 40);
}

GtkColumnViewColumn *
_ms_region_column_new (const MsRegionColumn *spec,
                       GtkWidget            *measure)
{
  GtkColumnViewColumn *column;
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkCustomSorter) sorter = NULL;
  MsCellFlags flags = MS_CELL_TEXT;

  switch (spec->field)
    {
    case MS_FIELD_START:
    case MS_FIELD_END:
    case MS_FIELD_OFFSET:
      flags = MS_CELL_MONOSPACE;
      break;
    case MS_FIELD_SIZE:
    case MS_FIELD_COUNTER:
    case MS_FIELD_USS:
    case MS_FIELD_INODE:
      flags = MS_CELL_NUMERIC;
      break;
    case MS_FIELD_DEVICE:
      flags = MS_CELL_MONOSPACE | MS_CELL_DIM;
      break;
    case MS_FIELD_KIND:
      flags = MS_CELL_SWATCH | MS_CELL_ELLIPSIZE_END;
      break;
    case MS_FIELD_PERMS:
      flags = MS_CELL_MONOSPACE;
      break;
    case MS_FIELD_OBJECT:
      flags = MS_CELL_ELLIPSIZE_END;
      break;
    case MS_FIELD_PATH:
      flags = MS_CELL_ELLIPSIZE_START;
      break;
    default:
      g_assert_not_reached ();
    }

  sorter = gtk_custom_sorter_new (compare_regions, (gpointer) spec, NULL);

  factory = ms_cell_factory_new (flags, update_cell, cell_tooltip, (gpointer) spec);
  column = gtk_column_view_column_new (_(spec->title), g_steal_pointer (&factory));
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_fixed_width (column, column_width (spec, measure));
  if (spec->field == MS_FIELD_PATH)
    gtk_column_view_column_set_expand (column, TRUE);

  return column;
}
