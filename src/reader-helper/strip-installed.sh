#!/bin/sh
# Strips the installed memscape-reader: strip-installed.sh STRIP PATH, PATH
# being where it is installed (under $DESTDIR when that is set; meson makes
# it absolute). The copy in the build tree keeps its symbols for debugging.
set -eu
exec "$1" --strip-all "${DESTDIR:-}$2"
