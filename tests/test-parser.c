/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ms-export.h"
#include "ms-maps-parser.h"
#include "ms-reader.h"
#include "ms-test-util.h"

typedef struct {
  GStringChunk *strings;
  GArray       *regions;
  MsParseStats  stats;
} Parsed;

static Parsed *
parse (const char *text,
       gssize      length)
{
  Parsed *p = g_new0 (Parsed, 1);

  p->strings = g_string_chunk_new (1024);
  p->regions = g_array_new (FALSE, FALSE, sizeof (MsRegion));
  ms_maps_parse (text, length < 0 ? strlen (text) : (gsize) length, p->strings, p->regions, &p->stats);
  return p;
}

static void
parsed_free (Parsed *p)
{
  g_string_chunk_free (p->strings);
  g_array_unref (p->regions);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Parsed, parsed_free)

static const MsRegion *
region (Parsed *p,
        guint   i)
{
  g_assert_cmpuint (i, <, p->regions->len);
  return &g_array_index (p->regions, MsRegion, i);
}

static const char full_entry[] =
  "7f1c2a400000-7f1c2a422000 r-xp 00028000 fd:01 1234567                    /usr/lib/x86_64-linux-gnu/libfoo.so.1\n"
  "Size:                136 kB\n"
  "KernelPageSize:        4 kB\n"
  "MMUPageSize:           4 kB\n"
  "Rss:                 100 kB\n"
  "Pss:                  50 kB\n"
  "Pss_Dirty:             8 kB\n"
  "Shared_Clean:         60 kB\n"
  "Shared_Dirty:          4 kB\n"
  "Private_Clean:        28 kB\n"
  "Private_Dirty:         8 kB\n"
  "Referenced:           96 kB\n"
  "Anonymous:            12 kB\n"
  "KSM:                   0 kB\n"
  "LazyFree:              1 kB\n"
  "AnonHugePages:         2 kB\n"
  "ShmemPmdMapped:        3 kB\n"
  "FilePmdMapped:         5 kB\n"
  "Shared_Hugetlb:        6 kB\n"
  "Private_Hugetlb:       7 kB\n"
  "Swap:                 16 kB\n"
  "SwapPss:              12 kB\n"
  "Locked:               20 kB\n"
  "THPeligible:           1\n"
  "ProtectionKey:         0\n"
  "VmFlags: rd ex mr mw me sd \n";

static void
test_full_entry (void)
{
  g_autoptr(Parsed) p = parse (full_entry, -1);
  const MsRegion *r;

  g_assert_cmpuint (p->regions->len, ==, 1);
  g_assert_cmpuint (p->stats.n_malformed, ==, 0);
  g_assert_cmpuint (p->stats.n_unknown_counters, ==, 0);
  g_assert_true (p->stats.has_counters);

  r = region (p, 0);
  g_assert_cmphex (r->start, ==, 0x7f1c2a400000);
  g_assert_cmphex (r->end, ==, 0x7f1c2a422000);
  g_assert_cmphex (r->offset, ==, 0x28000);
  g_assert_cmpuint (r->dev_major, ==, 0xfd);
  g_assert_cmpuint (r->dev_minor, ==, 1);
  g_assert_cmpuint (r->inode, ==, 1234567);
  g_assert_cmpuint (r->perms, ==, MS_PERM_READ | MS_PERM_EXEC);
  g_assert_cmpstr (r->path, ==, "/usr/lib/x86_64-linux-gnu/libfoo.so.1");
  g_assert_cmpuint (r->kernel_page_size, ==, 4096);
  g_assert_cmpuint (r->mmu_page_size, ==, 4096);
  g_assert_cmpuint (r->counters.rss, ==, 100 * 1024);
  g_assert_cmpuint (r->counters.pss, ==, 50 * 1024);
  g_assert_cmpuint (r->counters.pss_dirty, ==, 8 * 1024);
  g_assert_cmpuint (r->counters.shared_clean, ==, 60 * 1024);
  g_assert_cmpuint (r->counters.shared_dirty, ==, 4 * 1024);
  g_assert_cmpuint (r->counters.private_clean, ==, 28 * 1024);
  g_assert_cmpuint (r->counters.private_dirty, ==, 8 * 1024);
  g_assert_cmpuint (r->counters.referenced, ==, 96 * 1024);
  g_assert_cmpuint (r->counters.anonymous, ==, 12 * 1024);
  g_assert_cmpuint (r->counters.lazy_free, ==, 1 * 1024);
  g_assert_cmpuint (r->counters.anon_huge_pages, ==, 2 * 1024);
  g_assert_cmpuint (r->counters.shmem_pmd_mapped, ==, 3 * 1024);
  g_assert_cmpuint (r->counters.file_pmd_mapped, ==, 5 * 1024);
  g_assert_cmpuint (r->counters.shared_hugetlb, ==, 6 * 1024);
  g_assert_cmpuint (r->counters.private_hugetlb, ==, 7 * 1024);
  g_assert_cmpuint (r->counters.swap, ==, 16 * 1024);
  g_assert_cmpuint (r->counters.swap_pss, ==, 12 * 1024);
  g_assert_cmpuint (r->counters.locked, ==, 20 * 1024);
  g_assert_cmpint (r->thp_eligible, ==, 1);
  g_assert_cmpint (r->protection_key, ==, 0);
  g_assert_cmpstr (r->vm_flags, ==, "rd ex mr mw me sd");
  g_assert_cmpuint (ms_region_get_uss (r), ==, 36 * 1024);
}

static void
test_maps_lines (void)
{
  g_autoptr(Parsed) p = parse (
    "00400000-00452000 r-xp 00000000 08:02 173521      /usr/bin/dbus-daemon\n"
    "00e03000-00e24000 rw-p 00000000 00:00 0           [heap]\n"
    "7f0000000000-7f0000001000 ---p 00000000 00:00 0 \n"
    "7f0000001000-7f0000002000 rw-s 00000000 00:05 98   /SYSV0000002a (deleted)\n"
    "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]",
    -1);

  g_assert_cmpuint (p->regions->len, ==, 5);
  g_assert_cmpuint (p->stats.n_malformed, ==, 0);
  g_assert_false (p->stats.has_counters);
  g_assert_cmpstr (region (p, 0)->path, ==, "/usr/bin/dbus-daemon");
  g_assert_cmpstr (region (p, 1)->path, ==, "[heap]");
  g_assert_null (region (p, 2)->path);
  g_assert_cmpuint (region (p, 2)->perms, ==, 0);
  g_assert_cmpuint (region (p, 3)->perms, ==, MS_PERM_READ | MS_PERM_WRITE | MS_PERM_SHARED);
  g_assert_cmpstr (region (p, 3)->path, ==, "/SYSV0000002a (deleted)");
  /* The last line has no newline and the highest 64-bit addresses. */
  g_assert_cmphex (region (p, 4)->start, ==, G_GUINT64_CONSTANT (0xffffffffff600000));
  g_assert_cmpstr (region (p, 4)->path, ==, "[vsyscall]");
  g_assert_cmpuint (region (p, 4)->counters.rss, ==, 0);
  g_assert_null (region (p, 4)->vm_flags);
}

static void
test_odd_paths (void)
{
  g_autoptr(Parsed) p = parse (
    "1000-2000 r--p 00000000 08:02 11 /home/me/My Documents/a file.txt\n"
    "2000-3000 r--p 00000000 08:02 12 /tmp/odd, \"name\"\\012line two.bin (deleted)\n"
    "3000-4000 rw-p 00000000 00:00 0  [anon:dalvik-main space]\n"
    "4000-5000 rw-s 00000000 00:01 77 /memfd:wayland-cursor (deleted)\n"
    "5000-6000 rw-s 00000000 00:01 78 [anon_shmem:pool]\n"
    "6000-7000 r--p 00000000 08:02 13 /tmp/back\\slash\n",
    -1);

  g_assert_cmpuint (p->regions->len, ==, 6);
  g_assert_cmpuint (p->stats.n_malformed, ==, 0);
  g_assert_cmpstr (region (p, 0)->path, ==, "/home/me/My Documents/a file.txt");
  g_assert_cmpstr (region (p, 1)->path, ==, "/tmp/odd, \"name\"\nline two.bin (deleted)");
  g_assert_cmpstr (region (p, 2)->path, ==, "[anon:dalvik-main space]");
  g_assert_cmpstr (region (p, 3)->path, ==, "/memfd:wayland-cursor (deleted)");
  g_assert_cmpstr (region (p, 4)->path, ==, "[anon_shmem:pool]");
  g_assert_cmpstr (region (p, 5)->path, ==, "/tmp/back\\slash");
}

static void
test_paths_are_interned (void)
{
  g_autoptr(Parsed) p = parse (
    "1000-2000 r--p 00000000 08:02 11 /usr/lib/libc.so.6\n"
    "2000-3000 r-xp 00001000 08:02 11 /usr/lib/libc.so.6\n",
    -1);

  g_assert_true (region (p, 0)->path == region (p, 1)->path);
}

static void
test_unknown_counters (void)
{
  g_autoptr(Parsed) p = parse (
    "1000-2000 r--p 00000000 08:02 11 /bin/x\n"
    "Rss:                   4 kB\n"
    "FutureCounter:        12 kB\n"
    "Another_New_Thing:     7\n"
    "Pss:                   4 kB\n",
    -1);

  g_assert_cmpuint (p->regions->len, ==, 1);
  g_assert_cmpuint (p->stats.n_malformed, ==, 0);
  g_assert_cmpuint (p->stats.n_unknown_counters, ==, 2);
  g_assert_cmpuint (region (p, 0)->counters.rss, ==, 4096);
  g_assert_cmpuint (region (p, 0)->counters.pss, ==, 4096);
}

static void
test_malformed_lines (void)
{
  g_autoptr(Parsed) p = parse (
    "Rss:                   4 kB\n"                                   /* 1: before any region */
    "1000-2000 r--p 00000000 08:02 11 /bin/x\n"                       /* 2 */
    "this is not smaps\n"                                             /* 3 */
    "Rss:   lots kB\n"                                                /* 4: bad number */
    "zzzz-3000 r--p 00000000 08:02 11 /bin/x\n"                       /* 5 */
    "3000-2000 r--p 00000000 08:02 11 /bin/y\n"                       /* 6: end before start */
    "4000-5000 rwzp 00000000 08:02 11 /bin/z\n"                       /* 7: bad perms */
    "10000000000000000-10000000000001000 r--p 00000000 08:02 11 /x\n" /* 8: 17 hex digits */
    "5000-6000 r--p 00000000 08:02 99999999999999999999999 /x\n"      /* 9: inode overflow */
    "Rss: 99999999999999999999 kB\n"                                  /* 10: counter overflow */
    "6000-8000 r--p 00000000 08:02 11 /bin/last\n"                    /* 11 */
    "Rss:                   8 kB\n"                                   /* 12 */
    "7000-80",                                                        /* 13: truncated */
    -1);

  g_assert_cmpuint (p->regions->len, ==, 2);
  g_assert_cmpstr (region (p, 0)->path, ==, "/bin/x");
  g_assert_cmpstr (region (p, 1)->path, ==, "/bin/last");
  g_assert_cmpuint (region (p, 1)->counters.rss, ==, 8192);
  g_assert_cmpuint (p->stats.first_malformed_line, ==, 1);
  g_assert_cmpuint (p->stats.n_malformed, ==, 10);
  g_assert_cmpuint (p->stats.n_lines, ==, 13);
}

static void
test_binary_garbage (void)
{
  g_autofree guint8 *junk = g_malloc (65536);
  GRand *rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < 65536; i++)
    junk[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);

  {
    g_autoptr(Parsed) p = parse ((const char *) junk, 65536);

    g_assert_cmpuint (p->regions->len, ==, 0);
    g_assert_cmpuint (p->stats.n_malformed, >, 0);
  }

  /* A NUL inside an otherwise good path is garbage, not a shorter path. */
  {
    static const char with_nul[] = "1000-2000 r--p 00000000 08:02 11 /bin/a\0b\n";
    g_autoptr(Parsed) p = parse (with_nul, sizeof with_nul - 1);

    g_assert_cmpuint (p->regions->len, ==, 0);
    g_assert_cmpuint (p->stats.n_malformed, ==, 1);
  }
}

static void
test_empty (void)
{
  g_autoptr(Parsed) p = parse ("", 0);

  g_assert_cmpuint (p->regions->len, ==, 0);
  g_assert_cmpuint (p->stats.n_malformed, ==, 0);
  g_assert_cmpuint (p->stats.n_lines, ==, 0);
}

static void
test_unsorted_and_overlapping (void)
{
  g_autoptr(Parsed) p = parse (
    "5000-6000 r--p 00000000 08:02 11 /c\n"
    "Rss: 4 kB\n"
    "1000-3000 r--p 00000000 08:02 11 /a\n"
    "Rss: 8 kB\n"
    "1800-3000 r--p 00000000 08:02 11 /b\n",
    -1);

  g_assert_cmpuint (p->regions->len, ==, 3);
  g_assert_true (p->stats.reordered);
  g_assert_cmpuint (p->stats.n_overlapping, ==, 1);
  g_assert_cmpstr (region (p, 0)->path, ==, "/a");
  /* Counters travel with their region when sorting. */
  g_assert_cmpuint (region (p, 0)->counters.rss, ==, 8192);
  g_assert_cmpstr (region (p, 2)->path, ==, "/c");
  g_assert_cmpuint (region (p, 2)->counters.rss, ==, 4096);
}

/* Cross-check every fixture against an independent, naive sscanf reading. */
static void
test_fixtures_against_naive_reading (void)
{
  static const char *fixtures[] = {
    "c-sleep.smaps", "c-sleep.maps", "python3.smaps", "threads-odd-names.smaps",
  };

  for (guint f = 0; f < G_N_ELEMENTS (fixtures); f++)
    {
      g_autofree char *path = ms_test_fixture_path (fixtures[f]);
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;
      g_autoptr(Parsed) p = NULL;
      gsize length;
      guint n_headers = 0;
      guint64 rss = 0, swap = 0, size = 0, sum_rss = 0, sum_swap = 0, sum_size = 0;

      g_assert_true (g_file_get_contents (path, &text, &length, NULL));
      p = parse (text, (gssize) length);

      lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          unsigned long long a, b, v;

          if (sscanf (lines[i], "%llx-%llx ", &a, &b) == 2 && strchr (lines[i], ':') != NULL &&
              lines[i][0] != 'R')
            {
              n_headers++;
              size += b - a;
            }
          else if (sscanf (lines[i], "Rss: %llu kB", &v) == 1)
            rss += v * 1024;
          else if (sscanf (lines[i], "Swap: %llu kB", &v) == 1)
            swap += v * 1024;
        }

      for (guint i = 0; i < p->regions->len; i++)
        {
          sum_rss += region (p, i)->counters.rss;
          sum_swap += region (p, i)->counters.swap;
          sum_size += ms_region_get_size (region (p, i));
        }

      g_test_message ("%s: %u regions", fixtures[f], p->regions->len);
      g_assert_cmpuint (p->stats.n_malformed, ==, 0);
      g_assert_cmpuint (p->stats.n_unknown_counters, ==, 0);
      g_assert_cmpuint (p->regions->len, ==, n_headers);
      g_assert_cmpuint (p->regions->len, >, 10);
      g_assert_cmpuint (sum_rss, ==, rss);
      g_assert_cmpuint (sum_swap, ==, swap);
      g_assert_cmpuint (sum_size, ==, size);
      g_assert_cmpint (p->stats.has_counters, ==, g_str_has_suffix (fixtures[f], ".smaps"));
    }
}

/* Fed in chunks cut anywhere, the parser finds exactly what it finds whole. */
static void
test_chunked_feeding (void)
{
  g_autofree char *path = ms_test_fixture_path ("threads-odd-names.smaps");
  g_autofree char *text = NULL;
  g_autoptr(Parsed) whole = NULL;
  gsize length;
  GRand *rand = g_rand_new_with_seed (7);

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  whole = parse (text, (gssize) length);

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(GStringChunk) strings = g_string_chunk_new (1024);
      g_autoptr(GArray) regions = g_array_new (FALSE, FALSE, sizeof (MsRegion));
      MsMapsParser *parser = ms_maps_parser_new (strings, regions);
      MsParseStats stats;
      gsize pos = 0;
      guint max_chunk = round < 5 ? round + 1 : (guint) g_rand_int_range (rand, 2, 5000);

      /* a hint of how many regions to expect, right, too low or too high,
       * changes where memory comes from, never what is parsed */
      if (round % 4 == 1)
        ms_maps_parser_expect (parser, whole->regions->len);
      else if (round % 4 == 2)
        ms_maps_parser_expect (parser, 3);
      else if (round % 4 == 3)
        ms_maps_parser_expect (parser, 100000);

      while (pos < length)
        {
          gsize want = (gsize) g_rand_int_range (rand, 1, (gint32) max_chunk + 1);
          gsize n = MIN (want, length - pos);  /* MIN evaluates twice: no calls in it */

          ms_maps_parser_feed (parser, text + pos, n);
          pos += n;
        }
      ms_maps_parser_finish (parser, &stats);

      g_assert_cmpuint (regions->len, ==, whole->regions->len);
      g_assert_cmpuint (stats.n_lines, ==, whole->stats.n_lines);
      g_assert_cmpuint (stats.n_malformed, ==, 0);
      for (guint i = 0; i < regions->len; i++)
        {
          const MsRegion *a = &g_array_index (regions, MsRegion, i);
          const MsRegion *b = region (whole, i);

          g_assert_cmphex (a->start, ==, b->start);
          g_assert_cmphex (a->end, ==, b->end);
          g_assert_cmpstr (a->path, ==, b->path);
          g_assert_cmpstr (a->vm_flags, ==, b->vm_flags);
          g_assert_true (memcmp (&a->counters, &b->counters, sizeof a->counters) == 0);
        }
    }

  g_rand_free (rand);
}

/* The text of a number of @digits digits, any of them likely 0 or 9, and
 * its value; FALSE when it does not fit in 64 bits. */
static gboolean
random_number (GRand    *rand,
               guint     digits,
               char     *text,
               guint64  *value)
{
  for (guint i = 0; i < digits; i++)
    {
      guint d = (guint) g_rand_int_range (rand, 0, 10);

      if (g_rand_int_range (rand, 0, 3) == 0)
        d = (guint) g_rand_int_range (rand, 0, 2) * 9;
      if (i == 0 && digits > 1 && d == 0)
        d = 9;
      text[i] = (char) ('0' + d);
    }
  text[digits] = '\0';
  return g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, value, NULL);
}

/* Every counter line form the parser takes (the kernel's 16 + 8 column
 * layout, numbers too wide for it, other padding, tabs, no unit, trailing
 * spaces, counters out of order) and the forms it must refuse (counters
 * larger than their region among them), generated
 * with the value each line must give. The parser's fast paths and its
 * general path must agree with the generator on every one. */
static void
test_generated_counter_lines (void)
{
  static const struct { const char *name; gsize offset; } counters[] = {
    { "Rss", G_STRUCT_OFFSET (MsCounters, rss) },
    { "Pss", G_STRUCT_OFFSET (MsCounters, pss) },
    { "Shared_Clean", G_STRUCT_OFFSET (MsCounters, shared_clean) },
    { "Private_Dirty", G_STRUCT_OFFSET (MsCounters, private_dirty) },
    { "Private_Hugetlb", G_STRUCT_OFFSET (MsCounters, private_hugetlb) },
    { "Swap", G_STRUCT_OFFSET (MsCounters, swap) },
    { "Locked", G_STRUCT_OFFSET (MsCounters, locked) },
  };
  GRand *rand = g_rand_new_with_seed (2026);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) expected = g_array_new (FALSE, TRUE, sizeof (MsCounters));
  guint n_bad = 0, n_lines = 0;

  for (guint r = 0; r < 4000; r++)
    {
      MsCounters want = { 0 };
      /* regions of every scale (overlapping, which only counts): a counter
       * larger than its region is refused */
      guint64 start = (guint64) (r + 1) * 0x1000;
      guint64 size = r % 3 == 0 ? G_GUINT64_CONSTANT (0xfffffffffffff000) - start
                   : r % 3 == 1 ? 0x1000 : G_GUINT64_CONSTANT (1) << (20 + r % 25);

      g_string_append_printf (text, "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x rw-p 00000000 00:00 0\n",
                              start, start + size);
      n_lines++;

      for (guint c = 0; c < G_N_ELEMENTS (counters); c++)
        {
          guint digits = (guint) g_rand_int_range (rand, 1, 22);
          char number[32];
          guint64 value = 0;
          gboolean fits = random_number (rand, digits, number, &value);
          guint form = (guint) g_rand_int_range (rand, 0, 8);
          g_autofree char *label = g_strconcat (counters[c].name, ":", NULL);
          gboolean in_kb = TRUE, well_formed = TRUE, good;

          n_lines++;
          switch (form)
            {
            case 0: case 1: case 2:  /* the kernel's layout */
              g_string_append_printf (text, "%-16s%8s kB\n", label, number);
              break;
            case 3:  /* one space */
              g_string_append_printf (text, "%s %s kB\n", label, number);
              break;
            case 4:  /* tabs, trailing spaces */
              g_string_append_printf (text, "%s\t %s kB   \n", label, number);
              break;
            case 5:  /* no unit */
              g_string_append_printf (text, "%-16s%8s\n", label, number);
              in_kb = FALSE;
              break;
            case 6:  /* a space inside the number */
              g_string_append_printf (text, "%-16s%4.3s %3u kB\n", label, number, 7u);
              well_formed = FALSE;
              break;
            default:  /* a wrong unit */
              g_string_append_printf (text, "%-16s%8.5s MB\n", label, number);
              well_formed = FALSE;
              break;
            }

          good = well_formed && fits && (!in_kb || value <= G_MAXUINT64 / 1024) &&
                 (in_kb ? value * 1024 : value) <= size;
          if (good)
            *(guint64 *) (gpointer) ((guint8 *) &want + counters[c].offset) = in_kb ? value * 1024 : value;
          else
            n_bad++;
        }

      g_array_append_val (expected, want);
    }

  /* whole, then cut into chunks of every small size */
  for (guint chunk = 0; chunk < 40; chunk += chunk < 20 ? 1 : 7)
    {
      g_autoptr(GStringChunk) strings = g_string_chunk_new (1024);
      g_autoptr(GArray) regions = g_array_new (FALSE, FALSE, sizeof (MsRegion));
      MsMapsParser *parser = ms_maps_parser_new (strings, regions);
      MsParseStats stats;

      for (gsize pos = 0; pos < text->len; pos += chunk == 0 ? text->len : chunk)
        ms_maps_parser_feed (parser, text->str + pos, chunk == 0 ? text->len : MIN (chunk, text->len - pos));
      ms_maps_parser_finish (parser, &stats);

      g_assert_cmpuint (regions->len, ==, expected->len);
      g_assert_cmpuint (stats.n_lines, ==, n_lines);
      g_assert_cmpuint (stats.n_malformed, ==, n_bad);
      for (guint i = 0; i < regions->len; i++)
        {
          const MsCounters *got = &g_array_index (regions, MsRegion, i).counters;
          const MsCounters *want = &g_array_index (expected, MsCounters, i);

          for (guint c = 0; c < G_N_ELEMENTS (counters); c++)
            g_assert_cmpuint (*(const guint64 *) (gconstpointer) ((const guint8 *) got + counters[c].offset), ==,
                              *(const guint64 *) (gconstpointer) ((const guint8 *) want + counters[c].offset));
        }
    }

  g_rand_free (rand);
}

/* A counter larger than its region is damage: a malformed line, and not
 * stored, in the kernel's layout (the fast path) and any other. */
static void
test_counter_larger_than_region (void)
{
  g_autoptr(Parsed) p = parse (
    "1000-2000 rw-p 00000000 00:00 0\n"                 /* 1: 4 KiB */
    "Rss:                   8 kB\n"                     /* 2: the kernel's layout */
    "Pss:                   4 kB\n"                     /* 3 */
    "Swap: 9007199254740992 kB\n"                       /* 4: 2^63 bytes */
    "Private_Dirty: 4097\n"                             /* 5: bytes, one too many */
    "Private_Clean: 4096\n"                             /* 6: exactly the size */
    "2000-4000 rw-p 00000000 00:00 0\n"                 /* 7: 8 KiB */
    "Rss:                   8 kB\n",                    /* 8 */
    -1);

  g_assert_cmpuint (p->regions->len, ==, 2);
  g_assert_cmpuint (p->stats.n_malformed, ==, 3);
  g_assert_cmpuint (p->stats.first_malformed_line, ==, 2);
  g_assert_cmpuint (region (p, 0)->counters.rss, ==, 0);
  g_assert_cmpuint (region (p, 0)->counters.pss, ==, 4096);
  g_assert_cmpuint (region (p, 0)->counters.swap, ==, 0);
  g_assert_cmpuint (region (p, 0)->counters.private_dirty, ==, 0);
  g_assert_cmpuint (region (p, 0)->counters.private_clean, ==, 4096);
  g_assert_cmpuint (region (p, 1)->counters.rss, ==, 8192);
}

static char *
to_crlf (const char *text,
         gsize       length,
         gsize      *crlf_length)
{
  GString *out = g_string_sized_new (length + length / 16);

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '\n')
        g_string_append_c (out, '\r');
      g_string_append_c (out, text[i]);
    }
  *crlf_length = out->len;
  return g_string_free (out, FALSE);
}

static void
assert_same_regions (GArray *a,
                     GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const MsRegion *ra = &g_array_index (a, MsRegion, i);
      const MsRegion *rb = &g_array_index (b, MsRegion, i);

      g_assert_cmpstr (ra->path, ==, rb->path);
      g_assert_cmpstr (ra->vm_flags, ==, rb->vm_flags);
      g_assert_true (ms_region_equal (ra, rb));
    }
}

/* A capture saved with Windows line ends reads exactly as the kernel's
 * text: every fixture, whole and fed in pieces cut anywhere (between a
 * '\r' and its '\n' too). */
static void
test_crlf_fixtures (void)
{
  static const char *fixtures[] = {
    "c-sleep.smaps", "c-sleep.maps", "python3.smaps", "threads-odd-names.smaps",
  };
  GRand *rand = g_rand_new_with_seed (13);

  for (guint f = 0; f < G_N_ELEMENTS (fixtures); f++)
    {
      g_autofree char *path = ms_test_fixture_path (fixtures[f]);
      g_autofree char *text = NULL;
      g_autofree char *crlf = NULL;
      g_autoptr(Parsed) lf = NULL;
      g_autoptr(Parsed) whole = NULL;
      gsize length, crlf_length;

      g_assert_true (g_file_get_contents (path, &text, &length, NULL));
      crlf = to_crlf (text, length, &crlf_length);
      lf = parse (text, (gssize) length);
      whole = parse (crlf, (gssize) crlf_length);

      g_assert_cmpuint (whole->stats.n_malformed, ==, 0);
      g_assert_cmpuint (whole->stats.n_lines, ==, lf->stats.n_lines);
      g_assert_cmpint (whole->stats.has_counters, ==, lf->stats.has_counters);
      assert_same_regions (whole->regions, lf->regions);

      for (guint round = 0; round < 8; round++)
        {
          g_autoptr(GStringChunk) strings = g_string_chunk_new (1024);
          g_autoptr(GArray) regions = g_array_new (FALSE, FALSE, sizeof (MsRegion));
          MsMapsParser *parser = ms_maps_parser_new (strings, regions);
          MsParseStats stats;
          gsize pos = 0;

          while (pos < crlf_length)
            {
              gsize want = (gsize) g_rand_int_range (rand, 1, round < 2 ? 3 : 300);
              gsize n = MIN (want, crlf_length - pos);

              ms_maps_parser_feed (parser, crlf + pos, n);
              pos += n;
            }
          ms_maps_parser_finish (parser, &stats);

          g_assert_cmpuint (stats.n_malformed, ==, 0);
          assert_same_regions (regions, lf->regions);
        }
    }

  g_rand_free (rand);
}

/* The lines that CRLF broke, and the '\r' that is the kernel's: only one
 * right before '\n' ends a line, and only in a CRLF text; in the kernel's LF
 * text a '\r' ending a path is the file's name. */
static void
test_crlf_lines (void)
{
  {
    g_autoptr(Parsed) p = parse (
      "1000-2000 rw-p 00000000 00:00 0\r\n"
      "Rss:                   4 kB\r\n"
      "Anonymous: 4 kB\r\n"
      "VmFlags: rd wr mr mw me ac \r\n"
      "2000-3000 r--p 00000000 08:02 11 /tmp/a\rb\r\n"
      "3000-4000 r--p 00000000 08:02 12 /tmp/ends in cr\r\r\n"
      "4000-5000 rw-p 00000000 00:00 0 \r\n"
      "\r\n"
      "5000-6000 r--p 00000000 08:02 13 /tmp/last\r",
      -1);

    g_assert_cmpuint (p->stats.n_malformed, ==, 0);
    g_assert_cmpuint (p->regions->len, ==, 5);
    g_assert_null (region (p, 0)->path);
    g_assert_cmpuint (region (p, 0)->counters.rss, ==, 4096);
    g_assert_cmpuint (region (p, 0)->counters.anonymous, ==, 4096);
    g_assert_cmpstr (region (p, 0)->vm_flags, ==, "rd wr mr mw me ac");
    g_assert_cmpstr (region (p, 1)->path, ==, "/tmp/a\rb");
    g_assert_cmpstr (region (p, 2)->path, ==, "/tmp/ends in cr\r");
    g_assert_null (region (p, 3)->path);
    g_assert_cmpstr (region (p, 4)->path, ==, "/tmp/last");
  }

  {
    g_autoptr(Parsed) p = parse (
      "1000-2000 r--p 00000000 08:02 11 /tmp/a\n"
      "Rss:                   4 kB\n"
      "2000-3000 r--p 00000000 08:02 12 /tmp/ends in cr\r\n"
      "Rss:                   4 kB\r\n"
      "3000-4000 rw-p 00000000 00:00 0\r\n",
      -1);

    g_assert_cmpuint (p->stats.n_malformed, ==, 0);
    g_assert_cmpuint (p->regions->len, ==, 3);
    g_assert_cmpstr (region (p, 1)->path, ==, "/tmp/ends in cr\r");
    g_assert_cmpuint (region (p, 1)->counters.rss, ==, 4096);
    g_assert_null (region (p, 2)->path);
  }
}

/* The same, a level up: every file in tests/fixtures/ read as a capture in
 * CRLF gives the LF original's snapshot, byte for byte the same CSV. */
static void
test_crlf_csv (void)
{
  g_autoptr(GDir) dir = g_dir_open (FIXTURES_DIR, 0, NULL);
  const char *name;
  guint n_compared = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (FIXTURES_DIR, name, NULL);
      g_autofree char *text = NULL;
      g_autofree char *crlf = NULL;
      g_autoptr(GError) lf_error = NULL;
      g_autoptr(GError) crlf_error = NULL;
      g_autoptr(MsSnapshot) lf = NULL;
      g_autoptr(MsSnapshot) from_crlf = NULL;
      g_autoptr(GString) lf_csv = g_string_new (NULL);
      g_autoptr(GString) crlf_csv = g_string_new (NULL);
      gsize length, crlf_length;

      g_assert_true (g_file_get_contents (path, &text, &length, NULL));
      crlf = to_crlf (text, length, &crlf_length);
      lf = ms_read_text (text, length, name, &lf_error);
      from_crlf = ms_read_text (crlf, crlf_length, name, &crlf_error);

      if (lf == NULL)
        {
          /* not a capture (the thread stack pointers): refused alike */
          g_assert_nonnull (crlf_error);
          g_assert_cmpstr (crlf_error->message, ==, lf_error->message);
          continue;
        }

      g_assert_no_error (crlf_error);
      g_assert_cmpuint (from_crlf->n_malformed, ==, 0);
      g_assert_cmpuint (from_crlf->n_regions, ==, lf->n_regions);
      g_assert_cmpint (from_crlf->has_counters, ==, lf->has_counters);
      g_assert_true (memcmp (&from_crlf->total, &lf->total, sizeof lf->total) == 0);
      g_assert_true (memcmp (from_crlf->per_kind, lf->per_kind, sizeof lf->per_kind) == 0);
      ms_csv_write (lf, lf_csv);
      ms_csv_write (from_crlf, crlf_csv);
      g_assert_cmpstr (crlf_csv->str, ==, lf_csv->str);
      n_compared++;
    }

  g_assert_cmpuint (n_compared, >=, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/parser/full-entry", test_full_entry);
  g_test_add_func ("/memscape/parser/maps-lines", test_maps_lines);
  g_test_add_func ("/memscape/parser/odd-paths", test_odd_paths);
  g_test_add_func ("/memscape/parser/interned-paths", test_paths_are_interned);
  g_test_add_func ("/memscape/parser/unknown-counters", test_unknown_counters);
  g_test_add_func ("/memscape/parser/malformed-lines", test_malformed_lines);
  g_test_add_func ("/memscape/parser/binary-garbage", test_binary_garbage);
  g_test_add_func ("/memscape/parser/empty", test_empty);
  g_test_add_func ("/memscape/parser/unsorted-overlapping", test_unsorted_and_overlapping);
  g_test_add_func ("/memscape/parser/fixtures", test_fixtures_against_naive_reading);
  g_test_add_func ("/memscape/parser/chunked-feeding", test_chunked_feeding);
  g_test_add_func ("/memscape/parser/generated-counter-lines", test_generated_counter_lines);
  g_test_add_func ("/memscape/parser/counter-larger-than-region", test_counter_larger_than_region);
  g_test_add_func ("/memscape/parser/crlf-fixtures", test_crlf_fixtures);
  g_test_add_func ("/memscape/parser/crlf-lines", test_crlf_lines);
  g_test_add_func ("/memscape/parser/crlf-csv", test_crlf_csv);

  return g_test_run ();
}
