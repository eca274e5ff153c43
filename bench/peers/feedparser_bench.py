#!/usr/bin/python3
"""The Python peer of `newswatch-bench parse`: feedparser over the bytes of every file named."""
import sys
import time

import feedparser

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
