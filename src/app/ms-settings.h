/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The application's settings (schema APPLICATION_ID). When the schema is
 * not installed (the program run from its build folder), the copy compiled
 * into the program is used with settings kept in memory, and one line on
 * stderr says they will not be saved, instead of GSettings aborting.
 * (transfer full) */
GSettings *ms_settings_new (void);

G_END_DECLS
