# Build and test tooling for the atlassian_dc.applinks collection.
#
#   make test          every step below, in order, then one summary table (fails if any step failed)
#   make lint          ansible-lint --profile production (offline)
#   make sanity        ansible-test sanity --python 3.11 on a staged copy outside the repo
#   make unit          pytest tests/unit
#   make dcsim-test    pytest dcsim/tests (the simulator's own tests)
#   make integration   pytest tests/integration (starts its own dcsim processes)
#   make molecule      molecule test -s <name> for each extensions/molecule/<name>/molecule.yml
#   make build         ansible-galaxy build + content check + install + ansible-doc of modules/roles/filters
#   make demo          run hack/demo.py (two dcsim instances); writes build/demo/applinks-report.md
#   make docs          HTML docs site (antsibull-docs + Sphinx, fails on warnings) in build/docs/html/
#   make changelog-lint  antsibull-changelog lint (fragments in changelogs/fragments/, changelog.yaml)
#   make ee            execution environment context (ansible-builder create) in build/ee/ + checks
#   make venv          create .venv (python3.11) and install requirements/dev.txt when they change
#
# Staging (hack/stage.py): ansible-test must run from a physical ansible_collections/<ns>/<name>
# directory outside the repo, so the git-known files (minus galaxy.yml build_ignore) are copied
# to a fresh ${TMPDIR:-/tmp}/applinks-stage.XXXXXX per run (KEEP_STAGE=1 keeps it).

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
REQUIREMENTS := $(wildcard requirements/*.txt)
VENV_STAMP := $(VENV)/.applinks-requirements.stamp

# Extra arguments, e.g. make unit PYTEST_ARGS="-k runtime -x", make sanity SANITY_ARGS="--test pylint"
PYTEST_ARGS ?=
SANITY_ARGS ?=
LINT_ARGS ?=

.PHONY: help venv test lint sanity unit dcsim-test integration molecule build demo docs changelog-lint ee clean

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

venv: $(VENV_STAMP)

# Re-installs only when a requirements file is newer than the stamp.
$(VENV_STAMP): $(REQUIREMENTS)
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found" >&2; exit 1; }
	@if [ ! -x $(PY) ]; then echo "creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	@touch $@

test: venv
	@MAKE="$(MAKE)" hack/run-tests.sh

lint: venv
	hack/lint.sh $(LINT_ARGS)

sanity: venv
	hack/sanity.sh $(SANITY_ARGS)

unit: venv
	$(PY) hack/pytest_step.py tests/unit $(PYTEST_ARGS)

# Two workers (pytest-xdist), one test file each at a time: every worker starts its own dcsim instances.
INTEGRATION_WORKERS ?= 2
dcsim-test: venv
	$(PY) hack/pytest_step.py dcsim/tests -n $(INTEGRATION_WORKERS) --dist loadfile $(PYTEST_ARGS)

integration: venv
	$(PY) hack/pytest_step.py tests/integration -n $(INTEGRATION_WORKERS) --dist loadfile $(PYTEST_ARGS)

molecule: venv
	hack/molecule.sh

build: venv
	hack/build.sh

demo: venv
	@if [ -f hack/demo.py ]; then $(PY) hack/demo.py; else echo "no hack/demo.py yet"; fi

docs: venv
	hack/docs.sh

changelog-lint: venv
	$(VENV)/bin/antsibull-changelog lint
	$(VENV)/bin/antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml

ee: venv
	hack/ee.sh

# Only what this tooling creates inside the repo (the venv is kept; rm -rf .venv to rebuild it).
clean:
	rm -rf tests/output collections .pytest_cache .ansible build
