# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Request counting: summarise emulator request-log entries."""


def summarize(entries):
    """'GET project, POST add' style summary of a request-log slice: method + endpoint (after /api_3/)."""
    parts = []
    for entry in entries:
        path = entry["path"]
        if path.startswith("/api_3/"):
            path = path[len("/api_3/"):]
        # keep the endpoint, drop owner/project path segments
        segs = path.split("/")
        endpoint = "/".join(segs[:2]) if segs[0] == "project" and len(segs) > 1 else segs[0]
        parts.append("{} {}{}".format(entry["method"], endpoint,
                                      "" if 200 <= int(entry["status"]) < 300 else "({})".format(entry["status"])))
    return parts


def count(entries):
    return len(entries)


def describe(entries, limit=4):
    """Short text: grouped counts, e.g. 'GET project x10'."""
    parts = summarize(entries)
    grouped = []
    for part in parts:
        if grouped and grouped[-1][0] == part:
            grouped[-1][1] += 1
        else:
            grouped.append([part, 1])
    text = ", ".join(p if n == 1 else "{} x{}".format(p, n) for p, n in grouped[:limit])
    if len(grouped) > limit:
        text += ", ..."
    return text
