#!/bin/sh
# reproducible.t — the demo pipeline twice gives byte-identical bundles,
# the manifest's checksums verify with sha256sum, and the archives list
# cleanly with bsdtar and unzip.  A tar.gz through ISA-L (gzip: isa-l) is
# as reproducible, one gzip member that gzip, bsdtar and Python's tarfile
# read, and holds the same tar as zlib's.  An article's guid does not
# depend on the folder galley runs from.
set -u
galley=${GALLEY:-build/galley}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..9"
run() { SOURCE_DATE_EPOCH=1767225600 $galley run pipelines/nightly.yaml --set OUT="$1" 2>/dev/null; }
run "$tmp/a"; a=$?
sleep 1
run "$tmp/b"; b=$?
[ $a -eq 0 ] && [ $b -eq 0 ] && echo "ok 1 - demo runs exit 0" || echo "not ok 1 - demo exit codes $a $b"
same=ok
for f in "$tmp"/a/bundles/*; do cmp -s "$f" "$tmp/b/bundles/$(basename "$f")" || same="not ok"; done
[ -n "$(ls "$tmp"/a/bundles)" ] || same="not ok"
echo "$same 2 - two runs give byte-identical bundles"
mkdir "$tmp/x" && bsdtar -xf "$tmp"/a/bundles/nightly-2026-01-01.tar.gz -C "$tmp/x"
bundle="$tmp/x/nightly-2026-01-01"
jq -r '.files[] | "\(.sha256)  \(.path)"' "$bundle/manifest.json" >"$tmp/sums"
if [ -s "$tmp/sums" ] && (cd "$bundle" && sha256sum --quiet -c "$tmp/sums"); then
	echo "ok 3 - manifest.json checksums verify with sha256sum"
else
	echo "not ok 3 - manifest.json checksums verify with sha256sum"
fi
files=$(cd "$bundle" && find . -type f ! -name manifest.json | sed 's|^\./||' | sort)
listed=$(jq -r '.files[].path' "$bundle/manifest.json" | sort)
[ "$files" = "$listed" ] && echo "ok 4 - manifest lists exactly the bundled files" || echo "not ok 4 - manifest lists exactly the bundled files"
unzip -tq "$tmp"/a/bundles/nightly-2026-01-01.zip >/dev/null && echo "ok 5 - unzip -t accepts the zip" || echo "not ok 5 - unzip -t accepts the zip"
(cd "$tmp/a/bundles" && sha256sum --quiet -c ./*.sha256) && echo "ok 6 - bundle .sha256 files verify" || echo "not ok 6 - bundle .sha256 files verify"

cat >"$tmp/isal.yaml" <<'YAML'
vars: {OUT: out, GZ: zlib}
output: ${OUT}
stages:
  - use: import/text
    with: {path: pipelines/samples/*.txt}
  - use: export/json
    write_files: false
  - use: package/archive
    with: {name: b, formats: [tar.gz], gzip: "${GZ}"}
YAML
gz() { SOURCE_DATE_EPOCH=1767225600 $galley run "$tmp/isal.yaml" --set OUT="$1" --set GZ="$2" 2>/dev/null; }
gz "$tmp/i1" isa-l && gz "$tmp/i2" isa-l && gz "$tmp/z" zlib
i1="$tmp/i1/bundles/b.tar.gz"
if [ -s "$i1" ] && cmp -s "$i1" "$tmp/i2/bundles/b.tar.gz"; then
	echo "ok 7 - ISA-L's tar.gz is byte-identical run to run"
else
	echo "not ok 7 - ISA-L's tar.gz is byte-identical run to run"
fi
if gzip -t "$i1" && bsdtar -tzf "$i1" >/dev/null &&
	python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).getmembers()' "$i1" &&
	[ "$(gzip -dc "$i1" | sha256sum)" = "$(gzip -dc "$tmp/z/bundles/b.tar.gz" | sha256sum)" ]; then
	echo "ok 8 - gzip, bsdtar and tarfile read it; the same tar as zlib's"
else
	echo "not ok 8 - gzip, bsdtar and tarfile read it; the same tar as zlib's"
fi
# the demo run from inside pipelines/: the same guids as from the root
root=$(pwd)
(cd pipelines && SOURCE_DATE_EPOCH=1767225600 "$root/$galley" run nightly.yaml --set OUT="$tmp/c" \
	2>/dev/null)
guids() { for f in "$1"/json/*.json; do jq -r .guid "$f"; done; }
if [ -n "$(guids "$tmp/a")" ] && [ "$(guids "$tmp/a")" = "$(guids "$tmp/c")" ] &&
	! guids "$tmp/a" | grep -q pipelines/; then
	echo "ok 9 - guids are the same whatever folder galley runs from"
else
	echo "not ok 9 - guids depend on the working folder: $(guids "$tmp/a" | head -2) against $(guids "$tmp/c" | head -2)"
fi
