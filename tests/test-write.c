/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How an export is written (issue 10): as the shell's `>` would be allowed
 * to, through links and never over them, keeping what the old file was, and
 * leaving nothing behind when it fails or is killed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-cli.h"
#include "ms-export.h"
#include "ms-file-writer.h"
#include "ms-file-writer-private.h"
#include "ms-test-util.h"

#define NOBODY 65534

/* --- helpers -------------------------------------------------------------- */

/* A fresh folder that another user may enter (the cases that drop to
 * nobody work in folders below it). */
static char *
make_dir (void)
{
  char *dir = g_dir_make_tmp ("memscape-write-XXXXXX", NULL);

  g_assert_nonnull (dir);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      struct stat st;

      if (lstat (child, &st) == 0 && S_ISDIR (st.st_mode))
        {
          chmod (child, 0700);
          remove_tree (child);
        }
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir, sorted and joined with spaces: what is left behind. */
static char *
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static void
write_file (const char *path,
            const char *contents,
            mode_t      mode)
{
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

static void
assert_one_line (const GError *error,
                 const char   *why)
{
  g_assert_nonnull (error);
  g_test_message ("error: %s", error->message);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_null (strchr (error->message, '\n'));
  g_assert_nonnull (strstr (error->message, why));
}

static void
assert_link (const char *path,
             const char *target)
{
  g_autofree char *now = g_file_read_link (path, NULL);

  g_assert_cmpstr (now, ==, target);
}

static gboolean
write_string (const char  *path,
              const char  *contents,
              GError     **error)
{
  return ms_file_write (path, contents, strlen (contents), error);
}

/* /proc/sys/fs/@name, or -1 when it cannot be read. */
static int
read_sysctl (const char *name)
{
  g_autofree char *path = g_build_filename ("/proc/sys/fs", name, NULL);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  return atoi (text);
}

/* Runs @func (returning an exit status) in a child that is user and group
 * nobody, and returns its exit status. Only for root. */
static int
run_as_nobody (int  (*func) (gpointer),
               gpointer data)
{
  pid_t pid = fork ();
  int status;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      if (setgroups (0, NULL) != 0 ||
          setresgid (NOBODY, NOBODY, NOBODY) != 0 ||
          setresuid (NOBODY, NOBODY, NOBODY) != 0)
        _exit (90);
      _exit (func (data));
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* --- a new file ----------------------------------------------------------- */

static void
test_new_file (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "new.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;
  struct stat st;
  mode_t old_mask = umask (027);

  /* The kernel applies the umask, as for the shell's `>`. */
  g_assert_true (write_string (path, "new\n", &error));
  umask (old_mask);
  g_assert_no_error (error);
  contents = read_file (path);
  g_assert_cmpstr (contents, ==, "new\n");
  g_assert_cmpint (lstat (path, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
  g_assert_cmpuint (st.st_uid, ==, geteuid ());

  left = list_dir (dir);
  g_assert_cmpstr (left, ==, "new.csv");
  remove_tree (dir);
}

/* --- an existing regular file keeps what it was --------------------------- */

static void
test_keeps_mode (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *secret = g_build_filename (dir, "secret.csv", NULL);
  g_autofree char *odd = g_build_filename (dir, "odd.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;
  struct stat st;

  write_file (secret, "old", 0600);
  g_assert_true (write_string (secret, "new\n", &error));
  g_assert_no_error (error);
  contents = read_file (secret);
  g_assert_cmpstr (contents, ==, "new\n");
  g_assert_cmpint (stat (secret, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  write_file (odd, "old", 0751);
  g_assert_true (write_string (odd, "new\n", &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat (odd, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0751);

  left = list_dir (dir);
  g_assert_cmpstr (left, ==, "odd.csv secret.csv");
  remove_tree (dir);
}

static void
test_keeps_owner (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;
  struct stat before, after;

  if (geteuid () != 0)
    {
      g_test_skip ("Only root can write over another user's file and give it back to them");
      return;
    }

  dir = make_dir ();
  theirs = g_build_filename (dir, "theirs.csv", NULL);
  write_file (theirs, "old", 0640);
  g_assert_cmpint (chown (theirs, NOBODY, NOBODY), ==, 0);
  g_assert_cmpint (stat (theirs, &before), ==, 0);

  g_assert_true (write_string (theirs, "new\n", &error));
  g_assert_no_error (error);
  contents = read_file (theirs);
  g_assert_cmpstr (contents, ==, "new\n");
  g_assert_cmpint (stat (theirs, &after), ==, 0);
  g_assert_cmpuint (after.st_uid, ==, NOBODY);
  g_assert_cmpuint (after.st_gid, ==, NOBODY);
  g_assert_cmpint (after.st_mode & 07777, ==, 0640);
  /* Replaced whole, not rewritten in place. */
  g_assert_cmpuint (after.st_ino, !=, before.st_ino);

  left = list_dir (dir);
  g_assert_cmpstr (left, ==, "theirs.csv");
  remove_tree (dir);
}

static int
try_read_only (gpointer data)
{
  GError *error = NULL;

  if (write_string (data, "new\n", &error))
    return 10;
  if (strstr (error->message, "Permission denied") == NULL || strchr (error->message, '\n') != NULL)
    return 11;
  g_error_free (error);
  return 0;
}

/* A read-only file the shell's `>` refuses is refused, for a writer who is
 * not root, in a folder that writer may write to. */
static void
test_read_only_refused (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *folder = g_build_filename (dir, "mine", NULL);
  g_autofree char *path = g_build_filename (folder, "ro.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *left = NULL;
  struct stat st;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  write_file (path, "old", 0444);
  if (geteuid () == 0)
    {
      g_assert_cmpint (chown (folder, NOBODY, NOBODY), ==, 0);
      g_assert_cmpint (chown (path, NOBODY, NOBODY), ==, 0);
      g_assert_cmpint (run_as_nobody (try_read_only, path), ==, 0);
    }
  else
    {
      g_assert_cmpint (try_read_only (path), ==, 0);
    }

  contents = read_file (path);
  g_assert_cmpstr (contents, ==, "old");
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0444);
  left = list_dir (folder);
  g_assert_cmpstr (left, ==, "ro.csv");
  remove_tree (dir);
}

static int
try_write (gpointer data)
{
  GError *error = NULL;

  if (!write_string (data, "new\n", &error))
    {
      g_printerr ("%s\n", error->message);
      g_error_free (error);
      return 10;
    }
  return 0;
}

/* A file the writer may write, in a folder it may not: the shell's `>`
 * writes it, and so does the export, in place. */
static void
test_writable_file_in_locked_folder (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *folder = g_build_filename (dir, "locked", NULL);
  g_autofree char *path = g_build_filename (folder, "shared.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *left = NULL;
  struct stat before, after;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  write_file (path, "old content", 0666);
  g_assert_cmpint (stat (path, &before), ==, 0);
  if (geteuid () == 0)
    {
      g_assert_cmpint (run_as_nobody (try_write, path), ==, 0);
    }
  else
    {
      g_assert_cmpint (g_chmod (folder, 0555), ==, 0);
      g_assert_cmpint (try_write (path), ==, 0);
      g_assert_cmpint (g_chmod (folder, 0755), ==, 0);
    }

  contents = read_file (path);
  g_assert_cmpstr (contents, ==, "new\n");
  g_assert_cmpint (stat (path, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, ==, before.st_ino);
  g_assert_cmpuint (after.st_uid, ==, before.st_uid);
  g_assert_cmpint (after.st_mode & 07777, ==, 0666);
  left = list_dir (folder);
  g_assert_cmpstr (left, ==, "shared.csv");
  remove_tree (dir);
}

static int
try_big_write (gpointer data)
{
  GError *error = NULL;
  gsize length = 1 << 20;
  g_autofree char *big = g_malloc (length);

  memset (big, 'x', length);
  if (ms_file_write (data, big, length, &error))
    return 10;
  if (strstr (error->message, g_strerror (EFBIG)) == NULL || strchr (error->message, '\n') != NULL)
    return 11;
  g_error_free (error);
  return 0;
}

/* Writes 1 MiB to @path in a child allowed files of 64 KiB at most: the
 * write fails half-way, and must leave everything as it was. */
static void
fail_half_way (const char *path)
{
  pid_t pid = fork ();
  int status;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      struct rlimit limit = { 64 * 1024, 64 * 1024 };

      signal (SIGXFSZ, SIG_IGN);
      if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
        _exit (90);
      _exit (try_big_write ((gpointer) path));
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

/* A file with two names is written in place: both names see the new
 * content. Space is reserved before the old content is touched. */
static void
test_hard_link (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *a = g_build_filename (dir, "a.csv", NULL);
  g_autofree char *b = g_build_filename (dir, "b.csv", NULL);
  g_autofree char *contents_a = NULL;
  g_autofree char *contents_b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;
  struct stat before, after;

  write_file (a, "old content, longer than the new", 0640);
  g_assert_cmpint (link (a, b), ==, 0);
  g_assert_cmpint (stat (a, &before), ==, 0);

  g_assert_true (write_string (a, "new\n", &error));
  g_assert_no_error (error);
  contents_a = read_file (a);
  contents_b = read_file (b);
  g_assert_cmpstr (contents_a, ==, "new\n");
  g_assert_cmpstr (contents_b, ==, "new\n");
  g_assert_cmpint (stat (b, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, ==, before.st_ino);
  g_assert_cmpuint (after.st_nlink, ==, 2);
  g_assert_cmpint (after.st_mode & 07777, ==, 0640);

  /* Too big to fit: the old content stays whole. */
  fail_half_way (a);
  g_clear_pointer (&contents_b, g_free);
  contents_b = read_file (b);
  g_assert_cmpstr (contents_b, ==, "new\n");

  left = list_dir (dir);
  g_assert_cmpstr (left, ==, "a.csv b.csv");
  remove_tree (dir);
}

/* --- symbolic links: written through, never replaced ---------------------- */

static void
test_dangling_link (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *target = g_build_filename (dir, "target.csv", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "nowhere.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;

  /* The link stays; what it names is created, as the shell's `>` does. */
  g_assert_cmpint (symlink ("target.csv", path), ==, 0);
  g_assert_true (write_string (path, "new\n", &error));
  g_assert_no_error (error);
  assert_link (path, "target.csv");
  g_assert_true (g_file_test (target, G_FILE_TEST_IS_REGULAR) && !g_file_test (target, G_FILE_TEST_IS_SYMLINK));
  contents = read_file (target);
  g_assert_cmpstr (contents, ==, "new\n");

  /* A link into a folder that does not exist: one line, the link stays. */
  g_assert_cmpint (symlink ("missing/x.csv", nowhere), ==, 0);
  g_assert_false (write_string (nowhere, "new\n", &error));
  assert_one_line (error, "No such file or directory");
  assert_link (nowhere, "missing/x.csv");

  left = list_dir (dir);
  g_assert_cmpstr (left, ==, "nowhere.csv out.csv target.csv");
  remove_tree (dir);
}

static void
test_link_loop (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *one = g_build_filename (dir, "one.csv", NULL);
  g_autofree char *two = g_build_filename (dir, "two.csv", NULL);
  g_autofree char *self = g_build_filename (dir, "self.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;

  g_assert_cmpint (symlink ("two.csv", one), ==, 0);
  g_assert_cmpint (symlink ("one.csv", two), ==, 0);
  g_assert_cmpint (symlink ("self.csv", self), ==, 0);

  g_assert_false (write_string (one, "new\n", &error));
  assert_one_line (error, "one.csv");
  g_assert_nonnull (strstr (error->message, "loop"));
  g_clear_error (&error);
  g_assert_false (write_string (self, "new\n", &error));
  assert_one_line (error, "loop");

  assert_link (one, "two.csv");
  assert_link (two, "one.csv");
  assert_link (self, "self.csv");
  left = list_dir (dir);
  g_assert_cmpstr (left, ==, "one.csv self.csv two.csv");
  remove_tree (dir);
}

/* A shared sticky folder (like /tmp) owned by root, with what another user
 * planted in it. */
static char *
make_sticky (const char *dir)
{
  char *sticky = g_build_filename (dir, "sticky", NULL);

  g_assert_cmpint (g_mkdir (sticky, 0755), ==, 0);
  g_assert_cmpint (g_chmod (sticky, 01777), ==, 0);
  return sticky;
}

/* fs.protected_symlinks: root's `echo > /tmp/sticky/report.csv` is refused
 * when report.csv is another user's link; so is the export. */
static void
test_protected_symlink (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sticky = NULL;
  g_autofree char *victim = NULL;
  g_autofree char *report = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;
  struct stat st;

  if (geteuid () != 0)
    {
      g_test_skip ("Only root can plant a link owned by another user");
      return;
    }
  if (read_sysctl ("protected_symlinks") < 1)
    {
      g_test_skip ("fs.protected_symlinks is 0 on this machine: the kernel follows such links for everyone");
      return;
    }

  dir = make_dir ();
  sticky = make_sticky (dir);
  victim = g_build_filename (dir, "victim", NULL);
  report = g_build_filename (sticky, "report.csv", NULL);
  write_file (victim, "victim", 0644);
  g_assert_cmpint (symlink (victim, report), ==, 0);
  g_assert_cmpint (lchown (report, NOBODY, NOBODY), ==, 0);

  g_assert_false (write_string (report, "new\n", &error));
  assert_one_line (error, "report.csv");
  g_assert_nonnull (strstr (error->message, "sticky"));

  contents = read_file (victim);
  g_assert_cmpstr (contents, ==, "victim");
  assert_link (report, victim);
  g_assert_cmpint (lstat (report, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, NOBODY);
  left = list_dir (sticky);
  g_assert_cmpstr (left, ==, "report.csv");
  remove_tree (dir);
}

/* fs.protected_regular: root's `echo > /tmp/sticky/theirs.csv` is refused
 * when the file belongs to another user; so is the export. */
static void
test_protected_regular (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sticky = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;
  struct stat st;

  if (geteuid () != 0)
    {
      g_test_skip ("Only root can put another user's file in a folder it owns");
      return;
    }
  if (read_sysctl ("protected_regular") < 1)
    {
      g_test_skip ("fs.protected_regular is 0 on this machine: the kernel lets root write such files");
      return;
    }

  dir = make_dir ();
  sticky = make_sticky (dir);
  theirs = g_build_filename (sticky, "theirs.csv", NULL);
  write_file (theirs, "theirs", 0666);
  g_assert_cmpint (chown (theirs, NOBODY, NOBODY), ==, 0);

  g_assert_false (write_string (theirs, "new\n", &error));
  assert_one_line (error, "theirs.csv");
  g_assert_nonnull (strstr (error->message, "sticky"));

  contents = read_file (theirs);
  g_assert_cmpstr (contents, ==, "theirs");
  g_assert_cmpint (stat (theirs, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, NOBODY);
  left = list_dir (sticky);
  g_assert_cmpstr (left, ==, "theirs.csv");
  remove_tree (dir);
}

/* --- names and leftovers -------------------------------------------------- */

static void
test_long_name (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *name = g_strnfill (250 - 4, 'x');
  g_autofree char *base = g_strconcat (name, ".csv", NULL);
  g_autofree char *path = g_build_filename (dir, base, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;

  g_assert_cmpuint (strlen (base), ==, 250);

  /* New, then over itself (through the temporary name), then failing. */
  g_assert_true (write_string (path, "first\n", &error));
  g_assert_no_error (error);
  g_assert_true (write_string (path, "second\n", &error));
  g_assert_no_error (error);
  contents = read_file (path);
  g_assert_cmpstr (contents, ==, "second\n");

  fail_half_way (path);
  g_clear_pointer (&contents, g_free);
  contents = read_file (path);
  g_assert_cmpstr (contents, ==, "second\n");

  left = list_dir (dir);
  g_assert_cmpstr (left, ==, base);
  remove_tree (dir);
}

/* Every failure leaves the folder as it was. */
static void
test_failures_leave_nothing (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *kept = g_build_filename (dir, "kept.csv", NULL);
  g_autofree char *fresh = g_build_filename (dir, "fresh.csv", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder.csv", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.csv", NULL);
  g_autofree char *to_fifo = g_build_filename (dir, "to-fifo.csv", NULL);
  g_autofree char *to_folder = g_build_filename (dir, "to-folder.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;

  write_file (kept, "keep me", 0644);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_cmpint (symlink ("fifo.csv", to_fifo), ==, 0);
  g_assert_cmpint (symlink ("folder.csv", to_folder), ==, 0);

  fail_half_way (kept);
  fail_half_way (fresh);

  g_assert_false (write_string (folder, "new\n", &error));
  assert_one_line (error, "it is a folder");
  g_clear_error (&error);
  /* A FIFO would block an export for ever (no reader) or feed a reader. */
  g_assert_false (write_string (fifo, "new\n", &error));
  assert_one_line (error, "not a regular file");
  g_clear_error (&error);
  g_assert_false (write_string (to_fifo, "new\n", &error));
  assert_one_line (error, "not a regular file");
  g_clear_error (&error);
  g_assert_false (write_string (to_folder, "new\n", &error));
  assert_one_line (error, "folder");
  g_clear_error (&error);

  contents = read_file (kept);
  g_assert_cmpstr (contents, ==, "keep me");
  left = list_dir (dir);
  g_assert_cmpstr (left, ==, "fifo.csv folder.csv kept.csv to-fifo.csv to-folder.csv");
  g_clear_pointer (&left, g_free);
  left = list_dir (folder);
  g_assert_cmpstr (left, ==, "");
  remove_tree (dir);
}

/* --- without O_TMPFILE: a named temporary file ---------------------------- */

static void
test_named_temporaries (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *fresh = g_build_filename (dir, "fresh.csv", NULL);
  g_autofree char *secret = g_build_filename (dir, "secret.csv", NULL);
  g_autofree char *never = g_build_filename (dir, "never.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;
  struct stat st;
  mode_t old_mask = umask (027);

  _ms_file_writer_set_named_temporaries (TRUE);

  g_assert_true (write_string (fresh, "new\n", &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat (fresh, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
  contents = read_file (fresh);
  g_assert_cmpstr (contents, ==, "new\n");

  write_file (secret, "old", 0600);
  g_assert_true (write_string (secret, "new\n", &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat (secret, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  fail_half_way (secret);
  fail_half_way (never);
  g_clear_pointer (&contents, g_free);
  contents = read_file (secret);
  g_assert_cmpstr (contents, ==, "new\n");

  _ms_file_writer_set_named_temporaries (FALSE);
  umask (old_mask);

  left = list_dir (dir);
  g_assert_cmpstr (left, ==, "fresh.csv secret.csv");
  remove_tree (dir);
}

/* --- killed while writing ------------------------------------------------- */

/* Waits until something is created in the watched folder, then sends @sig
 * to @pid; returns once @pid has ended, with its wait status. */
static int
kill_on_first_file (int   inotify_fd,
                    GPid  pid,
                    int   sig)
{
  struct pollfd pfd = { .fd = inotify_fd, .events = POLLIN };
  char events[4096];
  int status;

  /* 60 s: the export of the big child takes well under a second. */
  g_assert_cmpint (poll (&pfd, 1, 60000), ==, 1);
  g_assert_cmpint (read (inotify_fd, events, sizeof events), >, 0);
  kill (pid, sig);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

  /* Drain what else came. */
  while (poll (&pfd, 1, 0) == 1 && read (inotify_fd, events, sizeof events) > 0)
    ;
  return status;
}

static int
watch_folder (const char *dir)
{
  int fd = inotify_init1 (IN_CLOEXEC | IN_NONBLOCK);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (inotify_add_watch (fd, dir, IN_CREATE | IN_MOVED_TO), >=, 0);
  return fd;
}

/* In a child: the signals' default actions, whatever the test ran with. */
static void
reset_signals (gpointer data)
{
  signal (SIGINT, SIG_DFL);
  signal (SIGTERM, SIG_DFL);
  signal (SIGHUP, SIG_DFL);
}

static int
write_big_with_signals (gpointer data)
{
  gsize length = 64 << 20;
  char *big = g_malloc (length);

  memset (big, 'x', length);
  _ms_file_writer_set_named_temporaries (TRUE);
  reset_signals (NULL);
  ms_cli_catch_signals ();
  return ms_file_write (data, big, length, NULL) ? 0 : 1;
}

/* Where the file system has no O_TMPFILE the temporary file has a name from
 * its creation on: SIGINT, SIGTERM and SIGHUP remove it. */
static void
test_signal_removes_named_temporary (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *kept = g_build_filename (dir, "kept.csv", NULL);
  const int signals[] = { SIGINT, SIGTERM, SIGHUP };

  write_file (kept, "keep me", 0644);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      int fd = watch_folder (dir);
      g_autofree char *left = NULL;
      g_autofree char *contents = NULL;
      pid_t pid = fork ();
      int status;

      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        _exit (write_big_with_signals (kept));
      status = kill_on_first_file (fd, pid, signals[i]);
      close (fd);

      /* It ended by the signal, as it would have without the handler… */
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, signals[i]);
      /* …and left only what was there. */
      left = list_dir (dir);
      g_assert_cmpstr (left, ==, "kept.csv");
      contents = read_file (kept);
      g_assert_cmpstr (contents, ==, "keep me");
    }
  remove_tree (dir);
}

/* `memscape --pid PID --export big.csv` of a process with 40 000 mappings,
 * killed as soon as anything appears in the folder: only the old file, or
 * the complete new one, is left. */
static void
test_cli_killed_mid_export (void)
{
  g_autofree char *child_program = ms_test_build_path ("ms-bench-child");
  const char *child_argv[] = { child_program, "40000", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_dir ();
  g_autofree char *big = g_build_filename (dir, "big.csv", NULL);
  g_autofree char *line = NULL;
  g_autoptr(GIOChannel) out = NULL;
  GPid child;
  int child_in, child_out;
  const int signals[] = { SIGINT, SIGTERM };

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) child_argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &child, &child_in, &child_out, NULL, &error));
  g_assert_no_error (error);
  out = g_io_channel_unix_new (child_out);
  g_io_channel_set_close_on_unref (out, TRUE);
  g_assert_cmpint (g_io_channel_read_line (out, &line, NULL, NULL, NULL), ==, G_IO_STATUS_NORMAL);
  g_assert_cmpstr (line, ==, "ready\n");

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    for (guint existing = 0; existing < 2; existing++)
      {
        g_autofree char *pid = g_strdup_printf ("%d", child);
        const char *argv[] = { g_getenv ("MEMSCAPE"), "--pid", pid, "--export", big, NULL };
        g_auto(GStrv) envp = g_environ_unsetenv (g_get_environ (), "DISPLAY");
        g_autofree char *left = NULL;
        g_autofree char *contents = NULL;
        GPid memscape;
        int fd, status;

        g_test_message ("signal %d, %s", signals[i], existing ? "over an old file" : "a new file");
        g_unlink (big);
        if (existing)
          write_file (big, "old", 0644);

        fd = watch_folder (dir);
        envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
        g_assert_true (g_spawn_async (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                      reset_signals, NULL, &memscape, &error));
        g_assert_no_error (error);
        status = kill_on_first_file (fd, memscape, signals[i]);
        close (fd);
        g_assert_true ((WIFSIGNALED (status) && WTERMSIG (status) == signals[i]) ||
                       (WIFEXITED (status) && WEXITSTATUS (status) == 0));

        left = list_dir (dir);
        g_assert_cmpstr (left, ==, "big.csv");
        contents = read_file (big);
        if (strcmp (contents, "old") != 0)
          {
            /* The whole export, or nothing. */
            g_assert_true (g_str_has_prefix (contents, ms_csv_header ()));
            g_assert_true (g_str_has_suffix (contents, "\n"));
            g_assert_cmpuint (strlen (contents), >, 40000 * 50);
          }
      }

  close (child_in);
  kill (child, SIGTERM);
  waitpid (child, NULL, 0);
  g_spawn_close_pid (child);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/write/new-file", test_new_file);
  g_test_add_func ("/memscape/write/keeps-mode", test_keeps_mode);
  g_test_add_func ("/memscape/write/keeps-owner", test_keeps_owner);
  g_test_add_func ("/memscape/write/read-only-refused", test_read_only_refused);
  g_test_add_func ("/memscape/write/writable-file-in-locked-folder", test_writable_file_in_locked_folder);
  g_test_add_func ("/memscape/write/hard-link", test_hard_link);
  g_test_add_func ("/memscape/write/dangling-link", test_dangling_link);
  g_test_add_func ("/memscape/write/link-loop", test_link_loop);
  g_test_add_func ("/memscape/write/protected-symlink", test_protected_symlink);
  g_test_add_func ("/memscape/write/protected-regular", test_protected_regular);
  g_test_add_func ("/memscape/write/long-name", test_long_name);
  g_test_add_func ("/memscape/write/failures-leave-nothing", test_failures_leave_nothing);
  g_test_add_func ("/memscape/write/named-temporaries", test_named_temporaries);
  g_test_add_func ("/memscape/write/signal-removes-named-temporary", test_signal_removes_named_temporary);
  g_test_add_func ("/memscape/write/cli-killed-mid-export", test_cli_killed_mid_export);

  return g_test_run ();
}
