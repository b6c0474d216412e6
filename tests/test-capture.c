/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "ms-error.h"
#include "ms-reader.h"
#include "ms-test-util.h"

/* What is, and is not, a capture: checks on the capture-file path, over
 * files copied from the /proc of a child process. */

static char *
capture_of (MsTestChild *child,
            const char  *file,
            const char  *dir)
{
  g_autofree char *source = g_strdup_printf ("/proc/%d/%s", (int) child->pid, file);
  g_autofree char *text = NULL;
  char *target = g_build_filename (dir, file, NULL);
  gsize length;

  g_assert_true (g_file_get_contents (source, &text, &length, NULL));
  g_assert_true (g_file_set_contents (target, text, (gssize) length, NULL));
  return target;
}

/* smaps_rollup parses as smaps (one "[rollup]" line over the whole address
 * space, ---p): refused, saying what to capture instead. */
static void
test_rollup_refused (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *dir = g_dir_make_tmp ("memscape-capture-XXXXXX", NULL);
  g_autofree char *rollup = capture_of (child, "smaps_rollup", dir);
  g_autofree char *smaps = capture_of (child, "smaps", dir);
  g_autofree char *out = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSnapshot) snapshot = NULL;
  const char *memscape = g_getenv ("MEMSCAPE");
  int status;

  g_assert_null (ms_read_file (rollup, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "smaps_rollup"));
  g_assert_nonnull (strstr (error->message, "capture /proc/PID/smaps instead"));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);

  /* The same process's smaps is a capture like any other. */
  snapshot = ms_read_file (smaps, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (snapshot->n_regions, >, 10);

  /* The command line: one line, exit 1, no file. */
  g_assert_nonnull (memscape);
  {
    const char *argv[] = { memscape, "--open", rollup, "--export", out, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                                 NULL, NULL, NULL, &err, &status, NULL));
  }
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_true (g_str_has_prefix (err, "memscape: "));
  g_assert_nonnull (strstr (err, "smaps_rollup"));
  g_assert_nonnull (strstr (err, "/proc/PID/smaps"));
  g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  g_unlink (rollup);
  g_unlink (smaps);
  g_rmdir (dir);
  ms_test_child_stop (child);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/capture/rollup-refused", test_rollup_refused);

  return g_test_run ();
}
