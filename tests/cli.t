#!/bin/sh
# cli.t — golden end-to-end tests: each folder tests/cli/NNN-name/ holds
#   args                 the galley command line (one line, word-split)
#   pipeline.yaml, input files, scripts …
#   expected/status      exit code
#   expected/stderr      (optional) stderr, with "in 0.01s" made "in Ts";
#                        GOLDEN_UPDATE leaves a case without one so
#   expected/stdout      (optional)
#   expected/files       (optional) every file the run leaves under out/
#   expected/out/…       (optional) files compared byte for byte
# The case runs in a scratch copy, with scripts/ and samples/ linked from
# the repo and SOURCE_DATE_EPOCH fixed.  GOLDEN_UPDATE=1 rewrites expected/.
set -u
root=$(pwd)
galley="$root/${GALLEY:-build/galley}"
build="$root/${GALLEY_BUILD:-build}"
cases=$(ls -d tests/cli/*/ | sort)
echo "1..$(echo "$cases" | wc -l)"
n=0
for dir in $cases; do
	n=$((n + 1))
	name=$(basename "$dir")
	work=$(mktemp -d)
	cp -R "$dir"/. "$work"/
	rm -rf "$work/expected"
	ln -s "$root/scripts" "$work/scripts"
	ln -s "$root/pipelines/samples" "$work/samples"
	(
		cd "$work" &&
		SOURCE_DATE_EPOCH=1767225600 GALLEY_PLUGIN_PATH="$build/tests/plugins" \
			$galley $(cat args) >stdout.txt 2>stderr.txt
		echo $? >status.txt
	)
	sed -i -E -e 's/ in [0-9]+\.[0-9]+s;/ in Ts;/' -e "/: cpu [0-9.]*s user/d" -e "s|$build/|BUILD/|g" -e "s|$root/||g" "$work/stderr.txt"
	# the run's quarantine folder is named by the clock: RUN in the goldens
	for q in "$work"/out/quarantine/[0-9]*T*Z; do [ -d "$q" ] && mv "$q" "$work/out/quarantine/RUN"; done
	(cd "$work" && { [ -d out ] && find out -type f | sort || true; }) >"$work/files.txt"
	exp="$dir/expected"
	if [ -n "${GOLDEN_UPDATE:-}" ]; then
		mkdir -p "$exp"
		# a case set up without stderr (its timing varies) stays without
		[ -f "$exp/stderr" ] || [ ! -f "$exp/status" ] && cp "$work/stderr.txt" "$exp/stderr"
		cp "$work/status.txt" "$exp/status"
		[ -s "$work/stdout.txt" ] && cp "$work/stdout.txt" "$exp/stdout"
		[ -f "$exp/files" ] && cp "$work/files.txt" "$exp/files"
		if [ -d "$exp/out" ]; then
			(cd "$exp/out" && find . -type f) | while read -r f; do cp "$work/out/$f" "$exp/out/$f"; done
		fi
	fi
	why=""
	cmp -s "$exp/status" "$work/status.txt" || why="$why status $(cat "$work/status.txt") (want $(cat "$exp/status"));"
	if [ -f "$exp/stderr" ] && ! cmp -s "$exp/stderr" "$work/stderr.txt"; then
		why="$why stderr differs;"
		diff -u "$exp/stderr" "$work/stderr.txt" | sed 's/^/# /'
	fi
	if [ -f "$exp/stdout" ] && ! cmp -s "$exp/stdout" "$work/stdout.txt"; then
		why="$why stdout differs;"
		diff -u "$exp/stdout" "$work/stdout.txt" | sed 's/^/# /'
	fi
	if [ -f "$exp/files" ] && ! cmp -s "$exp/files" "$work/files.txt"; then
		why="$why files differ;"
		diff -u "$exp/files" "$work/files.txt" | sed 's/^/# /'
	fi
	if [ -d "$exp/out" ]; then
		for f in $(cd "$exp/out" && find . -type f | sort); do
			if ! cmp -s "$exp/out/$f" "$work/out/$f"; then
				why="$why out/$f differs;"
				diff -u "$exp/out/$f" "$work/out/$f" 2>&1 | head -40 | sed 's/^/# /'
			fi
		done
	fi
	if [ -z "$why" ]; then echo "ok $n - $name"; else echo "not ok $n - $name:$why"; fi
	rm -rf "$work"
done
