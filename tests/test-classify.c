/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ms-classify.h"
#include "ms-maps-parser.h"
#include "ms-reader.h"
#include "ms-test-util.h"

/* The first region (from @from) whose path is @path and perms are @perms. */
static const MsRegion *
find (const MsSnapshot *s,
      const char       *path,
      const char       *perms)
{
  for (guint i = 0; i < s->n_regions; i++)
    {
      const MsRegion *r = &s->regions[i];
      char p[5];

      ms_region_format_perms (r, p);
      if (g_strcmp0 (r->path, path) == 0 && strcmp (p, perms) == 0)
        return r;
    }

  g_error ("no region %s %s", perms, path);
  return NULL;
}

static const MsRegion *
next_of (const MsSnapshot *s,
         const MsRegion   *r)
{
  g_assert_true (r + 1 < s->regions + s->n_regions);
  return r + 1;
}

#define assert_kind(r, k) g_assert_cmpstr (ms_kind_to_id ((MsKind) (r)->kind), ==, ms_kind_to_id (k))

static void
test_c_program (void)
{
  g_autoptr(MsSnapshot) s = ms_test_read_fixture ("c-sleep.smaps");
  const char *libc = "/usr/lib/x86_64-linux-gnu/libc.so.6";
  const MsRegion *r;

  r = find (s, "/usr/bin/sleep", "r-xp");
  assert_kind (r, MS_KIND_TEXT);
  g_assert_cmpstr (r->object, ==, "/usr/bin/sleep");
  r = find (s, "/usr/bin/sleep", "r--p");
  assert_kind (r, MS_KIND_RODATA);
  g_assert_cmpstr (r->object, ==, "/usr/bin/sleep");
  r = find (s, "/usr/bin/sleep", "rw-p");
  assert_kind (r, MS_KIND_DATA);

  r = find (s, libc, "r-xp");
  assert_kind (r, MS_KIND_TEXT);
  r = find (s, libc, "rw-p");
  assert_kind (r, MS_KIND_DATA);
  g_assert_cmpstr (r->object, ==, libc);
  /* glibc's BSS is the anonymous mapping right after its data. */
  r = next_of (s, r);
  g_assert_null (r->path);
  assert_kind (r, MS_KIND_BSS);
  g_assert_cmpstr (r->object, ==, libc);

  assert_kind (find (s, "[heap]", "rw-p"), MS_KIND_HEAP);
  assert_kind (find (s, "[stack]", "rw-p"), MS_KIND_STACK);
  assert_kind (find (s, "[vdso]", "r-xp"), MS_KIND_VDSO);
  assert_kind (find (s, "[vvar]", "r--p"), MS_KIND_VDSO);
  assert_kind (find (s, "[vsyscall]", "--xp"), MS_KIND_VDSO);
  /* A locale archive is a plain file mapping, not part of any program. */
  r = find (s, "/usr/lib/locale/C.utf8/LC_CTYPE", "r--p");
  assert_kind (r, MS_KIND_MMAP_FILE);
  g_assert_null (r->object);

  g_assert_cmpuint (s->per_kind[MS_KIND_THREAD_STACK].count, ==, 0);
  g_assert_cmpuint (s->per_kind[MS_KIND_TEXT].count, ==, 3);
}

static void
test_maps_equals_smaps (void)
{
  g_autoptr(MsSnapshot) smaps = ms_test_read_fixture ("c-sleep.smaps");
  g_autoptr(MsSnapshot) maps = ms_test_read_fixture ("c-sleep.maps");

  g_assert_true (smaps->has_counters);
  g_assert_false (maps->has_counters);
  g_assert_cmpuint (maps->n_regions, ==, smaps->n_regions);
  for (guint i = 0; i < maps->n_regions; i++)
    {
      g_assert_cmphex (maps->regions[i].start, ==, smaps->regions[i].start);
      g_assert_cmpuint (maps->regions[i].kind, ==, smaps->regions[i].kind);
      g_assert_cmpstr (maps->regions[i].object, ==, smaps->regions[i].object);
      g_assert_cmpuint (maps->regions[i].counters.rss, ==, 0);
    }
  g_assert_cmpuint (maps->total.rss, ==, 0);
  g_assert_cmpuint (maps->total.vss, ==, smaps->total.vss);
}

static void
test_python (void)
{
  g_autoptr(MsSnapshot) s = ms_test_read_fixture ("python3.smaps");
  guint n_extension_text = 0;

  for (guint i = 0; i < s->n_regions; i++)
    {
      const MsRegion *r = &s->regions[i];

      /* Every mapping of a shared object is part of that object. */
      if (r->path != NULL && strstr (r->path, ".so") != NULL && (r->perms & MS_PERM_READ))
        {
          g_assert_cmpstr (r->object, ==, r->path);
          g_assert_true (r->kind == MS_KIND_TEXT || r->kind == MS_KIND_RODATA || r->kind == MS_KIND_DATA);
          if (r->kind == MS_KIND_TEXT && strstr (r->path, "python3") != NULL)
            n_extension_text++;
        }
      /* Kinds that need a file never lack one, and the reverse. */
      if (r->kind == MS_KIND_TEXT || r->kind == MS_KIND_RODATA || r->kind == MS_KIND_DATA ||
          r->kind == MS_KIND_MMAP_FILE)
        g_assert_true (ms_region_is_file_backed (r));
      if (r->kind == MS_KIND_BSS || r->kind == MS_KIND_MMAP_ANON)
        g_assert_true (ms_region_is_anonymous (r));
    }

  /* _ssl, _json, _decimal, _sqlite3 … were imported. */
  g_assert_cmpuint (n_extension_text, >=, 3);
  assert_kind (find (s, "/usr/bin/python3.11", "r-xp"), MS_KIND_TEXT);
  g_assert_cmpuint (s->per_kind[MS_KIND_HEAP].count, ==, 1);
}

static void
test_threads_and_odd_names (void)
{
  g_autofree char *path = ms_test_fixture_path ("threads-odd-names.smaps");
  g_autofree char *sps_path = ms_test_fixture_path ("threads-odd-names.sps");
  g_autofree char *text = NULL;
  g_autofree char *sps_text = NULL;
  g_auto(GStrv) sps_lines = NULL;
  g_autoptr(GStringChunk) strings = g_string_chunk_new (1024);
  g_autoptr(GArray) regions = g_array_new (FALSE, FALSE, sizeof (MsRegion));
  g_autoptr(GArray) sps = g_array_new (FALSE, FALSE, sizeof (guint64));
  MsParseStats stats;
  gsize length;
  guint n_thread_stacks, n_guards = 0, n_reserved = 0;
  gboolean saw_odd = FALSE, saw_memfd = FALSE, saw_sysv = FALSE, saw_zero = FALSE;

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  g_assert_true (g_file_get_contents (sps_path, &sps_text, NULL, NULL));
  sps_lines = g_strsplit (g_strstrip (sps_text), "\n", -1);
  for (guint i = 0; sps_lines[i] != NULL; i++)
    {
      guint64 sp = g_ascii_strtoull (sps_lines[i], NULL, 16);
      g_array_append_val (sps, sp);
    }
  g_assert_cmpuint (sps->len, ==, 2);

  ms_maps_parse (text, length, strings, regions, &stats);
  n_thread_stacks = ms_classify ((MsRegion *) (gpointer) regions->data, regions->len,
                                 (const guint64 *) (gpointer) sps->data, sps->len);
  g_assert_cmpuint (n_thread_stacks, ==, 2);

  for (guint i = 0; i < regions->len; i++)
    {
      const MsRegion *r = &g_array_index (regions, MsRegion, i);

      if (r->kind == MS_KIND_THREAD_STACK)
        {
          /* glibc puts a guard page right below each thread stack. */
          g_assert_cmpuint (i, >, 0);
          assert_kind (r - 1, MS_KIND_GUARD);
          g_assert_true ((r->perms & MS_PERM_WRITE) && r->path == NULL);
        }
      if (r->kind == MS_KIND_GUARD)
        n_guards++;
      if (r->kind == MS_KIND_RESERVED)
        n_reserved++;
      if (g_strcmp0 (r->path, "/tmp/oddd/odd, \"name\"\nline two.bin (deleted)") == 0)
        {
          saw_odd = TRUE;
          assert_kind (r, MS_KIND_MMAP_FILE);
        }
      if (r->path != NULL && g_str_has_prefix (r->path, "/memfd:ms-test-memfd"))
        {
          saw_memfd = TRUE;
          assert_kind (r, MS_KIND_SHM);
        }
      if (r->path != NULL && g_str_has_prefix (r->path, "/SYSV"))
        {
          saw_sysv = TRUE;
          assert_kind (r, MS_KIND_SHM);
        }
      if (g_strcmp0 (r->path, "/dev/zero (deleted)") == 0)
        {
          saw_zero = TRUE;
          assert_kind (r, MS_KIND_SHM);
        }
      if (g_strcmp0 (r->path, "/tmp/ms-test-child") == 0 && (r->perms & MS_PERM_WRITE))
        {
          assert_kind (r, MS_KIND_DATA);
          /* The 16 MiB BSS does not fit the data mapping: it follows it. */
          assert_kind (r + 1, MS_KIND_BSS);
          g_assert_cmpstr (r[1].object, ==, "/tmp/ms-test-child");
          g_assert_cmpuint (ms_region_get_size (&r[1]), >=, 16 * 1024 * 1024 - 4096);
        }
    }

  g_assert_true (saw_odd && saw_memfd && saw_sysv && saw_zero);
  /* The two thread guards; the test's own PROT_NONE mapping protects nothing. */
  g_assert_cmpuint (n_guards, ==, 2);
  g_assert_cmpuint (n_reserved, ==, 1);
}

/* A capture (no thread list) of python3 with three threads that malloc: each
 * has its own glibc arena, a 64 MiB reservation mostly no-access. */
static void
test_python_threads (void)
{
  g_autoptr(MsSnapshot) s = ms_test_read_fixture ("python3-threads.smaps");
  guint n_arena_tails = 0;

  for (guint i = 0; i < s->n_regions; i++)
    {
      const MsRegion *r = &s->regions[i];

      if ((r->perms & (MS_PERM_READ | MS_PERM_WRITE | MS_PERM_EXEC)) != 0)
        continue;
      g_test_message ("no-access region %" G_GINT64_MODIFIER "x", r->start);
      if (r->end % (64 * 1024 * 1024) == 0)
        {
          /* An arena's tail: reserved, never a guard; the arena's heap
           * right before it, from the boundary before. */
          assert_kind (r, MS_KIND_RESERVED);
          g_assert_cmpstr (r->object, ==, "malloc arena");
          assert_kind (r - 1, MS_KIND_HEAP);
          g_assert_cmpstr (r[-1].object, ==, "malloc arena");
          g_assert_cmpuint (r[-1].start % (64 * 1024 * 1024), ==, 0);
          g_assert_cmpuint (ms_region_get_size (r), >, 60 * 1024 * 1024);
          n_arena_tails++;
        }
      else
        {
          /* One page right below a thread's 8 MiB stack. */
          assert_kind (r, MS_KIND_GUARD);
          g_assert_cmpuint (ms_region_get_size (r), ==, 4096);
          g_assert_cmpuint (ms_region_get_size (r + 1), ==, 8 * 1024 * 1024);
        }
    }

  g_assert_cmpuint (n_arena_tails, ==, 3);
  g_assert_cmpuint (s->per_kind[MS_KIND_RESERVED].count, ==, 3);
  g_assert_cmpuint (s->per_kind[MS_KIND_GUARD].vss, ==, 3 * 4096);
  g_assert_cmpuint (s->per_kind[MS_KIND_RESERVED].vss, >, 190 * 1024 * 1024);
  /* [heap] and the three thread arenas */
  g_assert_cmpuint (s->per_kind[MS_KIND_HEAP].count, ==, 4);
}

static MsSnapshot *
classify_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  MsSnapshot *s = ms_read_text (text, strlen (text), "synthetic", &error);

  g_assert_no_error (error);
  return s;
}

static void
test_rules (void)
{
  g_autoptr(MsSnapshot) s = classify_text (
    "1000-2000 ---s 00000000 00:01 1 /dev/shm/x\n"              /* 0 reserved beats shm */
    "2000-3000 rw-p 00000000 00:00 0 [anon:scudo:primary]\n"    /* 1 heap: Android's allocator */
    "3000-4000 rw-s 00000000 00:01 2 [anon_shmem:pool]\n"       /* 2 shm */
    "4000-5000 r--s 00000000 00:01 3 /dev/shm/wayland.mozilla\n"/* 3 shm */
    "5000-6000 rw-p 00000000 00:01 4 /dev/zero\n"               /* 4 shm (private /dev/zero) */
    "6000-7000 r-xp 00000000 00:00 0 [uprobes]\n"               /* 5 vdso */
    "7000-8000 r--p 00000000 08:01 5 /data/table.bin\n"         /* 6 mmap-file: no text */
    "8000-9000 rw-p 00001000 08:01 5 /data/table.bin\n"         /* 7 mmap-file: not an ELF object */
    "9000-a000 rw-p 00000000 00:00 0\n"                         /* 8 mmap-anon: after a non-ELF */
    "b000-c000 r--p 00000000 08:01 6 /usr/lib/libz.so.1\n"      /* 9 rodata */
    "c000-d000 r-xp 00001000 08:01 6 /usr/lib/libz.so.1\n"      /* 10 text */
    "d000-e000 r--p 00002000 08:01 6 /usr/lib/libz.so.1\n"      /* 11 rodata */
    "e000-f000 rw-p 00003000 08:01 6 /usr/lib/libz.so.1\n"      /* 12 data */
    "f000-10000 rw-p 00000000 00:00 0\n"                        /* 13 bss of libz */
    "10000-11000 rw-p 00000000 00:00 0\n"                       /* 14 mmap-anon: not where libz ends */
    "12000-13000 rw-s 00000000 00:00 0\n"                       /* 15 shm: shared anonymous */
    "13000-14000 rwxp 00000000 00:01 7 /memfd:jit (deleted)\n"  /* 16 shm beats text */
    "14000-15000 r-xp 00000000 08:01 8 /opt/app/plugin.bin\n"   /* 17 text */
    "15000-16000 rw-s 00001000 08:01 8 /opt/app/plugin.bin\n"   /* 18 mmap-file: shared, not data */
    "16000-17000 rw-p 00000000 00:00 0\n"                      /* 19 mmap-anon: plugin has no data */
    "20000-21000 r-xp 00000000 08:01 9 /usr/lib/libq.so\n"      /* 20 text */
    "21000-30000 ---p 00001000 08:01 9 /usr/lib/libq.so\n"      /* 21 reserved: libq's hole */
    "30000-31000 r--p 00010000 08:01 9 /usr/lib/libq.so\n"      /* 22 rodata */
    "31000-40000 ---p 00000000 00:00 0\n"                       /* 23 reserved: hole inside libq */
    "40000-41000 rw-p 00020000 08:01 9 /usr/lib/libq.so\n"      /* 24 data */
    "50000-51000 ---p 00000000 00:00 0\n"                       /* 25 guard: below private anon */
    "51000-60000 rw-p 00000000 00:00 0\n"                       /* 26 mmap-anon */
    "60000-200000 ---p 00000000 00:00 0\n"                      /* 27 reserved: too big for a guard */
    "200000-201000 rw-p 00000000 00:00 0\n"                     /* 28 mmap-anon */
    "4000000-4001000 rw-p 00000000 00:00 0\n"                   /* 29 heap: a thread arena */
    "4001000-8000000 ---p 00000000 00:00 0\n"                   /* 30 reserved: the arena's tail */
    "8000000-8001000 rw-p 00000000 00:00 0\n");                 /* 31 mmap-anon */
  static const MsKind expected[] = {
    MS_KIND_RESERVED, MS_KIND_HEAP, MS_KIND_SHM, MS_KIND_SHM, MS_KIND_SHM, MS_KIND_VDSO,
    MS_KIND_MMAP_FILE, MS_KIND_MMAP_FILE, MS_KIND_MMAP_ANON, MS_KIND_RODATA, MS_KIND_TEXT,
    MS_KIND_RODATA, MS_KIND_DATA, MS_KIND_BSS, MS_KIND_MMAP_ANON, MS_KIND_SHM, MS_KIND_SHM,
    MS_KIND_TEXT, MS_KIND_MMAP_FILE, MS_KIND_MMAP_ANON, MS_KIND_TEXT, MS_KIND_RESERVED,
    MS_KIND_RODATA, MS_KIND_RESERVED, MS_KIND_DATA, MS_KIND_GUARD, MS_KIND_MMAP_ANON,
    MS_KIND_RESERVED, MS_KIND_MMAP_ANON, MS_KIND_HEAP, MS_KIND_RESERVED, MS_KIND_MMAP_ANON,
  };

  g_assert_cmpuint (s->n_regions, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < s->n_regions; i++)
    {
      g_test_message ("region %u", i);
      assert_kind (&s->regions[i], expected[i]);
    }
  g_assert_cmpstr (s->regions[13].object, ==, "/usr/lib/libz.so.1");
  g_assert_null (s->regions[14].object);
  g_assert_null (s->regions[6].object);
  g_assert_cmpstr (s->regions[21].object, ==, "/usr/lib/libq.so");
  g_assert_cmpstr (s->regions[23].object, ==, "/usr/lib/libq.so");
  g_assert_null (s->regions[0].object);
  g_assert_null (s->regions[27].object);
  g_assert_cmpstr (s->regions[29].object, ==, "malloc arena");
  g_assert_cmpstr (s->regions[30].object, ==, "malloc arena");
  /* Not an arena: 28 does not start on a 64 MiB boundary, 31 has no tail. */
  g_assert_null (s->regions[28].object);
  g_assert_null (s->regions[31].object);
}

/* The owner of anonymous memory, from its name alone (a capture). */
static void
test_owners (void)
{
  g_autoptr(MsSnapshot) s = classify_text (
    "1000-2000 ---p 00000000 00:00 0\n"                                      /* 0 guard */
    "2000-a000 rw-p 00000000 00:00 0 [anon: glibc: pthread stack: 4242]\n"    /* 1 thread stack */
    "a000-b000 rw-p 00000000 00:00 0 [anon:dalvik-main space]\n"             /* 2 */
    "b000-c000 rw-s 00000000 00:01 2 [anon_shmem:pool]\n"                    /* 3 */
    "c000-d000 rw-s 00000000 00:01 7 /memfd:wayland-shm (deleted)\n"         /* 4 */
    "d000-e000 rw-s 00000000 00:01 8 /SYSV0000abcd (deleted)\n"              /* 5 */
    "e000-f000 rw-p 00000000 00:00 0 [anon:]\n"                              /* 6 no name */
    "f000-10000 rw-p 00000000 00:00 0 [anon: glibc: pthread stack: x]\n"     /* 7 not a TID */
    "7ffe0000-7fff0000 rw-p 00000000 00:00 0 [stack]\n"                     /* 8 no pid */
    "7fff0000-7fff1000 rw-p 00000000 00:00 0 [anon: glibc: malloc arena]\n"  /* 9 heap */
    "7fff1000-7fff2000 rw-p 00000000 00:00 0 [anon: glibc: malloc]\n");      /* 10 mmap-anon */

  g_assert_cmpuint (s->n_regions, ==, 11);
  assert_kind (&s->regions[9], MS_KIND_HEAP);
  g_assert_cmpstr (s->regions[9].object, ==, "malloc arena");
  assert_kind (&s->regions[10], MS_KIND_MMAP_ANON);
  g_assert_cmpstr (s->regions[10].object, ==, "glibc: malloc");
  assert_kind (&s->regions[0], MS_KIND_GUARD);
  assert_kind (&s->regions[1], MS_KIND_THREAD_STACK);
  g_assert_cmpstr (s->regions[1].object, ==, "thread 4242");
  g_assert_cmpuint (s->n_threads, ==, 1);
  assert_kind (&s->regions[2], MS_KIND_HEAP);   /* Android's ART */
  g_assert_cmpstr (s->regions[2].object, ==, "dalvik-main space");
  assert_kind (&s->regions[3], MS_KIND_SHM);
  g_assert_cmpstr (s->regions[3].object, ==, "pool");
  g_assert_cmpstr (s->regions[4].object, ==, "wayland-shm");
  g_assert_cmpstr (s->regions[5].object, ==, "0x0000abcd");
  g_assert_null (s->regions[6].object);
  assert_kind (&s->regions[7], MS_KIND_MMAP_ANON);
  g_assert_cmpstr (s->regions[7].object, ==, "glibc: pthread stack: x");
  g_assert_null (s->regions[8].object);
}

/* Threads as the reader finds them: each stack's owner is its TID and name. */
static void
test_thread_owners (void)
{
  const char *text =
    "1000-2000 ---p 00000000 00:00 0\n"
    "2000-a000 rw-p 00000000 00:00 0\n"
    "b000-c000 ---p 00000000 00:00 0\n"
    "c000-14000 rw-p 00000000 00:00 0\n"
    "7ffe0000-7fff0000 rw-p 00000000 00:00 0 [stack]\n";
  const MsThread threads[] = {
    { 0x9000, 101, "worker" },
    { 0xd000, 102, NULL },
  };
  g_autoptr(GStringChunk) strings = g_string_chunk_new (256);
  g_autoptr(GArray) regions = g_array_new (FALSE, FALSE, sizeof (MsRegion));
  MsParseStats stats;
  MsRegion *r;

  ms_maps_parse (text, strlen (text), strings, regions, &stats);
  r = (MsRegion *) (gpointer) regions->data;
  g_assert_cmpuint (ms_classify_threads (r, regions->len, threads, G_N_ELEMENTS (threads),
                                         100, "main", strings), ==, 2);
  assert_kind (&r[0], MS_KIND_GUARD);
  g_assert_cmpstr (r[1].object, ==, "thread 101 (worker)");
  assert_kind (&r[2], MS_KIND_GUARD);
  g_assert_cmpstr (r[3].object, ==, "thread 102");
  assert_kind (&r[4], MS_KIND_STACK);
  g_assert_cmpstr (r[4].object, ==, "thread 100 (main)");
}

/* jemalloc, tcmalloc and mimalloc are known by their library. */
static void
test_allocator (void)
{
  static const struct {
    const char *library;
    const char *allocator;
  } cases[] = {
    { "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "jemalloc" },
    { "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4.5.9", "tcmalloc" },
    { "/usr/lib/x86_64-linux-gnu/libtcmalloc.so.4", "tcmalloc" },
    { "/usr/local/lib/libmimalloc.so.2.1", "mimalloc" },
    { "/usr/lib/x86_64-linux-gnu/libz.so.1", NULL },
    { "/opt/jemalloc/libjemalloc_is_not_a_library", NULL },
  };
  g_autoptr(MsSnapshot) plain = ms_test_read_fixture ("python3-threads.smaps");

  g_assert_null (ms_detect_allocator (plain->regions, plain->n_regions));
  g_assert_null (ms_detect_allocator (NULL, 0));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf (
        "1000-2000 r--p 00000000 08:01 1 /usr/bin/prog\n"
        "2000-3000 r-xp 00001000 08:01 1 /usr/bin/prog\n"
        "7f0000000000-7f0000001000 r--p 00000000 08:01 2 %s\n"
        "7f0000001000-7f0000002000 r-xp 00001000 08:01 2 %s\n",
        cases[i].library, cases[i].library);
      g_autoptr(MsSnapshot) s = classify_text (text);

      g_test_message ("%s", cases[i].library);
      g_assert_cmpstr (ms_detect_allocator (s->regions, s->n_regions), ==, cases[i].allocator);
    }
}

/* MADV_GUARD_INSTALL ranges say `gu` in VmFlags: a guard, whatever is next. */
static void
test_guard_flag (void)
{
  g_autoptr(MsSnapshot) s = classify_text (
    "1000-9000 ---p 00000000 00:00 0\n"
    "VmFlags: mr mw me gu\n"
    "a000-b000 ---p 00000000 00:00 0\n"
    "VmFlags: mr mw me\n");

  g_assert_cmpuint (s->n_regions, ==, 2);
  assert_kind (&s->regions[0], MS_KIND_GUARD);
  assert_kind (&s->regions[1], MS_KIND_RESERVED);
}

static void
test_totals (void)
{
  g_autoptr(MsSnapshot) s = ms_test_read_fixture ("python3.smaps");
  MsTotals sum = { 0 };

  for (guint k = 0; k < MS_N_KINDS; k++)
    {
      sum.count += s->per_kind[k].count;
      sum.vss += s->per_kind[k].vss;
      sum.rss += s->per_kind[k].rss;
      sum.pss += s->per_kind[k].pss;
      sum.uss += s->per_kind[k].uss;
      sum.swap += s->per_kind[k].swap;
    }

  g_assert_cmpuint (sum.count, ==, s->n_regions);
  g_assert_cmpuint (sum.vss, ==, s->total.vss);
  g_assert_cmpuint (sum.rss, ==, s->total.rss);
  g_assert_cmpuint (sum.pss, ==, s->total.pss);
  g_assert_cmpuint (sum.uss, ==, s->total.uss);
  g_assert_cmpuint (sum.swap, ==, s->total.swap);
  g_assert_cmpuint (s->total.uss, ==, s->total.private_clean + s->total.private_dirty);
  g_assert_cmpuint (s->total.rss, >, s->total.uss);
  g_assert_cmpuint (s->total.rss, >=, s->total.pss);
}

/* An Android app's map (a hand-written fixture: its header says from what):
 * ART's heap, the allocators, bionic's thread stacks, ashmem, the GPU, the
 * boot image and the app's package, verified and compiled dex. */
static void
test_android (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "android", "app.smaps", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) smaps = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSnapshot) s = NULL;
  g_auto(GStrv) lines = NULL;
  const char *app = "/data/app/~~aBcD1234==/com.example.notes-Xy9z==/";
  g_autofree char *apk = g_strconcat (app, "base.apk", NULL);
  g_autofree char *vdex = g_strconcat (app, "oat/arm64/base.vdex", NULL);
  g_autofree char *odex = g_strconcat (app, "oat/arm64/base.odex", NULL);
  g_autofree char *art = g_strconcat (app, "oat/arm64/base.art", NULL);
  const char *boot_oat = "/system/framework/arm64/boot.oat";
  const MsRegion *r;

  /* the fixture's header comment is not smaps: dropped */
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '#' && lines[i][0] != '\0')
      g_string_append_printf (smaps, "%s\n", lines[i]);
  s = ms_test_read_text (smaps->str, (gssize) smaps->len);
  g_assert_cmpuint (s->n_malformed, ==, 0);

  /* ART's heap spaces, and their reservation */
  r = find (s, "[anon:dalvik-main space (region space)]", "rw-p");
  assert_kind (r, MS_KIND_HEAP);
  g_assert_cmpstr (r->object, ==, "dalvik-main space (region space)");
  assert_kind (find (s, "[anon:dalvik-main space (region space)]", "---p"), MS_KIND_RESERVED);
  assert_kind (find (s, "[anon:dalvik-zygote space]", "rw-p"), MS_KIND_HEAP);
  assert_kind (find (s, "[anon:dalvik-non moving space]", "rw-p"), MS_KIND_HEAP);
  /* before Android 8 they were ashmem */
  r = find (s, "/dev/ashmem/dalvik-indirect ref table (deleted)", "rw-p");
  assert_kind (r, MS_KIND_HEAP);
  g_assert_cmpstr (r->object, ==, "dalvik-indirect ref table");

  /* the native allocators */
  r = find (s, "[anon:scudo:primary]", "rw-p");
  assert_kind (r, MS_KIND_HEAP);
  g_assert_cmpstr (r->object, ==, "scudo:primary");
  assert_kind (find (s, "[anon:scudo:secondary]", "rw-p"), MS_KIND_HEAP);
  assert_kind (find (s, "[anon:scudo:primary_reserve]", "---p"), MS_KIND_RESERVED);
  assert_kind (find (s, "[anon:libc_malloc]", "rw-p"), MS_KIND_HEAP);

  /* a bionic thread stack, its guard below it */
  r = find (s, "[anon:stack_and_tls:4350]", "rw-p");
  assert_kind (r, MS_KIND_THREAD_STACK);
  g_assert_cmpstr (r->object, ==, "thread 4350");
  assert_kind (find (s, "[anon:stack_and_tls:4350]", "---p"), MS_KIND_GUARD);

  /* ashmem and the GPU's memory are shared */
  r = find (s, "/dev/ashmem/CursorWindow: /data/user/0/com.example.notes/databases/notes.db (deleted)", "rw-s");
  assert_kind (r, MS_KIND_SHM);
  g_assert_cmpstr (r->object, ==, "CursorWindow: /data/user/0/com.example.notes/databases/notes.db");
  assert_kind (find (s, "/dev/kgsl-3d0", "rw-s"), MS_KIND_SHM);

  /* ART images are heap; compiled dex (.oat, .odex) is an ELF object */
  r = find (s, "/system/framework/arm64/boot.art", "rw-p");
  assert_kind (r, MS_KIND_HEAP);
  g_assert_cmpstr (r->object, ==, "/system/framework/arm64/boot.art");
  assert_kind (find (s, art, "rw-p"), MS_KIND_HEAP);
  assert_kind (find (s, boot_oat, "r--p"), MS_KIND_RODATA);
  assert_kind (find (s, boot_oat, "r-xp"), MS_KIND_TEXT);
  assert_kind (find (s, boot_oat, "rw-p"), MS_KIND_DATA);
  r = next_of (s, find (s, boot_oat, "rw-p"));
  assert_kind (r, MS_KIND_BSS);
  g_assert_cmpstr (r->object, ==, boot_oat);
  assert_kind (find (s, odex, "r--p"), MS_KIND_RODATA);
  assert_kind (find (s, odex, "r-xp"), MS_KIND_TEXT);

  /* a package and verified dex are files the runtime reads; native code run
   * from the package is text */
  assert_kind (find (s, vdex, "r--p"), MS_KIND_MMAP_FILE);
  assert_kind (find (s, apk, "r--p"), MS_KIND_MMAP_FILE);
  r = find (s, apk, "r-xp");
  assert_kind (r, MS_KIND_TEXT);
  g_assert_cmpstr (r->object, ==, apk);

  /* and the rest as on any Linux */
  assert_kind (find (s, "/system/bin/app_process64", "r-xp"), MS_KIND_TEXT);
  assert_kind (find (s, "/apex/com.android.runtime/lib64/bionic/libc.so", "rw-p"), MS_KIND_DATA);
  assert_kind (find (s, "[stack]", "rw-p"), MS_KIND_STACK);
  assert_kind (find (s, "[vdso]", "r-xp"), MS_KIND_VDSO);
  for (guint i = 0; i < s->n_regions; i++)
    g_assert_cmpuint (s->regions[i].kind, !=, MS_KIND_MMAP_ANON);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/classify/c-program", test_c_program);
  g_test_add_func ("/memscape/classify/maps-equals-smaps", test_maps_equals_smaps);
  g_test_add_func ("/memscape/classify/python", test_python);
  g_test_add_func ("/memscape/classify/threads-odd-names", test_threads_and_odd_names);
  g_test_add_func ("/memscape/classify/python-threads", test_python_threads);
  g_test_add_func ("/memscape/classify/rules", test_rules);
  g_test_add_func ("/memscape/classify/guard-flag", test_guard_flag);
  g_test_add_func ("/memscape/classify/owners", test_owners);
  g_test_add_func ("/memscape/classify/allocator", test_allocator);
  g_test_add_func ("/memscape/classify/thread-owners", test_thread_owners);
  g_test_add_func ("/memscape/classify/totals", test_totals);
  g_test_add_func ("/memscape/classify/android", test_android);

  return g_test_run ();
}
