#!/bin/sh
# docs_generate.sh — prints each Markdown FILE with its generated blocks
# made anew: the lines between "<!-- generated: galley ARGS -->" and
# "<!-- end generated -->" become `galley ARGS`'s output.  -w writes the
# files in place instead (what a docs change runs; tests/docs.t compares).
# GALLEY names the binary (build/galley).
set -eu
galley=${GALLEY:-build/galley}
write=0
[ "${1:-}" = -w ] && { write=1; shift; }
for f in "$@"; do
	out=$(mktemp)
	awk -v galley="$galley" '
		/^<!-- generated: galley .* -->$/ {
			print
			cmd = $0
			sub(/^<!-- generated: galley /, "", cmd)
			sub(/ -->$/, "", cmd)
			if (system(galley " " cmd) != 0) {
				print "docs_generate: galley " cmd " failed" > "/dev/stderr"
				exit 1
			}
			skipping = 1
			next
		}
		/^<!-- end generated -->$/ { skipping = 0 }
		!skipping { print }
	' "$f" >"$out" || { rm -f "$out"; exit 1; }
	if [ $write -eq 1 ]; then
		cat "$out" >"$f"
	else
		cat "$out"
	fi
	rm -f "$out"
done
