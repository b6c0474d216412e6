/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-remote"

#include "config.h"

#include "ms-remote-protocol-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-error.h"
#include "ms-privileged-private.h"
#include "ms-proc.h"

/* The transport's bytes taken apart (see ms-remote-protocol.h): the ready
 * line, then for each request its sections — header, content up to the end
 * marker, exit status — and `done`; what each section says is
 * ms-remote-answer.c's. */

#define HELPER_MAX ((guint64) 1024 * 1024 * 1024 + 4096)

static const SectionRule read_sections[] = {
  { "helper", 1, FALSE, FALSE, TRUE, FALSE, HELPER_MAX },
  { "open", 2, FALSE, FALSE, FALSE, FALSE, 16 },
  { "comm", 3, FALSE, FALSE, FALSE, FALSE, 256 },
  { "status", 4, FALSE, FALSE, FALSE, FALSE, 64 * 1024 },
  { "smaps", 5, FALSE, FALSE, TRUE, FALSE, MS_PROC_MAX_READ },
  { "alive", 6, FALSE, FALSE, FALSE, FALSE, 16 },
  { "thread", 7, TRUE, TRUE, FALSE, FALSE, 4096 },
  { "cmdline", 8, FALSE, FALSE, FALSE, TRUE, READ_CMDLINE_MAX },
};

static const SectionRule probe_sections[] = {
  { "helper", 1, FALSE, FALSE, TRUE, FALSE, HELPER_MAX },
  { "open", 2, FALSE, FALSE, FALSE, FALSE, 16 },
  { "status", 3, FALSE, FALSE, FALSE, FALSE, 64 * 1024 },
  { "rollup", 4, FALSE, FALSE, FALSE, FALSE, 8192 },
  { "maps", 5, FALSE, FALSE, TRUE, FALSE, MS_PROC_MAX_READ },
};

static const SectionRule list_sections[] = {
  { "helper", 1, FALSE, FALSE, TRUE, FALSE, HELPER_MAX },
  { "proc", 2, TRUE, TRUE, FALSE, FALSE, 4096 },
  { "cmdline", 3, FALSE, TRUE, FALSE, TRUE, LIST_CMDLINE_MAX },
};

static const SectionRule pids_sections[] = {
  { "pids", 1, FALSE, FALSE, FALSE, FALSE, 64 * 1024 * 1024 },
};

static const SectionRule meminfo_sections[] = {
  { "meminfo", 1, FALSE, FALSE, FALSE, FALSE, 64 * 1024 },
};

static const SectionRule users_sections[] = {
  { "users", 1, FALSE, FALSE, FALSE, TRUE, 4 * 1024 * 1024 },
};

MsRemoteParser *
ms_remote_parser_new (const char *nonce)
{
  MsRemoteParser *parser = g_new0 (MsRemoteParser, 1);

  g_return_val_if_fail (nonce != NULL && strlen (nonce) == MS_REMOTE_NONCE_LENGTH, NULL);

  memcpy (parser->nonce, nonce, MS_REMOTE_NONCE_LENGTH + 1);
  parser->marker_length = (gsize) g_snprintf (parser->marker, sizeof parser->marker, "\n%s . ", nonce);
  parser->content = g_byte_array_new ();
  parser->request = -1;
  parser->state = STATE_NOISE;
  return parser;
}

static void
reset_request (MsRemoteParser *parser)
{
  g_clear_pointer (&parser->frame, _ms_privileged_frame_free);
  g_clear_pointer (&parser->status_text, g_free);
  g_clear_pointer (&parser->pids, g_array_unref);
  g_clear_pointer (&parser->text, g_free);
  parser->frame_started = FALSE;
  parser->failed = FALSE;
  parser->opened = FALSE;
  parser->smaps_length = 0;
  parser->smaps_exit = 0;
  parser->smaps_seen = FALSE;
  parser->list_pid = 0;
  parser->helper_answer = FALSE;
  parser->stage = 0;
  parser->offset = 0;
  parser->rule = NULL;
  parser->held = 0;
  g_byte_array_set_size (parser->content, 0);
}

void
ms_remote_parser_free (MsRemoteParser *parser)
{
  if (parser == NULL)
    return;
  reset_request (parser);
  g_byte_array_unref (parser->content);
  g_clear_pointer (&parser->users, g_hash_table_unref);
  g_clear_error (&parser->error);
  g_free (parser);
}

void
ms_remote_parser_restart (MsRemoteParser *parser)
{
  reset_request (parser);
  parser->state = STATE_NOISE;
  parser->noise = 0;
  parser->line_length = 0;
  parser->line_too_long = FALSE;
}

/* --- errors ---------------------------------------------------------------- */

void
_ms_remote_parser_fail (MsRemoteParser *parser,
                        const char     *detail)
{
  g_autofree char *at = NULL;

  if (parser->error != NULL)
    return;
  at = g_strdup_printf ("%" G_GUINT64_FORMAT, parser->offset);
  /* TRANSLATORS: the first %s is a byte offset, the second says what is wrong */
  g_set_error (&parser->error, MS_ERROR, MS_ERROR_MALFORMED,
               _("The answer from the other machine is garbled at byte %s: %s"), at, detail);
}

/* @name has been checked to be [a-z-]: safe to show. */
void
_ms_remote_parser_fail_section (MsRemoteParser *parser,
                                const char     *format,
                                const char     *name)
{
  g_autofree char *detail = NULL;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  detail = g_strdup_printf (format, name);
#pragma GCC diagnostic pop
  _ms_remote_parser_fail (parser, detail);
}

/* "NAME [ARG]", "done" or "exec" after the nonce and a space. */
static void
header_line (MsRemoteParser *parser,
             const char     *line,
             gsize           length)
{
  const char *space;
  gsize name_length;
  const SectionRule *rule = NULL;
  gboolean in_place;

  if (parser->request == -1)
    {
      if (length == 4 && memcmp (line, "exec", 4) == 0)
        parser->state = STATE_DONE;
      else
        _ms_remote_parser_fail (parser, _("a section header is malformed"));
      return;
    }

  if (length == 4 && memcmp (line, "done", 4) == 0)
    {
      parser->state = STATE_DONE;
      return;
    }

  space = memchr (line, ' ', length);
  name_length = space != NULL ? (gsize) (space - line) : length;
  for (guint i = 0; i < parser->n_rules; i++)
    if (strlen (parser->rules[i].name) == name_length && memcmp (parser->rules[i].name, line, name_length) == 0)
      rule = &parser->rules[i];
  if (rule == NULL)
    {
      _ms_remote_parser_fail (parser, _("a section header is malformed"));
      return;
    }

  parser->arg = 0;
  if (rule->has_arg != (space != NULL) ||
      (space != NULL && (!_ms_remote_parse_decimal (space + 1, length - name_length - 1, PID_MAX_LIMIT, &parser->arg) ||
                         parser->arg == 0)))
    {
      _ms_remote_parser_fail_section (parser, _("section “%s” is malformed"), rule->name);
      return;
    }

  if (parser->helper_answer)
    in_place = FALSE;   /* the helper's answer is all there is */
  else if (strcmp (rule->name, "helper") == 0)
    in_place = parser->stage == 0;
  else if (parser->request == MS_REMOTE_REQUEST_LIST && strcmp (rule->name, "proc") == 0)
    in_place = TRUE;
  else
    in_place = rule->stage > parser->stage || (rule->repeat && rule->stage == parser->stage);
  if (!in_place)
    {
      _ms_remote_parser_fail_section (parser, _("section “%s” is out of place"), rule->name);
      return;
    }

  parser->rule = rule;
  parser->stage = rule->stage;
  parser->section_length = 0;
  parser->held = 0;
  g_byte_array_set_size (parser->content, 0);
  parser->state = STATE_CONTENT;
  _ms_remote_answer_begin (parser);
}

static void
content_data (MsRemoteParser *parser,
              const char     *data,
              gsize           length)
{
  guint64 room;

  if (length == 0 || parser->error != NULL)
    return;

  room = parser->rule->max_length - MIN (parser->section_length, parser->rule->max_length);
  parser->section_length += length;
  if ((guint64) length > room)
    {
      if (!parser->rule->truncate)
        {
          _ms_remote_parser_fail_section (parser, _("section “%s” is too long"), parser->rule->name);
          return;
        }
      length = (gsize) room;
    }

  if (parser->rule->streamed)
    _ms_remote_answer_stream (parser, data, length);
  else
    g_byte_array_append (parser->content, (const guint8 *) data, (guint) length);
}

/* The bytes of a section, up to the marker "\nNONCE . " that ends it; a
 * marker cut between two pieces is held until the next. Returns how many
 * bytes of @data it took. */
static gsize
content_feed (MsRemoteParser *parser,
              const char     *data,
              gsize           length)
{
  gsize taken = 0;

  if (parser->held > 0)
    {
      gsize n = MIN (length, parser->marker_length - parser->held);

      if (memcmp (data, parser->marker + parser->held, n) == 0)
        {
          parser->held += n;
          if (parser->held < parser->marker_length)
            return n;
          parser->held = 0;
          parser->state = STATE_TRAILER;
          parser->status = 0;
          parser->status_digits = 0;
          return n;
        }
      /* not the end after all: what was held is content */
      content_data (parser, parser->marker, parser->held);
      parser->held = 0;
    }

  /* the content goes on in one piece up to the marker, not a line at a time */
  while (taken < length)
    {
      const char *newline = memchr (data + taken, '\n', length - taken);
      gsize at, rest;

      if (newline == NULL)
        break;
      at = (gsize) (newline - data);
      rest = MIN (length - at, parser->marker_length);
      if (memcmp (newline, parser->marker, rest) != 0)
        {
          taken = at + 1;
          continue;
        }
      content_data (parser, data, at);
      if (rest < parser->marker_length)
        {
          parser->held = rest;
          return length;
        }
      parser->state = STATE_TRAILER;
      parser->status = 0;
      parser->status_digits = 0;
      return at + parser->marker_length;
    }
  content_data (parser, data, length);
  return length;
}

/* One line before the ready line: is it the ready line? */
static void
noise_line (MsRemoteParser *parser)
{
  gsize prefix = MS_REMOTE_NONCE_LENGTH + 1;

  if (parser->line_too_long || parser->line_length < prefix ||
      memcmp (parser->line, parser->nonce, MS_REMOTE_NONCE_LENGTH) != 0 ||
      parser->line[MS_REMOTE_NONCE_LENGTH] != ' ')
    return;

  if (parser->line_length == prefix + 9 && memcmp (parser->line + prefix, "ready 1 ", 8) == 0 &&
      (parser->line[prefix + 8] == '0' || parser->line[prefix + 8] == '1'))
    {
      parser->has_helper = parser->line[prefix + 8] == '1';
      parser->state = STATE_READY;
    }
  else
    _ms_remote_parser_fail (parser, _("its first line is not the ready line of this Memscape's version"));
}

gsize
ms_remote_parser_feed (MsRemoteParser *parser,
                       const char     *data,
                       gsize           length)
{
  gsize taken = 0;

  while (taken < length && parser->error == NULL)
    {
      gsize n = 1;

      switch (parser->state)
        {
        case STATE_NOISE:
          if (data[taken] != '\n')
            {
              if (parser->line_length < LINE_MAX_LENGTH)
                parser->line[parser->line_length++] = data[taken];
              else
                parser->line_too_long = TRUE;
            }
          else
            {
              noise_line (parser);
              parser->line_length = 0;
              parser->line_too_long = FALSE;
            }
          if (++parser->noise > NOISE_MAX)
            _ms_remote_parser_fail (parser, _("it printed too much before it started"));
          break;

        case STATE_HEADER:
        case STATE_TRAILER:
          if (parser->state == STATE_TRAILER)
            {
              if (data[taken] == '\n' && parser->status_digits > 0)
                {
                  _ms_remote_answer_end (parser);
                  parser->state = STATE_HEADER;
                  parser->line_length = 0;
                }
              else if (!g_ascii_isdigit (data[taken]) || parser->status_digits >= 3 ||
                       (parser->status_digits > 0 && parser->status == 0) ||
                       parser->status * 10 + (guint) (data[taken] - '0') > 255)
                _ms_remote_parser_fail (parser, _("a section’s end is malformed"));
              else
                {
                  parser->status = parser->status * 10 + (guint) (data[taken] - '0');
                  parser->status_digits++;
                }
              break;
            }
          if (data[taken] != '\n')
            {
              if (parser->line_length >= LINE_MAX_LENGTH ||
                  (parser->line_length < MS_REMOTE_NONCE_LENGTH &&
                   data[taken] != parser->nonce[parser->line_length]) ||
                  (parser->line_length == MS_REMOTE_NONCE_LENGTH && data[taken] != ' '))
                _ms_remote_parser_fail (parser, _("a section header is malformed"));
              else
                parser->line[parser->line_length++] = data[taken];
            }
          else if (parser->line_length <= MS_REMOTE_NONCE_LENGTH + 1)
            _ms_remote_parser_fail (parser, _("a section header is malformed"));
          else
            {
              header_line (parser, parser->line + MS_REMOTE_NONCE_LENGTH + 1,
                           parser->line_length - MS_REMOTE_NONCE_LENGTH - 1);
              parser->line_length = 0;
            }
          break;

        case STATE_CONTENT:
          n = content_feed (parser, data + taken, length - taken);
          break;

        case STATE_READY:
          _ms_remote_parser_fail (parser, _("it sent something unasked"));
          n = 0;
          break;

        case STATE_DONE:
        default:
          return taken;
        }

      taken += n;
      parser->offset += n;
      if (parser->state == STATE_READY)
        return taken;
    }

  return parser->error != NULL ? length : taken;
}

void
ms_remote_parser_begin (MsRemoteParser  *parser,
                        MsRemoteRequest  request,
                        int              pid)
{
  g_return_if_fail (parser->state == STATE_READY || parser->state == STATE_DONE);

  reset_request (parser);
  parser->request = (int) request;
  parser->pid = pid;
  g_snprintf (parser->pid_text, sizeof parser->pid_text, "%d", pid);
  parser->state = STATE_HEADER;
  parser->line_length = 0;

  switch (request)
    {
    case MS_REMOTE_REQUEST_READ:
      parser->rules = read_sections;
      parser->n_rules = G_N_ELEMENTS (read_sections);
      parser->frame = _ms_privileged_frame_new (MS_PRIVILEGED_READ, pid);
      break;
    case MS_REMOTE_REQUEST_PROBE:
      parser->rules = probe_sections;
      parser->n_rules = G_N_ELEMENTS (probe_sections);
      parser->frame = _ms_privileged_frame_new (MS_PRIVILEGED_PROBE, pid);
      break;
    case MS_REMOTE_REQUEST_LIST:
      parser->rules = list_sections;
      parser->n_rules = G_N_ELEMENTS (list_sections);
      parser->frame = _ms_privileged_frame_new (MS_PRIVILEGED_LIST, 0);
      break;
    case MS_REMOTE_REQUEST_PIDS:
      parser->rules = pids_sections;
      parser->n_rules = G_N_ELEMENTS (pids_sections);
      break;
    case MS_REMOTE_REQUEST_MEMINFO:
      parser->rules = meminfo_sections;
      parser->n_rules = G_N_ELEMENTS (meminfo_sections);
      break;
    case MS_REMOTE_REQUEST_USERS:
    default:
      parser->rules = users_sections;
      parser->n_rules = G_N_ELEMENTS (users_sections);
      break;
    }
}

void
ms_remote_parser_begin_exec (MsRemoteParser *parser)
{
  g_return_if_fail (parser->state == STATE_READY || parser->state == STATE_DONE);

  reset_request (parser);
  parser->request = -1;
  parser->rules = NULL;
  parser->n_rules = 0;
  parser->state = STATE_HEADER;
  parser->line_length = 0;
}

gboolean
ms_remote_parser_is_ready (const MsRemoteParser *parser)
{
  return parser->state != STATE_NOISE && parser->error == NULL;
}

gboolean
ms_remote_parser_is_done (const MsRemoteParser *parser)
{
  return parser->state == STATE_DONE || parser->error != NULL;
}

gboolean
ms_remote_parser_is_garbled (const MsRemoteParser *parser)
{
  return parser->error != NULL;
}

gboolean
ms_remote_parser_has_helper (const MsRemoteParser *parser)
{
  return parser->has_helper;
}

guint64
ms_remote_parser_get_length (const MsRemoteParser *parser)
{
  return parser->offset;
}

void
ms_remote_parser_set_users (MsRemoteParser *parser,
                            GHashTable     *users)
{
  g_clear_pointer (&parser->users, g_hash_table_unref);
  if (users != NULL)
    parser->users = g_hash_table_ref (users);
}

gboolean
ms_remote_parser_check (MsRemoteParser  *parser,
                        GError         **error)
{
  if (parser->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&parser->error));
      /* it stays garbled */
      g_set_error_literal (&parser->error, MS_ERROR, MS_ERROR_MALFORMED, "garbled");
      return FALSE;
    }
  if (parser->state != STATE_DONE)
    {
      g_autofree char *at = g_strdup_printf ("%" G_GUINT64_FORMAT, parser->offset);

      /* TRANSLATORS: %s is a byte offset */
      g_set_error (error, MS_ERROR, MS_ERROR_MALFORMED,
                   _("The answer from the other machine is truncated: it stops at byte %s before its end"), at);
      return FALSE;
    }
  return TRUE;
}
