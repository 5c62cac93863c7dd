#!/bin/sh
# run.sh — `make fuzz`: builds every fuzz target with clang's libFuzzer
# (the core and plugins instrumented under build/libfuzzer/) and runs each for
# FUZZ_SECONDS over its seed corpus tests/fuzz/corpus/NAME/ plus the
# corpus it grows in build/libfuzzer/corpus/NAME/.  A crash is written to
# build/libfuzzer/crashes/; fix it, then copy the input into the seed corpus so
# `make check` replays it for ever (tests/fuzz.t).
set -eu
seconds=${FUZZ_SECONDS:-60}
only=${FUZZ_ONLY:-}
build=build/libfuzzer
flags="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g -O1"
make -s CC=clang BUILD=$build \
	SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	all >/dev/null
cflags="-std=c11 -D_GNU_SOURCE -Icore -Icore/include -Iplugins/lib -Itests/fuzz $(pkg-config --cflags lua5.4 jansson libpcre2-8)"
libs="$(pkg-config --libs lua5.4 yaml-0.1 libarchive jansson libutf8proc libpcre2-8 libcrypto sqlite3 zlib libzstd libcurl) -lisal -ldl -lpthread"
mkdir -p $build/crashes
status=0
for name in $(sh tests/fuzz/targets.sh); do
	[ -n "$only" ] && [ "$only" != "$name" ] && continue
	set -- "tests/fuzz/fuzz_$name.c"
	case $name in import_*)
		set -- tests/fuzz/fuzz_import.c "-DFUZZ_PLUGIN=\"import/${name#import_}\"" \
			"-DFUZZ_EXT=\"$(sh tests/fuzz/targets.sh ext "$name")\"" \
			"-DFUZZ_PLUGIN_DIR=\"$(pwd)/$build/plugins\""
		;;
	annotate)
		set -- "$@" "-DFUZZ_PLUGIN_DIR=\"$(pwd)/$build/plugins\"" "-DFUZZ_ROOT=\"$(pwd)\""
		;;
	esac
	# shellcheck disable=SC2086 # flag lists are meant to split
	clang $cflags $flags "$@" tests/fuzz/util.c $build/libgalley-core.a -o "$build/fuzz_$name" $libs
	mkdir -p "$build/corpus/$name"
	echo "fuzz: $name for ${seconds}s"
	"$build/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$build/crashes/$name-" -print_final_stats=1 \
		"$build/corpus/$name" "tests/fuzz/corpus/$name" 2>"$build/$name.log" || status=1
	grep -E "^stat::number_of_executed_units|^stat::peak_rss|Done [0-9]+ runs|ERROR" "$build/$name.log" || true
done
exit $status
