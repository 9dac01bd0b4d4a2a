#!/usr/bin/env bash
# Integration test of the fedora.copr.copr_repo_url lookup against the Copr emulator.
# ansible-test passes "-e @integration_config.yml" (copr_url, copr_login, copr_token, copr_username).
set -eux
set -o pipefail

export ANSIBLE_FORKS=5
export ANSIBLE_HOST_KEY_CHECKING=false
output_dir="$(mktemp -d)"
trap 'rm -rf "${output_dir}"' EXIT

ansible-playbook -i inventory.ini main.yml "$@" 2>&1 | tee "${output_dir}/main.log"

# on_missing=warn shows the reason as a warning (and the play went on; see main.yml)
# (warnings may be wrapped over several lines: join them first)
tr '\n' ' ' < "${output_dir}/main.log" | tr -s ' ' > "${output_dir}/joined.log"
grep -q "Copr project demo/no-such-project does not exist" "${output_dir}/joined.log"
grep -q "has no chroot epel-9-x86_64 enabled" "${output_dir}/joined.log"
