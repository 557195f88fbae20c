#!/usr/bin/env bash
# scripts/nightly and scripts/run --baseline without Python workers: a fake
# `exportcheck run` writes a one-record summary (verdict from $FAKE_VERDICT;
# INTERRUPTED: the summary of a run stopped by SIGINT, exit 130),
# `exportcheck report` is the real binary. Checks the baseline chain, the
# gate's exit codes, the history limit, trend.html, and that an interrupted
# nightly is nobody's baseline.
#   usage: test_nightly.sh EXPORTCHECK_BINARY
set -uo pipefail
real=$(realpath "$1")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/fake" <<FAKE
#!/usr/bin/env bash
if [ "\$1" = run ]; then
  out=""; while [ \$# -gt 0 ]; do [ "\$1" = --out ] && out=\$2; shift; done
  mkdir -p "\$out"
  if [ "\$FAKE_VERDICT" = INTERRUPTED ]; then
    printf '{"schema":"exportcheck-summary","version":"1.1","run":{"id":"x"},"results":[{"case":"a","stage":"case","verdict":"SKIP","message":"not run: interrupted","reason":"interrupted"}]}' > "\$out/summary.json"
    exit 130
  fi
  printf '{"schema":"exportcheck-summary","version":"1.1","run":{"id":"x"},"results":[{"case":"a","stage":"export","verdict":"%s"}]}' "\$FAKE_VERDICT" > "\$out/summary.json"
  exit 0
fi
exec "$real" "\$@"
FAKE
chmod +x "$tmp/fake"
export EXPORTCHECK_BIN="$tmp/fake"
failures=0
expect() {  # expect CODE VERDICT -- what
  local want=$1 verdict=$2; shift 2
  FAKE_VERDICT=$verdict "$root/scripts/nightly" --history "$tmp/history" --keep 2 > "$tmp/log" 2>&1
  local got=$?
  if [ "$got" = "$want" ]; then echo "ok   $* (exit $got)"; else echo "FAIL $*: exit $got, wanted $want"; cat "$tmp/log"; failures=1; fi
  sleep 1.1  # run folders are named by the second
}
expect 0 PASS "first nightly: no baseline"
expect 0 PASS "same as the baseline"
expect 1 FAIL "PASS -> FAIL is a regression"
expect 1 PASS "FAIL -> PASS is a fix to acknowledge"
expect 0 PASS "unchanged again"
runs=$(find "$tmp/history" -mindepth 1 -maxdepth 1 -type d | wc -l)
[ "$runs" = 2 ] && echo "ok   --keep 2 keeps two runs" || { echo "FAIL history holds $runs runs, wanted 2"; failures=1; }
[ -f "$tmp/history/latest/index.html" ] && echo "ok   latest has the compared index.html" || { echo "FAIL no latest/index.html"; failures=1; }
# trend.html (exporter/tools/trend.py): its points link to the kept runs' dashboards, and only to those.
kept=$(find "$tmp/history" -mindepth 1 -maxdepth 1 -type d -printf '%f/index.html\n' | sort)
linked=$(grep -o '<a href="[^"]*"><circle' "$tmp/history/trend.html" 2>/dev/null | sed 's/<a href="//; s/"><circle//' | sort -u)
[ -n "$kept" ] && [ "$linked" = "$kept" ] && echo "ok   trend.html links a point to each kept run" \
  || { echo "FAIL trend.html links [$linked], wanted [$kept]"; failures=1; }

FAKE_VERDICT=FAIL "$root/scripts/run" --out "$tmp/one" --baseline "$tmp/history/latest" > "$tmp/log" 2>&1
[ $? = 1 ] && grep -q "PASS -> FAIL  a::export" "$tmp/log" && echo "ok   scripts/run --baseline gates" || { echo "FAIL scripts/run --baseline"; cat "$tmp/log"; failures=1; }
"$root/scripts/run" --baseline "$tmp/nonexistent" > "$tmp/log" 2>&1
[ $? = 2 ] && echo "ok   a missing baseline is a usage error" || { echo "FAIL missing baseline"; failures=1; }
expect 130 INTERRUPTED "an interrupted nightly exits 130"
expect 1 FAIL "PASS -> FAIL against the last nightly that finished, not the interrupted one"

# EXPORTCHECK_NIGHTLY_BENCH: scripts/bench's JSON kept in the run folder (its rows, or an error row
# where build/bench/bench_report is missing), the nightly's exit code unchanged.
EXPORTCHECK_NIGHTLY_BENCH="--only dashboard" FAKE_VERDICT=PASS "$root/scripts/nightly" --history "$tmp/bench-history" \
  > "$tmp/log" 2>&1
[ $? = 0 ] && grep -q '"schema": "exportcheck-bench"' "$tmp/bench-history/latest/bench.json" 2>/dev/null \
  && echo "ok   EXPORTCHECK_NIGHTLY_BENCH keeps <run>/bench.json" || { echo "FAIL no bench.json"; cat "$tmp/log"; failures=1; }
exit $failures
