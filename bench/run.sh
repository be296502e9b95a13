#!/usr/bin/env bash
# make bench / make bench-quick: install what is missing, build in release mode, run bench/bench.py.
#   bench/run.sh full|quick      (BENCH_ROWS, BENCH_SECONDS, BENCH_PG override the sizes and server)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-quick}"

missing=()
command -v wrk > /dev/null || missing+=(wrk)
command -v sqlite3 > /dev/null || missing+=(sqlite3)
command -v psql > /dev/null || missing+=(postgresql-client)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi
pg="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
psql -qAt "$pg/postgres" -c 'SELECT 1' > /dev/null \
  || { echo "PostgreSQL is not reachable at $pg (set BENCH_PG)"; exit 1; }

cargo build --release -p xuexin
(cd bench/baseline && CARGO_TARGET_DIR=../../target/bench-baseline cargo build --release)
[ -f frontend/dist/index.html ] || make frontend
exec python3 bench/bench.py "$mode"
