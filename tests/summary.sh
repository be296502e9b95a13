#!/usr/bin/env bash
# Prints how many tests ran on each engine and how many were skipped, from the tally the API tests
# and the contract fuzzer append to (one line per run: sqlite, postgres, skipped, fuzz-…), because
# cargo hides what a passing test prints and a skipped PostgreSQL run would otherwise read as a pass.
#   summary.sh TALLY_FILE [api]   with "api", only the API line
set -euo pipefail
tally=${1:?usage: summary.sh TALLY_FILE [api]}
count() { if [ -f "$tally" ]; then grep -cx "$1" "$tally" || true; else echo 0; fi; }
sqlite=$(count sqlite)
postgres=$(count postgres)
skipped=$(count skipped)
api="API tests: $sqlite on SQLite, $postgres on PostgreSQL, $skipped skipped (no TEST_DATABASE_URL)"
if [ "${2:-}" = api ]; then
  echo "$api"
  exit 0
fi
engines=()
[ "$(count fuzz-sqlite)" -gt 0 ] && engines+=(SQLite)
[ "$(count fuzz-postgres)" -gt 0 ] && engines+=(PostgreSQL)
fuzz="Contract fuzzing: on ${engines[*]:-no engine}"
[ "$(count fuzz-skipped)" -gt 0 ] && fuzz="$fuzz; PostgreSQL skipped (no TEST_DATABASE_URL)"
echo "================================ test summary ================================"
echo "$api"
echo "$fuzz"
if [ "$skipped" -gt 0 ] || [ "$(count fuzz-skipped)" -gt 0 ]; then
  echo "make test: passed, with the PostgreSQL runs skipped"
else
  echo "make test: passed"
fi
