#!/usr/bin/env bash
# Web tests: type check, Vitest, then the Playwright end-to-end run against
# the real binary in demo mode. Called by scripts/test.sh when web/package.json exists.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

apt_install chromium fonts-noto-cjk curl ffmpeg
command -v npm >/dev/null || { echo "web-test: npm is required" >&2; exit 1; }
mkdir -p test-output

# npm ci only when node_modules is older than the lock file (or missing).
( cd web && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; } )

# The web's API types are generated from the committed OpenAPI document
# (itself checked against the routes by TestCommittedOpenAPIIsCurrent).
log "api.gen.ts is current"
gen=$(mktemp /tmp/wecomadmin-api-gen.XXXXXX.ts)
( cd web && npx openapi-typescript ../docs/openapi.json -o "$gen" >/dev/null )
cmp -s "$gen" web/src/types/api.gen.ts || {
  rm -f "$gen"
  echo "web/src/types/api.gen.ts differs from docs/openapi.json: run (cd web && npm run gen:api) and commit it" >&2
  exit 1
}
rm -f "$gen"

log "vue-tsc --noEmit"
( cd web && npx vue-tsc --noEmit )

log "vitest run"
set +e
( cd web && NO_COLOR=1 npx vitest run --reporter=default --reporter=json --outputFile.json=../test-output/vitest.json ) 2>&1 | tee test-output/vitest.log
status=${PIPESTATUS[0]}
set -e
node -e '
  const r = require(process.argv[1]);
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
' "$PWD/test-output/vitest.json" || true
[ "$status" -eq 0 ] || { echo "Vitest failed" >&2; exit "$status"; }

# End-to-end: build the UI into the binary, start `wecomadmin demo`, drive Chromium.
bash scripts/web-build.sh
go build -o bin/wecomadmin ./cmd/wecomadmin
port=$(free_port)
data=$(mktemp -d /tmp/wecomadmin-e2e.XXXXXX)
./bin/wecomadmin demo --addr "127.0.0.1:$port" --data "$data" >"$data/demo.log" 2>&1 &
demo_pid=$!
cleanup() { kill "$demo_pid" 2>/dev/null || true; wait "$demo_pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

up=""
# Up to 3 minutes: a cold demo start (migrations, generated archive, password
# hashing) is slow on a loaded machine.
for _ in $(seq 1 360); do
  kill -0 "$demo_pid" 2>/dev/null || break
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then up=1; break; fi
  sleep 0.5
done
if [ -z "$up" ]; then
  echo "e2e: the demo did not come up" >&2
  sed 's/^/  demo: /' "$data/demo.log" | tail -n 20 >&2 || true
  exit 1
fi

# The demo prints its admin and TOTP secret; fall back to the documented ones.
user=$(sed -n 's/.*demo admin: \([^ ]*\) \/ .*/\1/p' "$data/demo.log" | head -n1)
pass=$(sed -n 's/.*demo admin: [^ ]* \/ \([^ ]*\).*/\1/p' "$data/demo.log" | head -n1)
secret=$(grep -i 'totp' "$data/demo.log" | grep -o '\b[A-Z2-7]\{16,\}=*' | head -n1 || true)
log "e2e against the demo on 127.0.0.1:$port"
set +e
( cd web && E2E_BASE_URL="http://127.0.0.1:$port" E2E_USER="${user:-admin}" E2E_PASSWORD="${pass:-admin-demo-2026}" \
  E2E_TOTP_SECRET="${secret:-JBSWY3DPEHPK3PXP}" SCREENSHOT_DIR="$PWD/../test-output/screenshots" \
  node --test --test-concurrency=1 e2e/*.test.mjs ) 2>&1 | tee test-output/e2e.log
status=${PIPESTATUS[0]}
set -e
log "screenshots in test-output/screenshots/"
exit "$status"
