#!/bin/sh
# shard.t — a run split into shards and merged gives what one run gives
# (issue 31).  The demo pipeline over a 10,000-article corpus (2,000 under
# SANITIZE) once as one run and once as 4 shards started by GNU parallel
# (--shard auto/4, the index from PARALLEL_SEQ), one of them killed
# mid-run: the merge refuses while it is unfinished and changes nothing;
# re-run alone, the merge gives byte-identical bundles, feeds, partner
# bundles, per-article files and partner state.  Then, on the samples:
# ids that collide across shards, a second night with a changed article
# (a new version, exported again by the merge), and every refusal.
set -u
root=$(pwd)
galley="$root/${GALLEY:-build/galley}"
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
[ -n "${KEEP:-}" ] && echo "# kept: $work"
echo "1..38"
. tests/tools/tap.sh
export SOURCE_DATE_EPOCH=1767225600
articles=10000
[ -n "${GALLEY_SANITIZE:-}" ] && articles=2000

# The demo pipeline (pipelines/nightly.yaml) with its inputs from CORPUS,
# in folder $1, beside the demo's gazetteers.
demo() {
	mkdir -p "$1"
	sed -e 's|path: samples/\*.txt|path: ${CORPUS}/*/*.txt|' -e "s|\.\./scripts/|$root/scripts/|" \
		pipelines/nightly.yaml >"$1/p.yaml"
	ln -s "$root/pipelines/gazetteers" "$1/gazetteers"
}
# Every table of a partner state, rows sorted, the clock's columns blanked.
state() {
	/usr/bin/python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
clock = {"at", "started", "finished", "queued_at", "sent_at", "next_try"}
for (t,) in db.execute("select name from sqlite_master where type='table' order by name"):
    cols = [c[1] for c in db.execute("pragma table_info(%s)" % t)]
    rows = ["|".join("-" if c in clock else str(v) for c, v in zip(cols, r))
            for r in db.execute("select * from %s" % t)]
    print(t, len(rows))
    print("\n".join(sorted(rows)))
PY
}
# The outputs two runs must share: everything but the reports, the
# quarantine (a folder named by the clock; a shard keeps its own), the
# shards' folders and the state (compared by its contents).
same_tree() {
	diff -r -x report.html -x report.json -x quarantine -x shards -x 'state.sqlite*' "$1" "$2" \
		>"$work/diff" 2>&1
}

/usr/bin/python3 tests/bench/make_corpus.py "$work/corpus" "$articles" pipelines/samples/*.txt \
	tests/fixtures/language/*.txt >/dev/null
demo "$work/one"
demo "$work/four"
# runs in $1 (OUT is $1/out): the pipeline with the corpus, and more options
run_in() {
	dir=$1
	shift
	(cd "$dir" && "$galley" "$@" p.yaml --set CORPUS="$work/corpus" --set OUT=out -q)
}
run_in "$work/one" run >"$work/one.txt" 2>&1
check "one run of $articles articles exits 0" "[ $? -eq 0 ]"

# four shards at once, shard 2 (PARALLEL_SEQ 3) killed once it has
# written records, then run again by itself
shards="$work/four/out/shards"
killer() {
	for _ in $(seq 1200); do
		if [ -s "$shards/2-of-4/articles.records" ]; then
			for p in $(pgrep -f "$galley run p.yaml"); do
				tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx PARALLEL_SEQ=3 &&
					kill -KILL "$p"
			done
			return
		fi
		sleep 0.1
	done
}
killer &
(cd "$work/four" && parallel -j4 -n0 "$galley" run p.yaml --set CORPUS="$work/corpus" --set OUT=out \
	--jobs 1 -q --shard auto/4 ::: 1 2 3 4 >"$work/four.txt" 2>&1)
status=$?
wait
check "parallel runs 4 shards, one killed (parallel exits 1: $status)" "[ $status -eq 1 ]"
check "the killed shard left records but no shard.json; the others finished" \
	"[ -s $shards/2-of-4/articles.records ] && [ ! -e $shards/2-of-4/shard.json ] &&
	 [ -e $shards/0-of-4/shard.json ] && [ -e $shards/1-of-4/shard.json ] &&
	 [ -e $shards/3-of-4/shard.json ]"
run_in "$work/four" merge --shards 4 >"$work/merge.txt" 2>&1
status=$?
check "the merge refuses an unfinished shard (exit $status), saying which" \
	"[ $status -eq 2 ] && grep -q 'shard 2 of 4 is missing or did not finish' $work/merge.txt"
check "... and changes nothing: no bundle, feed, article file, state or report" \
	"[ \"\$(ls $work/four/out)\" = shards ]"
(export PARALLEL_SEQ=3; run_in "$work/four" run --shard auto/4 >"$work/again.txt" 2>&1)
check "shard 2 run again by itself exits 0 (auto/4 from PARALLEL_SEQ)" \
	"[ $? -eq 0 ] && [ -e $shards/2-of-4/shard.json ]"
read=$(cat "$shards"/*/shard.json | jq -s 'map(.counts.read) | add')
check "the shards read the $articles inputs between them ($read)" "[ '$read' = $articles ]"
run_in "$work/four" merge --shards 4 >"$work/merge.txt" 2>&1
check "the merge of 4 shards exits 0" "[ $? -eq 0 ]"
a=$work/one/out
b=$work/four/out
bundles=$(ls "$a/bundles" "$a/feeds" "$a/outbox"/* | grep -c '\.')
check "bundles, feeds and partner bundles identical, byte for byte ($bundles files)" \
	"[ $bundles -ge 8 ] && diff -r $a/bundles $b/bundles && diff -r $a/feeds $b/feeds &&
	 diff -r $a/outbox $b/outbox"
files=$(find "$a/json" "$a/ninjs" "$a/nitf" -type f | wc -l)
check "per-article files identical ($files files) and nothing else differs" \
	"[ $files -eq $((3 * articles)) ] && same_tree $a $b"
check "the partner state holds the same rows" \
	"state $a/state.sqlite >$work/s1 && state $b/state.sqlite >$work/s4 &&
	 [ \$(wc -l <$work/s1) -gt $articles ] && cmp -s $work/s1 $work/s4"
check "report.json counts agree" \
	"[ \"\$(jq -c .counts $a/report.json)\" = \"\$(jq -c .counts $b/report.json)\" ]"
run_in "$work/four" merge --shards 4 >"$work/merge.txt" 2>&1
check "merging the same shards twice is refused; the merge removed their records" \
	"[ $? -eq 2 ] && grep -q 'was merged already' $work/merge.txt &&
	 ! ls $shards/*/articles.records 2>/dev/null"

# A small wire with a partner: twelve stories, six of them with the id
# "weather", so ids collide across shards, and before them a seventh whose
# urgency sets it aside after it took the id (the merge must take it too);
# one run against three shards.
wire() {
	mkdir -p "$1/in"
	cat >"$1/p.yaml" <<'YAML'
name: wire
output: out
stages:
  - use: import/text
    with: {path: in/*.txt, language: en}
  - lua: mark.lua
  - name: ninjs
    use: export/ninjs
    with:
      version: ${NINJS:-2.1}
  - name: json
    use: export/json
    write_files: false
  - use: package/archive
    with: {formats: [tar]}
partners:
  - name: agency
    formats: [ninjs, json]
    archive: tar
    outbox: out/outbox/agency
state: out/state.sqlite
YAML
	echo 'function process(a) a.kicker = "Wire" end' >"$1/mark.lua"
	# first in the order: a "weather" set aside after its id was taken
	printf -- '---\nid: weather\nurgency: 12\n---\nStory 0\n\nNo rain.\n' >"$1/in/0.txt"
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		id=story-$i
		[ $((i % 2)) -eq 0 ] && id=weather
		printf -- '---\nid: %s\npublished: 2026-11-%02dT06:00:00Z\n---\nStory %s\n\nIt rained in town %s, and the ferries ran late.\n' \
			"$id" "$i" "$i" "$i" >"$1/in/$i.txt"
	done
}
wire "$work/w1"
wire "$work/w3"
night() { # the wire as one run and as three shards merged; exits in $one $three
	(cd "$work/w1" && "$galley" run p.yaml -q >"$work/w1.txt" 2>&1)
	one=$?
	three=0
	for i in 0 1 2; do
		(cd "$work/w3" && "$galley" run p.yaml -q --shard $i/3 >>"$work/w3.txt" 2>&1) || three=9
	done
	(cd "$work/w3" && "$galley" merge p.yaml --shards 3 -v >"$work/merge.txt" 2>&1) || three=$?
}
night
check "the wire: one run and three shards merged both exit 1, one quarantined ($one, $three)" \
	"[ $one -eq 1 ] && [ $three -eq 1 ] && grep -q '13 read, 12 done, 0 dropped, 1 quarantined' $work/merge.txt"
spread=$(ls "$work"/w3/out/shards/*/ninjs/weather.json | wc -l) # each shard's first "weather"
check "the six 'weather' stories fell in $spread shards and got the ids one run gives them" \
	"[ $spread -ge 2 ] && [ \$(ls $work/w3/out/ninjs | grep -c '^weather-') -eq 6 ] &&
	 same_tree $work/w1/out $work/w3/out"
check "... and the same partner state" \
	"state $work/w1/out/state.sqlite >$work/s1 && state $work/w3/out/state.sqlite >$work/s3 &&
	 cmp -s $work/s1 $work/s3"
status() { (cd "$work/w3" && "$galley" status p.yaml >"$work/status.txt" 2>&1); }
status
check "galley status shows the three shards merged, before what a run now would send" \
	"[ $? -eq 0 ] && [ \$(grep -c '^    [0-2]-of-3  merged: ' $work/status.txt) -eq 3 ] &&
	 grep -A5 '^shards in out/shards' $work/status.txt | grep -q '^  merged$' &&
	 grep -A6 '^shards in' $work/status.txt | grep -q '^now:'"
for d in w1 w3; do
	sed -i 's/ferries ran late/ferries ran on time/' "$work/$d/in/4.txt"
done
night
changed=$(grep -l 'on time' "$work"/w3/out/ninjs/* | head -1)
check "a second night with a changed story: version 2, exported again by the merge" \
	"[ $one -eq 1 ] && [ $three -eq 1 ] && grep -q 'exported again' $work/merge.txt &&
	 jq -e '.version == \"2\"' $changed >/dev/null && same_tree $work/w1/out $work/w3/out"
check "... the partner gets the same update bundle, and the state agrees" \
	"state $work/w1/out/state.sqlite >$work/s1 && state $work/w3/out/state.sqlite >$work/s3 &&
	 cmp -s $work/s1 $work/s3 && [ \$(ls $work/w3/out/outbox/agency/*.tar | wc -l) -eq 2 ]"

# What a shard and a merge refuse
shard() { (cd "$work/w3" && "$galley" run p.yaml --shard "$@" >"$work/err.txt" 2>&1); }
shard 3/3
check "--shard 3/3 is refused" "[ $? -eq 2 ] && grep -q 'not from 0 to 2' $work/err.txt"
(unset JOB_COMPLETION_INDEX SLURM_ARRAY_TASK_ID PARALLEL_SEQ; shard auto/3)
check "--shard auto/3 with no scheduler's variable is refused, naming them" \
	"[ $? -eq 2 ] && grep -q 'JOB_COMPLETION_INDEX (Kubernetes), SLURM_ARRAY_TASK_ID (Slurm)' $work/err.txt"
shard 1/3 --partner agency
check "a shard takes no --partner" "[ $? -eq 2 ] && grep -q 'a shard sends nothing to partners' $work/err.txt"
(cd "$work/w3" && "$galley" run p.yaml --shards 3 >"$work/err.txt" 2>&1)
check "run takes no --shards (merge's), and says its own usage" \
	"[ $? -eq 2 ] && grep -q '^usage: galley run PIPELINE' $work/err.txt"
(export JOB_COMPLETION_INDEX=1; shard auto/3)
check "auto/3 from JOB_COMPLETION_INDEX (Kubernetes) runs shard 1" \
	"[ $? -eq 0 ] && grep -q 'shard 1 of 3, from JOB_COMPLETION_INDEX' $work/err.txt"
(export SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_MIN=1; shard auto/3)
check "auto/3 from a Slurm array counted from 1 runs shard 2" \
	"[ $? -eq 0 ] && grep -q 'shard 2 of 3, from SLURM_ARRAY_TASK_ID' $work/err.txt"
shard 0/3
status
check "galley status: every shard finished, and the merge to run" \
	"[ $? -eq 0 ] && [ \$(grep -c '^    [0-2]-of-3  finished: [0-9]* articles\\?, [0-9] set aside' $work/status.txt) -eq 3 ] &&
	 grep -q '^  ready: galley merge p.yaml --shards 3$' $work/status.txt"
mv "$work/w3/out/shards/1-of-3/shard.json" "$work/marker1"
mv "$work/w3/out/shards/2-of-3" "$work/shard2"
status
check "... a shard stopped (records, no marker) and one missing: what to run next" \
	"[ $? -eq 0 ] && grep -q '^    1-of-3  not finished: [0-9]* bytes of records, last written' $work/status.txt &&
	 grep -q '^    2-of-3  missing$' $work/status.txt &&
	 grep -q '^  1 of 3 ready: run the others (galley run p.yaml --shard I/3)' $work/status.txt"
mv "$work/marker1" "$work/w3/out/shards/1-of-3/shard.json"
mv "$work/shard2" "$work/w3/out/shards/2-of-3"
merge() { (cd "$work/w3" && "$galley" merge p.yaml "$@" >"$work/err.txt" 2>&1); }
merge --shards 4
check "merging 4 where 3 were run is refused" \
	"[ $? -eq 2 ] && grep -q 'shard 0 of 4 is missing' $work/err.txt"
records=$work/w3/out/shards/1-of-3/articles.records
cp "$records" "$work/records"
head -c 100 "$work/records" >"$records"
before=$(state "$work/w3/out/state.sqlite" | md5sum)
merge --shards 3
check "a shard's records cut short are refused" \
	"[ $? -eq 2 ] && grep -q 'shard 1 of 3 has an articles.records of another size' $work/err.txt"
cp "$work/records" "$records"
marker=$work/w3/out/shards/1-of-3/shard.json
jq '.records += 1' "$marker" >"$work/marker" && cp "$work/marker" "$marker"
merge --shards 3
check "a shard whose record count does not match is refused" \
	"[ $? -eq 2 ] && grep -q 'shard 1 of 3 holds [0-9]* records where shard.json says' $work/err.txt"
jq '.records -= 1 | .format = "0000000000000000"' "$marker" >"$work/marker" && cp "$work/marker" "$marker"
merge --shards 3
check "a shard packed by a galley of another article model is refused" \
	"[ $? -eq 2 ] && grep -q 'shard 1 of 3 was run by a galley whose article model differs' $work/err.txt"
shard 1/3 --set NINJS=3.0
merge --shards 3
check "a shard run with another --set value is refused, naming the stage" \
	"[ $? -eq 2 ] && grep -q \"shard 1 of 3 ran stage 'ninjs' with other settings\" $work/err.txt"
status
check "... and galley status says so before any merge is tried" \
	"[ $? -eq 0 ] && grep -A1 '^    1-of-3  finished' $work/status.txt |
	 grep -q \"^            but it ran stage 'ninjs' with other settings than here\" &&
	 grep -q '^  2 of 3 ready: run the others' $work/status.txt && ! grep -q missing $work/status.txt"
shard 1/3
echo '-- edited since' >>"$work/w3/mark.lua"
merge --shards 3
check "a Lua stage's script edited after the shards ran is refused" \
	"[ $? -eq 2 ] && grep -q \"shard 0 of 3 ran stage 'mark.lua' with other settings\" $work/err.txt"
check "... and the refused merges changed no state" \
	"[ '$before' = \"\$(state $work/w3/out/state.sqlite | md5sum)\" ]"

# The deployment examples in pipelines/deploy/, run as they are on the
# wire: GNU parallel over "ssh" (a stand-in that runs the command here,
# PARALLEL_SSH), Slurm (sbatch stand-in running the array and then the
# merge it depends on), Kubernetes (each container's args, with the Indexed
# Job's JOB_COMPLETION_INDEX, /work being the test's folder).  The wire has
# one story quarantined: parallel.sh ends with the merge's exit 1, as cron
# should see it; the pods and Slurm jobs exit 0, so that no scheduler runs
# a shard or the merge again for it.
# one run of the wire in folder $1 as the example will run it (pipeline
# $1/$2), kept as $1/one: the sources' paths name the folder
one_run() {
	wire "$work/$1"
	[ "$2" = p.yaml ] || mv "$work/$1/p.yaml" "$work/$1/$2"
	(cd "$work/$1" && "$galley" run "$work/$1/$2" -q >/dev/null 2>&1; mv out one)
}
mkdir -p "$work/bin"
cat >"$work/bin/fakessh" <<'SH'
#!/bin/sh
# ssh [OPTIONS] HOST COMMAND: runs COMMAND here, in the environment sshd
# gives a login (GNU parallel's remote worker runs the job with $SHELL; CI
# may run the tests with neither SHELL nor HOME set)
while [ "$#" -gt 0 ]; do case "$1" in -*) shift ;; *) break ;; esac; done
shift
[ "${1:-}" = -- ] && shift
export SHELL=/bin/sh HOME="${HOME:-/tmp}"
exec /bin/sh -c "$*"
SH
cat >"$work/bin/sbatch" <<'SH'
#!/bin/sh
# sbatch stand-in: --array=A-B runs the --wrap command once per task, with
# SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_MIN, else once; logs each exit
# status and prints a job id
array= wrap=
for a; do case "$a" in --array=*) array=${a#--array=} ;; --wrap=*) wrap=${a#--wrap=} ;; esac; done
echo "$*" >>"$SBATCH_LOG"
if [ -n "$array" ]; then
	for i in $(seq "${array%-*}" "${array#*-}"); do
		SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_MIN=${array%-*} SLURM_CPUS_PER_TASK=1 sh -c "$wrap"
		echo "task $i exit $?" >>"$SBATCH_LOG"
	done
else
	sh -c "$wrap"
	echo "job exit $?" >>"$SBATCH_LOG"
fi
echo 4242
SH
chmod +x "$work/bin/fakessh" "$work/bin/sbatch"
printf '1/wire-a\n1/wire-b\n' >"$work/hosts"
PATH="$(dirname "$galley"):$PATH" # the build under test, as `galley`
one_run wp p.yaml
(cd "$work/wp" && PARALLEL_SSH="$work/bin/fakessh" sh "$root/pipelines/deploy/parallel.sh" \
	"$work/hosts" "$work/wp/p.yaml" 3 >"$work/err.txt" 2>&1)
check "pipelines/deploy/parallel.sh: 3 shards over two ssh hosts and the merge, as one run" \
	"[ $? -eq 1 ] && [ \$(ls $work/wp/out/shards/*/merged.json | wc -l) -eq 3 ] &&
	 same_tree $work/wp/one $work/wp/out"
one_run ws p.yaml
(cd "$work/ws" && PATH="$work/bin:$PATH" SBATCH_LOG="$work/sbatch.log" \
	sh "$root/pipelines/deploy/slurm.sh" "$work/ws/p.yaml" 3 >"$work/err.txt" 2>&1)
check "pipelines/deploy/slurm.sh: an array of 3 and a merge after it, as one run" \
	"[ $? -eq 0 ] && grep -q 'dependency=afterok:4242' $work/sbatch.log &&
	 [ \$(grep -c 'task [0-2] exit 0' $work/sbatch.log) -eq 3 ] && grep -q 'job exit 1' $work/sbatch.log &&
	 [ \$(ls $work/ws/out/shards/*/merged.json | wc -l) -eq 3 ] && same_tree $work/ws/one $work/ws/out"
one_run wk nightly.yaml
/usr/bin/python3 - "$root/pipelines/deploy/kubernetes.yaml" "$work/wk" "$galley" >"$work/err.txt" 2>&1 <<'PY'
import os, subprocess, sys, yaml
spec, work, galley = sys.argv[1:]
def run(pod, env):
    for c in pod.get("initContainers", []) + pod["containers"]:
        argv = [galley] + [a.replace("/work", work) for a in c["args"]] if "args" in c else \
               [x.replace("/work", work) for x in c["command"]]
        e = dict(os.environ, **{v["name"]: v["value"] for v in c.get("env", [])}, **env)
        subprocess.run(argv, env=e, cwd=work, check=True, timeout=120)  # exit 0, as a pod must
for job in yaml.safe_load_all(open(spec)):
    s = job["spec"]
    for i in range(s.get("completions", 1)):
        run(s["template"]["spec"], {"JOB_COMPLETION_INDEX": str(i)} if s.get("completionMode") == "Indexed" else {})
PY
check "pipelines/deploy/kubernetes.yaml: the Indexed Job's 4 pods and the merge Job, as one run" \
	"[ $? -eq 0 ] && [ \$(ls $work/wk/out/shards/*/merged.json | wc -l) -eq 4 ] && same_tree $work/wk/one $work/wk/out"
