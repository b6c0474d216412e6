/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-cgroup.h"
#include "ms-test-util.h"

/* --- /proc/PID/cgroup ------------------------------------------------------ */

static void
test_parse_v2 (void)
{
  const char *text = "0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-org.gnome.Terminal.slice/vte-spawn-1.scope\n";
  g_auto(MsCgroupPaths) paths = { 0 };

  g_assert_true (ms_cgroup_parse_proc (text, strlen (text), &paths));
  g_assert_cmpstr (paths.unified, ==, "/user.slice/user-1000.slice/user@1000.service/app.slice/app-org.gnome.Terminal.slice/vte-spawn-1.scope");
  g_assert_null (paths.memory);
  g_assert_null (paths.pids);
  g_assert_cmpstr (ms_cgroup_paths_best (&paths), ==, paths.unified);
}

static void
test_parse_hybrid (void)
{
  /* A hybrid system (systemd's legacy layout): v1 controllers, an empty v2 root. */
  const char *text =
    "12:pids:/system.slice/ssh.service\n"
    "9:name=systemd:/system.slice/ssh.service\n"
    "4:memory,foo:/system.slice/ssh.service\n"
    "1:cpu,cpuacct:/\n"
    "0::/\n";
  g_auto(MsCgroupPaths) paths = { 0 };

  g_assert_true (ms_cgroup_parse_proc (text, strlen (text), &paths));
  g_assert_cmpstr (paths.unified, ==, "/");
  g_assert_cmpstr (paths.memory, ==, "/system.slice/ssh.service");
  g_assert_cmpstr (paths.pids, ==, "/system.slice/ssh.service");
  g_assert_cmpstr (paths.systemd, ==, "/system.slice/ssh.service");
  /* The v2 root says nothing: the systemd hierarchy names it. */
  g_assert_cmpstr (ms_cgroup_paths_best (&paths), ==, "/system.slice/ssh.service");
}

static void
test_parse_malformed (void)
{
  const char *bad[] = {
    "",
    "\n\n",
    "garbage",
    "0::relative/path\n",
    "0:/no-second-colon\n",
    ":memory:/no-id\n",
    "0::\n",
  };
  /* A path with ':' in it is kept whole; a line without '\n' counts. */
  const char *colon = "3:memory:/a:b/c";
  g_auto(MsCgroupPaths) paths = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (ms_cgroup_parse_proc (bad[i], strlen (bad[i]), &paths));
      g_assert_null (paths.unified);
      g_assert_null (paths.memory);
    }
  g_assert_true (ms_cgroup_parse_proc (colon, strlen (colon), &paths));
  g_assert_cmpstr (paths.memory, ==, "/a:b/c");
  g_assert_cmpstr (ms_cgroup_paths_best (&paths), ==, "/a:b/c");

  /* Embedded NULs never make a path that ends early. */
  g_assert_false (ms_cgroup_parse_proc ("0::/a\0b\n", 8, &paths));
}

/* --- display names ----------------------------------------------------------- */

static void
test_names (void)
{
  const struct { const char *path; const char *name; } cases[] = {
    { "/", "" },
    { "/system.slice/ssh.service", "ssh.service" },
    { "/system.slice/system-getty.slice/getty@tty1.service", "getty@tty1.service" },
    { "/user.slice/user-1000.slice/user@1000.service", "user@1000.service" },
    { "/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox-4242.scope", "app-gnome-firefox-4242.scope" },
    { "/user.slice/user-1000.slice/session-2.scope", "session-2.scope" },
    { "/init.scope", "init.scope" },
    { "/system.slice/docker-3f2a1b9c04d7e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e.scope",
      "docker 3f2a1b9c04d7…" },
    { "/docker/3f2a1b9c04d7e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e", "docker 3f2a1b9c04d7…" },
    { "/machine.slice/libpod-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope/container",
      "podman 0123456789ab…" },
    { "/machine.slice/libpod-conmon-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope",
      "podman conmon 0123456789ab…" },
    { "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-aaaabbbbccccddddeeeeffff00001111aaaabbbbccccddddeeeeffff00001111.scope",
      "podman aaaabbbbcccc…" },
    { "/libpod_parent/libpod-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "podman 0123456789ab…" },
    { "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod5e1f0a7b_4c2d_4e8f_9a1b_2c3d4e5f6a7b.slice/cri-containerd-abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789.scope",
      "pod 5e1f0a7b_4c2… containerd abcdef012345…" },
    { "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod5e1f0a7b_4c2d_4e8f_9a1b_2c3d4e5f6a7b.slice",
      "pod 5e1f0a7b_4c2…" },
    { "/kubepods/burstable/pod5e1f0a7b-4c2d-4e8f-9a1b-2c3d4e5f6a7b/abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
      "pod 5e1f0a7b-4c2… container abcdef012345…" },
    { "/kubepods.slice/kubepods-pod11112222_3333_4444_5555_666677778888.slice/crio-99998888777766665555444433332222111100009999888877776666555544443.scope",
      "pod 11112222_333… cri-o 999988887777…" },
    { "/lxc.payload.web1", "lxc web1" },
    { "/lxc/web2", "lxc web2" },
    { "/process_api/6ae69c4bc998eccc76af0f2799aa6d02", "6ae69c4bc998…" },
    { "/some/group", "group" },
    /* A unit inside a container's own tree: the container names it. */
    { "/system.slice/docker-3f2a1b9c04d7e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e.scope/system.slice/nginx.service",
      "docker 3f2a1b9c04d7…" },
    /* Too short to be a container's ID: a plain scope. */
    { "/system.slice/docker-abc.scope", "docker-abc.scope" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = ms_cgroup_display_name (cases[i].path);

      g_test_message ("%s", cases[i].path);
      g_assert_cmpstr (name, ==, cases[i].name);
    }
}

/* --- mounts, limits, events -------------------------------------------------- */

static void
test_mounts (void)
{
  const char *hybrid =
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "35 31 0:32 /outer /sys/fs/cgroup/mem\\040ory rw,relatime shared:9 - cgroup cgroup rw,memory\n"
    "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
    "broken line\n";
  const char *v2 = "30 24 0:26 / /run/cg rw,nosuid shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n";
  g_auto(MsCgroupMounts) mounts = { 0 };
  g_auto(MsCgroupMounts) mounts2 = { 0 };

  ms_cgroup_mounts_parse (hybrid, &mounts);
  g_assert_cmpstr (mounts.unified, ==, "/sys/fs/cgroup/unified");
  g_assert_cmpstr (mounts.memory_v1, ==, "/sys/fs/cgroup/mem ory");
  g_assert_cmpstr (mounts.memory_v1_root, ==, "/outer");
  g_assert_cmpstr (mounts.pids_v1, ==, "/sys/fs/cgroup/pids");

  ms_cgroup_mounts_parse (v2, &mounts2);
  g_assert_cmpstr (mounts2.unified, ==, "/run/cg");
  g_assert_cmpstr (mounts2.unified_root, ==, "/");
  g_assert_null (mounts2.memory_v1);

  /* This machine's: there is some cgroup file system. */
  g_assert_true (ms_cgroup_mounts_get ()->unified != NULL || ms_cgroup_mounts_get ()->memory_v1 != NULL);
}

static void
test_limit_and_events (void)
{
  const char *events = "low 0\nhigh 3\nmax 17\noom 2\noom_kill 1\noom_group_kill 0\n";
  const char *oom_control = "oom_kill_disable 0\nunder_oom 0\noom_kill 5";
  guint64 v = 0;

  g_assert_true (ms_cgroup_parse_limit ("max\n", &v));
  g_assert_cmpuint (v, ==, MS_CGROUP_UNLIMITED);
  g_assert_true (ms_cgroup_parse_limit ("67108864\n", &v));
  g_assert_cmpuint (v, ==, 64 * 1024 * 1024);
  g_assert_true (ms_cgroup_parse_limit ("9223372036854771712\n", &v));
  g_assert_cmpuint (v, ==, MS_CGROUP_UNLIMITED);
  g_assert_false (ms_cgroup_parse_limit ("", &v));
  g_assert_false (ms_cgroup_parse_limit ("-1", &v));
  g_assert_false (ms_cgroup_parse_limit ("12abc", &v));
  g_assert_false (ms_cgroup_parse_limit ("99999999999999999999999", &v));
  g_assert_false (ms_cgroup_parse_limit ("maximum", &v));

  g_assert_true (ms_cgroup_parse_event (events, strlen (events), "oom", &v));
  g_assert_cmpuint (v, ==, 2);
  g_assert_true (ms_cgroup_parse_event (events, strlen (events), "oom_kill", &v));
  g_assert_cmpuint (v, ==, 1);
  g_assert_false (ms_cgroup_parse_event (events, strlen (events), "oom_kil", &v));
  g_assert_true (ms_cgroup_parse_event (oom_control, strlen (oom_control), "oom_kill", &v));
  g_assert_cmpuint (v, ==, 5);
  g_assert_false (ms_cgroup_parse_event ("oom 99999999999999999999999\n", 28, "oom", &v));
  g_assert_false (ms_cgroup_parse_event ("oom x\n", 6, "oom", &v));
}

/* --- live ------------------------------------------------------------------- */

static void
test_live_self (void)
{
  g_auto(MsCgroupPaths) paths = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(MsCgroupNameCache) cache = ms_cgroup_name_cache_new ();
  g_autofree char *expected = NULL;
  const char *name;

  g_assert_true (g_file_get_contents ("/proc/self/cgroup", &text, NULL, NULL));
  g_assert_true (ms_cgroup_read_pid (getpid (), &paths, &error));
  g_assert_no_error (error);
  if (paths.unified != NULL)
    g_assert_nonnull (strstr (text, paths.unified));
  if (paths.memory != NULL)
    g_assert_nonnull (strstr (text, paths.memory));

  expected = ms_cgroup_display_name (ms_cgroup_paths_best (&paths));
  name = ms_cgroup_name_cache_lookup_pid (cache, getpid ());
  g_assert_cmpstr (name, ==, expected);
  /* Cached: the same string again. */
  g_assert_true (ms_cgroup_name_cache_lookup_pid (cache, getpid ()) == name);

  /* A process that is gone: no name, an error. */
  g_assert_null (ms_cgroup_name_cache_lookup_pid (cache, ms_test_dead_pid ()));
  g_clear_error (&error);
  g_assert_false (ms_cgroup_read_pid (ms_test_dead_pid (), &paths, &error));
  g_assert_nonnull (error);
}

static gboolean
write_file (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  FILE *f = fopen (path, "w");
  gboolean ok;

  if (f == NULL)
    return FALSE;
  ok = fputs (text, f) >= 0;
  ok = (fclose (f) == 0) && ok;
  return ok;
}

/* Makes a memory group for the test: its folder (free it) and the paths a
 * process in it would show, or NULL with *reason set. */
static char *
make_group (MsCgroupPaths *paths,
            const char   **reason)
{
  const MsCgroupMounts *mounts = ms_cgroup_mounts_get ();
  g_auto(MsCgroupPaths) self = { 0 };
  g_autofree char *leaf = g_strdup_printf ("memscape-test-%d", (int) getpid ());
  g_autofree char *controllers = NULL;

  if (geteuid () != 0)
    {
      *reason = "not root: cannot make a control group";
      return NULL;
    }
  if (!ms_cgroup_read_pid (getpid (), &self, NULL))
    {
      *reason = "/proc/self/cgroup does not read";
      return NULL;
    }

  memset (paths, 0, sizeof *paths);

  /* v2 with the memory controller enabled for the root's children. */
  if (mounts->unified != NULL)
    {
      g_autofree char *file = g_build_filename (mounts->unified, "cgroup.subtree_control", NULL);

      if (g_file_get_contents (file, &controllers, NULL, NULL) && strstr (controllers, "memory") != NULL)
        {
          g_autofree char *dir = g_build_filename (mounts->unified, leaf, NULL);
          const char *root = mounts->unified_root;

          if (g_mkdir (dir, 0755) == 0 || errno == EEXIST)
            {
              paths->unified = g_build_filename (root != NULL ? root : "/", leaf, NULL);
              return g_steal_pointer (&dir);
            }
        }
    }

  /* v1 (or hybrid): beside our own group in the memory hierarchy. */
  if (mounts->memory_v1 != NULL && self.memory != NULL)
    {
      const char *root = mounts->memory_v1_root;
      const char *rest = self.memory;
      g_autofree char *dir = NULL;

      if (root != NULL && strcmp (root, "/") != 0)
        {
          if (!g_str_has_prefix (rest, root))
            {
              *reason = "our memory group is outside the mounted hierarchy";
              return NULL;
            }
          rest += strlen (root);
        }
      dir = g_build_filename (mounts->memory_v1, rest, leaf, NULL);
      if (g_mkdir (dir, 0755) == 0 || errno == EEXIST)
        {
          paths->memory = g_build_filename (self.memory, leaf, NULL);
          return g_steal_pointer (&dir);
        }
      *reason = "the v1 memory hierarchy is not writable";
      return NULL;
    }

  *reason = "no writable cgroup with the memory controller (cgroup2's root has no memory in cgroup.subtree_control, no v1 memory hierarchy)";
  return NULL;
}

static void
remove_group (const char *dir)
{
  for (int i = 0; i < 100; i++)
    {
      if (g_rmdir (dir) == 0 || errno == ENOENT)
        return;
      g_usleep (20 * 1000);
    }
  g_test_message ("could not remove %s: %s", dir, g_strerror (errno));
}

static void
test_live_group (void)
{
  g_auto(MsCgroupPaths) paths = { 0 };
  g_auto(MsCgroupMemory) memory = { 0 };
  g_auto(MsCgroupPaths) child_paths = { 0 };
  g_autoptr(MsCgroupNameCache) cache = ms_cgroup_name_cache_new ();
  g_autoptr(GError) error = NULL;
  const char *reason = NULL;
  g_autofree char *dir = make_group (&paths, &reason);
  g_autofree char *limit_file = NULL;
  g_autofree char *procs_file = NULL;
  g_autofree char *pid_text = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *leaf = NULL;
  MsTestChild *child;
  gboolean v2;

  if (dir == NULL)
    {
      g_test_skip (reason);
      return;
    }
  v2 = paths.unified != NULL;
  leaf = g_path_get_basename (dir);

  limit_file = g_build_filename (dir, v2 ? "memory.max" : "memory.limit_in_bytes", NULL);
  procs_file = g_build_filename (dir, "cgroup.procs", NULL);
  if (!write_file (limit_file, "67108864"))
    {
      remove_group (dir);
      g_test_skip ("the new group's memory limit cannot be set");
      return;
    }

  child = ms_test_child_start ();
  pid_text = g_strdup_printf ("%d", (int) child->pid);
  g_assert_true (write_file (procs_file, pid_text));
  /* Charged to the group: memory it touches from now on (2 MiB). */
  answer = ms_test_child_command (child, "map 512");
  g_assert_true (g_str_has_prefix (answer, "mapped "));

  /* What the child's /proc/PID/cgroup now says, and its name. */
  g_assert_true (ms_cgroup_read_pid (child->pid, &child_paths, &error));
  g_assert_no_error (error);
  if (v2)
    g_assert_cmpstr (child_paths.unified, ==, paths.unified);
  else
    g_assert_cmpstr (child_paths.memory, ==, paths.memory);
  g_assert_cmpstr (ms_cgroup_name_cache_lookup_pid (cache, child->pid), ==, leaf);

  g_assert_true (ms_cgroup_read_memory (&child_paths, NULL, &memory, &error));
  g_assert_no_error (error);
  g_assert_cmpint (memory.version, ==, v2 ? MS_CGROUP_V2 : MS_CGROUP_V1);
  g_assert_cmpstr (memory.directory, ==, dir);
  g_assert_true (memory.has_current);
  g_assert_cmpuint (memory.max, ==, 64 * 1024 * 1024);
  g_assert_cmpuint (memory.current, >=, 2 * 1024 * 1024);
  g_assert_cmpuint (memory.current, <=, 64 * 1024 * 1024);
  if (memory.has_peak)
    g_assert_cmpuint (memory.peak, >=, memory.current);
  else
    g_test_message ("no memory.peak here (Linux before 5.19)");
  g_assert_true (memory.has_oom_kill);
  g_assert_cmpuint (memory.oom_kill, ==, 0);
  if (v2)
    g_assert_true (memory.has_oom);

  ms_test_child_stop (child);
  remove_group (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/cgroup/parse-v2", test_parse_v2);
  g_test_add_func ("/memscape/cgroup/parse-hybrid", test_parse_hybrid);
  g_test_add_func ("/memscape/cgroup/parse-malformed", test_parse_malformed);
  g_test_add_func ("/memscape/cgroup/names", test_names);
  g_test_add_func ("/memscape/cgroup/mounts", test_mounts);
  g_test_add_func ("/memscape/cgroup/limit-and-events", test_limit_and_events);
  g_test_add_func ("/memscape/cgroup/live-self", test_live_self);
  g_test_add_func ("/memscape/cgroup/live-group", test_live_group);

  return g_test_run ();
}
