/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-core"

#include "config.h"

#include "ms-kind.h"

#include <glib/gi18n-lib.h>

typedef struct {
  const char *id;
  const char *label;
  const char *description;
  MsColor     color;
} KindInfo;

#define RGB(r, g, b) { (r) / 255.0, (g) / 255.0, (b) / 255.0 }

/* Colours from the GNOME palette, chosen so that neighbours in a typical
 * address space (text/rodata/data/bss, heap, mmap) are easy to tell apart. */
static const KindInfo kinds[MS_N_KINDS] = {
  [MS_KIND_TEXT]         = { "text", N_("Text"), N_("Executable code of a program or library"), RGB (0x1c, 0x71, 0xd8) },
  [MS_KIND_RODATA]       = { "rodata", N_("Read-only data"), N_("ELF headers, constants and relocation-read-only data"), RGB (0x62, 0xa0, 0xea) },
  [MS_KIND_DATA]         = { "data", N_("Data"), N_("Initialised, writable data of a program or library"), RGB (0x26, 0xa2, 0x69) },
  [MS_KIND_BSS]          = { "bss", N_("BSS"), N_("Zero-initialised data right after a program or library"), RGB (0x8f, 0xf0, 0xa4) },
  [MS_KIND_HEAP]         = { "heap", N_("Heap"), N_("Memory malloc hands out: the brk heap and glibc's thread arenas"), RGB (0xe6, 0x61, 0x00) },
  [MS_KIND_MMAP_ANON]    = { "mmap-anon", N_("Anonymous mapping"), N_("Anonymous memory from mmap: large allocations, arenas, caches"), RGB (0xf5, 0xc2, 0x11) },
  [MS_KIND_MMAP_FILE]    = { "mmap-file", N_("File mapping"), N_("A file mapped into memory, not part of a loaded program"), RGB (0x81, 0x3d, 0x9c) },
  [MS_KIND_SHM]          = { "shm", N_("Shared memory"), N_("Memory shared between processes: shared anonymous, SysV, POSIX or memfd"), RGB (0xc0, 0x61, 0xcb) },
  [MS_KIND_THREAD_STACK] = { "thread-stack", N_("Thread stack"), N_("The stack of a thread other than the main one"), RGB (0xa5, 0x1d, 0x2d) },
  [MS_KIND_STACK]        = { "stack", N_("Stack"), N_("The main thread's stack"), RGB (0xed, 0x33, 0x3b) },
  [MS_KIND_GUARD]        = { "guard", N_("Guard"), N_("No-access pages that protect a stack or a neighbour from overruns"), RGB (0x9a, 0x99, 0x96) },
  [MS_KIND_RESERVED]     = { "reserved", N_("Reserved"), N_("Address space held with no access and no memory: allocator arena tails, runtime reservations, library alignment holes"), RGB (0xc0, 0xbf, 0xbc) },
  [MS_KIND_VDSO]         = { "vdso", N_("vDSO"), N_("Pages the kernel maps into every process: vDSO, vvar, vsyscall"), RGB (0x86, 0x5e, 0x3c) },
};

#undef RGB

const char *
ms_kind_to_id (MsKind kind)
{
  g_return_val_if_fail (kind < MS_N_KINDS, NULL);

  return kinds[kind].id;
}

const char *
ms_kind_get_label (MsKind kind)
{
  g_return_val_if_fail (kind < MS_N_KINDS, NULL);

  return _(kinds[kind].label);
}

const char *
ms_kind_get_description (MsKind kind)
{
  g_return_val_if_fail (kind < MS_N_KINDS, NULL);

  return _(kinds[kind].description);
}

const MsColor *
ms_kind_get_color (MsKind kind)
{
  g_return_val_if_fail (kind < MS_N_KINDS, NULL);

  return &kinds[kind].color;
}
