/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The whole program started as a person starts it, `_build/src/memscape`
 * (under Xvfb and a session bus): the GTK-free front end finds the window
 * program beside it, which shows its window. With MEMSCAPE_TEST_CLOSE_WHEN_SHOWN
 * the window closes itself after its second frame and the program exits. */

typedef struct {
  char *root;       /* a temporary folder */
  char *data_dir;   /* root/share: the system's data, but no Memscape schema */
} DataDirs;

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
}

/* A data folder like the system's (icons, MIME types, every other
 * program's GSettings schemas, …) in which Memscape's schema is not
 * installed, even on a machine where it is. An empty XDG_DATA_DIRS would not
 * do: without any schema libadwaita 1.2 itself fails a critical check, and
 * without the MIME database GTK 4.8 cannot load its own icons. */
static void
data_dirs_init (DataDirs *dirs)
{
  const char * const *system = g_get_system_data_dirs ();
  g_autofree char *schemas = NULL;
  g_autoptr(GError) error = NULL;
  const char *compiler = g_getenv ("GLIB_COMPILE_SCHEMAS");
  const char *argv[] = { compiler, NULL, NULL };
  int status;

  dirs->root = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  dirs->data_dir = g_build_filename (dirs->root, "share", NULL);
  schemas = g_build_filename (dirs->data_dir, "glib-2.0", "schemas", NULL);
  g_assert_cmpint (g_mkdir_with_parents (schemas, 0700), ==, 0);

  for (guint i = 0; system[i] != NULL; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (system[i], 0, NULL);
      g_autofree char *system_schemas = g_build_filename (system[i], "glib-2.0", "schemas", NULL);
      g_autoptr(GDir) schema_dir = g_dir_open (system_schemas, 0, NULL);
      const char *name;

      /* Everything but glib-2.0, linked; the first folder that has it wins. */
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *target = g_build_filename (system[i], name, NULL);
          g_autofree char *link = g_build_filename (dirs->data_dir, name, NULL);

          if (strcmp (name, "glib-2.0") != 0 && !g_file_test (link, G_FILE_TEST_EXISTS))
            g_assert_cmpint (symlink (target, link), ==, 0);
        }

      /* Every schema source but Memscape's, compiled below. */
      while (schema_dir != NULL && (name = g_dir_read_name (schema_dir)) != NULL)
        {
          g_autofree char *from = g_build_filename (system_schemas, name, NULL);
          g_autofree char *to = g_build_filename (schemas, name, NULL);

          if ((g_str_has_suffix (name, ".xml") || g_str_has_suffix (name, ".override")) &&
              !g_str_has_prefix (name, APPLICATION_ID) && !g_file_test (to, G_FILE_TEST_EXISTS))
            copy_file (from, to);
        }
    }

  g_assert_nonnull (compiler);
  argv[1] = schemas;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static int
remove_all (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_DIR))
    return g_unlink (path);

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_all (child);
    }
  return g_rmdir (path);
}

static void
data_dirs_clear (DataDirs *dirs)
{
  g_assert_cmpint (remove_all (dirs->root), ==, 0);
  g_clear_pointer (&dirs->root, g_free);
  g_clear_pointer (&dirs->data_dir, g_free);
}

/* Runs `memscape @args…` in @envp, for at most 60 s; returns its stderr. */
static char *
run_memscape (char               **envp,
              const char * const  *args,
              int                 *status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *err = NULL;

  g_assert_nonnull (g_getenv ("MEMSCAPE"));
  g_ptr_array_add (argv, (gpointer) "timeout");
  g_ptr_array_add (argv, (gpointer) "60");
  g_ptr_array_add (argv, (gpointer) g_getenv ("MEMSCAPE"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, status, &error);
  g_assert_no_error (error);
  return err;
}

/* The person's environment: a display, no schema path of the build, no
 * window program named, the window closing itself once shown. */
static char **
environ_for_launch (DataDirs *dirs)
{
  char **envp = g_get_environ ();

  g_assert_nonnull (g_environ_getenv (envp, "DISPLAY"));
  envp = g_environ_unsetenv (envp, "GSETTINGS_SCHEMA_DIR");
  envp = g_environ_unsetenv (envp, "GSETTINGS_BACKEND");
  envp = g_environ_unsetenv (envp, "MEMSCAPE_WINDOW");
  envp = g_environ_setenv (envp, "XDG_DATA_DIRS", dirs->data_dir, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", dirs->root, TRUE);
  envp = g_environ_setenv (envp, "MEMSCAPE_TEST_CLOSE_WHEN_SHOWN", "1", TRUE);
  /* Under LeakSanitizer its report of the suppressions it used would be on
   * the stderr this test reads. */
  if (g_environ_getenv (envp, "LSAN_OPTIONS") != NULL)
    {
      g_autofree char *quiet = g_strconcat (g_environ_getenv (envp, "LSAN_OPTIONS"), ":print_suppressions=0", NULL);

      envp = g_environ_setenv (envp, "LSAN_OPTIONS", quiet, TRUE);
    }
  return envp;
}

/* Without the schema installed the window still opens, with one line that
 * says its settings will not be saved; it closes and the program exits 0. */
static void
test_without_schema (void)
{
  DataDirs dirs = { 0 };
  g_auto(GStrv) envp = NULL;
  g_autofree char *err = NULL;
  const char *no_args[] = { NULL };
  int status;

  data_dirs_init (&dirs);
  envp = environ_for_launch (&dirs);

  err = run_memscape (envp, no_args, &status);
  g_test_message ("stderr: %s", err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpstr (err, ==, "memscape: warning: the settings schema is not installed; settings will not be saved\n");

  data_dirs_clear (&dirs);
}

/* With the schema (here the build's), no warning at all, also when the
 * window opens on a process. */
static void
test_with_schema (void)
{
  const char *schema_dir = g_getenv ("GSETTINGS_SCHEMA_DIR");
  DataDirs dirs = { 0 };
  g_auto(GStrv) envp = NULL;
  g_autofree char *err = NULL;
  g_autofree char *self = g_strdup_printf ("%d", getpid ());
  const char *args[] = { "--pid", self, NULL };
  int status;

  g_assert_nonnull (schema_dir);
  data_dirs_init (&dirs);
  envp = environ_for_launch (&dirs);
  envp = g_environ_setenv (envp, "GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);

  err = run_memscape (envp, args, &status);
  g_test_message ("stderr: %s", err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpstr (err, ==, "");

  data_dirs_clear (&dirs);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/launch/without-schema", test_without_schema);
  g_test_add_func ("/memscape/launch/with-schema", test_with_schema);

  return g_test_run ();
}
