/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stdio.h>

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
void         ms_test_bench_child_stop  (GPid        pid,
                                        int         stdin_fd);

/* Path of a built test helper program or of a fixture. */
char        *ms_test_build_path     (const char  *name);
char        *ms_test_fixture_path   (const char  *name);

G_END_DECLS
