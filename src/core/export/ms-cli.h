/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The command line of DESIGN.md, one option table for both programs: the
 * GTK-free `memscape`, which does the headless work itself, and the window
 * program it starts for everything else, which accepts the same options. */
typedef struct {
  char     *pid_text;     /* --pid */
  char     *open_path;    /* --open */
  char     *export_path;  /* --export */
  char     *scale;        /* --scale */
  char     *group;        /* --group */
  gboolean  pages;        /* --pages (ms-cli-pages.c) */
  char     *range;        /* --range */
  char     *colour;       /* --colour */
  int       activity;     /* --activity SECONDS (0: none) */
  int       churn;        /* --churn SECONDS (0: none) */
  gboolean  administrator; /* --administrator: another user's process through the helper */
  gboolean  limits;       /* --limits (ms-cli-limits.c) */
  char     *compare_path; /* --compare (ms-cli-compare.c) */
  char     *record_path;  /* --record (ms-cli-record.h) */
  char     *interval;     /* --interval */
  char     *duration;     /* --duration */
  char     *at;           /* --at */
  gboolean  version;      /* --version */
  gboolean  system;       /* --system (ms-cli-system.c) */
  /* another machine (ms-cli-remote.c) */
  char     *via;          /* --via COMMAND */
  char     *host;         /* --host [USER@]HOST */
  char     *adb;          /* --adb [SERIAL]: "" without a serial */
  char     *run_as;       /* --run-as PACKAGE */
  gboolean  remote_sudo;  /* --remote-sudo */
  gboolean  remote_su;    /* --remote-su */
  gboolean  list;         /* --list */
  int       pid;          /* set by ms_cli_run() from @pid_text; 0 for none */
  int       scale_mode;   /* set by ms_cli_run() from @scale: an MsScaleMode,
                           * or -1 for none */
} MsCliOptions;

/* Sets the locale from the environment, falling back to C.UTF-8 where
 * LANGUAGE would otherwise be ignored, and binds the translations. */
void          ms_cli_init_locale          (void);

/* The options, as GOptionEntry rows filling @options when parsed, ending
 * with an empty row. The texts are translated. (transfer full) */
GOptionEntry *ms_cli_option_entries_new   (MsCliOptions *options);
/* What `--help` shows above and below the options: the summary, and the
 * export formats and examples. (transfer full) */
char         *ms_cli_help_summary         (void);
char         *ms_cli_help_description     (void);

/* Does what needs no window: --version, --export. Returns the exit status,
 * or -1 when the window is wanted; then @options (inout) are checked (one of
 * --pid and --open at most, a valid pid set in @options->pid, a known scale
 * in @options->scale_mode) or 1 is returned after one line on stderr. */
int           ms_cli_run                  (MsCliOptions *options);
/* Frees what parsing put in @options and zeroes it. */
void          ms_cli_options_clear        (MsCliOptions *options);

/* The headless export of DESIGN.md: reads @pid_text (a pid) or @open_path (a
 * captured file), writes @export_path, and returns the exit status (0 or 1).
 * Any failure is one line on stderr; nothing is left at @export_path. Needs
 * no display. @scale is "proportional" (NULL), "linear" or "resident".
 * @group (nullable) is "object": the CSV then has one row per owner
 * (ms_csv_write_grouped()); any other export with it fails. @at (nullable)
 * picks the sample of a recording given as @open_path (ms_cli_read_open()). */
int           ms_cli_export               (const char   *pid_text,
                                           const char   *open_path,
                                           const char   *export_path,
                                           const char   *scale,
                                           const char   *group,
                                           const char   *at);

/* `--pid PID --limits [--export FILE.csv]` (ms-cli-limits.c): the
 * process's headroom rows as CSV (ms_limits_write_csv()) on stdout or in the
 * file. Returns the exit status; any failure is one line on stderr. */
int           ms_cli_limits               (const MsCliOptions *options);

/* ms_cli_export() reading the process with @read_pid (@data): it returns
 * an MsSnapshot (transfer full), or NULL with @error set. NULL: this
 * machine's /proc. */
typedef gpointer (*MsCliReadPid) (int       pid,
                                  gpointer  data,
                                  GError  **error);
int           ms_cli_export_full          (const char   *pid_text,
                                           const char   *open_path,
                                           const char   *export_path,
                                           const char   *scale,
                                           const char   *group,
                                           const char   *at,
                                           MsCliReadPid  read_pid,
                                           gpointer      data);

/* ms-cli-remote.c: the options of another machine (--via, --host, --adb,
 * --list, --remote-sudo, --run-as), as rows for the option table, ending
 * with an empty row; whether any was given; and what they ask for: the
 * exit status of --list or --export, or for the window -1 once they are
 * checked (1 after one line on stderr when they are wrong). (transfer full) */
GOptionEntry *ms_cli_remote_option_entries_new (MsCliOptions *options);
gboolean      ms_cli_remote_wanted        (const MsCliOptions *options);
int           ms_cli_remote_run           (MsCliOptions *options);
/* The MsRemoteConnection the options ask for (transfer full), or NULL and
 * @error. */
gpointer      ms_cli_remote_connection_new (const MsCliOptions *options,
                                            GError            **error);
void          ms_cli_remote_options_clear (MsCliOptions *options);

/* Until ms_cli_release_signals(), SIGINT, SIGTERM and SIGHUP (those not
 * ignored) first remove an export's temporary file
 * (ms_file_writer_remove_pending()), then end the process as before. */
void ms_cli_catch_signals   (void);
void ms_cli_release_signals (void);

G_END_DECLS
