#!/usr/bin/env python3
"""Cross-check of newswatch's feed reading against feedparser and gofeed, item by item.

usage: crosscheck.py CORPUS_DIR [--limit N]

Environment: NEWSWATCH (the `newswatch` binary; default: the debug build), GOFEED_BENCH (the Go peer,
built by run.sh), FEEDPARSER_PYTHON (a Python with feedparser; default /usr/bin/python3).

For every XML feed of the corpus (feedparser 6.0 reads no JSON Feed), each parser's items are paired
by position in the feed, and five fields are compared: title, link, guid, published (UTC, to the
second) and the number of authors. Prints the agreement per field and peer, and the disagreements
grouped by kind with examples. newswatch's side comes from `newswatch parse --json FILE`.
"""
import collections
import glob
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIELDS = ("title", "link", "guid", "published", "authors")


def ours(binary, path):
    out = subprocess.run([binary, "parse", "--json", path], capture_output=True, text=True, check=True).stdout
    items = []
    for article in json.loads(out)["articles"]:
        items.append({"title": article.get("title"), "link": article.get("url"), "guid": article.get("guid"),
                      "published": article.get("published") or article.get("updated"),
                      "authors": len(article.get("authors", []))})
    return items


def peer(command, files):
    by_file = collections.defaultdict(list)
    out = subprocess.run(command + files, capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        item = json.loads(line)
        by_file[item["file"]].append(item)
    return by_file


def space(text):
    return re.sub(r"\s+", " ", text or "").strip()


def same(field, mine, theirs):
    if field == "title":
        return space(mine) == space(theirs)
    if field in ("link", "guid"):
        return (mine or "") == (theirs or "")
    return mine == theirs


def main():
    corpus = sys.argv[1]
    limit = int(sys.argv[sys.argv.index("--limit") + 1]) if "--limit" in sys.argv else None
    files = sorted(glob.glob(os.path.join(corpus, "*.xml")))[:limit]
    binary = os.environ.get("NEWSWATCH") or os.path.join(ROOT, ".build", "debug", "newswatch")
    peers = {}
    python = os.environ.get("FEEDPARSER_PYTHON", "/usr/bin/python3")
    peers["feedparser"] = peer([python, os.path.join(HERE, "peers", "feedparser_bench.py"), "--json"], files)
    if os.environ.get("GOFEED_BENCH"):
        peers["gofeed"] = peer([os.environ["GOFEED_BENCH"], "-json"], files)

    agree = {name: collections.Counter() for name in peers}
    total = {name: 0 for name in peers}
    kinds = collections.defaultdict(list)
    count_mismatch = []
    for path in files:
        mine = ours(binary, path)
        for name, by_file in peers.items():
            theirs = by_file.get(path, [])
            if len(theirs) != len(mine):
                count_mismatch.append(f"{os.path.basename(path)}: newswatch {len(mine)} items, {name} {len(theirs)}")
            for index, (a, b) in enumerate(zip(mine, theirs)):
                total[name] += 1
                for field in FIELDS:
                    if same(field, a[field], b[field]):
                        agree[name][field] += 1
                    else:
                        kinds[(name, field)].append((os.path.basename(path), index, a[field], b[field]))

    print(f"# Cross-check: {len(files)} XML feeds of {corpus}\n")
    print("| field | " + " | ".join(f"agrees with {name}" for name in peers) + " |")
    print("|---|" + "---|" * len(peers))
    for field in FIELDS:
        cells = [f"{100 * agree[n][field] / max(total[n], 1):.1f}% ({agree[n][field]:,} of {total[n]:,})" for n in peers]
        print(f"| {field} | " + " | ".join(cells) + " |")
    if count_mismatch:
        print("\nFeeds with a different number of items:\n")
        for line in count_mismatch:
            print(f"- {line}")
    for (name, field), cases in sorted(kinds.items()):
        print(f"\n## {field}: {len(cases)} disagreements with {name}; first examples\n")
        for file, index, a, b in cases[:5]:
            print(f"- {file} item {index}: newswatch {json.dumps(a, ensure_ascii=False)} / {name} {json.dumps(b, ensure_ascii=False)}")


if __name__ == "__main__":
    main()
