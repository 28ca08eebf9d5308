#!/usr/bin/env bash
# The typecheck suite of .ci/test-all: runs `npm run typecheck` (tsc -p tsconfig.typecheck.json: src/, the
# tests, compat-tests/, bench/, test-support/ and the vitest configs, nothing emitted), prints its output and
# ends with the suite's line: "typecheck: 1 passed, 0 failed" when tsc finds nothing, else
# "typecheck: 0 passed, N failed" with N the number of "error TS" lines (one failure if tsc failed without one).
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
npm run typecheck 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}
n=$(grep -cE 'error TS[0-9]+:' "$out")
if [ "$rc" = 0 ] && [ "$n" = 0 ]; then
  echo "typecheck: 1 passed, 0 failed"
  exit 0
fi
if [ "$n" = 0 ]; then
  echo "typecheck: npm run typecheck exited $rc without an 'error TS' line"
  n=1
fi
echo "typecheck: 0 passed, $n failed"
exit 1
