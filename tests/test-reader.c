/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-proc.h"
#include "ms-process-list.h"
#include "ms-reader.h"
#include "ms-render.h"
#include "ms-reader-private.h"
#include "ms-snapshot-private.h"
#include "ms-test-util.h"

#define assert_kind_at(s, address, k) \
  G_STMT_START { \
    int i_ = ms_snapshot_find_region ((s), (address)); \
    g_assert_cmpint (i_, >=, 0); \
    g_assert_cmpstr (ms_kind_to_id ((MsKind) (s)->regions[i_].kind), ==, ms_kind_to_id (k)); \
  } G_STMT_END

static const MsRegion *
region_at (const MsSnapshot *s,
           guint64           address)
{
  int i = ms_snapshot_find_region (s, address);

  g_assert_cmpint (i, >=, 0);
  return &s->regions[i];
}

static void
test_live_child_kinds (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSnapshot) s = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *child_path = ms_test_build_path ("ms-test-child");
  g_autofree char *user = ms_proc_user_name (getuid ());
  const MsRegion *r;
  guint64 vsyscall = 0;

  s = ms_read_pid (child->pid, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (s->source, ==, MS_SOURCE_PROCESS);
  g_assert_cmpint (s->pid, ==, child->pid);
  g_assert_cmpstr (s->name, ==, "ms-test-child");
  g_assert_true (strstr (s->cmdline, child->dir) != NULL);
  g_assert_cmpstr (s->user, ==, user);
  g_assert_cmpuint (s->uid, ==, getuid ());
  g_assert_true (s->has_counters);
  g_assert_cmpuint (s->n_malformed, ==, 0);
  g_assert_cmpuint (s->status.threads, ==, 3);
  g_assert_cmpuint (s->n_threads, ==, 2);

  r = region_at (s, ms_test_child_address (child, "text"));
  g_assert_cmpint (r->kind, ==, MS_KIND_TEXT);
  g_assert_cmpstr (r->object, ==, child_path);

  r = region_at (s, ms_test_child_address (child, "data"));
  g_assert_cmpint (r->kind, ==, MS_KIND_DATA);
  g_assert_cmpstr (r->object, ==, child_path);
  g_assert_cmpuint (r->counters.private_dirty, >, 0);

  r = region_at (s, ms_test_child_address (child, "bss"));
  g_assert_cmpint (r->kind, ==, MS_KIND_BSS);
  g_assert_cmpstr (r->object, ==, child_path);
  g_assert_cmpuint (ms_region_get_size (r), >=, 15 * 1024 * 1024);

  assert_kind_at (s, ms_test_child_address (child, "heap"), MS_KIND_HEAP);
  r = region_at (s, ms_test_child_address (child, "big-malloc"));
  g_assert_cmpint (r->kind, ==, MS_KIND_MMAP_ANON);
  g_assert_cmpuint (ms_region_get_size (r), >=, 64 * 1024 * 1024);
  g_assert_cmpuint (r->counters.anonymous, >=, 1024 * 1024);

  r = region_at (s, ms_test_child_address (child, "odd-file"));
  g_assert_cmpint (r->kind, ==, MS_KIND_MMAP_FILE);
  g_assert_true (g_str_has_prefix (r->path, child->dir));
  g_assert_true (g_str_has_suffix (r->path, "/odd, \"name\"\nline two.bin"));
  g_assert_cmpuint (ms_region_get_size (r), ==, 3 * 4096);

  assert_kind_at (s, ms_test_child_address (child, "shared-anon"), MS_KIND_SHM);
  r = region_at (s, ms_test_child_address (child, "sysv"));
  g_assert_cmpint (r->kind, ==, MS_KIND_SHM);
  g_assert_true (g_str_has_prefix (r->path, "/SYSV"));
  r = region_at (s, ms_test_child_address (child, "memfd"));
  g_assert_cmpint (r->kind, ==, MS_KIND_SHM);
  g_assert_true (g_str_has_prefix (r->path, "/memfd:ms-test-memfd"));

  /* A no-access mapping that protects nothing is reserved, not a guard. */
  r = region_at (s, ms_test_child_address (child, "guard"));
  g_assert_cmpint (r->kind, ==, MS_KIND_RESERVED);
  g_assert_cmpuint (ms_region_get_size (r), ==, 11 * 4096);
  r = region_at (s, ms_test_child_address (child, "reservation"));
  g_assert_cmpint (r->kind, ==, MS_KIND_RESERVED);
  g_assert_null (r->object);
  g_assert_cmpuint (ms_region_get_size (r), ==, 1024 * 1024 * 1024);
  g_assert_cmpuint (r->counters.rss, ==, 0);
  /* glibc's guard page right below each thread's stack. */
  for (guint i = 1; i < s->n_regions; i++)
    if (s->regions[i].kind == MS_KIND_THREAD_STACK)
      g_assert_cmpint (s->regions[i - 1].kind, ==, MS_KIND_GUARD);
  g_assert_cmpuint (s->per_kind[MS_KIND_GUARD].count, ==, 2);

  r = region_at (s, ms_test_child_address (child, "named-anon"));
  g_assert_cmpint (r->kind, ==, MS_KIND_MMAP_ANON);
  assert_kind_at (s, ms_test_child_address (child, "named-shared"), MS_KIND_SHM);
  /* A memfd's owner is its name; a SysV segment's its key (IPC_PRIVATE: 0). */
  g_assert_cmpstr (region_at (s, ms_test_child_address (child, "memfd"))->object, ==, "ms-test-memfd");
  g_assert_cmpstr (region_at (s, ms_test_child_address (child, "sysv"))->object, ==, "0x00000000");

  /* The second thread's mallocs come from its own glibc arena: a heap on a
   * 64 MiB boundary, then its reserved tail up to the next one. */
  r = region_at (s, ms_test_child_address (child, "arena"));
  g_assert_cmpint (r->kind, ==, MS_KIND_HEAP);
  g_assert_cmpstr (r->object, ==, "malloc arena");
  g_assert_null (r->path);
  g_assert_cmpuint (r->start % (64 * 1024 * 1024), ==, 0);
  g_assert_cmpuint (r[1].start, ==, r->end);
  g_assert_cmpint (r[1].kind, ==, MS_KIND_RESERVED);
  g_assert_cmpstr (r[1].object, ==, "malloc arena");
  g_assert_cmpuint (r[1].end - r->start, ==, 64 * 1024 * 1024);

  /* Each stack names its thread: TID and name. */
  for (guint t = 1; t <= 2; t++)
    {
      g_autofree char *key = g_strdup_printf ("thread-%u", t);
      g_autofree char *tid_key = g_strdup_printf ("thread-%u-tid", t);
      g_autofree char *owner = g_strdup_printf ("thread %" G_GUINT64_FORMAT " (ms-worker-%u)",
                                                ms_test_child_address (child, tid_key), t);

      r = region_at (s, ms_test_child_address (child, key));
      g_assert_cmpint (r->kind, ==, MS_KIND_THREAD_STACK);
      g_assert_cmpstr (r->object, ==, owner);
    }
  {
    g_autofree char *main_owner = g_strdup_printf ("thread %d (ms-test-child)", (int) child->pid);

    for (guint i = 0; i < s->n_regions; i++)
      if (s->regions[i].kind == MS_KIND_STACK)
        g_assert_cmpstr (s->regions[i].object, ==, main_owner);
  }
  g_assert_cmpuint (s->per_kind[MS_KIND_THREAD_STACK].count, ==, 2);
  g_assert_cmpuint (s->per_kind[MS_KIND_STACK].count, ==, 1);
  g_assert_cmpuint (s->per_kind[MS_KIND_VDSO].count, >=, 1);

  /* The sizes add up to the kernel's VmSize, less [vsyscall], which is no VMA. */
  for (guint i = 0; i < s->n_regions; i++)
    if (g_strcmp0 (s->regions[i].path, "[vsyscall]") == 0)
      vsyscall = ms_region_get_size (&s->regions[i]);
  g_assert_cmpuint (s->total.vss - vsyscall, ==, s->status.vm_size);
  g_assert_cmpuint (s->status.vm_rss, >, 0);

  ms_test_child_stop (child);
}

/* Named anonymous memory: the name is the owner. */
static void
test_live_anon_names (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSnapshot) s = NULL;
  g_autoptr(GError) error = NULL;
  const MsRegion *r;

  if (!child->anon_names)
    {
      ms_test_child_stop (child);
      g_test_skip ("the kernel lacks CONFIG_ANON_VMA_NAME: prctl (PR_SET_VMA_ANON_NAME) fails with EINVAL");
      return;
    }

  s = ms_read_pid (child->pid, NULL, &error);
  g_assert_no_error (error);
  r = region_at (s, ms_test_child_address (child, "named-anon"));
  g_assert_cmpint (r->kind, ==, MS_KIND_MMAP_ANON);
  g_assert_cmpstr (r->path, ==, "[anon:ms-test-anon]");
  g_assert_cmpstr (r->object, ==, "ms-test-anon");
  r = region_at (s, ms_test_child_address (child, "named-shared"));
  g_assert_cmpint (r->kind, ==, MS_KIND_SHM);
  g_assert_cmpstr (r->object, ==, "ms-test-shmem");

  ms_test_child_stop (child);
}

static gboolean
region_has_flag (const MsRegion *r,
                 const char     *flag)
{
  g_auto(GStrv) flags = g_strsplit (r->vm_flags != NULL ? r->vm_flags : "", " ", -1);

  return g_strv_contains ((const char * const *) flags, flag);
}

/* A sealed region says `sl`, one with guard pages installed `gu`; both stay
 * what they are (the guard pages lie inside a writable region), and their
 * tooltips say it in words. */
static void
test_live_sealed_and_guarded (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSnapshot) s = ms_read_pid (child->pid, NULL, NULL);
  gboolean sealed_ok = ms_test_child_address (child, "sealed-ok") != 0;
  gboolean guarded_ok = ms_test_child_address (child, "guarded-ok") != 0;
  const MsRegion *r;
  g_autofree char *tooltip = NULL;

  g_assert_nonnull (s);
  if (sealed_ok)
    {
      r = region_at (s, ms_test_child_address (child, "sealed"));
      g_assert_true (region_has_flag (r, "sl"));
      g_assert_cmpint (r->kind, ==, MS_KIND_MMAP_ANON);
      tooltip = ms_render_describe_region (s, (guint) (r - s->regions));
      g_assert_nonnull (strstr (tooltip, "sealed (mseal)"));
      g_clear_pointer (&tooltip, g_free);
    }
  if (guarded_ok)
    {
      r = region_at (s, ms_test_child_address (child, "guarded"));
      g_assert_true (region_has_flag (r, "gu"));
      g_assert_cmpint (r->kind, ==, MS_KIND_MMAP_ANON);
      tooltip = ms_render_describe_region (s, (guint) (r - s->regions));
      g_assert_nonnull (strstr (tooltip, "MADV_GUARD_INSTALL"));
    }
  ms_test_child_stop (child);

  if (!sealed_ok || !guarded_ok)
    g_test_skip (!sealed_ok && !guarded_ok ? "the kernel has neither mseal (Linux 6.10) nor MADV_GUARD_INSTALL (Linux 6.13)"
                 : !sealed_ok ? "the kernel has no mseal (Linux 6.10)"
                 : "the kernel has no MADV_GUARD_INSTALL (Linux 6.13)");
}

static void
test_live_refresh_sees_new_region (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSnapshot) before = NULL;
  g_autoptr(MsSnapshot) after = NULL;
  g_autofree char *answer = NULL;
  guint64 address;
  const MsRegion *r;

  before = ms_read_pid (child->pid, NULL, NULL);
  g_assert_nonnull (before);
  answer = ms_test_child_command (child, "map 5");
  g_assert_true (g_str_has_prefix (answer, "mapped 0x"));
  address = g_ascii_strtoull (answer + 7, NULL, 16);
  g_assert_cmpint (ms_snapshot_find_region (before, address), <, 0);

  after = ms_read_pid (child->pid, NULL, NULL);
  g_assert_nonnull (after);
  g_assert_cmpuint (after->n_regions, ==, before->n_regions + 1);
  r = region_at (after, address);
  g_assert_cmphex (r->start, ==, address);
  g_assert_cmpuint (ms_region_get_size (r), ==, 5 * 4096);
  g_assert_cmpuint (r->counters.rss, ==, 5 * 4096);
  g_assert_cmpint (r->kind, ==, MS_KIND_MMAP_ANON);

  ms_test_child_stop (child);
}

/* A refresh of a quiet process costs only the cheap files and gives back the
 * same snapshot; any change to its map gives a new one. */
static void
test_read_since (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSnapshot) first = ms_read_pid (child->pid, NULL, NULL);
  g_autoptr(MsSnapshot) again = NULL;
  g_autoptr(MsSnapshot) after_map = NULL;
  g_autoptr(MsSnapshot) after_unmap = NULL;
  g_autofree char *answer = NULL;
  guint64 address;

  g_assert_nonnull (first);
  g_assert_cmpuint (first->fingerprint, !=, 0);

  /* The probe of maps + smaps_rollup agrees with the full read. */
  again = ms_read_pid_since (child->pid, first, NULL, NULL);
  g_assert_true (again == first);

  answer = ms_test_child_command (child, "map 4");
  address = g_ascii_strtoull (answer + 7, NULL, 16);
  after_map = ms_read_pid_since (child->pid, first, NULL, NULL);
  g_assert_true (after_map != first);
  g_assert_cmpint (ms_snapshot_find_start (after_map, address), >=, 0);
  g_assert_cmpuint (after_map->fingerprint, !=, first->fingerprint);

  g_clear_pointer (&answer, g_free);
  answer = ms_test_child_command (child, "unmap");
  after_unmap = ms_read_pid_since (child->pid, after_map, NULL, NULL);
  g_assert_true (after_unmap != after_map);
  g_assert_cmpint (ms_snapshot_find_start (after_unmap, address), <, 0);

  ms_test_child_stop (child);
}

/* Past the age when the fingerprint alone is trusted, a full read that finds
 * the process exactly as shown gives back the same snapshot (so nothing
 * redraws), confirmed as of that read; one that finds a change gives a new
 * one. A quiet child can still differ between two reads (the PSS of a
 * library moves when another process maps it), so a few tries are allowed
 * for a quiet moment. */
static void
test_read_since_full_read_same_content (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSnapshot) changed = NULL;
  g_autofree char *answer = NULL;
  gboolean kept = FALSE;

  _ms_reader_set_since_max_age (0);

  for (guint attempt = 0; attempt < 50 && !kept; attempt++)
    {
      g_autoptr(MsSnapshot) first = ms_read_pid (child->pid, NULL, NULL);
      g_autoptr(MsSnapshot) again = NULL;
      gint64 confirmed_before = _ms_snapshot_get_confirmed (first);

      g_usleep (2000);
      again = ms_read_pid_since (child->pid, first, NULL, NULL);
      g_assert_nonnull (again);
      g_assert_true (_ms_snapshot_same_content (first, first));
      if (again == first)
        {
          g_assert_cmpint (_ms_snapshot_get_confirmed (first), >, confirmed_before);
          kept = TRUE;
        }
      else
        g_assert_false (_ms_snapshot_same_content (first, again));
    }
  g_assert_true (kept);

  {
    g_autoptr(MsSnapshot) before = ms_read_pid (child->pid, NULL, NULL);

    answer = ms_test_child_command (child, "map 4");
    changed = ms_read_pid_since (child->pid, before, NULL, NULL);
    g_assert_true (changed != before);
    g_assert_false (_ms_snapshot_same_content (before, changed));
  }

  _ms_reader_set_since_max_age (MS_READ_SINCE_MAX_AGE_USEC);
  ms_test_child_stop (child);
}

static void
test_read_since_other_process (void)
{
  MsTestChild *a = ms_test_child_start ();
  MsTestChild *b = ms_test_child_start ();
  g_autoptr(MsSnapshot) sa = ms_read_pid (a->pid, NULL, NULL);
  g_autoptr(MsSnapshot) sb = ms_read_pid_since (b->pid, sa, NULL, NULL);

  g_assert_true (sb != sa);
  g_assert_cmpint (sb->pid, ==, b->pid);

  ms_test_child_stop (a);
  ms_test_child_stop (b);
}

/* Every region after the one before it, none empty, none overlapping. */
static void
assert_consistent (const MsSnapshot *s)
{
  g_assert_cmpuint (s->n_malformed, ==, 0);
  for (guint i = 0; i < s->n_regions; i++)
    {
      g_assert_cmphex (s->regions[i].start, <, s->regions[i].end);
      if (i > 0 && s->regions[i].start < s->regions[i - 1].end)
        g_error ("region %u (%#" G_GINT64_MODIFIER "x-%#" G_GINT64_MODIFIER "x) overlaps or precedes "
                 "region %u (%#" G_GINT64_MODIFIER "x-%#" G_GINT64_MODIFIER "x)",
                 i, s->regions[i].start, s->regions[i].end,
                 i - 1, s->regions[i - 1].start, s->regions[i - 1].end);
    }
}

/* A process of 28 000 mappings that changes 20 times a second, merging
 * mappings and splitting them again: the kernel makes smaps a page of text
 * at a time, so a read can meet a merged mapping that begins before the page
 * it stopped at (on this test's first machine, one read in four did). Every
 * snapshot of it is still sorted and without overlaps; a read whose every
 * try was torn says so in one line. */
static void
test_restless_reads_consistent (void)
{
  int stdin_fd;
  GPid pid = ms_test_bench_child_start (28000, "restless", &stdin_fd);
  g_autoptr(MsSnapshot) previous = NULL;
  guint n_read = 0, n_changing = 0;

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(GError) error = NULL;
      MsSnapshot *s = i % 2 == 0 ? ms_read_pid (pid, NULL, &error)
                                 : ms_read_pid_since (pid, previous, NULL, &error);

      if (s == NULL)
        {
          g_assert_error (error, MS_ERROR, MS_ERROR_IO);
          g_assert_nonnull (strstr (error->message, "changes too fast"));
          g_assert_null (strchr (error->message, '\n'));
          n_changing++;
          continue;
        }

      g_assert_cmpuint (s->n_regions, >=, 20000);
      assert_consistent (s);
      g_clear_pointer (&previous, ms_snapshot_unref);
      previous = s;
      n_read++;
    }

  /* Nearly all, as a rule; under the sanitizers on a busy machine a read
   * takes ten times as long and spans as many changes, and a third of them
   * were torn at every try. */
  g_test_message ("%u consistent reads, %u that changed at every try", n_read, n_changing);
  g_assert_cmpuint (n_read, >=, 10);
  ms_test_bench_child_stop (pid, stdin_fd);
}

/* --- a read torn by a change of the map, fed through the smaps hook --------- */

#define REGION(range, perms, path) range " " perms " 00000000 00:00 0 " path "\n" "Rss: 4 kB\n"

static const char good_smaps[] =
  REGION ("00400000-00401000", "r-xp", "")
  REGION ("00401000-00402000", "rw-p", "")
  REGION ("7ffc0000-7ffc1000", "rw-p", "[stack]");

/* The second region merged with the first after the first was read. */
static const char overlapping_smaps[] =
  REGION ("00400000-00401000", "r-xp", "")
  REGION ("00400000-00402000", "r-xp", "")
  REGION ("7ffc0000-7ffc1000", "rw-p", "[stack]");

/* … or with more than the first. */
static const char backwards_smaps[] =
  REGION ("00400000-00401000", "r-xp", "")
  REGION ("00401000-00402000", "rw-p", "")
  REGION ("00300000-00500000", "rw-p", "")
  REGION ("7ffc0000-7ffc1000", "rw-p", "[stack]");

typedef struct {
  const char *texts[8];   /* one for each try; the last again after them */
  guint       n_texts;
  guint       n_calls;
} SmapsFeed;

static const char *
feed_smaps (int      pid,
            guint    attempt,
            gpointer user_data)
{
  SmapsFeed *feed = user_data;

  g_assert_cmpuint (attempt, ==, feed->n_calls);
  feed->n_calls++;
  return feed->texts[MIN (attempt, feed->n_texts - 1)];
}

/* The regions of good_smaps, and nothing else. */
static void
assert_good_smaps (const MsSnapshot *s)
{
  g_assert_cmpuint (s->n_regions, ==, 3);
  g_assert_cmpuint (s->n_malformed, ==, 0);
  g_assert_cmphex (s->regions[0].start, ==, 0x400000);
  g_assert_cmphex (s->regions[1].start, ==, 0x401000);
  g_assert_cmphex (s->regions[2].start, ==, 0x7ffc0000);
  g_assert_cmpint (s->pid, ==, getpid ());
}

/* A live read whose smaps overlaps or goes back is read again, as many
 * times as it takes up to MS_READ_MAX_ATTEMPTS; then one line says why. */
static void
test_torn_read_retried (void)
{
  /* torn once, then whole */
  {
    SmapsFeed feed = { { overlapping_smaps, good_smaps }, 2, 0 };
    g_autoptr(MsSnapshot) s = NULL;
    g_autoptr(GError) error = NULL;

    _ms_reader_set_smaps_hook (feed_smaps, &feed);
    s = ms_read_pid (getpid (), NULL, &error);
    g_assert_no_error (error);
    assert_good_smaps (s);
    g_assert_cmpuint (feed.n_calls, ==, 2);
  }

  /* torn twice, two ways, then whole; the refresh's read alike */
  {
    SmapsFeed feed = { { backwards_smaps, overlapping_smaps, good_smaps }, 3, 0 };
    g_autoptr(MsSnapshot) s = NULL;
    g_autoptr(GError) error = NULL;

    _ms_reader_set_smaps_hook (feed_smaps, &feed);
    s = ms_read_pid_since (getpid (), NULL, NULL, &error);
    g_assert_no_error (error);
    assert_good_smaps (s);
    g_assert_cmpuint (feed.n_calls, ==, 3);
  }

  /* whole at once: read once */
  {
    SmapsFeed feed = { { good_smaps }, 1, 0 };
    g_autoptr(MsSnapshot) s = NULL;

    _ms_reader_set_smaps_hook (feed_smaps, &feed);
    s = ms_read_pid (getpid (), NULL, NULL);
    assert_good_smaps (s);
    g_assert_cmpuint (feed.n_calls, ==, 1);
  }

  /* torn every time: no snapshot, one line, and no more tries than that */
  {
    SmapsFeed feed = { { overlapping_smaps, backwards_smaps }, 2, 0 };
    g_autoptr(GError) error = NULL;
    g_autofree char *comm = NULL;
    g_autofree char *expected = NULL;

    g_assert_true (g_file_get_contents ("/proc/self/comm", &comm, NULL, NULL));
    expected = g_strdup_printf ("Process %d (%s) changes too fast to be read: its memory map changed "
                                "while it was being read, at every try", getpid (), g_strchomp (comm));

    _ms_reader_set_smaps_hook (feed_smaps, &feed);
    g_assert_null (ms_read_pid (getpid (), NULL, &error));
    g_assert_error (error, MS_ERROR, MS_ERROR_IO);
    g_assert_cmpstr (error->message, ==, expected);
    g_assert_cmpuint (feed.n_calls, ==, MS_READ_MAX_ATTEMPTS);
  }

  _ms_reader_set_smaps_hook (NULL, NULL);

  /* A capture is what it is: its overlaps are shown as malformed lines. */
  {
    g_autoptr(MsSnapshot) s = NULL;
    g_autoptr(GError) error = NULL;

    s = ms_read_text (overlapping_smaps, strlen (overlapping_smaps), "capture", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (s->n_regions, ==, 3);
    g_assert_cmpuint (s->n_malformed, ==, 1);

    g_clear_pointer (&s, ms_snapshot_unref);
    s = ms_read_text (backwards_smaps, strlen (backwards_smaps), "capture", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (s->n_regions, ==, 4);
    g_assert_cmpuint (s->n_malformed, >=, 1);
  }
}

/* --- every file of the process through one open /proc/PID -------------------- */

typedef struct {
  GPtrArray *paths;   /* the names opened by path (relative to AT_FDCWD) */
  GPtrArray *names;   /* the names opened relative to a directory */
} Opens;

static void
record_open (int         dir,
             const char *name,
             gpointer    user_data)
{
  Opens *opens = user_data;

  if (dir == AT_FDCWD)
    g_ptr_array_add (opens->paths, g_strdup (name));
  else
    {
      g_assert_cmpint (dir, >=, 0);
      g_assert_cmpint (name[0], !=, '/');
      g_ptr_array_add (opens->names, g_strdup (name));
    }
}

static gboolean
opened (const Opens *opens,
        const char  *name)
{
  return g_ptr_array_find_with_equal_func (opens->names, name, g_str_equal, NULL);
}

/* Only /proc/PID itself is opened by path; each file, the threads' too, is
 * opened relative to it. */
static void
assert_opens_through_dir (Opens *opens,
                          int    pid)
{
  g_autofree char *dir = g_strdup_printf ("/proc/%d", pid);

  g_assert_cmpuint (opens->paths->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (opens->paths, 0), ==, dir);
  g_assert_cmpuint (opens->names->len, >, 0);
  g_ptr_array_set_size (opens->paths, 0);
  g_ptr_array_set_size (opens->names, 0);
}

static void
test_opens_through_pid_dir (void)
{
  MsTestChild *child = ms_test_child_start ();
  Opens opens = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(MsSnapshot) first = NULL;
  g_autoptr(MsSnapshot) probed = NULL;
  g_autoptr(MsSnapshot) changed = NULL;
  g_autoptr(MsSnapshot) full = NULL;
  g_autofree char *answer = NULL;
  g_autoptr(GError) error = NULL;
  gboolean thread_file = FALSE;

  _ms_proc_set_open_hook (record_open, &opens);

  first = ms_read_pid (child->pid, NULL, &error);
  g_assert_no_error (error);
  for (const char * const *name = (const char * const[]) { "comm", "status", "smaps", "task", "cmdline", "stat", NULL };
       *name != NULL; name++)
    g_assert_true (opened (&opens, *name));
  for (guint i = 0; i < opens.names->len; i++)
    if (g_str_has_suffix (g_ptr_array_index (opens.names, i), "/syscall"))
      thread_file = TRUE;
  g_assert_true (thread_file);
  assert_opens_through_dir (&opens, child->pid);

  /* a refresh's probe */
  probed = ms_read_pid_since (child->pid, first, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (probed == first);
  g_assert_true (opened (&opens, "smaps_rollup"));
  g_assert_true (opened (&opens, "maps"));
  g_assert_false (opened (&opens, "smaps"));
  assert_opens_through_dir (&opens, child->pid);

  /* a refresh whose probe sees a change reads in full, through the same
   * /proc/PID */
  answer = ms_test_child_command (child, "map 4");
  g_ptr_array_set_size (opens.paths, 0);
  g_ptr_array_set_size (opens.names, 0);
  changed = ms_read_pid_since (child->pid, first, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (changed != first);
  g_assert_true (opened (&opens, "maps"));
  g_assert_true (opened (&opens, "smaps"));
  assert_opens_through_dir (&opens, child->pid);

  /* a refresh's full read */
  _ms_reader_set_since_max_age (0);
  full = ms_read_pid_since (child->pid, changed, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (opened (&opens, "smaps"));
  assert_opens_through_dir (&opens, child->pid);
  _ms_reader_set_since_max_age (MS_READ_SINCE_MAX_AGE_USEC);

  _ms_proc_set_open_hook (NULL, NULL);
  g_ptr_array_unref (opens.paths);
  g_ptr_array_unref (opens.names);
  ms_test_child_stop (child);
}

/* --- a PID given to another process mid-read ---------------------------------- */

/* Starts a process that names itself @name, maps @pages pages, and waits. */
static pid_t
start_sleeper (const char *name,
               guint       pages)
{
  int ready[2];
  char byte = 0;
  pid_t pid;

  g_assert_cmpint (pipe (ready), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      prctl (PR_SET_NAME, name);
      if (mmap (NULL, pages * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ||
          write (ready[1], "r", 1) != 1)
        _exit (1);
      for (;;)
        pause ();
    }
  close (ready[1]);
  g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);
  close (ready[0]);
  return pid;
}

typedef struct {
  const char *when;      /* the name whose opening ends the process */
  pid_t       pid;
  pid_t       impostor;  /* the new process that took its PID */
} Reuse;

/* Ends the process being read just before @when is opened, and starts
 * another with its PID (the next PID of this namespace is set to it). */
static void
reuse_pid_before (int         dir,
                  const char *name,
                  gpointer    user_data)
{
  Reuse *reuse = user_data;
  g_autofree char *last = NULL;
  int status;

  if (reuse->impostor != 0 || dir == AT_FDCWD || strcmp (name, reuse->when) != 0)
    return;

  g_assert_cmpint (kill (reuse->pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (reuse->pid, &status, 0), ==, reuse->pid);
  last = g_strdup_printf ("%d", reuse->pid - 1);
  g_assert_true (g_file_set_contents_full ("/proc/sys/kernel/ns_last_pid", last, -1,
                                           G_FILE_SET_CONTENTS_NONE, 0644, NULL));
  reuse->impostor = start_sleeper ("impostor", 9);
  g_assert_cmpint (reuse->impostor, ==, reuse->pid);
}

/* In a PID namespace of its own, as its init: a process is read, and at each
 * step of the read it is killed and its PID given to another. The read
 * fails as having exited, and never shows the other, nor a mix of both. */
static void
pid_reuse_in_namespace (void)
{
  static const char * const steps[] = {
    "comm", "status", "smaps", "task", "cmdline", "stat", "smaps_rollup", "maps",
  };

  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      mount ("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
    g_error ("cannot mount /proc in the new namespace: %s", g_strerror (errno));
  g_assert_cmpint (getpid (), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      Reuse reuse = { steps[i], start_sleeper ("original", 7), 0 };
      g_autoptr(MsSnapshot) first = ms_read_pid (reuse.pid, NULL, NULL);
      g_autoptr(MsSnapshot) s = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("Process %d exited while it was being read", reuse.pid);
      gboolean probe = g_str_equal (reuse.when, "smaps_rollup") || g_str_equal (reuse.when, "maps");
      int status;

      g_assert_nonnull (first);
      g_assert_cmpstr (first->name, ==, "original");

      _ms_proc_set_open_hook (reuse_pid_before, &reuse);
      s = probe ? ms_read_pid_since (reuse.pid, first, NULL, &error) : ms_read_pid (reuse.pid, NULL, &error);
      _ms_proc_set_open_hook (NULL, NULL);

      g_test_message ("killed and reused before %s: %s", reuse.when,
                      s != NULL ? s->name : error->message);
      g_assert_cmpint (reuse.impostor, !=, 0);
      g_assert_null (s);
      g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
      if (!g_str_equal (reuse.when, "comm"))
        g_assert_cmpstr (error->message, ==, expected);

      /* the impostor itself reads as itself */
      g_clear_error (&error);
      s = ms_read_pid (reuse.impostor, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (s->name, ==, "impostor");

      kill (reuse.impostor, SIGKILL);
      waitpid (reuse.impostor, &status, 0);
    }
}

/* Whether the kernel lets this user make namespaces of users and PIDs (it
 * may be built without them, or have them turned off for users). */
static gboolean
can_unshare_pid_namespace (void)
{
  pid_t pid = fork ();
  int status;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (unshare (CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID) == 0 ? 0 : 1);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

static void
test_pid_reused_mid_read (void)
{
  if (g_test_subprocess ())
    {
      uid_t uid = geteuid ();
      gid_t gid = getegid ();
      g_autofree char *uid_map = g_strdup_printf ("0 %u 1", (guint) uid);
      g_autofree char *gid_map = g_strdup_printf ("0 %u 1", (guint) gid);
      pid_t init;
      int status;

      /* One thread only here: a namespace of users needs it. */
      if (unshare (CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID) != 0)
        g_error ("unshare: %s", g_strerror (errno));
      if (!g_file_set_contents_full ("/proc/self/setgroups", "deny", -1, G_FILE_SET_CONTENTS_NONE, 0644, NULL) ||
          !g_file_set_contents_full ("/proc/self/uid_map", uid_map, -1, G_FILE_SET_CONTENTS_NONE, 0644, NULL) ||
          !g_file_set_contents_full ("/proc/self/gid_map", gid_map, -1, G_FILE_SET_CONTENTS_NONE, 0644, NULL))
        g_error ("cannot map the user and group in the new namespace");

      init = fork ();
      g_assert_cmpint (init, >=, 0);
      if (init == 0)
        {
          pid_reuse_in_namespace ();
          _exit (0);
        }
      g_assert_cmpint (waitpid (init, &status, 0), ==, init);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
      /* Ended here: a child made now (LeakSanitizer's, at exit) would go
       * into the namespace whose init has ended, and cannot be made. */
      _exit (0);
    }

  if (!can_unshare_pid_namespace ())
    {
      g_test_skip ("this kernel does not let this user make namespaces of users and PIDs");
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_parse_pid (void)
{
  static const char *bad[] = { "", "abc", "-5", "0", "12abc", " 12", "99999999999999999999", "1.5" };
  int pid = 0;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (ms_parse_pid (bad[i], &pid, &error));
      g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT);
      g_assert_null (strchr (error->message, '\n'));
    }

  g_assert_true (ms_parse_pid ("4242", &pid, NULL));
  g_assert_cmpint (pid, ==, 4242);
}

static void
test_no_such_process (void)
{
  g_autoptr(GError) error = NULL;
  int pid = ms_test_dead_pid ();
  g_autofree char *expected = g_strdup_printf ("There is no process with ID %d", pid);

  g_assert_null (ms_read_pid (pid, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_zombie (void)
{
  g_autoptr(GError) error = NULL;
  pid_t pid = ms_test_start_zombie ();
  int status;

  g_assert_null (ms_read_pid (pid, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
  g_assert_true (strstr (error->message, "zombie") != NULL);
  waitpid (pid, &status, 0);
}

static void
test_kernel_thread (void)
{
  g_autoptr(GError) error = NULL;
  int pid = ms_test_find_kernel_thread ();

  if (pid == 0)
    {
      g_test_skip ("no kernel thread is visible in this pid namespace");
      return;
    }

  g_assert_null (ms_read_pid (pid, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_KERNEL_THREAD);
  g_assert_true (strstr (error->message, "kernel thread") != NULL);
}

static void
test_permission_denied (void)
{
  pid_t pid;
  int status;

  if (geteuid () != 0)
    {
      g_autoptr(GError) error = NULL;

      /* pid 1 belongs to root; as another user its map is closed to us. */
      g_assert_null (ms_read_pid (1, NULL, &error));
      g_assert_error (error, MS_ERROR, MS_ERROR_PERMISSION_DENIED);
      return;
    }

  /* As root: a forked child becomes nobody and reads its root parent. */
  pid = fork ();
  if (pid == 0)
    {
      GError *error = NULL;
      MsSnapshot *s;

      if (setresgid (65534, 65534, 65534) != 0 || setresuid (65534, 65534, 65534) != 0)
        _exit (3);
      s = ms_read_pid (getppid (), NULL, &error);
      if (s != NULL)
        _exit (4);
      if (!g_error_matches (error, MS_ERROR, MS_ERROR_PERMISSION_DENIED))
        _exit (5);
      if (strstr (error->message, "belongs to root") == NULL)
        _exit (6);
      _exit (0);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

/* Processes that exit while they are being read: every answer is a snapshot
 * or "no such process", never anything else, never a crash. */
static void
test_exit_during_read (void)
{
  guint n_ok = 0, n_gone = 0;

  for (guint i = 0; i < 150; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MsSnapshot) s = NULL;
      pid_t pid = fork ();
      int status;

      if (pid == 0)
        {
          g_usleep ((gulong) g_random_int_range (0, 1200));
          _exit (0);
        }

      s = ms_read_pid (pid, NULL, &error);
      if (s != NULL)
        {
          /* A whole picture, never the half of an address space being torn
           * down: the stack and the program's own text are in it. */
          g_assert_cmpuint (s->per_kind[MS_KIND_STACK].count, ==, 1);
          g_assert_cmpuint (s->per_kind[MS_KIND_TEXT].count, >=, 2);
          n_ok++;
        }
      else
        {
          g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
          n_gone++;
        }
      waitpid (pid, &status, 0);
    }

  g_test_message ("%u read whole, %u gone", n_ok, n_gone);
  g_assert_cmpuint (n_ok + n_gone, ==, 150);
}

static void
test_bad_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty", NULL);
  g_autofree char *text = g_build_filename (dir, "text", NULL);
  g_autofree char *partial = g_build_filename (dir, "partial", NULL);
  MsSnapshot *s;

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (text, "Hello\nworld\n", -1, NULL));
  g_assert_true (g_file_set_contents (partial,
                                      "1000-2000 r--p 00000000 08:02 11 /bin/x\n"
                                      "Rss: 4 kB\n"
                                      "2000-30", -1, NULL));

  g_assert_null (ms_read_file ("/nonexistent/smaps", NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_IO);
  g_assert_true (strstr (error->message, "No such file") != NULL);
  g_clear_error (&error);

  g_assert_null (ms_read_file (dir, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_IO);
  g_clear_error (&error);

  g_assert_null (ms_read_file (empty, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_EMPTY);
  g_clear_error (&error);

  g_assert_null (ms_read_file (text, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_MALFORMED);
  g_assert_true (strstr (error->message, "line 1") != NULL);
  g_clear_error (&error);

  /* A capture cut mid-line still gives what it holds, with a warning count. */
  s = ms_read_file (partial, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (s->n_regions, ==, 1);
  g_assert_cmpuint (s->n_malformed, ==, 1);
  g_assert_cmpuint (s->first_malformed_line, ==, 3);
  ms_snapshot_unref (s);

  /* Absurdly large: refused at once, before anything is read. */
  {
    g_autofree char *huge = g_build_filename (dir, "huge", NULL);
    FILE *f = fopen (huge, "w");

    g_assert_nonnull (f);
    g_assert_cmpint (ftruncate (fileno (f), (off_t) 300 * 1024 * 1024), ==, 0);  /* sparse */
    fclose (f);
    g_assert_null (ms_read_file (huge, NULL, &error));
    g_assert_error (error, MS_ERROR, MS_ERROR_MALFORMED);
    g_assert_nonnull (strstr (error->message, "too large"));
    g_clear_error (&error);
    g_unlink (huge);
  }

  g_unlink (empty);
  g_unlink (text);
  g_unlink (partial);
  g_rmdir (dir);
}

static void
test_process_list (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = ms_process_list_read (&error);
  MsProcessInfo *found = NULL;
  int self = getpid ();
  gboolean saw_self = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, >, 2);
  for (guint i = 0; i < list->len; i++)
    {
      MsProcessInfo *info = g_ptr_array_index (list, i);

      if (i > 0)
        g_assert_cmpint (((MsProcessInfo *) g_ptr_array_index (list, i - 1))->pid, <, info->pid);
      if (info->pid == child->pid)
        found = info;
      if (info->pid == self)
        saw_self = TRUE;
    }

  g_assert_true (saw_self);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->name, ==, "ms-test-child");
  g_assert_true (strstr (found->cmdline, child->dir) != NULL);
  g_assert_cmpuint (found->uid, ==, getuid ());
  g_assert_cmpuint (found->rss, >, 1024 * 1024);
  g_assert_true (found->has_smaps);
  g_assert_cmpuint (found->pss, >, 0);
  g_assert_cmpuint (found->pss, <=, found->rss);
  g_assert_false (found->is_kernel_thread);

  ms_test_child_stop (child);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/reader/live-child-kinds", test_live_child_kinds);
  g_test_add_func ("/memscape/reader/live-anon-names", test_live_anon_names);
  g_test_add_func ("/memscape/reader/live-sealed-and-guarded", test_live_sealed_and_guarded);
  g_test_add_func ("/memscape/reader/refresh-sees-new-region", test_live_refresh_sees_new_region);
  g_test_add_func ("/memscape/reader/read-since", test_read_since);
  g_test_add_func ("/memscape/reader/read-since-full-read-same-content", test_read_since_full_read_same_content);
  g_test_add_func ("/memscape/reader/read-since-other-process", test_read_since_other_process);
  g_test_add_func ("/memscape/reader/restless-reads-consistent", test_restless_reads_consistent);
  g_test_add_func ("/memscape/reader/torn-read-retried", test_torn_read_retried);
  g_test_add_func ("/memscape/reader/opens-through-pid-dir", test_opens_through_pid_dir);
  g_test_add_func ("/memscape/reader/pid-reused-mid-read", test_pid_reused_mid_read);
  g_test_add_func ("/memscape/reader/parse-pid", test_parse_pid);
  g_test_add_func ("/memscape/reader/no-such-process", test_no_such_process);
  g_test_add_func ("/memscape/reader/zombie", test_zombie);
  g_test_add_func ("/memscape/reader/kernel-thread", test_kernel_thread);
  g_test_add_func ("/memscape/reader/permission-denied", test_permission_denied);
  g_test_add_func ("/memscape/reader/exit-during-read", test_exit_during_read);
  g_test_add_func ("/memscape/reader/bad-files", test_bad_files);
  g_test_add_func ("/memscape/reader/process-list", test_process_list);

  return g_test_run ();
}
