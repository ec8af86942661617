#!/usr/bin/env bash
# Installs what the test suite needs, only where it is missing:
#   - Debian packages chromium + chromium-driver (and npm if there is no npm, python3 if
#     there is no python3: tests/preprocessors.rs runs Python preprocessors)
#   - Debian package epubcheck (and its Java runtime), for the EPUB tests
#   - poppler-utils (pdfinfo, pdftotext: the PDF tests read the PDF with them)
#   - axe-core (pinned) into target/npm/node_modules/axe-core
# Safe to run repeatedly; does nothing when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

AXE_VERSION=4.10.3
AXE_DIR=target/npm/node_modules/axe-core

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "error: need root (or sudo) to run: $*" >&2
    exit 1
  fi
}

apt_updated=
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: missing $*, and there is no apt-get to install it; install $* by hand" >&2
    exit 1
  fi
  if [ -z "$apt_updated" ]; then
    echo "== apt-get update"
    as_root apt-get update
    apt_updated=1
  fi
  echo "== apt-get install -y $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}

pkgs=()
chromium_bin="${CHROMIUM:-/usr/bin/chromium}"
chromedriver_bin="${CHROMEDRIVER:-/usr/bin/chromedriver}"
[ -x "$chromium_bin" ] || pkgs+=(chromium)
[ -x "$chromedriver_bin" ] || pkgs+=(chromium-driver)
command -v npm >/dev/null 2>&1 || pkgs+=(npm)
# The preprocessor tests run small Python scripts as mdBook preprocessors.
command -v python3 >/dev/null 2>&1 || pkgs+=(python3)
{ command -v pdfinfo && command -v pdftotext; } >/dev/null 2>&1 || pkgs+=(poppler-utils)
epubcheck_jar="${EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}"
[ -f "$epubcheck_jar" ] && command -v java >/dev/null 2>&1 || pkgs+=(epubcheck)
if [ ${#pkgs[@]} -gt 0 ]; then
  apt_install "${pkgs[@]}"
fi
for b in "$chromium_bin" "$chromedriver_bin"; do
  if [ ! -x "$b" ]; then
    echo "error: $b still missing after installing chromium chromium-driver" >&2
    exit 1
  fi
done
for b in pdfinfo pdftotext; do
  if ! command -v "$b" >/dev/null 2>&1; then
    echo "error: $b still missing after installing poppler-utils" >&2
    exit 1
  fi
done
if [ ! -f "$epubcheck_jar" ] || ! command -v java >/dev/null 2>&1; then
  echo "error: $epubcheck_jar or java still missing after installing epubcheck" >&2
  exit 1
fi

installed_axe() {
  [ -f "$AXE_DIR/axe.min.js" ] && [ -f "$AXE_DIR/package.json" ] &&
    node -e 'process.stdout.write(require(process.argv[1]).version)' "$PWD/$AXE_DIR/package.json" 2>/dev/null
}
if [ "$(installed_axe || true)" != "$AXE_VERSION" ]; then
  echo "== npm install axe-core@$AXE_VERSION into target/npm"
  mkdir -p target/npm
  npm install --no-save --no-audit --no-fund --ignore-scripts --prefix target/npm "axe-core@$AXE_VERSION"
  if [ "$(installed_axe || true)" != "$AXE_VERSION" ]; then
    echo "error: axe-core $AXE_VERSION did not install into $AXE_DIR" >&2
    exit 1
  fi
fi
