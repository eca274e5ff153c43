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
apt_install nginx newsboat || true
apt_install time || true  # GNU time: the peak RSS of each measured process (bench.py run_once)

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

# Polling: nginx serves the feeds on loopback, newsboat is the peer.
NGINX=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)
[ -n "$NGINX" ] || missing[nginx]="nginx could not be installed"
NEWSBOAT=$(command -v newsboat || true)
[ -n "$NEWSBOAT" ] || missing[newsboat -x reload]="newsboat could not be installed"

# Full text: trafilatura and readability-lxml from PyPI, in a venv of their own (a current pip first:
# older pips fail to resolve trafilatura's lxml[html-clean] extra).
FULLTEXT_VENV=$WORK/fulltext-venv
FULLTEXT_PYTHON=""
if [ -x "$FULLTEXT_VENV/bin/python" ] && "$FULLTEXT_VENV/bin/python" -c 'import trafilatura, readability' 2>/dev/null; then
    FULLTEXT_PYTHON=$FULLTEXT_VENV/bin/python
else
    echo "bench: installing trafilatura and readability-lxml into $FULLTEXT_VENV"
    rm -rf "$FULLTEXT_VENV"
    if { python3 -m venv "$FULLTEXT_VENV" || /usr/bin/python3 -m venv "$FULLTEXT_VENV"; } 2>/dev/null \
        && "$FULLTEXT_VENV/bin/python" -m pip install -q --upgrade pip \
        && "$FULLTEXT_VENV/bin/python" -m pip install -q trafilatura readability-lxml; then
        FULLTEXT_PYTHON=$FULLTEXT_VENV/bin/python
    else
        missing[trafilatura, readability-lxml (PyPI)]="could not be installed from PyPI into a venv"
    fi
fi

# Full text on real pages: saved news pages with their expected text from newspaper4k's sdist (PyPI,
# pinned), fetched with the venv's pip by bench/real_pages.py into the work folder, never committed.
REAL_PAGES=""
if [ -n "$FULLTEXT_PYTHON" ]; then
    if python3 bench/real_pages.py "$WORK/real-pages" "$FULLTEXT_PYTHON"; then REAL_PAGES=$WORK/real-pages
    else echo "bench: the real pages (newspaper4k's sdist) could not be fetched; no real-pages table"; fi
fi

# The chart: matplotlib from PyPI into the Python that runs bench.py, when allowed.
python3 -c 'import matplotlib' 2>/dev/null || python3 -m pip install -q matplotlib 2>/dev/null || echo "bench: matplotlib not installable; no chart"

# As `make install` builds them: the Swift runtime and Foundation linked statically. Both products
# with the same flags, or each build would recompile every module for the other.
echo "bench: building newswatch-bench (release)"
$SWIFT build -c release --static-swift-stdlib --product newswatch-bench
NEWSWATCH_BENCH=$($SWIFT build -c release --show-bin-path)/newswatch-bench
echo "bench: building newswatch (release), for the polling benchmark and the daemon's start-up time"
$SWIFT build -c release --static-swift-stdlib --product newswatch
NEWSWATCH=$($SWIFT build -c release --show-bin-path)/newswatch

if [ "$QUICK" = 1 ]; then MB=${CORPUS_MB:-8}; else MB=${CORPUS_MB:-210}; fi
CORPUS=$WORK/corpus-$MB
python3 bench/corpus.py "$CORPUS" "$MB"
if [ "$QUICK" = 1 ]; then PAGES_N=${ARTICLE_PAGES_N:-24}; else PAGES_N=${ARTICLE_PAGES_N:-400}; fi
ARTICLE_PAGES=$WORK/article-pages-$PAGES_N
python3 bench/article_pages.py "$ARTICLE_PAGES" "$PAGES_N"

# Peers that could not be installed: one `name<TAB>why` line each, for the tables to say so.
MISSING_PEERS=$WORK/missing-peers.tsv
: > "$MISSING_PEERS"
for k in "${!missing[@]}"; do printf '%s\t%s\n' "$k" "${missing[$k]}" >> "$MISSING_PEERS"; done
export QUICK NEWSWATCH_BENCH GOFEED_BENCH FEEDPARSER_PYTHON XMLLINT CORPUS MISSING_PEERS BENCH_WORK=$WORK
export NEWSWATCH NEWSBOAT ARTICLE_PAGES FULLTEXT_PYTHON REAL_PAGES
python3 bench/bench.py
python3 bench/readme_tables.py
