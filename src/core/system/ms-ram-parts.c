/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-ram-parts"

#include "config.h"

#include "ms-system.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-region.h"

/* --- the RAM bar's parts -------------------------------------------------- */

typedef struct {
  const char *id;
  const char *label;
  const char *description;
  guint32     rgb;
} RamPartInfo;

static const RamPartInfo ram_parts[] = {
  [MS_RAM_PRIVATE] = { "private", N_("Processes’ private memory"),
                       N_("Pages that only one process maps (USS: private clean and dirty), summed over every process we may read. From each process’s /proc/PID/smaps_rollup."),
                       0x3584e4 },
  [MS_RAM_SHARED] = { "shared", N_("Shared and shmem"),
                      N_("Pages that several processes map (the sum of PSS less the sum of USS), and shared memory (Shmem of /proc/meminfo: tmpfs, /dev/shm, SysV segments, memfds)."),
                      0x9141ac },
  [MS_RAM_PAGE_CACHE] = { "page-cache", N_("Page cache"),
                          N_("Files the kernel keeps in RAM that no process maps (Buffers and Cached of /proc/meminfo less the above). Memory of processes we may not read counts here too. Mostly freed when needed."),
                          0xf6d32d },
  [MS_RAM_KERNEL] = { "kernel", N_("Kernel"),
                      N_("The kernel’s own memory: slab caches (SReclaimable, SUnreclaim), page tables (PageTables, SecPageTables) and kernel stacks (KernelStack), from /proc/meminfo."),
                      0xe66100 },
  [MS_RAM_OTHER] = { "other", N_("Other"),
                     N_("What /proc/meminfo counts in MemTotal but in none of the above: drivers, vmalloc, huge pages and buffers in flight."),
                     0x9a9996 },
  [MS_RAM_FREE] = { "free", N_("Free"),
                    N_("RAM in no use at all (MemFree of /proc/meminfo). “Available” beside it adds what the kernel can free at once, such as most of the page cache."),
                    0x33d17a },
};
G_STATIC_ASSERT (G_N_ELEMENTS (ram_parts) == MS_N_RAM_PARTS);

const char *
ms_ram_part_to_id (MsRamPart part)
{
  g_return_val_if_fail (part < MS_N_RAM_PARTS, NULL);
  return ram_parts[part].id;
}

const char *
ms_ram_part_get_label (MsRamPart part)
{
  g_return_val_if_fail (part < MS_N_RAM_PARTS, NULL);
  return _(ram_parts[part].label);
}

const char *
ms_ram_part_get_description (MsRamPart part)
{
  g_return_val_if_fail (part < MS_N_RAM_PARTS, NULL);
  return _(ram_parts[part].description);
}

guint32
ms_ram_part_get_rgb (MsRamPart part)
{
  g_return_val_if_fail (part < MS_N_RAM_PARTS, 0);
  return ram_parts[part].rgb;
}

static guint64
sub_floor (guint64 a,
           guint64 b)
{
  return a > b ? a - b : 0;
}

void
ms_ram_parts_compute (const MsMeminfo *m,
                      guint64          sum_uss,
                      guint64          sum_pss,
                      MsRamParts      *parts)
{
  guint64 total = m->mem_total;
  guint64 free_ = MIN (m->mem_free, total);
  guint64 used = total - free_;
  guint64 user, kernel, slab;

  memset (parts, 0, sizeof *parts);
  user = MIN (ms_add_saturated (ms_add_saturated (m->anon_pages, m->buffers), m->cached), used);
  parts->part[MS_RAM_PRIVATE] = MIN (sum_uss, user);
  parts->part[MS_RAM_SHARED] = MIN (ms_add_saturated (sub_floor (sum_pss, sum_uss), m->shmem),
                                    user - parts->part[MS_RAM_PRIVATE]);
  parts->part[MS_RAM_PAGE_CACHE] = user - parts->part[MS_RAM_PRIVATE] - parts->part[MS_RAM_SHARED];

  /* Kernels before 2.6.19 only had Slab. */
  slab = m->s_reclaimable + m->s_unreclaim > 0 ? ms_add_saturated (m->s_reclaimable, m->s_unreclaim) : m->slab;
  kernel = ms_add_saturated (ms_add_saturated (slab, m->kernel_stack),
                             ms_add_saturated (m->page_tables, m->sec_page_tables));
  parts->part[MS_RAM_KERNEL] = MIN (kernel, used - user);
  parts->part[MS_RAM_OTHER] = used - user - parts->part[MS_RAM_KERNEL];
  parts->part[MS_RAM_FREE] = free_;

  parts->total = total;
  parts->available = m->mem_available;
  parts->swap_total = m->swap_total;
  parts->swap_used = sub_floor (m->swap_total, m->swap_free);
}
