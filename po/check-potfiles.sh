#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Check po/POTFILES.in against the tree: every source file with translatable
# strings must be listed, and every listed file must exist.
# Usage: check-potfiles.sh SOURCE_ROOT
set -eu
cd "${1:-.}"

listed=$(mktemp)
found=$(mktemp)
trap 'rm -f "$listed" "$found"' EXIT

grep -v -e '^#' -e '^[[:space:]]*$' po/POTFILES.in | sort -u > "$listed"

{
  find src -type f \( -name '*.c' -o -name '*.h' \) -print0 |
    xargs -0 grep -l -E '(^|[^A-Za-z0-9_])(N?C?_|ngettext|g_dngettext|g_dpgettext2?)[[:space:]]*\(' || true
  find src data -type f -name '*.ui' -print0 | xargs -0 grep -l 'translatable="yes"' || true
  find data -maxdepth 1 -type f \( -name '*.desktop.in' -o -name '*.metainfo.xml.in' -o -name '*.gschema.xml' \) || true
} | sort -u > "$found"

status=0
missing=$(comm -13 "$listed" "$found")
if [ -n "$missing" ]; then
  echo "These files have translatable strings but are not in po/POTFILES.in:"
  echo "$missing" | sed 's/^/  /'
  status=1
fi
while read -r f; do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in lists $f, which does not exist"
    status=1
  fi
done < "$listed"
[ "$status" -eq 0 ] && echo "po/POTFILES.in lists all $(wc -l < "$listed") files with translatable strings"
exit "$status"
