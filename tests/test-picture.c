/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "ms-reader.h"
#include "ms-render.h"
#include "ms-test-util.h"

/* The words of the export picture and of the strip's tooltips: whole, and
 * in an SVG, text. */

/* The text of every <text> element of an SVG document, in order. */
typedef struct {
  GString  *joined;       /* the elements' texts, a space between two */
  gboolean  in_text;
  guint     n_texts;
  guint     n_with_length;
} SvgTexts;

static void
svg_start (GMarkupParseContext *context,
           const char          *element,
           const char         **names,
           const char         **values,
           gpointer             user_data,
           GError             **error)
{
  SvgTexts *texts = user_data;

  if (!g_str_equal (element, "text"))
    return;

  texts->in_text = TRUE;
  texts->n_texts++;
  if (texts->joined->len > 0)
    g_string_append_c (texts->joined, ' ');
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], "textLength") && g_ascii_strtod (values[i], NULL) > 0)
      texts->n_with_length++;
}

static void
svg_end (GMarkupParseContext *context,
         const char          *element,
         gpointer             user_data,
         GError             **error)
{
  SvgTexts *texts = user_data;

  if (g_str_equal (element, "text"))
    texts->in_text = FALSE;
}

static void
svg_text (GMarkupParseContext *context,
          const char          *text,
          gsize                length,
          gpointer             user_data,
          GError             **error)
{
  SvgTexts *texts = user_data;

  if (texts->in_text)
    g_string_append_len (texts->joined, text, (gssize) length);
}

static MsSnapshot *
read_child (MsTestChild *child)
{
  g_autoptr(GError) error = NULL;
  MsSnapshot *snapshot = ms_read_pid (child->pid, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (snapshot->per_kind[MS_KIND_SHM].count, >, 0);
  return snapshot;
}

/* cairo writes glyphs as outlines; the picture's text is <text> instead:
 * the process's name, the legend's kinds with their descriptions whole,
 * the strip's addresses. */
static void
test_svg_text (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSnapshot) snapshot = read_child (child);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  SvgTexts texts = { g_string_new (NULL), FALSE, 0, 0 };
  g_autofree char *address = NULL;
  const char *data;
  gsize length;

  bytes = ms_render_picture_svg (snapshot, MS_SCALE_PROPORTIONAL, 0, 1, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &length);

  /* No glyph outlines… */
  g_assert_null (g_strstr_len (data, (gssize) length, "<symbol"));
  g_assert_null (g_strstr_len (data, (gssize) length, "glyph"));

  /* …a well-formed document whose text is text. */
  context = g_markup_parse_context_new (&parser, G_MARKUP_DEFAULT_FLAGS, &texts, NULL);
  g_assert_true (g_str_has_prefix (data, "<?xml"));
  g_assert_true (g_markup_parse_context_parse (context, strchr (data, '\n') + 1,
                                               (gssize) (length - (gsize) (strchr (data, '\n') + 1 - data)), &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_test_message ("%u text elements", texts.n_texts);
  g_assert_cmpuint (texts.n_texts, >, 40);
  g_assert_cmpuint (texts.n_with_length, ==, texts.n_texts);

  g_assert_nonnull (strstr (texts.joined->str, snapshot->name));
  for (guint k = 0; k < MS_N_KINDS; k++)
    {
      if (snapshot->per_kind[k].count == 0)
        continue;
      g_test_message ("%s: %s", ms_kind_get_label (k), ms_kind_get_description (k));
      g_assert_nonnull (strstr (texts.joined->str, ms_kind_get_label (k)));
      /* Whole: the shared memory one is wider than its column, and wraps. */
      g_assert_nonnull (strstr (texts.joined->str, ms_kind_get_description (k)));
    }
  /* The ruler under the strip: addresses inside the mapped range. */
  address = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", snapshot->regions[0].start >> 36);
  g_assert_nonnull (strstr (texts.joined->str, address));
  g_assert_null (strchr (texts.joined->str, '\n'));

  g_string_free (texts.joined, TRUE);
  ms_test_child_stop (child);
}

/* The PDF (text through cairo) has every description whole too. */
static void
test_pdf_descriptions (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSnapshot) snapshot = read_child (child);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "map.pdf", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) words = NULL;
  const char *pdftotext = g_getenv ("PDFTOTEXT");
  const char *argv[] = { pdftotext, path, "-", NULL };
  const char *at;
  int status;

  bytes = ms_render_picture_pdf (snapshot, MS_SCALE_PROPORTIONAL, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), NULL));
  g_assert_nonnull (pdftotext);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &text, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* Every word of the shared memory description, in order, none cut. */
  words = g_strsplit (ms_kind_get_description (MS_KIND_SHM), " ", -1);
  at = text;
  for (guint i = 0; words[i] != NULL; i++)
    {
      at = strstr (at, words[i]);
      g_assert_nonnull (at);
      at += strlen (words[i]);
    }
  g_assert_null (strstr (text, "…"));

  g_unlink (path);
  g_rmdir (dir);
  ms_test_child_stop (child);
}

/* GTK does not wrap a tooltip of several lines: the strip's descriptions
 * wrap their long lines themselves, and lose no character doing it. */
static void
test_describe_wraps (void)
{
  const char *path = "/opt/some-vendor/lib/x86_64-linux-gnu/a-directory-with-a-rather-long-name/"
                     "another/libsomething-with-a-name-far-longer-than-a-tooltip-line.so.1.2.3";
  g_autofree char *smaps = g_strdup_printf ("7f0000000000-7f0000020000 r-xp 00000000 08:01 99 %s\n"
                                            "Size:                128 kB\nRss:                128 kB\n"
                                            "VmFlags: rd ex mr mw me sd\n", path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSnapshot) snapshot = ms_read_text (smaps, strlen (smaps), "wrap", &error);
  g_autofree char *markup = NULL;
  g_autofree char *plain = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) unwrapped = g_string_new (NULL);
  guint n_path_lines = 0;

  g_assert_no_error (error);
  markup = ms_render_describe_region (snapshot, 0);
  g_assert_true (pango_parse_markup (markup, -1, 0, NULL, &plain, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("%s", plain);

  lines = g_strsplit (plain, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpuint (g_utf8_strlen (lines[i], -1), <=, MS_RENDER_DESCRIBE_COLUMNS);

  /* The path, broken after its slashes, comes back whole: the lines from
   * its first up to the address range. */
  for (guint i = 1; lines[i] != NULL && !g_str_has_prefix (lines[i], "0x"); i++)
    if (unwrapped->len > 0 || lines[i][0] == '/')
      {
        g_string_append (unwrapped, lines[i]);
        n_path_lines++;
      }
  g_assert_cmpstr (unwrapped->str, ==, path);
  /* 155 characters: on three lines at least */
  g_assert_cmpuint (n_path_lines, >=, 3);
}

/* Fontconfig's caches stay reachable from its global configuration for the
 * life of the process (FcFini is not ours to call). Unused otherwise. */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n";
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/picture/svg-text", test_svg_text);
  g_test_add_func ("/memscape/picture/pdf-descriptions", test_pdf_descriptions);
  g_test_add_func ("/memscape/picture/describe-wraps", test_describe_wraps);

  ret = g_test_run ();

  /* Let leak checkers see only our own memory: drop the font caches. */
  pango_cairo_font_map_set_default (NULL);
  return ret;
}
