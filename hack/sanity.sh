#!/usr/bin/env bash
# `make sanity`: ansible-test sanity on a staged copy of the collection content (no ignore file).
# Extra arguments go to ansible-test, e.g. `hack/sanity.sh --test pylint`.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SANITY_PYTHON="${SANITY_PYTHON:-3.11}"

# 1. The get-pip stand-in (see hack/get_pip_standin.py). The pip version ansible-test wants is read
#    from ansible_test itself so that an ansible-core bump does not silently break this.
pip_ver="$("$PY" - "$SANITY_PYTHON" <<'PYEOF'
import re, sys, types
try:
    from ansible_test._internal.python_requirements import get_venv_packages
    print(get_venv_packages(types.SimpleNamespace(version=sys.argv[1]))["pip"])
except Exception:  # internal API moved: fall back to the literal in the source
    import ansible_test, pathlib
    src = (pathlib.Path(ansible_test.__file__).parent / "_internal" / "python_requirements.py").read_text()
    print(re.search(r"pip='([0-9.]+)'", src).group(1))
PYEOF
)"
cache="$HOME/.ansible/test/cache/get_pip_${pip_ver//./_}.py"
mkdir -p "$(dirname "$cache")"
if [[ ! -f "$cache" ]] || grep -q "applinks get-pip stand-in" "$cache"; then
    # Never overwrite a real get-pip script someone downloaded; refresh our own.
    cmp -s "$REPO/hack/get_pip_standin.py" "$cache" || cp "$REPO/hack/get_pip_standin.py" "$cache"
fi
echo "get-pip for pip $pip_ver: $cache"

# 2. Stage: galaxy.yml build_ignore applied (dcsim/, hack/, .ci/ ... are not collection content;
#    see hack/stage.py), so no --exclude flags and no tests/sanity/ignore-*.txt entries are needed.
new_workdir
coll="$(stage "$WORK")"
cd "$coll"

# 3. Run. --python is mandatory here: without it ansible-test probes pyenv shims and exits 127.
rc=0
ansible-test sanity --python "$SANITY_PYTHON" --color no "$@" || rc=$?

# Keep the results where people look for them (gitignored).
if [[ -d tests/output ]]; then
    mkdir -p "$REPO/tests/output"
    cp -r tests/output/. "$REPO/tests/output/"
fi
exit "$rc"
