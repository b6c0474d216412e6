/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-banner.h"

#include <adwaita.h>

struct _MsBanner
{
  GtkWidget    parent_instance;

#if ADW_CHECK_VERSION (1, 3, 0)
  AdwBanner   *banner;
#else
  GtkRevealer *revealer;
  GtkLabel    *label;
#endif
  char        *title;
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_REVEALED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsBanner, ms_banner, GTK_TYPE_WIDGET)

GtkWidget *
ms_banner_new (void)
{
  return g_object_new (MS_TYPE_BANNER, NULL);
}

const char *
ms_banner_get_title (MsBanner *self)
{
  g_return_val_if_fail (MS_IS_BANNER (self), NULL);

  return self->title != NULL ? self->title : "";
}

void
ms_banner_set_title (MsBanner   *self,
                     const char *title)
{
  g_return_if_fail (MS_IS_BANNER (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
#if ADW_CHECK_VERSION (1, 3, 0)
  adw_banner_set_title (self->banner, ms_banner_get_title (self));
#else
  gtk_label_set_text (self->label, ms_banner_get_title (self));
#endif
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
ms_banner_get_revealed (MsBanner *self)
{
  g_return_val_if_fail (MS_IS_BANNER (self), FALSE);

#if ADW_CHECK_VERSION (1, 3, 0)
  return adw_banner_get_revealed (self->banner);
#else
  return gtk_revealer_get_reveal_child (self->revealer);
#endif
}

void
ms_banner_set_revealed (MsBanner *self,
                        gboolean  revealed)
{
  g_return_if_fail (MS_IS_BANNER (self));

  revealed = !!revealed;
  if (ms_banner_get_revealed (self) == revealed)
    return;

#if ADW_CHECK_VERSION (1, 3, 0)
  adw_banner_set_revealed (self->banner, revealed);
#else
  gtk_revealer_set_reveal_child (self->revealer, revealed);
#endif
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

static void
ms_banner_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MsBanner *self = MS_BANNER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, ms_banner_get_title (self));
      break;
    case PROP_REVEALED:
      g_value_set_boolean (value, ms_banner_get_revealed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_banner_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  MsBanner *self = MS_BANNER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      ms_banner_set_title (self, g_value_get_string (value));
      break;
    case PROP_REVEALED:
      ms_banner_set_revealed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_banner_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ms_banner_parent_class)->dispose (object);
}

static void
ms_banner_finalize (GObject *object)
{
  g_free (MS_BANNER (object)->title);

  G_OBJECT_CLASS (ms_banner_parent_class)->finalize (object);
}

static void
ms_banner_class_init (MsBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ms_banner_get_property;
  object_class->set_property = ms_banner_set_property;
  object_class->dispose = ms_banner_dispose;
  object_class->finalize = ms_banner_finalize;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ms_banner_init (MsBanner *self)
{
#if ADW_CHECK_VERSION (1, 3, 0)
  self->banner = ADW_BANNER (adw_banner_new (""));
  adw_banner_set_use_markup (self->banner, FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->banner), GTK_WIDGET (self));
#else
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_widget_add_css_class (box, "banner");
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_justify (self->label, GTK_JUSTIFY_CENTER);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));
  gtk_revealer_set_child (self->revealer, box);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));
#endif
}
