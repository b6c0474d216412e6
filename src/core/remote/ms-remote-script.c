/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-remote"

#include "config.h"

#include "ms-remote-protocol.h"

/* The script sent to the other side (see ms-remote-protocol.h), after a line
 * `N=NONCE`. Fixed text: nothing in it comes from the other side. POSIX sh
 * as bash, dash, BusyBox ash and Android's mksh run it: builtins, `cat` and,
 * when there, `memscape-reader`. It is one compound command (a function
 * defined and called on its last line), so that a shell which reads its
 * input in blocks (dash, BusyBox) has read nothing past it when the loop
 * starts reading requests: Memscape sends the first request only after the
 * ready line.
 *
 * b NAME / e STATUS: a section's first and last line; s NAME FILE: a
 * section holding FILE as cat gives it; r FILE: the first line of FILE, by
 * the shell's own read (no process started); h ARGS: memscape-reader's
 * answer as one section. R PID, P PID, L, I: the answers to read, probe,
 * list and pids. A process is read through `cd /proc/PID`: its folder is
 * then held, so that a process that exits mid-read makes the next file fail
 * instead of its PID lending another process's files.
 *
 * `su` tries the forms Android's su binaries take — `su 0 sh` (AOSP),
 * `su root sh`, `su -c sh` (Magisk, SuperSU) — each first tried as it is,
 * fed the fixed line `echo ok` instead of the requests (not with a command
 * of its own: a su whose getopt permutes, as util-linux's, would take
 * `su root sh -c CMD` for `su -c CMD root` and pass the trial, then run
 * `sh sh`), and replaces the shell with the first that answers `ok`; none:
 * one line on stderr, which becomes the reason the connection ended. */
static const char script[] =
  "ms_remote() {\n"
  "unset CDPATH\n"
  "LC_ALL=C\n"
  "export LC_ALL\n"
  "case $N in ''|*[!0-9a-f]*) exit 1;; esac\n"
  "H=0\n"
  "command -v memscape-reader >/dev/null 2>&1 && H=1\n"
  "b() { printf '%s %s\\n' \"$N\" \"$1\"; }\n"
  "e() { printf '\\n%s . %s\\n' \"$N\" \"$1\"; }\n"
  "s() { b \"$1\"; command cat \"$2\" 2>/dev/null </dev/null; e $?; }\n"
  "r() { x=; { IFS= read -r x <\"$1\"; } 2>/dev/null; printf '%s\\n' \"$x\"; }\n"
  "h() { b helper; memscape-reader \"$@\" 2>/dev/null </dev/null; e $?; }\n"
  "o() { b open; cd \"/proc/$1\" 2>/dev/null; c=$?; e $c; return $c; }\n"
  "R() {\n"
  "  if [ \"$H\" = 1 ]; then h read \"$1\"; return; fi\n"
  "  o \"$1\" || return\n"
  "  s comm comm; s status status; s smaps smaps\n"
  "  b alive; [ -e stat ] && printf 1; e 0\n"
  "  for t in task/*; do\n"
  "    i=${t#task/}\n"
  "    [ \"$i\" = \"$1\" ] && continue\n"
  "    b \"thread $i\"; r \"$t/syscall\"; r \"$t/stat\"; r \"$t/comm\"; e 0\n"
  "  done\n"
  "  s cmdline cmdline\n"
  "  cd /\n"
  "}\n"
  "P() {\n"
  "  if [ \"$H\" = 1 ]; then h probe \"$1\"; return; fi\n"
  "  o \"$1\" || return\n"
  "  s status status; s rollup smaps_rollup; s maps maps\n"
  "  cd /\n"
  "}\n"
  "L() {\n"
  "  if [ \"$H\" = 1 ]; then h list; return; fi\n"
  "  for d in /proc/[0-9]*; do\n"
  "    cd \"$d\" 2>/dev/null || continue\n"
  "    b \"proc ${d#/proc/}\"\n"
  "    r comm\n"
  "    { while IFS= read -r x; do case $x in Uid:*|State:*|VmSize:*|VmRSS:*|VmSwap:*|Kthread:*) printf '%s\\n' \"$x\";; esac; done <status; } 2>/dev/null\n"
  "    e 0\n"
  "    s \"cmdline ${d#/proc/}\" cmdline\n"
  "    cd /\n"
  "  done\n"
  "}\n"
  "I() { b pids; for d in /proc/[0-9]*; do printf '%s\\n' \"${d#/proc/}\"; done; e 0; }\n"
  "printf '%s ready 1 %s\\n' \"$N\" \"$H\"\n"
  "while read -r a p; do\n"
  "  case $p in ''|*[!0-9A-Za-z._]*) p=;; esac\n"
  "  case $a in\n"
  "  list) L;;\n"
  "  pids) I;;\n"
  "  read) case $p in *[!0-9]*) ;; ?*) R \"$p\";; esac;;\n"
  "  probe) case $p in *[!0-9]*) ;; ?*) P \"$p\";; esac;;\n"
  "  meminfo) s meminfo /proc/meminfo;;\n"
  "  users) s users /etc/passwd;;\n"
  "  sudo) printf '%s exec\\n' \"$N\"; exec sudo -n sh;;\n"
  "  run-as) [ -n \"$p\" ] || exit 1; printf '%s exec\\n' \"$N\"; exec run-as \"$p\" sh;;\n"
  "  su) u=\n"
  "    for f in 0 root -c; do\n"
  "      [ -n \"$u\" ] && break\n"
  "      t=$(echo 'echo ok' | su $f sh 2>/dev/null)\n"
  "      [ \"$t\" = ok ] && u=$f\n"
  "    done\n"
  "    [ -n \"$u\" ] || { echo 'su: permission denied (tried su 0 sh, su root sh, su -c sh)' >&2; exit 1; }\n"
  "    printf '%s exec\\n' \"$N\"; exec su $u sh;;\n"
  "  *) exit 0;;\n"
  "  esac\n"
  "  printf '%s done\\n' \"$N\"\n"
  "done\n"
  "}; ms_remote\n";

const char *
ms_remote_script (void)
{
  return script;
}
