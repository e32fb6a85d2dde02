# Shared by scripts/*: one place that knows how the project gets its tools on a machine that has only
# a JDK, Maven, Node 20/npm and apt. Source it; it does nothing by itself.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# node_modules/.bin: wrangler, workerd. Wrangler 4.164 needs Node >= 22.12 (see use_node22 below).
export PATH="$ROOT/node_modules/.bin:$PATH"
# Wrangler offline: no telemetry, no error reports, no update check, config kept inside the project.
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false WRANGLER_HIDE_BANNER=true
export CLOUDFLARE_CF_FETCH_ENABLED=false XDG_CONFIG_HOME="$ROOT/.config"
export MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.force=false -Dstyle.color=never"

say() { printf '\n== %s\n' "$*" >&2; }

# npm ci when node_modules is missing or older than the lock file. Any Node that runs npm will do for this.
ensure_npm() {
  if [ ! -x node_modules/.bin/wrangler ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "npm ci (wrangler, workerd, miniflare; Node 22 where the platform has a package for it)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  use_node22
}

# Node for Wrangler: the machine's own when it is >= 22.12, else the pinned binary package npm installed
# for this platform (optionalDependencies: linux x64/arm64, macOS x64, Windows x64), else a clear stop.
node_at_least_22_12() {
  "$1" -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)' 2>/dev/null
}
use_node22() {
  local machine="" packaged="$ROOT/node_modules/.bin/node" dir path=""
  # the machine's node: PATH without the project's own directories (a script may run from another one)
  IFS=: read -ra dirs <<<"$PATH"
  for dir in "${dirs[@]}"; do
    case "$dir" in "$ROOT"/node_modules/.bin|"$ROOT"/.tmp/node22) ;; *) path="${path:+$path:}$dir" ;; esac
  done
  machine="$(PATH="$path" command -v node || true)"
  [ -z "$machine" ] || machine="$(readlink -f "$machine")"
  if [ -n "$machine" ] && node_at_least_22_12 "$machine"; then
    NODE22="$machine"
  elif [ -x "$packaged" ] && node_at_least_22_12 "$packaged"; then
    NODE22="$packaged"
  else
    echo "Wrangler needs Node.js >= 22.12. This machine has ${machine:+$("$machine" --version)}${machine:-no node}, and npm" >&2
    echo "has no Node 22 package for $(uname -s)/$(uname -m). Install Node 22 (https://nodejs.org, nvm, brew install node@22)." >&2
    exit 1
  fi
  # first on PATH, so wrangler's `#!/usr/bin/env node` and the test runner both get it
  mkdir -p "$ROOT/.tmp/node22"
  ln -sfn "$(readlink -f "$NODE22")" "$ROOT/.tmp/node22/node"
  export PATH="$ROOT/.tmp/node22:$PATH"
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
# Exactly what `wrangler deploy` uploads: no flags beyond the dry run, so wrangler.toml alone decides the
# bundle (minify, keep_names). Tests, benchmarks and deploy all use this one.
build_bundle() {
  say "wrangler deploy --dry-run (runs mvn package through [build])"
  wrangler deploy --dry-run --outdir target/dist
}

# Test tiers (scripts/test). A tier this machine cannot run is skipped with the reason, recorded in
# $skipped; with HUBMIRROR_ALL_TIERS=1 (what .ci/run sets) it is a failure instead.
skipped=()
skip_tier() {
  if [ "${HUBMIRROR_ALL_TIERS:-}" = 1 ]; then
    echo "tier '$1' cannot run here: $2 (HUBMIRROR_ALL_TIERS=1 requires every tier)" >&2
    exit 1
  fi
  say "SKIPPED tier '$1': $2"
  skipped+=("$1 ($2)")
}

# Why the runtime tier cannot run here, or nothing when it can.
runtime_unsupported() {
  [ "$(uname -s)" = Linux ] || { echo "it needs Linux (the clients are isolated with an iptables owner rule)"; return; }
  command -v apt-get >/dev/null && command -v dpkg >/dev/null \
    || { echo "it installs its registry and clients with apt (Debian/Ubuntu)"; return; }
  [ "$(id -u)" -eq 0 ] || { echo "it needs root (iptables isolates the clients; podman runs as root)"; return; }
}
