/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-strip"

#include "config.h"

#include "ms-page-layer-private.h"

#include <glib/gi18n.h>

/* The Pages menu: what the colour of a page means, the measurements and how
 * long they last, and its button, which follows the layer's state. */

static void
on_measure_activity (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       owner)
{
  _ms_page_layer_confirm_measure (owner, g_object_get_data (G_OBJECT (action), "ms-page-layer"), MS_ACTIVITY_REFERENCED);
}

static void
on_measure_writes (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       owner)
{
  _ms_page_layer_confirm_measure (owner, g_object_get_data (G_OBJECT (action), "ms-page-layer"), MS_ACTIVITY_WRITES);
}

static void
on_stop_measuring (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       data)
{
  _ms_page_layer_stop_measuring (data);
}

static void
on_measure_seconds (GSimpleAction *action,
                    GVariant      *value,
                    gpointer       data)
{
  _ms_page_layer_set_measure_seconds (data, g_variant_get_uint32 (value));
}

/* The measuring items, with the seconds chosen in their labels. */
static void
fill_measure_menu (MsPageLayer *layer)
{
  static const guint choices[] = { 5, 10, 30, 60 };
  g_autoptr(GMenu) seconds = g_menu_new ();
  g_autofree char *activity_label = NULL;
  g_autofree char *writes_label = NULL;

  if (layer->measure_menu == NULL)
    return;
  g_menu_remove_all (layer->measure_menu);
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      /* TRANSLATORS: how long a measurement of activity lasts */
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Second", "%u Seconds", choices[i]), choices[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "pages.measure-seconds", g_variant_new_uint32 (choices[i]));
      g_menu_append_item (seconds, item);
    }
  activity_label = g_strdup_printf (_("Measure Activity for %d Seconds…"), (int) layer->measure_seconds);
  writes_label = g_strdup_printf (_("Measure Writes for %d Seconds…"), (int) layer->measure_seconds);
  g_menu_append (layer->measure_menu, activity_label, "pages.measure-activity");
  g_menu_append (layer->measure_menu, writes_label, "pages.measure-writes");
  /* TRANSLATORS: a submenu: how many seconds a measurement of activity lasts */
  g_menu_append_submenu (layer->measure_menu, _("Measure For"), G_MENU_MODEL (seconds));
  g_menu_append (layer->measure_menu, _("Stop Measuring"), "pages.stop-measuring");
}

/* The button and actions of the Pages menu follow the layer: the button is
 * there for any live process (the measurements work at any zoom, and its
 * tooltip says that zooming in shows pages), says when a measurement is
 * under way, and Stop Measuring works only then. */
void
_ms_page_layer_update_menu (MsPageLayer *layer)
{
  gboolean measuring = _ms_page_layer_is_measuring (layer);
  guint seconds_left = _ms_page_layer_get_seconds_left (layer);
  g_autofree char *counting = NULL;

  if (layer->stop_action != NULL)
    g_simple_action_set_enabled (layer->stop_action, measuring);
  if (layer->button == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (layer->button), layer->snapshot != NULL || measuring);
  /* (counting the seconds down while they run; before, while the bits are
   * cleared through the helper, and after, while what was used is read,
   * without) */
  if (seconds_left > 0)
    /* TRANSLATORS: the Pages menu button's label while a measurement of activity is under way, with the seconds it has to go: "Measuring… 4 s" */
    counting = g_strdup_printf (_("Measuring… %u s"), seconds_left);
  /* TRANSLATORS: the Pages menu button's label while a measurement of activity is under way */
  gtk_menu_button_set_label (layer->button, counting != NULL ? counting : measuring ? _("Measuring…") : _("Pages"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (layer->button),
                               measuring ? _("Measuring what the process uses: its pages are coloured by heat when it is done")
                               : layer->shown ? _("What the colour of a page means")
                               : _("Zoom in on a region to see its pages; measure what the process uses"));
}

void
_ms_page_layer_setup_menu (GtkWidget     *owner,
                           GtkMenuButton *button,
                           GObject       *strip,
                           MsPageLayer   *layer)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GPropertyAction) action = g_property_action_new ("page-colour", strip, "page-colour");
  g_autoptr(GSimpleAction) activity = g_simple_action_new ("measure-activity", NULL);
  g_autoptr(GSimpleAction) writes = g_simple_action_new ("measure-writes", NULL);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();

  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  g_object_set_data (G_OBJECT (activity), "ms-page-layer", layer);
  g_object_set_data (G_OBJECT (writes), "ms-page-layer", layer);
  g_signal_connect_object (activity, "activate", G_CALLBACK (on_measure_activity), owner, 0);
  g_signal_connect_object (writes, "activate", G_CALLBACK (on_measure_writes), owner, 0);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (activity));
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (writes));
  layer->stop_action = g_simple_action_new ("stop-measuring", NULL);
  g_signal_connect (layer->stop_action, "activate", G_CALLBACK (on_stop_measuring), layer);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (layer->stop_action));
  layer->seconds_action = g_simple_action_new_stateful ("measure-seconds", G_VARIANT_TYPE_UINT32,
                                                        g_variant_new_uint32 (layer->measure_seconds));
  g_signal_connect (layer->seconds_action, "change-state", G_CALLBACK (on_measure_seconds), layer);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (layer->seconds_action));
  gtk_widget_insert_action_group (owner, "pages", G_ACTION_GROUP (group));

  /* one item a colour, from the texture's own table */
  for (guint i = 0; i < MS_N_PAGE_COLOURS; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (ms_page_colour_get_label (i), NULL);

      g_menu_item_set_action_and_target_value (item, "pages.page-colour",
                                               g_variant_new_string (ms_page_colour_to_id (i)));
      g_menu_append_item (section, item);
    }
  g_menu_append_section (menu, _("Colour by"), G_MENU_MODEL (section));
  layer->measure_menu = g_menu_new ();
  fill_measure_menu (layer);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (layer->measure_menu));
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
  layer->button = button;
  g_object_add_weak_pointer (G_OBJECT (button), (gpointer *) &layer->button);
  _ms_page_layer_update_menu (layer);
}

void
_ms_page_layer_set_measure_seconds (MsPageLayer *layer,
                                    guint        seconds)
{
  seconds = CLAMP (seconds, 1, 3600);
  if (seconds == layer->measure_seconds)
    return;
  layer->measure_seconds = seconds;
  if (layer->seconds_action != NULL)
    g_simple_action_set_state (layer->seconds_action, g_variant_new_uint32 (seconds));
  fill_measure_menu (layer);
}

guint
_ms_page_layer_get_measure_seconds (MsPageLayer *layer)
{
  return layer->measure_seconds;
}
