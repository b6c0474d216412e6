/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
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

/* Sizes as a person reads them: at most four characters of number, so that
 * "1000.0 KiB" never touches a column's edge. No display needed. */

static void
test_size_units (void)
{
  static const struct {
    guint64     bytes;
    const char *text;
  } cases[] = {
    { 0, "0 bytes" },
    { 1, "1 byte" },
    { 999, "999 bytes" },
    { 1000, "1.0" NBSP "KiB" },            /* 0.98 KiB */
    { 1023, "1.0" NBSP "KiB" },
    { 1024, "1.0" NBSP "KiB" },
    { 4096, "4.0" NBSP "KiB" },
    { 102348, "99.9" NBSP "KiB" },         /* 99.949 KiB */
    { 102349, "100" NBSP "KiB" },          /* 99.950 KiB: three digits, no decimal */
    { 512 * 1024, "512" NBSP "KiB" },
    { 1023487, "999" NBSP "KiB" },         /* 999.499 KiB */
    { 1023488, "1.0" NBSP "MiB" },         /* 999.5 KiB would read "1000" */
    { 1024000, "1.0" NBSP "MiB" },         /* g_format_size(): "1000.0 KiB" */
    { 1048575, "1.0" NBSP "MiB" },         /* g_format_size(): "1024.0 KiB" */
    { 1048576, "1.0" NBSP "MiB" },
    { 12901888, "12.3" NBSP "MiB" },
    { 5000000000, "4.7" NBSP "GiB" },
    { G_GUINT64_CONSTANT (1) << 40, "1.0" NBSP "TiB" },
    { (G_GUINT64_CONSTANT (1) << 47) - 4096, "128" NBSP "TiB" },
    { G_MAXUINT64, "16.0" NBSP "EiB" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ms_format_size (cases[i].bytes);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* Over every magnitude: the number has at most three digits before its
 * point, at most four characters in all, and says the size to within the
 * rounding of its last digit. */
static void
test_size_width (void)
{
  static const char * const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
  GRand *rand = g_rand_new_with_seed (12);

  for (guint i = 0; i < 20000; i++)
    {
      guint shift = (guint) g_rand_int_range (rand, 10, 64);
      guint64 bytes = (((guint64) g_rand_int (rand) << 32) | g_rand_int (rand)) >> (64 - shift);
      g_autofree char *text = NULL;
      const char *space;
      double value, scale = 1024;
      guint unit = 0;

      if (bytes < 1000)
        bytes += 1000;
      text = ms_format_size (bytes);
      space = strstr (text, NBSP);
      g_assert_nonnull (space);
      g_assert_cmpint (space - text, <=, 4);
      value = g_ascii_strtod (text, NULL);
      g_assert_cmpfloat (value, <, 999.5);
      while (unit < G_N_ELEMENTS (units) && strcmp (space + strlen (NBSP), units[unit]) != 0)
        unit++, scale *= 1024;
      g_assert_cmpuint (unit, <, G_N_ELEMENTS (units));
      /* "99.9": ±0.05 of the unit; "512": ±0.5 */
      g_assert_cmpfloat (fabs (value * scale - (double) bytes), <=,
                         (strchr (text, '.') != NULL && strchr (text, '.') < space ? 0.05 : 0.5) * scale + 1);
    }
  g_rand_free (rand);
}

/* Where GLib would show the same (one decimal, below 100 of the unit), the
 * text is GLib's to the byte, in any language: its unit names and its
 * layout ("1,0 KiB" with a no-break space in German). */
static void
test_size_as_glib (void)
{
  static const guint64 sizes[] = { 1024, 4096, 12901888, 5000000000 };
  static const char * const languages[] = { "C", "de", "zh_CN" };
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_setenv ("LANGUAGE", languages[l], TRUE);
      setlocale (LC_ALL, "");
      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        {
          g_autofree char *ours = ms_format_size (sizes[i]);
          g_autofree char *glib = g_format_size_full (sizes[i], G_FORMAT_SIZE_IEC_UNITS);

          g_assert_cmpstr (ours, ==, glib);
        }
    }

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
}

static void
test_size_tooltip (void)
{
  g_autofree char *small = ms_format_size_tooltip (999);
  g_autofree char *kib = ms_format_size_tooltip (1000);

  g_assert_cmpstr (small, ==, "999 bytes");
  g_assert_true (g_str_has_prefix (kib, "1.0" NBSP "KiB ("));
  g_assert_true (g_str_has_suffix (kib, " bytes)"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/format/sizes", test_sizes);
  g_test_add_func ("/memscape/format/count", test_count);
  g_test_add_func ("/memscape/format/addresses", test_addresses);
  g_test_add_func ("/memscape/format/size-units", test_size_units);
  g_test_add_func ("/memscape/format/size-width", test_size_width);
  g_test_add_func ("/memscape/format/size-as-glib", test_size_as_glib);
  g_test_add_func ("/memscape/format/size-tooltip", test_size_tooltip);

  return g_test_run ();
}
