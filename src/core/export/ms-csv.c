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

/* A row's fixed-width fields are written into a buffer and appended to
 * the string in three pieces (around the path and the object), not one
 * call per field: for 60 000 regions, a third of the time. */
static inline char *
put_decimal (char    *p,
             guint64  value)
{
  char digits[20];
  guint n = 0;

  do
    {
      digits[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value != 0);

  while (n > 0)
    *p++ = digits[--n];
  return p;
}

static inline char *
put_hex (char    *p,
         guint64  value,
         guint    min_digits)
{
  static const char hex[] = "0123456789abcdef";
  char digits[16];
  guint n = 0;

  do
    {
      digits[n++] = hex[value & 0xf];
      value >>= 4;
    }
  while (value != 0 || n < min_digits);

  while (n > 0)
    *p++ = digits[--n];
  return p;
}

static inline char *
put_text (char       *p,
          const char *text)
{
  while (*text != '\0')
    *p++ = *text++;
  return p;
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
      const guint64 counters[] = {
        c->rss, c->pss, c->shared_clean, c->shared_dirty, c->private_clean, c->private_dirty,
        c->referenced, c->anonymous, c->swap, c->swap_pss, c->locked,
      };
      /* the widest row: 3 × "0x" + 16 hex digits, 2 × 20 digits, perms, a
       * device of 2 × 8 hex digits, a kind's id and 11 counters of 20 digits */
      char row[512];
      char perms[5];
      char *p = row;

      ms_region_format_perms (r, perms);

      p = put_text (p, "0x"); p = put_hex (p, r->start, 1); *p++ = ',';
      p = put_text (p, "0x"); p = put_hex (p, r->end, 1); *p++ = ',';
      p = put_decimal (p, ms_region_get_size (r)); *p++ = ',';
      p = put_text (p, perms); *p++ = ',';
      p = put_text (p, "0x"); p = put_hex (p, r->offset, 1); *p++ = ',';
      p = put_hex (p, r->dev_major, 2); *p++ = ':';
      p = put_hex (p, r->dev_minor, 2); *p++ = ',';
      p = put_decimal (p, r->inode); *p++ = ',';
      g_string_append_len (out, row, p - row);

      append_field (out, r->path);

      p = row;
      *p++ = ',';
      p = put_text (p, ms_kind_to_id ((MsKind) r->kind)); *p++ = ',';
      g_string_append_len (out, row, p - row);

      append_field (out, r->object);

      p = row;
      for (guint k = 0; k < G_N_ELEMENTS (counters); k++)
        {
          *p++ = ',';
          p = put_decimal (p, counters[k]);
        }
      *p++ = '\n';
      g_string_append_len (out, row, p - row);
    }
}


