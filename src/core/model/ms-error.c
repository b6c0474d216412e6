/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ms-error.h"

G_DEFINE_QUARK (memscape-error-quark, ms_error)
