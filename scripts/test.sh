#!/usr/bin/env bash
# make test: installs what the tests need (idempotently), starts the test
# services, then runs vet, staticcheck, every Go test with -race on SQLite
# and PostgreSQL, and the web tests.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

# gcc: -race and the Finance SDK adapter compile check; the rest: media, speech and PDF tests
apt_install postgresql ca-certificates gcc ffmpeg sox libsox-fmt-all espeak-ng pocketsphinx pocketsphinx-en-us fonts-arphic-gbsn00lp poppler-utils
export WECOMADMIN_TEST_POSTGRES=$(bash scripts/postgres-test.sh)
log "PostgreSQL for tests: ${WECOMADMIN_TEST_POSTGRES%%\?*}"
[ -f scripts/services.sh ] && . scripts/services.sh

log "gofmt"
unformatted=$(gofmt -l cmd internal)
[ -z "$unformatted" ] || { echo "gofmt needed:" $unformatted >&2; exit 1; }
log "go vet"
go vet ./...
log "staticcheck"
go tool staticcheck ./...

log "go test -race"
mkdir -p test-output
set +e
go test -race -count=1 -timeout 30m ./... 2>&1 | tee test-output/go-test.log
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] || { echo "Go tests failed" >&2; exit "$status"; }
log "Helm chart check"; (cd deploy/helm/chartcheck && go vet ./... && go test -count=1 ./...)

if [ -f web/package.json ]; then
  bash scripts/web-test.sh
fi
