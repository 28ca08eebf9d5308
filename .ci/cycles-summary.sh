#!/usr/bin/env bash
# The cycles suite of .ci/test-all: runs `npm run cycles` (madge: no import cycle between the modules of
# src/; .ci/folder-cycles.mjs: none between its folders either), prints its output and ends with the
# suite's line: "cycles: 1 passed, 0 failed" when there is no cycle, else "cycles: 0 passed, N failed"
# with N the number of cycles reported (one failure if npm run cycles failed without naming one).
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
npm run --silent cycles 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}
if [ "$rc" = 0 ]; then
  echo "cycles: 1 passed, 0 failed"
  exit 0
fi
# madge: "Found 2 circular dependencies!"; folder-cycles.mjs: "folder-cycles: 1 folder cycle in src/"
n=$(sed -nE 's/.*Found ([0-9]+) circular dependenc.*/\1/p; s/^folder-cycles: ([0-9]+) folder cycles? in src.*/\1/p' "$out" | head -n 1)
[ -n "$n" ] && [ "$n" != 0 ] || n=1
echo "cycles: 0 passed, $n failed"
exit 1
