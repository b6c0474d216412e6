/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-region.h"

G_BEGIN_DECLS

/* Android's names of regions (ms-classify-android.c), for ms-classify.c:
 * the kind @r (not no-access, not executable file-backed code) takes by its
 * name alone, or MS_N_KINDS when its name says nothing Android-specific.
 * ART's heap spaces and the allocators' memory are heap, a bionic thread
 * stack is a thread stack, ashmem and the GPU's memory are shared memory,
 * an ART image (.art) is heap, an .apk's or .vdex's data a file mapping. */
MsKind  _ms_classify_android           (const MsRegion *r);
/* The TID of a bionic thread stack `[anon:stack_and_tls:TID]`, or 0. */
gint64  _ms_classify_android_stack_tid (const char     *path);
/* The owner of an Android region without one: NAME for `/dev/ashmem/NAME`
 * (" (deleted)" dropped), interned in @strings; NULL for any other. */
const char *_ms_classify_android_owner (const char     *path,
                                        GStringChunk   *strings);

G_END_DECLS
