/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes @data to @path where the shell's `>` would be allowed to, the
 * kernel deciding (read-only files, fs.protected_symlinks and
 * fs.protected_regular refused as for the shell). A new file, or an existing
 * one with a single name whose owner can be kept, is written to a temporary
 * file in the same folder, synced and renamed over @path with the old file's
 * mode and owner; a symbolic link is followed and never replaced, and what
 * it leads to, a file with several names, or one whose owner could not be
 * kept, is written in place after its space is reserved. Anything but a
 * regular file is refused. On failure: one line in @error naming the file,
 * and nothing else changed on disk (in place, nothing once the space is
 * reserved, short of an I/O error). */
gboolean ms_file_write                 (const char  *path,
                                        const void  *data,
                                        gsize        length,
                                        GError     **error);

/* Removes the temporary file an export has under a name at this moment, if
 * any (on a file system without O_TMPFILE, or for an instant just before it
 * is renamed over the target). Async-signal-safe: for a handler of SIGINT,
 * SIGTERM and SIGHUP. */
void     ms_file_writer_remove_pending (void);

G_END_DECLS
