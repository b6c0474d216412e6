/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: the per-process figures' parsers (ms-figures.c) over
 * any text as /proc/PID/stat, smaps_rollup or status: never a crash, and
 * what they take is what the text says. Its corpus replays as a test.
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "ms-figures.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  MsFigures figures = { 0 };
  MsFigures before;

  if (ms_figures_set_stat (&figures, text))
    g_assert_true (figures.present & MS_FIGURES_FAULTS);
  else
    g_assert_false (figures.present & MS_FIGURES_FAULTS);

  before = figures;
  if (!ms_figures_set_rollup (&figures, text))
    g_assert_true (memcmp (&before, &figures, sizeof figures) == 0);
  else
    g_assert_true (figures.present & MS_FIGURES_TOTALS);

  return 0;
}
