#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the MIME type of captures: the shared-mime-info file that meson
generated builds a database with update-mime-database, without a warning;
in it GIO finds text/x-smaps for a capture of a real process's smaps or
maps, by its extension and, without one, by its first line, and not for
plain text; application/x-memscape-recording for a recording, by its
extension and by its header, and not for another SQLite file; and the
launcher opens both types with a file.

Usage: check-mime.py MIME_XML DESKTOP_FILE UPDATE_MIME_DATABASE
"""
import configparser
import os
import sqlite3
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

TYPE = "text/x-smaps"
RECORDING = "application/x-memscape-recording"
NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def fail(message):
    print(f"check-mime: {message}")
    sys.exit(1)


def content_type(gio, env, path):
    out = subprocess.run([gio, "info", "--attributes=standard::content-type", path],
                         env=env, capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("standard::content-type:"):
            return line.split(":", 3)[-1].strip()
    fail(f"gio gave no content type for {path}: {out!r}")


def main():
    mime_xml, desktop, update = sys.argv[1:4]

    root = ET.parse(mime_xml).getroot()
    if root.tag != NS + "mime-info":
        fail(f"the root element is {root.tag}, not mime-info")
    types = [t.get("type") for t in root.findall(NS + "mime-type")]
    if types != [TYPE, RECORDING]:
        fail(f"the types are {types}, not [{TYPE}, {RECORDING}]")

    entry = configparser.ConfigParser(interpolation=None, strict=False)
    entry.optionxform = str
    entry.read(desktop, encoding="utf-8")
    section = entry["Desktop Entry"]
    for t in (TYPE, RECORDING):
        if t not in section.get("MimeType", "").split(";"):
            fail(f"{desktop}: MimeType= does not list {t}")
    if not any(code in section.get("Exec", "").split() for code in ("%f", "%F", "%u", "%U")):
        fail(f"{desktop}: Exec= takes no file (%f)")
    if "vmmap" not in section.get("Keywords", "").split(";"):
        fail(f"{desktop}: Keywords= lacks vmmap")

    gio = shutil.which("gio")
    if gio is None:
        fail("gio (libglib2.0-bin) is not installed")

    with tempfile.TemporaryDirectory(prefix="memscape-mime-") as home:
        packages = os.path.join(home, "mime", "packages")
        os.makedirs(packages)
        shutil.copy(mime_xml, packages)
        run = subprocess.run([update, "-V", os.path.join(home, "mime")], capture_output=True, text=True)
        warnings = [line for line in (run.stdout + run.stderr).splitlines()
                    if "warning" in line.lower() or "error" in line.lower() or "unknown" in line.lower()]
        if run.returncode != 0 or warnings:
            fail(f"update-mime-database: status {run.returncode}: {run.stdout}{run.stderr}")

        # Captures of a child process, as `cat /proc/PID/smaps > app.smaps` makes
        # them, once it runs: it echoes a line back (right after exec the new
        # address space may hold only the stack).
        child = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        try:
            child.stdin.write(b"ready\n")
            child.stdin.flush()
            if child.stdout.readline() != b"ready\n":
                fail("the child process did not start")
            with open(f"/proc/{child.pid}/smaps", "rb") as f:
                smaps = f.read()
            with open(f"/proc/{child.pid}/maps", "rb") as f:
                maps = f.read()
        finally:
            child.kill()
            child.wait()

        files = {
            "app.smaps": (smaps, TYPE),
            "app.maps": (maps, TYPE),
            "smaps": (smaps, TYPE),
            "captured-without-extension": (smaps, TYPE),
            "maps-without-extension.dat": (maps, TYPE),
            "notes": (b"start-end rw-p are the words of a note, not a map\n", "text/plain"),
        }
        env = dict(os.environ, XDG_DATA_HOME=home,
                   XDG_DATA_DIRS=os.environ.get("XDG_DATA_DIRS", "/usr/local/share:/usr/share"))
        # A recording's header (application_id "Mems"), and another SQLite file's.
        for name, application_id in (("recording", 0x4D656D73), ("other-database", 0)):
            db = sqlite3.connect(os.path.join(home, name))
            db.execute(f"PRAGMA application_id = {application_id}")
            db.execute("CREATE TABLE t (x)")
            db.commit()
            db.close()
            with open(os.path.join(home, name), "rb") as f:
                files[name] = (f.read(), RECORDING if application_id else None)
        files["run.memscape"] = (files["recording"][0], RECORDING)

        for name, (data, expected) in files.items():
            path = os.path.join(home, name)
            with open(path, "wb") as f:
                f.write(data)
            got = content_type(gio, env, path)
            print(f"{name}: {got}")
            if expected is None:
                if got == RECORDING:
                    fail(f"{name}, another SQLite file, is taken for a recording")
                continue
            if got != expected:
                fail(f"{name} ({data[:40]!r}…) is {got}, not {expected}")

    print(f"{TYPE} and {RECORDING}: globs and contents recognised, launcher opens them")


if __name__ == "__main__":
    main()
