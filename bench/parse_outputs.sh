#!/bin/bash
# bench/parse_outputs.sh NEWSWATCH OUTDIR [DIR…]: `NEWSWATCH parse --json` and `--text` of every parser
# fixture, page, seed and NormalizeTests article, and of every file in each DIR (corpora made by
# bench/corpus.py, article pages made by bench/article_pages.py), into OUTDIR: stdout, then stderr
# and the exit status. `fetched` (the time of the run) is masked. Speed work on parsing must leave
# these byte-identical: run it with the binary built from main and with the changed one, then
# `diff -r OUTDIR1 OUTDIR2`.
set -u
BIN=$1; OUT=$2; shift 2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SEEDS=${SEEDS:-/work/shared/seeds}
mkdir -p "$OUT"
{
    ls "$ROOT"/Tests/NewswatchParseTests/Fixtures/* | grep -v '\.expected\.json$'
    ls "$ROOT"/Tests/NewswatchParseTests/Pages/* "$ROOT"/Tests/NewswatchNormalizeTests/Articles/*
    [ -d "$SEEDS" ] && ls "$SEEDS"/*
    for dir in "$@"; do ls "$dir"/*; done
} | grep -v '\.gold\.txt$' > "$OUT/.inputs"
count=0
while read -r file; do
    key=$(echo "${file#"$ROOT"/}" | tr / _)
    "$BIN" parse --json "$file" > "$OUT/$key.json" 2> "$OUT/$key.err"; echo "rc=$?" >> "$OUT/$key.err"
    "$BIN" parse --text "$file" > "$OUT/$key.txt" 2>> "$OUT/$key.err"; echo "rc=$?" >> "$OUT/$key.err"
    count=$((count + 1))
done < "$OUT/.inputs"
sed -i 's|"fetched": "[^"]*"|"fetched": "X"|' "$OUT"/*.json
echo "$count inputs"
