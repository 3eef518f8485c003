#!/usr/bin/env bash
# `make test`: run every step (a make target each) in order, keep going past failures, then
# print one summary table and exit non-zero if any step failed.
# A script, not a nox session: nox stops at its sessions' boundaries and prints no per-step table of the
# make targets (several of which run more than one session), nor enforces the CI time budget per step.
#   STEPS="lint unit" make test   run a subset (names as in the table)
#   TEST_BUDGET=1140 make test     overall time budget in seconds (.ci/run sets it): each step
#                                  is killed when the budget runs out; later steps FAIL unrun.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
MAKE="${MAKE:-make}"

# step name -> make target
declare -A TARGET=(
    [lint]=lint [sanity]=sanity [unit]=unit [dcsim]=dcsim-test
    [integration]=integration [molecule]=molecule [build]=build
    [docs]=docs [browser]=browser [changelog]=changelog-lint [ee]=ee
)
ORDER=(lint sanity unit dcsim integration molecule build docs browser changelog ee)
read -r -a steps <<<"${STEPS:-${ORDER[*]}}"
for s in "${steps[@]}"; do
    [[ -n "${TARGET[$s]:-}" ]] || { echo "run-tests: unknown step '$s' (known: ${ORDER[*]})" >&2; exit 2; }
done

now() { printf '%s' "${EPOCHREALTIME:-$(date +%s)}"; }
start_all="$(now)"
budget="${TEST_BUDGET:-0}"
names=() results=() times=()
failed=0

for s in "${steps[@]}"; do
    t0="$(now)"
    remaining=0
    if [[ "$budget" -gt 0 ]]; then
        remaining="$(awk -v b="$budget" -v a="$start_all" -v n="$t0" 'BEGIN { r = int(b - (n - a)); print (r > 0 ? r : 0) }')"
    fi
    printf '\n\033[1m######## step %s (make %s) ########\033[0m\n' "$s" "${TARGET[$s]}"
    if [[ "$budget" -gt 0 && "$remaining" -le 0 ]]; then
        echo "run-tests: time budget of ${budget}s exhausted; step not run"
        rc=124
    elif [[ "$budget" -gt 0 ]] && command -v timeout >/dev/null; then
        timeout -k 15 "$remaining" "$MAKE" --no-print-directory -C "$REPO" "${TARGET[$s]}" </dev/null
        rc=$?
        [[ $rc -eq 124 ]] && echo "run-tests: step $s killed after the remaining budget of ${remaining}s"
    else
        "$MAKE" --no-print-directory -C "$REPO" "${TARGET[$s]}" </dev/null
        rc=$?
    fi
    t1="$(now)"
    names+=("$s")
    if [[ $rc -eq 0 ]]; then
        results+=("PASS")
    else
        results+=("FAIL (rc=$rc)")
        failed=$((failed + 1))
    fi
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')")
done

total="$(awk -v a="$start_all" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')"
echo
echo "==================== make test summary ===================="
printf '%-14s %-14s %10s\n' STEP RESULT SECONDS
printf '%-14s %-14s %10s\n' -------------- -------------- ----------
for i in "${!names[@]}"; do
    printf '%-14s %-14s %10s\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"
done
printf '%-14s %-14s %10s\n' -------------- -------------- ----------
if [[ $failed -eq 0 ]]; then
    printf '%-14s %-14s %10s\n' total "PASS" "$total"
else
    printf '%-14s %-14s %10s\n' total "FAIL ($failed)" "$total"
fi
echo "==========================================================="
[[ $failed -eq 0 ]]
