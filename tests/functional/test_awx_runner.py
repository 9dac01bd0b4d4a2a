# Copyright: Contributors to the fedora.copr collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The AWX credential type (docs/awx/copr_credential_type.yml) drives the example playbooks.

AWX runs a job by rendering the credential type's injectors with the credential's inputs (Jinja, in a
sandbox), writing each ``file`` template to a temporary file (its path in ``tower.filename``), and starting
ansible-runner with the rendered ``env`` variables.  These tests do the same against the Copr emulator and
give the job nothing else about Copr: no ~/.config/copr (HOME is a fresh folder), no other COPR_* variable,
no credentials in the playbooks.
"""

from __future__ import annotations

import configparser
import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from support import seed

REPO = Path(__file__).resolve().parents[2]
EMULATOR_PATH = str(REPO / "tests" / "emulator")
if EMULATOR_PATH not in sys.path:
    sys.path.insert(0, EMULATOR_PATH)

ansible_runner = pytest.importorskip("ansible_runner")
# ansible-runner 2.4 always starts playbooks through pexpect, whose pty.forkpty() draws Python 3.12+'s
# "This process is multi-threaded, use of forkpty() may lead to deadlocks" DeprecationWarning here: the
# emulator serves from threads of this pytest process.  It concerns this test harness, not the collection
# (AWX runs ansible-runner in a process of its own), so these tests, and only these, ignore that one warning.
pytestmark = pytest.mark.filterwarnings(
    "ignore:This process .* is multi-threaded, use of forkpty:DeprecationWarning")
jinja2_sandbox = pytest.importorskip("jinja2.sandbox")
requests = pytest.importorskip("requests")

CREDENTIAL_TYPE = REPO / "docs" / "awx" / "copr_credential_type.yml"
EXAMPLES = REPO / "examples"

# The credential's inputs: the emulator's demo user.
DEMO = {"api_login": seed.DEMO.login, "api_token": seed.DEMO.token, "username": "demo"}


def load_credential_type():
    with CREDENTIAL_TYPE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def render_injectors(credential_type, inputs, workdir):
    """Render ``injectors`` the way AWX does for a job: returns the job's extra environment."""
    sandbox = jinja2_sandbox.ImmutableSandboxedEnvironment()
    namespace = {}
    for field in credential_type["inputs"]["fields"]:
        blank = False if field.get("type") == "boolean" else ""
        namespace[field["id"]] = inputs.get(field["id"], field.get("default", blank))
    injectors = credential_type["injectors"]

    filenames = {}
    for key, template in sorted(injectors.get("file", {}).items()):
        assert key == "template" or key.startswith("template."), key
        path = Path(workdir) / ("awx_%s" % key.replace(".", "_"))
        path.write_text(sandbox.from_string(template).render(**namespace), encoding="utf-8")
        path.chmod(0o600)
        if key == "template":
            filenames = str(path)
        else:
            filenames[key.split(".", 1)[1]] = str(path)
    namespace["tower"] = {"filename": filenames}

    return {name: sandbox.from_string(template).render(**namespace) for name, template in injectors["env"].items()}


@pytest.fixture(scope="module")
def emulator():
    from copr_emulator.testing import running_emulator

    with running_emulator() as emu:
        yield emu


@pytest.fixture
def copr(emulator):
    emulator.reset()
    return emulator


@pytest.fixture
def clean_environment(monkeypatch, tmp_path):
    """No Copr settings leak in from the machine running the tests."""
    for name in list(os.environ):
        if name.startswith("COPR_") or name.startswith("ANSIBLE_"):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture
def private_data_dir(tmp_path):
    """An ansible-runner private data dir laid out as AWX lays out a job: project/ and inventory/."""
    pdd = tmp_path / "job"
    shutil.copytree(EXAMPLES, pdd / "project", ignore=shutil.ignore_patterns("*.sh"))
    (pdd / "inventory").mkdir()
    inventory = {
        "all": {
            "hosts": {
                "localhost": {
                    "ansible_connection": "local",
                    # The Python running the tests has requests; never let a pyenv shim choose.
                    "ansible_python_interpreter": sys.executable,
                }
            }
        }
    }
    (pdd / "inventory" / "hosts.yml").write_text(yaml.safe_dump(inventory), encoding="utf-8")
    return pdd


def runner_path():
    """PATH for the job: ansible-playbook of the Python running the tests first (runner's ``binary`` would
    switch it to raw mode, without the playbook)."""
    return str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")


def run_job(private_data_dir, playbook, credential_env, collections_path, extravars=None):
    envvars = dict(credential_env)
    envvars.update(
        {
            "ANSIBLE_COLLECTIONS_PATH": str(collections_path),
            "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false",
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_NOCOLOR": "true",
            "PATH": runner_path(),
        }
    )
    result = ansible_runner.run(
        private_data_dir=str(private_data_dir),
        playbook=playbook,
        envvars=envvars,
        extravars=extravars or {},
        quiet=True,
    )
    output = result.stdout.read()
    assert result.status == "successful" and result.rc == 0, "%s failed (rc=%s):\n%s" % (playbook, result.rc, output)
    return output


def projects(url, owner):
    answer = requests.get(url + "/api_3/project/list", params={"ownername": owner}, timeout=10)
    answer.raise_for_status()
    return {project["full_name"]: project for project in answer.json()["items"]}


def credential_env(url, workdir, **overrides):
    inputs = dict(DEMO, api_url=url)
    inputs.update(overrides)
    return render_injectors(load_credential_type(), inputs, workdir)


def test_credential_type_shape():
    credential_type = load_credential_type()
    fields = {field["id"]: field for field in credential_type["inputs"]["fields"]}
    assert set(fields) == {"api_url", "api_login", "api_token", "username"}
    assert fields["api_token"].get("secret") is True
    assert not any(field.get("secret") for name, field in fields.items() if name != "api_token")
    env = credential_type["injectors"]["env"]
    assert set(env) == {"COPR_URL", "COPR_LOGIN", "COPR_TOKEN", "COPR_USERNAME", "COPR_CONFIG"}
    assert env["COPR_CONFIG"] == "{{ tower.filename.copr_config }}"
    assert set(credential_type["injectors"]["file"]) == {"template.copr_config"}
    assert "extra_vars" not in credential_type["injectors"]
    assert not any(name.startswith("ANSIBLE_") for name in env)


def test_rendered_config_file_is_what_copr_cli_reads(tmp_path):
    env = credential_env("https://copr.example.org", tmp_path)
    assert env["COPR_URL"] == "https://copr.example.org"
    assert env["COPR_LOGIN"] == DEMO["api_login"]
    assert env["COPR_TOKEN"] == DEMO["api_token"]
    assert env["COPR_USERNAME"] == "demo"
    config_path = Path(env["COPR_CONFIG"])
    assert config_path.is_file()
    assert config_path.stat().st_mode & 0o077 == 0
    parser = configparser.ConfigParser()
    parser.read(config_path, encoding="utf-8")
    assert dict(parser["copr-cli"]) == {
        "copr_url": "https://copr.example.org",
        "login": DEMO["api_login"],
        "token": DEMO["api_token"],
        "username": "demo",
    }
    copr_v3 = pytest.importorskip("copr.v3")
    config = copr_v3.config_from_file(str(config_path))
    assert config["copr_url"] == "https://copr.example.org"
    assert config["login"] == DEMO["api_login"]
    assert config["token"] == DEMO["api_token"]
    assert config["username"] == "demo"


def test_api_url_default_is_fedora(tmp_path):
    credential_type = load_credential_type()
    inputs = dict(DEMO)
    env = render_injectors(credential_type, inputs, tmp_path)
    assert env["COPR_URL"] == "https://copr.fedorainfracloud.org"


@pytest.mark.usefixtures("clean_environment")
def test_example_playbooks_with_awx_injected_credential(copr, private_data_dir, collections_path, tmp_path):
    env = credential_env(copr.url, tmp_path)
    output_dir = tmp_path / "output"
    outputs = []

    outputs.append(run_job(private_data_dir, "provision.yml", env, collections_path))
    mine, team = projects(copr.url, "demo"), projects(copr.url, "@demo-team")
    assert set(mine) == {"demo/hello"}
    assert set(team) == {"@demo-team/tools"}
    assert sorted(mine["demo/hello"]["chroot_repos"]) == ["fedora-40-x86_64", "fedora-rawhide-x86_64"]
    assert mine["demo/hello"]["description"] == "A friendly greeting, packaged."
    assert team["@demo-team/tools"]["repo_priority"] == 10
    assert team["@demo-team/tools"]["module_hotfixes"] is True

    # A second run changes nothing.
    second = run_job(private_data_dir, "provision.yml", env, collections_path)
    assert "changed=0" in second
    outputs.append(second)

    outputs.append(run_job(private_data_dir, "fork.yml", env, collections_path))
    team = projects(copr.url, "@demo-team")
    assert set(team) == {"@demo-team/tools", "@demo-team/hello"}
    assert team["@demo-team/hello"]["description"] == "The team's fork of demo/hello."
    again = run_job(private_data_dir, "fork.yml", env, collections_path)
    assert "changed=0" in again

    outputs.append(run_job(private_data_dir, "repos.yml", env, collections_path, {"copr_output_dir": str(output_dir)}))
    reposdir = output_dir / "yum.repos.d"
    files = sorted(path.name for path in reposdir.glob("*.repo"))
    assert files == [
        "_copr:127.0.0.1:demo:hello.repo",
        "_copr:127.0.0.1:group_demo-team:hello.repo",
        "_copr:127.0.0.1:group_demo-team:tools.repo",
    ]
    tools = configparser.ConfigParser()
    tools.read(reposdir / "_copr:127.0.0.1:group_demo-team:tools.repo", encoding="utf-8")
    section = tools["copr:127.0.0.1:group_demo-team:tools"]
    assert section["baseurl"] == team["@demo-team/tools"]["chroot_repos"]["fedora-40-x86_64"]
    assert section["gpgkey"].endswith("/@demo-team/tools/pubkey.gpg")
    assert section["priority"] == "10"
    assert section["module_hotfixes"] == "1"
    assert section["gpgcheck"] == "1"

    outputs.append(run_job(private_data_dir, "show.yml", env, collections_path))
    assert "@demo-team/tools" in outputs[-1]

    outputs.append(run_job(private_data_dir, "cleanup.yml", env, collections_path))
    assert projects(copr.url, "demo") == {}
    assert projects(copr.url, "@demo-team") == {}

    # The secret input never shows up in job output.
    for output in outputs:
        assert DEMO["api_token"] not in output


@pytest.mark.usefixtures("clean_environment")
def test_config_file_injector_alone_is_enough(copr, private_data_dir, collections_path, tmp_path):
    """COPR_CONFIG (the generated [copr-cli] file) without the other COPR_* variables."""
    env = credential_env(copr.url, tmp_path)
    only_file = {"COPR_CONFIG": env["COPR_CONFIG"]}

    run_job(private_data_dir, "provision.yml", only_file, collections_path)
    assert set(projects(copr.url, "demo")) == {"demo/hello"}

    output_dir = tmp_path / "output"
    # The lookup reads the same file on the controller.  (No fork here, so only the provisioned projects.)
    extravars = {"copr_output_dir": str(output_dir), "copr_repo_projects": ["demo/hello", "@demo-team/tools"]}
    run_job(private_data_dir, "repos.yml", only_file, collections_path, extravars)
    assert sorted(path.name for path in (output_dir / "yum.repos.d").glob("*.repo")) == [
        "_copr:127.0.0.1:demo:hello.repo",
        "_copr:127.0.0.1:group_demo-team:tools.repo",
    ]


@pytest.mark.usefixtures("clean_environment")
def test_without_the_credential_writes_fail_clearly(copr, private_data_dir, collections_path, tmp_path):
    envvars = {
        "COPR_URL": copr.url,
        "ANSIBLE_COLLECTIONS_PATH": str(collections_path),
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_NOCOLOR": "true",
        "PATH": runner_path(),
    }
    result = ansible_runner.run(
        private_data_dir=str(private_data_dir), playbook="provision.yml", envvars=envvars, quiet=True
    )
    output = result.stdout.read()
    assert result.status == "failed", output
    assert "COPR_TOKEN" in output or "api_token" in output, output
    assert projects(copr.url, "demo") == {}


STUB_MODULE = '''#!/usr/bin/python
from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            description=dict(type="str"),
            kind=dict(type="str"),
            inputs=dict(type="dict"),
            injectors=dict(type="dict"),
            state=dict(type="str", default="present"),
        )
    )
    module.exit_json(changed=True, received=module.params)


if __name__ == "__main__":
    main()
'''


@pytest.mark.usefixtures("clean_environment")
def test_create_credential_type_playbook_sends_the_file_verbatim(tmp_path):
    """docs/awx/create_credential_type.yml hands AWX the injectors untemplated (AWX fills them in per job).

    awx.awx cannot be installed offline, so a stand-in awx.awx.credential_type module records its arguments.
    """
    collections = tmp_path / "collections"
    modules = collections / "ansible_collections" / "awx" / "awx" / "plugins" / "modules"
    modules.mkdir(parents=True)
    (modules / "__init__.py").write_text("", encoding="utf-8")
    (modules / "credential_type.py").write_text(STUB_MODULE, encoding="utf-8")
    pdd = tmp_path / "job"
    (pdd / "project").mkdir(parents=True)
    for name in ("create_credential_type.yml", "copr_credential_type.yml"):
        shutil.copy(REPO / "docs" / "awx" / name, pdd / "project" / name)
    (pdd / "inventory").mkdir()
    (pdd / "inventory" / "hosts").write_text(
        "localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable, encoding="utf-8"
    )
    result = ansible_runner.run(
        private_data_dir=str(pdd),
        playbook="create_credential_type.yml",
        envvars={
            "ANSIBLE_COLLECTIONS_PATH": str(collections),
            "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false",
            "PATH": runner_path(),
        },
        quiet=True,
    )
    output = result.stdout.read()
    assert result.status == "successful", output
    received = [
        event["event_data"]["res"]["received"]
        for event in result.events
        if event.get("event") == "runner_on_ok" and "received" in event.get("event_data", {}).get("res", {})
    ]
    assert len(received) == 1, output
    expected = load_credential_type()
    assert received[0]["name"] == expected["name"] == "Fedora Copr"
    assert received[0]["kind"] == "cloud"
    assert received[0]["inputs"] == expected["inputs"]
    # Ansible's templating drops a final newline; the rest arrives as written.
    templates = expected["injectors"]["file"]
    received_templates = received[0]["injectors"]["file"]
    assert {key: value.rstrip("\n") for key, value in received_templates.items()} == {
        key: value.rstrip("\n") for key, value in templates.items()
    }
    assert received[0]["injectors"]["env"] == expected["injectors"]["env"]
    assert received[0]["injectors"]["env"]["COPR_TOKEN"] == "{{ api_token }}"
