#!/usr/bin/env bash
# metbook performance benchmarks: ./benches/run.sh
#
# Builds release, generates synthetic manuals of 100 / 1,000 / 5,000 chapters into
# target/bench/ (examples/gen_manual.rs), and measures against the targets of the
# performance issue: full build wall/CPU time and peak memory (median of 5 runs, 3 at
# 5,000), `check` time, output size against the floor (examples/floor.rs: pulldown-cmark
# alone, one thread) plus the search index, one-chapter incremental rebuild through
# metbook::session::Session (examples/incremental.rs, median of 20), search download
# sizes (examples/search_queries.rs), when `mdbook` is on PATH, mdBook on the same
# Markdown, and the PDF edition of the bundled handbook (`--output pdf` against
# `--output html`, median of RUNS_PDF; needs Chromium and poppler-utils, see
# scripts/install-test-deps.sh). Results go to stdout and target/bench/results.txt.
#
# Environment: SIZES="100 1000 5000" RUNS=5 RUNS_BIG=3 RUNS_PDF=3 SEED=1 to override.
# Wall times are noisy on shared machines: compare ratios within one run, repeat runs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
B=$ROOT/target/bench
mkdir -p "$B"
SIZES=${SIZES:-"100 1000 5000"}
RUNS=${RUNS:-5}
RUNS_BIG=${RUNS_BIG:-3}
RUNS_PDF=${RUNS_PDF:-3}
SEED=${SEED:-1}
OUT=$B/results.txt
: >"$OUT"
say() { echo "$@" | tee -a "$OUT"; }

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (/usr/bin/time) ..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y time >&2; else sudo apt-get install -y time >&2; fi
fi

say "# metbook benchmarks, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo '+dirty')"
say "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GB RAM", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"

# CPU time the hypervisor gave to other guests while the benchmark ran (the "steal" column of
# /proc/stat): on a shared virtual machine it is what makes two runs of the same code differ.
stolen() { awk '/^cpu / {print $9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
STEAL0=$(stolen)

echo "building release ..." >&2
cargo build --release --quiet --bin metbook --example gen_manual --example floor --example incremental --example search_queries --example serve_latency
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
MB=$TARGET/release/metbook
EX=$TARGET/release/examples

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
max() { sort -g | tail -1; }
bytes() { find "$@" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}'; }
# timed CMD... -> appends "wall cpu rss_kb" to $T
timed() { /usr/bin/time -o "$B/.t" -f "%e %U %S %M" "$@" >/dev/null 2>"$B/.err" || { cat "$B/.err" >&2; exit 1; }; awk '{print $1, $2+$3, $4}' "$B/.t" >>"$T"; }

declare -A WALL CPU RSS CWALL CCPU SITE HTML SEARCH FLOOR FCPU MDB
for n in $SIZES; do
  d=$B/m$n
  echo "generating $n chapters ..." >&2
  rm -rf "$d/book"
  "$EX/gen_manual" "$n" "$d" --seed "$SEED" 2>&1 | tee -a "$OUT" >&2
  "$MB" check "$d" >/dev/null || { echo "generated manual of $n chapters does not pass check" >&2; "$MB" check "$d" | tail -20; exit 1; }
  r=$RUNS; [ "$n" -ge 5000 ] && r=$RUNS_BIG
  echo "build x$r, check x$r, floor x$r at $n ..." >&2
  "$MB" build "$d" >/dev/null   # warm the page cache
  # Build and floor samples alternate, so both see the same load on a shared machine (the
  # floor's CPU, nearly all system time, swings twofold with the host's). The floor is ~20x
  # faster than a build: 10 back-to-back runs make one sample, for resolution.
  : >"$B/.build"; : >"$B/.floor"
  for _ in $(seq "$r"); do
    T=$B/.build; timed "$MB" build "$d"
    rm -rf "$B/floor$n"; T=$B/.floor; timed bash -c 'for i in 1 2 3 4 5 6 7 8 9 10; do "$0" "$1" "$2"; done' "$EX/floor" "$d" "$B/floor$n"
  done
  T=$B/.build
  WALL[$n]=$(cut -d' ' -f1 "$T" | median); CPU[$n]=$(cut -d' ' -f2 "$T" | median); RSS[$n]=$(cut -d' ' -f3 "$T" | max)
  FCPU[$n]=$(cut -d' ' -f2 "$B/.floor" | median | awk '{printf "%.3f", $1/10}')
  T=$B/.check; : >"$T"; for _ in $(seq "$r"); do timed "$MB" check "$d"; done
  CWALL[$n]=$(cut -d' ' -f1 "$T" | median); CCPU[$n]=$(cut -d' ' -f2 "$T" | median)
  SITE[$n]=$(bytes "$d/book"); HTML[$n]=$(find "$d/book" -name '*.html' -printf '%s\n' | awk '{s+=$1} END {print s}')
  SEARCH[$n]=$(bytes "$d/book/search"); FLOOR[$n]=$(bytes "$B/floor$n")
  if command -v mdbook >/dev/null; then
    m=$B/mdbook$n; mkdir -p "$m"; ln -sfn "$d/manual" "$m/manual"
    printf '[book]\ntitle = "mdBook on the metbook bench manual"\nsrc = "manual"\n\n[build]\nbuild-dir = "book"\n\n[output.html]\n' >"$m/book.toml"
    T=$B/.mdbook; : >"$T"; for _ in $(seq "$r"); do timed mdbook build "$m"; done
    MDB[$n]=$(cut -d' ' -f1 "$T" | median)
  fi
  say "n=$n build wall ${WALL[$n]} s cpu ${CPU[$n]} s rss ${RSS[$n]} KB | check wall ${CWALL[$n]} s cpu ${CCPU[$n]} s | floor cpu ${FCPU[$n]} s | site ${SITE[$n]} B html ${HTML[$n]} B search ${SEARCH[$n]} B floor ${FLOOR[$n]} B${MDB[$n]:+ | mdbook wall ${MDB[$n]} s}"
done

INC=""; SQ=""; COLD=""; NOPRINT=""; TWO=""; ONE=""
if [ -d "$B/m1000" ]; then
  # The same manual in two languages, every chapter translated (benches/translate.py).
  echo "build x$RUNS at 1000 in two languages ..." >&2
  python3 benches/translate.py "$B/m1000" "$B/m1000-es" es
  "$MB" check "$B/m1000-es" >/dev/null || { echo "the two-language manual does not pass check" >&2; exit 1; }
  # One-language builds alternate with the two-language ones, so the ratio compares builds
  # made under the same load (the table's one-language figure was measured minutes before).
  "$MB" build "$B/m1000-es" >/dev/null; "$MB" build "$B/m1000" >/dev/null
  : >"$B/.two"; : >"$B/.one"
  for _ in $(seq "$RUNS"); do
    T=$B/.two; timed "$MB" build "$B/m1000-es"
    T=$B/.one; timed "$MB" build "$B/m1000"
  done
  TWO=$(cut -d' ' -f1 "$B/.two" | median); ONE=$(cut -d' ' -f1 "$B/.one" | median)
  # The builds above reuse the formatted references cached by the first one; a build
  # with the cache off shows the first-build cost of the CSL engine.
  echo "build x$RUNS at 1000 with the references cache off ..." >&2
  T=$B/.cold; : >"$T"; for _ in $(seq "$RUNS"); do timed env METBOOK_CACHE_DIR=off "$MB" build "$B/m1000"; done
  COLD=$(cut -d' ' -f1 "$T" | median)
  # Output size with print.html switched off ([output.html.print] enable = false).
  rm -rf "$B/m1000-noprint" && mkdir -p "$B/m1000-noprint" && cp -r "$B/m1000/manual" "$B/m1000-noprint/manual"
  cp "$B/m1000/book.toml" "$B/m1000-noprint/book.toml"
  printf '\n[output.html.print]\nenable = false\n' >>"$B/m1000-noprint/book.toml"
  "$MB" build "$B/m1000-noprint" >/dev/null
  NOPRINT=$(bytes "$B/m1000-noprint/book")
  echo "incremental rebuild x20 at 1000 ..." >&2
  INC=$("$EX/incremental" "$B/m1000" 20); say "$INC"
  echo "serve save-to-reload x20 at 1000 ..." >&2
  rm -rf "$B/m1000-serve" && cp -r "$B/m1000" "$B/m1000-serve" && rm -rf "$B/m1000-serve/book"
  LAT=$("$EX/serve_latency" "$B/m1000-serve" 20); say "$LAT"
  "$MB" build "$B/m1000" >/dev/null
  SQ=$("$EX/search_queries" "$B/m1000/book"); say "$SQ"
fi

# The PDF edition of the bundled handbook: Chromium prints it twice (the second time with
# the contents' page numbers), so its time is Chromium's, measured apart from the HTML's.
PDFW=""; PDFH=""; PDFP=""; PDFS=""
if command -v "${METBOOK_CHROMIUM:-chromium}" >/dev/null && command -v pdfinfo >/dev/null; then
  H=$B/handbook
  rm -rf "$H" && mkdir -p "$H" && cp "$ROOT/book.toml" "$H/" && cp -r "$ROOT/manual" "$H/manual"
  echo "bundled handbook: build x$RUNS_PDF --output html, --output pdf ..." >&2
  "$MB" build "$H" >/dev/null
  T=$B/.html; : >"$T"; for _ in $(seq "$RUNS_PDF"); do timed "$MB" build --output html "$H"; done
  PDFH=$(cut -d' ' -f1 "$T" | median)
  T=$B/.pdf; : >"$T"; for _ in $(seq "$RUNS_PDF"); do timed "$MB" build --output pdf "$H"; done
  PDFW=$(cut -d' ' -f1 "$T" | median)
  f=$(ls "$H"/book/*.pdf)
  PDFP=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}'); PDFS=$(stat -c %s "$f")
  say "bundled handbook: html wall $PDFH s | pdf wall $PDFW s, $PDFP pages, $PDFS B"
else
  say "(chromium or pdfinfo missing: no PDF figure; run scripts/install-test-deps.sh)"
fi

# ---- table -----------------------------------------------------------------------------
ok() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? "ok" : "MISS" }'; }
row() { say "$(printf '| %-46s | %-24s | %-10s | %-4s |' "$1" "$2" "$3" "$4")"; }
say ""
row "figure" "measured" "target" ""
row "----------------------------------------------" "------------------------" "----------" "----"
has() { [[ " $SIZES " == *" $1 "* ]]; }
if has 1000; then
  row "build wall, 1,000 chapters (median)" "${WALL[1000]} s" "<= 0.5 s" "$(ok "${WALL[1000]}" 0.5)"
  r=$(awk -v a="${CPU[1000]}" -v b="${FCPU[1000]}" 'BEGIN {printf "%.2f", a/b}')
  row "build CPU / floor CPU, 1,000" "${CPU[1000]} / ${FCPU[1000]} s = ${r}x" "<= 2.5x" "$(ok "$r" 2.5)"
  row "check wall, 1,000" "${CWALL[1000]} s" "(info)" ""
  [ -n "$COLD" ] && row "build wall, 1,000, references cache off" "$COLD s" "(info)" ""
  [ -n "$TWO" ] && row "two languages / one, 1,000 (wall)" "$(awk -v a="$TWO" -v b="$ONE" 'BEGIN {printf "%.2fx (%s / %s s)", a/b, a, b}')" "<= 2.2x" "$(ok "$(awk -v a="$TWO" -v b="$ONE" 'BEGIN {print a/b}')" 2.2)"
fi
if has 5000; then
  row "build wall, 5,000 chapters (median of $RUNS_BIG)" "${WALL[5000]} s" "<= 2.5 s" "$(ok "${WALL[5000]}" 2.5)"
  row "check wall, 5,000" "${CWALL[5000]} s" "(info)" ""
fi
prev=""
for n in $SIZES; do
  if [ -n "$prev" ]; then
    # time growth per doubling of chapters: 2^(log(t2/t1)/log(n2/n1)); linear = 2.0
    g=$(awk -v t1="${WALL[$prev]}" -v t2="${WALL[$n]}" -v a="$prev" -v b="$n" 'BEGIN {printf "%.2f", exp(log(2)*log(t2/t1)/log(b/a))}')
    row "wall x per doubling, $prev -> $n" "${g}x" "<= 2.2x" "$(ok "$g" 2.2)"
  fi
  prev=$n
done
for n in $SIZES; do row "peak RSS (max), $n" "$(awk -v k="${RSS[$n]}" 'BEGIN {printf "%.0f MB", k/1024}')" "$([ "$n" = 5000 ] && echo '<= 200 MB' || echo '(info)')" "$([ "$n" = 5000 ] && ok "$(awk -v k="${RSS[$n]}" 'BEGIN {print k/1024}')" 200)"; done
if [ -n "$INC" ]; then
  med=$(sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' <<<"$INC")
  row "incremental 1-chapter rebuild, 1,000 (med 20)" "$med ms" "<= 30 ms" "$(ok "$med" 30)"
fi
if [ -n "${LAT:-}" ]; then
  med=$(sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' <<<"$LAT")
  row "serve: save to page reload, 1,000 (med 20)" "$med ms" "<= 100 ms" "$(ok "$med" 100)"
fi
for n in $SIZES; do
  r=$(awk -v s="${SITE[$n]}" -v f="${FLOOR[$n]}" -v x="${SEARCH[$n]}" 'BEGIN {printf "%.2f", s/(f+x)}')
  row "output / (floor HTML + search), $n" "$(awk -v s="${SITE[$n]}" 'BEGIN {printf "%.1f MB", s/1e6}') = ${r}x" "<= 1.5x" "$(ok "$r" 1.5)"
done
if has 1000; then
  row "  of which HTML / search / floor HTML, 1,000" "$(awk -v h="${HTML[1000]}" -v s="${SEARCH[1000]}" -v f="${FLOOR[1000]}" 'BEGIN {printf "%.1f / %.1f / %.1f MB", h/1e6, s/1e6, f/1e6}')" "(info)" ""
  p=$(stat -c %s "$B/m1000/book/print.html" 2>/dev/null || echo 0)
  row "  print.html, 1,000" "$(awk -v p="$p" 'BEGIN {printf "%.1f MB", p/1e6}')" "(info)" ""
  [ -n "$NOPRINT" ] && row "output / (floor HTML + search), no print.html" "$(awk -v s="$NOPRINT" -v f="${FLOOR[1000]}" -v x="${SEARCH[1000]}" 'BEGIN {printf "%.1f MB = %.2fx", s/1e6, s/(f+x)}')" "(info)" ""
fi
if [ -n "$SQ" ]; then
  row "search: bytes before typing (1,000)" "$(sed -n 's/.*before-typing \([0-9]*\) bytes.*/\1/p' <<<"$SQ" | awk '{printf "%.1f KB", $1/1e3}')" "(info)" ""
  row "search: median typed query (1,000)" "$(sed -n 's/.*median query \([0-9]*\) bytes.*/\1/p' <<<"$SQ" | awk '{printf "%.0f KB", $1/1e3}')" "(info)" ""
fi
for n in $SIZES; do
  [ -n "${MDB[$n]:-}" ] && row "metbook / mdBook wall, $n" "$(awk -v a="${WALL[$n]}" -v b="${MDB[$n]}" 'BEGIN {printf "%.2fx (%s s)", a/b, b}')" "(info)" ""
done
if [ -n "$PDFW" ]; then
  row "PDF of the bundled handbook (--output pdf, med)" "$PDFW s, $PDFP pages" "(info)" ""
  row "  its HTML alone (--output html, med)" "$PDFH s" "(info)" ""
  row "  PDF size" "$(awk -v s="$PDFS" 'BEGIN {printf "%.1f MB", s/1e6}')" "(info)" ""
fi
row "host CPU stolen by the hypervisor, whole run" "$(awk -v a="$STEAL0" -v b="$(stolen)" 'BEGIN {split(a, x, " "); split(b, y, " "); t = y[2] - x[2]; v = t > 0 ? 100 * (y[1] - x[1]) / t : 0; printf "%.1f %%", v}')" "(info)" ""
command -v mdbook >/dev/null || say "(mdbook not on PATH: no mdBook comparison)"
say ""
say "raw figures and per-query search sizes: $OUT"
