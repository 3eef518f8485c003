#!/usr/bin/env bash
# `make lint`: ansible-lint --profile production, offline, on the repo (config: .ansible-lint).
# The collection under test is resolved from a staged copy (ansible-lint --offline does not
# install it, and the repo root is not an ansible_collections/<ns>/<name> path).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

new_workdir
stage "$WORK" >/dev/null
export ANSIBLE_COLLECTIONS_PATH="$WORK"
export ANSIBLE_LINT_SKIP_SCHEMA_UPDATE=1
export ANSIBLE_LINT_NODEPS=0
cd "$REPO"
ansible-lint --offline --profile production "$@"
