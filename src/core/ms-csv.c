/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-csv"

#include "config.h"

#include "ms-export.h"

#include <string.h>

static const char header[] =
  "start,end,size,perms,offset,device,inode,path,kind,object,rss,pss,"
  "shared_clean,shared_dirty,private_clean,private_dirty,referenced,anonymous,"
  "swap,swap_pss,locked";

const char *
ms_csv_header (void)
{
  return header;
}

static inline void
append_decimal (GString *out,
                guint64  value)
{
  char buf[24];
  char *p = buf + sizeof buf;

  do
    {
      *--p = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value != 0);

  g_string_append_len (out, p, buf + sizeof buf - p);
}

static inline void
append_hex (GString *out,
            guint64  value,
            guint    min_digits)
{
  static const char digits[] = "0123456789abcdef";
  char buf[24];
  char *p = buf + sizeof buf;
  guint n = 0;

  do
    {
      *--p = digits[value & 0xf];
      value >>= 4;
      n++;
    }
  while (value != 0 || n < min_digits);

  g_string_append_len (out, p, buf + sizeof buf - p);
}

/* RFC 4180: quote a field holding a comma, a quote, CR or LF; double quotes. */
static void
append_field (GString    *out,
              const char *text)
{
  if (text == NULL)
    return;

  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

#define SEP() g_string_append_c (out, ',')

void
ms_csv_write (const MsSnapshot *snapshot,
              GString          *out)
{
  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (out != NULL);

  g_string_append (out, header);
  g_string_append_c (out, '\n');

  for (guint i = 0; i < snapshot->n_regions; i++)
    {
      const MsRegion *r = &snapshot->regions[i];
      const MsCounters *c = &r->counters;
      char perms[5];

      ms_region_format_perms (r, perms);

      g_string_append (out, "0x"); append_hex (out, r->start, 1); SEP ();
      g_string_append (out, "0x"); append_hex (out, r->end, 1); SEP ();
      append_decimal (out, ms_region_get_size (r)); SEP ();
      g_string_append (out, perms); SEP ();
      g_string_append (out, "0x"); append_hex (out, r->offset, 1); SEP ();
      append_hex (out, r->dev_major, 2); g_string_append_c (out, ':');
      append_hex (out, r->dev_minor, 2); SEP ();
      append_decimal (out, r->inode); SEP ();
      append_field (out, r->path); SEP ();
      g_string_append (out, ms_kind_to_id ((MsKind) r->kind)); SEP ();
      append_field (out, r->object); SEP ();
      append_decimal (out, c->rss); SEP ();
      append_decimal (out, c->pss); SEP ();
      append_decimal (out, c->shared_clean); SEP ();
      append_decimal (out, c->shared_dirty); SEP ();
      append_decimal (out, c->private_clean); SEP ();
      append_decimal (out, c->private_dirty); SEP ();
      append_decimal (out, c->referenced); SEP ();
      append_decimal (out, c->anonymous); SEP ();
      append_decimal (out, c->swap); SEP ();
      append_decimal (out, c->swap_pss); SEP ();
      append_decimal (out, c->locked);
      g_string_append_c (out, '\n');
    }
}

#undef SEP
