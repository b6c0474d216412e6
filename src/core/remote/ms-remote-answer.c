/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-remote"

#include "config.h"

#include "ms-remote-protocol-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-error.h"
#include "ms-proc.h"
#include "ms-process-list.h"
#include "ms-reader-private.h"
#include "ms-snapshot-private.h"
#include "ms-text.h"

/* What the sections of an answer say (see ms-remote-protocol.h): each
 * becomes records of memscape-reader's format, fed to its parser
 * (ms-privileged-frame.c) with its limits, or the pids or text asked for;
 * and the results of the requests. */

/* --- small strict parsers ------------------------------------------------- */

gboolean
_ms_remote_parse_decimal (const char *text,
                          gsize       length,
                          guint64     max,
                          guint64    *value)
{
  return _ms_reader_parse_decimal (text, length, max, value);
}

/* A copy of @length bytes with a NUL after them. */
static char *
copy_bytes (const guint8 *data,
            gsize         length)
{
  char *copy = g_malloc (length + 1);

  if (length > 0)
    memcpy (copy, data, length);
  copy[length] = '\0';
  return copy;
}

/* The text after "NAME:" on the line of @text that starts with it, up to the
 * line's end, blanks skipped; NULL when there is none. (transfer full) */
static char *
status_field (const char *text,
              const char *name)
{
  gsize name_length = strlen (name);

  for (const char *line = text; line != NULL && *line != '\0';)
    {
      const char *next = strchr (line, '\n');

      if (strncmp (line, name, name_length) == 0)
        {
          const char *value = line + name_length;
          gsize length = next != NULL ? (gsize) (next - value) : strlen (value);
          char *copy = g_strndup (value, length);

          return g_strstrip (copy);
        }
      line = next != NULL ? next + 1 : NULL;
    }
  return NULL;
}

/* The number at the start of @text ("4 kB", "0\t0\t0\t0"), or 0. */
static guint64
leading_number (const char *text)
{
  guint64 value = 0;
  gsize length = 0;

  if (text == NULL)
    return 0;
  while (g_ascii_isdigit (text[length]) && length < 20)
    length++;
  if (!_ms_remote_parse_decimal (text, length, G_MAXUINT64, &value))
    return 0;
  return value;
}

/* --- the helper's format, written for its parser -------------------------- */

static void
frame_feed (MsRemoteParser *parser,
            const char     *data,
            gsize           length)
{
  if (length > 0)
    _ms_privileged_frame_feed (parser->frame, data, length);
}

static void
frame_record (MsRemoteParser *parser,
              const char     *name,
              const void     *data,
              gsize           length)
{
  char header[64];
  gsize n = (gsize) g_snprintf (header, sizeof header, "%s %" G_GSIZE_FORMAT "\n", name, length);

  frame_feed (parser, header, n);
  frame_feed (parser, data, length);
  frame_feed (parser, "\n", 1);
}

static void
frame_error (MsRemoteParser *parser,
             const char     *code,
             guint64         number)
{
  g_autofree char *text = g_strdup_printf ("%s %" G_GUINT64_FORMAT " remote", code, number);

  if (parser->failed)
    return;
  frame_record (parser, "error", text, strlen (text));
  parser->failed = TRUE;
}

/* The header and first record of the helper's answer, made here. */
static void
frame_start (MsRemoteParser *parser)
{
  static const char header[] = "memscape-reader 1\n";

  if (parser->frame_started)
    return;
  parser->frame_started = TRUE;
  frame_feed (parser, header, strlen (header));
  switch (parser->request)
    {
    case MS_REMOTE_REQUEST_READ:
      frame_record (parser, "read", parser->pid_text, strlen (parser->pid_text));
      break;
    case MS_REMOTE_REQUEST_PROBE:
      frame_record (parser, "probe", parser->pid_text, strlen (parser->pid_text));
      break;
    case MS_REMOTE_REQUEST_LIST:
      frame_record (parser, "list", "", 0);
      break;
    default:
      break;
    }
}

/* --- sections ---------------------------------------------------------------- */

/* Why a read shows no map, from what its status said: the same failures a
 * local read tells. */
static void
read_failed (MsRemoteParser *parser)
{
  g_autofree char *state = NULL;
  g_autofree char *kthread = NULL;
  g_autofree char *vm_size = NULL;
  MsStatus status = { 0 };
  uid_t uid = (uid_t) -1;

  if (parser->status_text == NULL)
    {
      frame_error (parser, "exited", 0);
      return;
    }
  state = status_field (parser->status_text, "State:");
  kthread = status_field (parser->status_text, "Kthread:");
  vm_size = status_field (parser->status_text, "VmSize:");

  if (parser->smaps_exit != 0)
    {
      /* Refused while the process was still there: denied, whose it is. */
      _ms_reader_parse_status (parser->status_text, &status, &uid);
      if (parser->opened)
        frame_error (parser, "denied", uid == (uid_t) -1 ? G_MAXUINT32 : (guint64) uid);
      else
        frame_error (parser, "exited", 0);
    }
  else if (state != NULL && (state[0] == 'Z' || state[0] == 'X'))
    frame_error (parser, "zombie", 0);
  else if ((kthread != NULL && kthread[0] == '1') || (kthread == NULL && vm_size == NULL))
    frame_error (parser, "kernel-thread", 0);
  else
    frame_error (parser, "exited", 0);
}

/* "SYSCALL-LINE\nSTAT-LINE\nCOMM\n" of thread @tid: its stack pointer, when
 * one of the two says it, as the local reader finds it. */
static void
take_thread (MsRemoteParser *parser,
             guint64         tid,
             char           *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", 4);
  guint64 sp = 0, flags = 0;
  char state;
  g_autofree char *task = NULL;
  char sp_text[24];

  if (g_strv_length (lines) < 3)
    {
      _ms_remote_parser_fail_section (parser, _("section “%s” is malformed"), "thread");
      return;
    }
  if (!ms_proc_parse_syscall_sp (lines[0], &sp) &&
      !(ms_proc_parse_stat (lines[1], &state, &flags, &sp) && sp != 0))
    return;
  if (sp == 0)
    return;

  if (strlen (lines[2]) > THREAD_COMM_MAX)
    lines[2][THREAD_COMM_MAX] = '\0';
  g_snprintf (sp_text, sizeof sp_text, "%" G_GINT64_MODIFIER "x", sp);
  task = g_strdup_printf ("%" G_GUINT64_FORMAT " %s", tid, lines[2]);
  frame_record (parser, "sp", sp_text, strlen (sp_text));
  frame_record (parser, "task", task, strlen (task));
}

/* "COMM\nUid:…\nState:…\n…" of a process of a list. */
static void
take_proc (MsRemoteParser *parser,
           guint64         pid,
           const char     *text)
{
  const char *newline = strchr (text, '\n');
  g_autofree char *comm = g_strndup (text, newline != NULL ? (gsize) (newline - text) : strlen (text));
  g_autofree char *uid_text = status_field (text, "Uid:");
  g_autofree char *state = status_field (text, "State:");
  g_autofree char *kthread = status_field (text, "Kthread:");
  g_autofree char *vm_size = status_field (text, "VmSize:");
  g_autofree char *vm_rss = status_field (text, "VmRSS:");
  g_autofree char *vm_swap = status_field (text, "VmSwap:");
  g_autofree char *record = NULL;
  guint64 uid = 0;
  gboolean is_kthread;
  char *tab;

  parser->list_pid = 0;
  /* gone while it was read: left out, as the local list leaves it */
  if (uid_text == NULL || state == NULL || state[0] < '!' || state[0] > '~')
    return;
  /* real, then effective: the owner is the effective one */
  tab = uid_text + strcspn (uid_text, " \t");
  uid = leading_number (tab + strspn (tab, " \t"));
  is_kthread = kthread != NULL ? kthread[0] == '1' : (vm_size == NULL && state[0] != 'Z' && state[0] != 'X');

  record = g_strdup_printf ("%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %c %d %" G_GUINT64_FORMAT " 0 0 %" G_GUINT64_FORMAT,
                            pid, MIN (uid, (guint64) G_MAXUINT32), state[0], is_kthread ? 1 : 0,
                            MIN (leading_number (vm_rss), G_MAXUINT64 / 1024) * 1024,
                            MIN (leading_number (vm_swap), G_MAXUINT64 / 1024) * 1024);
  frame_record (parser, "proc", record, strlen (record));
  frame_record (parser, "comm", comm, strlen (comm));
  parser->list_pid = (int) pid;
}

static void
take_pids (MsRemoteParser *parser,
           const char     *text,
           gsize           length)
{
  const char *end = text + length;

  parser->pids = g_array_new (FALSE, FALSE, sizeof (int));
  for (const char *line = text; line < end;)
    {
      const char *newline = memchr (line, '\n', (gsize) (end - line));
      gsize line_length = newline != NULL ? (gsize) (newline - line) : (gsize) (end - line);
      guint64 value;

      if (line_length > 0)
        {
          int pid;

          if (!_ms_remote_parse_decimal (line, line_length, PID_MAX_LIMIT, &value) || value == 0 ||
              parser->pids->len >= PID_MAX_LIMIT)
            {
              _ms_remote_parser_fail_section (parser, _("section “%s” is malformed"), "pids");
              return;
            }
          pid = (int) value;
          g_array_append_val (parser->pids, pid);
        }
      line = newline != NULL ? newline + 1 : end;
    }
}

static gint
compare_int (gconstpointer a,
             gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;

  return (x > y) - (x < y);
}

/* Streamed content: smaps and maps become records of at most the helper's
 * length; the helper's own answer goes to its parser as it is. */
void
_ms_remote_answer_stream (MsRemoteParser *parser,
                          const char     *data,
                          gsize           length)
{
  const char *name = parser->rule->name;

  if (strcmp (name, "helper") == 0)
    {
      frame_feed (parser, data, length);
      return;
    }

  if (parser->failed)
    return;
  if (strcmp (name, "smaps") == 0)
    parser->smaps_length += length;
  while (length > 0)
    {
      gsize n = MIN (length, (gsize) RECORD_CHUNK);

      frame_record (parser, name, data, n);
      data += n;
      length -= n;
    }
}

void
_ms_remote_answer_begin (MsRemoteParser *parser)
{
  const char *name = parser->rule->name;

  if (strcmp (name, "helper") == 0)
    {
      parser->helper_answer = TRUE;
      parser->frame_started = TRUE;
      return;
    }
  if (parser->frame != NULL)
    frame_start (parser);

  if (strcmp (name, "smaps") == 0)
    {
      /* comm and status went before; without them the process is gone */
      if (!parser->opened)
        frame_error (parser, "exited", 0);
      parser->smaps_seen = TRUE;
    }
}

void
_ms_remote_answer_end (MsRemoteParser *parser)
{
  const char *name = parser->rule->name;
  const guint8 *data = parser->content->len > 0 ? parser->content->data : (const guint8 *) "";
  gsize length = parser->content->len;
  guint status = parser->status;

  if (strcmp (name, "helper") == 0 || strcmp (name, "maps") == 0)
    {
      if (strcmp (name, "maps") == 0 && status != 0)
        frame_error (parser, "exited", 0);
      return;
    }

  switch (parser->request)
    {
    case MS_REMOTE_REQUEST_READ:
    case MS_REMOTE_REQUEST_PROBE:
      if (strcmp (name, "open") == 0)
        {
          parser->opened = status == 0;
          if (!parser->opened)
            frame_error (parser, "gone", 0);
        }
      else if (strcmp (name, "comm") == 0)
        {
          /* the kernel's name is one line: what follows a newline is not it
           * (and would make a message of several lines) */
          const guint8 *newline = memchr (data, '\n', length);

          if (status == 0)
            frame_record (parser, "comm", data, newline != NULL ? (gsize) (newline - data) : length);
        }
      else if (strcmp (name, "status") == 0)
        {
          if (status == 0)
            {
              parser->status_text = copy_bytes (data, length);
              if (!parser->failed)
                frame_record (parser, "status", data, length);
            }
          else if (parser->request == MS_REMOTE_REQUEST_PROBE)
            frame_error (parser, "exited", 0);
        }
      else if (strcmp (name, "rollup") == 0)
        {
          if (status != 0)
            frame_error (parser, "exited", 0);
          else if (!parser->failed)
            frame_record (parser, "rollup", data, length);
        }
      else if (strcmp (name, "smaps") == 0)
        {
          parser->smaps_exit = status;
        }
      else if (strcmp (name, "alive") == 0)
        {
          /* The process was there after smaps: a refusal is its owner's. */
          parser->opened = length == 1 && data[0] == '1';
          if (parser->smaps_exit != 0 || parser->smaps_length == 0)
            read_failed (parser);
        }
      else if (strcmp (name, "thread") == 0)
        {
          if (!parser->failed)
            {
              g_autofree char *text = copy_bytes (data, length);

              take_thread (parser, parser->arg, text);
            }
        }
      else if (strcmp (name, "cmdline") == 0)
        {
          if (!parser->failed && status == 0)
            frame_record (parser, "cmdline", data, length);
        }
      break;

    case MS_REMOTE_REQUEST_LIST:
      if (strcmp (name, "proc") == 0)
        {
          g_autofree char *text = copy_bytes (data, length);

          take_proc (parser, parser->arg, text);
        }
      else if (strcmp (name, "cmdline") == 0)
        {
          if (parser->list_pid == 0)
            break;
          if ((guint64) parser->list_pid != parser->arg)
            {
              _ms_remote_parser_fail_section (parser, _("section “%s” is out of place"), name);
              break;
            }
          frame_record (parser, "cmdline", data, length);
          parser->list_pid = 0;
        }
      break;

    case MS_REMOTE_REQUEST_PIDS:
      if (status != 0)
        _ms_remote_parser_fail_section (parser, _("section “%s” is malformed"), name);
      else
        take_pids (parser, (const char *) data, length);
      break;

    case MS_REMOTE_REQUEST_MEMINFO:
    case MS_REMOTE_REQUEST_USERS:
    default:
      /* a file the other side does not have (Android has no /etc/passwd):
       * no text, said by the finish */
      g_clear_pointer (&parser->text, g_free);
      if (status == 0)
        parser->text = copy_bytes (data, length);
      break;
    }
}

/* The name of @uid on the other side, or its number. (transfer full) */
static char *
remote_user (MsRemoteParser *parser,
             uid_t           uid)
{
  const char *name = parser->users != NULL
                     ? g_hash_table_lookup (parser->users, GUINT_TO_POINTER ((guint) uid))
                     : NULL;

  if (uid == (uid_t) -1)
    return g_strdup ("");
  return name != NULL ? g_strdup (name) : g_strdup_printf ("%u", (guint) uid);
}

static gboolean
finish_frame (MsRemoteParser  *parser,
              GError         **error)
{
  if (!ms_remote_parser_check (parser, error))
    return FALSE;
  if (parser->frame == NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_MALFORMED, _("The other machine gave no answer"));
      return FALSE;
    }
  if (!parser->helper_answer)
    {
      frame_start (parser);
      if (parser->request == MS_REMOTE_REQUEST_READ && !parser->failed && !parser->smaps_seen)
        frame_error (parser, parser->opened ? "exited" : "gone", 0);
      frame_record (parser, "end", "", 0);
    }
  return TRUE;
}

gpointer
ms_remote_parser_finish_read (MsRemoteParser  *parser,
                              gboolean        *torn,
                              GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  MsSnapshot *snapshot;

  if (torn != NULL)
    *torn = FALSE;
  g_return_val_if_fail (parser->request == MS_REMOTE_REQUEST_READ, NULL);
  if (!finish_frame (parser, error))
    return NULL;

  snapshot = _ms_privileged_frame_finish_read (parser->frame, &local_error);
  if (snapshot == NULL)
    {
      if (torn != NULL)
        *torn = _ms_privileged_frame_is_torn (parser->frame);
      /* Whose it is, by the other side's names. */
      if (g_error_matches (local_error, MS_ERROR, MS_ERROR_PERMISSION_DENIED) && parser->status_text != NULL)
        {
          MsStatus status = { 0 };
          uid_t uid = (uid_t) -1;
          g_autofree char *user = NULL;
          g_autofree char *comm = status_field (parser->status_text, "Name:");
          g_autofree char *shown = ms_display_text (comm != NULL ? comm : "?", -1);

          _ms_reader_parse_status (parser->status_text, &status, &uid);
          user = remote_user (parser, uid);
          g_clear_error (&local_error);
          g_set_error (&local_error, MS_ERROR, MS_ERROR_PERMISSION_DENIED,
                       _("Permission denied: process %d (%s) belongs to %s"),
                       parser->pid, shown, *user ? user : _("another user"));
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  g_free (snapshot->user);
  snapshot->user = remote_user (parser, snapshot->uid);
  return snapshot;
}

gboolean
ms_remote_parser_finish_probe (MsRemoteParser  *parser,
                               guint64         *fingerprint,
                               guint           *n_regions,
                               GError         **error)
{
  MsPrivilegedProbe probe = { 0 };

  g_return_val_if_fail (parser->request == MS_REMOTE_REQUEST_PROBE, FALSE);
  if (!finish_frame (parser, error) ||
      !_ms_privileged_frame_finish_probe (parser->frame, &probe, error))
    return FALSE;
  if (fingerprint != NULL)
    *fingerprint = probe.fingerprint;
  if (n_regions != NULL)
    *n_regions = probe.n_regions;
  return TRUE;
}

GPtrArray *
ms_remote_parser_finish_list (MsRemoteParser  *parser,
                              GError         **error)
{
  GPtrArray *list;

  g_return_val_if_fail (parser->request == MS_REMOTE_REQUEST_LIST, NULL);
  if (!finish_frame (parser, error))
    return NULL;
  list = _ms_privileged_frame_finish_list (parser->frame, error);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      MsProcessInfo *info = g_ptr_array_index (list, i);

      g_free (info->user);
      info->user = remote_user (parser, info->uid);
    }
  return list;
}

GArray *
ms_remote_parser_finish_pids (MsRemoteParser  *parser,
                              GError         **error)
{
  g_return_val_if_fail (parser->request == MS_REMOTE_REQUEST_PIDS, NULL);
  if (!ms_remote_parser_check (parser, error))
    return NULL;
  if (parser->pids == NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_MALFORMED, _("The other machine gave no answer"));
      return NULL;
    }
  g_array_sort (parser->pids, compare_int);
  return g_steal_pointer (&parser->pids);
}

char *
ms_remote_parser_finish_text (MsRemoteParser  *parser,
                              GError         **error)
{
  g_return_val_if_fail (parser->request == MS_REMOTE_REQUEST_MEMINFO ||
                        parser->request == MS_REMOTE_REQUEST_USERS, NULL);
  if (!ms_remote_parser_check (parser, error))
    return NULL;
  if (parser->text == NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_IO, _("The other machine could not read that file"));
      return NULL;
    }
  return g_steal_pointer (&parser->text);
}

GHashTable *
ms_remote_parse_users (const char *passwd)
{
  GHashTable *users = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_auto(GStrv) lines = g_strsplit (passwd, "\n", -1);

  /* name:password:uid:…; the first name of a uid wins, as getpwuid's */
  for (guint i = 0; lines[i] != NULL && i < 100000; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ":", 4);
      guint64 uid;

      if (g_strv_length (fields) < 4 || fields[0][0] == '\0' || strlen (fields[0]) > 64 ||
          !_ms_remote_parse_decimal (fields[2], strlen (fields[2]), G_MAXUINT32 - 1, &uid) ||
          g_hash_table_contains (users, GUINT_TO_POINTER ((guint) uid)))
        continue;
      g_hash_table_insert (users, GUINT_TO_POINTER ((guint) uid), g_strdup (fields[0]));
    }
  return users;
}
