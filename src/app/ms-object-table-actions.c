/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-object-table-private.h"

#include <glib/gi18n.h>

#include "ms-cells.h"
#include "ms-export.h"
#include "ms-field.h"
#include "ms-format.h"
#include "ms-object-item.h"
#include "ms-region-item.h"

/* --- copying and the menu ------------------------------------------------------ */

/* Owners' rows chosen as the grouped CSV's rows; else the regions' rows as
 * the CSV's, separated by @separator. */
static GString *
chosen_text (MsObjectTable *self,
             char           separator,
             gboolean       header)
{
  g_autoptr(GtkBitset) chosen = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();
  g_autoptr(GPtrArray) regions = g_ptr_array_new ();
  GString *text = g_string_new (NULL);
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, chosen, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      GObject *item = _ms_object_table_row_item (self, position);

      if (item == NULL)
        continue;
      g_ptr_array_add (items, item);
      if (MS_IS_OBJECT_ITEM (item))
        g_ptr_array_add (groups, (gpointer) ms_object_item_get_group (MS_OBJECT_ITEM (item)));
      else
        g_ptr_array_add (regions, (gpointer) ms_region_item_get_region (MS_REGION_ITEM (item)));
    }

  if (groups->len > 0)
    {
      if (header)
        g_string_append_printf (text, "%s\n", ms_csv_grouped_header ());
      ms_csv_write_group_rows ((const MsObjectGroup *const *) groups->pdata, groups->len, separator, text);
    }
  else if (regions->len > 0)
    {
      MsFieldId fields[MS_N_FIELDS];

      for (guint i = 0; i < MS_N_FIELDS; i++)
        fields[i] = i;
      if (header)
        g_string_append_printf (text, "%s\n", ms_csv_header ());
      ms_csv_write_rows ((const MsRegion *const *) regions->pdata, regions->len, fields, MS_N_FIELDS,
                         separator, text);
    }
  return text;
}

/* "3 objects selected · Size 12.4 MiB · RSS 3.0 MiB · …": the sums of the
 * owners' rows chosen (their regions' rows chosen with them are in them
 * already), or NULL while at most one row is chosen. */
char *
_ms_object_table_dup_selection_text (MsObjectTable *self)
{
  g_autoptr(GtkBitset) chosen = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  MsObjectGroup sum = { 0 };
  g_autofree char *count = NULL;
  const struct { MsFieldId field; guint64 *value; } sums[] = {
    { MS_FIELD_SIZE, &sum.size }, { MS_FIELD_RSS, &sum.rss }, { MS_FIELD_PSS, &sum.pss },
    { MS_FIELD_USS, &sum.uss }, { MS_FIELD_SWAP, &sum.swap },
  };
  guint n_objects = 0;
  GString *text;
  GtkBitsetIter iter;
  guint position;

  if (gtk_bitset_get_size (chosen) <= 1)
    return NULL;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, chosen, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(GObject) item = _ms_object_table_row_item (self, position);
      const MsObjectGroup *g;

      if (item == NULL || !MS_IS_OBJECT_ITEM (item))
        continue;
      g = ms_object_item_get_group (MS_OBJECT_ITEM (item));
      n_objects++;
      sum.size = ms_add_saturated (sum.size, g->size);
      sum.rss = ms_add_saturated (sum.rss, g->rss);
      sum.pss = ms_add_saturated (sum.pss, g->pss);
      sum.uss = ms_add_saturated (sum.uss, g->uss);
      sum.swap = ms_add_saturated (sum.swap, g->swap);
    }
  if (n_objects <= 1)
    return NULL;

  count = ms_format_count (n_objects);
  text = g_string_new (NULL);
  /* TRANSLATORS: how many owners' rows of the table By object are selected */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s object selected", "%s objects selected",
                                             n_objects), count);
  for (guint i = 0; i < G_N_ELEMENTS (sums); i++)
    {
      g_autofree char *size = ms_format_size (*sums[i].value);

      g_string_append (text, " · ");
      g_string_append_printf (text, C_("column sum", "%s %s"), ms_field_get_title (ms_field_get (sums[i].field)), size);
    }
  return g_string_free (text, FALSE);
}

char *
_ms_object_table_dup_copy_text (MsObjectTable *self)
{
  return g_string_free (chosen_text (self, '\t', FALSE), FALSE);
}

static void
copy_text (MsObjectTable *self,
           GString       *text)
{
  /* the process's bytes as valid UTF-8, as the region table copies them */
  g_autofree char *valid = g_utf8_make_valid (text->str, (gssize) text->len);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), valid);
  g_string_free (text, TRUE);
}

/* Ctrl+C: tab-separated, ready for a spreadsheet, no header. */
static void
copy_rows (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  MsObjectTable *self = MS_OBJECT_TABLE (widget);

  copy_text (self, chosen_text (self, '\t', FALSE));
}

static void
copy_rows_csv (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MsObjectTable *self = MS_OBJECT_TABLE (widget);

  copy_text (self, chosen_text (self, ',', TRUE));
}

/* The row that has the keyboard focus, or GTK_INVALID_LIST_POSITION. */
static guint
focused_position (MsObjectTable   *self,
                  graphene_rect_t *bounds)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)))
    return GTK_INVALID_LIST_POSITION;
  if (bounds != NULL && !gtk_widget_compute_bounds (focus, GTK_WIDGET (self->column_view), bounds))
    *bounds = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  return ms_cell_get_position (focus, GTK_WIDGET (self->column_view));
}

/* Menu or Shift+F10: the menu of the focused row. */
static void
show_menu (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  MsObjectTable *self = MS_OBJECT_TABLE (widget);

  ms_column_view_popup_row_menu_at_focus (self->column_view, self->context_menu);
}

/* +, Shift+Right: the focused owner's regions shown; −, Shift+Left: hidden
 * (on a region, its owner's, and the owner's row focused). */
static void
expand_or_collapse (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MsObjectTable *self = MS_OBJECT_TABLE (widget);
  gboolean expand = g_str_equal (action_name, "objects.expand");
  guint position = focused_position (self, NULL);
  g_autoptr(GtkTreeListRow) row = NULL;
  g_autoptr(GtkTreeListRow) parent = NULL;

  if (position == GTK_INVALID_LIST_POSITION)
    return;
  row = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);
  if (row == NULL)
    return;

  if (expand || gtk_tree_list_row_is_expandable (row))
    {
      gtk_tree_list_row_set_expanded (row, expand);
      return;
    }

  parent = gtk_tree_list_row_get_parent (row);
  if (parent == NULL)
    return;
  gtk_tree_list_row_set_expanded (parent, FALSE);
  for (guint i = position; i-- > 0;)
    {
      g_autoptr(GtkTreeListRow) at = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      if (at == parent)
        {
          gtk_widget_activate_action (gtk_widget_get_last_child (GTK_WIDGET (self->column_view)),
                                      "list.select-item", "(ubb)", i, FALSE, FALSE);
          gtk_widget_activate_action (gtk_widget_get_last_child (GTK_WIDGET (self->column_view)),
                                      "list.scroll-to-item", "u", i);
          break;
        }
    }
}

static GtkWidget *
menu_new (MsObjectTable *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) copy = g_menu_item_new (_("_Copy"), "objects.copy");
  GtkWidget *popover;

  g_menu_item_set_attribute (copy, "accel", "s", "<Control>c");
  g_menu_append_item (menu, copy);
  g_menu_append (menu, _("Copy as C_SV"), "objects.copy-csv");

  popover = ms_column_view_row_menu_new (self->column_view, GTK_WIDGET (self), G_MENU_MODEL (menu));

  return popover;
}

void
_ms_object_table_update_actions (MsObjectTable *self)
{
  g_autoptr(GtkBitset) chosen = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "objects.copy", !gtk_bitset_is_empty (chosen));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "objects.copy-csv", !gtk_bitset_is_empty (chosen));
}

/* Expanding and collapsing, before the list's own keys (it takes the
 * arrows with Shift to choose rows). */
static void
add_tree_keys (MsObjectTable *self)
{
  static const struct {
    guint           key;
    GdkModifierType mods;
    const char     *action;
  } keys[] = {
    { GDK_KEY_plus, 0, "objects.expand" },
    { GDK_KEY_KP_Add, 0, "objects.expand" },
    { GDK_KEY_Right, GDK_SHIFT_MASK, "objects.expand" },
    { GDK_KEY_minus, 0, "objects.collapse" },
    { GDK_KEY_KP_Subtract, 0, "objects.collapse" },
    { GDK_KEY_Left, GDK_SHIFT_MASK, "objects.collapse" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, keys[i].mods),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), controller);
}

void
_ms_object_table_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "objects.copy", NULL, copy_rows);
  gtk_widget_class_install_action (widget_class, "objects.copy-csv", NULL, copy_rows_csv);
  gtk_widget_class_install_action (widget_class, "objects.menu", NULL, show_menu);
  gtk_widget_class_install_action (widget_class, "objects.expand", NULL, expand_or_collapse);
  gtk_widget_class_install_action (widget_class, "objects.collapse", NULL, expand_or_collapse);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "objects.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "objects.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "objects.menu", NULL);
}

void
_ms_object_table_init_actions (MsObjectTable *self)
{
  self->context_menu = menu_new (self);
  add_tree_keys (self);
  ms_column_view_add_control_click (self->column_view);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (_ms_object_table_update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (_ms_object_table_update_actions), self, G_CONNECT_SWAPPED);
  _ms_object_table_update_actions (self);
}
