#!/bin/sh
# scripts.t — `galley test scripts/`: the tests shipped with every Lua
# script pass (each *.test.yaml case is one TAP line here).
set -u
galley=${GALLEY:-build/galley}
out=$("$galley" test scripts/ 2>&1)
status=$?
n=$(printf '%s\n' "$out" | grep -c '^\(not \)\{0,1\}ok ')
echo "1..$((n + 1))"
printf '%s\n' "$out" | grep '^\(not \)\{0,1\}ok \|^#'
[ $status -eq 0 ] && echo "ok $((n + 1)) - galley test scripts/ exits 0" ||
	echo "not ok $((n + 1)) - galley test scripts/ exits $status"
