/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pages part of the benchmark (issue 16): reading the pages of a region
 * through the page reader beside the kernel's own cost of producing the
 * same data, measured side by side in the same run — one PAGEMAP_SCAN walk
 * of the range (the figure to stay within 1.2× of), and a pread of the
 * range's pagemap. The region is a 256 MiB mapping of this process with a
 * pattern of pages (its first half written, every third page of the rest),
 * then a 64 GiB sparse mapping with a page written every 64 MiB: the page
 * texture of the visible range must be ready within a refresh interval.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ms-benchmark.h"
#include "ms-cli-pages.h"
#include "ms-first-picture.h"
#include "ms-page-picture.h"
#include "ms-pages.h"
#include "ms-reader.h"

#define MiB (G_GUINT64_CONSTANT (1024) * 1024)
#define GiB (MiB * 1024)

typedef struct {
  const char *name;
  GArray     *samples;
} Row;

static void
add (Row    *row,
     double  ms)
{
  if (row->samples == NULL)
    row->samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_val (row->samples, ms);
}

static double
time_span (MsPageReader *reader,
           guint64       start,
           guint64       end,
           MsPageMethod  method,
           gboolean      coarse)
{
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (MsPageRun));
  double t0 = ms_bench_now_ms ();

  ms_page_reader_set_coarse (reader, coarse);
  if (!ms_page_reader_read_span (reader, start, end, method, runs, NULL))
    g_error ("The page reader failed on its own process");
  return ms_bench_now_ms () - t0;
}

static void
bench_range (int      n_rounds,
             const char *what,
             guint64  start,
             guint64  end)
{
  g_autoptr(MsPageReader) reader = ms_page_reader_new (getpid (), NULL);
  int fd = open ("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  gboolean scan = ms_page_reader_has_scan (reader);
  Row kernel_scan = { "  PAGEMAP_SCAN (the kernel)" };
  Row kernel_pread = { "  pread of pagemap (the kernel)" };
  Row coarse = { "  page reader, scan (residency)" };
  Row full = { "  page reader, scan + exclusive" };
  Row fallback = { "  page reader, pagemap" };

  printf ("\n%s\n", what);
  for (int round = 0; round < n_rounds; round++)
    {
      double t0;

      if (scan)
        {
          t0 = ms_bench_now_ms ();
          if (ms_pages_kernel_scan (fd, start, end) < 0)
            g_error ("PAGEMAP_SCAN failed");
          add (&kernel_scan, ms_bench_now_ms () - t0);
          add (&coarse, time_span (reader, start, end, MS_PAGE_METHOD_SCAN, TRUE));
          add (&full, time_span (reader, start, end, MS_PAGE_METHOD_SCAN, FALSE));
        }
      t0 = ms_bench_now_ms ();
      if (ms_pages_kernel_pread (fd, start, end) < 0)
        g_error ("pread of pagemap failed");
      add (&kernel_pread, ms_bench_now_ms () - t0);
      add (&fallback, time_span (reader, start, end, MS_PAGE_METHOD_PAGEMAP, FALSE));
    }
  close (fd);

  if (scan)
    {
      ms_bench_print_row (kernel_scan.name, ms_bench_median (kernel_scan.samples), "of PAGEMAP_SCAN", 1.0);
      ms_bench_print_row (coarse.name, ms_bench_median (coarse.samples), "of PAGEMAP_SCAN (target ≤ 1.2)",
                          ms_bench_median_ratio (coarse.samples, kernel_scan.samples));
      ms_bench_print_row (full.name, ms_bench_median (full.samples), "of PAGEMAP_SCAN",
                          ms_bench_median_ratio (full.samples, kernel_scan.samples));
      ms_bench_print_row ("", ms_bench_median (full.samples), "of pread of pagemap",
                          ms_bench_median_ratio (full.samples, kernel_pread.samples));
    }
  else
    {
      printf ("  (no PAGEMAP_SCAN in this kernel: Linux 6.7)\n");
    }
  ms_bench_print_row (kernel_pread.name, ms_bench_median (kernel_pread.samples), "of pread of pagemap", 1.0);
  ms_bench_print_row (fallback.name, ms_bench_median (fallback.samples), "of pread of pagemap",
                      ms_bench_median_ratio (fallback.samples, kernel_pread.samples));
  g_clear_pointer (&kernel_scan.samples, g_array_unref);
  g_clear_pointer (&kernel_pread.samples, g_array_unref);
  g_clear_pointer (&coarse.samples, g_array_unref);
  g_clear_pointer (&full.samples, g_array_unref);
  g_clear_pointer (&fallback.samples, g_array_unref);
}

static double
time_first (int pid)
{
  double t0 = ms_bench_now_ms ();
  g_autoptr(MsSnapshot) partial = ms_read_pid_first (pid, MS_FIRST_PICTURE_MIN_REGIONS, NULL);

  if (partial == NULL)
    g_error ("No first picture of the benchmark's child");
  return ms_bench_now_ms () - t0;
}

/* The pages of a whole 60 000-mapping process as the command line exports
 * them (`--pages --export .csv` and `.png`: every page with, as root, its
 * map count and flags; the picture also names each region from a read of
 * the map) beside the kernel's cost of the same data: `cat smaps` and a
 * pread of each region's pagemap entries. */
static void
bench_page_export (int n_rounds,
                   int pid)
{
  g_autofree char *smaps = g_strdup_printf ("/proc/%d/smaps", pid);
  g_autofree char *pagemap = g_strdup_printf ("/proc/%d/pagemap", pid);
  g_autoptr(MsSnapshot) layout = ms_read_pid (pid, NULL, NULL);
  Row kernel = { "  cat smaps + pread of each region's pagemap" };
  Row csv_row = { "  --pages --export .csv" };
  Row png_row = { "  --pages --export .png (also reads the map)" };
  int fd = open (pagemap, O_RDONLY | O_CLOEXEC);

  if (layout == NULL || fd < 0)
    g_error ("Could not read the benchmark's child");
  printf ("\nThe pages of the whole %u-region process, exported\n", layout->n_regions);
  for (int round = 0; round < n_rounds; round++)
    {
      double t0 = ms_bench_now_ms ();

      ms_bench_read_like_cat (smaps);
      for (guint i = 0; i < layout->n_regions; i++)
        if (g_strcmp0 (layout->regions[i].path, "[vsyscall]") != 0)
          (void) ms_pages_kernel_pread (fd, layout->regions[i].start, layout->regions[i].end);
      add (&kernel, ms_bench_now_ms () - t0);

      for (int png = 0; png <= 1; png++)
        {
          g_autoptr(MsPageReader) reader = NULL;
          g_autoptr(MsPageMap) map = NULL;
          g_autoptr(GBytes) bytes = NULL;

          t0 = ms_bench_now_ms ();
          reader = ms_page_reader_new (pid, NULL);
          map = reader != NULL ? ms_page_reader_read (reader, 0, G_MAXUINT64, MS_PAGE_METHOD_AUTO, NULL) : NULL;
          if (map == NULL)
            g_error ("Could not read the pages of the benchmark's child");
          if (png)
            {
              g_autoptr(MsSnapshot) snapshot = ms_read_pid (pid, NULL, NULL);

              bytes = snapshot != NULL ? ms_page_picture_png (map, snapshot, MS_PAGE_COLOUR_RESIDENCY, NULL) : NULL;
            }
          else
            {
              GString *csv = g_string_new (NULL);

              ms_pages_write_csv (map, csv);
              bytes = g_string_free_to_bytes (csv);
            }
          if (bytes == NULL)
            g_error ("Could not export the pages of the benchmark's child");
          add (png ? &png_row : &csv_row, ms_bench_now_ms () - t0);
        }
    }
  close (fd);
  ms_bench_print_row (kernel.name, ms_bench_median (kernel.samples), "of the kernel's cost", 1.0);
  ms_bench_print_row (csv_row.name, ms_bench_median (csv_row.samples), "of the kernel's cost",
                      ms_bench_median_ratio (csv_row.samples, kernel.samples));
  ms_bench_print_row (png_row.name, ms_bench_median (png_row.samples), "of the kernel's cost",
                      ms_bench_median_ratio (png_row.samples, kernel.samples));
  g_clear_pointer (&kernel.samples, g_array_unref);
  g_clear_pointer (&csv_row.samples, g_array_unref);
  g_clear_pointer (&png_row.samples, g_array_unref);
}

/* The first picture of a big process without smaps: maps parsed and
 * classified, then each region's resident size from one PAGEMAP_SCAN of the
 * whole address space — beside `cat smaps`, the floor of a full read. */
static void
bench_first_picture (int n_rounds,
                     int n_mappings)
{
  BenchChild *child = ms_bench_child_start (n_mappings);
  int pid = ms_bench_child_pid (child);
  g_autofree char *maps = g_strdup_printf ("/proc/%d/maps", pid);
  g_autofree char *smaps = g_strdup_printf ("/proc/%d/smaps", pid);
  g_autofree char *rollup = g_strdup_printf ("/proc/%d/smaps_rollup", pid);
  g_autoptr(MsPageReader) reader = ms_page_reader_new (pid, NULL);
  Row floor = { "  cat smaps (the floor)" };
  Row maps_row = { "  cat maps" };
  Row rollup_row = { "  cat smaps_rollup" };
  Row first = { "  maps + resident from PAGEMAP_SCAN, one thread" };
  Row scan = { "  of which the scan and its sums" };
  Row one_cpu = { "  ms_read_pid_first, on one CPU" };
  Row window = { "  ms_read_pid_first, on every CPU (the window's)" };
  guint n_regions = 0;

  printf ("\nThe first picture of a %d-mapping process, without smaps\n", n_mappings);
  if (!ms_page_reader_has_scan (reader))
    {
      printf ("  (no PAGEMAP_SCAN in this kernel: Linux 6.7)\n");
      ms_bench_child_stop (child);
      return;
    }
  for (int round = 0; round < n_rounds; round++)
    {
      g_autoptr(MsSnapshot) snapshot = NULL;
      g_autofree guint64 *rss = NULL;
      g_autofree char *text = NULL;
      gsize length;
      double t0;

      t0 = ms_bench_now_ms ();
      ms_bench_read_like_cat (smaps);
      add (&floor, ms_bench_now_ms () - t0);

      t0 = ms_bench_now_ms ();
      ms_bench_read_like_cat (maps);
      add (&maps_row, ms_bench_now_ms () - t0);

      t0 = ms_bench_now_ms ();
      ms_bench_read_like_cat (rollup);
      add (&rollup_row, ms_bench_now_ms () - t0);

      t0 = ms_bench_now_ms ();
      if (!g_file_get_contents (maps, &text, &length, NULL) ||
          (snapshot = ms_read_text (text, length, "bench", NULL)) == NULL)
        g_error ("Could not read the maps of the benchmark's child");
      rss = g_new (guint64, snapshot->n_regions);
      {
        double t1 = ms_bench_now_ms ();

        if (!ms_page_reader_resident_by_region (reader, snapshot->regions, snapshot->n_regions, rss, NULL))
          g_error ("PAGEMAP_SCAN failed");
        add (&scan, ms_bench_now_ms () - t1);
      }
      add (&first, ms_bench_now_ms () - t0);
      n_regions = snapshot->n_regions;

      /* what the window runs: the same, with comm, status, threads and
       * cmdline, into a partial snapshot; maps on one thread and the scan
       * on another, so on one CPU and then on all of them, as the window
       * runs (the full read waits for it: ms-session.c) */
      add (&one_cpu, time_first (pid));
      ms_bench_unpin ();
      add (&window, time_first (pid));
      ms_bench_repin ();
    }
  ms_bench_print_row (floor.name, ms_bench_median (floor.samples), "of cat smaps", 1.0);
  ms_bench_print_row (maps_row.name, ms_bench_median (maps_row.samples), "of cat smaps",
                      ms_bench_median_ratio (maps_row.samples, floor.samples));
  ms_bench_print_row (first.name, ms_bench_median (first.samples), "of cat smaps",
                      ms_bench_median_ratio (first.samples, floor.samples));
  ms_bench_print_row (scan.name, ms_bench_median (scan.samples), "of cat smaps",
                      ms_bench_median_ratio (scan.samples, floor.samples));
  /* A refresh's look at whether anything changed reads maps and
   * smaps_rollup (ms_read_pid_since): cheaper than the scan, so refreshes
   * keep it. */
  ms_bench_print_row (rollup_row.name, ms_bench_median (rollup_row.samples), "of cat smaps (a refresh's look, with maps)",
                      ms_bench_median_ratio (rollup_row.samples, floor.samples));
  ms_bench_print_row (one_cpu.name, ms_bench_median (one_cpu.samples), "of cat smaps",
                      ms_bench_median_ratio (one_cpu.samples, floor.samples));
  ms_bench_print_row (window.name, ms_bench_median (window.samples), "of cat smaps (target ≤ 0.3)",
                      ms_bench_median_ratio (window.samples, floor.samples));
  printf ("  (%u regions)\n", n_regions);
  bench_page_export (MAX (n_rounds / 3, 1), pid);
  g_clear_pointer (&window.samples, g_array_unref);
  g_clear_pointer (&one_cpu.samples, g_array_unref);
  g_clear_pointer (&scan.samples, g_array_unref);
  g_clear_pointer (&floor.samples, g_array_unref);
  g_clear_pointer (&maps_row.samples, g_array_unref);
  g_clear_pointer (&rollup_row.samples, g_array_unref);
  g_clear_pointer (&first.samples, g_array_unref);
  ms_bench_child_stop (child);
}

void
ms_bench_pages (int n_rounds)
{
  guint64 size = 256 * MiB;
  guint64 sparse_size = 64 * GiB;
  char *region = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *sparse = mmap (NULL, sparse_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  g_autofree char *what = NULL;

  if (region == MAP_FAILED || sparse == MAP_FAILED)
    g_error ("Could not map the benchmark's regions");
  for (guint64 i = 0; i < size / 2; i += 4096)
    region[i] = 1;
  for (guint64 i = size / 2; i < size; i += 3 * 4096)
    region[i] = 1;
  for (guint64 i = 0; i < sparse_size; i += 64 * MiB)
    sparse[i] = 1;

  printf ("\nPages of a region, beside the kernel's own cost (median of %d rounds)\n", n_rounds);
  bench_range (n_rounds, "256 MiB: its first half written, then every third page", (guint64) (guintptr) region,
               (guint64) (guintptr) region + size);
  what = g_strdup_printf ("64 GiB sparse: a page written every 64 MiB (the texture must be ready within a refresh)");
  bench_range (MAX (n_rounds / 3, 1), what, (guint64) (guintptr) sparse, (guint64) (guintptr) sparse + sparse_size);

  munmap (region, size);
  munmap (sparse, sparse_size);

  bench_first_picture (n_rounds, 60000);
}

/* The first picture alone (--parts first-picture). */
void
ms_bench_first_picture (int n_rounds)
{
  bench_first_picture (n_rounds, 60000);
}
