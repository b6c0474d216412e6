/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*MsChunkFunc) (const char *data,
                             gsize       length,
                             gpointer    user_data);

/* Reads @fd to its end and hands each chunk to @func, in order, on the
 * calling thread. The read(2) calls run on a second thread, so that the
 * kernel producing /proc text and our parsing of it overlap: with two cores
 * the whole costs little more than the kernel's part alone. Fails with
 * *saved_errno set (EFBIG past @max_length); @fd is not closed. */
gboolean ms_read_chunks (int          fd,
                         gsize        max_length,
                         MsChunkFunc  func,
                         gpointer     user_data,
                         guint64     *length,
                         int         *saved_errno);

G_END_DECLS
