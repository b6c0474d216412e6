/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-export"

#include "config.h"

#include "ms-export.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ms-error.h"

static gboolean
fail_with_errno (GError     **error,
                 const char  *path,
                 int          saved_errno)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, MS_ERROR, MS_ERROR_IO,
               _("Could not write %s: %s"), display, g_strerror (saved_errno));
  return FALSE;
}

gboolean
ms_write_file_atomically (const char  *path,
                          const void  *data,
                          gsize        length,
                          GError     **error)
{
  g_autofree char *resolved = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  const char *p = data;
  struct stat st;
  mode_t mask;
  int saved_errno;
  int fd;

  /* Replace what a symbolic link points to, not the link; never replace
   * anything but a regular file (renaming over /dev/full would remove the
   * device). */
  resolved = realpath (path, NULL);
  if (resolved != NULL)
    path = resolved;
  if (stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, MS_ERROR, MS_ERROR_IO,
                   S_ISDIR (st.st_mode) ? _("Could not write %s: it is a folder")
                                        : _("Could not write %s: it is not a regular file"),
                   display);
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    return fail_with_errno (error, path, errno);

  while (length > 0)
    {
      ssize_t n = write (fd, p, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        goto failed;
      p += n;
      length -= (gsize) n;
    }

  /* The same permissions a new file would get from open(2). */
  mask = umask (0);
  umask (mask);
  if (fchmod (fd, 0666 & ~mask) != 0 || fsync (fd) != 0)
    goto failed;
  if (close (fd) != 0)
    {
      fd = -1;
      goto failed;
    }
  fd = -1;

  if (rename (tmp, path) != 0)
    goto failed;

  return TRUE;

failed:
  saved_errno = errno != 0 ? errno : EIO;
  if (fd >= 0)
    close (fd);
  g_unlink (tmp);
  return fail_with_errno (error, path, saved_errno);
}

gboolean
ms_export_to_file (const MsSnapshot  *snapshot,
                   const char        *path,
                   MsScaleMode        mode,
                   double             view_start,
                   double             view_end,
                   GError           **error)
{
  const MsExportFormatInfo *format;
  g_autoptr(GBytes) bytes = NULL;
  gconstpointer data;
  gsize length;

  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  format = ms_export_format_from_path (path, error);
  if (format == NULL)
    return FALSE;

  bytes = format->write (snapshot, mode, view_start, view_end, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &length);
  return ms_write_file_atomically (path, data, length, error);
}
