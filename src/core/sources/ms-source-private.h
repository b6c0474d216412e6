/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-source.h"

G_BEGIN_DECLS

/* What the readers through a source (the session, the process list model)
 * share: a read or list in flight for @owner, the user data of the call. It
 * does not keep @owner alive (a weak reference); its callback finishes with
 * @source, and drops the result when @owner is gone or has started another
 * read since (its cancellable is no longer @cancellable). */
typedef struct {
  GWeakRef      owner;
  MsSource     *source;
  GCancellable *cancellable;
} MsSourceRequest;

/* Returns: (transfer full) */
MsSourceRequest *_ms_source_request_new  (gpointer         owner,
                                          MsSource        *source,
                                          GCancellable    *cancellable);
void             _ms_source_request_free (MsSourceRequest *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsSourceRequest, _ms_source_request_free)

G_END_DECLS
