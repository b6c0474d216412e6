/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-compare-bar.h"

#include <glib/gi18n.h>

#include "ms-format.h"
#include "ms-text.h"

/* Owners listed in "What Grew" at most. */
#define MAX_GREW 20

struct _MsCompareBar
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkWidget    *labels;
  gboolean      compact;
  GtkLabel     *title;
  GtkLabel     *counts;
  GtkWidget    *grew_button;
  GtkListBox   *grew_list;
  MsBaseline   *baseline;
  GSignalGroup *baseline_signals;
  GArray       *grew;          /* the rows' group indices */
};

G_DEFINE_FINAL_TYPE (MsCompareBar, ms_compare_bar, GTK_TYPE_WIDGET)

GtkWidget *
ms_compare_bar_new (void)
{
  return g_object_new (MS_TYPE_COMPARE_BAR, NULL);
}

static GtkWidget *
grew_row (const MsCompareGroup *group)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *delta = ms_format_size_delta (ms_compare_sums_delta (&group->sums, MS_COMPARE_RSS));
  g_autofree char *name = ms_display_text (group->object != NULL ? group->object : ms_kind_get_label (group->kind), -1);
  GtkWidget *amount = gtk_label_new (delta);
  GtkWidget *owner = gtk_label_new (name);

  gtk_widget_add_css_class (amount, "numeric");
  gtk_label_set_width_chars (GTK_LABEL (amount), 10);
  gtk_label_set_xalign (GTK_LABEL (amount), 1.0);
  gtk_label_set_xalign (GTK_LABEL (owner), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (owner), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (owner), 48);
  gtk_widget_set_hexpand (owner, TRUE);
  gtk_widget_set_tooltip_text (owner, name);
  gtk_box_append (GTK_BOX (row), amount);
  gtk_box_append (GTK_BOX (row), owner);
  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_margin_start (row, 6);
  gtk_widget_set_margin_end (row, 6);
  return row;
}

static void
update (MsCompareBar *self)
{
  MsCompare *compare = self->baseline != NULL ? ms_baseline_get_compare (self->baseline) : NULL;
  const char *label = self->baseline != NULL ? ms_baseline_get_label (self->baseline) : NULL;
  g_autofree char *counts = NULL;
  const MsCompareGroup *groups;
  GtkWidget *child;

  gtk_widget_set_visible (GTK_WIDGET (self), label != NULL);
  if (label != NULL && g_strcmp0 (gtk_label_get_text (self->title), label) != 0)
    gtk_label_set_text (self->title, label);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grew_list))) != NULL)
    gtk_list_box_remove (self->grew_list, child);
  g_clear_pointer (&self->grew, g_array_unref);

  if (compare == NULL)
    {
      gtk_label_set_text (self->counts, "");
      gtk_widget_set_sensitive (self->grew_button, FALSE);
      return;
    }

  /* TRANSLATORS: how many regions changed since the baseline */
  counts = g_strdup_printf (_("%u added · %u removed · %u grown · %u shrunk · %u changed"),
                            ms_compare_count (compare, MS_COMPARE_ADDED),
                            ms_compare_count (compare, MS_COMPARE_REMOVED),
                            ms_compare_count (compare, MS_COMPARE_GROWN),
                            ms_compare_count (compare, MS_COMPARE_SHRUNK),
                            ms_compare_count (compare, MS_COMPARE_CHANGED));
  if (g_strcmp0 (gtk_label_get_text (self->counts), counts) != 0)
    {
      gtk_label_set_text (self->counts, counts);
      /* compact, the counts are in the title's tooltip */
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->title), counts);
    }

  self->grew = ms_compare_rank_growth (compare, MS_COMPARE_RSS);
  if (self->grew->len > MAX_GREW)
    g_array_set_size (self->grew, MAX_GREW);
  groups = ms_compare_get_groups (compare, NULL);
  for (guint i = 0; i < self->grew->len; i++)
    gtk_list_box_append (self->grew_list, grew_row (&groups[g_array_index (self->grew, guint, i)]));
  gtk_widget_set_sensitive (self->grew_button, self->grew->len > 0);
}

static void
on_grew_activated (MsCompareBar  *self,
                   GtkListBoxRow *row)
{
  _ms_compare_bar_choose_grew (self, (guint) gtk_list_box_row_get_index (row));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->grew_button));
}

void
_ms_compare_bar_choose_grew (MsCompareBar *self,
                             guint         index)
{
  MsCompare *compare = self->baseline != NULL ? ms_baseline_get_compare (self->baseline) : NULL;
  const MsCompareGroup *group;

  if (compare == NULL || self->grew == NULL || index >= self->grew->len)
    return;
  group = &ms_compare_get_groups (compare, NULL)[g_array_index (self->grew, guint, index)];
  if (group->region >= 0)
    ms_session_set_selected_address (ms_baseline_get_session (self->baseline),
                                     ms_compare_get_current (compare)->regions[group->region].start);
}

static void
on_stop (MsCompareBar *self)
{
  if (self->baseline != NULL)
    ms_baseline_clear (self->baseline);
}

void
ms_compare_bar_set_baseline (MsCompareBar *self,
                             MsBaseline   *baseline)
{
  g_return_if_fail (MS_IS_COMPARE_BAR (self));

  if (!g_set_object (&self->baseline, baseline))
    return;
  g_signal_group_set_target (self->baseline_signals, baseline);
  update (self);
}

void
ms_compare_bar_set_compact (MsCompareBar *self,
                            gboolean      compact)
{
  g_return_if_fail (MS_IS_COMPARE_BAR (self));

  compact = !!compact;
  if (self->compact == compact)
    return;
  self->compact = compact;
  gtk_widget_set_visible (GTK_WIDGET (self->counts), !compact);
  gtk_widget_set_margin_top (self->labels, compact ? 2 : 6);
  gtk_widget_set_margin_bottom (self->labels, compact ? 2 : 6);
}

const char *
_ms_compare_bar_get_counts (MsCompareBar *self)
{
  return gtk_label_get_text (self->counts);
}

guint
_ms_compare_bar_get_n_grew (MsCompareBar *self)
{
  return self->grew != NULL ? self->grew->len : 0;
}

static void
ms_compare_bar_dispose (GObject *object)
{
  MsCompareBar *self = MS_COMPARE_BAR (object);

  if (self->baseline_signals != NULL)
    g_signal_group_set_target (self->baseline_signals, NULL);
  g_clear_object (&self->baseline_signals);
  g_clear_object (&self->baseline);
  g_clear_pointer (&self->grew, g_array_unref);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (ms_compare_bar_parent_class)->dispose (object);
}

static void
ms_compare_bar_class_init (MsCompareBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_compare_bar_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "comparebar");
}

static void
ms_compare_bar_init (MsCompareBar *self)
{
  GtkWidget *labels = self->labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *stop = gtk_button_new_with_mnemonic (_("_Stop Comparing"));
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *heading = gtk_label_new (_("What Grew (RSS)"));
  GtkWidget *popover_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_add_css_class (self->box, "card");
  gtk_widget_add_css_class (self->box, "compare-bar");

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  gtk_label_set_xalign (self->title, 0.0);
  gtk_label_set_ellipsize (self->title, PANGO_ELLIPSIZE_MIDDLE);
  self->counts = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->counts), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->counts), "numeric");
  gtk_label_set_xalign (self->counts, 0.0);
  gtk_label_set_wrap (self->counts, TRUE);
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (self->counts));
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (labels, 12);
  gtk_widget_set_margin_top (labels, 6);
  gtk_widget_set_margin_bottom (labels, 6);
  gtk_box_append (GTK_BOX (self->box), labels);

  self->grew_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->grew_list, GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (self->grew_list, TRUE);
  g_signal_connect_swapped (self->grew_list, "row-activated", G_CALLBACK (on_grew_activated), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->grew_list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0.0);
  gtk_box_append (GTK_BOX (popover_box), heading);
  gtk_box_append (GTK_BOX (popover_box), scrolled);
  gtk_popover_set_child (GTK_POPOVER (popover), popover_box);

  self->grew_button = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->grew_button), _("What Grew"));
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->grew_button), popover);
  gtk_widget_set_tooltip_text (self->grew_button, _("Owners whose resident memory grew the most since the baseline"));
  gtk_widget_set_valign (self->grew_button, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->box), self->grew_button);

  gtk_widget_set_valign (stop, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_end (stop, 12);
  g_signal_connect_swapped (stop, "clicked", G_CALLBACK (on_stop), self);
  gtk_box_append (GTK_BOX (self->box), stop);

  self->baseline_signals = g_signal_group_new (MS_TYPE_BASELINE);
  g_signal_group_connect_swapped (self->baseline_signals, "notify::compare", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->baseline_signals, "notify::label", G_CALLBACK (update), self);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
