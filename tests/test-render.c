/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <pango/pangocairo.h>

#include "ms-diff.h"
#include "ms-render.h"
#include "ms-reader.h"
#include "ms-test-pango.h"
#include "ms-test-util.h"
#include "ms-text.h"

#define WIDTH  400
#define HEIGHT 80

/* A small process: text, data, bss-like anonymous, heap, a file, the stack. */
static const char smaps_text[] =
  "55d000000000-55d000010000 r-xp 00000000 08:01 1234 /usr/bin/demo\n"
  "Size:                 64 kB\nRss:                  60 kB\nPss:                  30 kB\n"
  "Shared_Clean:         60 kB\nPrivate_Clean:         0 kB\nSwap:                  0 kB\n"
  "VmFlags: rd ex mr mw me dw\n"
  "55d000010000-55d000018000 rw-p 00010000 08:01 1234 /usr/bin/demo\n"
  "Size:                 32 kB\nRss:                  32 kB\nPss:                  32 kB\n"
  "Private_Dirty:        32 kB\n"
  "VmFlags: rd wr mr mw me ac\n"
  "55d001000000-55d001040000 rw-p 00000000 00:00 0 [heap]\n"
  "Size:                256 kB\nRss:                200 kB\nPss:                200 kB\n"
  "Private_Dirty:       200 kB\n"
  "VmFlags: rd wr mr mw me ac\n"
  "7f0000000000-7f0000020000 r--p 00000000 08:01 99 /var/cache/data.bin\n"
  "Size:                128 kB\nRss:                128 kB\nPss:                 64 kB\n"
  "VmFlags: rd mr mw me\n"
  "7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0 [stack]\n"
  "Size:                132 kB\nRss:                 20 kB\nPss:                 20 kB\n"
  "VmFlags: rd wr mr mw me gd ac\n";

static void
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y,
          guint8           rgb[3])
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 pixel;

  g_assert_cmpint (cairo_image_surface_get_format (surface), ==, CAIRO_FORMAT_ARGB32);
  memcpy (&pixel, data + y * stride + x * 4, 4);
  /* Opaque pixels: no premultiplication to undo. */
  g_assert_cmpuint (pixel >> 24, ==, 0xff);
  rgb[0] = (pixel >> 16) & 0xff;
  rgb[1] = (pixel >> 8) & 0xff;
  rgb[2] = pixel & 0xff;
}

static gboolean
is_color (const guint8   rgb[3],
          const MsColor *color)
{
  return ABS (rgb[0] - lround (color->red * 255)) <= 1 &&
         ABS (rgb[1] - lround (color->green * 255)) <= 1 &&
         ABS (rgb[2] - lround (color->blue * 255)) <= 1;
}

static cairo_surface_t *
draw (const MsLayout        *layout,
      const MsRenderOptions *options,
      const MsRenderMarks   *marks)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_rectangle_t area = { 0, 0, WIDTH, HEIGHT };
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  ms_render_strip (cr, layout, options, &area);
  if (marks != NULL)
    ms_render_marks (cr, layout, options, &area, marks);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static void
plain_options (MsRenderOptions *options)
{
  ms_render_options_init (options);
  options->ruler_height = 0;
  options->corner_radius = 0;
}

/* The middle column of region @index, near the top (labels sit in the
 * middle of the strip). */
static int
region_column (const MsLayout        *layout,
               const MsRenderOptions *options,
               guint                  index)
{
  cairo_rectangle_t area = { 0, 0, WIDTH, HEIGHT };
  double x0, x1;

  g_assert_true (ms_render_get_region_extent (layout, options, &area, index, &x0, &x1));
  g_assert_cmpfloat (x1 - x0, >=, 3);
  return (int) ((x0 + x1) / 2);
}

static void
test_strip_colors (void)
{
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (smaps_text, sizeof smaps_text - 1);
  g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_PROPORTIONAL);
  MsRenderOptions options;
  cairo_surface_t *surface;
  guint8 rgb[3];

  plain_options (&options);
  surface = draw (layout, &options, NULL);

  g_assert_cmpuint (snapshot->n_regions, ==, 5);
  for (guint i = 0; i < snapshot->n_regions; i++)
    {
      int x = region_column (layout, &options, i);

      pixel_at (surface, x, 6, rgb);
      g_assert_true (is_color (rgb, ms_kind_get_color (snapshot->regions[i].kind)));
      pixel_at (surface, x, HEIGHT - 6, rgb);
      g_assert_true (is_color (rgb, ms_kind_get_color (snapshot->regions[i].kind)));
    }
  g_assert_cmpint (snapshot->regions[0].kind, ==, MS_KIND_TEXT);
  g_assert_cmpint (snapshot->regions[2].kind, ==, MS_KIND_HEAP);
  g_assert_cmpint (snapshot->regions[4].kind, ==, MS_KIND_STACK);

  /* In the break between data and heap no kind's colour is drawn. */
  {
    cairo_rectangle_t area = { 0, 0, WIDTH, HEIGHT };
    double x0, x1, h0, h1;

    ms_render_get_region_extent (layout, &options, &area, 1, &x0, &x1);
    ms_render_get_region_extent (layout, &options, &area, 2, &h0, &h1);
    g_assert_cmpfloat (h0 - x1, >=, 2);
    pixel_at (surface, (int) ((x1 + h0) / 2), 2, rgb);
    for (guint k = 0; k < MS_N_KINDS; k++)
      g_assert_false (is_color (rgb, ms_kind_get_color (k)));
  }

  cairo_surface_destroy (surface);
}

static void
test_strip_highlight (void)
{
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (smaps_text, sizeof smaps_text - 1);
  g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_PROPORTIONAL);
  MsRenderOptions options;
  cairo_surface_t *surface;
  guint8 rgb[3];

  plain_options (&options);
  options.highlight_kind = MS_KIND_HEAP;
  surface = draw (layout, &options, NULL);

  pixel_at (surface, region_column (layout, &options, 2), 6, rgb);
  g_assert_true (is_color (rgb, ms_kind_get_color (MS_KIND_HEAP)));

  /* Text is dimmed toward the white background. */
  pixel_at (surface, region_column (layout, &options, 0), 6, rgb);
  g_assert_false (is_color (rgb, ms_kind_get_color (MS_KIND_TEXT)));
  g_assert_cmpint (rgb[0], >, lround (ms_kind_get_color (MS_KIND_TEXT)->red * 255) + 60);

  cairo_surface_destroy (surface);
}

static void
test_strip_zoomed (void)
{
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (smaps_text, sizeof smaps_text - 1);
  g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_PROPORTIONAL);
  cairo_rectangle_t area = { 0, 0, WIDTH, HEIGHT };
  MsRenderOptions options;
  cairo_surface_t *surface;
  guint8 rgb[3];
  double x0, x1;

  /* Inside the heap only: every column is heap. */
  plain_options (&options);
  ms_layout_get_region_span (layout, 2, &options.view_start, &options.view_end);
  surface = draw (layout, &options, NULL);
  /* (Column 0 and the last hold the strip's hairline edge.) */
  for (int x = 2; x < WIDTH - 1; x += 37)
    {
      pixel_at (surface, x, 3, rgb);
      g_assert_true (is_color (rgb, ms_kind_get_color (MS_KIND_HEAP)));
    }
  cairo_surface_destroy (surface);

  /* Other regions are out of view. */
  g_assert_false (ms_render_get_region_extent (layout, &options, &area, 0, &x0, &x1));
  g_assert_true (ms_render_get_region_extent (layout, &options, &area, 2, &x0, &x1));
  g_assert_cmpfloat (x0, ==, 0);
  g_assert_cmpfloat (x1, ==, WIDTH);
}

static void
test_marks (void)
{
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (smaps_text, sizeof smaps_text - 1);
  g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_PROPORTIONAL);
  cairo_rectangle_t area = { 0, 0, WIDTH, HEIGHT };
  MsRenderMarks marks = { .selected = 2, .hovered = -1, .diff = NULL };
  MsRenderOptions options;
  cairo_surface_t *surface;
  double x0, x1;
  guint8 rgb[3];

  plain_options (&options);
  surface = draw (layout, &options, &marks);
  g_assert_true (ms_render_get_region_extent (layout, &options, &area, 2, &x0, &x1));

  /* The selection outlines the heap; its middle keeps the heap colour. */
  pixel_at (surface, (int) x0 + 1, HEIGHT / 2 + 12, rgb);
  g_assert_false (is_color (rgb, ms_kind_get_color (MS_KIND_HEAP)));
  pixel_at (surface, (int) ((x0 + x1) / 2), 8, rgb);
  g_assert_true (is_color (rgb, ms_kind_get_color (MS_KIND_HEAP)));
  cairo_surface_destroy (surface);

  /* After a refresh the grown heap is marked. */
  {
    g_autofree char *smaller = g_strdup (smaps_text);
    g_autoptr(MsSnapshot) before = NULL;
    g_autoptr(MsDiff) diff = NULL;
    char *heap = strstr (smaller, "55d001040000");

    memcpy (heap, "55d001020000", 12);
    before = ms_test_read_text (smaller, strlen (smaller));
    diff = ms_diff_new (before, snapshot);
    g_assert_cmpint (ms_diff_get_change (diff, 2), ==, MS_CHANGE_GROWN);

    marks.selected = -1;
    marks.diff = diff;
    marks.change_alpha = 1.0;
    surface = draw (layout, &options, &marks);
    pixel_at (surface, (int) ((x0 + x1) / 2), 8, rgb);
    g_assert_false (is_color (rgb, ms_kind_get_color (MS_KIND_HEAP)));
    /* Unchanged regions are not. */
    pixel_at (surface, region_column (layout, &options, 0), 8, rgb);
    g_assert_true (is_color (rgb, ms_kind_get_color (MS_KIND_TEXT)));
    cairo_surface_destroy (surface);
  }
}

static void
test_hit_and_describe (void)
{
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (smaps_text, sizeof smaps_text - 1);
  g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_PROPORTIONAL);
  cairo_rectangle_t area = { 0, 0, WIDTH, HEIGHT };
  MsRenderOptions options;
  MsRenderHit hit;
  double x0, x1;
  g_autofree char *text = NULL;

  ms_render_options_init (&options);
  g_assert_true (ms_render_get_region_extent (layout, &options, &area, 3, &x0, &x1));

  g_assert_true (ms_render_hit_test (layout, &options, &area, (x0 + x1) / 2, 10, &hit));
  g_assert_cmpint (hit.type, ==, MS_SPAN_REGION);
  g_assert_cmpint (hit.region, ==, 3);
  g_assert_cmpfloat (hit.area.x, ==, x0);
  g_assert_cmpfloat (hit.area.width, ==, x1 - x0);

  text = ms_render_describe_hit (layout, &hit);
  g_assert_nonnull (strstr (text, "/var/cache/data.bin"));
  /* (no decimal from 100 of a unit: ms_format_size()) */
  g_assert_nonnull (strstr (text, "128\302\240KiB"));
  g_assert_true (strstr (text, "(131072 bytes)") != NULL || strstr (text, "(131,072 bytes)") != NULL);
  g_assert_nonnull (strstr (text, "0x7f0000000000 – 0x7f0000020000"));
  g_assert_nonnull (strstr (text, "read, private"));
  g_assert_nonnull (strstr (text, "rd mr mw me"));
  g_clear_pointer (&text, g_free);

  /* Under the ruler and outside: nothing. */
  g_assert_false (ms_render_hit_test (layout, &options, &area, (x0 + x1) / 2, HEIGHT - 2, &hit));
  g_assert_false (ms_render_hit_test (layout, &options, &area, -1, 10, &hit));
  g_assert_false (ms_render_hit_test (layout, &options, &area, WIDTH, 10, &hit));

  /* The gap before the file mapping. */
  {
    double h0, h1;

    ms_render_get_region_extent (layout, &options, &area, 2, &h0, &h1);
    g_assert_true (ms_render_hit_test (layout, &options, &area, (h1 + x0) / 2, 10, &hit));
    g_assert_cmpint (hit.type, ==, MS_SPAN_BREAK);
    g_assert_cmpint (hit.gap, ==, 3);
    text = ms_render_describe_hit (layout, &hit);
    g_assert_nonnull (strstr (text, "0x55d001040000 – 0x7f0000000000"));
    g_clear_pointer (&text, g_free);
  }

  /* Whole-process view 4 columns wide: the first column holds several. */
  area.width = 4;
  g_assert_true (ms_render_hit_test (layout, &options, &area, 0.5, 10, &hit));
  g_assert_cmpint (hit.type, ==, MS_SPAN_MERGED);
  g_assert_cmpint (hit.first, ==, 0);
  g_assert_cmpint (hit.last, >=, 1);
  text = ms_render_describe_hit (layout, &hit);
  g_assert_nonnull (strstr (text, "regions in this column"));
  g_assert_nonnull (strstr (text, "Text"));
}

static cairo_status_t
read_from_bytes (void          *closure,
                 unsigned char *data,
                 unsigned int   length)
{
  GInputStream *stream = closure;

  if (g_input_stream_read (stream, data, length, NULL, NULL) != (gssize) length)
    return CAIRO_STATUS_READ_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static void
test_png (void)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (smaps_text, sizeof smaps_text - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GInputStream) stream = NULL;
  cairo_surface_t *image;
  const guint8 *data;
  gsize length;

  bytes = ms_render_picture_png (snapshot, MS_SCALE_PROPORTIONAL, 0, 1, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &length);
  g_assert_cmpuint (length, >, 1000);
  g_assert_cmpmem (data, 8, signature, 8);

  stream = g_memory_input_stream_new_from_bytes (bytes);
  image = cairo_image_surface_create_from_png_stream (read_from_bytes, stream);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  /* Drawn at 2×: a 1200-unit-wide page. */
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 2400);
  g_assert_cmpint (cairo_image_surface_get_height (image) % 2, ==, 0);
  g_assert_cmpint (cairo_image_surface_get_height (image), >, 1000);
  cairo_surface_destroy (image);

  /* A zoomed view and the other scales draw too. */
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = ms_render_picture_png (snapshot, MS_SCALE_LINEAR, 0.2, 0.3, &error);
  g_assert_no_error (error);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = ms_render_picture_png (snapshot, MS_SCALE_RESIDENT, 0, 1, &error);
  g_assert_no_error (error);
}

static void
test_svg (void)
{
  g_autoptr(MsSnapshot) snapshot = ms_test_read_text (smaps_text, sizeof smaps_text - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  gsize length;

  bytes = ms_render_picture_svg (snapshot, MS_SCALE_PROPORTIONAL, 0, 1, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (bytes, &length), g_bytes_get_size (bytes));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (text, "<?xml"));
  g_assert_nonnull (strstr (text, "<svg"));
  g_assert_nonnull (strstr (text, "width=\"1200px\""));
  g_assert_true (g_str_has_suffix (g_strchomp (text), "</svg>"));
}

/* A one-page PDF from the same renderer, its text real text: pdftotext
 * (poppler-utils) finds the process name and the legend's kinds in it. */
static void
test_pdf (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSnapshot) snapshot = ms_read_text (smaps_text, sizeof smaps_text - 1, "pdf-demo-process", &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "map.pdf", NULL);
  g_autofree char *text = NULL;
  const char *pdftotext = g_getenv ("PDFTOTEXT");
  const char *argv[] = { pdftotext, "-layout", path, "-", NULL };
  const char *data;
  gsize length;
  int status;

  g_assert_no_error (error);
  bytes = ms_render_picture_pdf (snapshot, MS_SCALE_PROPORTIONAL, 0, 1, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &length);
  g_assert_cmpuint (length, >, 1000);
  g_assert_cmpmem (data, 5, "%PDF-", 5);
  g_assert_nonnull (memmem (data, length, "%%EOF", 5));

  g_assert_nonnull (pdftotext);
  g_assert_true (g_file_set_contents (path, data, length, NULL));
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &text, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (text, "pdf-demo-process"));
  g_assert_nonnull (strstr (text, "Heap"));
  /* One page: pdftotext ends each with a form feed. */
  g_assert_nonnull (strchr (text, '\f'));
  g_assert_null (strchr (strchr (text, '\f') + 1, '\f'));

  g_unlink (path);
  g_rmdir (dir);
}

/* --- text from the process: not UTF-8, megabytes long ---------------------- */

/* A capture whose regions are named by @text_path and @data_path, with
 * VmFlags @flags, and a process name, command line, user and file of the
 * given text; every region wide enough to carry its name in the strip. */
static MsSnapshot *
read_named (const char *text_path,
            const char *data_path,
            const char *flags,
            const char *name,
            const char *cmdline,
            const char *user)
{
  g_autoptr(GString) text = g_string_new (NULL);
  MsSnapshot *snapshot;

  g_string_append_printf (text,
                          "55d000000000-55d000400000 r-xp 00000000 08:01 1234 %s\n"
                          "Rss:                4096 kB\nPss:                2048 kB\n"
                          "VmFlags: %s\n"
                          "55d000400000-55d000800000 rw-p 00400000 08:01 1234 %s\n"
                          "Rss:                 400 kB\nPrivate_Dirty:       400 kB\n"
                          "7f0000000000-7f0000400000 r--p 00000000 08:01 99 %s\n"
                          "Rss:                4096 kB\n"
                          "7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0 [stack]\n"
                          "Rss:                  20 kB\n",
                          text_path, flags, text_path, data_path);
  snapshot = ms_test_read_text (text->str, text->len);

  /* As a read of a process with such a name would give. */
  g_free (snapshot->name);
  snapshot->name = g_strdup (name);
  g_free (snapshot->cmdline);
  snapshot->cmdline = g_strdup (cmdline);
  g_free (snapshot->user);
  snapshot->user = g_strdup (user);
  g_free (snapshot->source_path);
  snapshot->source_path = g_strconcat ("/tmp/", data_path, ".smaps", NULL);
  return snapshot;
}

/* Draws everything the renderer draws of @snapshot (the strip with its
 * labels, the PNG and SVG pictures) and describes every region and every
 * column: nothing may fail. Returns the tooltips' text. */
static GPtrArray *
draw_everything (MsSnapshot *snapshot)
{
  g_autoptr(MsLayout) layout = ms_layout_new (snapshot, MS_SCALE_PROPORTIONAL);
  GPtrArray *tooltips = g_ptr_array_new_with_free_func (g_free);
  cairo_rectangle_t area = { 0, 0, 1600, 100 };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1600, 100);
  cairo_t *cr = cairo_create (surface);
  MsRenderOptions options;
  MsScaleMode modes[] = { MS_SCALE_PROPORTIONAL, MS_SCALE_RESIDENT };

  ms_render_options_init (&options);
  ms_render_strip (cr, layout, &options, &area);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) png = ms_render_picture_png (snapshot, modes[m], 0, 1, &error);
      g_autoptr(GBytes) svg = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (png);
      svg = ms_render_picture_svg (snapshot, modes[m], 0, 1, &error);
      g_assert_no_error (error);
      g_assert_nonnull (svg);
    }

  for (guint i = 0; i < snapshot->n_regions; i++)
    g_ptr_array_add (tooltips, ms_render_describe_region (snapshot, i));
  for (double x = 0.5; x < 1600; x += 7)
    {
      MsRenderHit hit;
      char *text;

      if (ms_render_hit_test (layout, &options, &area, x, 10, &hit) &&
          (text = ms_render_describe_hit (layout, &hit)) != NULL)
        g_ptr_array_add (tooltips, text);
    }
  /* a column of them all */
  area.width = 2;
  {
    MsRenderHit hit;

    g_assert_true (ms_render_hit_test (layout, &options, &area, 0.5, 10, &hit));
    g_assert_cmpint (hit.type, ==, MS_SPAN_MERGED);
    g_ptr_array_add (tooltips, ms_render_describe_hit (layout, &hit));
  }

  return tooltips;
}

/* Any warning fails the test, Pango's "Invalid UTF-8 string passed to
 * pango_layout_set_text()" among them. */
static GLogLevelFlags
all_fatal (void)
{
  return g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
}

/* A process named and run with Latin-1 bytes (python3 x.py $'caf\xe9.txt'),
 * mapping files so named: the pictures draw, and no text given to Pango is
 * anything but UTF-8; the tooltips are valid markup. */
static void
test_invalid_utf8 (void)
{
  GLogLevelFlags fatal = all_fatal ();
  g_autoptr(MsSnapshot) snapshot = read_named ("/tmp/caf\xe9.bin", "d\xe9j\xe0-vu.dat", "rd ex \xff\xfe",
                                               "caf\xe9", "python3 x.py caf\xe9.txt", "\xe9ric");
  g_autoptr(GPtrArray) tooltips = NULL;

  g_assert_cmpstr (snapshot->regions[0].path, ==, "/tmp/caf\xe9.bin");  /* the kernel's bytes kept */

  ms_test_pango_reset ();
  tooltips = draw_everything (snapshot);
  g_assert_cmpuint (ms_test_pango_get_n_texts (), >, 50);
  g_assert_cmpuint (ms_test_pango_get_n_invalid (), ==, 0);

  for (guint i = 0; i < tooltips->len; i++)
    {
      const char *markup = g_ptr_array_index (tooltips, i);
      g_autoptr(GError) error = NULL;

      g_assert_true (g_utf8_validate (markup, -1, NULL));
      g_assert_true (pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_nonnull (strstr (g_ptr_array_index (tooltips, 0), "/tmp/caf\xef\xbf\xbd.bin"));
  g_assert_nonnull (strstr (g_ptr_array_index (tooltips, 0), "rd ex \xef\xbf\xbd\xef\xbf\xbd"));

  g_log_set_always_fatal (fatal);
}

/* Names of megabytes cost a picture no more than short ones: what is given
 * to Pango is cut before it is laid out, and so are the tooltips. (Laid out
 * whole, a name of 2 MiB took Pango 23 GiB here: a longer text fails the
 * test before Pango sees it.) */
static void
test_huge_names (void)
{
  gsize huge = 1024 * 1024;
  g_autofree char *long_path = g_strnfill (huge, 'p');
  g_autofree char *long_name = g_strnfill (huge, 'n');
  g_autofree char *long_flags = g_strnfill (huge, 'f');
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) tooltips = NULL;
  GLogLevelFlags fatal = all_fatal ();

  long_path[0] = '/';
  snapshot = read_named (long_path, long_path + 1, long_flags, long_name, long_name, long_name);
  g_assert_cmpuint (strlen (snapshot->regions[0].path), ==, huge);

  ms_test_pango_reset ();
  ms_test_pango_set_limit (MS_DISPLAY_TEXT_MAX_CHARS);
  tooltips = draw_everything (snapshot);
  g_assert_cmpuint (ms_test_pango_get_n_texts (), >, 50);
  g_assert_cmpuint (ms_test_pango_get_longest (), <=, MS_DISPLAY_TEXT_MAX_CHARS);

  for (guint i = 0; i < tooltips->len; i++)
    g_assert_cmpuint (strlen (g_ptr_array_index (tooltips, i)), <, 16 * 1024);

  ms_test_pango_set_limit (G_MAXSIZE);
  g_log_set_always_fatal (fatal);
}

/* Runs `memscape --open CAPTURE --export TARGET` with no display; returns
 * its peak resident size in KiB, and its standard error. */
static glong
export_capture (const char  *capture,
                const char  *target,
                char       **err)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err_path = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *argv[] = { g_getenv ("MEMSCAPE"), "--open", capture, "--export", target, NULL };
  struct rusage usage;
  GPid pid;
  int err_fd, status;

  g_assert_nonnull (argv[0]);
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  /* under LeakSanitizer, no list of the suppressions used on standard error */
  if (g_environ_getenv (envp, "LSAN_OPTIONS") != NULL)
    {
      g_autofree char *lsan = g_strconcat (g_environ_getenv (envp, "LSAN_OPTIONS"), ":print_suppressions=0", NULL);

      envp = g_environ_setenv (envp, "LSAN_OPTIONS", lsan, TRUE);
    }
  err_fd = g_file_open_tmp ("memscape-stderr-XXXXXX", &err_path, &error);
  g_assert_no_error (error);

  g_spawn_async_with_fds (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                          &pid, -1, -1, err_fd, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  close (err_fd);

  g_assert_true (g_file_get_contents (err_path, err, NULL, NULL));
  g_unlink (err_path);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_test_message ("memscape failed: %s", *err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  return usage.ru_maxrss;
}

#define HOSTILE_LINES \
  "7f0000000000-7f0000100000 r-xp 00000000 08:01 1234 %s\n" \
  "7f0000100000-7f0000200000 rw-p 00000000 00:00 0 [heap]\n"

/* The headless export, as the review ran it: captures with a file name
 * that is not UTF-8 (Latin-1 "café.so") draw as PNG and SVG and say nothing
 * on standard error (Pango refused them), and a path of 4 MiB takes no more
 * memory than a short one, give or take the capture itself (it took 466 MiB
 * more). */
static void
test_export_hostile_capture (void)
{
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  g_autofree char *short_capture = g_build_filename (dir, "short.maps", NULL);
  g_autofree char *long_capture = g_build_filename (dir, "long.maps", NULL);
  g_autofree char *png = g_build_filename (dir, "out.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "out.svg", NULL);
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  gsize huge = 4 * 1024 * 1024;
  g_autofree char *long_path = g_strnfill (huge, 'x');
  g_autofree char *text = NULL;
  glong short_kib, long_kib;

  memcpy (long_path, "/tmp/", 5);
  memcpy (long_path + huge - 7, "caf\xe9.so", 7);
  text = g_strdup_printf (HOSTILE_LINES, "/usr/lib/caf\xe9.so");
  g_assert_true (g_file_set_contents (short_capture, text, -1, NULL));
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf (HOSTILE_LINES, long_path);
  g_assert_true (g_file_set_contents (long_capture, text, -1, NULL));

  short_kib = export_capture (short_capture, png, &err);
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&err, g_free);

  long_kib = export_capture (long_capture, png, &err);
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&err, g_free);
  g_test_message ("peak resident: %ld KiB with a short path, %ld KiB with one of 4 MiB", short_kib, long_kib);
  g_assert_cmpint (long_kib - short_kib, <, 64 * 1024);
  g_assert_true (g_file_get_contents (png, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\x89PNG"));

  export_capture (long_capture, svg, &err);
  g_assert_cmpstr (err, ==, "");

  g_unlink (short_capture);
  g_unlink (long_capture);
  g_unlink (png);
  g_unlink (svg);
  g_rmdir (dir);
}

/* The kernel's maximum: 65 530 regions of every kind, drawn 1600 wide. */
static void
test_many_regions (void)
{
  static const char *perms[] = { "r-xp", "r--p", "rw-p", "---p", "rw-s" };
  GString *text = g_string_sized_new (65530 * 64);
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(MsLayout) layout = NULL;
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (MsSpan));
  cairo_rectangle_t area = { 0, 0, 1600, 100 };
  MsRenderOptions options;
  cairo_surface_t *surface;
  guint64 addr = 0x100000000;
  gint64 t0;
  cairo_t *cr;

  for (guint i = 0; i < 65530; i++)
    {
      guint64 size = 4096 * (1 + (i * 7919) % 13);

      g_string_append_printf (text, "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x %s 00000000 08:01 %u /usr/lib/lib%u.so\n",
                              addr, addr + size, perms[i % G_N_ELEMENTS (perms)], 1000 + i / 5, i / 5);
      addr += size + (i % 3 == 0 ? 65536 : 0);
    }
  snapshot = ms_test_read_text (text->str, text->len);
  g_string_free (text, TRUE);
  g_assert_cmpuint (snapshot->n_regions, ==, 65530);

  t0 = g_get_monotonic_time ();
  layout = ms_layout_new (snapshot, MS_SCALE_PROPORTIONAL);
  g_test_message ("layout: %.2f ms", (g_get_monotonic_time () - t0) / 1000.0);

  /* At most one run per column. */
  ms_layout_get_spans (layout, 0, 1, 1600, spans);
  g_assert_cmpuint (spans->len, <=, 1600);

  ms_render_options_init (&options);
  options.ruler_height = 20;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1600, 100);
  cr = cairo_create (surface);

  t0 = g_get_monotonic_time ();
  ms_render_strip (cr, layout, &options, &area);
  g_test_message ("draw, whole: %.2f ms", (g_get_monotonic_time () - t0) / 1000.0);

  ms_layout_zoom_view (layout, &options.view_start, &options.view_end, 37.0, 0.4);
  t0 = g_get_monotonic_time ();
  ms_render_strip (cr, layout, &options, &area);
  g_test_message ("draw, zoomed: %.2f ms", (g_get_monotonic_time () - t0) / 1000.0);

  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);

  /* Something of a kind's colour in the middle column. */
  {
    guint8 rgb[3];
    gboolean found = FALSE;

    cairo_surface_flush (surface);
    pixel_at (surface, 800, 10, rgb);
    for (guint k = 0; k < MS_N_KINDS; k++)
      found |= is_color (rgb, ms_kind_get_color (k));
    g_assert_true (found);
  }
  cairo_surface_destroy (surface);
}

/* Under LeakSanitizer: fontconfig keeps its parsed configuration for the
 * life of the process (FcFini is not ours to call). Unused otherwise. */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n";
}

/* @text with its wrapped lines joined again: a line break and the indent
 * after it become one space. (transfer full) */
static char *
unwrap (char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p != '\n')
        {
          g_string_append_c (out, *p);
          continue;
        }
      while (p[1] == ' ')
        p++;
      if (out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
    }
  g_free (text);
  return g_string_free (out, FALSE);
}

/* The flags that matter are said in words in a region's tooltip. */
static void
test_describe_flags (void)
{
  g_autoptr(MsSnapshot) s = ms_test_read_text (
    "200000-600000 rwxp 00000000 00:00 0\n"
    "Size:               4096 kB\n"
    "Rss:                4096 kB\n"
    "AnonHugePages:      2048 kB\n"
    "VmFlags: rd wr ex mr mw me lo dd sl hg\n"
    "604000-605000 rw-p 00000000 00:00 0\n"
    "Size:                  4 kB\n"
    "VmFlags: rd wr mr mw me ac\n"
    "606000-607000 rw-p 00000000 00:00 0\n"
    "Size:                  4 kB\n"
    "VmFlags: rd wr mr mw me ss nh\n", -1);
  g_autofree char *flagged = unwrap (ms_render_describe_region (s, 0));
  g_autofree char *plain = unwrap (ms_render_describe_region (s, 1));
  g_autofree char *shadow = unwrap (ms_render_describe_region (s, 2));

  g_assert_cmpuint (s->n_malformed, ==, 0);

  g_assert_nonnull (strstr (flagged, "writable and executable: a security risk"));
  g_assert_nonnull (strstr (flagged, "locked in memory"));
  g_assert_nonnull (strstr (flagged, "sealed (mseal)"));
  /* (the memory in huge pages: a counter's row) */
  g_assert_nonnull (strstr (flagged, "In huge pages:</span> 2.0\u00a0MiB"));
  g_assert_nonnull (strstr (flagged, "huge pages asked for"));
  g_assert_nonnull (strstr (flagged, "left out of core dumps"));
  g_assert_null (strstr (plain, "Notes:"));
  g_assert_nonnull (strstr (shadow, "shadow stack, no huge pages"));
  g_assert_null (strstr (shadow, "security risk"));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/render/strip-colors", test_strip_colors);
  g_test_add_func ("/memscape/render/strip-highlight", test_strip_highlight);
  g_test_add_func ("/memscape/render/strip-zoomed", test_strip_zoomed);
  g_test_add_func ("/memscape/render/marks", test_marks);
  g_test_add_func ("/memscape/render/hit-and-describe", test_hit_and_describe);
  g_test_add_func ("/memscape/render/png", test_png);
  g_test_add_func ("/memscape/render/svg", test_svg);
  g_test_add_func ("/memscape/render/pdf", test_pdf);
  g_test_add_func ("/memscape/render/many-regions", test_many_regions);
  g_test_add_func ("/memscape/render/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/memscape/render/huge-names", test_huge_names);
  g_test_add_func ("/memscape/render/export-hostile-capture", test_export_hostile_capture);
  g_test_add_func ("/memscape/render/describe-flags", test_describe_flags);

  ret = g_test_run ();

  /* Let leak checkers see only our own memory: drop the font caches. */
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();

  return ret;
}
