/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-core"

#include "config.h"

#include "ms-format.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* g_format_size() keeps a unit up to 1024 of it, with a decimal: "1000.0 KiB"
 * and "1023.9 KiB" are five digits, wider than the columns made for
 * "12.3 MiB". Here a unit is kept only while the number reads below 1000 of
 * it, with one decimal below 100 and none above: "99.9 KiB", "512 KiB",
 * "1.0 MiB" — at most four characters of number. The unit's name, and where
 * it goes, are GLib's (translated with it): its text for exactly one of the
 * unit, with our number in place of its "1.0". */
char *
ms_format_size (guint64 bytes)
{
  g_autofree char *template = NULL;
  g_autofree char *template_number = NULL;
  g_autofree char *number = NULL;
  const char *at;
  guint64 unit = 1024;
  double value;

  if (bytes < 1000)
    return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);

  value = (double) bytes / 1024.0;
  /* up to EiB: G_MAXUINT64 is 16.0 EiB */
  while (value >= 999.5 && unit < (G_GUINT64_CONSTANT (1) << 60))
    {
      value /= 1024.0;
      unit <<= 10;
    }

  number = g_strdup_printf (value < 99.95 ? "%.1f" : "%.0f", value);
  template = g_format_size_full (unit, G_FORMAT_SIZE_IEC_UNITS);
  template_number = g_format_size_full (unit, G_FORMAT_SIZE_IEC_UNITS | G_FORMAT_SIZE_ONLY_VALUE);
  at = strstr (template, template_number);
  if (at == NULL)
    {
      g_autofree char *name = g_format_size_full (unit, G_FORMAT_SIZE_IEC_UNITS | G_FORMAT_SIZE_ONLY_UNIT);

      return g_strdup_printf ("%s %s", number, name);
    }

  return g_strdup_printf ("%.*s%s%s", (int) (at - template), template, number, at + strlen (template_number));
}

char *
ms_format_count (guint64 count)
{
  /* The ' flag groups digits as the locale says (glibc). */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, count);
}

char *
ms_format_size_delta (gint64 delta)
{
  g_autofree char *size = NULL;
  guint64 magnitude = delta < 0 ? (guint64) -(delta + 1) + 1 : (guint64) delta;

  if (delta == 0)
    return ms_format_size (0);
  size = ms_format_size (magnitude);
  /* U+2212 MINUS SIGN: as wide as the plus in tabular digits */
  return g_strconcat (delta > 0 ? "+" : "\xe2\x88\x92", size, NULL);
}

char *
ms_format_bytes_exact (guint64 bytes)
{
  g_autofree char *number = ms_format_count (bytes);

  /* TRANSLATORS: an exact size, "%s" is a grouped number such as "1,234,567" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s byte", "%s bytes", (gulong) bytes),
                          number);
}

char *
ms_format_size_tooltip (guint64 bytes)
{
  g_autofree char *size = NULL;
  g_autofree char *exact = NULL;

  if (bytes < 1000)
    return ms_format_bytes_exact (bytes);

  size = ms_format_size (bytes);
  exact = ms_format_bytes_exact (bytes);

  /* TRANSLATORS: a size and its exact value, "12.3 MiB (12,901,888 bytes)" */
  return g_strdup_printf (_("%s (%s)"), size, exact);
}

char *
ms_format_size_with_bytes (guint64 bytes)
{
  g_autofree char *size = ms_format_size (bytes);
  g_autofree char *exact = ms_format_count (bytes);

  /* TRANSLATORS: a size and its exact byte count, "12.3 MiB (12,901,888 bytes)" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%s byte)", "%s (%s bytes)",
                                       bytes > G_MAXULONG ? G_MAXULONG : (gulong) bytes),
                          size, exact);
}

void
ms_format_address (guint64 address,
                   char    out[20])
{
  g_snprintf (out, 20, "%012" G_GINT64_MODIFIER "x", address);
}

char *
ms_format_hex (guint64 value)
{
  return g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", value);
}
