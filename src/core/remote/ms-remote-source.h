/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-remote-connection.h"
#include "ms-source.h"

G_BEGIN_DECLS

#define MS_TYPE_REMOTE_SOURCE (ms_remote_source_get_type ())

G_DECLARE_FINAL_TYPE (MsRemoteSource, ms_remote_source, MS, REMOTE_SOURCE, GObject)

/* The processes of another machine, through one MsRemoteConnection (one
 * transport process for every read and list of that machine). A refresh
 * asks first `probe PID` (the other side's maps, smaps_rollup and status:
 * no smaps), and gives the previous snapshot back when its fingerprint did
 * not change, as a local read does. Everything runs on worker threads.
 * A lost connection fails every read with G_IO_ERROR_CONNECTION_CLOSED
 * until ms_remote_connection_reconnect(). */
/* Returns: (transfer full) */
MsSource           *ms_remote_source_new            (MsRemoteConnection *connection);
MsRemoteConnection *ms_remote_source_get_connection (MsRemoteSource     *self);

G_END_DECLS
