# Build and test tooling for the atlassian_dc.applinks collection. Each step runs nox sessions (noxfile.py,
# antsibull-nox.toml; `.venv/bin/nox -l` lists them all, `.venv/bin/nox -s NAME` runs one).
#
#   make test          every step below, in order, then one summary table (fails if any step failed)
#   make lint          nox: ansible-lint (production profile), lint (yamllint, antsibull-nox config), extra-checks
#   make sanity        nox: ansible-test-sanity (--python 3.11, on a staged copy of the shipped content)
#   make unit          nox: unit (pytest tests/unit)
#   make dcsim-test    nox: dcsim (pytest dcsim/tests, the simulator's own tests)
#   make integration   nox: integration (pytest tests/integration; starts its own dcsim processes)
#   make molecule      nox: molecule (molecule test of each extensions/molecule/<name>)
#   make build         nox: build-import-check (build + galaxy-importer), build-content (tarball content, ansible-doc)
#   make demo          run hack/demo.py (two dcsim instances); writes build/demo/applinks-report.md
#   make docs          nox: docs-check (antsibull-docs lint), docs (HTML site with diagrams in build/docs/html/)
#   make browser       nox: docs-browser (headless Chromium draws every diagram of the built site; needs make docs)
#   make changelog-lint  nox: changelog (antsibull-changelog lint)
#   make ee            execution environment context (ansible-builder create) in build/ee/ + checks (hack/ee.sh)
#   make venv          create .venv (python3.11) and install requirements/dev.txt when they change
#
# nox venvs live in .nox/ and are reused (-R: no reinstall); a change of the pins in requirements/ rebuilds them.

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
NOX := $(VENV)/bin/nox -R --no-color
# posargs for one session: $(call nox,SESSION,ARGS)
nox = $(NOX) -s $(1) $(if $(strip $(2)),-- $(2))

.PHONY: help venv test lint sanity unit dcsim-test integration molecule build demo docs browser changelog-lint ee clean

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
	$(call nox,ansible-lint,$(LINT_ARGS))
	$(NOX) -s lint extra-checks

sanity: venv
	$(call nox,ansible-test-sanity,$(SANITY_ARGS))

unit: venv
	$(call nox,unit,$(PYTEST_ARGS))

# Two workers (pytest-xdist), one test file each at a time: every worker starts its own dcsim instances.
INTEGRATION_WORKERS ?= 2
export INTEGRATION_WORKERS
dcsim-test: venv
	$(call nox,dcsim,$(PYTEST_ARGS))

integration: venv
	$(call nox,integration,$(PYTEST_ARGS))

molecule: venv
	$(NOX) -s molecule

build: venv
	$(NOX) -s build-import-check build-content

demo: venv
	@if [ -f hack/demo.py ]; then $(PY) hack/demo.py; else echo "no hack/demo.py yet"; fi

docs: venv
	$(NOX) -s docs-check docs

browser: venv
	@[ -d build/docs/html ] || $(MAKE) --no-print-directory docs
	$(NOX) -s docs-browser

changelog-lint: venv
	$(NOX) -s changelog

ee: venv
	hack/ee.sh

# Only what this tooling creates inside the repo (the dev venv is kept; rm -rf .venv to rebuild it).
clean:
	rm -rf tests/output collections .pytest_cache .ansible build .nox
