#!/bin/sh
# transforms.t — the shipped transforms' case tests (tests/transforms/
# *.test.yaml, run by `galley test`): each case is one ok line here, so a
# failing case names itself in make check; and a bad setting of each.
set -u
root=$(pwd)
galley="$root/${GALLEY:-build/galley}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$("$galley" test tests/transforms/ 2>&1)
cases=$(echo "$out" | grep -cE '^(not )?ok ')
echo "1..$((cases + 1))"
echo "$out" | grep -E '^(not )?ok |^#'
cat >"$tmp/bad.test.yaml" <<'YAML'
stages:
  - use: clean/typography
    with:
      quotes: {da: "»«"}
cases:
  - name: never runs
    article: {headline: x}
    expect: {headline: x}
YAML
bad=$("$galley" test "$tmp/bad.test.yaml" 2>&1)
if echo "$bad" | grep -q "bad.test.yaml:4:[0-9]*: setting 'quotes' for 'da' of clean/typography must be four marks (open, close, inner open, inner close), such as «»‘’, not '»«'"; then
	echo "ok $((cases + 1)) - clean/typography: quotes that are not four marks stop the test file with its line"
else
	echo "not ok $((cases + 1)) - clean/typography: a bad quotes setting"
	echo "$bad" | sed 's/^/# /'
fi
