#!/usr/bin/env bash
# fuzz.sh [FUZZTIME]: runs every Fuzz* target for a bounded time, one at a
# time (go test -fuzz takes one target per run). `make test` gives each a few
# seconds, `make bench` longer. A failing input is written by go test under
# the package's testdata/fuzz/FuzzName/: commit it with the fix, it then
# runs as a regression case in every plain go test.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
fuzztime=${1:-${WECOMADMIN_FUZZTIME:-2s}}
# two workers: the CI machine has 2 cores, and more workers only queue
parallel=${WECOMADMIN_FUZZ_PARALLEL:-2}

targets=$(grep -rHo --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]+' cmd internal |
  sed -E 's#^(.*)/[^/]+_test\.go:func (Fuzz[A-Za-z0-9_]+)$#./\1 \2#' | sort -u)
[ -n "$targets" ] || { echo "fuzz: no Fuzz targets found" >&2; exit 1; }
n=$(wc -l <<<"$targets")
log "fuzzing $n targets for $fuzztime each"
start=$SECONDS
failed=0
while read -r pkg name; do
  t0=$SECONDS
  if ! out=$(go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" -parallel "$parallel" "$pkg" 2>&1); then
    printf '%s\n' "$out" >&2
    # On a loaded machine go test's fuzz coordinator can miss its own
    # deadline stopping the workers ("context deadline exceeded", no input
    # written): that is the harness, not a failing input, so it is reported
    # and not counted. A real failure always writes its input.
    if grep -q 'context deadline exceeded' <<<"$out" && ! grep -q 'Failing input written to' <<<"$out"; then
      echo "fuzz: $pkg $name: go test's fuzz harness timed out stopping its workers; no failing input" >&2
      printf '  %-40s %-26s %3ds (harness timeout)\n' "$pkg" "$name" $((SECONDS - t0)) >&2
      continue
    fi
    echo "fuzz: $pkg $name FAILED; the failing input is under $pkg/testdata/fuzz/$name/" >&2
    failed=$((failed + 1))
  fi
  printf '  %-40s %-26s %3ds\n' "$pkg" "$name" $((SECONDS - t0)) >&2
done <<<"$targets"
log "fuzz: $n targets, $failed failed, $((SECONDS - start))s"
[ "$failed" -eq 0 ]
