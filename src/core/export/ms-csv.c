/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-csv"

#include "config.h"

#include "ms-export.h"

#include <string.h>

#include "ms-field-private.h"
#include "ms-object-group.h"

/* The header: the fields' names, in order. */
const char *
ms_csv_header (void)
{
  static char *header;

  if (g_once_init_enter (&header))
    {
      GString *joined = g_string_new (NULL);

      for (guint i = 0; i < MS_N_FIELDS; i++)
        {
          if (i > 0)
            g_string_append_c (joined, ',');
          g_string_append (joined, _ms_fields[i].name);
        }
      g_once_init_leave (&header, g_string_free (joined, FALSE));
    }

  return header;
}

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

/* RFC 4180: quote a field holding the separator, a quote, CR or LF;
 * double quotes. */
static void
append_text (GString    *out,
             const char *text,
             char        separator)
{
  const char specials[] = { separator, '"', '\r', '\n', '\0' };

  if (text == NULL)
    return;

  if (strpbrk (text, specials) == NULL)
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

/* The widest a field other than text is: "0x" and 16 hex digits, 20 decimal
 * digits, a device of 2 × 8 hex digits, a kind's id; and its separator. */
#define MAX_FIELD_WIDTH 24

/* Writes @r's @field into @p unless it is text: then returns NULL. Always
 * inlined, so that in the loop below only the field's own case is left. */
G_ALWAYS_INLINE static inline char *
put_value (char           *p,
           const MsField  *field,
           const MsRegion *r)
{
  switch (field->format)
    {
    case MS_FIELD_FORMAT_ADDRESS:
    case MS_FIELD_FORMAT_HEX:
      p = put_text (p, "0x");
      return put_hex (p, ms_field_get_value (field, r), 1);
    case MS_FIELD_FORMAT_SIZE:
    case MS_FIELD_FORMAT_NUMBER:
      return put_decimal (p, ms_field_get_value (field, r));
    case MS_FIELD_FORMAT_PERMS:
      ms_region_format_perms (r, p);
      return p + 4;
    case MS_FIELD_FORMAT_DEVICE:
      p = put_hex (p, r->dev_major, 2);
      *p++ = ':';
      return put_hex (p, r->dev_minor, 2);
    case MS_FIELD_FORMAT_KIND:
      return put_text (p, ms_kind_to_id ((MsKind) r->kind));
    case MS_FIELD_FORMAT_STATE:
      {
        guint64 state = ms_field_get_value (field, r);

        return put_text (p, field->states[state < field->n_states ? state : 0].id);
      }
    case MS_FIELD_FORMAT_PATH:
    case MS_FIELD_FORMAT_NAME:
    default:
      return NULL;
    }
}

/* Appends @r's row to @out: every field of the CSV, and a line end. The
 * fixed-width fields are written into a buffer and appended in pieces around
 * the texts, not one call per field (for 60 000 regions, a third of the
 * time); the loop over the table, a constant here, unrolls into what the
 * same code written out field by field would be. */
static inline void
append_csv_row (GString        *out,
                const MsRegion *r)
{
  char row[MS_N_FIELDS * MAX_FIELD_WIDTH];
  char *p = row;

#pragma GCC unroll 32
  for (guint i = 0; i < MS_N_FIELDS; i++)
    {
      const MsField *field = &_ms_fields[i];
      char *end;

      if (i > 0)
        *p++ = ',';

      if ((end = put_value (p, field, r)) != NULL)
        {
          p = end;
          continue;
        }
      g_string_append_len (out, row, p - row);
      append_text (out, ms_field_get_text (field, r), ',');
      p = row;
    }
  *p++ = '\n';
  g_string_append_len (out, row, p - row);
}

void
ms_csv_write (const MsSnapshot *snapshot,
              GString          *out)
{
  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (out != NULL);

  g_string_append (out, ms_csv_header ());
  g_string_append_c (out, '\n');

  for (guint i = 0; i < snapshot->n_regions; i++)
    append_csv_row (out, &snapshot->regions[i]);
}

void
ms_csv_write_rows (const MsRegion *const *regions,
                   guint                  n_regions,
                   const MsFieldId       *fields,
                   guint                  n_fields,
                   char                   separator,
                   GString               *out)
{
  g_return_if_fail (regions != NULL || n_regions == 0);
  g_return_if_fail (fields != NULL || n_fields == 0);
  g_return_if_fail (out != NULL);

  for (guint i = 0; i < n_fields; i++)
    g_return_if_fail (fields[i] < MS_N_FIELDS);

  for (guint i = 0; i < n_regions; i++)
    {
      for (guint f = 0; f < n_fields; f++)
        {
          const MsField *field = ms_field_get (fields[f]);
          char value[MAX_FIELD_WIDTH];
          char *end;

          if (f > 0)
            g_string_append_c (out, separator);
          if ((end = put_value (value, field, regions[i])) != NULL)
            g_string_append_len (out, value, end - value);
          else
            append_text (out, ms_field_get_text (field, regions[i]), separator);
        }
      g_string_append_c (out, '\n');
    }
}

const char *
ms_csv_grouped_header (void)
{
  return "object,kind,regions,size,rss,pss,uss,swap";
}

void
ms_csv_write_group_rows (const MsObjectGroup *const *groups,
                         guint                       n_groups,
                         char                        separator,
                         GString                    *out)
{
  g_return_if_fail (groups != NULL || n_groups == 0);
  g_return_if_fail (out != NULL);

  for (guint i = 0; i < n_groups; i++)
    {
      const MsObjectGroup *g = groups[i];
      char s = separator;

      append_text (out, g->object, separator);
      g_string_append_printf (out, "%c%s%c%" G_GUINT64_FORMAT "%c%" G_GUINT64_FORMAT "%c%" G_GUINT64_FORMAT
                              "%c%" G_GUINT64_FORMAT "%c%" G_GUINT64_FORMAT "%c%" G_GUINT64_FORMAT "\n",
                              s, ms_kind_to_id (g->kind), s, g->regions, s, g->size, s, g->rss, s, g->pss,
                              s, g->uss, s, g->swap);
    }
}

void
ms_csv_write_grouped (const MsSnapshot *snapshot,
                      GString          *out)
{
  g_autoptr(GArray) groups = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (out != NULL);

  groups = ms_object_groups_new (snapshot, NULL);
  rows = g_ptr_array_sized_new (groups->len);
  for (guint i = 0; i < groups->len; i++)
    g_ptr_array_add (rows, &g_array_index (groups, MsObjectGroup, i));

  g_string_append (out, ms_csv_grouped_header ());
  g_string_append_c (out, '\n');
  ms_csv_write_group_rows ((const MsObjectGroup *const *) rows->pdata, rows->len, ',', out);
}
