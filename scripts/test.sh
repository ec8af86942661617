#!/usr/bin/env bash
# The test command: installs what the test suite needs (Chromium, chromedriver, the pinned
# axe-core) if missing, checks formatting and clippy (warnings are errors), then runs every
# Cargo test target, the real-browser suite included.
#
#   ./scripts/test.sh                 # everything
#   ./scripts/test.sh --test browser  # extra arguments go to `cargo test`
#
# Environment: CHROMIUM, CHROMEDRIVER (browser binaries; default /usr/bin/chromium,
# /usr/bin/chromedriver), METBOOK_AXE (path to axe.min.js; default: installed under target/npm).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-test-deps.sh

export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export METBOOK_AXE="${METBOOK_AXE:-$PWD/target/npm/node_modules/axe-core/axe.min.js}"

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy --all-targets -- -D warnings"
cargo clippy --locked --all-targets -- -D warnings

echo "== cargo test --locked --all-targets --no-fail-fast $*"
echo "   browser: $("$CHROMIUM" --version 2>/dev/null | head -n1); METBOOK_AXE=$METBOOK_AXE"
cargo test --locked --all-targets --no-fail-fast "$@"
