/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ms-export.h"
#include "ms-field.h"
#include "ms-reader.h"
#include "ms-render.h"
#include "ms-test-util.h"

/* The field table: one row per field, in the CSV's order, each consumer's
 * view of it consistent. */
static void
test_table (void)
{
  const MsField *fields = ms_field_get_all ();
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) totals = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint i = 0; i < MS_N_FIELDS; i++)
    {
      const MsField *f = &fields[i];

      g_assert_cmpuint (f->id, ==, i);
      g_assert_true (ms_field_get (i) == f);
      g_assert_true (ms_field_from_name (f->name) == f);
      g_assert_true (g_hash_table_add (names, (gpointer) f->name));
      for (const char *p = f->name; *p != '\0'; p++)
        g_assert_true (g_ascii_islower (*p) || *p == '_');
      g_assert_cmpstr (ms_field_get_title (f), !=, "");
      g_assert_nonnull (f->compare);

      if (f->flags & MS_FIELD_SUMMED)
        {
          g_assert_cmpuint (f->format, ==, MS_FIELD_FORMAT_SIZE);
          g_assert_cmpuint (f->total_offset, >=, G_STRUCT_OFFSET (MsTotals, vss));
          g_assert_true (g_hash_table_add (totals, GUINT_TO_POINTER (f->total_offset)));
        }
      /* every counter is summed, and one stored as read has a name in smaps */
      if (f->flags & MS_FIELD_COUNTER)
        {
          g_assert_true (f->flags & MS_FIELD_SUMMED);
          g_assert_nonnull (f->label);
          g_assert_true (f->get != NULL || f->smaps_name != NULL);
        }
      if (f->smaps_name != NULL)
        {
          g_assert_true (f->flags & MS_FIELD_COUNTER);
          g_assert_null (f->get);
          g_assert_cmpuint (f->offset, >=, G_STRUCT_OFFSET (MsRegion, counters));
          g_assert_cmpuint (f->offset, <, G_STRUCT_OFFSET (MsRegion, counters) + sizeof (MsCounters));
        }
    }

  /* every member of MsTotals but the count is some field's total */
  g_assert_cmpuint (g_hash_table_size (totals) * sizeof (guint64), ==,
                    sizeof (MsTotals) - G_STRUCT_OFFSET (MsTotals, vss));
  g_assert_null (ms_field_from_name ("Rss"));
  g_assert_null (ms_field_from_name (""));
  g_assert_null (ms_field_from_name (NULL));
}

/* The parser's list of counter names is its own (kept in the kernel's order
 * for speed): every counter of the field table must be in it, read into the
 * member the table names. Each alone in a region, then all together. */
static void
test_parser_knows_every_counter (void)
{
  const MsField *fields = ms_field_get_all ();
  g_autoptr(GString) all = g_string_new ("00400000-00800000 rw-p 00000000 00:00 0\n");
  g_autoptr(MsSnapshot) together = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  for (guint i = 0; i < MS_N_FIELDS; i++)
    {
      const MsField *f = &fields[i];
      g_autofree char *text = NULL;
      g_autofree char *name = NULL;
      g_autoptr(MsSnapshot) alone = NULL;

      if (f->smaps_name == NULL)
        continue;
      n++;
      text = g_strdup_printf ("00400000-00800000 rw-p 00000000 00:00 0\n%s: %u kB\n", f->smaps_name, 4 * (i + 1));
      alone = ms_read_text (text, strlen (text), "one counter", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (alone->n_regions, ==, 1);
      g_assert_cmpuint (alone->n_malformed, ==, 0);
      g_assert_true (alone->has_counters);
      g_test_message ("%s → %s", f->smaps_name, f->name);
      g_assert_cmpuint (ms_field_get_value (f, &alone->regions[0]), ==, 4 * (i + 1) * 1024);

      /* as the kernel pads them */
      name = g_strconcat (f->smaps_name, ":", NULL);
      g_string_append_printf (all, "%-16s%8u kB\n", name, 4 * (i + 1));
    }
  g_assert_cmpuint (n, >=, 11);

  together = ms_read_text (all->str, all->len, "every counter", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (together->n_malformed, ==, 0);
  for (guint i = 0; i < MS_N_FIELDS; i++)
    if (fields[i].smaps_name != NULL)
      g_assert_cmpuint (ms_field_get_value (&fields[i], &together->regions[0]), ==, 4 * (i + 1) * 1024);
}

/* A live process's totals, whole and per kind, are the sums of its regions'
 * summed fields; and ms_totals_add_region() adds up to the same. */
static void
test_totals (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSnapshot) s = ms_read_pid (child->pid, NULL, NULL);
  const MsField *fields = ms_field_get_all ();
  MsTotals added = { 0 };

  g_assert_nonnull (s);
  for (guint i = 0; i < s->n_regions; i++)
    ms_totals_add_region (&added, &s->regions[i]);
  g_assert_cmpuint (added.count, ==, s->n_regions);
  g_assert_cmpmem (&added, sizeof added, &s->total, sizeof s->total);
  g_assert_cmpuint (s->total.rss, >, 0);
  g_assert_cmpuint (s->total.referenced, >, 0);
  g_assert_cmpuint (s->total.anonymous, >, 0);

  for (guint f = 0; f < MS_N_FIELDS; f++)
    {
      guint64 sum = 0;
      guint64 per_kind[MS_N_KINDS] = { 0 };

      if (!(fields[f].flags & MS_FIELD_SUMMED))
        continue;
      for (guint i = 0; i < s->n_regions; i++)
        {
          guint64 value = ms_field_get_value (&fields[f], &s->regions[i]);

          sum += value;
          per_kind[s->regions[i].kind] += value;
        }
      g_assert_cmpuint (ms_field_get_total (&fields[f], &s->total), ==, sum);
      for (guint k = 0; k < MS_N_KINDS; k++)
        g_assert_cmpuint (ms_field_get_total (&fields[f], &s->per_kind[k]), ==, per_kind[k]);
    }
  g_assert_cmpuint (s->total.vss, ==, ms_field_get_total (ms_field_get (MS_FIELD_SIZE), &s->total));
  g_assert_cmpuint (s->total.uss, ==, s->total.private_clean + s->total.private_dirty);

  ms_test_child_stop (child);
}

/* Sorting by any field orders its values (numbers) or texts. */
static int
compare_by (gconstpointer a,
            gconstpointer b,
            gpointer      field)
{
  return ms_field_compare (field, a, b);
}

static void
test_compare (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSnapshot) s = ms_read_pid (child->pid, NULL, NULL);
  const MsField *fields = ms_field_get_all ();
  g_autofree MsRegion *regions = g_memdup2 (s->regions, s->n_regions * sizeof (MsRegion));

  for (guint f = 0; f < MS_N_FIELDS; f++)
    {
      const MsField *field = &fields[f];

      g_qsort_with_data (regions, (int) s->n_regions, sizeof (MsRegion), compare_by, (gpointer) field);
      for (guint i = 1; i < s->n_regions; i++)
        {
          const MsRegion *a = &regions[i - 1], *b = &regions[i];

          g_assert_cmpint (ms_field_compare (field, a, b), <=, 0);
          if (field->format == MS_FIELD_FORMAT_PATH || field->format == MS_FIELD_FORMAT_NAME)
            g_assert_cmpint (g_strcmp0 (ms_field_get_text (field, a), ms_field_get_text (field, b)), <=, 0);
          else if (field->format == MS_FIELD_FORMAT_PERMS)
            {
              char pa[5], pb[5];

              ms_region_format_perms (a, pa);
              ms_region_format_perms (b, pb);
              g_assert_cmpstr (pa, <=, pb);
            }
          else
            g_assert_cmpuint (ms_field_get_value (field, a), <=, ms_field_get_value (field, b));
        }
    }

  ms_test_child_stop (child);
}

/* What the table shows of a field. */
static void
test_text (void)
{
  MsRegion r = {
    .start = 0x7f0000001000, .end = 0x7f0000003000, .offset = 0x1c000, .inode = 1234567,
    .dev_major = 8, .dev_minor = 1, .perms = MS_PERM_READ | MS_PERM_EXEC, .kind = MS_KIND_TEXT,
    .path = "/usr/lib/x86_64-linux-gnu/libc.so.6", .object = "/usr/lib/x86_64-linux-gnu/libc.so.6",
    .counters = { .rss = 8192, .private_clean = 4096, .private_dirty = 4096 },
  };
  struct {
    MsFieldId   id;
    const char *text;
  } expected[] = {
    { MS_FIELD_START, "7f0000001000" },
    { MS_FIELD_END, "7f0000003000" },
    { MS_FIELD_SIZE, "8.0\u00a0KiB" },
    { MS_FIELD_PERMS, "r-xp" },
    { MS_FIELD_OFFSET, "1c000" },
    { MS_FIELD_DEVICE, "08:01" },
    { MS_FIELD_INODE, "1234567" },
    { MS_FIELD_PATH, "/usr/lib/x86_64-linux-gnu/libc.so.6" },
    { MS_FIELD_OBJECT, "libc.so.6" },
    { MS_FIELD_RSS, "8.0\u00a0KiB" },
    { MS_FIELD_PSS, "0" },        /* a counter of nothing */
    { MS_FIELD_USS, "8.0\u00a0KiB" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *text = ms_field_dup_text (ms_field_get (expected[i].id), &r);

      g_assert_cmpstr (text, ==, expected[i].text);
    }

  /* an owner that is not a file stays whole, slash and all */
  r.object = "thread 12 (a/b)";
  {
    g_autofree char *text = ms_field_dup_text (ms_field_get (MS_FIELD_OBJECT), &r);

    g_assert_cmpstr (text, ==, "thread 12 (a/b)");
  }
  r.object = NULL;
  r.path = NULL;
  {
    g_autofree char *object = ms_field_dup_text (ms_field_get (MS_FIELD_OBJECT), &r);
    g_autofree char *path = ms_field_dup_text (ms_field_get (MS_FIELD_PATH), &r);
    g_autofree char *details = ms_field_dup_details (ms_field_get (MS_FIELD_SIZE), &r);

    g_assert_cmpstr (object, ==, "");
    g_assert_cmpstr (path, ==, "");
    g_assert_true (g_str_has_prefix (details, "8.0\u00a0KiB ("));
    g_assert_null (ms_field_dup_details (ms_field_get (MS_FIELD_START), &r));
  }
}

/* The flags that matter, as columns, against regions the test child made
 * so: mlock'd, MADV_DONTDUMP'd, writable and executable, sealed (mseal,
 * where the kernel has it); each in the table's text, the CSV and the
 * tooltip's notes (one source). Shadow stacks need CET hardware and a glibc
 * that enables them, and huge pages a kernel with THP: those from text. */
static const MsFieldId flag_fields[] = {
  MS_FIELD_WRITE_EXEC, MS_FIELD_MLOCKED, MS_FIELD_SEALED, MS_FIELD_SHADOW_STACK, MS_FIELD_HUGE_PAGES,
  MS_FIELD_NO_DUMP,
};

/* "write_exec,mlocked,sealed,shadow_stack,huge_pages,no_dump" of @r, as the CSV has them */
static char *
flags_csv (const MsRegion *r)
{
  g_autoptr(GString) out = g_string_new (NULL);

  ms_csv_write_rows (&r, 1, flag_fields, G_N_ELEMENTS (flag_fields), ',', out);
  g_string_truncate (out, out->len - 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const MsRegion *
child_region (MsTestChild      *child,
              const MsSnapshot *s,
              const char       *name)
{
  int index = ms_regions_find (s->regions, s->n_regions, ms_test_child_address (child, name));

  g_assert_cmpint (index, >=, 0);
  return &s->regions[index];
}

static void
assert_flag (const MsSnapshot *s,
             const MsRegion   *r,
             MsFieldId         id,
             const char       *csv,
             const char       *note)
{
  g_autofree char *flags = flags_csv (r);
  g_autofree char *tooltip = ms_render_describe_region (s, (guint) (r - s->regions));
  g_autofree char *text = ms_field_dup_text (ms_field_get (id), r);

  g_assert_cmpstr (flags, ==, csv);
  g_assert_cmpstr (text, ==, "Yes");
  g_assert_nonnull (strstr (tooltip, note));
}

static void
test_flags_live (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSnapshot) s = ms_read_pid (child->pid, NULL, NULL);
  const MsRegion *r;
  g_autofree char *plain = NULL;
  g_autofree char *plain_text = NULL;

  g_assert_nonnull (s);

  r = child_region (child, s, "writable-code");
  assert_flag (s, r, MS_FIELD_WRITE_EXEC, "1,0,0,0,,0", "writable and executable: a security risk");
  g_assert_true (ms_field_get (MS_FIELD_WRITE_EXEC)->flags & MS_FIELD_WARNING);

  r = child_region (child, s, "undumped");
  assert_flag (s, r, MS_FIELD_NO_DUMP, "0,0,0,0,,1", "left out of core dumps");

  if (ms_test_child_address (child, "locked-ok") != 0)
    {
      r = child_region (child, s, "locked");
      assert_flag (s, r, MS_FIELD_MLOCKED, "0,1,0,0,,0", "locked in memory");
      /* and its Locked counter says how much */
      g_assert_cmpuint (r->counters.locked, ==, 2 * 4096);
    }
  else
    {
      g_test_message ("mlock was refused (RLIMIT_MEMLOCK): the locked flag is not checked live");
    }

  if (ms_test_child_address (child, "sealed-ok") != 0)
    {
      r = child_region (child, s, "sealed");
      assert_flag (s, r, MS_FIELD_SEALED, "0,0,1,0,,0", "sealed (mseal)");
    }
  else
    {
      g_test_message ("this kernel has no mseal (Linux 6.10+): the sealed flag is not checked live");
    }

  /* a region with none: nothing shown, 0 in the CSV */
  r = child_region (child, s, "heap");
  plain = flags_csv (r);
  plain_text = ms_field_dup_text (ms_field_get (MS_FIELD_MLOCKED), r);
  g_assert_cmpstr (plain, ==, "0,0,0,0,,0");
  g_assert_cmpstr (plain_text, ==, "");

  ms_test_child_stop (child);
}

static void
test_flags_text (void)
{
  g_autoptr(MsSnapshot) s = ms_test_read_text (
    "200000-600000 rw-p 00000000 00:00 0\n"
    "Size:               4096 kB\n"
    "Rss:                4096 kB\n"
    "AnonHugePages:      2048 kB\n"
    "VmFlags: rd wr mr mw me hg\n"
    "604000-605000 rw-p 00000000 00:00 0\n"
    "Size:                  4 kB\n"
    "VmFlags: rd wr mr mw me ss nh\n"
    "606000-607000 rw-p 00000000 00:00 0\n"
    "Size:                  4 kB\n"
    /* a flag that only looks like one ("sl" inside "sls") is none */
    "VmFlags: rd wr sls lox\n", -1);
  g_autofree char *hg = flags_csv (&s->regions[0]);
  g_autofree char *ss = flags_csv (&s->regions[1]);
  g_autofree char *odd = flags_csv (&s->regions[2]);
  g_autofree char *asked = ms_field_dup_text (ms_field_get (MS_FIELD_HUGE_PAGES), &s->regions[0]);
  g_autofree char *never = ms_field_dup_text (ms_field_get (MS_FIELD_HUGE_PAGES), &s->regions[1]);
  g_autofree char *in_huge = ms_field_dup_text (ms_field_get (MS_FIELD_ANON_HUGE_PAGES), &s->regions[0]);

  g_assert_cmpstr (hg, ==, "0,0,0,0,always,0");
  g_assert_cmpstr (ss, ==, "0,0,0,1,never,0");
  g_assert_cmpstr (odd, ==, "0,0,0,0,,0");
  g_assert_cmpstr (asked, ==, "Asked For");
  g_assert_cmpstr (never, ==, "Never");
  g_assert_cmpstr (in_huge, ==, "2.0\u00a0MiB");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/field/table", test_table);
  g_test_add_func ("/memscape/field/parser-knows-every-counter", test_parser_knows_every_counter);
  g_test_add_func ("/memscape/field/totals", test_totals);
  g_test_add_func ("/memscape/field/compare", test_compare);
  g_test_add_func ("/memscape/field/text", test_text);
  g_test_add_func ("/memscape/field/flags-live", test_flags_live);
  g_test_add_func ("/memscape/field/flags-text", test_flags_text);

  return g_test_run ();
}
