#!/usr/bin/env bash
# The fleet store's speed (issue: a store of 100,000 records across 20 machines; report and compare on it within 10 s
# each, with SQLite and with PostgreSQL; push of 10,000 records within 5 s). A synthetic store (bench/fleet_synth.cpp:
# 20 machines x 5 runs x 1,000 points of four backends) is written to a SQLite file and to a private PostgreSQL
# cluster (pg_virtualenv); then, timed by the shell, each command once per engine:
#   report --machines <all 20> --no-charts   (every record read, 20,000 points tabled and fitted)
#   report --machines board-00,board-01      (charts drawn: two machines, 8 series)
#   compare URL#machine=board-00 URL#machine=board-01   (1,000 points, 5 runs a side)
#   push of a local SQLite store of 10,000 records (10 runs) into PostgreSQL, then again (nothing new)
# Targets are for this 2-core machine; the figures go in the closing note, not into a timed test.
# Usage: bench/fleet_store.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test >/dev/null
cmake --preset bench >/dev/null
cmake --build --preset bench >/dev/null
export MMB_ROOT=$PWD MMB_WORK=$(mktemp -d)
pg_virtualenv -t bash <<'INNER'
set -euo pipefail
bin=$MMB_ROOT/build/bench/mmbench
synth=$MMB_ROOT/build/bench/bench/fleet_synth
w=$MMB_WORK
pg=postgresql:
timed() {  # label, command...: prints the wall time of the command in seconds
  local label=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >"$w/last.out" 2>"$w/last.err" || { local rc=$?; [ $rc -le 1 ] || { cat "$w/last.err"; exit $rc; }; }
  t1=$(date +%s.%N)
  printf '%-64s %6.2f s\n' "$label" "$(echo "$t1 - $t0" | bc)"
}
"$synth" "sqlite:$w/fleet.db" 20 5 1000 >/dev/null
"$synth" "$pg" 20 5 1000 >/dev/null
all=$(seq -f 'board-%02g' 0 19 | paste -sd, -)
for store in "sqlite:$w/fleet.db" "$pg"; do
  engine=${store%%:*}
  timed "$engine: report, 20 machines, 100,000 records, no charts" \
    "$bin" report --store "$store" --machines "$all" --no-charts -o "$w/rep-$engine-all"
  timed "$engine: report, 2 machines, charts" \
    "$bin" report --store "$store" --machines board-00,board-01 -o "$w/rep-$engine-two"
  timed "$engine: compare board-00 vs board-01 (1,000 points, 5 runs a side)" \
    "$bin" compare "$store#machine=board-00" "$store#machine=board-01"
done
"$synth" "sqlite:$w/local.db" 1 10 1000 >/dev/null
psql -q -c 'CREATE DATABASE push_target'
target="postgresql://$PGUSER@$PGHOST:$PGPORT/push_target"
timed "postgresql: push 10,000 records (10 runs) into an empty store" "$bin" push "$w/local.db" --store "$target"
timed "postgresql: push the same again (0 new)" "$bin" push "$w/local.db" --store "$target"
echo "records in the push target: $(psql -At -d push_target -c 'SELECT count(*) FROM results')"
INNER
rm -rf "$MMB_WORK"
