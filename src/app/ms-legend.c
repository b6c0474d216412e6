/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-legend-private.h"

#include <glib/gi18n.h>

#include "ms-cells.h"
#include "ms-format.h"
#include "ms-legend-layout.h"
#include "ms-swatch.h"

/* Each kind present is one item: its name, then its size and resident
 * size under it; the number of regions and the proportional size are in its
 * tooltip. Compact, one line: the name and the size. */
typedef struct {
  GtkWidget *button;
  GtkLabel  *size;       /* on the second line */
  GtkLabel  *figures;    /* beside it: "RSS 1.2 MiB" */
  GtkLabel  *line_size;  /* compact: the size beside the name */
  GtkLabel  *delta;      /* while comparing: the RSS (or size) since the baseline */
  GtkLabel  *line_delta; /* compact: the same beside the size */
} KindEntry;

struct _MsLegend
{
  GtkWidget   parent_instance;

  KindEntry   entries[MS_N_KINDS];
  int         highlight_kind;
  gboolean    compact;
  MsSnapshot *snapshot;
};

enum {
  PROP_0,
  PROP_SNAPSHOT,
  PROP_HIGHLIGHT_KIND,
  PROP_COMPACT,
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

      gtk_widget_set_visible (entry->button, totals != NULL && totals->count > 0);
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

          /* TRANSLATORS: a kind's resident size in the legend, beside its size */
          figures = g_strdup_printf (_("RSS %s"), rss);
          rss_exact = ms_format_size_tooltip (totals->rss);
          /* (a first picture has no PSS yet: never a 0 that is not one) */
          pss_exact = ms_snapshot_is_partial (snapshot) ? g_strdup (C_("figure", "reading…"))
                                                        : ms_format_size_tooltip (totals->pss);
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
      ms_label_set_text (entry->line_size, size);
      ms_label_set_text (entry->figures, figures);
      ms_widget_set_tooltip (entry->button, tooltip);
    }
}

void
ms_legend_set_compare (MsLegend  *self,
                       MsCompare *compare)
{
  g_return_if_fail (MS_IS_LEGEND (self));

  for (int kind = 0; kind < MS_N_KINDS; kind++)
    {
      KindEntry *entry = &self->entries[kind];
      const MsCompareSums *sums = compare != NULL ? ms_compare_get_kind_sums (compare, kind) : NULL;
      gboolean counters = compare != NULL && ms_compare_get_current (compare)->has_counters;
      MsCompareField field = counters ? MS_COMPARE_RSS : MS_COMPARE_SIZE;
      gint64 delta = sums != NULL ? ms_compare_sums_delta (sums, field) : 0;
      g_autofree char *amount = delta != 0 ? ms_format_size_delta (delta) : NULL;
      g_autofree char *text = NULL;

      if (amount != NULL)
        /* TRANSLATORS: a kind's change since the baseline in the legend: "RSS +1.2 MiB" or "+1.2 MiB" */
        text = counters ? g_strdup_printf (_("Δ RSS %s"), amount) : g_strdup_printf (_("Δ %s"), amount);
      gtk_widget_set_visible (GTK_WIDGET (entry->delta), text != NULL);
      gtk_widget_set_visible (GTK_WIDGET (entry->line_delta), text != NULL && self->compact);
      ms_label_set_text (entry->delta, text != NULL ? text : "");
      ms_label_set_text (entry->line_delta, text != NULL ? text : "");
    }
}

static GtkWidget *
new_figure_label (const char *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "numeric");
  if (style != NULL)
    {
      gtk_widget_add_css_class (label, style);
      gtk_widget_add_css_class (label, "dim-label");
    }
  return label;
}

static GtkWidget *
create_entry (MsLegend  *self,
              MsKind     kind)
{
  KindEntry *entry = &self->entries[kind];
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *swatch = ms_swatch_new ();
  GtkWidget *name = gtk_label_new (ms_kind_get_label (kind));
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *size = new_figure_label (NULL);
  GtkWidget *figures = new_figure_label ("caption");
  GtkWidget *line_size = new_figure_label (NULL);

  ms_swatch_set_kind (MS_SWATCH (swatch), kind);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  /* The name whole, never cut: the layout puts as many items in a row as
   * fit. */
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_single_line_mode (GTK_LABEL (name), TRUE);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "kind-name");
  gtk_widget_set_valign (figures, GTK_ALIGN_BASELINE);
  gtk_widget_set_valign (size, GTK_ALIGN_BASELINE);
  gtk_label_set_xalign (GTK_LABEL (line_size), 1);
  gtk_widget_set_visible (line_size, FALSE);

  gtk_box_append (GTK_BOX (line), size);
  gtk_box_append (GTK_BOX (line), figures);
  entry->delta = GTK_LABEL (new_figure_label ("caption"));
  gtk_widget_set_valign (GTK_WIDGET (entry->delta), GTK_ALIGN_BASELINE);
  gtk_widget_set_visible (GTK_WIDGET (entry->delta), FALSE);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (entry->delta));
  entry->line_delta = GTK_LABEL (new_figure_label ("caption"));
  gtk_widget_set_valign (GTK_WIDGET (entry->line_delta), GTK_ALIGN_BASELINE);
  gtk_widget_set_visible (GTK_WIDGET (entry->line_delta), FALSE);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_grid_attach (GTK_GRID (grid), swatch, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), name, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), line_size, 2, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (entry->line_delta), 3, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), line, 1, 1, 2, 1);

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
  entry->line_size = GTK_LABEL (line_size);
  gtk_widget_set_visible (entry->button, FALSE);

  return entry->button;
}

gboolean
ms_legend_get_compact (MsLegend *self)
{
  g_return_val_if_fail (MS_IS_LEGEND (self), FALSE);

  return self->compact;
}

void
ms_legend_set_compact (MsLegend *self,
                       gboolean  compact)
{
  g_return_if_fail (MS_IS_LEGEND (self));

  compact = !!compact;
  if (self->compact == compact)
    return;

  self->compact = compact;
  for (int kind = 0; kind < MS_N_KINDS; kind++)
    {
      KindEntry *entry = &self->entries[kind];

      gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (entry->size)), !compact);
      gtk_widget_set_visible (GTK_WIDGET (entry->line_size), compact);
      gtk_widget_set_visible (GTK_WIDGET (entry->line_delta),
                              compact && gtk_widget_get_visible (GTK_WIDGET (entry->delta)));
    }
  /* One line an item, each as wide as it needs, flowing as words do. */
  ms_legend_layout_set_wrap (MS_LEGEND_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), compact);
  if (compact)
    gtk_widget_add_css_class (GTK_WIDGET (self), "compact");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "compact");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}

GtkWidget *
_ms_legend_get_item (MsLegend *self,
                     MsKind    kind)
{
  g_return_val_if_fail (MS_IS_LEGEND (self), NULL);
  g_return_val_if_fail (kind < MS_N_KINDS, NULL);

  return self->entries[kind].button;
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
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
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
    case PROP_COMPACT:
      ms_legend_set_compact (self, g_value_get_boolean (value));
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
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ms-legend.ui");

  gtk_widget_class_set_layout_manager_type (widget_class, MS_TYPE_LEGEND_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "legend");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ms_legend_init (MsLegend *self)
{
  self->highlight_kind = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (int kind = 0; kind < MS_N_KINDS; kind++)
    gtk_widget_set_parent (create_entry (self, (MsKind) kind), GTK_WIDGET (self));
}
