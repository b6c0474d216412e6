/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-system-parse"

#include "config.h"

#include "ms-system-parse.h"

#include <string.h>

/* --- "Name:   123 kB" lines ----------------------------------------------- */

/* The next line of [*pos, end): sets *line and *line_end, moves *pos past its
 * newline. FALSE at the end. */
static gboolean
next_line (const char  **pos,
           const char   *end,
           const char  **line,
           const char  **line_end)
{
  const char *nl;

  if (*pos >= end)
    return FALSE;
  *line = *pos;
  nl = memchr (*pos, '\n', (gsize) (end - *pos));
  *line_end = nl != NULL ? nl : end;
  *pos = nl != NULL ? nl + 1 : end;
  return TRUE;
}

static const char *
skip_blanks (const char *p,
             const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

/* A decimal number at *p, saturating; FALSE when there is no digit. */
static gboolean
parse_decimal (const char **p,
               const char  *end,
               guint64     *value)
{
  const char *q = *p;
  guint64 v = 0;

  if (q >= end || !g_ascii_isdigit (*q))
    return FALSE;
  for (; q < end && g_ascii_isdigit (*q); q++)
    {
      guint digit = (guint) (*q - '0');

      v = v > (G_MAXUINT64 - digit) / 10 ? G_MAXUINT64 : v * 10 + digit;
    }
  *p = q;
  *value = v;
  return TRUE;
}

static guint64
kib_to_bytes (guint64 kib)
{
  return kib > G_MAXUINT64 / 1024 ? G_MAXUINT64 : kib * 1024;
}

/* "Name:  123 kB" → name (not NUL-terminated: @name_len) and the value in
 * bytes ("kB" multiplies by 1024; no unit is taken as it is). */
static gboolean
parse_kb_line (const char  *line,
               const char  *line_end,
               const char **name,
               gsize       *name_len,
               guint64     *bytes)
{
  const char *colon = memchr (line, ':', (gsize) (line_end - line));
  const char *p;
  guint64 value;

  if (colon == NULL || colon == line)
    return FALSE;
  p = skip_blanks (colon + 1, line_end);
  if (!parse_decimal (&p, line_end, &value))
    return FALSE;
  p = skip_blanks (p, line_end);
  if (line_end - p >= 2 && (p[0] == 'k' || p[0] == 'K') && (p[1] == 'B' || p[1] == 'b'))
    value = kib_to_bytes (value);
  *name = line;
  *name_len = (gsize) (colon - line);
  *bytes = value;
  return TRUE;
}

static gboolean
name_is (const char *name,
         gsize       name_len,
         const char *wanted)
{
  return strlen (wanted) == name_len && memcmp (name, wanted, name_len) == 0;
}

/* --- /proc/meminfo --------------------------------------------------------- */

typedef struct {
  const char *name;
  gsize       offset;
} Field;

#define MEMINFO(name, member) { name, G_STRUCT_OFFSET (MsMeminfo, member) }
static const Field meminfo_fields[] = {
  MEMINFO ("MemTotal", mem_total),
  MEMINFO ("MemFree", mem_free),
  MEMINFO ("MemAvailable", mem_available),
  MEMINFO ("Buffers", buffers),
  MEMINFO ("Cached", cached),
  MEMINFO ("SwapCached", swap_cached),
  MEMINFO ("AnonPages", anon_pages),
  MEMINFO ("Mapped", mapped),
  MEMINFO ("Shmem", shmem),
  MEMINFO ("Slab", slab),
  MEMINFO ("SReclaimable", s_reclaimable),
  MEMINFO ("SUnreclaim", s_unreclaim),
  MEMINFO ("KernelStack", kernel_stack),
  MEMINFO ("PageTables", page_tables),
  MEMINFO ("SecPageTables", sec_page_tables),
  MEMINFO ("SwapTotal", swap_total),
  MEMINFO ("SwapFree", swap_free),
  MEMINFO ("Committed_AS", committed_as),
  MEMINFO ("CommitLimit", commit_limit),
};
#undef MEMINFO

/* Sets the members of @record that @fields name from the "Name: N kB" lines
 * of @text; the number of such lines, known or not. *first_seen becomes TRUE
 * when the line of @fields[0] was there. */
static guint
parse_kb_fields (const char  *text,
                 gsize        length,
                 const Field *fields,
                 guint        n_fields,
                 gpointer     record,
                 gboolean    *first_seen)
{
  const char *pos = text, *end = text + length, *line, *line_end;
  guint n_lines = 0;

  while (next_line (&pos, end, &line, &line_end))
    {
      const char *name;
      gsize name_len;
      guint64 bytes;

      if (!parse_kb_line (line, line_end, &name, &name_len, &bytes))
        continue;
      n_lines++;
      for (guint i = 0; i < n_fields; i++)
        if (name_is (name, name_len, fields[i].name))
          {
            G_STRUCT_MEMBER (guint64, record, fields[i].offset) = bytes;
            if (i == 0 && first_seen != NULL)
              *first_seen = TRUE;
            break;
          }
    }
  return n_lines;
}

void
ms_meminfo_parse (const char *text,
                  gsize       length,
                  MsMeminfo  *meminfo)
{
  memset (meminfo, 0, sizeof *meminfo);
  if (text == NULL)
    return;

  meminfo->n_lines = parse_kb_fields (text, length, meminfo_fields,
                                      G_N_ELEMENTS (meminfo_fields), meminfo, NULL);
}

/* --- /proc/PID/smaps_rollup ------------------------------------------------ */

#define ROLLUP(name, member) { name, G_STRUCT_OFFSET (MsRollup, member) }
static const Field rollup_fields[] = {
  ROLLUP ("Rss", rss),
  ROLLUP ("Pss", pss),
  ROLLUP ("Private_Clean", private_clean),
  ROLLUP ("Private_Dirty", private_dirty),
  ROLLUP ("Swap", swap),
  ROLLUP ("SwapPss", swap_pss),
};
#undef ROLLUP

void
ms_rollup_parse (const char *text,
                 gsize       length,
                 MsRollup   *rollup)
{
  memset (rollup, 0, sizeof *rollup);
  if (text == NULL)
    return;

  parse_kb_fields (text, length, rollup_fields, G_N_ELEMENTS (rollup_fields),
                   rollup, &rollup->has_rss);
}

/* --- /proc/PID/status ------------------------------------------------------ */

void
ms_status_lines_parse (const char    *text,
                       gsize          length,
                       MsStatusLines *status)
{
  const char *pos = text, *end = text + length, *line, *line_end;

  memset (status, 0, sizeof *status);
  if (text == NULL)
    return;

  while (next_line (&pos, end, &line, &line_end))
    {
      const char *name;
      gsize name_len;
      guint64 bytes;

      if (line_end - line > 4 && memcmp (line, "Uid:", 4) == 0)
        {
          const char *p = skip_blanks (line + 4, line_end);
          guint64 uid;

          if (parse_decimal (&p, line_end, &uid) && uid <= G_MAXUINT32)
            {
              status->uid = (guint) uid;
              status->has_uid = TRUE;
            }
          continue;
        }
      if (!parse_kb_line (line, line_end, &name, &name_len, &bytes))
        continue;
      if (name_is (name, name_len, "VmSize"))
        {
          status->vm_size = bytes;
          status->has_vm = TRUE;
        }
      else if (name_is (name, name_len, "VmRSS"))
        {
          status->vm_rss = bytes;
        }
    }
}

/* --- /proc/sysvipc/shm ----------------------------------------------------- */

typedef enum {
  COL_KEY, COL_SHMID, COL_PERMS, COL_SIZE, COL_CPID, COL_LPID, COL_NATTCH, COL_UID, COL_RSS, COL_SWAP,
  N_COLS
} ShmColumn;

static const char * const shm_column_names[N_COLS] = {
  "key", "shmid", "perms", "size", "cpid", "lpid", "nattch", "uid", "rss", "swap",
};

void
ms_shm_segment_clear (MsShmSegment *segment)
{
  g_clear_pointer (&segment->owner, g_free);
}

/* The next blank-separated word of [*p, end), or FALSE. */
static gboolean
next_word (const char **p,
           const char  *end,
           const char **word,
           gsize       *word_len)
{
  const char *q = skip_blanks (*p, end);
  const char *start = q;

  while (q < end && *q != ' ' && *q != '\t' && *q != '\r')
    q++;
  if (q == start)
    return FALSE;
  *word = start;
  *word_len = (gsize) (q - start);
  *p = q;
  return TRUE;
}

static gboolean
word_to_signed (const char *word,
                gsize       len,
                gint64     *value)
{
  const char *p = word, *end = word + len;
  gboolean negative = FALSE;
  guint64 v;

  if (p < end && (*p == '-' || *p == '+'))
    negative = *p++ == '-';
  if (!parse_decimal (&p, end, &v) || p != end || v > (guint64) G_MAXINT64)
    return FALSE;
  *value = negative ? -(gint64) v : (gint64) v;
  return TRUE;
}

static gboolean
word_to_octal (const char *word,
               gsize       len,
               guint      *value)
{
  guint v = 0;

  if (len == 0 || len > 10)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (word[i] < '0' || word[i] > '7')
        return FALSE;
      v = v * 8 + (guint) (word[i] - '0');
    }
  *value = v;
  return TRUE;
}

GArray *
ms_sysvipc_shm_parse (const char *text,
                      gsize       length)
{
  const char *pos = text, *end = text + length, *line, *line_end;
  int column_of_word[64];
  guint n_header_words = 0;
  GArray *segments = g_array_new (FALSE, TRUE, sizeof (MsShmSegment));

  g_array_set_clear_func (segments, (GDestroyNotify) ms_shm_segment_clear);
  if (text == NULL)
    return segments;

  /* The header names the columns: their order is read, not assumed. */
  if (!next_line (&pos, end, &line, &line_end))
    return segments;
  {
    const char *p = line, *word;
    gsize word_len;

    while (n_header_words < G_N_ELEMENTS (column_of_word) && next_word (&p, line_end, &word, &word_len))
      {
        column_of_word[n_header_words] = -1;
        for (guint c = 0; c < N_COLS; c++)
          if (name_is (word, word_len, shm_column_names[c]))
            column_of_word[n_header_words] = (int) c;
        n_header_words++;
      }
  }

  while (next_line (&pos, end, &line, &line_end))
    {
      MsShmSegment segment = { 0 };
      gboolean seen[N_COLS] = { FALSE };
      gboolean bad = FALSE;
      const char *p = line, *word;
      gsize word_len;

      for (guint w = 0; w < n_header_words && !bad && next_word (&p, line_end, &word, &word_len); w++)
        {
          int column = column_of_word[w];
          gint64 value = 0;

          if (column < 0)
            continue;
          if (column == COL_PERMS)
            bad = !word_to_octal (word, word_len, &segment.perms);
          else
            bad = !word_to_signed (word, word_len, &value);
          if (bad)
            break;
          seen[column] = TRUE;
          switch ((ShmColumn) column)
            {
            case COL_KEY: segment.key = value; break;
            case COL_SHMID: segment.shmid = value; break;
            case COL_SIZE: segment.size = value < 0 ? 0 : (guint64) value; break;
            case COL_CPID: segment.cpid = (int) CLAMP (value, 0, G_MAXINT); break;
            case COL_LPID: segment.lpid = (int) CLAMP (value, 0, G_MAXINT); break;
            case COL_NATTCH: segment.nattch = value < 0 ? 0 : (guint64) value; break;
            case COL_UID: segment.uid = (guint) CLAMP (value, 0, G_MAXUINT32); break;
            case COL_RSS: segment.rss = value < 0 ? 0 : (guint64) value; break;
            case COL_SWAP: segment.swap = value < 0 ? 0 : (guint64) value; break;
            case COL_PERMS: case N_COLS: break;
            }
        }

      if (!bad && seen[COL_KEY] && seen[COL_SHMID] && seen[COL_SIZE])
        g_array_append_val (segments, segment);
    }

  return segments;
}
