/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-system-csv"

#include "config.h"

#include "ms-system.h"

#include <string.h>

/* --- CSV ------------------------------------------------------------------ */

/* RFC 4180: a field holding a comma, a quote, CR or LF is quoted. */
static void
append_field (GString    *csv,
              const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }
  g_string_append_c (csv, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

void
ms_system_write_processes_csv (const MsSystemSnapshot *self,
                               GString                *csv)
{
  g_string_append (csv, "pid,name,user,vss,rss,pss,uss,swap,swap_pss\n");
  for (guint i = 0; i < self->processes->len; i++)
    {
      const MsSystemProcess *p = g_ptr_array_index (self->processes, i);

      if (!p->readable)
        continue;
      g_string_append_printf (csv, "%d,", p->pid);
      append_field (csv, p->name);
      g_string_append_c (csv, ',');
      append_field (csv, p->user);
      g_string_append_printf (csv, ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT
                              ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT "\n",
                              p->vss, p->rss, p->pss, p->uss, p->swap, p->swap_pss);
    }
}

void
ms_system_write_objects_csv (const MsSystemSnapshot *self,
                             GString                *csv)
{
  g_string_append (csv, "object,processes,rss,pss,uss,swap\n");
  if (self->objects == NULL)
    return;
  for (guint i = 0; i < self->objects->len; i++)
    {
      const MsSystemObject *o = g_ptr_array_index (self->objects, i);

      append_field (csv, o->object);
      g_string_append_printf (csv, ",%u,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT
                              ",%" G_GUINT64_FORMAT "\n",
                              o->pids->len, o->rss, o->pss, o->uss, o->swap);
    }
}

void
ms_system_write_groups_csv (GPtrArray  *groups,
                            const char *key_column,
                            GString    *csv)
{
  g_string_append_printf (csv, "%s,processes,vss,rss,pss,uss,swap,swap_pss\n", key_column);
  for (guint i = 0; i < groups->len; i++)
    {
      const MsSystemGroup *g = g_ptr_array_index (groups, i);

      append_field (csv, g->name);
      g_string_append_printf (csv, ",%u,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT
                              ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT "\n",
                              g->processes, g->vss, g->rss, g->pss, g->uss, g->swap, g->swap_pss);
    }
}

static void
append_figure (GString  *csv,
               gboolean  known,
               guint64   value)
{
  g_string_append_c (csv, ',');
  if (!known)
    return;
  if (value == MS_CGROUP_UNLIMITED)
    g_string_append (csv, "max");
  else
    g_string_append_printf (csv, "%" G_GUINT64_FORMAT, value);
}

void
ms_system_write_cgroups_csv (const MsSystemSnapshot *self,
                             GString                *csv)
{
  g_string_append (csv, "cgroup,path,processes,vss,rss,pss,uss,swap,swap_pss,"
                        "memory_current,memory_max,memory_peak,memory_swap_current,oom_kills\n");
  for (guint i = 0; i < self->cgroups->len; i++)
    {
      const MsSystemGroup *g = g_ptr_array_index (self->cgroups, i);
      const MsCgroupMemory *m = &g->memory;

      append_field (csv, g->name);
      g_string_append_c (csv, ',');
      append_field (csv, g->path);
      g_string_append_printf (csv, ",%u,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT
                              ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT,
                              g->processes, g->vss, g->rss, g->pss, g->uss, g->swap, g->swap_pss);
      append_figure (csv, g->has_memory && m->has_current, m->current);
      append_figure (csv, g->has_memory && m->has_current, m->max);
      append_figure (csv, g->has_memory && m->has_peak, m->peak);
      append_figure (csv, g->has_memory && m->has_swap, m->swap_current);
      append_figure (csv, g->has_memory && m->has_oom_kill, m->oom_kill);
      g_string_append_c (csv, '\n');
    }
}
