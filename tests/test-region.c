/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ms-region.h"

#define R(s, e) { .start = (s), .end = (e) }

/* Three regions with gaps between and around them. */
static const MsRegion spaced[] = {
  R (0x1000, 0x3000),
  R (0x3000, 0x4000),   /* touches the one before */
  R (0x8000, 0x9000),
};

static void
test_find (void)
{
  struct {
    guint64 address;
    int     found;
    guint   bisect;
  } cases[] = {
    { 0x0, -1, 0 },           /* before everything */
    { 0xfff, -1, 0 },
    { 0x1000, 0, 1 },         /* a start is inside */
    { 0x2fff, 0, 1 },
    { 0x3000, 1, 2 },         /* an end is not */
    { 0x3fff, 1, 2 },
    { 0x4000, -1, 2 },        /* the gap */
    { 0x7fff, -1, 2 },
    { 0x8000, 2, 3 },
    { 0x8fff, 2, 3 },
    { 0x9000, -1, 3 },        /* after everything */
    { G_MAXUINT64, -1, 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("address: %#" G_GINT64_MODIFIER "x", cases[i].address);
      g_assert_cmpint (ms_regions_find (spaced, G_N_ELEMENTS (spaced), cases[i].address), ==, cases[i].found);
      g_assert_cmpuint (ms_regions_bisect (spaced, G_N_ELEMENTS (spaced), cases[i].address), ==, cases[i].bisect);
    }

  /* Every prefix of the array, as the parser's growing one. */
  for (guint n = 0; n <= G_N_ELEMENTS (spaced); n++)
    for (guint i = 0; i < G_N_ELEMENTS (spaced); i++)
      {
        g_assert_cmpint (ms_regions_find (spaced, n, spaced[i].start), ==, i < n ? (int) i : -1);
        g_assert_cmpuint (ms_regions_bisect (spaced, n, spaced[i].start), ==, MIN (i + 1, n));
      }

  g_assert_cmpint (ms_regions_find (NULL, 0, 0x1000), ==, -1);
  g_assert_cmpuint (ms_regions_bisect (NULL, 0, 0x1000), ==, 0);
}

/* A crafted capture may overlap: a region that holds the address is found
 * even when a later, shorter one starts before it. */
static void
test_find_overlapping (void)
{
  static const MsRegion overlapping[] = {
    R (0x0000, 0x0500),
    R (0x1000, 0xa000),
    R (0x2000, 0x3000),
  };

  g_assert_cmpint (ms_regions_find (overlapping, 3, 0x5000), ==, 1);
  g_assert_cmpint (ms_regions_find (overlapping, 3, 0x2800), >=, 1);
  g_assert_cmpuint (ms_regions_bisect (overlapping, 3, 0x5000), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/region/find", test_find);
  g_test_add_func ("/memscape/region/find-overlapping", test_find_overlapping);

  return g_test_run ();
}
