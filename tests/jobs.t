#!/bin/sh
# jobs.t — the parallel runner gives the same bytes whatever the number of
# workers: 200 articles made from the samples (a few of them bad) through
# import, clean, the house style, JSON and a bundle, with --jobs 1 and 2;
# then through the benchmark pipeline of `make bench`.
set -u
galley=$(pwd)/${GALLEY:-build/galley}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/in"
i=0
while [ $i -lt 40 ]; do
	for f in pipelines/samples/*.txt; do
		name=$(basename "$f" .txt)
		# a fresh id for each copy; the sample's own front matter is dropped
		{ printf -- '---\nid: %s-%03d\n---\n' "$name" $i
		  awk 'NR == 1 && $0 == "---" { skip = 1; next } skip && $0 == "---" { skip = 0; next } !skip' "$f"
		} >"$tmp/in/$name-$i.txt"
	done
	i=$((i + 1))
done
printf 'no headline here, just a sentence.\n' >"$tmp/in/zz-bad-1.txt"
printf 'Bad \377 bytes\n\nBody.\n' >"$tmp/in/zz-bad-2.txt"
cp scripts/house_style.lua "$tmp/" && cp -r scripts/lib "$tmp/"
cat >"$tmp/pipeline.yaml" <<'YAML'
stages:
  - use: import/text
    with: {path: in/*.txt}
  - use: clean/text
  - lua: house_style.lua
    with:
      replacements: {ODKB: CSTO, Nagorno-Karabakh: Nagorno Karabakh}
  - use: export/json
  - use: package/archive
    with: {name: bundle, formats: [tar.gz, zip]}
YAML
echo "1..6"
for j in 1 2; do
	(cd "$tmp" && SOURCE_DATE_EPOCH=1767225600 "$galley" run pipeline.yaml --jobs $j \
		--set unused=1 2>"stderr-$j" ; echo $? >"status-$j"; mv out "out-$j"
		mv out-$j/quarantine/[0-9]*Z "out-$j/quarantine/RUN") # named by the clock
	sed -i -E 's/ in [0-9]+\.[0-9]+s;/ in Ts;/' "$tmp/stderr-$j"
done
[ "$(cat "$tmp/status-1")" = 1 ] && [ "$(cat "$tmp/status-2")" = 1 ] &&
	echo "ok 1 - both runs finish, quarantining the two bad inputs" ||
	echo "not ok 1 - exit codes $(cat "$tmp/status-1") and $(cat "$tmp/status-2")"
n=$(ls "$tmp/out-1/json" | wc -l)
[ "$n" -eq 200 ] && echo "ok 2 - 200 articles exported" || echo "not ok 2 - $n articles exported"
diff -r -x report.json -x report.html "$tmp/out-1" "$tmp/out-2" >/dev/null &&
	echo "ok 3 - --jobs 1 and --jobs 2 outputs are byte-identical" ||
	echo "not ok 3 - --jobs 1 and --jobs 2 outputs differ"
cmp -s "$tmp/stderr-1" "$tmp/stderr-2" &&
	echo "ok 4 - messages come in input order whatever the workers" ||
	echo "not ok 4 - stderr differs between --jobs 1 and --jobs 2"

# the benchmark pipeline of `make bench` (tests/bench/pipeline.yaml) on the
# same 200 articles: its tar.zst bundle is the same bytes for 1 and 2 workers
for j in 1 2; do
	SOURCE_DATE_EPOCH=1767225600 "$galley" run tests/bench/pipeline.yaml --jobs $j \
		--set CORPUS="$tmp/in" --set OUT="$tmp/bench-$j" 2>"$tmp/bench-stderr-$j"
	echo $? >"$tmp/bench-status-$j"
done
[ "$(cat "$tmp/bench-status-1")" = 1 ] && [ "$(cat "$tmp/bench-status-2")" = 1 ] &&
	[ "$(bsdtar -tf "$tmp/bench-1/bundles/bench.tar.zst" | grep -c '/json/')" -eq 200 ] &&
	echo "ok 5 - the benchmark pipeline bundles 200 articles" ||
	echo "not ok 5 - the benchmark pipeline bundles 200 articles: $(cat "$tmp/bench-stderr-1")"
cmp -s "$tmp/bench-1/bundles/bench.tar.zst" "$tmp/bench-2/bundles/bench.tar.zst" &&
	echo "ok 6 - its bundle is byte-identical for --jobs 1 and --jobs 2" ||
	echo "not ok 6 - its bundle differs between --jobs 1 and --jobs 2"
