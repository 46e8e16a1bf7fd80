#!/usr/bin/env bash
# Builds the Vue UI and copies it into internal/webui/dist for embedding.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
[ -f web/package.json ] || { log "web/ has no package.json; the placeholder page stands in"; exit 0; }
command -v npm >/dev/null || { echo "web-build: npm is required to build the UI" >&2; exit 1; }
( cd web && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run build )
find internal/webui/dist -mindepth 1 ! -name .keep -delete
cp -r web/dist/. internal/webui/dist/
log "UI built into internal/webui/dist"
