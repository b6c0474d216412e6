/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-limits-view-private.h"

#include <glib/gi18n.h>

#include "ms-cells.h"
#include "ms-format.h"

/* The status figures shown under the headroom rows. */
typedef enum {
  STATUS_VM_PEAK,
  STATUS_VM_HWM,
  STATUS_VM_PTE,
  STATUS_VM_LCK,
  STATUS_VM_PIN,
  STATUS_RSS_ANON,
  STATUS_RSS_FILE,
  STATUS_RSS_SHMEM,
  STATUS_MINFLT,
  STATUS_MAJFLT,
  N_STATUS
} StatusFigure;

static const struct {
  const char *name;     /* as /proc/PID/status names it: not translated */
  const char *help;
} status_figures[N_STATUS] = {
  { "VmPeak", N_("The largest its address space (VSS) has been") },
  { "VmHWM", N_("The most RAM (RSS) it has held: its high-water mark") },
  { "VmPTE", N_("The kernel’s page tables for its address space") },
  { "VmLck", N_("Locked in RAM with mlock") },
  { "VmPin", N_("Pinned in RAM by the kernel or a device (for DMA, io_uring, RDMA)") },
  { "RssAnon", N_("Resident anonymous memory: heap, stacks, private mappings") },
  { "RssFile", N_("Resident pages of mapped files") },
  { "RssShmem", N_("Resident shared memory: SysV, /dev/shm, memfd, shared anonymous") },
  { "minflt", N_("Minor page faults: pages it touched that were found in RAM (from /proc/PID/stat)") },
  { "majflt", N_("Major page faults: pages it had to wait for from disk or swap (from /proc/PID/stat)") },
};

typedef struct {
  GtkWidget *name;
  GtkLabel  *used;
  GtkLabel  *limit;
  GtkWidget *bar;
  GtkLabel  *state;
} HeadroomRow;

struct _MsLimitsView
{
  GtkWidget     parent_instance;

  GtkWidget    *button;
  GtkWidget    *icon;
  GtkLabel     *label;
  GtkWidget    *table;
  HeadroomRow   rows[MS_N_HEADROOM];
  GtkLabel     *group_label;
  GtkLabel     *group_details;
  GtkLabel     *status_values[N_STATUS];
  GtkWidget    *status_names[N_STATUS];

  MsLimits     *limits;
  GCancellable *cancellable;
  guint         serial;        /* of the newest read; older answers are dropped */
  gboolean      reading;
  int           reading_pid;
  gboolean      pending;       /* a newer snapshot came during the read */
  int           pending_maps;
  int           pid;           /* of the live process shown, else 0 */
  int           n_maps;        /* its mappings in the latest snapshot */
  guint         open_refresh;  /* while the table is open: a source id */
};

/* How often the open table is read again when no new snapshot comes (an
 * unchanged process keeps its snapshot; the system's figures still move). */
#define OPEN_REFRESH_MS 2000

G_DEFINE_FINAL_TYPE (MsLimitsView, ms_limits_view, GTK_TYPE_WIDGET)

GtkWidget *
ms_limits_view_new (void)
{
  return g_object_new (MS_TYPE_LIMITS_VIEW, NULL);
}

/* --- showing ------------------------------------------------------------------ */

static char *
format_value (MsHeadroomUnit unit,
              guint64        value)
{
  if (value == MS_LIMIT_UNLIMITED)
    /* TRANSLATORS: a limit that is not set */
    return g_strdup (_("unlimited"));
  return unit == MS_HEADROOM_BYTES ? ms_format_size (value) : ms_format_count (value);
}

static char *
format_percent (double fraction)
{
  /* TRANSLATORS: a percentage of a limit, "97 %" */
  return g_strdup_printf (_("%.0f %%"), MIN (fraction * 100.0, 999.0));
}

static const char *
overcommit_words (MsOvercommit mode)
{
  switch (mode)
    {
    case MS_OVERCOMMIT_HEURISTIC:
      return _("not enforced: vm.overcommit_memory is 0 (heuristic), only obvious overcommits are refused");
    case MS_OVERCOMMIT_ALWAYS:
      return _("not enforced: vm.overcommit_memory is 1 (always), no allocation is refused");
    case MS_OVERCOMMIT_NEVER:
      return _("enforced: vm.overcommit_memory is 2 (strict), allocations past it fail");
    case MS_OVERCOMMIT_UNKNOWN:
    default:
      return _("vm.overcommit_memory could not be read");
    }
}

static void
update_row (MsLimitsView *self,
            MsHeadroomId  id)
{
  const MsHeadroomInfo *info = ms_headroom_info (id);
  const MsHeadroom *row = &self->limits->rows[id];
  HeadroomRow *widgets = &self->rows[id];
  g_autofree char *used = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *hard = NULL;
  g_autofree char *state = NULL;
  g_autofree char *tooltip = NULL;
  gboolean limited = row->limit != MS_LIMIT_UNLIMITED;

  gtk_widget_set_visible (widgets->name, row->known);
  gtk_widget_set_visible (GTK_WIDGET (widgets->used), row->known);
  gtk_widget_set_visible (GTK_WIDGET (widgets->limit), row->known);
  gtk_widget_set_visible (widgets->bar, row->known);
  gtk_widget_set_visible (GTK_WIDGET (widgets->state), row->known);
  if (!row->known)
    return;

  used = format_value (info->unit, row->used);
  limit = format_value (info->unit, row->limit);
  ms_label_set_text (widgets->used, used);
  ms_label_set_text (widgets->limit, limit);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (widgets->bar), limited ? MIN (row->fraction, 1.0) : 0.0);

  if (row->flagged)
    {
      g_autofree char *percent = format_percent (row->fraction);

      /* TRANSLATORS: a limit within 10 % of being reached: "97 % · close" */
      state = g_strdup_printf (_("%s · close"), percent);
    }
  else if (!row->enforced)
    {
      g_autofree char *percent = format_percent (row->fraction);

      /* TRANSLATORS: "54 % · not enforced" */
      state = g_strdup_printf (_("%s · not enforced"), percent);
    }
  else if (limited)
    state = format_percent (row->fraction);
  else
    /* TRANSLATORS: there is no limit to be close to */
    state = g_strdup (_("no limit"));
  ms_label_set_text (widgets->state, state);
  if (row->flagged)
    gtk_widget_add_css_class (GTK_WIDGET (widgets->state), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (widgets->state), "warning");

  hard = format_value (info->unit, row->hard);
  if (id == MS_HEADROOM_COMMIT)
    tooltip = g_strdup_printf ("%s\n%s: %s · %s: %s\n%s", _(info->help),
                               info->used_source, used, info->limit_source, limit,
                               overcommit_words (self->limits->overcommit));
  else if (id <= MS_HEADROOM_LOCKED)
    /* TRANSLATORS: the help, then "VmSize: 1.2 GiB · RLIMIT_AS: 1.3 GiB (hard limit: unlimited)" */
    tooltip = g_strdup_printf (_("%s\n%s: %s · %s: %s (hard limit: %s)"), _(info->help),
                               info->used_source, used, info->limit_source, limit, hard);
  else
    tooltip = g_strdup_printf ("%s\n%s: %s · %s: %s", _(info->help),
                               info->used_source, used, info->limit_source, limit);
  ms_widget_set_tooltip (widgets->name, tooltip);
  ms_widget_set_tooltip (widgets->bar, tooltip);
  ms_widget_set_tooltip (GTK_WIDGET (widgets->state), tooltip);
}

static void
update_group (MsLimitsView *self)
{
  const MsLimits *limits = self->limits;
  const MsCgroupMemory *memory = &limits->cgroup;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *group = NULL;

  if (limits->cgroup_path == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->group_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->group_details), FALSE);
      return;
    }

  /* TRANSLATORS: its control group's name (a unit or container) and path */
  group = g_strdup_printf (_("Control group: %s (%s)"),
                           limits->cgroup_name[0] != '\0' ? limits->cgroup_name : _("the root"),
                           limits->cgroup_path);
  ms_label_set_text (self->group_label, group);
  ms_widget_set_tooltip (GTK_WIDGET (self->group_label), group);
  gtk_widget_set_visible (GTK_WIDGET (self->group_label), TRUE);

  if (!limits->has_cgroup_memory)
    g_string_append (details, _("Its memory controller cannot be read here"));
  else
    {
      if (memory->has_peak)
        {
          g_autofree char *peak = ms_format_size (memory->peak);

          /* TRANSLATORS: the most memory its control group has used */
          g_string_append_printf (details, _("peak %s"), peak);
        }
      else
        g_string_append (details, _("no memory.peak on this kernel (Linux 5.19 has it)"));

      if (memory->has_swap)
        {
          g_autofree char *swap = ms_format_size (memory->swap_current);
          g_autofree char *swap_max = format_value (MS_HEADROOM_BYTES, memory->swap_max);

          /* TRANSLATORS: its control group's swap use and limit: "swap 0 bytes of unlimited" */
          g_string_append (details, " · ");
          g_string_append_printf (details, _("swap %s of %s"), swap, swap_max);
        }
      if (memory->has_oom_kill)
        {
          g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, memory->oom_kill);

          g_string_append (details, " · ");
          /* (the count as text: a G_GUINT64_FORMAT in a message is not one
           * that xgettext can read) */
          g_string_append_printf (details,
                                  g_dngettext (GETTEXT_PACKAGE, "%s process killed for memory",
                                               "%s processes killed for memory",
                                               (gulong) MIN (memory->oom_kill, G_MAXULONG)),
                                  count);
        }
      if (memory->has_oom)
        {
          g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, memory->oom);

          g_string_append (details, " · ");
          g_string_append_printf (details,
                                  g_dngettext (GETTEXT_PACKAGE, "out of memory %s time",
                                               "out of memory %s times", (gulong) MIN (memory->oom, G_MAXULONG)),
                                  count);
        }
      g_string_append_printf (details, " (cgroup v%d)", memory->version == MS_CGROUP_V2 ? 2 : 1);
    }
  ms_label_set_text (self->group_details, details->str);
  gtk_widget_set_visible (GTK_WIDGET (self->group_details), TRUE);
}

static void
update_status (MsLimitsView *self)
{
  const MsStatus *status = &self->limits->status;
  const guint64 values[N_STATUS] = {
    [STATUS_VM_PEAK] = status->vm_peak,
    [STATUS_VM_HWM] = status->vm_hwm,
    [STATUS_VM_PTE] = status->vm_pte,
    [STATUS_VM_LCK] = status->vm_lck,
    [STATUS_VM_PIN] = status->vm_pin,
    [STATUS_RSS_ANON] = status->rss_anon,
    [STATUS_RSS_FILE] = status->rss_file,
    [STATUS_RSS_SHMEM] = status->rss_shmem,
    [STATUS_MINFLT] = self->limits->minflt,
    [STATUS_MAJFLT] = self->limits->majflt,
  };

  for (guint i = 0; i < N_STATUS; i++)
    {
      g_autofree char *text = i >= STATUS_MINFLT ? ms_format_count (values[i]) : ms_format_size (values[i]);

      ms_label_set_text (self->status_values[i], text);
    }
}

static void
update (MsLimitsView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_flagged = 0;

  gtk_widget_set_visible (GTK_WIDGET (self), self->limits != NULL);
  if (self->limits == NULL)
    return;

  for (guint i = 0; i < MS_N_HEADROOM; i++)
    {
      const MsHeadroom *row = &self->limits->rows[i];

      update_row (self, i);
      if (row->flagged)
        {
          g_autofree char *percent = format_percent (row->fraction);

          if (n_flagged > 0)
            g_string_append (text, ", ");
          /* TRANSLATORS: a limit that is close and how close: "Address space 97 %" */
          g_string_append_printf (text, C_("limit-close", "%s %s"), _(ms_headroom_info (i)->name), percent);
          n_flagged++;
        }
    }

  if (n_flagged > 0)
    {
      /* TRANSLATORS: the summary's button when limits are within 10 %:
       * "Close to a limit: Address space 97 %" */
      g_autofree char *words = NULL;

      if (n_flagged == 1)
        words = g_strdup_printf (_("Close to a limit: %s"), text->str);
      else
        /* TRANSLATORS: "Close to 2 limits: Address space 97 %, Data 95 %" */
        words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Close to %u limit: %s",
                                              "Close to %u limits: %s", n_flagged),
                                 n_flagged, text->str);
      ms_label_set_text (self->label, words);
      gtk_widget_add_css_class (self->button, "warning");
      gtk_widget_set_visible (self->icon, TRUE);
    }
  else
    {
      /* TRANSLATORS: the summary's button when no limit is within 10 % */
      ms_label_set_text (self->label, _("Far from its limits"));
      gtk_widget_remove_css_class (self->button, "warning");
      gtk_widget_set_visible (self->icon, FALSE);
    }

  update_group (self);
  update_status (self);
}

/* --- reading ------------------------------------------------------------------ */

typedef struct {
  MsLimitsView *self;
  guint         serial;
} ReadData;

static void start_read (MsLimitsView *self,
                        int           pid,
                        int           n_maps);

static void
on_read (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ReadData *data = user_data;
  g_autoptr(MsLimitsView) self = data->self;
  g_autoptr(MsLimits) limits = NULL;
  g_autoptr(GError) error = NULL;
  gboolean current = data->serial == self->serial;

  g_free (data);
  limits = ms_limits_read_finish (result, &error);
  if (!current)
    return;

  self->reading = FALSE;
  g_clear_pointer (&self->limits, ms_limits_free);
  if (limits != NULL)
    self->limits = g_steal_pointer (&limits);
  else
    g_debug ("limits of %d: %s", self->reading_pid, error->message);
  update (self);

  if (self->pending)
    {
      self->pending = FALSE;
      start_read (self, self->reading_pid, self->pending_maps);
    }
}

static void
start_read (MsLimitsView *self,
            int           pid,
            int           n_maps)
{
  ReadData *data = g_new (ReadData, 1);

  self->serial++;
  self->reading = TRUE;
  self->reading_pid = pid;
  data->self = g_object_ref (self);
  data->serial = self->serial;
  ms_limits_read_async (pid, n_maps, self->cancellable, on_read, data);
}

static void
cancel_reads (MsLimitsView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->serial++;
  self->reading = FALSE;
  self->pending = FALSE;
}

/* Reads the live process shown again, unless a read is under way. */
static void
request_read (MsLimitsView *self)
{
  if (self->pid <= 0)
    return;
  if (self->reading)
    {
      self->pending = TRUE;
      self->pending_maps = self->n_maps;
      return;
    }
  start_read (self, self->pid, self->n_maps);
}

static gboolean
on_open_refresh (gpointer user_data)
{
  request_read (MS_LIMITS_VIEW (user_data));
  return G_SOURCE_CONTINUE;
}

static void
on_popover_show (MsLimitsView *self)
{
  request_read (self);
  if (self->open_refresh == 0)
    {
      self->open_refresh = g_timeout_add (OPEN_REFRESH_MS, on_open_refresh, self);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->open_refresh),
                                "[memscape] limits while open");
    }
}

static void
on_popover_hide (MsLimitsView *self)
{
  g_clear_handle_id (&self->open_refresh, g_source_remove);
}

void
ms_limits_view_set_snapshot (MsLimitsView *self,
                             MsSnapshot   *snapshot)
{
  g_return_if_fail (MS_IS_LIMITS_VIEW (self));

  if (snapshot == NULL || snapshot->source != MS_SOURCE_PROCESS || snapshot->pid <= 0)
    {
      /* A capture has no limits: hidden, not zeros. */
      self->pid = 0;
      cancel_reads (self);
      g_clear_pointer (&self->limits, ms_limits_free);
      update (self);
      return;
    }

  self->pid = snapshot->pid;
  self->n_maps = (int) snapshot->n_regions;
  if (self->limits != NULL && self->limits->pid != snapshot->pid)
    {
      /* Never another process's figures, not even for a moment. */
      g_clear_pointer (&self->limits, ms_limits_free);
      update (self);
    }

  if (self->reading && self->reading_pid == snapshot->pid)
    {
      self->pending = TRUE;
      self->pending_maps = (int) snapshot->n_regions;
      return;
    }
  if (self->reading)
    cancel_reads (self);
  start_read (self, snapshot->pid, (int) snapshot->n_regions);
}

/* --- building ----------------------------------------------------------------- */

static GtkLabel *
add_label (GtkGrid    *grid,
           const char *text,
           int         column,
           int         row,
           float       xalign,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_grid_attach (grid, label, column, row, 1, 1);
  return GTK_LABEL (label);
}

static GtkWidget *
build_content (MsLimitsView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *title = gtk_label_new (_("How close to the limits"));
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  GtkGrid *status = GTK_GRID (gtk_grid_new ());
  GtkWidget *status_title = gtk_label_new (_("From /proc/PID/status and stat"));
  int row = 0;

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);

  gtk_grid_set_column_spacing (grid, 12);
  gtk_grid_set_row_spacing (grid, 4);
  add_label (grid, _("Used"), 1, row, 1, "dim-label");
  add_label (grid, _("Limit"), 2, row, 1, "dim-label");
  row++;
  for (guint i = 0; i < MS_N_HEADROOM; i++, row++)
    {
      HeadroomRow *widgets = &self->rows[i];

      widgets->name = GTK_WIDGET (add_label (grid, _(ms_headroom_info (i)->name), 0, row, 0, NULL));
      widgets->used = add_label (grid, "", 1, row, 1, "numeric");
      widgets->limit = add_label (grid, "", 2, row, 1, "numeric");
      widgets->bar = gtk_level_bar_new_for_interval (0.0, 1.0);
      /* its own offsets: "high" past 90 % (the flag), no "full" colour */
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (widgets->bar), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (widgets->bar), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (widgets->bar), GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (widgets->bar), GTK_LEVEL_BAR_OFFSET_HIGH, MS_LIMIT_CLOSE_FRACTION);
      gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (widgets->bar), GTK_LEVEL_BAR_OFFSET_LOW, 1.0);
      gtk_widget_set_size_request (widgets->bar, 80, -1);
      gtk_widget_set_valign (widgets->bar, GTK_ALIGN_CENTER);
      gtk_grid_attach (grid, widgets->bar, 3, row, 1, 1);
      widgets->state = add_label (grid, "", 4, row, 0, "numeric");
    }
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (grid));
  self->table = GTK_WIDGET (grid);

  self->group_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->group_label, 0);
  gtk_label_set_ellipsize (self->group_label, PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (self->group_label, 60);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->group_label));
  self->group_details = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->group_details, 0);
  gtk_label_set_wrap (self->group_details, TRUE);
  gtk_label_set_max_width_chars (self->group_details, 60);
  gtk_widget_add_css_class (GTK_WIDGET (self->group_details), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->group_details));

  gtk_label_set_xalign (GTK_LABEL (status_title), 0);
  gtk_widget_add_css_class (status_title, "heading");
  gtk_widget_set_margin_top (status_title, 6);
  gtk_box_append (GTK_BOX (box), status_title);

  gtk_grid_set_column_spacing (status, 12);
  gtk_grid_set_row_spacing (status, 2);
  for (guint i = 0; i < N_STATUS; i++)
    {
      /* two columns of name and value */
      int column = (int) (i % 2) * 2;
      int line = (int) (i / 2);

      self->status_names[i] = GTK_WIDGET (add_label (status, status_figures[i].name, column, line, 0, "dim-label"));
      self->status_values[i] = add_label (status, "", column + 1, line, 1, "numeric");
      gtk_widget_set_tooltip_text (self->status_names[i], _(status_figures[i].help));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_values[i]), _(status_figures[i].help));
    }
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (status));

  return box;
}

static void
ms_limits_view_dispose (GObject *object)
{
  MsLimitsView *self = MS_LIMITS_VIEW (object);

  g_clear_handle_id (&self->open_refresh, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->limits, ms_limits_free);
  g_clear_pointer (&self->button, gtk_widget_unparent);

  G_OBJECT_CLASS (ms_limits_view_parent_class)->dispose (object);
}

static void
ms_limits_view_class_init (MsLimitsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_limits_view_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "limits");
}

static void
ms_limits_view_init (MsLimitsView *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *scrolled;

  self->cancellable = g_cancellable_new ();

  self->icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_set_visible (self->icon, FALSE);
  self->label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (content), self->icon);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->label));

  /* scrolled when a short window (or a tall script) leaves it too little room */
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 520);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), build_content (self));
  gtk_popover_set_child (GTK_POPOVER (popover), scrolled);

  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (self->button), content);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), popover);
  g_signal_connect_object (popover, "show", G_CALLBACK (on_popover_show), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (popover, "hide", G_CALLBACK (on_popover_hide), self, G_CONNECT_SWAPPED);
  gtk_widget_add_css_class (self->button, "flat");
  gtk_widget_set_tooltip_text (self->button, _("How close this process is to its limits: resource limits, "
                                               "its control group, the kernel’s and the system’s"));
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

const MsLimits *
_ms_limits_view_get_limits (MsLimitsView *self)
{
  return self->limits;
}

const char *
_ms_limits_view_get_text (MsLimitsView *self)
{
  return gtk_label_get_text (self->label);
}

GtkWidget *
_ms_limits_view_get_table (MsLimitsView *self)
{
  return self->table;
}

gboolean
_ms_limits_view_is_reading (MsLimitsView *self)
{
  return self->reading;
}
