#!/bin/sh
# safety.t — outputs that are safe to trust (issue 34): no crash when a
# partner cannot start, a checksum beside every bundle even after a kill,
# no bundle ever replaced, no temporary file left behind, a full disk
# reported as it is (on a small tmpfs, in a mount namespace of its own).
set -u
KEEP=${KEEP:-}
galley=$(pwd)/${GALLEY:-build/galley}
root=$(pwd)
tmp=$(mktemp -d)
[ -n "$KEEP" ] || trap 'rm -rf "$tmp"' EXIT; echo "# scratch: $tmp"
export SOURCE_DATE_EPOCH=1767225600
echo "1..17"
. tests/tools/tap.sh

setup() { # DIR [FIRST PARTNER'S EXTRA LINE]: samples, two partners and a state
	mkdir -p "$1/in"
	cp "$root"/pipelines/samples/*.txt "$1/in/"
	cat >"$1/pipeline.yaml" <<YAML
name: safe
stages:
  - use: import/text
    with: {path: "in/*.txt", language: en}
  - name: json
    use: export/json
partners:
  - name: wire
    formats: [json]
    outbox: outbox/wire
    ${2:-}
  - name: bag
    formats: [json]
    archive: tar
    layout: bagit
    outbox: outbox/bag
state: state/galley.sqlite
YAML
}
run() { (cd "$1" && shift && "$galley" run pipeline.yaml "$@" >>stdout 2>>stderr); }

# 1, 2: the first partner cannot start; the report must not read the others
a=$tmp/when
setup "$a" "when: broken.lua"
echo 'error("this script fails as it loads")' >"$a/broken.lua"
run "$a"
status=$?
check "a when: script failing as it loads: exit 2 naming it, no crash" \
	'[ $status -eq 2 ] && grep -q "partner wire: .*this script fails as it loads" "$a/stderr" &&
	 jq -e ".partners | length == 2" "$a/out/report.json" >/dev/null'
b=$tmp/outbox
setup "$b"
mkdir -p "$b/outbox" && echo "not a folder" >"$b/outbox/wire"
run "$b"
status=$?
check "an outbox that cannot be made: exit 3 naming it, no crash" \
	'[ $status -eq 3 ] && grep -q "cannot create outbox .*outbox/wire" "$b/stderr"'

# 3: killed between the rename and the checksum: the next run writes it
c=$tmp/sidecar
setup "$c"
(cd "$c" && GALLEY_FAULT=after-rename "$galley" run pipeline.yaml >/dev/null 2>&1)
ls "$c"/outbox/wire/*.sha256 >/dev/null 2>&1 && echo "# the fault point came too late"
run "$c"
check "killed after the rename: the next run writes the missing .sha256, and it checks" \
	'(cd "$c/outbox/wire" && sha256sum -c --quiet safe-2026-01-01-1.tar.gz.sha256 2>/dev/null ||
	  sha256sum -c --quiet wire-2026-01-01-1.tar.gz.sha256)'

# 4: a bundle of that name is in the outbox already (another pipeline's, a lost state)
d=$tmp/taken
setup "$d"
mkdir -p "$d/outbox/wire"
echo "someone else's bundle" >"$d/outbox/wire/wire-2026-01-01-1.tar.gz"
run "$d"
check "a bundle of the same name is never replaced: the run takes the next {seq}" \
	'[ "$(cat "$d/outbox/wire/wire-2026-01-01-1.tar.gz")" = "someone else'"'"'s bundle" ] &&
	 (cd "$d/outbox/wire" && sha256sum -c --quiet wire-2026-01-01-2.tar.gz.sha256)'

# 5: temporary files of killed runs are removed at the next start, but
# not those of a process still writing
e=$tmp/temps
setup "$e"
run "$e"
sleep 300 &
alive=$!
mkdir -p "$e/out/json" "$e/out/nested/deeper"
: >"$e/out/json/x.json.tmp.999999999"
: >"$e/out/nested/deeper/y.tar.gz.tmp.999999998"
: >"$e/out/json/z.json.tmp.$alive"
# (outside the articles' folders: those hold only the run's articles)
: >"$e/out/nested/notes.tmp.txt"
echo "new" >>"$e/in/library-hours.txt"
run "$e"
check "leftover temporary files of dead runs are removed; a live writer's and others' stay" \
	'[ ! -e "$e/out/json/x.json.tmp.999999999" ] && [ ! -e "$e/out/nested/deeper/y.tar.gz.tmp.999999998" ] &&
	 [ -e "$e/out/json/z.json.tmp.$alive" ] && [ -e "$e/out/nested/notes.tmp.txt" ]'
kill "$alive" 2>/dev/null

# 6: the state cannot record a bundle already published (a full disk at
# that moment): exit 3 saying so; the next run counts it as sent, once
h=$tmp/confirm
setup "$h"
(cd "$h" && GALLEY_FAULT=confirm-fails "$galley" run pipeline.yaml >/dev/null 2>confirm.err)
status=$?
run "$h"
check "published but not recorded: exit 3 saying so, and the next run counts it as sent" \
	'[ $status -eq 3 ] &&
	 grep -q "partner wire: outbox/wire/wire-2026-01-01-1.tar.gz is published, but the state could not record it" "$h/confirm.err" &&
	 grep -q "reached the outbox before the last run stopped" "$h/stderr" &&
	 [ "$(ls "$h"/outbox/wire/*.tar.gz | wc -l)" -eq 1 ] && [ "$(ls "$h"/outbox/bag/*.tar | wc -l)" -eq 1 ] &&
	 [ "$(sqlite3 "$h/state/galley.sqlite" "select count(*) from delivered")" -eq 10 ]'

# 7: a symlink in the inbox to a secret outside it is not read, not copied
i=$tmp/secret
setup "$i"
echo "root:*:19000:0:99999:7:::" >"$tmp/shadow" && chmod 640 "$tmp/shadow"
ln -s "$tmp/shadow" "$i/in/shadow.txt"
ln -s library-hours.txt "$i/in/hours-again.txt"
run "$i"
check "a symlink out of the inbox is skipped with a warning, never read or copied; one inside is read" \
	'grep -q "in/shadow.txt.*a symlink to a file outside the folder read" "$i/stderr" &&
	 ! grep -rq "root:\*" "$i/out" && [ -f "$i/out/json/city-libraries-extend-opening-hours.json" ] &&
	 ! grep -q "hours-again.txt.*outside" "$i/stderr"'

# 8: a quarantined copy is no more readable than its input
j=$tmp/mode
setup "$j"
printf '\377\376not text\n' >"$j/in/private.txt" && chmod 600 "$j/in/private.txt"
run "$j"
check "a quarantined input keeps its permission bits at most (0600 stays 0600)" \
	'[ "$(stat -c %a "$j"/out/quarantine/*/private.txt-*[0-9])" = 600 ]'

# 9: a symlink planted inside the output folder is never written through
k=$tmp/outlink
setup "$k"
mkdir -p "$k/out" "$k/elsewhere" "$k/elsewhere2"
ln -s ../elsewhere "$k/out/json"
ln -s ../elsewhere2 "$k/out/quarantine"
run "$k"
check "a symlink inside the output folder (json/, quarantine/): nothing written through it, and said" \
	'[ -z "$(ls -A "$k/elsewhere")" ] && [ -z "$(ls -A "$k/elsewhere2")" ] &&
	 grep -q "out/json. is a symlink inside the output folder" "$k/stderr" &&
	 grep -q "out/quarantine is a symlink inside the output folder" "$k/stderr"'

# 10: an id with a line break cannot add a line to a BagIt manifest
l=$tmp/inject
setup "$l"
printf -- '---\nid: "evil\\nabc123  data/json/forged.json"\n---\nAn injected id\n\nText of the article, long enough.\n' \
	>"$l/in/evil.txt"
run "$l"
check "an id that cannot name a file becomes its slug; the bag still validates" \
	'grep -q "cannot name a file; this article.s is .evil-abc123-data-json-forged-json." "$l/stderr" &&
	 tar -xf "$l"/outbox/bag/bag-2026-01-01-1.tar -C "$l" &&
	 (cd "$l/bag-2026-01-01-1" && sha256sum --quiet -c manifest-sha256.txt) &&
	 [ "$(wc -l <"$l/bag-2026-01-01-1/manifest-sha256.txt")" -eq "$(find "$l/bag-2026-01-01-1/data" -type f | wc -l)" ]'

# 11: javascript: links never reach a feed, an image or og:image
m=$tmp/links
mkdir -p "$m/in"
printf -- '---\nurl: "javascript://x%%0Aalert(1)"\nimage: {src: "javascript:alert(2)", caption: "A"}\n---\nA link\n\nText of the article, long enough.\n' \
	>"$m/in/link.txt"
cat >"$m/pipeline.yaml" <<'YAML'
stages:
  - use: import/text
    with: {path: "in/*.txt", language: en}
  - use: export/feed
    with: {base_url: "https://example.com/", formats: [atom, rss, json]}
  - use: export/html
    with: {base_url: "https://example.com/"}
  - use: export/ninjs
  - use: export/nitf
  - use: export/markdown
YAML
run "$m"
check "javascript: URLs reach no feed, image, rendition, og:image or media reference" \
	'! grep -rqi "javascript" "$m/out/feeds" "$m/out/html" "$m/out/ninjs" "$m/out/nitf" "$m/out/markdown" &&
	 grep -q "https://example.com/" "$m/out/feeds/atom.xml"'

# 12: names with line breaks and escapes are printed escaped; a name that
# is not UTF-8 is still listed in report.json
nm=$tmp/names
setup "$nm"
printf 'not text \377\n' >"$nm/in/$(printf 'forged\ngalley: safe: 9 read\033[2J.txt')"
printf 'not text \377\n' >"$nm/in/$(printf 'latin\351.txt')"
run "$nm"
check "a file name's line break and ESC are escaped in the log; a non-UTF-8 name is in report.json" \
	'! grep -q "^galley: safe: 9 read" "$nm/stderr" && ! grep -q "$(printf "\033")" "$nm/stderr" &&
	 grep -q "^  galley: safe: 9 read\\\\x1b\[2J.txt: quarantined" "$nm/stderr" &&
	 grep -q "in/latin\\\\xe9.txt: quarantined" "$nm/stderr" &&
	 jq -e "[.quarantined[].source] | any(. == \"in/latin\\\\xe9.txt\")" "$nm/out/report.json" >/dev/null'

# 13, 14: plugin names are checked wherever they are given; a script must be a file
o=$tmp/names2
mkdir -p "$o/in" && cp "$root"/pipelines/samples/library-hours.txt "$o/in/"
cat >"$o/pipeline.yaml" <<'YAML'
stages:
  - use: import/archive
    with: {path: "in/*", importers: {txt: ../../tmp/evil}}
  - use: export/json
YAML
(cd "$o" && "$galley" check pipeline.yaml >check.out 2>check.err)
status=$?
check "import/archive's importers: a path is refused as a plugin name, as use: refuses it" \
	'[ $status -eq 2 ] && grep -q "pipeline.yaml:3:.*.\.\./\.\./tmp/evil. is not a plugin name" "$o/check.err"'
q=$tmp/fifo
mkdir -p "$q/in" && cp "$root"/pipelines/samples/library-hours.txt "$q/in/"
mkfifo "$q/script.lua"
cat >"$q/pipeline.yaml" <<'YAML'
stages:
  - use: import/text
    with: {path: "in/*.txt"}
  - lua: script.lua
  - use: export/json
YAML
(cd "$q" && timeout 20 "$galley" run pipeline.yaml >run.out 2>run.err)
status=$?
check "a lua: script that is a FIFO fails at once, naming it, never hangs" \
	'[ $status -eq 2 ] && grep -q "script.lua: not a regular file" "$q/run.err"'

# 15: SIGKILL at random moments, at least 30 times, while articles keep
# arriving (1,000, then 60 more before each run: a few thousand in all), to
# a flat and a BagIt partner; then one good run: every article reached each
# partner exactly once, every bundle has a .sha256 that checks, no
# temporary file is left, and galley status agrees
r=$tmp/killloop
mkdir -p "$r/in"
i=0
arrive() { # N more articles
	last=$((i + $1))
	while [ $i -lt $last ]; do
		i=$((i + 1))
		printf 'Story number %d about the harbour\n\nBerth %d reopens after repairs, the harbour authority said on Monday.\n' \
			$i $i >"$r/in/s$i.txt"
	done
}
arrive 1000
cat >"$r/pipeline.yaml" <<'YAML'
name: loop
stages:
  - use: import/text
    with: {path: "in/*.txt", language: en}
  - name: json
    use: export/json
  - name: ninjs
    use: export/ninjs
partners:
  - name: flat
    formats: [json]
    outbox: outbox/flat
  - name: bag
    formats: [ninjs]
    archive: tar
    layout: bagit
    outbox: outbox/bag
state: state/galley.sqlite
YAML
kills=0 tries=0
while [ $kills -lt 30 ] && [ $tries -lt 120 ]; do
	tries=$((tries + 1))
	arrive 60
	(cd "$r" && exec "$galley" run pipeline.yaml -q >/dev/null 2>&1) &
	pid=$!
	sleep "0.$(od -An -N2 -tu2 /dev/urandom | awk '{ printf "%03d", $1 % 900 + 20 }')"
	kill -9 $pid 2>/dev/null && kills=$((kills + 1))
	wait $pid 2>/dev/null
done
run "$r" -q
members_of() { # PARTNER FOLDER-IN-BUNDLE: every article file of every bundle, one per line
	for b in "$r"/outbox/$1/*.tar "$r"/outbox/$1/*.tar.gz; do [ -f "$b" ] || continue; bsdtar -tf "$b" | grep "/$2/.*\.json$" | sed 's|.*/||'; done
}
sums_ok() {
	for b in "$r"/outbox/*/*.tar*; do
		case $b in *.sha256) continue ;; esac
		(cd "$(dirname "$b")" && sha256sum --quiet -c "$(basename "$b").sha256") || return 1
	done
}
check "$kills SIGKILLs in $tries runs over $i articles, then a good run: each once per partner, every .sha256, no leftovers" \
	'[ $kills -ge 30 ] &&
	 [ "$(members_of flat json | sort | uniq | wc -l)" -eq $i ] && [ "$(members_of flat json | wc -l)" -eq $i ] &&
	 [ "$(members_of bag ninjs | sort | uniq | wc -l)" -eq $i ] && [ "$(members_of bag ninjs | wc -l)" -eq $i ] &&
	 sums_ok && [ -z "$(find "$r" -name "*.tmp.*")" ] &&
	 (cd "$r" && "$galley" status pipeline.yaml 2>/dev/null) | grep -q "^  flat  *$i articles in" &&
	 (cd "$r" && "$galley" status pipeline.yaml 2>/dev/null) | grep -q "^  bag  *$i articles in"'

# 16, 17: a full disk (a 20 MB tmpfs with 5 MB free) and a read-only one
if ! unshare -m true 2>/dev/null; then
	echo "ok 16 # SKIP no mount namespace here (unshare -m): cannot make a small file system"
	echo "ok 17 # SKIP no mount namespace here (unshare -m): cannot make a read-only file system"
	exit 0
fi
f=$tmp/full
setup "$f"
awk 'BEGIN { print "A very long report"; for (i = 0; i < 60000; i++)
	printf "\nParagraph %d of the long report on the harbour and its ferries, %d.\n", i, i * 7 }' \
	>"$f/in/long-report.txt"
mkdir -p "$f/disk"
unshare -m sh -c '
	mount -t tmpfs -o size=20m tmpfs "$1/disk" || exit 99
	head -c 15000000 /dev/urandom >"$1/disk/filler"
	sed -i "s|outbox: outbox/|outbox: disk/outbox/|; s|state: state/|state: disk/state/|" "$1/pipeline.yaml"
	cd "$1" && "$2" run pipeline.yaml >full.out 2>full.err
	echo $? >full.status
	ls -A disk/outbox/wire disk/outbox/bag >full.ls 2>&1
	sqlite3 disk/state/galley.sqlite "select count(*) from delivered; select count(*) from bundles where status = '"'"'pending'"'"'" >full.db 2>&1
' sh "$f" "$galley"
check "a full disk: exit 3 naming the write, nothing published, nothing recorded as sent" \
	'[ "$(cat "$f/full.status")" = 3 ] && grep -q "No space left on device" "$f/full.err" &&
	 ! grep -q "tar" "$f/full.ls" && [ "$(head -1 "$f/full.db")" = 0 ]'
g=$tmp/readonly
setup "$g"
mkdir -p "$g/disk"
unshare -m sh -c '
	mount -t tmpfs -o size=4m tmpfs "$1/disk" || exit 99
	mkdir -p "$1/disk/state" && mount -o remount,ro "$1/disk"
	sed -i "s|outbox: outbox/wire|outbox: disk/wire|" "$1/pipeline.yaml"
	cd "$1" && "$2" run pipeline.yaml >ro.out 2>ro.err
	echo $? >ro.status
' sh "$g" "$galley"
check "an outbox on a read-only file system: exit 3 naming it, no crash" \
	'[ "$(cat "$g/ro.status")" = 3 ] && grep -q "cannot create outbox .*disk/wire" "$g/ro.err"'
