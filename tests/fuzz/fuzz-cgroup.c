/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target over the control-group parsers: any bytes as the text of
 * /proc/PID/cgroup (then the display name of whatever path came out), as
 * memory.events / memory.oom_control, as a limit file and as mountinfo.
 * Whatever comes out is well-formed: paths start with '/', hold no NUL, and a
 * name is shorter than its path plus a fixed prefix. Built with clang and
 * -Dfuzzing=true; the corpus is replayed by fuzz-replay.c as a test.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "ms-cgroup.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_path (const char *path,
            size_t      size)
{
  g_autofree char *name = NULL;

  if (path == NULL)
    return;
  g_assert (path[0] == '/');
  g_assert (strlen (path) <= size);
  name = ms_cgroup_display_name (path);
  g_assert_nonnull (name);
  /* At most a pod and a container prefix ("pod ", "cri-o conmon ", "…"). */
  g_assert (strlen (name) <= strlen (path) + 64);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_auto(MsCgroupPaths) paths = { 0 };
  g_auto(MsCgroupMounts) mounts = { 0 };
  g_autofree char *terminated = g_strndup (text, size);
  guint64 value = 0;

  if (ms_cgroup_parse_proc (text, size, &paths))
    {
      check_path (paths.unified, size);
      check_path (paths.memory, size);
      check_path (paths.pids, size);
      check_path (paths.systemd, size);
      check_path (ms_cgroup_paths_best (&paths), size);
    }
  else
    g_assert (paths.unified == NULL && paths.memory == NULL && paths.pids == NULL && paths.systemd == NULL);

  /* Every path, also one that is no path at all. */
  g_free (ms_cgroup_display_name (terminated));

  ms_cgroup_parse_event (text, size, "oom", &value);
  ms_cgroup_parse_event (text, size, "oom_kill", &value);
  if (ms_cgroup_parse_limit (terminated, &value))
    g_assert (value <= (G_GUINT64_CONSTANT (1) << 62) || value == MS_CGROUP_UNLIMITED);

  ms_cgroup_mounts_parse (terminated, &mounts);
  return 0;
}
