# fedora.copr developer and CI commands.  `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# ansible-core versions, and the controller Python each one is tested with (the newest it supports
# that this image offers; tools/find_python finds it on PATH or in pyenv, never a pyenv shim).
# PRIMARY_CORE lives in the tools venv (.venv-make); the others get their own small venv
# .venv-core-<version>.  Pins: tools/requirements/core-<version>.txt.
PRIMARY_CORE ?= 2.21
CORE ?= $(PRIMARY_CORE)
# The supported releases, the pre-release, and the oldest that meta/runtime.yml admits.
TEST_CORES ?= 2.20 2.21 2.22 2.17
MATRIX_CORES ?= 2.18 2.19
PYTHON_FOR_2.17 := 3.11
PYTHON_FOR_2.18 := 3.11
PYTHON_FOR_2.19 := 3.11
PYTHON_FOR_2.20 := 3.12
PYTHON_FOR_2.21 := 3.13
PYTHON_FOR_2.22 := 3.13
core_python = $(PYTHON_FOR_$(1))
TEST_PYTHON = $(call core_python,$(CORE))
# Python of the tools venv and the demo venv (ansible-core $(PRIMARY_CORE) needs 3.12 or later).
ifndef TOOLS_PYTHON
TOOLS_PYTHON := $(shell tools/find_python $(call core_python,$(PRIMARY_CORE)) || tools/find_python 3.12)
endif
NO_TOOLS_PYTHON = { echo "Python $(call core_python,$(PRIMARY_CORE)) (or 3.12) not found: install it (e.g. pyenv install $(call core_python,$(PRIMARY_CORE))) or pass TOOLS_PYTHON=/path/to/python3.13" >&2; exit 1; }

# The modules' path in integration and functional runs: true = in the controller's worker process (the
# default users get), false = module processes. `make test` runs both.
IN_PROCESS ?= true

VENV ?= .venv-make
DEMO_VENV ?= .venv-demo
BUILD := .build
SUMMARY := $(BUILD)/test-summary.txt
core_venv = $(if $(filter $(PRIMARY_CORE),$(1)),$(VENV),.venv-core-$(1))
core_root = $(CURDIR)/$(BUILD)/core-$(1)
core_dir = $(call core_root,$(1))/ansible_collections/fedora/copr
CORE_VENV := $(call core_venv,$(CORE))
COLLECTION_DIR := $(call core_dir,$(CORE))
# Use as ANSIBLE_COLLECTIONS_PATH for plain ansible-playbook runs (after `make collection`).
COLLECTIONS_PATH := $(call core_root,$(PRIMARY_CORE))
# The venv's bin first: ansible-test finds python$(TEST_PYTHON) and ansible-doc there.
CORE_PATH = $(CURDIR)/$(CORE_VENV)/bin:$(PATH)

.PHONY: help venv venv-core copy-core build-check collection collection-path build sanity units integration functional \
	integration-module functional-module \
	lint changelog-lint docs-lint test test-matrix test-core emulator demo bench clean

help:
	@echo "make test                everything CI runs (sanity, units, integration, functional, lint) on ansible-core $(TEST_CORES)"
	@echo "make test-matrix         sanity, units and integration on ansible-core $(MATRIX_CORES)"
	@echo "make demo                the example playbooks against a local emulator (own small venv, $(DEMO_VENV))"
	@echo "make emulator PORT=N [SEED=file]   the Copr emulator in the foreground on 127.0.0.1:N"
	@echo "make bench               the benchmark suite (tables + tests/output/bench/results.json)"
	@echo "make venv                create $(VENV) (pinned tools, ansible-core $(PRIMARY_CORE))"
	@echo "make build               ansible-galaxy collection build -> $(BUILD)/dist/"
	@echo "make collection          refresh the copy under $(BUILD) and print ANSIBLE_COLLECTIONS_PATH"
	@echo "make sanity|units|integration [CORE=2.17|...|2.22]   one ansible-test layer"
	@echo "make functional|lint|changelog-lint|docs-lint          one other layer"
	@echo "make integration-module|functional-module   the same with the modules as module processes (IN_PROCESS=false)"

# ---------------------------------------------------------------- virtual environments
$(VENV)/.stamp: requirements.txt test-requirements.txt tools/requirements/core-$(PRIMARY_CORE).txt
	@test -n "$(TOOLS_PYTHON)" || $(NO_TOOLS_PYTHON)
	$(TOOLS_PYTHON) -m venv --clear $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		-r test-requirements.txt -r tools/requirements/core-$(PRIMARY_CORE).txt
	touch $@

.venv-core-%/.stamp: tools/requirements/core-%.txt tools/requirements/core-extra.txt requirements.txt
	@py=$$(tools/find_python $(call core_python,$*)) || { echo "ansible-core $* is tested with Python $(call core_python,$*), which is not installed: install it (e.g. pyenv install $(call core_python,$*))" >&2; exit 1; }; \
	echo "$$py -m venv --clear .venv-core-$*"; $$py -m venv --clear .venv-core-$*
	.venv-core-$*/bin/python -m pip install --quiet --disable-pip-version-check \
		-r tools/requirements/core-extra.txt -r tools/requirements/core-$*.txt
	touch $@

# The demo needs only ansible-core, requests and the emulator's Flask: a small venv of its own.
$(DEMO_VENV)/.stamp: tools/requirements/demo.txt requirements.txt tools/requirements/core-$(PRIMARY_CORE).txt
	@test -n "$(TOOLS_PYTHON)" || $(NO_TOOLS_PYTHON)
	$(TOOLS_PYTHON) -m venv --clear $(DEMO_VENV)
	$(DEMO_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r tools/requirements/demo.txt
	touch $@

venv: $(VENV)/.stamp

venv-core: $(VENV)/.stamp $(CORE_VENV)/.stamp

# ---------------------------------------------------------------- build copies
# ansible-test needs the collection at .../ansible_collections/fedora/copr and resolves the real
# cwd (so a symlink does not work): copy the working tree (tools/sync_tree.py, plain Python),
# keeping ansible-test's tests/output.
copy-core: venv-core
	@$(CORE_VENV)/bin/python tools/sync_tree.py . $(COLLECTION_DIR)
	@# The copy is inside this git work tree, where .build is ignored: without a repository of
	@# its own, ansible-test would ask the outer one for the file list and find nothing.
	@# An empty one makes it list the copy's files (git ls-files --cached --others --exclude-standard).
	@test -d $(COLLECTION_DIR)/.git || git init -q $(COLLECTION_DIR)
	@# ansible-test bootstraps pip in its --venv environments with a cached get-pip script
	@HOME="$(HOME)" $(CORE_VENV)/bin/python tools/ansible_test_bootstrap.py

collection:
	@$(MAKE) copy-core CORE=$(PRIMARY_CORE) >/dev/null
	@echo "export ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS_PATH)"

collection-path:
	@echo "$(COLLECTIONS_PATH)"

build: venv
	@mkdir -p $(BUILD)/dist
	$(VENV)/bin/ansible-galaxy collection build --force --output-path $(BUILD)/dist .

# build, install the tarball into a scratch path, and check ansible sees the collection there
build-check: build
	rm -rf $(BUILD)/install
	$(VENV)/bin/ansible-galaxy collection install --offline -p $(BUILD)/install $(BUILD)/dist/fedora-copr-$$(sed -n 's/^version: *//p' galaxy.yml).tar.gz
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(BUILD)/install $(VENV)/bin/ansible-galaxy collection list fedora.copr \
		| grep -E '^fedora\.copr +[0-9]'

# ---------------------------------------------------------------- test layers
# --venv: ansible-test creates a virtual environment per test with that test's pinned
# requirements, so results do not depend on what else is installed; no docker needed.
sanity: copy-core
	cd $(COLLECTION_DIR) && PATH="$(CORE_PATH)" $(CURDIR)/$(CORE_VENV)/bin/ansible-test sanity --venv --python $(TEST_PYTHON) $(ARGS)

units: copy-core
	@if [ -z "$$(find tests/unit -name 'test_*.py' 2>/dev/null | head -1)" ]; then \
		echo "SKIP: no unit tests yet (tests/unit has no test_*.py)"; exit 0; fi; \
	cd $(COLLECTION_DIR) && PATH="$(CORE_PATH)" $(CURDIR)/$(CORE_VENV)/bin/ansible-test units --venv --python $(TEST_PYTHON) $(ARGS)

# --local with the core venv's python first on PATH (ansible-test writes it as
# ansible_python_interpreter into its inventory) and set again in integration_config.yml.
integration: copy-core
	PATH="$(CORE_PATH)" $(VENV)/bin/python tools/integration.py --source . --collection $(COLLECTION_DIR) \
		--ansible-test $(CURDIR)/$(CORE_VENV)/bin/ansible-test --interpreter $(CURDIR)/$(CORE_VENV)/bin/python \
		--in-process $(IN_PROCESS) -- --local --python $(TEST_PYTHON) $(ARGS)

functional: copy-core
	FEDORA_COPR_IN_PROCESS=$(IN_PROCESS) ANSIBLE_COLLECTIONS_PATH=$(call core_root,$(CORE)) PATH="$(CORE_PATH)" \
		tools/functional $(VENV)/bin/python $(ARGS)

integration-module functional-module:
	$(MAKE) $(@:-module=) IN_PROCESS=false

# ansible-lint runs offline: it resolves fedora.copr.* in examples and docs through the build copy.
lint: copy-core
	ANSIBLE_COLLECTIONS_PATH=$(call core_root,$(CORE)) $(VENV)/bin/ansible-lint $(ARGS)

changelog-lint: venv
	$(VENV)/bin/antsibull-changelog lint $(ARGS)

docs-lint: copy-core
	cd $(COLLECTION_DIR) && PATH="$(CORE_PATH)" $(CURDIR)/$(VENV)/bin/antsibull-docs lint-collection-docs --plugin-docs . $(ARGS)

# ---------------------------------------------------------------- aggregate
# Every layer runs even when an earlier one fails; the summary lists all, the exit code says.
LAYER = tools/layer
test: venv
	@rm -f $(SUMMARY); failed=0; start=$$(date +%s); \
	for layer in changelog-lint lint build-check docs-lint functional functional-module; do \
		$(LAYER) $$layer $(SUMMARY) $(MAKE) $$layer || failed=1; done; \
	for core in $(TEST_CORES); do \
		$(MAKE) test-core CORE=$$core || failed=1; done; \
	echo; echo "=== make test summary ($$(( $$(date +%s) - start ))s total)"; cat $(SUMMARY); \
	exit $$failed

test-matrix: venv
	@rm -f $(SUMMARY); failed=0; \
	for core in $(MATRIX_CORES); do $(MAKE) test-core CORE=$$core || failed=1; done; \
	echo; echo "=== make test-matrix summary"; cat $(SUMMARY); exit $$failed

# A core whose Python is missing: each of its layers is a SKIP naming what to install; under CI=true
# (CI runs every version) a FAIL.
test-core:
	@failed=0; \
	if ! tools/find_python $(TEST_PYTHON) >/dev/null; then \
		msg="ansible-core $(CORE) is tested with Python $(TEST_PYTHON), which is not installed: install it (e.g. pyenv install $(TEST_PYTHON))"; \
		verdict=SKIP; [[ "$${CI:-}" == true ]] && verdict=FAIL; \
		for layer in sanity units integration integration-module; do \
			$(LAYER) $$layer-$(CORE) $(SUMMARY) tools/missing $$verdict "$$msg" || failed=1; done; \
		exit $$failed; fi; \
	for layer in sanity units integration integration-module; do \
		$(LAYER) $$layer-$(CORE) $(SUMMARY) $(MAKE) $$layer CORE=$(CORE) || failed=1; done; \
	exit $$failed

# ---------------------------------------------------------------- emulator, demo, bench
emulator: venv
	@test -n "$(PORT)" || { echo "usage: make emulator PORT=N [SEED=file]" >&2; exit 2; }
	PYTHONPATH=tests/emulator $(VENV)/bin/python -m copr_emulator --port $(PORT) $(if $(SEED),--seed $(SEED))

demo: $(DEMO_VENV)/.stamp
	@VENV=$(DEMO_VENV) examples/demo.sh

bench: venv
	$(VENV)/bin/python tests/benchmarks/run.py $(ARGS)

clean:
	rm -rf $(BUILD) tests/output
