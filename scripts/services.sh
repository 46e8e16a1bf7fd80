# Starts the test services other than PostgreSQL and exports where they
# listen. Sourced by scripts/test.sh and scripts/bench.sh; each service is
# reused when this script already started it.

# Azurite (Azure Blob emulator), from npm, pinned in scripts/azurite/package-lock.json.
start_azurite() {
  local dir=/tmp/wecomadmin-azurite
  if [ -f "$dir/port" ] && kill -0 "$(cat "$dir/pid" 2>/dev/null)" 2>/dev/null; then
    :
  else
    ( cd scripts/azurite && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error >/dev/null; } )
    rm -rf "$dir"; mkdir -p "$dir/data"
    local port; port=$(free_port)
    nohup scripts/azurite/node_modules/.bin/azurite-blob --blobHost 127.0.0.1 --blobPort "$port" \
      --location "$dir/data" --skipApiVersionCheck --loose --silent >"$dir/log" 2>&1 &
    echo $! >"$dir/pid"; echo "$port" >"$dir/port"
    for _ in $(seq 1 50); do (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.2; done
  fi
  # The well-known Azurite development account (public, documented, not a secret).
  export WECOMADMIN_TEST_AZURITE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$(cat "$dir/port")/devstoreaccount1;"
  log "Azurite on 127.0.0.1:$(cat "$dir/port")"
}

# clamd with the project's test signature database (testdata/clamav), on a
# unix socket and a loopback TCP port, in the foreground of a background job.
start_clamd() {
  local dir=/tmp/wecomadmin-clamd
  apt_install clamav-daemon
  if ! { [ -S "$dir/clamd.sock" ] && kill -0 "$(cat "$dir/pid" 2>/dev/null)" 2>/dev/null; }; then
    rm -rf "$dir"; mkdir -p "$dir/db"
    cp testdata/clamav/test.hdb testdata/clamav/test.ndb "$dir/db/"
    local port; port=$(free_port)
    cat >"$dir/clamd.conf" <<CONF
DatabaseDirectory $dir/db
LocalSocket $dir/clamd.sock
TCPSocket $port
TCPAddr 127.0.0.1
Foreground yes
LogFile $dir/clamd.log
PidFile $dir/clamd.pid
ScanArchive yes
ScanPDF yes
StreamMaxLength 200M
MaxFileSize 200M
MaxScanSize 400M
CONF
    echo "$port" >"$dir/port"
    nohup clamd --config-file="$dir/clamd.conf" >"$dir/stdout.log" 2>&1 &
    echo $! >"$dir/pid"
    for _ in $(seq 1 150); do [ -S "$dir/clamd.sock" ] && break; sleep 0.2; done
    [ -S "$dir/clamd.sock" ] || { echo "clamd did not start:" >&2; tail -20 "$dir/clamd.log" "$dir/stdout.log" >&2; return 1; }
  fi
  export WECOMADMIN_TEST_CLAMD="unix:$dir/clamd.sock"
  export WECOMADMIN_TEST_CLAMD_TCP="127.0.0.1:$(cat "$dir/port")"
  log "clamd on $dir/clamd.sock and 127.0.0.1:$(cat "$dir/port")"
}

start_azurite
start_clamd
