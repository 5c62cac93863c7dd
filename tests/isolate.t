#!/bin/sh
# isolate.t — importers in processes of their own (issue 33, run/isolate.h):
# an input whose parser hangs, aborts, crashes or eats memory costs that
# input, quarantined with the reason, and the run delivers the rest (exit
# 1, not 3); what a process makes comes back byte for byte as it would in
# the worker; no process outlives its run, even one killed outright.
# load/hostile (tests/plugins/load/hostile.c) misbehaves on cue.
set -u
KEEP=${KEEP:-}
galley=$(pwd)/${GALLEY:-build/galley}
plugins=$(pwd)/$(dirname "${GALLEY:-build/galley}")/tests/plugins
root=$(pwd)
tmp=$(mktemp -d)
[ -n "$KEEP" ] || trap 'rm -rf "$tmp"' EXIT; echo "# scratch: $tmp"
export SOURCE_DATE_EPOCH=1767225600
echo "1..18"
. tests/tools/tap.sh

hostile() { # DIR EXTRA-STAGE-LINES: inputs of every kind, and a pipeline
	mkdir -p "$1/in"
	printf 'Good one\n' >"$1/in/a.txt"
	printf 'hang\n' >"$1/in/b.txt"
	printf 'abort\n' >"$1/in/c.txt"
	printf 'segv\n' >"$1/in/d.txt"
	printf 'hog\n' >"$1/in/e.txt"
	printf 'split 3\n' >"$1/in/f.txt"
	printf 'file\n' >"$1/in/g.txt"
	printf 'Last good\n' >"$1/in/h.txt"
	cat >"$1/pipeline.yaml" <<YAML
name: hostile
plugin_path: [$plugins]
stages:
  - use: load/hostile
    with: {path: "in/*.txt"}
    timeout: 2s
    memory_mb: 300
$2
  - use: export/json
YAML
}
# the pipeline by its full path: importer processes show it in their command
run() { (d=$1 && cd "$1" && shift && "$galley" run "$d/pipeline.yaml" "$@" >stdout 2>stderr); }
reason() { cat "$1"/out/quarantine/*/"$2"-*.reason 2>/dev/null; }
same_json() { # DIR1 DIR2: the same articles, but for the folder they were read from
	[ "$(ls "$1/out/json")" = "$(ls "$2/out/json")" ] || return 1
	for f in "$1"/out/json/*; do
		[ "$(sed "s|$1|D|g" "$f")" = "$(sed "s|$2|D|g" "$2/out/json/${f##*/}")" ] || return 1
	done
}

d=$tmp/hostile
hostile "$d" ""
run "$d" --jobs 2
status=$?
check "a run with a hanging, an aborting, a crashing and a hogging input ends with exit 1 (was 3)" \
	'[ $status -eq 1 ]'
check "the input that hangs is quarantined: its timeout named, its process stopped" \
	'reason "$d" b.txt | grep -q "did not finish within its timeout of 2 s.*its process was stopped"'
check "the input that aborts is quarantined: its process crashed (SIGABRT)" \
	'reason "$d" c.txt | grep -q "its process crashed (SIGABRT) on this input"'
# AddressSanitizer reports a SEGV itself and exits with 1
check "the input that crashes its parser is quarantined with the signal (or the sanitizer's exit)" \
	'reason "$d" d.txt | grep -Eq "its process (crashed \(SIGSEGV\)|exited with status 1) on this input"'
check "the input that eats memory is quarantined at its memory_mb" \
	'reason "$d" e.txt | grep -q "used more than its memory limit of 300 MB"'
check "the other inputs are delivered, the last one after three processes were lost" \
	'[ -f "$d/out/json/good-one.json" ] && [ -f "$d/out/json/last-good.json" ]'
check "an input of three items comes back whole, the items in order" \
	'[ -f "$d/out/json/piece-1.json" ] && [ -f "$d/out/json/piece-3.json" ] &&
	 grep -q "8 read (+2 split off), 6 done, 0 dropped, 4 quarantined" "$d/stderr"'
check "a file an isolated importer writes is written by the runner, under the output folder" \
	'[ "$(cat "$d/out/files/hostile.txt")" = written ]'
check "report.json names each quarantined input with its reason" \
	'[ "$(grep -c "its process" "$d/out/report.json")" -eq 4 ]'

d1=$tmp/hostile1
hostile "$d1" ""
run "$d1" --jobs 1
check "with one worker the outputs are the same bytes" \
	'same_json "$d" "$d1"'

# A crash in the worker thread would take the run down; isolate: false is
# for inputs the newsroom trusts, and runs in the worker.
d=$tmp/inthread
hostile "$d" "    isolate: false"
rm "$d"/in/b.txt "$d"/in/c.txt "$d"/in/d.txt "$d"/in/e.txt
run "$d"
check "isolate: false loads in the worker thread, with the same outputs" \
	'same_json "$tmp/hostile" "$d"'

# What comes back from a process is what the importer made: every seed
# format (and an archive of them) exported the same with and without.
d=$tmp/formats
mkdir -p "$d/in"
cp "$root"/tests/fixtures/seed/article.* "$root"/pipelines/samples/*.txt "$d/in/"
# a picture beside the last entry: import/archive attaches it just after
# emitting that article, which must then still be the importer's
printf '\377\330\377\340 not really a JPEG' >"$d/in/fjord-ferry.jpg"
(cd "$d/in" && tar cf bundle.tar article.md article.ninjs.json fjord-ferry.txt fjord-ferry.jpg &&
	rm fjord-ferry.jpg)
cat >"$d/formats.yaml" <<'YAML'
name: formats
vars: {ISO: "true"}
stages:
  - {use: import/text, with: {path: "in/*.txt"}, isolate: "${ISO}"}
  - {use: import/markdown, with: {path: "in/*.md"}, isolate: "${ISO}"}
  - {use: import/html, with: {path: "in/*.html"}, isolate: "${ISO}"}
  - {use: import/ninjs, with: {path: "in/*.json"}, isolate: "${ISO}"}
  - {use: import/nitf, with: {path: "in/*.nitf.xml"}, isolate: "${ISO}"}
  - {use: import/newsml, with: {path: "in/*.newsml.xml"}, isolate: "${ISO}"}
  - {use: import/wxr, with: {path: "in/*.wxr.xml"}, isolate: "${ISO}"}
  - {use: import/archive, with: {path: "in/*.tar"}, isolate: "${ISO}"}
  - use: annotate/stats
  - use: export/json
  - use: export/ninjs
YAML
(cd "$d" && "$galley" run formats.yaml --set ISO=false >/dev/null 2>thread.err &&
	mv out out-thread && "$galley" run formats.yaml >/dev/null 2>iso.err)
status=$?
check "every importer, run in its process, gives the bytes it gives in the worker" \
	'[ $status -eq 0 ] && [ "$(ls "$d/out/json" | wc -l)" -ge 10 ] &&
	 diff -r -x report.json -x report.html "$d/out" "$d/out-thread" >/dev/null'
check "and says the same" \
	'[ "$(sed "s/ in [0-9.]*s;/;/" "$d/iso.err")" = "$(sed "s/ in [0-9.]*s;/;/" "$d/thread.err")" ]'

# A file's items go on as they come back (issue 33: a file of a million
# items is never held whole): when its process is lost part-way, what
# went on stays delivered, in order, and the file is quarantined saying
# how far it got.
partway() { # DIR WHAT: a good input, WHAT 3000 part-way, a good input
	mkdir -p "$1/in"
	printf 'Good one\n' >"$1/in/a.txt"
	printf '%s 3000\n' "$2" >"$1/in/b.txt"
	printf 'Last good\n' >"$1/in/c.txt"
	cat >"$1/pipeline.yaml" <<YAML
plugin_path: [$plugins]
stages:
  - use: load/hostile
    with: {path: "in/*.txt"}
    timeout: 2s
  - use: export/json
YAML
	run "$1"
}
went() { reason "$1" b.txt | sed -n 's/.*its first \([0-9]*\) items went on through the run before it stopped.*/\1/p'; }
in_order() { # DIR N: pieces 1 to N delivered, not N + 1, and the inputs around
	[ -f "$1/out/json/piece-1.json" ] && [ -f "$1/out/json/piece-$2.json" ] &&
		[ ! -f "$1/out/json/piece-$(($2 + 1)).json" ] &&
		[ -f "$1/out/json/good-one.json" ] && [ -f "$1/out/json/last-good.json" ] &&
		jq -e ".counts.done == $(($2 + 2)) and .counts.rejected == 1" "$1/out/report.json" >/dev/null
}
d=$tmp/partway-crash
partway "$d" split-segv
status=$?
got=$(went "$d")
check "a file whose process crashes part-way: the items before went on, in order, the file quarantined saying how many" \
	'[ $status -eq 1 ] && [ "${got:-0}" -gt 0 ] && [ "$got" -lt 3000 ] && in_order "$d" "$got" &&
	 reason "$d" b.txt | grep -Eq "its process (crashed \(SIGSEGV\)|exited with status 1) on this input"'
d=$tmp/partway-hang
partway "$d" split-hang
status=$?
got=$(went "$d")
check "a file whose process hangs part-way: the same at its timeout" \
	'[ $status -eq 1 ] && [ "${got:-0}" -gt 0 ] && [ "$got" -lt 3000 ] && in_order "$d" "$got" &&
	 reason "$d" b.txt | grep -q "did not finish within its timeout of 2 s"'

# isolate: and memory_mb: belong to sources
d=$tmp/keys
mkdir -p "$d"
printf 'stages:\n  - use: import/text\n    with: {path: "*.txt"}\n  - use: clean/text\n    isolate: true\n' >"$d/a.yaml"
printf 'stages:\n  - use: import/text\n    with: {path: "*.txt"}\n  - use: export/json\n    memory_mb: 10\n' >"$d/b.yaml"
"$galley" check "$d/a.yaml" 2>"$d/a.err"
sa=$?
"$galley" check "$d/b.yaml" 2>"$d/b.err"
sb=$?
check "isolate: on a transform, memory_mb: on a sink: refused with the line and column" \
	'[ $sa -eq 2 ] && grep -q "a.yaml:5:14: .*isolate.* applies to sources only" "$d/a.err" &&
	 [ $sb -eq 2 ] && grep -q "b.yaml:5:16: .*memory_mb.* applies to Lua stages and sources only" "$d/b.err"'

# No importer process outlives its run: not after a normal end, and not
# when the run itself is killed with SIGKILL in the middle of a hang.
d=$tmp/orphans
hostile "$d" ""
sed -i 's/timeout: 2s/timeout: 60s/' "$d/pipeline.yaml"
rm "$d"/in/c.txt "$d"/in/d.txt "$d"/in/e.txt
workers() { pgrep -f "_import-worker.*$d" | wc -l; }
(cd "$d" && exec "$galley" run "$d/pipeline.yaml" --jobs 2 >/dev/null 2>&1) &
pid=$!
tries=0
while [ "$(workers)" -lt 1 ] && [ $tries -lt 100 ]; do sleep 0.1; tries=$((tries + 1)); done
during=$(workers)
kill -9 $pid
wait $pid 2>/dev/null
tries=0
while [ "$(workers)" -gt 0 ] && [ $tries -lt 50 ]; do sleep 0.1; tries=$((tries + 1)); done
check "a run killed with SIGKILL takes its importer processes with it" \
	'[ "$during" -ge 1 ] && [ "$(workers)" -eq 0 ]'
check "and a run that ends leaves none behind" \
	'! pgrep -f "_import-worker.*$tmp" >/dev/null'
