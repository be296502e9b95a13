#!/usr/bin/env bash
# Fuzzes every operation of the live OpenAPI document with schemathesis and fails on any finding.
# Starts its own server (fresh SQLite database, per-IP limits lifted) on a free port.
#   XUEXIN_BIN   the server binary            [target/debug/xuexin]
#   FUZZ_EXAMPLES  examples per operation      [100]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=${XUEXIN_BIN:-$ROOT/target/debug/xuexin}
VENV=$ROOT/.venv
REQS=$ROOT/tests/contract/requirements.txt

# A local virtualenv, rebuilt when the pinned requirements change.
if ! cmp -s "$REQS" "$VENV/.requirements" 2>/dev/null; then
  echo "installing schemathesis into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQS"
  cp "$REQS" "$VENV/.requirements"
fi

tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export APP_ENV=dev APP_LISTEN=127.0.0.1:$port DATABASE_URL="sqlite://$tmp/xuexin.db" APP_DATA_DIR="$tmp/data" \
  APP_DEMO_DATA=true APP_IP_RATE_LIMITS=off APP_SPA_DIR="$tmp/no-spa" APP_LOG=warn
"$BIN" serve > "$tmp/server.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

base=http://127.0.0.1:$port
for _ in $(seq 1 100); do
  curl -fsS "$base/health" > /dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "the server did not start:"; cat "$tmp/server.log"; exit 1; }
  sleep 0.2
done

# Authenticated operations are fuzzed with real tokens too, not only refused without them: a
# complete account's access token, and a registration token for the steps after activation.
eval "$(python3 tests/contract/accounts.py "$base")"
"$BIN" staff create --role platform_admin --email fuzz.admin@example.cn --password FuzzAdmin2026 > /dev/null
staff_token() {
  curl -fsS "$base/api/v1/staff/sessions" -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$2\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
STAFF_TOKEN=$(staff_token fuzz.admin@example.cn FuzzAdmin2026)
# The dev demo's staff (README): a school admin, a provincial reviewer, a support agent.
SCHOOL_TOKEN=$(staff_token pku@xuexin.example School2026)
REVIEWER_TOKEN=$(staff_token beijing@xuexin.example Review2026)
SUPPORT_TOKEN=$(staff_token support@xuexin.example Support2026)
PHOTO_TOKEN=$(staff_token photo@xuexin.example Photo2026)

run_st() {
  "$VENV/bin/st" run "$base/api-docs/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "${FUZZ_EXAMPLES:-100}" \
    --seed 20261129 \
    --workers 2 \
    --request-timeout 10 \
    --warnings off \
    "$@"
}

# CPython 3.11 can fail inside hypothesis with "AST constructor recursion depth mismatch"
# (python/cpython#106905) while it describes a strategy: a crash of the tool, not a finding about
# the API. Such a run is repeated once; any real finding still fails.
# Bodies of media types schemathesis cannot generate by itself (photo batch ZIPs).
export PYTHONPATH=$ROOT/tests/contract SCHEMATHESIS_HOOKS=hooks

fuzz() {
  local out=$tmp/fuzz.out rc=0
  run_st "$@" 2>&1 | tee "$out" || rc=${PIPESTATUS[0]}
  if [ "$rc" -ne 0 ] && grep -q "AST constructor recursion depth mismatch" "$out"; then
    echo "(schemathesis crashed on the CPython AST bug; running these operations once more)"
    rc=0
    run_st "$@" || rc=$?
  fi
  return "$rc"
}

status=0
echo "== every operation, anonymous"
fuzz || status=$?
echo "== the registration steps, with a registration token"
fuzz --include-tag registration -H "Authorization: Bearer $REGISTRATION_TOKEN" || status=$?
echo "== the account and session operations, with an access token"
# Logging out would end the session the rest of the run depends on, so those two go last, alone.
fuzz --include-tag accounts --include-tag sessions --include-tag records --include-tag photos --exclude-operation-id logout --exclude-operation-id logout_everywhere \
  -H "Authorization: Bearer $ACCESS_TOKEN" || status=$?
fuzz --include-operation-id logout --include-operation-id logout_everywhere -H "Authorization: Bearer $ACCESS_TOKEN" || status=$?
echo "== the staff and import operations, with a platform admin's token"
fuzz --include-tag staff --include-tag imports --exclude-operation-id staff_logout -H "Authorization: Bearer $STAFF_TOKEN" || status=$?
fuzz --include-tag audit -H "Authorization: Bearer $STAFF_TOKEN" || status=$?
echo "== the 在校生 and correction operations, with a school admin's and a reviewer's tokens"
fuzz --include-tag school --include-tag corrections --include-tag images -H "Authorization: Bearer $SCHOOL_TOKEN" || status=$?
fuzz --include-tag corrections -H "Authorization: Bearer $REVIEWER_TOKEN" || status=$?
echo "== photo batches, with an image operator's token"
fuzz --include-tag images -H "Authorization: Bearer $PHOTO_TOKEN" || status=$?
echo "== the support desk, with a support agent's token"
fuzz --include-tag support -H "Authorization: Bearer $SUPPORT_TOKEN" || status=$?
if [ "$status" -ne 0 ]; then
  echo "schemathesis found problems (exit $status); server log:"
  tail -n 50 "$tmp/server.log"
fi
exit "$status"
