#!/usr/bin/env bash
# `make ee`: the execution environment build context in build/ee/ (ansible-builder create; no container
# engine needed), then checks that the context installs this collection and its Python dependencies.
#
# 1. requirements.txt (shipped, read by ansible-builder via meta/execution-environment.yml) and
#    requirements/runtime.txt (the dev venv) must pin the same packages.
# 2. Builds the collection tarball from the staged content (as `make build` does).
# 3. Copies examples/ee/ to a scratch directory, puts the tarball at collections/atlassian_dc-applinks.tar.gz
#    and runs `ansible-builder create --output-filename Containerfile -c build/ee`.
# 4. Checks the context: the tarball is in _build/ and the requirements.yml the galaxy stage installs names it;
#    the tarball ships meta/execution-environment.yml, requirements.txt and bindep.txt; `ansible-builder
#    introspect` on the installed tarball (what the builder stage runs) reports every pin of requirements.txt
#    for atlassian_dc.applinks.
#
# Why a script and not antsibull-nox's ee-check session: that session builds the image (ansible-builder build)
# and runs test playbooks in it with ansible-navigator, both of which need a container engine; these machines
# have none. What can be checked without one (the build context and what the builder stage would install) is
# checked here.
set -euo pipefail
shopt -s nullglob
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
PY="${VENV:-$REPO/.venv}/bin/python"
[[ -x "$PY" ]] || { echo "error: $PY not found; run 'make venv' first" >&2; exit 2; }
export PATH="$(dirname "$PY"):$PATH" PYTHONDONTWRITEBYTECODE=1
WORK="$(mktemp -d "${TMPDIR:-/tmp}/applinks-ee.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
section() { printf '\n=== %s ===\n' "$*"; }

out="${EE_OUT:-$REPO/build/ee}"
fail() { echo "ee: $*" >&2; exit 1; }
pins() { sed -e 's/#.*//' -e 's/[[:space:]]//g' "$1" | grep -v '^$' | tr 'A-Z_' 'a-z-' | sort; }

section "requirements.txt == requirements/runtime.txt"
if ! diff <(pins "$REPO/requirements.txt") <(pins "$REPO/requirements/runtime.txt"); then
    fail "requirements.txt and requirements/runtime.txt pin different packages (diff above); keep them equal"
fi
echo "ok    $(pins "$REPO/requirements.txt" | tr '\n' ' ')"

section "collection tarball"
# Every git-known file (build_ignore is applied by the build itself): hack/tooling/staging.py.
src="$("$PY" -c 'import sys; sys.path.insert(0, sys.argv[1] + "/hack")
from tooling.staging import stage; print(stage(sys.argv[2], apply_build_ignore=False))' "$REPO" "$WORK/src")"
(cd "$src" && ansible-galaxy collection build --output-path "$WORK/dist" >/dev/null)
tarballs=("$WORK"/dist/*.tar.gz)
[[ ${#tarballs[@]} -eq 1 ]] || fail "expected one tarball, got ${#tarballs[@]}"
tarball="${tarballs[0]}"
echo "ok    $(basename "$tarball")"
tar -tzf "$tarball" | sed 's|^\./||' > "$WORK/content.txt"
for f in meta/execution-environment.yml requirements.txt bindep.txt; do
    grep -qx "$f" "$WORK/content.txt" || fail "$f is missing from the tarball (build_ignore?)"
done

section "ansible-builder create"
cp -r "$REPO/examples/ee" "$WORK/ee"
rm -rf "$WORK/ee/collections"
mkdir -p "$WORK/ee/collections"
cp "$tarball" "$WORK/ee/collections/atlassian_dc-applinks.tar.gz"
rm -rf "$out"
mkdir -p "$(dirname "$out")"
ansible-builder create -f "$WORK/ee/execution-environment.yml" -c "$out" --output-filename Containerfile -v 1

section "context checks"
[[ -f "$out/Containerfile" ]] || fail "no Containerfile in $out"
cmp -s "$tarball" "$out/_build/collections/atlassian_dc-applinks.tar.gz" \
    || fail "the context does not carry the built tarball at _build/collections/atlassian_dc-applinks.tar.gz"
grep -q 'collections/atlassian_dc-applinks.tar.gz' "$out/_build/requirements.yml" \
    || fail "_build/requirements.yml does not install the tarball"
grep -q '^COPY _build /build' "$out/Containerfile" || fail "the Containerfile does not copy _build to /build"
grep -q 'ansible-galaxy collection install .*-r requirements.yml' "$out/Containerfile" \
    || fail "the Containerfile does not install requirements.yml"
echo "ok    Containerfile copies _build/ (tarball + requirements.yml) and installs it"

# What the builder stage runs after the galaxy stage: introspect the installed collections.
ANSIBLE_COLLECTIONS_PATH="$WORK/installed" ansible-galaxy collection install -p "$WORK/installed" "$tarball" >/dev/null
ansible-builder introspect --sanitize --write-pip "$WORK/pip.txt" --write-bindep "$WORK/bindep.txt" \
    "$WORK/installed" >/dev/null
while read -r pin; do
    grep -iqE "^${pin//./\\.}[[:space:]]+#.*atlassian_dc\.applinks" "$WORK/pip.txt" \
        || { cat "$WORK/pip.txt"; fail "introspect does not report '$pin' for atlassian_dc.applinks"; }
done < <(pins "$REPO/requirements.txt")
grep -q '^ca-certificates.*atlassian_dc\.applinks' "$WORK/bindep.txt" \
    || { cat "$WORK/bindep.txt"; fail "introspect does not report bindep.txt of atlassian_dc.applinks"; }
echo "ok    ansible-builder introspect: $(pins "$REPO/requirements.txt" | wc -l) Python requirement(s) of atlassian_dc.applinks"
echo "ee: OK (context in ${out#"$REPO"/})"
