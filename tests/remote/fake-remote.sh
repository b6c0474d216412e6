#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# A hostile or broken other side, for tests/test-remote.c: it takes
# Memscape's "N=NONCE" line and script like the real shell would, says
# ready, answers `users` with nothing, and then answers the next request
# as MODE says, with the nonce it was given. Run as the transport:
#   --via 'sh tests/remote/fake-remote.sh MODE'
mode=$1
IFS= read -r line || exit 1
N=${line#N=}
while IFS= read -r line; do [ "$line" = "}; ms_remote" ] && break; done
case $mode in
  silent-start) sleep 30; exit 0;;
  chatty-start) while :; do echo "Welcome to the machine."; done;;
  wrong-version) printf '%s ready 2 0\n' "$N"; sleep 30; exit 0;;
esac
printf 'Last login: yesterday\nA banner that a login shell printed.\n'
printf '%s ready 1 0\n' "$N"
read -r request arg            # users
printf '%s done\n' "$N"
read -r request arg
b() { printf '%s %s\n' "$N" "$1"; }
e() { printf '\n%s . %s\n' "$N" "$1"; }
status() { printf 'Name:\tvictim\nState:\tS (sleeping)\nUid:\t1000\t1000\t1000\t1000\nVmSize:\t 1000 kB\nThreads:\t1\n'; }
line='00400000-00401000 r-xp 00000000 08:01 42 /usr/bin/victim'
smaps() { printf '%s\nSize:                  4 kB\nRss:                   4 kB\n' "$line"; }
case $mode in
  good)
    b open; e 0; b comm; printf 'victim\n'; e 0; b status; status; e 0
    b smaps; smaps; e 0; b alive; printf 1; e 0; b cmdline; printf 'victim\0'; e 0
    printf '%s done\n' "$N";;
  oversized)
    b open; e 0; b comm; printf 'victim\n'; e 0; b status
    i=0; while [ $i -lt 3000 ]; do printf 'Padding:\t%s\n' "0123456789012345678901234567890123456789"; i=$((i+1)); done
    e 0; printf '%s done\n' "$N";;
  garbled)
    b open; e 0; printf '%s comm\nvictim\n\n%s . x\n' "$N" "$N"; printf '%s done\n' "$N";;
  unknown-section)
    b open; e 0; b secret; e 0; printf '%s done\n' "$N";;
  out-of-order)
    b open; e 0; b smaps; smaps; e 0; b comm; printf 'victim\n'; e 0; printf '%s done\n' "$N";;
  truncated)
    b open; e 0; b comm; printf 'victim\n'; e 0; b status; status; e 0
    b smaps; smaps; exit 0;;
  wrong-nonce)
    printf '0123456789abcdef0123456789abcdef open\n'; e 0; printf '%s done\n' "$N";;
  silent)
    b open; e 0; sleep 30; exit 0;;
  trickle)
    # a byte every tenth of a second, for ever: never silent, never done
    b open; e 0; b comm; while :; do printf 'v'; sleep 0.1; done;;
  unasked)
    b open; e 0; b comm; printf 'victim\n'; e 0; b status; status; e 0
    b smaps; smaps; e 0; b alive; printf 1; e 0; printf '%s done\nrm -rf /\n' "$N";;
  exited)
    # the process was there, smaps failed, and then it was gone
    b open; e 0; b comm; printf 'victim\n'; e 0; b status; status; e 0
    b smaps; e 1; b alive; e 0; printf '%s done\n' "$N";;
  denied)
    b open; e 0; b comm; printf 'victim\n'; e 0; b status; status; e 0
    b smaps; e 1; b alive; printf 1; e 0; printf '%s done\n' "$N";;
  torn)
    # regions that go back: a map that changed while it was read, every time
    while :; do
      b open; e 0; b comm; printf 'victim\n'; e 0; b status; status; e 0
      b smaps; smaps; smaps; e 0; b alive; printf 1; e 0; printf '%s done\n' "$N"
      read -r request arg || exit 0
    done;;
  lying-helper)
    # says memscape-reader answered, about another process
    b helper; printf 'memscape-reader 1\nread 1\n7\nend 0\n\n'; e 0; printf '%s done\n' "$N";;
  huge-pid)
    b open; e 0; b 'thread 99999999999'; e 0; printf '%s done\n' "$N";;
esac
sleep 1
