/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A process with one of every kind of region, for the live tests. It prints
 * "NAME 0xADDRESS" for each region it made (and "thread-N-tid 0xTID" for its
 * threads, named ms-worker-N), then "ready", and then obeys
 * commands on stdin, one per line:
 *   map N      — map N fresh anonymous pages and print "mapped 0xADDRESS"
 *   unmap      — unmap the last such mapping and print "unmapped"
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
  int fd, shm_id;

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
      else if (strncmp (line, "exit", 4) == 0)
        {
          break;
        }
      fflush (stdout);
    }

  unlink (odd_name);
  return 0;
}
