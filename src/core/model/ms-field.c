/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-core"

#include "config.h"

#include "ms-field.h"

#include "ms-field-private.h"
#include "ms-format.h"


/* the offsets fit their guint16 */
G_STATIC_ASSERT (sizeof (MsRegion) <= G_MAXUINT16 && sizeof (MsTotals) <= G_MAXUINT16);

/* Here, where the table is a constant the compiler sees through: the loop
 * then costs what the hand-written sums did. */
void
ms_totals_add_region (MsTotals       *totals,
                      const MsRegion *r)
{
  totals->count++;
#pragma GCC unroll 32
  for (guint i = 0; i < MS_N_FIELDS; i++)
    if (_ms_fields[i].flags & MS_FIELD_SUMMED)
      {
        guint64 *sum = &G_STRUCT_MEMBER (guint64, totals, _ms_fields[i].total_offset);

        *sum = ms_add_saturated (*sum, ms_field_get_value (&_ms_fields[i], r));
      }
}

const MsField *
ms_field_get_all (void)
{
  return _ms_fields;
}

const MsField *
ms_field_get (MsFieldId id)
{
  g_return_val_if_fail (id < MS_N_FIELDS, NULL);

  return &_ms_fields[id];
}

const MsField *
ms_field_from_name (const char *name)
{
  for (guint i = 0; i < MS_N_FIELDS; i++)
    if (g_strcmp0 (_ms_fields[i].name, name) == 0)
      return &_ms_fields[i];
  return NULL;
}

const char *
ms_field_get_title (const MsField *field)
{
  return _(field->title);
}

char *
ms_field_dup_text (const MsField  *field,
                   const MsRegion *region)
{
  char buffer[20];

  switch (field->format)
    {
    case MS_FIELD_FORMAT_ADDRESS:
      ms_format_address (ms_field_get_value (field, region), buffer);
      return g_strdup (buffer);
    case MS_FIELD_FORMAT_HEX:
      return g_strdup_printf ("%" G_GINT64_MODIFIER "x", ms_field_get_value (field, region));
    case MS_FIELD_FORMAT_SIZE:
      {
        guint64 bytes = ms_field_get_value (field, region);

        /* a counter of nothing is plainly 0, a size "0 bytes" */
        if (bytes == 0 && (field->flags & MS_FIELD_COUNTER))
          return g_strdup ("0");
        return ms_format_size (bytes);
      }
    case MS_FIELD_FORMAT_NUMBER:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, ms_field_get_value (field, region));
    case MS_FIELD_FORMAT_PERMS:
      ms_region_format_perms (region, buffer);
      return g_strdup (buffer);
    case MS_FIELD_FORMAT_DEVICE:
      return g_strdup_printf ("%02x:%02x", region->dev_major, region->dev_minor);
    case MS_FIELD_FORMAT_KIND:
      return g_strdup (ms_kind_get_label ((MsKind) region->kind));
    case MS_FIELD_FORMAT_PATH:
      return g_strdup (ms_field_get_text (field, region) != NULL ? ms_field_get_text (field, region) : "");
    case MS_FIELD_FORMAT_STATE:
      {
        guint64 state = ms_field_get_value (field, region);

        return g_strdup (state > 0 && state < field->n_states ? _(field->states[state].label) : "");
      }
    case MS_FIELD_FORMAT_NAME:
      {
        const char *text = ms_field_get_text (field, region);

        if (text == NULL)
          return g_strdup ("");
        /* "/usr/lib/libc.so.6" as "libc.so.6"; "thread 12 (a/b)" as it is */
        return text[0] == '/' ? g_path_get_basename (text) : g_strdup (text);
      }
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
ms_field_dup_details (const MsField  *field,
                      const MsRegion *region)
{
  switch (field->format)
    {
    case MS_FIELD_FORMAT_SIZE:
      return ms_format_size_tooltip (ms_field_get_value (field, region));
    case MS_FIELD_FORMAT_KIND:
      return g_strdup (ms_kind_get_description ((MsKind) region->kind));
    case MS_FIELD_FORMAT_PERMS:
      return ms_region_describe_perms (region);
    case MS_FIELD_FORMAT_PATH:
    case MS_FIELD_FORMAT_NAME:
      return g_strdup (ms_field_get_text (field, region));
    case MS_FIELD_FORMAT_STATE:
      return ms_field_dup_note (field, region);
    case MS_FIELD_FORMAT_ADDRESS:
    case MS_FIELD_FORMAT_HEX:
    case MS_FIELD_FORMAT_NUMBER:
    case MS_FIELD_FORMAT_DEVICE:
    default:
      return NULL;
    }
}

char *
ms_field_dup_note (const MsField  *field,
                   const MsRegion *region)
{
  guint64 state;

  if (field->format != MS_FIELD_FORMAT_STATE)
    return NULL;
  state = ms_field_get_value (field, region);
  if (state == 0 || state >= field->n_states || field->states[state].note == NULL)
    return NULL;
  return g_strdup (_(field->states[state].note));
}

guint64
ms_field_get_total (const MsField  *field,
                    const MsTotals *totals)
{
  g_return_val_if_fail (field->flags & MS_FIELD_SUMMED, 0);

  return G_STRUCT_MEMBER (guint64, totals, field->total_offset);
}
