/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-region-table-private.h"

#include <glib/gi18n.h>

#include "ms-cells.h"
#include "ms-format.h"
#include "ms-region-item.h"
#include "ms-render-compare.h"

/* The region table while it compares with a baseline: a column of signed
 * deltas for size, RSS, PSS and swap (blank where nothing changed), after
 * the field columns, and a "Changed Only" filter; both only while there is
 * a comparison. */

static const struct {
  MsCompareField field;
  const char    *title;
} delta_columns[] = {
  { MS_COMPARE_SIZE, N_("ΔSize") },
  { MS_COMPARE_RSS, N_("ΔRSS") },
  { MS_COMPARE_PSS, N_("ΔPSS") },
  { MS_COMPARE_SWAP, N_("ΔSwap") },
};

#define N_DELTAS G_N_ELEMENTS (delta_columns)

typedef struct {
  MsRegionTableCompare *owner;
  MsCompareField        field;
} Column;

struct _MsRegionTableCompare
{
  GtkColumnView       *view;
  GtkWidget           *changed_only;
  GtkColumnViewColumn *columns[N_DELTAS];
  GtkListItemFactory  *factories[N_DELTAS];
  GtkSorter           *sorters[N_DELTAS];
  Column               data[N_DELTAS];
  MsCompare           *compare;
  GCallback            filter_changed;
  gpointer             user_data;
};

/* The pair of @snapshot's region @index when the comparison is of that
 * snapshot, else NULL. */
static const MsComparePair *
pair_of (MsRegionTableCompare *self,
         MsSnapshot           *snapshot,
         guint                 index)
{
  if (self->compare == NULL || snapshot == NULL || ms_compare_get_current (self->compare) != snapshot ||
      index >= snapshot->n_regions)
    return NULL;
  return ms_compare_get_pair_of_current (self->compare, index);
}

static gint64
item_delta (Column       *column,
            MsRegionItem *item)
{
  const MsComparePair *pair = pair_of (column->owner, ms_region_item_get_snapshot (item),
                                       ms_region_item_get_index (item));

  return pair != NULL ? ms_compare_pair_delta (column->owner->compare, pair, column->field) : 0;
}

static void
update_cell (GtkLabel  *cell,
             GtkWidget *swatch,
             GObject   *item,
             gpointer   user_data)
{
  Column *column = user_data;
  const MsComparePair *pair = pair_of (column->owner, ms_region_item_get_snapshot (MS_REGION_ITEM (item)),
                                       ms_region_item_get_index (MS_REGION_ITEM (item)));
  gint64 delta = item_delta (column, MS_REGION_ITEM (item));
  g_autofree char *text = NULL;

  if (pair != NULL && pair->change != MS_COMPARE_UNCHANGED && delta != 0)
    text = ms_format_size_delta (delta);
  ms_label_set_text (cell, text != NULL ? text : "");
}

static char *
cell_tooltip (GObject  *item,
              gpointer  user_data)
{
  Column *column = user_data;
  const MsComparePair *pair = pair_of (column->owner, ms_region_item_get_snapshot (MS_REGION_ITEM (item)),
                                       ms_region_item_get_index (MS_REGION_ITEM (item)));
  g_autofree char *markup = NULL;
  char *plain = NULL;

  if (pair == NULL)
    return NULL;
  markup = ms_render_describe_compare (column->owner->compare, ms_region_item_get_index (MS_REGION_ITEM (item)));
  /* (a plain tooltip: the words without their markup) */
  if (!pango_parse_markup (markup, -1, 0, NULL, &plain, NULL, NULL))
    return NULL;
  return plain;
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  gint64 da = item_delta (user_data, MS_REGION_ITEM ((gpointer) a));
  gint64 db = item_delta (user_data, MS_REGION_ITEM ((gpointer) b));

  return da < db ? GTK_ORDERING_SMALLER : da > db ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static void
on_changed_only (MsRegionTableCompare *self)
{
  ((void (*) (gpointer)) self->filter_changed) (self->user_data);
}

MsRegionTableCompare *
_ms_region_table_compare_new (GtkColumnView *view,
                              GtkWidget     *before,
                              GCallback      filter_changed,
                              gpointer       user_data)
{
  MsRegionTableCompare *self = g_new0 (MsRegionTableCompare, 1);

  self->view = view;
  self->filter_changed = filter_changed;
  self->user_data = user_data;

  for (guint i = 0; i < N_DELTAS; i++)
    {
      self->data[i].owner = self;
      self->data[i].field = delta_columns[i].field;
      self->factories[i] = ms_cell_factory_new (MS_CELL_NUMERIC, update_cell, cell_tooltip, &self->data[i]);
      self->sorters[i] = GTK_SORTER (gtk_custom_sorter_new (compare_items, &self->data[i], NULL));
      self->columns[i] = gtk_column_view_column_new (_(delta_columns[i].title), g_object_ref (self->factories[i]));
      gtk_column_view_column_set_sorter (self->columns[i], self->sorters[i]);
      gtk_column_view_column_set_resizable (self->columns[i], TRUE);
      gtk_column_view_column_set_fixed_width (self->columns[i], 100);
      gtk_column_view_column_set_visible (self->columns[i], FALSE);
      gtk_column_view_append_column (view, self->columns[i]);
    }

  self->changed_only = gtk_toggle_button_new_with_mnemonic (_("C_hanged Only"));
  gtk_widget_set_tooltip_text (self->changed_only, _("Show only the regions added, grown, shrunk or changed since the baseline"));
  gtk_widget_set_visible (self->changed_only, FALSE);
  gtk_widget_insert_before (self->changed_only, gtk_widget_get_parent (before), before);
  g_signal_connect_swapped (self->changed_only, "toggled", G_CALLBACK (on_changed_only), self);
  return self;
}

void
_ms_region_table_compare_free (MsRegionTableCompare *self)
{
  if (self == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->changed_only, self);
  for (guint i = 0; i < N_DELTAS; i++)
    {
      g_clear_object (&self->columns[i]);
      g_clear_object (&self->factories[i]);
      g_clear_object (&self->sorters[i]);
    }
  g_clear_pointer (&self->compare, ms_compare_unref);
  g_free (self);
}

void
_ms_region_table_compare_set (MsRegionTableCompare *self,
                              MsCompare            *compare)
{
  gboolean was = self->compare != NULL;

  if (self->compare == compare)
    return;
  g_clear_pointer (&self->compare, ms_compare_unref);
  if (compare != NULL)
    self->compare = ms_compare_ref (compare);

  for (guint i = 0; i < N_DELTAS; i++)
    {
      gtk_column_view_column_set_visible (self->columns[i], compare != NULL);
      /* Cells bound before show the comparison before: bound again. */
      gtk_column_view_column_set_factory (self->columns[i], NULL);
      gtk_column_view_column_set_factory (self->columns[i], self->factories[i]);
      gtk_sorter_changed (self->sorters[i], GTK_SORTER_CHANGE_DIFFERENT);
    }
  gtk_widget_set_visible (self->changed_only, compare != NULL);
  if (compare == NULL && was)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->changed_only), FALSE);
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->changed_only)))
    on_changed_only (self);
}

gboolean
_ms_region_table_compare_filters (MsRegionTableCompare *self)
{
  return self->compare != NULL && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->changed_only));
}

gboolean
_ms_region_table_compare_keeps (MsRegionTableCompare *self,
                                MsSnapshot           *snapshot,
                                const MsRegion       *region)
{
  const MsComparePair *pair;

  if (!_ms_region_table_compare_filters (self) || snapshot == NULL ||
      region < snapshot->regions || region >= snapshot->regions + snapshot->n_regions)
    return TRUE;
  pair = pair_of (self, snapshot, (guint) (region - snapshot->regions));
  return pair == NULL || pair->change != MS_COMPARE_UNCHANGED;
}

GtkWidget *
_ms_region_table_compare_get_toggle (MsRegionTableCompare *self)
{
  return self->changed_only;
}

MsCompare *
_ms_region_table_compare_get (MsRegionTableCompare *self)
{
  return self != NULL ? self->compare : NULL;
}
