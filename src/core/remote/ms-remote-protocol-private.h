/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-privileged-private.h"
#include "ms-remote-protocol.h"

G_BEGIN_DECLS

/* Shared by the two halves of the remote protocol's parser:
 * ms-remote-protocol.c takes the transport's bytes apart into sections (the
 * ready line, each section's header, content and end, `done`), and
 * ms-remote-answer.c makes of each section what it says (memscape-reader's
 * records, given to its parser) and the request's result. */

#define NOISE_MAX        (64 * 1024)     /* what a login may print before the ready line */
#define LINE_MAX_LENGTH  80              /* a ready, section, end or done line */
#define PID_MAX_LIMIT    4194304
#define RECORD_CHUNK     (1024 * 1024)   /* the helper format's longest smaps/maps record */
#define READ_CMDLINE_MAX (1024 * 1024)   /* its longest cmdline of a read… */
#define LIST_CMDLINE_MAX 4096            /* …and of a list, as the helper sends it */
#define THREAD_COMM_MAX  64

/* What may come in the answer to each request, in this order (a repeatable
 * section may follow itself; in a list, `proc` opens the next process).
 * Each section's length is capped; `truncate` ones keep their first bytes
 * instead of failing. */
typedef struct {
  const char *name;
  guint8      stage;
  gboolean    repeat;
  gboolean    has_arg;
  gboolean    streamed;    /* given on as it comes, not kept whole */
  gboolean    truncate;
  guint64     max_length;
} SectionRule;

typedef enum {
  STATE_NOISE,     /* before the ready line */
  STATE_READY,     /* ready, no request begun */
  STATE_HEADER,    /* a section's first line, `done` or `exec` */
  STATE_CONTENT,
  STATE_TRAILER,   /* the status after "\nNONCE . " */
  STATE_DONE,
} State;

struct _MsRemoteParser {
  char               nonce[MS_REMOTE_NONCE_LENGTH + 1];
  char               marker[MS_REMOTE_NONCE_LENGTH + 5];   /* "\nNONCE . " */
  gsize              marker_length;
  State              state;
  char               line[LINE_MAX_LENGTH + 1];
  gsize              line_length;
  gboolean           line_too_long;
  guint64            noise;
  gboolean           has_helper;
  GError            *error;

  /* the request */
  int                request;         /* MsRemoteRequest, or -1 for exec */
  int                pid;
  char               pid_text[16];
  guint64            offset;
  const SectionRule *rules;
  guint              n_rules;
  guint              stage;
  gboolean           helper_answer;
  GHashTable        *users;           /* uid → name, of the other side */

  /* the section */
  const SectionRule *rule;
  guint64            arg;
  guint64            section_length;
  GByteArray        *content;
  gsize              held;            /* bytes of the marker matched at the end of the last piece */
  guint              status;
  guint              status_digits;

  /* what the sections say */
  MsPrivilegedFrame *frame;
  gboolean           frame_started;
  gboolean           failed;          /* an error record went to the frame */
  gboolean           opened;
  char              *status_text;
  guint64            smaps_length;
  guint              smaps_exit;
  gboolean           smaps_seen;
  int                list_pid;        /* the process of the last `proc`, 0: skipped */
  GArray            *pids;
  char              *text;
};

/* ms-remote-protocol.c: the answer is garbled at the current byte. */
void     _ms_remote_parser_fail         (MsRemoteParser *parser,
                                         const char     *detail);
/* The same, @format holding one %s for @name (checked to be [a-z-]). */
void     _ms_remote_parser_fail_section (MsRemoteParser *parser,
                                         const char     *format,
                                         const char     *name);

/* ms-remote-answer.c: a decimal of at most @max, no sign, no leading zero. */
gboolean _ms_remote_parse_decimal       (const char     *text,
                                         gsize           length,
                                         guint64         max,
                                         guint64        *value);
/* What a section says: when it begins, its content as it comes (a
 * streamed one: smaps, maps, the helper's answer), and when it ended (the
 * others, whole in parser->content, and its exit status in parser->status). */
void     _ms_remote_answer_begin        (MsRemoteParser *parser);
void     _ms_remote_answer_stream       (MsRemoteParser *parser,
                                         const char     *data,
                                         gsize           length);
void     _ms_remote_answer_end          (MsRemoteParser *parser);

G_END_DECLS
