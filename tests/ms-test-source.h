/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-source.h"

G_BEGIN_DECLS

/* A source whose reads the test makes up, as a new source is: one more
 * implementation of MsSource. Reads run on a worker thread, lists at once in
 * the caller's; NULL reads /proc as MsLocalSource does. */
typedef MsSnapshot *(*MsTestReadFunc) (int            pid,
                                       MsSnapshot    *previous,
                                       GCancellable  *cancellable,
                                       GError       **error);
typedef GPtrArray  *(*MsTestListFunc) (GError       **error);

#define MS_TYPE_TEST_SOURCE (ms_test_source_get_type ())

G_DECLARE_FINAL_TYPE (MsTestSource, ms_test_source, MS, TEST_SOURCE, GObject)

MsSource *ms_test_source_new (MsSourceKind   kind,
                              MsTestReadFunc read,
                              MsTestListFunc list);
/* How many reads and lists it was asked for. */
guint     ms_test_source_get_n_reads (MsTestSource *self);
guint     ms_test_source_get_n_lists (MsTestSource *self);

/* Gives the source a first picture of a big process (issue 16), made by
 * @first on a worker thread; and how many full reads had been made when it
 * ended (-1 until then). */
void      ms_test_source_set_read_first           (MsTestSource   *self,
                                                   MsTestReadFunc  first);
int       ms_test_source_get_n_reads_before_first (MsTestSource   *self);

G_END_DECLS
