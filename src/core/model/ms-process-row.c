/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape"

#include "config.h"

#include "ms-process-row.h"

#include <string.h>

struct _MsProcessRow
{
  GObject        parent_instance;

  MsProcessInfo *info;
  char          *folded_name;
  char          *folded_comm;
  char          *folded_cmdline;
  char          *folded_group;
  char           pid_text[16];
};

enum {
  PROP_0,
  PROP_PID,
  PROP_NAME,
  PROP_COMM,
  PROP_USER,
  PROP_CMDLINE,
  PROP_RSS,
  PROP_PSS,
  PROP_HAS_PSS,
  PROP_ZOMBIE,
  PROP_GROUP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsProcessRow, ms_process_row, G_TYPE_OBJECT)

static void
ms_process_row_set_info (MsProcessRow  *self,
                         MsProcessInfo *info)
{
  g_clear_pointer (&self->info, ms_process_info_free);
  g_clear_pointer (&self->folded_name, g_free);
  g_clear_pointer (&self->folded_comm, g_free);
  g_clear_pointer (&self->folded_cmdline, g_free);
  g_clear_pointer (&self->folded_group, g_free);

  self->info = info;
  /* g_utf8_casefold() reads past the end of text that is not UTF-8 (a
   * stray lead byte before the NUL). Made valid as ms_display_text() does,
   * but whole: a search may match anywhere in a long command line. */
  {
    g_autofree char *name = g_utf8_make_valid (info->name, -1);
    g_autofree char *comm = g_utf8_make_valid (ms_process_row_get_comm (self), -1);
    g_autofree char *cmdline = g_utf8_make_valid (info->cmdline, -1);
    g_autofree char *group = g_utf8_make_valid (info->group != NULL ? info->group : "", -1);

    self->folded_name = g_utf8_casefold (name, -1);
    self->folded_comm = g_utf8_casefold (comm, -1);
    self->folded_cmdline = g_utf8_casefold (cmdline, -1);
    self->folded_group = g_utf8_casefold (group, -1);
  }
  g_snprintf (self->pid_text, sizeof self->pid_text, "%d", info->pid);
}

MsProcessRow *
ms_process_row_new (MsProcessInfo *info)
{
  MsProcessRow *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (MS_TYPE_PROCESS_ROW, NULL);
  ms_process_row_set_info (self, info);
  return self;
}

gboolean
ms_process_row_update (MsProcessRow  *self,
                       MsProcessInfo *info)
{
  MsProcessInfo *old;
  gboolean name_changed, comm_changed, user_changed, cmdline_changed, rss_changed, pss_changed, has_changed;
  gboolean zombie_changed, group_changed;

  g_return_val_if_fail (MS_IS_PROCESS_ROW (self), FALSE);
  g_return_val_if_fail (info != NULL && info->pid == self->info->pid, FALSE);

  old = self->info;
  name_changed = g_strcmp0 (old->name, info->name) != 0;
  comm_changed = g_strcmp0 (old->comm, info->comm) != 0;
  zombie_changed = (old->state == 'Z') != (info->state == 'Z');
  user_changed = g_strcmp0 (old->user, info->user) != 0;
  cmdline_changed = g_strcmp0 (old->cmdline, info->cmdline) != 0;
  rss_changed = old->rss != info->rss;
  pss_changed = old->pss != info->pss;
  has_changed = old->has_smaps != info->has_smaps;
  group_changed = g_strcmp0 (old->group, info->group) != 0;

  if (name_changed || comm_changed || cmdline_changed || group_changed)
    {
      ms_process_row_set_info (self, info);
    }
  else
    {
      self->info = info;
      ms_process_info_free (old);
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (name_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  if (comm_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMM]);
  if (zombie_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOMBIE]);
  if (user_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
  if (cmdline_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CMDLINE]);
  if (rss_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RSS]);
  if (pss_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PSS]);
  if (has_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_PSS]);
  if (group_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP]);
  g_object_thaw_notify (G_OBJECT (self));

  return name_changed || comm_changed || user_changed || cmdline_changed || rss_changed || pss_changed ||
         has_changed || zombie_changed || group_changed;
}

gboolean
ms_process_row_matches (MsProcessRow *self,
                        const char   *folded_text)
{
  if (folded_text == NULL || *folded_text == '\0')
    return TRUE;

  return strstr (self->folded_name, folded_text) != NULL ||
         strstr (self->folded_comm, folded_text) != NULL ||
         strstr (self->pid_text, folded_text) != NULL ||
         strstr (self->folded_cmdline, folded_text) != NULL ||
         strstr (self->folded_group, folded_text) != NULL;
}

const MsProcessInfo *
ms_process_row_get_info (MsProcessRow *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_ROW (self), NULL);
  return self->info;
}

int
ms_process_row_get_pid (MsProcessRow *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_ROW (self), 0);
  return self->info->pid;
}

const char *
ms_process_row_get_name (MsProcessRow *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_ROW (self), NULL);
  return self->info->name;
}

const char *
ms_process_row_get_comm (MsProcessRow *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_ROW (self), NULL);
  /* a list that did not say (a made-up one) named the process once */
  return self->info->comm != NULL ? self->info->comm : self->info->name;
}

gboolean
ms_process_row_get_zombie (MsProcessRow *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_ROW (self), FALSE);
  return self->info->state == 'Z';
}

const char *
ms_process_row_get_user (MsProcessRow *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_ROW (self), NULL);
  return self->info->user;
}

const char *
ms_process_row_get_cmdline (MsProcessRow *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_ROW (self), NULL);
  return self->info->cmdline;
}

guint64
ms_process_row_get_rss (MsProcessRow *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_ROW (self), 0);
  return self->info->rss;
}

guint64
ms_process_row_get_pss (MsProcessRow *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_ROW (self), 0);
  return self->info->has_smaps ? self->info->pss : 0;
}

const char *
ms_process_row_get_group (MsProcessRow *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_ROW (self), NULL);
  return self->info->group != NULL ? self->info->group : "";
}

gboolean
ms_process_row_get_has_pss (MsProcessRow *self)
{
  g_return_val_if_fail (MS_IS_PROCESS_ROW (self), FALSE);
  return self->info->has_smaps;
}

static void
ms_process_row_finalize (GObject *object)
{
  MsProcessRow *self = MS_PROCESS_ROW (object);

  g_clear_pointer (&self->info, ms_process_info_free);
  g_clear_pointer (&self->folded_name, g_free);
  g_clear_pointer (&self->folded_comm, g_free);
  g_clear_pointer (&self->folded_cmdline, g_free);
  g_clear_pointer (&self->folded_group, g_free);

  G_OBJECT_CLASS (ms_process_row_parent_class)->finalize (object);
}

static void
ms_process_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MsProcessRow *self = MS_PROCESS_ROW (object);

  switch (prop_id)
    {
    case PROP_PID:
      g_value_set_int (value, self->info->pid);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->info->name);
      break;
    case PROP_COMM:
      g_value_set_string (value, ms_process_row_get_comm (self));
      break;
    case PROP_ZOMBIE:
      g_value_set_boolean (value, ms_process_row_get_zombie (self));
      break;
    case PROP_USER:
      g_value_set_string (value, self->info->user);
      break;
    case PROP_CMDLINE:
      g_value_set_string (value, self->info->cmdline);
      break;
    case PROP_RSS:
      g_value_set_uint64 (value, self->info->rss);
      break;
    case PROP_PSS:
      g_value_set_uint64 (value, ms_process_row_get_pss (self));
      break;
    case PROP_HAS_PSS:
      g_value_set_boolean (value, self->info->has_smaps);
      break;
    case PROP_GROUP:
      g_value_set_string (value, ms_process_row_get_group (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_process_row_class_init (MsProcessRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_process_row_finalize;
  object_class->get_property = ms_process_row_get_property;

  properties[PROP_PID] =
    g_param_spec_int ("pid", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The kernel's name (comm), which `name` may complete. */
  properties[PROP_COMM] =
    g_param_spec_string ("comm", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Exited, and not yet waited for by its parent: its figures are gone. */
  properties[PROP_ZOMBIE] =
    g_param_spec_boolean ("zombie", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CMDLINE] =
    g_param_spec_string ("cmdline", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RSS] =
    g_param_spec_uint64 ("rss", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PSS] =
    g_param_spec_uint64 ("pss", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_PSS] =
    g_param_spec_boolean ("has-pss", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Its control group's name: a container or systemd unit ("" for none). */
  properties[PROP_GROUP] =
    g_param_spec_string ("group", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_process_row_init (MsProcessRow *self)
{
}
