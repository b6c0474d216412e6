/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <stdio.h>

#include "ms-snapshot.h"
#include "ms-source.h"

G_BEGIN_DECLS

/* A running tests/ms-test-child: its pid, and the addresses it reported
 * ("data", "bss", "heap", "thread-1", …). */
typedef struct {
  GPid        pid;
  int         stdin_fd;
  FILE       *out;
  char       *dir;           /* a temporary folder for its odd-named file */
  GHashTable *addresses;     /* name → guint64 (boxed in a pointer-sized int) */
  gboolean    anon_names;    /* the kernel named its [anon:…] regions */
} MsTestChild;

/* Starts the child and waits for "ready". Fails the test on any problem. */
MsTestChild *ms_test_child_start    (void);
guint64      ms_test_child_address  (MsTestChild *child,
                                     const char  *name);
/* Sends "pages" (issue 16's known pattern of pages) and adds each address
 * it reports ("pages-half", "pages-huge", …) to the child's, for
 * ms_test_child_address(). Returns the pid of the forked child that shares
 * "pages-shared" with it. */
int          ms_test_child_make_pages (MsTestChild *child);
/* Sends a command line ("map 3") and returns the child's one-line answer. */
char        *ms_test_child_command  (MsTestChild *child,
                                     const char  *command);
/* Kills (if still running), reaps and frees. */
void         ms_test_child_stop     (MsTestChild *child);

/* Starts tests/ms-bench-child with @n_mappings mappings and @mode ("churn",
 * "restless" or NULL) and waits for "ready"; *stdin_fd is its stdin, which
 * _stop closes to end it. */
GPid         ms_test_bench_child_start (int         n_mappings,
                                        const char *mode,
                                        int        *stdin_fd);
/* The same, and its stdout (after "ready") in @stdout_file when not NULL:
 * the caller closes it. */
GPid         ms_test_bench_child_start_full (int          n_mappings,
                                             const char  *mode,
                                             int         *stdin_fd,
                                             FILE       **stdout_file);
void         ms_test_bench_child_stop  (GPid        pid,
                                        int         stdin_fd);

/* Path of a built test helper program or of a fixture. */
char        *ms_test_build_path     (const char  *name);
char        *ms_test_fixture_path   (const char  *name);

/* A snapshot of captured smaps or maps text (@length -1: up to its NUL),
 * named "test", or of the fixture @name. Fails the test if it does not
 * read. (transfer full) */
MsSnapshot  *ms_test_read_text      (const char  *text,
                                     gssize       length);
MsSnapshot  *ms_test_read_fixture   (const char  *name);
/* The index of the first region of @snapshot whose path is @path, or -1. */
int          ms_test_find_path      (const MsSnapshot *snapshot,
                                     const char       *path);

/* Iterates the default main context until @condition (@data) holds, for at
 * most 15 s: FALSE when it never did. */
typedef gboolean (*MsTestCondition) (gpointer data);
gboolean     ms_test_wait_for       (MsTestCondition  condition,
                                     gpointer         data);
/* An MsTestCondition: the MsSession @session has read (it is not loading)
 * and has no read in flight. */
gboolean     ms_test_session_settled (gpointer    session);
/* Iterates the default main context for @ms milliseconds. */
void         ms_test_spin           (guint        ms);
/* Dispatches what the default main context has ready, and returns. */
void         ms_test_drain          (void);

/* A GAsyncReadyCallback that keeps a reference to @result in the
 * GAsyncResult * that @user_data points to, and the wait for it: iterates
 * the default main context until *@result is set. */
void         ms_test_keep_result    (GObject       *source_object,
                                     GAsyncResult  *result,
                                     gpointer       user_data);
void         ms_test_await          (GAsyncResult **result);

/* A read of @pid (given @previous) or a list through any @source, waited
 * for in the default main context. (transfer full) */
MsSnapshot  *ms_test_read_through   (MsSource      *source,
                                     int            pid,
                                     MsSnapshot    *previous,
                                     GError       **error);
GPtrArray   *ms_test_list_through   (MsSource      *source,
                                     GError       **error);

/* The pid of a process that has exited and been reaped. */
int          ms_test_dead_pid       (void);
/* A child that has exited but is not reaped yet, once the kernel shows it
 * as a zombie: its pid (reap it with waitpid()). */
int          ms_test_start_zombie   (void);
/* The pid of a kernel thread, or 0 when none is to be seen. */
int          ms_test_find_kernel_thread (void);

/* TRUE when page frame numbers are to be seen (root, /proc/kpageflags);
 * else the test is skipped, with why. */
gboolean     ms_test_need_frames    (void);
/* A fake idle page bitmap in a temporary file, as large as the kernel's
 * (a bit for every frame up to the end of the last System RAM range of
 * /proc/iomem; sparse: only what is written takes room), which idle page
 * tracking uses from now on: its path. _clear: clears the bit of frame
 * @pfn, which must be set, as the kernel does when the page is accessed.
 * _free: tracking goes back to the kernel's, the file removed. */
char        *ms_test_fake_idle_bitmap_new   (void);
void         ms_test_fake_idle_bitmap_clear (const char *path,
                                             guint64     pfn);
void         ms_test_fake_idle_bitmap_free  (char       *path);
/* The path of a fake bitmap, for g_autoptr(): _free at the end of scope. */
typedef char MsTestIdleBitmap;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsTestIdleBitmap, ms_test_fake_idle_bitmap_free)

/* Writes @body as an executable shell script @dir/@name (its path, which
 * the caller frees), aside and renamed over any older one (a run of which
 * is not disturbed); and removes a whole folder (rm -rf). */
char        *ms_test_write_script   (const char  *dir,
                                     const char  *name,
                                     const char  *body);
void         ms_test_remove_tree    (const char  *dir);

/* Inside Flatpak, as the core sees it: a fake /.flatpak-info whose
 * app-path holds the helper ($MEMSCAPE_READER, linked), and a folder first
 * in PATH for stand-ins of flatpak-spawn (and pkexec), which note how they
 * were run in a log. A fixture for g_test_add(); @data is not used. */
typedef struct {
  char *dir;
  char *bin;          /* first in PATH */
  char *log;
  char *host_helper;  /* the helper "on the host" */
  char *info;         /* kept: the core holds on to the path, not a copy */
  char *saved_path;
} MsTestSandbox;

void         ms_test_sandbox_set_up    (MsTestSandbox *sandbox,
                                        gconstpointer  data);
/* Puts PATH and the core's flatpak-info back and removes the folder. */
void         ms_test_sandbox_tear_down (MsTestSandbox *sandbox,
                                        gconstpointer  data);
/* flatpak-spawn's stand-in: with @works, it notes "flatpak-spawn ARGS" in
 * the log and runs the host command here; without, it fails as flatpak-spawn
 * does when the portal cannot be reached. Returns its path (free it). */
char        *ms_test_sandbox_set_flatpak_spawn (MsTestSandbox *sandbox,
                                                gboolean       works);

/* A throw-away sshd on 127.0.0.1 on a free port, as this user's child, with
 * its own host key, a user key, authorized_keys and known_hosts in @dir
 * (root may log in to it, in this sshd only); @command is the ssh command
 * line that reaches it and runs sh there. NULL when sshd cannot run (no
 * privilege-separation folder, or it does not listen). */
typedef struct {
  GPid  pid;
  int   port;
  char *dir;
  char *command;
} MsTestSshd;

MsTestSshd  *ms_test_sshd_start     (void);
void         ms_test_sshd_stop      (MsTestSshd  *sshd);

/* What a program run by ms_test_run_program() said and how it ended. */
typedef struct {
  int   status;
  char *out;
  char *err;
} MsTestRun;

void         ms_test_run_clear      (MsTestRun   *run);
/* The environment with no display at all. Under LeakSanitizer, its report
 * of the suppressions it used is not printed, so that stderr holds only what
 * the program says. */
char       **ms_test_environ_without_display (void);
/* Runs @program with @args (NULL-terminated, without the program) in @envp
 * (NULL: ms_test_environ_without_display()) and waits for it; @run is cleared
 * first. Fails the test when it cannot be started. */
void         ms_test_run_program    (MsTestRun          *run,
                                     const char         *program,
                                     char              **envp,
                                     const char * const *args);

/* What the privileged helper ($MEMSCAPE_READER) answered: its stdout as
 * bytes (frames may hold NULs), stderr, and its exit status (-1 when
 * killed). */
typedef struct {
  GBytes *out;
  char   *err;
  int     status;
} MsTestHelperRun;

void         ms_test_helper_run_clear (MsTestHelperRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MsTestHelperRun, ms_test_helper_run_clear)
/* For g_spawn's child setup: become nobody (65534), or exit 99. */
void         ms_test_drop_to_nobody   (gpointer          user_data);
/* pkexec's stand-in for a program run as nobody (ms_test_drop_to_nobody()):
 * a set-user-ID root copy of env(1), @runner, which runs the helper as
 * root, in a new temporary folder open to all (0777, for nobody's
 * exports) that the caller removes: the folder. NULL, the test skipped,
 * where the temporary folder is mounted nosuid. */
char        *ms_test_make_setuid_runner (char           **runner);
/* Runs the helper with @args (NULL-terminated; NULL for none), as nobody
 * when @as_nobody, with an empty environment (but for a sanitizer build's
 * options), into @run. */
void         ms_test_run_helper       (const char * const *args,
                                       gboolean            as_nobody,
                                       MsTestHelperRun    *run);

G_END_DECLS
