/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ms-test-pango.h"

#include <dlfcn.h>
#include <pango/pango.h>
#include <string.h>

G_LOCK_DEFINE_STATIC (seen);
static gsize longest;
static guint n_invalid;
static guint n_texts;
static gsize limit = G_MAXSIZE;

static void
note (const char *text,
      int         length)
{
  gsize bytes, chars;
  gboolean valid;

  if (text == NULL)
    return;

  bytes = length < 0 ? strlen (text) : (gsize) length;
  valid = g_utf8_validate_len (text, bytes, NULL);
  chars = valid ? (gsize) g_utf8_strlen (text, (gssize) bytes) : bytes;

  G_LOCK (seen);
  longest = MAX (longest, chars);
  n_texts++;
  if (!valid)
    n_invalid++;
  G_UNLOCK (seen);

  /* before Pango lays it out: a text of megabytes takes it gigabytes */
  if (chars > limit)
    g_error ("A text of %" G_GSIZE_FORMAT " characters was given to Pango (at most %" G_GSIZE_FORMAT " allowed): "
             "\"%.60s...\"", chars, limit, text);
}

/* Pango's own definition of @name, the next after ours. */
static gpointer
real (const char *name)
{
  gpointer symbol = dlsym (RTLD_NEXT, name);

  if (symbol == NULL)
    g_error ("%s not found in Pango: %s", name, dlerror ());
  return symbol;
}

void
pango_layout_set_text (PangoLayout *layout,
                       const char  *text,
                       int          length)
{
  static void (*forward) (PangoLayout *, const char *, int);

  if (forward == NULL)
    forward = real ("pango_layout_set_text");
  note (text, length);
  forward (layout, text, length);
}

void
pango_layout_set_markup (PangoLayout *layout,
                         const char  *markup,
                         int          length)
{
  static void (*forward) (PangoLayout *, const char *, int);

  if (forward == NULL)
    forward = real ("pango_layout_set_markup");
  note (markup, length);
  forward (layout, markup, length);
}

void
pango_layout_set_markup_with_accel (PangoLayout *layout,
                                    const char  *markup,
                                    int          length,
                                    gunichar     accel_marker,
                                    gunichar    *accel_char)
{
  static void (*forward) (PangoLayout *, const char *, int, gunichar, gunichar *);

  if (forward == NULL)
    forward = real ("pango_layout_set_markup_with_accel");
  note (markup, length);
  forward (layout, markup, length, accel_marker, accel_char);
}

gboolean
pango_parse_markup (const char     *markup_text,
                    int             length,
                    gunichar        accel_marker,
                    PangoAttrList **attr_list,
                    char          **text,
                    gunichar       *accel_char,
                    GError        **error)
{
  static gboolean (*forward) (const char *, int, gunichar, PangoAttrList **, char **, gunichar *, GError **);

  if (forward == NULL)
    forward = real ("pango_parse_markup");
  note (markup_text, length);
  return forward (markup_text, length, accel_marker, attr_list, text, accel_char, error);
}

void
ms_test_pango_reset (void)
{
  G_LOCK (seen);
  longest = 0;
  n_invalid = 0;
  n_texts = 0;
  G_UNLOCK (seen);
}

void
ms_test_pango_set_limit (gsize chars)
{
  limit = chars;
}

gsize
ms_test_pango_get_longest (void)
{
  gsize value;

  G_LOCK (seen);
  value = longest;
  G_UNLOCK (seen);
  return value;
}

guint
ms_test_pango_get_n_invalid (void)
{
  guint value;

  G_LOCK (seen);
  value = n_invalid;
  G_UNLOCK (seen);
  return value;
}

guint
ms_test_pango_get_n_texts (void)
{
  guint value;

  G_LOCK (seen);
  value = n_texts;
  G_UNLOCK (seen);
  return value;
}
