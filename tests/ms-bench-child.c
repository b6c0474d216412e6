/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A process with N separate mappings (default 60 000), for the benchmark:
 * single pages whose protections alternate, so the kernel cannot merge them.
 * Prints "ready" when they are all mapped, then waits until stdin closes.
 * With a second argument "churn", it maps and unmaps a region every 700 ms
 * meanwhile, so that every refresh finds a change.
 */
#define _GNU_SOURCE

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int
main (int    argc,
      char **argv)
{
  long n = argc > 1 ? strtol (argv[1], NULL, 10) : 60000;
  char buf[64];

  for (long i = 0; i < n; i++)
    {
      int prot = (i & 1) ? PROT_READ : PROT_READ | PROT_WRITE;
      char *p = mmap (NULL, 4096, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

      if (p == MAP_FAILED)
        {
          perror ("ms-bench-child: mmap");
          return 1;
        }
      if (prot & PROT_WRITE)
        p[0] = 1;
    }

  printf ("ready\n");
  fflush (stdout);

  if (argc > 2 && strcmp (argv[2], "churn") == 0)
    {
      /* until stdin closes (the parent's end of the pipe), checked between changes */
      for (;;)
        {
          char *extra = mmap (NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
          struct pollfd pfd = { .fd = 0, .events = POLLIN };

          if (extra != MAP_FAILED)
            extra[0] = 1;
          if (poll (&pfd, 1, 700) > 0 && fgets (buf, sizeof buf, stdin) == NULL)
            return 0;
          if (extra != MAP_FAILED)
            munmap (extra, 8192);
          if (poll (&pfd, 1, 700) > 0 && fgets (buf, sizeof buf, stdin) == NULL)
            return 0;
        }
    }

  while (fgets (buf, sizeof buf, stdin) != NULL)
    ;
  return 0;
}
