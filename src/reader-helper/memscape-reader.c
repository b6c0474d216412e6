/* SPDX-License-Identifier: GPL-3.0-or-later */

/* memscape-reader: the privileged half of "Read as administrator".
 *
 * Memscape's window never runs as root. When the kernel refuses it another
 * user's process, it runs this program through pkexec (polkit action
 * io.github.memscape.Memscape.read-process), and inside Flatpak through
 * `flatpak-spawn --host pkexec`. This program is the security boundary, so it
 * is small and takes nothing it does not need:
 *
 *  - exactly one request on its command line, and nothing else:
 *      memscape-reader list          every process: its name, owner and sizes
 *      memscape-reader read PID      one process's memory map
 *      memscape-reader probe PID     what tells whether that map changed
 *      memscape-reader pages PID START END   the state of each page in a
 *                                    range (memscape-reader-pages.c)
 *      memscape-reader clear-refs PID 1|4   clear the process's referenced
 *                                    (1) or soft-dirty (4) bits: the one
 *                                    request that changes anything, and only
 *                                    what /proc/PID/clear_refs does
 *                                    (memscape-reader-clear-refs.c)
 *    PID is 1 to 4194304 in decimal digits, without sign, leading zero or
 *    blank. Anything else (a missing or extra argument, another verb) ends with
 *    exit status 2, one line on stderr and nothing on stdout;
 *  - no paths, no shell, no other program, no environment (it is cleared
 *    first; nothing here consults it: no locale, no user database);
 *  - for `read`, only /proc/PID/{comm,status,smaps,cmdline,stat} and each
 *    /proc/PID/task/TID/syscall (or stat) for the threads' stack pointers; from
 *    status only its Vm*, Rss*, Threads: and Uid: lines, and from the threads
 *    only the stack pointers leave this program;
 *  - for `probe`, only /proc/PID/{status,smaps_rollup,maps}: from status the
 *    same lines as for `read`;
 *  - for `list`, for each numeric entry of /proc: stat (state, flags), status
 *    (Uid:, VmRSS:), comm, cmdline (at most 4 KiB) and smaps_rollup (Pss:,
 *    Private_Clean: + Private_Dirty:, Swap:), of which only those numbers leave;
 *  - for `clear-refs`, only /proc/PID/clear_refs, written once with the
 *    value asked for (1 or 4), nothing read;
 *  - /proc/PID is opened once (O_DIRECTORY | O_NOFOLLOW) and every file is
 *    opened relative to it with openat(): if the process exits and its PID is
 *    reused mid-read, the reads fail instead of switching to the new process;
 *  - sizes are capped: smaps at 256 MiB, cmdline at 128 KiB; no memory is
 *    allocated beyond libc's directory streams;
 *  - it is built hardened (stack protector, stack clash protection,
 *    _FORTIFY_SOURCE, full RELRO, PIE: see meson.build) and installed
 *    stripped.
 *
 * Output, on stdout: a framed, versioned stream (format 1).
 *
 *   memscape-reader 1\n                    header: name and format version
 *   NAME SP LENGTH\n PAYLOAD \n            a record, any number of them
 *   end 0\n\n                              trailer: the last record
 *
 * NAME is 1 to 16 characters of [a-z-]; LENGTH is the payload's size in
 * decimal (no sign, no leading zero); the payload is exactly LENGTH bytes of
 * anything (NUL bytes and newlines included) and is followed by one \n. The
 * `end` record is always last, and nothing follows it, so a reader that meets
 * the end of the stream before `end` knows the output was cut short. A reader
 * of format 1 rejects any other version, any unknown record, and any record
 * out of place.
 *
 * `read PID` writes, in this order:
 *   read     the PID, in decimal (the request, echoed)
 *   owner    the uid that owns /proc/PID, in decimal
 *   comm     /proc/PID/comm as the kernel gives it (with its trailing \n)
 *   status   the Vm*, Rss*, Threads: and Uid: lines of /proc/PID/status
 *            (absent when status cannot be read)
 *   smaps    the text of /proc/PID/smaps, in pieces of at most 256 KiB: the
 *            pieces, in order, make the whole text (a line may be cut anywhere)
 *   sp       one record per thread other than the main one whose stack pointer
 *            was found: the address in hexadecimal, without 0x
 *   task     after an `sp`, when the thread's comm could be read: its TID in
 *            decimal, a space, and /proc/PID/task/TID/comm without its \n
 *   cmdline  /proc/PID/cmdline as the kernel gives it (NUL-separated), at most
 *            128 KiB
 *   end
 *
 * `probe PID` writes, in this order (Memscape computes from them the same
 * fingerprint as from its own read of these files, and reads the whole map
 * only when it differs from the one shown: maps costs no page-table walk,
 * unlike smaps):
 *   probe    the PID, in decimal (the request, echoed)
 *   status   as for `read` (absent when status cannot be read)
 *   rollup   /proc/PID/smaps_rollup as the kernel gives it, at most 8 KiB
 *   maps     the text of /proc/PID/maps, in pieces as smaps is for `read`
 *            (absent when empty), at most 256 MiB in all
 *   end
 *
 * `list` writes `list` (empty payload), then for each process
 *   proc     "PID UID STATE KTHREAD RSS PSS USS SWAP": decimal numbers but
 *            STATE (the one-letter state of stat), KTHREAD 1 for a kernel
 *            thread else 0, the sizes in bytes (PSS, USS and SWAP 0 when
 *            smaps_rollup cannot be read)
 *   comm     as for `read` (absent when it cannot be read)
 *   cmdline  as for `read`, at most 4 KiB (absent when it cannot be read)
 * and `end`. Processes that exit while the list is made are left out.
 *
 * When the request cannot be answered, an in-band error record takes the rest
 * of the answer's place, the trailer follows, and the exit status is 1:
 *   error    "CODE NUMBER MESSAGE", CODE one of
 *              gone           there is no such process (NUMBER 0)
 *              exited         it exited while it was being read (0)
 *              zombie         it has exited and holds no memory (0)
 *              kernel-thread  it has no user address space (0)
 *              denied         the kernel refused (NUMBER: the owner's uid)
 *              io             any other failure (NUMBER: the errno value)
 *            and MESSAGE a short English text for a person reading by hand.
 *            Memscape shows its own, translated message for CODE.
 *
 * Exit status: 0 answered, 1 answered with an error record, 2 bad request
 * (nothing written to stdout), 3 stdout could not be written: among others
 * when the reader closed it before the end (quietly then: SIGPIPE is
 * ignored, EPIPE ends the program). A non-blocking stdout is waited for
 * (poll) when full, as a blocking one would be.
 */

#define _GNU_SOURCE

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define FORMAT_VERSION "1"

#define PID_MAX_LIMIT   4194304u            /* the kernel's largest pid_max */
#define SMAPS_MAX       (256u * 1024 * 1024)
#define SMAPS_PIECE     (256u * 1024)
#define CMDLINE_MAX     (128u * 1024)
#define LIST_CMDLINE_MAX 4096u
#define STATUS_KEPT_MAX 4096u               /* the filtered lines of status */
#define STATUS_LINE_MAX 256u                /* longer lines are none we keep */
#define SMALL_MAX       8192u               /* comm, stat, syscall, smaps_rollup */

#define PF_KTHREAD 0x00200000u

enum {
  EXIT_ANSWERED = 0,
  EXIT_ERROR_RECORD = 1,
  EXIT_USAGE = 2,
  EXIT_OUTPUT = 3,
};

/* Every buffer is static: nothing here grows with what a process holds. */
static char out_buffer[64 * 1024];
static size_t out_length;
static char smaps_piece[SMAPS_PIECE];
static char cmdline_buffer[CMDLINE_MAX];
static char small_buffer[SMALL_MAX];
static char status_kept[STATUS_KEPT_MAX];

#define O_PROC_FILE (O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY)
#define O_PROC_DIR  (O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_DIRECTORY)

/* --- output ----------------------------------------------------------------- */

/* Writes everything or ends the program with EXIT_OUTPUT: on EPIPE (the
 * reader has gone) as on any other error. A non-blocking @fd that is full
 * (the caller's pipe, set O_NONBLOCK, is shared with us) is waited for. */
static void
write_all (int         fd,
           const char *data,
           size_t      length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);

      if (n < 0)
        {
          struct pollfd writable = { .fd = fd, .events = POLLOUT };

          if (errno == EINTR)
            continue;
          if ((errno == EAGAIN || errno == EWOULDBLOCK) &&
              (poll (&writable, 1, -1) >= 0 || errno == EINTR))
            continue;
          _exit (EXIT_OUTPUT);
        }
      data += n;
      length -= (size_t) n;
    }
}

static void
out_flush (void)
{
  write_all (STDOUT_FILENO, out_buffer, out_length);
  out_length = 0;
}

static void
out_write (const char *data,
           size_t      length)
{
  if (out_length + length > sizeof out_buffer)
    out_flush ();
  if (length >= sizeof out_buffer)
    {
      write_all (STDOUT_FILENO, data, length);
      return;
    }
  memcpy (out_buffer + out_length, data, length);
  out_length += length;
}

static void
out_string (const char *text)
{
  out_write (text, strlen (text));
}

/* Decimal and hexadecimal without printf: nothing here depends on a locale. */
static size_t
format_decimal (char     *buffer,
                uint64_t  value)
{
  char digits[24];
  size_t n = 0, i;

  do
    {
      digits[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);

  for (i = 0; i < n; i++)
    buffer[i] = digits[n - 1 - i];
  buffer[n] = '\0';
  return n;
}

static size_t
format_hex (char     *buffer,
            uint64_t  value)
{
  static const char hex[] = "0123456789abcdef";
  char digits[24];
  size_t n = 0, i;

  do
    {
      digits[n++] = hex[value & 0xf];
      value >>= 4;
    }
  while (value > 0);

  for (i = 0; i < n; i++)
    buffer[i] = digits[n - 1 - i];
  buffer[n] = '\0';
  return n;
}

static void
out_record (const char *name,
            const char *payload,
            size_t      length)
{
  char number[24];

  out_string (name);
  out_write (" ", 1);
  out_write (number, format_decimal (number, length));
  out_write ("\n", 1);
  out_write (payload, length);
  out_write ("\n", 1);
}

static void
out_number_record (const char *name,
                   uint64_t    value)
{
  char number[24];

  out_record (name, number, format_decimal (number, value));
}

static int
out_end (int status)
{
  out_record ("end", "", 0);
  out_flush ();
  return status;
}

/* The error record, the trailer, and exit status 1. */
static int
out_error (const char *code,
           uint64_t    number,
           const char *message)
{
  char payload[256];
  size_t length = strlen (code);

  /* code and message are this file's own short constants */
  memcpy (payload, code, length);
  payload[length++] = ' ';
  length += format_decimal (payload + length, number);
  payload[length++] = ' ';
  if (length + strlen (message) < sizeof payload)
    {
      memcpy (payload + length, message, strlen (message));
      length += strlen (message);
    }

  out_record ("error", payload, length);
  return out_end (EXIT_ERROR_RECORD);
}

/* A failed open or read of /proc/PID/...: the process went away, or the
 * kernel said no, or something else. */
static int
out_errno_error (int      saved_errno,
                 uint32_t owner)
{
  if (saved_errno == ENOENT || saved_errno == ESRCH)
    return out_error ("exited", 0, "the process exited while it was being read");
  if (saved_errno == EACCES || saved_errno == EPERM)
    return out_error ("denied", owner, "permission denied");
  if (saved_errno == EFBIG)
    return out_error ("io", (uint64_t) saved_errno, "the file is too large");
  return out_error ("io", (uint64_t) saved_errno, "read error");
}

/* --- parsing ---------------------------------------------------------------- */

/* A PID as this program accepts it: 1 to 4194304, decimal digits only, no
 * sign, no leading zero, no blank. */
static int
parse_pid (const char *text,
           uint32_t   *pid)
{
  uint32_t value = 0;
  size_t i;

  if (text == NULL || text[0] < '1' || text[0] > '9')
    return 0;

  for (i = 0; text[i] != '\0'; i++)
    {
      if (i >= 7 || text[i] < '0' || text[i] > '9')
        return 0;
      value = value * 10 + (uint32_t) (text[i] - '0');
    }

  if (value < 1 || value > PID_MAX_LIMIT)
    return 0;

  *pid = value;
  return 1;
}

/* A decimal number at *p, skipping blanks before it; advances *p. */
static int
parse_decimal (const char **p,
               uint64_t    *value)
{
  const char *s = *p;
  uint64_t v = 0;

  while (*s == ' ' || *s == '\t')
    s++;
  if (*s < '0' || *s > '9')
    return 0;
  for (; *s >= '0' && *s <= '9'; s++)
    {
      if (v > (UINT64_MAX - 9) / 10)
        return 0;
      v = v * 10 + (uint64_t) (*s - '0');
    }

  *p = s;
  *value = v;
  return 1;
}

static int
parse_hex (const char *s,
           uint64_t   *value)
{
  uint64_t v = 0;
  size_t n = 0;

  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    s += 2;

  for (;; s++, n++)
    {
      unsigned digit;

      if (*s >= '0' && *s <= '9')
        digit = (unsigned) (*s - '0');
      else if (*s >= 'a' && *s <= 'f')
        digit = (unsigned) (*s - 'a' + 10);
      else if (*s >= 'A' && *s <= 'F')
        digit = (unsigned) (*s - 'A' + 10);
      else
        break;
      if (n >= 16)
        return 0;
      v = (v << 4) | digit;
    }

  if (n == 0 || (*s != ' ' && *s != '\n' && *s != '\0'))
    return 0;
  *value = v;
  return 1;
}

/* /proc/PID/stat: the state, the flags (field 9) and kstkesp (field 29). */
static int
parse_stat (const char *text,
            char       *state,
            uint64_t   *flags,
            uint64_t   *kstkesp)
{
  const char *p = strrchr (text, ')');
  unsigned field = 0;

  if (p == NULL || p[1] != ' ' || p[2] == '\0')
    return 0;
  p += 2;

  *state = *p;
  *flags = 0;
  *kstkesp = 0;

  while (*p != '\0' && field <= 26)
    {
      const char *q = p;

      if (field == 6 && !parse_decimal (&q, flags))
        return 0;
      if (field == 26 && !parse_decimal (&q, kstkesp))
        *kstkesp = 0;

      p = strchr (p, ' ');
      if (p == NULL)
        break;
      p++;
      field++;
    }

  return field >= 6;
}

/* /proc/PID/task/TID/syscall: "NR A1 … A6 SP PC", or "-1 SP PC" when blocked
 * outside a call, or "running": the stack pointer is the last but one of
 * three or more fields. */
static int
parse_syscall_sp (const char *text,
                  uint64_t   *sp)
{
  const char *fields[9];
  unsigned n = 0;
  const char *p = text;

  while (*p != '\0' && *p != '\n')
    {
      while (*p == ' ')
        p++;
      if (*p == '\0' || *p == '\n')
        break;
      if (n == sizeof fields / sizeof fields[0])
        return 0;
      fields[n++] = p;
      while (*p != '\0' && *p != ' ' && *p != '\n')
        p++;
    }

  if (n < 3 || !parse_hex (fields[n - 2], sp))
    return 0;
  return *sp != 0;
}

/* The number of a "Name:   1234 kB" line of status or smaps_rollup, in bytes
 * when the line says kB. */
static int
line_value (const char *line,
            const char *name,
            uint64_t   *value)
{
  size_t length = strlen (name);
  const char *p;

  if (strncmp (line, name, length) != 0)
    return 0;
  p = line + length;
  if (!parse_decimal (&p, value))
    return 0;
  while (*p == ' ' || *p == '\t')
    p++;
  if (strncmp (p, "kB", 2) == 0)
    *value = *value > UINT64_MAX / 1024 ? UINT64_MAX : *value * 1024;
  return 1;
}

/* --- reading /proc ---------------------------------------------------------- */

/* Reads at most @capacity - 1 bytes of @name (relative to @dir) into @buffer
 * and NUL-terminates it. Returns 0 or an errno value. */
static int
read_small (int         dir,
            const char *name,
            char       *buffer,
            size_t      capacity,
            size_t     *length)
{
  size_t done = 0;
  int fd = openat (dir, name, O_PROC_FILE);

  if (fd < 0)
    return errno;

  while (done < capacity - 1)
    {
      ssize_t n = read (fd, buffer + done, capacity - 1 - done);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          close (fd);
          return saved_errno;
        }
      if (n == 0)
        break;
      done += (size_t) n;
    }

  close (fd);
  buffer[done] = '\0';
  if (length != NULL)
    *length = done;
  return 0;
}

static int
status_line_kept (const char *line)
{
  return strncmp (line, "Vm", 2) == 0 || strncmp (line, "Rss", 3) == 0 ||
         strncmp (line, "Threads:", 8) == 0 || strncmp (line, "Uid:", 4) == 0;
}

/* Reads /proc/PID/status line by line and keeps only the lines Memscape uses
 * (into status_kept). A very long line (Groups: of a user in thousands of
 * groups) is skipped whole. Returns 0 or an errno value. */
static int
read_status (int     dir,
             size_t *kept_length)
{
  char chunk[4096];
  char line[STATUS_LINE_MAX];
  size_t line_length = 0, kept = 0;
  int too_long = 0;
  int fd = openat (dir, "status", O_PROC_FILE);

  if (fd < 0)
    return errno;

  for (;;)
    {
      ssize_t n = read (fd, chunk, sizeof chunk);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          return saved_errno;
        }
      if (n == 0)
        break;

      for (ssize_t i = 0; i < n; i++)
        {
          if (chunk[i] != '\n')
            {
              if (line_length < sizeof line - 1)
                line[line_length++] = chunk[i];
              else
                too_long = 1;
              continue;
            }

          line[line_length] = '\0';
          if (!too_long && status_line_kept (line) && kept + line_length + 1 <= sizeof status_kept)
            {
              memcpy (status_kept + kept, line, line_length);
              kept += line_length;
              status_kept[kept++] = '\n';
            }
          line_length = 0;
          too_long = 0;
        }
    }

  close (fd);
  *kept_length = kept;
  return 0;
}

/* Streams /proc/PID/NAME (smaps or maps) out as records named NAME, a piece
 * at a time. Returns 0 or an errno value (EFBIG past SMAPS_MAX); *total is
 * what was read. */
static int
stream_file (int         dir,
             const char *name,
             uint64_t   *total)
{
  size_t filled = 0;
  int fd = openat (dir, name, O_PROC_FILE);

  *total = 0;
  if (fd < 0)
    return errno;

  for (;;)
    {
      ssize_t n = read (fd, smaps_piece + filled, sizeof smaps_piece - filled);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          return saved_errno;
        }

      *total += (uint64_t) n;
      if (*total > SMAPS_MAX)
        {
          close (fd);
          return EFBIG;
        }
      filled += (size_t) n;

      if (filled == sizeof smaps_piece || (n == 0 && filled > 0))
        {
          out_record (name, smaps_piece, filled);
          filled = 0;
        }
      if (n == 0)
        break;
    }

  close (fd);
  return 0;
}

/* One `sp` record for each thread but the main one whose stack pointer is
 * known: from syscall, or else from stat's kstkesp. */
static void
out_thread_stack_pointers (int      dir,
                           uint32_t pid)
{
  int task = openat (dir, "task", O_PROC_DIR);
  DIR *threads;
  struct dirent *entry;

  if (task < 0)
    return;
  threads = fdopendir (task);
  if (threads == NULL)
    {
      close (task);
      return;
    }

  while ((entry = readdir (threads)) != NULL)
    {
      uint32_t tid;
      uint64_t sp = 0, flags, kstkesp;
      char state, hex[24];
      size_t comm_length = 0;
      int thread;

      if (!parse_pid (entry->d_name, &tid) || tid == pid)
        continue;
      thread = openat (task, entry->d_name, O_PROC_DIR);
      if (thread < 0)
        continue;

      if (read_small (thread, "syscall", small_buffer, sizeof small_buffer, NULL) == 0 &&
          parse_syscall_sp (small_buffer, &sp))
        out_record ("sp", hex, format_hex (hex, sp));
      else if (read_small (thread, "stat", small_buffer, sizeof small_buffer, NULL) == 0 &&
               parse_stat (small_buffer, &state, &flags, &kstkesp) && kstkesp != 0)
        out_record ("sp", hex, format_hex (hex, sp = kstkesp));

      /* Its TID and name, the owner of its stack. */
      if (sp != 0 && read_small (thread, "comm", small_buffer, sizeof small_buffer, &comm_length) == 0)
        {
          char task_payload[24 + 64];
          size_t length = format_decimal (task_payload, tid);

          while (comm_length > 0 && small_buffer[comm_length - 1] == '\n')
            comm_length--;
          if (comm_length > 63)
            comm_length = 63;
          task_payload[length++] = ' ';
          memcpy (task_payload + length, small_buffer, comm_length);
          out_record ("task", task_payload, length + comm_length);
        }

      close (thread);
    }

  closedir (threads);
}

static int
open_process (uint32_t pid)
{
  char path[32] = "/proc/";

  format_decimal (path + strlen (path), pid);
  return open (path, O_PROC_DIR);
}

/* --- the three requests ----------------------------------------------------- */

/* Begins the answer to @request about @pid: the header and the request's
 * record, then opens /proc/PID. Returns the directory, with *owner its
 * owner's uid; or -1 after an `error` record, with *status the exit status
 * to end with. */
static int
begin_answer (const char *request,
              uint32_t    pid,
              uint32_t   *owner,
              int        *status)
{
  struct stat st;
  int dir, saved_errno;

  out_string ("memscape-reader " FORMAT_VERSION "\n");
  out_number_record (request, pid);

  dir = open_process (pid);
  if (dir < 0)
    {
      saved_errno = errno;
      if (saved_errno == ENOENT || saved_errno == ESRCH)
        *status = out_error ("gone", 0, "there is no such process");
      else
        *status = out_errno_error (saved_errno, UINT32_MAX);
      return -1;
    }

  *owner = fstat (dir, &st) == 0 ? (uint32_t) st.st_uid : UINT32_MAX;
  return dir;
}

static int
do_read (uint32_t pid)
{
  uint32_t owner;
  uint64_t smaps_length = 0;
  size_t length = 0;
  int dir, saved_errno, status;

  dir = begin_answer ("read", pid, &owner, &status);
  if (dir < 0)
    return status;
  out_number_record ("owner", owner);

  saved_errno = read_small (dir, "comm", small_buffer, sizeof small_buffer, &length);
  if (saved_errno != 0)
    return out_errno_error (saved_errno, owner);
  out_record ("comm", small_buffer, length);

  if (read_status (dir, &length) == 0)
    out_record ("status", status_kept, length);

  saved_errno = stream_file (dir, "smaps", &smaps_length);
  if (saved_errno != 0)
    return out_errno_error (saved_errno, owner);

  if (smaps_length == 0)
    {
      char state = '?';
      uint64_t flags = 0, kstkesp;

      saved_errno = read_small (dir, "stat", small_buffer, sizeof small_buffer, NULL);
      if (saved_errno != 0)
        return out_errno_error (saved_errno, owner);
      if (parse_stat (small_buffer, &state, &flags, &kstkesp) && (flags & PF_KTHREAD))
        return out_error ("kernel-thread", 0, "a kernel thread has no user address space");
      if (state == 'Z' || state == 'X')
        return out_error ("zombie", 0, "the process has exited and holds no memory");
      return out_error ("exited", 0, "the process exited while it was being read");
    }

  out_thread_stack_pointers (dir, pid);

  if (read_small (dir, "cmdline", cmdline_buffer, sizeof cmdline_buffer, &length) == 0)
    out_record ("cmdline", cmdline_buffer, length);

  close (dir);
  return out_end (EXIT_ANSWERED);
}

/* What tells whether the map changed, without smaps: status, smaps_rollup
 * and maps. A process with no map (a kernel thread, a zombie) gives no `maps`
 * record; Memscape then reads it with `read`, which says why. */
static int
do_probe (uint32_t pid)
{
  uint32_t owner;
  uint64_t maps_length = 0;
  size_t length = 0;
  int dir, saved_errno, status;

  dir = begin_answer ("probe", pid, &owner, &status);
  if (dir < 0)
    return status;

  if (read_status (dir, &length) == 0)
    out_record ("status", status_kept, length);

  saved_errno = read_small (dir, "smaps_rollup", small_buffer, sizeof small_buffer, &length);
  if (saved_errno != 0)
    return out_errno_error (saved_errno, owner);
  out_record ("rollup", small_buffer, length);

  saved_errno = stream_file (dir, "maps", &maps_length);
  if (saved_errno != 0)
    return out_errno_error (saved_errno, owner);

  close (dir);
  return out_end (EXIT_ANSWERED);
}

/* One `proc` record (with `comm` and `cmdline`) for the process at @name. */
static void
out_process (int         proc,
             const char *name,
             uint32_t    pid)
{
  char line[256];
  struct stat st;
  uint64_t flags = 0, kstkesp, uid, rss = 0, pss = 0, uss = 0, swap = 0, value;
  size_t status_length = 0, length = 0, comm_length = 0;
  char state = '?';
  char comm[64];
  int dir = openat (proc, name, O_PROC_DIR);

  if (dir < 0)
    return;

  /* Gone already: leave it out. */
  if (read_small (dir, "stat", small_buffer, sizeof small_buffer, NULL) != 0 ||
      !parse_stat (small_buffer, &state, &flags, &kstkesp) ||
      state < '!' || state > '~')
    {
      close (dir);
      return;
    }

  uid = fstat (dir, &st) == 0 ? (uint64_t) st.st_uid : UINT32_MAX;
  if (read_status (dir, &status_length) == 0)
    {
      status_kept[status_length > 0 ? status_length - 1 : 0] = '\0';
      for (const char *p = status_kept; p != NULL && p < status_kept + status_length; )
        {
          const char *q = p + 4;

          if (strncmp (p, "Uid:", 4) == 0 && parse_decimal (&q, &value) && parse_decimal (&q, &value))
            uid = value;   /* real, then effective: the owner as ps(1) shows it */
          else
            line_value (p, "VmRSS:", &rss);
          p = strchr (p, '\n');
          p = p != NULL ? p + 1 : NULL;
        }
    }

  if (read_small (dir, "smaps_rollup", small_buffer, sizeof small_buffer, NULL) == 0)
    {
      for (const char *p = small_buffer; p != NULL && *p != '\0'; )
        {
          if (line_value (p, "Pss:", &value))
            pss = value;
          else if (line_value (p, "Private_Clean:", &value) || line_value (p, "Private_Dirty:", &value))
            uss += value;
          else if (line_value (p, "Swap:", &value))
            swap = value;
          p = strchr (p, '\n');
          p = p != NULL ? p + 1 : NULL;
        }
    }

  length = format_decimal (line, pid);
  line[length++] = ' ';
  length += format_decimal (line + length, uid);
  line[length++] = ' ';
  line[length++] = state;
  line[length++] = ' ';
  line[length++] = (flags & PF_KTHREAD) ? '1' : '0';
  line[length++] = ' ';
  length += format_decimal (line + length, rss);
  line[length++] = ' ';
  length += format_decimal (line + length, pss);
  line[length++] = ' ';
  length += format_decimal (line + length, uss);
  line[length++] = ' ';
  length += format_decimal (line + length, swap);
  out_record ("proc", line, length);

  if (read_small (dir, "comm", comm, sizeof comm, &comm_length) == 0)
    out_record ("comm", comm, comm_length);
  if (read_small (dir, "cmdline", cmdline_buffer, LIST_CMDLINE_MAX + 1, &length) == 0)
    out_record ("cmdline", cmdline_buffer, length);

  close (dir);
}

static int
do_list (void)
{
  int proc;
  DIR *entries;
  struct dirent *entry;

  out_string ("memscape-reader " FORMAT_VERSION "\n");
  out_record ("list", "", 0);

  proc = open ("/proc", O_PROC_DIR);
  if (proc < 0)
    return out_errno_error (errno, UINT32_MAX);
  entries = fdopendir (proc);
  if (entries == NULL)
    {
      int saved_errno = errno;

      close (proc);
      return out_error ("io", (uint64_t) saved_errno, "cannot list /proc");
    }

  while ((entry = readdir (entries)) != NULL)
    {
      uint32_t pid;

      if (parse_pid (entry->d_name, &pid))
        out_process (proc, entry->d_name, pid);
    }

  closedir (entries);
  return out_end (EXIT_ANSWERED);
}

/* The `pages` request: its own file, a part of this one. */
#include "memscape-reader-pages.c"

/* The `clear-refs` request: its own file, a part of this one. */
#include "memscape-reader-clear-refs.c"

/* --- main ------------------------------------------------------------------- */

static int
usage (void)
{
  static const char text[] =
    "usage: memscape-reader list | memscape-reader read PID | memscape-reader probe PID"
    " | memscape-reader pages PID START END (PID: 1 to 4194304; START, END: hexadecimal,"
    " at most 64 GiB apart) | memscape-reader clear-refs PID 1|4\n";

  write_all (STDERR_FILENO, text, sizeof text - 1);
  return EXIT_USAGE;
}

int
main (int   argc,
      char *argv[])
{
  static const struct rlimit no_core = { 0, 0 };
  uint64_t pages_start, pages_end;
  uint32_t pid;

  /* Nothing from the caller's environment: not its variables, not its
   * working directory; no core file of what was read. */
  clearenv ();
  if (chdir ("/") != 0)
    return EXIT_OUTPUT;
  setrlimit (RLIMIT_CORE, &no_core);

  /* A reader that stops reading ends this program through EPIPE, with its
   * exit status, not by a signal. */
  signal (SIGPIPE, SIG_IGN);

  /* Standard descriptors that were closed would be reused by openat(). */
  for (int fd = 0; fd <= 2; fd++)
    if (fcntl (fd, F_GETFD) < 0 && errno == EBADF && open ("/dev/null", O_RDWR) != fd)
      return EXIT_OUTPUT;

  if (argc == 2 && strcmp (argv[1], "list") == 0)
    return do_list ();
  if (argc == 3 && strcmp (argv[1], "read") == 0 && parse_pid (argv[2], &pid))
    return do_read (pid);
  if (argc == 3 && strcmp (argv[1], "probe") == 0 && parse_pid (argv[2], &pid))
    return do_probe (pid);
  if (argc == 5 && strcmp (argv[1], "pages") == 0 && parse_pid (argv[2], &pid) &&
      pages_parse_range (argv[3], argv[4], &pages_start, &pages_end))
    return do_pages (pid, pages_start, pages_end);
  if (argc == 4 && strcmp (argv[1], "clear-refs") == 0 && parse_pid (argv[2], &pid) &&
      clear_refs_parse_value (argv[3]))
    return do_clear_refs (pid, argv[3]);

  return usage ();
}
