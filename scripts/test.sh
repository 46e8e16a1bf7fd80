#!/usr/bin/env bash
# make test: installs what the tests need (idempotently), starts the test
# services, then runs vet, staticcheck, the gates of scripts/gates.sh
# (gosec, golangci-lint, govulncheck, npm audit, secret scan), every Go test with -race on SQLite
# and PostgreSQL, and the web tests. The storm, load, kill and scale tests
# skip here, saying so: `make test-load` runs them (scripts/test-load.sh),
# and the time-boxed fuzzing. Every Fuzz target's committed seed corpus
# still runs here, as a plain test, under go test.
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

log "security and lint gates"
bash scripts/gates.sh

log "go test -race"
mkdir -p test-output
set +e
# -v so every test's time is in the log (the slowest are listed below); the
# terminal shows package results, failures and what tests log, not the
# RUN/PASS lines of thousands of passing tests.
go test -race -count=1 -v -timeout 30m ./... 2>&1 | tee test-output/go-test.log |
  grep --line-buffered -v -E '^(=== (RUN|PAUSE|CONT|NAME)|[[:space:]]*--- (PASS|SKIP): )'
status=${PIPESTATUS[0]}
set -e
log "the 20 slowest Go tests"
slowest_tests test-output/go-test.log 20
log "the 10 slowest Go packages"
slowest_packages test-output/go-test.log 10
[ "$status" -eq 0 ] || { echo "Go tests failed" >&2; exit "$status"; }
log "Helm chart check"; (cd deploy/helm/chartcheck && go vet ./... && go test -count=1 ./...)

if [ -f web/package.json ]; then
  bash scripts/web-test.sh
fi
log "make test done in ${SECONDS}s"
