/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-process-list-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <unistd.h>

#include "ms-cells.h"
#include "ms-format.h"
#include "ms-process-list-model.h"
#include "ms-process-row.h"
#include "ms-text.h"

struct _MsProcessListView
{
  GtkWidget           parent_instance;

  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  AdwStatusPage      *unavailable_page;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *pid_column;
  GtkColumnViewColumn *user_column;
  GtkColumnViewColumn *rss_column;
  GtkColumnViewColumn *pss_column;

  MsProcessListModel *model;          /* MsProcessRow, in pid order */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel   *sorted;
  GtkSingleSelection *selection;

  char               *folded_search;
  int                 selected_pid;
  uid_t               my_uid;
  guint               only_mine : 1;
  guint               was_loaded : 1;  /* a read has been shown */
  guint               resorting : 1;   /* the same order, taken again after a refresh */
};

enum {
  PROP_0,
  PROP_SELECTED_PID,
  PROP_INTERVAL,
  PROP_ONLY_MINE,
  PROP_BACKGROUND,
  PROP_SECONDARY,
  PROP_LOADED,
  PROP_SHOW_KERNEL_THREADS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsProcessListView, ms_process_list_view, GTK_TYPE_WIDGET)


GtkWidget *
ms_process_list_view_new (void)
{
  return g_object_new (MS_TYPE_PROCESS_LIST_VIEW, NULL);
}

/* --- cells ---------------------------------------------------------------- */

/* The name, and after it, smaller and dimmed, its control group's name (a
 * container or systemd unit): on one line, cut from its end, so that the
 * group gives way to the name in a narrow list. */
static void
update_name (GtkLabel *label, GtkWidget *swatch, GObject *item, gpointer data)
{
  MsProcessRow *row = MS_PROCESS_ROW (item);
  const char *group = ms_process_row_get_group (row);
  g_autofree char *name = NULL;
  g_autofree char *shown_group = NULL;
  g_autofree char *text = NULL;
  PangoAttrList *attrs;
  PangoAttribute *attr;

  if (*group == '\0')
    {
      if (gtk_label_get_attributes (label) != NULL)
        gtk_label_set_attributes (label, NULL);
      ms_label_set_text (label, ms_process_row_get_name (row));
      return;
    }

  name = ms_display_text (ms_process_row_get_name (row), -1);
  shown_group = ms_display_text (group, -1);
  text = g_strdup_printf ("%s  %s", name, shown_group);
  if (g_strcmp0 (gtk_label_get_text (label), text) == 0 && gtk_label_get_attributes (label) != NULL)
    return;

  attrs = pango_attr_list_new ();
  attr = pango_attr_foreground_alpha_new (G_MAXUINT16 / 2);
  attr->start_index = (guint) strlen (name) + 2;
  pango_attr_list_insert (attrs, attr);
  attr = pango_attr_scale_new (0.85);
  attr->start_index = (guint) strlen (name) + 2;
  pango_attr_list_insert (attrs, attr);
  gtk_label_set_attributes (label, attrs);
  pango_attr_list_unref (attrs);
  gtk_label_set_text (label, text);
}

/* The command line, and the kernel's name when the name shown completes
 * it (the kernel keeps 15 bytes: "xdg-desktop-por"). */
static char *
name_tooltip (GObject *item, gpointer data)
{
  MsProcessRow *row = MS_PROCESS_ROW (item);
  const char *cmdline = ms_process_row_get_cmdline (row);
  const char *comm = ms_process_row_get_comm (row);
  const char *group = ms_process_row_get_group (row);
  g_autoptr(GString) text = g_string_new (cmdline);

  if (g_strcmp0 (comm, ms_process_row_get_name (row)) != 0)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: in the process list's tooltip, the kernel's (shortened)
       * name of the process, "Kernel name: “xdg-desktop-por”" */
      g_string_append_printf (text, _("Kernel name: “%s”"), comm);
    }
  if (*group != '\0')
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: in the process list's tooltip, the container or
       * systemd unit of the process: "Control group: sshd.service" */
      g_string_append_printf (text, _("Control group: %s"), group);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static void
update_pid (GtkLabel *label, GtkWidget *swatch, GObject *item, gpointer data)
{
  char text[16];

  g_snprintf (text, sizeof text, "%d", ms_process_row_get_pid (MS_PROCESS_ROW (item)));
  ms_label_set_text (label, text);
}

static void
update_user (GtkLabel *label, GtkWidget *swatch, GObject *item, gpointer data)
{
  ms_label_set_text (label, ms_process_row_get_user (MS_PROCESS_ROW (item)));
}

static char *
user_tooltip (GObject *item, gpointer data)
{
  return g_strdup (ms_process_row_get_user (MS_PROCESS_ROW (item)));
}

static void
set_size_label (GtkLabel *label,
                guint64   bytes,
                gboolean  known)
{
  g_autofree char *text = known ? ms_format_size (bytes) : NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
  ms_label_set_text (label, text != NULL ? text : "");
}

static void
update_rss (GtkLabel *label, GtkWidget *swatch, GObject *item, gpointer data)
{
  MsProcessRow *row = MS_PROCESS_ROW (item);
  const MsProcessInfo *info = ms_process_row_get_info (row);

  /* A zombie holds no memory: its state says more than "0 bytes". */
  if (ms_process_row_get_zombie (row))
    {
      /* TRANSLATORS: the state of a process that has exited but was not yet
       * waited for by its parent, shown in the process list's RSS column */
      ms_label_set_text (label, C_("process state", "zombie"));
      gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
      return;
    }
  set_size_label (label, info->rss, !info->is_kernel_thread);
}

static char *
rss_tooltip (GObject *item, gpointer data)
{
  MsProcessRow *row = MS_PROCESS_ROW (item);
  const MsProcessInfo *info = ms_process_row_get_info (row);

  if (ms_process_row_get_zombie (row))
    return g_strdup (_("A zombie: the process has exited and holds no memory; its parent has not yet collected its exit status"));
  return info->is_kernel_thread ? NULL : ms_format_size_tooltip (info->rss);
}

static void
update_pss (GtkLabel *label, GtkWidget *swatch, GObject *item, gpointer data)
{
  MsProcessRow *row = MS_PROCESS_ROW (item);

  set_size_label (label, ms_process_row_get_pss (row),
                  ms_process_row_get_has_pss (row) && !ms_process_row_get_zombie (row));
}

static char *
pss_tooltip (GObject *item, gpointer data)
{
  MsProcessRow *row = MS_PROCESS_ROW (item);

  return ms_process_row_get_has_pss (row) ? ms_format_size_tooltip (ms_process_row_get_pss (row)) : NULL;
}

/* --- selection ------------------------------------------------------------ */

static guint
find_position (MsProcessListView *self,
               int                pid)
{
  GListModel *model = G_LIST_MODEL (self->sorted);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MsProcessRow) row = g_list_model_get_item (model, i);

      if (ms_process_row_get_pid (row) == pid)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* Brings the selection back in line with selected_pid after the rows or the
 * filter changed, without announcing a new choice. */
static void
sync_selection (MsProcessListView *self,
                gboolean           scroll)
{
  guint position = GTK_INVALID_LIST_POSITION;
  GtkWidget *list_view;

  if (self->selected_pid > 0)
    position = find_position (self, self->selected_pid);

  if (gtk_single_selection_get_selected (self->selection) == position)
    return;

  /* The selection handler sees the row of selected_pid, or none, and has
   * nothing to say about either. */
  gtk_single_selection_set_selected (self->selection, position);

  /* GtkColumnView (4.8) has no scroll_to; its list view has the action. */
  list_view = gtk_widget_get_last_child (GTK_WIDGET (self->column_view));
  if (scroll && position != GTK_INVALID_LIST_POSITION && list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
}

static void
on_selected_changed (MsProcessListView  *self,
                     GParamSpec         *pspec,
                     GtkSingleSelection *selection)
{
  MsProcessRow *row;

  /* A row that vanished or was filtered away leaves the choice alone. */
  row = gtk_single_selection_get_selected_item (selection);
  if (row == NULL || ms_process_row_get_pid (row) == self->selected_pid)
    return;

  self->selected_pid = ms_process_row_get_pid (row);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_PID]);
}

int
ms_process_list_view_get_selected_pid (MsProcessListView *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_LIST_VIEW (self), 0);

  return self->selected_pid;
}

void
ms_process_list_view_set_selected_pid (MsProcessListView *self,
                                       int                pid)
{
  g_return_if_fail (MS_IS_PROCESS_LIST_VIEW (self));

  if (self->selected_pid == pid)
    return;

  self->selected_pid = MAX (pid, 0);
  sync_selection (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_PID]);
}

/* --- filtering ------------------------------------------------------------ */

static gboolean
filter_row (gpointer item,
            gpointer user_data)
{
  MsProcessListView *self = user_data;
  MsProcessRow *row = item;

  if (self->only_mine && ms_process_row_get_info (row)->uid != self->my_uid)
    return FALSE;

  return ms_process_row_matches (row, self->folded_search);
}

static void
update_empty_state (MsProcessListView *self)
{
  gboolean empty = ms_process_list_model_get_loaded (self->model) &&
                   g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0;

  /* A list that cannot be read says why rather than look empty. */
  if (ms_process_list_model_get_error (self->model) != NULL)
    gtk_stack_set_visible_child_name (self->stack, "unavailable");
  else
    gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

static void
refilter (MsProcessListView *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  sync_selection (self, TRUE);
  update_empty_state (self);
}

static void
on_search_changed (MsProcessListView *self,
                   GtkSearchEntry    *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_clear_pointer (&self->folded_search, g_free);
  self->folded_search = g_utf8_casefold (text, -1);
  g_strstrip (self->folded_search);
  refilter (self);
}

static void
on_search_activate (MsProcessListView *self,
                    GtkSearchEntry    *entry)
{
  g_autoptr(MsProcessRow) row = g_list_model_get_item (G_LIST_MODEL (self->sorted), 0);

  /* Enter in the search entry shows the first match. */
  if (row != NULL)
    ms_process_list_view_set_selected_pid (self, ms_process_row_get_pid (row));
}

static void
on_stop_search (MsProcessListView *self,
                GtkSearchEntry    *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

void
ms_process_list_view_focus_search (MsProcessListView *self)
{
  g_return_if_fail (MS_IS_PROCESS_LIST_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* --- refreshing ----------------------------------------------------------- */

/* Rows updated in place do not move in the sorted model by themselves, and
 * the sort model keeps the sort keys it took from them when they were
 * inserted: after an update it neither shows the new order nor can it
 * place new rows right. Telling it that the sorter changed makes it take
 * the keys again and re-sort, and the view rebind the visible rows that
 * moved (the selection follows its row). Moving each updated row by hand
 * instead (a removal and an insertion in the store) cost a signal through
 * the sorter to the view per row: 25 ms for a hundred. */
static void
on_updated (MsProcessListView *self,
            guint              n_updated)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  gboolean first = !self->was_loaded;

  if (n_updated > 0 && sorter != NULL && gtk_sorter_get_order (sorter) != GTK_SORTER_ORDER_NONE)
    {
      self->resorting = TRUE;
      gtk_sorter_changed (sorter, GTK_SORTER_CHANGE_DIFFERENT);
      self->resorting = FALSE;
    }

  self->was_loaded = TRUE;
  sync_selection (self, first);
  update_empty_state (self);
  if (first)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
on_error_changed (MsProcessListView *self)
{
  const GError *error = ms_process_list_model_get_error (self->model);

  if (error != NULL)
    {
      g_autofree char *message = ms_display_text (error->message, -1);
      g_autofree char *description = g_markup_escape_text (message, -1);

      adw_status_page_set_description (self->unavailable_page, description);
    }
  update_empty_state (self);
}

/* A column chosen to sort by (or its order turned): the top of the new
 * order is what the person looks for, wherever the view was and whichever
 * row is chosen. GtkListView (4.8) keeps the row it showed at the top in
 * view instead. The sort model has re-sorted by now (it was told first),
 * but the rows are not laid out again yet: the adjustment cannot be set
 * (GTK warns and ignores it), the list's own action anchors its first row. */
static void
on_sorter_changed (MsProcessListView *self)
{
  GtkWidget *list_view;

  /* (nothing to show while the rows are being made, or let go of) */
  if (self->resorting || self->column_view == NULL || self->sorted == NULL ||
      g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) == 0)
    return;

  list_view = gtk_widget_get_last_child (GTK_WIDGET (self->column_view));

  gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", 0);
}

void
ms_process_list_view_refresh (MsProcessListView *self)
{
  g_return_if_fail (MS_IS_PROCESS_LIST_VIEW (self));

  ms_process_list_model_refresh (self->model);
}

void
ms_process_list_view_set_source (MsProcessListView *self,
                                 MsSource          *source)
{
  g_return_if_fail (MS_IS_PROCESS_LIST_VIEW (self));
  g_return_if_fail (source == NULL || MS_IS_SOURCE (source));

  ms_process_list_model_set_source (self->model, source);
}

const GError *
ms_process_list_view_get_error (MsProcessListView *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_LIST_VIEW (self), NULL);

  return ms_process_list_model_get_error (self->model);
}

MsProcessListModel *
ms_process_list_view_get_list_model (MsProcessListView *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_LIST_VIEW (self), NULL);

  return self->model;
}

gboolean
ms_process_list_view_is_loaded (MsProcessListView *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_LIST_VIEW (self), FALSE);

  return self->was_loaded;
}

GListModel *
ms_process_list_view_get_model (MsProcessListView *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_LIST_VIEW (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

/* --- GObject -------------------------------------------------------------- */

static GtkSorter *
numeric_sorter (const char *property)
{
  return GTK_SORTER (gtk_numeric_sorter_new (gtk_property_expression_new (MS_TYPE_PROCESS_ROW, NULL, property)));
}

static GtkSorter *
string_sorter (const char *property)
{
  GtkStringSorter *sorter = gtk_string_sorter_new (gtk_property_expression_new (MS_TYPE_PROCESS_ROW, NULL, property));

  gtk_string_sorter_set_ignore_case (sorter, TRUE);
  return GTK_SORTER (sorter);
}

static void
set_column (GtkColumnViewColumn *column,
            MsCellFlags          flags,
            MsCellUpdateFunc     update,
            MsCellTooltipFunc    tooltip,
            GtkSorter           *sorter)
{
  g_autoptr(GtkListItemFactory) factory = ms_cell_factory_new (flags, update, tooltip, NULL);

  gtk_column_view_column_set_factory (column, factory);
  gtk_column_view_column_set_sorter (column, sorter);
  g_object_unref (sorter);
}

static void
ms_process_list_view_dispose (GObject *object)
{
  MsProcessListView *self = MS_PROCESS_LIST_VIEW (object);
  GtkWidget *child;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_PROCESS_LIST_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->model);
  g_clear_pointer (&self->folded_search, g_free);

  G_OBJECT_CLASS (ms_process_list_view_parent_class)->dispose (object);
}

static void
ms_process_list_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MsProcessListView *self = MS_PROCESS_LIST_VIEW (object);
  MsRefreshPolicy *policy = ms_process_list_model_get_policy (self->model);

  switch (prop_id)
    {
    case PROP_SELECTED_PID:
      g_value_set_int (value, self->selected_pid);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, ms_refresh_policy_get_interval (policy));
      break;
    case PROP_ONLY_MINE:
      g_value_set_boolean (value, self->only_mine);
      break;
    case PROP_BACKGROUND:
      g_value_set_boolean (value, ms_refresh_policy_get_background (policy));
      break;
    case PROP_SECONDARY:
      g_value_set_boolean (value, ms_refresh_policy_get_secondary (policy));
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->was_loaded);
      break;
    case PROP_SHOW_KERNEL_THREADS:
      g_value_set_boolean (value, ms_process_list_model_get_show_kernel_threads (self->model));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_process_list_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  MsProcessListView *self = MS_PROCESS_LIST_VIEW (object);
  MsRefreshPolicy *policy = ms_process_list_model_get_policy (self->model);

  switch (prop_id)
    {
    case PROP_SELECTED_PID:
      ms_process_list_view_set_selected_pid (self, g_value_get_int (value));
      break;
    case PROP_INTERVAL:
      if (ms_refresh_policy_get_interval (policy) != g_value_get_uint (value))
        {
          ms_refresh_policy_set_interval (policy, g_value_get_uint (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_ONLY_MINE:
      if (self->only_mine != g_value_get_boolean (value))
        {
          self->only_mine = g_value_get_boolean (value);
          refilter (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_BACKGROUND:
      if (ms_refresh_policy_get_background (policy) != g_value_get_boolean (value))
        {
          ms_refresh_policy_set_background (policy, g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SECONDARY:
      if (ms_refresh_policy_get_secondary (policy) != g_value_get_boolean (value))
        {
          ms_refresh_policy_set_secondary (policy, g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SHOW_KERNEL_THREADS:
      if (ms_process_list_model_get_show_kernel_threads (self->model) != g_value_get_boolean (value))
        {
          ms_process_list_model_set_show_kernel_threads (self->model, g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_process_list_view_class_init (MsProcessListViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_process_list_view_dispose;
  object_class->get_property = ms_process_list_view_get_property;
  object_class->set_property = ms_process_list_view_set_property;

  properties[PROP_SELECTED_PID] =
    g_param_spec_int ("selected-pid", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 0, G_MAXUINT, 1000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONLY_MINE] =
    g_param_spec_boolean ("only-mine", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BACKGROUND] =
    g_param_spec_boolean ("background", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A process is shown beside the list: it is refreshed less often. */
  properties[PROP_SECONDARY] =
    g_param_spec_boolean ("secondary", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_KERNEL_THREADS] =
    g_param_spec_boolean ("show-kernel-threads", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ms-process-list-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MsProcessListView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MsProcessListView, stack);
  gtk_widget_class_bind_template_child (widget_class, MsProcessListView, unavailable_page);
  gtk_widget_class_bind_template_child (widget_class, MsProcessListView, column_view);
  gtk_widget_class_bind_template_child (widget_class, MsProcessListView, name_column);
  gtk_widget_class_bind_template_child (widget_class, MsProcessListView, pid_column);
  gtk_widget_class_bind_template_child (widget_class, MsProcessListView, user_column);
  gtk_widget_class_bind_template_child (widget_class, MsProcessListView, rss_column);
  gtk_widget_class_bind_template_child (widget_class, MsProcessListView, pss_column);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "processlist");
}

static void
ms_process_list_view_init (MsProcessListView *self)
{
  GtkSorter *view_sorter;

  self->my_uid = getuid ();
  self->folded_search = g_strdup ("");

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  set_column (self->name_column, MS_CELL_ELLIPSIZE_END, update_name, name_tooltip, string_sorter ("name"));
  set_column (self->pid_column, MS_CELL_NUMERIC, update_pid, NULL, numeric_sorter ("pid"));
  set_column (self->user_column, MS_CELL_ELLIPSIZE_END | MS_CELL_DIM, update_user, user_tooltip, string_sorter ("user"));
  set_column (self->rss_column, MS_CELL_NUMERIC, update_rss, rss_tooltip, numeric_sorter ("rss"));
  set_column (self->pss_column, MS_CELL_NUMERIC, update_pss, pss_tooltip, numeric_sorter ("pss"));

  /* The model reads and merges; this view filters, sorts and selects. */
  self->model = ms_process_list_model_new (NULL);
  g_signal_connect_object (self->model, "updated", G_CALLBACK (on_updated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::error", G_CALLBACK (on_error_changed), self, G_CONNECT_SWAPPED);
  self->filter = gtk_custom_filter_new (filter_row, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->model)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  view_sorter = gtk_column_view_get_sorter (self->column_view);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                          view_sorter != NULL ? g_object_ref (view_sorter) : NULL);
  /* after the sort model's own handler: it re-sorts first */
  if (view_sorter != NULL)
    g_signal_connect_object (view_sorter, "changed", G_CALLBACK (on_sorter_changed), self, G_CONNECT_SWAPPED);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (on_selected_changed), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  /* Biggest first, as people look for what uses memory. */
  gtk_column_view_sort_by_column (self->column_view, self->rss_column, GTK_SORT_DESCENDING);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));
}
