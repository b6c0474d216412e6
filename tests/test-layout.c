/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ms-layout.h"
#include "ms-reader.h"
#include "ms-test-util.h"

/* Five regions, three gaps: 4 KiB text, 8 KiB data (adjacent), 16 KiB heap,
 * 64 KiB anonymous, 4 KiB stack. */
static const char maps_text[] =
  "00400000-00401000 r-xp 00000000 08:01 100 /usr/bin/prog\n"
  "00401000-00403000 rw-p 00001000 08:01 100 /usr/bin/prog\n"
  "00500000-00504000 rw-p 00000000 00:00 0 [heap]\n"
  "7f0000000000-7f0000010000 rw-p 00000000 00:00 0 \n"
  "7ffff0000000-7ffff0001000 rw-p 00000000 00:00 0 [stack]\n";

static double
span_width (const MsLayout *layout,
            guint           index)
{
  double u0, u1;

  ms_layout_get_region_span (layout, index, &u0, &u1);
  return u1 - u0;
}

static void
test_proportional (void)
{
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (maps_text, -1);
  g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_PROPORTIONAL);
  double u0, u1;

  g_assert_cmpuint (ms_layout_get_n_regions (layout), ==, 5);
  g_assert_cmpint (ms_layout_get_mode (layout), ==, MS_SCALE_PROPORTIONAL);

  /* Widths in proportion to sizes: 4 : 8 : 16 : 64 : 4 KiB. */
  g_assert_cmpfloat_with_epsilon (span_width (layout, 1) / span_width (layout, 0), 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (span_width (layout, 2) / span_width (layout, 0), 4.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (span_width (layout, 3) / span_width (layout, 0), 16.0, 1e-9);

  /* The axis starts at the first region and ends at the last. */
  ms_layout_get_region_span (layout, 0, &u0, &u1);
  g_assert_cmpfloat (u0, ==, 0.0);
  ms_layout_get_region_span (layout, 4, &u0, &u1);
  g_assert_cmpfloat (u1, ==, 1.0);

  /* Spans are ordered and never overlap. */
  for (guint i = 1; i < 5; i++)
    {
      double p0, p1;

      ms_layout_get_region_span (layout, i - 1, &p0, &p1);
      ms_layout_get_region_span (layout, i, &u0, &u1);
      g_assert_cmpfloat (p1, <=, u0);
      g_assert_cmpfloat (u0, <, u1);
    }
}

/* Reserved space is address space, not memory: in the proportional scale
 * the three arena tails of a threaded python3 (191 MiB of its 230 MiB)
 * are compressed like gaps, each no wider than 1/12 of the memory
 * drawn; in the linear scale each is drawn to scale like its neighbour. */
static void
test_reserved_compressed (void)
{
  g_autoptr(MsSnapshot) snapshot = ms_test_read_fixture ("python3-threads.smaps");
  g_autoptr(MsLayout) proportional = ms_layout_new (snapshot, MS_SCALE_PROPORTIONAL);
  g_autoptr(MsLayout) linear = ms_layout_new (snapshot, MS_SCALE_LINEAR);
  double reserved_share = 0, bytes_share;
  guint n_reserved = 0;

  bytes_share = (double) snapshot->per_kind[MS_KIND_RESERVED].vss / (double) snapshot->total.vss;
  g_assert_cmpfloat (bytes_share, >, 0.5);

  for (guint i = 0; i < snapshot->n_regions; i++)
    {
      const MsRegion *r = &snapshot->regions[i];
      double per_byte_linear, per_byte_prev_linear;

      if (r->kind != MS_KIND_RESERVED)
        continue;
      n_reserved++;
      reserved_share += span_width (proportional, i);
      g_assert_cmpfloat (span_width (proportional, i), >, 0);
      g_assert_cmpfloat (span_width (proportional, i), <, 1.0 / 12);

      /* Linear: the tail and the arena's start are one cluster, one scale. */
      g_assert_cmpuint (r[-1].end, ==, r->start);
      per_byte_linear = span_width (linear, i) / (double) ms_region_get_size (r);
      per_byte_prev_linear = span_width (linear, i - 1) / (double) ms_region_get_size (&r[-1]);
      g_assert_cmpfloat_with_epsilon (per_byte_linear / per_byte_prev_linear, 1.0, 1e-6);
    }

  g_assert_cmpuint (n_reserved, ==, 3);
  g_assert_cmpfloat (reserved_share, <=, 0.25);

  /* The rest keeps its proportions: the 8 MiB thread stacks are the same
   * width, and wider than any reserved region. */
  for (guint i = 0; i < snapshot->n_regions; i++)
    if (ms_region_get_size (&snapshot->regions[i]) == 8 * 1024 * 1024)
      g_assert_cmpfloat (span_width (proportional, i), >, 1.0 / 12);
}

static void
test_gap_break (void)
{
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (maps_text, -1);
  g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_PROPORTIONAL);
  double g0, g1, widths[3];

  g_assert_cmpint (ms_layout_get_gap (layout, 0, NULL, NULL), ==, MS_GAP_NONE);
  /* Data follows text directly. */
  g_assert_cmpint (ms_layout_get_gap (layout, 1, &g0, &g1), ==, MS_GAP_NONE);

  /* Gaps of ~1 MiB, ~127 TiB and ~1 TiB all get the same narrow mark. */
  for (guint i = 2; i <= 4; i++)
    {
      double p0, p1, n0, n1;

      g_assert_cmpint (ms_layout_get_gap (layout, i, &g0, &g1), ==, MS_GAP_BREAK);
      ms_layout_get_region_span (layout, i - 1, &p0, &p1);
      ms_layout_get_region_span (layout, i, &n0, &n1);
      g_assert_cmpfloat (g0, ==, p1);
      g_assert_cmpfloat (g1, ==, n0);
      widths[i - 2] = g1 - g0;
      g_assert_cmpfloat (widths[i - 2], >, 0);
    }
  g_assert_cmpfloat_with_epsilon (widths[0], widths[1], 1e-12);
  g_assert_cmpfloat_with_epsilon (widths[1], widths[2], 1e-12);

  /* Narrow: far less than the smallest region (4 KiB of 96 KiB). */
  g_assert_cmpfloat (widths[0], <, span_width (layout, 0));
  g_assert_cmpfloat (3 * widths[0], <=, 0.12 + 1e-12);

  /* The axis in a gap: no region, the gap named. */
  {
    int gap = -1;

    g_assert_cmpint (ms_layout_hit (layout, (g0 + g1) / 2, &gap), ==, -1);
    g_assert_cmpint (gap, ==, 4);
  }
}

static void
test_linear (void)
{
  static const char text[] =
    "00400000-00401000 r-xp 00000000 08:01 100 /usr/bin/prog\n"
    "00402000-00404000 rw-p 00000000 00:00 0 \n"
    "00408000-00409000 rw-p 00000000 00:00 0 [stack]\n"
    "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]\n";
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (text, -1);
  g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_LINEAR);
  double u0, u1, g0, g1;

  /* Gaps in proportion to the addresses they span. */
  g_assert_cmpint (ms_layout_get_gap (layout, 1, &g0, &g1), ==, MS_GAP_LINEAR);
  g_assert_cmpfloat_with_epsilon ((g1 - g0) / span_width (layout, 0), 1.0, 1e-9);
  g_assert_cmpint (ms_layout_get_gap (layout, 2, &g0, &g1), ==, MS_GAP_LINEAR);
  g_assert_cmpfloat_with_epsilon ((g1 - g0) / span_width (layout, 0), 4.0, 1e-9);

  /* …but the hole before the kernel half is a break, or the process would
   * be squeezed into nothing. */
  g_assert_cmpint (ms_layout_get_gap (layout, 3, NULL, NULL), ==, MS_GAP_BREAK);
  ms_layout_get_region_span (layout, 2, &u0, &u1);
  g_assert_cmpfloat (u1, >, 0.5);

  /* Addresses map linearly inside the user half. */
  u0 = ms_layout_axis_at_address (layout, 0x400000);
  u1 = ms_layout_axis_at_address (layout, 0x404000);
  g_assert_cmpfloat_with_epsilon (ms_layout_axis_at_address (layout, 0x402000), (u0 + u1) / 2, 1e-12);
}

/* A 64-bit process as the kernel lays it out: the program and its heap
 * low, 43 TiB below the libraries, the stack 128 MiB above them, [vsyscall]
 * in the kernel half. 2.8 MiB mapped in all. */
static const char process_maps[] =
  "555555554000-555555556000 r--p 00000000 08:01 100 /usr/bin/prog\n"
  "555555556000-555555558000 r-xp 00002000 08:01 100 /usr/bin/prog\n"
  "555555558000-55555555a000 rw-p 00004000 08:01 100 /usr/bin/prog\n"
  "555555a00000-555555a21000 rw-p 00000000 00:00 0 [heap]\n"
  "7ffff7d00000-7ffff7d28000 r--p 00000000 08:01 200 /usr/lib/libc.so.6\n"
  "7ffff7d28000-7ffff7ebd000 r-xp 00028000 08:01 200 /usr/lib/libc.so.6\n"
  "7ffff7ebd000-7ffff7f15000 r--p 001bd000 08:01 200 /usr/lib/libc.so.6\n"
  "7ffff7f15000-7ffff7f16000 ---p 00215000 08:01 200 /usr/lib/libc.so.6\n"
  "7ffff7f16000-7ffff7f1a000 r--p 00215000 08:01 200 /usr/lib/libc.so.6\n"
  "7ffff7f1a000-7ffff7f1c000 rw-p 00219000 08:01 200 /usr/lib/libc.so.6\n"
  "7ffff7f1c000-7ffff7f29000 rw-p 00000000 00:00 0 \n"
  "7ffff7fc0000-7ffff7fc4000 r--p 00000000 00:00 0 [vvar]\n"
  "7ffff7fc4000-7ffff7fc6000 r-xp 00000000 00:00 0 [vdso]\n"
  "7ffff7fc6000-7ffff7fc7000 r--p 00000000 08:01 300 /usr/lib/ld-linux-x86-64.so.2\n"
  "7ffff7fc7000-7ffff7ff1000 r-xp 00001000 08:01 300 /usr/lib/ld-linux-x86-64.so.2\n"
  "7ffff7ff1000-7ffff7ffb000 r--p 0002b000 08:01 300 /usr/lib/ld-linux-x86-64.so.2\n"
  "7ffff7ffb000-7ffff7fff000 rw-p 00035000 08:01 300 /usr/lib/ld-linux-x86-64.so.2\n"
  "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0 [stack]\n"
  "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]\n";

/* The linear scale at full view shows every cluster of mappings, not an
 * empty bar with slivers at its ends: the gaps wider than everything mapped
 * are cut to break marks, the clusters between them are drawn to scale and
 * at least a twentieth of the axis wide; the gaps inside a cluster stay to
 * scale. */
static void
test_linear_clusters (void)
{
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (process_maps, -1);
  g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_LINEAR);
  /* The first region of each cluster, and one past the last. */
  static const guint clusters[] = { 0, 3, 4, 17, 18, 19 };
  double g0, g1, empty = 0, breaks = 0;

  g_assert_cmpuint (ms_layout_get_n_regions (layout), ==, 19);
  g_assert_cmpint (ms_layout_get_mode (layout), ==, MS_SCALE_LINEAR);

  /* Cut: program → heap (4.6 MiB), heap → libraries (43 TiB), libraries →
   * stack (128 MiB), the kernel half. Kept: the 604 KiB before [vvar]. */
  for (guint i = 1; i < 19; i++)
    {
      MsGapKind gap = ms_layout_get_gap (layout, i, &g0, &g1);
      gboolean cluster_start = FALSE;

      for (guint c = 1; c + 1 < G_N_ELEMENTS (clusters); c++)
        cluster_start |= clusters[c] == i;
      if (cluster_start)
        {
          g_assert_cmpint (gap, ==, MS_GAP_BREAK);
          breaks += g1 - g0;
        }
      else if (i == 11)
        {
          g_assert_cmpint (gap, ==, MS_GAP_LINEAR);
          empty += g1 - g0;
        }
      else
        {
          g_assert_cmpint (gap, ==, MS_GAP_NONE);
        }
    }
  g_assert_cmpfloat (breaks, <=, 0.12 + 1e-12);

  /* Every cluster in sight: at least a twentieth of the axis less the
   * breaks (the program is 24 KiB of a 128 TiB range). */
  for (guint c = 0; c + 1 < G_N_ELEMENTS (clusters); c++)
    {
      double a0, a1, b0, b1;

      ms_layout_get_region_span (layout, clusters[c], &a0, &a1);
      ms_layout_get_region_span (layout, clusters[c + 1] - 1, &b0, &b1);
      g_assert_cmpfloat (b1 - a0, >=, 0.05 * (1 - breaks) - 1e-9);
    }

  /* Inside a cluster, to scale: the program's three 8 KiB regions alike,
   * and in the libraries' cluster the 604 KiB gap against libc's 1.6 MiB
   * of code. */
  g_assert_cmpfloat_with_epsilon (span_width (layout, 1) / span_width (layout, 0), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (span_width (layout, 2) / span_width (layout, 0), 1.0, 1e-9);
  ms_layout_get_gap (layout, 11, &g0, &g1);
  g_assert_cmpfloat_with_epsilon ((g1 - g0) / span_width (layout, 5), (double) 0x97000 / 0x195000, 1e-9);

  /* Mostly mapped, not empty. */
  g_assert_cmpfloat (empty, <=, 0.5);

  /* Addresses still go to the axis and back. */
  for (guint i = 0; i < 19; i++)
    {
      const MsRegion *r = &snapshot->regions[i];
      guint64 middle = r->start + (r->end - r->start) / 2;
      double u = ms_layout_axis_at_address (layout, middle);
      guint64 back = ms_layout_address_at (layout, u);

      g_assert_cmpint (ms_layout_hit (layout, u, NULL), ==, (int) i);
      g_assert_cmpint (ABS ((gint64) (back - middle)), <=, 64);
    }
}

/* "+" with nothing chosen zooms toward the data: from an empty stretch of
 * the linear scale, into the nearest region. */
static void
test_data_near (void)
{
  static const char text[] =
    "00400000-00401000 r-xp 00000000 08:01 100 /usr/bin/prog\n"
    "00402000-00404000 rw-p 00000000 00:00 0 \n"
    "00408000-0040a000 rw-p 00000000 00:00 0 [stack]\n";
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (text, -1);
  g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_LINEAR);
  double g0, g1, r0, r1, u;

  /* On a region: the middle of the view itself. */
  ms_layout_get_region_span (layout, 1, &r0, &r1);
  u = ms_layout_data_near (layout, r0, r1);
  g_assert_cmpfloat_with_epsilon (u, (r0 + r1) / 2, 1e-12);

  /* A view whose middle is in the 16 KiB gap, nearer its start: the region
   * before, whole in view. */
  g_assert_cmpint (ms_layout_get_gap (layout, 2, &g0, &g1), ==, MS_GAP_LINEAR);
  u = ms_layout_data_near (layout, r0, g0 + (g1 - g0) * 0.6);
  g_assert_cmpint (ms_layout_hit (layout, u, NULL), ==, 1);
  g_assert_cmpfloat_with_epsilon (u, (r0 + r1) / 2, 1e-12);

  /* Nearer its end: the stack, the part of it in view. */
  ms_layout_get_region_span (layout, 2, &r0, &r1);
  u = ms_layout_data_near (layout, g0 + (g1 - g0) * 0.5, r0 + (r1 - r0) / 2);
  g_assert_cmpint (ms_layout_hit (layout, u, NULL), ==, 2);
  g_assert_cmpfloat_with_epsilon (u, r0 + (r1 - r0) / 4, 1e-12);

  /* A view inside the gap, showing nothing: the nearer region all the same. */
  u = ms_layout_data_near (layout, g0 + (g1 - g0) * 0.7, g0 + (g1 - g0) * 0.8);
  g_assert_cmpint (ms_layout_hit (layout, u, NULL), ==, 2);
}

static void
test_address_axis (void)
{
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (maps_text, -1);
  const guint64 addresses[] = {
    0x400000, 0x400800, 0x401000, 0x402fff, 0x500000, 0x503000,
    0x7f0000000000, 0x7f0000008000, 0x7ffff0000000, 0x7ffff0000fff,
  };

  for (MsScaleMode mode = MS_SCALE_PROPORTIONAL; mode <= MS_SCALE_LINEAR; mode++)
    {
      g_autoptr(MsLayout) layout = ms_layout_new (snapshot, mode);
      double last = -1;

      for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
        {
          double u = ms_layout_axis_at_address (layout, addresses[i]);
          guint64 back = ms_layout_address_at (layout, u);
          gint64 diff = (gint64) (back - addresses[i]);

          g_assert_cmpfloat (u, >, last);
          last = u;
          /* Exact to a few bytes; the linear axis spans 128 TiB in a double. */
          g_assert_cmpint (ABS (diff), <=, mode == MS_SCALE_LINEAR ? 64 : 1);
          g_assert_cmpint (ms_layout_hit (layout, u, NULL), ==, ms_snapshot_find_region (snapshot, addresses[i]));
        }

      /* Outside the mapped range. */
      g_assert_cmpfloat (ms_layout_axis_at_address (layout, 0x1000), ==, 0.0);
      g_assert_cmpfloat (ms_layout_axis_at_address (layout, G_MAXUINT64), ==, 1.0);
      g_assert_cmpuint (ms_layout_address_at (layout, 0.0), ==, 0x400000);
      g_assert_cmpuint (ms_layout_address_at (layout, 1.0), ==, 0x7ffff0001000);
    }

  /* Inside a break the address moves across the gap. */
  {
    g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_PROPORTIONAL);
    double g0, g1;
    guint64 a;

    ms_layout_get_gap (layout, 2, &g0, &g1);
    a = ms_layout_address_at (layout, (g0 + g1) / 2);
    g_assert_cmpuint (a, >, 0x403000);
    g_assert_cmpuint (a, <, 0x500000);
  }
}

static void
test_hit_boundaries (void)
{
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (maps_text, -1);
  g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_PROPORTIONAL);
  double u0, u1;
  int gap;

  ms_layout_get_region_span (layout, 1, &u0, &u1);

  /* A region owns its start, not its end. */
  g_assert_cmpint (ms_layout_hit (layout, u0, &gap), ==, 1);
  g_assert_cmpint (gap, ==, -1);
  g_assert_cmpint (ms_layout_hit (layout, nextafter (u0, 0), NULL), ==, 0);
  g_assert_cmpint (ms_layout_hit (layout, nextafter (u1, 0), NULL), ==, 1);
  g_assert_cmpint (ms_layout_hit (layout, u1, &gap), ==, -1);
  g_assert_cmpint (gap, ==, 2);

  /* The very ends. */
  g_assert_cmpint (ms_layout_hit (layout, 0.0, NULL), ==, 0);
  g_assert_cmpint (ms_layout_hit (layout, 1.0, NULL), ==, 4);
  g_assert_cmpint (ms_layout_hit (layout, -0.01, &gap), ==, -1);
  g_assert_cmpint (gap, ==, -1);
  g_assert_cmpint (ms_layout_hit (layout, 1.01, NULL), ==, -1);
}

static void
test_zoom_view (void)
{
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (maps_text, -1);
  g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_PROPORTIONAL);
  double start = 0, end = 1, min_span;

  /* Around the middle. */
  ms_layout_zoom_view (layout, &start, &end, 2.0, 0.5);
  g_assert_cmpfloat_with_epsilon (start, 0.25, 1e-12);
  g_assert_cmpfloat_with_epsilon (end, 0.75, 1e-12);

  /* Around the pointer at a quarter: that axis position stays put. */
  {
    double at = start + 0.25 * (end - start);

    ms_layout_zoom_view (layout, &start, &end, 4.0, 0.25);
    g_assert_cmpfloat_with_epsilon (start + 0.25 * (end - start), at, 1e-12);
    g_assert_cmpfloat_with_epsilon (end - start, 0.125, 1e-12);
  }

  /* Panning stops at the ends. */
  ms_layout_pan_view (layout, &start, &end, -5.0);
  g_assert_cmpfloat (start, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (end, 0.125, 1e-12);
  ms_layout_pan_view (layout, &start, &end, 5.0);
  g_assert_cmpfloat (end, ==, 1.0);
  g_assert_cmpfloat_with_epsilon (start, 0.875, 1e-12);

  /* Zooming in stops at one page across the view. */
  min_span = ms_layout_get_min_span (layout);
  g_assert_cmpfloat_with_epsilon (min_span, span_width (layout, 0), 1e-12);
  ms_layout_zoom_view (layout, &start, &end, 1e12, 0.5);
  g_assert_cmpfloat_with_epsilon (end - start, min_span, 1e-15);
  g_assert_cmpfloat (end, <=, 1.0);

  /* Zooming out stops at the whole axis. */
  ms_layout_zoom_view (layout, &start, &end, 1e-12, 0.5);
  g_assert_cmpfloat (start, ==, 0.0);
  g_assert_cmpfloat (end, ==, 1.0);

  /* Nonsense is clamped. */
  start = 0.7;
  end = 0.2;
  ms_layout_clamp_view (layout, &start, &end);
  g_assert_cmpfloat (start, >=, 0.0);
  g_assert_cmpfloat (end, <=, 1.0);
  g_assert_cmpfloat (end - start, >=, min_span);
}

static void
test_fit_reveal (void)
{
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (maps_text, -1);
  g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_PROPORTIONAL);
  double start = 0, end = 1, u0, u1;

  ms_layout_fit_region (layout, 2, &start, &end);
  ms_layout_get_region_span (layout, 2, &u0, &u1);
  g_assert_cmpfloat_with_epsilon ((u1 - u0) / (end - start), 0.8, 1e-9);
  g_assert_cmpfloat_with_epsilon ((u0 + u1) / 2, (start + end) / 2, 1e-12);

  /* Already visible and wide: nothing to do. */
  g_assert_false (ms_layout_reveal_region (layout, 2, 1000, &start, &end));

  /* Out of view: panned in, zoom kept. */
  {
    double span = end - start;

    g_assert_true (ms_layout_reveal_region (layout, 3, 1000, &start, &end));
    ms_layout_get_region_span (layout, 3, &u0, &u1);
    g_assert_cmpfloat_with_epsilon (end - start, span, 1e-12);
    g_assert_cmpfloat (MAX (u0, start), <, MIN (u1, end));
  }

  /* Thinner than two columns: zoomed in until it is a tenth of the view. */
  start = 0;
  end = 1;
  g_assert_true (ms_layout_reveal_region (layout, 0, 10, &start, &end));
  ms_layout_get_region_span (layout, 0, &u0, &u1);
  g_assert_cmpfloat_with_epsilon ((u1 - u0) / (end - start), 0.1, 1e-9);
  g_assert_cmpfloat (start, <=, u0);
  g_assert_cmpfloat (end, >=, u1);
}

/* Many one-page regions after one big one, drawn narrower than their count. */
static MsSnapshot *
build_crowded (guint n_small)
{
  GString *text = g_string_new ("10000000-10400000 r-xp 00000000 08:01 7 /usr/lib/libbig.so\n");
  guint64 addr = 0x20000000;
  MsSnapshot *snapshot;

  for (guint i = 0; i < n_small; i++)
    {
      /* Alternating guard pages and anonymous pages, back to back. */
      g_string_append_printf (text, "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x %s 00000000 00:00 0 \n",
                              addr, addr + 4096, i % 2 ? "rw-p" : "---p");
      addr += 4096;
    }

  snapshot = ms_test_read_text (text->str, -1);
  g_string_free (text, TRUE);
  return snapshot;
}

static void
check_spans_cover (const MsLayout *layout,
                   GArray         *spans,
                   guint           n_columns)
{
  guint next = 0;

  g_assert_cmpuint (spans->len, >, 0);
  g_assert_cmpuint (spans->len, <=, n_columns);

  for (guint i = 0; i < spans->len; i++)
    {
      const MsSpan *s = &g_array_index (spans, MsSpan, i);

      g_assert_cmpuint (s->x0, ==, next);
      g_assert_cmpuint (s->x1, >, s->x0);
      next = s->x1;

      if (s->type == MS_SPAN_REGION)
        g_assert_cmpint (s->first, ==, s->last);
      if (s->type == MS_SPAN_MERGED)
        g_assert_cmpint (s->first, <, s->last);
      if (s->type == MS_SPAN_REGION || s->type == MS_SPAN_MERGED)
        g_assert_true (s->kinds & (1u << s->kind));
    }

  g_assert_cmpuint (next, ==, n_columns);
}

static void
test_merging (void)
{
  g_autoptr(MsSnapshot) snapshot = build_crowded (1024);
  g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_PROPORTIONAL);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (MsSpan));
  guint n_columns = 400;
  const MsSpan *s;
  guint covered_to = 0;

  /* 4 MiB big region, 4 MiB of one-page regions, one break between. */
  ms_layout_get_spans (layout, 0, 1, n_columns, spans);
  check_spans_cover (layout, spans, n_columns);

  /* The big region is one run; the crowd merges into runs of at most one
   * run per column, each naming the regions it holds, all of them. */
  s = &g_array_index (spans, MsSpan, 0);
  g_assert_cmpint (s->type, ==, MS_SPAN_REGION);
  g_assert_cmpint (s->first, ==, 0);
  g_assert_cmpuint (s->x1, >=, 40);

  for (guint i = 1; i < spans->len; i++)
    {
      s = &g_array_index (spans, MsSpan, i);
      if (s->type != MS_SPAN_MERGED || s->first == 0)
        continue;
      /* Guard and anonymous pages alternate: both kinds in every column. */
      g_assert_true (s->kinds & (1u << MS_KIND_GUARD));
      g_assert_true (s->kinds & (1u << MS_KIND_MMAP_ANON));
      g_assert_true (s->kind == MS_KIND_MMAP_ANON || s->kind == MS_KIND_GUARD);
      g_assert_cmpint (s->first, <=, (int) covered_to + 1);
      covered_to = (guint) s->last;
    }
  g_assert_cmpuint (covered_to, ==, 1024);

  /* A break between the two groups. */
  {
    gboolean found = FALSE;

    for (guint i = 0; i < spans->len; i++)
      if (g_array_index (spans, MsSpan, i).type == MS_SPAN_BREAK)
        {
          g_assert_cmpint (g_array_index (spans, MsSpan, i).gap, ==, 1);
          found = TRUE;
        }
    g_assert_true (found);
  }

  /* Zoomed in far enough, the crowd comes apart into single regions. */
  {
    double u0, u1, start, end;

    ms_layout_get_region_span (layout, 500, &u0, &u1);
    start = u0;
    end = u0 + 10 * (u1 - u0);
    ms_layout_get_spans (layout, start, end, n_columns, spans);
    check_spans_cover (layout, spans, n_columns);
    g_assert_cmpuint (spans->len, >=, 10);
    for (guint i = 0; i < spans->len; i++)
      g_assert_cmpint (g_array_index (spans, MsSpan, i).type, !=, MS_SPAN_MERGED);
  }

  /* Each column classified alone agrees with the runs. */
  ms_layout_get_spans (layout, 0.3, 0.9, 37, spans);
  check_spans_cover (layout, spans, 37);
  for (guint i = 0; i < spans->len; i++)
    {
      const MsSpan *run = &g_array_index (spans, MsSpan, i);

      for (guint c = run->x0; c < run->x1; c++)
        {
          MsSpan column;

          g_assert_true (ms_layout_get_column (layout, 0.3, 0.9, 37, c, &column));
          g_assert_cmpint (column.type, ==, run->type);
          g_assert_cmpint (column.kind, ==, run->kind);
          g_assert_cmpint (column.first, >=, run->first);
          g_assert_cmpint (column.last, <=, run->last);
        }
    }
  {
    MsSpan column;

    g_assert_false (ms_layout_get_column (layout, 0.3, 0.9, 37, 37, &column));
  }
}

static void
test_merging_dominant (void)
{
  /* One column holding 12 KiB of heap and 4 KiB of stack: heap colour. */
  static const char text[] =
    "00500000-00503000 rw-p 00000000 00:00 0 [heap]\n"
    "00503000-00504000 rw-p 00000000 00:00 0 [stack]\n"
    "00504000-00904000 r--p 00000000 08:01 9 /data/file\n";
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (text, -1);
  g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_PROPORTIONAL);
  MsSpan column;

  g_assert_true (ms_layout_get_column (layout, 0, 1, 10, 0, &column));
  g_assert_cmpint (column.type, ==, MS_SPAN_MERGED);
  g_assert_cmpint (column.first, ==, 0);
  g_assert_cmpint (column.last, ==, 2);
  g_assert_cmpint (column.kind, ==, MS_KIND_MMAP_FILE);

  /* Zoomed to the first 16 KiB: two columns of one region each. */
  {
    double u0, u1;

    ms_layout_get_region_span (layout, 1, &u0, &u1);
    g_assert_true (ms_layout_get_column (layout, 0, u1, 4, 0, &column));
    g_assert_cmpint (column.type, ==, MS_SPAN_REGION);
    g_assert_cmpint (column.kind, ==, MS_KIND_HEAP);
    g_assert_true (ms_layout_get_column (layout, 0, u1, 4, 3, &column));
    g_assert_cmpint (column.type, ==, MS_SPAN_REGION);
    g_assert_cmpint (column.kind, ==, MS_KIND_STACK);
    /* A column straddling both: the kind holding most of it. */
    g_assert_true (ms_layout_get_column (layout, 0, u1 * 0.9, 2, 1, &column));
    g_assert_cmpint (column.type, ==, MS_SPAN_MERGED);
    g_assert_cmpint (column.kind, ==, MS_KIND_HEAP);
  }
}

static const char smaps_text[] =
  "00400000-00404000 r-xp 00000000 08:01 100 /usr/bin/prog\n"
  "Size:                 16 kB\n"
  "Rss:                  16 kB\n"
  "Pss:                  16 kB\n"
  "00404000-00408000 rw-p 00000000 00:00 0 \n"
  "Size:                 16 kB\n"
  "Rss:                   0 kB\n"
  "Pss:                   0 kB\n"
  "00408000-00414000 rw-p 00000000 00:00 0 [heap]\n"
  "Size:                 48 kB\n"
  "Rss:                  48 kB\n"
  "Pss:                  48 kB\n";

static void
test_resident (void)
{
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (smaps_text, -1);
  g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_RESIDENT);
  double u0, u1;

  g_assert_true (snapshot->has_counters);
  g_assert_cmpint (ms_layout_get_mode (layout), ==, MS_SCALE_RESIDENT);

  /* Widths by RSS: 16 : 0 : 48 KiB. */
  g_assert_cmpfloat_with_epsilon (span_width (layout, 0), 0.25, 1e-12);
  g_assert_cmpfloat (span_width (layout, 1), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (span_width (layout, 2), 0.75, 1e-12);

  /* The empty region is hidden; hits go to its neighbours. */
  ms_layout_get_region_span (layout, 1, &u0, &u1);
  g_assert_cmpint (ms_layout_hit (layout, u0, NULL), ==, 2);
  g_assert_cmpint (ms_layout_hit (layout, nextafter (u0, 0), NULL), ==, 0);

  /* A column at its position still lists it. */
  {
    MsSpan column;

    g_assert_true (ms_layout_get_column (layout, 0, 1, 4, 1, &column));
    g_assert_cmpint (column.type, ==, MS_SPAN_MERGED);
    g_assert_cmpint (column.first, ==, 1);
    g_assert_cmpint (column.last, ==, 2);
    g_assert_cmpint (column.kind, ==, MS_KIND_HEAP);
  }

  /* A maps capture has nothing resident: drawn by size instead. */
  {
    g_autoptr(MsSnapshot) maps = ms_test_read_text (maps_text, -1);
    g_autoptr(MsLayout) fallback = ms_layout_new (maps, MS_SCALE_RESIDENT);

    g_assert_cmpint (ms_layout_get_mode (fallback), ==, MS_SCALE_PROPORTIONAL);
    g_assert_cmpint (ms_layout_get_requested_mode (fallback), ==, MS_SCALE_RESIDENT);
    g_assert_cmpfloat (span_width (fallback, 0), >, 0);
  }
}

/* Counters of 2^63 bytes (9007199254740992 kB): in regions too small for
 * them they are malformed lines and count for nothing; in regions that big
 * (overlapping, in a crafted capture) every sum saturates instead of
 * wrapping to 0, and the resident scale still has something to draw. */
static void
test_huge_counters (void)
{
  static const char too_big[] =
    "1000-2000 rw-p 00000000 00:00 0 [heap]\n"
    "Rss: 9007199254740992 kB\n"
    "2000-3000 rw-p 00000000 00:00 0\n"
    "Rss: 9007199254740992 kB\n"
    "Pss: 4 kB\n";
  static const char huge[] =
    "1000-8000000000001000 rw-p 00000000 00:00 0 [heap]\n"
    "Rss: 9007199254740992 kB\n"
    "Private_Clean: 9007199254740992 kB\n"
    "Private_Dirty: 9007199254740992 kB\n"
    "Swap: 9007199254740992 kB\n"
    "2000-8000000000002000 rw-p 00000000 00:00 0 [heap]\n"
    "Rss: 9007199254740992 kB\n"
    "Swap: 9007199254740992 kB\n";

  {
    g_autoptr(MsSnapshot) snapshot = ms_test_read_text (too_big, -1);

    g_assert_cmpuint (snapshot->n_malformed, ==, 2);
    g_assert_cmpuint (snapshot->first_malformed_line, ==, 2);
    g_assert_cmpuint (snapshot->total.rss, ==, 0);
    g_assert_cmpuint (snapshot->total.pss, ==, 4096);
  }

  {
    g_autoptr(MsSnapshot) snapshot = ms_test_read_text (huge, -1);
    g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_RESIDENT);
    const MsTotals *heap = &snapshot->per_kind[MS_KIND_HEAP];

    /* only the overlap is odd */
    g_assert_cmpuint (snapshot->n_malformed, ==, 1);
    g_assert_cmpuint (ms_region_get_uss (&snapshot->regions[0]), ==, G_MAXUINT64);
    g_assert_cmpuint (snapshot->total.vss, ==, G_MAXUINT64);
    g_assert_cmpuint (snapshot->total.rss, ==, G_MAXUINT64);
    g_assert_cmpuint (snapshot->total.uss, ==, G_MAXUINT64);
    g_assert_cmpuint (snapshot->total.swap, ==, G_MAXUINT64);
    g_assert_cmpuint (snapshot->total.private_clean, ==, G_GUINT64_CONSTANT (1) << 63);
    g_assert_cmpuint (heap->count, ==, 2);
    g_assert_cmpuint (heap->rss, ==, G_MAXUINT64);
    g_assert_cmpuint (heap->vss, ==, G_MAXUINT64);

    g_assert_cmpint (ms_layout_get_mode (layout), ==, MS_SCALE_RESIDENT);
    g_assert_cmpfloat_with_epsilon (span_width (layout, 0), 0.5, 1e-9);
    g_assert_cmpfloat_with_epsilon (span_width (layout, 1), 0.5, 1e-9);
  }
}

static void
test_visible (void)
{
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (maps_text, -1);
  g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_PROPORTIONAL);
  double u0, u1, v0, v1;
  guint first, end;

  ms_layout_get_visible (layout, 0, 1, &first, &end);
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (end, ==, 5);

  ms_layout_get_region_span (layout, 2, &u0, &u1);
  ms_layout_get_region_span (layout, 3, &v0, &v1);
  ms_layout_get_visible (layout, (u0 + u1) / 2, (v0 + v1) / 2, &first, &end);
  g_assert_cmpuint (first, ==, 2);
  g_assert_cmpuint (end, ==, 4);

  /* A view ending exactly where a region starts does not show it. */
  ms_layout_get_visible (layout, u0, v0, &first, &end);
  g_assert_cmpuint (first, ==, 2);
  g_assert_cmpuint (end, ==, 3);
}

static void
test_enum_type (void)
{
  GEnumClass *klass = g_type_class_ref (MS_TYPE_SCALE_MODE);

  g_assert_cmpint (g_enum_get_value_by_nick (klass, "proportional")->value, ==, MS_SCALE_PROPORTIONAL);
  g_assert_cmpint (g_enum_get_value_by_nick (klass, "linear")->value, ==, MS_SCALE_LINEAR);
  g_assert_cmpint (g_enum_get_value_by_nick (klass, "resident")->value, ==, MS_SCALE_RESIDENT);
  g_type_class_unref (klass);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/layout/proportional", test_proportional);
  g_test_add_func ("/memscape/layout/gap-break", test_gap_break);
  g_test_add_func ("/memscape/layout/reserved-compressed", test_reserved_compressed);
  g_test_add_func ("/memscape/layout/linear", test_linear);
  g_test_add_func ("/memscape/layout/linear-clusters", test_linear_clusters);
  g_test_add_func ("/memscape/layout/data-near", test_data_near);
  g_test_add_func ("/memscape/layout/address-axis", test_address_axis);
  g_test_add_func ("/memscape/layout/hit-boundaries", test_hit_boundaries);
  g_test_add_func ("/memscape/layout/zoom-view", test_zoom_view);
  g_test_add_func ("/memscape/layout/fit-reveal", test_fit_reveal);
  g_test_add_func ("/memscape/layout/merging", test_merging);
  g_test_add_func ("/memscape/layout/merging-dominant", test_merging_dominant);
  g_test_add_func ("/memscape/layout/resident", test_resident);
  g_test_add_func ("/memscape/layout/huge-counters", test_huge_counters);
  g_test_add_func ("/memscape/layout/visible", test_visible);
  g_test_add_func ("/memscape/layout/enum-type", test_enum_type);

  return g_test_run ();
}
