/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ms-text.h"

#define REPLACEMENT "\xef\xbf\xbd"   /* U+FFFD */
#define ELLIPSIS    "\xe2\x80\xa6"   /* U+2026 */

static void
test_short_text (void)
{
  struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "", "" },
    { "/usr/lib/libc.so.6", "/usr/lib/libc.so.6" },
    { "/tmp/caf\xc3\xa9.txt", "/tmp/caf\xc3\xa9.txt" },               /* valid UTF-8 stays */
    { "python3 x.py caf\xe9.txt", "python3 x.py caf" REPLACEMENT ".txt" }, /* Latin-1 é */
    { "\xff\xfe", REPLACEMENT REPLACEMENT },
    { "a\xe2\x82", "a" REPLACEMENT REPLACEMENT },                        /* cut sequence */
    { "\xed\xa0\x80", REPLACEMENT REPLACEMENT REPLACEMENT },             /* a surrogate */
    { "line\none\r", "line\none\r" },                                    /* the kernel's bytes */
  };

  g_assert_null (ms_display_text (NULL, -1));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = ms_display_text (cases[i].in, -1);

      g_assert_cmpstr (shown, ==, cases[i].out);
      g_assert_true (g_utf8_validate (shown, -1, NULL));
    }

  /* With a length: a NUL inside is not the end. */
  {
    g_autofree char *shown = ms_display_text ("ab\0cd", 5);

    g_assert_cmpstr (shown, ==, "ab" REPLACEMENT "cd");
  }
}

/* A path of megabytes: the start and the file name, 512 characters. */
static void
test_long_text (void)
{
  gsize length = 4 * 1024 * 1024;
  g_autofree char *path = g_malloc (length + 1);
  g_autofree char *shown = NULL;
  const char *name = "/libhuge.so.1";

  memset (path, 'd', length);
  path[0] = '/';
  path[length / 2] = (char) 0xe9;
  memcpy (path + length - strlen (name), name, strlen (name));
  path[length] = '\0';

  shown = ms_display_text (path, -1);
  g_assert_true (g_utf8_validate (shown, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (shown, -1), ==, MS_DISPLAY_TEXT_MAX_CHARS);
  g_assert_true (g_str_has_prefix (shown, "/ddd"));
  g_assert_true (g_str_has_suffix (shown, "ddd/libhuge.so.1"));
  g_assert_nonnull (strstr (shown, "d" ELLIPSIS "d"));

  /* Exactly as many characters as shown: whole; one more: cut. */
  for (guint extra = 0; extra < 2; extra++)
    {
      GString *text = g_string_new (NULL);
      g_autofree char *out = NULL;

      for (guint i = 0; i < MS_DISPLAY_TEXT_MAX_CHARS + extra; i++)
        g_string_append (text, i % 2 ? "\xc3\xa9" : "x");
      out = ms_display_text (text->str, (gssize) text->len);
      if (extra == 0)
        g_assert_cmpstr (out, ==, text->str);
      else
        g_assert_nonnull (strstr (out, ELLIPSIS));
      g_assert_cmpint (g_utf8_strlen (out, -1), ==, MS_DISPLAY_TEXT_MAX_CHARS);
      g_string_free (text, TRUE);
    }
}

/* What ms_display_text() promises, the slow way: the whole text made valid,
 * then cut by characters. */
static char *
reference (const char *text,
           gsize       length)
{
  g_autofree char *valid = g_utf8_make_valid (text, (gssize) length);
  glong n = g_utf8_strlen (valid, -1);
  glong head = MS_DISPLAY_TEXT_MAX_CHARS / 2 - 1;
  glong tail = MS_DISPLAY_TEXT_MAX_CHARS - head - 1;

  g_autofree char *first = NULL;

  if (n <= MS_DISPLAY_TEXT_MAX_CHARS)
    return g_steal_pointer (&valid);

  first = g_strndup (valid, (gsize) (g_utf8_offset_to_pointer (valid, head) - valid));
  return g_strconcat (first, ELLIPSIS, g_utf8_offset_to_pointer (valid, n - tail), NULL);
}

/* Random mixtures of ASCII, valid characters of every length, stray
 * continuation bytes, cut sequences and bytes that are never UTF-8, of
 * lengths around every threshold: the fast reading of both ends gives what
 * reading it all gives. */
static void
test_matches_reference (void)
{
  static const char *pieces[] = {
    "a", "/", " ", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\x80", "\xbf\xbf\xbf\xbf",
    "\xe2\x82", "\xf0\x9f", "\xff", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
  };
  GRand *rand = g_rand_new_with_seed (1984);

  for (guint round = 0; round < 3000; round++)
    {
      GString *text = g_string_new (NULL);
      gsize want = (gsize) g_rand_int_range (rand, 0, round % 3 == 0 ? 700 : 6000);
      g_autofree char *expected = NULL;
      g_autofree char *got = NULL;
      guint piece_range = (guint) g_rand_int_range (rand, 1, G_N_ELEMENTS (pieces) + 1);

      while (text->len < want)
        g_string_append (text, pieces[g_rand_int_range (rand, 0, (gint32) piece_range)]);

      expected = reference (text->str, text->len);
      got = ms_display_text (text->str, (gssize) text->len);
      if (g_strcmp0 (got, expected) != 0)
        g_error ("round %u, %" G_GSIZE_FORMAT " bytes: \"%s\" is not \"%s\"",
                 round, text->len, got, expected);
      g_string_free (text, TRUE);
    }

  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/text/short", test_short_text);
  g_test_add_func ("/memscape/text/long", test_long_text);
  g_test_add_func ("/memscape/text/matches-reference", test_matches_reference);

  return g_test_run ();
}
