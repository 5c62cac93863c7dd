#!/bin/sh
# docs.t — the docs' generated parts are what galley prints now: every
# block between "<!-- generated: galley ARGS -->" and "<!-- end generated -->"
# in a tracked Markdown file equals `galley ARGS`'s output, so a field or
# setting changed in the code and not in the docs fails here.  To refresh
# them: tests/tools/docs_generate.sh.
set -u
galley=$(pwd)/${GALLEY:-build/galley}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. tests/tools/tap.sh
files=$(git ls-files '*.md' 2>/dev/null || find . -name '*.md' -not -path './build/*')
blocks=0
for f in $files; do
	grep -q '^<!-- generated: galley ' "$f" || continue
	blocks=$((blocks + 1))
done
echo "1..$((blocks + 1))"
found=0
for f in $files; do
	grep -q '^<!-- generated: galley ' "$f" || continue
	found=$((found + 1))
	GALLEY="$galley" sh tests/tools/docs_generate.sh "$f" >"$tmp/want.md" 2>"$tmp/err"
	check "$f: its generated blocks are what galley prints now" \
		'cmp -s "$f" "$tmp/want.md" || { diff -u "$f" "$tmp/want.md" | head -20; cat "$tmp/err"; false; }'
done
check "the article's fields are documented from the table (galley fields --markdown)" \
	'[ $found -ge 1 ] && grep -rq "^<!-- generated: galley fields --markdown -->" $files'
