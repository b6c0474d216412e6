#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# How the window's memory evolves while it watches a process that keeps
# changing (issue 10, finding 12). Starts ms-bench-child with N mappings in
# its restless mode (the map changes 20 times a second), then the real window
# on it (`memscape --pid PID`), and every EVERY seconds writes one CSV row of
# the window's VmRSS and VmHWM (/proc/PID/status) and its smaps_rollup Rss,
# Pss, Anonymous and Private_Dirty, all in KiB, for SECONDS seconds.
#
# Run it under a display:
#
#   xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- \
#     tests/ms-rss-watch.py --build _build --mappings 20000 \
#       --seconds 1800 --every 5 [--gsk-renderer cairo] --output rss.csv
#
# Anything given after `--` is put in front of the window's command line
# (e.g. `-- env MALLOC_ARENA_MAX=2`). It measures; it never fails on a figure.
# (tests/ms-bench-watch runs the same window in-process and adds what
# glibc's malloc says: in use, free but kept, arenas.)

import argparse
import os
import signal
import subprocess
import sys
import time


def status_kib(pid, *names):
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in names:
                values[key] = int(rest.split()[0])
    return [values.get(n, 0) for n in names]


def rollup_kib(pid, *names):
    values = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in names:
                values[key] = int(rest.split()[0])
    return [values.get(n, 0) for n in names]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default="_build")
    parser.add_argument("--mappings", type=int, default=20000)
    parser.add_argument("--churn", default="restless", choices=["restless", "churn"],
                        help="how the child changes: 20 times a second, or every 700 ms")
    parser.add_argument("--output", default="-", help="the CSV file (default: standard output)")
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--every", type=float, default=5.0)
    parser.add_argument("--gsk-renderer", default=None, help="GSK_RENDERER for the window (default: GTK's choice)")
    parser.add_argument("wrapper", nargs="*", help="a command line to run the window under")
    args = parser.parse_args()

    build = os.path.abspath(args.build)
    child = subprocess.Popen(
        [os.path.join(build, "tests", "ms-bench-child"), str(args.mappings), args.churn],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    if child.stdout.readline().strip() != "ready":
        sys.exit("ms-bench-child did not start (vm.max_map_count too low?)")

    env = dict(os.environ)
    env.setdefault("GSETTINGS_BACKEND", "memory")
    env["GSETTINGS_SCHEMA_DIR"] = os.path.join(build, "data")
    env["MEMSCAPE_READER"] = os.path.join(build, "src", "reader-helper", "memscape-reader")
    env.setdefault("NO_AT_BRIDGE", "1")
    if args.gsk_renderer:
        env["GSK_RENDERER"] = args.gsk_renderer
    window = subprocess.Popen(
        args.wrapper + [os.path.join(build, "src", "memscape"), "--pid", str(child.pid)], env=env)
    # The window's own process, past any wrapper that execs it.
    pid = window.pid

    # Not standard output: what the session bus starts writes there too.
    out = sys.stdout if args.output == "-" else open(args.output, "w")
    print("seconds,vm_rss,vm_hwm,rss,pss,anonymous,private_dirty", file=out, flush=True)
    start = time.monotonic()
    try:
        while True:
            elapsed = time.monotonic() - start
            if window.poll() is not None:
                sys.exit(f"the window exited with status {window.returncode}")
            try:
                row = status_kib(pid, "VmRSS", "VmHWM") + \
                    rollup_kib(pid, "Rss", "Pss", "Anonymous", "Private_Dirty")
            except (FileNotFoundError, ProcessLookupError):
                sys.exit("the window is gone")
            print(f"{elapsed:.0f}," + ",".join(str(v) for v in row), file=out, flush=True)
            if elapsed >= args.seconds:
                break
            time.sleep(max(0.0, start + (int(elapsed / args.every) + 1) * args.every - time.monotonic()))
    finally:
        window.send_signal(signal.SIGTERM)
        try:
            window.wait(10)
        except subprocess.TimeoutExpired:
            window.kill()
            window.wait()
        child.stdin.close()
        child.wait()


if __name__ == "__main__":
    main()
