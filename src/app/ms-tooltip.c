/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-tooltip.h"

static GQuark label_quark;
static GQuark attached_quark;

static void
ensure_quarks (void)
{
  if (label_quark == 0)
    {
      label_quark = g_quark_from_static_string ("ms-tooltip-label");
      attached_quark = g_quark_from_static_string ("ms-tooltip-attached");
    }
}

GtkLabel *
ms_tooltip_get_label (GtkTooltip *tooltip)
{
  g_return_val_if_fail (GTK_IS_TOOLTIP (tooltip), NULL);

  ensure_quarks ();
  return g_object_get_qdata (G_OBJECT (tooltip), label_quark);
}

/* One label per tooltip (GTK has one per display, showing one widget's
 * tooltip at a time), kept while the tooltip lives: a tooltip shown again
 * is not laid out anew, and the label is never in two tooltips at once. */
static GtkLabel *
ensure_label (GtkTooltip *tooltip)
{
  GtkLabel *label = ms_tooltip_get_label (tooltip);

  if (label != NULL)
    return label;

  label = GTK_LABEL (gtk_label_new (NULL));
  g_object_ref_sink (label);
  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (label, MS_TOOLTIP_WIDTH_CHARS);
  gtk_label_set_xalign (label, 0.0);
  g_object_set_qdata_full (G_OBJECT (tooltip), label_quark, label, g_object_unref);
  return label;
}

void
ms_tooltip_set_markup (GtkTooltip *tooltip,
                       const char *markup)
{
  GtkLabel *label;

  g_return_if_fail (GTK_IS_TOOLTIP (tooltip));

  label = ensure_label (tooltip);
  /* Setting the same markup again would lay the label out again. */
  if (!gtk_label_get_use_markup (label) || g_strcmp0 (gtk_label_get_label (label), markup) != 0)
    gtk_label_set_markup (label, markup != NULL ? markup : "");
  gtk_tooltip_set_custom (tooltip, GTK_WIDGET (label));
}

void
ms_tooltip_set_text (GtkTooltip *tooltip,
                     const char *text)
{
  GtkLabel *label;

  g_return_if_fail (GTK_IS_TOOLTIP (tooltip));

  label = ensure_label (tooltip);
  if (gtk_label_get_use_markup (label) || g_strcmp0 (gtk_label_get_label (label), text) != 0)
    gtk_label_set_text (label, text != NULL ? text : "");
  gtk_tooltip_set_custom (tooltip, GTK_WIDGET (label));
}

/* Runs before GtkWidget's own handler, which would put the tooltip-markup
 * in GTK's label; a widget without one goes on to its own handler. */
static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_tooltip,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *markup = gtk_widget_get_tooltip_markup (widget);

  if (markup == NULL || *markup == '\0')
    return FALSE;

  ms_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

void
ms_tooltip_attach_tree (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  ensure_quarks ();
  if (g_object_get_qdata (G_OBJECT (root), attached_quark) == NULL)
    {
      g_object_set_qdata (G_OBJECT (root), attached_quark, GINT_TO_POINTER (TRUE));
      g_signal_connect (root, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    ms_tooltip_attach_tree (child);
}
