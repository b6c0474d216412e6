/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ms-snapshot.h"

G_BEGIN_DECLS

/* Which of MsFigures' members a reading gave. */
typedef enum {
  MS_FIGURES_TOTALS = 1 << 0,   /* vss, rss, pss, swap */
  MS_FIGURES_STATUS = 1 << 1,   /* rss_anon, rss_file, rss_shmem, threads (/proc/PID/status) */
  MS_FIGURES_FAULTS = 1 << 2,   /* minor_faults, major_faults (/proc/PID/stat) */
} MsFiguresFlags;

/* The cheap per-process figures of one refresh, read every time even when
 * the map did not change (then PSS and swap come from smaps_rollup): what
 * the timeline draws and its tooltip says. Sizes in bytes; the faults are
 * the kernel's running counts since the process started. A capture has the
 * totals only. */
typedef struct {
  guint   present;      /* MsFiguresFlags */
  guint   threads;
  guint64 vss;
  guint64 rss;
  guint64 rss_anon;
  guint64 rss_file;
  guint64 rss_shmem;
  guint64 pss;
  guint64 swap;
  guint64 minor_faults;
  guint64 major_faults;
} MsFigures;

/* What @snapshot itself says: its totals (vss, rss, pss, swap), and for a
 * live read its status (the RSS split, the threads). No faults. */
void     ms_figures_init_from_snapshot (MsFigures        *figures,
                                        const MsSnapshot *snapshot);
/* The Rss*, VmSize and Threads lines of @status, as parsed into an MsStatus. */
void     ms_figures_set_status         (MsFigures        *figures,
                                        const MsStatus   *status);
/* PSS and swap from /proc/PID/smaps_rollup text (NUL-terminated); FALSE, and
 * nothing changed, when it holds neither. */
gboolean ms_figures_set_rollup         (MsFigures        *figures,
                                        const char       *rollup);
/* The minor and major fault counts from /proc/PID/stat text (NUL-terminated;
 * the command name may hold spaces and parentheses); FALSE, and nothing
 * changed, when it is not such text. */
gboolean ms_figures_set_stat           (MsFigures        *figures,
                                        const char       *stat);

G_END_DECLS
