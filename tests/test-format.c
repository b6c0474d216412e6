/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ms-format.h"

/* The tests run in C.UTF-8: no digit grouping, English words. */

#define NBSP "\xc2\xa0"   /* g_format_size() keeps a number and its unit together */

static void
test_sizes (void)
{
  struct {
    guint64     bytes;
    const char *size;
    const char *exact;
    const char *tooltip;
    const char *with_bytes;
  } cases[] = {
    { 0, "0 bytes", "0 bytes", "0 bytes", "0 bytes (0 bytes)" },
    { 1, "1 byte", "1 byte", "1 byte", "1 byte (1 byte)" },
    { 512, "512 bytes", "512 bytes", "512 bytes", "512 bytes (512 bytes)" },
    { 1024, "1.0" NBSP "KiB", "1024 bytes", "1.0" NBSP "KiB (1024 bytes)", "1.0" NBSP "KiB (1024 bytes)" },
    { 12901888, "12.3" NBSP "MiB", "12901888 bytes", "12.3" NBSP "MiB (12901888 bytes)", "12.3" NBSP "MiB (12901888 bytes)" },
    { G_MAXUINT64, "16.0" NBSP "EiB", "18446744073709551615 bytes",
      "16.0" NBSP "EiB (18446744073709551615 bytes)", "16.0" NBSP "EiB (18446744073709551615 bytes)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *size = ms_format_size (cases[i].bytes);
      g_autofree char *exact = ms_format_bytes_exact (cases[i].bytes);
      g_autofree char *tooltip = ms_format_size_tooltip (cases[i].bytes);
      g_autofree char *with_bytes = ms_format_size_with_bytes (cases[i].bytes);

      g_test_message ("bytes: %" G_GUINT64_FORMAT, cases[i].bytes);
      g_assert_cmpstr (size, ==, cases[i].size);
      g_assert_cmpstr (exact, ==, cases[i].exact);
      g_assert_cmpstr (tooltip, ==, cases[i].tooltip);
      g_assert_cmpstr (with_bytes, ==, cases[i].with_bytes);
    }
}

static void
test_count (void)
{
  g_autofree char *zero = ms_format_count (0);
  g_autofree char *most = ms_format_count (G_MAXUINT64);

  g_assert_cmpstr (zero, ==, "0");
  g_assert_cmpstr (most, ==, "18446744073709551615");
}

static void
test_addresses (void)
{
  struct {
    guint64     value;
    const char *address;
    const char *hex;
  } cases[] = {
    { 0, "000000000000", "0x0" },
    { 0x1000, "000000001000", "0x1000" },
    { G_GUINT64_CONSTANT (0x7f3a2c001000), "7f3a2c001000", "0x7f3a2c001000" },
    { G_GUINT64_CONSTANT (0xffffffffff600000), "ffffffffff600000", "0xffffffffff600000" },
    { G_MAXUINT64, "ffffffffffffffff", "0xffffffffffffffff" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *hex = ms_format_hex (cases[i].value);
      char address[20];

      memset (address, 'x', sizeof address);
      ms_format_address (cases[i].value, address);
      g_assert_cmpstr (address, ==, cases[i].address);
      g_assert_cmpstr (hex, ==, cases[i].hex);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/format/sizes", test_sizes);
  g_test_add_func ("/memscape/format/count", test_count);
  g_test_add_func ("/memscape/format/addresses", test_addresses);

  return g_test_run ();
}
