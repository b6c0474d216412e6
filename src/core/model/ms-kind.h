/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The region kinds of DESIGN.md, in legend order. */
typedef enum {
  MS_KIND_TEXT,
  MS_KIND_RODATA,
  MS_KIND_DATA,
  MS_KIND_BSS,
  MS_KIND_HEAP,
  MS_KIND_MMAP_ANON,
  MS_KIND_MMAP_FILE,
  MS_KIND_SHM,
  MS_KIND_THREAD_STACK,
  MS_KIND_STACK,
  MS_KIND_GUARD,
  MS_KIND_RESERVED,
  MS_KIND_VDSO,
  MS_N_KINDS
} MsKind;

typedef struct {
  double red, green, blue;
} MsColor;

/* "text", "rodata", … as in the CSV `kind` column. Returns: (transfer none):
 * a static string. */
const char    *ms_kind_to_id      (MsKind      kind);
/* Translated, human label ("Text", "Read-only data", …). (transfer none) */
const char    *ms_kind_get_label  (MsKind      kind);
/* One sentence explaining the kind, translated. (transfer none) */
const char    *ms_kind_get_description (MsKind kind);
/* The one colour table used by the widget, the legend and the pictures.
 * Returns: (transfer none): a static colour. */
const MsColor *ms_kind_get_color  (MsKind      kind);

G_END_DECLS
