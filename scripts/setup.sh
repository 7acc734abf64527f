#!/usr/bin/env bash
# Installs what citypitch needs on a fresh machine, then its npm packages. Safe to run again:
# it installs only what is missing and says little when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

# canvas (under chartjs-node-canvas) compiles against these; chromium renders the deck's PDF/PPTX;
# poppler-utils and qpdf read PDFs back in tests; libreoffice-impress opens the editable PPTX in
# tests; fonts-liberation2 (Arial's metrics) sizes the PPTX's text boxes for the Office fallback font.
DEBIAN_PACKAGES=(build-essential pkg-config libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev
  librsvg2-dev libpixman-1-dev chromium poppler-utils qpdf libreoffice-impress fonts-liberation2)

say() { printf 'setup: %s\n' "$*"; }

install_system_packages() {
  if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
    cat >&2 <<MSG
setup: this is not a Debian/Ubuntu system, so system packages are not installed automatically.
Install the equivalents of: ${DEBIAN_PACKAGES[*]}
  macOS (Homebrew): brew install pkg-config cairo pango libpng jpeg giflib librsvg pixman poppler qpdf
                    brew install --cask libreoffice font-liberation
                    and Google Chrome or Chromium (or set CHROME_PATH to a Chromium-based browser)
  Fedora:           dnf install gcc-c++ cairo-devel pango-devel libjpeg-turbo-devel giflib-devel
                    librsvg2-devel pixman-devel chromium poppler-utils qpdf libreoffice-impress
                    liberation-sans-fonts
Then run npm run setup again.
MSG
    return 0
  fi
  local missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && { say "system packages present"; return 0; }
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: missing ${missing[*]}; run as root or install sudo" >&2; exit 1; }
    sudo="sudo"
  fi
  say "installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_npm_packages() {
  # npm ci rebuilds canvas from source (about a minute); skip it when the lockfile is unchanged.
  local stamp=node_modules/.citypitch-setup-stamp
  local want
  want="$(sha256sum package-lock.json | cut -d' ' -f1) $(node --version)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && node -e "require('canvas')" 2>/dev/null; then
    say "npm packages up to date"
    return 0
  fi
  say "installing npm packages (canvas compiles from source: this takes a minute)"
  npm ci --no-audit --no-fund --loglevel=error
  node -e "require('canvas')" || { echo "setup: canvas did not build; see the npm output above" >&2; exit 1; }
  echo "$want" > "$stamp"
}

install_system_packages
install_npm_packages
say "ready: npm run build, npm test"
