/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-heap-trim"

#include "config.h"

#include "ms-heap-trim.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

/* Every new snapshot frees the last one and what was made of it (its
 * regions, the strip's layout and picture, the table's items), megabytes
 * for a large process, and as much is allocated again at once. glibc keeps
 * freed memory for later; and once it has freed a large block it had from
 * mmap, it raises its mmap threshold and serves blocks up to that size from
 * its heaps, which then fragment. Watching 20 000 mappings change 20 times a
 * second, the window grew 12 MB in half an hour while what it had in use
 * stayed flat (LeakSanitizer finds no leak; mallinfo2's in-use figure is
 * steady). So a moment after every MS_HEAP_TRIM_EVERY-th new snapshot (10 s
 * at the default interval), once it is drawn, the free pages go back to the
 * system. A trim takes 1 to 5 ms; taking pages back costs some 70 page
 * faults a second.
 *
 * Tried and not kept: MALLOC_ARENA_MAX=1 (grew 7 MB in 15 minutes); a fixed
 * 128 KiB M_MMAP_THRESHOLD (flat, but 1 200 page faults a second); a trim
 * after every snapshot (550 page faults a second for the same result).
 *
 * malloc is the process's, so this is too: one count for all windows. */
#define TRIM_DELAY_MS 200

static gboolean disabled;
static guint n_snapshots;
static guint n_trims;
static guint trim_id;

static gboolean
trim_heaps (gpointer data)
{
  trim_id = 0;
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  n_trims++;
  return G_SOURCE_REMOVE;
}

void
ms_heap_trim_note_snapshot (void)
{
  n_snapshots++;
  if (disabled || n_snapshots % MS_HEAP_TRIM_EVERY != 0 || trim_id != 0)
    return;

  /* After the frame that shows it. A timeout, not an idle: an idle could
   * wait for ever behind frames that each take longer than the last (on a
   * loaded machine). */
  trim_id = g_timeout_add (TRIM_DELAY_MS, trim_heaps, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, trim_id),
                            "[memscape] give freed memory back");
}

guint
ms_heap_trim_get_count (void)
{
  return n_trims;
}

void
ms_heap_trim_set_enabled (gboolean enabled)
{
  disabled = !enabled;
}
