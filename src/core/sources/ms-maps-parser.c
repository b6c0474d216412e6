/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-parser"

#include "config.h"

#include "ms-maps-parser.h"

#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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

/* their offsets fit */
G_STATIC_ASSERT (sizeof (MsCounters) <= G_MAXUINT16);

/* In the order the kernel prints them in smaps, so that the common case
 * costs one comparison per line. Every counter of the field table
 * (ms-field.h, its `smaps_name`) must be here: tests/test-field.c checks. */
static const CounterField fields[] = {
  SPECIAL ("Size", FIELD_IGNORED),
  SPECIAL ("KernelPageSize", FIELD_KERNEL_PAGE),
  SPECIAL ("MMUPageSize", FIELD_MMU_PAGE),
  COUNTER ("Rss", rss),
  COUNTER ("Pss", pss),
  COUNTER ("Pss_Dirty", pss_dirty),
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
  /* only in smaps_rollup, between Pss_Dirty and Shared_Clean */
  SPECIAL ("Pss_Anon", FIELD_IGNORED),
  SPECIAL ("Pss_File", FIELD_IGNORED),
  SPECIAL ("Pss_Shmem", FIELD_IGNORED),
};

#undef COUNTER
#undef SPECIAL

#define SPACES G_GUINT64_CONSTANT (0x2020202020202020)

static gint8 hex_values[256];   /* -1 for bytes that are not hex digits */
static guint vm_flags_index;

/* The fast path compares "Name:" with two 8-byte loads: each field's first
 * sixteen bytes (name and colon, zero-padded) and the mask of those that
 * count. The longest, "Private_Hugetlb:", is exactly sixteen. */
typedef struct {
  guint64 word[2];
  guint64 mask[2];
  guint64 padded[2];   /* "Name:" and spaces to sixteen columns, as the kernel prints it */
} FieldKey;

static FieldKey field_keys[G_N_ELEMENTS (fields)];

static void
init_tables (void)
{
  static gsize done;

  if (!g_once_init_enter (&done))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      char text[16] = { 0 };
      char padded[16];
      guint8 mask[16] = { 0 };
      gsize length = fields[i].length + 1u;

      g_assert (length <= sizeof text);
      memcpy (text, fields[i].name, fields[i].length);
      text[fields[i].length] = ':';
      memset (mask, 0xff, length);
      memset (padded, ' ', sizeof padded);
      memcpy (padded, text, length);
      memcpy (field_keys[i].word, text, sizeof text);
      memcpy (field_keys[i].mask, mask, sizeof mask);
      memcpy (field_keys[i].padded, padded, sizeof padded);
      if (fields[i].type == FIELD_VM_FLAGS)
        vm_flags_index = i;
    }

  for (guint c = 0; c < G_N_ELEMENTS (hex_values); c++)
    hex_values[c] = (gint8) g_ascii_xdigit_value ((char) c);

  g_once_init_leave (&done, 1);
}

#if G_BYTE_ORDER == G_LITTLE_ENDIAN
/* The number in eight columns, right-aligned after spaces ("       4"), as
 * eight bytes loaded little-endian; FALSE unless it is exactly that. */
static inline gboolean
parse_eight_columns (guint64  word,
                     guint64 *out)
{
  guint64 others = word ^ SPACES;
  guint64 digits;
  guint leading;

  if (others == 0)
    return FALSE;

  /* the leading spaces become '0's: 0x20 | 0x10 */
  leading = (guint) __builtin_ctzll (others) / 8;
  digits = word;
  if (leading > 0)
    digits |= G_GUINT64_CONSTANT (0x1010101010101010) & ((G_GUINT64_CONSTANT (1) << (leading * 8)) - 1);

  /* every byte '0'…'9': high nibble 3, and still 3 with 6 added */
  if (((digits & G_GUINT64_CONSTANT (0xf0f0f0f0f0f0f0f0)) |
       (((digits + G_GUINT64_CONSTANT (0x0606060606060606)) & G_GUINT64_CONSTANT (0xf0f0f0f0f0f0f0f0)) >> 4)) !=
      G_GUINT64_CONSTANT (0x3333333333333333))
    return FALSE;

  /* Eight digits, the first the most significant, at once: pairs of digits
   * into bytes, then pairs of pairs through two multiplications. */
  digits -= G_GUINT64_CONSTANT (0x3030303030303030);
  digits = digits * 10 + (digits >> 8);
  *out = (((digits & G_GUINT64_CONSTANT (0x000000ff000000ff)) * (100 + (G_GUINT64_CONSTANT (1000000) << 32))) +
          (((digits >> 16) & G_GUINT64_CONSTANT (0x000000ff000000ff)) * (1 + (G_GUINT64_CONSTANT (10000) << 32)))) >> 32;
  return TRUE;
}
#endif

/* The last few strings interned, by their text as the line had it: nearby
 * regions often share a path or VmFlags (a library's four mappings; heap
 * and stacks alternating with guard pages), and a comparison or two cost
 * less than hashing into the chunk. */
#define N_RECENT 4

typedef struct {
  const char *interned[N_RECENT];
  gsize       length[N_RECENT];   /* of the line's text */
  guint       next;
} Recent;

static inline const char *
recent_find (const Recent *recent,
             const char   *text,
             gsize         length)
{
  for (guint i = 0; i < N_RECENT; i++)
    if (recent->interned[i] != NULL && recent->length[i] == length &&
        memcmp (recent->interned[i], text, length) == 0)
      return recent->interned[i];
  return NULL;
}

/* Only a string whose interned text is exactly the line's text is kept. */
static inline void
recent_add (Recent     *recent,
            const char *interned,
            gsize       length)
{
  recent->interned[recent->next] = interned;
  recent->length[recent->next] = length;
  recent->next = (recent->next + 1) % N_RECENT;
}

/* How the text's lines end, as its first line ends. */
typedef enum {
  ENDINGS_UNKNOWN,
  ENDINGS_LF,          /* the kernel's */
  ENDINGS_CRLF,        /* a capture that went through Windows mail or an editor */
} LineEndings;

struct _MsMapsParser {
  GStringChunk *strings;
  GArray       *regions;
  GString      *scratch;
  GString      *carry;          /* a line cut between two fed chunks */
  MsParseStats  stats;
  guint         first_region;   /* where this parse's regions start in the array */
  gboolean      in_region;      /* counter lines attach to the last region */
  guint         next_field;     /* where the kernel's order says the next counter is */
  Recent        recent_paths;
  Recent        recent_vm_flags;
  guint         expected;       /* the caller's hint of how many regions the array will hold */
  guint         capacity;       /* regions it has memory for */
  guint         populated;      /* regions whose pages are made resident */
  guint         room;           /* the lesser: make_room () is due when it is reached */
  LineEndings   endings;
  gboolean      dropped_cr;     /* the line being parsed ended in "\r\n": the '\r' is cut off */
};

typedef struct _MsMapsParser Parser;

static inline int
hex_value (char c)
{
  return hex_values[(guint8) c];
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

  /* The kernel pads numbers to a column with runs of spaces: eight at a
   * time, then the rest of the run at once from the first other byte. */
  while (end - p >= 8)
    {
      guint64 word, others;

      memcpy (&word, p, sizeof word);
      others = word ^ SPACES;
      if (others != 0)
        {
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
          p += __builtin_ctzll (others) / 8;
#endif
          break;
        }
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
  const char *interned;

  interned = recent_find (&parser->recent_paths, path, length);
  if (interned != NULL)
    return interned;

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

  interned = g_string_chunk_insert_const (parser->strings, s->str);
  if (s->len == length)  /* no escapes */
    recent_add (&parser->recent_paths, interned, length);
  return interned;
}

/* Faults in the pages of regions [from, to) with one call: left to the
 * parser's first write to each, they would cost a trap per 4 KiB page (in a
 * virtual machine about 10 µs: for 60 000 regions, a third of the cost of
 * parsing them). It fails harmlessly on kernels before 5.14: the pages are
 * then faulted in as they are written. */
static void
populate_regions (GArray *regions,
                  guint   from,
                  guint   to)
{
#ifdef MADV_POPULATE_WRITE
  static gsize page_size;
  guintptr start, end;

  if (page_size == 0)
    page_size = (gsize) sysconf (_SC_PAGESIZE);

  start = (guintptr) (regions->data + (gsize) from * sizeof (MsRegion));
  end = (guintptr) (regions->data + (gsize) to * sizeof (MsRegion));
  start = (start + page_size - 1) & ~(guintptr) (page_size - 1);
  end &= ~(guintptr) (page_size - 1);

  if (end > start + 16 * page_size)  /* only worth a system call for a few pages */
    (void) madvise ((void *) start, end - start, MADV_POPULATE_WRITE);
#endif
}

/* Makes room for more regions before the parser needs it: the array gets
 * the capacity the caller expects in one step (it doubles beyond that, or
 * without a hint), and its pages are populated ahead of the parser, as many
 * again as it has filled, so that no more is made resident than it uses. */
static void
make_room (Parser *parser)
{
  GArray *regions = parser->regions;
  guint length = regions->len;

  if (length >= G_MAXUINT / 4)
    {
      parser->room = G_MAXUINT;  /* absurd: let GArray grow as it will */
      return;
    }

  if (length >= parser->capacity)
    {
      guint want = MAX (MAX (256u, parser->expected), length * 2u);

      g_array_set_size (regions, want);
      g_array_set_size (regions, length);
      parser->capacity = want;
      parser->populated = length;
    }

  if (length >= parser->populated)
    {
      guint upto = MIN (parser->capacity, MAX (length * 2u, length + 256u));

      populate_regions (regions, length, upto);
      parser->populated = upto;
    }

  parser->room = MIN (parser->capacity, parser->populated);
}

void
ms_maps_parser_expect (MsMapsParser *parser,
                       guint         n_regions)
{
  g_return_if_fail (parser != NULL);

  parser->expected = parser->first_region + n_regions;
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
      gsize length = (gsize) (end - p);

      /* In a text whose lines end in '\n' alone, a '\r' before it is the
       * last byte of the file's name, kept as the kernel showed it (the
       * byte is still there, just past @end). */
      if (parser->dropped_cr && parser->endings != ENDINGS_CRLF)
        length++;
      region.path = intern_path (parser, p, length);
      if (region.path == NULL)
        return FALSE;
    }

  region.thp_eligible = -1;
  region.protection_key = -1;
  if (parser->regions->len >= parser->room)
    make_room (parser);

  /* The kernel prints regions in order; a hand-edited or damaged capture
   * may not. Checked here, while the previous region is in the cache. */
  if (parser->regions->len > parser->first_region)
    {
      const MsRegion *prev = &g_array_index (parser->regions, MsRegion, parser->regions->len - 1);

      if (region.start < prev->start)
        parser->stats.reordered = TRUE;
      else if (region.start < prev->end)
        parser->stats.n_overlapping++;
    }

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

/* Stores @value (in bytes for a counter) into @region; FALSE, storing
 * nothing, for a counter larger than the region: no page is counted twice in
 * one region's counters, so the line is damaged or made up, and the totals
 * must not take it. */
static inline gboolean
store_value (MsRegion           *region,
             const CounterField *field,
             guint64             value)
{
  switch ((FieldType) field->type)
    {
    case FIELD_COUNTER:
      if (value > ms_region_get_size (region))
        return FALSE;
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
      const char *interned;
      gsize length;

      while (flags_end > p && flags_end[-1] == ' ')
        flags_end--;
      length = (gsize) (flags_end - p);
      interned = recent_find (&parser->recent_vm_flags, p, length);
      if (interned == NULL)
        {
          g_string_truncate (parser->scratch, 0);
          g_string_append_len (parser->scratch, p, (gssize) length);
          interned = g_string_chunk_insert_const (parser->strings, parser->scratch->str);
          /* text with a NUL in it interns shorter than its line: not kept */
          if (memchr (p, '\0', length) == NULL)
            recent_add (&parser->recent_vm_flags, interned, length);
        }
      region->vm_flags = interned;
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

  return store_value (region, field, value);
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

/* The common lines, parsed straight out of the buffer without looking for
 * their ends first: the counters the kernel prints next, "Name:   1234 kB\n",
 * as many as follow one another. Returns where the first other line starts
 * (@p itself when there is none), which the general path then takes; for a
 * line both could take, the two give the same result. */
static const char *
parse_counter_run (Parser     *parser,
                   const char *p,
                   const char *end)
{
  MsRegion *region = &g_array_index (parser->regions, MsRegion, parser->regions->len - 1);
  guint n = parser->next_field;
  guint lines = 0;

  for (;;)
    {
      const CounterField *field = &fields[n];
      const FieldKey *key = &field_keys[n];
      const char *q;
      guint64 w0, w1, value = 0;
      guint digits = 0;

      if (end - p < 16 || field->type == FIELD_VM_FLAGS)
        break;

      memcpy (&w0, p, sizeof w0);
      memcpy (&w1, p + 8, sizeof w1);

#if G_BYTE_ORDER == G_LITTLE_ENDIAN
      /* The kernel's own layout: "Name:" padded to sixteen columns, the
       * number in the next eight, " kB\n". Every counter line but
       * THPeligible's, as long as the number fits in eight columns. */
      if (w0 == key->padded[0] && w1 == key->padded[1] && end - p >= 28 && memcmp (p + 24, " kB\n", 4) == 0)
        {
          guint64 columns;

          memcpy (&columns, p + 16, sizeof columns);
          if (parse_eight_columns (columns, &value) && store_value (region, field, value * 1024))
            {
              p += 28;
              goto next;
            }
        }
#endif

      if ((((w0 ^ key->word[0]) & key->mask[0]) | ((w1 ^ key->word[1]) & key->mask[1])) != 0)
        break;

      q = p + field->length + 1;
      skip_spaces (&q, end);

      /* nineteen digits cannot overflow; a longer number takes the general path */
      while (q < end && (guint) (*q - '0') < 10 && digits < 19)
        {
          value = value * 10 + (guint64) (*q - '0');
          q++;
          digits++;
        }

      if (digits == 0 || q >= end)
        break;
      if (*q == '\n')
        q++;
      else if (end - q >= 4 && memcmp (q, " kB\n", 4) == 0 && value <= G_MAXUINT64 / 1024)
        {
          value *= 1024;
          q += 4;
        }
      else
        break;

      /* one that does not store (larger than its region) is the general
       * path's to count as malformed */
      if (!store_value (region, field, value))
        break;
      p = q;

    next:
      n = n + 1 < G_N_ELEMENTS (fields) ? n + 1 : 0;
      lines++;
    }

  if (lines > 0)
    {
      parser->next_field = n;
      parser->stats.n_lines += lines;
      parser->stats.has_counters = TRUE;
    }
  return p;
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

  /* A region line as the kernel prints it: it starts with a hex digit, as
   * no counter's name does. Anything else the first token decides. */
  if (p < end && ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')) &&
      parse_region_line (parser, p, end))
    {
      parser->in_region = TRUE;
      parser->next_field = 0;
      return;
    }

  /* The last line of each region, after THPeligible (and ProtectionKey
   * where there is one). */
  if (parser->in_region && end - p >= 8 && memcmp (p, "VmFlags:", 8) == 0)
    {
      parser->next_field = (vm_flags_index + 1) % G_N_ELEMENTS (fields);
      if (store_counter (parser, &fields[vm_flags_index], p + 8, end))
        return;
      goto malformed;
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

  init_tables ();

  parser = g_new0 (MsMapsParser, 1);
  parser->strings = strings;
  parser->regions = regions;
  parser->scratch = g_string_sized_new (256);
  parser->carry = g_string_sized_new (256);
  parser->first_region = regions->len;
  return parser;
}

/* Parses the line @p…@end (without its '\n'; @terminated when it had one).
 * A '\r' ending it is cut off: a CRLF capture reads exactly as the kernel's
 * LF text. Only a path can end in '\r' in the kernel's text, and
 * parse_region_line() gives it back there unless the text is CRLF. */
static inline void
parse_one_line (Parser     *parser,
                const char *p,
                const char *end,
                gboolean    terminated)
{
  parser->stats.n_lines++;

  parser->dropped_cr = end > p && end[-1] == '\r';
  if (parser->endings == ENDINGS_UNKNOWN && terminated)
    parser->endings = parser->dropped_cr ? ENDINGS_CRLF : ENDINGS_LF;
  if (parser->dropped_cr)
    end--;

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
      parse_one_line (parser, parser->carry->str, parser->carry->str + parser->carry->len, TRUE);
      g_string_truncate (parser->carry, 0);
      p = nl + 1;
    }

  while (p < end)
    {
      if (parser->in_region)
        {
          const char *next = parse_counter_run (parser, p, end);

          if (next != p)
            {
              p = next;
              continue;
            }
        }

      nl = memchr (p, '\n', (gsize) (end - p));
      if (nl == NULL)
        break;
      parse_one_line (parser, p, nl, TRUE);
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
    parse_one_line (parser, parser->carry->str, parser->carry->str + parser->carry->len, FALSE);

  regions = parser->regions;
  first = parser->first_region;

  /* Out of order: sorted, and the overlaps counted again in address order. */
  if (parser->stats.reordered)
    {
      g_array_sort (regions, compare_regions);
      parser->stats.n_overlapping = 0;
      for (guint i = first + 1; i < regions->len; i++)
        {
          const MsRegion *prev = &g_array_index (regions, MsRegion, i - 1);
          const MsRegion *cur = &g_array_index (regions, MsRegion, i);

          if (cur->start < prev->end)
            parser->stats.n_overlapping++;
        }
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
