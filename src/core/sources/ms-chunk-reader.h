/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*MsChunkFunc) (const char *data,
                             gsize       length,
                             gpointer    user_data);

/* Reads @fd to its end and hands each chunk to @func, in order, through a
 * buffer kept between calls; @length (out) is what was read. Fails with
 * @saved_errno (out) set (EFBIG past @max_length); @fd is not closed. */
gboolean ms_read_chunks (int          fd,
                         gsize        max_length,
                         MsChunkFunc  func,
                         gpointer     user_data,
                         guint64     *length,
                         int         *saved_errno);

G_END_DECLS
