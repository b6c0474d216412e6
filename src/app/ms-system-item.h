/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MS_TYPE_SYSTEM_ITEM (ms_system_item_get_type ())
G_DECLARE_FINAL_TYPE (MsSystemItem, ms_system_item, MS, SYSTEM_ITEM, GObject)

/* One row of a System page table (a process, an object, a user, a SysV
 * segment): a few texts and numbers that the page's column table names.
 * Rows are made anew on every read, never changed. */
typedef enum {
  MS_SYSTEM_TEXT_NAME,    /* process name, object, user, segment key */
  MS_SYSTEM_TEXT_USER,    /* user, owner */
  MS_SYSTEM_TEXT_EXTRA,   /* the processes of an object ("12 (bash), 40 (sshd)") */
  MS_SYSTEM_N_TEXTS
} MsSystemText;

#define MS_SYSTEM_N_NUMBERS 9

struct _MsSystemItem
{
  GObject   parent_instance;

  int       pid;                            /* a process's, else 0 */
  gboolean  unreadable;                     /* shown marked */
  gboolean  flagged;                        /* an orphaned segment */
  gboolean  as_admin;                       /* a process read as administrator */
  char     *text[MS_SYSTEM_N_TEXTS];
  guint64   number[MS_SYSTEM_N_NUMBERS];
  GArray   *pids;                           /* (nullable) an object's processes */
};

MsSystemItem *ms_system_item_new (void);

G_END_DECLS
