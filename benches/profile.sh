#!/usr/bin/env bash
# Callgrind profile of a full build: ./benches/profile.sh [CHAPTERS=1000]
# Builds metbook with debug info into target/prof (so it does not disturb target/release),
# generates the manual if needed, runs `valgrind --tool=callgrind` on `metbook build`
# and prints the top inclusive and self costs. Instruction counts are repeatable on a
# shared machine, unlike wall time. Needs valgrind (apt-get install valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
B=$PWD/target/bench
mkdir -p "$B"
CARGO_PROFILE_RELEASE_DEBUG=true CARGO_TARGET_DIR=target/prof cargo build --release --quiet --bin metbook --example gen_manual
[ -f "$B/m$N/book.toml" ] || target/prof/release/examples/gen_manual "$N" "$B/m$N"
OUTF=$B/callgrind.m$N.out
# RAYON_NUM_THREADS=1 keeps the profile of one thread readable; the counts are the same work.
RAYON_NUM_THREADS=${RAYON_NUM_THREADS:-1} valgrind --tool=callgrind --callgrind-out-file="$OUTF" target/prof/release/metbook build "$B/m$N" 2>&1 | grep -E 'Collected|refs' || true
echo "== inclusive =="
callgrind_annotate --inclusive=yes "$OUTF" 2>/dev/null | head -60
echo "== self =="
callgrind_annotate "$OUTF" 2>/dev/null | head -45
echo "profile: $OUTF (open with kcachegrind or callgrind_annotate --tree=caller)"
