/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-export.h"
#include "ms-field.h"
#include "ms-reader.h"
#include "ms-test-util.h"

static const char *columns[] = {
  "start", "end", "size", "perms", "offset", "device", "inode", "path", "kind", "object",
  "rss", "pss", "shared_clean", "shared_dirty", "private_clean", "private_dirty",
  "referenced", "anonymous", "swap", "swap_pss", "locked", "uss",
  /* appended: the flags that matter, and the memory in huge pages */
  "write_exec", "mlocked", "sealed", "shadow_stack", "anon_huge_pages", "huge_pages", "no_dump",
};
#define N_COLUMNS G_N_ELEMENTS (columns)

/* A small RFC 4180 reader, independent of the writer: rows of fields
 * separated by @separator. */
static GPtrArray *
read_separated (const char *text,
                char        separator)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          p++;
          for (;;)
            {
              g_assert_true (*p != '\0');  /* an unterminated quote */
              if (p[0] == '"' && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p += 2;
                }
              else if (p[0] == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (field, *p++);
            }
          g_assert_true (*p == separator || *p == '\n');
        }
      while (*p != separator && *p != '\n' && *p != '\0')
        {
          g_assert_true (*p != '"');
          g_string_append_c (field, *p++);
        }
      g_ptr_array_add (row, g_string_free (field, FALSE));
      field = g_string_new (NULL);
      if (*p == separator)
        p++;
      else
        {
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
          if (*p == '\n')
            p++;
        }
    }

  g_string_free (field, TRUE);
  g_ptr_array_unref (row);
  return rows;
}

static GPtrArray *
read_csv (const char *text)
{
  return read_separated (text, ',');
}

static const char *
cell (GPtrArray *rows,
      guint      row,
      const char *column)
{
  GPtrArray *r = g_ptr_array_index (rows, row);

  for (guint i = 0; i < N_COLUMNS; i++)
    if (strcmp (columns[i], column) == 0)
      return g_ptr_array_index (r, i);
  g_assert_not_reached ();
  return NULL;
}

static MsSnapshot *
load (const char *name)
{
  g_autofree char *path = ms_test_fixture_path (name);
  g_autoptr(GError) error = NULL;
  MsSnapshot *s = ms_read_file (path, NULL, &error);

  g_assert_no_error (error);
  return s;
}

static void
test_header (void)
{
  g_autoptr(GString) joined = g_string_new (columns[0]);

  for (guint i = 1; i < N_COLUMNS; i++)
    {
      g_string_append_c (joined, ',');
      g_string_append (joined, columns[i]);
    }

  g_assert_cmpstr (ms_csv_header (), ==, joined->str);
  g_assert_cmpstr (ms_csv_header (), ==,
                   "start,end,size,perms,offset,device,inode,path,kind,object,rss,pss,shared_clean,"
                   "shared_dirty,private_clean,private_dirty,referenced,anonymous,swap,swap_pss,locked,uss,"
                   "write_exec,mlocked,sealed,shadow_stack,anon_huge_pages,huge_pages,no_dump");
}

static void
test_rows_match_regions (void)
{
  g_autoptr(MsSnapshot) s = load ("threads-odd-names.smaps");
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = NULL;
  gboolean saw_odd = FALSE;

  ms_csv_write (s, out);
  g_assert_true (g_utf8_validate (out->str, (gssize) out->len, NULL));
  rows = read_csv (out->str);
  g_assert_cmpuint (rows->len, ==, s->n_regions + 1);

  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (rows, i))->len, ==, N_COLUMNS);

  for (guint i = 0; i < s->n_regions; i++)
    {
      const MsRegion *r = &s->regions[i];
      g_autofree char *start = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", r->start);
      g_autofree char *end = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", r->end);
      g_autofree char *size = g_strdup_printf ("%" G_GUINT64_FORMAT, ms_region_get_size (r));
      g_autofree char *rss = g_strdup_printf ("%" G_GUINT64_FORMAT, r->counters.rss);
      g_autofree char *pss = g_strdup_printf ("%" G_GUINT64_FORMAT, r->counters.pss);
      g_autofree char *uss = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                              r->counters.private_clean + r->counters.private_dirty);
      guint row = i + 1;

      g_assert_cmpstr (cell (rows, row, "start"), ==, start);
      g_assert_cmpstr (cell (rows, row, "end"), ==, end);
      g_assert_cmpstr (cell (rows, row, "size"), ==, size);
      g_assert_cmpstr (cell (rows, row, "rss"), ==, rss);
      g_assert_cmpstr (cell (rows, row, "pss"), ==, pss);
      g_assert_cmpstr (cell (rows, row, "uss"), ==, uss);
      g_assert_cmpstr (cell (rows, row, "path"), ==, r->path != NULL ? r->path : "");
      g_assert_cmpstr (cell (rows, row, "object"), ==, r->object != NULL ? r->object : "");
      g_assert_cmpstr (cell (rows, row, "kind"), ==, ms_kind_to_id ((MsKind) r->kind));
      if (i > 0)
        g_assert_cmphex (r->start, >=, s->regions[i - 1].end);
      if (g_strcmp0 (r->path, "/tmp/oddd/odd, \"name\"\nline two.bin (deleted)") == 0)
        saw_odd = TRUE;
    }
  g_assert_true (saw_odd);

  /* The odd name is quoted exactly as RFC 4180 says, newline and all. */
  g_assert_nonnull (strstr (out->str, ",\"/tmp/oddd/odd, \"\"name\"\"\nline two.bin (deleted)\",mmap-file,,"));
}

/* Rows of some regions with some fields, as the table copies them: the
 * values the CSV has, quoted for a tab; and with every field and commas,
 * exactly the CSV's rows. */
static void
test_rows_as_tsv (void)
{
  g_autoptr(MsSnapshot) s = load ("threads-odd-names.smaps");
  const MsFieldId fields[] = { MS_FIELD_PATH, MS_FIELD_START, MS_FIELD_KIND, MS_FIELD_RSS, MS_FIELD_OBJECT };
  g_autofree const MsRegion **regions = g_new (const MsRegion *, s->n_regions);
  g_autofree MsFieldId *csv_fields = g_new (MsFieldId, MS_N_FIELDS);
  g_autoptr(GString) tsv = g_string_new (NULL);
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(GString) whole = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(GStrv) header = g_strsplit (ms_csv_header (), ",", -1);
  guint n_csv_fields = 0;
  gboolean saw_odd = FALSE;

  for (guint i = 0; i < s->n_regions; i++)
    regions[i] = &s->regions[s->n_regions - 1 - i];    /* any order */

  ms_csv_write_rows (regions, s->n_regions, fields, G_N_ELEMENTS (fields), '\t', tsv);
  rows = read_separated (tsv->str, '\t');
  g_assert_cmpuint (rows->len, ==, s->n_regions);
  for (guint i = 0; i < s->n_regions; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i);
      const MsRegion *r = regions[i];
      g_autofree char *start = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", r->start);
      g_autofree char *rss = g_strdup_printf ("%" G_GUINT64_FORMAT, r->counters.rss);

      g_assert_cmpuint (row->len, ==, G_N_ELEMENTS (fields));
      g_assert_cmpstr (g_ptr_array_index (row, 0), ==, r->path != NULL ? r->path : "");
      g_assert_cmpstr (g_ptr_array_index (row, 1), ==, start);
      g_assert_cmpstr (g_ptr_array_index (row, 2), ==, ms_kind_to_id ((MsKind) r->kind));
      g_assert_cmpstr (g_ptr_array_index (row, 3), ==, rss);
      g_assert_cmpstr (g_ptr_array_index (row, 4), ==, r->object != NULL ? r->object : "");
      saw_odd |= r->path != NULL && strchr (r->path, '\n') != NULL;
    }
  g_assert_true (saw_odd);
  /* a comma needs no quotes between tabs; the newline and quotes do */
  g_assert_nonnull (strstr (tsv->str, "\"/tmp/oddd/odd, \"\"name\"\"\nline two.bin (deleted)\"\t0x"));

  /* every field of the CSV, in order, with commas: the CSV's own rows */
  for (guint i = 0; header[i] != NULL; i++)
    {
      g_assert_nonnull (ms_field_from_name (header[i]));
      csv_fields[n_csv_fields++] = ms_field_from_name (header[i])->id;
    }
  for (guint i = 0; i < s->n_regions; i++)
    regions[i] = &s->regions[i];
  g_string_append_printf (csv, "%s\n", ms_csv_header ());
  ms_csv_write_rows (regions, s->n_regions, csv_fields, n_csv_fields, ',', csv);
  ms_csv_write (s, whole);
  g_assert_cmpstr (csv->str, ==, whole->str);
}

static void
test_known_row (void)
{
  g_autoptr(MsSnapshot) s = load ("c-sleep.smaps");
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *expected = NULL;
  const MsRegion *r = NULL;

  for (guint i = 0; i < s->n_regions; i++)
    if (g_strcmp0 (s->regions[i].path, "/usr/bin/sleep") == 0 && (s->regions[i].perms & MS_PERM_EXEC))
      r = &s->regions[i];
  g_assert_nonnull (r);

  /* Built from the fixture's own text for that region. */
  expected = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x,0x%" G_GINT64_MODIFIER "x,%" G_GUINT64_FORMAT
                              ",r-xp,0x2000,fe:00,248056,/usr/bin/sleep,text,/usr/bin/sleep,",
                              r->start, r->end, r->end - r->start);
  ms_csv_write (s, out);
  g_assert_nonnull (strstr (out->str, expected));
}

static void
test_maps_gives_zero_counters (void)
{
  g_autoptr(MsSnapshot) s = load ("c-sleep.maps");
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = NULL;

  ms_csv_write (s, out);
  rows = read_csv (out->str);
  g_assert_cmpuint (rows->len, ==, s->n_regions + 1);
  for (guint row = 1; row < rows->len; row++)
    for (guint c = 10; c < N_COLUMNS; c++)
      if (ms_field_from_name (columns[c])->flags & MS_FIELD_COUNTER)
        g_assert_cmpstr (g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, row), c), ==, "0");
      else
        /* a flag: those of the permissions only (no VmFlags in a maps file) */
        g_assert_true (c >= MS_FIELD_WRITE_EXEC);
}

static void
test_export_atomic (void)
{
  g_autoptr(MsSnapshot) s = load ("c-sleep.smaps");
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "no-such-dir", "out.csv", NULL);
  g_autofree char *bad_ext = g_build_filename (dir, "out.txt", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = NULL;
  guint n_files = 0;

  g_assert_true (g_file_set_contents (target, "keep me", -1, NULL));

  g_assert_false (ms_export_to_file (s, bad, MS_SCALE_PROPORTIONAL, 0, 1, &error));
  g_assert_nonnull (strstr (error->message, "No such file or directory"));
  g_clear_error (&error);

  g_assert_false (ms_export_to_file (s, bad_ext, MS_SCALE_PROPORTIONAL, 0, 1, &error));
  g_assert_nonnull (strstr (error->message, ".csv"));
  g_clear_error (&error);

  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me");
  g_clear_pointer (&contents, g_free);

  g_assert_true (ms_export_to_file (s, target, MS_SCALE_PROPORTIONAL, 0, 1, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "start,end,size,"));

  /* No temporary file is left beside it. */
  d = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (d) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);

  /* Through a symbolic link: the file it points to is replaced, the link stays. */
  {
    g_autofree char *link = g_build_filename (dir, "link.csv", NULL);

    g_assert_cmpint (symlink ("out.csv", link), ==, 0);
    g_assert_true (g_file_set_contents (target, "old", -1, NULL));
    g_assert_true (ms_export_to_file (s, link, MS_SCALE_PROPORTIONAL, 0, 1, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
    g_clear_pointer (&contents, g_free);
    g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "start,end,size,"));
    g_unlink (link);
  }

  g_unlink (target);
  g_rmdir (dir);
}

/* A disk that is full (/dev/full behind a link) or a folder we may not write
 * to: the export fails with the reason, and the file that was there stays. */
static void
test_export_full_disk_and_unwritable (void)
{
  g_autoptr(MsSnapshot) s = load ("c-sleep.smaps");
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  g_autofree char *full = g_build_filename (dir, "full.csv", NULL);
  g_autofree char *locked = g_build_filename (dir, "locked", NULL);
  g_autofree char *kept = g_build_filename (locked, "kept.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  pid_t pid;
  int status;

  g_assert_cmpint (symlink ("/dev/full", full), ==, 0);
  g_assert_false (ms_export_to_file (s, full, MS_SCALE_PROPORTIONAL, 0, 1, &error));
  g_assert_nonnull (strstr (error->message, "/dev/full"));
  g_assert_true (g_file_test (full, G_FILE_TEST_IS_SYMLINK));
  g_clear_error (&error);

  /* A folder only root may write to, and a writer that is not root. */
  g_assert_cmpint (g_mkdir (locked, 0755), ==, 0);
  g_assert_true (g_file_set_contents (kept, "keep me", -1, NULL));
  if (geteuid () == 0)
    {
      pid = fork ();
      if (pid == 0)
        {
          GError *child_error = NULL;

          if (setresgid (65534, 65534, 65534) != 0 || setresuid (65534, 65534, 65534) != 0)
            _exit (3);
          if (ms_export_to_file (s, kept, MS_SCALE_PROPORTIONAL, 0, 1, &child_error))
            _exit (4);
          _exit (strstr (child_error->message, "Permission denied") != NULL ? 0 : 5);
        }
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }
  else
    {
      g_assert_cmpint (g_chmod (locked, 0555), ==, 0);
      g_assert_false (ms_export_to_file (s, kept, MS_SCALE_PROPORTIONAL, 0, 1, &error));
      g_assert_nonnull (strstr (error->message, "Permission denied"));
      g_assert_cmpint (g_chmod (locked, 0755), ==, 0);
    }
  g_assert_true (g_file_get_contents (kept, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me");

  g_unlink (kept);
  g_rmdir (locked);
  g_unlink (full);
  g_rmdir (dir);
}

/* The export-format table: every row at its own index, one lower-case
 * extension each, found from a file name in any case; anything else is
 * refused with a message naming every extension. */
static void
test_format_table (void)
{
  static const char *bad_names[] = { "out", "out.txt", "out.", "dir.csv/out", ".hidden-csv", "out.csv.bak" };

  for (guint i = 0; i < MS_N_EXPORT_FORMATS; i++)
    {
      const MsExportFormatInfo *format = ms_export_format_get (i);
      g_autofree char *upper = g_ascii_strup (format->extension, -1);
      g_autofree char *lower_name = g_strdup_printf ("/tmp/a.b/map.%s", format->extension);
      g_autofree char *upper_name = g_strdup_printf ("MAP.%s", upper);
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (format->id, ==, i);
      g_assert_nonnull (format->write);
      g_assert_nonnull (format->label);
      g_assert_nonnull (strchr (format->mime_type, '/'));
      g_assert_cmpstr (upper, !=, format->extension);
      g_assert_true (ms_export_format_from_path (lower_name, &error) == format);
      g_assert_true (ms_export_format_from_path (upper_name, &error) == format);
      g_assert_no_error (error);
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (ms_export_format_get (j)->extension, !=, format->extension);
    }

  for (guint n = 0; n < G_N_ELEMENTS (bad_names); n++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("name: %s", bad_names[n]);
      g_assert_null (ms_export_format_from_path (bad_names[n], &error));
      g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, bad_names[n]));
      for (guint i = 0; i < MS_N_EXPORT_FORMATS; i++)
        {
          g_autofree char *dotted = g_strconcat (".", ms_export_format_get (i)->extension, NULL);

          g_assert_nonnull (strstr (error->message, dotted));
        }
    }
}

/* How each format's files begin, by MIME type: a format added to the table
 * needs its line here. */
static const struct {
  const char *mime_type;
  const char *magic;
  gsize       length;
} file_starts[] = {
  { "image/png",     "\x89PNG\r\n\x1a\n", 8 },
  { "image/svg+xml", "<?xml",            5 },
  { "text/csv",      "start,end,size,",  15 },
  { "application/pdf", "%PDF-",          5 },
};

/* Each format of the table is written by ms_export_to_file() through its
 * row, as what its extension promises. */
static void
test_export_every_format (void)
{
  g_autoptr(MsSnapshot) s = load ("c-sleep.smaps");
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);

  for (guint i = 0; i < MS_N_EXPORT_FORMATS; i++)
    {
      const MsExportFormatInfo *format = ms_export_format_get (i);
      g_autofree char *target = g_strdup_printf ("%s/map.%s", dir, format->extension);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize length = 0;
      guint k;

      g_test_message ("format: %s", format->extension);
      g_assert_true (ms_export_to_file (s, target, MS_SCALE_PROPORTIONAL, 0, 1, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (target, &contents, &length, NULL));

      for (k = 0; k < G_N_ELEMENTS (file_starts); k++)
        if (strcmp (file_starts[k].mime_type, format->mime_type) == 0)
          break;
      g_assert_cmpuint (k, <, G_N_ELEMENTS (file_starts));
      g_assert_cmpuint (length, >, file_starts[k].length);
      g_assert_cmpmem (contents, file_starts[k].length, file_starts[k].magic, file_starts[k].length);
      g_unlink (target);
    }

  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/csv/header", test_header);
  g_test_add_func ("/memscape/csv/rows-match-regions", test_rows_match_regions);
  g_test_add_func ("/memscape/csv/rows-as-tsv", test_rows_as_tsv);
  g_test_add_func ("/memscape/csv/known-row", test_known_row);
  g_test_add_func ("/memscape/csv/maps-zero-counters", test_maps_gives_zero_counters);
  g_test_add_func ("/memscape/csv/export-atomic", test_export_atomic);
  g_test_add_func ("/memscape/csv/export-full-disk-and-unwritable", test_export_full_disk_and_unwritable);
  g_test_add_func ("/memscape/export/format-table", test_format_table);
  g_test_add_func ("/memscape/export/every-format", test_export_every_format);

  return g_test_run ();
}
