/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-pages"

#include "config.h"

#include "ms-pages-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-proc.h"
#include "ms-reader-private.h"

/* --- the map --------------------------------------------------------------- */

static void
page_map_clear (gpointer data)
{
  MsPageMap *map = data;

  g_free (map->runs);
}

MsPageMap *
ms_page_map_ref (MsPageMap *map)
{
  return g_atomic_rc_box_acquire (map);
}

void
ms_page_map_unref (MsPageMap *map)
{
  g_atomic_rc_box_release_full (map, page_map_clear);
}

guint64
ms_page_map_count (const MsPageMap *map,
                   guint32          flags)
{
  guint64 pages = 0;

  for (guint i = 0; i < map->n_runs; i++)
    if ((map->runs[i].flags & flags) == flags)
      pages += (map->runs[i].end - map->runs[i].start) / map->page_size;
  return pages;
}

int
ms_page_map_find (const MsPageMap *map,
                  guint64          address)
{
  guint lo = 0, hi = map->n_runs;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (address < map->runs[mid].start)
        hi = mid;
      else if (address >= map->runs[mid].end)
        lo = mid + 1;
      else
        return (int) mid;
    }
  return -1;
}

void
ms_pages_append (GArray  *runs,
                 guint64  address,
                 guint64  length,
                 guint32  flags,
                 guint32  mapcount)
{
  MsPageRun run = { address, address + length, flags, mapcount };

  if (length == 0)
    return;
  if (runs->len > 0)
    {
      MsPageRun *last = &g_array_index (runs, MsPageRun, runs->len - 1);

      if (last->end == address && last->flags == flags && last->mapcount == mapcount)
        {
          last->end = run.end;
          return;
        }
    }
  g_array_append_val (runs, run);
}

char *
ms_page_flags_describe (guint32 flags)
{
  static const struct {
    guint32     flag;
    const char *text;
  } names[] = {
    { MS_PAGE_PRESENT, N_("present") },
    { MS_PAGE_SWAPPED, N_("swapped") },
    { MS_PAGE_GUARD, N_("guard") },
    { MS_PAGE_FILE, N_("file") },
    { MS_PAGE_EXCLUSIVE, N_("exclusive") },
    { MS_PAGE_SOFT_DIRTY, N_("soft-dirty") },
    { MS_PAGE_ZERO, N_("zero page") },
    { MS_PAGE_HUGE, N_("huge") },
    { MS_PAGE_REFERENCED, N_("referenced") },
    { MS_PAGE_IDLE, N_("idle") },
    { MS_PAGE_KSM, N_("KSM") },
    { MS_PAGE_ACTIVE, N_("active") },
    { MS_PAGE_DIRTY, N_("dirty") },
    { MS_PAGE_MLOCKED, N_("locked") },
  };
  GString *text = g_string_new (NULL);

  if (!(flags & (MS_PAGE_PRESENT | MS_PAGE_SWAPPED | MS_PAGE_GUARD)))
    g_string_append (text, _("not present"));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (flags & names[i].flag)
      {
        if (text->len > 0)
          /* Translators: between the states of a run of pages, e.g. "present, file, exclusive" */
          g_string_append (text, C_("page states", ", "));
        g_string_append (text, _(names[i].text));
      }
  return g_string_free (text, FALSE);
}

/* --- decoding -------------------------------------------------------------- */

guint32
ms_pages_decode_entry (guint64  entry,
                       guint64  kflags,
                       gboolean pfns_visible)
{
  guint32 flags = 0;

  if (entry & PM_PRESENT)
    flags |= MS_PAGE_PRESENT;
  else if (entry & PM_SWAP)
    flags |= MS_PAGE_SWAPPED;
  if (entry & PM_FILE)
    flags |= MS_PAGE_FILE;
  /* (a migration entry can say exclusive too: only a present page counts) */
  if ((entry & PM_EXCLUSIVE) && (entry & PM_PRESENT))
    flags |= MS_PAGE_EXCLUSIVE;
  if (entry & PM_SOFT_DIRTY)
    flags |= MS_PAGE_SOFT_DIRTY;
  /* A guard page is a marker in the page table, which pagemap also calls
   * swapped: it is not. */
  if (entry & PM_GUARD)
    flags = (flags & ~(guint32) MS_PAGE_SWAPPED) | MS_PAGE_GUARD;

  /* Without CAP_SYS_ADMIN every PFN reads 0: nothing below may be guessed
   * from it, the zero page least of all. */
  if (pfns_visible && (entry & PM_PRESENT) && (entry & PM_PFN_MASK) != 0)
    {
      if (kflags & KPF (KPF_ZERO_PAGE))
        flags |= MS_PAGE_ZERO;
      if (kflags & (KPF (KPF_THP) | KPF (KPF_HUGE)))
        flags |= MS_PAGE_HUGE;
      if (kflags & KPF (KPF_REFERENCED))
        flags |= MS_PAGE_REFERENCED;
      if (kflags & KPF (KPF_IDLE))
        flags |= MS_PAGE_IDLE;
      if (kflags & KPF (KPF_KSM))
        flags |= MS_PAGE_KSM;
      if (kflags & KPF (KPF_ACTIVE))
        flags |= MS_PAGE_ACTIVE;
      if (kflags & KPF (KPF_DIRTY))
        flags |= MS_PAGE_DIRTY;
      if (kflags & KPF (KPF_MLOCKED))
        flags |= MS_PAGE_MLOCKED;
    }
  return flags;
}
