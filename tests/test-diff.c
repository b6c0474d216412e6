/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ms-diff.h"
#include "ms-reader.h"
#include "ms-test-util.h"

#define REGION(range, perms, path, rss) \
  range " " perms " 00000000 00:00 0 " path "\n" \
  "Size:                  4 kB\n" \
  "Rss:                   " rss " kB\n"

static const char old_text[] =
  REGION ("00400000-00401000", "r-xp", "/usr/bin/prog", "4")
  REGION ("00500000-00504000", "rw-p", "[heap]", "8")           /* grows */
  REGION ("00600000-00602000", "rw-p", "", "4")                 /* vanishes … */
  REGION ("00602000-00603000", "rw-p", "", "4")                 /* … with this one: one range */
  REGION ("00700000-00708000", "rw-p", "", "4")                 /* shrinks */
  REGION ("00800000-00801000", "rw-p", "", "4")                 /* RSS changes */
  REGION ("00900000-00901000", "r--p", "/data/a", "4")          /* replaced by another file */
  REGION ("00a00000-00a01000", "rw-p", "", "4")                 /* vanishes, alone */
  REGION ("7ffff0000000-7ffff0001000", "rw-p", "[stack]", "4");

static const char new_text[] =
  REGION ("00100000-00101000", "rw-p", "", "4")                 /* appears first */
  REGION ("00400000-00401000", "r-xp", "/usr/bin/prog", "4")
  REGION ("00500000-00508000", "rw-p", "[heap]", "8")
  REGION ("00700000-00704000", "rw-p", "", "4")
  REGION ("00800000-00801000", "rw-p", "", "0")
  REGION ("00900000-00901000", "r--p", "/data/b", "4")
  REGION ("00b00000-00b01000", "rw-p", "", "4")                 /* appears */
  REGION ("7ffff0000000-7ffff0001000", "rw-p", "[stack]", "4")
  REGION ("7ffff1000000-7ffff1001000", "rw-p", "", "4");        /* appears last */

static void
test_changes (void)
{
  g_autoptr(MsSnapshot) before = ms_test_read_text (old_text, -1);
  g_autoptr(MsSnapshot) after = ms_test_read_text (new_text, -1);
  g_autoptr(MsDiff) diff = ms_diff_new (before, after);
  static const MsChange expected[] = {
    MS_CHANGE_APPEARED, MS_CHANGE_NONE, MS_CHANGE_GROWN, MS_CHANGE_SHRUNK,
    MS_CHANGE_RSS, MS_CHANGE_APPEARED, MS_CHANGE_APPEARED, MS_CHANGE_NONE,
    MS_CHANGE_APPEARED,
  };
  const MsRange *vanished;
  const guint8 *changes;
  const guint *moved;
  guint n;

  g_assert_cmpuint (after->n_regions, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (ms_diff_get_n_regions (diff), ==, after->n_regions);

  changes = ms_diff_get_changes (diff, &n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (ms_diff_get_change (diff, i), ==, expected[i]);
      g_assert_cmpint (changes[i], ==, expected[i]);
    }

  g_assert_cmpuint (ms_diff_count (diff, MS_CHANGE_NONE), ==, 2);
  g_assert_cmpuint (ms_diff_count (diff, MS_CHANGE_APPEARED), ==, 4);
  g_assert_cmpuint (ms_diff_count (diff, MS_CHANGE_GROWN), ==, 1);
  g_assert_cmpuint (ms_diff_count (diff, MS_CHANGE_SHRUNK), ==, 1);
  g_assert_cmpuint (ms_diff_count (diff, MS_CHANGE_RSS), ==, 1);

  /* Moved: appeared, grown or shrunk, in address order. */
  moved = ms_diff_get_moved (diff, &n);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpuint (moved[0], ==, 0);
  g_assert_cmpuint (moved[1], ==, 2);
  g_assert_cmpuint (moved[2], ==, 3);
  g_assert_cmpuint (moved[3], ==, 5);
  g_assert_cmpuint (moved[4], ==, 6);
  g_assert_cmpuint (moved[5], ==, 8);

  /* Two vanished ranges: the adjacent pair joined. */
  vanished = ms_diff_get_vanished (diff, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (vanished[0].start, ==, 0x600000);
  g_assert_cmpuint (vanished[0].end, ==, 0x603000);
  g_assert_cmpuint (vanished[1].start, ==, 0xa00000);
  g_assert_cmpuint (vanished[1].end, ==, 0xa01000);

  g_assert_false (ms_diff_is_layout_unchanged (diff));
}

static void
test_identical (void)
{
  g_autoptr(MsSnapshot) a = ms_test_read_text (old_text, -1);
  g_autoptr(MsSnapshot) b = ms_test_read_text (old_text, -1);
  g_autoptr(MsDiff) diff = ms_diff_new (a, b);
  guint n;

  g_assert_cmpuint (ms_diff_count (diff, MS_CHANGE_NONE), ==, a->n_regions);
  ms_diff_get_moved (diff, &n);
  g_assert_cmpuint (n, ==, 0);
  ms_diff_get_vanished (diff, &n);
  g_assert_cmpuint (n, ==, 0);
  g_assert_true (ms_diff_is_layout_unchanged (diff));
}

static void
test_all_gone (void)
{
  g_autoptr(MsSnapshot) a = ms_test_read_text (old_text, -1);
  g_autoptr(MsSnapshot) b = ms_test_read_text (REGION ("f0000000-f0001000", "rw-p", "", "4"), -1);
  g_autoptr(MsDiff) diff = ms_diff_new (a, b);
  const MsRange *vanished;
  guint n;

  g_assert_cmpint (ms_diff_get_change (diff, 0), ==, MS_CHANGE_APPEARED);
  vanished = ms_diff_get_vanished (diff, &n);
  /* Every old region vanished; the adjacent pair joined. */
  g_assert_cmpuint (n, ==, a->n_regions - 1);
  g_assert_cmpuint (vanished[n - 1].start, ==, 0x7ffff0000000);
}

/* 65 530 regions, every tenth one changed: the diff is complete and fast
 * enough to run on every refresh. */
static void
test_large (void)
{
  GString *a = g_string_new (NULL);
  GString *b = g_string_new (NULL);
  g_autoptr(MsSnapshot) before = NULL;
  g_autoptr(MsSnapshot) after = NULL;
  g_autoptr(MsDiff) diff = NULL;
  guint64 addr = 0x10000000;
  guint n_grown = 0, n_vanished_expected = 0;
  gint64 t0;
  guint n;

  for (guint i = 0; i < 65530; i++)
    {
      gboolean grow = i % 10 == 3;
      gboolean drop = i % 10 == 7;

      g_string_append_printf (a, "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x rw-p 00000000 00:00 0 \n",
                              addr, addr + 4096);
      if (drop)
        n_vanished_expected++;
      else
        g_string_append_printf (b, "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x rw-p 00000000 00:00 0 \n",
                                addr, addr + (grow ? 8192 : 4096));
      n_grown += grow;
      addr += 16384;
    }

  before = ms_test_read_text (a->str, -1);
  after = ms_test_read_text (b->str, -1);
  g_string_free (a, TRUE);
  g_string_free (b, TRUE);

  t0 = g_get_monotonic_time ();
  diff = ms_diff_new (before, after);
  g_test_message ("diff of 65530 regions: %.2f ms", (g_get_monotonic_time () - t0) / 1000.0);

  g_assert_cmpuint (ms_diff_count (diff, MS_CHANGE_GROWN), ==, n_grown);
  g_assert_cmpuint (ms_diff_count (diff, MS_CHANGE_NONE), ==, after->n_regions - n_grown);
  ms_diff_get_vanished (diff, &n);
  g_assert_cmpuint (n, ==, n_vanished_expected);
}

/* Same range, mapping and RSS, another PSS: changed in place, not moved. */
static void
test_counters (void)
{
  static const char before_text[] =
    "00400000-00401000 r-xp 00000000 00:00 0 /usr/bin/prog\n"
    "Size:                  4 kB\nRss:                   4 kB\nPss:                   4 kB\n"
    "00500000-00501000 rw-p 00000000 00:00 0 \n"
    "Size:                  4 kB\nRss:                   4 kB\nPss:                   4 kB\n";
  static const char after_text[] =
    "00400000-00401000 r-xp 00000000 00:00 0 /usr/bin/prog\n"
    "Size:                  4 kB\nRss:                   4 kB\nPss:                   2 kB\n"
    "00500000-00501000 rw-p 00000000 00:00 0 \n"
    "Size:                  4 kB\nRss:                   4 kB\nPss:                   4 kB\n";
  g_autoptr(MsSnapshot) before = ms_test_read_text (before_text, -1);
  g_autoptr(MsSnapshot) after = ms_test_read_text (after_text, -1);
  g_autoptr(MsDiff) diff = ms_diff_new (before, after);

  g_assert_cmpint (ms_diff_get_change (diff, 0), ==, MS_CHANGE_COUNTERS);
  g_assert_cmpint (ms_diff_get_change (diff, 1), ==, MS_CHANGE_NONE);
  g_assert_cmpuint (ms_diff_count (diff, MS_CHANGE_COUNTERS), ==, 1);
  g_assert_true (ms_diff_is_layout_unchanged (diff));
  g_assert_true (G_TYPE_IS_BOXED (MS_TYPE_DIFF));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/diff/changes", test_changes);
  g_test_add_func ("/memscape/diff/identical", test_identical);
  g_test_add_func ("/memscape/diff/all-gone", test_all_gone);
  g_test_add_func ("/memscape/diff/large", test_large);

  g_test_add_func ("/memscape/diff/counters", test_counters);

  return g_test_run ();
}
