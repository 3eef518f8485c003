#!/usr/bin/env bash
# `make molecule`: `molecule test -s <name>` for every extensions/molecule/<name>/molecule.yml.
# Extra arguments select scenarios: `hack/molecule.sh default other`.
# extensions/molecule/default exists because molecule loads the scenario named `default` on every run (it
# hosts shared-state create/destroy) and logs a CRITICAL "glob failed" line when it is missing; it is a
# short smoke test of shared/create.yml and destroy.yml.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
shopt -s nullglob

scenarios=("$@")
if [[ ${#scenarios[@]} -eq 0 ]]; then
    for f in "$REPO"/extensions/molecule/*/molecule.yml; do
        scenarios+=("$(basename "$(dirname "$f")")")
    done
fi
if [[ ${#scenarios[@]} -eq 0 ]]; then
    echo "molecule: no scenarios (no extensions/molecule/*/molecule.yml)"
    exit 0
fi

new_workdir
stage "$WORK" >/dev/null
# The collection comes from the staged tree, never from a stale ~/.ansible/collections copy:
# prerun is off (it would `ansible-galaxy collection install` the repo there on every run).
export ANSIBLE_COLLECTIONS_PATH="$WORK"
# Scenarios may start simulators with `python -m dcsim` (dcsim is dev-only and not staged).
export PYTHONPATH="$REPO${PYTHONPATH:+:$PYTHONPATH}"
printf 'prerun: false\n' > "$WORK/molecule-tooling.yml"

# Molecule loads ONE default base config (.config/molecule/config.yml, else
# extensions/molecule/config.yml) unless -c is given; keep it, then merge ours on top.
base=()
for cfg in "$REPO/.config/molecule/config.yml" "$REPO/extensions/molecule/config.yml"; do
    if [[ -f "$cfg" ]]; then base+=(-c "$cfg"); break; fi
done
base+=(-c "$WORK/molecule-tooling.yml")

cd "$REPO"
failed=()
for s in "${scenarios[@]}"; do
    section "molecule test -s $s"
    # A private ephemeral directory: concurrent runs of the same scenario must not share state.
    mkdir -p "$WORK/ephemeral/$s"
    if ! MOLECULE_EPHEMERAL_DIRECTORY="$WORK/ephemeral/$s" molecule "${base[@]}" test -s "$s"; then
        failed+=("$s")
    fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "molecule: FAILED scenarios: ${failed[*]}" >&2
    exit 1
fi
echo "molecule: ${#scenarios[@]} scenario(s) passed: ${scenarios[*]}"
