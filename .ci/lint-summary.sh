#!/usr/bin/env bash
# The lint suite of .ci/test-all: three checks, each one test of the closing line
# "lint: N passed, N failed": eslint (typescript-eslint, type-aware: eslint.config.js), prettier --check
# (.prettierrc.json, one line width of 120; .prettierignore says what it leaves alone) and knip (unused
# files, exports and dependencies: knip.json). Each check's findings are printed above the line.
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0
failed=0
check() {
  local name=$1
  shift
  echo "== lint: $name: $*"
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "FAIL lint: $name found problems (above)"
    failed=$((failed + 1))
  fi
}
check eslint npx eslint --max-warnings 0 .
check prettier npx prettier --check --log-level warn '**/*.{ts,js,mjs}'
check knip npx knip
echo "lint: $passed passed, $failed failed"
[ "$failed" = 0 ]
