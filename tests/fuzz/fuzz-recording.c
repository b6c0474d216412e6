/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target over the reader of recordings (FILE.memscape): any bytes
 * given as the database file either read as samples whose regions are
 * sorted, apart and no larger than themselves, or fail with one line; never
 * a crash, a hang or unbounded memory.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "ms-recording.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_snapshot (const MsSnapshot *snapshot)
{
  for (guint i = 0; i < snapshot->n_regions; i++)
    {
      const MsRegion *r = &snapshot->regions[i];

      if (r->end <= r->start || r->kind >= MS_N_KINDS || r->counters.rss > r->end - r->start ||
          (i > 0 && r->start < snapshot->regions[i - 1].end))
        __builtin_trap ();
      if (r->path != NULL && strlen (r->path) > MS_RECORDING_MAX_STRING)
        __builtin_trap ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(MsRecording) recording = NULL;
  g_autoptr(MsHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  recording = ms_recording_open_bytes (data, size, &error);
  if (recording == NULL)
    {
      /* One line. */
      if (error == NULL || strchr (error->message, '\n') != NULL)
        __builtin_trap ();
      return 0;
    }

  n = ms_recording_get_n_samples (recording);
  if (n == 0)
    __builtin_trap ();
  for (guint i = 0; i < n && i < 4; i++)
    {
      g_autoptr(MsSnapshot) snapshot = ms_recording_get_snapshot (recording, i == 3 ? n - 1 : i, NULL);

      if (snapshot != NULL)
        check_snapshot (snapshot);
    }
  (void) ms_recording_find_sample (recording, 1.5);

  history = ms_recording_build_history (recording, 1024 * 1024, NULL, NULL);
  if (history != NULL)
    {
      g_autoptr(MsSnapshot) last = NULL;

      if (ms_history_get_n_samples (history) == 0)
        __builtin_trap ();
      last = ms_history_get_snapshot (history, ms_history_get_n_samples (history) - 1);
      check_snapshot (last);
    }
  return 0;
}
