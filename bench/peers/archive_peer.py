"""Floor peer of the archive table: a plain SQLite archive with Python's sqlite3 (standard library).
The same generated articles as `newswatch-bench archive` (ArticleGenerator, seed 5; same batches of
500, one feed poll each) are stored with the same durability (WAL, synchronous=FULL, one transaction
per batch): an article table keyed by the SHA-256 of the article's text, a sightings table (feed,
url, guid, first/last seen) and an FTS5 index over title, teaser and body (unicode61, diacritics
removed). Then the kept batches are recorded again from other feeds (the dedup path: hash lookup,
a sighting row). It does less than newswatch: no SimHash / near-duplicate bands, no revision links,
no learned furniture, no feed statistics — a floor, as xmllint is for parsing.

usage: archive_peer.py N PATH — prints `key value` lines like newswatch-bench archive."""
import hashlib
import json
import os
import sqlite3
import sys
import time

import bench_articles

BATCH = 500
SCHEMA = """
CREATE TABLE article (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, source TEXT,
    url TEXT, guid TEXT, published INTEGER, firstSeen INTEGER NOT NULL, json TEXT NOT NULL);
CREATE TABLE sighting (article INTEGER NOT NULL REFERENCES article(seq), feed TEXT NOT NULL, url TEXT NOT NULL,
    guid TEXT NOT NULL, firstSeen INTEGER NOT NULL, lastSeen INTEGER NOT NULL,
    PRIMARY KEY (article, feed, url, guid)) WITHOUT ROWID;
CREATE INDEX sighting_feed ON sighting(feed);
CREATE VIRTUAL TABLE article_search USING fts5(title, teaser, body, tokenize = 'unicode61 remove_diacritics 2');
"""


def content_hash(article):
    text = "\n".join([article["title"], article["teaser"]] + article["body"])
    return hashlib.sha256(text.encode()).hexdigest()


def record(db, feed, batch, at):
    """One feed poll: one transaction; a known hash gets a sighting, a new one a row, a sighting and
    its search entry. Returns how many were new."""
    new = 0
    with db:
        for article in batch:
            key = content_hash(article)
            row = db.execute("SELECT seq FROM article WHERE id = ?", (key,)).fetchone()
            if row is None:
                seq = db.execute("INSERT INTO article (id, title, source, url, guid, published, firstSeen, json) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                 (key, article["title"], article["source"], article["url"], article["guid"],
                                  article["published"], at, json.dumps(article, ensure_ascii=False))).lastrowid
                db.execute("INSERT INTO article_search (rowid, title, teaser, body) VALUES (?, ?, ?, ?)",
                           (seq, article["title"], article["teaser"], "\n".join(article["body"])))
                new += 1
            else:
                seq = row[0]
            db.execute("INSERT INTO sighting (article, feed, url, guid, firstSeen, lastSeen) VALUES (?, ?, ?, ?, ?, ?) "
                       "ON CONFLICT DO UPDATE SET lastSeen = excluded.lastSeen",
                       (seq, feed, article["url"], article["guid"], at, at))
    return new


def main():
    count, path = int(sys.argv[1]), sys.argv[2]
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.executescript(SCHEMA)
    db.isolation_level = ""  # `with db` opens and commits one transaction per batch
    start = 1_790_000_000
    generator = bench_articles.ArticleGenerator(5)
    insert_wall = insert_cpu = 0.0
    inserted, batch_index, kept = 0, 0, []
    while inserted < count:
        size = min(BATCH, count - inserted)
        at = start + batch_index * 60
        batch = [generator.next(at) for _ in range(size)]  # generation outside the timed part
        t0, c0 = time.perf_counter(), time.process_time()
        record(db, f"feed-{batch_index % 200}", batch, at)
        insert_wall += time.perf_counter() - t0
        insert_cpu += time.process_time() - c0
        if batch_index % max(1, count // BATCH // 20) == 0:
            kept.append(batch)
        inserted += size
        batch_index += 1
    print(f"articles {count}")
    print(f"insert_per_s {count / insert_wall}")
    print(f"insert_per_cpu_s {count / insert_cpu}")
    repeat_at = start + batch_index * 60
    dedup_wall = dedup_cpu = 0.0
    checked = new = 0
    for index, batch in enumerate(kept):
        t0, c0 = time.perf_counter(), time.process_time()
        new += record(db, f"feed-repeat-{index}", batch, repeat_at)
        dedup_wall += time.perf_counter() - t0
        dedup_cpu += time.process_time() - c0
        checked += len(batch)
    assert new == 0, "a repeated article was stored again"
    print(f"dedup_per_s {checked / dedup_wall}")
    print(f"dedup_per_cpu_s {checked / dedup_cpu}")
    db.close()
    size = sum(os.path.getsize(path + s) for s in ("", "-wal") if os.path.exists(path + s))
    print(f"bytes_per_article {size / count}")


if __name__ == "__main__":
    main()
