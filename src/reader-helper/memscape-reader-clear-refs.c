/* SPDX-License-Identifier: GPL-3.0-or-later */

/* memscape-reader's `clear-refs PID VALUE` request (issue 16, items 3 and
 * 4), a part of memscape-reader.c (included there: it uses its output and
 * parsing). It writes VALUE to /proc/PID/clear_refs, as root, so that
 * Memscape can measure which pages another user's process uses (VALUE 1:
 * its referenced bits cleared, then `read` gives smaps' Referenced) or
 * writes (VALUE 4: its soft-dirty bits cleared, then `pages` gives the
 * soft-dirty pages). Memscape asks for it only after a click on the warning
 * that says what clearing does to the process.
 *
 *   VALUE is exactly "1" or "4": the other values of clear_refs (2, 3: only
 *   anonymous or file pages; 5: the peak RSS) are refused like any bad
 *   request (exit status 2).
 *
 * `clear-refs PID VALUE` writes, in this order:
 *   clear-refs  the PID, in decimal (the request, echoed)
 *   owner       the uid that owns /proc/PID, in decimal
 *   cleared     VALUE, once written (the request's value, echoed)
 *   end
 * Errors as for `read` (`denied`, `exited`, `io` with the errno value of the
 * failed open or write: EINVAL where the kernel does not know VALUE).
 */

static int
do_clear_refs (uint32_t    pid,
               const char *value)
{
  uint32_t owner;
  int dir, fd, status, saved_errno;
  ssize_t written;

  dir = begin_answer ("clear-refs", pid, &owner, &status);
  if (dir < 0)
    return status;
  out_number_record ("owner", owner);

  fd = openat (dir, "clear_refs", O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
  if (fd < 0)
    return out_errno_error (errno, owner);
  do
    written = write (fd, value, 1);
  while (written < 0 && errno == EINTR);
  saved_errno = errno;
  close (fd);
  if (written != 1)
    {
      if (saved_errno == ESRCH || saved_errno == ENOENT)
        return out_error ("exited", 0, "the process exited while it was being read");
      return out_errno_error (written < 0 ? saved_errno : EIO, owner);
    }

  out_record ("cleared", value, 1);
  close (dir);
  return out_end (EXIT_ANSWERED);
}

/* VALUE of a `clear-refs` request: "1" or "4", nothing else. */
static int
clear_refs_parse_value (const char *text)
{
  return (text[0] == '1' || text[0] == '4') && text[1] == '\0';
}
