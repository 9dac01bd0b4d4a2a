#!/usr/bin/env bash
# Proof that the two paths of the fedora.copr modules agree (issue 18): scenarios.yml runs twice against the
# Copr emulator, with fedora_copr_in_process=true (the controller's worker process) and =false (module
# processes), each from the emulator's seed, at -vvv. compare.py then checks that every fedora.copr task gave
# the same result (key by key, timings removed, -vvv tracebacks compared by their frames), that the emulator
# saw the same requests, and that each run's tasks took the intended path (the line each task prints at -vvv).
# The outputs stay in $OUTPUT_DIR/in_process_agrees (record-*.jsonl, output-*.log).
set -eux
set -o pipefail

# ansible-test passes integration_config.yml to role targets only; a script target reads it itself
# (tests/integration/integration_config.yml, two levels up from this target's directory).
config=../../integration_config.yml
if [ ! -f "${config}" ]; then
    echo "${config} is missing: run this target with \`make integration\` (tools/integration.py writes it)" >&2
    exit 1
fi
# It sets the switch itself for each run, so the switch-off layer (make integration-module) would only repeat it.
if grep -q '^fedora_copr_in_process: *false' "${config}"; then
    echo "in_process_agrees: not run again with fedora_copr_in_process=false (it runs both paths itself)"
    exit 0
fi
# compare.py runs with the Python the modules run with (the ansible-core venv's, never a pyenv shim).
python="$(sed -n 's/^ansible_python_interpreter: *"\(.*\)"$/\1/p' "${config}")"
if [ ! -x "${python}" ]; then
    echo "no usable ansible_python_interpreter in ${config}: '${python}'" >&2
    exit 1
fi

output_dir="${OUTPUT_DIR:-$(mktemp -d)}/in_process_agrees"
rm -rf "${output_dir}"
mkdir -p "${output_dir}"

# The recording callback, next to what ansible-test enabled (junit, ...). Plain output without colours, so
# compare.py can read the -vvv lines; deprecation warnings shown (ansible-test turns them off), so that it
# can check there are none.
export ANSIBLE_CALLBACK_PLUGINS="${PWD}/callback_plugins${ANSIBLE_CALLBACK_PLUGINS:+:${ANSIBLE_CALLBACK_PLUGINS}}"
export ANSIBLE_CALLBACKS_ENABLED="${ANSIBLE_CALLBACKS_ENABLED:+${ANSIBLE_CALLBACKS_ENABLED},}in_process_agrees_record"
export ANSIBLE_STDOUT_CALLBACK=ansible.builtin.default
export ANSIBLE_FORCE_COLOR=false
export ANSIBLE_NOCOLOR=true
export ANSIBLE_DEPRECATION_WARNINGS=true
# ansible-core 2.21+ adds the module's arguments (no_log ones masked) to a result only when asked; older ones
# always do. Asked, so that every core compares them.
export ANSIBLE_INJECT_INVOCATION=true

for path in true false; do
    start=$(date +%s%N)
    # -e fedora_copr_in_process after the config file: the later -e wins.
    IN_PROCESS_AGREES_RECORD="${output_dir}/record-${path}.jsonl" \
        ansible-playbook -i "${INVENTORY_PATH}" scenarios.yml -e "@${config}" \
        -e "fedora_copr_in_process=${path}" \
        -vvv > "${output_dir}/output-${path}.log" 2>&1 \
        || { tail -n 60 "${output_dir}/output-${path}.log"; exit 1; }
    echo "fedora_copr_in_process=${path}: $(( ($(date +%s%N) - start) / 1000000 )) ms" \
        "(output: ${output_dir}/output-${path}.log)"
done

"${python}" compare.py "${output_dir}" "${config}"
