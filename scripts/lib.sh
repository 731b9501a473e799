# Shared set-up for scripts/start and scripts/test: installs what is missing
# on Debian/Ubuntu and nothing else. Sourced, not run.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/carebook/target}"
export npm_config_cache="${npm_config_cache:-$HOME/.cache/carebook/npm}"
export PATH="$HOME/.cargo/bin:$PATH"

# What a Tauri 2 app needs to build and run on Linux.
TAURI_PACKAGES=(build-essential pkg-config curl wget file libwebkit2gtk-4.1-dev libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev fonts-noto-core)
# What the tests need on top: a browser, the WebKit WebDriver, a virtual display, PDF tools.
TEST_PACKAGES=(chromium webkit2gtk-driver xvfb xauth poppler-utils qpdf imagemagick sqlite3)

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_apt() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_rust() {
  command -v cargo >/dev/null && return 0
  say "installing Rust (rustup)"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt
}

ensure_node() {
  if ! command -v node >/dev/null; then
    ensure_apt nodejs npm
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$major" -lt 20 ]; then
    echo "CareBook's UI build needs Node.js 20 or newer; this machine has $(node --version)." >&2
    echo "Install Node.js 20+ (for example from nodejs.org or with nvm) and run this again." >&2
    exit 1
  fi
}

# npm ci when package-lock.json changed since the last install.
npm_install() {
  local dir="$1"
  local stamp="$dir/node_modules/.carebook-lock"
  if [ -f "$stamp" ] && cmp -s "$dir/package-lock.json" "$stamp"; then return 0; fi
  say "installing npm packages in ${dir#"$ROOT"/}"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$dir/package-lock.json" "$stamp"
}

build_ui() {
  ensure_node
  npm_install "$ROOT/ui"
  say "building the UI"
  (cd "$ROOT/ui" && npm run --silent build)
}
