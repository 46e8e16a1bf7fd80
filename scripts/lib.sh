# Shared helpers for the project's scripts. Sourced, not run.

# Each line carries the seconds since the script started, so a log shows
# where a run's time went.
log() { printf '==> [%4ds] %s\n' "$SECONDS" "$*" >&2; }

# apt_install PKG... installs Debian packages that are missing, once.
apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ ! -f /tmp/.wecomadmin-apt-updated ]; then
    $sudo apt-get update -qq && touch /tmp/.wecomadmin-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# free_port prints a TCP port nobody listens on.
free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# slowest_tests LOG N prints the N slowest top-level tests of a `go test -v`
# log, slowest first, as "seconds package.Test RESULT", to stderr. go test
# prints each package's output as one block ending in its ok/FAIL line.
slowest_tests() {
  awk '
    /^--- (PASS|FAIL): / { t = $4; gsub(/[()s]/, "", t); r = $2; sub(/:$/, "", r); name[++n] = $3; secs[n] = t; res[n] = r }
    ($1 == "ok" || $1 == "FAIL") && $2 ~ /\// {
      for (i = 1; i <= n; i++) printf "%ss %s.%s %s\n", secs[i], $2, name[i], res[i]
      n = 0
    }
  ' "$1" | sort -rn | head -"$2" >&2 || true
}

# slowest_packages LOG N prints the N slowest packages of a `go test` log
# (their ok/FAIL lines: seconds, package), slowest first, to stderr.
slowest_packages() {
  awk '($1 == "ok" || $1 == "FAIL") && $2 ~ /\// && $3 ~ /^[0-9.]+s$/ { print $3, $2 }' "$1" | sort -rn | head -"$2" >&2 || true
}
