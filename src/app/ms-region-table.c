/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-region-table-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-cells.h"
#include "ms-format.h"
#include "ms-object-table-private.h"
#include "ms-region-columns-private.h"
#include "ms-region-item.h"
#include "ms-region-model.h"
#include "ms-settings.h"
#include "ms-swatch.h"


struct _MsRegionTable
{
  GtkWidget           parent_instance;

  GtkSearchEntry     *search_entry;
  GtkLabel           *count_label;
  GtkColumnView      *column_view;
  GtkStack           *stack;
  GtkWidget          *selection_bar;
  GtkLabel           *selection_label;
  GtkWidget          *context_menu;
  MsObjectTable      *object_table;   /* the view "By object" */
  GSettings          *settings;

  MsRegionModel      *model;          /* the session's regions, or own_model */
  MsRegionModel      *own_model;      /* without a session (a snapshot given) */
  MsSession          *session;
  GSignalGroup       *session_signals;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel   *sorted;
  GtkMultiSelection  *selection;
  MsRegionColumns    *columns;
  MsRegionTableCompare *compare;      /* the deltas since a baseline */

  char               *search;         /* stripped; "" for none */
  gboolean            kind_matches[MS_N_KINDS];
  guint64             search_address;
  gboolean            search_is_address;

  guint              *positions;      /* region index → row, when valid */
  guint               n_positions;
  gboolean            positions_valid;

  MsRegionItem       *hovered;
  int                 selected_index; /* the primary row's region: the session's */
  guint64             primary_start;  /* and its address, which a refresh keeps */
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SELECTED_INDEX,
  PROP_COMPARE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsRegionTable, ms_region_table, GTK_TYPE_WIDGET)

GtkWidget *
ms_region_table_new (void)
{
  return g_object_new (MS_TYPE_REGION_TABLE, NULL);
}

/* --- filtering ------------------------------------------------------------ */

static gboolean
parse_address (const char *text,
               guint64    *address)
{
  const char *digits = text;

  if (g_ascii_strncasecmp (digits, "0x", 2) == 0)
    digits += 2;
  if (*digits == '\0' || strlen (digits) > 16)
    return FALSE;
  for (const char *p = digits; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;

  *address = g_ascii_strtoull (digits, NULL, 16);
  return TRUE;
}

static gboolean
contains (const char *haystack,
          const char *needle)
{
  return haystack != NULL && strcasestr (haystack, needle) != NULL;
}

static gboolean
region_matches (MsRegionTable  *self,
                const MsRegion *region)
{
  char address[20];

  if (self->compare != NULL &&
      !_ms_region_table_compare_keeps (self->compare, ms_region_model_get_snapshot (self->model), region))
    return FALSE;
  if (self->search[0] == '\0')
    return TRUE;

  if ((region->kind < MS_N_KINDS && self->kind_matches[region->kind]) ||
      contains (region->path, self->search) ||
      contains (region->object, self->search))
    return TRUE;

  if (self->search_is_address)
    {
      if (self->search_address >= region->start && self->search_address < region->end)
        return TRUE;
      ms_format_address (region->start, address);
      if (contains (address, self->search[0] == '0' && (self->search[1] == 'x' || self->search[1] == 'X')
                             ? self->search + 2 : self->search))
        return TRUE;
    }

  return FALSE;
}

static gboolean
filter_region (gpointer object,
               gpointer user_data)
{
  return region_matches (user_data, ms_region_item_get_region (object));
}

static gboolean
objects_shown (MsRegionTable *self)
{
  return self->settings != NULL &&
         g_settings_get_enum (self->settings, "region-table-view") == 1;
}

/* "345 regions", "12 of 345 regions"; By object, "40 objects". */
static void
update_count (MsRegionTable *self)
{
  MsSnapshot *snapshot = ms_region_model_get_snapshot (self->model);
  gboolean objects = objects_shown (self);
  guint total = objects ? ms_object_table_get_n_objects (self->object_table)
                        : snapshot != NULL ? snapshot->n_regions : 0;
  guint shown = objects ? ms_object_table_get_n_shown (self->object_table)
                        : g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *total_text = ms_format_count (total);
  g_autofree char *shown_text = ms_format_count (shown);
  g_autofree char *text = NULL;

  if (objects && shown == total)
    /* TRANSLATORS: owners of memory (libraries, threads, arenas…), in the table By object */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s object", "%s objects", total), total_text);
  else if (objects)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s object", "%s of %s objects", total),
                            shown_text, total_text);
  else if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s region", "%s regions", total), total_text);
  else
    /* TRANSLATORS: "12 of 345 regions" match the filter */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s region", "%s of %s regions", total),
                            shown_text, total_text);
  ms_label_set_text (self->count_label, text);

  gtk_stack_set_visible_child_name (self->stack, shown == 0 && total > 0 ? "empty" : objects ? "objects" : "table");
}

/* Regions whose figures changed in place need announcing (a costly signal
 * on a large process) only to a view that sorts or filters them. */
static void
update_announce (MsRegionTable *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  gboolean sorted = sorter != NULL && gtk_sorter_get_order (sorter) != GTK_SORTER_ORDER_NONE;

  ms_region_model_set_announce_updates (self->model, sorted || self->search[0] != '\0' ||
                                                    (self->compare != NULL &&
                                                     _ms_region_table_compare_filters (self->compare)));
}

/* Rows are dropped by the search, or by "Changed Only". */
static gboolean
is_filtering (MsRegionTable *self)
{
  return self->search[0] != '\0' || (self->compare != NULL && _ms_region_table_compare_filters (self->compare));
}

static void
update_filter (MsRegionTable *self)
{
  /* No filter at all while nothing filters: GtkFilterListModel (4.8) then
   * hands rows straight through, where a filter matching everything would
   * cost a bitset lookup per row. */
  if (!is_filtering (self))
    gtk_filter_list_model_set_filter (self->filtered, NULL);
  else if (gtk_filter_list_model_get_filter (self->filtered) == NULL)
    gtk_filter_list_model_set_filter (self->filtered, GTK_FILTER (self->filter));
  else
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  self->positions_valid = FALSE;
  update_announce (self);
  update_count (self);
}

static void
on_search_changed (MsRegionTable  *self,
                   GtkSearchEntry *entry)
{
  g_free (self->search);
  self->search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  self->search_is_address = parse_address (self->search, &self->search_address);
  /* Kinds are matched once per search, not once per region. */
  for (guint kind = 0; kind < MS_N_KINDS; kind++)
    self->kind_matches[kind] = self->search[0] != '\0' &&
                               (contains (ms_kind_to_id ((MsKind) kind), self->search) ||
                                contains (ms_kind_get_label ((MsKind) kind), self->search));

  /* (the By object view filters its owners by the same text) */
  ms_object_table_set_search (self->object_table, self->search);
  update_filter (self);
}

static void
on_stop_search (MsRegionTable  *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

void
ms_region_table_focus_search (MsRegionTable *self)
{
  g_return_if_fail (MS_IS_REGION_TABLE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* --- positions and selection ---------------------------------------------- */

static void
on_rows_changed (MsRegionTable *self)
{
  self->positions_valid = FALSE;
}

guint
ms_region_table_get_position (MsRegionTable *self,
                              int            index)
{
  g_return_val_if_fail (MS_IS_REGION_TABLE (self), GTK_INVALID_LIST_POSITION);

  if (index < 0 || (guint) index >= g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    return GTK_INVALID_LIST_POSITION;

  if (!self->positions_valid)
    {
      GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
      MsSnapshot *snapshot = ms_region_model_get_snapshot (self->model);
      guint shown = 0;

      self->n_positions = g_list_model_get_n_items (G_LIST_MODEL (self->model));
      self->positions = g_renew (guint, self->positions, MAX (self->n_positions, 1));
      memset (self->positions, 0xff, sizeof (guint) * self->n_positions);

      if (sorter == NULL || gtk_sorter_get_order (sorter) == GTK_SORTER_ORDER_NONE)
        {
          /* In address order the rows are the regions, less those the
           * filter drops: no item need be made (asking for every row made
           * all 65 000 of them, which every refresh then had to renumber). */
          for (guint i = 0; i < self->n_positions; i++)
            if (region_matches (self, &snapshot->regions[i]))
              self->positions[i] = shown++;
        }
      else
        {
          /* Walk the sorted rows (the sort has made their items already)
           * and count those the filter keeps, rather than asking the filter
           * model for each row (slow in GTK 4.8). */
          GListModel *rows = G_LIST_MODEL (self->sorted);
          guint n_rows = g_list_model_get_n_items (rows);

          for (guint i = 0; i < n_rows; i++)
            {
              g_autoptr(MsRegionItem) item = g_list_model_get_item (rows, i);
              guint region = ms_region_item_get_index (item);

              if (region < self->n_positions && filter_region (item, self))
                self->positions[region] = shown++;
            }
        }
      self->positions_valid = TRUE;
    }

  return self->positions[index];
}

static void
scroll_to_position (MsRegionTable *self,
                    guint          position)
{
  /* GtkColumnView (4.8) has no scroll_to; its list view has the action. */
  GtkWidget *list_view = gtk_widget_get_last_child (GTK_WIDGET (self->column_view));

  if (position != GTK_INVALID_LIST_POSITION && list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
}

/* The region of the row at @position as shown. */
static const MsRegion *
region_at (MsRegionTable *self,
           guint          position)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  MsSnapshot *snapshot = ms_region_model_get_snapshot (self->model);
  g_autoptr(MsRegionItem) item = NULL;

  /* In address order and unfiltered, row i is region i: no item need be
   * made (choosing all 65 000 rows would make them all). */
  if (snapshot != NULL && !is_filtering (self) &&
      (sorter == NULL || gtk_sorter_get_order (sorter) == GTK_SORTER_ORDER_NONE))
    return position < snapshot->n_regions ? &snapshot->regions[position] : NULL;

  item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
  return item != NULL ? ms_region_item_get_region (item) : NULL;
}

static int
index_at (MsRegionTable *self,
          guint          position)
{
  g_autoptr(MsRegionItem) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  return item != NULL ? (int) ms_region_item_get_index (item) : -1;
}

/* The region at @index as the primary row: the session's selected region
 * (the strip's), whichever other rows are selected with it. */
static void
set_primary (MsRegionTable *self,
             int            index)
{
  MsSnapshot *snapshot = ms_region_model_get_snapshot (self->model);
  gboolean changed = index != self->selected_index;

  /* first, so that the session, saying it changed, finds it so here */
  self->selected_index = index;
  self->primary_start = snapshot != NULL && index >= 0 && (guint) index < snapshot->n_regions
                        ? snapshot->regions[index].start : MS_NO_ADDRESS;
  if (self->primary_start != MS_NO_ADDRESS && self->session != NULL)
    ms_session_set_selected_address (self->session, self->primary_start);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_INDEX]);
}

static void update_for_selection (MsRegionTable *self);

/* The rows chosen here: the primary is the only one, or the one just added
 * (Ctrl+click), or stays while it is still chosen, or is the first of
 * those just chosen (Shift+click). None chosen leaves the session's alone. */
static void
on_selection_changed (MsRegionTable *self,
                      guint          position,
                      guint          n_items)
{
  g_autoptr(GtkBitset) chosen = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint64 n = gtk_bitset_get_size (chosen);
  int primary = -1;

  if (n == 1 || (n > 1 && n_items == 1 && gtk_bitset_contains (chosen, position)))
    primary = index_at (self, n == 1 ? gtk_bitset_get_minimum (chosen) : position);
  else if (n > 1)
    {
      guint at = ms_region_table_get_position (self, self->selected_index);

      if (at != GTK_INVALID_LIST_POSITION && gtk_bitset_contains (chosen, at))
        primary = self->selected_index;
      else
        {
          g_autoptr(GtkBitset) changed = gtk_bitset_new_range (position, n_items);

          gtk_bitset_intersect (changed, chosen);
          primary = index_at (self, gtk_bitset_is_empty (changed) ? gtk_bitset_get_minimum (chosen)
                                                                  : gtk_bitset_get_minimum (changed));
        }
    }

  set_primary (self, primary);
  update_for_selection (self);
}

/* Rows came or went (a refresh, a new order): the primary's index, where
 * its region is now; if it is gone, the first row chosen. */
static void
on_selection_items_changed (MsRegionTable *self)
{
  g_autoptr(GtkBitset) chosen = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  MsSnapshot *snapshot = ms_region_model_get_snapshot (self->model);
  int primary = -1;

  if (gtk_bitset_get_size (chosen) > 1 && snapshot != NULL && self->primary_start != MS_NO_ADDRESS)
    primary = ms_snapshot_find_start (snapshot, self->primary_start);
  if (primary < 0 && !gtk_bitset_is_empty (chosen))
    primary = index_at (self, gtk_bitset_get_minimum (chosen));

  set_primary (self, primary);
  update_for_selection (self);
}

int
ms_region_table_get_selected_index (MsRegionTable *self)
{
  g_return_val_if_fail (MS_IS_REGION_TABLE (self), -1);

  return self->selected_index;
}

/* Region @index's row alone chosen, and in view (-1: none chosen). */
static void
select_row (MsRegionTable *self,
            int            index)
{
  guint position = ms_region_table_get_position (self, index);
  MsSnapshot *snapshot = ms_region_model_get_snapshot (self->model);

  self->selected_index = index;
  self->primary_start = snapshot != NULL && index >= 0 && (guint) index < snapshot->n_regions
                        ? snapshot->regions[index].start : MS_NO_ADDRESS;
  if (position == GTK_INVALID_LIST_POSITION)
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  else
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  scroll_to_position (self, position);
}

void
ms_region_table_select_index (MsRegionTable *self,
                              int            index)
{
  MsSnapshot *snapshot;

  g_return_if_fail (MS_IS_REGION_TABLE (self));

  /* Through the session, so that the strip follows. */
  snapshot = ms_region_model_get_snapshot (self->model);
  if (self->session != NULL)
    ms_session_set_selected_address (self->session,
                                     snapshot != NULL && index >= 0 && (guint) index < snapshot->n_regions
                                     ? snapshot->regions[index].start : MS_NO_ADDRESS);
  select_row (self, index);
}

GtkSelectionModel *
ms_region_table_get_selection (MsRegionTable *self)
{
  g_return_val_if_fail (MS_IS_REGION_TABLE (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

GPtrArray *
_ms_region_table_get_chosen (MsRegionTable *self)
{
  g_autoptr(GtkBitset) chosen = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GPtrArray *regions = g_ptr_array_sized_new ((guint) gtk_bitset_get_size (chosen));
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, chosen, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      const MsRegion *region = region_at (self, position);

      if (region != NULL)
        g_ptr_array_add (regions, (gpointer) region);
    }
  return regions;
}

/* "3 regions selected · Size 12.4 MiB · RSS 3.0 MiB · PSS 1.1 MiB": the sums of the
 * summed columns shown, in their order, under the table while several rows
 * are chosen. */
static void
update_selection_sum (MsRegionTable *self,
                      GPtrArray     *regions)
{
  MsFieldId fields[MS_N_FIELDS];
  guint n_fields = _ms_region_columns_get_shown (self->columns, FALSE, fields);
  g_autofree char *count = NULL;
  MsTotals totals = { 0 };
  GString *text;

  if (objects_shown (self))
    {
      g_autofree char *sums = _ms_object_table_dup_selection_text (self->object_table);

      gtk_widget_set_visible (self->selection_bar, sums != NULL);
      if (sums != NULL)
        ms_label_set_text (self->selection_label, sums);
      return;
    }

  gtk_widget_set_visible (self->selection_bar, regions->len > 1);
  if (regions->len <= 1)
    return;

  for (guint i = 0; i < regions->len; i++)
    ms_totals_add_region (&totals, g_ptr_array_index (regions, i));

  count = ms_format_count (totals.count);
  text = g_string_new (NULL);
  /* TRANSLATORS: how many rows of the region table are selected */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s region selected", "%s regions selected",
                                             totals.count), count);
  for (guint i = 0; i < n_fields; i++)
    {
      const MsField *field = ms_field_get (fields[i]);
      g_autofree char *size = NULL;

      if (!(field->flags & MS_FIELD_SUMMED))
        continue;
      size = ms_format_size (ms_field_get_total (field, &totals));
      /* TRANSLATORS: a column's sum over the selected regions, "RSS 12.4 MiB",
       * after the number selected and " · " */
      g_string_append (text, " · ");
      g_string_append_printf (text, C_("column sum", "%s %s"), ms_field_get_title (field), size);
    }

  ms_label_set_text (self->selection_label, text->str);
  g_string_free (text, TRUE);
}

const char *
_ms_region_table_get_selection_text (MsRegionTable *self)
{
  return gtk_widget_get_visible (self->selection_bar) ? gtk_label_get_text (self->selection_label) : NULL;
}

GtkColumnView *
_ms_region_table_get_column_view (MsRegionTable *self)
{
  return self->column_view;
}

GtkPopover *
_ms_region_table_get_context_menu (MsRegionTable *self)
{
  return GTK_POPOVER (self->context_menu);
}

MsRegionColumns *
_ms_region_table_get_columns (MsRegionTable *self)
{
  return self->columns;
}

/* What follows the rows chosen: their sum, and what may be copied. */
static void
update_for_selection (MsRegionTable *self)
{
  g_autoptr(GPtrArray) regions = _ms_region_table_get_chosen (self);

  update_selection_sum (self, regions);
  _ms_region_table_update_copy_actions (self, regions);
}

void
ms_region_table_set_hovered_index (MsRegionTable *self,
                                   int            index)
{
  g_autoptr(MsRegionItem) item = NULL;

  g_return_if_fail (MS_IS_REGION_TABLE (self));

  if (index >= 0)
    item = g_list_model_get_item (G_LIST_MODEL (self->model), (guint) index);

  if (item == self->hovered)
    return;

  if (self->hovered != NULL)
    ms_region_item_set_hovered (self->hovered, FALSE);
  g_set_object (&self->hovered, item);
  /* Marked, not scrolled to: crossing the strip to reach the table must not
   * move it. Only a selection brings its row into view. */
  if (item != NULL)
    ms_region_item_set_hovered (item, TRUE);
}

GListModel *
ms_region_table_get_model (MsRegionTable *self)
{
  g_return_val_if_fail (MS_IS_REGION_TABLE (self), NULL);

  return G_LIST_MODEL (self->filtered);
}

/* The model moved to another snapshot (it announced its rows already). */
static void
after_snapshot (MsRegionTable *self)
{
  MsSnapshot *snapshot = ms_region_model_get_snapshot (self->model);
  gboolean counters;

  /* A region that is gone must not stay marked. */
  if (self->hovered != NULL)
    ms_region_item_set_hovered (self->hovered, FALSE);
  g_clear_object (&self->hovered);
  self->positions_valid = FALSE;

  /* A captured maps file has no counters: no columns of zeros. */
  counters = snapshot == NULL || snapshot->has_counters;
  _ms_region_columns_set_has_counters (self->columns, counters);

  update_count (self);

  if (self->session != NULL)
    {
      int selected = ms_session_get_selected_index (self->session);

      /* The selected region's row, wherever it is now. */
      if (selected != self->selected_index)
        select_row (self, selected);
      ms_region_table_set_hovered_index (self, ms_session_get_hovered_index (self->session));
    }
  else
    {
      on_selection_items_changed (self);
    }
  /* the figures of the rows chosen may have changed */
  update_for_selection (self);
}

void
ms_region_table_set_snapshot (MsRegionTable *self,
                              MsSnapshot    *snapshot)
{
  g_return_if_fail (MS_IS_REGION_TABLE (self));
  g_return_if_fail (self->session == NULL);

  if (ms_region_model_get_snapshot (self->model) == snapshot)
    return;

  ms_region_model_set_snapshot (self->model, snapshot);
  ms_object_table_set_snapshot (self->object_table, snapshot);
  after_snapshot (self);
}

/* Chosen elsewhere (the strip): its row here too. */
static void
on_session_selected (MsRegionTable *self)
{
  int index = ms_session_get_selected_index (self->session);

  if (index != self->selected_index)
    select_row (self, index);
}

static void
on_session_hovered (MsRegionTable *self)
{
  ms_region_table_set_hovered_index (self, ms_session_get_hovered_index (self->session));
}

void
ms_region_table_set_session (MsRegionTable *self,
                             MsSession     *session)
{
  MsRegionModel *model;

  g_return_if_fail (MS_IS_REGION_TABLE (self));
  g_return_if_fail (session == NULL || MS_IS_SESSION (session));

  if (self->session == session)
    return;

  g_set_object (&self->session, session);
  /* the view By object first, so that its sums are the new ones when this
   * table follows the session */
  ms_object_table_set_session (self->object_table, session);
  if (session == NULL)
    ms_object_table_set_snapshot (self->object_table, NULL);
  g_signal_group_set_target (self->session_signals, session);

  /* The session's rows, kept in step through its diff; without one, none. */
  model = session != NULL ? ms_session_get_regions (session) : self->own_model;
  if (session == NULL)
    ms_region_model_set_snapshot (self->own_model, NULL);
  if (g_set_object (&self->model, model))
    gtk_sort_list_model_set_model (self->sorted, G_LIST_MODEL (model));
  update_announce (self);
  after_snapshot (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

MsSession *
ms_region_table_get_session (MsRegionTable *self)
{
  g_return_val_if_fail (MS_IS_REGION_TABLE (self), NULL);

  return self->session;
}

void
_ms_region_table_set_search (MsRegionTable *self,
                             const char    *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* The entry waits a moment before it says the text changed; do not. */
  g_signal_emit_by_name (self->search_entry, "search-changed");
}

void
_ms_region_table_sort_by (MsRegionTable *self,
                          const char    *title,
                          GtkSortType    order)
{
  GListModel *view_columns = gtk_column_view_get_columns (self->column_view);

  for (guint i = 0; i < g_list_model_get_n_items (view_columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        {
          gtk_column_view_sort_by_column (self->column_view, column, order);
          return;
        }
    }

  g_critical ("No column titled %s", title);
}

/* A new order: its first rows shown, where the list would keep the rows
 * chosen in view. (Setting the scroll position is not enough: right after
 * the rows moved, the list has not placed them, and goes back to the row
 * it follows; told to show row 0, it follows that.) */
static void
on_sort_changed (MsRegionTable *self)
{
  update_announce (self);
  scroll_to_position (self, 0);
}

/* The filter entry takes the keys typed in the table (its key capture), and
 * with them the keys its own text would take: Shift+F10 opened its menu,
 * Ctrl+C copied its (empty) selection. In the table, before the entry sees
 * them, they are the table's: its rows' menu, its copy. */
static gboolean
on_key_captured (MsRegionTable         *self,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 GtkEventControllerKey *controller)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *objects_view = GTK_WIDGET (_ms_object_table_get_column_view (self->object_table));
  GtkWidget *target;
  const char *action;

  if ((keyval == GDK_KEY_F10 && mods == GDK_SHIFT_MASK) || (keyval == GDK_KEY_Menu && mods == 0))
    action = "menu";
  else if ((keyval == GDK_KEY_c || keyval == GDK_KEY_C) && mods == GDK_CONTROL_MASK)
    action = "copy";
  else
    return GDK_EVENT_PROPAGATE;

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)))
    target = GTK_WIDGET (self);
  else if (focus != NULL && gtk_widget_is_ancestor (focus, objects_view))
    target = GTK_WIDGET (self->object_table);
  else
    return GDK_EVENT_PROPAGATE;

  {
    g_autofree char *name = g_strconcat (target == GTK_WIDGET (self) ? "regions." : "objects.", action, NULL);

    return gtk_widget_activate_action (target, name, NULL) ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
  }
}

/* Regions or By object: the table shown, where typing goes (the filter
 * applies to both), and what the count says. */
static void
on_view_changed (MsRegionTable *self)
{
  gboolean objects = objects_shown (self);
  GtkWidget *view = objects ? GTK_WIDGET (_ms_object_table_get_column_view (self->object_table))
                            : GTK_WIDGET (self->column_view);
  gboolean had_focus = gtk_widget_get_focus_child (GTK_WIDGET (self->stack)) != NULL;

  gtk_search_entry_set_key_capture_widget (self->search_entry, view);
  update_count (self);
  update_for_selection (self);
  if (had_focus)
    gtk_widget_grab_focus (view);
}

/* --- GObject -------------------------------------------------------------- */


static void
ms_region_table_dispose (GObject *object)
{
  MsRegionTable *self = MS_REGION_TABLE (object);
  GtkWidget *child;

  /* the column view, going, takes its columns away and sorts no more: not
   * a change of rows to follow */
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->object_table != NULL)
    g_signal_handlers_disconnect_by_data (_ms_object_table_get_selection (self->object_table), self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->column_view != NULL && gtk_column_view_get_sorter (self->column_view) != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
  g_clear_pointer (&self->columns, _ms_region_columns_free);
  g_clear_pointer (&self->compare, _ms_region_table_compare_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_REGION_TABLE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_object (&self->hovered);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filter);
  g_clear_object (&self->model);
  g_clear_object (&self->own_model);
  g_clear_pointer (&self->positions, g_free);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (ms_region_table_parent_class)->dispose (object);
}

void
ms_region_table_set_compare (MsRegionTable *self,
                             MsCompare     *compare)
{
  g_return_if_fail (MS_IS_REGION_TABLE (self));

  if (_ms_region_table_compare_get (self->compare) == compare)
    return;
  if ((compare == NULL) != (_ms_region_table_compare_get (self->compare) == NULL))
    _ms_region_columns_refit (self->columns);
  _ms_region_table_compare_set (self->compare, compare);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARE]);
}

static void
ms_region_table_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MsRegionTable *self = MS_REGION_TABLE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SELECTED_INDEX:
      g_value_set_int (value, self->selected_index);
      break;
    case PROP_COMPARE:
      g_value_set_boxed (value, _ms_region_table_compare_get (self->compare));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_region_table_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MsRegionTable *self = MS_REGION_TABLE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      ms_region_table_set_session (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_INDEX:
      ms_region_table_select_index (self, g_value_get_int (value));
      break;
    case PROP_COMPARE:
      ms_region_table_set_compare (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_region_table_class_init (MsRegionTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_region_table_dispose;
  object_class->get_property = ms_region_table_get_property;
  object_class->set_property = ms_region_table_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_INDEX] =
    g_param_spec_int ("selected-index", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPARE] =
    g_param_spec_boxed ("compare", NULL, NULL, MS_TYPE_COMPARE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ms-region-table.ui");
  gtk_widget_class_bind_template_child (widget_class, MsRegionTable, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MsRegionTable, count_label);
  gtk_widget_class_bind_template_child (widget_class, MsRegionTable, column_view);
  gtk_widget_class_bind_template_child (widget_class, MsRegionTable, stack);
  gtk_widget_class_bind_template_child (widget_class, MsRegionTable, selection_bar);
  gtk_widget_class_bind_template_child (widget_class, MsRegionTable, selection_label);
  gtk_widget_class_bind_template_child (widget_class, MsRegionTable, object_table);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);

  _ms_region_table_class_init_copying (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "regiontable");

  g_type_ensure (MS_TYPE_SWATCH);
  g_type_ensure (MS_TYPE_OBJECT_TABLE);
}

static void
ms_region_table_init (MsRegionTable *self)
{
  GtkSorter *view_sorter;

  self->selected_index = -1;
  self->primary_start = MS_NO_ADDRESS;
  self->search = g_strdup ("");

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  self->own_model = ms_region_model_new ();
  self->model = g_object_ref (self->own_model);
  self->session_signals = g_signal_group_new (MS_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::snapshot", G_CALLBACK (after_snapshot), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::selected-address",
                                  G_CALLBACK (on_session_selected), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::hovered-address",
                                  G_CALLBACK (on_session_hovered), self);
  /* Sort, then filter: sorting reads every row, which is fast from the
   * region model and slow through a filter model (GTK 4.8). */
  view_sorter = gtk_column_view_get_sorter (self->column_view);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->model)),
                                          view_sorter != NULL ? g_object_ref (view_sorter) : NULL);
  self->filter = gtk_custom_filter_new (filter_region, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sorted)), NULL);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));

  g_signal_connect_object (self->filtered, "items-changed",
                           G_CALLBACK (on_rows_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (on_selection_items_changed), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  self->columns = _ms_region_columns_new (self->column_view, GTK_WIDGET (self),
                                          G_CALLBACK (update_for_selection), self);
  self->compare = _ms_region_table_compare_new (self->column_view, GTK_WIDGET (self->search_entry),
                                                G_CALLBACK (update_filter), self);
  self->context_menu = _ms_region_table_menu_new (self);
  ms_column_view_add_control_click (self->column_view);

  if (view_sorter != NULL)
    g_signal_connect_object (view_sorter, "changed", G_CALLBACK (on_sort_changed), self, G_CONNECT_SWAPPED);
  update_announce (self);
  update_for_selection (self);

  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_captured), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }

  /* Regions or By object, remembered */
  self->settings = ms_settings_new ();
  {
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
    g_autoptr(GAction) view = g_settings_create_action (self->settings, "region-table-view");

    g_action_map_add_action (G_ACTION_MAP (group), view);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "table", G_ACTION_GROUP (group));
  }
  g_signal_connect_object (self->settings, "changed::region-table-view",
                           G_CALLBACK (on_view_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (_ms_object_table_get_selection (self->object_table), "items-changed",
                           G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (_ms_object_table_get_selection (self->object_table), "selection-changed",
                           G_CALLBACK (update_for_selection), self, G_CONNECT_SWAPPED);
  on_view_changed (self);
}
