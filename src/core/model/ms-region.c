/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-core"

#include "config.h"

#include "ms-region.h"

#include <glib/gi18n-lib.h>
#include <string.h>

int
ms_regions_find (const MsRegion *regions,
                 guint           n_regions,
                 guint64         address)
{
  guint lo = 0, hi = n_regions;

  g_return_val_if_fail (regions != NULL || n_regions == 0, -1);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (address < regions[mid].start)
        hi = mid;
      else if (address >= regions[mid].end)
        lo = mid + 1;
      else
        return (int) mid;
    }

  return -1;
}

guint
ms_regions_bisect (const MsRegion *regions,
                   guint           n_regions,
                   guint64         address)
{
  guint lo = 0, hi = n_regions;

  g_return_val_if_fail (regions != NULL || n_regions == 0, 0);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (regions[mid].start <= address)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

void
ms_region_format_perms (const MsRegion *region,
                        char            out[5])
{
  out[0] = (region->perms & MS_PERM_READ) ? 'r' : '-';
  out[1] = (region->perms & MS_PERM_WRITE) ? 'w' : '-';
  out[2] = (region->perms & MS_PERM_EXEC) ? 'x' : '-';
  out[3] = (region->perms & MS_PERM_SHARED) ? 's' : 'p';
  out[4] = '\0';
}

char *
ms_region_describe_perms (const MsRegion *region)
{
  GPtrArray *words = g_ptr_array_new ();
  char *result;

  if (region->perms & MS_PERM_READ)
    g_ptr_array_add (words, (gpointer) _("read"));
  if (region->perms & MS_PERM_WRITE)
    g_ptr_array_add (words, (gpointer) _("write"));
  if (region->perms & MS_PERM_EXEC)
    g_ptr_array_add (words, (gpointer) _("execute"));
  if (words->len == 0)
    g_ptr_array_add (words, (gpointer) _("no access"));
  g_ptr_array_add (words, (gpointer) ((region->perms & MS_PERM_SHARED) ? _("shared") : _("private")));
  g_ptr_array_add (words, NULL);

  /* TRANSLATORS: the separator between permission words, "read, write, private" */
  result = g_strjoinv (_(", "), (char **) words->pdata);
  g_ptr_array_free (words, TRUE);
  return result;
}

gboolean
ms_region_is_file_backed (const MsRegion *region)
{
  return region->path != NULL && region->path[0] == '/';
}

gboolean
ms_region_is_anonymous (const MsRegion *region)
{
  return !ms_region_is_file_backed (region);
}

gboolean
ms_region_equal (const MsRegion *a,
                 const MsRegion *b)
{
  return a->start == b->start && a->end == b->end && a->offset == b->offset && a->inode == b->inode &&
         a->dev_major == b->dev_major && a->dev_minor == b->dev_minor &&
         a->kernel_page_size == b->kernel_page_size && a->mmu_page_size == b->mmu_page_size &&
         a->perms == b->perms && a->kind == b->kind &&
         a->thp_eligible == b->thp_eligible && a->protection_key == b->protection_key &&
         memcmp (&a->counters, &b->counters, sizeof a->counters) == 0 &&
         g_strcmp0 (a->path, b->path) == 0 && g_strcmp0 (a->object, b->object) == 0 &&
         g_strcmp0 (a->vm_flags, b->vm_flags) == 0;
}
