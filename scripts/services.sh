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

start_azurite
