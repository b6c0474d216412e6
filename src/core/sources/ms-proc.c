/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-proc"

#include "config.h"

#include "ms-proc.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static MsProcOpenHook open_hook;
static gpointer open_hook_data;

void
_ms_proc_set_open_hook (MsProcOpenHook hook,
                        gpointer       user_data)
{
  open_hook = hook;
  open_hook_data = user_data;
}

/* Every open of this file goes through here. */
static int
proc_open (int         dir,
           const char *name,
           int         flags,
           int        *saved_errno)
{
  int fd;

  if (open_hook != NULL)
    open_hook (dir, name, open_hook_data);

  fd = openat (dir, name, flags | O_CLOEXEC);
  *saved_errno = fd < 0 ? errno : 0;
  return fd;
}

/* Reads @fd to its end into @buffer and closes it. */
static gboolean
read_fd_into (int         fd,
              GByteArray *buffer,
              int        *saved_errno)
{
  guint len = 0;

  if (buffer->len < 65536)
    g_byte_array_set_size (buffer, 65536);

  for (;;)
    {
      ssize_t n;

      if (buffer->len - len < 4096 + 1)
        g_byte_array_set_size (buffer, buffer->len * 2);

      n = read (fd, buffer->data + len, buffer->len - len - 1);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          *saved_errno = errno;
          close (fd);
          g_byte_array_set_size (buffer, 0);
          return FALSE;
        }
      if (n == 0)
        break;
      len += (guint) n;
      if (len > MS_PROC_MAX_READ)
        {
          *saved_errno = EFBIG;
          close (fd);
          g_byte_array_set_size (buffer, 0);
          return FALSE;
        }
    }

  close (fd);
  buffer->data[len] = '\0';
  g_byte_array_set_size (buffer, len);
  return TRUE;
}

gboolean
ms_proc_read_into (const char *path,
                   GByteArray *buffer,
                   int        *saved_errno)
{
  int fd = proc_open (AT_FDCWD, path, O_RDONLY, saved_errno);

  return fd >= 0 && read_fd_into (fd, buffer, saved_errno);
}

int
ms_proc_open_pid (int  pid,
                  int *saved_errno)
{
  char path[32];

  g_snprintf (path, sizeof path, "/proc/%d", pid);
  return proc_open (AT_FDCWD, path, O_PATH | O_DIRECTORY | O_NOFOLLOW, saved_errno);
}

int
ms_proc_open_at (int         dir,
                 const char *name,
                 int         flags,
                 int        *saved_errno)
{
  g_return_val_if_fail (dir >= 0, -1);
  g_return_val_if_fail (name[0] != '/', -1);

  return proc_open (dir, name, flags | O_NOFOLLOW, saved_errno);
}

gboolean
ms_proc_read_at (int         dir,
                 const char *name,
                 GByteArray *buffer,
                 int        *saved_errno)
{
  int fd = ms_proc_open_at (dir, name, O_RDONLY, saved_errno);

  return fd >= 0 && read_fd_into (fd, buffer, saved_errno);
}

/* Fields of /proc/PID/stat after "pid (comm) ", counted from 0 = state. */
#define STAT_FLAGS   6
#define STAT_KSTKESP 26

gboolean
ms_proc_parse_stat (const char *text,
                    char       *state,
                    guint64    *flags,
                    guint64    *kstkesp)
{
  const char *p = strrchr (text, ')');
  guint field = 0;

  if (p == NULL || p[1] != ' ' || p[2] == '\0')
    return FALSE;
  p += 2;

  *state = *p;
  *flags = 0;
  *kstkesp = 0;

  while (*p != '\0' && field <= STAT_KSTKESP)
    {
      if (field == STAT_FLAGS)
        *flags = g_ascii_strtoull (p, NULL, 10);
      else if (field == STAT_KSTKESP)
        *kstkesp = g_ascii_strtoull (p, NULL, 10);

      p = strchr (p, ' ');
      if (p == NULL)
        break;
      p++;
      field++;
    }

  return field >= STAT_FLAGS;
}

gboolean
ms_proc_parse_syscall_sp (const char *text,
                          guint64    *sp)
{
  const char *tokens[9];
  guint n = 0;
  const char *p = text;
  char *end = NULL;

  /* "nr a1 … a6 sp pc", "-1 sp pc" when blocked outside a call, or "running":
   * the stack pointer is always the last but one of three or more numbers. */
  while (*p != '\0' && *p != '\n')
    {
      while (*p == ' ')
        p++;
      if (*p == '\0' || *p == '\n')
        break;
      if (n == G_N_ELEMENTS (tokens))
        return FALSE;
      tokens[n++] = p;
      while (*p != '\0' && *p != ' ' && *p != '\n')
        p++;
    }

  if (n < 3)
    return FALSE;

  errno = 0;
  *sp = g_ascii_strtoull (tokens[n - 2], &end, 16);
  if (errno != 0 || end == tokens[n - 2] || (*end != ' ' && *end != '\0' && *end != '\n') || *sp == 0)
    return FALSE;

  return TRUE;
}

guint64
ms_proc_find_kb (const char *text,
                 const char *name)
{
  const char *p = strstr (text, name);

  return p != NULL ? g_ascii_strtoull (p + strlen (name), NULL, 10) * 1024 : 0;
}

char *
ms_proc_user_name (uid_t uid)
{
  struct passwd pwd, *result = NULL;
  char buf[1024];

  if (uid == (uid_t) -1)
    return g_strdup ("");

  if (getpwuid_r (uid, &pwd, buf, sizeof buf, &result) == 0 && result != NULL)
    return g_strdup (result->pw_name);

  return g_strdup_printf ("%u", (guint) uid);
}
