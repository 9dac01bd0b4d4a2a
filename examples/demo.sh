#!/usr/bin/env bash
# The fedora.copr example playbooks, run against a local Copr emulator (what `make demo` runs).
#
#   examples/demo.sh                 # uses .venv-demo (make demo creates it); VENV=... for another venv
#   KEEP=1 examples/demo.sh          # keep the output folder (the .repo files) afterwards
#
# Nothing here talks to the real Copr: the emulator listens on 127.0.0.1 only and is stopped at the end,
# whatever happens.  The credentials are the emulator's documented demo user, not a secret.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
venv=${VENV:-.venv-demo}
python="$venv/bin/python"
playbook="$venv/bin/ansible-playbook"
for tool in "$python" "$playbook"; do
    [[ -x $tool ]] || { echo "demo: $tool not found; run make demo (it creates .venv-demo) or set VENV=" >&2; exit 2; }
done

workdir=$(mktemp -d "${TMPDIR:-/tmp}/copr-demo.XXXXXX")
emulator_pid=""
stop() {
    local rc=$?
    if [[ -n $emulator_pid ]] && kill -0 "$emulator_pid" 2>/dev/null; then
        kill "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
        echo "==> Stopped the emulator."
    fi
    if [[ -z ${KEEP:-} ]]; then
        rm -rf "$workdir"
    fi
    exit "$rc"
}
trap stop EXIT
trap 'exit 130' INT TERM

step() { printf '\n==> %s\n' "$*"; }

# The collection, as Ansible looks for it: <path>/ansible_collections/fedora/copr -> this checkout.
mkdir -p "$workdir/collections/ansible_collections/fedora"
ln -s "$repo_root" "$workdir/collections/ansible_collections/fedora/copr"

step "Starting the Copr emulator on a free 127.0.0.1 port (a local stand-in for copr.fedorainfracloud.org)"
# --port 0: the system picks a free port; the emulator prints its URL as its first line.
PYTHONPATH="$repo_root/tests/emulator${PYTHONPATH:+:$PYTHONPATH}" \
    "$python" -m copr_emulator --port 0 >"$workdir/emulator.log" 2>"$workdir/emulator.err" &
emulator_pid=$!
url=""
for _ in $(seq 1 100); do
    if [[ -s $workdir/emulator.log ]]; then
        url=$(head -n 1 "$workdir/emulator.log")
        if [[ $url == http* ]] && "$python" - "$url" <<'PY' 2>/dev/null; then break; fi
import sys, urllib.request
urllib.request.urlopen(sys.argv[1] + "/api_3/", timeout=2).read()
PY
    fi
    kill -0 "$emulator_pid" 2>/dev/null || { echo "demo: the emulator did not start:" >&2; cat "$workdir/emulator.err" >&2; exit 1; }
    url=""
    sleep 0.1
done
[[ -n $url ]] || { echo "demo: the emulator did not answer within 10 seconds" >&2; cat "$workdir/emulator.err" >&2; exit 1; }
echo "    emulator at $url"

# Credentials as AWX's Copr credential (or a CI secret) gives them: COPR_* environment variables.
# They win over ~/.config/copr, so a Copr configuration file on this machine is not used.
# The demo user's documented login and token come from the emulator's seed, their one definition.
export COPR_URL="$url"
export COPR_USERNAME=demo
read -r COPR_LOGIN COPR_TOKEN < <("$python" - tests/emulator/default-seed.json "$COPR_USERNAME" <<'PY'
import json, sys
user = next(u for u in json.load(open(sys.argv[1], encoding="utf-8"))["users"] if u["username"] == sys.argv[2])
print(user["login"], user["token"])
PY
)
export COPR_LOGIN COPR_TOKEN
export ANSIBLE_COLLECTIONS_PATH="$workdir/collections"
export ANSIBLE_LOCALHOST_WARNING=false
export ANSIBLE_NOCOWS=1
export ANSIBLE_RETRY_FILES_ENABLED=false
export ANSIBLE_FORCE_COLOR=${ANSIBLE_FORCE_COLOR:-false}
output_dir="$workdir/output"
mkdir -p "$output_dir"

run() { "$playbook" -i examples/inventory.yml "$@"; }

step "1/5 provision.yml: create the projects listed in examples/vars/projects.yml (demo/hello, @demo-team/tools)"
run examples/provision.yml
echo; echo "    ...and again: nothing left to change, so every task reports ok (idempotent):"
run examples/provision.yml | tail -n 3
echo; echo "    ...then change demo/hello (new description, one more chroot); --diff shows only what changes:"
run examples/provision.yml --diff -e @examples/vars/projects-changed.yml

step "2/5 fork.yml: fork demo/hello into the team's namespace as @demo-team/hello"
run examples/fork.yml

step "3/5 repos.yml: look up the repository URLs and write .repo files (as 'dnf copr enable' would) into $output_dir/yum.repos.d"
run examples/repos.yml -e "copr_output_dir=$output_dir"

step "4/5 show.yml: read the projects back with copr_project_info"
run examples/show.yml

# What the emulator holds now, for the summary (plain HTTP reads of the public API).
summary=$("$python" - "$url" <<'PY'
import json, sys, urllib.parse, urllib.request
url = sys.argv[1]
def names(owner):
    query = urllib.parse.urlencode({"ownername": owner})
    with urllib.request.urlopen("%s/api_3/project/list?%s" % (url, query), timeout=10) as answer:
        return sorted(p["full_name"] for p in json.load(answer)["items"])
print(", ".join(names("demo") + names("@demo-team")) or "none")
PY
)

step "5/5 cleanup.yml: delete the projects again"
run examples/cleanup.yml
left=$("$python" - "$url" <<'PY'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + "/api_3/project/list", timeout=10) as answer:
    print(len(json.load(answer)["items"]))
PY
)

repo_files=()
if [[ -d $output_dir/yum.repos.d ]]; then
    repo_files=("$output_dir"/yum.repos.d/*.repo)
    [[ -e ${repo_files[0]} ]] || repo_files=()
fi
echo
echo "==> Summary"
echo "    projects on the emulator before cleanup: $summary"
echo "    forked: demo/hello -> @demo-team/hello"
echo "    .repo files written to $output_dir/yum.repos.d:"
if [[ ${#repo_files[@]} -gt 0 ]]; then
    printf '      %s\n' "${repo_files[@]##*/}"
else
    echo "      none"
fi
echo "    projects left after cleanup: $left"
if [[ -n ${KEEP:-} ]]; then
    echo "    (KEEP set: $workdir is kept)"
else
    echo "    (the output folder is removed when the demo ends; run with KEEP=1 to keep it)"
fi
