#!/usr/bin/env bash
# `make bench`: installs the peers that are missing (Debian packages, PyPI for matplotlib), builds
# newswatch-bench in release, generates the corpus and runs bench.py, which writes results/latest.md.
# QUICK=1: a small corpus and archive, the whole run in a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SWIFT=${SWIFT:-swift}
QUICK=${QUICK:-0}
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
WORK=${BENCH_WORK:-/tmp/newswatch-bench}
mkdir -p "$WORK"
declare -A missing=()

apt_install() {  # apt_install PACKAGE...: installs what dpkg does not have yet
    local need=()
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
    [ ${#need[@]} -eq 0 ] && return 0
    echo "bench: installing ${need[*]}"
    if [ ! -e "$WORK/.apt-updated" ]; then $SUDO apt-get update -qq && touch "$WORK/.apt-updated"; fi
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
}

apt_install libxml2-utils || true
apt_install python3-feedparser || true
apt_install golang-go golang-github-mmcdole-gofeed-dev || true

XMLLINT=$(command -v xmllint || true)
[ -n "$XMLLINT" ] || missing[xmllint --stream --noout]="libxml2-utils could not be installed"

# feedparser from Debian lives in the system Python, which may not be the first python3 on PATH.
FEEDPARSER_PYTHON=""
for py in /usr/bin/python3 python3; do
    if "$py" -c 'import feedparser' 2>/dev/null; then FEEDPARSER_PYTHON=$(command -v "$py"); break; fi
done
if [ -z "$FEEDPARSER_PYTHON" ] && python3 -m pip install -q feedparser 2>/dev/null; then FEEDPARSER_PYTHON=$(command -v python3); fi
[ -n "$FEEDPARSER_PYTHON" ] || missing[feedparser (Python)]="python3-feedparser could not be installed"

GOFEED_BENCH=""
if command -v go >/dev/null && [ -d /usr/share/gocode/src/github.com/mmcdole/gofeed ]; then
    GOFEED_BENCH=$WORK/gofeed-bench
    if [ ! -x "$GOFEED_BENCH" ] || [ bench/peers/gofeed/main.go -nt "$GOFEED_BENCH" ]; then
        (cd bench/peers/gofeed && GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE=$WORK/go-cache go build -o "$GOFEED_BENCH" main.go)
    fi
else
    missing[gofeed (Go)]="golang-go / golang-github-mmcdole-gofeed-dev could not be installed"
fi

# The chart: matplotlib from PyPI into the Python that runs bench.py, when allowed.
python3 -c 'import matplotlib' 2>/dev/null || python3 -m pip install -q matplotlib 2>/dev/null || echo "bench: matplotlib not installable; no chart"

echo "bench: building newswatch-bench (release)"
$SWIFT build -c release --product newswatch-bench
NEWSWATCH_BENCH=$($SWIFT build -c release --show-bin-path)/newswatch-bench
# The daemon itself, for its start-up time with the benchmark's archive.
$SWIFT build -c release --product newswatch
NEWSWATCH=$($SWIFT build -c release --show-bin-path)/newswatch

if [ "$QUICK" = 1 ]; then MB=${CORPUS_MB:-8}; else MB=${CORPUS_MB:-210}; fi
CORPUS=$WORK/corpus-$MB
python3 bench/corpus.py "$CORPUS" "$MB"

# Peers that could not be installed: one `name<TAB>why` line each, for the tables to say so.
MISSING_PEERS=$WORK/missing-peers.tsv
: > "$MISSING_PEERS"
for k in "${!missing[@]}"; do printf '%s\t%s\n' "$k" "${missing[$k]}" >> "$MISSING_PEERS"; done
export QUICK NEWSWATCH_BENCH NEWSWATCH GOFEED_BENCH FEEDPARSER_PYTHON XMLLINT CORPUS MISSING_PEERS BENCH_WORK=$WORK
python3 bench/bench.py
