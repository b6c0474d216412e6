#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the polkit policy that meson generated: well-formed XML, one action
with the expected id, auth_admin_keep everywhere, the exec.path annotation
naming the installed helper, and translatable texts with a gettext domain.

Usage: check-policy.py POLICY HELPER_PATH GETTEXT_DOMAIN
"""
import sys
import xml.etree.ElementTree as ET

ACTION_ID = "io.github.memscape.Memscape.read-process"


def fail(message):
    print(f"{sys.argv[1]}: {message}")
    sys.exit(1)


def main():
    policy, helper, domain = sys.argv[1:4]
    try:
        root = ET.parse(policy).getroot()
    except ET.ParseError as error:
        fail(f"not well-formed XML: {error}")

    if root.tag != "policyconfig":
        fail(f"the root element is <{root.tag}>, not <policyconfig>")
    actions = root.findall("action")
    if [a.get("id") for a in actions] != [ACTION_ID]:
        fail(f"expected exactly one action, {ACTION_ID}")
    action = actions[0]

    for key in ("allow_any", "allow_inactive", "allow_active"):
        value = action.findtext(f"defaults/{key}")
        if value != "auth_admin_keep":
            fail(f"{key} is {value!r}, not auth_admin_keep")

    paths = [a.text for a in action.findall("annotate")
             if a.get("key") == "org.freedesktop.policykit.exec.path"]
    if paths != [helper]:
        fail(f"org.freedesktop.policykit.exec.path is {paths}, not [{helper!r}]")
    if not helper.startswith("/"):
        fail(f"the helper path {helper!r} is not absolute")

    for tag in ("description", "message"):
        elements = action.findall(tag)
        if len(elements) != 1 or not (elements[0].text or "").strip():
            fail(f"expected one non-empty <{tag}>")
        if elements[0].get("gettext-domain") != domain:
            fail(f"<{tag}> has gettext-domain {elements[0].get('gettext-domain')!r}, not {domain!r}")

    if "@" in ET.tostring(root, encoding="unicode"):
        fail("a configure_file placeholder was left unreplaced")

    print(f"{policy}: {ACTION_ID}, auth_admin_keep, exec.path {helper}")


if __name__ == "__main__":
    main()
