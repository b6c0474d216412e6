/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target over the parser of memscape-reader's framed answers: the
 * bytes that come back across the privilege boundary. Any input is either a
 * whole, consistent answer or a clear error; never a crash.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "fuzz-claimed-pid.h"
#include "ms-privileged.h"
#include "ms-process-list.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  GError *error = NULL;
  MsSnapshot *snapshot;
  GPtrArray *list;

  snapshot = ms_privileged_parse_read ((const char *) data, size, fuzz_claimed_pid (data, size, "\nread "), &error);
  g_assert ((snapshot == NULL) != (error == NULL));
  if (snapshot != NULL)
    {
      for (guint i = 0; i < snapshot->n_regions; i++)
        g_assert (snapshot->regions[i].end > snapshot->regions[i].start);
      ms_snapshot_unref (snapshot);
    }
  g_clear_error (&error);

  {
    guint64 fingerprint = 0;
    guint n_regions = 0;
    gboolean parsed = ms_privileged_parse_probe ((const char *) data, size, fuzz_claimed_pid (data, size, "\nprobe "),
                                                 &fingerprint, &n_regions, &error);

    g_assert (parsed != (error != NULL));
    g_assert (parsed || (fingerprint == 0 && n_regions == 0));
    g_clear_error (&error);
  }

  list = ms_privileged_parse_list ((const char *) data, size, &error);
  g_assert ((list == NULL) != (error == NULL));
  if (list != NULL)
    {
      for (guint i = 0; i < list->len; i++)
        g_assert (((MsProcessInfo *) g_ptr_array_index (list, i))->pid > 0);
      g_ptr_array_unref (list);
    }
  g_clear_error (&error);

  return 0;
}
