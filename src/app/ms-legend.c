/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-legend.h"

#include <glib/gi18n.h>

#include "ms-cells.h"
#include "ms-format.h"
#include "ms-swatch.h"

typedef struct {
  GtkWidget *child;      /* the GtkFlowBoxChild */
  GtkWidget *button;
  GtkLabel  *size;
  GtkLabel  *figures;
} KindEntry;

struct _MsLegend
{
  GtkWidget   parent_instance;

  GtkFlowBox *flow_box;
  KindEntry   entries[MS_N_KINDS];
  int         highlight_kind;
  MsSnapshot *snapshot;
};

enum {
  PROP_0,
  PROP_SNAPSHOT,
  PROP_HIGHLIGHT_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsLegend, ms_legend, GTK_TYPE_WIDGET)

GtkWidget *
ms_legend_new (void)
{
  return g_object_new (MS_TYPE_LEGEND, NULL);
}

/* Each button's toggle handler then finds the kind it would set already
 * set, or not its own: nothing to guard against. */
static void
sync_buttons (MsLegend *self)
{
  for (int kind = 0; kind < MS_N_KINDS; kind++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->entries[kind].button),
                                  kind == self->highlight_kind);
}

int
ms_legend_get_highlight_kind (MsLegend *self)
{
  g_return_val_if_fail (MS_IS_LEGEND (self), -1);

  return self->highlight_kind;
}

void
ms_legend_set_highlight_kind (MsLegend *self,
                              int       kind)
{
  g_return_if_fail (MS_IS_LEGEND (self));
  g_return_if_fail (kind >= -1 && kind < MS_N_KINDS);

  if (self->highlight_kind == kind)
    return;

  self->highlight_kind = kind;
  sync_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHT_KIND]);
}

static void
on_toggled (GtkToggleButton *button,
            MsLegend        *self)
{
  int kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "ms-kind"));

  if (gtk_toggle_button_get_active (button))
    ms_legend_set_highlight_kind (self, kind);
  else if (self->highlight_kind == kind)
    ms_legend_set_highlight_kind (self, -1);
}

void
ms_legend_set_snapshot (MsLegend   *self,
                        MsSnapshot *snapshot)
{
  g_return_if_fail (MS_IS_LEGEND (self));

  if (self->snapshot == snapshot)
    return;
  g_clear_pointer (&self->snapshot, ms_snapshot_unref);
  self->snapshot = snapshot != NULL ? ms_snapshot_ref (snapshot) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT]);

  for (int kind = 0; kind < MS_N_KINDS; kind++)
    {
      KindEntry *entry = &self->entries[kind];
      const MsTotals *totals = snapshot != NULL ? &snapshot->per_kind[kind] : NULL;
      g_autofree char *count = NULL;
      g_autofree char *count_text = NULL;
      g_autofree char *size = NULL;
      g_autofree char *figures = NULL;
      g_autofree char *tooltip = NULL;
      g_autofree char *size_exact = NULL;
      g_autofree char *rss_exact = NULL;
      g_autofree char *pss_exact = NULL;

      gtk_widget_set_visible (entry->child, totals != NULL && totals->count > 0);
      if (totals == NULL || totals->count == 0)
        {
          if (self->highlight_kind == kind)
            ms_legend_set_highlight_kind (self, -1);
          continue;
        }

      count = ms_format_count (totals->count);
      count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s region", "%s regions", totals->count), count);
      size = ms_format_size (totals->vss);
      size_exact = ms_format_size_tooltip (totals->vss);
      if (snapshot->has_counters)
        {
          g_autofree char *rss = ms_format_size (totals->rss);
          g_autofree char *pss = ms_format_size (totals->pss);

          /* TRANSLATORS: per-kind totals in the legend: regions, resident, proportional */
          figures = g_strdup_printf (_("%s · RSS %s · PSS %s"), count_text, rss, pss);
          rss_exact = ms_format_size_tooltip (totals->rss);
          pss_exact = ms_format_size_tooltip (totals->pss);
          tooltip = g_strdup_printf (_("%s\n%s, %s\nResident (RSS): %s\nProportional (PSS): %s\nClick to highlight these regions in the map"),
                                     ms_kind_get_description ((MsKind) kind), count_text, size_exact, rss_exact, pss_exact);
        }
      else
        {
          figures = g_strdup (count_text);
          tooltip = g_strdup_printf (_("%s\n%s, %s\nClick to highlight these regions in the map"),
                                     ms_kind_get_description ((MsKind) kind), count_text, size_exact);
        }

      ms_label_set_text (entry->size, size);
      ms_label_set_text (entry->figures, figures);
      ms_widget_set_tooltip (entry->button, tooltip);
    }
}

static GtkWidget *
create_entry (MsLegend  *self,
              MsKind     kind)
{
  KindEntry *entry = &self->entries[kind];
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *swatch = ms_swatch_new ();
  GtkWidget *name = gtk_label_new (ms_kind_get_label (kind));
  GtkWidget *size = gtk_label_new (NULL);
  GtkWidget *figures = gtk_label_new (NULL);

  ms_swatch_set_kind (MS_SWATCH (swatch), kind);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "kind-name");
  gtk_label_set_xalign (GTK_LABEL (size), 1);
  gtk_widget_add_css_class (size, "numeric");
  gtk_label_set_xalign (GTK_LABEL (figures), 0);
  gtk_label_set_ellipsize (GTK_LABEL (figures), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (figures, "caption");
  gtk_widget_add_css_class (figures, "dim-label");
  gtk_widget_add_css_class (figures, "numeric");

  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_grid_attach (GTK_GRID (grid), swatch, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), name, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), size, 2, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), figures, 1, 1, 2, 1);

  entry->button = gtk_toggle_button_new ();
  gtk_button_set_child (GTK_BUTTON (entry->button), grid);
  gtk_widget_add_css_class (entry->button, "flat");
  gtk_widget_add_css_class (entry->button, "legend-item");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, ms_kind_get_label (kind),
                                  -1);
  g_object_set_data (G_OBJECT (entry->button), "ms-kind", GINT_TO_POINTER (kind));
  g_signal_connect (entry->button, "toggled", G_CALLBACK (on_toggled), self);

  entry->size = GTK_LABEL (size);
  entry->figures = GTK_LABEL (figures);
  entry->child = gtk_flow_box_child_new ();
  gtk_widget_set_focusable (entry->child, FALSE);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (entry->child), entry->button);
  gtk_widget_set_visible (entry->child, FALSE);

  return entry->child;
}

static void
ms_legend_dispose (GObject *object)
{
  MsLegend *self = MS_LEGEND (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_LEGEND);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->snapshot, ms_snapshot_unref);

  G_OBJECT_CLASS (ms_legend_parent_class)->dispose (object);
}

static void
ms_legend_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MsLegend *self = MS_LEGEND (object);

  switch (prop_id)
    {
    case PROP_SNAPSHOT:
      g_value_set_boxed (value, self->snapshot);
      break;
    case PROP_HIGHLIGHT_KIND:
      g_value_set_int (value, self->highlight_kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_legend_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  MsLegend *self = MS_LEGEND (object);

  switch (prop_id)
    {
    case PROP_SNAPSHOT:
      ms_legend_set_snapshot (self, g_value_get_boxed (value));
      break;
    case PROP_HIGHLIGHT_KIND:
      ms_legend_set_highlight_kind (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_legend_class_init (MsLegendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_legend_dispose;
  object_class->get_property = ms_legend_get_property;
  object_class->set_property = ms_legend_set_property;

  properties[PROP_SNAPSHOT] =
    g_param_spec_boxed ("snapshot", NULL, NULL, MS_TYPE_SNAPSHOT,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGHLIGHT_KIND] =
    g_param_spec_int ("highlight-kind", NULL, NULL, -1, MS_N_KINDS - 1, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ms-legend.ui");
  gtk_widget_class_bind_template_child (widget_class, MsLegend, flow_box);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "legend");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ms_legend_init (MsLegend *self)
{
  self->highlight_kind = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (int kind = 0; kind < MS_N_KINDS; kind++)
    gtk_flow_box_append (self->flow_box, create_entry (self, (MsKind) kind));
}
