#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for tests and prints its admin DSN on
# stdout. Reuses a running one started by this script. Honours
# WECOMADMIN_TEST_POSTGRES when it is already set.
#   scripts/postgres-test.sh         start (or reuse) and print the DSN
#   scripts/postgres-test.sh stop    stop it
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

if [ -n "${WECOMADMIN_TEST_POSTGRES:-}" ] && [ "${1:-}" != stop ]; then
  echo "$WECOMADMIN_TEST_POSTGRES"; exit 0
fi

dir=${WECOMADMIN_PG_DIR:-/tmp/wecomadmin-pg}
apt_install postgresql
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -x "$bin/pg_ctl" ] || { echo "postgres-test: no PostgreSQL server binaries found" >&2; exit 1; }

if [ "${1:-}" = stop ]; then
  [ -d "$dir" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  exit 0
fi

if [ -f "$dir/port" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")/postgres?sslmode=disable"; exit 0
fi

rm -rf "$dir"; mkdir -p "$dir"; chown postgres:postgres "$dir"
port=$(free_port)
runuser -u postgres -- "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
echo "$port" > "$dir/port"
echo "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
