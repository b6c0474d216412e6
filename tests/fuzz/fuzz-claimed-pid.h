/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdint.h>
#include <string.h>

/* The pid on the line after @record ("\nread ", "\npages ", …) of an answer,
 * or 1: the pid the answer says it is for, so that answers for the right
 * process get past the parser's check of it and deeper in. (In a header, not
 * a file of its own, so that a fuzz target stays one file for libFuzzer.) */
static inline int
fuzz_claimed_pid (const uint8_t *data,
                  size_t         size,
                  const char    *record)
{
  const char *p = memmem (data, size, record, strlen (record));
  const char *end = (const char *) data + size;
  int pid = 0;

  if (p == NULL || (p = memchr (p + 1, '\n', (size_t) (end - p - 1))) == NULL)
    return 1;
  for (p++; p < end && *p >= '0' && *p <= '9' && pid < 10000000; p++)
    pid = pid * 10 + (*p - '0');
  return pid > 0 ? pid : 1;
}
