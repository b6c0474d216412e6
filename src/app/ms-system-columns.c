/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-system-page"

#include "config.h"

#include "ms-system-page-private.h"

#include <glib/gi18n.h>

#include "ms-cells.h"
#include "ms-format.h"
#include "ms-system-item.h"

/* The System page's tables: their columns, cells, tooltips and sorting. */

/* number[] of a process: vss, rss, pss, uss, swap, swap_pss */
const MsSystemColumn _ms_system_process_columns[] = {
  { N_("Name"), COL_TEXT, MS_SYSTEM_TEXT_NAME, TRUE },
  { N_("PID"), COL_PID, 0, FALSE },
  { N_("User"), COL_TEXT, MS_SYSTEM_TEXT_USER, FALSE },
  { N_("VSS"), COL_SIZE, 0, FALSE },
  { N_("RSS"), COL_SIZE, 1, FALSE },
  { N_("PSS"), COL_READ_SIZE, 2, FALSE },
  { N_("USS"), COL_READ_SIZE, 3, FALSE },
  { N_("Swap"), COL_READ_SIZE, 4, FALSE },
  { N_("Swap PSS"), COL_READ_SIZE, 5, FALSE },
};

/* number[] of an object: processes, rss, pss, uss, swap */
const MsSystemColumn _ms_system_object_columns[] = {
  { N_("Object"), COL_PATH, MS_SYSTEM_TEXT_NAME, TRUE },
  { N_("Processes"), COL_COUNT, 0, FALSE },
  { N_("RSS"), COL_SIZE, 1, FALSE },
  { N_("PSS"), COL_SIZE, 2, FALSE },
  { N_("USS"), COL_SIZE, 3, FALSE },
  { N_("Swap"), COL_SIZE, 4, FALSE },
};

/* number[] of a group: processes, vss, rss, pss, uss, swap, swap_pss */
const MsSystemColumn _ms_system_user_columns[] = {
  { N_("User"), COL_TEXT, MS_SYSTEM_TEXT_NAME, TRUE },
  { N_("Processes"), COL_COUNT, 0, FALSE },
  { N_("VSS"), COL_SIZE, 1, FALSE },
  { N_("RSS"), COL_SIZE, 2, FALSE },
  { N_("PSS"), COL_SIZE, 3, FALSE },
  { N_("USS"), COL_SIZE, 4, FALSE },
  { N_("Swap"), COL_SIZE, 5, FALSE },
};

/* number[] of a cgroup: processes, rss, pss, uss, swap, then its memory
 * controller's current, max, peak, swap current and OOM kills */
const MsSystemColumn _ms_system_cgroup_columns[] = {
  { N_("Group"), COL_TEXT, MS_SYSTEM_TEXT_NAME, TRUE },
  { N_("Processes"), COL_COUNT, 0, FALSE },
  { N_("RSS"), COL_SIZE, 1, FALSE },
  { N_("PSS"), COL_SIZE, 2, FALSE },
  { N_("USS"), COL_SIZE, 3, FALSE },
  { N_("Current"), COL_LIMIT, 5, FALSE },
  { N_("Limit"), COL_LIMIT, 6, FALSE },
  { N_("Peak"), COL_LIMIT, 7, FALSE },
  { N_("Swap"), COL_LIMIT, 4, FALSE },
  { N_("OOM Kills"), COL_COUNT, 8, FALSE },
};

/* number[] of a segment: key, id, size, rss, swap, nattch, cpid, lpid */
const MsSystemColumn _ms_system_shm_columns[] = {
  { N_("Key"), COL_HEX, 0, FALSE },
  { N_("ID"), COL_COUNT, 1, FALSE },
  { N_("State"), COL_TEXT, MS_SYSTEM_TEXT_NAME, FALSE },
  { N_("Owner"), COL_TEXT, MS_SYSTEM_TEXT_USER, FALSE },
  { N_("Size"), COL_SIZE, 2, FALSE },
  { N_("Resident"), COL_SIZE, 3, FALSE },
  { N_("Swapped"), COL_SIZE, 4, FALSE },
  { N_("Attached"), COL_COUNT, 5, FALSE },
  { N_("Creator"), COL_COUNT, 6, FALSE },
  { N_("Last"), COL_COUNT, 7, FALSE },
  { N_("Mapped by"), COL_TEXT, MS_SYSTEM_TEXT_EXTRA, TRUE },
};

/* A /dev/shm file, memfd or SysV mapping: an object's row and its pids. */
const MsSystemColumn _ms_system_shm_file_columns[] = {
  { N_("File or memfd"), COL_PATH, MS_SYSTEM_TEXT_NAME, TRUE },
  { N_("Processes"), COL_COUNT, 0, FALSE },
  { N_("RSS"), COL_SIZE, 1, FALSE },
  { N_("PSS"), COL_SIZE, 2, FALSE },
  { N_("Mapped by"), COL_TEXT, MS_SYSTEM_TEXT_EXTRA, TRUE },
};

static gboolean
is_text (const MsSystemColumn *column)
{
  return column->type == COL_TEXT || column->type == COL_PATH;
}

static void
update_cell (GtkLabel  *cell,
             GtkWidget *swatch,
             GObject   *object,
             gpointer   user_data)
{
  const MsSystemColumn *column = user_data;
  MsSystemItem *item = MS_SYSTEM_ITEM (object);
  g_autofree char *text = NULL;

  switch (column->type)
    {
    case COL_TEXT:
    case COL_PATH:
      ms_label_set_text (cell, item->text[column->index] != NULL ? item->text[column->index] : "");
      return;
    case COL_PID:
      text = g_strdup_printf ("%d", item->pid);
      break;
    case COL_READ_SIZE:
      if (item->unreadable)
        {
          /* TRANSLATORS: in place of a figure of a process whose memory we may not read */
          ms_label_set_text (cell, _("not readable"));
          return;
        }
      text = ms_format_size (item->number[column->index]);
      break;
    case COL_SIZE:
      text = ms_format_size (item->number[column->index]);
      break;
    case COL_COUNT:
      text = g_strdup_printf ("%" G_GUINT64_FORMAT, item->number[column->index]);
      break;
    case COL_LIMIT:
      if (item->number[column->index] == MS_SYSTEM_UNKNOWN)
        text = g_strdup ("—");
      else if (item->number[column->index] == MS_CGROUP_UNLIMITED)
        /* TRANSLATORS: a cgroup's memory limit when there is none */
        text = g_strdup (_("no limit"));
      else
        text = ms_format_size (item->number[column->index]);
      break;
    case COL_HEX:
      text = g_strdup_printf ("0x%08" G_GINT64_MODIFIER "x", item->number[column->index] & 0xffffffffu);
      break;
    }
  ms_label_set_text (cell, text);
}

static char *
cell_tooltip (GObject  *object,
              gpointer  user_data)
{
  const MsSystemColumn *column = user_data;
  MsSystemItem *item = MS_SYSTEM_ITEM (object);

  if (item->unreadable)
    return g_strdup (_("We may not read this process’s memory: only its VSS and RSS are known. Read as Administrator reads it."));
  if (item->as_admin)
    return g_strdup (_("Read as administrator, through the system’s password check."));
  if (item->flagged)
    return g_strdup (_("Orphaned: no process has this segment attached, yet it keeps its memory until it is removed (ipcrm)."));
  if (item->text[MS_SYSTEM_TEXT_EXTRA] != NULL && is_text (column) && column->index == MS_SYSTEM_TEXT_NAME)
    return g_strdup (item->text[MS_SYSTEM_TEXT_EXTRA]);
  if (column->type == COL_LIMIT && item->number[column->index] >= MS_SYSTEM_UNKNOWN)
    return NULL;
  if (column->type == COL_SIZE || column->type == COL_READ_SIZE || column->type == COL_LIMIT)
    return ms_format_size_tooltip (item->number[column->index]);
  if (is_text (column) && item->text[column->index] != NULL)
    return g_strdup (item->text[column->index]);
  return NULL;
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const MsSystemColumn *column = user_data;
  const MsSystemItem *x = a, *y = b;

  switch (column->type)
    {
    case COL_TEXT:
    case COL_PATH:
      {
        int order = g_utf8_collate (x->text[column->index] ? x->text[column->index] : "",
                                    y->text[column->index] ? y->text[column->index] : "");
        return order < 0 ? GTK_ORDERING_SMALLER : order > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
      }
    case COL_PID:
      return x->pid < y->pid ? GTK_ORDERING_SMALLER : x->pid > y->pid ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
    case COL_READ_SIZE:
      /* The unknown below every known figure. */
      if (x->unreadable != y->unreadable)
        return x->unreadable ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
      G_GNUC_FALLTHROUGH;
    case COL_SIZE:
    case COL_COUNT:
    case COL_HEX:
    case COL_LIMIT:
      {
        guint64 u = x->number[column->index], v = y->number[column->index];

        return u < v ? GTK_ORDERING_SMALLER : u > v ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
      }
    }
  return GTK_ORDERING_EQUAL;
}

GListStore *
_ms_system_table_setup (GtkColumnView        *view,
                        const MsSystemColumn *columns,
                        guint                 n_columns,
                        int                   sort_by,
                        GtkSingleSelection  **selection_out)
{
  GListStore *store = g_list_store_new (MS_TYPE_SYSTEM_ITEM);
  GtkSortListModel *sorted;
  GtkColumnViewColumn *first_sorted = NULL;

  for (guint i = 0; i < n_columns; i++)
    {
      const MsSystemColumn *c = &columns[i];
      MsCellFlags flags = c->type == COL_PATH ? MS_CELL_ELLIPSIZE_MIDDLE :
                          c->type == COL_TEXT ? MS_CELL_ELLIPSIZE_END : MS_CELL_NUMERIC;
      g_autoptr(GtkListItemFactory) factory = ms_cell_factory_new (flags, update_cell, cell_tooltip, (gpointer) c);
      g_autoptr(GtkColumnViewColumn) column = gtk_column_view_column_new (_(c->title), g_steal_pointer (&factory));
      GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (compare_items, (gpointer) c, NULL));

      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
      gtk_column_view_column_set_expand (column, c->expand);
      /* Figures take what they need; names the rest. */
      if (c->type == COL_PID)
        gtk_column_view_column_set_fixed_width (column, 64);
      else if (c->type == COL_HEX)
        gtk_column_view_column_set_fixed_width (column, 104);
      else if (!is_text (c))
        gtk_column_view_column_set_fixed_width (column, c->type == COL_READ_SIZE ? 84 : 76);
      else if (c->expand)
        gtk_column_view_column_set_fixed_width (column, 160);
      else
        /* (a user's name; a segment's state, "⚠ Orphaned", whole) */
        gtk_column_view_column_set_fixed_width (column, 96);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (view, column);
      if ((int) i == sort_by)
        first_sorted = column;
    }

  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (store)),
                                    g_object_ref (gtk_column_view_get_sorter (view)));
  if (selection_out != NULL)
    {
      GtkSingleSelection *selection = gtk_single_selection_new (G_LIST_MODEL (sorted));

      gtk_single_selection_set_autoselect (selection, FALSE);
      gtk_single_selection_set_can_unselect (selection, TRUE);
      gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
      *selection_out = selection;
      g_object_unref (selection);
    }
  else
    {
      GtkNoSelection *selection = gtk_no_selection_new (G_LIST_MODEL (sorted));

      gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
      g_object_unref (selection);
    }
  if (first_sorted != NULL)
    gtk_column_view_sort_by_column (view, first_sorted, GTK_SORT_DESCENDING);
  return store;
}

const guint _ms_system_n_process_columns = G_N_ELEMENTS (_ms_system_process_columns);
const guint _ms_system_n_object_columns = G_N_ELEMENTS (_ms_system_object_columns);
const guint _ms_system_n_user_columns = G_N_ELEMENTS (_ms_system_user_columns);
const guint _ms_system_n_cgroup_columns = G_N_ELEMENTS (_ms_system_cgroup_columns);
const guint _ms_system_n_shm_columns = G_N_ELEMENTS (_ms_system_shm_columns);
const guint _ms_system_n_shm_file_columns = G_N_ELEMENTS (_ms_system_shm_file_columns);
