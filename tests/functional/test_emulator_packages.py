# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's ``/api_3/package`` endpoints, over raw HTTP and through python-copr (copr-api-v3.md §16,
§18.9-16; ``../shared/copr-examples/packages.json`` is replayed elsewhere). Nothing here builds."""

import pytest
import requests
from support.seed import ADMIN, ALICE, DEMO

copr_v3 = pytest.importorskip("copr.v3")
from copr.v3 import CoprAuthException, CoprNoResultException, CoprRequestException  # noqa: E402

F40, RAWHIDE = "fedora-40-x86_64", "fedora-rawhide-x86_64"
KEYS = ["id", "name", "ownername", "projectname", "source_type", "source_dict", "auto_rebuild", "builds"]
NO_BUILDS = {"latest": None, "latest_succeeded": None}
CRASH = "Request wasn't successful, there is probably a bug in the Copr code."
NOT_JSON = "Did not attempt to load JSON data because the request Content-Type was not 'application/json'."
GIT = "https://git.example.org/ex/tool.git"
SCM_DEFAULTS = {"type": "git", "clone_url": GIT, "subdirectory": None, "committish": None, "spec": None,
                "source_build_method": "rpkg"}


def http(emu, method, path, creds=DEMO, **kwargs):
    return requests.request(method, emu.url + "/api_3/" + path, auth=creds, timeout=30, **kwargs)


def add_project(emu, name="pkgs", owner="demo", creds=DEMO, chroots=(F40, RAWHIDE)):
    response = http(emu, "POST", "project/add/" + owner, creds, json={"name": name, "chroots": list(chroots)})
    assert response.status_code == 200, response.text
    return response.json()


def add(emu, name, source_type="scm", creds=DEMO, project="demo/pkgs", url_name=None, **body):
    body.setdefault("package_name", name)
    if source_type == "scm":
        body.setdefault("clone_url", GIT)
    return http(emu, "POST", "package/add/{}/{}/{}".format(project, url_name or name, source_type), creds,
                json=body)


def edit(emu, name, source_type=None, creds=DEMO, project="demo/pkgs", **body):
    body.setdefault("package_name", name)
    path = "package/edit/{}/{}".format(project, name) + ("/" + source_type if source_type else "")
    return http(emu, "POST", path, creds, json=body)


def get(emu, name, owner="demo", project="pkgs", **query):
    return http(emu, "GET", "package", None,
                params=dict(query, ownername=owner, projectname=project, packagename=name))


def body_of(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


def error_of(response):
    return response.status_code, response.json()


def client(emu, creds=DEMO):
    return copr_v3.Client({"copr_url": emu.url, "login": creds[0], "token": creds[1]})


def plain(munch):
    """A python-copr answer without the ``__response__``/``__proxy__`` entries it carries."""
    return {key: value for key, value in munch.items() if not key.startswith("__")}


# ------------------------------------------------------------------------------------------ python-copr
def test_python_copr_add_get_list_edit_reset_delete(emulator):
    add_project(emulator)
    proxy = client(emulator).package_proxy
    scm = proxy.add("demo", "pkgs", "tool", "scm", {
        "clone_url": GIT, "committish": "v1", "spec": "tool.spec", "scm_type": "git",
        "source_build_method": "make_srpm", "webhook_rebuild": True, "max_builds": 5, "timeout": 3600,
        "chroot_denylist": ["fedora-40-*"]})
    assert list(plain(scm)) == KEYS
    assert plain(scm) == {
        "id": scm.id, "name": "tool", "ownername": "demo", "projectname": "pkgs", "source_type": "scm",
        "source_dict": {"type": "git", "clone_url": GIT, "subdirectory": None, "committish": "v1",
                        "spec": "tool.spec", "source_build_method": "make_srpm"},
        "auto_rebuild": True, "builds": NO_BUILDS}
    pypi = proxy.add("demo", "pkgs", "python-lib", "pypi", {"pypi_package_name": "lib", "python_versions": ["3"]})
    assert pypi.source_dict == {"pypi_package_name": "lib", "pypi_package_version": None,
                                "spec_generator": "pyp2spec", "spec_template": "", "python_versions": ["3"]}
    gem = proxy.add("demo", "pkgs", "rubygem-x", "rubygems", {"gem_name": "x"})
    custom = proxy.add("demo", "pkgs", "script", "custom", {
        "script": "#!/bin/sh\necho", "script_chroot": RAWHIDE, "script_builddeps": "make",
        "script_resultdir": "out", "script_repos": "https://repo.example.org/a/"})
    assert custom.source_dict == {"script": "#!/bin/sh\necho\n", "chroot": RAWHIDE, "builddeps": "make",
                                  "resultdir": "out", "repos": "https://repo.example.org/a/"}
    distgit = proxy.add("demo", "pkgs", "dg", "distgit", {"committish": "f40"})
    assert distgit.source_dict == {"clone_url": "https://src.fedoraproject.org/rpms/dg", "distgit": "fedora",
                                   "committish": "f40"}

    for package in (scm, pypi, gem, custom, distgit):
        got = proxy.get("demo", "pkgs", package.name, with_latest_build=True, with_latest_succeeded_build=True)
        assert plain(got) == plain(package) == body_of(get(emulator, package.name))
    listed = proxy.get_list("demo", "pkgs")
    assert [p.name for p in listed] == ["tool", "python-lib", "rubygem-x", "script", "dg"]
    assert listed.meta == {"limit": None, "offset": 0, "order": "id", "order_type": "ASC"}
    raw = body_of(http(emulator, "GET", "package/list", None, params={"ownername": "demo", "projectname": "pkgs"}))
    assert [plain(p) for p in listed] == raw["items"]
    page = proxy.get_list("demo", "pkgs", pagination={"limit": 2, "offset": 1, "order": "name",
                                                      "order_type": "DESC"})
    assert [p.name for p in page] == ["script", "rubygem-x"] and page.meta.limit == 2

    edited = proxy.edit("demo", "pkgs", "tool", "scm", {"committish": "v2", "subdirectory": "sub"})
    assert edited.source_dict == dict(scm.source_dict, committish="v2", subdirectory="sub")
    assert edited.auto_rebuild is True  # webhook_rebuild is kept unless sent
    assert plain(edited) == body_of(get(emulator, "tool"))
    # python-copr puts source_type=None into the path as "None"
    with pytest.raises(CoprRequestException) as info:
        proxy.edit("demo", "pkgs", "tool", source_dict={"committish": "v3"})
    assert str(info.value) == "Unsupported package source type None"

    reset = proxy.reset("demo", "pkgs", "rubygem-x")
    assert (reset.source_type, reset.source_dict, reset.auto_rebuild) == ("unset", {}, False)
    assert plain(reset) == body_of(get(emulator, "rubygem-x"))
    deleted = proxy.delete("demo", "pkgs", "dg")
    assert plain(deleted) == plain(distgit)
    with pytest.raises(CoprNoResultException) as info:
        proxy.get("demo", "pkgs", "dg")
    assert str(info.value) == "No package with name dg in copr pkgs"
    assert [p.name for p in proxy.get_list("demo", "pkgs")] == ["tool", "python-lib", "rubygem-x", "script"]


def test_python_copr_errors(emulator):
    add_project(emulator)
    owner, alice = client(emulator).package_proxy, client(emulator, ALICE).package_proxy
    owner.add("demo", "pkgs", "tool", "scm", {"clone_url": GIT})
    with pytest.raises(CoprRequestException) as info:
        owner.add("demo", "pkgs", "tool", "scm", {"clone_url": GIT})
    assert str(info.value) == "Package tool already exists in copr demo/pkgs."
    with pytest.raises(CoprAuthException) as info:
        alice.add("demo", "pkgs", "other", "scm", {"clone_url": GIT})
    assert str(info.value) == "You are not allowed to add or edit packages in this copr."
    with pytest.raises(CoprAuthException) as info:
        alice.delete("demo", "pkgs", "tool")
    assert str(info.value) == "You are not allowed to delete package `{}`.".format(owner.get("demo", "pkgs",
                                                                                             "tool").id)
    with pytest.raises(CoprNoResultException) as info:
        owner.edit("demo", "pkgs", "nope", "scm", {})
    assert str(info.value) == "Package nope does not exists in copr demo/pkgs."
    with pytest.raises(CoprNoResultException) as info:
        owner.get_list("demo", "nope")
    assert str(info.value) == "Project demo/nope does not exist."


# ------------------------------------------------------------------------------------------ add per source type
def test_add_defaults_per_source_type(emulator):
    add_project(emulator)
    assert body_of(add(emulator, "a-scm"))["source_dict"] == SCM_DEFAULTS
    assert body_of(add(emulator, "a-pypi", "pypi", pypi_package_name="x"))["source_dict"] == {
        "pypi_package_name": "x", "pypi_package_version": None, "spec_generator": "pyp2spec", "spec_template": "",
        "python_versions": []}
    assert body_of(add(emulator, "a-gem", "rubygems", gem_name="g"))["source_dict"] == {"gem_name": "g"}
    assert body_of(add(emulator, "a-custom", "custom", script="echo"))["source_dict"] == {
        "script": "echo\n", "chroot": "fedora-latest-x86_64", "builddeps": None, "resultdir": None, "repos": ""}
    assert body_of(add(emulator, "a-dg", "distgit"))["source_dict"] == {
        "clone_url": "https://src.fedoraproject.org/rpms/a-dg", "distgit": "fedora"}
    forked = body_of(add(emulator, "a-fork", "distgit", namespace="forks/demo/", distgit="None"))
    assert forked["source_dict"] == {"clone_url": "https://src.fedoraproject.org/forks/demo/rpms/a-fork",
                                     "distgit": "fedora", "namespace": "forks/demo"}
    # strings are stripped (text areas are not), lists are joined with spaces, repos become newline-separated
    spaced = body_of(add(emulator, "a-space", "custom", script=" run ", builddeps="  a b ",
                         repos=["https://r.example.org/1/", "https://r.example.org/2/"]))
    assert spaced["source_dict"] == {"script": " run \n", "chroot": "fedora-latest-x86_64", "builddeps": "a b",
                                     "resultdir": None,
                                     "repos": "https://r.example.org/1/\nhttps://r.example.org/2/"}
    assert body_of(add(emulator, " a-stripped ", url_name="a-stripped"))["name"] == "a-stripped"
    form = http(emulator, "POST", "package/add/demo/pkgs/a-form/scm",
                data={"package_name": "a-form", "clone_url": GIT, "webhook_rebuild": "False"})
    assert (body_of(form)["auto_rebuild"], body_of(form)["source_dict"]) == (True, SCM_DEFAULTS)


@pytest.mark.parametrize("source_type, body, error", [
    ("scm", {"clone_url": None}, "clone_url: This field is required."),
    ("scm", {"clone_url": "not a url"}, "clone_url: Invalid URL."),
    ("scm", {"spec": "x.txt"}, "spec: RPM spec file must end with .spec"),
    ("scm", {"scm_type": "hg", "source_build_method": "x"},
     "scm_type: Not a valid choice.\nsrpm_build_method: Not a valid choice."),
    ("scm", {"package_name": "bad name"}, "package_name: Please enter a valid package name in ^[-+_.a-zA-Z0-9]+$"),
    ("scm", {"package_name": None}, "package_name: Please enter a valid package name in ^[-+_.a-zA-Z0-9]+$"),
    ("scm", {"package_name": "x" * 101}, "package_name: Field cannot be longer than 100 characters."),
    ("scm", {"max_builds": 101, "timeout": -1},
     "max_builds: Number must be between 0 and 100.\ntimeout: Number must be between 0 and 108000."),
    ("scm", {"max_builds": "many", "clone_url": "x"},
     "max_builds: Not a valid integer value.\nmax_builds: Number must be between 0 and 100.\n"
     "clone_url: Invalid URL."),
    ("scm", {"chroot_denylist": "Fedora 40"}, 'chroot_denylist: Pattern "Fedora 40" does not match '
                                              '"^[a-z0-9-_*.+]+$"'),
    ("scm", {"chroot_denylist": "fedora-40-*, centos-*"}, 'chroot_denylist: no chroot matched by pattern '
                                                          '"centos-*"'),
    ("scm", {"chroot_denylist": ["fedora-40-*", "epel-*"]},
     'chroot_denylist: Pattern "fedora-40-* epel-*" does not match "^[a-z0-9-_*.+]+$"'),
    ("pypi", {}, "pypi_package_name: This field is required."),
    ("pypi", {"pypi_package_name": "x", "spec_generator": "rpm", "spec_template": "arch",
              "python_versions": ["4", "3"]},
     "spec_generator: Not a valid choice.\nspec_template: Not a valid choice.\n"
     "python_versions: '4' is not a valid choice for this field."),
    ("pypi", {"pypi_package_name": "x" * 94}, "pypi_package_name: Field cannot be longer than 93 characters."),
    ("rubygems", {"gem_name": "  "}, "gem_name: This field is required."),
    ("custom", {}, "script: This field is required."),
    ("custom", {"script": "x" * 4096}, "script: Maximum script size is 4kB"),
    ("custom", {"script": "x", "chroot": "fedora-40-i386", "repos": "ftp://x.example.org/"},
     "repos: A list of http[s] URLs separated by whitespace characters is needed ('ftp://x.example.org/' doesn't "
     "seem to be a valid URL).\nchroot: Not a valid choice."),
    ("custom", {"script": "x", "repos": "copr://demo/missing"}, "repos: copr://demo/missing does not exist."),
    ("distgit", {"distgit": "centos"}, "distgit: Not a valid choice.\ndistgit: DistGit ID must be one of: fedora"),
])
def test_add_validation_texts(emulator, source_type, body, error):
    add_project(emulator)
    response = add(emulator, "bad", source_type, **body)
    assert error_of(response) == (400, {"error": error})
    assert get(emulator, "bad").status_code == 404


def test_add_accepted_oddities(emulator):
    add_project(emulator)
    # the "deny-listing all chroots" check never fires (§18.11)
    assert add(emulator, "all", chroot_denylist="*").status_code == 200
    assert error_of(add(emulator, "some", chroot_denylist="fedora-40-*,,epel-*")) == (400, {
        "error": 'chroot_denylist: Pattern "" does not match "^[a-z0-9-_*.+]+$"'})
    assert error_of(add(emulator, "mark", chroot_denylist="epel-?-x86_64"))[0] == 400
    assert add(emulator, "two", chroot_denylist=" fedora-40-* , epel-*-x86_64 ").status_code == 200
    # empty values are "not sent" for the optional fields
    assert body_of(add(emulator, "empty", max_builds="", timeout=" ", chroot_denylist="", spec=""))[
        "source_dict"] == dict(SCM_DEFAULTS, spec="")
    # booleans: anything but false/"false"/""/0 is true
    cases = ((False, False), ("false", False), (0, False), ("", False), ("False", True), ("0", True), ("no", True),
             (1, True))
    for index, (value, expected) in enumerate(cases):
        assert body_of(add(emulator, "b%d" % index, webhook_rebuild=value))["auto_rebuild"] is expected, value


@pytest.mark.parametrize("body", [{"webhook_rebuild": {"a": 1}}, {"max_builds": {"a": 1}}, {"clone_url": 5},
                                  {"chroot_denylist": 5}])
def test_add_crashes_like_the_real_forms(emulator, body):
    add_project(emulator)
    assert error_of(add(emulator, "crash", **body)) == (500, {"error": CRASH})


def test_add_errors_and_order(emulator):
    add_project(emulator)
    assert add(emulator, "x", creds=None).status_code == 401
    assert error_of(add(emulator, "x", project="demo/nope")) == (404, {"error": "Project demo/nope does not exist."})
    assert error_of(add(emulator, "x", project="@nope/p")) == (404, {"error": "Group nope does not exist."})
    # rights come before the source type and the form
    assert error_of(add(emulator, "x", "git", creds=ALICE, clone_url="bad")) == (403, {
        "error": "You are not allowed to add or edit packages in this copr."})
    assert error_of(add(emulator, "x", "git")) == (400, {"error": "Unsupported package source type git"})
    assert error_of(http(emulator, "POST", "package/add/demo/pkgs/x/scm", json=["x"])) == (500, {"error": CRASH})
    assert body_of(add(emulator, "x"))["name"] == "x"
    # the form comes before the duplicate check; the duplicate check uses the body's name
    assert error_of(add(emulator, "x", clone_url="bad"))[0] == 400
    duplicate = {"error": "Package x already exists in copr demo/pkgs."}
    assert error_of(add(emulator, "x", url_name="y")) == (409, duplicate)
    # a body name other than the URL's: created under the body name, then the answer crashes (§18.9)
    assert error_of(add(emulator, "body-name", url_name="url-name")) == (500, {"error": CRASH})
    assert body_of(get(emulator, "body-name"))["name"] == "body-name"
    assert get(emulator, "url-name").status_code == 404
    # methods (§18.13)
    for method in ("PUT", "GET"):
        response = http(emulator, method, "package/add/demo/pkgs/z/scm", json={"package_name": "z"})
        assert error_of(response) == (405, {"error": "The method is not allowed for the requested URL."})


def test_rights_follow_permissions(emulator):
    add_project(emulator)
    add_project(emulator, "grp", owner="@demo-team")
    sets = "project/permissions/set/demo/pkgs"
    assert http(emulator, "PUT", sets, json={"alice": {"builder": "approved"}}).status_code == 200
    # an approved builder can build, but not add packages
    assert add(emulator, "by-builder", creds=ALICE).status_code == 403
    assert http(emulator, "PUT", sets, json={"alice": {"admin": "approved"}}).status_code == 200
    assert body_of(add(emulator, "by-admin", creds=ALICE))["name"] == "by-admin"
    edited = body_of(edit(emulator, "by-admin", "scm", creds=ALICE, committish="x", spec=""))
    assert edited["source_dict"]["committish"] == "x"
    # site admin and group members
    assert add(emulator, "by-site-admin", creds=ADMIN).status_code == 200
    group = body_of(add(emulator, "in-group", project="@demo-team/grp"))
    assert (group["ownername"], group["projectname"]) == ("@demo-team", "grp")
    assert add(emulator, "no", project="@demo-team/grp", creds=ALICE).status_code == 403


# ------------------------------------------------------------------------------------------ get / list
def test_get_and_list_errors(emulator):
    add_project(emulator)
    add(emulator, "one")
    assert error_of(http(emulator, "GET", "package", None, params={"ownername": "demo", "projectname": "pkgs"})) \
        == (400, {"error": "Missing argument packagename"})
    assert error_of(get(emulator, "one", project="nope")) == (404, {"error": "Project demo/nope does not exist."})
    assert error_of(get(emulator, "two")) == (404, {"error": "No package with name two in copr pkgs"})
    one = get(emulator, "one", with_latest_build="true", with_latest_succeeded_build="True")
    assert list(body_of(one)) == KEYS and body_of(one)["builds"] == NO_BUILDS
    assert one.text.startswith('{"id": ') and one.text.endswith("}\n")
    # an empty owner falls back to the (absent) JSON body
    assert error_of(get(emulator, "one", owner="")) == (415, {"error": NOT_JSON})

    def listing(**query):
        return http(emulator, "GET", "package/list", None, params=dict({"ownername": "demo",
                                                                        "projectname": "pkgs"}, **query))
    assert error_of(listing(order="nope")) == (500, {
        "error": "Cannot order by nope, package doesn't have such property"})
    assert error_of(listing(order="chroot_denylist")) == (500, {"error": "Cannot order by chroot_denylist"})
    assert error_of(listing(limit="x")) == (500, {"error": "{'limit': ['Not a valid integer value.']}"})
    assert error_of(listing(limit="-1")) == (500, {"error": "Database error, contact admin"})
    # pagination is checked before the arguments
    assert listing(limit="x", ownername=None).status_code == 500
    assert error_of(listing(projectname=None)) == (400, {"error": "Missing argument projectname"})


def test_list_order_and_pages(emulator):
    add_project(emulator)
    add_project(emulator, "other")
    for name in ("b", "c", "a"):
        add(emulator, name)
    add(emulator, "elsewhere", project="demo/other")
    add(emulator, "d", max_builds=3)

    def names(**query):
        response = http(emulator, "GET", "package/list", None, params=dict(
            {"ownername": "demo", "projectname": "pkgs"}, **query))
        return [item["name"] for item in body_of(response)["items"]], body_of(response)["meta"]
    assert names() == (["b", "c", "a", "d"], {"limit": None, "offset": 0, "order": "id", "order_type": "ASC"})
    assert names(order_type="DESC", limit=2) == (["d", "a"], {"limit": 2, "offset": 0, "order": "id",
                                                              "order_type": "DESC"})
    assert names(order="name", order_type="")[0] == ["a", "b", "c", "d"]
    assert names(order_type="")[1]["order_type"] == "DESC"
    assert names(limit=0, offset=3) == (["d"], {"limit": None, "offset": 3, "order": "id", "order_type": "ASC"})
    assert names(order="max_builds")[0] == ["d", "b", "c", "a"]  # NULLs last (PostgreSQL)


# ------------------------------------------------------------------------------------------ edit
def test_edit_merge_semantics(emulator):
    add_project(emulator)
    add(emulator, "tool", committish="v1", spec="tool.spec", source_build_method="tito", webhook_rebuild=True)
    merged = body_of(edit(emulator, "tool", "scm", committish="v2", subdirectory=""))
    assert merged["source_dict"] == {"type": "git", "clone_url": GIT, "subdirectory": "", "committish": "v2",
                                     "spec": "tool.spec", "source_build_method": "tito"}
    assert merged["auto_rebuild"] is True
    assert body_of(edit(emulator, "tool", webhook_rebuild=False))["auto_rebuild"] is False
    # the package_name in the body must be valid but renames nothing
    assert body_of(edit(emulator, "tool", package_name="other-name"))["name"] == "tool"
    assert error_of(edit(emulator, "tool", package_name="bad name"))[0] == 400
    # the scm type is stored as "type", which is no form field: an edit that does not send scm_type resets it
    assert body_of(edit(emulator, "tool", scm_type="svn"))["source_dict"]["type"] == "svn"
    assert body_of(edit(emulator, "tool"))["source_dict"]["type"] == "git"
    # a stored null is sent back as a value (§18.12)
    add(emulator, "nospec")
    assert error_of(edit(emulator, "nospec", subdirectory="pkg")) == (400, {
        "error": "spec: RPM spec file must end with .spec"})
    assert body_of(edit(emulator, "nospec", "scm", subdirectory="pkg", spec=""))["source_dict"] == dict(
        SCM_DEFAULTS, subdirectory="pkg", spec="")
    # an empty body merges nothing: every required field is missing
    assert error_of(http(emulator, "POST", "package/edit/demo/pkgs/nospec", json={})) == (400, {
        "error": "package_name: Please enter a valid package name in ^[-+_.a-zA-Z0-9]+$\n"
                 "clone_url: This field is required."})


def test_edit_other_types_and_type_switch(emulator):
    add_project(emulator)
    add(emulator, "py", "pypi", pypi_package_name="lib", python_versions=["3", "2"], spec_template="fedora")
    # an empty preserved list is "not sent", so the stored versions come back
    assert body_of(edit(emulator, "py", python_versions=[]))["source_dict"]["python_versions"] == ["3", "2"]
    assert body_of(edit(emulator, "py", python_versions=["2"], pypi_package_version="1.0"))["source_dict"] == {
        "pypi_package_name": "lib", "pypi_package_version": "1.0", "spec_generator": "pyp2spec",
        "spec_template": "fedora", "python_versions": ["2"]}
    add(emulator, "dg", "distgit", namespace="forks/demo", committish="f40")
    assert body_of(edit(emulator, "dg", committish=""))["source_dict"] == {
        "clone_url": "https://src.fedoraproject.org/forks/demo/rpms/dg", "distgit": "fedora",
        "namespace": "forks/demo"}
    # switching type: the new form's defaults apply, stored keys of the same name are merged in (clone_url here)
    switched = body_of(edit(emulator, "dg", "scm", spec=""))
    assert (switched["source_type"], switched["source_dict"]) == ("scm", {
        "type": "git", "clone_url": "https://src.fedoraproject.org/forks/demo/rpms/dg", "subdirectory": None,
        "committish": None, "spec": "", "source_build_method": "rpkg"})
    assert body_of(edit(emulator, "py", "rubygems", gem_name="g"))["source_dict"] == {"gem_name": "g"}
    add(emulator, "cu", "custom", script="echo", script_chroot="fedora-latest-aarch64")
    assert body_of(edit(emulator, "cu", builddeps="gcc"))["source_dict"] == {
        "script": "echo\n", "chroot": "fedora-latest-aarch64", "builddeps": "gcc", "resultdir": None, "repos": ""}


def test_edit_errors_and_methods(emulator):
    add_project(emulator)
    add(emulator, "tool")
    assert edit(emulator, "tool", creds=None).status_code == 401
    assert error_of(edit(emulator, "tool", project="demo/nope"))[0] == 404
    assert error_of(edit(emulator, "nope")) == (404, {"error": "Package nope does not exists in copr demo/pkgs."})
    assert error_of(edit(emulator, "tool", "git", creds=ALICE)) == (403, {
        "error": "You are not allowed to add or edit packages in this copr."})
    assert error_of(edit(emulator, "tool", "git")) == (400, {"error": "Unsupported package source type git"})
    reset = http(emulator, "PUT", "package/reset", json={"ownername": "demo", "projectname": "pkgs",
                                                         "package_name": "tool"})
    assert body_of(reset)["source_type"] == "unset"
    assert error_of(edit(emulator, "tool")) == (400, {"error": "Unsupported package source type unset"})
    assert body_of(edit(emulator, "tool", "scm", clone_url=GIT))["source_dict"] == SCM_DEFAULTS
    put = http(emulator, "PUT", "package/edit/demo/pkgs/tool", json={"package_name": "tool"})
    assert (put.status_code, put.text) == (404, '{"error":"Such API endpoint doesn\'t exist"}\n')
    put = http(emulator, "PUT", "package/edit/demo/pkgs/tool/scm", json={"package_name": "tool"})
    assert error_of(put) == (405, {"error": "The method is not allowed for the requested URL."})


# ------------------------------------------------------------------------------------------ reset / delete
def test_reset_and_delete(emulator):
    add_project(emulator)
    add(emulator, "tool", webhook_rebuild=True)
    add(emulator, "gone")
    body = {"ownername": "demo", "projectname": "pkgs", "package_name": "tool"}
    posted = http(emulator, "POST", "package/reset", json=body)
    assert (body_of(posted)["source_dict"], body_of(posted)["auto_rebuild"]) == ({}, True)
    assert posted.headers["Warning"] == "This method is deprecated: Use PUT method instead of POST"
    assert "Warning" not in http(emulator, "PUT", "package/reset", json=body).headers
    # reset keeps the package: it can be given a source again
    assert body_of(edit(emulator, "tool", "pypi", pypi_package_name="t"))["source_type"] == "pypi"

    form = http(emulator, "DELETE", "package/delete", data={"ownername": "demo", "projectname": "pkgs",
                                                            "package_name": " gone "})
    assert (body_of(form)["name"], form.headers.get("Warning")) == ("gone", None)
    assert get(emulator, "gone").status_code == 404
    posted = http(emulator, "POST", "package/delete", json=body)
    assert posted.headers["Warning"] == "This method is deprecated: Use DELETE method instead of POST"
    assert get(emulator, "tool").status_code == 404
    # a new package gets a new id
    assert body_of(add(emulator, "tool"))["id"] > body_of(posted)["id"]


def test_reset_and_delete_errors(emulator):
    add_project(emulator)
    tool_id = body_of(add(emulator, "tool"))["id"]
    full = {"ownername": "demo", "projectname": "pkgs", "package_name": "tool"}
    for path, method, verb in (("package/reset", "PUT", "reset"), ("package/delete", "DELETE", "delete")):
        assert "Warning" not in http(emulator, method, path, None, json=full).headers
        unauthorized = http(emulator, "POST", path, None, json=full)  # the 401 is returned inside the wrapper
        assert (unauthorized.status_code, unauthorized.headers.get("Warning")) == (
            401, "This method is deprecated: Use {} method instead of POST".format(method))
        assert error_of(http(emulator, method, path, json={"ownername": "demo", "package_name": "tool"})) == (
            500, {"error": CRASH})
        assert error_of(http(emulator, method, path, data={"ownername": "demo", "package_name": "tool"})) == (
            415, {"error": NOT_JSON})
        assert error_of(http(emulator, method, path)) == (415, {"error": NOT_JSON})
        assert error_of(http(emulator, method, path, json=dict(full, projectname="nope"))) == (
            404, {"error": "Project demo/nope does not exist."})
        assert error_of(http(emulator, method, path, json=dict(full, package_name="x"))) == (
            404, {"error": "No package with name x in copr pkgs"})
        assert error_of(http(emulator, method, path, json={"ownername": "demo", "projectname": "pkgs"})) == (
            404, {"error": "No package with name None in copr pkgs"})
        assert error_of(http(emulator, method, path, ALICE, json=full)) == (
            403, {"error": "You are not allowed to {} package `{}`.".format(verb, tool_id)})
    assert error_of(http(emulator, "GET", "package/delete")) == (405, {
        "error": "The method is not allowed for the requested URL."})
    assert get(emulator, "tool").status_code == 200


def test_packages_go_with_their_project(emulator):
    add_project(emulator)
    add(emulator, "tool")
    assert http(emulator, "DELETE", "project/delete/demo/pkgs", json={"verify": True}).status_code == 200
    add_project(emulator)
    assert error_of(get(emulator, "tool")) == (404, {"error": "No package with name tool in copr pkgs"})
    emulator.reset()
    add_project(emulator)
    assert body_of(add(emulator, "tool"))["id"] == 1
