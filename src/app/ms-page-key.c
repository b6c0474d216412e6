/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-strip"

#include "config.h"

#include "ms-page-key.h"

#include <glib/gi18n.h>

#include "ms-legend-layout.h"
#include "ms-page-layer.h"
#include "ms-page-texture.h"

#define PAGE 4096u

struct _MsPageKey {
  GtkWidget     parent_instance;

  GtkWidget    *strip;          /* (unowned: a sibling in the map view) */
  GSignalGroup *strip_signals;
  MsPageColour  colour;         /* of the items shown */
  gboolean      heat_measured;  /* heat items after a measurement */
  gboolean      pages_shown;    /* the marks of pages too */
  gboolean      writes_tracked; /* by the kernel (soft-dirty) */
  gboolean      counts_known;   /* how many map each page */
};

G_DEFINE_FINAL_TYPE (MsPageKey, ms_page_key, GTK_TYPE_WIDGET)

/* One item of the key: a page in some state, drawn as the strip draws it. */
typedef struct {
  guint32      flags;
  guint32      mapcount;
  double       heat;      /* -1 but in heat mode */
  const char  *label;     /* (translated) */
} Item;

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  const Item *item = data;
  MsPageColour colour = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (area), "ms-page-colour"));
  MsPageRun run = { 0, PAGE, item->flags, item->mapcount };

  ms_page_texture_draw_heat (cr, &run, 1, PAGE, 0, PAGE, 0.5, 0.5, width - 1, height - 1, colour, item->heat);
}

static void
add_item (MsPageKey    *self,
          MsPageColour  colour,
          const Item   *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *swatch = gtk_drawing_area_new ();
  GtkWidget *label = gtk_label_new (item->label);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 14);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 14);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (swatch), "ms-page-colour", GUINT_TO_POINTER (colour));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, g_memdup2 (item, sizeof *item), g_free);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), swatch);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_parent (box, GTK_WIDGET (self));
}

static void
clear (MsPageKey *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
}

/* The items of @colour: what the colour of a resident page means, then the
 * marks every mode shares. */
static void
add_note (MsPageKey  *self,
          const char *text)
{
  GtkWidget *note = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_widget_set_margin_end (note, 12);
  gtk_widget_set_parent (note, GTK_WIDGET (self));
}

static void
fill (MsPageKey    *self,
      MsPageColour  colour,
      gboolean      measured,
      gboolean      shown,
      gboolean      writes_tracked,
      gboolean      counts_known)
{
  GtkWidget *heading = gtk_label_new (ms_page_colour_get_label (colour));
  const Item resident[] = {
    { MS_PAGE_PRESENT, 0, -1, _("Anonymous") },
    { MS_PAGE_PRESENT | MS_PAGE_FILE, 0, -1, C_("page", "File") },
    { MS_PAGE_PRESENT | MS_PAGE_ZERO, 0, -1, _("Zero page") },
  };
  const Item dirty[] = {
    { MS_PAGE_PRESENT | MS_PAGE_SOFT_DIRTY, 0, -1, _("Written") },
    { MS_PAGE_PRESENT, 0, -1, _("Not written") },
  };
  const Item shared[] = {
    { MS_PAGE_PRESENT | MS_PAGE_EXCLUSIVE, 1, -1, _("This process only") },
    { MS_PAGE_PRESENT, 2, -1, _("Mapped twice") },
    { MS_PAGE_PRESENT, 3, -1, _("Mapped more") },
  };
  /* (without the map counts every shared page is drawn as mapped twice) */
  const Item shared_uncounted[] = {
    { MS_PAGE_PRESENT | MS_PAGE_EXCLUSIVE, 1, -1, _("This process only") },
    { MS_PAGE_PRESENT, 0, -1, _("Shared (how many map it: as administrator)") },
  };
  const Item heat[] = {
    { MS_PAGE_PRESENT, 0, 0.0, _("None of the region used") },
    { MS_PAGE_PRESENT, 0, 0.5, _("Half") },
    { MS_PAGE_PRESENT, 0, 1.0, _("All of it") },
  };
  const Item marks[] = {
    { MS_PAGE_PRESENT | MS_PAGE_HUGE, 0, -1, _("Huge page") },
    { MS_PAGE_SWAPPED, 0, -1, _("Swapped out") },
    { 0, 0, -1, _("Not present") },
    { MS_PAGE_GUARD, 0, -1, _("Guard") },
  };
  const Item *items = resident;
  guint n_items = G_N_ELEMENTS (resident);

  clear (self);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_end (heading, 12);
  gtk_widget_set_parent (heading, GTK_WIDGET (self));
  switch (colour)
    {
    case MS_PAGE_COLOUR_RESIDENCY:
    default:
      break;
    case MS_PAGE_COLOUR_DIRTY:
      /* (drawn by residency then: see the page layer) */
      if (!writes_tracked)
        {
          add_note (self, _("Not tracked by this kernel (CONFIG_MEM_SOFT_DIRTY): drawn by residency"));
          break;
        }
      items = dirty;
      n_items = G_N_ELEMENTS (dirty);
      break;
    case MS_PAGE_COLOUR_SHARED:
      items = counts_known ? shared : shared_uncounted;
      n_items = counts_known ? G_N_ELEMENTS (shared) : G_N_ELEMENTS (shared_uncounted);
      break;
    case MS_PAGE_COLOUR_HEAT:
      if (measured)
        {
          items = heat;
          n_items = G_N_ELEMENTS (heat);
        }
      else
        {
          add_note (self, _("Not measured yet: Measure Activity in the Pages menu"));
          n_items = 0;
        }
      break;
    }
  /* (written, untracked: the residency items, drawn as the strip draws them) */
  if (colour == MS_PAGE_COLOUR_DIRTY && !writes_tracked)
    colour = MS_PAGE_COLOUR_RESIDENCY;
  for (guint i = 0; i < n_items; i++)
    add_item (self, colour, &items[i]);
  /* (heat zoomed out colours whole regions: no page marks then) */
  if (shown)
    for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
      add_item (self, colour, &marks[i]);
}

static void
update (MsPageKey *self)
{
  g_autofree char *id = NULL;
  gboolean shown = FALSE;
  gboolean measured, writes_tracked, counts_known;
  MsPageLayer *layer;
  int colour;

  if (self->strip == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  g_object_get (self->strip, "pages-shown", &shown, "page-colour", &id, NULL);
  colour = ms_page_colour_from_id (id);
  if (colour < 0)
    colour = MS_PAGE_COLOUR_RESIDENCY;
  layer = g_object_get_data (G_OBJECT (self->strip), "ms-page-layer");
  measured = layer != NULL && _ms_page_layer_get_activity (layer) != NULL;
  writes_tracked = layer == NULL || _ms_page_layer_get_writes_tracked (layer);
  counts_known = layer == NULL || _ms_page_layer_get_counts_known (layer);
  /* (the heat of a measurement shows at any zoom) */
  gtk_widget_set_visible (GTK_WIDGET (self), shown || (colour == MS_PAGE_COLOUR_HEAT && measured));
  if ((MsPageColour) colour != self->colour || measured != self->heat_measured || shown != self->pages_shown ||
      writes_tracked != self->writes_tracked || counts_known != self->counts_known ||
      gtk_widget_get_first_child (GTK_WIDGET (self)) == NULL)
    {
      self->colour = colour;
      self->heat_measured = measured;
      self->pages_shown = shown;
      self->writes_tracked = writes_tracked;
      self->counts_known = counts_known;
      fill (self, colour, measured, shown, writes_tracked, counts_known);
    }
}

void
ms_page_key_set_strip (MsPageKey *self,
                       GtkWidget *strip)
{
  g_return_if_fail (MS_IS_PAGE_KEY (self));

  self->strip = strip;
  g_signal_group_set_target (self->strip_signals, strip);
  update (self);
}

char *
_ms_page_key_get_text (MsPageKey *self)
{
  GString *text = g_string_new (NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = GTK_IS_LABEL (child) ? child : gtk_widget_get_last_child (child);

      if (GTK_IS_LABEL (label))
        g_string_append_printf (text, "%s\n", gtk_label_get_label (GTK_LABEL (label)));
    }
  return g_string_free (text, FALSE);
}

GtkWidget *
ms_page_key_new (void)
{
  return g_object_new (MS_TYPE_PAGE_KEY, NULL);
}

static void
ms_page_key_dispose (GObject *object)
{
  MsPageKey *self = MS_PAGE_KEY (object);

  clear (self);
  g_clear_object (&self->strip_signals);
  G_OBJECT_CLASS (ms_page_key_parent_class)->dispose (object);
}

static void
ms_page_key_class_init (MsPageKeyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_page_key_dispose;
  gtk_widget_class_set_css_name (widget_class, "pagekey");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ms_page_key_init (MsPageKey *self)
{
  GtkLayoutManager *layout = ms_legend_layout_new ();

  ms_legend_layout_set_wrap (MS_LEGEND_LAYOUT (layout), TRUE);
  gtk_widget_set_layout_manager (GTK_WIDGET (self), layout);
  self->colour = MS_PAGE_COLOUR_RESIDENCY;
  self->strip_signals = g_signal_group_new (GTK_TYPE_WIDGET);
  g_signal_group_connect_swapped (self->strip_signals, "notify::pages-shown", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->strip_signals, "notify::page-colour", G_CALLBACK (update), self);
  /* (another process: its measurement, if any, is gone) */
  g_signal_group_connect_swapped (self->strip_signals, "notify::snapshot", G_CALLBACK (update), self);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What the colours of the pages mean"), -1);
}
