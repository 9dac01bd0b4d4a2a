#!/usr/bin/env bash
# Integration test of the fedora.copr.copr_repo_url lookup against the Copr emulator.
# Needs the variables of integration_config.yml (see below), which setup_copr_emulator checks.
set -eux
set -o pipefail

export ANSIBLE_FORKS=5
export ANSIBLE_HOST_KEY_CHECKING=false
output_dir="$(mktemp -d)"
trap 'rm -rf "${output_dir}"' EXIT

# ansible-test passes integration_config.yml to role targets only; a script target reads it itself
# (tests/integration/integration_config.yml, two levels up from this target's directory).
config_args=()
if [ -f ../../integration_config.yml ]; then
    config_args=(-e @../../integration_config.yml)
fi

ansible-playbook -i inventory.ini main.yml "${config_args[@]}" "$@" 2>&1 | tee "${output_dir}/main.log"

# on_missing=warn shows the reason as a warning (and the play went on; see main.yml)
# (warnings may be wrapped over several lines: join them first)
tr '\n' ' ' < "${output_dir}/main.log" | tr -s ' ' > "${output_dir}/joined.log"
grep -q "Copr project demo/no-such-project does not exist" "${output_dir}/joined.log"
grep -q "has no chroot epel-9-x86_64 enabled" "${output_dir}/joined.log"
