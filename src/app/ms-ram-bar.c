/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-ram-bar"

#include "config.h"

#include "ms-ram-bar.h"

#include <glib/gi18n.h>

#include "ms-format.h"
#include "ms-system-bar.h"
#include "ms-tooltip.h"

struct _MsRamBar
{
  GtkWidget  parent_instance;

  gboolean   has_parts;
  MsRamParts parts;
};

G_DEFINE_FINAL_TYPE (MsRamBar, ms_ram_bar, GTK_TYPE_WIDGET)

#define BAR_HEIGHT 32

int
ms_ram_bar_part_at (MsRamBar *self,
                    double    x)
{
  double edges[MS_N_RAM_PARTS + 1];

  g_return_val_if_fail (MS_IS_RAM_BAR (self), -1);
  if (!self->has_parts)
    return -1;
  ms_system_bar_layout (&self->parts, gtk_widget_get_width (GTK_WIDGET (self)), edges);
  /* Six parts: a walk is the binary search's equal here. */
  for (guint i = 0; i < MS_N_RAM_PARTS; i++)
    if (x >= edges[i] && x < edges[i + 1])
      return (int) i;
  return -1;
}

char *
ms_ram_bar_describe (MsRamBar  *self,
                     MsRamPart  part)
{
  g_autofree char *size = NULL;
  double share;

  g_return_val_if_fail (MS_IS_RAM_BAR (self), NULL);
  g_return_val_if_fail (part < MS_N_RAM_PARTS, NULL);

  size = ms_format_size_tooltip (self->parts.part[part]);
  share = self->parts.total > 0 ? 100.0 * (double) self->parts.part[part] / (double) self->parts.total : 0.0;
  /* TRANSLATORS: a part of the RAM bar's tooltip: its name, size, share of RAM, then what it means */
  return g_strdup_printf (_("%s\n%s, %.1f %% of RAM\n%s"), ms_ram_part_get_label (part), size, share,
                          ms_ram_part_get_description (part));
}

void
ms_ram_bar_set_parts (MsRamBar         *self,
                      const MsRamParts *parts)
{
  g_return_if_fail (MS_IS_RAM_BAR (self));

  self->has_parts = parts != NULL;
  if (parts != NULL)
    self->parts = *parts;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ms_ram_bar_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  MsRamBar *self = MS_RAM_BAR (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (!self->has_parts || width <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  ms_system_bar_draw (cr, &self->parts, width, height);
  cairo_destroy (cr);
}

static void
ms_ram_bar_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 600;
    }
  else
    {
      *minimum = *natural = BAR_HEIGHT;
    }
}

static gboolean
ms_ram_bar_query_tooltip (GtkWidget  *widget,
                          int         x,
                          int         y,
                          gboolean    keyboard_mode,
                          GtkTooltip *tooltip)
{
  MsRamBar *self = MS_RAM_BAR (widget);
  double edges[MS_N_RAM_PARTS + 1];
  g_autofree char *text = NULL;
  int part = ms_ram_bar_part_at (self, x);

  if (part < 0)
    return FALSE;
  ms_system_bar_layout (&self->parts, gtk_widget_get_width (widget), edges);
  text = ms_ram_bar_describe (self, (MsRamPart) part);
  ms_tooltip_set_text (tooltip, text);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) edges[part], 0,
                                                        MAX (1, (int) (edges[part + 1] - edges[part])),
                                                        gtk_widget_get_height (widget) });
  return TRUE;
}

static void
ms_ram_bar_class_init (MsRamBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = ms_ram_bar_snapshot;
  widget_class->measure = ms_ram_bar_measure;
  widget_class->query_tooltip = ms_ram_bar_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "ram-bar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ms_ram_bar_init (MsRamBar *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Where RAM went"), -1);
}

GtkWidget *
ms_ram_bar_new (void)
{
  return g_object_new (MS_TYPE_RAM_BAR, NULL);
}
