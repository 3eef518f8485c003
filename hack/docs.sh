#!/usr/bin/env bash
# `make docs`: the collection's HTML docs site (antsibull-docs + Sphinx) in build/docs/html/.
#
# 1. Stages the collection (hack/stage.py: the content that ships) and points ANSIBLE_COLLECTIONS_PATH at it
#    only, so the pages come from exactly that copy (never from ~/.ansible/collections).
# 2. antsibull-docs lint-collection-docs: docs/docsite (extra-docs.yml, RST syntax, labels). Plugin docs are
#    checked by sanity (validate-modules) and by step 4 (a broken M()/O() reference is an unresolved label).
# 3. antsibull-docs collection --use-current: one page per module, role and filter, plus docs/docsite/rst guides.
# 4. sphinx-build -W --keep-going -n: every warning fails the build. The one exception is the handful of
#    labels of Ansible's own docs that the generated pages cite; they resolve through a local intersphinx
#    inventory written here (docs/sphinx/offline_inventory.py), so no network is needed.
#  DOCS_OUT=dir make docs   write the site elsewhere (default build/docs/html)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

out="${DOCS_OUT:-$REPO/build/docs/html}"
new_workdir
coll_root="$WORK/collections"
coll="$(stage "$coll_root")"
export ANSIBLE_COLLECTIONS_PATH="$coll_root"
fqcn="$(basename "$(dirname "$coll")").$(basename "$coll")"
site="$WORK/site"
cp -r "$REPO/docs/sphinx" "$site"
cd "$WORK"   # nothing in the cwd may shadow the staged collection

section "antsibull-docs lint-collection-docs $fqcn"
antsibull-docs lint-collection-docs "$coll"

section "antsibull-docs collection $fqcn"
mkdir -p "$site/rst"
chmod og-w "$site/rst"   # antsibull-docs wants its output directory writable only by its owner
antsibull-docs --config-file "$site/antsibull-docs.cfg" collection --use-current --cleanup everything \
    --dest-dir "$site/rst" "$fqcn"
"$PY" "$site/offline_inventory.py" "$site/ansible_offline.inv"

section "sphinx-build -W (HTML)"
rm -rf "$out"
mkdir -p "$out"
sphinx-build -b html -W --keep-going -n -q -c "$site" -d "$WORK/doctrees" "$site/rst" "$out"
echo "docs: OK ($(find "$out" -name '*.html' | wc -l) HTML pages in ${out#"$REPO"/})"
