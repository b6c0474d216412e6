/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* For tests: TRUE makes the writer behave as on a file system without
 * O_TMPFILE, where every temporary file has a name from its creation on. */
void _ms_file_writer_set_named_temporaries (gboolean named);

G_END_DECLS
