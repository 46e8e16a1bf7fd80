#!/usr/bin/env bash
# make test-load: the storm, load, kill and scale tests, with -race on
# SQLite and PostgreSQL. `make test` skips them (each says so); CI runs this
# once after `make test`, and `make bench` runs it after the benchmarks.
# A load test is one whose first statement is loadtest.Gate(t); this script
# finds them by that call, so a new one needs no list kept here.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

apt_install postgresql gcc
export WECOMADMIN_TEST_POSTGRES=${WECOMADMIN_TEST_POSTGRES:-$(bash scripts/postgres-test.sh)}
export WECOMADMIN_TEST_LOAD=1

# "dir name" for every top-level test whose body calls loadtest.Gate.
found=$(find cmd internal -name '*_test.go' -print0 | xargs -0 awk '
  /^func Test[A-Za-z0-9_]*\(/ { name = $2; sub(/\(.*/, "", name) }
  /loadtest\.Gate\(/ && name != "" { d = FILENAME; sub(/\/[^\/]*$/, "", d); print d, name; name = "" }
' | sort -u)
[ -n "$found" ] || { echo "test-load: no test calls loadtest.Gate" >&2; exit 1; }
pkgs=$(awk '{ print "./" $1 }' <<<"$found" | sort -u | tr '\n' ' ')
run="^($(awk '{ print $2 }' <<<"$found" | sort -u | paste -sd '|'))\$"
log "load tests: $(awk '{ print $2 }' <<<"$found" | sort -u | paste -sd ' ')"

mkdir -p test-output
set +e
# shellcheck disable=SC2086 # pkgs is a list of package paths
go test -race -count=1 -v -timeout "${WECOMADMIN_LOAD_TIMEOUT:-30m}" -run "$run" $pkgs 2>&1 |
  tee test-output/go-test-load.log | grep --line-buffered -v -E '^(=== (RUN|PAUSE|CONT|NAME)|[[:space:]]*--- (PASS|SKIP): )'
status=${PIPESTATUS[0]}
set -e
log "the load tests by time"
slowest_tests test-output/go-test-load.log 20
[ "$status" -eq 0 ] || { echo "load tests failed" >&2; exit "$status"; }

# Time-boxed fuzzing of every Fuzz target lives here rather than in make
# test: the seed corpora already run there under go test; this explores.
log "fuzzing (a few seconds a target)"
bash scripts/fuzz.sh "${WECOMADMIN_FUZZTIME:-2s}"
log "make test-load done in ${SECONDS}s"
