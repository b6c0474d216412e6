/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target over the privileged helper's answer to `clear-refs PID
 * 1|4` (issue 16, items 3 and 4): any answer is a whole, valid one for the
 * request, or a clear error; never a crash.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "ms-activity-private.h"
#include "ms-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* The pid the answer says it is for, so that answers get past that check. */
static int
claimed_pid (const uint8_t *data,
             size_t         size)
{
  const char *p = memmem (data, size, "\nclear-refs ", 12);
  const char *end = (const char *) data + size;
  int pid = 0;

  if (p == NULL || (p = memchr (p + 1, '\n', (size_t) (end - p - 1))) == NULL)
    return 1;
  for (p++; p < end && *p >= '0' && *p <= '9' && pid < 10000000; p++)
    pid = pid * 10 + (*p - '0');
  return pid > 0 ? pid : 1;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  for (int kind = MS_ACTIVITY_REFERENCED; kind <= MS_ACTIVITY_WRITES; kind++)
    {
      GError *error = NULL;
      guint32 owner = 7;
      gboolean cleared = _ms_activity_parse_clear_refs_answer ((const char *) data, size, claimed_pid (data, size),
                                                               kind, &owner, &error);

      g_assert (cleared == (error == NULL));
      if (cleared)
        /* a whole answer ends with its trailer and echoes its value */
        g_assert_true (size > 7 && memcmp (data + size - 7, "end 0\n\n", 7) == 0 &&
                       memmem (data, size, kind == MS_ACTIVITY_WRITES ? "cleared 1\n4\n" : "cleared 1\n1\n", 12) != NULL);
      else
        g_assert_true (error->domain == MS_ERROR && strchr (error->message, '\n') == NULL);
      g_clear_error (&error);
    }
  return 0;
}
