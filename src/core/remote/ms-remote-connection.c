/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-remote"

#include "config.h"

#include "ms-remote-connection.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-reader-private.h"
#include "ms-snapshot.h"
#include "ms-text.h"

#define CONNECT_TIMEOUT_MS  (120 * 1000)
#define ANSWER_TIMEOUT_MS   (30 * 1000)
#define READ_CHUNK          (256 * 1024)
#define STDERR_KEEP         2048

struct _MsRemoteConnection
{
  GObject         parent_instance;

  char          **argv;
  char           *label;
  MsRemoteAs      as;
  char           *package;
  GMainContext   *context;       /* where `lost` is notified */

  /* What the UI asks (lost, error, has_helper, the generation) is under
   * state_lock, held only for moments: the main thread never waits for a
   * request. The rest is under lock, held for a whole request. */
  GMutex          state_lock;
  gboolean        has_helper;
  gboolean        lost;
  GError         *error;
  guint           generation;    /* one more at each reconnect */

  GMutex          lock;          /* everything below; one request at a time */
  guint           transport_generation;   /* of the transport running */
  GSubprocess    *process;
  int             in_fd;         /* the transport's stdin, stdout, stderr */
  int             out_fd;
  int             err_fd;
  MsRemoteParser *parser;
  char            nonce[MS_REMOTE_NONCE_LENGTH + 1];
  GString        *stderr_tail;
  GHashTable     *users;
  char           *buffer;
};

enum {
  PROP_0,
  PROP_LOST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MsRemoteConnection, ms_remote_connection, G_TYPE_OBJECT)

static int
timeout_ms (int fallback)
{
  const char *text = g_getenv ("MEMSCAPE_REMOTE_TIMEOUT");
  double seconds;

  if (text == NULL || *text == '\0')
    return fallback;
  seconds = g_ascii_strtod (text, NULL);
  if (!(seconds > 0.0 && seconds < 3600.0))
    return fallback;
  return (int) (seconds * 1000);
}

/* --- the label ------------------------------------------------------------- */

/* The machine a transport command reaches, for the UI: ssh's host, adb's
 * serial, the container of an exec, else the command itself. */
static char *
label_for_argv (const char * const *argv)
{
  g_autofree char *program = g_path_get_basename (argv[0]);
  /* ssh's options that take an argument */
  static const char ssh_with_arg[] = "BbcDEeFIiJLlmOopQRSWw";

  if (strcmp (program, "ssh") == 0)
    {
      for (guint i = 1; argv[i] != NULL; i++)
        {
          if (strcmp (argv[i], "--") == 0)
            return argv[i + 1] != NULL ? g_strdup (argv[i + 1]) : NULL;
          if (argv[i][0] != '-')
            return g_strdup (argv[i]);
          if (argv[i][1] != '\0' && argv[i][2] == '\0' && strchr (ssh_with_arg, argv[i][1]) != NULL &&
              argv[i + 1] != NULL)
            i++;
        }
    }
  else if (strcmp (program, "adb") == 0)
    {
      for (guint i = 1; argv[i] != NULL; i++)
        if (strcmp (argv[i], "-s") == 0 && argv[i + 1] != NULL)
          return g_strdup (argv[i + 1]);
      return g_strdup (_("Android device"));
    }
  else if (strcmp (program, "kubectl") == 0 || strcmp (program, "docker") == 0 ||
           strcmp (program, "podman") == 0 || strcmp (program, "oc") == 0)
    {
      gboolean after_exec = FALSE;

      for (guint i = 1; argv[i] != NULL; i++)
        {
          if (strcmp (argv[i], "exec") == 0)
            after_exec = TRUE;
          else if (after_exec && argv[i][0] != '-')
            return g_strdup (argv[i]);
          else if (after_exec && (strcmp (argv[i], "-c") == 0 || strcmp (argv[i], "-n") == 0 ||
                                  strcmp (argv[i], "-u") == 0 || strcmp (argv[i], "-w") == 0 ||
                                  strcmp (argv[i], "-e") == 0) && argv[i + 1] != NULL)
            i++;
        }
    }

  return g_strjoinv (" ", (char **) argv);
}

/* --- construction ---------------------------------------------------------- */

MsRemoteConnection *
ms_remote_connection_new (const char * const *argv,
                          const char         *label,
                          MsRemoteAs          as,
                          const char         *package)
{
  MsRemoteConnection *self;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);
  g_return_val_if_fail ((as == MS_REMOTE_AS_APP) == (package != NULL), NULL);

  self = g_object_new (MS_TYPE_REMOTE_CONNECTION, NULL);
  self->argv = g_strdupv ((char **) argv);
  self->label = label != NULL ? g_strdup (label) : label_for_argv (argv);
  if (self->label == NULL)
    self->label = g_strdup (argv[0]);
  self->as = as;
  self->package = g_strdup (package);
  return self;
}

MsRemoteConnection *
ms_remote_connection_new_for_command (const char  *command,
                                      MsRemoteAs   as,
                                      const char  *package,
                                      GError     **error)
{
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) local_error = NULL;

  if (command == NULL || !g_shell_parse_argv (command, NULL, &argv, &local_error))
    {
      g_autofree char *shown = ms_display_text (command != NULL ? command : "", -1);

      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   _("The command “%s” does not split into words: %s"), shown,
                   local_error != NULL ? local_error->message : _("it is empty"));
      return NULL;
    }
  return ms_remote_connection_new ((const char * const *) argv, NULL, as, package);
}

/* A host, serial or package name that cannot pass for an option of the
 * transport, nor hold anything a shell would read: letters, digits and
 * @extra. */
static gboolean
is_plain_name (const char *text,
               const char *extra)
{
  if (text == NULL || *text == '\0' || *text == '-' || strlen (text) > 255)
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && strchr (extra, *c) == NULL)
      return FALSE;
  return TRUE;
}

MsRemoteConnection *
ms_remote_connection_new_for_transport (MsRemoteTransport   transport,
                                        const char         *target,
                                        MsRemoteAs          as,
                                        const char         *package,
                                        GError            **error)
{
  g_return_val_if_fail (target != NULL, NULL);

  if (as == MS_REMOTE_AS_APP && !is_plain_name (package, "._"))
    {
      g_set_error_literal (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                           _("--run-as needs an app’s package name, such as com.example.app"));
      return NULL;
    }

  switch (transport)
    {
    case MS_REMOTE_TRANSPORT_SSH:
      {
        /* `sh` as the command: the login shell may not be a POSIX one */
        const char *argv[] = { "ssh", "-T", "--", target, "sh", NULL };

        if (!is_plain_name (target, "._-@:[]%"))
          {
            g_autofree char *shown = ms_display_text (target, -1);

            g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                         _("“%s” is not a host name: give [USER@]HOST, or use --via for anything else"), shown);
            return NULL;
          }
        return ms_remote_connection_new (argv, target, as, package);
      }

    case MS_REMOTE_TRANSPORT_ADB:
      {
        const char *argv[] = { "adb", "-s", target, "shell", NULL };
        const char *any[] = { "adb", "shell", NULL };

        if (*target == '\0')
          return ms_remote_connection_new (any, NULL, as, package);
        if (!is_plain_name (target, "._-:"))
          {
            g_set_error_literal (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                                 _("--adb needs a device’s serial, as `adb devices` lists it"));
            return NULL;
          }
        return ms_remote_connection_new (argv, NULL, as, package);
      }

    case MS_REMOTE_TRANSPORT_COMMAND:
    default:
      return ms_remote_connection_new_for_command (target, as, package, error);
    }
}

const char *
ms_remote_connection_get_label (MsRemoteConnection *self)
{
  g_return_val_if_fail (MS_IS_REMOTE_CONNECTION (self), NULL);
  return self->label;
}

const char * const *
ms_remote_connection_get_argv (MsRemoteConnection *self)
{
  g_return_val_if_fail (MS_IS_REMOTE_CONNECTION (self), NULL);
  return (const char * const *) self->argv;
}

MsRemoteAs
ms_remote_connection_get_as (MsRemoteConnection *self)
{
  g_return_val_if_fail (MS_IS_REMOTE_CONNECTION (self), MS_REMOTE_AS_USER);
  return self->as;
}

gboolean
ms_remote_connection_get_lost (MsRemoteConnection *self)
{
  gboolean lost;

  g_return_val_if_fail (MS_IS_REMOTE_CONNECTION (self), FALSE);
  g_mutex_lock (&self->state_lock);
  lost = self->lost;
  g_mutex_unlock (&self->state_lock);
  return lost;
}

GError *
ms_remote_connection_dup_error (MsRemoteConnection *self)
{
  GError *error;

  g_return_val_if_fail (MS_IS_REMOTE_CONNECTION (self), NULL);
  g_mutex_lock (&self->state_lock);
  error = self->error != NULL ? g_error_copy (self->error) : NULL;
  g_mutex_unlock (&self->state_lock);
  return error;
}

gboolean
ms_remote_connection_has_helper (MsRemoteConnection *self)
{
  gboolean has_helper;

  g_return_val_if_fail (MS_IS_REMOTE_CONNECTION (self), FALSE);
  g_mutex_lock (&self->state_lock);
  has_helper = self->has_helper;
  g_mutex_unlock (&self->state_lock);
  return has_helper;
}

GPid
_ms_remote_connection_get_transport_pid (MsRemoteConnection *self)
{
  GPid pid = 0;
  const char *id;

  g_mutex_lock (&self->lock);
  if (self->process != NULL && (id = g_subprocess_get_identifier (self->process)) != NULL)
    pid = (GPid) g_ascii_strtoll (id, NULL, 10);
  g_mutex_unlock (&self->lock);
  return pid;
}

/* --- the transport ----------------------------------------------------------- */

static gboolean
notify_lost (gpointer data)
{
  g_object_notify_by_pspec (G_OBJECT (data), properties[PROP_LOST]);
  return G_SOURCE_REMOVE;
}

/* Ends the transport. Locked. */
static void
stop_transport (MsRemoteConnection *self)
{
  if (self->process == NULL)
    return;
  /* closing stdin ends the script's loop; the kill ends a transport that
   * does not notice (and ssh at once) */
  g_clear_object (&self->process);
  if (self->in_fd >= 0)
    close (self->in_fd);
  self->in_fd = self->out_fd = self->err_fd = -1;
  g_clear_pointer (&self->parser, ms_remote_parser_free);
}

static void
kill_transport (MsRemoteConnection *self)
{
  if (self->process != NULL)
    {
      GSubprocess *process = g_object_ref (self->process);

      stop_transport (self);
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      g_object_unref (process);
    }
}

/* The last line the transport wrote on stderr, shown. (transfer full) */
static char *
stderr_last_line (MsRemoteConnection *self)
{
  g_autofree char *text = g_strndup (self->stderr_tail->str, self->stderr_tail->len);
  char *line;
  char *end;

  g_strchomp (text);
  line = strrchr (text, '\n');
  line = line != NULL ? line + 1 : text;
  /* a carriage return ends what a terminal would show */
  end = strchr (line, '\r');
  if (end != NULL)
    *end = '\0';
  return ms_display_text (line, -1);
}

/* Loses the connection with @error (taken), kills the transport, and sets
 * the request's error: @error itself. Locked. */
static void
lose (MsRemoteConnection  *self,
      GError              *error,
      GError             **request_error)
{
  gboolean was_lost;

  kill_transport (self);
  g_mutex_lock (&self->state_lock);
  was_lost = self->lost;
  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  self->lost = TRUE;
  g_mutex_unlock (&self->state_lock);
  g_propagate_error (request_error, error);
  if (!was_lost)
    {
      /* in an idle of that context, never now: nothing runs under the locks */
      GSource *idle = g_idle_source_new ();

      g_source_set_callback (idle, notify_lost, g_object_ref (self), g_object_unref);
      g_source_set_static_name (idle, "[memscape] remote connection lost");
      g_source_attach (idle, self->context);
      g_source_unref (idle);
    }
}

static void
lose_ended (MsRemoteConnection  *self,
            GError             **error)
{
  g_autofree char *last = stderr_last_line (self);
  GError *lost_error;

  if (*last != '\0')
    /* TRANSLATORS: the first %s is a machine ("server"), the second what the transport said last */
    lost_error = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                              _("The connection to %s ended: %s"), self->label, last);
  else
    lost_error = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                              _("The connection to %s ended"), self->label);
  lose (self, lost_error, error);
}

static void
keep_stderr (MsRemoteConnection *self)
{
  char piece[4096];
  ssize_t n = read (self->err_fd, piece, sizeof piece);

  if (n <= 0)
    {
      self->err_fd = -1;   /* at its end (the stream itself closes with the process) */
      return;
    }
  g_string_append_len (self->stderr_tail, piece, n);
  if (self->stderr_tail->len > STDERR_KEEP)
    g_string_erase (self->stderr_tail, 0, (gssize) (self->stderr_tail->len - STDERR_KEEP));
}

/* Writes @text whole, waiting at most the answer timeout. Locked. */
static gboolean
send_text (MsRemoteConnection  *self,
           const char          *text,
           GError             **error)
{
  gsize length = strlen (text);

  while (length > 0)
    {
      struct pollfd fds[2] = { { self->in_fd, POLLOUT, 0 }, { self->err_fd, POLLIN, 0 } };
      int ready = poll (fds, self->err_fd >= 0 ? 2 : 1, timeout_ms (ANSWER_TIMEOUT_MS));
      ssize_t n;

      if (ready < 0 && errno == EINTR)
        continue;
      if (ready <= 0)
        {
          lose (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                   _("The connection to %s stopped taking requests"), self->label),
                error);
          return FALSE;
        }
      if (self->err_fd >= 0 && (fds[1].revents & (POLLIN | POLLHUP)))
        keep_stderr (self);
      if (!(fds[0].revents & (POLLOUT | POLLERR | POLLHUP)))
        continue;
      n = write (self->in_fd, text, length);
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (n <= 0)
        {
          lose_ended (self, error);
          return FALSE;
        }
      text += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* Reads until the parser has the ready line (@ready) or the whole answer,
 * waiting at most @timeout without a byte. Locked. */
static gboolean
receive (MsRemoteConnection  *self,
         gboolean             ready,
         int                  timeout,
         GError             **error)
{
  /* a side that trickles a byte now and then is cut off all the same */
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout * 10 * 1000;

  while (ready ? !ms_remote_parser_is_ready (self->parser) : !ms_remote_parser_is_done (self->parser))
    {
      struct pollfd fds[2] = { { self->out_fd, POLLIN, 0 }, { self->err_fd, POLLIN, 0 } };
      int n_ready;
      ssize_t n;
      gsize taken;

      if (ms_remote_parser_is_garbled (self->parser))
        break;
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *seconds = g_strdup_printf ("%d", timeout / 100);

          /* TRANSLATORS: the first %s is a machine ("server"), the second a number of seconds */
          lose (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                   _("The connection to %s answered too slowly (more than %s s for one answer)"),
                                   self->label, seconds),
                error);
          return FALSE;
        }

      n_ready = poll (fds, self->err_fd >= 0 ? 2 : 1, timeout);
      if (n_ready < 0 && errno == EINTR)
        continue;
      if (n_ready == 0)
        {
          g_autofree char *seconds = g_strdup_printf ("%d", timeout / 1000);

          /* TRANSLATORS: the first %s is a machine ("server"), the second a number of seconds */
          lose (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                   _("The connection to %s stopped answering (nothing came for %s s)"),
                                   self->label, seconds),
                error);
          return FALSE;
        }
      if (n_ready < 0)
        {
          lose_ended (self, error);
          return FALSE;
        }
      if (self->err_fd >= 0 && (fds[1].revents & (POLLIN | POLLHUP)))
        keep_stderr (self);
      if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;

      n = read (self->out_fd, self->buffer, READ_CHUNK);
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (n <= 0)
        {
          /* what it said last, once it has said all */
          while (self->err_fd >= 0)
            {
              struct pollfd err = { self->err_fd, POLLIN, 0 };

              if (poll (&err, 1, 200) <= 0)
                break;
              keep_stderr (self);
            }
          lose_ended (self, error);
          return FALSE;
        }
      taken = ms_remote_parser_feed (self->parser, self->buffer, (gsize) n);
      if (taken < (gsize) n && !ms_remote_parser_is_garbled (self->parser))
        {
          /* nothing may follow the ready line or an answer unasked */
          lose (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                   _("The other machine (%s) sent something unasked"), self->label),
                error);
          return FALSE;
        }
    }

  if (ms_remote_parser_is_garbled (self->parser))
    {
      GError *garbled = NULL;

      ms_remote_parser_check (self->parser, &garbled);
      lose (self, garbled, error);
      return FALSE;
    }
  return TRUE;
}

/* "N=NONCE" and the script, then the ready line. Locked. */
static gboolean
send_script (MsRemoteConnection  *self,
             GError             **error)
{
  g_autofree char *preamble = g_strdup_printf ("N=%s\n", self->nonce);

  return send_text (self, preamble, error) &&
         send_text (self, ms_remote_script (), error) &&
         receive (self, TRUE, timeout_ms (CONNECT_TIMEOUT_MS), error);
}

static void
make_nonce (char *nonce)
{
  guint8 bytes[MS_REMOTE_NONCE_LENGTH / 2];

  if (getrandom (bytes, sizeof bytes, 0) != (ssize_t) sizeof bytes)
    for (guint i = 0; i < sizeof bytes; i++)
      bytes[i] = (guint8) g_random_int_range (0, 256);
  for (guint i = 0; i < sizeof bytes; i++)
    g_snprintf (nonce + 2 * i, 3, "%02x", bytes[i]);
}

/* In the transport, after fork: SIGPIPE as the other side expects it (this
 * process ignores it, and an ignored signal would stay ignored across exec). */
static void
reset_sigpipe (gpointer data)
{
  signal (SIGPIPE, SIG_DFL);
}

/* Starts the transport and the script, becomes administrator or the app
 * when asked, and learns the other side's user names. Locked. */
static gboolean
start_transport (MsRemoteConnection  *self,
                 GError             **error)
{
  g_autoptr(GError) spawn_error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GInputStream *out, *err;
  GOutputStream *in;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, reset_sigpipe, NULL, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) self->argv, &spawn_error);
  if (self->process == NULL)
    {
      g_autofree char *program = ms_display_text (self->argv[0], -1);

      /* TRANSLATORS: the first %s is a program ("ssh"), the second why it did not start */
      lose (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                               _("Could not start %s: %s"), program, spawn_error->message),
            error);
      return FALSE;
    }

  in = g_subprocess_get_stdin_pipe (self->process);
  out = g_subprocess_get_stdout_pipe (self->process);
  err = g_subprocess_get_stderr_pipe (self->process);
  self->in_fd = dup (g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (in)));
  self->out_fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (out));
  self->err_fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (err));
  /* our copy of stdin is what we close to end the script; GSubprocess's own
   * closes with it */
  g_output_stream_close (in, NULL, NULL);
  /* a larger pipe: fewer switches between the transport's writes and our
   * reads of a long smaps (best effort: a limit may refuse it) */
  fcntl (self->out_fd, F_SETPIPE_SZ, 1024 * 1024);
  fcntl (self->in_fd, F_SETFL, fcntl (self->in_fd, F_GETFL) | O_NONBLOCK);
  fcntl (self->in_fd, F_SETFD, FD_CLOEXEC);
  g_string_truncate (self->stderr_tail, 0);

  make_nonce (self->nonce);
  self->parser = ms_remote_parser_new (self->nonce);
  if (!send_script (self, error))
    return FALSE;

  if (self->as != MS_REMOTE_AS_USER)
    {
      g_autofree char *line = self->as == MS_REMOTE_AS_SUDO ? g_strdup ("sudo\n")
                              : self->as == MS_REMOTE_AS_SU ? g_strdup ("su\n")
                              : g_strdup_printf ("run-as %s\n", self->package);

      ms_remote_parser_begin_exec (self->parser);
      if (!send_text (self, line, error) ||
          !receive (self, FALSE, timeout_ms (ANSWER_TIMEOUT_MS), error))
        return FALSE;
      ms_remote_parser_restart (self->parser);
      if (!send_script (self, error))
        return FALSE;
    }
  g_mutex_lock (&self->state_lock);
  self->has_helper = ms_remote_parser_has_helper (self->parser);
  g_mutex_unlock (&self->state_lock);

  /* The other side's names of its users; a side without /etc/passwd
   * (Android) shows numbers. */
  ms_remote_parser_begin (self->parser, MS_REMOTE_REQUEST_USERS, 0);
  if (!send_text (self, "users\n", error) ||
      !receive (self, FALSE, timeout_ms (ANSWER_TIMEOUT_MS), error))
    return FALSE;
  {
    g_autofree char *passwd = ms_remote_parser_finish_text (self->parser, NULL);

    g_clear_pointer (&self->users, g_hash_table_unref);
    if (passwd != NULL)
      self->users = ms_remote_parse_users (passwd);
  }
  return TRUE;
}

static gpointer
finish_request (MsRemoteConnection  *self,
                MsRemoteRequest      request,
                gboolean            *torn,
                GError             **error)
{
  ms_remote_parser_set_users (self->parser, self->users);
  switch (request)
    {
    case MS_REMOTE_REQUEST_READ:
      return ms_remote_parser_finish_read (self->parser, torn, error);
    case MS_REMOTE_REQUEST_LIST:
      return ms_remote_parser_finish_list (self->parser, error);
    case MS_REMOTE_REQUEST_PIDS:
      return ms_remote_parser_finish_pids (self->parser, error);
    case MS_REMOTE_REQUEST_PROBE:
      {
        guint64 fingerprint = 0;
        guint n_regions = 0;
        guint64 *pair;

        if (!ms_remote_parser_finish_probe (self->parser, &fingerprint, &n_regions, error))
          return NULL;
        pair = g_new (guint64, 2);
        pair[0] = fingerprint;
        pair[1] = n_regions;
        return pair;
      }
    case MS_REMOTE_REQUEST_MEMINFO:
    case MS_REMOTE_REQUEST_USERS:
    default:
      return ms_remote_parser_finish_text (self->parser, error);
    }
}

static const char *
request_word (MsRemoteRequest request)
{
  switch (request)
    {
    case MS_REMOTE_REQUEST_LIST: return "list";
    case MS_REMOTE_REQUEST_PIDS: return "pids";
    case MS_REMOTE_REQUEST_READ: return "read";
    case MS_REMOTE_REQUEST_PROBE: return "probe";
    case MS_REMOTE_REQUEST_MEMINFO: return "meminfo";
    case MS_REMOTE_REQUEST_USERS:
    default: return "users";
    }
}

/* One request and its answer. Locked. */
static gpointer
request_once (MsRemoteConnection  *self,
              MsRemoteRequest      request,
              int                  pid,
              gboolean            *torn,
              GError             **error)
{
  g_autofree char *line = NULL;
  guint generation;

  g_mutex_lock (&self->state_lock);
  generation = self->generation;
  if (self->lost)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, self->error->message);
      g_mutex_unlock (&self->state_lock);
      return NULL;
    }
  g_mutex_unlock (&self->state_lock);
  /* reconnected since this transport started: a new one */
  if (self->process != NULL && self->transport_generation != generation)
    kill_transport (self);
  if (self->process == NULL)
    {
      self->transport_generation = generation;
      if (!start_transport (self, error))
        return NULL;
    }

  if (request == MS_REMOTE_REQUEST_READ || request == MS_REMOTE_REQUEST_PROBE)
    line = g_strdup_printf ("%s %d\n", request_word (request), pid);
  else
    line = g_strdup_printf ("%s\n", request_word (request));

  ms_remote_parser_begin (self->parser, request, pid);
  if (!send_text (self, line, error) ||
      !receive (self, FALSE, timeout_ms (ANSWER_TIMEOUT_MS), error))
    return NULL;
  return finish_request (self, request, torn, error);
}

gpointer
ms_remote_connection_request (MsRemoteConnection  *self,
                              MsRemoteRequest      request,
                              int                  pid,
                              GCancellable        *cancellable,
                              GError             **error)
{
  gpointer result = NULL;

  g_return_val_if_fail (MS_IS_REMOTE_CONNECTION (self), NULL);

  if ((request == MS_REMOTE_REQUEST_READ || request == MS_REMOTE_REQUEST_PROBE) &&
      (pid <= 0 || pid > 4194304))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   _("“%d” is not a process ID: give a positive whole number"), pid);
      return NULL;
    }

  g_mutex_lock (&self->lock);
  for (guint attempt = 0; attempt < MS_READ_MAX_ATTEMPTS; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean torn = FALSE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      result = request_once (self, request, pid, &torn, &local_error);
      /* a map that changed while it was read: read again, as locally */
      if (result != NULL || !torn || attempt + 1 == MS_READ_MAX_ATTEMPTS)
        {
          if (result == NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          break;
        }
    }
  g_mutex_unlock (&self->lock);
  return result;
}

void
ms_remote_connection_reconnect (MsRemoteConnection *self)
{
  gboolean was_lost;

  g_return_if_fail (MS_IS_REMOTE_CONNECTION (self));
  /* the next request starts a new transport; no wait for one in flight */
  g_mutex_lock (&self->state_lock);
  was_lost = self->lost;
  self->lost = FALSE;
  g_clear_error (&self->error);
  self->generation++;
  g_mutex_unlock (&self->state_lock);
  if (was_lost)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOST]);
}

void
ms_remote_connection_close (MsRemoteConnection *self)
{
  g_return_if_fail (MS_IS_REMOTE_CONNECTION (self));
  g_mutex_lock (&self->lock);
  kill_transport (self);
  g_mutex_unlock (&self->lock);
}

/* --- GObject ------------------------------------------------------------------ */

static void
ms_remote_connection_finalize (GObject *object)
{
  MsRemoteConnection *self = MS_REMOTE_CONNECTION (object);

  kill_transport (self);
  g_strfreev (self->argv);
  g_free (self->label);
  g_free (self->package);
  g_main_context_unref (self->context);
  g_string_free (self->stderr_tail, TRUE);
  g_clear_pointer (&self->users, g_hash_table_unref);
  g_clear_error (&self->error);
  g_free (self->buffer);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->state_lock);

  G_OBJECT_CLASS (ms_remote_connection_parent_class)->finalize (object);
}

static void
ms_remote_connection_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MsRemoteConnection *self = MS_REMOTE_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_LOST:
      g_value_set_boolean (value, ms_remote_connection_get_lost (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_remote_connection_class_init (MsRemoteConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ms_remote_connection_finalize;

  /* A transport that ends while a request is written to it must fail that
   * write (EPIPE), not end this process. */
  {
    struct sigaction action;

    if (sigaction (SIGPIPE, NULL, &action) == 0 && action.sa_handler == SIG_DFL)
      signal (SIGPIPE, SIG_IGN);
  }
  object_class->get_property = ms_remote_connection_get_property;

  properties[PROP_LOST] =
    g_param_spec_boolean ("lost", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ms_remote_connection_init (MsRemoteConnection *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->state_lock);
  self->in_fd = self->out_fd = self->err_fd = -1;
  self->stderr_tail = g_string_new (NULL);
  self->buffer = g_malloc (READ_CHUNK);
  self->context = g_main_context_ref_thread_default ();
}
