/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-test"

#include "config.h"

#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ms-page-picture-private.h"
#include "ms-pages.h"
#include "ms-reader.h"
#include "ms-test-util.h"

/* The page picture of `memscape --pages --export FILE.png` (issue 16): its
 * legend drawn as its cells are, a labelled row where each region starts,
 * gaps as gaps, and a bounded size for a process of 60 000 mappings. */

#define MARKUP_NAME "<i>&x"

/* The test child with its pattern of pages (ms-test-child's `pages`) and a
 * memfd whose name is markup. */
typedef struct {
  MsTestChild *child;
  guint64      memfd;
} Child;

static Child *
child_start (void)
{
  Child *c = g_new0 (Child, 1);
  g_autofree char *answer = NULL;

  c->child = ms_test_child_start ();
  answer = ms_test_child_command (c->child, "memfd " MARKUP_NAME);
  g_assert_true (g_str_has_prefix (answer, "memfd 0x"));
  c->memfd = g_ascii_strtoull (answer + 6, NULL, 16);

  ms_test_child_make_pages (c->child);
  return c;
}

static void
child_stop (Child *c)
{
  ms_test_child_stop (c->child);
  g_free (c);
}

/* The pages of @pid in [@start, @end) and its regions, as the command line
 * reads them. */
static MsPageMap *
read_pages (int          pid,
            guint64      start,
            guint64      end,
            MsSnapshot **snapshot)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsPageReader) reader = ms_page_reader_new (pid, &error);
  MsPageMap *map;

  g_assert_no_error (error);
  map = ms_page_reader_read (reader, start, end, MS_PAGE_METHOD_AUTO, &error);
  g_assert_no_error (error);
  *snapshot = ms_read_pid (pid, NULL, &error);
  g_assert_no_error (error);
  return map;
}

static cairo_surface_t *
draw (const MsPagePictureLayout *layout,
      const MsPageMap           *map)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, layout->width, layout->height);
  cairo_t *cr = cairo_create (surface);

  _ms_page_picture_draw (layout, map, cr);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static guint32
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  return *(const guint32 *) (gconstpointer) (data + (gsize) y * stride + (gsize) x * 4) & 0xffffff;
}

/* Where the cell of the page at @address is (one page a cell). */
static gboolean
find_cell (const MsPagePictureLayout *layout,
           guint64                    address,
           int                       *x,
           int                       *y)
{
  g_assert_cmpuint (layout->pages_per_cell, ==, 1);
  for (guint i = 0; i < layout->cells->len; i++)
    {
      const MsPagePictureCells *cells = &g_array_index (layout->cells, MsPagePictureCells, i);

      if (address >= cells->address && address < cells->address + (cells->end - cells->start))
        {
          *x = (int) (cells->x + (double) ((address - cells->address) / layout->page_size) * layout->cell_width);
          *y = (int) cells->y;
          return TRUE;
        }
    }
  return FALSE;
}

static const MsPagePictureSwatch *
find_swatch (const MsPagePictureLayout *layout,
             guint32                    flags)
{
  for (guint i = 0; i < layout->swatches->len; i++)
    {
      const MsPagePictureSwatch *swatch = &g_array_index (layout->swatches, MsPagePictureSwatch, i);

      if (!swatch->mixed && !swatch->tick && swatch->flags == flags)
        return swatch;
    }
  g_error ("no swatch for pages 0x%x in the legend", flags);
}

/* The cell at @x, @y and the swatch's second cell are the same pixels. */
static void
assert_same_cell (const MsPagePictureLayout   *layout,
                  cairo_surface_t             *surface,
                  const MsPagePictureSwatch   *swatch,
                  int                          x,
                  int                          y)
{
  int sx = (int) (swatch->x + layout->cell_width), sy = (int) swatch->y;
  gboolean drawn = FALSE;

  g_assert_cmpfloat (swatch->x, ==, floor (swatch->x));
  g_assert_cmpfloat (swatch->y, ==, floor (swatch->y));
  for (int dy = 0; dy < (int) layout->row_height; dy++)
    for (int dx = 0; dx < (int) layout->cell_width; dx++)
      {
        g_assert_cmphex (pixel (surface, sx + dx, sy + dy), ==, pixel (surface, x + dx, y + dy));
        drawn |= pixel (surface, x + dx, y + dy) != 0xffffff;
      }
  g_assert_true (drawn);
}

static guint32
fill_pixel (guint32      flags,
            MsPageColour colour)
{
  double rgb[3];

  ms_page_texture_get_fill (flags, 0, colour, -1.0, rgb);
  return ((guint32) lround (rgb[0] * 255) << 16) | ((guint32) lround (rgb[1] * 255) << 8) | (guint32) lround (rgb[2] * 255);
}

/* Each state of the child's pages has its swatch, and the swatch is drawn
 * pixel for pixel as the cells in that state. */
static void
test_legend (void)
{
  Child *c = child_start ();
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(MsPageMap) map = read_pages (c->child->pid, 0, G_MAXUINT64, &snapshot);
  static const MsPageColour colours[] = { MS_PAGE_COLOUR_RESIDENCY, MS_PAGE_COLOUR_SHARED };

  for (guint m = 0; m < G_N_ELEMENTS (colours); m++)
    {
      g_autoptr(MsPagePictureLayout) layout = _ms_page_picture_layout (map, snapshot, colours[m]);
      cairo_surface_t *surface = draw (layout, map);
      struct {
        const char *region;
        guint       page;
        guint32     flags;      /* as the swatch's */
        gboolean    fill;       /* its middle is the fill colour */
        guint32     needs;      /* the run's flags that must be there */
      } states[] = {
        { "pages-alternate", 0, colours[m] == MS_PAGE_COLOUR_SHARED ? MS_PAGE_PRESENT | MS_PAGE_EXCLUSIVE : MS_PAGE_PRESENT,
          TRUE, MS_PAGE_PRESENT },
        { "pages-alternate", 1, 0, FALSE, 0 },
        { "pages-file-unwritten", 0, MS_PAGE_PRESENT | MS_PAGE_FILE, TRUE, MS_PAGE_PRESENT | MS_PAGE_FILE },
        { "pages-zero", 0, MS_PAGE_PRESENT | MS_PAGE_ZERO, TRUE, MS_PAGE_ZERO },
        { "pages-huge", 0, MS_PAGE_PRESENT | MS_PAGE_HUGE | (colours[m] == MS_PAGE_COLOUR_SHARED ? MS_PAGE_EXCLUSIVE : 0),
          FALSE, MS_PAGE_HUGE | (colours[m] == MS_PAGE_COLOUR_SHARED ? MS_PAGE_EXCLUSIVE : 0) },
      };
      guint checked = 0;

      g_assert_cmpuint (layout->n_groups, ==, layout->n_pieces);
      for (guint i = 0; i < G_N_ELEMENTS (states); i++)
        {
          guint64 address = ms_test_child_address (c->child, states[i].region) + states[i].page * map->page_size;
          int at = ms_page_map_find (map, address);
          const MsPagePictureSwatch *swatch;
          int x, y;

          g_assert_cmpint (at, >=, 0);
          /* (zero and huge pages: where the kernel tells them; file and
           * zero pages: in the residency colours, the only ones that tell
           * them) */
          if ((map->runs[at].flags & states[i].needs) != states[i].needs ||
              (colours[m] != MS_PAGE_COLOUR_RESIDENCY && (states[i].flags & (MS_PAGE_ZERO | MS_PAGE_FILE))))
            {
              g_test_message ("%s: the kernel does not show its pages as 0x%x here", states[i].region, states[i].needs);
              continue;
            }
          if (states[i].page == 1)
            g_assert_cmpuint (map->runs[at].flags & (MS_PAGE_PRESENT | MS_PAGE_SWAPPED | MS_PAGE_GUARD), ==, 0);

          swatch = find_swatch (layout, states[i].flags);
          g_assert_cmpuint (swatch->count, >, 0);
          g_assert_true (find_cell (layout, address, &x, &y));
          g_test_message ("%s page %u: its cell at %d,%d, the swatch at %g,%g", states[i].region, states[i].page,
                          x, y, swatch->x, swatch->y);
          assert_same_cell (layout, surface, swatch, x, y);
          if (states[i].fill)
            g_assert_cmphex (pixel (surface, x + (int) layout->cell_width / 2, y + (int) layout->row_height / 2), ==,
                             fill_pixel (states[i].flags, colours[m]));
          checked++;
        }
      g_assert_cmpuint (checked, >=, 3);

      /* the counts are the map's: every page in one swatch's state, but
       * for huge pages (drawn on top of a fill) */
      {
        guint64 counted = 0, pages = 0;

        for (guint i = 0; i < layout->swatches->len; i++)
          {
            const MsPagePictureSwatch *swatch = &g_array_index (layout->swatches, MsPagePictureSwatch, i);

            if (!(swatch->flags & MS_PAGE_HUGE))
              counted += swatch->count;
          }
        for (guint i = 0; i < map->n_runs; i++)
          pages += (map->runs[i].end - map->runs[i].start) / map->page_size;
        g_assert_cmpuint (counted, ==, pages);
      }
      cairo_surface_destroy (surface);
    }
  child_stop (c);
}

/* How many pixels of [@x, @x + @width) × [@y, @y + @height) are dark. */
static guint
dark_pixels (cairo_surface_t *surface,
             double           x,
             double           y,
             double           width,
             double           height)
{
  guint n = 0;

  for (int py = (int) y; py < (int) (y + height) && py < cairo_image_surface_get_height (surface); py++)
    for (int px = (int) x; px < (int) (x + width) && px < cairo_image_surface_get_width (surface); px++)
      {
        guint32 p = pixel (surface, px, py);

        if (((p >> 16) & 0xff) + ((p >> 8) & 0xff) + (p & 0xff) < 3 * 128)
          n++;
      }
  return n;
}

static const MsPagePictureText *
find_text (const MsPagePictureLayout *layout,
           MsPagePictureTextRole      role,
           guint64                    address)
{
  for (guint i = 0; i < layout->texts->len; i++)
    {
      const MsPagePictureText *text = &g_array_index (layout->texts, MsPagePictureText, i);

      if (text->role == role && text->address == address)
        return text;
    }
  g_error ("no text of role %d for 0x%" G_GINT64_MODIFIER "x", role, address);
}

/* Each region starts a row of its own, its start address on the left of it
 * and its label beside or above it, written; unmapped addresses are a gap,
 * not pages; a name is text, not markup. */
static void
test_labels (void)
{
  Child *c = child_start ();
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(MsPageMap) map = read_pages (c->child->pid, 0, G_MAXUINT64, &snapshot);
  g_autoptr(MsPagePictureLayout) layout = _ms_page_picture_layout (map, snapshot, MS_PAGE_COLOUR_RESIDENCY);
  cairo_surface_t *surface = draw (layout, map);
  double cells_x = G_MAXDOUBLE;
  guint labelled = 0;
  gboolean markup_name = FALSE;

  g_assert_cmpuint (layout->n_groups, ==, layout->n_pieces);
  g_assert_cmpint (layout->height, <=, MS_PAGE_PICTURE_MAX_HEIGHT);
  for (guint i = 0; i < layout->cells->len; i++)
    cells_x = MIN (cells_x, g_array_index (layout->cells, MsPagePictureCells, i).x);

  /* no row holds two regions */
  for (guint i = 0; i < layout->cells->len; i++)
    {
      const MsPagePictureCells *cells = &g_array_index (layout->cells, MsPagePictureCells, i);
      guint64 last = cells->address + (cells->end - cells->start) - 1;

      g_assert_cmpint (ms_regions_find (snapshot->regions, snapshot->n_regions, cells->address), ==,
                       ms_regions_find (snapshot->regions, snapshot->n_regions, last));
    }

  for (guint r = 0; r < snapshot->n_regions; r++)
    {
      const MsRegion *region = &snapshot->regions[r];
      const MsPagePictureText *address, *label;
      const MsPagePictureCells *first = NULL;
      double row_y, row_x;
      g_autofree char *hex = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", region->start);

      if (ms_page_map_find (map, region->start) < 0)
        continue;   /* ([vsyscall]: not the process's) */
      for (guint i = 0; i < layout->cells->len && first == NULL; i++)
        if (g_array_index (layout->cells, MsPagePictureCells, i).address == region->start)
          first = &g_array_index (layout->cells, MsPagePictureCells, i);

      /* the region's first row starts at the left of the cells (or, with
       * no page present in it and the next two, the line in their place),
       * its start address beside it */
      if (first != NULL)
        {
          row_x = first->x;
          row_y = first->y;
        }
      else
        {
          const MsPagePictureText *elided = find_text (layout, MS_PAGE_PICTURE_TEXT_ELIDED, region->start);

          row_x = elided->x;
          row_y = elided->y + elided->height / 2 - layout->row_height / 2;
        }
      g_assert_cmpfloat (row_x, ==, cells_x);
      address = find_text (layout, MS_PAGE_PICTURE_TEXT_ADDRESS, region->start);
      g_assert_true (address->first);
      g_assert_cmpstr (address->markup, ==, hex);
      g_assert_cmpfloat (address->x + address->width, <=, cells_x);
      g_assert_cmpfloat (fabs (address->y + address->height / 2 - (row_y + layout->row_height / 2)), <=, 2);
      g_assert_cmpuint (dark_pixels (surface, address->x, address->y, address->width, address->height), >, 20);

      /* its label: on the row (right of the cells) or the line above */
      label = find_text (layout, MS_PAGE_PICTURE_TEXT_LABEL, region->start);
      g_assert_cmpfloat (label->y + label->height, >, row_y - 22);
      g_assert_cmpfloat (label->y, <, row_y + layout->row_height);
      g_assert_cmpfloat (label->x, >=, cells_x);
      g_assert_cmpuint (dark_pixels (surface, label->x, label->y, MIN (label->width, 60), label->height), >, 20);
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *text = NULL;

        g_assert_true (pango_parse_markup (label->markup, -1, 0, NULL, &text, NULL, &error));
        g_assert_no_error (error);
        if (g_strcmp0 (region->path, "[heap]") == 0)
          g_assert_true (g_str_has_prefix (text, "[heap]"));
        if (region->start == c->memfd)
          {
            g_assert_nonnull (strstr (text, MARKUP_NAME));
            markup_name = TRUE;
          }
      }
      labelled++;

      /* a gap before it when nothing is mapped there */
      if (r > 0 && snapshot->regions[r - 1].end < region->start && ms_page_map_find (map, snapshot->regions[r - 1].start) >= 0)
        {
          const MsPagePictureText *gap = find_text (layout, MS_PAGE_PICTURE_TEXT_GAP, region->start);

          g_assert_cmpfloat (gap->y + gap->height, <=, row_y);
        }
    }
  g_assert_cmpuint (labelled, ==, layout->n_pieces);
  g_assert_true (markup_name);
  g_assert_cmpuint (layout->gaps->len, >, 0);

  cairo_surface_destroy (surface);
  child_stop (c);
}

/* Every page present is drawn: a line in italics stands only for pages not
 * present. */
static void
test_every_page (void)
{
  Child *c = child_start ();
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(MsPageMap) map = read_pages (c->child->pid, 0, G_MAXUINT64, &snapshot);
  g_autoptr(MsPagePictureLayout) layout = _ms_page_picture_layout (map, snapshot, MS_PAGE_COLOUR_RESIDENCY);
  guint elided = 0;

  for (guint i = 0; i < map->n_runs; i++)
    if (map->runs[i].flags & (MS_PAGE_PRESENT | MS_PAGE_SWAPPED | MS_PAGE_GUARD))
      for (guint64 a = map->runs[i].start; a < map->runs[i].end; a += map->page_size)
        {
          int x, y;

          g_assert_true (find_cell (layout, a, &x, &y));
        }
  for (guint i = 0; i < layout->texts->len; i++)
    if (g_array_index (layout->texts, MsPagePictureText, i).role == MS_PAGE_PICTURE_TEXT_ELIDED)
      elided++;
  /* (the child's thread stacks, BSS and reservation are mostly not present) */
  g_assert_cmpuint (elided, >=, 3);
  child_stop (c);
}

static cairo_surface_t *
load_png (const char *path)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

static void
run_memscape (MsTestRun   *run,
              const char  *pid,
              const char  *range,
              const char  *target)
{
  const char *with_range[] = { "--pid", pid, "--pages", "--range", range, "--export", target, NULL };
  const char *without[] = { "--pid", pid, "--pages", "--export", target, NULL };

  ms_test_run_program (run, g_getenv ("MEMSCAPE"), NULL, range != NULL ? with_range : without);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_true (g_spawn_check_wait_status (run->status, NULL));
}

/* A process of 60 000 mappings: a picture of a bounded size, its regions in
 * at most MS_PAGE_PICTURE_MAX_GROUPS labelled rows of neighbours. */
static void
test_big (void)
{
  int stdin_fd;
  GPid pid = ms_test_bench_child_start (60000, NULL, &stdin_fd);
  g_autofree char *dir = g_dir_make_tmp ("memscape-page-picture-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "pages.png", NULL);
  g_autofree char *pid_text = g_strdup_printf ("%d", (int) pid);
  MsTestRun run = { 0 };
  cairo_surface_t *png;

  run_memscape (&run, pid_text, NULL, target);
  png = load_png (target);
  g_assert_cmpint (cairo_image_surface_get_height (png), <=, MS_PAGE_PICTURE_MAX_HEIGHT);
  g_assert_cmpint (cairo_image_surface_get_height (png), >, 1000);
  g_assert_cmpint (cairo_image_surface_get_width (png), <, 1600);
  cairo_surface_destroy (png);

  {
    g_autoptr(MsSnapshot) snapshot = NULL;
    g_autoptr(MsPageMap) map = read_pages (pid, 0, G_MAXUINT64, &snapshot);
    g_autoptr(MsPagePictureLayout) layout = _ms_page_picture_layout (map, snapshot, MS_PAGE_COLOUR_RESIDENCY);
    guint ticks = 0, notes = 0;

    g_assert_cmpuint (layout->n_pieces, >=, 60000);
    g_assert_cmpuint (layout->n_groups, <=, MS_PAGE_PICTURE_MAX_GROUPS);
    g_assert_cmpint (layout->height, <=, MS_PAGE_PICTURE_MAX_HEIGHT);
    for (guint i = 0; i < layout->rects->len; i++)
      if (g_array_index (layout->rects, MsPagePictureRect, i).role == MS_PAGE_PICTURE_RECT_TICK)
        ticks++;
    /* (neighbouring ticks closer than 3 pixels are one) */
    g_assert_cmpuint (ticks, >, 1000);
    for (guint i = 0; i < layout->texts->len; i++)
      if (g_array_index (layout->texts, MsPagePictureText, i).role == MS_PAGE_PICTURE_TEXT_NOTE)
        notes++;
    /* (range and size, scale, and the rows shared) */
    g_assert_cmpuint (notes, >=, 3);
  }

  ms_test_run_clear (&run);
  ms_test_remove_tree (dir);
  ms_test_bench_child_stop (pid, stdin_fd);
}

/* --range: the one region, one page a cell, a small picture. */
static void
test_range (void)
{
  Child *c = child_start ();
  g_autofree char *dir = g_dir_make_tmp ("memscape-page-picture-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "pages.png", NULL);
  g_autofree char *pid = g_strdup_printf ("%d", c->child->pid);
  guint64 start = ms_test_child_address (c->child, "pages-alternate");
  g_autofree char *range = g_strdup_printf ("%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x", start, start + 64 * 4096);
  MsTestRun run = { 0 };
  cairo_surface_t *png;

  run_memscape (&run, pid, range, target);
  png = load_png (target);
  g_assert_cmpint (cairo_image_surface_get_height (png), <, 400);

  {
    g_autoptr(MsSnapshot) snapshot = NULL;
    g_autoptr(MsPageMap) map = read_pages (c->child->pid, start, start + 64 * 4096, &snapshot);
    g_autoptr(MsPagePictureLayout) layout = _ms_page_picture_layout (map, snapshot, MS_PAGE_COLOUR_RESIDENCY);
    const MsPagePictureText *label = find_text (layout, MS_PAGE_PICTURE_TEXT_LABEL, start);
    int x0, y0, x1, y1;

    g_assert_cmpuint (layout->n_pieces, ==, 1);
    g_assert_cmpuint (layout->pages_per_cell, ==, 1);
    g_assert_cmpfloat (label->x, >, 0);
    g_assert_cmpint (layout->height, ==, cairo_image_surface_get_height (png));
    g_assert_cmpint (layout->width, ==, cairo_image_surface_get_width (png));
    /* every other page written: present, not present, as the CLI drew it */
    g_assert_true (find_cell (layout, start, &x0, &y0));
    g_assert_true (find_cell (layout, start + 4096, &x1, &y1));
    cairo_surface_flush (png);
    g_assert_cmphex (pixel (png, x0 + 4, y0 + 5), ==, fill_pixel (MS_PAGE_PRESENT, MS_PAGE_COLOUR_RESIDENCY));
    g_assert_cmphex (pixel (png, x1 + 4, y1 + 5), ==, 0xffffff);
  }

  cairo_surface_destroy (png);
  ms_test_run_clear (&run);
  ms_test_remove_tree (dir);
  child_stop (c);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/page-picture/legend", test_legend);
  g_test_add_func ("/memscape/page-picture/labels", test_labels);
  g_test_add_func ("/memscape/page-picture/every-page", test_every_page);
  g_test_add_func ("/memscape/page-picture/range", test_range);
  g_test_add_func ("/memscape/page-picture/big", test_big);

  return g_test_run ();
}
