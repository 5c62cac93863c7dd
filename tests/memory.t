#!/bin/sh
# memory.t — memory is bounded by the runner's queues, not by the run's
# size: 50,000 generated articles through a slow sink peak at about the
# same RSS as 5,000 (load/generate and load/slow are test plugins); and
# one file of many items (a WordPress export, ninjs JSON lines, a
# NewsML-G2 message) is streamed, in the runner and in its importer's
# process alike: ten times the items, the same peak.
set -u
galley=$(pwd)/${GALLEY:-build/galley}
plugins=$(dirname "$galley")/tests/plugins
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..6"
case "$galley" in
*asan*)
	# AddressSanitizer holds freed memory back on purpose: RSS means nothing
	for i in 1 2 3 4 5 6; do echo "ok $i # skip RSS under AddressSanitizer"; done
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

# One file of N items: the runner's and its importer process's peaks in kB.
file_peaks() { # SHAPE IMPORTER N -> "runner importer"
	d=$tmp/$1-$3
	mkdir -p "$d/in"
	/usr/bin/python3 tests/tools/hostile_inputs.py "$1" "$3" "$d/in/input" || return 1
	cat >"$d/pipeline.yaml" <<YAML
stages:
  - use: $2
    with: {path: "in/*", max_bytes: 1073741824$([ "$2" = import/newsml ] && echo ", max_items: 1000000")}
    timeout: 300s
  - use: export/json
    write_files: false
YAML
	(cd "$d" && "$galley" run pipeline.yaml -v 2>err) || return 1
	jq -e ".counts.done == $3" "$d/out/report.json" >/dev/null || return 1
	sed -n 's/.*system; peak memory \([0-9.]*\) MB; importer processes .*peak memory \([0-9.]*\) MB.*/\1 \2/p' "$d/err" |
		awk '{ printf "%d %d\n", $1 * 1024, $2 * 1024 }'
}
flat() { # SHAPE IMPORTER N: the peaks at N and N/10
	small=$(file_peaks "$1" "$2" $(($3 / 10))) && big=$(file_peaks "$1" "$2" "$3") || return 1
	set -- $small $big
	[ "$3" -le $(($1 + $1 / 10 + 2048)) ] && [ "$4" -le $(($2 + $2 / 10 + 2048)) ] &&
		[ "$3" -le 65536 ] && [ "$4" -le 65536 ]
}
for shape in "wxr-lost-authors import/wxr 20000" "ninjs-lines import/ninjs 100000" \
	"newsml-items import/newsml 20000"; do
	set -- $shape
	i=$((${i:-3} + 1))
	if flat "$@"; then
		echo "ok $i - one file of $3 items ($1): peak RSS flat from $(($3 / 10)), in the runner and its importer (kB: $small / $big)"
	else
		echo "not ok $i - one file of $3 items ($1): peaks grew (kB, runner and importer: $small / $big): $(tail -2 "$tmp/$1-$3/err" 2>/dev/null)"
	fi
done
