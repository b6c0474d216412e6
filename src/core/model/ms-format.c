/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-core"

#include "config.h"

#include "ms-format.h"

#include <glib/gi18n-lib.h>

char *
ms_format_size (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

char *
ms_format_count (guint64 count)
{
  /* The ' flag groups digits as the locale says (glibc). */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, count);
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

  if (bytes < 1024)
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
