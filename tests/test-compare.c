/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms-compare.h"
#include "ms-compare-export.h"
#include "ms-error.h"
#include "ms-baseline.h"
#include "ms-format.h"
#include "ms-local-source.h"
#include "ms-reader.h"
#include "ms-render-compare.h"
#include "ms-test-util.h"

#define REGION(range, perms, offset, path, size, rss) \
  range " " perms " " offset " 08:01 77 " path "\n" \
  "Size:                  " size " kB\n" \
  "Rss:                   " rss " kB\n" \
  "Pss:                   " rss " kB\n" \
  "Private_Dirty:         " rss " kB\n" \
  "Swap:                  0 kB\n"

static const char baseline_text[] =
  REGION ("00400000-00401000", "r-xp", "00000000", "/usr/bin/prog", "4", "4")      /* unchanged */
  REGION ("00500000-00504000", "rw-p", "00000000", "[heap]", "16", "8")            /* grows */
  REGION ("00700000-00708000", "rw-p", "00000000", "", "32", "4")                  /* shrinks */
  REGION ("00800000-00801000", "rw-p", "00000000", "", "4", "4")                   /* RSS changes */
  REGION ("00810000-00811000", "rw-p", "00000000", "", "4", "4")                   /* made read-only */
  REGION ("00900000-00901000", "r--p", "00000000", "/data/a", "4", "4")            /* removed: /data/b there now */
  REGION ("7f0000000000-7f0000001000", "r-xp", "00000000", "/lib/libz.so", "4", "4")  /* moved (ASLR) */
  REGION ("7f0000001000-7f0000002000", "r--p", "00001000", "/lib/libz.so", "4", "4")  /* moved, RSS changes */
  REGION ("7f0000010000-7f0000011000", "r--p", "00000000", "/data/twice", "4", "4")   /* moved */
  REGION ("7f0000020000-7f0000021000", "r--p", "00000000", "/data/twice", "4", "4");  /* removed */

static const char current_text[] =
  REGION ("00100000-00101000", "rw-p", "00000000", "", "4", "4")                   /* added */
  REGION ("00400000-00401000", "r-xp", "00000000", "/usr/bin/prog", "4", "4")
  REGION ("00500000-00508000", "rw-p", "00000000", "[heap]", "32", "16")
  REGION ("00700000-00704000", "rw-p", "00000000", "", "16", "4")
  REGION ("00800000-00801000", "rw-p", "00000000", "", "4", "0")
  REGION ("00810000-00811000", "r--p", "00000000", "", "4", "4")
  REGION ("00900000-00901000", "r--p", "00000000", "/data/b", "4", "4")            /* added */
  REGION ("7f1000000000-7f1000001000", "r-xp", "00000000", "/lib/libz.so", "4", "4")
  REGION ("7f1000001000-7f1000002000", "r--p", "00001000", "/lib/libz.so", "4", "0")
  REGION ("7f1000010000-7f1000011000", "r--p", "00000000", "/data/twice", "4", "4");

typedef struct {
  MsCompareChange change;
  guint64         before;  /* start, 0 for none */
  guint64         after;
} Expected;

static void
test_rules (void)
{
  g_autoptr(MsSnapshot) baseline = ms_test_read_text (baseline_text, -1);
  g_autoptr(MsSnapshot) current = ms_test_read_text (current_text, -1);
  g_autoptr(MsCompare) compare = ms_compare_new (baseline, current);
  static const Expected expected[] = {
    { MS_COMPARE_ADDED, 0, 0x100000 },
    { MS_COMPARE_UNCHANGED, 0x400000, 0x400000 },
    { MS_COMPARE_GROWN, 0x500000, 0x500000 },
    { MS_COMPARE_SHRUNK, 0x700000, 0x700000 },
    { MS_COMPARE_CHANGED, 0x800000, 0x800000 },
    { MS_COMPARE_CHANGED, 0x810000, 0x810000 },
    { MS_COMPARE_ADDED, 0, 0x900000 },
    { MS_COMPARE_REMOVED, 0x900000, 0 },
    { MS_COMPARE_REMOVED, 0x7f0000020000, 0 },
    { MS_COMPARE_UNCHANGED, 0x7f0000000000, 0x7f1000000000 },
    { MS_COMPARE_CHANGED, 0x7f0000001000, 0x7f1000001000 },
    { MS_COMPARE_UNCHANGED, 0x7f0000010000, 0x7f1000010000 },
  };
  const MsComparePair *pairs;
  const MsCompareSums *sums;
  guint n_pairs;

  pairs = ms_compare_get_pairs (compare, &n_pairs);
  g_assert_cmpuint (n_pairs, ==, G_N_ELEMENTS (expected));
  for (guint p = 0; p < n_pairs; p++)
    {
      g_test_message ("pair %u: %s", p, ms_compare_change_to_id (pairs[p].change));
      g_assert_cmpint (pairs[p].change, ==, expected[p].change);
      if (expected[p].before != 0)
        g_assert_cmphex (baseline->regions[pairs[p].before].start, ==, expected[p].before);
      else
        g_assert_cmpint (pairs[p].before, ==, -1);
      if (expected[p].after != 0)
        {
          g_assert_cmphex (current->regions[pairs[p].after].start, ==, expected[p].after);
          g_assert_true (ms_compare_get_pair_of_current (compare, pairs[p].after) == &pairs[p]);
        }
      else
        {
          g_assert_cmpint (pairs[p].after, ==, -1);
        }
    }

  g_assert_cmpuint (ms_compare_count (compare, MS_COMPARE_ADDED), ==, 2);
  g_assert_cmpuint (ms_compare_count (compare, MS_COMPARE_REMOVED), ==, 2);
  g_assert_cmpuint (ms_compare_count (compare, MS_COMPARE_GROWN), ==, 1);
  g_assert_cmpuint (ms_compare_count (compare, MS_COMPARE_SHRUNK), ==, 1);
  g_assert_cmpuint (ms_compare_count (compare, MS_COMPARE_CHANGED), ==, 3);
  g_assert_cmpuint (ms_compare_count (compare, MS_COMPARE_UNCHANGED), ==, 3);

  /* Deltas. */
  g_assert_cmpint (ms_compare_pair_delta (compare, &pairs[2], MS_COMPARE_SIZE), ==, 16 * 1024);
  g_assert_cmpint (ms_compare_pair_delta (compare, &pairs[2], MS_COMPARE_RSS), ==, 8 * 1024);
  g_assert_cmpint (ms_compare_pair_delta (compare, &pairs[2], MS_COMPARE_USS), ==, 8 * 1024);
  g_assert_cmpint (ms_compare_pair_delta (compare, &pairs[3], MS_COMPARE_SIZE), ==, -16 * 1024);
  g_assert_cmpint (ms_compare_pair_delta (compare, &pairs[4], MS_COMPARE_PSS), ==, -4 * 1024);
  g_assert_cmpint (ms_compare_pair_delta (compare, &pairs[5], MS_COMPARE_RSS), ==, 0);
  g_assert_cmpint (ms_compare_pair_delta (compare, &pairs[0], MS_COMPARE_SIZE), ==, 4 * 1024);
  g_assert_cmpint (ms_compare_pair_delta (compare, &pairs[7], MS_COMPARE_SIZE), ==, -4 * 1024);

  /* Sums per kind and in all. */
  sums = ms_compare_get_total_sums (compare);
  g_assert_cmpint (ms_compare_sums_delta (sums, MS_COMPARE_SIZE), ==,
                   (gint64) current->total.vss - (gint64) baseline->total.vss);
  sums = ms_compare_get_kind_sums (compare, MS_KIND_HEAP);
  g_assert_cmpuint (sums->value[MS_COMPARE_SIZE][0], ==, 16 * 1024);
  g_assert_cmpuint (sums->value[MS_COMPARE_SIZE][1], ==, 32 * 1024);
  g_assert_cmpint (ms_compare_sums_delta (sums, MS_COMPARE_RSS), ==, 8 * 1024);
}

/* Owners: matched by name, deltas adding up, "What grew" ranked. */
static void
test_groups (void)
{
  g_autoptr(MsSnapshot) baseline = ms_test_read_text (baseline_text, -1);
  g_autoptr(MsSnapshot) current = ms_test_read_text (current_text, -1);
  g_autoptr(MsCompare) compare = ms_compare_new (baseline, current);
  g_autoptr(GArray) grew = ms_compare_rank_growth (compare, MS_COMPARE_RSS);
  const MsCompareGroup *groups;
  gint64 group_sum = 0, pair_sum = 0;
  const MsComparePair *pairs;
  gboolean found_libz = FALSE;
  guint n_groups, n_pairs;

  groups = ms_compare_get_groups (compare, &n_groups);
  pairs = ms_compare_get_pairs (compare, &n_pairs);
  for (guint f = 0; f < MS_N_COMPARE_FIELDS; f++)
    {
      group_sum = pair_sum = 0;
      for (guint g = 0; g < n_groups; g++)
        if (groups[g].differs)
          group_sum += ms_compare_sums_delta (&groups[g].sums, f);
      for (guint p = 0; p < n_pairs; p++)
        pair_sum += ms_compare_pair_delta (compare, &pairs[p], f);
      g_assert_cmpint (group_sum, ==, pair_sum);
    }

  for (guint g = 0; g < n_groups; g++)
    if (g_strcmp0 (groups[g].object, "/lib/libz.so") == 0)
      {
        found_libz = TRUE;
        g_assert_cmpint (groups[g].before, >=, 0);
        g_assert_cmpint (groups[g].after, >=, 0);
        g_assert_cmpint (groups[g].change, ==, MS_COMPARE_CHANGED);
        g_assert_cmpint (ms_compare_sums_delta (&groups[g].sums, MS_COMPARE_RSS), ==, -4 * 1024);
      }
  g_assert_true (found_libz);

  /* The heap grew most (+8 KiB of RSS), and the ranking holds only growth,
   * the most first. */
  g_assert_cmpuint (grew->len, >=, 1);
  g_assert_cmpint (groups[g_array_index (grew, guint, 0)].kind, ==, MS_KIND_HEAP);
  for (guint i = 0; i < grew->len; i++)
    {
      gint64 delta = ms_compare_sums_delta (&groups[g_array_index (grew, guint, i)].sums, MS_COMPARE_RSS);

      g_assert_cmpint (delta, >, 0);
      if (i > 0)
        g_assert_cmpint (delta, <=, ms_compare_sums_delta (&groups[g_array_index (grew, guint, i - 1)].sums,
                                                         MS_COMPARE_RSS));
    }
}

/* --- live: a child that grows and shrinks on command --------------------- */

static guint64
answer_address (const char *answer,
                const char *prefix)
{
  g_assert_true (g_str_has_prefix (answer, prefix));
  return g_ascii_strtoull (answer + strlen (prefix), NULL, 16);
}

/* The pair of the region (of either side) that starts at @start. */
static const MsComparePair *
find_pair (MsCompare *compare,
           guint64    start)
{
  const MsComparePair *pairs;
  guint n_pairs;

  pairs = ms_compare_get_pairs (compare, &n_pairs);
  for (guint p = 0; p < n_pairs; p++)
    {
      if (pairs[p].after >= 0 && ms_compare_get_current (compare)->regions[pairs[p].after].start == start)
        return &pairs[p];
      if (pairs[p].after < 0 && ms_compare_get_baseline (compare)->regions[pairs[p].before].start == start)
        return &pairs[p];
    }
  return NULL;
}

/* Reads the child after @command and compares with @previous (replaced by
 * the new read); returns the comparison. */
static MsCompare *
step (MsTestChild  *child,
      MsSnapshot  **previous,
      const char   *command,
      char        **answer)
{
  g_autoptr(GError) error = NULL;
  MsSnapshot *now;
  MsCompare *compare;

  *answer = ms_test_child_command (child, command);
  now = ms_read_pid (child->pid, NULL, &error);
  g_assert_no_error (error);
  compare = ms_compare_new (*previous, now);
  ms_snapshot_unref (*previous);
  *previous = now;
  return compare;
}

static void
assert_pair (MsCompare            *compare,
             const MsComparePair  *pair,
             MsCompareChange       change,
             guint64               size_before,
             guint64               size_after)
{
  g_assert_nonnull (pair);
  g_test_message ("expected %s, got %s", ms_compare_change_to_id (change), ms_compare_change_to_id (pair->change));
  g_assert_cmpint (pair->change, ==, change);
  g_assert_cmpuint (ms_compare_get_value (compare, FALSE, pair->before, MS_COMPARE_SIZE), ==, size_before);
  g_assert_cmpuint (ms_compare_get_value (compare, TRUE, pair->after, MS_COMPARE_SIZE), ==, size_after);
  g_assert_cmpint (ms_compare_pair_delta (compare, pair, MS_COMPARE_SIZE), ==,
                   (gint64) size_after - (gint64) size_before);
}

static void
test_live (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSnapshot) previous = ms_read_pid (child->pid, NULL, &error);
  guint64 heap = ms_test_child_address (child, "heap");
  const guint64 page = 4096;
  MsCompare *compare;
  const MsComparePair *pair;
  guint64 reserved;
  char *answer;
  int heap_index;
  guint64 heap_size;

  g_assert_no_error (error);

  /* Added: 8 pages, one resident. */
  compare = step (child, &previous, "reserve 8 24", &answer);
  reserved = answer_address (answer, "mapped ");
  g_free (answer);
  pair = find_pair (compare, reserved);
  assert_pair (compare, pair, MS_COMPARE_ADDED, 0, 8 * page);
  g_assert_cmpuint (ms_compare_get_value (compare, TRUE, pair->after, MS_COMPARE_RSS), ==, page);
  g_assert_cmpuint (ms_compare_count (compare, MS_COMPARE_ADDED), ==, 1);
  g_assert_cmpuint (ms_compare_count (compare, MS_COMPARE_REMOVED), ==, 0);
  ms_compare_unref (compare);

  /* Changed: the same range, 3 more pages resident. */
  compare = step (child, &previous, "touch 4", &answer);
  g_free (answer);
  pair = find_pair (compare, reserved);
  assert_pair (compare, pair, MS_COMPARE_CHANGED, 8 * page, 8 * page);
  g_assert_cmpint (ms_compare_pair_delta (compare, pair, MS_COMPARE_RSS), ==, 3 * page);
  g_assert_cmpint (ms_compare_pair_delta (compare, pair, MS_COMPARE_USS), ==, 3 * page);
  ms_compare_unref (compare);

  /* Grown in place by mremap, every page touched. */
  compare = step (child, &previous, "mremap 24", &answer);
  g_assert_cmpstr (answer, !=, "mremap-failed");
  g_free (answer);
  pair = find_pair (compare, reserved);
  assert_pair (compare, pair, MS_COMPARE_GROWN, 8 * page, 24 * page);
  g_assert_cmpint (ms_compare_pair_delta (compare, pair, MS_COMPARE_RSS), ==, 20 * page);
  g_assert_cmpint (ms_compare_pair_delta (compare, pair, MS_COMPARE_PSS), ==, 20 * page);
  ms_compare_unref (compare);

  /* Shrunk by mremap. */
  compare = step (child, &previous, "mremap 5", &answer);
  g_free (answer);
  pair = find_pair (compare, reserved);
  assert_pair (compare, pair, MS_COMPARE_SHRUNK, 24 * page, 5 * page);
  g_assert_cmpint (ms_compare_pair_delta (compare, pair, MS_COMPARE_RSS), ==, -19 * (gint64) page);
  ms_compare_unref (compare);

  /* The brk heap up and down. */
  heap_index = ms_snapshot_find_region (previous, heap);
  g_assert_cmpint (heap_index, >=, 0);
  heap_size = ms_region_get_size (&previous->regions[heap_index]);
  compare = step (child, &previous, "brk 16", &answer);
  g_free (answer);
  pair = find_pair (compare, ms_compare_get_baseline (compare)->regions[heap_index].start);
  assert_pair (compare, pair, MS_COMPARE_GROWN, heap_size, heap_size + 16 * page);
  g_assert_cmpint (ms_compare_pair_delta (compare, pair, MS_COMPARE_RSS), >=, 16 * (gint64) page);
  g_assert_cmpint (ms_compare_sums_delta (ms_compare_get_kind_sums (compare, MS_KIND_HEAP), MS_COMPARE_SIZE), ==,
                   16 * (gint64) page);
  ms_compare_unref (compare);

  compare = step (child, &previous, "brk -16", &answer);
  g_free (answer);
  pair = find_pair (compare, ms_compare_get_baseline (compare)->regions[heap_index].start);
  assert_pair (compare, pair, MS_COMPARE_SHRUNK, heap_size + 16 * page, heap_size);
  ms_compare_unref (compare);

  /* A new thread: its stack appears. */
  compare = step (child, &previous, "thread", &answer);
  g_assert_true (g_str_has_prefix (answer, "thread-tid "));
  g_free (answer);
  {
    const MsComparePair *pairs;
    guint n_pairs, stacks = 0;

    pairs = ms_compare_get_pairs (compare, &n_pairs);
    for (guint p = 0; p < n_pairs; p++)
      if (pairs[p].change == MS_COMPARE_ADDED &&
          previous->regions[pairs[p].after].kind == MS_KIND_THREAD_STACK)
        {
          stacks++;
          g_assert_cmpuint (ms_region_get_size (&previous->regions[pairs[p].after]), >=, 64 * 1024);
        }
    g_assert_cmpuint (stacks, ==, 1);
    g_assert_cmpuint (ms_compare_get_kind_sums (compare, MS_KIND_THREAD_STACK)->regions[1], ==,
                      ms_compare_get_kind_sums (compare, MS_KIND_THREAD_STACK)->regions[0] + 1);
  }
  ms_compare_unref (compare);

  /* Removed: munmap. */
  compare = step (child, &previous, "unmap", &answer);
  g_assert_cmpstr (answer, ==, "unmapped");
  g_free (answer);
  pair = find_pair (compare, reserved);
  assert_pair (compare, pair, MS_COMPARE_REMOVED, 5 * page, 0);
  g_assert_cmpint (ms_compare_pair_delta (compare, pair, MS_COMPARE_RSS), ==, -5 * (gint64) page);
  g_assert_cmpuint (ms_compare_count (compare, MS_COMPARE_REMOVED), ==, 1);
  g_assert_cmpuint (ms_compare_count (compare, MS_COMPARE_ADDED), ==, 0);
  ms_compare_unref (compare);

  ms_test_child_stop (child);
}

/* --- the CSV, against a diff computed here from the two captures ---------- */

/* What the test itself reads of a smaps region (not through the parser). */
typedef struct {
  guint64 start, end;
  char    perms[5];
  char   *path;
  guint64 rss, pss, swap, uss;
} Plain;

static void
plain_free (gpointer data)
{
  Plain *plain = data;

  g_free (plain->path);
  g_free (plain);
}

static guint64
kb_line (const char *line,
         const char *name)
{
  if (!g_str_has_prefix (line, name))
    return G_MAXUINT64;
  return g_ascii_strtoull (line + strlen (name), NULL, 10) * 1024;
}

static GPtrArray *
read_plain (const char *text)
{
  GPtrArray *regions = g_ptr_array_new_with_free_func (plain_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  Plain *r = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      guint64 v;
      char *dash;

      dash = strchr (line, '-');
      if (dash != NULL && g_ascii_isxdigit (line[0]) && strchr (line, ':') != NULL &&
          !g_str_has_suffix (line, " kB") && !g_str_has_prefix (line, "VmFlags"))
        {
          char *p;
          int field = 0;

          r = g_new0 (Plain, 1);
          r->start = g_ascii_strtoull (line, &p, 16);
          r->end = g_ascii_strtoull (p + 1, &p, 16);
          memcpy (r->perms, p + 1, 4);
          /* The path: after five fields and their blanks. */
          p = (char *) line;
          while (field < 5 && *p != '\0')
            {
              while (*p != ' ' && *p != '\0')
                p++;
              while (*p == ' ')
                p++;
              field++;
            }
          r->path = g_strdup (p);
          g_ptr_array_add (regions, r);
          continue;
        }
      if (r == NULL)
        continue;
      if ((v = kb_line (line, "Rss:")) != G_MAXUINT64)
        r->rss = v;
      else if ((v = kb_line (line, "Pss:")) != G_MAXUINT64)
        r->pss = v;
      else if ((v = kb_line (line, "Swap:")) != G_MAXUINT64)
        r->swap = v;
      else if ((v = kb_line (line, "Private_Clean:")) != G_MAXUINT64)
        r->uss += v;
      else if ((v = kb_line (line, "Private_Dirty:")) != G_MAXUINT64)
        r->uss += v;
    }
  return regions;
}

/* A row of the compare CSV as this test expects it: change, start, end, and
 * the eight figures (kind, object and path left out). */
static char *
expected_row (const char  *change,
              const Plain *before,
              const Plain *after)
{
  const Plain *r = after != NULL ? after : before;

  guint64 start = r != NULL ? r->start : 0, end = r != NULL ? r->end : 0;

  return g_strdup_printf ("%s,0x%" G_GINT64_MODIFIER "x,0x%" G_GINT64_MODIFIER "x,%" G_GUINT64_FORMAT ",%"
                          G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT
                          ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT,
                          change, start, end,
                          before ? before->end - before->start : 0, after ? after->end - after->start : 0,
                          before ? before->rss : 0, after ? after->rss : 0,
                          before ? before->pss : 0, after ? after->pss : 0,
                          before ? before->swap : 0, after ? after->swap : 0);
}

/* The rows of RFC 4180 @csv (header included), each a GStrv of fields. */
static GPtrArray *
parse_csv (const char *csv)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = csv; *p != '\0'; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == ',' || *p == '\n')
        {
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          field = g_string_new (NULL);
          if (*p == '\n')
            {
              g_ptr_array_add (fields, NULL);
              g_ptr_array_add (rows, g_ptr_array_steal (fields, NULL));
            }
        }
      else
        g_string_append_c (field, *p);
    }
  g_assert_false (quoted);
  g_assert_cmpuint (field->len, ==, 0);
  g_string_free (field, TRUE);
  return rows;
}

static char *
capture (int         pid,
         const char *dir,
         const char *name)
{
  g_autofree char *proc = g_strdup_printf ("/proc/%d/smaps", pid);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_get_contents (proc, &text, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static int
run_memscape (char **out,
              char **err,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_environ_unsetenv (g_get_environ (), "DISPLAY");
  const char *arg;
  int status;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("MEMSCAPE"));
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

static void
test_csv (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *dir = g_dir_make_tmp ("ms-compare-XXXXXX", NULL);
  g_autofree char *before_path = capture (child->pid, dir, "before.smaps");
  g_autofree char *after_path = NULL;
  g_autofree char *csv_path = g_build_filename (dir, "d.csv", NULL);
  g_autofree char *grouped_path = g_build_filename (dir, "g.csv", NULL);
  g_autofree char *before_text = NULL, *after_text = NULL, *csv = NULL, *grouped = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GPtrArray) before = NULL, after = NULL, rows = NULL, grouped_rows = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) by_start = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) matched = g_hash_table_new (NULL, NULL);
  gint64 region_sums[8] = { 0 }, group_sums[8] = { 0 };
  const char *commands[] = { "reserve 6 10", "map 3", "reserve 2 8", "mremap 7", "brk 8", "thread" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_free (ms_test_child_command (child, commands[i]));
  after_path = capture (child->pid, dir, "after.smaps");

  g_assert_cmpint (run_memscape (&out, &err, "--open", after_path, "--compare", before_path,
                                 "--export", csv_path, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_memscape (&out, &err, "--open", after_path, "--compare", before_path,
                                 "--group", "object", "--export", grouped_path, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");

  /* The diff, by start and path (one process: no file region moves). */
  g_file_get_contents (before_path, &before_text, NULL, NULL);
  g_file_get_contents (after_path, &after_text, NULL, NULL);
  before = read_plain (before_text);
  after = read_plain (after_text);
  for (guint i = 0; i < before->len; i++)
    g_hash_table_insert (by_start, &((Plain *) before->pdata[i])->start, before->pdata[i]);
  for (guint j = 0; j < after->len; j++)
    {
      Plain *a = after->pdata[j];
      Plain *b = g_hash_table_lookup (by_start, &a->start);
      const char *change = NULL;

      if (b != NULL && strcmp (a->path, b->path) != 0)
        b = NULL;
      if (b == NULL)
        change = "added";
      else if (a->end - a->start > b->end - b->start)
        change = "grown";
      else if (a->end - a->start < b->end - b->start)
        change = "shrunk";
      else if (strcmp (a->perms, b->perms) != 0 || a->rss != b->rss || a->pss != b->pss ||
               a->swap != b->swap || a->uss != b->uss)
        change = "changed";
      if (b != NULL)
        g_hash_table_add (matched, b);
      if (change != NULL)
        g_ptr_array_add (expected, expected_row (change, b, a));
    }
  for (guint i = 0; i < before->len; i++)
    if (!g_hash_table_contains (matched, before->pdata[i]))
      g_ptr_array_add (expected, expected_row ("removed", before->pdata[i], NULL));

  g_file_get_contents (csv_path, &csv, NULL, NULL);
  rows = parse_csv (csv);
  g_assert_cmpstr (((char **) rows->pdata[0])[0], ==, "change");
  {
    g_autofree char *header = g_strjoinv (",", rows->pdata[0]);

    g_assert_cmpstr (header, ==, "change,start,end,kind,object,path,size_before,size_after,rss_before,rss_after,"
                                 "pss_before,pss_after,swap_before,swap_after");
  }
  /* At least what the commands did: 3 mappings added, a thread's stack and
   * its guard, the heap grown. */
  g_assert_cmpuint (rows->len - 1, >=, 6);
  g_assert_cmpuint (rows->len - 1, ==, expected->len);
  for (guint r = 1; r < rows->len; r++)
    {
      char **row = rows->pdata[r];
      g_autofree char *figures = g_strjoinv (",", row + 6);
      g_autofree char *mine = g_strdup_printf ("%s,%s,%s,%s", row[0], row[1], row[2], figures);
      gboolean found = FALSE;

      g_assert_cmpuint (g_strv_length (row), ==, 14);
      for (guint e = 0; e < expected->len && !found; e++)
        found = g_strcmp0 (expected->pdata[e], mine) == 0;
      if (!found)
        g_test_message ("row not expected: %s", mine);
      g_assert_true (found);
      for (guint f = 0; f < 4; f++)
        region_sums[f] += (gint64) g_ascii_strtoull (row[7 + 2 * f], NULL, 10) -
                          (gint64) g_ascii_strtoull (row[6 + 2 * f], NULL, 10);
    }

  /* Grouped: the same columns less start, end and path; per column the
   * rows' deltas add up to the region rows'. */
  g_file_get_contents (grouped_path, &grouped, NULL, NULL);
  grouped_rows = parse_csv (grouped);
  {
    g_autofree char *header = g_strjoinv (",", grouped_rows->pdata[0]);

    g_assert_cmpstr (header, ==, "change,kind,object,size_before,size_after,rss_before,rss_after,"
                                 "pss_before,pss_after,swap_before,swap_after");
  }
  g_assert_cmpuint (grouped_rows->len, >=, 2);
  for (guint r = 1; r < grouped_rows->len; r++)
    {
      char **row = grouped_rows->pdata[r];

      g_assert_cmpuint (g_strv_length (row), ==, 11);
      for (guint f = 0; f < 4; f++)
        group_sums[f] += (gint64) g_ascii_strtoull (row[4 + 2 * f], NULL, 10) -
                         (gint64) g_ascii_strtoull (row[3 + 2 * f], NULL, 10);
    }
  for (guint f = 0; f < 4; f++)
    g_assert_cmpint (group_sums[f], ==, region_sums[f]);
  g_assert_cmpint (region_sums[0], >, 0);

  ms_test_child_stop (child);
  ms_test_remove_tree (dir);
}

/* Two runs of one program, laid out apart (ASLR): its own and libc's
 * mappings still pair up, by path and offset. */
static void
test_aslr (void)
{
  g_autoptr(GError) error = NULL;
  MsTestChild *first = ms_test_child_start ();
  g_autoptr(MsSnapshot) one = ms_read_pid (first->pid, NULL, &error);
  MsTestChild *second;
  g_autoptr(MsSnapshot) two = NULL;
  g_autoptr(MsCompare) compare = NULL;
  g_autofree char *randomize = NULL;
  guint file_regions = 0, moved = 0;

  g_assert_no_error (error);
  ms_test_child_stop (first);
  second = ms_test_child_start ();
  two = ms_read_pid (second->pid, NULL, &error);
  g_assert_no_error (error);
  ms_test_child_stop (second);

  compare = ms_compare_new (one, two);
  for (guint i = 0; i < two->n_regions; i++)
    {
      const MsRegion *r = &two->regions[i];
      const MsComparePair *pair = ms_compare_get_pair_of_current (compare, i);
      const MsRegion *b;

      if (!ms_region_is_file_backed (r) || (strstr (r->path, "ms-test-child") == NULL && strstr (r->path, "/libc") == NULL))
        continue;
      file_regions++;
      g_assert_cmpint (pair->before, >=, 0);
      g_assert_cmpint (pair->change, !=, MS_COMPARE_ADDED);
      b = &one->regions[pair->before];
      g_assert_cmpstr (b->path, ==, r->path);
      g_assert_cmphex (b->offset, ==, r->offset);
      g_assert_cmpint (b->kind, ==, r->kind);
      g_assert_cmpuint (ms_region_get_size (b), ==, ms_region_get_size (r));
      if (b->start != r->start)
        moved++;
    }
  g_assert_cmpuint (file_regions, >=, 6);

  /* With address space randomisation on (Linux's default), the libraries
   * moved: the pairs came from rule 2. */
  if (g_file_get_contents ("/proc/sys/kernel/randomize_va_space", &randomize, NULL, NULL) &&
      g_ascii_strtoull (randomize, NULL, 10) != 0)
    g_assert_cmpuint (moved, >, 0);
  else
    g_test_message ("ASLR is off: the regions stayed where they were");
}

/* Every failure: exit 1, one line, no file. */
static void
test_cli_failures (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ms-compare-XXXXXX", NULL);
  g_autofree char *capture_path = g_build_filename (dir, "a.smaps", NULL);
  g_autofree char *target = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *picture = g_build_filename (dir, "out.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.smaps", NULL);
  g_autofree char *bad_target = g_build_filename (dir, "out.txt", NULL);
  const char *cases[][8] = {
    { "--open", capture_path, "--compare", missing, "--export", target, NULL },
    { "--open", missing, "--compare", capture_path, "--export", target, NULL },
    { "--compare", capture_path, NULL },
    { "--open", capture_path, "--compare", capture_path, "--export", bad_target, NULL },
    { "--open", capture_path, "--compare", capture_path, "--group", "object", "--export", picture },
    { "--compare", capture_path, "--export", target, NULL },
    { "--pid", "not-a-pid", "--compare", capture_path, "--export", target, NULL },
  };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_true (g_file_set_contents (capture_path, baseline_text, -1, NULL));
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_assert_cmpint (run_memscape (&out, &err, cases[c][0], cases[c][1], cases[c][2], cases[c][3], cases[c][4],
                                     cases[c][5], cases[c][6], cases[c][7], NULL), ==, 1);
      g_test_message ("case %u: %s", c, err);
      g_assert_true (g_str_has_prefix (err, "memscape: "));
      g_assert_nonnull (strchr (err, '\n'));
      g_assert_cmpstr (strchr (err, '\n') + 1, ==, "");
      g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (picture, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (bad_target, G_FILE_TEST_EXISTS));
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }
  ms_test_remove_tree (dir);
}

/* The pictures: a PNG, and an SVG whose text is text. */
static void
test_pictures (void)
{
  g_autoptr(MsSnapshot) baseline = ms_test_read_text (baseline_text, -1);
  g_autoptr(MsSnapshot) current = ms_test_read_text (current_text, -1);
  g_autoptr(MsCompare) compare = ms_compare_new (baseline, current);
  g_autofree char *dir = g_dir_make_tmp ("ms-compare-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "c.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "c.svg", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_true (ms_compare_export_to_file (compare, png, MS_SCALE_PROPORTIONAL, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png, &data, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_clear_pointer (&data, g_free);

  g_assert_true (ms_compare_export_to_file (compare, svg, MS_SCALE_LINEAR, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &data, &length, NULL));
  g_assert_nonnull (strstr (data, "<svg"));
  g_assert_nonnull (strstr (data, "What grew"));

  g_assert_false (ms_compare_export_to_file (compare, png, MS_SCALE_PROPORTIONAL, TRUE, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT);
  ms_test_remove_tree (dir);
}

/* Cost: linear after sorting; 5 000 regions against 5 000 compare in well
 * under what one read of them costs (here only checked to finish, and to
 * pair a layout with itself whole). */
static void
test_large (void)
{
  GString *text = g_string_new (NULL);
  g_autoptr(MsSnapshot) a = NULL;
  g_autoptr(MsCompare) compare = NULL;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "%08x-%08x rw-p 00000000 00:00 0 \nSize: 4 kB\nRss: 4 kB\n",
                            0x10000000 + i * 0x2000, 0x10001000 + i * 0x2000);
  a = ms_test_read_text (text->str, text->len);
  compare = ms_compare_new (a, a);
  g_assert_cmpuint (ms_compare_count (compare, MS_COMPARE_UNCHANGED), ==, 5000);
  g_string_free (text, TRUE);
}

/* The tooltip's words. */
static void
test_describe (void)
{
  g_autoptr(MsSnapshot) baseline = ms_test_read_text (baseline_text, -1);
  g_autoptr(MsSnapshot) current = ms_test_read_text (current_text, -1);
  g_autoptr(MsCompare) compare = ms_compare_new (baseline, current);
  g_autofree char *grown = ms_render_describe_compare (compare, 2);
  g_autofree char *moved = ms_render_describe_compare (compare, 8);
  g_autofree char *added = ms_render_describe_compare (compare, 0);

  g_autofree char *k4 = ms_format_size (4096);
  g_autofree char *k8 = ms_format_size (8192);
  g_autofree char *k16 = ms_format_size (16384);
  g_autofree char *k32 = ms_format_size (32768);
  g_autofree char *zero = ms_format_size (0);
  g_autofree char *size = g_strdup_printf ("Size: %s → %s (+%s)", k16, k32, k16);
  g_autofree char *rss = g_strdup_printf ("RSS: %s → %s (+%s)", k8, k16, k8);
  g_autofree char *fell = g_strdup_printf ("RSS: %s → %s (\xe2\x88\x92%s)", k4, zero, k4);

  g_assert_nonnull (strstr (grown, "Grown since the baseline"));
  g_assert_nonnull (strstr (grown, size));
  g_assert_nonnull (strstr (grown, rss));
  g_assert_nonnull (strstr (moved, "At 0x7f0000001000 in the baseline"));
  g_assert_nonnull (strstr (moved, fell));
  g_assert_nonnull (strstr (added, "Added since the baseline"));

  /* The ghost in the gap after /data/b: /data/twice's second mapping. */
  {
    g_autofree char *ghost = ms_render_describe_removed (compare, 0x7f0000011000, 0x7f1000000000);
    g_autofree char *none = ms_render_describe_removed (compare, 0x101000, 0x400000);

    g_assert_nonnull (ghost);
    g_assert_nonnull (strstr (ghost, "Removed since the baseline"));
    g_assert_nonnull (strstr (ghost, "1 region"));
    g_assert_nonnull (strstr (ghost, "0x7f0000020000"));
    g_assert_null (none);
  }
}

/* MsBaseline: pinned, it compares every new snapshot of the session with
 * the one pinned; cleared, nothing. */
static void
test_baseline (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSource) source = ms_local_source_new ();
  g_autoptr(MsSession) session = ms_session_new (source, child->pid);
  g_autoptr(MsBaseline) baseline = ms_baseline_new (session);
  MsSnapshot *pinned;
  g_autofree char *answer = NULL;
  guint64 start;
  MsCompare *compare;

  g_assert_false (ms_baseline_pin (baseline));   /* nothing read yet */
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
  g_assert_true (ms_baseline_pin (baseline));
  pinned = ms_baseline_get_snapshot (baseline);
  g_assert_true (pinned == ms_session_get_snapshot (session));
  g_assert_true (g_str_has_prefix (ms_baseline_get_label (baseline), "Compared with "));
  compare = ms_baseline_get_compare (baseline);
  g_assert_nonnull (compare);
  g_assert_cmpuint (ms_compare_count (compare, MS_COMPARE_UNCHANGED), ==, pinned->n_regions);

  answer = ms_test_child_command (child, "map 5");
  start = g_ascii_strtoull (answer + strlen ("mapped "), NULL, 16);
  ms_session_refresh (session);
  g_assert_true (ms_test_wait_for (ms_test_session_settled, session));
  compare = ms_baseline_get_compare (baseline);
  g_assert_true (ms_compare_get_baseline (compare) == pinned);
  g_assert_true (ms_compare_get_current (compare) == ms_session_get_snapshot (session));
  g_assert_cmpint (ms_compare_get_pair_of_current (compare,
                                                   ms_snapshot_find_start (ms_session_get_snapshot (session), start))->change,
                   ==, MS_COMPARE_ADDED);

  ms_baseline_clear (baseline);
  g_assert_null (ms_baseline_get_compare (baseline));
  g_assert_null (ms_baseline_get_label (baseline));
  ms_test_child_stop (child);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/compare/rules", test_rules);
  g_test_add_func ("/memscape/compare/groups", test_groups);
  g_test_add_func ("/memscape/compare/live", test_live);
  g_test_add_func ("/memscape/compare/csv", test_csv);
  g_test_add_func ("/memscape/compare/aslr", test_aslr);
  g_test_add_func ("/memscape/compare/cli-failures", test_cli_failures);
  g_test_add_func ("/memscape/compare/pictures", test_pictures);
  g_test_add_func ("/memscape/compare/large", test_large);
  g_test_add_func ("/memscape/compare/describe", test_describe);
  g_test_add_func ("/memscape/compare/baseline", test_baseline);

  return g_test_run ();
}
