/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-privileged.h"
#include "ms-privileged-private.h"
#include "ms-proc.h"
#include "ms-process-list.h"
#include "ms-reader.h"
#include "ms-helper-source.h"
#include "ms-local-source.h"
#include "ms-test-util.h"

/* --- running the helper directly ------------------------------------------------ */

static char *
helper_path (void)
{
  const char *path = g_getenv ("MEMSCAPE_READER");

  g_assert_nonnull (path);
  return g_strdup (path);
}

/* Runs the helper with @args (NULL-terminated; NULL for none). */
static void
run_helper_full (const char * const *args,
                 gboolean            as_nobody,
                 MsTestHelperRun          *run)
{
  ms_test_run_helper (args, as_nobody, run);
}

static void
run_helper (const char * const *args,
            MsTestHelperRun          *run)
{
  run_helper_full (args, FALSE, run);
}

static void
run_helper_read (int        pid,
                 MsTestHelperRun *run)
{
  g_autofree char *text = g_strdup_printf ("%d", pid);
  const char *args[] = { "read", text, NULL };

  run_helper (args, run);
}

static MsSnapshot *
parse_run (const MsTestHelperRun  *run,
           int               pid,
           GError          **error)
{
  gsize length;
  const char *data = g_bytes_get_data (run->out, &length);

  return ms_privileged_parse_read (data != NULL ? data : "", length, pid, error);
}

/* --- argument validation --------------------------------------------------------- */

static void
test_helper_arguments (void)
{
  static const char *bad[][4] = {
    { NULL },
    { "read", NULL },
    { "read", "abc", NULL },
    { "read", "-1", NULL },
    { "read", "0", NULL },
    { "read", "01", NULL },
    { "read", "1", "2", NULL },
    { "read", "99999999999", NULL },
    { "read", "4194305", NULL },
    { "read", "+1", NULL },
    { "read", " 1", NULL },
    { "read", "1 ", NULL },
    { "read", "1\n", NULL },
    { "read", "", NULL },
    { "read", "0x10", NULL },
    { "read", "١٢", NULL },
    { "read", "/proc/1", NULL },
    { "READ", "1", NULL },
    { "list", "extra", NULL },
    { "list", "", NULL },
    { "frobnicate", NULL },
    { "", NULL },
    { "--help", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(MsTestHelperRun) run = { 0 };

      run_helper (bad[i], &run);
      g_test_message ("case %u: exit %d, stderr %s", i, run.status, run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpuint (g_bytes_get_size (run.out), ==, 0);
      g_assert_true (g_str_has_prefix (run.err, "usage: "));
      g_assert_true (g_str_has_suffix (run.err, "\n"));
      g_assert_true (strchr (run.err, '\n') == run.err + strlen (run.err) - 1);
    }

  /* The largest PID the kernel allows is a valid request (and most likely
   * answered with "gone"). */
  {
    g_auto(MsTestHelperRun) run = { 0 };
    const char *args[] = { "read", "4194304", NULL };

    run_helper (args, &run);
    g_assert_cmpint (run.status, <=, 1);
    g_assert_cmpstr (run.err, ==, "");
  }
}

/* --- the frame of a live process --------------------------------------------- */

static void
test_helper_frame (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_auto(MsTestHelperRun) run = { 0 };
  gsize length;
  const char *data;

  run_helper_read (child->pid, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  data = g_bytes_get_data (run.out, &length);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (data, "memscape-reader 1\nread "));
  g_assert_cmpmem (data + length - 8, 8, "\nend 0\n\n", 8);

  /* Only the lines of status that Memscape uses leave the helper. */
  {
    const char *status = strstr (data, "\nstatus ");
    const char *end;

    g_assert_nonnull (status);
    status = strchr (status + 1, '\n') + 1;
    end = strstr (status, "\n\n");
    g_assert_nonnull (end);
    for (const char *line = status; line <= end; line = strchr (line, '\n') + 1)
      g_assert_true (g_str_has_prefix (line, "Vm") || g_str_has_prefix (line, "Rss") ||
                     g_str_has_prefix (line, "Threads:") || g_str_has_prefix (line, "Uid:"));
  }
  g_assert_null (g_strstr_len (data, (gssize) length, "\nGroups:"));
  g_assert_null (g_strstr_len (data, (gssize) length, "\nCapEff:"));

  ms_test_child_stop (child);
}

/* Same regions, kinds and identity; counters equal unless the quiet child's
 * pages moved between the two reads (then the caller reads again). */
static gboolean
snapshots_agree (const MsSnapshot *a,
                 const MsSnapshot *b,
                 GString          *why)
{
  if (a->n_regions != b->n_regions)
    {
      g_string_printf (why, "%u regions against %u", a->n_regions, b->n_regions);
      return FALSE;
    }

  for (guint i = 0; i < a->n_regions; i++)
    {
      const MsRegion *ra = &a->regions[i], *rb = &b->regions[i];

      g_assert_cmphex (ra->start, ==, rb->start);
      g_assert_cmphex (ra->end, ==, rb->end);
      g_assert_cmphex (ra->offset, ==, rb->offset);
      g_assert_cmpuint (ra->inode, ==, rb->inode);
      g_assert_cmpuint (ra->perms, ==, rb->perms);
      g_assert_cmpuint (ra->dev_major, ==, rb->dev_major);
      g_assert_cmpuint (ra->dev_minor, ==, rb->dev_minor);
      g_assert_cmpstr (ra->vm_flags, ==, rb->vm_flags);
      g_assert_cmpstr (ra->path, ==, rb->path);
      g_assert_cmpstr (ra->object, ==, rb->object);
      g_assert_cmpint (ra->kind, ==, rb->kind);

      if (ra->counters.rss != rb->counters.rss ||
          ra->counters.private_dirty != rb->counters.private_dirty ||
          ra->counters.anonymous != rb->counters.anonymous ||
          ra->counters.swap != rb->counters.swap)
        {
          g_string_printf (why, "counters of region %u (%s) moved", i, ra->path != NULL ? ra->path : "");
          return FALSE;
        }
    }

  return TRUE;
}

static void
test_read_matches_direct (void)
{
  MsTestChild *child = ms_test_child_start ();
  gboolean agreed = FALSE;

  for (guint attempt = 0; attempt < 5 && !agreed; attempt++)
    {
      g_auto(MsTestHelperRun) run = { 0 };
      g_autoptr(MsSnapshot) direct = NULL;
      g_autoptr(MsSnapshot) privileged = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) why = g_string_new (NULL);

      run_helper_read (child->pid, &run);
      g_assert_cmpint (run.status, ==, 0);
      privileged = parse_run (&run, child->pid, &error);
      g_assert_no_error (error);
      direct = ms_read_pid (child->pid, NULL, &error);
      g_assert_no_error (error);

      /* identity */
      g_assert_cmpint (privileged->source, ==, MS_SOURCE_PROCESS);
      g_assert_cmpint (privileged->pid, ==, direct->pid);
      g_assert_cmpstr (privileged->name, ==, direct->name);
      g_assert_cmpstr (privileged->name, ==, "ms-test-child");
      g_assert_cmpstr (privileged->cmdline, ==, direct->cmdline);
      g_assert_true (strstr (privileged->cmdline, child->dir) != NULL);
      g_assert_cmpstr (privileged->user, ==, direct->user);
      g_assert_cmpuint (privileged->uid, ==, direct->uid);
      g_assert_cmpstr (privileged->source_path, ==, direct->source_path);
      g_assert_true (privileged->has_counters);
      g_assert_cmpuint (privileged->n_malformed, ==, 0);
      g_assert_cmpuint (privileged->n_threads, ==, direct->n_threads);
      g_assert_cmpuint (privileged->n_threads, ==, 2);
      g_assert_cmpuint (privileged->status.threads, ==, 3);
      g_assert_cmpuint (privileged->status.vm_size, ==, direct->status.vm_size);
      g_assert_cmpuint (privileged->status.vm_exe, ==, direct->status.vm_exe);
      g_assert_cmpuint (privileged->total.vss, ==, direct->total.vss);
      for (guint k = 0; k < MS_N_KINDS; k++)
        g_assert_cmpuint (privileged->per_kind[k].count, ==, direct->per_kind[k].count);
      g_assert_cmpuint (privileged->per_kind[MS_KIND_THREAD_STACK].count, ==, 2);

      agreed = snapshots_agree (privileged, direct, why);
      if (!agreed)
        g_test_message ("attempt %u: %s", attempt, why->str);
    }

  g_assert_true (agreed);
  ms_test_child_stop (child);
}

static const MsProcessInfo *
find_pid (GPtrArray *list,
          int        pid)
{
  for (guint i = 0; i < list->len; i++)
    {
      const MsProcessInfo *info = g_ptr_array_index (list, i);

      if (info->pid == pid)
        return info;
    }
  return NULL;
}

/* A copy of sleep(1) named past the kernel's 15 bytes, started with a
 * command line that names it; *@dir to remove. */
static GPid
start_long_named (char **dir)
{
  g_autofree char *program = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  GPid pid;

  *dir = g_dir_make_tmp ("memscape-test-XXXXXX", NULL);
  program = g_build_filename (*dir, "memscape-sleeper-with-a-long-name", NULL);
  g_assert_true (g_file_get_contents ("/bin/sleep", &contents, &length, NULL));
  g_assert_true (g_file_set_contents (program, contents, (gssize) length, NULL));
  g_assert_cmpint (g_chmod (program, 0755), ==, 0);
  {
    const char *argv[] = { program, "600", NULL };

    g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL,
                   NULL, NULL, &pid, &error);
  }
  g_assert_no_error (error);
  g_unlink (program);
  return pid;
}

static void
test_list (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *long_dir = NULL;
  GPid long_named = start_long_named (&long_dir);
  const char *args[] = { "list", NULL };
  g_auto(MsTestHelperRun) run = { 0 };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) direct = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = ms_proc_user_name (getuid ());
  const MsProcessInfo *found, *direct_found;
  gsize length;
  const char *data;

  run_helper (args, &run);
  g_assert_cmpint (run.status, ==, 0);
  data = g_bytes_get_data (run.out, &length);
  list = ms_privileged_parse_list (data, length, &error);
  g_assert_no_error (error);
  direct = ms_process_list_read (&error);
  g_assert_no_error (error);

  g_assert_cmpuint (list->len, >, 2);
  for (guint i = 1; i < list->len; i++)
    g_assert_cmpint (((MsProcessInfo *) g_ptr_array_index (list, i - 1))->pid, <,
                     ((MsProcessInfo *) g_ptr_array_index (list, i))->pid);
  g_assert_nonnull (find_pid (list, getpid ()));

  found = find_pid (list, child->pid);
  direct_found = find_pid (direct, child->pid);
  g_assert_nonnull (found);
  g_assert_nonnull (direct_found);
  g_assert_cmpstr (found->name, ==, "ms-test-child");
  g_assert_cmpstr (found->name, ==, direct_found->name);
  g_assert_true (strstr (found->cmdline, child->dir) != NULL);
  g_assert_cmpuint (found->uid, ==, getuid ());
  g_assert_cmpstr (found->user, ==, user);
  g_assert_false (found->is_kernel_thread);
  g_assert_cmpint (found->state, ==, direct_found->state);
  /* A quiet child: the same resident size as libproc2 reads from status. */
  g_assert_cmpuint (found->rss, >, 1024 * 1024);
  g_assert_cmpuint (found->rss, ==, direct_found->rss);
  g_assert_true (found->has_smaps);
  g_assert_cmpuint (found->pss, >, 0);
  g_assert_cmpuint (found->pss, <=, found->rss);
  g_assert_cmpuint (found->uss, >, 0);
  g_assert_cmpuint (found->uss, <=, found->rss);

  /* Kernel threads are flagged, with no command line, as in the direct list. */
  for (guint i = 0; i < direct->len; i++)
    {
      const MsProcessInfo *d = g_ptr_array_index (direct, i);
      const MsProcessInfo *p = find_pid (list, d->pid);

      if (p == NULL || !d->is_kernel_thread)
        continue;
      g_assert_true (p->is_kernel_thread);
      g_assert_cmpstr (p->cmdline, ==, "");
      /* (a kworker's name follows its current work: not compared) */
      g_assert_cmpstr (p->name, !=, "");
    }

  /* A name the kernel cut is completed from the command line, as directly. */
  found = find_pid (list, long_named);
  direct_found = find_pid (direct, long_named);
  g_assert_nonnull (found);
  g_assert_nonnull (direct_found);
  g_assert_cmpstr (found->comm, ==, "memscape-sleepe");
  g_assert_cmpstr (found->name, ==, "memscape-sleeper-with-a-long-name");
  g_assert_cmpstr (found->comm, ==, direct_found->comm);
  g_assert_cmpstr (found->name, ==, direct_found->name);

  kill (long_named, SIGKILL);
  waitpid (long_named, NULL, 0);
  g_rmdir (long_dir);
  ms_test_child_stop (child);
}

/* --- frames that are not whole --------------------------------------------------- */

static void
assert_malformed_read (const char *data,
                       gsize       length,
                       int         pid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSnapshot) snapshot = ms_privileged_parse_read (data, length, pid, &error);

  g_assert_null (snapshot);
  g_assert_error (error, MS_ERROR, MS_ERROR_MALFORMED);
  g_assert_null (strchr (error->message, '\n'));
}

static void
assert_malformed_list (const char *data,
                       gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = ms_privileged_parse_list (data, length, &error);

  g_assert_null (list);
  g_assert_error (error, MS_ERROR, MS_ERROR_MALFORMED);
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_truncated (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_auto(MsTestHelperRun) run = { 0 };
  g_auto(MsTestHelperRun) list_run = { 0 };
  const char *args[] = { "list", NULL };
  const char *data;
  gsize length;
  guint n_cuts = 0;

  run_helper_read (child->pid, &run);
  g_assert_cmpint (run.status, ==, 0);
  data = g_bytes_get_data (run.out, &length);

  /* Every cut in the first and last 3 KiB, every record boundary and the
   * bytes around it, and every 97th byte in between. */
  for (gsize cut = 0; cut < length; cut++)
    {
      gboolean near_edge = cut < 3072 || cut + 3072 > length;
      gboolean near_record = (cut > 0 && data[cut - 1] == '\n') || (cut > 1 && data[cut - 2] == '\n');

      if (!near_edge && !near_record && cut % 97 != 0)
        continue;
      assert_malformed_read (data, cut, child->pid);
      n_cuts++;
    }
  g_test_message ("%u cuts of a %" G_GSIZE_FORMAT "-byte answer", n_cuts, length);

  /* The whole answer is fine; one byte more is not. */
  {
    g_autoptr(MsSnapshot) snapshot = ms_privileged_parse_read (data, length, child->pid, NULL);
    g_autofree char *longer = g_malloc (length + 1);

    g_assert_nonnull (snapshot);
    memcpy (longer, data, length);
    longer[length] = '\n';
    assert_malformed_read (longer, length + 1, child->pid);
  }

  /* The same for a process list. */
  run_helper (args, &list_run);
  g_assert_cmpint (list_run.status, ==, 0);
  data = g_bytes_get_data (list_run.out, &length);
  for (gsize cut = 0; cut < length; cut += cut < 2048 ? 1 : 31)
    assert_malformed_list (data, cut);

  ms_test_child_stop (child);
}

static void
test_wrong_version (void)
{
  static const char *headers[] = {
    "memscape-reader 2\nread 1\n1\nend 0\n\n",
    "memscape-reader 0\nend 0\n\n",
    "memscape-reader 10\n",
    "memscape-reader 1.0\nend 0\n\n",
    "memscape-reader\nend 0\n\n",
    "memscape-reader  1\nend 0\n\n",
    "memscape-reader 1 \nend 0\n\n",
    "MEMSCAPE-READER 1\nend 0\n\n",
    "memscape-reader 99999999999999999999\n",
  };
  static const char nul_header[] = "memscape-reader 1\0x\nlist 0\n\nend 0\n\n";

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (ms_privileged_parse_read (headers[i], strlen (headers[i]), 0, &error));
      g_assert_error (error, MS_ERROR, MS_ERROR_MALFORMED);
      g_test_message ("%s", error->message);
      if (i == 0)
        g_assert_nonnull (strstr (error->message, "version 2"));
      assert_malformed_list (headers[i], strlen (headers[i]));
    }

  /* A NUL byte does not end the header line early (without it, this is a
   * whole, empty list). */
  assert_malformed_list (nul_header, sizeof nul_header - 1);
  {
    g_autoptr(GPtrArray) empty = ms_privileged_parse_list ("memscape-reader 1\nlist 0\n\nend 0\n\n",
                                                          strlen ("memscape-reader 1\nlist 0\n\nend 0\n\n"), NULL);

    g_assert_nonnull (empty);
    g_assert_cmpuint (empty->len, ==, 0);
  }
}

#define HEADER "memscape-reader 1\n"
#define SMAPS_TEXT "00400000-00401000 r-xp 00000000 08:02 11 /bin/x\nRss: 4 kB\n"
#define SMAPS_RECORD "smaps 58\n" SMAPS_TEXT "\n"

static void
test_garbage (void)
{
  static const char *read_frames[] = {
    "",
    "\n",
    "memscape-reader 1",
    HEADER,
    HEADER "end 0\n\n",                                     /* no request */
    HEADER "read 1\n1\nend 0\n\n",                          /* no map */
    HEADER "read 1\n1\nowner 1\n0\ncomm 2\nx\n\nend 0\n\n",   /* no map */
    HEADER "read 1\n1\nsmaps 01\nx\nend 0\n\n",             /* leading zero */
    HEADER "read 1\n1\nsmaps -1\nx\nend 0\n\n",
    HEADER "read 1\n1\nsmaps 99999999999\n",
    HEADER "read 1\n1\nsmaps 2000000\n",                    /* a piece too long */
    HEADER "read 1\n1\nSMAPS 1\nx\nend 0\n\n",
    HEADER "read 1\n1\nsmaps\nx\nend 0\n\n",
    HEADER "read 1\n1\nsmaps 1 \nx\nend 0\n\n",
    HEADER "read 1\n1\nsmaps  1\nx\nend 0\n\n",
    HEADER "read 1\n1\ncomm 3\nabcd\nend 0\n\n",            /* length mismatch */
    HEADER "read 1\n1\ncomm 3\nab\nend 0\n\n",
    HEADER "read 1\n1\nfoo 0\n\nend 0\n\n",                  /* unknown record */
    HEADER "read 1\n1\nproc 1\n1\nend 0\n\n",                /* a list record */
    HEADER "comm 2\nx\n\nread 1\n1\nend 0\n\n",                /* out of order */
    HEADER "read 1\n1\nowner 1\n0\nowner 1\n0\nend 0\n\n",
    HEADER "read 1\n1\n" SMAPS_RECORD "comm 2\nx\n\nend 0\n\n",
    HEADER "read 1\n1\nerror 8\nexited 0\n" SMAPS_RECORD "end 0\n\n",
    HEADER "read 1\n1\nerror 8\nexited 0\nerror 8\nexited 0\nend 0\n\n",
    HEADER "read 1\n1\ncomm 2\nx\n\n" SMAPS_RECORD "end 0\n\nx",   /* after the end */
    HEADER "read 1\n1\ncomm 2\nx\n\n" SMAPS_RECORD "end 1\nx\n",
    HEADER "read 1\n1\ncomm 2\nx\n\n" SMAPS_RECORD "sp 3\nxyz\nend 0\n\n",
    HEADER "read 1\n1\ncomm 2\nx\n\n" SMAPS_RECORD "sp 1\n0\nend 0\n\n",
    HEADER "read 1\n1\ncomm 2\nx\n\n" SMAPS_RECORD "sp 17\n12345678901234567\nend 0\n\n",
    HEADER "read 1\n1\ncomm 2\nx\n\n" SMAPS_RECORD "sp 4\n7FFF\nend 0\n\n",
    HEADER "read 1\n1\ncomm 2\nx\n\n" SMAPS_RECORD "task 3\n7 a\nend 0\n\n",            /* no sp before */
    HEADER "read 1\n1\ncomm 2\nx\n\n" SMAPS_RECORD "sp 4\n7fff\ntask 3\n7 a\ntask 3\n8 b\nend 0\n\n",
    HEADER "read 1\n1\ncomm 2\nx\n\n" SMAPS_RECORD "sp 4\n7fff\ntask 3\nabc\nend 0\n\n",
    HEADER "read 1\n1\ncomm 2\nx\n\n" SMAPS_RECORD "sp 4\n7fff\ntask 3\n0 a\nend 0\n\n",
    HEADER "read 1\n1\nerror 8\nboom 0 x\nend 0\n\n",       /* unknown error */
    HEADER "read 1\n1\nerror 4\ngone\nend 0\n\n",
    HEADER "read 1\n1\nerror 4\nio 0\nend 0\n\n",
    HEADER "read 1\n1\nerror 7\nio 9999\nend 0\n\n",
    HEADER "read 1\n1\nerror 9\nio 5 read\n",               /* no end */
    HEADER "read 0\n\nend 0\n\n",
    HEADER "read 2\n01\nend 0\n\n",
    HEADER "read 7\n4194305\nend 0\n\n",
    HEADER "read 2\n-1\nend 0\n\n",
    HEADER "read 1\n1\nowner 11\n99999999999\nend 0\n\n",
    HEADER "read 1\n1\nabcdefghijklmnopqrstuvwxyz 0\n\nend 0\n\n",
    HEADER "read 1\n1\ncomm 99999999999999999999999999999999\n",
    "\177ELF\002\001\001",
  };
  static const char *list_frames[] = {
    HEADER "list 0\n\ncomm 2\nx\n\nend 0\n\n",                 /* comm before proc */
    HEADER "list 0\n\nproc 7\n1 0 S 0\nend 0\n\n",
    HEADER "list 0\n\nproc 17\n1 0 S 0 1 2 3 4 5\nend 0\n\n",
    HEADER "list 0\n\nproc 15\n0 0 S 0 1 2 3 4\nend 0\n\n",
    HEADER "list 0\n\nproc 16\n1 0 SS 0 1 2 3 4\nend 0\n\n",
    HEADER "list 0\n\nproc 15\n1 0 S 2 1 2 3 4\nend 0\n\n",
    HEADER "list 0\n\nproc 16\n1 0 S 0 1 2 3 4 \nend 0\n\n",
    HEADER "list 0\n\nproc 15\n1 0 S 0 1 2 3 4\ncomm 2\nx\n\ncomm 2\nx\n\nend 0\n\n",
    HEADER "list 0\n\nerror 8\nexited 0\nend 0\n\n",
    HEADER "list 1\nx\nend 0\n\n",
    HEADER "read 1\n1\nend 0\n\n",
    HEADER "list 0\n\nproc 15\n1 0 S 0 1 2 3 4\n",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const char *good = HEADER "read 1\n1\nowner 1\n0\ncomm 2\nx\n\n" SMAPS_RECORD "sp 6\n401000\ncmdline 4\na\0b\0\nend 0\n\n";
  gsize good_length = strlen (HEADER "read 1\n1\nowner 1\n0\ncomm 2\nx\n\n" SMAPS_RECORD "sp 6\n401000\ncmdline 4\na") + 1 + 2 + strlen ("\nend 0\n\n");

  for (guint i = 0; i < G_N_ELEMENTS (read_frames); i++)
    {
      g_test_message ("read frame %u", i);
      assert_malformed_read (read_frames[i], strlen (read_frames[i]), 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (list_frames); i++)
    {
      g_test_message ("list frame %u", i);
      assert_malformed_list (list_frames[i], strlen (list_frames[i]));
    }

  /* A small frame that is whole, and the same about another PID. */
  snapshot = ms_privileged_parse_read (good, good_length, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (snapshot->n_regions, ==, 1);
  g_assert_cmpstr (snapshot->name, ==, "x");
  g_assert_cmpstr (snapshot->cmdline, ==, "a b");
  g_assert_cmpuint (snapshot->uid, ==, 0);
  assert_malformed_read (good, good_length, 2);

  list = ms_privileged_parse_list (HEADER "list 0\n\nproc 27\n7 1000 S 0 8192 4096 4096 0\n"
                                   "comm 5\nfake\n\ncmdline 6\nfake\0x\nend 0\n\n",
                                   strlen (HEADER "list 0\n\nproc 27\n7 1000 S 0 8192 4096 4096 0\n"
                                           "comm 5\nfake\n\ncmdline 6\nfake") + 1 + 1 + strlen ("\nend 0\n\n"),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((MsProcessInfo *) list->pdata[0])->pid, ==, 7);
  g_assert_cmpstr (((MsProcessInfo *) list->pdata[0])->name, ==, "fake");
  g_assert_cmpstr (((MsProcessInfo *) list->pdata[0])->cmdline, ==, "fake x");
  g_assert_cmpuint (((MsProcessInfo *) list->pdata[0])->rss, ==, 8192);
  g_assert_true (((MsProcessInfo *) list->pdata[0])->has_smaps);

  /* Random bytes, and random damage to a whole frame: an error or a
   * snapshot, never a crash. */
  for (guint i = 0; i < 3000; i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(MsSnapshot) s = NULL;
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      guint n = (guint) g_test_rand_int_range (0, 400);

      if (i % 2 == 0)
        {
          for (guint j = 0; j < n; j++)
            {
              guint8 b = (guint8) g_test_rand_int_range (0, 256);
              g_byte_array_append (bytes, &b, 1);
            }
          s = ms_privileged_parse_read ((const char *) bytes->data, bytes->len, 0, &e);
          g_assert_null (s);
          g_assert_error (e, MS_ERROR, MS_ERROR_MALFORMED);
        }
      else
        {
          guint at = (guint) g_test_rand_int_range (0, (gint32) good_length);
          guint8 b = (guint8) g_test_rand_int_range (0, 256);

          g_byte_array_append (bytes, (const guint8 *) good, (guint) good_length);
          switch (g_test_rand_int_range (0, 3))
            {
            case 0: bytes->data[at] = b; break;
            case 1: g_byte_array_remove_index (bytes, at); break;
            default:
              g_byte_array_set_size (bytes, bytes->len + 1);
              memmove (bytes->data + at + 1, bytes->data + at, bytes->len - at - 1);
              bytes->data[at] = b;
              break;
            }
          s = ms_privileged_parse_read ((const char *) bytes->data, bytes->len, 0, &e);
          g_assert_true ((s == NULL) != (e == NULL));
          if (e != NULL)
            g_assert_true (e->domain == MS_ERROR);
        }
    }
}

/* --- errors told in band ------------------------------------------------------------ */

/* The same MS_ERROR code and message from the helper as from ms_read_pid. */
static void
assert_same_error (int pid)
{
  g_auto(MsTestHelperRun) run = { 0 };
  g_autoptr(GError) direct_error = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (ms_read_pid (pid, NULL, &direct_error));
  g_assert_nonnull (direct_error);

  run_helper_read (pid, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_null (parse_run (&run, pid, &error));
  g_assert_error (error, MS_ERROR, direct_error->code);
  g_assert_cmpstr (error->message, ==, direct_error->message);
}

static void
test_in_band_errors (void)
{
  int kernel_thread = ms_test_find_kernel_thread ();
  pid_t zombie;
  int status;

  assert_same_error (ms_test_dead_pid ());

  if (kernel_thread != 0)
    assert_same_error (kernel_thread);
  else
    g_test_message ("no kernel thread is visible in this pid namespace");

  zombie = ms_test_start_zombie ();
  assert_same_error (zombie);
  waitpid (zombie, &status, 0);
}

static void
test_permission_denied (void)
{
  g_auto(MsTestHelperRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *args_pid = NULL;
  g_autofree char *comm = NULL;
  g_autofree char *expected = NULL;

  if (geteuid () != 0)
    {
      /* pid 1 belongs to root, and its map is closed to us */
      assert_same_error (1);
      return;
    }

  /* As root: the helper run as nobody reads this (root) process. */
  g_assert_true (g_file_get_contents ("/proc/self/comm", &comm, NULL, NULL));
  g_strchomp (comm);
  args_pid = g_strdup_printf ("%d", getpid ());
  {
    const char *args[] = { "read", args_pid, NULL };

    run_helper_full (args, TRUE, &run);
  }
  g_assert_cmpint (run.status, ==, 1);
  g_assert_null (parse_run (&run, getpid (), &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_PERMISSION_DENIED);
  expected = g_strdup_printf ("Permission denied: process %d (%s) belongs to root", getpid (), comm);
  g_assert_cmpstr (error->message, ==, expected);
}

/* --- the runner ---------------------------------------------------------------------- */

static MsSnapshot *
privileged_read (int            pid,
                 GCancellable  *cancellable,
                 GError       **error)
{
  GAsyncResult *result = NULL;
  MsSnapshot *snapshot;

  ms_privileged_read_pid_async (pid, cancellable, ms_test_keep_result, &result);
  ms_test_await (&result);
  snapshot = ms_privileged_read_pid_finish (result, error);
  g_object_unref (result);
  return snapshot;
}

static GPtrArray *
privileged_list (GError **error)
{
  GAsyncResult *result = NULL;
  GPtrArray *list;

  ms_privileged_list_async (NULL, ms_test_keep_result, &result);
  ms_test_await (&result);
  list = ms_privileged_list_finish (result, error);
  g_object_unref (result);
  return list;
}

static void
use_runner (const char *path)
{
  g_assert_true (g_setenv ("MEMSCAPE_PRIVILEGED_RUNNER", path, TRUE));
}

static void
test_runner (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *dir = g_dir_make_tmp ("memscape-runner-XXXXXX", NULL);
  g_autofree char *pass = ms_test_write_script (dir, "pass", "exec \"$@\"");
  g_autofree char *dismissed = ms_test_write_script (dir, "dismissed", "echo 'Error executing command as another user: Request dismissed' >&2\nexit 126");
  g_autofree char *refused = ms_test_write_script (dir, "refused", "echo 'Error executing command as another user: Not authorized' >&2\nexit 127");
  g_autofree char *refused_quietly = ms_test_write_script (dir, "refused-quietly", "exit 127");
  g_autofree char *no_agent = ms_test_write_script (dir, "no-agent", "echo 'Error executing command as another user: No authentication agent found.' >&2\nexit 127");
  g_autofree char *agent_dbus = ms_test_write_script (dir, "agent-dbus", "echo 'Error checking for authorization org.freedesktop.policykit.exec: GDBus.Error:org.freedesktop.PolicyKit1.Error.Failed: No session for cookie' >&2\nexit 127");
  g_autofree char *no_polkit = ms_test_write_script (dir, "no-polkit", "echo 'Error checking for authorization org.freedesktop.policykit.exec: GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.PolicyKit1 was not provided by any .service files' >&2\nexit 127");
  g_autofree char *garbage = ms_test_write_script (dir, "garbage", "echo hello");
  g_autofree char *garbage_wait = ms_test_write_script (dir, "garbage-wait", "echo hello\nexec sleep 60");
  g_autofree char *cut = ms_test_write_script (dir, "cut", "\"$@\" | head -c 300");
  g_autofree char *silent = ms_test_write_script (dir, "silent", "echo 'Portal call failed: org.freedesktop.DBus.Error.ServiceUnknown' >&2\nexit 1");
  g_autofree char *killed = ms_test_write_script (dir, "killed", "kill -9 $$");
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(MsSnapshot) direct = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  const MsProcessInfo *found;
  int gone = ms_test_dead_pid ();

  /* A runner that runs the helper as it is: a snapshot like the direct one. */
  use_runner (pass);
  snapshot = privileged_read (child->pid, NULL, &error);
  g_assert_no_error (error);
  direct = ms_read_pid (child->pid, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (snapshot->pid, ==, child->pid);
  g_assert_cmpstr (snapshot->name, ==, "ms-test-child");
  g_assert_cmpuint (snapshot->n_regions, ==, direct->n_regions);
  g_assert_cmpuint (snapshot->per_kind[MS_KIND_THREAD_STACK].count, ==, 2);
  g_assert_cmpuint (snapshot->per_kind[MS_KIND_BSS].count, ==, direct->per_kind[MS_KIND_BSS].count);

  list = privileged_list (&error);
  g_assert_no_error (error);
  found = find_pid (list, child->pid);
  g_assert_nonnull (found);
  g_assert_cmpstr (found != NULL ? found->name : NULL, ==, "ms-test-child");

  /* Errors of the process come back as from the direct reader. */
  {
    g_autoptr(GError) direct_error = NULL;

    g_assert_null (ms_read_pid (gone, NULL, &direct_error));
    g_assert_null (privileged_read (gone, NULL, &error));
    g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
    g_assert_cmpstr (error->message, ==, direct_error->message);
    g_clear_error (&error);
  }

  g_assert_null (privileged_read (0, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (privileged_read (4194305, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* pkexec's answers. */
  use_runner (dismissed);
  g_assert_null (privileged_read (child->pid, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_AUTH_DISMISSED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_null (privileged_list (&error));
  g_assert_error (error, MS_ERROR, MS_ERROR_AUTH_DISMISSED);
  g_clear_error (&error);

  use_runner (refused);
  g_assert_null (privileged_read (child->pid, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_NOT_AUTHORIZED);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  use_runner (refused_quietly);
  g_assert_null (privileged_list (&error));
  g_assert_error (error, MS_ERROR, MS_ERROR_NOT_AUTHORIZED);
  g_clear_error (&error);

  /* pkexec's other 127: it could not ask at all. Said plainly, with what
   * to do, not as pkexec's or D-Bus's words. */
  use_runner (no_agent);
  g_assert_null (privileged_read (child->pid, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "No authentication agent is running"));
  {
    g_autofree char *capture = g_strdup_printf ("sudo cat /proc/%d/smaps", (int) child->pid);

    g_assert_nonnull (strstr (error->message, capture));
  }
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);
  use_runner (agent_dbus);
  g_assert_null (privileged_read (child->pid, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "No authentication agent is running"));
  g_assert_null (strstr (error->message, "GDBus"));
  g_clear_error (&error);
  use_runner (no_polkit);
  g_assert_null (privileged_list (&error));
  g_assert_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED);
  g_assert_nonnull (strstr (error->message, "polkit, is not running"));
  g_assert_null (strstr (error->message, "GDBus"));
  g_assert_null (strstr (error->message, "/proc/"));
  g_clear_error (&error);
  g_assert_null (privileged_read (child->pid, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED);
  g_assert_nonnull (strstr (error->message, "polkit, is not running"));
  {
    g_autofree char *capture = g_strdup_printf ("sudo cat /proc/%d/smaps", (int) child->pid);

    g_assert_nonnull (strstr (error->message, capture));
  }
  g_clear_error (&error);

  /* Something else answered, or the answer was cut short. */
  use_runner (garbage);
  g_assert_null (privileged_read (child->pid, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_MALFORMED);
  g_clear_error (&error);

  /* … and what sent it is not waited for. */
  use_runner (garbage_wait);
  {
    gint64 start = g_get_monotonic_time ();

    g_assert_null (privileged_read (child->pid, NULL, &error));
    g_assert_error (error, MS_ERROR, MS_ERROR_MALFORMED);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
    g_clear_error (&error);
  }

  use_runner (cut);
  g_assert_null (privileged_read (child->pid, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "truncated"));
  g_clear_error (&error);
  g_assert_null (privileged_list (&error));
  g_assert_error (error, MS_ERROR, MS_ERROR_MALFORMED);
  g_clear_error (&error);

  /* Nothing could start: the runner's own words, on one line. */
  use_runner (silent);
  g_assert_null (privileged_read (child->pid, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED);
  g_assert_nonnull (strstr (error->message, "Portal call failed"));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);

  use_runner (killed);
  g_assert_null (privileged_read (child->pid, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED);
  g_assert_nonnull (strstr (error->message, "signal 9"));
  g_clear_error (&error);

  use_runner (missing);
  g_assert_null (privileged_read (child->pid, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED);
  g_clear_error (&error);

  g_unsetenv ("MEMSCAPE_PRIVILEGED_RUNNER");
  ms_test_child_stop (child);
  ms_test_remove_tree (dir);
}

/* --- a map that changed while the helper read it ------------------------------- */

static void
append_record (GString    *answer,
               const char *name,
               const char *payload)
{
  g_string_append_printf (answer, "%s %" G_GSIZE_FORMAT "\n%s\n", name, strlen (payload), payload);
}

/* A whole answer for @pid whose smaps has a region that overlaps the one
 * before it: a mapping merged with one already read, as the kernel shows it
 * when the map changes between two pages of smaps. */
static char *
torn_answer (int pid)
{
  GString *answer = g_string_new ("memscape-reader 1\n");
  g_autofree char *pid_text = g_strdup_printf ("%d", pid);
  g_autofree char *uid_text = g_strdup_printf ("%u", (guint) getuid ());

  append_record (answer, "read", pid_text);
  append_record (answer, "owner", uid_text);
  append_record (answer, "comm", "ms-test-child\n");
  append_record (answer, "smaps",
                 "00400000-00401000 r-xp 00000000 00:00 0 \nRss: 4 kB\n"
                 "00400000-00402000 r-xp 00000000 00:00 0 \nRss: 8 kB\n");
  append_record (answer, "end", "");
  return g_string_free (answer, FALSE);
}

/* Through the runner: the first @n_torn runs answer torn, the rest run the
 * helper; each run leaves a line in @count_file. */
static char *
write_torn_runner (const char *dir,
                   const char *answer_file,
                   const char *count_file,
                   guint       n_torn)
{
  g_autofree char *body = g_strdup_printf ("echo run >> '%s'\n"
                                           "if [ \"$(wc -l < '%s')\" -le %u ]; then exec cat '%s'; fi\n"
                                           "exec \"$@\"",
                                           count_file, count_file, n_torn, answer_file);

  return ms_test_write_script (dir, "torn", body);
}

static guint
count_runs (const char *count_file)
{
  g_autofree char *text = NULL;
  guint n = 0;

  if (!g_file_get_contents (count_file, &text, NULL, NULL))
    return 0;
  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  g_unlink (count_file);
  return n;
}

static void
test_torn_answer_asked_again (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *dir = g_dir_make_tmp ("memscape-runner-XXXXXX", NULL);
  g_autofree char *answer_file = g_build_filename (dir, "torn-answer", NULL);
  g_autofree char *count_file = g_build_filename (dir, "runs", NULL);
  g_autofree char *answer = torn_answer (child->pid);
  g_autoptr(MsSnapshot) direct = ms_read_pid (child->pid, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (direct);
  g_assert_true (g_file_set_contents (answer_file, answer, -1, NULL));

  /* The answer alone: whole, but no picture of the process. */
  g_assert_null (ms_privileged_parse_read (answer, strlen (answer), child->pid, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "changes too fast"));
  g_clear_error (&error);

  /* Torn twice, then the helper's own answer. */
  {
    g_autofree char *runner = write_torn_runner (dir, answer_file, count_file, 2);
    g_autoptr(MsSnapshot) snapshot = NULL;

    use_runner (runner);
    snapshot = privileged_read (child->pid, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (count_runs (count_file), ==, 3);
    g_assert_cmpstr (snapshot->name, ==, "ms-test-child");
    g_assert_cmpuint (snapshot->n_regions, ==, direct->n_regions);
    g_assert_cmpuint (snapshot->n_malformed, ==, 0);
    for (guint i = 1; i < snapshot->n_regions; i++)
      g_assert_cmphex (snapshot->regions[i].start, >=, snapshot->regions[i - 1].end);
  }

  /* Torn every time: 5 runs, then one line. */
  {
    g_autofree char *runner = write_torn_runner (dir, answer_file, count_file, 1000);
    g_autofree char *expected = g_strdup_printf ("Process %d (ms-test-child) changes too fast to be read: "
                                                 "its memory map changed while it was being read, at every try",
                                                 child->pid);

    use_runner (runner);
    g_assert_null (privileged_read (child->pid, NULL, &error));
    g_assert_error (error, MS_ERROR, MS_ERROR_IO);
    g_assert_cmpstr (error->message, ==, expected);
    g_assert_cmpuint (count_runs (count_file), ==, 5);
    g_clear_error (&error);
  }

  /* The helper's own answers about a process that changes 20 times a
   * second, merging and splitting mappings: each snapshot sorted and
   * without overlaps (see /memscape/reader/restless-reads-consistent). */
  {
    g_autofree char *pass = ms_test_write_script (dir, "pass", "exec \"$@\"");
    int stdin_fd;
    GPid restless = ms_test_bench_child_start (28000, "restless", &stdin_fd);
    guint n_read = 0;

    use_runner (pass);
    for (guint i = 0; i < 12; i++)
      {
        g_autoptr(MsSnapshot) snapshot = privileged_read (restless, NULL, &error);

        if (snapshot == NULL)
          {
            g_assert_error (error, MS_ERROR, MS_ERROR_IO);
            g_assert_nonnull (strstr (error->message, "changes too fast"));
            g_clear_error (&error);
            continue;
          }
        g_assert_cmpuint (snapshot->n_regions, >=, 20000);
        g_assert_cmpuint (snapshot->n_malformed, ==, 0);
        for (guint r = 1; r < snapshot->n_regions; r++)
          g_assert_cmphex (snapshot->regions[r].start, >=, snapshot->regions[r - 1].end);
        n_read++;
      }
    g_test_message ("%u of 12 reads through the helper consistent", n_read);
    g_assert_cmpuint (n_read, >=, 3);
    ms_test_bench_child_stop (restless, stdin_fd);
  }

  g_unsetenv ("MEMSCAPE_PRIVILEGED_RUNNER");
  ms_test_child_stop (child);
  ms_test_remove_tree (dir);
}

/* A runner that waits (pkexec showing its dialog): cancelling ends the wait
 * at once, and the runner with it. */
static void
test_runner_cancel (void)
{
  g_autofree char *dir = g_dir_make_tmp ("memscape-runner-XXXXXX", NULL);
  g_autofree char *slow = ms_test_write_script (dir, "slow", "exec sleep 60");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  gint64 start;

  use_runner (slow);

  /* Cancelled before it starts. */
  g_cancellable_cancel (cancellable);
  g_assert_null (privileged_read (getpid (), cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cancelled while the runner waits. */
  g_cancellable_reset (cancellable);
  start = g_get_monotonic_time ();
  ms_privileged_read_pid_async (getpid (), cancellable, ms_test_keep_result, &result);
  g_timeout_add_once (200, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  ms_test_await (&result);
  g_assert_null (ms_privileged_read_pid_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_clear_object (&result);

  g_unsetenv ("MEMSCAPE_PRIVILEGED_RUNNER");
  ms_test_remove_tree (dir);
}

/* The command lines: pkexec; in Flatpak flatpak-spawn --host pkexec with the
 * host's path of the app's helper; a test runner in front of the helper. */
static void
test_argv (void)
{
  g_autofree char *dir = g_dir_make_tmp ("memscape-flatpak-XXXXXX", NULL);
  g_autofree char *info = g_build_filename (dir, "flatpak-info", NULL);
  g_autofree char *bad_info = g_build_filename (dir, "bad-flatpak-info", NULL);
  g_autofree char *absent = g_build_filename (dir, "absent", NULL);
  g_autofree char *helper = helper_path ();
  g_autofree char *saved = g_strdup (g_getenv ("MEMSCAPE_READER"));
  const char *read_request[] = { "read", "42", NULL };
  const char *list_request[] = { "list", NULL };
  g_autofree char *host_helper = g_build_filename ("/var/lib/flatpak/app/io.github.memscape.Memscape/x86_64/stable/abc/files",
                                                   g_str_has_prefix (LIBEXECDIR, "/app/") ? &LIBEXECDIR[5] : "libexec",
                                                   "memscape-reader", NULL);
  MsPrivilegedLauncher launcher;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;

  g_assert_true (g_file_set_contents (info,
                                      "[Application]\nname=io.github.memscape.Memscape\n\n"
                                      "[Instance]\ninstance-id=1234\n"
                                      "app-path=/var/lib/flatpak/app/io.github.memscape.Memscape/x86_64/stable/abc/files\n",
                                      -1, NULL));
  g_assert_true (g_file_set_contents (bad_info, "[Application]\nname=x\n", -1, NULL));
  g_unsetenv ("MEMSCAPE_PRIVILEGED_RUNNER");

  /* The helper path: $MEMSCAPE_READER for tests, else the installed one. */
  {
    g_autofree char *path = ms_privileged_helper_path ();
    g_autofree char *installed = NULL;

    g_assert_cmpstr (path, ==, helper);
    g_unsetenv ("MEMSCAPE_READER");
    installed = ms_privileged_helper_path ();
    g_assert_cmpstr (installed, ==, LIBEXECDIR "/memscape-reader");
    g_setenv ("MEMSCAPE_READER", saved, TRUE);
  }

  /* As administrator: pkexec, or on the host through flatpak-spawn. */
  argv = _ms_privileged_build_argv (absent, TRUE, read_request, &launcher, &error);
  g_assert_no_error (error);
  g_assert_cmpint (launcher, ==, MS_PRIVILEGED_LAUNCHER_PKEXEC);
  g_assert_cmpuint (g_strv_length (argv), ==, 4);
  g_assert_cmpstr (argv[0], ==, "pkexec");
  g_assert_cmpstr (argv[1], ==, helper);
  g_assert_true (g_path_is_absolute (argv[1]));
  g_assert_cmpstr (argv[2], ==, "read");
  g_assert_cmpstr (argv[3], ==, "42");
  g_clear_pointer (&argv, g_strfreev);

  argv = _ms_privileged_build_argv (info, TRUE, list_request, &launcher, &error);
  g_assert_no_error (error);
  g_assert_cmpint (launcher, ==, MS_PRIVILEGED_LAUNCHER_FLATPAK_SPAWN);
  g_assert_cmpuint (g_strv_length (argv), ==, 5);
  g_assert_cmpstr (argv[0], ==, "flatpak-spawn");
  g_assert_cmpstr (argv[1], ==, "--host");
  g_assert_cmpstr (argv[2], ==, "pkexec");
  g_assert_cmpstr (argv[3], ==, host_helper);
  g_assert_cmpstr (argv[4], ==, "list");
  g_clear_pointer (&argv, g_strfreev);

  /* As this user: the host's processes from inside Flatpak, without pkexec. */
  argv = _ms_privileged_build_argv (info, FALSE, read_request, &launcher, &error);
  g_assert_no_error (error);
  g_assert_cmpint (launcher, ==, MS_PRIVILEGED_LAUNCHER_FLATPAK_SPAWN);
  g_assert_cmpuint (g_strv_length (argv), ==, 5);
  g_assert_cmpstr (argv[0], ==, "flatpak-spawn");
  g_assert_cmpstr (argv[1], ==, "--host");
  g_assert_cmpstr (argv[2], ==, host_helper);
  g_assert_cmpstr (argv[3], ==, "read");
  g_assert_cmpstr (argv[4], ==, "42");
  g_clear_pointer (&argv, g_strfreev);

  argv = _ms_privileged_build_argv (absent, FALSE, list_request, &launcher, &error);
  g_assert_no_error (error);
  g_assert_cmpint (launcher, ==, MS_PRIVILEGED_LAUNCHER_DIRECT);
  g_assert_cmpuint (g_strv_length (argv), ==, 2);
  g_assert_cmpstr (argv[0], ==, helper);
  g_clear_pointer (&argv, g_strfreev);

  g_assert_null (_ms_privileged_build_argv (bad_info, TRUE, list_request, &launcher, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED);
  g_clear_error (&error);

  /* The test runner stands for pkexec, here and in Flatpak alike. */
  use_runner ("/bin/runner");
  argv = _ms_privileged_build_argv (info, TRUE, read_request, &launcher, &error);
  g_assert_no_error (error);
  g_assert_cmpint (launcher, ==, MS_PRIVILEGED_LAUNCHER_RUNNER);
  g_assert_cmpuint (g_strv_length (argv), ==, 4);
  g_assert_cmpstr (argv[0], ==, "/bin/runner");
  g_assert_cmpstr (argv[1], ==, helper);
  g_assert_cmpstr (argv[2], ==, "read");
  g_clear_pointer (&argv, g_strfreev);
  g_unsetenv ("MEMSCAPE_PRIVILEGED_RUNNER");

  /* A helper that is not there is said so, before anything runs. */
  g_setenv ("MEMSCAPE_READER", absent, TRUE);
  g_assert_null (_ms_privileged_build_argv (absent, TRUE, read_request, &launcher, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED);
  g_clear_error (&error);
  g_setenv ("MEMSCAPE_READER", saved, TRUE);

  ms_test_remove_tree (dir);
}

/* Outside Flatpak this user's processes come from the local /proc. */
static void
test_host_outside_flatpak (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(MsSource) source = NULL;
  const MsProcessInfo *found;

  if (ms_privileged_is_sandboxed ())
    {
      g_test_skip ("running inside Flatpak");
      ms_test_child_stop (child);
      return;
    }

  source = ms_source_new_default ();
  g_assert_true (MS_IS_LOCAL_SOURCE (source));
  g_assert_cmpint (ms_source_get_kind (source), ==, MS_SOURCE_KIND_LOCAL);
  g_assert_true (ms_source_is_live (source));
  g_assert_null (ms_source_get_title_suffix (source));

  snapshot = ms_test_read_through (source, child->pid, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (snapshot->name, ==, "ms-test-child");
  g_assert_cmpuint (snapshot->per_kind[MS_KIND_THREAD_STACK].count, ==, 2);

  g_assert_null (ms_test_read_through (source, ms_test_dead_pid (), NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS);
  g_clear_error (&error);

  list = ms_test_list_through (source, &error);
  g_assert_no_error (error);
  found = find_pid (list, child->pid);
  g_assert_nonnull (found);
  g_assert_cmpstr (found != NULL ? found->name : NULL, ==, "ms-test-child");

  ms_test_child_stop (child);
}

/* The figures of each refresh through the helper: from the full read's
 * snapshot, then from the files its probe sent (a quiet refresh gives the
 * same snapshot back, with the figures of now). No page faults: the
 * helper sends no stat. */
static void
test_helper_figures (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autofree char *dir = g_dir_make_tmp ("memscape-runner-XXXXXX", NULL);
  g_autofree char *pass = ms_test_write_script (dir, "pass", "exec \"$@\"");
  g_autofree char *rollup_path = g_strdup_printf ("/proc/%d/smaps_rollup", child->pid);
  g_autofree char *status_path = g_strdup_printf ("/proc/%d/status", child->pid);
  g_autofree char *rollup = NULL;
  g_autofree char *status = NULL;
  g_autoptr(MsSource) source = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MsSnapshot) first = NULL;
  g_autoptr(MsSnapshot) again = NULL;
  g_autoptr(GError) error = NULL;
  guint64 pss_before, pss_after;
  MsFigures figures;

  use_runner (pass);
  source = ms_source_new_administrator ();

  ms_source_read_async (source, child->pid, NULL, NULL, ms_test_keep_result, &result);
  ms_test_await (&result);
  first = ms_source_read_finish (source, result, &error);
  g_assert_no_error (error);
  g_assert_true (ms_source_read_get_figures (source, result, &figures));
  g_assert_cmpuint (figures.present, ==, MS_FIGURES_TOTALS | MS_FIGURES_STATUS);
  g_assert_cmpuint (figures.pss, ==, first->total.pss);
  g_assert_cmpuint (figures.threads, ==, 3);
  g_clear_object (&result);

  /* (PSS moves as other processes map or drop the same pages: it is read
   * before and after, and the helper's is about the same: within 2 %.) */
  g_assert_true (g_file_get_contents (rollup_path, &rollup, NULL, NULL));
  pss_before = ms_proc_find_kb (rollup, "\nPss:");
  g_clear_pointer (&rollup, g_free);
  ms_source_read_async (source, child->pid, first, NULL, ms_test_keep_result, &result);
  ms_test_await (&result);
  again = ms_source_read_finish (source, result, &error);
  g_assert_no_error (error);
  g_assert_true (again == first);
  g_assert_true (g_file_get_contents (rollup_path, &rollup, NULL, NULL));
  g_assert_true (g_file_get_contents (status_path, &status, NULL, NULL));
  pss_after = ms_proc_find_kb (rollup, "\nPss:");
  g_assert_true (ms_source_read_get_figures (source, result, &figures));
  g_assert_cmpuint (figures.present, ==, MS_FIGURES_TOTALS | MS_FIGURES_STATUS);
  g_assert_cmpuint (figures.pss, >=, MIN (pss_before, pss_after) - MIN (pss_before, pss_after) / 50);
  g_assert_cmpuint (figures.pss, <=, MAX (pss_before, pss_after) + MAX (pss_before, pss_after) / 50);
  g_assert_cmpuint (figures.rss_anon, ==, ms_proc_find_kb (status, "\nRssAnon:"));
  g_assert_cmpuint (figures.vss, ==, ms_proc_find_kb (status, "\nVmSize:"));
  g_assert_cmpuint (figures.threads, ==, 3);

  g_unsetenv ("MEMSCAPE_PRIVILEGED_RUNNER");
  ms_test_remove_tree (dir);
  ms_test_child_stop (child);
}

/* Inside Flatpak, end to end: a fake /.flatpak-info whose app-path holds the
 * helper, and stand-ins for flatpak-spawn and pkexec first in PATH. */
static void
test_flatpak (void)
{
  MsTestChild *child = ms_test_child_start ();
  MsTestSandbox sandbox = { 0 };
  g_autofree char *spawn = NULL;
  g_autofree char *pkexec = NULL;
  g_autofree char *logged = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(MsSource) source = NULL;
  MsSnapshot *snapshot;

  ms_test_sandbox_set_up (&sandbox, NULL);
  spawn = ms_test_sandbox_set_flatpak_spawn (&sandbox, TRUE);
  {
    g_autofree char *pk_body = g_strdup_printf ("echo \"pkexec $*\" >> '%s'\nexec \"$@\"", sandbox.log);

    pkexec = ms_test_write_script (sandbox.bin, "pkexec", pk_body);
  }

  /* The host's view as this user: flatpak-spawn --host HELPER, chosen once
   * where the source is made. */
  source = ms_source_new_default ();
  g_assert_true (MS_IS_HELPER_SOURCE (source));
  g_assert_cmpint (ms_source_get_kind (source), ==, MS_SOURCE_KIND_HOST);
  list = ms_test_list_through (source, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_pid (list, child->pid));

  snapshot = ms_test_read_through (source, child->pid, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (snapshot->name, ==, "ms-test-child");
  ms_snapshot_unref (snapshot);

  /* As administrator: flatpak-spawn --host pkexec HELPER. */
  snapshot = privileged_read (child->pid, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (snapshot->per_kind[MS_KIND_THREAD_STACK].count, ==, 2);
  ms_snapshot_unref (snapshot);

  g_assert_true (g_file_get_contents (sandbox.log, &logged, NULL, NULL));
  {
    g_autofree char *expected = g_strdup_printf ("flatpak-spawn --host %s list\n"
                                                 "flatpak-spawn --host %s read %d\n"
                                                 "flatpak-spawn --host pkexec %s read %d\n"
                                                 "pkexec %s read %d\n",
                                                 sandbox.host_helper, sandbox.host_helper, child->pid,
                                                 sandbox.host_helper, child->pid, sandbox.host_helper, child->pid);

    g_assert_cmpstr (logged, ==, expected);
  }

  /* The helper cannot start on the host: said so, plainly, on one line. */
  g_unlink (spawn);
  g_free (ms_test_sandbox_set_flatpak_spawn (&sandbox, FALSE));
  g_assert_null (ms_test_list_through (source, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "The reader could not be started on the host: Portal call failed"));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);

  g_assert_null (privileged_read (child->pid, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED);
  g_clear_error (&error);

  /* … and without flatpak-spawn at all. */
  g_unlink (spawn);
  g_setenv ("PATH", sandbox.bin, TRUE);
  g_assert_null (privileged_read (child->pid, NULL, &error));
  g_assert_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "The reader could not be started on the host"));
  g_clear_error (&error);

  ms_test_sandbox_tear_down (&sandbox, NULL);
  ms_test_child_stop (child);
}

/* --- the helper's output and its build ------------------------------------------- */

static void
default_sigpipe (gpointer user_data)
{
  /* what a shell or a caller that has not touched it gives */
  signal (SIGPIPE, SIG_DFL);
}

/* Runs `memscape-reader read PID` with stdout and stderr on pipes whose
 * descriptors are given back; stdout's pipe holds one page only. */
static GPid
spawn_helper_read (int  pid,
                   int *out_fd,
                   int *err_fd,
                   int  out_flags)
{
  g_autofree char *helper = helper_path ();
  g_autofree char *pid_text = g_strdup_printf ("%d", pid);
  char *argv[] = { helper, (char *) "read", pid_text, NULL };
  const char *empty_env[] = { NULL };
  g_autoptr(GError) error = NULL;
  int out_pipe[2], err_pipe[2];
  GPid helper_pid;

  g_assert_cmpint (pipe2 (out_pipe, O_CLOEXEC), ==, 0);
  g_assert_cmpint (pipe2 (err_pipe, O_CLOEXEC), ==, 0);
  g_assert_cmpint (fcntl (out_pipe[1], F_SETPIPE_SZ, 4096), >=, 4096);
  /* status flags belong to the pipe's open file, which the helper shares */
  g_assert_cmpint (fcntl (out_pipe[1], F_SETFL, out_flags), ==, 0);

  g_spawn_async_with_fds (NULL, argv, g_getenv ("ASAN_OPTIONS") != NULL ? NULL : (char **) empty_env,
                          G_SPAWN_DO_NOT_REAP_CHILD, default_sigpipe, NULL, &helper_pid,
                          -1, out_pipe[1], err_pipe[1], &error);
  g_assert_no_error (error);
  close (out_pipe[1]);
  close (err_pipe[1]);
  *out_fd = out_pipe[0];
  *err_fd = err_pipe[0];
  return helper_pid;
}

static char *
read_to_end (int fd)
{
  GString *text = g_string_new (NULL);
  char buffer[4096];
  ssize_t n;

  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (text, buffer, n);
  close (fd);
  return g_string_free (text, FALSE);
}

/* stdout set non-blocking by the caller (a pipe's flags are shared), and
 * read slowly: the helper waits for room and writes its whole answer. */
static void
test_nonblocking_stdout (void)
{
  int stdin_fd, out_fd, err_fd, status;
  GPid big = ms_test_bench_child_start (3000, NULL, &stdin_fd);
  GPid helper = spawn_helper_read (big, &out_fd, &err_fd, O_NONBLOCK);
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  guint n_reads = 0;
  char piece[4096];
  ssize_t n;

  /* the pipe fills at once; then a page at a time, a millisecond apart */
  g_usleep (100 * 1000);
  while ((n = read (out_fd, piece, sizeof piece)) > 0)
    {
      g_byte_array_append (answer, (guint8 *) piece, (guint) n);
      n_reads++;
      g_usleep (1000);
    }
  close (out_fd);
  err = read_to_end (err_fd);
  g_assert_cmpint (waitpid (helper, &status, 0), ==, helper);
  g_spawn_close_pid (helper);

  g_test_message ("%u bytes in %u reads", answer->len, n_reads);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpuint (n_reads, >, 100);
  snapshot = ms_privileged_parse_read ((const char *) answer->data, answer->len, big, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (snapshot->n_regions, >=, 3000);

  ms_test_bench_child_stop (big, stdin_fd);
}

/* A reader that closes the pipe after the first bytes ends the helper with
 * its exit status for an unwritable stdout, quietly, not by SIGPIPE. */
static void
test_reader_closes_early (void)
{
  int stdin_fd, out_fd, err_fd, status;
  GPid big = ms_test_bench_child_start (3000, NULL, &stdin_fd);
  GPid helper = spawn_helper_read (big, &out_fd, &err_fd, 0);
  g_autofree char *err = NULL;
  char header[64];

  g_assert_cmpint (read (out_fd, header, sizeof header), >, 0);
  g_assert_true (g_str_has_prefix (header, "memscape-reader 1\n"));
  close (out_fd);
  err = read_to_end (err_fd);
  g_assert_cmpint (waitpid (helper, &status, 0), ==, helper);
  g_spawn_close_pid (helper);

  if (WIFSIGNALED (status))
    g_error ("the helper was killed by signal %d (%s)", WTERMSIG (status), g_strsignal (WTERMSIG (status)));
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 3);
  g_assert_cmpstr (err, ==, "");

  ms_test_bench_child_stop (big, stdin_fd);
}

static char *
run_readelf (const char *option,
             const char *path)
{
  const char *argv[] = { "readelf", "-W", option, path, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The producer (the compiler and its code-generation options) of the
 * compile unit of memscape-reader.c, or NULL without debugging information. */
static char *
helper_producer (const char *path)
{
  g_autofree char *info = run_readelf ("--debug-dump=info", path);
  g_auto(GStrv) units = g_strsplit (info, "Compilation Unit @", -1);

  for (guint i = 0; units[i] != NULL; i++)
    {
      const char *producer = strstr (units[i], "DW_AT_producer");
      const char *name = strstr (units[i], "DW_AT_name");

      if (producer != NULL && name != NULL && strstr (name, "memscape-reader.c") != NULL)
        return g_strndup (producer, strcspn (producer, "\n"));
    }
  return NULL;
}

/* A symbol of a checked libc call (__memcpy_chk, __read_chk@GLIBC_2.4 …):
 * only code built with _FORTIFY_SOURCE calls them, and a static link takes
 * in only what is called. (Not __chk_fail nor __stack_chk_fail; nor the
 * variants of one for each processor, __memcpy_chk_erms.) */
static gboolean
has_checked_call (const char *symbols)
{
  return g_regex_match_simple ("\\s__[a-z0-9]+_chk(@|\\s|$)", symbols, G_REGEX_MULTILINE, 0);
}

/* The helper runs as root: the hardening its build asks for
 * (MEMSCAPE_READER_HARDENING, from src/reader-helper/meson.build) is in it. */
static void
test_helper_hardening (void)
{
  g_autofree char *helper = helper_path ();
  const char *hardening = g_getenv ("MEMSCAPE_READER_HARDENING");
  g_auto(GStrv) wanted = g_strsplit (hardening != NULL ? hardening : "", " ", -1);
  g_autofree char *dynamic = run_readelf ("--dynamic", helper);
  g_autofree char *segments = run_readelf ("--program-headers", helper);
  g_autofree char *header = run_readelf ("--file-header", helper);
  g_autofree char *symbols = run_readelf ("--syms", helper);
  g_autofree char *producer = helper_producer (helper);

  g_assert_nonnull (hardening);
  g_test_message ("%s: %s", helper, hardening);
  if (producer != NULL)
    g_test_message ("%s", producer);
  else
    g_test_message ("no debugging information: the compiler's options cannot be checked");

  for (guint i = 0; wanted[i] != NULL; i++)
    {
      const char *what = wanted[i];

      if (g_str_equal (what, "bind-now"))
        g_assert_true (strstr (dynamic, "BIND_NOW") != NULL ||
                       (strstr (dynamic, "(FLAGS_1)") != NULL && strstr (dynamic, " NOW") != NULL));
      else if (g_str_equal (what, "relro"))
        g_assert_nonnull (strstr (segments, "GNU_RELRO"));
      else if (g_str_equal (what, "pie"))
        g_assert_nonnull (strstr (header, "DYN (Position-Independent Executable"));
      else if (g_str_equal (what, "stack-protector"))
        {
          g_assert_nonnull (strstr (symbols, "__stack_chk_fail"));
          if (producer != NULL)
            g_assert_nonnull (strstr (producer, "-fstack-protector-strong"));
        }
      else if (g_str_equal (what, "stack-clash-protection"))
        {
          if (producer != NULL)
            g_assert_nonnull (strstr (producer, "-fstack-clash-protection"));
        }
      else if (g_str_equal (what, "fortify"))
        g_assert_true (has_checked_call (symbols));
      else if (*what != '\0')
        g_error ("unknown hardening “%s”", what);
    }

  /* what every build of it has, whatever else it may lack */
  g_assert_nonnull (strstr (hardening, "bind-now"));
  g_assert_nonnull (strstr (hardening, "relro"));
  g_assert_nonnull (strstr (hardening, "stack-protector"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/privileged/helper-arguments", test_helper_arguments);
  g_test_add_func ("/memscape/privileged/helper-frame", test_helper_frame);
  g_test_add_func ("/memscape/privileged/read-matches-direct", test_read_matches_direct);
  g_test_add_func ("/memscape/privileged/list", test_list);
  g_test_add_func ("/memscape/privileged/truncated", test_truncated);
  g_test_add_func ("/memscape/privileged/wrong-version", test_wrong_version);
  g_test_add_func ("/memscape/privileged/garbage", test_garbage);
  g_test_add_func ("/memscape/privileged/in-band-errors", test_in_band_errors);
  g_test_add_func ("/memscape/privileged/permission-denied", test_permission_denied);
  g_test_add_func ("/memscape/privileged/nonblocking-stdout", test_nonblocking_stdout);
  g_test_add_func ("/memscape/privileged/reader-closes-early", test_reader_closes_early);
  g_test_add_func ("/memscape/privileged/helper-hardening", test_helper_hardening);
  g_test_add_func ("/memscape/privileged/runner", test_runner);
  g_test_add_func ("/memscape/privileged/runner-cancel", test_runner_cancel);
  g_test_add_func ("/memscape/privileged/torn-answer-asked-again", test_torn_answer_asked_again);
  g_test_add_func ("/memscape/privileged/argv", test_argv);
  g_test_add_func ("/memscape/privileged/host-outside-flatpak", test_host_outside_flatpak);
  g_test_add_func ("/memscape/privileged/flatpak", test_flatpak);
  g_test_add_func ("/memscape/privileged/helper-figures", test_helper_figures);

  return g_test_run ();
}
