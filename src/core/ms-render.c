/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-render"

#include "config.h"

#include "ms-render.h"

#include <glib/gi18n-lib.h>

#include "ms-error.h"

/* Placeholder until the renderer lands (same session). */
GBytes *
ms_render_picture_png (const MsSnapshot *snapshot,
                       MsScaleMode       mode,
                       double            view_start,
                       double            view_end,
                       GError          **error)
{
  g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT, _("Picture export is not available yet"));
  return NULL;
}

GBytes *
ms_render_picture_svg (const MsSnapshot *snapshot,
                       MsScaleMode       mode,
                       double            view_start,
                       double            view_end,
                       GError          **error)
{
  g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT, _("Picture export is not available yet"));
  return NULL;
}
