#!/usr/bin/env bash
# make bench: every benchmark prints its figure beside its same-run baseline,
# then the load tests run (make test-load), which log their own figures.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
apt_install postgresql ffmpeg sox libsox-fmt-all espeak-ng fonts-arphic-gbsn00lp
[ -f scripts/services.sh ] && . scripts/services.sh # clamd for the media pipeline benchmark
export WECOMADMIN_TEST_POSTGRES=$(bash scripts/postgres-test.sh)
mkdir -p test-output
go test -run '^$' -bench . -benchmem -count=1 -timeout "${WECOMADMIN_BENCH_TIMEOUT:-60m}" ./... 2>&1 | tee test-output/bench.log
# test-load fuzzes every Fuzz target too: longer here than in CI
WECOMADMIN_FUZZTIME=${WECOMADMIN_BENCH_FUZZTIME:-30s} bash scripts/test-load.sh
