/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-export.h"
#include "ms-process-list.h"
#include "ms-reader.h"
#include "ms-test-util.h"

/* Runs memscape with no display at all. */
static void
run_memscape (MsTestRun  *run,
              const char *first,
              ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(GStrv) envp = ms_test_environ_without_display ();
  const char *program = g_getenv ("MEMSCAPE");
  va_list ap;

  g_assert_nonnull (program);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  ms_test_run_program (run, program, envp, (const char * const *) args->pdata);
}

static void
test_help_and_version (void)
{
  MsTestRun run = { 0 };

  run_memscape (&run, "--help", NULL);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_nonnull (strstr (run.out, "--pid"));
  g_assert_nonnull (strstr (run.out, "--open"));
  g_assert_nonnull (strstr (run.out, "--export"));
  g_assert_nonnull (strstr (run.out, "--scale"));
  g_assert_nonnull (strstr (run.out, "--version"));

  /* Every export format of the table: in --export's line, and listed with
   * its name below the options. */
  {
    g_autofree char *export_line = NULL;
    const char *line = strstr (run.out, "--export=");

    g_assert_nonnull (line);
    export_line = g_strndup (line, strcspn (line, "\n"));
    for (guint i = 0; i < MS_N_EXPORT_FORMATS; i++)
      {
        const MsExportFormatInfo *format = ms_export_format_get (i);
        g_autofree char *dotted = g_strdup_printf (".%s", format->extension);
        g_autofree char *row_start = g_strdup_printf ("\n  %s ", dotted);
        g_autofree char *listed = NULL;
        const char *row;

        g_test_message ("format: %s", format->extension);
        g_assert_nonnull (strstr (export_line, dotted));
        row = strstr (run.out, row_start);
        g_assert_nonnull (row);
        listed = g_strndup (row + 1, strcspn (row + 1, "\n"));
        g_assert_true (g_str_has_suffix (listed, format->label));
      }
  }
  ms_test_run_clear (&run);

  run_memscape (&run, "--version", NULL);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_cmpstr (run.out, ==, "memscape " PACKAGE_VERSION "\n");
  ms_test_run_clear (&run);
}

/* Sums the numeric columns @first… of @csv's rows (after the header). */
static void
sum_grouped (const char *csv,
             guint64     sums[6],
             GHashTable *objects)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);

  memset (sums, 0, 6 * sizeof (guint64));
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      /* The numbers are the last six fields; the object may be quoted. */
      g_auto(GStrv) fields = NULL;
      char *end = lines[i] + strlen (lines[i]);
      guint commas = 0;
      char *p = end;

      while (p > lines[i] && commas < 7)
        if (*--p == ',')
          commas++;
      g_assert_cmpuint (commas, ==, 7);
      fields = g_strsplit (p + 1, ",", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 7);
      for (guint f = 0; f < 6; f++)
        sums[f] += g_ascii_strtoull (fields[f + 1], NULL, 10);
      if (objects != NULL)
        g_hash_table_add (objects, g_strndup (lines[i], (gsize) (p - lines[i])));
    }
}

/* --group object: one row per owner, whose sums are the regions' sums. */
static void
test_export_grouped (void)
{
  g_autofree char *fixture = ms_test_fixture_path ("python3-threads.smaps");
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "owners.csv", NULL);
  g_autofree char *png = g_build_filename (dir, "owners.png", NULL);
  g_autoptr(MsSnapshot) s = ms_test_read_fixture ("python3-threads.smaps");
  g_autoptr(GHashTable) objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *csv = NULL;
  guint64 sums[6];
  MsTestRun run = { 0 };

  run_memscape (&run, "--open", fixture, "--group", "object", "--export", target, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_true (g_file_get_contents (target, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "object,kind,regions,size,rss,pss,uss,swap\n"));
  sum_grouped (csv, sums, objects);
  g_assert_cmpuint (sums[0], ==, s->n_regions);
  g_assert_cmpuint (sums[1], ==, s->total.vss);
  g_assert_cmpuint (sums[2], ==, s->total.rss);
  g_assert_cmpuint (sums[3], ==, s->total.pss);
  g_assert_cmpuint (sums[4], ==, s->total.uss);
  g_assert_cmpuint (sums[5], ==, s->total.swap);
  /* A library is one row, its text, data and holes together; the three
   * arenas are one owner; anonymous memory without one is a row of its kind. */
  g_assert_nonnull (strstr (csv, "\n/usr/lib/x86_64-linux-gnu/libc.so.6,text,"));
  g_assert_nonnull (strstr (csv, "\nmalloc arena,heap,6,"));
  g_assert_nonnull (strstr (csv, "\n,mmap-anon,"));
  g_assert_nonnull (strstr (csv, "\n,guard,3,12288,"));
  g_assert_cmpuint (g_hash_table_size (objects), <, s->n_regions);
  ms_test_run_clear (&run);

  /* Other groupings are other issues; pictures have no rows. */
  g_unlink (target);
  run_memscape (&run, "--open", fixture, "--group", "user", "--export", target, NULL);
  g_assert_cmpstr (run.err, ==, "memscape: Unknown grouping “user”: use object\n");
  g_assert_false (g_spawn_check_wait_status (run.status, NULL));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  ms_test_run_clear (&run);
  run_memscape (&run, "--open", fixture, "--group", "object", "--export", png, NULL);
  g_assert_cmpstr (run.err, ==, "memscape: --group object needs a .csv export\n");
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  ms_test_run_clear (&run);
  run_memscape (&run, "--open", fixture, "--group", "object", NULL);
  g_assert_cmpstr (run.err, ==, "memscape: --group needs --export FILE.csv\n");
  g_assert_false (g_spawn_check_wait_status (run.status, NULL));
  ms_test_run_clear (&run);

  g_rmdir (dir);
}

static void
test_export_pid_without_display (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "child.csv", NULL);
  g_autofree char *pid = g_strdup_printf ("%d", child->pid);
  g_autofree char *csv = NULL;
  g_autofree char *odd_row = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(MsSnapshot) s = NULL;
  MsTestRun run = { 0 };

  run_memscape (&run, "--pid", pid, "--export", target, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_true (g_file_get_contents (target, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, ms_csv_header ()));

  /* Every region of the child is a row, the odd file name quoted. */
  s = ms_read_pid (child->pid, NULL, NULL);
  g_assert_nonnull (s);
  odd_row = g_strdup_printf (",\"%s/odd, \"\"name\"\"\nline two.bin\",mmap-file,,", child->dir);
  g_assert_nonnull (strstr (csv, odd_row));
  g_assert_nonnull (strstr (csv, ",thread-stack,thread "));
  g_assert_nonnull (strstr (csv, ",bss,"));
  lines = g_strsplit (csv, "\n0x", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, s->n_regions + 1);

  g_unlink (target);
  g_rmdir (dir);
  ms_test_run_clear (&run);
  ms_test_child_stop (child);
}

static void
test_export_file_matches_library (void)
{
  g_autofree char *fixture = ms_test_fixture_path ("python3.smaps");
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "py.CSV", NULL);
  g_autofree char *csv = NULL;
  g_autoptr(MsSnapshot) s = ms_read_file (fixture, NULL, NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  MsTestRun run = { 0 };

  run_memscape (&run, "--open", fixture, "--export", target, NULL);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_true (g_file_get_contents (target, &csv, NULL, NULL));
  ms_csv_write (s, expected);
  g_assert_cmpstr (csv, ==, expected->str);

  g_unlink (target);
  g_rmdir (dir);
  ms_test_run_clear (&run);
}

/* Text of the PDF at @path. */
static char *
pdf_text (const char *path)
{
  const char *argv[] = { g_getenv ("PDFTOTEXT"), path, "-", NULL };
  char *text = NULL;
  int status;

  g_assert_nonnull (argv[0]);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &text, NULL, &status, NULL);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return text;
}

/* --scale takes each nick of MsScaleMode (and nothing else, see
 * test_failures()), and the picture says the scale it was drawn in. */
static void
test_export_scales (void)
{
  static const struct {
    const char *nick;
    const char *label;
  } scales[] = {
    { NULL, "Proportional scale, gaps shrunk" },
    { "proportional", "Proportional scale, gaps shrunk" },
    { "linear", "Linear address scale" },
    { "resident", "Resident-size scale, gaps shrunk" },
  };
  g_autofree char *fixture = ms_test_fixture_path ("python3.smaps");
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "scale.pdf", NULL);
  g_autoptr(GEnumClass) modes = g_type_class_ref (MS_TYPE_SCALE_MODE);

  g_assert_cmpuint (modes->n_values, ==, G_N_ELEMENTS (scales) - 1);
  for (guint i = 0; i < G_N_ELEMENTS (scales); i++)
    {
      g_autofree char *text = NULL;
      MsTestRun run = { 0 };

      g_test_message ("scale: %s", scales[i].nick);
      g_assert_true (scales[i].nick == NULL || g_enum_get_value_by_nick (modes, scales[i].nick) != NULL);
      if (scales[i].nick != NULL)
        run_memscape (&run, "--open", fixture, "--scale", scales[i].nick, "--export", target, NULL);
      else
        run_memscape (&run, "--open", fixture, "--export", target, NULL);
      g_assert_cmpstr (run.err, ==, "");
      g_assert_true (g_spawn_check_wait_status (run.status, NULL));

      text = pdf_text (target);
      g_assert_nonnull (strstr (text, scales[i].label));
      for (guint j = 1; j < G_N_ELEMENTS (scales); j++)
        if (strcmp (scales[j].label, scales[i].label) != 0)
          g_assert_null (strstr (text, scales[j].label));

      g_unlink (target);
      ms_test_run_clear (&run);
    }

  g_rmdir (dir);
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
expect_failure (const char  *why,
                const char **args,
                const char  *keep_path)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_environ_unsetenv (g_get_environ (), "DISPLAY");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL, *kept = NULL;
  int status;

  g_test_message ("case: %s", why);
  g_ptr_array_add (argv, (gpointer) g_getenv ("MEMSCAPE"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);

  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  /* One line, saying what and why. */
  g_assert_true (g_str_has_prefix (err, "memscape: "));
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_null (strchr (err, '\n') + 1 == err + strlen (err) ? NULL : "more than one line");
  g_assert_nonnull (strstr (err, why));

  g_assert_true (g_file_get_contents (keep_path, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "keep me");
}

static void
test_failures (void)
{
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  g_autofree char *keep = g_build_filename (dir, "keep.csv", NULL);
  g_autofree char *keep_png = g_build_filename (dir, "keep.png", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.smaps", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *missing_dir = g_build_filename (dir, "missing", "out.csv", NULL);
  g_autofree char *wrong_ext = g_build_filename (dir, "out.xls", NULL);
  g_autofree char *folder_csv = g_build_filename (dir, "folder.csv", NULL);
  g_autofree char *dead = g_strdup_printf ("%d", ms_test_dead_pid ());
  g_autofree char *self = g_strdup_printf ("%d", getpid ());
  g_autofree char *fixture = ms_test_fixture_path ("c-sleep.smaps");
  g_autofree char *kthread = NULL;
  g_autoptr(GPtrArray) list = ms_process_list_read (NULL);

  g_assert_true (g_file_set_contents (keep, "keep me", -1, NULL));
  g_assert_true (g_file_set_contents (keep_png, "keep me", -1, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (text, "Dear diary,\n", -1, NULL));
  g_assert_cmpint (g_mkdir (folder_csv, 0700), ==, 0);

  for (guint i = 0; list != NULL && i < list->len && kthread == NULL; i++)
    if (((MsProcessInfo *) g_ptr_array_index (list, i))->is_kernel_thread)
      kthread = g_strdup_printf ("%d", ((MsProcessInfo *) g_ptr_array_index (list, i))->pid);

  {
    const char *a1[] = { "--pid", "abc", "--export", keep, NULL };
    const char *a2[] = { "--pid", "-3", "--export", keep, NULL };
    const char *a3[] = { "--pid", dead, "--export", keep, NULL };
    const char *a4[] = { "--open", "/nonexistent/smaps", "--export", keep, NULL };
    const char *a5[] = { "--open", empty, "--export", keep, NULL };
    const char *a6[] = { "--open", text, "--export", keep, NULL };
    const char *a7[] = { "--open", fixture, "--export", missing_dir, NULL };
    const char *a8[] = { "--open", fixture, "--export", wrong_ext, NULL };
    const char *a9[] = { "--export", keep, NULL };
    const char *a10[] = { "--pid", self, "--open", fixture, "--export", keep, NULL };
    const char *a11[] = { "--open", fixture, "--scale", "log", "--export", keep_png, NULL };
    const char *a12[] = { "--open", dir, "--export", keep, NULL };
    const char *a14[] = { "--open", "/dev/zero", "--export", keep, NULL };
    const char *a15[] = { "--open", fixture, "--export", folder_csv, NULL };
    const char *a16[] = { "--open", fixture, "--export", "/dev/null", NULL };
    /* The window takes --scale too: checked before it starts. */
    const char *a17[] = { "--open", fixture, "--scale", "log", NULL };

    expect_failure ("is not a process ID", a1, keep);
    expect_failure ("is not a process ID", a2, keep);
    expect_failure ("There is no process with ID", a3, keep);
    expect_failure ("No such file or directory", a4, keep);
    expect_failure ("is empty", a5, keep);
    expect_failure ("is not a smaps or maps capture", a6, keep);
    expect_failure ("Could not write", a7, keep);
    expect_failure ("Cannot tell the format", a8, keep);
    expect_failure ("exactly one of --pid PID or --open FILE", a9, keep);
    expect_failure ("exactly one of --pid PID or --open FILE", a10, keep);
    expect_failure ("Unknown scale", a11, keep_png);
    expect_failure ("Unknown scale", a17, keep_png);
    expect_failure ("it is a folder", a12, keep);
    expect_failure ("it is not a regular file", a14, keep);
    expect_failure ("it is a folder", a15, keep);
    expect_failure ("Cannot tell the format", a16, keep);
    if (kthread != NULL)
      {
        const char *a13[] = { "--pid", kthread, "--export", keep, NULL };
        expect_failure ("is a kernel thread", a13, keep);
      }
  }

  /* Nothing was left behind: only the files the test made. */
  g_assert_cmpuint (count_files (dir), ==, 5);
  g_assert_cmpuint (count_files (folder_csv), ==, 0);

  g_unlink (keep);
  g_unlink (keep_png);
  g_unlink (empty);
  g_unlink (text);
  g_rmdir (folder_csv);
  g_rmdir (dir);
}

/* An export to a name of no known format fails before reading, with one
 * line that names every format of the table. */
static void
test_unknown_extension (void)
{
  g_autofree char *fixture = ms_test_fixture_path ("c-sleep.smaps");
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "map.xls", NULL);
  MsTestRun run = { 0 };

  run_memscape (&run, "--open", fixture, "--export", target, NULL);
  g_assert_true (WIFEXITED (run.status));
  g_assert_cmpint (WEXITSTATUS (run.status), ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "memscape: Cannot tell the format of "));
  g_assert_true (strchr (run.err, '\n') == run.err + strlen (run.err) - 1);
  g_assert_nonnull (strstr (run.err, "map.xls"));
  for (guint i = 0; i < MS_N_EXPORT_FORMATS; i++)
    {
      g_autofree char *dotted = g_strdup_printf (".%s", ms_export_format_get (i)->extension);

      g_assert_nonnull (strstr (run.err, dotted));
    }
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));

  g_rmdir (dir);
  ms_test_run_clear (&run);
}

/* A live process exported as PDF from the command line: a PDF file whose
 * text (read back by pdftotext) names the process and its PID. */
static void
test_export_pdf (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "child.PDF", NULL);
  g_autofree char *pid = g_strdup_printf ("%d", child->pid);
  g_autofree char *pid_line = g_strdup_printf ("PID %d", child->pid);
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  gsize length;
  MsTestRun run = { 0 };

  run_memscape (&run, "--pid", pid, "--export", target, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_true (g_file_get_contents (target, &pdf, &length, NULL));
  g_assert_cmpuint (length, >, 5);
  g_assert_cmpmem (pdf, 5, "%PDF-", 5);

  text = pdf_text (target);
  g_assert_nonnull (strstr (text, "ms-test-child"));
  g_assert_nonnull (strstr (text, pid_line));

  g_unlink (target);
  g_rmdir (dir);
  ms_test_run_clear (&run);
  ms_test_child_stop (child);
}

/* The headless export is done by `memscape` alone: it never starts the
 * window program and never loads GTK or libadwaita (ld.so's own account of
 * what it loads). */
static void
test_export_loads_no_gtk (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "child.csv", NULL);
  g_autofree char *pid = g_strdup_printf ("%d", child->pid);
  g_auto(GStrv) envp = ms_test_environ_without_display ();
  const char *args[] = { "--pid", pid, "--export", target, NULL };
  g_autofree char *csv = NULL;
  MsTestRun run = { 0 };

  envp = g_environ_setenv (envp, "MEMSCAPE_WINDOW", "/nonexistent/memscape-window", TRUE);
  envp = g_environ_setenv (envp, "LD_DEBUG", "libs", TRUE);
  ms_test_run_program (&run, g_getenv ("MEMSCAPE"), envp, args);

  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_true (g_file_get_contents (target, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, ms_csv_header ()));
  /* ld.so did report, and loaded cairo (for pictures) but no toolkit. */
  g_assert_nonnull (strstr (run.err, "libglib-2.0.so"));
  g_assert_null (strstr (run.err, "libgtk-4.so"));
  g_assert_null (strstr (run.err, "libadwaita-1.so"));
  g_assert_null (strstr (run.err, "libgdk_pixbuf"));

  g_unlink (target);
  g_rmdir (dir);
  ms_test_run_clear (&run);
  ms_test_child_stop (child);
}

/* A stand-in for the window program that prints the arguments it was given,
 * one in brackets each, and exits with status 7. */
static char *
write_fake_window (const char *dir,
                   const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]' \"$a\"; done\nexit 7\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  return path;
}

/* Everything but the headless work goes to the window program, with the
 * arguments exactly as given (GApplication's own options and anything
 * memscape does not know included), in memscape's place: its exit status is
 * memscape's. Arguments memscape can judge are judged before that. */
static void
test_window_gets_arguments (void)
{
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  g_autofree char *window = write_fake_window (dir, "fake-window");
  g_autofree char *self = g_strdup_printf ("%d", getpid ());
  g_autofree char *expected = g_strdup_printf ("[--pid][%s][--help-gapplication][--no-such-option][two words]", self);
  g_auto(GStrv) envp = g_environ_setenv (ms_test_environ_without_display (), "MEMSCAPE_WINDOW", window, TRUE);
  const char *none[] = { NULL };
  const char *pid_and_more[] = { "--pid", self, "--help-gapplication", "--no-such-option", "two words", NULL };
  const char *open[] = { "-o", "some file", NULL };
  const char *bad_pid[] = { "--pid", "abc", NULL };
  const char *both[] = { "--pid", self, "--open", "x.smaps", NULL };
  MsTestRun run = { 0 };

  ms_test_run_program (&run, g_getenv ("MEMSCAPE"), envp, none);
  g_assert_true (WIFEXITED (run.status));
  g_assert_cmpint (WEXITSTATUS (run.status), ==, 7);
  g_assert_cmpstr (run.out, ==, "");
  ms_test_run_clear (&run);

  ms_test_run_program (&run, g_getenv ("MEMSCAPE"), envp, pid_and_more);
  g_assert_cmpint (WEXITSTATUS (run.status), ==, 7);
  g_assert_cmpstr (run.out, ==, expected);
  ms_test_run_clear (&run);

  ms_test_run_program (&run, g_getenv ("MEMSCAPE"), envp, open);
  g_assert_cmpint (WEXITSTATUS (run.status), ==, 7);
  g_assert_cmpstr (run.out, ==, "[-o][some file]");
  ms_test_run_clear (&run);

  /* Judged here: one line, exit 1, no window. */
  ms_test_run_program (&run, g_getenv ("MEMSCAPE"), envp, bad_pid);
  g_assert_cmpint (WEXITSTATUS (run.status), ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "memscape: “abc” is not a process ID: give a positive whole number\n");
  ms_test_run_clear (&run);

  ms_test_run_program (&run, g_getenv ("MEMSCAPE"), envp, both);
  g_assert_cmpint (WEXITSTATUS (run.status), ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "memscape: Give either --pid or --open, not both\n");
  ms_test_run_clear (&run);

  /* A window program that is not there: one line, exit 1. */
  g_strfreev (envp);
  envp = g_environ_setenv (ms_test_environ_without_display (), "MEMSCAPE_WINDOW", "/nonexistent/memscape-window", TRUE);
  ms_test_run_program (&run, g_getenv ("MEMSCAPE"), envp, none);
  g_assert_cmpint (WEXITSTATUS (run.status), ==, 1);
  g_assert_cmpstr (run.err, ==, "memscape: Could not start the window program /nonexistent/memscape-window: No such file or directory\n");
  ms_test_run_clear (&run);

  g_unlink (window);
  g_rmdir (dir);
}

/* Without $MEMSCAPE_WINDOW, an uninstalled memscape starts the window
 * program built beside it (so `_build/src/memscape` just works). */
static void
test_window_beside (void)
{
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  g_autofree char *copy = g_build_filename (dir, "memscape", NULL);
  g_autofree char *window = write_fake_window (dir, "memscape-window");
  g_autofree char *contents = NULL;
  g_auto(GStrv) envp = g_environ_unsetenv (ms_test_environ_without_display (), "MEMSCAPE_WINDOW");
  const char *args[] = { "--open", "x.smaps", NULL };
  gsize length;
  MsTestRun run = { 0 };

  g_assert_true (g_file_get_contents (g_getenv ("MEMSCAPE"), &contents, &length, NULL));
  g_assert_true (g_file_set_contents (copy, contents, length, NULL));
  g_assert_cmpint (g_chmod (copy, 0755), ==, 0);

  ms_test_run_program (&run, copy, envp, args);
  g_assert_cmpint (WEXITSTATUS (run.status), ==, 7);
  g_assert_cmpstr (run.out, ==, "[--open][x.smaps]");
  ms_test_run_clear (&run);

  g_unlink (window);
  g_unlink (copy);
  g_rmdir (dir);
}

/* A process's name is bytes, not UTF-8: the one line a failure prints names
 * it in valid UTF-8 (U+FFFD for the stray byte), as the window shows it. */
static void
test_error_names_not_utf8 (void)
{
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *pid_text = NULL;
  MsTestRun run = { 0 };
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      prctl (PR_SET_NAME, "caf\xe9", 0, 0, 0);
      _exit (0);
    }
  /* not reaped: a zombie named "caf\xe9" until the end of the test */
  while (TRUE)
    {
      g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", (int) pid);
      g_autofree char *stat = NULL;

      if (g_file_get_contents (stat_path, &stat, NULL, NULL) && strstr (stat, ") Z ") != NULL)
        break;
      g_usleep (1000);
    }

  pid_text = g_strdup_printf ("%d", (int) pid);
  run_memscape (&run, "--pid", pid_text, "--export", target, NULL);
  g_assert_false (g_spawn_check_wait_status (run.status, NULL));
  g_assert_true (g_utf8_validate (run.err, -1, NULL));
  g_assert_nonnull (strstr (run.err, "(caf\xef\xbf\xbd)"));
  g_assert_nonnull (strstr (run.err, "zombie"));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));

  waitpid (pid, NULL, 0);
  ms_test_run_clear (&run);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/cli/help-and-version", test_help_and_version);
  g_test_add_func ("/memscape/cli/export-pid-without-display", test_export_pid_without_display);
  g_test_add_func ("/memscape/cli/export-file-matches-library", test_export_file_matches_library);
  g_test_add_func ("/memscape/cli/export-scales", test_export_scales);
  g_test_add_func ("/memscape/cli/export-grouped", test_export_grouped);
  g_test_add_func ("/memscape/cli/failures", test_failures);
  g_test_add_func ("/memscape/cli/error-names-not-utf8", test_error_names_not_utf8);
  g_test_add_func ("/memscape/cli/unknown-extension", test_unknown_extension);
  g_test_add_func ("/memscape/cli/export-pdf", test_export_pdf);
  g_test_add_func ("/memscape/cli/export-loads-no-gtk", test_export_loads_no_gtk);
  g_test_add_func ("/memscape/cli/window-gets-arguments", test_window_gets_arguments);
  g_test_add_func ("/memscape/cli/window-beside", test_window_beside);

  return g_test_run ();
}
