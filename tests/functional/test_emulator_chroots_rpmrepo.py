# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's project-chroot, rpmrepo and .repo-file answers over plain HTTP, for what neither the recordings
nor python-copr send (copr-api-v3.md §13, §17, §18)."""

import base64
import json

import requests
from conftest import ALICE, DEMO

F40, F39, EPEL9, AARCH = "fedora-40-x86_64", "fedora-39-x86_64", "epel-9-x86_64", "fedora-40-aarch64"
BACKEND = "https://download.copr.fedorainfracloud.org"


def api(emu, method, path, creds=DEMO, **kwargs):
    return requests.request(method, emu.url + "/api_3/" + path, auth=creds, timeout=30, **kwargs)


def add(emu, name, chroots=(F40,), owner="demo", **body):
    response = api(emu, "POST", "project/add/" + owner, json=dict(body, name=name, chroots=list(chroots)))
    assert response.status_code == 200, response.text
    return response.json()


def edit_chroot(emu, project, chroot, creds=DEMO, method="PUT", **kwargs):
    return api(emu, method, "project-chroot/edit/demo/{}/{}".format(project, chroot), creds, **kwargs)


def get_chroot(emu, project, chroot):
    return api(emu, "GET", "project-chroot", None,
               params={"ownername": "demo", "projectname": project, "chrootname": chroot}).json()


def test_chroot_edit_errors_in_form_field_order(emulator):
    add(emulator, "err")
    response = edit_chroot(emulator, "err", F40, json={
        "additional_repos": ["ftp://x/y"], "additional_modules": ["a:1", "a:2"], "bootstrap": "custom_image",
        "isolation": "chroot"})
    assert response.status_code == 400
    # WTForms orders fields by creation: ModifyChrootForm's redefined ``repos`` comes after ChrootForm's fields
    assert response.json()["error"] == "\n".join([
        "module_toggle: Module name 'a' specified multiple times",
        "bootstrap_image: Custom image is selected, but not specified",
        "isolation: Not a valid choice.",
        "repos: A list of http[s] URLs separated by whitespace characters is needed ('ftp://x/y' doesn't seem "
        "to be a valid URL)."])
    bad = edit_chroot(emulator, "err", F40, json={"bootstrap_image": "no spaces allowed"})
    assert bad.json()["error"] == ("bootstrap_image: Enter valid bootstrap image id (<name>[:<tag>], e.g. "
                                   "fedora:33 or registry.fedoraproject.org/fedora:rawhide).")
    stream = edit_chroot(emulator, "err", F40, json={"additional_modules": "ok:1, x:bad stream"})
    assert stream.json()["error"] == ("module_toggle: Stream part of module name 'bad stream' must contain only "
                                      "letters, digits, dashes, underscores.")
    assert edit_chroot(emulator, "err", F40, json={"additional_repos": "copr://demo"}).json()["error"].startswith(
        "repos: A list of http[s] URLs")
    assert get_chroot(emulator, "err", F40)["additional_modules"] == []


def test_chroot_edit_lookups_and_auth(emulator):
    add(emulator, "look")
    unknown = edit_chroot(emulator, "look", "nonsense", json={})
    assert (unknown.status_code, unknown.json()) == (404, {"error": "Chroot identification is not valid"})
    missing = api(emulator, "PUT", "project-chroot/edit/demo/absent/" + F40, json={})
    assert (missing.status_code, missing.json()) == (404, {"error": "Project demo/absent does not exist."})
    # deprecated POST: the 401 is returned inside the deprecation wrapper, so it carries the Warning
    anonymous = edit_chroot(emulator, "look", F40, creds=None, method="POST", json={})
    assert anonymous.status_code == 401 and anonymous.headers["Warning"].startswith("This method is deprecated")
    # a broken json part is parsed before the login check: a crash even without credentials
    broken = edit_chroot(emulator, "look", F40, creds=None, files={"json": ("json", b"{oops", "application/json")})
    assert broken.status_code == 500
    # a reset_fields name that is not a column is a 400 also for a user without rights (checked first)
    reset = edit_chroot(emulator, "look", F40, creds=ALICE, json={"reset_fields": "mock_chroot"})
    assert reset.status_code == 400 and reset.json()["error"].startswith(
        "Trying to reset an invalid attribute: mock_chroot\n")
    assert edit_chroot(emulator, "look", F40, json={}).json() == get_chroot(emulator, "look", F40)


def test_chroot_edit_bodies_and_resets(emulator):
    add(emulator, "body")
    form = edit_chroot(emulator, "body", F40,
                       data={"additional_packages": "a  b", "with_opts": "x", "bootstrap_image": "fedora:40"})
    assert form.status_code == 200 and (form.json()["additional_packages"], form.json()["with_opts"]) == (
        ["a", "b"], ["x"])
    numbers = edit_chroot(emulator, "body", F40, json={"without_opts": [1, 2], "additional_modules": "m:1,,n:2"})
    assert (numbers.json()["without_opts"], numbers.json()["additional_modules"]) == (["1", "2"], ["m:1", "n:2"])
    row = emulator.state.find("demo", "body").chroot(F40)
    assert (row.bootstrap, row.bootstrap_image) == ("custom_image", "fedora:40")  # stored, never readable
    # reset first, then the request's own values
    both = edit_chroot(emulator, "body", F40, json={"reset_fields": ["additional_packages", "without_opts"],
                                                    "without_opts": ["y"]})
    assert (both.json()["additional_packages"], both.json()["without_opts"]) == ([], ["y"])
    assert edit_chroot(emulator, "body", F40, json={"reset_fields": "copr_id"}).status_code == 500


def test_comps_view_paths(emulator):
    add(emulator, "grp", owner="@demo-team")
    upload = api(emulator, "PUT", "project-chroot/edit/@demo-team/grp/" + F40,
                 files={"upload_comps": ("c.xml", b"<comps/>\n", "text/xml")})
    assert upload.json()["comps_name"] == "c.xml"
    view = requests.get(emulator.url + "/coprs/g/demo-team/grp/chroot/{}/comps/".format(F40), timeout=30)
    assert (view.status_code, view.text) == (200, "<comps/>\n")
    personal = requests.get(emulator.url + "/coprs/demo/grp/chroot/{}/comps/".format(F40), timeout=30)
    assert personal.status_code == 404 and personal.headers["Content-Type"].startswith("text/html")


def test_rpmrepo_cache_is_controllable(emulator):
    add(emulator, "cached", repo_priority=3)
    url = "rpmrepo/demo/cached/fedora-40/"
    assert api(emulator, "GET", url, None).json()["repos"]["fedora-40"]["arch"]["x86_64"]["opts"] == {"priority": 3}
    api(emulator, "PUT", "project/edit/demo/cached", json={"repo_priority": 7, "module_hotfixes": True})
    assert api(emulator, "GET", url, None).json()["repos"]["fedora-40"]["arch"]["x86_64"]["opts"] == {"priority": 3}
    status = requests.get(emulator.url + "/_emulator/cache", timeout=30).json()
    assert status == {"seconds": {"rpmrepo": 120.0, "repo_file": 300.0}, "entries": {"rpmrepo": 1, "repo_file": 0}}
    expired = requests.delete(emulator.url + "/_emulator/cache", params={"kind": "rpmrepo"}, timeout=30)
    assert expired.json()["entries"]["rpmrepo"] == 0
    assert api(emulator, "GET", url, None).json()["repos"]["fedora-40"]["arch"]["x86_64"]["opts"] == {
        "module_hotfixes": "1", "priority": 7}
    assert requests.put(emulator.url + "/_emulator/cache", json={"rpmrepo_seconds": 0}, timeout=30).ok
    api(emulator, "PUT", "project/edit/demo/cached", json={"repo_priority": 9})
    assert api(emulator, "GET", url, None).json()["repos"]["fedora-40"]["arch"]["x86_64"]["opts"]["priority"] == 9
    assert requests.put(emulator.url + "/_emulator/cache", json={"bogus": 1}, timeout=30).status_code == 400
    emulator.reset()
    assert requests.get(emulator.url + "/_emulator/cache", timeout=30).json()["seconds"]["rpmrepo"] == 120.0


def test_rpmrepo_transitive_dependencies_and_disabled_chroots(emulator):
    add(emulator, "leaf", runtime_dependencies=["https://ext.example.org/leaf/"])
    add(emulator, "mid", runtime_dependencies=["copr://demo/leaf"])
    add(emulator, "top", chroots=(F40, EPEL9), delete_after_days=30)
    api(emulator, "PUT", "project/edit/demo/top", json={"chroots": [F40], "runtime_dependencies": [
        "copr://demo/mid", "https://ext.example.org/a/", "copr://demo/top"]})
    data = api(emulator, "GET", "rpmrepo/demo/top:pr:1/any", None).json()
    assert list(data) == ["results_url", "repos", "directories", "delete_after_days", "dependencies"]
    assert data["delete_after_days"] == 30 and data["directories"] == {"top": {}}
    assert data["repos"]["epel-9"] == {"arch": {"x86_64": {"opts": {}, "delete_after_days": 6}}}  # still kept
    deps = [(d["type"], d["opts"]["name"].split(" - ")[-1], d["opts"]["name"].split(" #")[1][0])
            for d in data["dependencies"]]
    # copr ones counted up; Copr gives every external one the same number (its counter is not increased)
    assert deps == [("copr", "demo/mid", "1"), ("copr", "demo/leaf", "2"),
                    ("external_baseurl", "https_ext_example_org_a", "3"),
                    ("external_baseurl", "https_ext_example_org_leaf", "3")]
    missing = api(emulator, "GET", "rpmrepo/@demo-team/none/x", None)
    assert (missing.status_code, missing.json()) == (404, {"error": "@demo-team/none copr doesn't exist"})


def test_repo_file_sections_and_errors(emulator):
    add(emulator, "nothere")
    add(emulator, "hot", module_hotfixes=True, runtime_dependencies=["copr://demo/nothere"])
    api(emulator, "DELETE", "project/delete/demo/nothere")
    text = requests.get(emulator.url + "/coprs/demo/hot/repo/fedora-40/", timeout=30).text
    assert text == (
        "[copr:copr.fedorainfracloud.org:demo:hot]\nname=Copr repo for hot owned by demo\n"
        "baseurl={0}/results/demo/hot/fedora-$releasever-$basearch/\ntype=rpm-md\nskip_if_unavailable=True\n"
        "gpgcheck=1\ngpgkey={0}/results/demo/hot/pubkey.gpg\nrepo_gpgcheck=0\nenabled=1\nenabled_metadata=1\n"
        "module_hotfixes=1\n\n\n# This repository is configured to have a runtime dependency on a Copr project "
        "demo/nothere but that doesn't exist.".format(BACKEND))
    absent = requests.get(emulator.url + "/coprs/demo/hot/repo/epel-9/", timeout=30)
    assert absent.status_code == 404 and absent.headers["Content-Type"].startswith("text/html")
    assert json.loads(base64.b64decode(absent.headers["Copr-Error-Data"])) == {"available chroots": [F40]}


def test_repo_file_multilib():
    from copr_emulator.testing import running_emulator  # pylint: disable=import-outside-toplevel
    seed = {"users": [{"username": "demo", "login": DEMO[0], "token": DEMO[1]}],
            "chroots": [F40, "fedora-40-i386"], "public_hostname": "copr.example.org:8443",
            "projects": [{"ownername": "demo", "name": "ml", "chroots": [F40, "fedora-40-i386"], "multilib": True,
                          "repo_priority": 2}]}
    with running_emulator(seed=seed, cache_seconds={"repo_file_seconds": 0}) as emu:
        data = requests.get(emu.url + "/api_3/rpmrepo/demo/ml/fedora-40/", timeout=30).json()
        assert data["repos"]["fedora-40"]["arch"]["x86_64"] == {
            "opts": {"priority": 2}, "multilib": {"i386": {"opts": {"cost": "1100", "priority": 2}}}}
        plain = requests.get(emu.url + "/coprs/demo/ml/repo/fedora-40/", timeout=30).text
        assert "[copr:copr.example.org:demo:ml]" in plain and ":ml]" not in plain.replace(":demo:ml]", "")
        multilib = requests.get(emu.url + "/coprs/demo/ml/repo/fedora-40/", params={"arch": "x86_64"},
                                timeout=30).text
        assert multilib.split("\n[")[1].startswith(
            "copr:copr.example.org:demo:ml:ml]\nname=Copr repo for ml owned by demo (i386)\n"
            "baseurl={}/results/demo/ml/fedora-$releasever-i386/".format(BACKEND))
        assert "cost=1100\nenabled=1" in multilib
