/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Replays every file of the fuzz corpus through the fuzz target, so that
 * each input the fuzzer ever found interesting (and each crash it found,
 * kept as a file) is checked by every build, with any compiler.
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
replay (gconstpointer user_data)
{
  const char *path = user_data;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_test_init (&argc, &argv, NULL);

  dir = g_dir_open (CORPUS_DIR, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_assert_cmpuint (names->len, >=, 5);

  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strdup_printf ("/memscape/fuzz/replay/%u", i);

      g_test_add_data_func_full (test_path, g_build_filename (CORPUS_DIR, n, NULL), replay, g_free);
    }

  return g_test_run ();
}
