/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-swatch.h"

#define SWATCH_SIZE 12

struct _MsSwatch
{
  GtkWidget parent_instance;

  int       kind;   /* -1 draws nothing */
};

enum {
  PROP_0,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsSwatch, ms_swatch, GTK_TYPE_WIDGET)

GtkWidget *
ms_swatch_new (void)
{
  return g_object_new (MS_TYPE_SWATCH, NULL);
}

void
ms_swatch_set_kind (MsSwatch *self,
                    int       kind)
{
  g_return_if_fail (MS_IS_SWATCH (self));
  g_return_if_fail (kind >= -1 && kind < MS_N_KINDS);

  if (self->kind == kind)
    return;

  self->kind = kind;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

int
ms_swatch_get_kind (MsSwatch *self)
{
  g_return_val_if_fail (MS_IS_SWATCH (self), -1);

  return self->kind;
}

static void
ms_swatch_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  *minimum = *natural = SWATCH_SIZE;
}

static void
ms_swatch_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  MsSwatch *self = MS_SWATCH (widget);
  const MsColor *color;
  GskRoundedRect outline;
  GdkRGBA fill, border = { 0, 0, 0, 0.18f };
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  float size = MIN (width, height);
  float border_widths[4] = { 1, 1, 1, 1 };
  GdkRGBA border_colors[4];

  if (self->kind < 0)
    return;

  color = ms_kind_get_color ((MsKind) self->kind);
  fill = (GdkRGBA) { (float) color->red, (float) color->green, (float) color->blue, 1.0f };
  for (guint i = 0; i < G_N_ELEMENTS (border_colors); i++)
    border_colors[i] = border;

  gsk_rounded_rect_init_from_rect (&outline,
                                   &GRAPHENE_RECT_INIT ((width - size) / 2, (height - size) / 2, size, size),
                                   3);
  gtk_snapshot_push_rounded_clip (snapshot, &outline);
  gtk_snapshot_append_color (snapshot, &fill, &outline.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &outline, border_widths, border_colors);
}

static void
ms_swatch_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MsSwatch *self = MS_SWATCH (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_swatch_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  MsSwatch *self = MS_SWATCH (object);

  switch (prop_id)
    {
    case PROP_KIND:
      ms_swatch_set_kind (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_swatch_class_init (MsSwatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ms_swatch_get_property;
  object_class->set_property = ms_swatch_set_property;
  widget_class->measure = ms_swatch_measure;
  widget_class->snapshot = ms_swatch_snapshot;

  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, -1, MS_N_KINDS - 1, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "swatch");
  /* Always shown beside the kind's name: decoration for assistive technologies. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
ms_swatch_init (MsSwatch *self)
{
  self->kind = -1;
}
