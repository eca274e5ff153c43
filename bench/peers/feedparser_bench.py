#!/usr/bin/python3
"""The Python peer of `newswatch-bench parse`: feedparser over the bytes of every file named.

With `--json` first, prints instead one JSON object per item (file, title, link, guid, published in
UTC, number of authors) for bench/crosscheck.py; the timed mode is unchanged."""
import json
import sys
import time

import feedparser


def items_as_json(paths):
    for path in paths:
        with open(path, "rb") as f:
            result = feedparser.parse(f.read())
        for index, entry in enumerate(result.entries):
            published = entry.get("published_parsed") or entry.get("updated_parsed")
            print(json.dumps({
                "file": path, "index": index, "title": entry.get("title"), "link": entry.get("link"),
                "guid": entry.get("id"),
                "published": time.strftime("%Y-%m-%dT%H:%M:%SZ", published) if published else None,
                "authors": len(entry.get("authors") or ([{"name": entry["author"]}] if entry.get("author") else [])),
            }, ensure_ascii=False))


if len(sys.argv) > 1 and sys.argv[1] == "--json":
    items_as_json(sys.argv[2:])
    sys.exit(0)

start = time.monotonic()
items = failures = 0
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        data = f.read()
    result = feedparser.parse(data)
    if result.bozo and not result.entries:
        failures += 1
        print(f"{path}: {result.bozo_exception}", file=sys.stderr)
    items += len(result.entries)
print(f"items {items}\nfailures {failures}\nseconds {time.monotonic() - start:.6g}")
