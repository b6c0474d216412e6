/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A process with N separate mappings (default 60 000), for the benchmark:
 * single pages whose protections alternate, so the kernel cannot merge them.
 * Prints "ready" when they are all mapped, then waits until stdin closes.
 * With a second argument "churn", it maps and unmaps a region every 700 ms
 * meanwhile, so that every refresh finds a change. With "restless" it
 * changes 20 times a second (see restless()), so that a read of its smaps,
 * which the kernel makes a page of text at a time, sees the map change
 * between two pages: merged mappings that begin before the page the read
 * stopped at. With "steps" it changes only when told: each line "step" on
 * stdin drops the memory of a few of its pages that have some, or gives them
 * memory again (see steps()), and it answers "done" once they changed.
 */
#define _GNU_SOURCE

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Until stdin closes (the parent's end of the pipe): FALSE then. */
static int
wait_or_end (int milliseconds)
{
  struct pollfd pfd = { .fd = 0, .events = POLLIN };
  char buf[64];

  return !(poll (&pfd, 1, milliseconds) > 0 && fgets (buf, sizeof buf, stdin) == NULL);
}

#define BLOCK 32   /* pages */

/* 20 times a second: maps or unmaps a region; merges a quarter of the
 * blocks of BLOCK pages, each into one mapping (one mprotect makes the whole
 * block writable: its pages, never written, have no memory of their own that
 * would keep them apart), and splits the quarter merged the tick before
 * (every other page read-only again). The number of mappings stays between
 * N × 3/4 and N. */
static int
restless (char **pages,
          long   n)
{
  char *extra = MAP_FAILED;

  for (unsigned tick = 0;; tick++)
    {
      if (extra == MAP_FAILED)
        {
          extra = mmap (NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
          if (extra != MAP_FAILED)
            extra[0] = 1;
        }
      else
        {
          munmap (extra, 8192);
          extra = MAP_FAILED;
        }

      /* this tick's quarter of the blocks merges, the last tick's splits */
      for (long b = 0; (b + 1) * BLOCK <= n; b++)
        {
          /* mapped top-down: page i + 1 lies just below page i */
          char *low = pages[(b + 1) * BLOCK - 1];

          if (pages[b * BLOCK] != low + (BLOCK - 1) * 4096)
            continue;
          if (b % 4 == tick % 4)
            mprotect (low, BLOCK * 4096, PROT_READ | PROT_WRITE);
          else if (b % 4 == (tick + 3) % 4 && tick > 0)
            for (long i = b * BLOCK + 1; i < (b + 1) * BLOCK; i += 2)
              mprotect (pages[i], 4096, PROT_READ);
        }

      if (!wait_or_end (50))
        return 0;
    }
}

/* A process of which a few regions change per refresh: at each "step" line
 * STEP_PAGES of its writable pages (never the same ones two steps running)
 * lose their memory (MADV_DONTNEED) or get it back (a write): their Rss,
 * Anonymous and Private_Dirty move; the map itself stays as it is. */
#define STEP_PAGES 3

static int
steps (char **pages,
       long   n)
{
  char *resident = malloc ((size_t) n);
  char buf[64];
  long writable = n / 2;   /* the even pages */

  if (resident == NULL || writable < STEP_PAGES)
    return 1;
  memset (resident, 1, (size_t) n);

  for (unsigned long step = 0; fgets (buf, sizeof buf, stdin) != NULL; step++)
    {
      if (strcmp (buf, "step\n") != 0)
        continue;
      for (long k = 0; k < STEP_PAGES; k++)
        {
          /* spread over the map, a different page each time */
          long i = 2 * (long) (((step * STEP_PAGES + (unsigned long) k) * 7919UL) % (unsigned long) writable);

          if (resident[i])
            madvise (pages[i], 4096, MADV_DONTNEED);
          else
            pages[i][0] = 1;
          resident[i] = !resident[i];
        }
      printf ("done\n");
      fflush (stdout);
    }
  free (resident);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  long n = argc > 1 ? strtol (argv[1], NULL, 10) : 60000;
  int restless_mode = argc > 2 && strcmp (argv[2], "restless") == 0;
  char **pages = calloc ((size_t) (n > 0 ? n : 1), sizeof *pages);
  char buf[64];

  if (pages == NULL)
    return 1;

  for (long i = 0; i < n; i++)
    {
      int prot = (i & 1) ? PROT_READ : PROT_READ | PROT_WRITE;
      char *p = mmap (NULL, 4096, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

      if (p == MAP_FAILED)
        {
          perror ("ms-bench-child: mmap");
          return 1;
        }
      /* (untouched when restless: pages without memory of their own merge) */
      if ((prot & PROT_WRITE) && !restless_mode)
        p[0] = 1;
      pages[i] = p;
    }

  printf ("ready\n");
  fflush (stdout);

  if (restless_mode)
    return restless (pages, n);
  if (argc > 2 && strcmp (argv[2], "steps") == 0)
    return steps (pages, n);

  if (argc > 2 && strcmp (argv[2], "churn") == 0)
    {
      for (;;)
        {
          char *extra = mmap (NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

          if (extra != MAP_FAILED)
            extra[0] = 1;
          if (!wait_or_end (700))
            return 0;
          if (extra != MAP_FAILED)
            munmap (extra, 8192);
          if (!wait_or_end (700))
            return 0;
        }
    }

  while (fgets (buf, sizeof buf, stdin) != NULL)
    ;
  return 0;
}
