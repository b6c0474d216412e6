/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-figures.h"

#include <string.h>

void
ms_figures_init_from_snapshot (MsFigures        *figures,
                               const MsSnapshot *snapshot)
{
  g_return_if_fail (figures != NULL);
  g_return_if_fail (snapshot != NULL);

  memset (figures, 0, sizeof *figures);
  figures->present = MS_FIGURES_TOTALS;
  figures->vss = snapshot->total.vss;
  figures->rss = snapshot->total.rss;
  figures->pss = snapshot->total.pss;
  figures->swap = snapshot->total.swap;
  if (snapshot->source == MS_SOURCE_PROCESS && snapshot->status.threads > 0)
    ms_figures_set_status (figures, &snapshot->status);
}

void
ms_figures_set_status (MsFigures      *figures,
                       const MsStatus *status)
{
  g_return_if_fail (figures != NULL);
  g_return_if_fail (status != NULL);

  figures->present |= MS_FIGURES_STATUS;
  figures->threads = status->threads;
  figures->rss_anon = status->rss_anon;
  figures->rss_file = status->rss_file;
  figures->rss_shmem = status->rss_shmem;
  /* The kernel's own sums, when it gave them, over the regions' */
  if (status->vm_size > 0)
    figures->vss = status->vm_size;
  if (status->vm_rss > 0)
    figures->rss = status->vm_rss;
}

/* The value of the line @name ("\nPss:") of @text in bytes; FALSE when absent. */
static gboolean
find_kb (const char *text,
         const char *name,
         guint64    *bytes)
{
  const char *p = strstr (text, name);
  guint64 kb;

  if (p == NULL)
    return FALSE;
  p += strlen (name);
  while (*p == ' ' || *p == '\t')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  kb = g_ascii_strtoull (p, NULL, 10);
  *bytes = kb > G_MAXUINT64 / 1024 ? G_MAXUINT64 : kb * 1024;
  return TRUE;
}

gboolean
ms_figures_set_rollup (MsFigures  *figures,
                       const char *rollup)
{
  guint64 pss = 0, swap = 0, rss = 0;
  gboolean has_pss, has_swap;

  g_return_val_if_fail (figures != NULL, FALSE);

  if (rollup == NULL)
    return FALSE;
  has_pss = find_kb (rollup, "\nPss:", &pss);
  has_swap = find_kb (rollup, "\nSwap:", &swap);
  if (!has_pss && !has_swap)
    return FALSE;

  figures->present |= MS_FIGURES_TOTALS;
  figures->pss = pss;
  figures->swap = swap;
  if (!(figures->present & MS_FIGURES_STATUS) && find_kb (rollup, "\nRss:", &rss))
    figures->rss = rss;
  return TRUE;
}

/* /proc/PID/stat's fields after the command name's ')': the state is 0. */
enum {
  STAT_MINFLT = 7,
  STAT_MAJFLT = 9,
};

gboolean
ms_figures_set_stat (MsFigures  *figures,
                     const char *stat)
{
  const char *p;
  guint64 minflt = 0;
  guint field = 0;

  g_return_val_if_fail (figures != NULL, FALSE);

  p = stat != NULL ? strrchr (stat, ')') : NULL;
  if (p == NULL || p[1] != ' ')
    return FALSE;
  p += 2;

  while (*p != '\0')
    {
      if (field == STAT_MINFLT || field == STAT_MAJFLT)
        {
          char *end;
          guint64 value;

          if (!g_ascii_isdigit (*p))
            return FALSE;
          value = g_ascii_strtoull (p, &end, 10);
          if (field == STAT_MINFLT)
            minflt = value;
          else
            {
              figures->present |= MS_FIGURES_FAULTS;
              figures->minor_faults = minflt;
              figures->major_faults = value;
              return TRUE;
            }
        }
      p = strchr (p, ' ');
      if (p == NULL)
        break;
      p++;
      field++;
    }
  return FALSE;
}
