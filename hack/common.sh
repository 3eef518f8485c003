# shellcheck shell=bash
# Shared setup for the hack/*.sh step scripts (sourced, not executed).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
VENV="${VENV:-$REPO/.venv}"
PY="$VENV/bin/python"
export PATH="$VENV/bin:$PATH"
export PYTHONDONTWRITEBYTECODE=1

if [[ ! -x "$PY" ]]; then
    echo "error: $PY not found; run 'make venv' first" >&2
    exit 2
fi

# Per-run scratch directory OUTSIDE the repo (ansible-test skips every target in a tree inside
# the repo). Per run rather than one stable path so that concurrent runs from several shells
# cannot clobber each other; ansible-test's own caches live in ~/.ansible/test, so nothing
# expensive is lost. Removed on exit unless KEEP_STAGE=1.
WORK=""
_cleanup_work() {
    if [[ -n "$WORK" && -d "$WORK" ]]; then
        if [[ -n "${KEEP_STAGE:-}" ]]; then
            echo "KEEP_STAGE set: leaving $WORK" >&2
        else
            rm -rf "$WORK"
        fi
    fi
}
trap _cleanup_work EXIT
trap 'exit 130' INT
trap 'exit 143' TERM   # run the EXIT trap when make/timeout stops us

new_workdir() {
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/applinks-stage.XXXXXX")"
    case "$WORK/" in
        "$REPO"/*) echo "error: TMPDIR ($WORK) is inside the repo; ansible-test would skip every target" >&2; exit 2 ;;
    esac
}

# stage [--all] DEST -> prints DEST/ansible_collections/<ns>/<name> (see hack/stage.py)
stage() {
    "$PY" "$REPO/hack/stage.py" "$@"
}

section() {
    printf '\n=== %s ===\n' "$*"
}
