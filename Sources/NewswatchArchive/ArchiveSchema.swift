import GRDB

/// The archive's schema, one registered migration per version. A migration, once released, is never
/// edited: a change is a new migration, so every archive file moves forward the same way.
enum ArchiveSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1: articles, sightings, stories, tombstones, feed state, search") { db in
            // A story is what a reader thinks of as one piece of news: every revision of an article
            // and every near-duplicate (the same wire text run by several outlets) belong to it.
            try db.execute(sql: """
                CREATE TABLE story (
                    id INTEGER PRIMARY KEY,
                    created INTEGER NOT NULL,
                    updated INTEGER NOT NULL,
                    latestArticle INTEGER,
                    articleCount INTEGER NOT NULL DEFAULT 0
                );

                -- One row per content hash. `seq` is the rowid the search index and side tables
                -- point at; `id` is the content hash (the Article id) and is unique.
                -- `entry` says how the article joined its story: 'new' (opened it), 'revision'
                -- (a new version of a known guid/url; `revises` is the version it replaces) or
                -- 'nearDuplicate' (SimHash within the distance of an article of that story).
                CREATE TABLE article (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    story INTEGER NOT NULL REFERENCES story(id),
                    entry TEXT NOT NULL CHECK (entry IN ('new', 'revision', 'nearDuplicate')),
                    revises INTEGER REFERENCES article(seq),
                    title TEXT NOT NULL,
                    source TEXT,
                    url TEXT,
                    guid TEXT,
                    published INTEGER,
                    firstSeen INTEGER NOT NULL,
                    simhash INTEGER NOT NULL,
                    pruned INTEGER NOT NULL DEFAULT 0,
                    json TEXT NOT NULL
                );
                CREATE INDEX article_story ON article(story);
                CREATE INDEX article_firstSeen ON article(firstSeen);
                CREATE INDEX article_source ON article(source COLLATE NOCASE, firstSeen);

                -- Every feed/url/guid an article arrived under. `itemKey` is the feed's identity of
                -- the item (its guid, told apart by url or position when the feed repeats a guid):
                -- a known itemKey with a new content hash is a revision.
                CREATE TABLE sighting (
                    article INTEGER NOT NULL REFERENCES article(seq) ON DELETE CASCADE,
                    feed TEXT NOT NULL,
                    itemKey TEXT NOT NULL,
                    url TEXT NOT NULL DEFAULT '',
                    guid TEXT NOT NULL DEFAULT '',
                    firstSeen INTEGER NOT NULL,
                    lastSeen INTEGER NOT NULL,
                    PRIMARY KEY (article, feed, url, guid)
                ) WITHOUT ROWID;
                CREATE INDEX sighting_item ON sighting(feed, itemKey, lastSeen);
                CREATE INDEX sighting_url ON sighting(url, lastSeen) WHERE url <> '';
                CREATE INDEX sighting_feed ON sighting(feed);

                -- Near-duplicate index: each article under its 12 MinHash band keys (StoryBands).
                -- An equal key makes a candidate; the SimHash distance decides. firstSeen is part of
                -- the key so the lookup reads only the recent part of a bucket.
                CREATE TABLE story_band (
                    band INTEGER NOT NULL,
                    key INTEGER NOT NULL,
                    firstSeen INTEGER NOT NULL,
                    article INTEGER NOT NULL REFERENCES article(seq) ON DELETE CASCADE,
                    PRIMARY KEY (band, key, firstSeen, article)
                ) WITHOUT ROWID;
                CREATE INDEX story_band_article ON story_band(article);

                CREATE TABLE article_topic (
                    article INTEGER NOT NULL REFERENCES article(seq) ON DELETE CASCADE,
                    topic TEXT NOT NULL COLLATE NOCASE,
                    PRIMARY KEY (topic, article)
                ) WITHOUT ROWID;
                CREATE INDEX article_topic_article ON article_topic(article);

                -- A deleted or pruned article's hash: the next poll must not bring it back.
                CREATE TABLE tombstone (
                    id TEXT PRIMARY KEY,
                    reason TEXT NOT NULL,
                    at INTEGER NOT NULL
                ) WITHOUT ROWID;

                -- What the fetcher and scheduler keep per feed between polls. The rate columns
                -- are maintained by Archive.record, in the same transaction as the articles.
                CREATE TABLE feed_state (
                    feed TEXT PRIMARY KEY,
                    etag TEXT,
                    lastModified TEXT,
                    effectiveURL TEXT,
                    errorCount INTEGER NOT NULL DEFAULT 0,
                    errorKind TEXT,
                    errorMessage TEXT,
                    lastAttempt INTEGER,
                    lastSuccess INTEGER,
                    nextPoll INTEGER,
                    backoffSeconds REAL NOT NULL DEFAULT 0,
                    polls INTEGER NOT NULL DEFAULT 0,
                    itemsSeen INTEGER NOT NULL DEFAULT 0,
                    newArticles INTEGER NOT NULL DEFAULT 0,
                    firstPoll INTEGER,
                    lastNewArticle INTEGER,
                    meanNewArticleInterval REAL
                ) WITHOUT ROWID;
                """)

            // Diacritics folded (`fluchtlinge` finds `Flüchtlinge`); rowid = article.seq. The index
            // keeps its own copy of the text so a match can be shown as a snippet (until v8).
            try db.execute(sql: """
                CREATE VIRTUAL TABLE article_search USING fts5(
                    title, teaser, body,
                    tokenize = 'unicode61 remove_diacritics 2'
                )
                """)
        }
        migrator.registerMigration("v2: learned furniture, received ids") { db in
            // Short body lines per source, with the number of different items they were in:
            // lines in many are furniture (LearnedFurniture).
            try db.execute(sql: """
                CREATE TABLE learned_line (
                    source TEXT NOT NULL,
                    line TEXT NOT NULL,
                    articles INTEGER NOT NULL,
                    lastSeen INTEGER NOT NULL,
                    PRIMARY KEY (source, line)
                ) WITHOUT ROWID;
                -- Which items (stable hash of feed and item key) a line was counted for: once each.
                CREATE TABLE learned_line_item (
                    source TEXT NOT NULL,
                    lineHash INTEGER NOT NULL,
                    item INTEGER NOT NULL,
                    PRIMARY KEY (source, lineHash, item)
                ) WITHOUT ROWID;

                -- The content hash an item had as received, when learned furniture was taken out
                -- before it was stored: the same item seen again is recognised by it, whatever has
                -- been learned since.
                CREATE TABLE received_id (
                    id TEXT PRIMARY KEY,
                    article INTEGER NOT NULL REFERENCES article(seq) ON DELETE CASCADE
                ) WITHOUT ROWID;
                CREATE INDEX received_id_article ON received_id(article);
                """)
        }
        migrator.registerMigration("v3: alert outbox") { db in
            // Every alert is recorded here, in its own committed transaction, before any sink sees
            // it: after a crash the undelivered rows are what must still go out (AlertDispatcher).
            // `key` is the alert's dedup key (AlertKey): recording the same alert twice stores it
            // once. `json` is the alert as the sinks get it; `logged` is when it reached the alert
            // log (NULL: not yet, or not known to have).
            try db.execute(sql: """
                CREATE TABLE alert_outbox (
                    seq INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    rule TEXT NOT NULL,
                    story TEXT,
                    alertTime INTEGER NOT NULL,
                    created INTEGER NOT NULL,
                    logged INTEGER,
                    json TEXT NOT NULL
                );
                CREATE INDEX alert_outbox_unlogged ON alert_outbox(seq) WHERE logged IS NULL;
                CREATE INDEX alert_outbox_created ON alert_outbox(created, rule);

                -- The other sinks of the alert's rule (exec, webhook), each delivered and retried
                -- on its own: 'pending' until it worked ('delivered') or retries ran out ('failed').
                CREATE TABLE alert_delivery (
                    alert INTEGER NOT NULL REFERENCES alert_outbox(seq) ON DELETE CASCADE,
                    sink TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    nextAttempt INTEGER,
                    lastError TEXT,
                    finished INTEGER,
                    PRIMARY KEY (alert, sink)
                ) WITHOUT ROWID;
                CREATE INDEX alert_delivery_due ON alert_delivery(nextAttempt) WHERE state = 'pending';
                """)
        }
        migrator.registerMigration("v4: indexes for deletes and alert replay") { db in
            // Deleting an article re-points the revision that revised it and lets SQLite check the
            // `revises` foreign key: without an index both read the whole article table.
            // `alertedStories` (read at every daemon start) filters the outbox by alert time.
            try db.execute(sql: """
                CREATE INDEX article_revises ON article(revises) WHERE revises IS NOT NULL;
                CREATE INDEX alert_outbox_alertTime ON alert_outbox(alertTime);
                """)
        }
        migrator.registerMigration("v5: near-duplicate keys in an FTS5 index") { db in
            // The v1 `story_band` b-tree took 12 rows at random places per article: at a million
            // articles a poll of 500 dirtied ~6,000 pages of it (~24 MB through the WAL and again at
            // the checkpoint) and the insert rate fell with the size of the archive. An FTS5 index
            // writes each transaction's keys as one small sorted segment and merges segments in the
            // background: an LSM tree inside SQLite, same equality lookup. `story_keys` (appended in
            // `seq` order) is its content and holds the keys a deletion must take out again; the
            // triggers keep the two in step, including on ON DELETE CASCADE from `article`. It also
            // carries the article's SimHash and first sighting: a lookup checks dozens of candidates,
            // and these short rows (~250 bytes, against the article row's few kilobytes of JSON)
            // keep that to a few pages.
            // A key is the token "k" + the band key's 64 bits in lowercase hex (StoryBands.token).
            try db.execute(sql: """
                CREATE TABLE story_keys (
                    article INTEGER PRIMARY KEY REFERENCES article(seq) ON DELETE CASCADE,
                    simhash INTEGER NOT NULL,
                    firstSeen INTEGER NOT NULL,
                    keys TEXT NOT NULL
                );
                CREATE VIRTUAL TABLE story_key_index USING fts5(
                    keys, content = 'story_keys', content_rowid = 'article', detail = none, tokenize = 'ascii'
                );
                CREATE TRIGGER story_keys_added AFTER INSERT ON story_keys BEGIN
                    INSERT INTO story_key_index (rowid, keys) VALUES (new.article, new.keys);
                END;
                CREATE TRIGGER story_keys_removed AFTER DELETE ON story_keys BEGIN
                    INSERT INTO story_key_index (story_key_index, rowid, keys) VALUES ('delete', old.article, old.keys);
                END;
                INSERT INTO story_keys (article, simhash, firstSeen, keys)
                    SELECT b.article, a.simhash, a.firstSeen, b.keys
                    FROM (SELECT article, group_concat('k' || printf('%x', key), ' ') AS keys
                          FROM (SELECT article, key FROM story_band ORDER BY article, band) GROUP BY article) b
                    JOIN article a ON a.seq = b.article;
                DROP TABLE story_band;
                """)
        }
        migrator.registerMigration("v6: no sighting_feed index") { db in
            // Every sighting wrote an entry into `sighting_feed (feed)` that no query needs:
            // `sighting_item (feed, itemKey, lastSeen)` starts with `feed`, so the feed list's skip-scan
            // (`SightingFeeds`) and `WHERE feed = ?` are answered from it, covering.
            try db.execute(sql: "DROP INDEX sighting_feed")
        }
        migrator.registerMigration("v7: near-duplicate keys indexed by the recorder") { db in
            // FTS5 writes its pending terms out as a new segment at every statement savepoint, and a
            // statement that fires a trigger runs in one: through `story_keys_added` every article
            // became a segment of its own, merged again and again (~45 µs of the recording's ~170 µs
            // per article). `ArticleRecorder` now inserts the keys into the index itself, in the
            // poll's transaction, so a poll's keys become one segment at its commit. The deletion
            // trigger stays: deletions are rare, and ON DELETE CASCADE must keep the index in step.
            try db.execute(sql: "DROP TRIGGER story_keys_added")
        }
        migrator.registerMigration("v8: the search index without a copy of the text") { db in
            // The v1 index kept its own copy of every title, teaser and body (a third of a new
            // archive's bytes, written through the WAL and again at the checkpoint) only so that a
            // hit can be shown as a snippet. The text is in the article's JSON: the index now reads
            // it from there (external content), through a view that gives each article's text as
            // `SearchBacklog.Entry` makes it: highlights and body lines joined by newlines. A pruned
            // article's JSON has only its title left, as its index entry has; a row whose JSON cannot
            // be read is indexed by its title (`SearchIndexer.storedEntry`), and the view says so too.
            //
            // With external content FTS5 does not check what it is told: the recorder inserts the
            // entries it computed, deletions give back the same entries (`SearchIndexer.removeEntry`),
            // and the view must give the same text, or snippets mark the wrong words
            // (SchemaV8Tests compares them). The view walks the JSON arrays with recursive CTEs, not
            // `json_each`: FTS5 reads its content with statements that may not use virtual tables, and
            // its `rebuild` failed. Rebuilt from the old copy: every entry tokenized once more (about
            // two minutes per million articles, once).
            try db.execute(sql: """
                CREATE VIEW article_search_text (seq, title, teaser, body) AS
                SELECT seq, title,
                    CASE WHEN json_valid(json) THEN coalesce(json_extract(json, '$.teaser'), '') ELSE '' END,
                    CASE WHEN json_valid(json) THEN coalesce((
                        WITH RECURSIVE
                            highlight (h) AS (
                                SELECT 0 WHERE json_array_length(article.json, '$.highlights') > 0
                                UNION ALL
                                SELECT h + 1 FROM highlight WHERE h + 1 < json_array_length(article.json, '$.highlights')),
                            block (b, type) AS (
                                SELECT 0, json_extract(article.json, '$.body[0].type') WHERE json_array_length(article.json, '$.body') > 0
                                UNION ALL
                                SELECT b + 1, json_extract(article.json, '$.body[' || (b + 1) || '].type')
                                    FROM block WHERE b + 1 < json_array_length(article.json, '$.body')),
                            item (b, i) AS (
                                SELECT b, 0 FROM block
                                    WHERE type = 'list' AND json_array_length(article.json, '$.body[' || b || '].items') > 0
                                UNION ALL
                                SELECT b, i + 1 FROM item
                                    WHERE i + 1 < json_array_length(article.json, '$.body[' || b || '].items'))
                        SELECT group_concat(line, char(10)) FROM (
                            SELECT 0, h, 0, json_extract(article.json, '$.highlights[' || h || ']') AS line FROM highlight
                            UNION ALL
                            SELECT 1, b, 0, json_extract(article.json, '$.body[' || b || '].text') FROM block WHERE type <> 'list'
                            UNION ALL
                            SELECT 1, b, i, json_extract(article.json, '$.body[' || b || '].items[' || i || ']') FROM item
                            ORDER BY 1, 2, 3)), '') ELSE '' END
                FROM article;

                ALTER TABLE article_search RENAME TO article_search_v7;
                CREATE VIRTUAL TABLE article_search USING fts5(
                    title, teaser, body,
                    tokenize = 'unicode61 remove_diacritics 2',
                    content = 'article_search_text', content_rowid = 'seq'
                );
                INSERT INTO article_search (rowid, title, teaser, body)
                    SELECT rowid, title, teaser, body FROM article_search_v7 ORDER BY rowid;
                DROP TABLE article_search_v7;
                """)
        }
        return migrator
    }
}
