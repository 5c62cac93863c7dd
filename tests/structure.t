#!/bin/sh
# structure.t — the shape of the code, checked: no include circle between
# the files of core/ and plugins/lib/ (tests/tools/include_cycles.py), no
# function defined and never used (tests/tools/unused_functions.sh), and no
# name of galley's own in Lua's reserved lua_/LUA_ prefixes.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..3"
. tests/tools/tap.sh

python3 tests/tools/include_cycles.py >"$tmp/cycles" 2>&1
status=$?
check "no include circle between the files of core/ and plugins/lib/" \
	'[ $status -eq 0 ] || { cat "$tmp/cycles"; false; }'

sh tests/tools/unused_functions.sh >"$tmp/unused" 2>&1
status=$?
check "every function of core/ and plugins/lib/ is used" \
	'[ $status -eq 0 ] || { sed "s/^/# unused: /" "$tmp/unused"; false; }'

# Lua's own names, from its headers; any other lua_/LUA_ name is galley's
lua_inc=$(pkg-config --variable=includedir lua5.4 2>/dev/null)/lua5.4
[ -f "$lua_inc/lua.h" ] || lua_inc=/usr/include/lua5.4
cat "$lua_inc"/*.h | grep -oE '\b(lua|LUA)_[A-Za-z0-9_]+' | sort -u >"$tmp/lua"
grep -rhoE --include='*.c' --include='*.h' '\b(lua|LUA)_[A-Za-z0-9_]+' core tests/unit tests/fuzz |
	sort -u | comm -23 - "$tmp/lua" >"$tmp/ours"
check "galley's own names keep out of Lua's lua_ and LUA_ prefixes" \
	'[ ! -s "$tmp/ours" ] || { sed "s/^/# named: /" "$tmp/ours"; false; }'
