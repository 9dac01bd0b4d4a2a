# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tables: plain-text rendering for the terminal and docs, and the JSON results file."""

import json
import math
import os


class Table:
    def __init__(self, key, title, columns, target):
        self.key = key
        self.title = title
        self.columns = list(columns)
        self.target = target
        self.rows = []
        self.notes = []
        self.verdict = None   # "PASS" / "MISS"

    def add(self, *values):
        self.rows.append([_fmt(v) for v in values])

    def note(self, text):
        self.notes.append(text)

    def render(self):
        widths = [len(c) for c in self.columns]
        for row in self.rows:
            for i, cell in enumerate(row):
                widths[i] = max(widths[i], len(cell))

        def line(cells):
            return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"

        out = ["### " + self.title, "", line(self.columns),
               "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
        out += [line(r) for r in self.rows]
        out += ["", "Target: {} -> **{}**".format(self.target, self.verdict or "n/a")]
        out += ["", *("* " + n for n in self.notes)] if self.notes else []
        return "\n".join(out)

    def as_dict(self):
        return {"title": self.title, "columns": self.columns, "rows": self.rows, "target": self.target,
                "verdict": self.verdict, "notes": self.notes}


def _fmt(value):
    if isinstance(value, float):
        if math.isnan(value):
            return "n/a"
        return "{:.3f}".format(value) if abs(value) < 10 else "{:.1f}".format(value)
    if value is None:
        return "n/a"
    return str(value)


def write_json(path, tables, meta):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"meta": meta, "tables": {t.key: t.as_dict() for t in tables}}, handle, indent=2)
