#!/bin/sh
# unused_functions.sh — functions of core/ and plugins/lib/ that nothing
# uses.  Every object is built with -ffunction-sections and linked with
# --gc-sections, so the linker drops each function no caller reaches: a
# global function defined in a core or plugins/lib object that is in
# neither the galley binary nor any plugin is a candidate.  It is used all
# the same when its name appears in the sources beyond its declaration and
# definition (a call its own file inlined, or a unit test's); otherwise it
# is dead.  Prints one "file: function" line for each dead one and exits 1
# when there are any.
# Run from the repository's root after a build; GALLEY_BUILD names it.
set -eu
build=${GALLEY_BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# what the linked products keep (functions only)
{
	nm "$build/galley"
	for so in "$build"/plugins/*/*.so; do nm "$so"; done
} 2>/dev/null | awk '$2 ~ /^[tTwW]$/ { print $3 }' | sort -u >"$tmp/kept"
status=0
for o in $(find "$build/obj/core" "$build/pic/plugins/lib" -name '*.o' | sort); do
	src=${o#"$build"/obj/}
	src=${src#"$build"/pic/}
	src=${src%.o}
	nm --defined-only "$o" | awk '$2 == "T" { print $3 }' | sort -u >"$tmp/defined"
	# main is the binary's entry point; C++ symbols are cld2's glue
	comm -23 "$tmp/defined" "$tmp/kept" | grep -v -e '^main$' -e '^_Z' >"$tmp/unused" || true
	while read -r fn; do
		uses=$(grep -rwo --include='*.c' --include='*.h' --include='*.cc' "$fn" core plugins tests |
			wc -l)
		[ "$uses" -gt 2 ] && continue
		echo "$src: $fn"
		status=1
	done <"$tmp/unused"
done
exit $status
