#!/bin/sh
# harness.sh — runs every test through prove (TAP): the cmocka unit
# binaries and the tests/*.t scripts; prints failures, then one last line
# "N passed, N failed".  GALLEY_BUILD names the build folder (build/).
set -u
build=${GALLEY_BUILD:-build}
export GALLEY_BUILD="$build" GALLEY="$build/galley" CMOCKA_MESSAGE_OUTPUT=TAP
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set --
for t in "$build"/tests/test_*; do [ -x "$t" ] && set -- "$@" "$t"; done
for t in tests/*.t; do set -- "$@" "$t"; done
# prove runs scripts with perl by default; --exec '' runs each file itself
prove --verbose --exec '' "$@" >"$log" 2>&1
grep -E '^[[:space:]]*not ok [0-9]+' "$log" | sed 's/^[[:space:]]*/FAIL: /'
grep -E '^(Failed|Parse errors|Dubious|.*Wstat)' "$log"
passed=$(grep -cE '^[[:space:]]*ok [0-9]+' "$log")
failed=$(grep -cE '^[[:space:]]*not ok [0-9]+' "$log")
# a script that died before its plan counts as a failure too
if grep -qE '^Result: FAIL' "$log" && [ "$failed" -eq 0 ]; then
	grep -B5 -E 'Dubious|Parse errors' "$log"
	failed=1
fi
# a script prove could not start (not executable) stops prove there: the
# files after it never ran, so the whole run fails, naming it
if grep -q 'Could not execute' "$log"; then
	grep 'Could not execute' "$log" | sed 's/ at .*//'
	failed=$((failed + 1))
fi
[ -n "${VERBOSE:-}" ] && cat "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
