/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* Small, allocation-light helpers over /proc files. Errors carry errno in
 * *saved_errno so that callers can tell "gone" from "denied". */

/* The most any one read takes: more than any real smaps (65 530 mappings at
 * ~1.5 KiB each is under 100 MiB); past it the read fails with EFBIG. */
#define MS_PROC_MAX_READ (256u * 1024 * 1024)

/* Reads a whole file into @buffer (replacing its contents; a NUL is kept
 * after the data but not counted in buffer->len). */
gboolean  ms_proc_read_into    (const char  *path,
                                GByteArray  *buffer,
                                int         *saved_errno);

/* /proc/PID/stat fields after the command name: state, flags, and the
 * kstkesp field (0 when the kernel hides it). */
gboolean  ms_proc_parse_stat   (const char  *text,
                                char        *state,
                                guint64     *flags,
                                guint64     *kstkesp);

/* The stack pointer from /proc/PID/task/TID/syscall text ("running" → FALSE). */
gboolean  ms_proc_parse_syscall_sp (const char *text,
                                    guint64    *sp);

/* The value of the first "NAME   123 kB" line of smaps_rollup or status
 * text, in bytes; @name includes its leading "\n" and trailing ':'. 0 when
 * absent. */
guint64   ms_proc_find_kb      (const char  *text,
                                const char  *name);

/* A user name for @uid, or the number as text. */
char     *ms_proc_user_name    (uid_t        uid);

#define MS_PF_EXITING 0x00000004
#define MS_PF_KTHREAD 0x00200000

G_END_DECLS
