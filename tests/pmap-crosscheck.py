#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Cross-checks `memscape --pid PID --export x.csv` against procps' `pmap -XX`
on live processes: the same regions, sizes, permissions, offsets, devices,
inodes, mapping names and counters. TAP output."""

import csv
import os
import subprocess
import sys
import tempfile
import time

MEMSCAPE = os.environ["MEMSCAPE"]
CHILD = os.path.join(os.environ["G_TEST_BUILDDIR"], "ms-test-child")

# pmap column → our CSV column (pmap prints kB, we print bytes)
COUNTERS = {
    "Rss": "rss", "Pss": "pss", "Shared_Clean": "shared_clean",
    "Shared_Dirty": "shared_dirty", "Private_Clean": "private_clean",
    "Private_Dirty": "private_dirty", "Referenced": "referenced",
    "Anonymous": "anonymous", "Swap": "swap", "SwapPss": "swap_pss",
    "Locked": "locked",
}


# Counters that split a region's resident pages by who else maps them. The
# reading tool itself maps libc and friends while it reads, and memscape and
# pmap link different libraries, so for files that either tool maps these
# depend on which tool is looking; Rss and the rest do not.
OBSERVER_DEPENDENT = {"pss", "shared_clean", "shared_dirty", "private_clean",
                      "private_dirty", "swap_pss"}


def libraries_of(program):
    """The real paths of the shared objects @program maps."""
    out = subprocess.run(["ldd", program], capture_output=True, text=True).stdout
    paths = set()
    for line in out.splitlines():
        for token in line.split():
            if token.startswith("/"):
                paths.add(os.path.realpath(token))
    return paths


READERS_LIBS = (libraries_of(MEMSCAPE) |
                libraries_of(subprocess.run(["sh", "-c", "command -v pmap"],
                                            capture_output=True, text=True).stdout.strip()))


# Data files every C program of ours maps too (setlocale, iconv).
READERS_DATA = ("/usr/lib/locale/", "/usr/lib/x86_64-linux-gnu/gconv/")


def read_pmap(pid):
    out = subprocess.run(["pmap", "-XX", str(pid)], check=True,
                         capture_output=True, text=True).stdout
    lines = out.split("\n")
    header = lines[1].split()
    rows = []
    for line in lines[2:]:
        fields = line.split()
        if len(fields) < 6 or "=" in line or line.strip().endswith("KB"):
            continue
        try:
            int(fields[0], 16)
        except ValueError:
            continue
        row = {"Address": fields[0], "Perm": fields[1], "Offset": fields[2],
               "Device": fields[3], "Inode": fields[4]}
        # numeric columns run from Size up to (not including) VmFlags
        numeric = header[5:header.index("VmFlags")]
        for name, value in zip(numeric, fields[5:5 + len(numeric)]):
            row[name] = int(value)
        row["rest"] = " ".join(fields[5 + len(numeric):])
        rows.append(row)
    return rows


def read_memscape(pid, directory):
    target = os.path.join(directory, f"{pid}.csv")
    result = subprocess.run([MEMSCAPE, "--pid", str(pid), "--export", target],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip())
    with open(target, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def compare(pid, directory):
    """Returns a list of differences (empty when all agree)."""
    ours = read_memscape(pid, directory)
    theirs = read_pmap(pid)
    problems = []
    if len(ours) != len(theirs):
        return [f"{len(ours)} regions against pmap's {len(theirs)}"]
    for a, b in zip(ours, theirs):
        where = a["start"]
        if int(a["start"], 16) != int(b["Address"], 16):
            problems.append(f"{where}: start differs from {b['Address']}")
        if a["perms"] != b["Perm"]:
            problems.append(f"{where}: perms {a['perms']} != {b['Perm']}")
        if int(a["offset"], 16) != int(b["Offset"], 16):
            problems.append(f"{where}: offset {a['offset']} != {b['Offset']}")
        major, minor = b["Device"].split(":")
        ours_major, ours_minor = a["device"].split(":")
        if (int(major, 16), int(minor, 16)) != (int(ours_major, 16), int(ours_minor, 16)):
            problems.append(f"{where}: device {a['device']} != {b['Device']}")
        if int(a["inode"]) != int(b["Inode"]):
            problems.append(f"{where}: inode {a['inode']} != {b['Inode']}")
        if int(a["size"]) != b["Size"] * 1024:
            problems.append(f"{where}: size {a['size']} != {b['Size']} kB")
        shared_with_reader = a["path"].startswith("/") and (
            os.path.realpath(a["path"]) in READERS_LIBS or
            a["path"].startswith(READERS_DATA))
        split = sum(int(a[c]) for c in ("shared_clean", "shared_dirty",
                                        "private_clean", "private_dirty"))
        if split != int(a["rss"]):
            problems.append(f"{where}: shared + private {split} != rss {a['rss']}")
        private = int(a["private_clean"]) + int(a["private_dirty"])
        if int(a["uss"]) != private:
            problems.append(f"{where}: uss {a['uss']} != private clean + dirty {private}")
        for theirs_name, ours_name in COUNTERS.items():
            if shared_with_reader and ours_name in OBSERVER_DEPENDENT:
                continue
            if theirs_name in b and int(a[ours_name]) != b[theirs_name] * 1024:
                problems.append(f"{where}: {ours_name} {a[ours_name]} != {b[theirs_name]} kB")
        # pmap shows a file by its base name (a newline in it as-is)
        path = a["path"]
        if path and not path.startswith("["):
            name = path.rsplit("/", 1)[-1].split("\n")[0]
            if name.split(" (deleted)")[0] not in b["rest"]:
                problems.append(f"{where}: mapping {path!r} not in {b['rest']!r}")
        elif path and path not in b["rest"]:
            problems.append(f"{where}: mapping {path!r} not in {b['rest']!r}")
    return problems


def main():
    with tempfile.TemporaryDirectory(prefix="memscape-pmap-") as directory:
        procs = [
            ("ms-test-child", subprocess.Popen([CHILD, directory], stdin=subprocess.PIPE,
                                              stdout=subprocess.PIPE, text=True)),
            ("sleep", subprocess.Popen(["sleep", "60"])),
            ("python3", subprocess.Popen([sys.executable, "-c",
                                          "import json, decimal, sqlite3, time; time.sleep(60)"])),
        ]
        child = procs[0][1]
        while child.stdout.readline().strip() != "ready":
            pass
        time.sleep(0.5)  # let python finish importing

        print(f"1..{len(procs)}")
        failed = 0
        for number, (name, proc) in enumerate(procs, 1):
            # PSS moves when other processes share or drop the same pages
            # (tests run in parallel); take the first of a few tries that agrees.
            problems = None
            for _ in range(5):
                problems = compare(proc.pid, directory)
                if not problems:
                    break
                time.sleep(0.2)
            if problems:
                failed += 1
                print(f"not ok {number} - {name} agrees with pmap -XX")
                for p in problems[:20]:
                    print(f"# {p}")
            else:
                print(f"ok {number} - {name} agrees with pmap -XX")
        for _, proc in procs:
            proc.kill()
            proc.wait()
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
