/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-reader"

#include "config.h"

#include "ms-reader.h"

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
#include "ms-proc.h"
#include "ms-reader-private.h"
#include "ms-snapshot-private.h"

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

static gboolean
process_exists (int pid)
{
  char path[64];
  struct stat st;

  g_snprintf (path, sizeof path, "/proc/%d", pid);
  return stat (path, &st) == 0;
}

static uid_t
process_owner (int pid)
{
  char path[64];
  struct stat st;

  g_snprintf (path, sizeof path, "/proc/%d", pid);
  if (stat (path, &st) != 0)
    return (uid_t) -1;
  return st.st_uid;
}

void
_ms_reader_set_error (GError        **error,
                      MsReadFailure   failure,
                      int             pid,
                      const char     *name,
                      uid_t           owner,
                      int             saved_errno)
{
  const char *shown = name != NULL && *name != '\0' ? name : "?";

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

    case MS_READ_FAILURE_IO:
    default:
      g_set_error (error, MS_ERROR, MS_ERROR_IO,
                   _("Could not read process %d: %s"), pid, g_strerror (saved_errno));
      break;
    }
}

static void
set_errno_error (GError     **error,
                 int          pid,
                 const char  *name,
                 int          saved_errno)
{
  if (saved_errno == ENOENT || saved_errno == ESRCH)
    _ms_reader_set_error (error,
                          process_exists (pid) ? MS_READ_FAILURE_EXITED : MS_READ_FAILURE_GONE,
                          pid, name, (uid_t) -1, saved_errno);
  else if (saved_errno == EACCES || saved_errno == EPERM)
    _ms_reader_set_error (error, MS_READ_FAILURE_DENIED, pid, name, process_owner (pid), saved_errno);
  else
    _ms_reader_set_error (error, MS_READ_FAILURE_IO, pid, name, (uid_t) -1, saved_errno);
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
static char *
read_small_text (const char *path,
                 GByteArray *buffer,
                 gsize      *length,
                 int        *saved_errno)
{
  char *copy;

  if (!ms_proc_read_into (path, buffer, saved_errno))
    return NULL;

  copy = g_malloc (buffer->len + 1);
  memcpy (copy, buffer->data, buffer->len);
  copy[buffer->len] = '\0';
  if (length != NULL)
    *length = buffer->len;
  return copy;
}

/* The stack pointers of every thread but the main one. */
static GArray *
read_thread_stack_pointers (int         pid,
                            GByteArray *buffer)
{
  GArray *sps = g_array_new (FALSE, FALSE, sizeof (guint64));
  char path[128];
  g_autoptr(GDir) dir = NULL;
  const char *entry;

  g_snprintf (path, sizeof path, "/proc/%d/task", pid);
  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return sps;

  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      guint64 tid = 0, sp = 0, flags = 0;
      char state;
      int saved_errno;

      if (!g_ascii_string_to_unsigned (entry, 10, 1, G_MAXINT, &tid, NULL) || (int) tid == pid)
        continue;

      g_snprintf (path, sizeof path, "/proc/%d/task/%s/syscall", pid, entry);
      if (ms_proc_read_into (path, buffer, &saved_errno) &&
          ms_proc_parse_syscall_sp ((const char *) buffer->data, &sp))
        {
          g_array_append_val (sps, sp);
          continue;
        }

      /* Not stopped in a system call, or not allowed to look: stat's kstkesp
       * is the kernel's other view of the stack pointer (often hidden). */
      g_snprintf (path, sizeof path, "/proc/%d/task/%s/stat", pid, entry);
      if (ms_proc_read_into (path, buffer, &saved_errno) &&
          ms_proc_parse_stat ((const char *) buffer->data, &state, &flags, &sp) &&
          sp != 0)
        g_array_append_val (sps, sp);
    }

  return sps;
}

/* Classifies what the parser found and computes the totals. */
void
_ms_reader_finish_snapshot (MsSnapshot    *snapshot,
                            MsMapsParser  *parser,
                            const guint64 *thread_sps,
                            guint          n_thread_sps)
{
  MsParseStats stats;
  GArray *regions = _ms_snapshot_get_regions (snapshot);

  ms_maps_parser_finish (parser, &stats);
  snapshot->has_counters = stats.has_counters;
  snapshot->n_malformed = stats.n_malformed + stats.n_overlapping;
  snapshot->first_malformed_line = stats.first_malformed_line;
  snapshot->n_threads = ms_classify ((MsRegion *) (gpointer) regions->data, regions->len,
                                     thread_sps, n_thread_sps);
  _ms_snapshot_seal (snapshot);
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

/* Reads @path in chunks straight into the parser: the text is never held
 * whole, and the kernel writes the next chunk while we parse this one. */
static gboolean
parse_file_streaming (const char   *path,
                      MsMapsParser *parser,
                      gsize         max_length,
                      guint64      *length,
                      int          *saved_errno)
{
  gboolean ok;
  int fd;

  *length = 0;
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      *saved_errno = errno;
      return FALSE;
    }

  ok = ms_read_chunks (fd, max_length, feed_parser, parser, length, saved_errno);
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
  if (cmdline != NULL)
    {
      for (gsize i = 0; i < cmdline_length; i++)
        if (cmdline[i] == '\0')
          cmdline[i] = ' ';
      g_strchomp (cmdline);
    }

  snapshot->pid = pid;
  snapshot->name = g_strchomp (comm);
  snapshot->cmdline = cmdline != NULL ? cmdline : g_strdup ("");
  snapshot->user = ms_proc_user_name (snapshot->uid);
  snapshot->source_path = g_strdup_printf ("/proc/%d/smaps", pid);
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

static MsSnapshot *
read_pid (int            pid,
          guint          expected_regions,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(GByteArray) scratch = NULL;
  MsMapsParser *parser;
  guint64 smaps_length;
  g_autoptr(GArray) sps = NULL;
  g_autofree char *name = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *cmdline = NULL;
  char path[64];
  gsize cmdline_length = 0;
  int saved_errno;

  if (pid <= 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   _("“%d” is not a process ID: give a positive whole number"), pid);
      return NULL;
    }

  scratch = g_byte_array_new ();
  snapshot = _ms_snapshot_new (MS_SOURCE_PROCESS);
  snapshot->pid = pid;

  g_snprintf (path, sizeof path, "/proc/%d/comm", pid);
  name = read_small_text (path, scratch, NULL, &saved_errno);
  if (name == NULL)
    {
      set_errno_error (error, pid, NULL, saved_errno);
      return NULL;
    }
  g_strchomp (name);

  g_snprintf (path, sizeof path, "/proc/%d/status", pid);
  status_text = read_small_text (path, scratch, NULL, &saved_errno);
  if (status_text != NULL)
    _ms_reader_parse_status (status_text, &snapshot->status, &snapshot->uid);
  else
    snapshot->uid = process_owner (pid);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  parser = _ms_reader_new_parser (snapshot);
  ms_maps_parser_expect (parser, expected_regions);
  g_snprintf (path, sizeof path, "/proc/%d/smaps", pid);
  if (!parse_file_streaming (path, parser, MS_PROC_MAX_READ, &smaps_length, &saved_errno))
    {
      ms_maps_parser_finish (parser, NULL);
      set_errno_error (error, pid, name, saved_errno);
      return NULL;
    }

  if (smaps_length == 0)
    {
      char state = '?';
      guint64 flags = 0, unused;

      ms_maps_parser_finish (parser, NULL);

      g_snprintf (path, sizeof path, "/proc/%d/stat", pid);
      if (!ms_proc_read_into (path, scratch, &saved_errno))
        set_errno_error (error, pid, name, saved_errno);
      else if (ms_proc_parse_stat ((const char *) scratch->data, &state, &flags, &unused) &&
               (flags & MS_PF_KTHREAD))
        _ms_reader_set_error (error, MS_READ_FAILURE_KERNEL_THREAD, pid, name, (uid_t) -1, 0);
      else if (state == 'Z' || state == 'X')
        _ms_reader_set_error (error, MS_READ_FAILURE_ZOMBIE, pid, name, (uid_t) -1, 0);
      else
        _ms_reader_set_error (error, MS_READ_FAILURE_EXITED, pid, name, (uid_t) -1, 0);
      return NULL;
    }

  /* A process that began to exit while we read has been tearing its
   * mappings down under us: what we have is a part of it, not a picture. */
  {
    char state = '?';
    guint64 flags = 0, unused;

    g_snprintf (path, sizeof path, "/proc/%d/stat", pid);
    if (!ms_proc_read_into (path, scratch, &saved_errno) ||
        !ms_proc_parse_stat ((const char *) scratch->data, &state, &flags, &unused) ||
        (flags & MS_PF_EXITING) || state == 'Z' || state == 'X')
      {
        ms_maps_parser_finish (parser, NULL);
        _ms_reader_set_error (error, MS_READ_FAILURE_EXITED, pid, name, (uid_t) -1, 0);
        return NULL;
      }
  }

  sps = read_thread_stack_pointers (pid, scratch);

  g_snprintf (path, sizeof path, "/proc/%d/cmdline", pid);
  cmdline = read_small_text (path, scratch, &cmdline_length, &saved_errno);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      ms_maps_parser_finish (parser, NULL);
      return NULL;
    }

  _ms_reader_set_identity (snapshot, pid, g_steal_pointer (&name),
                           g_steal_pointer (&cmdline), cmdline_length);

  _ms_reader_finish_snapshot (snapshot, parser,
                   (const guint64 *) (gpointer) sps->data, sps->len);

  {
    guint64 anonymous = 0;

    for (guint i = 0; i < snapshot->n_regions; i++)
      anonymous += snapshot->regions[i].counters.anonymous;
    snapshot->fingerprint = ms_snapshot_compute_fingerprint (snapshot->regions, snapshot->n_regions,
                                                             snapshot->status.threads,
                                                             snapshot->total.rss, anonymous,
                                                             snapshot->total.swap);
  }

  return g_steal_pointer (&snapshot);
}

MsSnapshot *
ms_read_pid (int            pid,
             GCancellable  *cancellable,
             GError       **error)
{
  return read_pid (pid, default_expected_regions (), cancellable, error);
}

/* The fingerprint of what /proc/PID shows now, from the cheap files: maps
 * (no page-table walk), smaps_rollup and status. 0 when it cannot tell.
 * Sets @n_regions to the number of mappings maps showed. */
static guint64
probe_fingerprint (int    pid,
                   guint *n_regions)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GStringChunk) strings = g_string_chunk_new (4096);
  g_autoptr(GArray) regions = g_array_new (FALSE, FALSE, sizeof (MsRegion));
  g_autofree char *rollup = NULL;
  g_autofree char *status = NULL;
  MsParseStats stats;
  char path[64];
  int saved_errno;
  guint threads;

  g_snprintf (path, sizeof path, "/proc/%d/smaps_rollup", pid);
  if (!ms_proc_read_into (path, buffer, &saved_errno) || buffer->len == 0)
    return 0;
  rollup = g_strndup ((const char *) buffer->data, buffer->len);

  g_snprintf (path, sizeof path, "/proc/%d/status", pid);
  if (!ms_proc_read_into (path, buffer, &saved_errno))
    return 0;
  status = g_strndup ((const char *) buffer->data, buffer->len);
  threads = (guint) g_ascii_strtoull (strstr (status, "Threads:") != NULL ? strstr (status, "Threads:") + 8 : "0",
                                      NULL, 10);

  g_snprintf (path, sizeof path, "/proc/%d/maps", pid);
  if (!ms_proc_read_into (path, buffer, &saved_errno) || buffer->len == 0)
    return 0;
  ms_maps_parse ((const char *) buffer->data, buffer->len, strings, regions, &stats);
  *n_regions = regions->len;
  if (stats.n_malformed > 0)
    return 0;

  return ms_snapshot_compute_fingerprint ((const MsRegion *) (gpointer) regions->data, regions->len,
                                          threads, ms_proc_find_kb (rollup, "\nRss:"),
                                          ms_proc_find_kb (rollup, "\nAnonymous:"), ms_proc_find_kb (rollup, "\nSwap:"));
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

MsSnapshot *
ms_read_pid_since (int            pid,
                   MsSnapshot    *previous,
                   GCancellable  *cancellable,
                   GError       **error)
{
  MsSnapshot *snapshot;
  guint n_regions = 0;
  gboolean same_process = previous != NULL && previous->pid == pid && previous->source == MS_SOURCE_PROCESS;

  if (same_process && previous->fingerprint != 0 &&
      g_get_real_time () - _ms_snapshot_get_confirmed (previous) < since_max_age_usec &&
      probe_fingerprint (pid, &n_regions) == previous->fingerprint)
    return ms_snapshot_ref (previous);

  /* the probe counted the mappings: room for them and a few more */
  snapshot = read_pid (pid, n_regions > 0 ? n_regions + n_regions / 8 + 16 : default_expected_regions (),
                       cancellable, error);

  /* A full read that finds exactly what is shown gives back the same
   * snapshot, confirmed as of now: nothing downstream redraws. */
  if (snapshot != NULL && same_process && _ms_snapshot_same_content (previous, snapshot))
    {
      _ms_snapshot_confirm (previous, snapshot->time_usec);
      ms_snapshot_unref (snapshot);
      return ms_snapshot_ref (previous);
    }

  return snapshot;
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

static void
read_pid_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  MsSnapshot *snapshot = ms_read_pid (GPOINTER_TO_INT (task_data), cancellable, &error);

  if (snapshot != NULL)
    g_task_return_pointer (task, snapshot, (GDestroyNotify) ms_snapshot_unref);
  else
    g_task_return_error (task, error);
}

typedef struct {
  int         pid;
  MsSnapshot *previous;
} SinceData;

static void
since_data_free (gpointer data)
{
  SinceData *since = data;

  g_clear_pointer (&since->previous, ms_snapshot_unref);
  g_free (since);
}

static void
read_since_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SinceData *since = task_data;
  GError *error = NULL;
  MsSnapshot *snapshot = ms_read_pid_since (since->pid, since->previous, cancellable, &error);

  if (snapshot != NULL)
    g_task_return_pointer (task, snapshot, (GDestroyNotify) ms_snapshot_unref);
  else
    g_task_return_error (task, error);
}

void
ms_read_pid_since_async (int                  pid,
                         MsSnapshot          *previous,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  SinceData *since = g_new0 (SinceData, 1);

  since->pid = pid;
  since->previous = previous != NULL ? ms_snapshot_ref (previous) : NULL;
  g_task_set_source_tag (task, ms_read_pid_since_async);
  g_task_set_name (task, "[memscape] read pid if changed");
  g_task_set_task_data (task, since, since_data_free);
  g_task_set_check_cancellable (task, TRUE);
  g_task_run_in_thread (task, read_since_thread);
}

MsSnapshot *
ms_read_pid_since_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ms_read_pid_since_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ms_read_pid_async (int                  pid,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ms_read_pid_async);
  g_task_set_name (task, "[memscape] read pid");
  g_task_set_task_data (task, GINT_TO_POINTER (pid), NULL);
  g_task_set_check_cancellable (task, TRUE);
  g_task_run_in_thread (task, read_pid_thread);
}

MsSnapshot *
ms_read_pid_finish (GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ms_read_pid_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
read_file_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  MsSnapshot *snapshot = ms_read_file (task_data, cancellable, &error);

  if (snapshot != NULL)
    g_task_return_pointer (task, snapshot, (GDestroyNotify) ms_snapshot_unref);
  else
    g_task_return_error (task, error);
}

void
ms_read_file_async (const char          *path,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ms_read_file_async);
  g_task_set_name (task, "[memscape] read file");
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_set_check_cancellable (task, TRUE);
  g_task_run_in_thread (task, read_file_thread);
}

MsSnapshot *
ms_read_file_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ms_read_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
