#!/bin/sh
# sdk.t — the plugin SDK works out of tree: `make install` into a staging
# folder, build tests/sdk/example_plugin.c with nothing but
# `pkg-config --cflags galley-plugin`, and run it from the installed galley.
set -u
root=$(pwd)
build=${GALLEY_BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..7"
stage=$tmp/stage
prefix=/usr/local
MAKEFLAGS= make -s --no-print-directory BUILD="$build" SANITIZE="${GALLEY_SANITIZE:-}" \
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
share=$stage$prefix/share
[ -f "$share/man/man1/galley.1" ] && [ -f "$share/man/man5/galley-pipeline.5" ] &&
	[ -f "$share/bash-completion/completions/galley" ] &&
	[ -f "$stage$prefix/lib/systemd/system/galley-nightly@.service" ] &&
	[ -f "$stage$prefix/lib/systemd/system/galley-nightly@.timer" ] &&
	grep -q "^ExecStart=$prefix/bin/galley run" "$stage$prefix/lib/systemd/system/galley-nightly@.service" &&
	echo "ok 5 - make install stages the man pages, the bash completion and the systemd units" ||
	echo "not ok 5 - man pages, completion or systemd units missing from the staging install"
# the installed pages render without a warning, found through MANPATH
warnings=$(MANPATH="$share/man" MANWIDTH=80 man --warnings galley 2>&1 >/dev/null;
	MANPATH="$share/man" MANWIDTH=80 man --warnings 5 galley-pipeline 2>&1 >/dev/null)
MANPATH="$share/man" MANWIDTH=80 man 5 galley-pipeline 2>/dev/null | grep -q "write_files" &&
	[ -z "$warnings" ] &&
	echo "ok 6 - man galley and man 5 galley-pipeline render from the install without warnings" ||
	echo "not ok 6 - man pages: $warnings"
# a rule the out-of-tree plugin declares is checked by the installed galley
sed 's/  - use: annotate\/byline_count/  - use: annotate\/byline_count\n    with: {key: ""}/' \
	"$tmp/run/pipeline.yaml" >"$tmp/run/bad.yaml"
(cd "$tmp/run" && "$stage$prefix/bin/galley" check bad.yaml >"$tmp/bad.log" 2>&1)
[ $? -eq 2 ] &&
	grep -q "bad.yaml:6:[0-9]*: setting 'key' of annotate/byline_count must not be empty" "$tmp/bad.log" &&
	echo "ok 7 - the installed galley checks the rule the out-of-tree plugin declares" ||
	echo "not ok 7 - the plugin's rule was not checked: $(cat "$tmp/bad.log")"
