/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* Small, allocation-light helpers over /proc files. Errors carry errno in
 * @saved_errno (out) so that callers can tell "gone" from "denied". */

/* The most any one read takes: more than any real smaps (65 530 mappings at
 * ~1.5 KiB each is under 100 MiB); past it the read fails with EFBIG. */
#define MS_PROC_MAX_READ (256u * 1024 * 1024)

/* Reads a whole file into @buffer (replacing its contents; a NUL is kept
 * after the data but not counted in buffer->len). */
gboolean  ms_proc_read_into    (const char  *path,
                                GByteArray  *buffer,
                                int         *saved_errno);

/* /proc/PID, opened once (O_PATH) so that every file of the process is read
 * relative to it: when the process exits, opening its files through it
 * fails (ENOENT or ESRCH), even if its PID has been given to another process
 * since. -1 with *saved_errno when it cannot be opened. */
int       ms_proc_open_pid     (int          pid,
                                int         *saved_errno);
/* Opens @name (a relative path: "smaps", "task", "task/TID/stat") under @dir
 * with @flags (O_CLOEXEC and O_NOFOLLOW are added). */
int       ms_proc_open_at      (int          dir,
                                const char  *name,
                                int          flags,
                                int         *saved_errno);
/* ms_proc_read_into() of @name under @dir. */
gboolean  ms_proc_read_at      (int          dir,
                                const char  *name,
                                GByteArray  *buffer,
                                int         *saved_errno);

/* Tests: @hook is called before every open made here, with the directory
 * the name is relative to (AT_FDCWD for a path) and the name. Not
 * thread-safe; set it only while nothing reads. NULL to stop. */
typedef void (*MsProcOpenHook) (int         dir,
                                const char *name,
                                gpointer    user_data);
void      _ms_proc_set_open_hook (MsProcOpenHook hook,
                                  gpointer       user_data);

/* /proc/PID/stat fields after the command name: @state, @flags, and the
 * @kstkesp field (0 when the kernel hides it), all (out). */
gboolean  ms_proc_parse_stat   (const char  *text,
                                char        *state,
                                guint64     *flags,
                                guint64     *kstkesp);

/* The stack pointer @sp (out) from /proc/PID/task/TID/syscall text
 * ("running" → FALSE). */
gboolean  ms_proc_parse_syscall_sp (const char *text,
                                    guint64    *sp);

/* The value of the first "NAME   123 kB" line of smaps_rollup or status
 * text, in bytes; @name includes its leading "\n" and trailing ':'. 0 when
 * absent. */
guint64   ms_proc_find_kb      (const char  *text,
                                const char  *name);

/* A user name for @uid, or the number as text. (transfer full) */
char     *ms_proc_user_name    (uid_t        uid);

#define MS_PF_EXITING 0x00000004
#define MS_PF_KTHREAD 0x00200000

G_END_DECLS
