/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-region-columns-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ms-cells.h"
#include "ms-region-item.h"
#include "ms-settings.h"
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
  g_autofree char *text = NULL;

  /* A first picture knows RSS alone: the other counters' cells stay empty
   * until the full read (never a 0 that is not one). */
  if (ms_snapshot_is_partial (ms_region_item_get_snapshot (item)) &&
      (field->flags & MS_FIELD_COUNTER) && field->id != MS_FIELD_RSS)
    text = g_strdup ("");
  else
    text = ms_field_dup_text (field, region);

  if (swatch != NULL)
    ms_swatch_set_kind (MS_SWATCH (swatch), region->kind);
  ms_label_set_text (label, text);
  /* a risk (writable and executable) stands out */
  if (field->flags & MS_FIELD_WARNING)
    {
      if (ms_field_get_value (field, region) != 0)
        gtk_widget_add_css_class (GTK_WIDGET (label), "warning");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");
    }
  mark_hovered (swatch != NULL ? gtk_widget_get_parent (GTK_WIDGET (label)) : GTK_WIDGET (label),
                ms_region_item_get_hovered (item));
}

static char *
cell_tooltip (GObject  *object,
              gpointer  user_data)
{
  const MsField *field = user_data;
  MsRegionItem *item = MS_REGION_ITEM (object);

  if (ms_snapshot_is_partial (ms_region_item_get_snapshot (item)) &&
      (field->flags & MS_FIELD_COUNTER) && field->id != MS_FIELD_RSS)
    return g_strdup (_("Being read"));
  return ms_field_dup_details (field, ms_region_item_get_region (item));
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
      *width = 150;
      return MS_CELL_SWATCH | MS_CELL_ELLIPSIZE_END;
    case MS_FIELD_FORMAT_PATH:
      /* the column that takes the width left (see fit_path()): at least
       * this, so that the default columns fit the window's default size */
      *width = 170;
      return MS_CELL_ELLIPSIZE_START;
    case MS_FIELD_FORMAT_NAME:
      *width = 150;
      return MS_CELL_ELLIPSIZE_END;
    case MS_FIELD_FORMAT_STATE:
      *width = 72;
      return MS_CELL_ELLIPSIZE_END;
    default:
      g_return_val_if_reached (MS_CELL_TEXT);
    }
}

static int
text_width (GtkWidget  *measure,
            const char *text,
            gboolean    bold)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (measure, text);
  int width = 0;

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* Wide enough for its heading, in bold, with room for the sort arrow, and
 * for a kind's name beside its swatch: the default widths fit English, and
 * a translation may be longer. */
static int
column_width (const MsField *field,
              int            least,
              GtkWidget     *measure)
{
  int width = MAX (least, text_width (measure, ms_field_get_title (field), TRUE) + 40);

  if (field->format == MS_FIELD_FORMAT_KIND)
    for (guint kind = 0; kind < MS_N_KINDS; kind++)
      width = MAX (width, text_width (measure, ms_kind_get_label (kind), FALSE) + 44);

  return width;
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
  width = column_width (field, width, measure);
  gtk_column_view_column_set_fixed_width (column, width);
  g_object_set_data (G_OBJECT (column), "ms-least-width", GINT_TO_POINTER (width));

  return column;
}

const MsField *
_ms_region_column_get_field (GtkColumnViewColumn *column)
{
  return g_object_get_data (G_OBJECT (column), "ms-field");
}

/* --- which columns are shown ---------------------------------------------- */

struct _MsRegionColumns
{
  GtkColumnView       *view;        /* unowned: it owns us, through its owner */
  GSettings           *settings;
  GSimpleActionGroup  *actions;
  GMenu               *menu;
  GtkColumnViewColumn *columns[MS_N_FIELDS];
  gboolean             chosen[MS_N_FIELDS];
  gboolean             has_counters;
  gboolean             arranging;   /* moving columns itself */
  GtkAdjustment       *hadjustment;
  guint                fit_source;
  guint                save_source;
  GCallback            changed;
  gpointer             data;
};

#define SETTINGS_KEY "region-columns"

static gboolean
is_shown (MsRegionColumns *self,
          MsFieldId        id)
{
  return self->chosen[id] && (self->has_counters || !(ms_field_get (id)->flags & MS_FIELD_COUNTER));
}

static guint
position_of (GListModel *list,
             gpointer    item)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GObject) at = g_list_model_get_item (list, i);

      if (at == item)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* GtkColumnView (4.8) gives an expanding column none of the width its
 * columns leave: the path column takes it here, whenever the view's width,
 * a column's width (dragged) or the columns shown change. Its own width,
 * dragged, holds until then. */
static void
fit_path (MsRegionColumns *self)
{
  GtkColumnViewColumn *path = self->columns[MS_FIELD_PATH];
  int least = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (path), "ms-least-width"));
  int others = 0;

  if (self->hadjustment == NULL || !gtk_column_view_column_get_visible (path))
    return;

  /* (every other column of the view: the compare's too) */
  for (guint i = 0; i < g_list_model_get_n_items (gtk_column_view_get_columns (self->view)); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (gtk_column_view_get_columns (self->view), i);

      if (column != path && gtk_column_view_column_get_visible (column))
        others += gtk_column_view_column_get_fixed_width (column);
    }

  gtk_column_view_column_set_fixed_width (path, MAX (least, (int) gtk_adjustment_get_page_size (self->hadjustment) - others));
}

static gboolean
fit_path_now (gpointer data)
{
  MsRegionColumns *self = data;

  self->fit_source = 0;
  fit_path (self);
  return G_SOURCE_REMOVE;
}

/* The view's width is known when it is allocated: a column's width may not
 * change then, but right after. */
static void
fit_path_later (MsRegionColumns *self)
{
  if (self->fit_source == 0)
    self->fit_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, fit_path_now, self, NULL);
}

void
_ms_region_columns_refit (MsRegionColumns *self)
{
  fit_path_later (self);
}

/* Shows and hides the columns as chosen, and says what is. */
static void
update_shown (MsRegionColumns *self)
{
  guint n_chosen = 0;

  for (guint i = 0; i < MS_N_FIELDS; i++)
    n_chosen += self->chosen[i];

  for (guint i = 0; i < MS_N_FIELDS; i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), ms_field_get (i)->name);

      gtk_column_view_column_set_visible (self->columns[i], is_shown (self, i));
      g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (self->chosen[i]));
      /* the last column stays */
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), !self->chosen[i] || n_chosen > 1);
    }

  fit_path (self);
  if (self->changed != NULL)
    ((void (*) (gpointer)) self->changed) (self->data);
}

/* @chosen (@n of them) first, in that order, then the others in the
 * table's; and shown as chosen. */
static void
arrange (MsRegionColumns *self,
         const MsFieldId *chosen,
         guint            n)
{
  GListModel *list = gtk_column_view_get_columns (self->view);
  MsFieldId order[MS_N_FIELDS];

  memset (self->chosen, 0, sizeof self->chosen);
  for (guint i = 0; i < n; i++)
    {
      order[i] = chosen[i];
      self->chosen[chosen[i]] = TRUE;
    }
  for (guint i = 0; i < MS_N_FIELDS; i++)
    if (!self->chosen[i])
      order[n++] = i;

  self->arranging = TRUE;
  for (guint i = 0; i < MS_N_FIELDS; i++)
    if (position_of (list, self->columns[order[i]]) != i)
      gtk_column_view_insert_column (self->view, i, self->columns[order[i]]);
  self->arranging = FALSE;

  update_shown (self);
}

/* The fields @names names, each once, into @fields; returns how many. */
static guint
fields_named (const char * const *names,
              MsFieldId           fields[MS_N_FIELDS])
{
  gboolean seen[MS_N_FIELDS] = { FALSE };
  guint n = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      const MsField *field = ms_field_from_name (names[i]);

      if (field != NULL && !seen[field->id])
        {
          seen[field->id] = TRUE;
          fields[n++] = field->id;
        }
    }
  return n;
}

static void
load (MsRegionColumns *self)
{
  g_auto(GStrv) names = g_settings_get_strv (self->settings, SETTINGS_KEY);
  MsFieldId chosen[MS_N_FIELDS];
  guint n = fields_named ((const char * const *) names, chosen);

  /* none that this version knows: its defaults */
  if (n == 0)
    {
      g_autoptr(GVariant) defaults = g_settings_get_default_value (self->settings, SETTINGS_KEY);
      g_autofree const char **default_names = g_variant_get_strv (defaults, NULL);

      n = fields_named (default_names, chosen);
    }

  arrange (self, chosen, n);
}

/* The chosen columns, in the order they stand now. */
static void
save (MsRegionColumns *self)
{
  GListModel *list = gtk_column_view_get_columns (self->view);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) saved = g_settings_get_strv (self->settings, SETTINGS_KEY);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (list, i);
      const MsField *field = _ms_region_column_get_field (column);

      /* (a column of no field, the compare's, is not saved) */
      if (field != NULL && self->chosen[field->id])
        g_strv_builder_add (builder, field->name);
    }
  names = g_strv_builder_end (builder);

  if (!g_strv_equal ((const char * const *) names, (const char * const *) saved))
    g_settings_set_strv (self->settings, SETTINGS_KEY, (const char * const *) names);
}

static gboolean
save_later (gpointer data)
{
  MsRegionColumns *self = data;

  self->save_source = 0;
  save (self);
  return G_SOURCE_REMOVE;
}

/* A column dragged elsewhere: once it has landed (it is taken out, then put
 * back), the order is kept. */
static void
on_columns_moved (MsRegionColumns *self)
{
  if (!self->arranging && self->save_source == 0)
    self->save_source = g_idle_add_full (G_PRIORITY_DEFAULT, save_later, self, NULL);
}

/* A check item of the header menu: that column shown (after the others)
 * or hidden. */
static void
on_choose (GSimpleAction *action,
           GVariant      *state,
           gpointer       data)
{
  MsRegionColumns *self = data;
  const MsField *field = ms_field_from_name (g_action_get_name (G_ACTION (action)));
  GListModel *list = gtk_column_view_get_columns (self->view);
  MsFieldId chosen[MS_N_FIELDS];
  guint n = 0;

  if (g_variant_get_boolean (state) == self->chosen[field->id])
    return;

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (list, i);
      const MsField *at = _ms_region_column_get_field (column);

      if (at != NULL && self->chosen[at->id] && at->id != field->id)
        chosen[n++] = at->id;
    }
  if (g_variant_get_boolean (state))
    chosen[n++] = field->id;

  arrange (self, chosen, n);
  save (self);
}

static void
on_reset (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       data)
{
  MsRegionColumns *self = data;

  g_settings_reset (self->settings, SETTINGS_KEY);
  load (self);
}

MsRegionColumns *
_ms_region_columns_new (GtkColumnView *view,
                        GtkWidget     *owner,
                        GCallback      changed,
                        gpointer       data)
{
  MsRegionColumns *self = g_new0 (MsRegionColumns, 1);
  g_autoptr(GMenu) fields_section = g_menu_new ();
  g_autoptr(GMenu) counters = g_menu_new ();
  g_autoptr(GMenu) flags = g_menu_new ();
  g_autoptr(GMenu) reset_section = g_menu_new ();
  g_autoptr(GSimpleAction) reset = g_simple_action_new ("reset", NULL);

  self->view = view;
  self->has_counters = TRUE;
  self->settings = ms_settings_new ();
  self->actions = g_simple_action_group_new ();
  self->menu = g_menu_new ();

  for (guint i = 0; i < MS_N_FIELDS; i++)
    {
      const MsField *field = ms_field_get (i);
      g_autoptr(GSimpleAction) action = g_simple_action_new_stateful (field->name, NULL,
                                                                      g_variant_new_boolean (FALSE));
      g_autofree char *detailed = g_strconcat ("columns.", field->name, NULL);

      g_signal_connect (action, "change-state", G_CALLBACK (on_choose), self);
      g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
      /* the counters in a submenu of their own: all in one, the menu would
       * not fit a small window */
      g_menu_append ((field->flags & MS_FIELD_COUNTER) ? counters
                     : field->format == MS_FIELD_FORMAT_STATE ? flags : fields_section,
                     ms_field_get_title (field), detailed);

      self->columns[i] = _ms_region_column_new (field, GTK_WIDGET (view));
      gtk_column_view_append_column (view, self->columns[i]);
      if (i != MS_FIELD_PATH)
        g_signal_connect_swapped (self->columns[i], "notify::fixed-width", G_CALLBACK (fit_path), self);
    }
  /* its page is the width the view shows */
  self->hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (view));
  if (self->hadjustment != NULL)
    {
      g_object_ref (self->hadjustment);
      g_signal_connect_swapped (self->hadjustment, "notify::page-size", G_CALLBACK (fit_path_later), self);
    }
  g_signal_connect (reset, "activate", G_CALLBACK (on_reset), self);
  g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (reset));
  g_menu_append_submenu (fields_section, _("Memory _Counters"), G_MENU_MODEL (counters));
  g_menu_append_submenu (fields_section, _("_Flags"), G_MENU_MODEL (flags));
  g_menu_append (reset_section, _("_Default Columns"), "columns.reset");
  g_menu_append_section (self->menu, _("Columns"), G_MENU_MODEL (fields_section));
  g_menu_append_section (self->menu, NULL, G_MENU_MODEL (reset_section));
  for (guint i = 0; i < MS_N_FIELDS; i++)
    gtk_column_view_column_set_header_menu (self->columns[i], G_MENU_MODEL (self->menu));
  gtk_widget_insert_action_group (owner, "columns", G_ACTION_GROUP (self->actions));

  g_signal_connect_swapped (self->settings, "changed::" SETTINGS_KEY, G_CALLBACK (load), self);
  g_signal_connect_swapped (gtk_column_view_get_columns (view), "items-changed",
                            G_CALLBACK (on_columns_moved), self);
  load (self);
  /* told of changes from now on */
  self->changed = changed;
  self->data = data;

  return self;
}

void
_ms_region_columns_free (MsRegionColumns *self)
{
  g_signal_handlers_disconnect_by_data (gtk_column_view_get_columns (self->view), self);
  g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_handle_id (&self->save_source, g_source_remove);
  g_clear_handle_id (&self->fit_source, g_source_remove);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  g_clear_object (&self->hadjustment);
  for (guint i = 0; i < MS_N_FIELDS; i++)
    {
      g_signal_handlers_disconnect_by_data (self->columns[i], self);
      g_clear_object (&self->columns[i]);
    }
  g_clear_object (&self->settings);
  g_clear_object (&self->actions);
  g_clear_object (&self->menu);
  g_free (self);
}

void
_ms_region_columns_set_has_counters (MsRegionColumns *self,
                                     gboolean         has_counters)
{
  if (self->has_counters == has_counters)
    return;

  self->has_counters = has_counters;
  update_shown (self);
}

GtkColumnViewColumn *
_ms_region_columns_get (MsRegionColumns *self,
                        MsFieldId        id)
{
  g_return_val_if_fail (id < MS_N_FIELDS, NULL);

  return self->columns[id];
}

guint
_ms_region_columns_get_shown (MsRegionColumns *self,
                              gboolean         csv_order,
                              MsFieldId        fields[MS_N_FIELDS])
{
  GListModel *list = gtk_column_view_get_columns (self->view);
  guint n = 0;

  if (csv_order)
    {
      for (guint i = 0; i < MS_N_FIELDS; i++)
        if (is_shown (self, i))
          fields[n++] = i;
      return n;
    }

  for (guint i = 0; i < g_list_model_get_n_items (list) && n < MS_N_FIELDS; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (list, i);
      const MsField *field = _ms_region_column_get_field (column);

      if (field != NULL && is_shown (self, field->id))
        fields[n++] = field->id;
    }
  return n;
}
