#!/bin/sh
# memory.t — memory is bounded by the runner's queues, not by the run's
# size: 50,000 generated articles through a slow sink peak at about the
# same RSS as 5,000 (load/generate and load/slow are test plugins).
set -u
galley=$(pwd)/${GALLEY:-build/galley}
plugins=$(dirname "$galley")/tests/plugins
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..3"
case "$galley" in
*asan*)
	# AddressSanitizer holds freed memory back on purpose: RSS means nothing
	for i in 1 2 3; do echo "ok $i # skip RSS under AddressSanitizer"; done
	exit 0 ;;
esac
cat >"$tmp/pipeline.yaml" <<YAML
plugin_path: [$plugins]
stages:
  - use: load/generate
    with:
      count: \${N}
  - use: clean/text
  - use: load/slow
    with: {micros: 5}
YAML
peak() { # articles -> peak RSS in kB, from galley -v
	"$galley" run "$tmp/pipeline.yaml" -v --jobs 2 --set N="$1" 2>"$tmp/err-$1" || return 1
	sed -n 's/.*system; peak memory \([0-9.]*\) MB.*/\1/p' "$tmp/err-$1" | awk '{ printf "%d\n", $1 * 1024 }'
}
small=$(peak 5000) && big=$(peak 50000) && grep -q "50,000 done" "$tmp/err-50000" &&
	echo "ok 1 - 50,000 articles through a slow sink (peak ${big} kB, 5,000: ${small} kB)" ||
	{ echo "not ok 1 - runs failed: $(cat "$tmp"/err-*)"; big=999999 small=0; }
# 10% over the small run, plus 1 MB for allocator noise
[ "$big" -le $((small + small / 10 + 1024)) ] &&
	echo "ok 2 - peak RSS stays flat from 5,000 to 50,000 articles" ||
	echo "not ok 2 - peak RSS grew from ${small} kB to ${big} kB"
[ "$big" -le 65536 ] && echo "ok 3 - peak RSS under 64 MB" ||
	echo "not ok 3 - peak RSS ${big} kB is over 64 MB"
