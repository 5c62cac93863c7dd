#!/bin/sh
# sdk.t — the plugin SDK works out of tree: `make install` into a staging
# folder, build tests/sdk/example_plugin.c with nothing but
# `pkg-config --cflags galley-plugin`, and run it from the installed galley.
set -u
root=$(pwd)
build=${GALLEY_BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..4"
stage=$tmp/stage
prefix=/usr/local
make -s --no-print-directory BUILD="$build" SANITIZE="${GALLEY_SANITIZE:-}" \
	CC="${GALLEY_CC:-cc}" DESTDIR="$stage" PREFIX="$prefix" install \
	>"$tmp/install.log" 2>&1 &&
	[ -f "$stage$prefix/include/galley/plugin.h" ] &&
	[ -f "$stage$prefix/lib/pkgconfig/galley-plugin.pc" ] &&
	echo "ok 1 - make install stages galley, plugin.h and galley-plugin.pc" ||
	{ echo "not ok 1 - make install: $(cat "$tmp/install.log")"; exit 0; }
# pkg-config reads the staged .pc; its prefix points at the real place, so
# redirect it to the staging folder as a packager's build would
cflags=$(PKG_CONFIG_PATH="$stage$prefix/lib/pkgconfig" \
	PKG_CONFIG_SYSROOT_DIR="$stage" pkg-config --cflags galley-plugin)
mkdir -p "$tmp/plugins/annotate"
${GALLEY_CC:-cc} -std=c11 -Wall -Wextra -Werror -shared -fPIC -fvisibility=hidden $cflags \
	"$root/tests/sdk/example_plugin.c" -o "$tmp/plugins/annotate/byline_count.so" \
	2>"$tmp/cc.log" &&
	echo "ok 2 - the example plugin builds with only pkg-config --cflags galley-plugin ($cflags)" ||
	echo "not ok 2 - build failed: $(cat "$tmp/cc.log")"
mkdir -p "$tmp/run"
printf -- '---\nbylines: [Kari Nordmann, Ola Hansen]\n---\nFerry news\n\nThe ferry runs.\n' \
	>"$tmp/run/a.txt"
cat >"$tmp/run/pipeline.yaml" <<YAML
plugin_path: [$tmp/plugins]
stages:
  - use: import/text
    with: {path: a.txt}
  - use: annotate/byline_count
  - use: export/json
YAML
"$stage$prefix/bin/galley" plugins 2>/dev/null | grep -q '^import/text' &&
	echo "ok 3 - the installed galley finds its installed plugins" ||
	echo "not ok 3 - the installed galley does not list import/text"
(cd "$tmp/run" && "$stage$prefix/bin/galley" run pipeline.yaml 2>"$tmp/run.log") &&
	grep -q '"byline_count": 2' "$tmp/run/out/json/ferry-news.json" &&
	echo "ok 4 - the installed galley runs the out-of-tree plugin" ||
	echo "not ok 4 - run failed: $(cat "$tmp/run.log")"
