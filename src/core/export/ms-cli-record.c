/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-cli"

#include "config.h"

#include "ms-cli-record.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-reader.h"
#include "ms-recording.h"

/* `memscape --pid PID --record FILE.memscape [--interval S] [--duration S]`
 * and `--open FILE.memscape [--at S] --export FILE`. */

#define MIN_INTERVAL 0.05
#define MAX_SECONDS  (366.0 * 24 * 3600)

static int
fail (const char *message)
{
  g_printerr ("memscape: %s\n", message);
  return 1;
}

/* A number of seconds: "1", "0.5", "2.5e1"; none negative, NaN or absurd. */
gboolean
ms_cli_parse_seconds (const char  *option,
                      const char  *text,
                      double       minimum,
                      double      *seconds,
                      GError     **error)
{
  char *end = NULL;
  double value;

  errno = 0;
  value = text != NULL ? g_ascii_strtod (text, &end) : NAN;
  if (text == NULL || end == text || *end != '\0' || errno != 0 || !isfinite (value) ||
      value < minimum || value > MAX_SECONDS)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   /* TRANSLATORS: "--interval needs a number of seconds of at least 0.05, not “x”" */
                   _("%s needs a number of seconds of at least %g, not “%s”"),
                   option, minimum, text != NULL ? text : "");
      return FALSE;
    }
  *seconds = value;
  return TRUE;
}

MsSnapshot *
ms_cli_read_open (const char  *open_path,
                  const char  *at_text,
                  GError     **error)
{
  double at = -1;

  if (!ms_recording_path_is_recording (open_path))
    {
      if (at_text != NULL)
        {
          g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                       _("--at needs a recording (--open FILE.memscape)"));
          return NULL;
        }
      return ms_read_file (open_path, NULL, error);
    }
  if (at_text != NULL && !ms_cli_parse_seconds ("--at", at_text, 0, &at, error))
    return NULL;
  return ms_recording_read_snapshot (open_path, at, error);
}

/* --- recording ------------------------------------------------------------ */

static void
show_progress (const MsSnapshot  *snapshot,
               MsRecordingWriter *writer,
               double             elapsed,
               gboolean           last)
{
  g_autofree char *size = g_format_size (ms_recording_writer_get_size (writer));
  guint n = ms_recording_writer_get_n_samples (writer);
  guint seconds = (guint) elapsed;

  /* One line, written over: "\r", the text, and "\033[K" to clear what a
   * longer line before left. */
  g_printerr ("\r");
  g_printerr (g_dngettext (GETTEXT_PACKAGE,
                           "memscape: recording process %d (%s): %u sample, %s, %u:%02u:%02u",
                           "memscape: recording process %d (%s): %u samples, %s, %u:%02u:%02u",
                           n),
              snapshot->pid, snapshot->name, n, size, seconds / 3600, seconds / 60 % 60, seconds % 60);
  g_printerr ("\033[K%s", last ? "\n" : "");
}

/* Waits until @deadline (monotonic µs) or one of @signals: TRUE for a signal. */
static gboolean
wait_until (gint64          deadline,
            const sigset_t *signals)
{
  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      struct timespec timeout;

      if (left <= 0)
        return FALSE;
      timeout.tv_sec = left / G_USEC_PER_SEC;
      timeout.tv_nsec = (left % G_USEC_PER_SEC) * 1000;
      if (sigtimedwait (signals, NULL, &timeout) > 0)
        return TRUE;
      if (errno != EAGAIN && errno != EINTR)
        return FALSE;
    }
}

int
ms_cli_record (const char *pid_text,
               const char *record_path,
               const char *interval_text,
               const char *duration_text)
{
  g_autoptr(MsRecordingWriter) writer = NULL;
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  gboolean progress = isatty (STDERR_FILENO);
  double interval = 1.0, duration = -1;
  gboolean line_ended = !progress;
  sigset_t signals, old;
  gint64 started, next;
  int pid, status = 0;

  if (pid_text == NULL)
    return fail (_("--record needs --pid PID: the process to record"));
  if (!ms_parse_pid (pid_text, &pid, &error) ||
      (interval_text != NULL && !ms_cli_parse_seconds ("--interval", interval_text, MIN_INTERVAL, &interval, &error)) ||
      (duration_text != NULL && !ms_cli_parse_seconds ("--duration", duration_text, 0, &duration, &error)))
    return fail (error->message);

  /* SIGINT, SIGTERM and SIGHUP end the recording, between two samples:
   * blocked, and waited for while waiting for the next sample. */
  sigemptyset (&signals);
  sigaddset (&signals, SIGINT);
  sigaddset (&signals, SIGTERM);
  sigaddset (&signals, SIGHUP);
  pthread_sigmask (SIG_BLOCK, &signals, &old);

  /* The process first: nothing is created for one that cannot be read. */
  started = g_get_monotonic_time ();
  snapshot = ms_read_pid (pid, NULL, &error);
  if (snapshot == NULL)
    {
      pthread_sigmask (SIG_SETMASK, &old, NULL);
      return fail (error->message);
    }
  writer = ms_recording_writer_create (record_path, &error);
  if (writer != NULL && !ms_recording_writer_add (writer, g_get_real_time (), snapshot, &error))
    {
      g_autofree char *wal = g_strconcat (record_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (record_path, "-shm", NULL);

      /* Not one sample: the file made a moment ago goes. */
      g_clear_pointer (&writer, ms_recording_writer_free);
      unlink (record_path);
      unlink (wal);
      unlink (shm);
    }
  if (writer == NULL)
    {
      pthread_sigmask (SIG_SETMASK, &old, NULL);
      return fail (error->message);
    }

  for (next = started + (gint64) (interval * G_USEC_PER_SEC); ; next += (gint64) (interval * G_USEC_PER_SEC))
    {
      g_autoptr(MsSnapshot) now = NULL;
      double elapsed;

      if (progress)
        show_progress (snapshot, writer, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC, FALSE);
      if (duration >= 0 && (next - started) / (double) G_USEC_PER_SEC > duration + 1e-6)
        break;
      if (wait_until (next, &signals))
        break;
      /* Behind (a slow read): the next sample comes one interval from now. */
      if (g_get_monotonic_time () > next + (gint64) (interval * G_USEC_PER_SEC))
        next = g_get_monotonic_time ();

      now = ms_read_pid_since (pid, snapshot, NULL, &error);
      elapsed = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
      if (now == NULL)
        {
          /* The process is gone: the recording ends with it. */
          if (!g_error_matches (error, MS_ERROR, MS_ERROR_NO_SUCH_PROCESS))
            status = 1;
          if (!line_ended)
            show_progress (snapshot, writer, elapsed, TRUE);
          line_ended = TRUE;
          g_printerr ("memscape: %s\n", error->message);
          g_clear_error (&error);
          break;
        }
      if (!ms_recording_writer_add (writer, g_get_real_time (), now, &error))
        {
          if (!line_ended)
            g_printerr ("\n");
          pthread_sigmask (SIG_SETMASK, &old, NULL);
          return fail (error->message);
        }
      g_clear_pointer (&snapshot, ms_snapshot_unref);
      snapshot = g_steal_pointer (&now);
    }

  if (!line_ended)
    show_progress (snapshot, writer, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC, TRUE);

  if (!ms_recording_writer_finish (writer, &error))
    status = fail (error->message);
  pthread_sigmask (SIG_SETMASK, &old, NULL);
  return status;
}
