/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ms-snapshot.h"

G_BEGIN_DECLS

/* The fields of a region, in the CSV's column order: one table (ms-field.c)
 * that the CSV writer, the region table's columns and chooser, the strip's
 * tooltip and the totals walk. A new field is one row there (and, for a new
 * smaps counter, a member of MsCounters and a line of the parser's table). */
typedef enum {
  MS_FIELD_START,
  MS_FIELD_END,
  MS_FIELD_SIZE,
  MS_FIELD_PERMS,
  MS_FIELD_OFFSET,
  MS_FIELD_DEVICE,
  MS_FIELD_INODE,
  MS_FIELD_PATH,
  MS_FIELD_KIND,
  MS_FIELD_OBJECT,
  MS_FIELD_RSS,
  MS_FIELD_PSS,
  MS_FIELD_SHARED_CLEAN,
  MS_FIELD_SHARED_DIRTY,
  MS_FIELD_PRIVATE_CLEAN,
  MS_FIELD_PRIVATE_DIRTY,
  MS_FIELD_REFERENCED,
  MS_FIELD_ANONYMOUS,
  MS_FIELD_SWAP,
  MS_FIELD_SWAP_PSS,
  MS_FIELD_LOCKED,
  MS_FIELD_USS,
  /* the flags that matter (VmFlags, permissions), then the memory in
   * transparent huge pages: appended, as the CSV's new columns are */
  MS_FIELD_WRITE_EXEC,
  MS_FIELD_MLOCKED,
  MS_FIELD_SEALED,
  MS_FIELD_SHADOW_STACK,
  MS_FIELD_ANON_HUGE_PAGES,
  MS_FIELD_HUGE_PAGES,
  MS_FIELD_NO_DUMP,
  MS_N_FIELDS
} MsFieldId;

/* How a field's value is written and shown. */
typedef enum {
  MS_FIELD_FORMAT_ADDRESS,  /* CSV "0x7f3a2c001000"; shown with 12 hex digits at least */
  MS_FIELD_FORMAT_HEX,      /* CSV "0x1c000"; shown "1c000" */
  MS_FIELD_FORMAT_SIZE,     /* bytes: CSV decimal; shown "12.3 MiB" */
  MS_FIELD_FORMAT_NUMBER,   /* decimal */
  MS_FIELD_FORMAT_PERMS,    /* "rw-p" */
  MS_FIELD_FORMAT_DEVICE,   /* "08:01" */
  MS_FIELD_FORMAT_KIND,     /* CSV the kind's id; shown its label */
  MS_FIELD_FORMAT_PATH,     /* text of the process, shown whole */
  MS_FIELD_FORMAT_NAME,     /* text of the process; a file's name shown by its base name */
  MS_FIELD_FORMAT_STATE,    /* one of the field's states: CSV its id, shown its label */
} MsFieldFormat;

typedef enum {
  MS_FIELD_COUNTER = 1 << 0,  /* from smaps' counters: none (0) in a maps capture */
  MS_FIELD_SUMMED  = 1 << 1,  /* summed into MsTotals, at total_offset */
  MS_FIELD_WARNING = 1 << 2,  /* set (a state but the first), a risk: shown as a warning */
} MsFieldFlags;

typedef struct _MsField MsField;

/* A state of a MS_FIELD_FORMAT_STATE field (its value is the index): the
 * first is "not set". */
typedef struct {
  const char *id;      /* the CSV's value: "0", "1", "never" */
  const char *label;   /* marked N_: what the table shows ("" for none) */
  const char *note;    /* marked N_: the strip's tooltip says it in words; NULL for none */
} MsFieldState;

struct _MsField {
  MsFieldId     id;
  const char   *name;          /* the CSV column; the field's key in the settings */
  const char   *title;         /* marked N_, translated: the table's column heading */
  const char   *label;         /* marked N_: the strip's tooltip row of a counter; NULL for none */
  const char   *smaps_name;    /* a counter's name in /proc/PID/smaps ("Rss"), else NULL */
  MsFieldFormat format;
  MsFieldFlags  flags;
  guint16       offset;        /* of its guint64, or text (const char *), in MsRegion; when get is NULL */
  guint16       total_offset;  /* of its guint64 in MsTotals, with MS_FIELD_SUMMED */
  guint64     (*get)     (const MsRegion *region);   /* a value worked out, else NULL */
  int         (*compare) (const MsField  *field,
                          const MsRegion *a,
                          const MsRegion *b);        /* for sorting, <0, 0 or >0 */
  const MsFieldState *states;  /* MS_FIELD_FORMAT_STATE's, n_states of them */
  guint8        n_states;
};

/* Every field, MS_N_FIELDS of them, by id (CSV order). */
const MsField *ms_field_get_all   (void);
const MsField *ms_field_get       (MsFieldId    id);
/* The field whose CSV column is @name, or NULL. */
const MsField *ms_field_from_name (const char  *name);

/* The value of a numeric field (not PATH or NAME): an address, a size in
 * bytes, the perms' MsPerms bits, the kind, (major << 32 | minor) of a device. */
static inline guint64
ms_field_get_value (const MsField  *field,
                    const MsRegion *region)
{
  return field->get != NULL ? field->get (region)
                            : G_STRUCT_MEMBER (guint64, region, field->offset);
}

/* The text of a PATH or NAME field, exactly as read (the process's bytes);
 * NULL when there is none. */
static inline const char *
ms_field_get_text (const MsField  *field,
                   const MsRegion *region)
{
  return G_STRUCT_MEMBER (const char *, region, field->offset);
}

static inline int
ms_field_compare (const MsField  *field,
                  const MsRegion *a,
                  const MsRegion *b)
{
  return field->compare (field, a, b);
}

/* The note on @region that a MS_FIELD_FORMAT_STATE @field makes for its
 * tooltip ("locked in memory"), or NULL when it makes none.
 * (transfer full) (nullable) */
char       *ms_field_dup_note     (const MsField  *field,
                                   const MsRegion *region);

/* Translated title of the column. */
const char *ms_field_get_title    (const MsField  *field);
/* What the region table shows of @region's @field (not yet through
 * ms_display_text()). (transfer full) */
char       *ms_field_dup_text     (const MsField  *field,
                                   const MsRegion *region);
/* More about it for a tooltip of its cell, or NULL when there is no more to
 * say: a size's exact bytes, a kind's or the permissions' meaning, a
 * path or object in full. (transfer full) (nullable) */
char       *ms_field_dup_details  (const MsField  *field,
                                   const MsRegion *region);
/* The total of a MS_FIELD_SUMMED field in @totals. */
guint64     ms_field_get_total    (const MsField  *field,
                                   const MsTotals *totals);

G_END_DECLS
