/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-legend-layout.h"

#define COLUMN_SPACING 4
#define ROW_SPACING    0

struct _MsLegendLayout
{
  GtkLayoutManager parent_instance;

  gboolean         wrap;
  guint            max_columns;
};

enum {
  PROP_0,
  PROP_WRAP,
  PROP_MAX_COLUMNS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsLegendLayout, ms_legend_layout, GTK_TYPE_LAYOUT_MANAGER)

/* One item's place: its width, and where its row starts. */
typedef struct {
  GtkWidget *child;
  int        width;
  int        min_width;
  int        row;
} Item;

/* The visible children, with their natural widths (at most @width). */
static GArray *
collect_items (GtkWidget *widget,
               int        width)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (Item));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Item item = { child, 0, 0, 0 };

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &item.min_width, &item.width, NULL, NULL);
      if (width >= 0)
        item.width = MAX (MIN (item.width, width), item.min_width);
      g_array_append_val (items, item);
    }

  return items;
}

/* Columns of @items (all as wide as the widest) that fit in @width. */
static guint
n_columns_for (MsLegendLayout *self,
               GArray         *items,
               int             width,
               int            *column_width)
{
  int widest = 0;
  guint n;

  for (guint i = 0; i < items->len; i++)
    widest = MAX (widest, g_array_index (items, Item, i).width);

  if (width < 0)
    n = G_MAXUINT;
  else
    n = widest > 0 ? (guint) MAX (1, (width + COLUMN_SPACING) / (widest + COLUMN_SPACING)) : 1;
  n = MIN (n, MAX (self->max_columns, 1));
  n = MIN (n, MAX (items->len, 1));
  *column_width = widest;
  return n;
}

/* Puts @items in rows for @width: sets each item's row (and, in columns,
 * its width). Returns the number of rows. */
static guint
place_items (MsLegendLayout *self,
             GArray         *items,
             int             width)
{
  guint row = 0;

  if (items->len == 0)
    return 0;

  if (!self->wrap)
    {
      int column_width;
      guint n_columns = n_columns_for (self, items, width, &column_width);

      /* Width left over goes to the columns. */
      if (width > 0)
        column_width = MAX (column_width, (width - (int) (n_columns - 1) * COLUMN_SPACING) / (int) n_columns);
      for (guint i = 0; i < items->len; i++)
        {
          Item *item = &g_array_index (items, Item, i);

          item->row = (int) (i / n_columns);
          item->width = width > 0 ? MIN (column_width, width) : column_width;
        }
      return (items->len + n_columns - 1) / n_columns;
    }
  else
    {
      int x = 0;

      for (guint i = 0; i < items->len; i++)
        {
          Item *item = &g_array_index (items, Item, i);

          if (x > 0 && width >= 0 && x + item->width > width)
            {
              row++;
              x = 0;
            }
          item->row = (int) row;
          x += item->width + COLUMN_SPACING;
        }
      return row + 1;
    }
}

/* The height of each row: its tallest item at its width. */
static int *
row_heights (GArray *items,
             guint   n_rows)
{
  int *heights = g_new0 (int, MAX (n_rows, 1));

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);
      int minimum, natural;

      gtk_widget_measure (item->child, GTK_ORIENTATION_VERTICAL, item->width, &minimum, &natural, NULL, NULL);
      heights[item->row] = MAX (heights[item->row], natural);
    }
  return heights;
}

static GtkSizeRequestMode
ms_legend_layout_get_request_mode (GtkLayoutManager *manager,
                                   GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
ms_legend_layout_measure (GtkLayoutManager *manager,
                          GtkWidget        *widget,
                          GtkOrientation    orientation,
                          int               for_size,
                          int              *minimum,
                          int              *natural,
                          int              *minimum_baseline,
                          int              *natural_baseline)
{
  MsLegendLayout *self = MS_LEGEND_LAYOUT (manager);
  g_autoptr(GArray) items = collect_items (widget, -1);

  *minimum = *natural = 0;
  if (items->len == 0)
    return;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int widest_min = 0, widest = 0, sum = 0;

      for (guint i = 0; i < items->len; i++)
        {
          Item *item = &g_array_index (items, Item, i);

          widest_min = MAX (widest_min, item->min_width);
          widest = MAX (widest, item->width);
          sum += item->width + (i > 0 ? COLUMN_SPACING : 0);
        }
      *minimum = widest_min;
      if (self->wrap)
        *natural = sum;
      else
        {
          guint n = MIN (items->len, MAX (self->max_columns, 1));

          *natural = (int) n * widest + (int) (n - 1) * COLUMN_SPACING;
        }
    }
  else
    {
      g_autofree int *heights = NULL;
      guint n_rows;

      g_clear_pointer (&items, g_array_unref);
      items = collect_items (widget, for_size);
      n_rows = place_items (self, items, for_size);
      heights = row_heights (items, n_rows);
      for (guint r = 0; r < n_rows; r++)
        *natural += heights[r] + (r > 0 ? ROW_SPACING : 0);
      *minimum = *natural;
    }
}

static void
ms_legend_layout_allocate (GtkLayoutManager *manager,
                           GtkWidget        *widget,
                           int               width,
                           int               height,
                           int               baseline)
{
  MsLegendLayout *self = MS_LEGEND_LAYOUT (manager);
  g_autoptr(GArray) items = collect_items (widget, width);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  g_autofree int *heights = NULL;
  guint n_rows = place_items (self, items, width);
  int x = 0, y = 0, row = 0;

  heights = row_heights (items, n_rows);
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);

      if (item->row != row)
        {
          y += heights[row] + ROW_SPACING;
          row = item->row;
          x = 0;
        }
      gtk_widget_size_allocate (item->child,
                                &(GtkAllocation) { rtl ? width - x - item->width : x, y, item->width, heights[row] },
                                -1);
      x += item->width + COLUMN_SPACING;
    }
}

GtkLayoutManager *
ms_legend_layout_new (void)
{
  return g_object_new (MS_TYPE_LEGEND_LAYOUT, NULL);
}

gboolean
ms_legend_layout_get_wrap (MsLegendLayout *self)
{
  g_return_val_if_fail (MS_IS_LEGEND_LAYOUT (self), FALSE);

  return self->wrap;
}

void
ms_legend_layout_set_wrap (MsLegendLayout *self,
                           gboolean        wrap)
{
  g_return_if_fail (MS_IS_LEGEND_LAYOUT (self));

  wrap = !!wrap;
  if (self->wrap == wrap)
    return;
  self->wrap = wrap;
  gtk_layout_manager_layout_changed (GTK_LAYOUT_MANAGER (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRAP]);
}

guint
ms_legend_layout_get_max_columns (MsLegendLayout *self)
{
  g_return_val_if_fail (MS_IS_LEGEND_LAYOUT (self), 0);

  return self->max_columns;
}

void
ms_legend_layout_set_max_columns (MsLegendLayout *self,
                                  guint           max_columns)
{
  g_return_if_fail (MS_IS_LEGEND_LAYOUT (self));
  g_return_if_fail (max_columns > 0);

  if (self->max_columns == max_columns)
    return;
  self->max_columns = max_columns;
  gtk_layout_manager_layout_changed (GTK_LAYOUT_MANAGER (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_COLUMNS]);
}

static void
ms_legend_layout_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MsLegendLayout *self = MS_LEGEND_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_WRAP:
      g_value_set_boolean (value, self->wrap);
      break;
    case PROP_MAX_COLUMNS:
      g_value_set_uint (value, self->max_columns);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_legend_layout_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MsLegendLayout *self = MS_LEGEND_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_WRAP:
      ms_legend_layout_set_wrap (self, g_value_get_boolean (value));
      break;
    case PROP_MAX_COLUMNS:
      ms_legend_layout_set_max_columns (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_legend_layout_class_init (MsLegendLayoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  object_class->get_property = ms_legend_layout_get_property;
  object_class->set_property = ms_legend_layout_set_property;
  layout_class->get_request_mode = ms_legend_layout_get_request_mode;
  layout_class->measure = ms_legend_layout_measure;
  layout_class->allocate = ms_legend_layout_allocate;

  properties[PROP_WRAP] =
    g_param_spec_boolean ("wrap", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_COLUMNS] =
    g_param_spec_uint ("max-columns", NULL, NULL, 1, G_MAXUINT, 6,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_legend_layout_init (MsLegendLayout *self)
{
  self->max_columns = 6;
}
