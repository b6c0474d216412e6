/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target over the whole system's parsers (issue 15): any bytes as
 * /proc/meminfo (then the RAM bar's parts, which must add up to MemTotal),
 * as a process's smaps_rollup and status, and as /proc/sysvipc/shm. Each is
 * given a copy without a NUL after it, so that reading past the end shows
 * under ASan. Built with clang and -Dfuzzing=true; the corpus in
 * system-corpus/ is replayed by fuzz-replay.c as an ordinary test.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "ms-system.h"
#include "ms-system-parse.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *copy = g_memdup2 (data, size);
  g_autoptr(GArray) shm = NULL;
  MsMeminfo meminfo;
  MsRamParts parts;
  MsRollup rollup;
  MsStatusLines status;
  guint64 sum = 0;

  ms_meminfo_parse (copy, size, &meminfo);
  /* Any USS and PSS, even inconsistent ones (PSS below USS). */
  ms_ram_parts_compute (&meminfo, meminfo.mapped, meminfo.anon_pages, &parts);
  for (guint i = 0; i < MS_N_RAM_PARTS; i++)
    {
      g_assert (parts.part[i] <= meminfo.mem_total);
      sum += parts.part[i];
    }
  g_assert (sum == meminfo.mem_total);

  ms_rollup_parse (copy, size, &rollup);
  g_assert (!rollup.has_rss || size >= 4);
  ms_status_lines_parse (copy, size, &status);

  shm = ms_sysvipc_shm_parse (copy, size);
  for (guint i = 0; i < shm->len; i++)
    g_assert_null (g_array_index (shm, MsShmSegment, i).owner);

  return 0;
}
