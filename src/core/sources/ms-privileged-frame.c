/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-privileged"

#include "config.h"

#include "ms-privileged-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ms-error.h"
#include "ms-maps-parser.h"
#include "ms-probe.h"
#include "ms-proc.h"
#include "ms-process-list.h"
#include "ms-reader-private.h"
#include "ms-snapshot-private.h"

/* The answer's limits (format 1; see src/reader-helper/memscape-reader.c).
 * They are the helper's own limits with room to spare: anything past them is
 * not an answer of the helper. */
#define FORMAT_NAME      "memscape-reader"
#define FORMAT_VERSION   "1"
#define HEADER_MAX       32                        /* the header line */
#define RECORD_LINE_MAX  40                        /* "NAME LENGTH" */
#define NAME_MAX_LENGTH  16
#define SMAPS_MAX        ((guint64) MS_PROC_MAX_READ)
#define OUTPUT_MAX       ((guint64) 1024 * 1024 * 1024)
#define SP_MAX_COUNT     4194304
#define PID_MAX_LIMIT    4194304

/* Which record may come where. Records come in increasing stage order; a
 * repeatable one may follow itself; in a list, `proc` opens a new group. */
typedef struct {
  const char *name;
  guint8      stage;
  gboolean    repeat;
  guint32     max_length;
} RecordRule;

#define STAGE_ERROR 8
#define STAGE_END   9

static const RecordRule read_rules[] = {
  { "read", 1, FALSE, 16 },
  { "owner", 2, FALSE, 16 },
  { "comm", 3, FALSE, 256 },
  { "status", 4, FALSE, 64 * 1024 },
  { "smaps", 5, TRUE, 1024 * 1024 },
  { "sp", 6, TRUE, 16 },
  { "task", 6, TRUE, 96 },
  { "cmdline", 7, FALSE, 1024 * 1024 },
  { "error", STAGE_ERROR, FALSE, 1024 },
  { "end", STAGE_END, FALSE, 0 },
};

static const RecordRule probe_rules[] = {
  { "probe", 1, FALSE, 16 },
  { "status", 2, FALSE, 64 * 1024 },
  { "rollup", 3, FALSE, 8192 },
  { "maps", 4, TRUE, 1024 * 1024 },
  { "error", STAGE_ERROR, FALSE, 1024 },
  { "end", STAGE_END, FALSE, 0 },
};

static const RecordRule list_rules[] = {
  { "list", 1, FALSE, 0 },
  { "proc", 2, TRUE, 256 },
  { "comm", 3, FALSE, 256 },
  { "cmdline", 4, FALSE, 64 * 1024 },
  { "error", STAGE_ERROR, FALSE, 1024 },
  { "end", STAGE_END, FALSE, 0 },
};

typedef enum {
  FRAME_HEADER,
  FRAME_RECORD_LINE,
  FRAME_PAYLOAD,
  FRAME_PAYLOAD_END,
  FRAME_ENDED,
} FrameState;

struct _MsPrivilegedFrame {
  MsPrivilegedRequest  request;
  int                  expected_pid;     /* 0: any */
  FrameState           state;
  char                 line[RECORD_LINE_MAX + 1];
  guint                line_length;
  const RecordRule    *rule;             /* of the record being read */
  guint                stage;
  guint64              remaining;
  guint64              offset;           /* bytes taken so far */
  GByteArray          *payload;
  GError              *error;

  /* read */
  int                  pid;
  guint32              owner;
  char                *comm;
  char                *cmdline;
  gsize                cmdline_length;
  gboolean             has_status;
  MsSnapshot          *snapshot;
  MsMapsParser        *parser;
  guint64              smaps_length;
  GArray              *sps;      /* MsThread */
  gboolean             torn;             /* smaps changed while it was read */

  /* the error record */
  gboolean             failed;
  MsReadFailure        failure;
  guint64              failure_number;

  /* list */
  GPtrArray           *list;
  MsProcessInfo       *current;

  /* probe */
  GByteArray          *maps;
  char                *rollup;
  char                *status;
};

MsPrivilegedFrame *
_ms_privileged_frame_new (MsPrivilegedRequest request,
                          int                 expected_pid)
{
  MsPrivilegedFrame *frame = g_new0 (MsPrivilegedFrame, 1);

  frame->request = request;
  frame->expected_pid = expected_pid;
  frame->payload = g_byte_array_new ();
  frame->owner = G_MAXUINT32;
  frame->sps = g_array_new (FALSE, FALSE, sizeof (MsThread));
  frame->list = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_process_info_free);
  frame->maps = g_byte_array_new ();
  return frame;
}

void
_ms_privileged_frame_free (MsPrivilegedFrame *frame)
{
  if (frame->parser != NULL)
    ms_maps_parser_finish (frame->parser, NULL);
  g_clear_pointer (&frame->snapshot, ms_snapshot_unref);
  g_clear_pointer (&frame->payload, g_byte_array_unref);
  g_clear_pointer (&frame->sps, g_array_unref);
  g_clear_pointer (&frame->list, g_ptr_array_unref);
  g_clear_pointer (&frame->maps, g_byte_array_unref);
  g_clear_pointer (&frame->rollup, g_free);
  g_clear_pointer (&frame->status, g_free);
  g_clear_error (&frame->error);
  g_free (frame->comm);
  g_free (frame->cmdline);
  g_free (frame);
}

/* --- small strict parsers ------------------------------------------------- */

gboolean
_ms_reader_failure_from_code (const char    *code,
                              gsize          length,
                              MsReadFailure *failure)
{
  static const struct {
    const char    *code;
    MsReadFailure  failure;
  } codes[] = {
    { "gone", MS_READ_FAILURE_GONE },
    { "exited", MS_READ_FAILURE_EXITED },
    { "zombie", MS_READ_FAILURE_ZOMBIE },
    { "kernel-thread", MS_READ_FAILURE_KERNEL_THREAD },
    { "denied", MS_READ_FAILURE_DENIED },
    { "io", MS_READ_FAILURE_IO },
  };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (strlen (codes[i].code) == length && memcmp (codes[i].code, code, length) == 0)
      {
        *failure = codes[i].failure;
        return TRUE;
      }
  return FALSE;
}

gboolean
_ms_reader_parse_decimal (const char *text,
                          gsize       length,
                          guint64     max,
                          guint64    *value)
{
  guint64 v = 0;

  if (length == 0 || length > 20 || (text[0] == '0' && length > 1))
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]) || v > (G_MAXUINT64 - 9) / 10)
        return FALSE;
      v = v * 10 + (guint64) (text[i] - '0');
    }

  if (v > max)
    return FALSE;
  *value = v;
  return TRUE;
}

static gboolean
parse_hex (const char *text,
           gsize       length,
           guint64    *value)
{
  guint64 v = 0;

  if (length == 0 || length > 16)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      int digit = g_ascii_xdigit_value (text[i]);

      if (digit < 0 || g_ascii_isupper (text[i]))
        return FALSE;
      v = (v << 4) | (guint64) digit;
    }

  *value = v;
  return TRUE;
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

/* --- errors ---------------------------------------------------------------- */

static void
frame_fail (MsPrivilegedFrame *frame,
            const char        *detail)
{
  g_autofree char *at = NULL;

  if (frame->error != NULL)
    return;
  at = g_strdup_printf ("%" G_GUINT64_FORMAT, frame->offset);
  /* TRANSLATORS: the first %s is a byte offset, the second says what is wrong */
  g_set_error (&frame->error, MS_ERROR, MS_ERROR_MALFORMED,
               _("The answer of memscape-reader is garbled at byte %s: %s"), at, detail);
}

/* @name has been checked to be [a-z-]: safe to show. */
static void
frame_fail_record (MsPrivilegedFrame *frame,
                   const char        *format,
                   const char        *name)
{
  g_autofree char *detail = NULL;

  if (frame->error != NULL)
    return;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  detail = g_strdup_printf (format, name);
#pragma GCC diagnostic pop
  frame_fail (frame, detail);
}

/* --- records --------------------------------------------------------------- */

static const RecordRule *
find_rule (MsPrivilegedRequest  request,
           const char          *name)
{
  const RecordRule *rules;
  guint n;

  switch (request)
    {
    case MS_PRIVILEGED_READ:
      rules = read_rules;
      n = G_N_ELEMENTS (read_rules);
      break;
    case MS_PRIVILEGED_PROBE:
      rules = probe_rules;
      n = G_N_ELEMENTS (probe_rules);
      break;
    case MS_PRIVILEGED_LIST:
    default:
      rules = list_rules;
      n = G_N_ELEMENTS (list_rules);
      break;
    }

  for (guint i = 0; i < n; i++)
    if (strcmp (rules[i].name, name) == 0)
      return &rules[i];
  return NULL;
}

/* "NAME LENGTH": checks the name, the place and the length of a record. */
static void
record_begin (MsPrivilegedFrame *frame)
{
  const char *space = memchr (frame->line, ' ', frame->line_length);
  const RecordRule *rule;
  char name[NAME_MAX_LENGTH + 1];
  gsize name_length;
  guint64 length;
  gboolean in_place;

  if (space == NULL)
    {
      frame_fail (frame, _("a record header is malformed"));
      return;
    }
  name_length = (gsize) (space - frame->line);
  if (name_length == 0 || name_length > NAME_MAX_LENGTH)
    {
      frame_fail (frame, _("a record header is malformed"));
      return;
    }
  for (gsize i = 0; i < name_length; i++)
    if (!g_ascii_islower (frame->line[i]) && frame->line[i] != '-')
      {
        frame_fail (frame, _("a record header is malformed"));
        return;
      }
  memcpy (name, frame->line, name_length);
  name[name_length] = '\0';

  if (!_ms_reader_parse_decimal (space + 1, frame->line_length - name_length - 1, G_MAXUINT32, &length))
    {
      frame_fail (frame, _("a record header is malformed"));
      return;
    }

  rule = find_rule (frame->request, name);
  if (rule == NULL)
    {
      frame_fail_record (frame, _("unknown record “%s”"), name);
      return;
    }

  if (frame->stage == 0)
    in_place = rule->stage == 1;
  else if (frame->stage >= STAGE_ERROR)
    in_place = rule->stage == STAGE_END;
  else if (frame->request == MS_PRIVILEGED_LIST && strcmp (name, "proc") == 0)
    in_place = TRUE;
  else if (frame->request == MS_PRIVILEGED_LIST && rule->stage < STAGE_ERROR && frame->current == NULL)
    in_place = FALSE;   /* comm and cmdline belong to a proc */
  else
    in_place = rule->stage > frame->stage || (rule->repeat && rule->stage == frame->stage);

  if (!in_place)
    {
      frame_fail_record (frame, _("record “%s” is out of place"), name);
      return;
    }
  if (length > rule->max_length)
    {
      frame_fail_record (frame, _("record “%s” is too long"), name);
      return;
    }

  frame->rule = rule;
  frame->stage = rule->stage;
  frame->remaining = length;
  g_byte_array_set_size (frame->payload, 0);
  frame->state = length > 0 ? FRAME_PAYLOAD : FRAME_PAYLOAD_END;
}

static void
record_data (MsPrivilegedFrame *frame,
             const char        *data,
             gsize              length)
{
  if (frame->request == MS_PRIVILEGED_PROBE && strcmp (frame->rule->name, "maps") == 0)
    {
      if ((guint64) frame->maps->len + length > SMAPS_MAX)
        {
          frame_fail_record (frame, _("record “%s” is too long"), "maps");
          return;
        }
      g_byte_array_append (frame->maps, (const guint8 *) data, (guint) length);
      return;
    }

  if (strcmp (frame->rule->name, "smaps") == 0)
    {
      frame->smaps_length += length;
      if (frame->smaps_length > SMAPS_MAX)
        {
          frame_fail_record (frame, _("record “%s” is too long"), "smaps");
          return;
        }
      ms_maps_parser_feed (frame->parser, data, length);
      return;
    }

  g_byte_array_append (frame->payload, (const guint8 *) data, (guint) length);
}

/* "CODE NUMBER MESSAGE": MESSAGE is for people reading by hand. */
static gboolean
parse_error_record (MsPrivilegedFrame *frame,
                    const guint8      *data,
                    gsize              length)
{
  const char *text = (const char *) data;
  const char *first = memchr (text, ' ', length);
  const char *second;
  gsize code_length;
  MsReadFailure failure;

  if (first == NULL)
    return FALSE;
  code_length = (gsize) (first - text);
  second = memchr (first + 1, ' ', length - code_length - 1);
  if (second == NULL)
    second = text + length;

  if (!_ms_reader_failure_from_code (text, code_length, &failure))
    return FALSE;
  if (!_ms_reader_parse_decimal (first + 1, (gsize) (second - first - 1), G_MAXUINT32, &frame->failure_number))
    return FALSE;
  /* a list fails only as a whole, with an errno */
  if (frame->request == MS_PRIVILEGED_LIST && failure != MS_READ_FAILURE_IO)
    return FALSE;
  if (failure == MS_READ_FAILURE_IO && (frame->failure_number == 0 || frame->failure_number > 4095))
    return FALSE;
  frame->failure = failure;
  frame->failed = TRUE;
  return TRUE;
}

/* "PID UID STATE KTHREAD RSS PSS USS SWAP" */
static MsProcessInfo *
parse_proc_record (const guint8 *data,
                   gsize         length)
{
  g_autoptr(MsProcessInfo) info = g_new0 (MsProcessInfo, 1);
  const char *text = (const char *) data;
  const char *fields[8];
  gsize lengths[8];
  guint n = 0;
  gsize start = 0;
  guint64 value;

  /* An empty payload may come with no buffer at all. */
  if (length == 0 || data == NULL)
    return NULL;

  for (gsize i = 0; i <= length; i++)
    {
      if (i < length && text[i] != ' ')
        continue;
      if (n == G_N_ELEMENTS (fields))
        return NULL;
      fields[n] = text + start;
      lengths[n] = i - start;
      n++;
      start = i + 1;
    }
  if (n != G_N_ELEMENTS (fields))
    return NULL;

  if (!_ms_reader_parse_decimal (fields[0], lengths[0], PID_MAX_LIMIT, &value) || value == 0)
    return NULL;
  info->pid = (int) value;
  if (!_ms_reader_parse_decimal (fields[1], lengths[1], G_MAXUINT32, &value))
    return NULL;
  info->uid = (uid_t) value;
  if (lengths[2] != 1 || fields[2][0] < '!' || fields[2][0] > '~')
    return NULL;
  info->state = fields[2][0];
  if (lengths[3] != 1 || (fields[3][0] != '0' && fields[3][0] != '1'))
    return NULL;
  info->is_kernel_thread = fields[3][0] == '1';
  if (!_ms_reader_parse_decimal (fields[4], lengths[4], G_MAXUINT64, &info->rss) ||
      !_ms_reader_parse_decimal (fields[5], lengths[5], G_MAXUINT64, &info->pss) ||
      !_ms_reader_parse_decimal (fields[6], lengths[6], G_MAXUINT64, &info->uss) ||
      !_ms_reader_parse_decimal (fields[7], lengths[7], G_MAXUINT64, &info->swap))
    return NULL;

  /* An unreadable smaps_rollup reads as zeros, as in ms_process_list_read(). */
  info->has_smaps = info->pss > 0;
  info->name = g_strdup ("");
  info->comm = g_strdup ("");
  info->cmdline = g_strdup ("");
  return g_steal_pointer (&info);
}

/* The cmdline as the process list shows it: NUL bytes as spaces. */
static char *
list_cmdline (const guint8 *data,
              gsize         length)
{
  char *text = copy_bytes (data, length);

  for (gsize i = 0; i < length; i++)
    if (text[i] == '\0')
      text[i] = ' ';
  return g_strchomp (text);
}

/* The pid that a "read" or "probe" record names: FALSE, and the frame
 * failed, when it is malformed or not the process asked about. */
static gboolean
take_pid_record (MsPrivilegedFrame *frame,
                 const char        *name,
                 const guint8      *data,
                 gsize              length)
{
  guint64 value;

  if (!_ms_reader_parse_decimal ((const char *) data, length, PID_MAX_LIMIT, &value) || value == 0)
    {
      frame_fail_record (frame, _("record “%s” is malformed"), name);
      return FALSE;
    }
  frame->pid = (int) value;
  if (frame->expected_pid != 0 && frame->pid != frame->expected_pid)
    {
      g_set_error (&frame->error, MS_ERROR, MS_ERROR_MALFORMED,
                   _("memscape-reader answered about process %d instead of %d"),
                   frame->pid, frame->expected_pid);
      return FALSE;
    }
  return TRUE;
}

/* The records of a probe: its pid, and the text of three files, kept. */
static void
probe_record_end (MsPrivilegedFrame *frame,
                  const char        *name,
                  const guint8      *data,
                  gsize              length)
{
  if (strcmp (name, "probe") == 0)
    take_pid_record (frame, name, data, length);
  else if (strcmp (name, "status") == 0)
    {
      frame->status = copy_bytes (data, length);
    }
  else if (strcmp (name, "rollup") == 0)
    {
      frame->rollup = copy_bytes (data, length);
    }
}

static void
record_end (MsPrivilegedFrame *frame)
{
  const char *name = frame->rule->name;
  /* An empty GByteArray may have no buffer: give the handlers an empty one. */
  const guint8 *data = frame->payload->len > 0 ? frame->payload->data : (const guint8 *) "";
  gsize length = frame->payload->len;
  guint64 value;

  if (strcmp (name, "end") == 0)
    {
      frame->state = FRAME_ENDED;
      return;
    }
  frame->state = FRAME_RECORD_LINE;

  if (strcmp (name, "error") == 0)
    {
      if (!parse_error_record (frame, data, length))
        frame_fail_record (frame, _("record “%s” is malformed"), name);
      return;
    }

  if (frame->request == MS_PRIVILEGED_LIST)
    {
      if (strcmp (name, "proc") == 0)
        {
          /* no more processes than the kernel can number */
          frame->current = frame->list->len < PID_MAX_LIMIT ? parse_proc_record (data, length) : NULL;
          if (frame->current == NULL)
            frame_fail_record (frame, _("record “%s” is malformed"), name);
          else
            g_ptr_array_add (frame->list, frame->current);
        }
      else if (strcmp (name, "comm") == 0)
        {
          g_free (frame->current->comm);
          frame->current->comm = g_strchomp (copy_bytes (data, length));
          g_free (frame->current->name);
          frame->current->name = g_strdup (frame->current->comm);
        }
      else if (strcmp (name, "cmdline") == 0 && !frame->current->is_kernel_thread)
        {
          /* the first two arguments, for the program's full name */
          g_autofree char *first = copy_bytes (data, length);
          gsize first_length = strlen (first);
          const char *args[3] = { first, first_length < length ? first + first_length + 1 : NULL, NULL };

          g_free (frame->current->name);
          frame->current->name = ms_process_full_name (frame->current->comm, args, NULL);
          g_free (frame->current->cmdline);
          frame->current->cmdline = list_cmdline (data, length);
        }
      return;
    }

  if (frame->request == MS_PRIVILEGED_PROBE)
    {
      probe_record_end (frame, name, data, length);
      return;
    }

  if (strcmp (name, "read") == 0)
    {
      if (!take_pid_record (frame, name, data, length))
        return;
      frame->snapshot = _ms_snapshot_new (MS_SOURCE_PROCESS);
      frame->parser = _ms_reader_new_parser (frame->snapshot);
    }
  else if (strcmp (name, "owner") == 0)
    {
      if (!_ms_reader_parse_decimal ((const char *) data, length, G_MAXUINT32, &value))
        frame_fail_record (frame, _("record “%s” is malformed"), name);
      else
        frame->owner = (guint32) value;
    }
  else if (strcmp (name, "comm") == 0)
    {
      frame->comm = g_strchomp (copy_bytes (data, length));
    }
  else if (strcmp (name, "status") == 0)
    {
      g_autofree char *text = copy_bytes (data, length);

      _ms_reader_parse_status (text, &frame->snapshot->status, &frame->snapshot->uid);
      frame->has_status = TRUE;
    }
  else if (strcmp (name, "sp") == 0)
    {
      if (!parse_hex ((const char *) data, length, &value) || value == 0 ||
          frame->sps->len >= SP_MAX_COUNT)
        frame_fail_record (frame, _("record “%s” is malformed"), name);
      else
        {
          MsThread thread = { .sp = value };

          g_array_append_val (frame->sps, thread);
        }
    }
  else if (strcmp (name, "task") == 0)
    {
      /* "TID NAME", of the thread of the `sp` before it. */
      const char *space = memchr (data, ' ', length);
      MsThread *thread = frame->sps->len > 0 ? &g_array_index (frame->sps, MsThread, frame->sps->len - 1) : NULL;
      g_autofree char *comm = NULL;

      if (thread == NULL || thread->tid != 0 || space == NULL ||
          !_ms_reader_parse_decimal ((const char *) data, (gsize) (space - (const char *) data), G_MAXINT, &value) ||
          value == 0)
        {
          frame_fail_record (frame, _("record “%s” is malformed"), name);
          return;
        }
      thread->tid = (gint64) value;
      comm = copy_bytes ((const guint8 *) space + 1, length - (gsize) (space + 1 - (const char *) data));
      thread->name = g_string_chunk_insert_const (_ms_snapshot_get_strings (frame->snapshot), comm);
    }
  else if (strcmp (name, "cmdline") == 0)
    {
      frame->cmdline = copy_bytes (data, length);
      frame->cmdline_length = length;
    }
}

/* --- the frame ------------------------------------------------------------- */

/* "memscape-reader VERSION"; the line may hold any byte, NUL included. */
static void
check_header (MsPrivilegedFrame *frame)
{
  static const char expected[] = FORMAT_NAME " " FORMAT_VERSION;
  const char *line = frame->line;
  gsize length = frame->line_length;
  gsize prefix = strlen (FORMAT_NAME " ");
  gsize digits = 0;

  if (length == strlen (expected) && memcmp (line, expected, length) == 0)
    {
      frame->state = FRAME_RECORD_LINE;
      return;
    }

  if (length > prefix && memcmp (line, FORMAT_NAME " ", prefix) == 0)
    while (prefix + digits < length && g_ascii_isdigit (line[prefix + digits]))
      digits++;

  /* Only digits are shown back. */
  if (digits > 0 && digits <= 9 && prefix + digits == length)
    g_set_error (&frame->error, MS_ERROR, MS_ERROR_MALFORMED,
                 _("memscape-reader answered in format version %s, but this Memscape reads version %s"),
                 line + prefix, FORMAT_VERSION);
  else
    frame_fail (frame, _("it is not in the memscape-reader format"));
}

/* Takes the next piece of the answer. Once it failed, it ignores the rest. */
void
_ms_privileged_frame_feed (MsPrivilegedFrame *frame,
                           const char        *data,
                           gsize              length)
{
  while (length > 0 && frame->error == NULL)
    {
      switch (frame->state)
        {
        case FRAME_HEADER:
        case FRAME_RECORD_LINE:
          {
            guint max = frame->state == FRAME_HEADER ? HEADER_MAX : RECORD_LINE_MAX;

            if (*data != '\n')
              {
                if (frame->line_length >= max ||
                    (frame->state == FRAME_HEADER && frame->line_length < strlen (FORMAT_NAME) &&
                     *data != FORMAT_NAME[frame->line_length]))
                  {
                    if (frame->state == FRAME_HEADER)
                      frame_fail (frame, _("it is not in the memscape-reader format"));
                    else
                      frame_fail (frame, _("a record header is malformed"));
                    break;
                  }
                frame->line[frame->line_length++] = *data;
              }
            else
              {
                frame->line[frame->line_length] = '\0';
                if (frame->state == FRAME_HEADER)
                  check_header (frame);
                else
                  record_begin (frame);
                frame->line_length = 0;
              }
            data++;
            length--;
            frame->offset++;
          }
          break;

        case FRAME_PAYLOAD:
          {
            gsize n = (gsize) MIN ((guint64) length, frame->remaining);

            record_data (frame, data, n);
            data += n;
            length -= n;
            frame->offset += n;
            frame->remaining -= n;
            if (frame->remaining == 0)
              frame->state = FRAME_PAYLOAD_END;
          }
          break;

        case FRAME_PAYLOAD_END:
          if (*data != '\n')
            {
              frame_fail_record (frame, _("record “%s” does not end with a newline"),
                                 frame->rule->name);
              break;
            }
          data++;
          length--;
          frame->offset++;
          record_end (frame);
          break;

        case FRAME_ENDED:
        default:
          frame_fail (frame, _("data follows the end record"));
          break;
        }

      if (frame->offset > OUTPUT_MAX)
        frame_fail (frame, _("the answer is too long"));
    }
}

/* Any error of the frame itself, or of an answer that stops short. */
static gboolean
frame_check_complete (MsPrivilegedFrame  *frame,
                      GError            **error)
{
  if (frame->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&frame->error));
      return FALSE;
    }
  if (frame->offset == 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_MALFORMED, _("memscape-reader gave no answer"));
      return FALSE;
    }
  if (frame->state != FRAME_ENDED)
    {
      g_autofree char *at = g_strdup_printf ("%" G_GUINT64_FORMAT, frame->offset);

      /* TRANSLATORS: %s is a byte offset */
      g_set_error (error, MS_ERROR, MS_ERROR_MALFORMED,
                   _("The answer of memscape-reader is truncated: it stops at byte %s before its end record"), at);
      return FALSE;
    }
  return TRUE;
}

MsSnapshot *
_ms_privileged_frame_finish_read (MsPrivilegedFrame  *frame,
                                  GError            **error)
{
  MsSnapshot *snapshot;
  g_autofree char *comm = NULL;

  if (!frame_check_complete (frame, error))
    return NULL;

  if (frame->failed)
    {
      _ms_reader_set_error (error, frame->failure, frame->pid, frame->comm,
                            frame->failure == MS_READ_FAILURE_DENIED ? (uid_t) frame->failure_number : (uid_t) -1,
                            (int) frame->failure_number);
      return NULL;
    }

  if (frame->comm == NULL || frame->smaps_length == 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_MALFORMED,
                   _("The answer of memscape-reader holds no memory map"));
      return NULL;
    }

  /* A map that changed while the helper read smaps (see read_pid() in
   * ms-reader.c): no picture of the process. */
  snapshot = g_steal_pointer (&frame->snapshot);
  if (!_ms_reader_finish_parser (snapshot, g_steal_pointer (&frame->parser)))
    {
      frame->torn = TRUE;
      _ms_reader_set_error (error, MS_READ_FAILURE_CHANGING, frame->pid, frame->comm, (uid_t) -1, 0);
      ms_snapshot_unref (snapshot);
      return NULL;
    }

  if (!frame->has_status)
    snapshot->uid = (uid_t) frame->owner;
  comm = g_strdup (frame->comm);
  _ms_reader_set_identity (snapshot, frame->pid, g_steal_pointer (&frame->comm),
                           g_steal_pointer (&frame->cmdline), frame->cmdline_length);
  _ms_reader_seal_snapshot_threads (snapshot, (const MsThread *) (gpointer) frame->sps->data,
                                    frame->sps->len, comm);
  _ms_reader_set_fingerprint (snapshot);
  return snapshot;
}

gboolean
_ms_privileged_frame_finish_probe (MsPrivilegedFrame  *frame,
                                   MsPrivilegedProbe  *probe,
                                   GError            **error)
{
  if (!frame_check_complete (frame, error))
    return FALSE;

  if (frame->failed)
    {
      _ms_reader_set_error (error, frame->failure, frame->pid, NULL,
                            frame->failure == MS_READ_FAILURE_DENIED ? (uid_t) frame->failure_number : (uid_t) -1,
                            (int) frame->failure_number);
      return FALSE;
    }

  /* The same fingerprint as the local reader's probe, from the same text;
   * 0 (cannot tell) without a map or a status. */
  probe->fingerprint = ms_probe_fingerprint ((const char *) frame->maps->data, frame->maps->len,
                                             frame->rollup, frame->status, &probe->n_regions);
  memset (&probe->figures, 0, sizeof probe->figures);
  if (frame->status != NULL)
    {
      MsStatus status = { 0 };
      uid_t uid = (uid_t) -1;

      _ms_reader_parse_status (frame->status, &status, &uid);
      ms_figures_set_status (&probe->figures, &status);
    }
  if (frame->rollup != NULL)
    ms_figures_set_rollup (&probe->figures, frame->rollup);
  return TRUE;
}

GPtrArray *
_ms_privileged_frame_finish_list (MsPrivilegedFrame  *frame,
                                  GError            **error)
{
  if (!frame_check_complete (frame, error))
    return NULL;

  if (frame->failed)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_IO,
                   _("Could not list processes: %s"), g_strerror ((int) frame->failure_number));
      return NULL;
    }

  for (guint i = 0; i < frame->list->len; i++)
    {
      MsProcessInfo *info = g_ptr_array_index (frame->list, i);

      info->user = ms_proc_user_name (info->uid);
    }
  ms_process_list_sort (frame->list);
  return g_steal_pointer (&frame->list);
}

gboolean
_ms_privileged_frame_is_garbled (const MsPrivilegedFrame *frame)
{
  return frame->error != NULL;
}

gboolean
_ms_privileged_frame_is_torn (const MsPrivilegedFrame *frame)
{
  return frame->torn;
}

guint64
_ms_privileged_frame_get_length (const MsPrivilegedFrame *frame)
{
  return frame->offset;
}

MsSnapshot *
ms_privileged_parse_read (const char  *data,
                          gsize        length,
                          int          pid,
                          GError     **error)
{
  g_autoptr(MsPrivilegedFrame) frame = _ms_privileged_frame_new (MS_PRIVILEGED_READ, pid);

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  _ms_privileged_frame_feed (frame, data, length);
  return _ms_privileged_frame_finish_read (frame, error);
}

gboolean
ms_privileged_parse_probe (const char  *data,
                           gsize        length,
                           int          pid,
                           guint64     *fingerprint,
                           guint       *n_regions,
                           GError     **error)
{
  g_autoptr(MsPrivilegedFrame) frame = _ms_privileged_frame_new (MS_PRIVILEGED_PROBE, pid);
  MsPrivilegedProbe probe = { 0 };

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  _ms_privileged_frame_feed (frame, data, length);
  if (!_ms_privileged_frame_finish_probe (frame, &probe, error))
    return FALSE;
  if (fingerprint != NULL)
    *fingerprint = probe.fingerprint;
  if (n_regions != NULL)
    *n_regions = probe.n_regions;
  return TRUE;
}

GPtrArray *
ms_privileged_parse_list (const char  *data,
                          gsize        length,
                          GError     **error)
{
  g_autoptr(MsPrivilegedFrame) frame = _ms_privileged_frame_new (MS_PRIVILEGED_LIST, 0);

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  _ms_privileged_frame_feed (frame, data, length);
  return _ms_privileged_frame_finish_list (frame, error);
}
