/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The table of fields itself, for ms-field.c and the loops over every field
 * that run once per region of a large process (the CSV writer, the totals):
 * where this is included, the compiler sees the table as the constant it is,
 * and a loop over it, unrolled (#pragma GCC unroll 32), costs what the same
 * code written out field by field would. Everything else goes through
 * ms-field.h. */

#include <stddef.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ms-field.h"

static inline guint64
_ms_field_get_size (const MsRegion *region)
{
  return ms_region_get_size (region);
}

static inline guint64
_ms_field_get_uss (const MsRegion *region)
{
  return ms_region_get_uss (region);
}

static inline guint64
_ms_field_get_perms (const MsRegion *region)
{
  return region->perms;
}

static inline guint64
_ms_field_get_device (const MsRegion *region)
{
  return ((guint64) region->dev_major << 32) | region->dev_minor;
}

static inline guint64
_ms_field_get_kind (const MsRegion *region)
{
  return region->kind;
}

/* Whether the kernel's VmFlags of @region hold the two letters @a @b: two
 * letters each, one space between (a region of a maps capture has none). */
static inline gboolean
_ms_field_has_vm_flag (const MsRegion *region,
                       char            a,
                       char            b)
{
  for (const char *p = region->vm_flags; p != NULL && p[0] != '\0' && p[1] != '\0'; p += 3)
    {
      if (p[0] == a && p[1] == b && (p[2] == ' ' || p[2] == '\0'))
        return TRUE;
      if (p[2] == '\0')
        break;
    }
  return FALSE;
}

static inline guint64
_ms_field_get_write_exec (const MsRegion *region)
{
  return (region->perms & (MS_PERM_WRITE | MS_PERM_EXEC)) == (MS_PERM_WRITE | MS_PERM_EXEC);
}

static inline guint64
_ms_field_get_mlocked (const MsRegion *region)
{
  return _ms_field_has_vm_flag (region, 'l', 'o');
}

static inline guint64
_ms_field_get_sealed (const MsRegion *region)
{
  return _ms_field_has_vm_flag (region, 's', 'l');
}

static inline guint64
_ms_field_get_shadow_stack (const MsRegion *region)
{
  return _ms_field_has_vm_flag (region, 's', 's');
}

/* 1: asked for (MADV_HUGEPAGE, "hg"); 2: never (MADV_NOHUGEPAGE, "nh") */
static inline guint64
_ms_field_get_huge_pages (const MsRegion *region)
{
  return _ms_field_has_vm_flag (region, 'n', 'h') ? 2 : _ms_field_has_vm_flag (region, 'h', 'g') ? 1 : 0;
}

static inline guint64
_ms_field_get_no_dump (const MsRegion *region)
{
  return _ms_field_has_vm_flag (region, 'd', 'd');
}

static inline int
_ms_field_compare_number (const MsField  *field,
                          const MsRegion *a,
                          const MsRegion *b)
{
  guint64 va = ms_field_get_value (field, a);
  guint64 vb = ms_field_get_value (field, b);

  return (va > vb) - (va < vb);
}

static inline int
_ms_field_compare_text (const MsField  *field,
                        const MsRegion *a,
                        const MsRegion *b)
{
  return g_strcmp0 (ms_field_get_text (field, a), ms_field_get_text (field, b));
}

/* As the kernel writes them: "r--p" before "r-xp" before "rw-p". */
static inline int
_ms_field_compare_perms (const MsField  *field,
                         const MsRegion *a,
                         const MsRegion *b)
{
  char pa[5], pb[5];

  ms_region_format_perms (a, pa);
  ms_region_format_perms (b, pb);
  return strcmp (pa, pb);
}

/* A member of MsRegion shown as it is. */
#define _MS_FIELD_MEMBER(member, fmt, cmp) \
  .format = fmt, .offset = offsetof (MsRegion, member), .compare = _ms_field_compare_##cmp

/* A value worked out from the region. */
#define _MS_FIELD_WORKED_OUT(getter, fmt, cmp) \
  .format = fmt, .get = _ms_field_get_##getter, .compare = _ms_field_compare_##cmp

/* A counter read from smaps as @smaps, in bytes, summed into MsTotals' member of its name. */
#define _MS_FIELD_COUNTER(member, smaps) \
  .smaps_name = smaps, .format = MS_FIELD_FORMAT_SIZE, .flags = MS_FIELD_COUNTER | MS_FIELD_SUMMED, \
  .offset = offsetof (MsRegion, counters.member), .total_offset = offsetof (MsTotals, member),     \
  .compare = _ms_field_compare_number

/* A flag, set or not: CSV 1 or 0; shown "Yes" or nothing; @note in the
 * strip's tooltip when set. */
#define _MS_FIELD_FLAG_STATES(name, note) \
  static const MsFieldState _ms_field_states_##name[] = { { "0", "", NULL }, { "1", N_("Yes"), note } }

_MS_FIELD_FLAG_STATES (write_exec, N_("writable and executable: a security risk"));
_MS_FIELD_FLAG_STATES (mlocked, N_("locked in memory"));
_MS_FIELD_FLAG_STATES (sealed, N_("sealed (mseal)"));
_MS_FIELD_FLAG_STATES (shadow_stack, N_("shadow stack"));
_MS_FIELD_FLAG_STATES (no_dump, N_("left out of core dumps"));

static const MsFieldState _ms_field_states_huge_pages[] = {
  { "", "", NULL },
  /* TRANSLATORS: huge pages, asked for with madvise(MADV_HUGEPAGE) */
  { "always", N_("Asked For"), N_("huge pages asked for") },
  /* TRANSLATORS: huge pages, never (madvise(MADV_NOHUGEPAGE)) */
  { "never", N_("Never"), N_("no huge pages") },
};

#define _MS_FIELD_STATE(getter, name) \
  .format = MS_FIELD_FORMAT_STATE, .get = _ms_field_get_##getter, .compare = _ms_field_compare_number, \
  .states = _ms_field_states_##name, .n_states = G_N_ELEMENTS (_ms_field_states_##name)

/* In the CSV's column order: new fields are only ever appended. */
static const MsField _ms_fields[] = {
  [MS_FIELD_START] = { MS_FIELD_START, "start", N_("Start"),
                       _MS_FIELD_MEMBER (start, MS_FIELD_FORMAT_ADDRESS, number) },
  [MS_FIELD_END] = { MS_FIELD_END, "end", N_("End"),
                     _MS_FIELD_MEMBER (end, MS_FIELD_FORMAT_ADDRESS, number) },
  [MS_FIELD_SIZE] = { MS_FIELD_SIZE, "size", N_("Size"),
                      _MS_FIELD_WORKED_OUT (size, MS_FIELD_FORMAT_SIZE, number),
                      .flags = MS_FIELD_SUMMED, .total_offset = offsetof (MsTotals, vss) },
  [MS_FIELD_PERMS] = { MS_FIELD_PERMS, "perms", N_("Perms"),
                       _MS_FIELD_WORKED_OUT (perms, MS_FIELD_FORMAT_PERMS, perms) },
  [MS_FIELD_OFFSET] = { MS_FIELD_OFFSET, "offset", N_("Offset"),
                        _MS_FIELD_MEMBER (offset, MS_FIELD_FORMAT_HEX, number) },
  [MS_FIELD_DEVICE] = { MS_FIELD_DEVICE, "device", N_("Device"),
                        _MS_FIELD_WORKED_OUT (device, MS_FIELD_FORMAT_DEVICE, number) },
  [MS_FIELD_INODE] = { MS_FIELD_INODE, "inode", N_("Inode"),
                       _MS_FIELD_MEMBER (inode, MS_FIELD_FORMAT_NUMBER, number) },
  [MS_FIELD_PATH] = { MS_FIELD_PATH, "path", N_("Path"),
                      _MS_FIELD_MEMBER (path, MS_FIELD_FORMAT_PATH, text) },
  /* sorted in legend order */
  [MS_FIELD_KIND] = { MS_FIELD_KIND, "kind", N_("Kind"),
                      _MS_FIELD_WORKED_OUT (kind, MS_FIELD_FORMAT_KIND, number) },
  [MS_FIELD_OBJECT] = { MS_FIELD_OBJECT, "object", N_("Object"),
                        _MS_FIELD_MEMBER (object, MS_FIELD_FORMAT_NAME, text) },
  [MS_FIELD_RSS] = { MS_FIELD_RSS, "rss", N_("RSS"), N_("Resident (RSS):"),
                     _MS_FIELD_COUNTER (rss, "Rss") },
  [MS_FIELD_PSS] = { MS_FIELD_PSS, "pss", N_("PSS"), N_("Proportional (PSS):"),
                     _MS_FIELD_COUNTER (pss, "Pss") },
  [MS_FIELD_SHARED_CLEAN] = { MS_FIELD_SHARED_CLEAN, "shared_clean", N_("Shared Clean"), N_("Shared clean:"),
                              _MS_FIELD_COUNTER (shared_clean, "Shared_Clean") },
  [MS_FIELD_SHARED_DIRTY] = { MS_FIELD_SHARED_DIRTY, "shared_dirty", N_("Shared Dirty"), N_("Shared dirty:"),
                              _MS_FIELD_COUNTER (shared_dirty, "Shared_Dirty") },
  [MS_FIELD_PRIVATE_CLEAN] = { MS_FIELD_PRIVATE_CLEAN, "private_clean", N_("Private Clean"), N_("Private clean:"),
                               _MS_FIELD_COUNTER (private_clean, "Private_Clean") },
  [MS_FIELD_PRIVATE_DIRTY] = { MS_FIELD_PRIVATE_DIRTY, "private_dirty", N_("Private Dirty"), N_("Private dirty:"),
                               _MS_FIELD_COUNTER (private_dirty, "Private_Dirty") },
  [MS_FIELD_REFERENCED] = { MS_FIELD_REFERENCED, "referenced", N_("Referenced"), N_("Referenced:"),
                            _MS_FIELD_COUNTER (referenced, "Referenced") },
  [MS_FIELD_ANONYMOUS] = { MS_FIELD_ANONYMOUS, "anonymous", N_("Anonymous"), N_("Anonymous:"),
                           _MS_FIELD_COUNTER (anonymous, "Anonymous") },
  [MS_FIELD_SWAP] = { MS_FIELD_SWAP, "swap", N_("Swap"), N_("Swap:"),
                      _MS_FIELD_COUNTER (swap, "Swap") },
  [MS_FIELD_SWAP_PSS] = { MS_FIELD_SWAP_PSS, "swap_pss", N_("Swap PSS"), N_("Swap (PSS):"),
                          _MS_FIELD_COUNTER (swap_pss, "SwapPss") },
  [MS_FIELD_LOCKED] = { MS_FIELD_LOCKED, "locked", N_("Locked"), N_("Locked:"),
                        _MS_FIELD_COUNTER (locked, "Locked") },
  /* private clean + private dirty */
  [MS_FIELD_USS] = { MS_FIELD_USS, "uss", N_("USS"), N_("Unique (USS):"),
                     _MS_FIELD_WORKED_OUT (uss, MS_FIELD_FORMAT_SIZE, number),
                     .flags = MS_FIELD_COUNTER | MS_FIELD_SUMMED, .total_offset = offsetof (MsTotals, uss) },
  [MS_FIELD_WRITE_EXEC] = { MS_FIELD_WRITE_EXEC, "write_exec", N_("W+X"),
                            _MS_FIELD_STATE (write_exec, write_exec), .flags = MS_FIELD_WARNING },
  [MS_FIELD_MLOCKED] = { MS_FIELD_MLOCKED, "mlocked", N_("Mlocked"),
                         _MS_FIELD_STATE (mlocked, mlocked) },
  [MS_FIELD_SEALED] = { MS_FIELD_SEALED, "sealed", N_("Sealed"),
                        _MS_FIELD_STATE (sealed, sealed) },
  [MS_FIELD_SHADOW_STACK] = { MS_FIELD_SHADOW_STACK, "shadow_stack", N_("Shadow Stack"),
                              _MS_FIELD_STATE (shadow_stack, shadow_stack) },
  /* transparent huge pages in use */
  [MS_FIELD_ANON_HUGE_PAGES] = { MS_FIELD_ANON_HUGE_PAGES, "anon_huge_pages", N_("In Huge Pages"),
                                 N_("In huge pages:"), _MS_FIELD_COUNTER (anon_huge_pages, "AnonHugePages") },
  [MS_FIELD_HUGE_PAGES] = { MS_FIELD_HUGE_PAGES, "huge_pages", N_("Huge Pages"),
                            _MS_FIELD_STATE (huge_pages, huge_pages) },
  [MS_FIELD_NO_DUMP] = { MS_FIELD_NO_DUMP, "no_dump", N_("No Dump"),
                         _MS_FIELD_STATE (no_dump, no_dump) },
};

#undef _MS_FIELD_MEMBER
#undef _MS_FIELD_WORKED_OUT
#undef _MS_FIELD_COUNTER
#undef _MS_FIELD_STATE
#undef _MS_FIELD_FLAG_STATES

G_STATIC_ASSERT (G_N_ELEMENTS (_ms_fields) == MS_N_FIELDS);
