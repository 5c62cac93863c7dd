# tap.sh — TAP helpers the shell tests source: ok/nok print the next test
# line; check runs a condition (a string for eval) and prints either.
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }
