/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-object-table-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-cells.h"
#include "ms-export.h"
#include "ms-field.h"
#include "ms-format.h"
#include "ms-object-model.h"
#include "ms-region-item.h"
#include "ms-swatch.h"

/* The columns: those of the region table that add up, the same headings.
 * The kind is the swatch's colour, and said in words on a region's row. */
static const struct {
  MsFieldId   field;     /* its heading, or MS_N_FIELDS: the title below */
  const char *title;
  MsCellFlags flags;
  int         width;
  gboolean    counter;   /* none in a maps capture */
} columns[] = {
  [COLUMN_OBJECT]  = { MS_FIELD_OBJECT, NULL, MS_CELL_EXPANDER | MS_CELL_SWATCH | MS_CELL_ELLIPSIZE_END, 200, FALSE },
  [COLUMN_REGIONS] = { MS_N_FIELDS, N_("Regions"), MS_CELL_NUMERIC, 84, FALSE },
  [COLUMN_SIZE]    = { MS_FIELD_SIZE, NULL, MS_CELL_NUMERIC, 76, FALSE },
  [COLUMN_RSS]     = { MS_FIELD_RSS, NULL, MS_CELL_NUMERIC, 76, TRUE },
  [COLUMN_PSS]     = { MS_FIELD_PSS, NULL, MS_CELL_NUMERIC, 76, TRUE },
  [COLUMN_USS]     = { MS_FIELD_USS, NULL, MS_CELL_NUMERIC, 76, TRUE },
  [COLUMN_SWAP]    = { MS_FIELD_SWAP, NULL, MS_CELL_NUMERIC, 76, TRUE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (columns) == N_COLUMNS);

G_DEFINE_FINAL_TYPE (MsObjectTable, ms_object_table, GTK_TYPE_WIDGET)

GtkWidget *
ms_object_table_new (void)
{
  return g_object_new (MS_TYPE_OBJECT_TABLE, NULL);
}

/* --- what a row shows ----------------------------------------------------- */

static guint64
item_value (Column   column,
            GObject *item)
{
  if (MS_IS_OBJECT_ITEM (item))
    {
      const MsObjectGroup *g = ms_object_item_get_group (MS_OBJECT_ITEM (item));

      switch (column)
        {
        case COLUMN_REGIONS: return g->regions;
        case COLUMN_SIZE: return g->size;
        case COLUMN_RSS: return g->rss;
        case COLUMN_PSS: return g->pss;
        case COLUMN_USS: return g->uss;
        case COLUMN_SWAP: return g->swap;
        case COLUMN_OBJECT:
        case N_COLUMNS:
        default: return 0;
        }
    }
  else
    {
      const MsRegion *r = ms_region_item_get_region (MS_REGION_ITEM (item));

      switch (column)
        {
        case COLUMN_OBJECT: return r->start;
        case COLUMN_REGIONS: return 1;
        case COLUMN_SIZE: return ms_region_get_size (r);
        case COLUMN_RSS: return r->counters.rss;
        case COLUMN_PSS: return r->counters.pss;
        case COLUMN_USS: return ms_region_get_uss (r);
        case COLUMN_SWAP: return r->counters.swap;
        case N_COLUMNS:
        default: return 0;
        }
    }
}

static MsKind
item_kind (GObject *item)
{
  if (MS_IS_OBJECT_ITEM (item))
    return ms_object_item_get_group (MS_OBJECT_ITEM (item))->kind;
  return (MsKind) ms_region_item_get_region (MS_REGION_ITEM (item))->kind;
}

/* An owner's name as the region table's Object column shows it (a file by
 * its base name), or what its regions are when they have none. */
static char *
object_name (const MsObjectGroup *group)
{
  if (group->object == NULL)
    /* TRANSLATORS: the row of the regions of one kind that have no owner,
     * "Anonymous mapping (no owner)" */
    return g_strdup_printf (_("%s (no owner)"), ms_kind_get_label (group->kind));
  return group->object[0] == '/' ? g_path_get_basename (group->object) : g_strdup (group->object);
}

static void
update_cell (GtkLabel  *label,
             GtkWidget *swatch,
             GObject   *item,
             gpointer   user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  gboolean is_object = MS_IS_OBJECT_ITEM (item);
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_OBJECT:
      if (is_object)
        {
          text = object_name (ms_object_item_get_group (MS_OBJECT_ITEM (item)));
          gtk_widget_remove_css_class (GTK_WIDGET (label), "numeric");
        }
      else
        {
          char address[20];

          /* a region under its owner: where it starts, and its kind */
          ms_format_address (ms_region_item_get_region (MS_REGION_ITEM (item))->start, address);
          /* TRANSLATORS: a region's row under its owner: its start address and its kind,
           * "7f3a2c001000 · Text" */
          text = g_strdup_printf (_("%s · %s"), address, ms_kind_get_label (item_kind (item)));
          gtk_widget_add_css_class (GTK_WIDGET (label), "numeric");
        }
      break;
    case COLUMN_REGIONS:
      text = is_object ? ms_format_count (item_value (column, item)) : g_strdup ("");
      break;
    case COLUMN_SIZE:
    case COLUMN_RSS:
    case COLUMN_PSS:
    case COLUMN_USS:
    case COLUMN_SWAP:
    case N_COLUMNS:
    default:
      {
        guint64 bytes = item_value (column, item);

        /* as the region table: a counter of nothing is plainly 0 */
        text = bytes == 0 && columns[column].counter ? g_strdup ("0") : ms_format_size (bytes);
      }
      break;
    }

  if (swatch != NULL)
    ms_swatch_set_kind (MS_SWATCH (swatch), item_kind (item));
  ms_label_set_text (label, text);
}

static char *
cell_tooltip (GObject  *item,
              gpointer  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);

  switch (column)
    {
    case COLUMN_OBJECT:
      if (MS_IS_OBJECT_ITEM (item))
        {
          const MsObjectGroup *group = ms_object_item_get_group (MS_OBJECT_ITEM (item));

          return group->object != NULL ? g_strdup (group->object)
                                       : g_strdup (ms_kind_get_description (group->kind));
        }
      else
        {
          const MsRegion *r = ms_region_item_get_region (MS_REGION_ITEM (item));

          return r->path != NULL ? g_strdup (r->path) : g_strdup (ms_kind_get_description (item_kind (item)));
        }
    case COLUMN_REGIONS:
      return NULL;
    case COLUMN_SIZE:
    case COLUMN_RSS:
    case COLUMN_PSS:
    case COLUMN_USS:
    case COLUMN_SWAP:
    case N_COLUMNS:
    default:
      return ms_format_size_tooltip (item_value (column, item));
    }
}

/* Siblings only (GtkTreeListRowSorter keeps each region under its owner):
 * two owners, or two regions. */
static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  guint64 va, vb;

  if (column == COLUMN_OBJECT && MS_IS_OBJECT_ITEM ((gpointer) a) && MS_IS_OBJECT_ITEM ((gpointer) b))
    {
      g_autofree char *na = object_name (ms_object_item_get_group ((MsObjectItem *) a));
      g_autofree char *nb = object_name (ms_object_item_get_group ((MsObjectItem *) b));
      int order = g_strcmp0 (na, nb);

      if (order != 0)
        return order;
    }

  va = item_value (column, (GObject *) a);
  vb = item_value (column, (GObject *) b);
  return (va > vb) - (va < vb);
}

/* --- the rows --------------------------------------------------------------- */

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  if (!MS_IS_OBJECT_ITEM (item))
    return NULL;
  return g_object_ref (ms_object_item_get_children (MS_OBJECT_ITEM (item)));
}

static gboolean
contains (const char *haystack,
          const char *needle)
{
  return haystack != NULL && strcasestr (haystack, needle) != NULL;
}

static gboolean
filter_object (gpointer item,
               gpointer user_data)
{
  MsObjectTable *self = user_data;
  const MsObjectGroup *group = ms_object_item_get_group (item);
  g_autofree char *name = NULL;

  if (self->search[0] == '\0' || self->kind_matches[group->kind] || contains (group->object, self->search))
    return TRUE;
  name = object_name (group);
  return contains (name, self->search);
}

void
ms_object_table_set_search (MsObjectTable *self,
                            const char    *text)
{
  g_return_if_fail (MS_IS_OBJECT_TABLE (self));

  g_free (self->search);
  self->search = g_strstrip (g_strdup (text != NULL ? text : ""));
  for (guint kind = 0; kind < MS_N_KINDS; kind++)
    self->kind_matches[kind] = self->search[0] != '\0' &&
                               (contains (ms_kind_to_id ((MsKind) kind), self->search) ||
                                contains (ms_kind_get_label ((MsKind) kind), self->search));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

guint
ms_object_table_get_n_shown (MsObjectTable *self)
{
  g_return_val_if_fail (MS_IS_OBJECT_TABLE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

guint
ms_object_table_get_n_objects (MsObjectTable *self)
{
  g_return_val_if_fail (MS_IS_OBJECT_TABLE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->model));
}

GObject *
_ms_object_table_row_item (MsObjectTable *self,
          guint          position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  return row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
}

/* The region a row stands for: its own, or its owner's first. */
static const MsRegion *
row_region (MsObjectTable *self,
            guint          position)
{
  g_autoptr(GObject) item = _ms_object_table_row_item (self, position);

  if (item == NULL)
    return NULL;
  if (MS_IS_OBJECT_ITEM (item))
    {
      MsObjectItem *object = MS_OBJECT_ITEM (item);

      return &ms_object_item_get_snapshot (object)->regions[ms_object_item_get_region_index (object, 0)];
    }
  return ms_region_item_get_region (MS_REGION_ITEM (item));
}

static void
scroll_to_position (MsObjectTable *self,
                    guint          position)
{
  /* GtkColumnView (4.8) has no scroll_to; its list view has the action. */
  GtkWidget *list_view = gtk_widget_get_last_child (GTK_WIDGET (self->column_view));

  if (position != GTK_INVALID_LIST_POSITION && list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
}

/* --- the session's selection ------------------------------------------------ */

static void
on_selection_changed (MsObjectTable *self,
                      guint          position,
                      guint          n_items)
{
  g_autoptr(GtkBitset) chosen = NULL;
  const MsRegion *region;
  guint primary;

  if (self->choosing || self->session == NULL)
    return;

  chosen = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (chosen))
    return;
  /* the row just chosen (a click, Ctrl+click), else the first */
  primary = n_items == 1 && gtk_bitset_contains (chosen, position) ? position : gtk_bitset_get_minimum (chosen);
  region = row_region (self, primary);
  if (region == NULL)
    return;

  self->choosing = TRUE;
  ms_session_set_selected_address (self->session, region->start);
  self->choosing = FALSE;
}

/* The row of region @index: its own when its owner is expanded, else its
 * owner's; GTK_INVALID_LIST_POSITION when its owner is filtered out. */
static guint
find_row (MsObjectTable *self,
          int            index)
{
  GListModel *rows = G_LIST_MODEL (self->sorted);
  g_autoptr(MsObjectItem) owner = NULL;
  guint at;

  if (index < 0 || (at = ms_object_model_find_region (self->model, (guint) index)) == G_MAXUINT)
    return GTK_INVALID_LIST_POSITION;
  owner = g_list_model_get_item (G_LIST_MODEL (self->model), at);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (item != (GObject *) owner)
        continue;
      if (!gtk_tree_list_row_get_expanded (row))
        return i;
      for (guint j = i + 1; j < g_list_model_get_n_items (rows); j++)
        {
          g_autoptr(GtkTreeListRow) child = g_list_model_get_item (rows, j);
          g_autoptr(GObject) child_item = NULL;

          if (gtk_tree_list_row_get_depth (child) == 0)
            break;
          child_item = gtk_tree_list_row_get_item (child);
          if (MS_IS_REGION_ITEM (child_item) && ms_region_item_get_index (MS_REGION_ITEM (child_item)) == (guint) index)
            return j;
        }
      return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* Chosen elsewhere (the strip, the other view): its row here. */
static void
on_session_selected (MsObjectTable *self)
{
  int index;
  guint position;
  g_autoptr(GtkBitset) chosen = NULL;

  if (self->choosing || self->session == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (ms_object_model_get_snapshot (self->model) != ms_session_get_snapshot (self->session))
    return;

  index = ms_session_get_selected_index (self->session);
  position = find_row (self, index);
  chosen = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  /* already chosen here (it is this row's region, or one of its owner's) */
  if (position != GTK_INVALID_LIST_POSITION && gtk_bitset_contains (chosen, position))
    return;

  self->choosing = TRUE;
  if (position == GTK_INVALID_LIST_POSITION)
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  else
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  self->choosing = FALSE;
  scroll_to_position (self, position);
}

/* --- following the snapshot --------------------------------------------------- */

static gboolean
sorted_by_column (MsObjectTable *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);

  return sorter != NULL && gtk_sorter_get_order (sorter) != GTK_SORTER_ORDER_NONE;
}

static void
show_snapshot (MsObjectTable *self,
               MsSnapshot    *snapshot)
{
  gboolean counters = snapshot == NULL || snapshot->has_counters;

  if (ms_object_model_get_snapshot (self->model) == snapshot)
    return;

  ms_object_model_set_snapshot (self->model, snapshot);
  for (guint i = 0; i < N_COLUMNS; i++)
    if (columns[i].counter)
      gtk_column_view_column_set_visible (self->view_columns[i], counters);

  /* The owners stay (their rows expanded and chosen); their sums changed in
   * place, which a sorted view places again. */
  if (sorted_by_column (self))
    gtk_sorter_changed (GTK_SORTER (self->row_sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

/* Shown (or the session read again while shown): the latest snapshot. */
static void
follow_snapshot (MsObjectTable *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  show_snapshot (self, self->session != NULL ? ms_session_get_snapshot (self->session) : self->snapshot);
  on_session_selected (self);
}

void
ms_object_table_set_session (MsObjectTable *self,
                             MsSession     *session)
{
  g_return_if_fail (MS_IS_OBJECT_TABLE (self));
  g_return_if_fail (session == NULL || MS_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  g_clear_pointer (&self->snapshot, ms_snapshot_unref);
  g_signal_group_set_target (self->session_signals, session);
  /* another process: none of these rows */
  show_snapshot (self, NULL);
  follow_snapshot (self);
}

void
ms_object_table_set_snapshot (MsObjectTable *self,
                              MsSnapshot    *snapshot)
{
  g_return_if_fail (MS_IS_OBJECT_TABLE (self));
  g_return_if_fail (self->session == NULL);

  if (snapshot != NULL)
    ms_snapshot_ref (snapshot);
  g_clear_pointer (&self->snapshot, ms_snapshot_unref);
  self->snapshot = snapshot;
  follow_snapshot (self);
}

GtkSelectionModel *
_ms_object_table_get_selection (MsObjectTable *self)
{
  return GTK_SELECTION_MODEL (self->selection);
}

GtkColumnView *
_ms_object_table_get_column_view (MsObjectTable *self)
{
  return self->column_view;
}

GtkPopover *
_ms_object_table_get_context_menu (MsObjectTable *self)
{
  return GTK_POPOVER (self->context_menu);
}

/* --- widths -------------------------------------------------------------------- */

/* Wide enough for its heading in bold with the sort arrow (a translation
 * may be longer than the English). */
static int
column_width (GtkWidget  *measure,
              const char *title,
              int         least)
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

/* The owner's column takes the width the others leave (GtkColumnView 4.8
 * gives an expanding column none), so that the sums stay in sight. */
static gboolean
fit_object_column (gpointer data)
{
  MsObjectTable *self = data;
  int others = 0;

  self->fit_source = 0;
  for (guint i = 0; i < N_COLUMNS; i++)
    if (i != COLUMN_OBJECT && gtk_column_view_column_get_visible (self->view_columns[i]))
      others += gtk_column_view_column_get_fixed_width (self->view_columns[i]);
  gtk_column_view_column_set_fixed_width (self->view_columns[COLUMN_OBJECT],
                                          MAX (columns[COLUMN_OBJECT].width,
                                               (int) gtk_adjustment_get_page_size (self->hadjustment) - others));
  return G_SOURCE_REMOVE;
}

static void
fit_object_column_later (MsObjectTable *self)
{
  if (self->fit_source == 0)
    self->fit_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, fit_object_column, self, NULL);
}

/* --- GObject ------------------------------------------------------------------ */

static void
ms_object_table_dispose (GObject *object)
{
  MsObjectTable *self = MS_OBJECT_TABLE (object);
  GtkWidget *child;

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_handle_id (&self->fit_source, g_source_remove);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  g_clear_object (&self->hadjustment);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_pointer (&self->snapshot, ms_snapshot_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->row_sorter);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->model);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (ms_object_table_parent_class)->dispose (object);
}

static void
ms_object_table_class_init (MsObjectTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_object_table_dispose;

  _ms_object_table_class_init_actions (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "objecttable");
}


static void
ms_object_table_init (MsObjectTable *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkTreeListModel *tree;
  GtkSorter *view_sorter;

  self->search = g_strdup ("");

  self->column_view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  gtk_column_view_set_reorderable (self->column_view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->column_view), "data-table");
  gtk_widget_add_css_class (GTK_WIDGET (self->column_view), "region-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Memory by object"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->column_view));
  gtk_widget_set_parent (scrolled, GTK_WIDGET (self));

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      const char *title = columns[i].field < MS_N_FIELDS ? ms_field_get_title (ms_field_get (columns[i].field))
                                                          : _(columns[i].title);
      g_autoptr(GtkListItemFactory) factory = ms_cell_factory_new (columns[i].flags, update_cell, cell_tooltip,
                                                                   GINT_TO_POINTER (i));
      g_autoptr(GtkCustomSorter) sorter = gtk_custom_sorter_new (compare_items, GINT_TO_POINTER (i), NULL);
      GtkColumnViewColumn *column = gtk_column_view_column_new (title, g_steal_pointer (&factory));

      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, column_width (GTK_WIDGET (self->column_view), title,
                                                                    columns[i].width));
      gtk_column_view_append_column (self->column_view, column);
      self->view_columns[i] = column;
      g_object_unref (column);
    }

  self->hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->column_view));
  if (self->hadjustment != NULL)
    {
      g_object_ref (self->hadjustment);
      g_signal_connect_swapped (self->hadjustment, "notify::page-size", G_CALLBACK (fit_object_column_later), self);
    }

  self->model = ms_object_model_new ();
  self->filter = gtk_custom_filter_new (filter_object, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->model)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)), FALSE, FALSE,
                                  create_children, NULL, NULL);
  view_sorter = gtk_column_view_get_sorter (self->column_view);
  self->row_sorter = gtk_tree_list_row_sorter_new (view_sorter != NULL ? g_object_ref (view_sorter) : NULL);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (tree), g_object_ref (GTK_SORTER (self->row_sorter)));
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);

  self->session_signals = g_signal_group_new (MS_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::snapshot", G_CALLBACK (follow_snapshot), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::selected-address",
                                  G_CALLBACK (on_session_selected), self);
  g_signal_connect (self, "map", G_CALLBACK (follow_snapshot), NULL);

  _ms_object_table_init_actions (self);
}
