# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The recordings of the genuine Copr frontend (``fixtures/recordings/``, copies of ``shared/copr-examples``)
replayed against the emulator: every step must match in status, Content-Type, Warning and body, key order
included. Each file runs against a fresh emulator holding the recordings' seed.

The answers are normalised with the placeholder rules of the recordings' README: ids become
``<PROJECT_ID_n>`` / ``<PACKAGE_ID_n>`` / ``<OTHER_ID_n>`` numbered by first appearance within the file, the
server's own base URL ``<URL>``, its host:port ``<HOST>``, its bare host name ``<HOSTNAME>``, date-times
``<TIME>``, webhook secrets ``<SECRET>``; the seed's backend URL stays literal.
"""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

RECORDINGS = Path(__file__).resolve().parent / "fixtures" / "recordings"
SEED = RECORDINGS / "seed.json"
FILES = sorted(path.name for path in RECORDINGS.glob("*.json") if path.name != "seed.json")

TIME_KEYS = ("created_on", "submitted_on", "started_on", "ended_on")
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?")
PACKAGE_IN_TEXT = re.compile(r"(?<=package `)\d+(?=`)")


class Placeholders:
    """Turns one answer into the recordings' comparable form; one instance per recording file."""

    def __init__(self, base_url, seed_data):
        hosts = {urlsplit(base_url).netloc, seed_data.get("public_hostname") or ""} - {""}
        self.hosts = sorted(hosts, key=len, reverse=True)                   # host:port, longest first
        self.hostnames = sorted({host.split(":")[0] for host in hosts if ":" in host}, key=len, reverse=True)
        self.backend = (seed_data.get("backend_url") or "").rstrip("/")
        self.numbers = {}                                                   # (kind, id) -> placeholder

    def number(self, kind, value):
        key = (kind, value)
        if key not in self.numbers:
            count = sum(1 for known in self.numbers if known[0] == kind) + 1
            self.numbers[key] = "<{}_ID_{}>".format(kind, count)
        return self.numbers[key]

    def text(self, text):
        if text is None:
            return None
        parts = text.split(self.backend) if self.backend else [text]   # the backend URL is a seed value
        return self.backend.join(self._text_part(part) for part in parts)

    def _text_part(self, text):
        for host in self.hosts:
            text = re.sub("https?://" + re.escape(host), "<URL>", text)
            text = text.replace(host, "<HOST>")
        for hostname in self.hostnames:
            text = re.sub(r"(?<![\w.])" + re.escape(hostname) + r"(?![\w.])", "<HOSTNAME>", text)
        text = PACKAGE_IN_TEXT.sub(lambda match: self.number("PACKAGE", int(match.group(0))), text)
        return DATETIME.sub("<TIME>", text)

    def value(self, value, key=None, owner=None):
        if value is not None and key in TIME_KEYS:
            return "<TIME>"
        if value is not None and key == "webhook_secret":
            return "<SECRET>"
        if key == "id" and type(value) is int:  # pylint: disable=unidiomatic-typecheck
            kind = "PACKAGE" if "source_type" in owner else "PROJECT" if "full_name" in owner else "OTHER"
            return self.number(kind, value)
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, dict):
            return {self.text(k): self.value(v, k, value) for k, v in value.items()}
        return value


def send(base_url, step, credentials):
    request = step["request"]
    kwargs = {"params": request.get("query"), "timeout": 30, "allow_redirects": False}
    if "json" in request:
        kwargs["json"] = request["json"]
    elif "form" in request:
        form = request["form"]
        kwargs["data"] = [tuple(pair) for pair in form] if isinstance(form, list) else form
    elif "multipart" in request:
        kwargs["files"] = {
            name: ((part["filename"], part["content"].encode("utf-8"), part.get("content_type"))
                   if isinstance(part, dict) else (None, part))
            for name, part in request["multipart"].items()}
    if step.get("as"):
        kwargs["auth"] = credentials[step["as"]]
    return requests.request(request["method"], base_url + request["path"], **kwargs)


def observed(response, placeholders):
    content_type = response.headers.get("Content-Type")
    body = response.text
    if content_type and "json" in content_type:
        try:
            body = json.loads(body)
        except ValueError:
            pass
    return {"status": response.status_code, "content_type": content_type,
            "warning": placeholders.text(response.headers.get("Warning")), "body": placeholders.value(body)}


def differences(want, got, where="body"):
    """One line per difference: values, types (true is not 1) and dict key order."""
    if type(want) is not type(got):
        return ["{}: expected {!r}, got {!r}".format(where, want, got)]
    if isinstance(want, dict):
        if list(want) != list(got):
            return ["{}: keys {}, expected {}".format(where, list(got), list(want))]
        return [line for key in want for line in differences(want[key], got[key], "{}.{}".format(where, key))]
    if isinstance(want, list):
        if len(want) != len(got):
            return ["{}: expected {!r}, got {!r}".format(where, want, got)]
        return [line for index, (a, b) in enumerate(zip(want, got))
                for line in differences(a, b, "{}[{}]".format(where, index))]
    return [] if want == got else ["{}: expected {!r}, got {!r}".format(where, want, got)]


@pytest.fixture(scope="module")
def seed():
    return json.loads(SEED.read_text(encoding="utf-8"))


def test_every_recording_is_replayed():
    assert FILES == ["mock-chroots.json", "packages.json", "permissions.json", "project-chroots.json",
                     "rpmrepo.json"]


@pytest.mark.parametrize("name", FILES)
def test_recording_replays(name, seed):  # pylint: disable=redefined-outer-name
    from copr_emulator.testing import running_emulator  # pylint: disable=import-outside-toplevel
    steps = json.loads((RECORDINGS / name).read_text(encoding="utf-8"))
    credentials = {user["username"]: (user["login"], user["token"]) for user in seed["users"]}
    problems = []
    with running_emulator(seed=seed) as emu:
        placeholders = Placeholders(emu.url, seed)
        for number, step in enumerate(steps, 1):
            want = step["response"]
            got = observed(send(emu.url, step, credentials), placeholders)
            lines = ["{}: expected {!r}, got {!r}".format(field, want[field], got[field])
                     for field in ("status", "content_type", "warning") if want[field] != got[field]]
            lines += differences(want["body"], got["body"])
            if lines:
                problems.append("#{} {}:\n    {}".format(number, step["name"], "\n    ".join(lines)))
    assert not problems, "{}: {} of {} steps differ\n{}".format(name, len(problems), len(steps), "\n".join(problems))
