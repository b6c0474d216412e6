/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A process with one of every kind of region, for the live tests. It prints
 * "NAME 0xADDRESS" for each region it made (and "thread-N-tid 0xTID" for its
 * threads, named ms-worker-N), then "ready", and then obeys
 * commands on stdin, one per line:
 *   map N      — map N fresh anonymous pages and print "mapped 0xADDRESS"
 *   unmap      — unmap the last such mapping and print "unmapped"
 *   pages      — make regions with a known pattern of pages (issue 16) and
 *                print "NAME 0xADDRESS" for each, then "pages-ready":
 *                pages-alternate (64 pages, every other one written),
 *                pages-half (64 pages, the first 32 written), pages-huge
 *                (4 MiB at a 2 MiB boundary, MADV_HUGEPAGE, all written),
 *                pages-zero (16 pages, only read: the zero page),
 *                pages-file-written and pages-file-unwritten (8-page private
 *                mappings of a file, the first 4 pages written or read),
 *                pages-shared (16 shared pages, written, also mapped and
 *                touched by a forked child: "pages-shared-pid N")
 *   write 0xADDRESS N — write to N pages from ADDRESS; prints "written"
 *   read 0xADDRESS N  — read N pages from ADDRESS; prints "read"
 *   sysv N     — create a SysV segment of N pages (not marked for removal:
 *                the test removes it), attach it, touch its first page and
 *                print "sysv ID"
 *   sysv-detach — detach that segment (it stays: an orphan) and print
 *                "sysv-detached"
 *   memfd NAME — map a memfd of that name (two pages, the first touched)
 *                and print "memfd 0xADDRESS"
 *   reserve N M — map N fresh anonymous pages, the first one touched, with
 *                room for M after them (so that mremap can grow it in
 *                place) and print
 *                "mapped 0xADDRESS"; it becomes the last mapping
 *   mremap N   — resize the last mapping to N pages in place (mremap without
 *                MREMAP_MAYMOVE), touch them, and print "mremapped 0xADDRESS"
 *                or "mremap-failed"
 *   touch N    — write to the first N pages of the last mapping, "touched"
 *   brk N      — move the program break by N pages (negative: down), touch
 *                what it added, and print "brk 0xNEWBREAK"
 *   thread     — start another thread (its stack a new region) and print
 *                "thread-tid 0xTID"
 *   exit       — exit at once
 * End of input exits too, so a test that dies takes the child with it.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MiB (1024u * 1024u)

/* Initialised data: non-zero so it lands in .data, not .bss. */
static char initialised_data[1 * MiB] = { 1, 2, 3, 4 };
/* A large BSS: big enough that it cannot fit in the data mapping's last page. */
static char big_bss[16 * MiB];

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int threads_ready;
static void *thread_stack_address[2];
static pid_t thread_tid[2];
static void *arena_block;

static void
die (const char *what)
{
  fprintf (stderr, "ms-test-child: %s: %s\n", what, strerror (errno));
  exit (2);
}

/* A thread of the "thread" command: waits for ever. */
static pid_t extra_tid;

static void *
extra_thread_main (void *data)
{
  pthread_mutex_lock (&lock);
  extra_tid = gettid ();
  pthread_cond_broadcast (&cond);
  pthread_mutex_unlock (&lock);
  for (;;)
    pause ();
  return NULL;
}

static void *
thread_main (void *data)
{
  volatile char on_stack[64];
  int index = (int) (long) data;

  on_stack[0] = 1;
  /* Named, as the owner of its stack shows: "thread TID (ms-worker-N)". */
  snprintf ((char *) on_stack, sizeof on_stack, "ms-worker-%d", index + 1);
  pthread_setname_np (pthread_self (), (const char *) on_stack);
  /* The second thread mallocs: glibc gives it an arena of its own. */
  if (index == 1)
    {
      for (int i = 0; i < 16; i++)
        {
          char *block = malloc (16 * 1024);

          if (block == NULL)
            die ("malloc in a thread");
          memset (block, 1, 16 * 1024);
          arena_block = block;
        }
    }
  pthread_mutex_lock (&lock);
  thread_stack_address[index] = (void *) on_stack;
  thread_tid[index] = gettid ();
  threads_ready++;
  pthread_cond_broadcast (&cond);
  pthread_mutex_unlock (&lock);

  /* Sleep in a system call so that /proc/PID/task/TID/syscall shows the
   * stack pointer. */
  for (;;)
    pause ();
  return NULL;
}

static void
report (const char *name,
        const void *address)
{
  printf ("%s %p\n", name, address);
}

static volatile char page_sink;

/* The regions of the "pages" command. */
static void
make_page_pattern (const char *dir)
{
  const size_t page = 4096;
  char path[4096];
  char *alternate, *half, *huge_area, *huge, *zero, *written, *unwritten, *shared;
  int fd;
  pid_t pid;

  alternate = mmap (NULL, 64 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  half = mmap (NULL, 64 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  zero = mmap (NULL, 16 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  shared = mmap (NULL, 16 * page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  /* 6 MiB reserved, of which the 4 MiB from the first 2 MiB boundary. */
  huge_area = mmap (NULL, 6 * MiB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (alternate == MAP_FAILED || half == MAP_FAILED || zero == MAP_FAILED || shared == MAP_FAILED ||
      huge_area == MAP_FAILED)
    die ("mmap a page pattern");
  for (size_t i = 0; i < 64; i += 2)
    alternate[i * page] = 1;
  memset (half, 2, 32 * page);
  for (size_t i = 0; i < 16; i++)
    page_sink += zero[i * page];
  memset (shared, 3, 16 * page);

  huge = (char *) (((unsigned long) huge_area + 2 * MiB - 1) & ~(unsigned long) (2 * MiB - 1));
  if (mprotect (huge, 4 * MiB, PROT_READ | PROT_WRITE) != 0)
    die ("mprotect the huge region");
  madvise (huge, 4 * MiB, MADV_HUGEPAGE);
  memset (huge, 4, 4 * MiB);

  snprintf (path, sizeof path, "%s/ms-test-pages.bin", dir);
  fd = open (path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    die ("open the pages file");
  for (int i = 0; i < 16; i++)
    {
      char block[4096];

      memset (block, 'a' + i, sizeof block);
      if (write (fd, block, sizeof block) != (ssize_t) sizeof block)
        die ("write the pages file");
    }
  written = mmap (NULL, 8 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  unwritten = mmap (NULL, 8 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 8 * page);
  close (fd);
  unlink (path);
  if (written == MAP_FAILED || unwritten == MAP_FAILED)
    die ("mmap the pages file");
  for (size_t i = 0; i < 4; i++)
    {
      written[i * page] = 'X';
      page_sink += unwritten[i * page];
    }

  /* A child that maps the shared pages too, until we end; it gets no copy
   * of the private ones, which stay exclusive here. */
  madvise (alternate, 64 * page, MADV_DONTFORK);
  madvise (half, 64 * page, MADV_DONTFORK);
  madvise (zero, 16 * page, MADV_DONTFORK);
  madvise (huge, 4 * MiB, MADV_DONTFORK);
  madvise (written, 8 * page, MADV_DONTFORK);
  madvise (unwritten, 8 * page, MADV_DONTFORK);
  fflush (stdout);
  pid = fork ();
  if (pid < 0)
    die ("fork");
  if (pid == 0)
    {
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      if (getppid () == 1)
        _exit (0);
      for (size_t i = 0; i < 16; i++)
        page_sink += shared[i * page];
      for (;;)
        pause ();
    }
  /* (the child has touched its pages once it sleeps) */
  for (int i = 0; i < 500; i++)
    {
      char stat_path[64], state = 0;
      FILE *stat;

      snprintf (stat_path, sizeof stat_path, "/proc/%d/stat", (int) pid);
      stat = fopen (stat_path, "r");
      if (stat != NULL)
        {
          if (fscanf (stat, "%*d (%*[^)]) %c", &state) != 1)
            state = 0;
          fclose (stat);
        }
      if (state == 'S')
        break;
      usleep (2000);
    }

  report ("pages-alternate", alternate);
  report ("pages-half", half);
  report ("pages-huge", huge);
  report ("pages-zero", zero);
  report ("pages-file-written", written);
  report ("pages-file-unwritten", unwritten);
  report ("pages-shared", shared);
  printf ("pages-shared-pid %d\n", (int) pid);
  printf ("pages-ready\n");
}

static void
touch_pages (const char *arguments,
             int         write)
{
  char *end = NULL;
  char *address = (char *) (unsigned long) strtoul (arguments, &end, 16);
  unsigned long n = strtoul (end, NULL, 10);

  for (unsigned long i = 0; i < n; i++)
    {
      if (write)
        address[i * 4096] += 1;
      else
        page_sink += address[i * 4096];
    }
  printf (write ? "written\n" : "read\n");
}

int
main (int    argc,
      char **argv)
{
  const char *dir = argc > 1 ? argv[1] : "/tmp";
  char odd_name[4096];
  char line[256];
  void *last_mapping = NULL;
  size_t last_size = 0;
  pthread_t threads[2];
  char *heap, *big, *file_map, *shared_anon, *sysv, *memfd_map, *guard, *reservation;
  char *named_anon, *named_shared, *sealed, *guarded;
  int sealed_ok, guarded_ok;
  char *locked, *undumped, *writable_code;
  int locked_ok;
  int fd, shm_id, sysv_id;
  char *sysv_extra = NULL;

  /* Touch the data and part of the BSS so they are resident. */
  initialised_data[MiB - 1] = 5;
  memset (big_bss, 7, 64 * 1024);

  /* A brk heap: small allocations come from [heap]. */
  heap = malloc (100);
  if (heap == NULL)
    die ("malloc");
  memset (heap, 1, 100);

  /* A big malloc: glibc serves it with an anonymous mmap. */
  big = malloc (64 * MiB);
  if (big == NULL)
    die ("malloc big");
  memset (big, 1, MiB);

  /* A file whose name has a comma, a quote, a space and a newline. */
  snprintf (odd_name, sizeof odd_name, "%s/odd, \"name\"\nline two.bin", dir);
  fd = open (odd_name, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    die ("open odd file");
  if (ftruncate (fd, 3 * 4096) != 0)
    die ("ftruncate");
  file_map = mmap (NULL, 3 * 4096, PROT_READ, MAP_PRIVATE, fd, 0);
  if (file_map == MAP_FAILED)
    die ("mmap file");
  close (fd);

  shared_anon = mmap (NULL, 5 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared_anon == MAP_FAILED)
    die ("mmap shared anonymous");
  shared_anon[0] = 1;

  shm_id = shmget (IPC_PRIVATE, 7 * 4096, IPC_CREAT | 0600);
  if (shm_id < 0)
    die ("shmget");
  sysv = shmat (shm_id, NULL, 0);
  if (sysv == (void *) -1)
    die ("shmat");
  /* Marked for removal now: it goes when we detach or exit. */
  shmctl (shm_id, IPC_RMID, NULL);

  fd = memfd_create ("ms-test-memfd", 0);
  if (fd < 0)
    die ("memfd_create");
  if (ftruncate (fd, 9 * 4096) != 0)
    die ("ftruncate memfd");
  memfd_map = mmap (NULL, 9 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (memfd_map == MAP_FAILED)
    die ("mmap memfd");
  close (fd);

  guard = mmap (NULL, 11 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (guard == MAP_FAILED)
    die ("mmap PROT_NONE");

  /* A runtime's reservation (a JVM's, Go's): 1 GiB of address space held
   * with no access and no memory. */
  reservation = mmap (NULL, 1024 * MiB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (reservation == MAP_FAILED)
    die ("mmap reservation");

  /* A sealed region (mseal, Linux 6.10+) and a range with guard pages
   * installed (MADV_GUARD_INSTALL, Linux 6.13+): "sealed 0x1" and
   * "guard-installed 0x1" say whether the kernel could; 0x0 that it could not. */
  sealed = mmap (NULL, 3 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  guarded = mmap (NULL, 17 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (sealed == MAP_FAILED || guarded == MAP_FAILED)
    die ("mmap sealed or guarded");
  sealed_ok = syscall (462 /* __NR_mseal */, (unsigned long) sealed, 3 * 4096, 0) == 0;
  guarded_ok = madvise (guarded + 8 * 4096, 4096, 102 /* MADV_GUARD_INSTALL */) == 0;

  /* Flags that matter: a region locked in memory (mlock; "locked-ok 0x0"
   * when RLIMIT_MEMLOCK forbids it), one left out of core dumps
   * (MADV_DONTDUMP) and one writable and executable at once. Each has flags
   * of its own (VM_LOCKED, VM_DONTDUMP, rwx with VM_DONTCOPY), so that none
   * merges with a neighbour, nor with what "map N" maps later. */
  locked = mmap (NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  undumped = mmap (NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  writable_code = mmap (NULL, 2 * 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (locked == MAP_FAILED || undumped == MAP_FAILED || writable_code == MAP_FAILED)
    die ("mmap flagged");
  locked_ok = mlock (locked, 2 * 4096) == 0;
  if (madvise (undumped, 4 * 4096, MADV_DONTDUMP) != 0 || madvise (writable_code, 2 * 4096, MADV_DONTFORK) != 0)
    die ("madvise");
  undumped[0] = 1;
  writable_code[0] = 1;

  /* Named anonymous memory ([anon:NAME], [anon_shmem:NAME]) needs Linux 5.17
   * (6.2 for shared) with CONFIG_ANON_VMA_NAME; without it they stay unnamed. */
  named_anon = mmap (NULL, 13 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  named_shared = mmap (NULL, 15 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (named_anon == MAP_FAILED || named_shared == MAP_FAILED)
    die ("mmap named");
  named_anon[0] = 1;
  named_shared[0] = 1;
  if (prctl (PR_SET_VMA, PR_SET_VMA_ANON_NAME, (unsigned long) named_anon, 13 * 4096, (unsigned long) "ms-test-anon") != 0 ||
      prctl (PR_SET_VMA, PR_SET_VMA_ANON_NAME, (unsigned long) named_shared, 15 * 4096, (unsigned long) "ms-test-shmem") != 0)
    printf ("anon-names unsupported\n");

  for (int i = 0; i < 2; i++)
    if (pthread_create (&threads[i], NULL, thread_main, (void *) (long) i) != 0)
      die ("pthread_create");

  pthread_mutex_lock (&lock);
  while (threads_ready < 2)
    pthread_cond_wait (&cond, &lock);
  pthread_mutex_unlock (&lock);

  report ("data", initialised_data);
  report ("bss", big_bss + 8 * MiB);
  report ("heap", heap);
  report ("big-malloc", big);
  report ("odd-file", file_map);
  report ("shared-anon", shared_anon);
  report ("sysv", sysv);
  report ("memfd", memfd_map);
  report ("guard", guard);
  report ("reservation", reservation);
  report ("named-anon", named_anon);
  report ("named-shared", named_shared);
  report ("thread-1", thread_stack_address[0]);
  report ("thread-2", thread_stack_address[1]);
  report ("arena", arena_block);
  report ("sealed", sealed);
  report ("guarded", guarded);
  printf ("sealed-ok %#x\nguarded-ok %#x\n", sealed_ok, guarded_ok);
  report ("locked", locked);
  report ("undumped", undumped);
  report ("writable-code", writable_code);
  printf ("locked-ok %#x\n", locked_ok);
  /* (TIDs as hex, like the addresses) */
  printf ("thread-1-tid %#lx\nthread-2-tid %#lx\n", (unsigned long) thread_tid[0], (unsigned long) thread_tid[1]);
  report ("text", (void *) main);
  printf ("odd-path %s\n", dir);
  printf ("ready\n");
  fflush (stdout);

  while (fgets (line, sizeof line, stdin) != NULL)
    {
      if (strncmp (line, "map ", 4) == 0)
        {
          last_size = (size_t) strtoul (line + 4, NULL, 10) * 4096;
          last_mapping = mmap (NULL, last_size, PROT_READ | PROT_WRITE | PROT_EXEC,
                               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
          if (last_mapping == MAP_FAILED)
            die ("mmap on request");
          memset (last_mapping, 1, last_size);
          printf ("mapped %p\n", last_mapping);
        }
      else if (strncmp (line, "unmap", 5) == 0 && last_mapping != NULL)
        {
          munmap (last_mapping, last_size);
          last_mapping = NULL;
          printf ("unmapped\n");
        }
      else if (strncmp (line, "pages", 5) == 0)
        {
          make_page_pattern (dir);
        }
      else if (strncmp (line, "write ", 6) == 0)
        {
          touch_pages (line + 6, 1);
        }
      else if (strncmp (line, "read ", 5) == 0)
        {
          touch_pages (line + 5, 0);
        }
      else if (strncmp (line, "sysv ", 5) == 0)
        {
          size_t size = (size_t) strtoul (line + 5, NULL, 10) * 4096;

          sysv_id = shmget (IPC_PRIVATE, size, IPC_CREAT | 0600);
          if (sysv_id < 0 || (sysv_extra = shmat (sysv_id, NULL, 0)) == (void *) -1)
            die ("sysv on request");
          sysv_extra[0] = 1;
          printf ("sysv %d\n", sysv_id);
        }
      else if (strncmp (line, "sysv-detach", 11) == 0 && sysv_extra != NULL)
        {
          shmdt (sysv_extra);
          sysv_extra = NULL;
          printf ("sysv-detached\n");
        }
      else if (strncmp (line, "memfd ", 6) == 0)
        {
          char *name = line + 6;
          char *mapped;

          name[strcspn (name, "\n")] = '\0';
          fd = memfd_create (name, 0);
          if (fd < 0 || ftruncate (fd, 2 * 4096) != 0)
            die ("memfd on request");
          mapped = mmap (NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
          if (mapped == MAP_FAILED)
            die ("mmap memfd on request");
          close (fd);
          mapped[0] = 1;
          printf ("memfd %p\n", (void *) mapped);
        }
      else if (strncmp (line, "reserve ", 8) == 0)
        {
          char *rest;
          size_t pages = strtoul (line + 8, &rest, 10);
          size_t room = strtoul (rest, NULL, 10);
          char *area = mmap (NULL, (pages + room) * 4096, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

          if (area == MAP_FAILED)
            die ("mmap to reserve");
          if (room > 0 && munmap (area + pages * 4096, room * 4096) != 0)
            die ("munmap the room");
          area[0] = 1;
          last_mapping = area;
          last_size = pages * 4096;
          printf ("mapped %p\n", last_mapping);
        }
      else if (strncmp (line, "mremap ", 7) == 0 && last_mapping != NULL)
        {
          size_t size = (size_t) strtoul (line + 7, NULL, 10) * 4096;

          if (mremap (last_mapping, last_size, size, 0) == MAP_FAILED)
            {
              printf ("mremap-failed\n");
            }
          else
            {
              last_size = size;
              memset (last_mapping, 2, last_size);
              printf ("mremapped %p\n", last_mapping);
            }
        }
      else if (strncmp (line, "touch ", 6) == 0 && last_mapping != NULL)
        {
          size_t size = (size_t) strtoul (line + 6, NULL, 10) * 4096;

          memset (last_mapping, 3, size < last_size ? size : last_size);
          printf ("touched\n");
        }
      else if (strncmp (line, "brk ", 4) == 0)
        {
          long pages = strtol (line + 4, NULL, 10);
          char *old_break = sbrk (pages * 4096);

          if (old_break == (void *) -1)
            die ("sbrk");
          if (pages > 0)
            memset (old_break, 4, (size_t) pages * 4096);
          printf ("brk %p\n", sbrk (0));
        }
      else if (strncmp (line, "thread", 6) == 0)
        {
          pthread_t thread;

          pthread_mutex_lock (&lock);
          extra_tid = 0;
          if (pthread_create (&thread, NULL, extra_thread_main, NULL) != 0)
            die ("pthread_create on request");
          while (extra_tid == 0)
            pthread_cond_wait (&cond, &lock);
          pthread_mutex_unlock (&lock);
          /* Answer once it sleeps in pause(): then /proc shows its stack
           * pointer, and its stack is a thread stack to a reader. */
          for (int tries = 0; tries < 2000; tries++)
            {
              char path[64], state[32] = "";
              FILE *file;

              snprintf (path, sizeof path, "/proc/self/task/%d/syscall", (int) extra_tid);
              file = fopen (path, "r");
              if (file != NULL)
                {
                  if (fgets (state, sizeof state, file) == NULL)
                    state[0] = '\0';
                  fclose (file);
                }
              if (state[0] >= '0' && state[0] <= '9')
                break;
              usleep (1000);
            }
          printf ("thread-tid %#lx\n", (unsigned long) extra_tid);
        }
      else if (strncmp (line, "exit", 4) == 0)
        {
          break;
        }
      fflush (stdout);
    }

  unlink (odd_name);
  return 0;
}
