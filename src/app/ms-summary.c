/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-summary-private.h"

#include <glib/gi18n.h>

#include "ms-cells.h"
#include "ms-classify.h"
#include "ms-format.h"
#include "ms-limits-view.h"
#include "ms-text.h"

enum {
  FIGURE_VSS,
  FIGURE_RSS,
  FIGURE_PSS,
  FIGURE_USS,
  FIGURE_SWAP,
  N_FIGURES
};

struct _MsSummary
{
  GtkWidget  parent_instance;

  GtkLabel  *name_label;
  GtkLabel  *details_label;
  GtkWidget *paused_box;
  GtkLabel  *paused_label;
  GtkWidget *resume_button;
  GtkLabel  *cmdline_label;
  MsLimitsView *limits_view;
  GtkLabel  *values[N_FIGURES];
  GtkWidget *cards[N_FIGURES];
  GtkLabel  *deltas[N_FIGURES];   /* since the baseline, while comparing */

  gboolean   compact;
  gboolean   paused;
  MsSnapshot *snapshot;
};

enum {
  PROP_0,
  PROP_SNAPSHOT,
  PROP_PAUSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsSummary, ms_summary, GTK_TYPE_WIDGET)

static void update (MsSummary *self);

static const char * const figure_help[N_FIGURES] = {
  N_("Virtual set size: all mapped address space, resident or not"),
  N_("Resident set size: how much of it is in RAM"),
  N_("Proportional set size: RAM with each shared page divided among the processes that map it"),
  N_("Unique set size: RAM only this process uses (private clean and dirty)"),
  N_("Swapped out to disk"),
};

GtkWidget *
ms_summary_new (void)
{
  return g_object_new (MS_TYPE_SUMMARY, NULL);
}

/* A figure still being read (the first picture's PSS, USS, swap). */
static void
set_figure_reading (MsSummary *self,
                    guint      figure)
{
  g_autofree char *tooltip = NULL;

  tooltip = g_strdup_printf ("%s\n%s", _(figure_help[figure]),
                             _("This first picture shows sizes and resident memory; the rest is being read"));
  /* TRANSLATORS: shown instead of a size not read yet (a figure, keep it short) */
  ms_label_set_text (self->values[figure], C_("figure", "reading…"));
  ms_widget_set_tooltip (self->cards[figure], tooltip);
}

static void
set_figure (MsSummary *self,
            guint      figure,
            guint64    bytes,
            gboolean   known)
{
  g_autofree char *text = NULL;
  g_autofree char *exact = NULL;
  g_autofree char *tooltip = NULL;

  if (known)
    {
      text = ms_format_size (bytes);
      exact = ms_format_size_tooltip (bytes);
      tooltip = g_strdup_printf ("%s\n%s", exact, _(figure_help[figure]));
    }
  else
    {
      /* TRANSLATORS: shown instead of a size that a maps capture does not have */
      text = g_strdup (C_("figure", "—"));
      tooltip = g_strdup_printf ("%s\n%s", _(figure_help[figure]),
                                 _("A captured maps file has no counters: capture smaps to see them"));
    }

  ms_label_set_text (self->values[figure], text);
  ms_widget_set_tooltip (self->cards[figure], tooltip);
}

/* Paused, the time of the reading is shown as the time it stopped at, with
 * a button to refresh again. */
static void
update_paused (MsSummary *self)
{
  MsSnapshot *snapshot = self->snapshot;
  gboolean shown = self->paused && snapshot != NULL && snapshot->source == MS_SOURCE_PROCESS;

  if (shown)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (snapshot->time_usec / G_USEC_PER_SEC);
      g_autofree char *clock = time != NULL ? g_date_time_format (time, "%X") : g_strdup ("");
      /* TRANSLATORS: refreshing is paused; %s is the time of the reading shown */
      g_autofree char *text = g_strdup_printf (_("Paused · read at %s"), clock);

      ms_label_set_text (self->paused_label, text);
    }
  gtk_widget_set_visible (self->paused_box, shown);
}

gboolean
ms_summary_get_paused (MsSummary *self)
{
  g_return_val_if_fail (MS_IS_SUMMARY (self), FALSE);

  return self->paused;
}

void
ms_summary_set_paused (MsSummary *self,
                       gboolean   paused)
{
  g_return_if_fail (MS_IS_SUMMARY (self));

  paused = !!paused;
  if (self->paused == paused)
    return;

  self->paused = paused;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

static void
update (MsSummary *self)
{
  MsSnapshot *snapshot = self->snapshot;
  g_autofree char *details = NULL;
  g_autofree char *regions = NULL;
  g_autofree char *count = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *clock = NULL;
  const char *allocator;
  gboolean counters;

  if (snapshot == NULL)
    {
      ms_label_set_text (self->name_label, "");
      ms_label_set_text (self->details_label, "");
      ms_label_set_text (self->cmdline_label, "");
      for (guint i = 0; i < N_FIGURES; i++)
        set_figure (self, i, 0, FALSE);
      update_paused (self);
      return;
    }

  count = ms_format_count (snapshot->n_regions);
  regions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s region", "%s regions", snapshot->n_regions), count);
  time = g_date_time_new_from_unix_local (snapshot->time_usec / G_USEC_PER_SEC);
  clock = time != NULL ? g_date_time_format (time, "%X") : g_strdup ("");

  if (snapshot->source == MS_SOURCE_PROCESS)
    {
      g_autofree char *threads = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u thread", "%u threads",
                                                               MAX (snapshot->status.threads, 1)),
                                                  MAX (snapshot->status.threads, 1));

      ms_label_set_text (self->name_label, snapshot->name);
      if (self->paused)
        /* TRANSLATORS: PID, user, threads and regions (the time of the
         * reading follows, with "Paused") */
        details = g_strdup_printf (_("PID %d · %s · %s · %s"),
                                   snapshot->pid,
                                   snapshot->user != NULL && *snapshot->user ? snapshot->user : _("unknown user"),
                                   threads, regions);
      else
        /* TRANSLATORS: PID, user, threads, regions and the time of the reading */
        details = g_strdup_printf (_("PID %d · %s · %s · %s · read at %s"),
                                   snapshot->pid,
                                   snapshot->user != NULL && *snapshot->user ? snapshot->user : _("unknown user"),
                                   threads, regions, clock);
      ms_label_set_text (self->cmdline_label, snapshot->cmdline);
      ms_widget_set_tooltip (GTK_WIDGET (self->cmdline_label), snapshot->cmdline);
      gtk_widget_set_visible (GTK_WIDGET (self->cmdline_label), snapshot->cmdline[0] != '\0');
    }
  else if (snapshot->pid > 0)
    {
      /* A sample of a recording (ms-recording.h): the process as it was. */
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (snapshot->time_usec / G_USEC_PER_SEC);
      g_autofree char *date = when != NULL ? g_date_time_format (when, "%x %X") : g_strdup ("");

      ms_label_set_text (self->name_label, snapshot->name);
      /* TRANSLATORS: a sample of a recording: PID, user, regions and the date and time it was taken */
      details = g_strdup_printf (_("Recorded · PID %d · %s · %s · at %s"),
                                 snapshot->pid,
                                 snapshot->user != NULL && *snapshot->user ? snapshot->user : _("unknown user"),
                                 regions, date);
      ms_label_set_text (self->cmdline_label, snapshot->cmdline);
      ms_widget_set_tooltip (GTK_WIDGET (self->cmdline_label), snapshot->cmdline);
      gtk_widget_set_visible (GTK_WIDGET (self->cmdline_label), snapshot->cmdline[0] != '\0');
    }
  else
    {
      g_autofree char *path = g_filename_display_name (snapshot->source_path);

      ms_label_set_text (self->name_label, snapshot->name);
      details = g_strdup_printf ("%s · %s",
                                 snapshot->has_counters ? _("Captured smaps file") : _("Captured maps file, without counters"),
                                 regions);
      ms_label_set_text (self->cmdline_label, path);
      ms_widget_set_tooltip (GTK_WIDGET (self->cmdline_label), path);
      gtk_widget_set_visible (GTK_WIDGET (self->cmdline_label), TRUE);
    }
  allocator = ms_detect_allocator (snapshot->regions, snapshot->n_regions);
  if (allocator != NULL)
    {
      /* TRANSLATORS: the details above, then the malloc the process uses
       * instead of glibc's: "PID 12 · … · allocator: jemalloc" */
      char *with_allocator = g_strdup_printf (_("%s · allocator: %s"), details, allocator);

      g_free (details);
      details = with_allocator;
    }
  ms_label_set_text (self->details_label, details);

  counters = snapshot->has_counters;
  set_figure (self, FIGURE_VSS, snapshot->total.vss, TRUE);
  set_figure (self, FIGURE_RSS, snapshot->total.rss, counters);
  set_figure (self, FIGURE_PSS, snapshot->total.pss, counters);
  set_figure (self, FIGURE_USS, snapshot->total.uss, counters);
  set_figure (self, FIGURE_SWAP, snapshot->total.swap, counters);
  if (ms_snapshot_is_partial (snapshot))
    {
      set_figure_reading (self, FIGURE_PSS);
      set_figure_reading (self, FIGURE_USS);
      set_figure_reading (self, FIGURE_SWAP);
    }
  update_paused (self);
}

gboolean
ms_summary_get_compact (MsSummary *self)
{
  g_return_val_if_fail (MS_IS_SUMMARY (self), FALSE);

  return self->compact;
}

void
ms_summary_set_compact (MsSummary *self,
                        gboolean   compact)
{
  g_return_if_fail (MS_IS_SUMMARY (self));

  compact = !!compact;
  if (self->compact == compact)
    return;

  self->compact = compact;
  /* Each figure on one line, "RSS 2.8 MiB": the word under the
   * abbreviation ("resident") goes, its tooltip still says it all. */
  for (guint i = 0; i < N_FIGURES; i++)
    {
      GtkWidget *heading = gtk_widget_get_first_child (self->cards[i]);
      GtkWidget *word = gtk_widget_get_last_child (heading);

      gtk_orientable_set_orientation (GTK_ORIENTABLE (self->cards[i]),
                                      compact ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
      gtk_box_set_spacing (GTK_BOX (self->cards[i]), compact ? 8 : 2);
      gtk_widget_set_valign (heading, compact ? GTK_ALIGN_BASELINE : GTK_ALIGN_FILL);
      gtk_widget_set_valign (GTK_WIDGET (self->values[i]), compact ? GTK_ALIGN_BASELINE : GTK_ALIGN_FILL);
      if (word != gtk_widget_get_first_child (heading))
        gtk_widget_set_visible (word, !compact);
    }
}

GtkWidget *
_ms_summary_get_resume_button (MsSummary *self)
{
  return gtk_widget_get_visible (self->paused_box) ? self->resume_button : NULL;
}

const char *
_ms_summary_get_figure_text (MsSummary *self,
                             guint      figure)
{
  g_return_val_if_fail (figure < N_FIGURES, NULL);

  return gtk_label_get_text (self->values[figure]);
}

const char *
_ms_summary_get_details (MsSummary *self)
{
  return gtk_label_get_text (self->details_label);
}

const char *
_ms_summary_get_paused_text (MsSummary *self)
{
  return gtk_widget_get_visible (self->paused_box) ? gtk_label_get_text (self->paused_label) : NULL;
}

void
ms_summary_set_snapshot (MsSummary  *self,
                         MsSnapshot *snapshot)
{
  g_return_if_fail (MS_IS_SUMMARY (self));

  if (snapshot == self->snapshot)
    return;
  g_clear_pointer (&self->snapshot, ms_snapshot_unref);
  self->snapshot = snapshot != NULL ? ms_snapshot_ref (snapshot) : NULL;
  ms_limits_view_set_snapshot (self->limits_view, snapshot);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT]);
}

static void
ms_summary_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), MS_TYPE_SUMMARY);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&MS_SUMMARY (object)->snapshot, ms_snapshot_unref);

  G_OBJECT_CLASS (ms_summary_parent_class)->dispose (object);
}

static void
ms_summary_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SNAPSHOT:
      g_value_set_boxed (value, MS_SUMMARY (object)->snapshot);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, MS_SUMMARY (object)->paused);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_summary_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SNAPSHOT:
      ms_summary_set_snapshot (MS_SUMMARY (object), g_value_get_boxed (value));
      break;
    case PROP_PAUSED:
      ms_summary_set_paused (MS_SUMMARY (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_summary_class_init (MsSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_summary_dispose;
  object_class->get_property = ms_summary_get_property;
  object_class->set_property = ms_summary_set_property;

  properties[PROP_SNAPSHOT] =
    g_param_spec_boxed ("snapshot", NULL, NULL, MS_TYPE_SNAPSHOT,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MS_TYPE_LIMITS_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ms-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, MsSummary, name_label);
  gtk_widget_class_bind_template_child (widget_class, MsSummary, details_label);
  gtk_widget_class_bind_template_child (widget_class, MsSummary, paused_box);
  gtk_widget_class_bind_template_child (widget_class, MsSummary, paused_label);
  gtk_widget_class_bind_template_child (widget_class, MsSummary, resume_button);
  gtk_widget_class_bind_template_child (widget_class, MsSummary, cmdline_label);
  gtk_widget_class_bind_template_child (widget_class, MsSummary, limits_view);
  gtk_widget_class_bind_template_child_full (widget_class, "vss_value", FALSE,
                                             G_STRUCT_OFFSET (MsSummary, values[FIGURE_VSS]));
  gtk_widget_class_bind_template_child_full (widget_class, "rss_value", FALSE,
                                             G_STRUCT_OFFSET (MsSummary, values[FIGURE_RSS]));
  gtk_widget_class_bind_template_child_full (widget_class, "pss_value", FALSE,
                                             G_STRUCT_OFFSET (MsSummary, values[FIGURE_PSS]));
  gtk_widget_class_bind_template_child_full (widget_class, "uss_value", FALSE,
                                             G_STRUCT_OFFSET (MsSummary, values[FIGURE_USS]));
  gtk_widget_class_bind_template_child_full (widget_class, "swap_value", FALSE,
                                             G_STRUCT_OFFSET (MsSummary, values[FIGURE_SWAP]));
  gtk_widget_class_bind_template_child_full (widget_class, "vss_card", FALSE,
                                             G_STRUCT_OFFSET (MsSummary, cards[FIGURE_VSS]));
  gtk_widget_class_bind_template_child_full (widget_class, "rss_card", FALSE,
                                             G_STRUCT_OFFSET (MsSummary, cards[FIGURE_RSS]));
  gtk_widget_class_bind_template_child_full (widget_class, "pss_card", FALSE,
                                             G_STRUCT_OFFSET (MsSummary, cards[FIGURE_PSS]));
  gtk_widget_class_bind_template_child_full (widget_class, "uss_card", FALSE,
                                             G_STRUCT_OFFSET (MsSummary, cards[FIGURE_USS]));
  gtk_widget_class_bind_template_child_full (widget_class, "swap_card", FALSE,
                                             G_STRUCT_OFFSET (MsSummary, cards[FIGURE_SWAP]));

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "summary");
}

/* The figures in the order of MsCompareField: VSS (size), RSS, PSS, USS, swap. */
G_STATIC_ASSERT ((int) FIGURE_VSS == (int) MS_COMPARE_SIZE && (int) FIGURE_SWAP == (int) MS_COMPARE_SWAP);

void
ms_summary_set_compare (MsSummary *self,
                        MsCompare *compare)
{
  const MsCompareSums *sums = compare != NULL ? ms_compare_get_total_sums (compare) : NULL;

  g_return_if_fail (MS_IS_SUMMARY (self));

  for (guint i = 0; i < N_FIGURES; i++)
    {
      g_autofree char *delta = sums != NULL ? ms_format_size_delta (ms_compare_sums_delta (sums, i)) : NULL;
      /* TRANSLATORS: a total's change since the baseline, under it: "Δ +1.2 MiB" */
      g_autofree char *text = delta != NULL ? g_strdup_printf (_("Δ %s"), delta) : NULL;

      gtk_widget_set_visible (GTK_WIDGET (self->deltas[i]), text != NULL);
      ms_widget_set_tooltip (GTK_WIDGET (self->deltas[i]), text != NULL ? _("Change since the baseline") : NULL);
      ms_label_set_text (self->deltas[i], text != NULL ? text : "");
    }
}

static void
ms_summary_init (MsSummary *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < N_FIGURES; i++)
    {
      self->deltas[i] = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (self->deltas[i], 0);
      gtk_label_set_ellipsize (self->deltas[i], PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (GTK_WIDGET (self->deltas[i]), "caption");
      gtk_widget_add_css_class (GTK_WIDGET (self->deltas[i]), "numeric");
      gtk_widget_add_css_class (GTK_WIDGET (self->deltas[i]), "dim-label");
      gtk_widget_set_visible (GTK_WIDGET (self->deltas[i]), FALSE);
      gtk_box_append (GTK_BOX (self->cards[i]), GTK_WIDGET (self->deltas[i]));
    }
}
