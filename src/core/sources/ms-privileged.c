/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-privileged"

#include "config.h"

#include "ms-privileged.h"
#include "ms-privileged-private.h"

#include <glib/gi18n-lib.h>
#include <signal.h>
#include <string.h>

#include "ms-error.h"
#include "ms-process-list.h"
#include "ms-reader.h"
#include "ms-reader-private.h"

#define PID_MAX_LIMIT    4194304
#define STDERR_KEPT      4096

char *
ms_privileged_helper_path (void)
{
  const char *path = g_getenv ("MEMSCAPE_READER");

  if (path != NULL && *path != '\0')
    return g_strdup (path);
  return g_build_filename (LIBEXECDIR, "memscape-reader", NULL);
}

/* Flatpak puts this file in every sandbox; tests point elsewhere. */
static const char *flatpak_info_path = "/.flatpak-info";

void
_ms_privileged_set_flatpak_info (const char *path)
{
  flatpak_info_path = path != NULL ? path : "/.flatpak-info";
}

gboolean
ms_privileged_is_sandboxed (void)
{
  return g_file_test (flatpak_info_path, G_FILE_TEST_EXISTS);
}

/* Where the helper shipped in the app is, seen from the host: the app's files
 * (/app in the sandbox) are the app-path of /.flatpak-info on the host. */
static char *
host_helper_path (const char  *flatpak_info,
                  GError     **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *app_path = NULL;
  const char *relative = "libexec";

  if (!g_key_file_load_from_file (key_file, flatpak_info, G_KEY_FILE_NONE, NULL) ||
      (app_path = g_key_file_get_string (key_file, "Instance", "app-path", NULL)) == NULL ||
      !g_path_is_absolute (app_path) || strchr (app_path, '\n') != NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                   _("The reader cannot be started on the host: %s does not say where the app is installed"),
                   flatpak_info);
      return NULL;
    }

  if (g_str_has_prefix (LIBEXECDIR, "/app/"))
    relative = &LIBEXECDIR[strlen ("/app/")];
  return g_build_filename (app_path, relative, "memscape-reader", NULL);
}

char **
_ms_privileged_build_argv (const char            *flatpak_info,
                           gboolean               as_administrator,
                           const char * const    *request,
                           MsPrivilegedLauncher  *launcher,
                           GError               **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *runner = g_getenv ("MEMSCAPE_PRIVILEGED_RUNNER");
  g_autofree char *helper = ms_privileged_helper_path ();

  if (!g_file_test (helper, G_FILE_TEST_IS_EXECUTABLE))
    {
      if (as_administrator)
        g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                     _("Cannot read as administrator: %s is not installed"), helper);
      else
        g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                     _("Cannot read the host’s processes: %s is not installed"), helper);
      return NULL;
    }

  if (as_administrator && runner != NULL && *runner != '\0')
    {
      *launcher = MS_PRIVILEGED_LAUNCHER_RUNNER;
      g_ptr_array_add (argv, g_strdup (runner));
      g_ptr_array_add (argv, g_steal_pointer (&helper));
    }
  else if (flatpak_info != NULL && g_file_test (flatpak_info, G_FILE_TEST_EXISTS))
    {
      char *host_helper = host_helper_path (flatpak_info, error);

      if (host_helper == NULL)
        return NULL;
      *launcher = MS_PRIVILEGED_LAUNCHER_FLATPAK_SPAWN;
      g_ptr_array_add (argv, g_strdup ("flatpak-spawn"));
      g_ptr_array_add (argv, g_strdup ("--host"));
      if (as_administrator)
        g_ptr_array_add (argv, g_strdup ("pkexec"));
      g_ptr_array_add (argv, host_helper);
    }
  else if (as_administrator)
    {
      *launcher = MS_PRIVILEGED_LAUNCHER_PKEXEC;
      g_ptr_array_add (argv, g_strdup ("pkexec"));
      g_ptr_array_add (argv, g_steal_pointer (&helper));
    }
  else
    {
      *launcher = MS_PRIVILEGED_LAUNCHER_DIRECT;
      g_ptr_array_add (argv, g_steal_pointer (&helper));
    }

  for (guint i = 0; request[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (request[i]));
  g_ptr_array_add (argv, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&argv), FALSE);
}

typedef struct {
  MsPrivilegedRequest    request;
  int                    pid;
  char                 **argv;
  MsPrivilegedLauncher   launcher;
  gboolean               as_administrator;
} RunData;

static void
run_data_free (RunData *data)
{
  g_strfreev (data->argv);
  g_free (data);
}

/* The three things a run waits for: stdout and stderr to end, and the exit. */
typedef struct {
  MsPrivilegedFrame *frame;
  GSubprocess       *process;
  /* The pipes' reads are cancelled through a cancellable of this run's own,
   * cancelled only on the worker's thread: GIO 2.74's cancellable sources
   * (one per pending read) could leak when the caller's cancellable was
   * cancelled from the main thread while the worker disposed of them. */
  GCancellable      *io_cancellable;
  GString           *stderr_text;
  guint              pending;
  GError            *error;        /* the first failure of the streams themselves */
  GSource           *kill_source;  /* SIGKILL when SIGTERM was not enough */
  GMainContext      *context;      /* the worker's own */
} Run;

#define READ_SIZE (256 * 1024)

static void read_stdout  (GInputStream *stream,
                          Run          *run);
static void read_stderr  (GInputStream *stream,
                          Run          *run);
static void stop_process (Run          *run);

static void
run_failed (Run    *run,
            GError *error)
{
  if (run->error == NULL)
    run->error = error;
  else
    g_error_free (error);
}

/* TRUE when a read of one of the helper's pipes (@bytes, or NULL and @error,
 * which this takes) ended it: at its end, or failed or cancelled; then the
 * pipe is closed, so that a helper still writing ends, and the run waits
 * for one thing fewer. */
static gboolean
stream_ended (Run          *run,
              GInputStream *stream,
              GBytes       *bytes,
              GError       *error)
{
  if (bytes != NULL && g_bytes_get_size (bytes) > 0)
    return FALSE;

  if (bytes == NULL)
    {
      run_failed (run, error);
      g_input_stream_close (stream, NULL, NULL);
    }
  run->pending--;
  return TRUE;
}

static void
on_stdout (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;
  GError *error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  if (stream_ended (run, G_INPUT_STREAM (source), bytes, error))
    return;

  _ms_privileged_frame_feed (run->frame, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  /* A garbled answer is not worth reading on. */
  if (_ms_privileged_frame_is_garbled (run->frame))
    {
      g_input_stream_close (G_INPUT_STREAM (source), NULL, NULL);
      stop_process (run);
      run->pending--;
      return;
    }
  read_stdout (G_INPUT_STREAM (source), run);
}

static void
read_stdout (GInputStream *stream,
             Run          *run)
{
  g_input_stream_read_bytes_async (stream, READ_SIZE, G_PRIORITY_DEFAULT,
                                   run->io_cancellable, on_stdout, run);
}

static void
on_stderr (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;
  GError *error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  gsize size;

  if (stream_ended (run, G_INPUT_STREAM (source), bytes, error))
    return;

  /* Keep the start (pkexec's or flatpak-spawn's message), drain the rest. */
  size = g_bytes_get_size (bytes);
  if (run->stderr_text->len < STDERR_KEPT)
    g_string_append_len (run->stderr_text, g_bytes_get_data (bytes, NULL),
                         (gssize) MIN (size, STDERR_KEPT - run->stderr_text->len));
  read_stderr (G_INPUT_STREAM (source), run);
}

static void
read_stderr (GInputStream *stream,
             Run          *run)
{
  g_input_stream_read_bytes_async (stream, 4096, G_PRIORITY_DEFAULT,
                                   run->io_cancellable, on_stderr, run);
}

static void
on_wait (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;
  GError *error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error))
    run_failed (run, error);
  run->pending--;
}

static gboolean
on_kill_timeout (gpointer user_data)
{
  Run *run = user_data;

  g_subprocess_force_exit (run->process);
  return G_SOURCE_REMOVE;
}

/* Ends the run early (cancelled, or a garbled answer): pkexec asking for a
 * password, a test runner, or flatpak-spawn (which passes the signal on to
 * the host) get SIGTERM, then SIGKILL. The helper itself, once running as
 * root, cannot be signalled from here; it ends on its own a moment later, at
 * the latest at its next write into the pipe that is no longer read. */
static void
stop_process (Run *run)
{
  if (run->kill_source != NULL)
    return;

  g_subprocess_send_signal (run->process, SIGTERM);
  run->kill_source = g_timeout_source_new_seconds (2);
  g_source_set_callback (run->kill_source, on_kill_timeout, run, NULL);
  g_source_set_static_name (run->kill_source, "[memscape] kill privileged reader");
  g_source_attach (run->kill_source, g_main_context_get_thread_default ());
}

/* The caller cancelled: on the worker's thread, stop reading and end the
 * helper, unless the run has ended already. */
static gboolean
on_cancelled (gpointer user_data)
{
  Run *run = user_data;

  if (run->pending > 0)
    {
      g_cancellable_cancel (run->io_cancellable);
      stop_process (run);
    }
  return G_SOURCE_REMOVE;
}

/* On whichever thread cancelled: hand over to the worker's. */
static void
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  Run *run = user_data;
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, on_cancelled, run, NULL);
  g_source_set_static_name (source, "[memscape] cancel privileged reader");
  g_source_attach (source, run->context);
  g_source_unref (source);
}

/* The first line of what went to stderr, fit to be shown: valid UTF-8,
 * without control characters, not too long. */
static char *
first_line (const GString *text)
{
  g_autofree char *line = g_strndup (text->str, strcspn (text->str, "\n"));
  g_autofree char *valid = g_utf8_make_valid (g_strstrip (line), -1);
  GString *shown = g_string_new (NULL);

  for (const char *p = valid; *p != '\0' && shown->len < 200; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (shown, g_unichar_iscntrl (c) ? ' ' : c);
    }
  return g_string_free (shown, FALSE);
}

/* Why the helper gave no answer at all, from the runner's exit status. */
static void
set_no_answer_error (GError        **error,
                     const RunData  *data,
                     GSubprocess    *process,
                     const GString  *stderr_text)
{
  g_autofree char *line = first_line (stderr_text);
  g_autofree char *reason = NULL;
  int status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;

  if (status == 126 && data->as_administrator)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_AUTH_DISMISSED,
                   _("Authentication was dismissed: nothing was read as administrator"));
      return;
    }
  /* pkexec's 127 is "not authorized", and also "could not run it at all"
   * (no authentication agent, no such program): its message tells which. */
  if (status == 127 && data->as_administrator &&
      (*line == '\0' || strstr (line, "Not authorized") != NULL))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_NOT_AUTHORIZED,
                   _("Not authorized to read other users’ processes"));
      return;
    }

  /* …or it could not ask at all: no agent to show the password dialog
   * (pkexec says so), or polkit answered on D-Bus with an error, which
   * pkexec passes on raw. Say what is missing and what to do instead. */
  if (status == 127 && data->as_administrator &&
      (strstr (line, "No authentication agent") != NULL || strstr (line, "GDBus.Error") != NULL ||
       strstr (line, "Error checking for authorization") != NULL || strstr (line, "Error getting authority") != NULL))
    {
      gboolean no_polkit = strstr (line, "No authentication agent") == NULL &&
                           (strstr (line, "ServiceUnknown") != NULL || strstr (line, "Error getting authority") != NULL);

      g_debug ("pkexec: %s", line);

      if (no_polkit && data->pid > 0)
        g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                     _("Cannot read as administrator: the system’s authorization service, polkit, is not running. Install or start polkit, or capture the process in a terminal with “sudo cat /proc/%d/smaps > process.smaps” and open that file."),
                     data->pid);
      else if (no_polkit)
        g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                     _("Cannot read as administrator: the system’s authorization service, polkit, is not running. Install or start polkit, then try again."));
      else if (data->pid > 0)
        g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                     _("No authentication agent is running, so no administrator’s password can be asked for. Start your desktop’s polkit agent (any full desktop session has one) and try again, or capture the process in a terminal with “sudo cat /proc/%d/smaps > process.smaps” and open that file."),
                     data->pid);
      else
        g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                     _("No authentication agent is running, so no administrator’s password can be asked for. Start your desktop’s polkit agent (any full desktop session has one) and try again."));
      return;
    }

  if (*line != '\0')
    reason = g_steal_pointer (&line);
  else if (status >= 0)
    reason = g_strdup_printf (_("exit status %d"), status);
  else
    reason = g_strdup_printf (_("killed by signal %d"), g_subprocess_get_term_sig (process));

  if (status == 2)
    g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                 _("memscape-reader refused the request: %s"), reason);
  else if (data->launcher == MS_PRIVILEGED_LAUNCHER_FLATPAK_SPAWN)
    g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                 _("The reader could not be started on the host: %s"), reason);
  else
    g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                 _("memscape-reader could not run: %s"), reason);
}

static void
free_result (MsPrivilegedRequest request,
             gpointer            result)
{
  if (request == MS_PRIVILEGED_READ)
    ms_snapshot_unref (result);
  else if (request == MS_PRIVILEGED_PROBE)
    g_free (result);
  else
    g_ptr_array_unref (result);
}

/* Runs the helper once. *torn: a read's answer was whole, but the map
 * changed while the helper read it. */
static gpointer
run_helper (const RunData  *data,
            GCancellable   *cancellable,
            gboolean       *torn,
            GError        **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(MsPrivilegedFrame) frame = _ms_privileged_frame_new (data->request, data->pid);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) stderr_text = g_string_new (NULL);
  Run run = { 0 };
  /* This worker's own context: the helper's pipes and exit are dispatched
   * here and nowhere else, and whatever the streams leave attached goes
   * with it. (The thread-default context of a GTask worker is the global
   * one, which the main thread iterates too.) */
  g_autoptr(GMainContext) context = g_main_context_new ();
  gulong cancelled_id = 0;
  gpointer result;
  int status;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) data->argv, &local_error);
  if (process == NULL)
    {
      if (data->launcher == MS_PRIVILEGED_LAUNCHER_PKEXEC &&
          g_error_matches (local_error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT))
        g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                     _("Cannot read as administrator: pkexec is not installed (it comes with polkit)"));
      else if (data->launcher == MS_PRIVILEGED_LAUNCHER_FLATPAK_SPAWN)
        g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                     _("The reader could not be started on the host: %s"), local_error->message);
      else
        g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                     _("memscape-reader could not run: %s"), local_error->message);
      return NULL;
    }

  g_main_context_push_thread_default (context);

  run.frame = frame;
  run.process = process;
  run.io_cancellable = g_cancellable_new ();
  run.stderr_text = stderr_text;
  run.pending = 3;
  read_stdout (g_subprocess_get_stdout_pipe (process), &run);
  read_stderr (g_subprocess_get_stderr_pipe (process), &run);
  /* Not cancellable: the run always waits for the exit (GSubprocess would
   * miss a cancellable that was cancelled already). */
  g_subprocess_wait_async (process, NULL, on_wait, &run);
  /* The caller's cancellable is watched with a plain handler, which only
   * queues the work for this thread: no cancellable source of GIO's is
   * disposed of here while another thread is cancelling (GLib 2.74 leaks
   * such a source). */
  run.context = context;
  if (cancellable != NULL)
    cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled), &run, NULL);
  while (run.pending > 0)
    g_main_context_iteration (context, TRUE);

  /* Waits for a handler running on another thread; after it, nothing
   * new is queued. Then what was queued runs, and the streams' last
   * callbacks, before the context is left. */
  g_cancellable_disconnect (cancellable, cancelled_id);
  while (g_main_context_iteration (context, FALSE))
    ;
  if (run.kill_source != NULL)
    {
      g_source_destroy (run.kill_source);
      g_source_unref (run.kill_source);
    }
  g_main_context_pop_thread_default (context);
  g_clear_object (&run.io_cancellable);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_clear_error (&run.error);
      return NULL;
    }
  if (run.error != NULL)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                   _("memscape-reader could not be read: %s"), run.error->message);
      g_clear_error (&run.error);
      return NULL;
    }

  if (_ms_privileged_frame_get_length (frame) == 0 && !_ms_privileged_frame_is_garbled (frame))
    {
      set_no_answer_error (error, data, process, stderr_text);
      return NULL;
    }

  if (data->request == MS_PRIVILEGED_READ)
    result = _ms_privileged_frame_finish_read (frame, &local_error);
  else if (data->request == MS_PRIVILEGED_PROBE)
    {
      MsPrivilegedProbe *probe = g_new0 (MsPrivilegedProbe, 1);

      if (!_ms_privileged_frame_finish_probe (frame, probe, &local_error))
        g_clear_pointer (&probe, g_free);
      result = probe;
    }
  else
    result = _ms_privileged_frame_finish_list (frame, &local_error);

  /* A whole answer agrees with the exit status: 0 for an answer (torn or
   * not), 1 for an error record. Anything else is a helper that did not
   * finish its work. */
  *torn = data->request == MS_PRIVILEGED_READ && _ms_privileged_frame_is_torn (frame);
  status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  if ((result != NULL || *torn) ? status != 0
                                : !g_error_matches (local_error, MS_ERROR, MS_ERROR_MALFORMED) && status != 1)
    {
      if (result != NULL)
        free_result (data->request, result);
      *torn = FALSE;
      g_set_error (error, MS_ERROR, MS_ERROR_HELPER_FAILED,
                   _("memscape-reader ended with status %d after its answer"), status);
      return NULL;
    }

  if (result == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return result;
}

/* run_helper(), asked again while the answer is torn: a map that changed
 * while the helper read it is read again, as the direct reader reads again
 * (see read_pid() in ms-reader.c). */
static gpointer
run_helper_until_whole (const RunData  *data,
                        GCancellable   *cancellable,
                        GError        **error)
{
  for (guint attempt = 1;; attempt++)
    {
      GError *local_error = NULL;
      gboolean torn = FALSE;
      gpointer result = run_helper (data, cancellable, &torn, &local_error);

      if (!torn || attempt == MS_READ_MAX_ATTEMPTS)
        {
          if (result == NULL)
            g_propagate_error (error, local_error);
          return result;
        }
      g_debug ("Process %d changed while the helper read its smaps (try %u of %u)",
               data->pid, attempt, MS_READ_MAX_ATTEMPTS);
      g_clear_error (&local_error);
    }
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  GMainContext *context = g_main_context_new ();
  GError *error = NULL;
  gpointer result;

  g_main_context_push_thread_default (context);
  result = run_helper_until_whole (data, cancellable, &error);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);

  if (result == NULL)
    g_task_return_error (task, error);
  else if (data->request == MS_PRIVILEGED_READ)
    g_task_return_pointer (task, result, (GDestroyNotify) ms_snapshot_unref);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
}

static void
run_async (GTask               *task,
           gboolean             as_administrator,
           MsPrivilegedRequest  request,
           int                  pid,
           const char * const  *argv_request)
{
  MsPrivilegedLauncher launcher;
  GError *error = NULL;
  RunData *data;
  char **argv;

  argv = _ms_privileged_build_argv (flatpak_info_path, as_administrator, argv_request, &launcher, &error);
  if (argv == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (RunData, 1);
  data->request = request;
  data->pid = pid;
  data->argv = argv;
  data->launcher = launcher;
  data->as_administrator = as_administrator;
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_set_check_cancellable (task, TRUE);
  g_task_run_in_thread (task, run_thread);
}

static gboolean
check_pid (GTask *task,
           int    pid)
{
  if (pid > 0 && pid <= PID_MAX_LIMIT)
    return TRUE;

  g_task_return_new_error (task, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                           _("“%d” is not a process ID: give a positive whole number"), pid);
  return FALSE;
}

gpointer
_ms_privileged_run (gboolean              as_administrator,
                    MsPrivilegedRequest   request,
                    int                   pid,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_autoptr(GMainContext) context = NULL;
  const char *argv_request[3] = { NULL, NULL, NULL };
  char pid_text[16];
  RunData data = { 0 };
  gpointer result;

  if (request != MS_PRIVILEGED_LIST)
    {
      if (pid <= 0 || pid > PID_MAX_LIMIT)
        {
          g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                       _("“%d” is not a process ID: give a positive whole number"), pid);
          return NULL;
        }
      g_snprintf (pid_text, sizeof pid_text, "%d", pid);
      argv_request[1] = pid_text;
    }
  argv_request[0] = request == MS_PRIVILEGED_READ ? "read" : request == MS_PRIVILEGED_LIST ? "list" : "probe";

  data.argv = _ms_privileged_build_argv (flatpak_info_path, as_administrator, argv_request,
                                         &data.launcher, error);
  if (data.argv == NULL)
    return NULL;
  data.request = request;
  data.pid = pid;
  data.as_administrator = as_administrator;

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  result = run_helper_until_whole (&data, cancellable, error);
  g_main_context_pop_thread_default (context);
  g_strfreev (data.argv);

  return result;
}

void
ms_privileged_read_pid_async (int                  pid,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  char pid_text[16];
  const char *request[] = { "read", pid_text, NULL };

  g_task_set_source_tag (task, ms_privileged_read_pid_async);
  g_task_set_name (task, "[memscape] read pid as administrator");

  if (!check_pid (task, pid))
    return;
  g_snprintf (pid_text, sizeof pid_text, "%d", pid);
  run_async (task, TRUE, MS_PRIVILEGED_READ, pid, request);
}

MsSnapshot *
ms_privileged_read_pid_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ms_privileged_read_pid_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ms_privileged_list_async (GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  const char *request[] = { "list", NULL };

  g_task_set_source_tag (task, ms_privileged_list_async);
  g_task_set_name (task, "[memscape] list processes as administrator");
  run_async (task, TRUE, MS_PRIVILEGED_LIST, 0, request);
}

GPtrArray *
ms_privileged_list_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ms_privileged_list_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
