/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-parser"

#include "config.h"

#include "ms-maps-parser.h"

#include <stddef.h>
#include <string.h>

/* What a counter line stores into. */
typedef enum {
  FIELD_COUNTER,        /* a guint64 of MsCounters, at .offset */
  FIELD_KERNEL_PAGE,
  FIELD_MMU_PAGE,
  FIELD_THP_ELIGIBLE,
  FIELD_PROTECTION_KEY,
  FIELD_VM_FLAGS,
  FIELD_IGNORED,        /* known, but derived or not kept (Size, rollup-only lines) */
} FieldType;

typedef struct {
  const char *name;
  guint8      length;
  guint8      type;
  guint16     offset;
} CounterField;

#define COUNTER(n, member) { n, sizeof n - 1, FIELD_COUNTER, offsetof (MsCounters, member) }
#define SPECIAL(n, t)      { n, sizeof n - 1, t, 0 }

/* In the order the kernel prints them, so that the common case costs one
 * comparison per line. */
static const CounterField fields[] = {
  SPECIAL ("Size", FIELD_IGNORED),
  SPECIAL ("KernelPageSize", FIELD_KERNEL_PAGE),
  SPECIAL ("MMUPageSize", FIELD_MMU_PAGE),
  COUNTER ("Rss", rss),
  COUNTER ("Pss", pss),
  COUNTER ("Pss_Dirty", pss_dirty),
  SPECIAL ("Pss_Anon", FIELD_IGNORED),
  SPECIAL ("Pss_File", FIELD_IGNORED),
  SPECIAL ("Pss_Shmem", FIELD_IGNORED),
  COUNTER ("Shared_Clean", shared_clean),
  COUNTER ("Shared_Dirty", shared_dirty),
  COUNTER ("Private_Clean", private_clean),
  COUNTER ("Private_Dirty", private_dirty),
  COUNTER ("Referenced", referenced),
  COUNTER ("Anonymous", anonymous),
  COUNTER ("KSM", ksm),
  COUNTER ("LazyFree", lazy_free),
  COUNTER ("AnonHugePages", anon_huge_pages),
  COUNTER ("ShmemPmdMapped", shmem_pmd_mapped),
  COUNTER ("FilePmdMapped", file_pmd_mapped),
  COUNTER ("Shared_Hugetlb", shared_hugetlb),
  COUNTER ("Private_Hugetlb", private_hugetlb),
  COUNTER ("Swap", swap),
  COUNTER ("SwapPss", swap_pss),
  COUNTER ("Locked", locked),
  SPECIAL ("THPeligible", FIELD_THP_ELIGIBLE),
  SPECIAL ("ProtectionKey", FIELD_PROTECTION_KEY),
  SPECIAL ("VmFlags", FIELD_VM_FLAGS),
};

#undef COUNTER
#undef SPECIAL

struct _MsMapsParser {
  GStringChunk *strings;
  GArray       *regions;
  GString      *scratch;
  GString      *carry;          /* a line cut between two fed chunks */
  MsParseStats  stats;
  guint         first_region;   /* where this parse's regions start in the array */
  gboolean      in_region;      /* counter lines attach to the last region */
  guint         next_field;     /* where the kernel's order says the next counter is */
};

typedef struct _MsMapsParser Parser;

static inline int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Reads a hex number of 1 to 16 digits. */
static gboolean
parse_hex (const char **pos,
           const char  *end,
           guint64     *out)
{
  const char *p = *pos;
  guint64 value = 0;
  guint digits = 0;
  int v;

  while (p < end && (v = hex_value (*p)) >= 0)
    {
      if (++digits > 16)
        return FALSE;
      value = (value << 4) | (guint64) v;
      p++;
    }

  if (digits == 0)
    return FALSE;

  *pos = p;
  *out = value;
  return TRUE;
}

static gboolean
parse_decimal (const char **pos,
               const char  *end,
               guint64     *out)
{
  const char *p = *pos;
  guint64 value = 0;

  if (p >= end || *p < '0' || *p > '9')
    return FALSE;

  while (p < end && *p >= '0' && *p <= '9')
    {
      guint digit = (guint) (*p - '0');

      if (value > (G_MAXUINT64 - digit) / 10)
        return FALSE;
      value = value * 10 + digit;
      p++;
    }

  *pos = p;
  *out = value;
  return TRUE;
}

static inline gboolean
expect (const char **pos,
        const char  *end,
        char         c)
{
  if (*pos < end && **pos == c)
    {
      (*pos)++;
      return TRUE;
    }
  return FALSE;
}

static inline void
skip_spaces (const char **pos,
             const char  *end)
{
  const char *p = *pos;

  /* The kernel pads numbers to a column with runs of spaces: eight at a time. */
  while (end - p >= 8)
    {
      guint64 word;

      memcpy (&word, p, sizeof word);
      if (word != G_GUINT64_CONSTANT (0x2020202020202020))
        break;
      p += 8;
    }

  while (p < end && (*p == ' ' || *p == '\t'))
    p++;

  *pos = p;
}

/* The kernel escapes a newline in a path as the four characters "\012". */
static const char *
intern_path (Parser     *parser,
             const char *path,
             gsize       length)
{
  GString *s = parser->scratch;

  g_string_truncate (s, 0);
  if (memchr (path, '\\', length) == NULL)
    {
      g_string_append_len (s, path, length);
    }
  else
    {
      for (gsize i = 0; i < length; i++)
        {
          if (path[i] == '\\' && i + 3 < length &&
              path[i + 1] == '0' && path[i + 2] == '1' && path[i + 3] == '2')
            {
              g_string_append_c (s, '\n');
              i += 3;
            }
          else
            g_string_append_c (s, path[i]);
        }
    }

  /* A path never holds NUL: a line that does is binary garbage. */
  if (memchr (s->str, '\0', s->len) != NULL)
    return NULL;

  return g_string_chunk_insert_const (parser->strings, s->str);
}

static gboolean
parse_region_line (Parser     *parser,
                   const char *p,
                   const char *end)
{
  MsRegion region = { 0 };
  guint64 major, minor;

  if (!parse_hex (&p, end, &region.start) ||
      !expect (&p, end, '-') ||
      !parse_hex (&p, end, &region.end) ||
      !expect (&p, end, ' '))
    return FALSE;

  if (region.end <= region.start)
    return FALSE;

  if (end - p < 5 || p[4] != ' ')
    return FALSE;
  if (p[0] == 'r')
    region.perms |= MS_PERM_READ;
  else if (p[0] != '-')
    return FALSE;
  if (p[1] == 'w')
    region.perms |= MS_PERM_WRITE;
  else if (p[1] != '-')
    return FALSE;
  if (p[2] == 'x')
    region.perms |= MS_PERM_EXEC;
  else if (p[2] != '-')
    return FALSE;
  if (p[3] == 's')
    region.perms |= MS_PERM_SHARED;
  else if (p[3] != 'p')
    return FALSE;
  p += 5;

  if (!parse_hex (&p, end, &region.offset) ||
      !expect (&p, end, ' ') ||
      !parse_hex (&p, end, &major) ||
      !expect (&p, end, ':') ||
      !parse_hex (&p, end, &minor) ||
      !expect (&p, end, ' ') ||
      !parse_decimal (&p, end, &region.inode))
    return FALSE;

  if (major > G_MAXUINT32 || minor > G_MAXUINT32)
    return FALSE;
  region.dev_major = (guint32) major;
  region.dev_minor = (guint32) minor;

  if (p < end && *p != ' ')
    return FALSE;
  skip_spaces (&p, end);

  if (p < end)
    {
      region.path = intern_path (parser, p, (gsize) (end - p));
      if (region.path == NULL)
        return FALSE;
    }

  region.thp_eligible = -1;
  region.protection_key = -1;
  g_array_append_val (parser->regions, region);
  return TRUE;
}

static const CounterField *
lookup_field (Parser     *parser,
              const char *name,
              gsize       length)
{
  guint n = G_N_ELEMENTS (fields);

  for (guint tried = 0; tried < n; tried++)
    {
      guint i = (parser->next_field + tried) % n;
      const CounterField *field = &fields[i];

      if (field->length == length && memcmp (field->name, name, length) == 0)
        {
          parser->next_field = (i + 1) % n;
          return field;
        }
    }

  return NULL;
}

/* Stores the value of @field's line, whose text after the colon is @p…@end. */
static gboolean
store_counter (Parser             *parser,
               const CounterField *field,
               const char         *p,
               const char         *end)
{
  MsRegion *region = &g_array_index (parser->regions, MsRegion, parser->regions->len - 1);
  guint64 value;

  skip_spaces (&p, end);
  parser->stats.has_counters = TRUE;

  if (field->type == FIELD_VM_FLAGS)
    {
      const char *flags_end = end;

      while (flags_end > p && flags_end[-1] == ' ')
        flags_end--;
      g_string_truncate (parser->scratch, 0);
      g_string_append_len (parser->scratch, p, flags_end - p);
      region->vm_flags = g_string_chunk_insert_const (parser->strings, parser->scratch->str);
      return TRUE;
    }

  if (!parse_decimal (&p, end, &value))
    return FALSE;
  skip_spaces (&p, end);
  if (end - p >= 2 && p[0] == 'k' && p[1] == 'B')
    {
      if (value > G_MAXUINT64 / 1024)
        return FALSE;
      value *= 1024;
      p += 2;
    }
  skip_spaces (&p, end);
  if (p != end)
    return FALSE;

  switch ((FieldType) field->type)
    {
    case FIELD_COUNTER:
      *(guint64 *) (gpointer) ((guint8 *) &region->counters + field->offset) = value;
      break;
    case FIELD_KERNEL_PAGE:
      region->kernel_page_size = (guint32) MIN (value, G_MAXUINT32);
      break;
    case FIELD_MMU_PAGE:
      region->mmu_page_size = (guint32) MIN (value, G_MAXUINT32);
      break;
    case FIELD_THP_ELIGIBLE:
      region->thp_eligible = (gint8) MIN (value, 127);
      break;
    case FIELD_PROTECTION_KEY:
      region->protection_key = (gint8) MIN (value, 127);
      break;
    case FIELD_VM_FLAGS:
    case FIELD_IGNORED:
    default:
      break;
    }

  return TRUE;
}

static gboolean
parse_counter_line (Parser     *parser,
                    const char *p,
                    const char *colon,
                    const char *end)
{
  const CounterField *field;

  if (!parser->in_region)
    return FALSE;

  field = lookup_field (parser, p, (gsize) (colon - p));
  if (field == NULL)
    {
      /* A counter from a newer kernel: skipped, not fatal. */
      parser->stats.n_unknown_counters++;
      return TRUE;
    }

  return store_counter (parser, field, colon + 1, end);
}

static void
parse_line (Parser     *parser,
            const char *p,
            const char *end)
{
  const char *q = p;

  /* The common case: the counter the kernel prints next. */
  if (parser->in_region)
    {
      const CounterField *field = &fields[parser->next_field];

      if ((gsize) (end - p) > field->length && p[field->length] == ':' &&
          memcmp (p, field->name, field->length) == 0)
        {
          parser->next_field = (parser->next_field + 1) % G_N_ELEMENTS (fields);
          if (store_counter (parser, field, p + field->length + 1, end))
            return;
          goto malformed;
        }
    }

  /* Otherwise the first token decides: "hex-hex" starts a region, "Name:" a counter. */
  while (q < end && *q != ' ' && *q != ':' && *q != '-')
    q++;

  if (q < end && *q == '-' && q > p)
    {
      parser->in_region = parse_region_line (parser, p, end);
      parser->next_field = 0;
      if (parser->in_region)
        return;
    }
  else if (q < end && *q == ':' && q > p)
    {
      if (parse_counter_line (parser, p, q, end))
        return;
      /* A counter line that does not parse leaves the region as it is. */
    }
  else if (q == end && p == end)
    {
      return;  /* an empty line */
    }

malformed:
  parser->stats.n_malformed++;
  if (parser->stats.first_malformed_line == 0)
    parser->stats.first_malformed_line = parser->stats.n_lines;
}

static int
compare_regions (gconstpointer a,
                 gconstpointer b)
{
  const MsRegion *ra = a;
  const MsRegion *rb = b;

  if (ra->start != rb->start)
    return ra->start < rb->start ? -1 : 1;
  if (ra->end != rb->end)
    return ra->end < rb->end ? -1 : 1;
  return 0;
}

MsMapsParser *
ms_maps_parser_new (GStringChunk *strings,
                    GArray       *regions)
{
  MsMapsParser *parser;

  g_return_val_if_fail (strings != NULL, NULL);
  g_return_val_if_fail (regions != NULL, NULL);
  g_return_val_if_fail (g_array_get_element_size (regions) == sizeof (MsRegion), NULL);

  parser = g_new0 (MsMapsParser, 1);
  parser->strings = strings;
  parser->regions = regions;
  parser->scratch = g_string_sized_new (256);
  parser->carry = g_string_sized_new (256);
  parser->first_region = regions->len;
  return parser;
}

static inline void
parse_one_line (Parser     *parser,
                const char *p,
                const char *end)
{
  parser->stats.n_lines++;
  parse_line (parser, p, end);
}

void
ms_maps_parser_feed (MsMapsParser *parser,
                     const char   *text,
                     gsize         length)
{
  const char *p = text;
  const char *end = text + length;
  const char *nl;

  g_return_if_fail (parser != NULL);
  g_return_if_fail (text != NULL || length == 0);

  /* Finish the line the previous chunk cut. */
  if (parser->carry->len > 0)
    {
      nl = memchr (p, '\n', length);
      if (nl == NULL)
        {
          g_string_append_len (parser->carry, p, (gssize) length);
          return;
        }
      g_string_append_len (parser->carry, p, nl - p);
      parse_one_line (parser, parser->carry->str, parser->carry->str + parser->carry->len);
      g_string_truncate (parser->carry, 0);
      p = nl + 1;
    }

  while (p < end && (nl = memchr (p, '\n', (gsize) (end - p))) != NULL)
    {
      parse_one_line (parser, p, nl);
      p = nl + 1;
    }

  if (p < end)
    g_string_append_len (parser->carry, p, end - p);
}

void
ms_maps_parser_finish (MsMapsParser *parser,
                       MsParseStats *stats)
{
  GArray *regions;
  guint first;

  g_return_if_fail (parser != NULL);

  /* A last line without a newline still counts. */
  if (parser->carry->len > 0)
    parse_one_line (parser, parser->carry->str, parser->carry->str + parser->carry->len);

  regions = parser->regions;
  first = parser->first_region;

  /* The kernel prints regions in order; a hand-edited or damaged capture may not. */
  for (guint i = first + 1; i < regions->len; i++)
    {
      const MsRegion *prev = &g_array_index (regions, MsRegion, i - 1);
      const MsRegion *cur = &g_array_index (regions, MsRegion, i);

      if (cur->start < prev->start)
        {
          parser->stats.reordered = TRUE;
          break;
        }
    }

  if (parser->stats.reordered)
    g_array_sort (regions, compare_regions);

  for (guint i = first + 1; i < regions->len; i++)
    {
      const MsRegion *prev = &g_array_index (regions, MsRegion, i - 1);
      const MsRegion *cur = &g_array_index (regions, MsRegion, i);

      if (cur->start < prev->end)
        parser->stats.n_overlapping++;
    }

  if (stats != NULL)
    *stats = parser->stats;

  g_string_free (parser->scratch, TRUE);
  g_string_free (parser->carry, TRUE);
  g_free (parser);
}

void
ms_maps_parse (const char   *text,
               gsize         length,
               GStringChunk *strings,
               GArray       *regions,
               MsParseStats *stats)
{
  MsMapsParser *parser;

  g_return_if_fail (text != NULL || length == 0);
  g_return_if_fail (stats != NULL);

  parser = ms_maps_parser_new (strings, regions);
  ms_maps_parser_feed (parser, text, length);
  ms_maps_parser_finish (parser, stats);
}
