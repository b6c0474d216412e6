/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-system-page"

#include "config.h"

#include "ms-system-page.h"
#include "ms-system-page-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "ms-cells.h"
#include "ms-error.h"
#include "ms-format.h"
#include "ms-privileged.h"
#include "ms-ram-bar.h"
#include "ms-system-item.h"
#include "ms-text.h"
#include "ms-tooltip.h"

struct _MsSystemPage
{
  GtkWidget         parent_instance;

  MsRamBar         *ram_bar;
  GtkFlowBox       *figures;
  GtkLabel         *summary_label;
  GtkProgressBar   *progress;
  AdwViewStack     *view_stack;
  GtkColumnView    *processes_view;
  GtkColumnView    *objects_view;
  GtkColumnView    *object_processes_view;
  GtkColumnView    *users_view;
  GtkColumnView    *cgroups_view;
  GtkColumnView    *shm_view;
  GtkColumnView    *shm_files_view;

  GListStore       *processes;
  GListStore       *objects;
  GListStore       *object_processes;
  GListStore       *users;
  GListStore       *cgroups;
  GListStore       *shm;
  GListStore       *shm_files;
  GtkSingleSelection *objects_selection;

  MsSystemSnapshot *snapshot;
  GCancellable     *cancellable;       /* of the read in flight, or NULL */
  MsSystemProgress  read_progress;     /* written by its threads */
  guint             progress_source;
  gboolean          reading_objects;   /* the read in flight reads smaps too */

  GtkWidget        *admin_button;
  gboolean          admin_wanted;      /* asked once: every read after is followed by one */
  GArray           *admin_pids;        /* (element-type int) of the pass in flight */
  guint             admin_next;
  GPtrArray        *admin_reads;       /* (element-type MsSnapshot) */
};

G_DEFINE_FINAL_TYPE (MsSystemPage, ms_system_page, GTK_TYPE_WIDGET)

enum {
  OPEN_PROCESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- filling the tables from a read --------------------------------------- */

static MsSystemItem *
process_item (const MsSystemProcess *p)
{
  MsSystemItem *item = ms_system_item_new ();

  item->pid = p->pid;
  item->unreadable = !p->readable;
  item->as_admin = p->as_admin;
  item->text[MS_SYSTEM_TEXT_NAME] = g_strdup (p->name);
  item->text[MS_SYSTEM_TEXT_USER] = g_strdup (p->user);
  item->number[0] = p->vss;
  item->number[1] = p->rss;
  item->number[2] = p->pss;
  item->number[3] = p->uss;
  item->number[4] = p->swap;
  item->number[5] = p->swap_pss;
  return item;
}

/* "1234 (bash), 40 (sshd)" for the first 50 of @pids. (transfer full) */
static char *
describe_pids (MsSystemPage *self,
               GArray       *pids)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < pids->len && i < 50; i++)
    {
      int pid = g_array_index (pids, int, i);
      const MsSystemProcess *p = ms_system_snapshot_find (self->snapshot, pid);

      /* TRANSLATORS: a process in the list of those mapping an object: "1234 (bash)" */
      g_string_append_printf (text, i == 0 ? _("%d (%s)") : _(", %d (%s)"), pid, p != NULL ? p->name : "?");
    }
  if (pids->len > 50)
    g_string_append (text, " …");
  return g_string_free (text, FALSE);
}

/* The processes mapping SysV segment @shmid, from the objects read. */
static char *
describe_segment_mappers (MsSystemPage *self,
                          gint64        shmid)
{
  g_autofree char *suffix = g_strdup_printf (" (shmid %" G_GINT64_FORMAT ")", shmid);

  if (self->snapshot->objects == NULL)
    return NULL;
  for (guint i = 0; i < self->snapshot->objects->len; i++)
    {
      const MsSystemObject *o = g_ptr_array_index (self->snapshot->objects, i);

      if (g_str_has_prefix (o->object, "/SYSV") && g_str_has_suffix (o->object, suffix))
        return describe_pids (self, o->pids);
    }
  return g_strdup ("");
}

static MsSystemItem *
object_item (MsSystemPage         *self,
             const MsSystemObject *o)
{
  MsSystemItem *item = ms_system_item_new ();

  item->text[MS_SYSTEM_TEXT_NAME] = g_strdup (o->object);
  item->number[0] = o->pids->len;
  item->number[1] = o->rss;
  item->number[2] = o->pss;
  item->number[3] = o->uss;
  item->number[4] = o->swap;
  item->pids = g_array_ref (o->pids);
  item->text[MS_SYSTEM_TEXT_EXTRA] = describe_pids (self, o->pids);
  return item;
}

static gboolean
is_shared_memory_file (const char *object)
{
  return g_str_has_prefix (object, "/dev/shm/") || g_str_has_prefix (object, "/memfd:") ||
         g_str_has_prefix (object, "/SYSV");
}

static void
splice_all (GListStore *store,
            GPtrArray  *items)
{
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), items->pdata, items->len);
}

static void
add_figure (MsSystemPage *self,
            guint32       rgb,
            const char   *label,
            guint64       bytes,
            const char   *tooltip)
{
  g_autofree char *size = ms_format_size (bytes);
  g_autofree char *markup = NULL;
  GtkWidget *figure;

  if (rgb != 0)
    /* TRANSLATORS: a figure beside the RAM bar: a coloured square, the part's name and its size */
    markup = g_markup_printf_escaped (_("<span foreground=\"#%06x\">■</span> %s <b>%s</b>"), rgb, label, size);
  else
    markup = g_markup_printf_escaped (_("%s <b>%s</b>"), label, size);
  figure = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (figure), markup);
  gtk_label_set_xalign (GTK_LABEL (figure), 0);
  gtk_widget_set_tooltip_text (figure, tooltip);
  ms_tooltip_attach_tree (figure);
  gtk_flow_box_append (self->figures, figure);
}

static void
show_snapshot (MsSystemPage *self)
{
  MsSystemSnapshot *s = self->snapshot;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) users = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *processes = NULL;
  g_autofree char *ram = ms_format_size (s->parts.total);
  GtkWidget *child;

  ms_ram_bar_set_parts (self->ram_bar, &s->parts);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->figures))) != NULL)
    gtk_flow_box_remove (self->figures, child);
  for (guint i = 0; i < MS_N_RAM_PARTS; i++)
    {
      g_autofree char *tooltip = ms_ram_bar_describe (self->ram_bar, i);

      add_figure (self, ms_ram_part_get_rgb (i), ms_ram_part_get_label (i), s->parts.part[i], tooltip);
    }
  add_figure (self, 0, _("Available"), s->parts.available,
              _("MemAvailable of /proc/meminfo: what programs could still get without swapping: the free memory and what the kernel can reclaim at once. Not a part of the bar: it overlaps the page cache and the free part."));
  add_figure (self, 0, _("Swap used"), s->parts.swap_used,
              _("SwapTotal less SwapFree of /proc/meminfo: memory moved out of RAM to swap. Not a part of the bar: it is not in RAM."));

  /* TRANSLATORS: start of the System page's summary: "212 processes" */
  processes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u process", "%u processes", s->processes->len),
                               s->processes->len);
  if (s->n_unreadable > 0)
    /* TRANSLATORS: the System page's summary: "212 processes, of which 3 we may not read (marked)" */
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, of which %u we may not read (marked); RAM: %s",
                                            "%s, of which %u we may not read (marked); RAM: %s", s->n_unreadable),
                               processes, s->n_unreadable, ram);
  else
    /* TRANSLATORS: the System page's summary: "212 processes; RAM: 15.5 GiB" */
    summary = g_strdup_printf (_("%s; RAM: %s"), processes, ram);
  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_set_visible (self->admin_button, s->n_unreadable > 0);

  for (guint i = 0; i < s->processes->len; i++)
    g_ptr_array_add (items, process_item (g_ptr_array_index (s->processes, i)));
  splice_all (self->processes, items);

  g_ptr_array_set_size (items, 0);
  users = ms_system_group_by_user (s);
  for (guint i = 0; i < users->len; i++)
    {
      const MsSystemGroup *g = g_ptr_array_index (users, i);
      MsSystemItem *item = ms_system_item_new ();

      item->text[MS_SYSTEM_TEXT_NAME] = g_strdup (g->name);
      item->number[0] = g->processes;
      item->number[1] = g->vss;
      item->number[2] = g->rss;
      item->number[3] = g->pss;
      item->number[4] = g->uss;
      item->number[5] = g->swap;
      g_ptr_array_add (items, item);
    }
  splice_all (self->users, items);

  g_ptr_array_set_size (items, 0);
  for (guint i = 0; i < s->cgroups->len; i++)
    {
      const MsSystemGroup *g = g_ptr_array_index (s->cgroups, i);
      const MsCgroupMemory *m = &g->memory;
      MsSystemItem *item = ms_system_item_new ();

      item->text[MS_SYSTEM_TEXT_NAME] = g_strdup (g->name);
      item->text[MS_SYSTEM_TEXT_EXTRA] = g_strdup (g->path);
      item->number[0] = g->processes;
      item->number[1] = g->rss;
      item->number[2] = g->pss;
      item->number[3] = g->uss;
      item->number[4] = g->has_memory && m->has_swap ? m->swap_current : MS_SYSTEM_UNKNOWN;
      item->number[5] = g->has_memory && m->has_current ? m->current : MS_SYSTEM_UNKNOWN;
      item->number[6] = g->has_memory && m->has_current ? m->max : MS_SYSTEM_UNKNOWN;
      item->number[7] = g->has_memory && m->has_peak ? m->peak : MS_SYSTEM_UNKNOWN;
      item->number[8] = g->has_memory && m->has_oom_kill ? m->oom_kill : 0;
      g_ptr_array_add (items, item);
    }
  splice_all (self->cgroups, items);

  g_ptr_array_set_size (items, 0);
  for (guint i = 0; i < s->shm->len; i++)
    {
      const MsShmSegment *seg = &g_array_index (s->shm, MsShmSegment, i);
      MsSystemItem *item = ms_system_item_new ();

      item->flagged = seg->nattch == 0;
      item->text[MS_SYSTEM_TEXT_USER] = g_strdup (seg->owner);
      /* TRANSLATORS: the state of a SysV segment: attached, or orphaned (no process has it attached) */
      if (seg->nattch == 0)
        item->text[MS_SYSTEM_TEXT_NAME] = g_strdup (_("⚠ Orphaned"));
      else if (seg->perms & 01000)
        /* TRANSLATORS: the state of a SysV segment removed (IPC_RMID; "dest" in ipcs -m) that
         * processes still have attached: it goes when the last one detaches */
        item->text[MS_SYSTEM_TEXT_NAME] = g_strdup (_("Removed"));
      else
        item->text[MS_SYSTEM_TEXT_NAME] = g_strdup (_("Attached"));
      item->number[0] = (guint64) seg->key;
      item->number[1] = (guint64) seg->shmid;
      item->number[2] = seg->size;
      item->number[3] = seg->rss;
      item->number[4] = seg->swap;
      item->number[5] = seg->nattch;
      item->number[6] = (guint64) seg->cpid;
      item->number[7] = (guint64) seg->lpid;
      item->text[MS_SYSTEM_TEXT_EXTRA] = describe_segment_mappers (self, seg->shmid);
      g_ptr_array_add (items, item);
    }
  splice_all (self->shm, items);

  g_ptr_array_set_size (items, 0);
  if (s->objects != NULL)
    for (guint i = 0; i < s->objects->len; i++)
      {
        const MsSystemObject *o = g_ptr_array_index (s->objects, i);

        g_ptr_array_add (items, object_item (self, o));
        if (is_shared_memory_file (o->object))
          g_ptr_array_add (files, object_item (self, o));
      }
  g_list_store_remove_all (self->object_processes);
  splice_all (self->objects, items);
  splice_all (self->shm_files, files);
}

/* --- reading -------------------------------------------------------------- */

static gboolean
wants_objects (MsSystemPage *self)
{
  const char *view = adw_view_stack_get_visible_child_name (self->view_stack);

  return g_strcmp0 (view, "objects") == 0 || g_strcmp0 (view, "shm") == 0;
}

static gboolean
update_progress (gpointer data)
{
  MsSystemPage *self = data;
  int done = g_atomic_int_get (&self->read_progress.done);
  int total = g_atomic_int_get (&self->read_progress.total);
  g_autofree char *text = NULL;

  if (self->admin_pids != NULL)
    {
      gtk_progress_bar_set_fraction (self->progress, (double) self->admin_next / MAX (1, self->admin_pids->len));
      /* TRANSLATORS: the System page's progress while reading through the administrator's helper */
      text = g_strdup_printf (_("Reading %u of %u as administrator…"), self->admin_next + 1, self->admin_pids->len);
      gtk_progress_bar_set_text (self->progress, text);
    }
  else if (total > 0)
    {
      gtk_progress_bar_set_fraction (self->progress, (double) done / total);
      /* TRANSLATORS: the System page's progress: "Reading 120 of 312 processes…" */
      text = g_strdup_printf (_("Reading %d of %d processes…"), done, total);
      gtk_progress_bar_set_text (self->progress, text);
    }
  return G_SOURCE_CONTINUE;
}

static void
stop_reading (MsSystemPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  g_clear_pointer (&self->admin_pids, g_array_unref);
  g_clear_pointer (&self->admin_reads, g_ptr_array_unref);
}

static void show_progress (MsSystemPage *self);
static void read_next_as_admin (MsSystemPage *self);

static void
start_admin_pass (MsSystemPage *self,
                  const int    *pids,
                  guint         n_pids)
{
  stop_reading (self);
  if (n_pids == 0)
    return;
  self->cancellable = g_cancellable_new ();
  self->admin_pids = g_array_new (FALSE, FALSE, sizeof (int));
  g_array_append_vals (self->admin_pids, pids, n_pids);
  self->admin_next = 0;
  self->admin_reads = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_snapshot_unref);
  show_progress (self);
  read_next_as_admin (self);
}

/* Every process we may not read, through the helper as administrator. */
static void
read_unreadable_as_admin (MsSystemPage *self)
{
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; self->snapshot != NULL && i < self->snapshot->processes->len; i++)
    {
      const MsSystemProcess *p = g_ptr_array_index (self->snapshot->processes, i);

      if (!p->readable)
        g_array_append_val (pids, p->pid);
    }
  start_admin_pass (self, (const int *) pids->data, pids->len);
}

static void
finish_admin_pass (MsSystemPage *self,
                   const char   *failure)
{
  g_autoptr(GPtrArray) reads = g_steal_pointer (&self->admin_reads);

  stop_reading (self);
  if (reads != NULL && reads->len > 0 && self->snapshot != NULL)
    {
      MsSystemSnapshot *merged = ms_system_snapshot_add_reads (self->snapshot, reads);

      ms_system_snapshot_unref (self->snapshot);
      self->snapshot = merged;
      show_snapshot (self);
    }
  if (failure != NULL)
    gtk_label_set_text (self->summary_label, failure);
}

typedef struct {
  MsSystemPage *page;         /* (owned) */
  GCancellable *cancellable;  /* (owned) */
} AdminClosure;

static void
on_admin_read (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AdminClosure *closure = user_data;
  MsSystemPage *self = closure->page;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSnapshot) snapshot = ms_privileged_read_pid_finish (result, &error);

  if (self->cancellable == closure->cancellable && self->admin_pids != NULL)
    {
      if (snapshot != NULL)
        g_ptr_array_add (self->admin_reads, g_steal_pointer (&snapshot));
      self->admin_next++;
      /* No password, no helper: the rest would fail the same way. A
       * process that exited meanwhile is only left out. */
      if (g_error_matches (error, MS_ERROR, MS_ERROR_AUTH_DISMISSED) ||
          g_error_matches (error, MS_ERROR, MS_ERROR_NOT_AUTHORIZED) ||
          g_error_matches (error, MS_ERROR, MS_ERROR_HELPER_FAILED))
        {
          self->admin_wanted = FALSE;
          finish_admin_pass (self, error->message);
        }
      else if (self->admin_next >= self->admin_pids->len)
        {
          finish_admin_pass (self, NULL);
        }
      else
        {
          read_next_as_admin (self);
        }
    }
  g_object_unref (closure->cancellable);
  g_object_unref (closure->page);
  g_free (closure);
}

static void
read_next_as_admin (MsSystemPage *self)
{
  AdminClosure *closure = g_new0 (AdminClosure, 1);

  closure->page = g_object_ref (self);
  closure->cancellable = g_object_ref (self->cancellable);
  ms_privileged_read_pid_async (g_array_index (self->admin_pids, int, self->admin_next), self->cancellable,
                                on_admin_read, closure);
}

static void
on_admin_clicked (MsSystemPage *self)
{
  self->admin_wanted = TRUE;
  read_unreadable_as_admin (self);
}

void
ms_system_page_read_as_admin (MsSystemPage *self,
                              const int    *pids,
                              guint         n_pids)
{
  g_return_if_fail (MS_IS_SYSTEM_PAGE (self));
  start_admin_pass (self, pids, n_pids);
}

typedef struct {
  MsSystemPage *page;         /* (owned) */
  GCancellable *cancellable;  /* (owned) this read's */
} ReadClosure;

static void
on_read (GObject      *source_object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ReadClosure *closure = user_data;
  MsSystemPage *self = closure->page;
  g_autoptr(GError) error = NULL;
  MsSystemSnapshot *snapshot = ms_system_read_finish (result, &error);

  /* A newer read, or none wanted: drop this one. */
  if (self->cancellable == closure->cancellable && snapshot != NULL)
    {
      stop_reading (self);
      g_clear_pointer (&self->snapshot, ms_system_snapshot_unref);
      self->snapshot = g_steal_pointer (&snapshot);
      show_snapshot (self);
      if (self->admin_wanted && self->snapshot->n_unreadable > 0)
        read_unreadable_as_admin (self);
    }
  else if (self->cancellable == closure->cancellable)
    {
      stop_reading (self);
      gtk_label_set_text (self->summary_label, error->message);
    }
  g_clear_pointer (&snapshot, ms_system_snapshot_unref);
  g_object_unref (closure->cancellable);
  g_object_unref (closure->page);
  g_free (closure);
}

static void
show_progress (MsSystemPage *self)
{
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_progress_bar_set_text (self->progress, _("Reading the processes…"));
  gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
  self->progress_source = g_timeout_add (100, update_progress, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->progress_source),
                            "[memscape] system read progress");
  update_progress (self);
}

static void
start_reading (MsSystemPage *self)
{
  ReadClosure *closure;
  MsSystemReadFlags flags = wants_objects (self) ? MS_SYSTEM_READ_OBJECTS : MS_SYSTEM_READ_PROCESSES;

  stop_reading (self);
  self->reading_objects = (flags & MS_SYSTEM_READ_OBJECTS) != 0;
  self->cancellable = g_cancellable_new ();
  g_atomic_int_set (&self->read_progress.done, 0);
  g_atomic_int_set (&self->read_progress.total, 0);
  show_progress (self);

  closure = g_new0 (ReadClosure, 1);
  closure->page = g_object_ref (self);
  closure->cancellable = g_object_ref (self->cancellable);
  ms_system_read_async (flags, &self->read_progress, self->cancellable, on_read, closure);
}

void
ms_system_page_refresh (MsSystemPage *self)
{
  g_return_if_fail (MS_IS_SYSTEM_PAGE (self));
  start_reading (self);
}

static void
on_view_changed (MsSystemPage *self)
{
  /* Objects need full smaps: read them the first time they are wanted (a
   * read of the rollups alone in flight gives way). */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && wants_objects (self) &&
      (self->snapshot == NULL || self->snapshot->objects == NULL) &&
      (self->cancellable == NULL || self->admin_pids != NULL || !self->reading_objects))
    start_reading (self);
}

/* --- activating ----------------------------------------------------------- */

static void
on_process_activated (MsSystemPage *self,
                      guint         position)
{
  g_autoptr(MsSystemItem) item = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (self->processes_view)),
                                                        position);

  if (item != NULL && item->pid > 0)
    g_signal_emit (self, signals[OPEN_PROCESS], 0, item->pid, NULL);
}

static void
on_object_selected (MsSystemPage *self)
{
  MsSystemItem *object = gtk_single_selection_get_selected_item (self->objects_selection);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (object != NULL && object->pids != NULL && self->snapshot != NULL)
    for (guint i = 0; i < object->pids->len; i++)
      {
        const MsSystemProcess *p = ms_system_snapshot_find (self->snapshot, g_array_index (object->pids, int, i));

        if (p != NULL)
          g_ptr_array_add (items, process_item (p));
      }
  splice_all (self->object_processes, items);
}

void
ms_system_page_activate_object_process (MsSystemPage *self,
                                        guint         position)
{
  MsSystemItem *object;
  g_autoptr(MsSystemItem) item = NULL;

  g_return_if_fail (MS_IS_SYSTEM_PAGE (self));
  object = gtk_single_selection_get_selected_item (self->objects_selection);
  item = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (self->object_processes_view)), position);
  if (item != NULL && object != NULL)
    g_signal_emit (self, signals[OPEN_PROCESS], 0, item->pid, object->text[MS_SYSTEM_TEXT_NAME]);
}

static void
on_object_process_activated (MsSystemPage *self,
                             guint         position)
{
  ms_system_page_activate_object_process (self, position);
}

/* --- the widget ----------------------------------------------------------- */

static void
ms_system_page_map (GtkWidget *widget)
{
  MsSystemPage *self = MS_SYSTEM_PAGE (widget);

  GTK_WIDGET_CLASS (ms_system_page_parent_class)->map (widget);
  start_reading (self);
}

static void
ms_system_page_unmap (GtkWidget *widget)
{
  /* Left: the read in flight is not wanted any more. */
  stop_reading (MS_SYSTEM_PAGE (widget));
  GTK_WIDGET_CLASS (ms_system_page_parent_class)->unmap (widget);
}

static void
ms_system_page_dispose (GObject *object)
{
  MsSystemPage *self = MS_SYSTEM_PAGE (object);
  GtkWidget *child;

  stop_reading (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MS_TYPE_SYSTEM_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->processes);
  g_clear_object (&self->objects);
  g_clear_object (&self->object_processes);
  g_clear_object (&self->users);
  g_clear_object (&self->cgroups);
  g_clear_object (&self->shm);
  g_clear_object (&self->shm_files);
  g_clear_pointer (&self->snapshot, ms_system_snapshot_unref);

  G_OBJECT_CLASS (ms_system_page_parent_class)->dispose (object);
}

static void
ms_system_page_class_init (MsSystemPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ms_system_page_dispose;
  widget_class->map = ms_system_page_map;
  widget_class->unmap = ms_system_page_unmap;

  /* (pid, object or NULL) */
  signals[OPEN_PROCESS] = g_signal_new ("open-process", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);

  g_type_ensure (MS_TYPE_RAM_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/memscape/Memscape/ms-system-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MsSystemPage, ram_bar);
  gtk_widget_class_bind_template_child (widget_class, MsSystemPage, figures);
  gtk_widget_class_bind_template_child (widget_class, MsSystemPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MsSystemPage, progress);
  gtk_widget_class_bind_template_child (widget_class, MsSystemPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MsSystemPage, processes_view);
  gtk_widget_class_bind_template_child (widget_class, MsSystemPage, objects_view);
  gtk_widget_class_bind_template_child (widget_class, MsSystemPage, object_processes_view);
  gtk_widget_class_bind_template_child (widget_class, MsSystemPage, users_view);
  gtk_widget_class_bind_template_child (widget_class, MsSystemPage, admin_button);
  gtk_widget_class_bind_template_callback (widget_class, on_admin_clicked);
  gtk_widget_class_bind_template_child (widget_class, MsSystemPage, cgroups_view);
  gtk_widget_class_bind_template_child (widget_class, MsSystemPage, shm_view);
  gtk_widget_class_bind_template_child (widget_class, MsSystemPage, shm_files_view);
  gtk_widget_class_bind_template_callback (widget_class, ms_system_page_refresh);
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_process_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_object_process_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ms_system_page_init (MsSystemPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ms_tooltip_attach_tree (GTK_WIDGET (self));

  self->processes = _ms_system_table_setup (self->processes_view, _ms_system_process_columns,
                                            _ms_system_n_process_columns, 5, NULL);
  self->objects = _ms_system_table_setup (self->objects_view, _ms_system_object_columns,
                                          _ms_system_n_object_columns, 3, &self->objects_selection);
  self->object_processes = _ms_system_table_setup (self->object_processes_view, _ms_system_process_columns,
                                                   _ms_system_n_process_columns, 5, NULL);
  self->users = _ms_system_table_setup (self->users_view, _ms_system_user_columns,
                                        _ms_system_n_user_columns, 4, NULL);
  self->cgroups = _ms_system_table_setup (self->cgroups_view, _ms_system_cgroup_columns,
                                          _ms_system_n_cgroup_columns, 3, NULL);
  self->shm = _ms_system_table_setup (self->shm_view, _ms_system_shm_columns,
                                      _ms_system_n_shm_columns, 3, NULL);
  self->shm_files = _ms_system_table_setup (self->shm_files_view, _ms_system_shm_file_columns,
                                            _ms_system_n_shm_file_columns, 3, NULL);
  g_signal_connect_object (self->objects_selection, "notify::selected-item", G_CALLBACK (on_object_selected),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
ms_system_page_new (void)
{
  return g_object_new (MS_TYPE_SYSTEM_PAGE, NULL);
}

MsSystemSnapshot *
ms_system_page_get_snapshot (MsSystemPage *self)
{
  g_return_val_if_fail (MS_IS_SYSTEM_PAGE (self), NULL);
  return self->snapshot;
}

gboolean
ms_system_page_is_reading (MsSystemPage *self)
{
  g_return_val_if_fail (MS_IS_SYSTEM_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

void
ms_system_page_set_view (MsSystemPage *self,
                         const char   *name)
{
  g_return_if_fail (MS_IS_SYSTEM_PAGE (self));
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

GListModel *
ms_system_page_get_rows (MsSystemPage *self,
                         const char   *name)
{
  GtkColumnView *view;

  g_return_val_if_fail (MS_IS_SYSTEM_PAGE (self), NULL);
  if (g_strcmp0 (name, "objects") == 0)
    view = self->objects_view;
  else if (g_strcmp0 (name, "users") == 0)
    view = self->users_view;
  else if (g_strcmp0 (name, "cgroups") == 0)
    view = self->cgroups_view;
  else if (g_strcmp0 (name, "shm") == 0)
    view = self->shm_view;
  else if (g_strcmp0 (name, "shm-files") == 0)
    view = self->shm_files_view;
  else
    view = self->processes_view;
  return G_LIST_MODEL (gtk_column_view_get_model (view));
}

GListModel *
ms_system_page_get_object_processes (MsSystemPage *self)
{
  g_return_val_if_fail (MS_IS_SYSTEM_PAGE (self), NULL);
  return G_LIST_MODEL (gtk_column_view_get_model (self->object_processes_view));
}

void
ms_system_page_select_object (MsSystemPage *self,
                              guint         position)
{
  g_return_if_fail (MS_IS_SYSTEM_PAGE (self));
  gtk_single_selection_set_selected (self->objects_selection, position);
}
