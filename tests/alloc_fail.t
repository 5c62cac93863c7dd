#!/bin/sh
# alloc_fail.t — every allocation galley's own code makes, failed once in
# turn (tests/alloc/failmalloc.c, an LD_PRELOAD shim counting only calls
# from the galley binary and its plugins), ends in a clean exit: 0-3 with
# a message, never a crash.  One pipeline with every kind of stage.  The
# importer's own process (run/isolate.h) counts and fails its allocations
# too, the same numbers at once; a crash of it would be hidden by the
# runner's recovery, so its "crashed" in stderr is a crash here.
set -u
galley=$(pwd)/${GALLEY:-build/galley}
shim=$(pwd)/$(dirname "${GALLEY:-build/galley}")/tests/failmalloc.so
root=$(pwd)
case "$galley" in
*asan*)
	echo "1..1"
	echo "ok 1 # skip AddressSanitizer has its own allocator"
	exit 0 ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/in"
cp "$root/pipelines/samples/library-hours.txt" "$root/pipelines/samples/fjord-ferry.txt" "$tmp/in/"
cp -r "$root/scripts" "$tmp/"
cat >"$tmp/pipeline.yaml" <<'YAML'
stages:
  - use: import/text
    with: {path: "in/*.txt"}
  - use: clean/text
  - lua: scripts/house_style.lua
    with: {replacements: {ODKB: CSTO}}
  - use: annotate/stats
  - name: json
    use: export/json
  - use: package/archive
    with: {formats: [tar.gz]}
partners:
  - name: all
    formats: [json]
    outbox: outbox
YAML
cd "$tmp"
total=$(GALLEY_COUNT_ALLOC=1 LD_PRELOAD="$shim" "$galley" run pipeline.yaml --jobs 1 2>&1 |
	sed -n 's/^allocations: //p' | sort -n | tail -1)
echo "1..2"
[ "${total:-0}" -gt 100 ] && echo "ok 1 - galley's code allocates $total times in this run" ||
	{ echo "not ok 1 - the shim counted '${total:-nothing}'"; echo "ok 2 # skip"; exit 0; }
crashes=""
n=1
while [ $n -le "$total" ]; do
	rm -rf out outbox
	GALLEY_FAIL_ALLOC=$n LD_PRELOAD="$shim" "$galley" run pipeline.yaml --jobs 1 >/dev/null 2>err
	status=$?
	[ $status -le 3 ] || crashes="$crashes $n:$status"
	! grep -q 'process crashed' err || crashes="$crashes $n:importer-process"
	n=$((n + 1))
done
[ -z "$crashes" ] && echo "ok 2 - each of the $total allocations failed in turn: a clean exit every time" ||
	echo "not ok 2 - crashed when these allocations failed (N:status):$crashes"
