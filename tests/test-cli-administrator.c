/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-pages.h"
#include "ms-reader.h"
#include "ms-test-util.h"

/* `memscape --administrator` for the command line's reads of another user's
 * process (ms-cli-administrator.c): `--pages --export`, `--pid --export` and
 * `--limits`. As in test-activity-helper.c's cli-administrator: `memscape`
 * runs as nobody against a child owned by root, and pkexec's stand-in is a
 * set-user-ID root copy of env(1), which runs the helper as root for it. */

#define PAGE 4096u

typedef struct {
  char        *dir;        /* 0777, for the exports of nobody */
  char        *runner;     /* the set-user-ID env(1) */
  MsTestChild *child;      /* root's */
  char        *pid_text;
} Fixture;

static gboolean
fixture_set_up (Fixture *f)
{
  if (getuid () != 0)
    {
      g_test_skip ("a child of another user needs root to start it (run the tests as root, as CI does)");
      return FALSE;
    }
  f->dir = ms_test_make_setuid_runner (&f->runner);
  if (f->dir == NULL)
    return FALSE;

  /* root's child, with the known pattern of pages of issue 16 */
  f->child = ms_test_child_start ();
  f->pid_text = g_strdup_printf ("%d", (int) f->child->pid);
  ms_test_child_make_pages (f->child);
  return TRUE;
}

static void
fixture_tear_down (Fixture *f)
{
  g_clear_pointer (&f->child, ms_test_child_stop);
  if (f->dir != NULL)
    ms_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->runner, g_free);
  g_clear_pointer (&f->pid_text, g_free);
}

/* `memscape ARGS…` as nobody (@as_nobody) or as this user, with @runner
 * for pkexec (NULL: none that can run): its exit status, and its whole
 * stderr in @err (transfer full). */
static int
run_cli (const char         *runner,
         gboolean            as_nobody,
         const char * const *args,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = ms_test_environ_without_display ();
  int status;

  envp = g_environ_setenv (envp, "MEMSCAPE_PRIVILEGED_RUNNER", runner != NULL ? runner : "/bin/false", TRUE);
  g_ptr_array_add (argv, (gpointer) g_getenv ("MEMSCAPE"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_STDOUT_TO_DEV_NULL,
                as_nobody ? ms_test_drop_to_nobody : NULL, NULL, NULL, err, &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* One line on stderr that starts with @prefix and names --administrator. */
static void
assert_one_line (const char *err,
                 const char *prefix)
{
  g_assert_true (g_str_has_prefix (err, prefix));
  g_assert_nonnull (strstr (err, "give --administrator"));
  g_assert_nonnull (strchr (err, '\n'));
  g_assert_cmpint (strchr (err, '\n') - err, ==, (long) strlen (err) - 1);
}

/* `memscape ARGS…` of root's process as nobody without --administrator:
 * refused in one line that says whose the process is, @target not
 * written. */
static void
assert_refused (Fixture            *f,
                const char * const *args,
                const char         *target)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (f->runner, TRUE, args, &err), ==, 1);
  assert_one_line (err, "memscape: Permission denied: process ");
  g_assert_nonnull (strstr (err, "(ms-test-child) belongs to root"));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
}

/* --- the pages ----------------------------------------------------------------- */

/* Each page of a page CSV (or of a map): its flags and map count, by
 * address. */
typedef struct {
  guint32 flags;
  guint32 mapcount;
} Page;

static GHashTable *
pages_of_map (const MsPageMap *map)
{
  GHashTable *pages = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  for (guint i = 0; i < map->n_runs; i++)
    for (guint64 a = map->runs[i].start; a < map->runs[i].end; a += PAGE)
      {
        Page *page = g_new (Page, 1);

        page->flags = map->runs[i].flags;
        page->mapcount = map->runs[i].mapcount;
        g_hash_table_insert (pages, g_memdup2 (&a, sizeof a), page);
      }
  return pages;
}

/* The page CSV's rows, with the mapcount columns, page by page. */
static GHashTable *
pages_of_csv (const char *csv)
{
  static const guint32 columns[] = {
    MS_PAGE_PRESENT, MS_PAGE_SWAPPED, MS_PAGE_FILE, MS_PAGE_EXCLUSIVE, MS_PAGE_SOFT_DIRTY,
    MS_PAGE_ZERO, MS_PAGE_HUGE, MS_PAGE_GUARD,
  };
  GHashTable *pages = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);

  g_assert_cmpstr (lines[0], ==, "start,end,pages,present,swapped,file,exclusive,soft_dirty,zero,huge,guard,"
                                 "mapcount,referenced,idle,ksm");
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);
      guint64 start, end;
      guint32 flags = 0;

      g_assert_cmpuint (g_strv_length (cells), ==, 15);
      start = g_ascii_strtoull (cells[0], NULL, 16);
      end = g_ascii_strtoull (cells[1], NULL, 16);
      g_assert_cmpuint (end, >, start);
      g_assert_cmpuint ((end - start) / PAGE, ==, g_ascii_strtoull (cells[2], NULL, 10));
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        if (strcmp (cells[3 + c], "1") == 0)
          flags |= columns[c];
      if (strcmp (cells[12], "1") == 0)
        flags |= MS_PAGE_REFERENCED;
      if (strcmp (cells[13], "1") == 0)
        flags |= MS_PAGE_IDLE;
      if (strcmp (cells[14], "1") == 0)
        flags |= MS_PAGE_KSM;
      for (guint64 a = start; a < end; a += PAGE)
        {
          Page *page = g_new (Page, 1);

          page->flags = flags;
          page->mapcount = (guint32) g_ascii_strtoull (cells[11], NULL, 10);
          g_assert_false (g_hash_table_contains (pages, &a));
          g_hash_table_insert (pages, g_memdup2 (&a, sizeof a), page);
        }
    }
  return pages;
}

/* @csv, written through the helper, is what root reads directly of the
 * same quiet child (@direct), page by page: the same pages, each in the same
 * state. What other processes change meanwhile (whether a library's page is
 * mapped by this process alone, its map count, the LRU's referenced and
 * idle bits, which idle tracking elsewhere sets) is compared on the child's
 * own pages of the pattern. */
static void
assert_pages_equal (Fixture         *f,
                    const char      *csv,
                    const MsPageMap *direct)
{
  g_autoptr(GHashTable) written = pages_of_csv (csv);
  g_autoptr(GHashTable) read = pages_of_map (direct);
  const char *own[] = { "pages-alternate", "pages-half" };
  GHashTableIter iter;
  gpointer key, value;

  g_assert_true (direct->pfns_visible);
  g_assert_cmpuint (g_hash_table_size (written), ==, g_hash_table_size (read));
  g_hash_table_iter_init (&iter, read);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Page *want = value;
      const Page *got = g_hash_table_lookup (written, key);

      /* (whether another process maps a library's page too can change) */
      guint32 mask = MS_PAGE_BASIC_FLAGS & ~((want->flags & MS_PAGE_FILE) ? (guint32) MS_PAGE_EXCLUSIVE : 0u);

      g_assert_nonnull (got);
      g_assert_cmphex (got->flags & mask, ==, want->flags & mask);
    }

  for (guint r = 0; r < G_N_ELEMENTS (own); r++)
    for (guint64 a = ms_test_child_address (f->child, own[r]), i = 0; i < 64; i++, a += PAGE)
      {
        const Page *want = g_hash_table_lookup (read, &a);
        const Page *got = g_hash_table_lookup (written, &a);

        g_assert_nonnull (want);
        g_assert_nonnull (got);
        g_assert_cmphex (got->flags, ==, want->flags);
        g_assert_cmpuint (got->mapcount, ==, want->mapcount);
      }
  /* written pages of its own: in memory, mapped once; the shared ones twice
   * (the forked child maps them too) */
  {
    guint64 a = ms_test_child_address (f->child, "pages-alternate");
    guint64 s = ms_test_child_address (f->child, "pages-shared");
    const Page *page = g_hash_table_lookup (written, &a);
    const Page *shared = g_hash_table_lookup (written, &s);

    g_assert_true (page->flags & MS_PAGE_PRESENT);
    g_assert_cmpuint (page->mapcount, ==, 1);
    g_assert_nonnull (shared);
    g_assert_cmpuint (shared->mapcount, ==, 2);
  }
}

/* `--pages --export .csv` of root's process by another user: refused in one
 * line without --administrator; with it, through the helper, the CSV has
 * the mapcount columns and equals what root reads directly — for the whole
 * address space (the helper's 64 GiB at a time over the mappings) and for
 * a --range (one request). */
static void
test_pages (void)
{
  Fixture f = { 0 };
  g_autofree char *target = NULL;
  g_autofree char *err = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *range = NULL;
  g_autoptr(MsPageReader) reader = NULL;
  g_autoptr(MsPageMap) direct = NULL;
  g_autoptr(MsPageMap) direct_range = NULL;
  g_autoptr(GError) error = NULL;
  guint64 from, to;

  if (!fixture_set_up (&f))
    {
      fixture_tear_down (&f);
      return;
    }
  target = g_build_filename (f.dir, "pages.csv", NULL);

  {
    const char *args[] = { "--pid", f.pid_text, "--pages", "--export", target, NULL };

    assert_refused (&f, args, target);
  }

  {
    const char *args[] = { "--pid", f.pid_text, "--pages", "--administrator", "--export", target, NULL };

    g_assert_cmpint (run_cli (f.runner, TRUE, args, &err), ==, 0);
    g_assert_cmpstr (err, ==, "");
    g_clear_pointer (&err, g_free);
  }
  reader = ms_page_reader_new (f.child->pid, &error);
  g_assert_no_error (error);
  direct = ms_page_reader_read (reader, 0, G_MAXUINT64, MS_PAGE_METHOD_AUTO, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (target, &csv, NULL, NULL));
  assert_pages_equal (&f, csv, direct);
  g_clear_pointer (&csv, g_free);

  /* a range: from the first pattern region to past the shared one */
  from = MIN (ms_test_child_address (f.child, "pages-alternate"), ms_test_child_address (f.child, "pages-shared"));
  to = MAX (ms_test_child_address (f.child, "pages-alternate"), ms_test_child_address (f.child, "pages-shared"));
  from = MIN (from, ms_test_child_address (f.child, "pages-half"));
  to = MAX (to, ms_test_child_address (f.child, "pages-half")) + 64 * PAGE;
  range = g_strdup_printf ("%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x", from, to);
  {
    const char *args[] = { "--pid", f.pid_text, "--pages", "--range", range, "--administrator",
                           "--export", target, NULL };

    g_assert_cmpint (run_cli (f.runner, TRUE, args, &err), ==, 0);
    g_assert_cmpstr (err, ==, "");
  }
  direct_range = ms_page_reader_read (reader, from, to, MS_PAGE_METHOD_AUTO, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (target, &csv, NULL, NULL));
  assert_pages_equal (&f, csv, direct_range);

  /* the page picture of that range: its rows are named from a read of the
   * map through the helper too (a direct read is refused) */
  {
    g_autofree char *picture = g_build_filename (f.dir, "pages.png", NULL);
    const char *args[] = { "--pid", f.pid_text, "--pages", "--range", range, "--administrator",
                           "--export", picture, NULL };
    cairo_surface_t *surface;

    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (f.runner, TRUE, args, &err), ==, 0);
    g_assert_cmpstr (err, ==, "");
    surface = cairo_image_surface_create_from_png (picture);
    g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_height (surface), >, 100);
    cairo_surface_destroy (surface);
  }

  /* the password dialog dismissed (pkexec's 126, no answer): said so in one
   * line, not as a damaged answer, and the file is left as it was */
  {
    const char *args[] = { "--pid", f.pid_text, "--pages", "--range", range, "--administrator",
                           "--export", target, NULL };
    g_autofree char *dismiss = g_build_filename (f.dir, "dismiss", NULL);
    g_autofree char *after = NULL;

    g_assert_true (g_file_set_contents (dismiss, "#!/bin/sh\nexit 126\n", -1, NULL));
    g_assert_cmpint (chmod (dismiss, 0755), ==, 0);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (dismiss, TRUE, args, &err), ==, 1);
    g_assert_cmpstr (err, ==, "memscape: Authentication was dismissed: nothing was read as administrator\n");
    g_assert_true (g_file_get_contents (target, &after, NULL, NULL));
    g_assert_cmpstr (after, ==, csv);
  }

  fixture_tear_down (&f);
}

/* --- the regions ------------------------------------------------------------- */

/* The rows of an RFC 4180 CSV, each a GStrv of its cells. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) cell = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (quoted && *p == '"' && p[1] == '"')
        g_string_append_c (cell, *p++);
      else if (*p == '"')
        quoted = !quoted;
      else if (!quoted && (*p == ',' || *p == '\n'))
        {
          g_ptr_array_add (cells, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          if (*p == '\n')
            {
              g_ptr_array_add (cells, NULL);
              g_ptr_array_add (rows, g_ptr_array_steal (cells, NULL));
            }
        }
      else
        g_string_append_c (cell, *p);
    }
  g_assert_false (quoted);
  g_assert_cmpuint (cells->len, ==, 0);
  return rows;
}

/* `--pid --export .csv` of root's process by another user: refused in one
 * line without --administrator; with it, read through the helper, its
 * regions and their RSS are those of a direct read by root of the same
 * quiet child. */
static void
test_export (void)
{
  Fixture f = { 0 };
  g_autofree char *target = NULL;
  g_autofree char *err = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(MsSnapshot) direct = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  if (!fixture_set_up (&f))
    {
      fixture_tear_down (&f);
      return;
    }
  target = g_build_filename (f.dir, "map.csv", NULL);

  {
    const char *args[] = { "--pid", f.pid_text, "--export", target, NULL };

    assert_refused (&f, args, target);
  }

  {
    const char *args[] = { "--pid", f.pid_text, "--administrator", "--export", target, NULL };

    g_assert_cmpint (run_cli (f.runner, TRUE, args, &err), ==, 0);
    g_assert_cmpstr (err, ==, "");
  }
  direct = ms_read_pid (f.child->pid, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (target, &csv, NULL, NULL));
  rows = parse_csv (csv);
  g_assert_cmpuint (rows->len, ==, direct->n_regions + 1);
  g_assert_cmpstr (((char **) rows->pdata[0])[10], ==, "rss");
  for (guint i = 0; i < direct->n_regions; i++)
    {
      char **cells = rows->pdata[i + 1];
      const MsRegion *region = &direct->regions[i];

      g_assert_cmphex (g_ascii_strtoull (cells[0], NULL, 16), ==, region->start);
      g_assert_cmphex (g_ascii_strtoull (cells[1], NULL, 16), ==, region->end);
      g_assert_cmpstr (cells[7], ==, region->path != NULL ? region->path : "");
      g_assert_cmpstr (cells[8], ==, ms_kind_to_id ((MsKind) region->kind));
      g_assert_cmpuint (g_ascii_strtoull (cells[10], NULL, 10), ==, region->counters.rss);
    }
  /* --compare's current side: a capture of the child taken by root a
   * moment ago and the child read through the helper have the same regions
   * (their PSS may move with other processes: "changed" at most) */
  {
    g_autofree char *capture = g_build_filename (f.dir, "before.smaps", NULL);
    g_autofree char *smaps_path = g_strdup_printf ("/proc/%d/smaps", (int) f.child->pid);
    g_autofree char *smaps = NULL;
    g_autofree char *changes = NULL;
    g_autoptr(GPtrArray) change_rows = NULL;
    const char *refused[] = { "--pid", f.pid_text, "--compare", capture, "--export", target, NULL };
    const char *args[] = { "--pid", f.pid_text, "--compare", capture, "--administrator", "--export", target, NULL };
    gsize length;

    g_assert_true (g_file_get_contents (smaps_path, &smaps, &length, NULL));
    g_assert_true (g_file_set_contents (capture, smaps, (gssize) length, NULL));
    g_assert_cmpint (chmod (capture, 0644), ==, 0);
    g_assert_true (g_unlink (target) == 0);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (f.runner, TRUE, refused, &err), ==, 1);
    assert_one_line (err, "memscape: Permission denied: process ");
    g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
    g_clear_pointer (&err, g_free);

    g_assert_cmpint (run_cli (f.runner, TRUE, args, &err), ==, 0);
    g_assert_cmpstr (err, ==, "");
    g_assert_true (g_file_get_contents (target, &changes, NULL, NULL));
    change_rows = parse_csv (changes);
    g_assert_cmpstr (((char **) change_rows->pdata[0])[0], ==, "change");
    for (guint i = 1; i < change_rows->len; i++)
      g_assert_cmpstr (((char **) change_rows->pdata[i])[0], ==, "changed");
  }

  /* (the pattern's written pages are resident, not a 0 read for a refusal;
   * its neighbouring anonymous regions may be one mapping) */
  {
    int half = ms_snapshot_find_region (direct, ms_test_child_address (f.child, "pages-half"));

    g_assert_cmpint (half, >=, 0);
    g_assert_cmpuint (direct->regions[half].counters.rss, >=, 32 * PAGE);
  }

  fixture_tear_down (&f);
}

/* --- the limits ---------------------------------------------------------------- */

/* The `used` of the row @key of a --limits CSV, or -1 when it has none. */
static gint64
limits_used (const char *csv,
             const char *key)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);

  for (guint i = 1; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], key) && lines[i][strlen (key)] == ',')
      return (gint64) g_ascii_strtoull (lines[i] + strlen (key) + 1, NULL, 10);
  return -1;
}

/* `--limits` of root's process by another user: every row but the mappings
 * reads without privilege; without --administrator that row is left out
 * (it read 0 before) with a one-line warning, and with it the mappings are
 * counted through the helper: as many as root's read of its maps has lines. */
static void
test_limits (void)
{
  Fixture f = { 0 };
  g_autofree char *target = NULL;
  g_autofree char *err = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *maps_path = NULL;
  g_autofree char *maps = NULL;
  guint lines = 0;

  if (!fixture_set_up (&f))
    {
      fixture_tear_down (&f);
      return;
    }
  target = g_build_filename (f.dir, "limits.csv", NULL);

  {
    const char *args[] = { "--pid", f.pid_text, "--limits", "--export", target, NULL };

    g_assert_cmpint (run_cli (f.runner, TRUE, args, &err), ==, 0);
    assert_one_line (err, "memscape: warning: the mappings row is left out: Permission denied: process ");
    g_assert_true (g_file_get_contents (target, &csv, NULL, NULL));
    g_assert_cmpint (limits_used (csv, "mappings"), ==, -1);
    g_assert_cmpint (limits_used (csv, "threads"), >=, 1);
    g_clear_pointer (&err, g_free);
    g_clear_pointer (&csv, g_free);
  }

  {
    const char *args[] = { "--pid", f.pid_text, "--limits", "--administrator", "--export", target, NULL };

    g_assert_cmpint (run_cli (f.runner, TRUE, args, &err), ==, 0);
    g_assert_cmpstr (err, ==, "");
    g_assert_true (g_file_get_contents (target, &csv, NULL, NULL));
  }
  maps_path = g_strdup_printf ("/proc/%d/maps", (int) f.child->pid);
  g_assert_true (g_file_get_contents (maps_path, &maps, NULL, NULL));
  for (const char *p = maps; (p = strchr (p, '\n')) != NULL; p++)
    lines++;
  g_assert_cmpuint (lines, >, 20);
  g_assert_cmpint (limits_used (csv, "mappings"), ==, (gint64) lines);

  fixture_tear_down (&f);
}

/* --- where it does not go, and where it changes nothing ------------------------ */

/* --administrator with another machine, a file or a command that reads
 * no process of this machine's is refused in one line before anything is
 * read; on a process this user may read, nothing goes through the helper
 * (whose runner here cannot run). */
static void
test_refused (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *target = NULL;
  g_autofree char *capture = NULL;
  g_autofree char *own = g_strdup_printf ("%d", (int) getpid ());
  g_autoptr(GError) error = NULL;
  struct {
    const char *args[10];
    const char *says;
  } cases[] = {
    { { "--host", "nowhere.invalid", "--pid", "1", "--administrator", "--export", "T", NULL }, "--remote-sudo or --remote-su" },
    { { "--via", "false", "--pid", "1", "--administrator", "--export", "T", NULL }, "--remote-sudo or --remote-su" },
    { { "--adb", "", "--pid", "1", "--administrator", "--export", "T", NULL }, "--remote-sudo or --remote-su" },
    { { "--open", "C", "--administrator", "--export", "T", NULL }, "--open" },
    { { "--system", "--administrator", "--export", "T", NULL }, "--system" },
    { { "--pid", "1", "--compare", "C", "--administrator", NULL }, "Read as Administrator" },
    { { "--pid", "1", "--record", "T", "--administrator", NULL }, "--record" },
    { { "--pid", "1", "--administrator", NULL }, "Read as Administrator" },
  };

  dir = g_dir_make_tmp ("memscape-cli-admin-XXXXXX", &error);
  g_assert_no_error (error);
  target = g_build_filename (dir, "out.csv", NULL);
  capture = ms_test_fixture_path ("c-sleep.smaps");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;

      for (guint a = 0; cases[i].args[a] != NULL; a++)
        if (strcmp (cases[i].args[a], "T") == 0)
          cases[i].args[a] = target;
        else if (strcmp (cases[i].args[a], "C") == 0)
          cases[i].args[a] = capture;
      g_assert_cmpint (run_cli (NULL, FALSE, cases[i].args, &err), ==, 1);
      g_assert_true (g_str_has_prefix (err, "memscape: --administrator "));
      g_assert_nonnull (strstr (err, cases[i].says));
      g_assert_cmpint (strchr (err, '\n') - err, ==, (long) strlen (err) - 1);
      g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
    }

  /* this user's own process: read directly, the option notwithstanding */
  {
    const char *args[] = { "--pid", own, "--administrator", "--export", target, NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (NULL, FALSE, args, &err), ==, 0);
    g_assert_cmpstr (err, ==, "");
    g_assert_true (g_file_test (target, G_FILE_TEST_IS_REGULAR));
  }
  {
    const char *args[] = { "--pid", own, "--pages", "--administrator", "--export", target, NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (NULL, FALSE, args, &err), ==, 0);
  }
  {
    const char *args[] = { "--pid", own, "--limits", "--administrator", "--export", target, NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (NULL, FALSE, args, &err), ==, 0);
    g_assert_cmpstr (err, ==, "");
  }
  ms_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/cli-administrator/pages", test_pages);
  g_test_add_func ("/memscape/cli-administrator/export", test_export);
  g_test_add_func ("/memscape/cli-administrator/limits", test_limits);
  g_test_add_func ("/memscape/cli-administrator/refused", test_refused);
  return g_test_run ();
}
