/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-export"

#include "config.h"

#include "ms-file-writer.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-file-writer-private.h"

/* --- writing a file as the shell's `>` may -------------------------------
 *
 * Why not g_file_set_contents_full (…, G_FILE_SET_CONTENTS_CONSISTENT, …)?
 * It writes "NAME.XXXXXX" beside the target (too long for a name of more
 * than 248 bytes), replaces a symbolic link with a regular file (as its
 * documentation says), gives the new file the mode it is passed rather than
 * the old file's mode and owner, breaks hard links, and leaves its temporary
 * file behind when the process is killed. Nor does it let the kernel decide
 * as for `>`: a read-only file, or another user's file or link in a sticky
 * folder, is replaced all the same.
 *
 * Here every permission and link decision is the kernel's, on the same
 * open(2) the shell would make; no path is resolved in user space. */

#define TEMPORARY_PREFIX ".memscape-"
#define TEMPORARY_RANDOM 6
#define TEMPORARY_LENGTH (sizeof TEMPORARY_PREFIX - 1 + TEMPORARY_RANDOM)

/* The one temporary file with a name that a signal handler should remove:
 * a process-wide slot, held by one writer at a time (a second writer at the
 * same moment goes without). Written before the state turns NAMED, read by
 * ms_file_writer_remove_pending() only when it is. */
enum {
  PENDING_FREE,
  PENDING_TAKEN,
  PENDING_NAMED,
};

static int pending_state = PENDING_FREE;
static int pending_dirfd = -1;
static char pending_name[TEMPORARY_LENGTH + 1];

static gboolean named_temporaries;

void
_ms_file_writer_set_named_temporaries (gboolean named)
{
  named_temporaries = named;
}

void
ms_file_writer_remove_pending (void)
{
  if (g_atomic_int_get (&pending_state) == PENDING_NAMED)
    unlinkat (pending_dirfd, pending_name, 0);
}

typedef struct {
  const char   *path;
  const char   *display;
  const guint8 *data;
  gsize         length;
  char         *base;       /* the target's name in its folder */
  int           dirfd;      /* its folder, once opened */
  gboolean      can_sync;   /* …for reading, so that fsync() works */
} Writer;

typedef struct {
  int      dirfd;
  int      fd;
  gboolean named;           /* name[] exists in the folder */
  gboolean pending;         /* …and is in the pending slot */
  char     name[TEMPORARY_LENGTH + 1];
} Temporary;

/* How a replacement of a regular file ended. */
typedef enum {
  REPLACE_DONE,
  REPLACE_FAILED,
  REPLACE_IN_PLACE,         /* cannot be replaced whole: write it in place */
} ReplaceResult;

static gboolean
fail_with_errno (GError     **error,
                 const char  *display,
                 int          saved_errno)
{
  g_set_error (error, MS_ERROR, MS_ERROR_IO,
               _("Could not write %s: %s"), display, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
fail_changed (GError     **error,
              const char  *display)
{
  g_set_error (error, MS_ERROR, MS_ERROR_IO,
               _("Could not write %s: it changed while it was being written"), display);
  return FALSE;
}

static gboolean
same_file (const struct stat *a,
           const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* The kernel's rule for fs.protected_symlinks and fs.protected_regular
 * (@sysctl), only to explain an EACCES it gave: an entry of @owner, who is
 * neither us nor the folder's owner, in a sticky folder that others may
 * write to. */
static gboolean
refused_in_sticky_folder (const Writer *w,
                          uid_t         owner,
                          const char   *sysctl)
{
  g_autofree char *dir = g_path_get_dirname (w->path);
  g_autofree char *text = NULL;
  struct stat st;
  int level;

  if (owner == geteuid () || stat (dir, &st) != 0 || !(st.st_mode & S_ISVTX) || owner == st.st_uid)
    return FALSE;
  if (!g_file_get_contents (sysctl, &text, NULL, NULL))
    return FALSE;
  level = atoi (text);
  return (level >= 1 && (st.st_mode & S_IWOTH)) || (level >= 2 && (st.st_mode & S_IWGRP));
}

/* SIGINT, SIGTERM and SIGHUP wait while a temporary name comes and goes, so
 * that the handler finds the pending slot as it is on either side. */
static void
block_fatal_signals (sigset_t *old)
{
  sigset_t set;

  sigemptyset (&set);
  sigaddset (&set, SIGINT);
  sigaddset (&set, SIGTERM);
  sigaddset (&set, SIGHUP);
  pthread_sigmask (SIG_BLOCK, &set, old);
}

static void
restore_signals (const sigset_t *old)
{
  pthread_sigmask (SIG_SETMASK, old, NULL);
}

static int
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  off_t offset = 0;

  while (length > 0)
    {
      ssize_t n = pwrite (fd, data, MIN (length, (gsize) G_MAXSSIZE), offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return errno;
      if (n == 0)
        return EIO;
      data += n;
      offset += n;
      length -= (gsize) n;
    }
  return 0;
}

static int
open_folder (Writer *w)
{
  g_autofree char *dir = g_path_get_dirname (w->path);

  if (w->dirfd >= 0)
    return 0;
  w->base = g_path_get_basename (w->path);
  w->dirfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  w->can_sync = w->dirfd >= 0;
  /* A folder we may write to but not list (a drop box): no fsync() of it. */
  if (w->dirfd < 0 && errno == EACCES)
    w->dirfd = open (dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
  return w->dirfd >= 0 ? 0 : errno;
}

/* Makes the new name last. A failure here comes after the file is in place
 * (and the kernel has it): the export did happen, so it is not reported. */
static void
sync_folder (const Writer *w)
{
  if (w->can_sync && fsync (w->dirfd) != 0)
    g_debug ("fsync of the folder of %s: %s", w->display, g_strerror (errno));
}

/* Links the unnamed file @fd into @dirfd as @name. */
static int
link_unnamed (int         fd,
              int         dirfd,
              const char *name)
{
  char proc_path[64];

  g_snprintf (proc_path, sizeof proc_path, "/proc/self/fd/%d", fd);
  if (linkat (AT_FDCWD, proc_path, dirfd, name, AT_SYMLINK_FOLLOW) == 0)
    return 0;
  /* No /proc: AT_EMPTY_PATH, which older kernels allow only with
   * CAP_DAC_READ_SEARCH. */
  if (errno == ENOENT && linkat (fd, "", dirfd, name, AT_EMPTY_PATH) == 0)
    return 0;
  return errno;
}

/* A short name of its own, ".memscape-XXXXXX", however long the target's:
 * created with the file (@create) or linked to the unnamed one. It is in the
 * pending slot from when it exists to temporary_forget(). */
static int
temporary_name (Temporary *t,
                gboolean   create)
{
  static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  gboolean pending = g_atomic_int_compare_and_exchange (&pending_state, PENDING_FREE, PENDING_TAKEN);
  sigset_t old;
  int saved_errno = EEXIST;

  memcpy (t->name, TEMPORARY_PREFIX, sizeof TEMPORARY_PREFIX - 1);
  t->name[TEMPORARY_LENGTH] = '\0';

  for (guint tries = 0; tries < 100 && saved_errno == EEXIST; tries++)
    {
      for (guint i = sizeof TEMPORARY_PREFIX - 1; i < TEMPORARY_LENGTH; i++)
        t->name[i] = letters[g_random_int_range (0, sizeof letters - 1)];

      block_fatal_signals (&old);
      if (create)
        {
          t->fd = openat (t->dirfd, t->name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0666);
          saved_errno = t->fd >= 0 ? 0 : errno;
        }
      else
        {
          saved_errno = link_unnamed (t->fd, t->dirfd, t->name);
        }
      if (saved_errno == 0)
        {
          t->named = TRUE;
          t->pending = pending;
          if (pending)
            {
              pending_dirfd = t->dirfd;
              memcpy (pending_name, t->name, sizeof pending_name);
              g_atomic_int_set (&pending_state, PENDING_NAMED);
            }
        }
      restore_signals (&old);
    }

  if (saved_errno != 0 && pending)
    g_atomic_int_set (&pending_state, PENDING_FREE);
  return saved_errno;
}

/* The name is gone (renamed, or removed): out of the pending slot. */
static void
temporary_forget (Temporary *t)
{
  t->named = FALSE;
  if (t->pending)
    g_atomic_int_set (&pending_state, PENDING_FREE);
  t->pending = FALSE;
}

/* An unnamed file in the target's folder (O_TMPFILE), which vanishes with
 * the process whatever kills it; where the file system has none, a named
 * one. Mode 0666 less the umask (or the folder's default ACL), which the
 * kernel applies, as for a file the shell's `>` creates. */
static int
temporary_create (Temporary *t)
{
  if (!named_temporaries)
    {
      t->fd = openat (t->dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
      if (t->fd >= 0)
        return 0;
      if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
        return errno;
    }
  return temporary_name (t, TRUE);
}

static void
temporary_discard (Temporary *t)
{
  if (t->named)
    unlinkat (t->dirfd, t->name, 0);
  temporary_forget (t);
  if (t->fd >= 0)
    close (t->fd);
  t->fd = -1;
}

static int
write_and_sync (int           fd,
                const Writer *w)
{
  int saved_errno = write_all (fd, w->data, w->length);

  if (saved_errno == 0 && fsync (fd) != 0)
    saved_errno = errno;
  return saved_errno;
}

/* No file of that name: write an unnamed file and link it in, failing if
 * someone else made one meanwhile. */
static gboolean
write_new (Writer  *w,
           GError **error)
{
  Temporary t = { .fd = -1 };
  sigset_t old;
  int saved_errno;

  if ((saved_errno = open_folder (w)) != 0)
    return fail_with_errno (error, w->display, saved_errno);
  t.dirfd = w->dirfd;
  if ((saved_errno = temporary_create (&t)) != 0 ||
      (saved_errno = write_and_sync (t.fd, w)) != 0)
    {
      temporary_discard (&t);
      return fail_with_errno (error, w->display, saved_errno);
    }

  block_fatal_signals (&old);
  if (!t.named)
    saved_errno = link_unnamed (t.fd, w->dirfd, w->base);
  else if (renameat2 (w->dirfd, t.name, w->dirfd, w->base, RENAME_NOREPLACE) == 0 ||
           (errno == EINVAL && renameat (w->dirfd, t.name, w->dirfd, w->base) == 0))
    temporary_forget (&t);
  else
    saved_errno = errno;
  restore_signals (&old);
  temporary_discard (&t);

  if (saved_errno == EEXIST)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_IO,
                   _("Could not write %s: another program created it while it was being written"), w->display);
      return FALSE;
    }
  if (saved_errno != 0)
    return fail_with_errno (error, w->display, saved_errno);
  sync_folder (w);
  return TRUE;
}

/* Writes the open file @fd itself: space reserved first, so that a full
 * disk fails before the old content is touched; then the new content from
 * the start, and the file cut to its length. @st is what it was. */
static gboolean
write_in_place (Writer            *w,
                int                fd,
                const struct stat *st,
                GError           **error)
{
  int saved_errno;

  /* fallocate(2) itself rather than posix_fallocate(), whose emulation
   * where the file system has none would write bytes into the old file. */
  if (w->length > 0 && fallocate (fd, 0, 0, (off_t) w->length) != 0 &&
      errno != EOPNOTSUPP && errno != ENOSYS && errno != EINVAL)
    {
      struct stat now;

      saved_errno = errno;
      if (fstat (fd, &now) == 0 && now.st_size > st->st_size)
        (void) ftruncate (fd, st->st_size);
      return fail_with_errno (error, w->display, saved_errno);
    }

  saved_errno = write_all (fd, w->data, w->length);
  if (saved_errno == 0 && ftruncate (fd, (off_t) w->length) != 0)
    saved_errno = errno;
  if (saved_errno == 0 && fsync (fd) != 0)
    saved_errno = errno;
  if (saved_errno != 0)
    return fail_with_errno (error, w->display, saved_errno);
  return TRUE;
}

/* A file with one name, opened as @fd: a new file with its owner and mode
 * renamed over it. In place when the owner cannot be kept, or the folder
 * takes no new file. */
static ReplaceResult
replace_whole (Writer             *w,
               const struct stat  *st,
               GError            **error)
{
  Temporary t = { .fd = -1 };
  struct stat now;
  sigset_t old;
  int saved_errno;

  if ((saved_errno = open_folder (w)) != 0)
    {
      fail_with_errno (error, w->display, saved_errno);
      return REPLACE_FAILED;
    }
  if (fstatat (w->dirfd, w->base, &now, AT_SYMLINK_NOFOLLOW) != 0 || !same_file (&now, st))
    {
      fail_changed (error, w->display);
      return REPLACE_FAILED;
    }

  t.dirfd = w->dirfd;
  saved_errno = temporary_create (&t);
  /* A file we may write in a folder we may not: as for the shell's `>`. */
  if (saved_errno == EACCES || saved_errno == EPERM)
    return REPLACE_IN_PLACE;
  if (saved_errno != 0)
    {
      fail_with_errno (error, w->display, saved_errno);
      return REPLACE_FAILED;
    }

  if (fstat (t.fd, &now) != 0 ||
      ((now.st_uid != st->st_uid || now.st_gid != st->st_gid) && fchown (t.fd, st->st_uid, st->st_gid) != 0))
    {
      temporary_discard (&t);
      return REPLACE_IN_PLACE;
    }

  saved_errno = write_all (t.fd, w->data, w->length);
  /* After fchown(), which clears the set-user-ID and set-group-ID bits. */
  if (saved_errno == 0 && fchmod (t.fd, st->st_mode & 07777) != 0)
    saved_errno = errno;
  if (saved_errno == 0 && fsync (t.fd) != 0)
    saved_errno = errno;
  if (saved_errno != 0)
    {
      temporary_discard (&t);
      fail_with_errno (error, w->display, saved_errno);
      return REPLACE_FAILED;
    }

  if (!t.named && (saved_errno = temporary_name (&t, FALSE)) != 0)
    {
      temporary_discard (&t);
      fail_with_errno (error, w->display, saved_errno);
      return REPLACE_FAILED;
    }

  block_fatal_signals (&old);
  if (fstatat (w->dirfd, w->base, &now, AT_SYMLINK_NOFOLLOW) != 0 || !same_file (&now, st))
    saved_errno = -1;
  else if (renameat (w->dirfd, t.name, w->dirfd, w->base) == 0)
    temporary_forget (&t);
  else
    saved_errno = errno;
  restore_signals (&old);
  temporary_discard (&t);

  if (saved_errno != 0)
    {
      if (saved_errno < 0)
        fail_changed (error, w->display);
      else
        fail_with_errno (error, w->display, saved_errno);
      return REPLACE_FAILED;
    }
  sync_folder (w);
  return REPLACE_DONE;
}

/* A regular file (@st from lstat()). */
static gboolean
write_regular (Writer             *w,
               const struct stat  *st,
               GError            **error)
{
  struct stat now;
  gboolean ok = FALSE;
  int fd;

  /* The shell's `>` without O_TRUNC: the kernel's permission check, with a
   * read-only file and fs.protected_regular refused as for the shell. */
  fd = open (w->path, O_WRONLY | O_CREAT | O_NOCTTY | O_NONBLOCK | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      if (errno == EACCES && refused_in_sticky_folder (w, st->st_uid, "/proc/sys/fs/protected_regular"))
        g_set_error (error, MS_ERROR, MS_ERROR_IO,
                     _("Could not write %s: it belongs to another user in a shared sticky folder, where the kernel lets no one else open it for writing (fs.protected_regular)"),
                     w->display);
      else
        fail_with_errno (error, w->display, errno);
      return FALSE;
    }

  if (fstat (fd, &now) != 0)
    fail_with_errno (error, w->display, errno);
  else if (!same_file (&now, st))
    fail_changed (error, w->display);
  else if (now.st_nlink == 1)
    {
      switch (replace_whole (w, &now, error))
        {
        case REPLACE_DONE:
          ok = TRUE;
          break;
        case REPLACE_FAILED:
          break;
        case REPLACE_IN_PLACE:
          ok = write_in_place (w, fd, &now, error);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  else
    {
      /* Other names share this file: they see the new content too. */
      ok = write_in_place (w, fd, &now, error);
    }

  close (fd);
  return ok;
}

/* A symbolic link (@st from lstat()) is never replaced: the kernel follows
 * it, as for the shell's `>` (fs.protected_symlinks included), creating
 * what a dangling one names, and the file it leads to is written in place. */
static gboolean
write_through_link (Writer             *w,
                    const struct stat  *st,
                    GError            **error)
{
  struct stat now;
  gboolean ok;
  int fd;

  fd = open (w->path, O_WRONLY | O_CREAT | O_NOCTTY | O_NONBLOCK | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == ELOOP)
        g_set_error (error, MS_ERROR, MS_ERROR_IO,
                     _("Could not write %s: it is a symbolic link in a loop, or at the start of too long a chain of links"), w->display);
      else if (saved_errno == EACCES && refused_in_sticky_folder (w, st->st_uid, "/proc/sys/fs/protected_symlinks"))
        g_set_error (error, MS_ERROR, MS_ERROR_IO,
                     _("Could not write %s: it is another user’s symbolic link in a shared sticky folder, which the kernel does not follow (fs.protected_symlinks)"),
                     w->display);
      else if (saved_errno == EISDIR)
        g_set_error (error, MS_ERROR, MS_ERROR_IO,
                     _("Could not write %s: it is a symbolic link to a folder"), w->display);
      else if (stat (w->path, &now) == 0 && !S_ISREG (now.st_mode))
        g_set_error (error, MS_ERROR, MS_ERROR_IO,
                     _("Could not write %s: it is a symbolic link to something that is not a regular file"), w->display);
      else
        fail_with_errno (error, w->display, saved_errno);
      return FALSE;
    }

  if (fstat (fd, &now) != 0)
    {
      ok = fail_with_errno (error, w->display, errno);
    }
  else if (!S_ISREG (now.st_mode))
    {
      char proc_path[64];
      g_autofree char *target = NULL;
      g_autofree char *target_display = NULL;

      g_snprintf (proc_path, sizeof proc_path, "/proc/self/fd/%d", fd);
      target = g_file_read_link (proc_path, NULL);
      target_display = target != NULL ? g_filename_display_name (target) : g_strdup ("?");
      g_set_error (error, MS_ERROR, MS_ERROR_IO,
                   _("Could not write %s: it leads to %s, which is not a regular file"),
                   w->display, target_display);
      ok = FALSE;
    }
  else
    {
      ok = write_in_place (w, fd, &now, error);
    }

  close (fd);
  return ok;
}

gboolean
ms_file_write (const char  *path,
               const void  *data,
               gsize        length,
               GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  Writer w = { .path = path, .display = display, .data = data, .length = length, .dirfd = -1 };
  struct stat st;
  gboolean ok;

  if (lstat (path, &st) != 0)
    ok = errno == ENOENT ? write_new (&w, error) : fail_with_errno (error, display, errno);
  else if (S_ISREG (st.st_mode))
    ok = write_regular (&w, &st, error);
  else if (S_ISLNK (st.st_mode))
    ok = write_through_link (&w, &st, error);
  else if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_IO, _("Could not write %s: it is a folder"), display);
      ok = FALSE;
    }
  else
    {
      /* A device, a FIFO or a socket: replacing /dev/full would remove the
       * device, and a FIFO would hand the export to whoever reads it. */
      g_set_error (error, MS_ERROR, MS_ERROR_IO, _("Could not write %s: it is not a regular file"), display);
      ok = FALSE;
    }

  if (w.dirfd >= 0)
    close (w.dirfd);
  g_free (w.base);
  return ok;
}
