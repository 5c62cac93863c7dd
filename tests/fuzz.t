#!/bin/sh
# fuzz.t — replays every fuzz target's corpus once (tests/fuzz/corpus/NAME/:
# seeds, and every crash or hang ever found, kept as regression inputs).
# No timed fuzzing here: `make fuzz FUZZ_SECONDS=N` does that.
set -u
build=${GALLEY_BUILD:-build}
names=$(sh tests/fuzz/targets.sh)
echo "1..$(echo "$names" | wc -l)"
n=0
for name in $names; do
	n=$((n + 1))
	dir=tests/fuzz/corpus/$name
	count=$(find "$dir" -type f | wc -l)
	if [ "$count" -eq 0 ]; then
		echo "not ok $n - $name: empty corpus"
		continue
	fi
	if find "$dir" -type f -print0 | sort -z | xargs -0 timeout 300 "$build/fuzz/replay_$name" \
		>"$build/fuzz/replay_$name.log" 2>&1; then
		echo "ok $n - $name: $count inputs"
	else
		echo "not ok $n - $name: $count inputs"
		tail -20 "$build/fuzz/replay_$name.log" | sed 's/^/# /'
	fi
done
