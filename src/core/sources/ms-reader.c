/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-reader"

#include "config.h"

#include "ms-reader.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ms-chunk-reader.h"
#include "ms-classify.h"
#include "ms-error.h"
#include "ms-maps-parser.h"
#include "ms-probe.h"
#include "ms-proc.h"
#include "ms-process-list.h"
#include "ms-reader-private.h"
#include "ms-snapshot-private.h"
#include "ms-text.h"

#define MAX_CAPTURE_SIZE MS_PROC_MAX_READ

gboolean
ms_parse_pid (const char  *text,
              int         *pid,
              GError     **error)
{
  guint64 value = 0;

  if (text == NULL || *text == '\0' ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT, &value, NULL))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a process ID: give a positive whole number"),
                   text != NULL ? text : "");
      return FALSE;
    }

  *pid = (int) value;
  return TRUE;
}

void
_ms_reader_set_error (GError        **error,
                      MsReadFailure   failure,
                      int             pid,
                      const char     *name,
                      uid_t           owner,
                      int             saved_errno)
{
  /* a process's name is bytes, not UTF-8: the message is shown and printed */
  g_autofree char *shown = ms_display_text (name != NULL && *name != '\0' ? name : "?", -1);

  switch (failure)
    {
    case MS_READ_FAILURE_GONE:
      g_set_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS,
                   _("There is no process with ID %d"), pid);
      break;

    case MS_READ_FAILURE_EXITED:
      g_set_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS,
                   _("Process %d exited while it was being read"), pid);
      break;

    case MS_READ_FAILURE_ZOMBIE:
      g_set_error (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS,
                   _("Process %d (%s) has exited and holds no memory (a zombie)"),
                   pid, shown);
      break;

    case MS_READ_FAILURE_KERNEL_THREAD:
      g_set_error (error, MS_ERROR, MS_ERROR_KERNEL_THREAD,
                   _("Process %d (%s) is a kernel thread: it has no user address space"),
                   pid, shown);
      break;

    case MS_READ_FAILURE_DENIED:
      {
        g_autofree char *user = ms_proc_user_name (owner);

        g_set_error (error, MS_ERROR, MS_ERROR_PERMISSION_DENIED,
                     _("Permission denied: process %d (%s) belongs to %s"),
                     pid, shown, *user ? user : _("another user"));
      }
      break;

    case MS_READ_FAILURE_CHANGING:
      g_set_error (error, MS_ERROR, MS_ERROR_IO,
                   _("Process %d (%s) changes too fast to be read: its memory map changed while it was being read, at every try"),
                   pid, shown);
      break;

    case MS_READ_FAILURE_IO:
    default:
      g_set_error (error, MS_ERROR, MS_ERROR_IO,
                   _("Could not read process %d: %s"), pid, g_strerror (saved_errno));
      break;
    }
}

/* A failed open or read of a file under /proc/PID, which was open: the
 * process is gone (even when its PID has been given to another process
 * since), or the kernel refused, or something else went wrong. */
static void
set_errno_error (GError     **error,
                 int          pid,
                 const char  *name,
                 uid_t        owner,
                 int          saved_errno)
{
  if (saved_errno == ENOENT || saved_errno == ESRCH)
    _ms_reader_set_error (error, MS_READ_FAILURE_EXITED, pid, name, owner, saved_errno);
  else if (saved_errno == EACCES || saved_errno == EPERM)
    _ms_reader_set_error (error, MS_READ_FAILURE_DENIED, pid, name, owner, saved_errno);
  else
    _ms_reader_set_error (error, MS_READ_FAILURE_IO, pid, name, owner, saved_errno);
}

static gboolean
check_pid (int      pid,
           GError **error)
{
  if (pid > 0)
    return TRUE;

  g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
               _("“%d” is not a process ID: give a positive whole number"), pid);
  return FALSE;
}

/* Opens /proc/PID, through which every file of the process is then read;
 * *owner is the uid that owns it. -1 with @error set when there is no such
 * process or it cannot be opened. */
static int
open_process (int      pid,
              uid_t   *owner,
              GError **error)
{
  struct stat st;
  int saved_errno;
  int dir = ms_proc_open_pid (pid, &saved_errno);

  if (dir < 0)
    {
      if (saved_errno == ENOENT || saved_errno == ESRCH)
        _ms_reader_set_error (error, MS_READ_FAILURE_GONE, pid, NULL, (uid_t) -1, saved_errno);
      else
        set_errno_error (error, pid, NULL, (uid_t) -1, saved_errno);
      return -1;
    }

  *owner = fstat (dir, &st) == 0 ? st.st_uid : (uid_t) -1;
  return dir;
}

void
_ms_reader_parse_status (const char *text,
                         MsStatus   *status,
                         uid_t      *uid)
{
  static const struct {
    const char *name;
    gsize       offset;
  } fields[] = {
    { "VmPeak:", G_STRUCT_OFFSET (MsStatus, vm_peak) },
    { "VmSize:", G_STRUCT_OFFSET (MsStatus, vm_size) },
    { "VmLck:", G_STRUCT_OFFSET (MsStatus, vm_lck) },
    { "VmPin:", G_STRUCT_OFFSET (MsStatus, vm_pin) },
    { "VmHWM:", G_STRUCT_OFFSET (MsStatus, vm_hwm) },
    { "VmRSS:", G_STRUCT_OFFSET (MsStatus, vm_rss) },
    { "RssAnon:", G_STRUCT_OFFSET (MsStatus, rss_anon) },
    { "RssFile:", G_STRUCT_OFFSET (MsStatus, rss_file) },
    { "RssShmem:", G_STRUCT_OFFSET (MsStatus, rss_shmem) },
    { "VmData:", G_STRUCT_OFFSET (MsStatus, vm_data) },
    { "VmStk:", G_STRUCT_OFFSET (MsStatus, vm_stk) },
    { "VmExe:", G_STRUCT_OFFSET (MsStatus, vm_exe) },
    { "VmLib:", G_STRUCT_OFFSET (MsStatus, vm_lib) },
    { "VmPTE:", G_STRUCT_OFFSET (MsStatus, vm_pte) },
    { "VmSwap:", G_STRUCT_OFFSET (MsStatus, vm_swap) },
  };
  const char *line = text;

  while (line != NULL && *line != '\0')
    {
      const char *next = strchr (line, '\n');

      if (line[0] == 'V' || line[0] == 'R')
        {
          for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
            {
              gsize len = strlen (fields[i].name);

              if (strncmp (line, fields[i].name, len) == 0)
                {
                  guint64 kb = g_ascii_strtoull (line + len, NULL, 10);

                  G_STRUCT_MEMBER (guint64, status, fields[i].offset) = kb * 1024;
                  break;
                }
            }
        }
      else if (strncmp (line, "Threads:", 8) == 0)
        {
          status->threads = (guint) g_ascii_strtoull (line + 8, NULL, 10);
        }
      else if (strncmp (line, "Uid:", 4) == 0)
        {
          char *end = NULL;

          /* real, then effective: the owner as ps(1) shows it is the effective one */
          g_ascii_strtoull (line + 4, &end, 10);
          if (end != NULL)
            *uid = (uid_t) g_ascii_strtoull (end, NULL, 10);
        }

      line = next != NULL ? next + 1 : NULL;
    }
}

/* A copy of the whole file, NUL bytes included, plus a terminating NUL. */
char *
_ms_reader_read_small_text (int         dir,
                            const char *name,
                            GByteArray *buffer,
                            gsize      *length,
                            int        *saved_errno)
{
  char *copy;

  if (!ms_proc_read_at (dir, name, buffer, saved_errno))
    return NULL;

  copy = g_malloc (buffer->len + 1);
  memcpy (copy, buffer->data, buffer->len);
  copy[buffer->len] = '\0';
  if (length != NULL)
    *length = buffer->len;
  return copy;
}

/* Every thread but the main one: its stack pointer, TID and name (interned
 * in @strings). */
GArray *
_ms_reader_read_threads (int           dir,
                         int           pid,
                         GByteArray   *buffer,
                         GStringChunk *strings)
{
  GArray *threads = g_array_new (FALSE, FALSE, sizeof (MsThread));
  struct dirent *entry;
  DIR *task_dir;
  int saved_errno;
  int task = ms_proc_open_at (dir, "task", O_RDONLY | O_DIRECTORY, &saved_errno);

  if (task < 0)
    return threads;
  task_dir = fdopendir (task);
  if (task_dir == NULL)
    {
      close (task);
      return threads;
    }

  while ((entry = readdir (task_dir)) != NULL)
    {
      guint64 tid = 0, sp = 0, flags = 0;
      char name[64];
      char state;
      MsThread thread = { 0 };

      if (!g_ascii_string_to_unsigned (entry->d_name, 10, 1, G_MAXINT, &tid, NULL) || (int) tid == pid)
        continue;

      g_snprintf (name, sizeof name, "%s/syscall", entry->d_name);
      if (!(ms_proc_read_at (task, name, buffer, &saved_errno) &&
            ms_proc_parse_syscall_sp ((const char *) buffer->data, &sp)))
        {
          /* Not stopped in a system call, or not allowed to look: stat's
           * kstkesp is the kernel's other view of the stack pointer (often
           * hidden). */
          g_snprintf (name, sizeof name, "%s/stat", entry->d_name);
          if (!(ms_proc_read_at (task, name, buffer, &saved_errno) &&
                ms_proc_parse_stat ((const char *) buffer->data, &state, &flags, &sp) &&
                sp != 0))
            continue;
        }

      thread.sp = sp;
      thread.tid = (gint64) tid;
      g_snprintf (name, sizeof name, "%s/comm", entry->d_name);
      if (ms_proc_read_at (task, name, buffer, &saved_errno) && buffer->len > 0)
        {
          g_autofree char *comm = g_strndup ((const char *) buffer->data, buffer->len);

          g_strchomp (comm);
          thread.name = g_string_chunk_insert_const (strings, comm);
        }
      g_array_append_val (threads, thread);
    }

  closedir (task_dir);
  return threads;
}

gboolean
_ms_reader_finish_parser (MsSnapshot   *snapshot,
                          MsMapsParser *parser)
{
  MsParseStats stats;

  ms_maps_parser_finish (parser, &stats);
  snapshot->has_counters = stats.has_counters;
  snapshot->n_malformed = stats.n_malformed + stats.n_overlapping;
  snapshot->first_malformed_line = stats.first_malformed_line;

  /* The parser checks the order as it appends each region. */
  return !stats.reordered && stats.n_overlapping == 0;
}

void
_ms_reader_seal_snapshot_threads (MsSnapshot     *snapshot,
                                  const MsThread *threads,
                                  guint           n_threads,
                                  const char     *comm)
{
  GArray *regions = _ms_snapshot_get_regions (snapshot);

  snapshot->n_threads = ms_classify_threads ((MsRegion *) (gpointer) regions->data, regions->len,
                                             threads, n_threads, snapshot->pid, comm,
                                             _ms_snapshot_get_strings (snapshot));
  _ms_snapshot_seal (snapshot);
}

void
_ms_reader_seal_snapshot (MsSnapshot    *snapshot,
                          const guint64 *thread_sps,
                          guint          n_thread_sps)
{
  g_autofree MsThread *threads = g_new0 (MsThread, MAX (n_thread_sps, 1));

  for (guint t = 0; t < n_thread_sps; t++)
    threads[t].sp = thread_sps[t];
  _ms_reader_seal_snapshot_threads (snapshot, threads, n_thread_sps, NULL);
}

void
_ms_reader_finish_snapshot (MsSnapshot    *snapshot,
                            MsMapsParser  *parser,
                            const guint64 *thread_sps,
                            guint          n_thread_sps)
{
  _ms_reader_finish_parser (snapshot, parser);
  _ms_reader_seal_snapshot (snapshot, thread_sps, n_thread_sps);
}

MsMapsParser *
_ms_reader_new_parser (MsSnapshot *snapshot)
{
  return ms_maps_parser_new (_ms_snapshot_get_strings (snapshot),
                             _ms_snapshot_get_regions (snapshot));
}

static void
feed_parser (const char *data,
             gsize       length,
             gpointer    user_data)
{
  ms_maps_parser_feed (user_data, data, length);
}

static MsReaderSmapsHook smaps_hook;
static gpointer smaps_hook_data;

void
_ms_reader_set_smaps_hook (MsReaderSmapsHook hook,
                           gpointer          user_data)
{
  smaps_hook = hook;
  smaps_hook_data = user_data;
}

/* Reads smaps in chunks straight into the parser: the text is never held
 * whole, and the kernel writes the next chunk while we parse this one. */
static gboolean
parse_smaps (int           dir,
             int           pid,
             guint         attempt,
             MsMapsParser *parser,
             guint64      *length,
             int          *saved_errno)
{
  const char *text = smaps_hook != NULL ? smaps_hook (pid, attempt, smaps_hook_data) : NULL;
  gboolean ok;
  int fd;

  if (text != NULL)
    {
      *length = strlen (text);
      ms_maps_parser_feed (parser, text, *length);
      return TRUE;
    }

  *length = 0;
  fd = ms_proc_open_at (dir, "smaps", O_RDONLY, saved_errno);
  if (fd < 0)
    return FALSE;

  ok = ms_read_chunks (fd, MS_PROC_MAX_READ, feed_parser, parser, length, saved_errno);
  close (fd);
  return ok;
}

void
_ms_reader_set_identity (MsSnapshot *snapshot,
                         int         pid,
                         char       *comm,
                         char       *cmdline,
                         gsize       cmdline_length)
{
  g_strchomp (comm);
  /* The program's full name where the kernel's is cut, as the process list
   * shows it (from the first arguments, before they are joined). */
  if (cmdline != NULL)
    {
      gsize first_length = strnlen (cmdline, cmdline_length);
      const char *args[3] = { cmdline, first_length < cmdline_length ? cmdline + first_length + 1 : NULL, NULL };

      snapshot->name = ms_process_full_name (comm, args, NULL);
      g_free (comm);
      for (gsize i = 0; i < cmdline_length; i++)
        if (cmdline[i] == '\0')
          cmdline[i] = ' ';
      g_strchomp (cmdline);
    }
  else
    {
      snapshot->name = comm;
    }

  snapshot->pid = pid;
  snapshot->cmdline = cmdline != NULL ? cmdline : g_strdup ("");
  snapshot->user = ms_proc_user_name (snapshot->uid);
  snapshot->source_path = g_strdup_printf ("/proc/%d/smaps", pid);
}

void
_ms_reader_set_fingerprint (MsSnapshot *snapshot)
{
  guint64 anonymous = 0;

  for (guint i = 0; i < snapshot->n_regions; i++)
    anonymous += snapshot->regions[i].counters.anonymous;
  snapshot->fingerprint = ms_snapshot_compute_fingerprint (snapshot->regions, snapshot->n_regions,
                                                           snapshot->status.threads,
                                                           snapshot->total.rss, anonymous,
                                                           snapshot->total.swap);
}

/* How many regions to make room for when nothing better is known: as many
 * as a process may have (vm.max_map_count, 65 530 by default). Only address
 * space: the pages are made resident as the parser fills them. */
static guint
default_expected_regions (void)
{
  static gsize expected;

  if (g_once_init_enter (&expected))
    {
      g_autofree char *text = NULL;
      guint64 value = 0;

      if (!g_file_get_contents ("/proc/sys/vm/max_map_count", &text, NULL, NULL) ||
          !g_ascii_string_to_unsigned (g_strstrip (text), 10, 1, G_MAXINT, &value, NULL))
        value = 65530;
      g_once_init_leave (&expected, (gsize) MIN (value, 65536));
    }
  return (guint) expected;
}

/* What the stat of the process of @dir says: its state letter and flags.
 * FALSE when it cannot be read (*saved_errno says why) or does not parse
 * (*saved_errno is 0). */
static gboolean
read_stat (int         dir,
           GByteArray *scratch,
           char       *state,
           guint64    *flags,
           int        *saved_errno)
{
  guint64 kstkesp;

  *state = '?';
  *flags = 0;
  if (!ms_proc_read_at (dir, "stat", scratch, saved_errno))
    return FALSE;
  *saved_errno = 0;
  return ms_proc_parse_stat ((const char *) scratch->data, state, flags, &kstkesp);
}

/* Why a process shows no mappings at all: a kernel thread, a zombie, or one
 * that has exited since it was opened. */
static void
set_empty_error (GError     **error,
                 int          dir,
                 int          pid,
                 const char  *name,
                 uid_t        owner,
                 GByteArray  *scratch)
{
  char state;
  guint64 flags;
  int saved_errno;

  if (!read_stat (dir, scratch, &state, &flags, &saved_errno) && saved_errno != 0)
    set_errno_error (error, pid, name, owner, saved_errno);
  else if (flags & MS_PF_KTHREAD)
    _ms_reader_set_error (error, MS_READ_FAILURE_KERNEL_THREAD, pid, name, owner, 0);
  else if (state == 'Z' || state == 'X')
    _ms_reader_set_error (error, MS_READ_FAILURE_ZOMBIE, pid, name, owner, 0);
  else
    _ms_reader_set_error (error, MS_READ_FAILURE_EXITED, pid, name, owner, 0);
}

/* TRUE while the process of @dir runs and has not begun to exit. */
static gboolean
still_running (int         dir,
               GByteArray *scratch)
{
  char state;
  guint64 flags;
  int saved_errno;

  return read_stat (dir, scratch, &state, &flags, &saved_errno) &&
         !(flags & MS_PF_EXITING) && state != 'Z' && state != 'X';
}

/* Reads the process of @dir (/proc/PID, open): every file relative to it, so
 * that a process that exits mid-read fails the read rather than lending its
 * PID, and so its files, to another. */
static MsSnapshot *
read_pid (int            dir,
          int            pid,
          uid_t          owner,
          guint          expected_regions,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(GByteArray) scratch = g_byte_array_new ();
  g_autoptr(GArray) threads = NULL;
  g_autofree char *name = NULL;
  g_autofree char *comm = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *cmdline = NULL;
  gsize cmdline_length = 0;
  int saved_errno;

  name = _ms_reader_read_small_text (dir, "comm", scratch, NULL, &saved_errno);
  if (name == NULL)
    {
      set_errno_error (error, pid, NULL, owner, saved_errno);
      return NULL;
    }
  g_strchomp (name);

  status_text = _ms_reader_read_small_text (dir, "status", scratch, NULL, &saved_errno);

  /* The kernel makes smaps a page of text at a time, and the map can change
   * between two pages: a mapping merged with one already read then shows
   * again, overlapping it, or before it. Such a read is no picture of the
   * process at any moment: read it again, a few times at most. */
  for (guint attempt = 0;; attempt++)
    {
      MsMapsParser *parser;
      guint64 smaps_length;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (attempt == MS_READ_MAX_ATTEMPTS)
        {
          _ms_reader_set_error (error, MS_READ_FAILURE_CHANGING, pid, name, owner, 0);
          return NULL;
        }

      g_clear_pointer (&snapshot, ms_snapshot_unref);
      snapshot = _ms_snapshot_new (MS_SOURCE_PROCESS);
      snapshot->pid = pid;
      parser = _ms_reader_new_parser (snapshot);
      ms_maps_parser_expect (parser, expected_regions);

      if (!parse_smaps (dir, pid, attempt, parser, &smaps_length, &saved_errno))
        {
          ms_maps_parser_finish (parser, NULL);
          set_errno_error (error, pid, name, owner, saved_errno);
          return NULL;
        }
      if (smaps_length == 0)
        {
          ms_maps_parser_finish (parser, NULL);
          set_empty_error (error, dir, pid, name, owner, scratch);
          return NULL;
        }

      if (_ms_reader_finish_parser (snapshot, parser))
        break;
      g_debug ("Process %d changed while its smaps was read (try %u of %u)",
               pid, attempt + 1, MS_READ_MAX_ATTEMPTS);
    }

  if (status_text != NULL)
    _ms_reader_parse_status (status_text, &snapshot->status, &snapshot->uid);
  else
    snapshot->uid = owner;

  threads = _ms_reader_read_threads (dir, pid, scratch, _ms_snapshot_get_strings (snapshot));
  cmdline = _ms_reader_read_small_text (dir, "cmdline", scratch, &cmdline_length, &saved_errno);

  /* A process that began to exit while we read has been tearing its
   * mappings down under us: what we have is a part of it, not a picture.
   * One that is gone by now may have been gone when its threads or its
   * command line were read. */
  if (!still_running (dir, scratch))
    {
      _ms_reader_set_error (error, MS_READ_FAILURE_EXITED, pid, name, owner, 0);
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  comm = g_strdup (name);
  _ms_reader_set_identity (snapshot, pid, g_steal_pointer (&name),
                           g_steal_pointer (&cmdline), cmdline_length);
  _ms_reader_seal_snapshot_threads (snapshot, (const MsThread *) (gpointer) threads->data, threads->len, comm);

  _ms_reader_set_fingerprint (snapshot);

  return g_steal_pointer (&snapshot);
}

MsSnapshot *
ms_read_pid (int            pid,
             GCancellable  *cancellable,
             GError       **error)
{
  MsSnapshot *snapshot;
  uid_t owner;
  int dir;

  if (!check_pid (pid, error))
    return NULL;
  dir = open_process (pid, &owner, error);
  if (dir < 0)
    return NULL;

  snapshot = read_pid (dir, pid, owner, default_expected_regions (), cancellable, error);
  close (dir);
  return snapshot;
}

/* The fingerprint of what the process of @dir shows now, from the cheap
 * files: maps (no page-table walk), smaps_rollup and status. 0 when it
 * cannot tell. Sets @n_regions to the number of mappings maps showed, and
 * @figures (nullable) from smaps_rollup and status. */
static guint64
probe_fingerprint (int        dir,
                   guint     *n_regions,
                   MsFigures *figures)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autofree char *rollup = NULL;
  g_autofree char *status = NULL;
  int saved_errno;

  if (!ms_proc_read_at (dir, "smaps_rollup", buffer, &saved_errno) || buffer->len == 0)
    return 0;
  rollup = g_strndup ((const char *) buffer->data, buffer->len);

  if (!ms_proc_read_at (dir, "status", buffer, &saved_errno))
    return 0;
  status = g_strndup ((const char *) buffer->data, buffer->len);

  if (figures != NULL)
    {
      MsStatus parsed = { 0 };
      uid_t uid = (uid_t) -1;

      _ms_reader_parse_status (status, &parsed, &uid);
      ms_figures_set_status (figures, &parsed);
      ms_figures_set_rollup (figures, rollup);
      figures->vss = parsed.vm_size;
    }

  if (!ms_proc_read_at (dir, "maps", buffer, &saved_errno) || buffer->len == 0)
    return 0;

  return ms_probe_fingerprint ((const char *) buffer->data, buffer->len, rollup, status, n_regions);
}

/* The page-fault counts of the process of @dir into @figures. */
static void
read_faults (int        dir,
             MsFigures *figures)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  int saved_errno;

  if (ms_proc_read_at (dir, "stat", buffer, &saved_errno))
    ms_figures_set_stat (figures, (const char *) buffer->data);
}

/* How old a snapshot may be and still be given back on the fingerprint's
 * word alone (the fingerprint does not cover every counter: PSS moves when
 * other processes map the same pages). A variable for the tests. */
static gint64 since_max_age_usec = MS_READ_SINCE_MAX_AGE_USEC;

void
_ms_reader_set_since_max_age (gint64 usec)
{
  since_max_age_usec = usec;
}

gboolean
_ms_reader_may_reuse (MsSnapshot *previous,
                      int         pid)
{
  return ms_snapshot_is_process (previous, pid) && previous->fingerprint != 0 &&
         g_get_real_time () - _ms_snapshot_get_confirmed (previous) < since_max_age_usec;
}

MsSnapshot *
_ms_reader_keep_if_same (MsSnapshot *previous,
                         MsSnapshot *snapshot)
{
  if (snapshot != NULL && ms_snapshot_same_process (previous, snapshot) &&
      _ms_snapshot_same_content (previous, snapshot))
    {
      _ms_snapshot_confirm (previous, snapshot->time_usec);
      ms_snapshot_unref (snapshot);
      return ms_snapshot_ref (previous);
    }

  return snapshot;
}

guint
_ms_reader_expected_regions (guint n_probed)
{
  /* the probe counted the mappings: room for them and a few more */
  return n_probed > 0 ? n_probed + n_probed / 8 + 16 : default_expected_regions ();
}

MsSnapshot *
ms_read_pid_since (int            pid,
                   MsSnapshot    *previous,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return ms_read_pid_figures (pid, previous, NULL, cancellable, error);
}

MsSnapshot *
ms_read_pid_figures (int            pid,
                     MsSnapshot    *previous,
                     MsFigures     *figures,
                     GCancellable  *cancellable,
                     GError       **error)
{
  MsSnapshot *snapshot;
  MsFigures probed = { 0 };
  guint n_regions = 0;
  uid_t owner;
  int dir;

  if (figures != NULL)
    memset (figures, 0, sizeof *figures);
  if (!check_pid (pid, error))
    return NULL;
  dir = open_process (pid, &owner, error);
  if (dir < 0)
    return NULL;

  if (_ms_reader_may_reuse (previous, pid) &&
      probe_fingerprint (dir, &n_regions, &probed) == previous->fingerprint)
    {
      /* A quiet refresh: the figures are the probe's, with the faults. */
      if (figures != NULL)
        {
          *figures = probed;
          read_faults (dir, figures);
        }
      close (dir);
      return ms_snapshot_ref (previous);
    }

  snapshot = read_pid (dir, pid, owner, _ms_reader_expected_regions (n_regions), cancellable, error);
  if (snapshot != NULL && figures != NULL)
    {
      ms_figures_init_from_snapshot (figures, snapshot);
      read_faults (dir, figures);
    }
  close (dir);

  /* A full read that finds exactly what is shown gives back the same
   * snapshot, confirmed as of now: nothing downstream redraws. */
  return _ms_reader_keep_if_same (previous, snapshot);
}

MsSnapshot *
ms_read_text (const char  *text,
              gsize        length,
              const char  *name,
              GError     **error)
{
  g_autoptr(MsSnapshot) snapshot = NULL;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (length == 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_EMPTY,
                   _("%s is empty: it holds no memory regions"), name);
      return NULL;
    }

  snapshot = _ms_snapshot_new (MS_SOURCE_FILE);
  snapshot->name = g_strdup (name);
  snapshot->cmdline = g_strdup ("");
  snapshot->user = g_strdup ("");

  {
    MsMapsParser *parser = _ms_reader_new_parser (snapshot);

    ms_maps_parser_feed (parser, text, length);
    _ms_reader_finish_snapshot (snapshot, parser, NULL, 0);
  }

  if (snapshot->n_regions == 0)
    {
      if (snapshot->first_malformed_line > 0)
        g_set_error (error, MS_ERROR, MS_ERROR_MALFORMED,
                     _("%s is not a smaps or maps capture (line %u is not a memory region)"),
                     name, snapshot->first_malformed_line);
      else
        g_set_error (error, MS_ERROR, MS_ERROR_EMPTY,
                     _("%s holds no memory regions"), name);
      return NULL;
    }

  /* /proc/PID/smaps_rollup parses as smaps: one "[rollup]" line spanning
   * the whole address space, with the process's totals. It is no map. */
  for (guint i = 0; i < snapshot->n_regions; i++)
    if (g_strcmp0 (snapshot->regions[i].path, "[rollup]") == 0)
      {
        g_set_error (error, MS_ERROR, MS_ERROR_MALFORMED,
                     _("%s is a capture of smaps_rollup, which holds only the process’s totals: capture /proc/PID/smaps instead"),
                     name);
        return NULL;
      }

  return g_steal_pointer (&snapshot);
}

MsSnapshot *
ms_read_file (const char    *path,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autofree char *display = NULL;
  g_autofree char *base = NULL;
  MsSnapshot *snapshot;
  struct stat st;
  int saved_errno;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);

  if (stat (path, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        {
          g_set_error (error, MS_ERROR, MS_ERROR_IO,
                       _("Could not read %s: it is a folder, not a file"), display);
          return NULL;
        }
      /* A pipe or a device could block for ever or never end. */
      if (!S_ISREG (st.st_mode))
        {
          g_set_error (error, MS_ERROR, MS_ERROR_IO,
                       _("Could not read %s: it is not a regular file"), display);
          return NULL;
        }
      if (S_ISREG (st.st_mode) && st.st_size > MAX_CAPTURE_SIZE)
        {
          g_autofree char *size = g_format_size ((guint64) st.st_size);

          g_set_error (error, MS_ERROR, MS_ERROR_MALFORMED,
                       _("%s is too large to be a smaps or maps capture (%s)"),
                       display, size);
          return NULL;
        }
    }

  if (!ms_proc_read_into (path, buffer, &saved_errno))
    {
      if (saved_errno == EFBIG)
        g_set_error (error, MS_ERROR, MS_ERROR_MALFORMED,
                     _("%s is too large to be a smaps or maps capture"), display);
      else
        g_set_error (error, MS_ERROR, MS_ERROR_IO,
                   _("Could not read %s: %s"), display, g_strerror (saved_errno));
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  snapshot = ms_read_text ((const char *) buffer->data, buffer->len, display, error);
  if (snapshot == NULL)
    return NULL;

  base = g_path_get_basename (path);
  g_free (snapshot->name);
  snapshot->name = g_filename_display_name (base);
  snapshot->source_path = g_strdup (path);
  return snapshot;
}

/* --- reads in a thread of their own --------------------------------------- */

typedef struct {
  MsReadSinceFunc    read;
  MsReadFiguresFunc  read_figures;
  int                pid;
  MsSnapshot        *previous;
  MsFigures          figures;     /* what read_figures gave */
} ReadInThread;

static void
read_in_thread_free (gpointer data)
{
  ReadInThread *request = data;

  g_clear_pointer (&request->previous, ms_snapshot_unref);
  g_free (request);
}

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ReadInThread *request = task_data;
  GError *error = NULL;
  MsSnapshot *snapshot;

  if (request->read_figures != NULL)
    snapshot = request->read_figures (source_object, request->pid, request->previous, &request->figures,
                                      cancellable, &error);
  else
    snapshot = request->read (source_object, request->pid, request->previous, cancellable, &error);

  if (snapshot != NULL)
    g_task_return_pointer (task, snapshot, (GDestroyNotify) ms_snapshot_unref);
  else
    g_task_return_error (task, error);
}

static void
read_in_thread_start (gpointer             source_object,
                      int                  pid,
                      MsSnapshot          *previous,
                      MsReadSinceFunc      read,
                      MsReadFiguresFunc    read_figures,
                      const char          *name,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source_object, cancellable, callback, user_data);
  ReadInThread *request = g_new0 (ReadInThread, 1);

  request->read = read;
  request->read_figures = read_figures;
  request->pid = pid;
  request->previous = previous != NULL ? ms_snapshot_ref (previous) : NULL;
  g_task_set_source_tag (task, _ms_reader_read_in_thread);
  g_task_set_name (task, name);
  g_task_set_task_data (task, request, read_in_thread_free);
  g_task_set_check_cancellable (task, TRUE);
  g_task_run_in_thread (task, read_in_thread);
}

void
_ms_reader_read_in_thread (gpointer             source_object,
                           int                  pid,
                           MsSnapshot          *previous,
                           MsReadSinceFunc      read,
                           const char          *name,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  read_in_thread_start (source_object, pid, previous, read, NULL, name, cancellable, callback, user_data);
}

void
_ms_reader_read_in_thread_figures (gpointer             source_object,
                                   int                  pid,
                                   MsSnapshot          *previous,
                                   MsReadFiguresFunc    read,
                                   const char          *name,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  read_in_thread_start (source_object, pid, previous, NULL, read, name, cancellable, callback, user_data);
}

gboolean
_ms_reader_read_in_thread_get_figures (GAsyncResult *result,
                                       MsFigures    *figures)
{
  ReadInThread *request;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == _ms_reader_read_in_thread, FALSE);

  request = g_task_get_task_data (G_TASK (result));
  if (request->read_figures == NULL || request->figures.present == 0 || g_task_had_error (G_TASK (result)))
    return FALSE;
  *figures = request->figures;
  return TRUE;
}

MsSnapshot *
_ms_reader_read_in_thread_finish (gpointer       source_object,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source_object), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == _ms_reader_read_in_thread, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
