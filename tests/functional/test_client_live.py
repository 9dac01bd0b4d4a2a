# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``CoprClient`` (plugins/module_utils/_client.py) against the running Copr emulator.

Skipped until the emulator (``tests/emulator/copr_emulator``) exists. The client module has no imports from
the collection or Ansible, so it is loaded straight from its file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("requests")

from support.client import load_client_module  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
EMULATOR_DIR = REPO / "tests" / "emulator"
if str(EMULATOR_DIR) not in sys.path:
    sys.path.insert(0, str(EMULATOR_DIR))
pytest.importorskip("copr_emulator.testing")

from support.emulator import copr_emu, copr_emu_server  # noqa: E402,F401  pylint: disable=unused-import
from support.seed import ALICE, DEMO, EXPIRED  # noqa: E402

_client = load_client_module()
CoprClient = _client.CoprClient
CoprError = _client.CoprError

CHROOTS = ["fedora-40-x86_64", "epel-9-x86_64"]


def make_client(emu, credentials=DEMO, **kwargs):
    lines = kwargs.pop("lines", None)
    client = CoprClient(emu.url, login=credentials[0] if credentials else None,
                        token=credentials[1] if credentials else None,
                        log=lines.append if lines is not None else None, **kwargs)
    client.sleep = lambda seconds: None
    return client


def api_requests(emu):
    return [r for r in emu.requests() if r["path"].startswith("/api_3")]


def test_project_lifecycle(copr_emu):
    client = make_client(copr_emu)
    assert client.get_project("demo", "life") is None
    created = client.add_project("demo", {"name": "life", "chroots": CHROOTS, "description": "d"})
    assert created["full_name"] == "demo/life"
    assert sorted(created["chroot_repos"]) == sorted(CHROOTS)
    # exist_ok=True: adding again returns the same project
    again = client.add_project("demo", {"name": "life", "chroots": CHROOTS})
    assert again["id"] == created["id"]
    edited = client.edit_project("demo", "life", {"description": "new"})
    assert edited["description"] == "new"
    assert client.get_project("demo", "life")["description"] == "new"
    assert client.regenerate_repos("demo", "life")["name"] == "life"
    forked = client.fork_project("demo", "life", "demo", "life-fork")
    assert forked["full_name"] == "demo/life-fork"
    assert [p["name"] for p in client.list_projects("demo")] == ["life", "life-fork"]
    assert client.delete_project("demo", "life")["name"] == "life"
    assert client.get_project("demo", "life") is None
    assert client.delete_project("demo", "life") is None


def test_reads_are_anonymous_and_writes_use_basic_auth(copr_emu):
    anonymous = make_client(copr_emu, credentials=None)
    assert anonymous.list_projects() == []
    with pytest.raises(CoprError) as info:
        anonymous.add_project("demo", {"name": "x", "chroots": CHROOTS})
    assert info.value.attempts == 0
    assert [r["method"] for r in api_requests(copr_emu)] == ["GET"]


def test_expired_token_is_401_without_the_token(copr_emu):
    lines = []
    client = make_client(copr_emu, credentials=EXPIRED, lines=lines)
    with pytest.raises(CoprError) as info:
        client.add_project("expired", {"name": "x", "chroots": CHROOTS})
    assert info.value.status == 401
    for text in [str(info.value)] + lines:
        assert EXPIRED[1] not in text


def test_someone_elses_owner_is_403(copr_emu):
    client = make_client(copr_emu, credentials=ALICE)
    with pytest.raises(CoprError) as info:
        client.add_project("demo", {"name": "x", "chroots": CHROOTS})
    assert info.value.status == 403


def test_duplicate_free_validation_error_is_400(copr_emu):
    client = make_client(copr_emu)
    with pytest.raises(CoprError) as info:
        client.add_project("demo", {"name": "bad", "chroots": CHROOTS, "homepage": "not a url"})
    assert info.value.status == 400
    assert "homepage" in info.value.message


@pytest.mark.parametrize("name", ["a/b", "x?y=1", "x#y", "%2F", "a b", "..x"])
def test_odd_names_never_reach_another_endpoint(copr_emu, name):
    client = make_client(copr_emu)
    with pytest.raises(CoprError) as info:
        client.edit_project("demo", name, {"description": "x"})
    assert info.value.status in (400, 404)
    paths = [r["path"] for r in api_requests(copr_emu)]
    assert all(path.startswith("/api_3/project/edit/demo/") for path in paths)


def test_list_without_limit_is_one_request(copr_emu):
    client = make_client(copr_emu)
    for index in range(5):
        client.add_project("demo", {"name": "p%d" % index, "chroots": CHROOTS})
    copr_emu.clear_requests()
    assert len(client.list_projects("demo")) == 5
    listed = api_requests(copr_emu)
    assert len(listed) == 1 and "limit" not in (listed[0].get("query") or "")
    assert [p["name"] for p in client.list_projects("demo", limit=2, offset=1)] == ["p1", "p2"]


def test_group_owner_in_path(copr_emu):
    client = make_client(copr_emu)
    project = client.add_project("@demo-team", {"name": "tools", "chroots": CHROOTS})
    assert project["ownername"] == "@demo-team"
    assert client.get_project("@demo-team", "tools")["full_name"] == "@demo-team/tools"


def test_unreachable_server_is_a_network_error():
    client = CoprClient("http://127.0.0.1:9", retries=1, timeout=2)
    client.sleep = lambda seconds: None
    with pytest.raises(CoprError) as info:
        client.get_project("demo", "x")
    assert info.value.status is None and info.value.attempts == 2
