#!/usr/bin/env bash
# `make build`: build the collection tarball, check what it ships, install it into a private
# collections path and render the docs of every module and role from the installed copy.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
shopt -s nullglob

new_workdir
# Build from a copy of the git-known files WITHOUT applying build_ignore (--all): the build
# itself must drop dcsim/, hack/, .ci/ ... so that galaxy.yml's build_ignore is what is tested,
# while gitignored local junk (.venv, tests/output, collections/) cannot leak in either way.
src="$(stage --all "$WORK/src")"
mkdir -p "$WORK/dist" "$WORK/installed"

section "ansible-galaxy collection build"
(cd "$src" && ansible-galaxy collection build --output-path "$WORK/dist")
tarballs=("$WORK"/dist/*.tar.gz)
[[ ${#tarballs[@]} -eq 1 ]] || { echo "build: expected one tarball, got ${#tarballs[@]}" >&2; exit 1; }
tarball="${tarballs[0]}"

section "tarball content"
tar -tzf "$tarball" | sed 's|^\./||' | sort > "$WORK/content.txt"
echo "$(wc -l < "$WORK/content.txt") entries in $(basename "$tarball")"
forbidden='^(dcsim|\.ci|hack|tests/output|\.venv|\.git|\.ansible|collections|requirements|\.pytest_cache|build|docs/sphinx|changelogs/fragments|changelogs/\.plugin-cache\.yaml|examples/ee/collections|Makefile|pytest\.ini)(/|$)|(^|/)__pycache__(/|$)|\.pyc$'
if grep -E "$forbidden" "$WORK/content.txt"; then
    echo "build: the tarball ships dev-only paths (above); fix build_ignore in galaxy.yml" >&2
    exit 1
fi
# Shipped on purpose: the docs site sources, the changelog, and what ansible-builder reads for an EE.
for required in MANIFEST.json FILES.json meta/runtime.yml docs/docsite/extra-docs.yml changelogs/changelog.yaml \
        meta/execution-environment.yml requirements.txt bindep.txt; do
    grep -qx "$required" "$WORK/content.txt" || { echo "build: $required missing from tarball" >&2; exit 1; }
done

section "install"
export ANSIBLE_COLLECTIONS_PATH="$WORK/installed"
ansible-galaxy collection install --force -p "$WORK/installed" "$tarball"
ansible-galaxy collection verify --offline atlassian_dc.applinks
cd "$WORK"   # nothing in the cwd may shadow the installed collection

section "ansible-doc"
fqcn_prefix="$("$PY" -c 'import sys, yaml; g = yaml.safe_load(open(sys.argv[1])); print(g["namespace"] + "." + g["name"])' "$REPO/galaxy.yml")"
errors=0
check_doc() {  # check_doc <label> <ansible-doc args...>
    local label="$1"; shift
    local out err rc=0
    out="$(ansible-doc "$@" 2>"$WORK/doc.err")" || rc=$?
    err="$(cat "$WORK/doc.err")"
    if [[ $rc -ne 0 || -z "${out//[[:space:]]/}" ]] || grep -qiE 'ERROR|not found|could not' <<<"$err"; then
        echo "FAIL  $label (rc=$rc, ${#out} bytes of output)"
        [[ -n "$err" ]] && sed 's/^/      /' <<<"$err"
        errors=$((errors + 1))
    else
        echo "ok    $label ($(wc -l <<<"$out") lines)"
        [[ -n "$err" ]] && sed 's/^/      /' <<<"$err"
    fi
    return 0
}

modules=()
for f in "$REPO"/plugins/modules/*.py; do
    [[ "$(basename "$f")" == __init__.py ]] || modules+=("$(basename "$f" .py)")
done
if [[ ${#modules[@]} -eq 0 ]]; then
    echo "FAIL  no modules in plugins/modules/ (meta/runtime.yml promises some)"
    errors=$((errors + 1))
fi
for m in "${modules[@]}"; do
    check_doc "module $fqcn_prefix.$m" "$fqcn_prefix.$m"
done
roles=0
for spec in "$REPO"/roles/*/meta/argument_specs.yml; do
    r="$(basename "$(dirname "$(dirname "$spec")")")"
    roles=$((roles + 1))
    check_doc "role $fqcn_prefix.$r" -t role "$fqcn_prefix.$r"
done
filters=0
while read -r f; do
    [[ -n "$f" ]] || continue
    filters=$((filters + 1))
    check_doc "filter $f" -t filter "$f"
done < <(ansible-doc -t filter -l "$fqcn_prefix" 2>/dev/null | awk '{print $1}')
if [[ $filters -eq 0 ]]; then
    echo "FAIL  no documented filters (plugins/filter/ has some)"
    errors=$((errors + 1))
fi
echo "${#modules[@]} module(s), $roles role(s) with argument specs, $filters filter(s)"
if [[ $errors -gt 0 ]]; then
    echo "build: $errors documentation check(s) failed" >&2
    exit 1
fi
echo "build: OK ($(basename "$tarball"))"
