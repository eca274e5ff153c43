import Foundation
import GRDB
import NewswatchNormalize

/// Files one article inside an open write transaction: the dedup / revision / near-duplicate decision,
/// the article row, its search entry, SimHash bands, topics, story and sighting.
struct ArticleRecorder {
    let db: Database
    let options: ArchiveOptions
    /// The archive's in-memory near-duplicate keys; nil: every lookup asks the FTS5 key index.
    var window: NearDuplicateWindow?
    /// The key rows this recorder's transaction added (its lookups see them, the window must not).
    /// A recording transaction never deletes articles: the window relies on it.
    let pending = PendingStoryKeys()
    /// The search entries of the articles this recorder's transaction added: the caller hands them to
    /// the archive's `SearchBacklog` once the transaction committed.
    let searchEntries = NewSearchEntries()
    /// The next article `seq`, read once per transaction.
    let sequence = ArticleSequence()
    /// Which of the poll's items have a sighting, when the caller loaded it (else every answer is "maybe").
    let pollItems = PollItemSightings()

    /// Where and when the item was seen.
    struct Seen {
        var feed: String
        var itemKey: String
        var urlIdentifiesItem = true
        var url: String
        var guid: String
        var firstSeen: Int64
        var lastSeen: Int64
    }

    /// Is this text (as received or as stored) already in the archive? Then its sighting is added.
    func known(_ id: ContentHash, seen: Seen) throws -> ArchiveOutcome? {
        if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM tombstone WHERE id = ?"), arguments: [id.hex]) == true {
            return ArchiveOutcome(id: id, story: nil, kind: .tombstoned)
        }
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, id, story FROM article WHERE id = ?"), arguments: [id.hex])
            ?? Row.fetchOne(db.cachedStatement(sql: """
                SELECT a.seq, a.id, a.story FROM received_id r JOIN article a ON a.seq = r.article WHERE r.id = ?
                """), arguments: [id.hex])
        guard let row, let stored = ContentHash(hex: row["id"]) else { return nil }
        try addSighting(article: row["seq"], seen: seen)
        return ArchiveOutcome(id: stored, story: row["story"], kind: .seenBefore)
    }

    /// Files `received`. With `furniture`, lines learned as furniture of `source` are taken out first
    /// (the stored article and the outcome's id are the cleaned text's), but the received text is
    /// looked up first, so an item archived before a line was learned stays "seen before".
    /// `text` is `received` folded, and `candidates` its furniture candidate lines
    /// (`LearnedFurniture.candidateLines`), when the caller has them already; `knownToBeNew` when the caller
    /// has just found its id in none of the archive, the tombstones and the received ids (`isKnown`).
    /// `prepared`, when the caller prepared the article (`Archive.prepare`): its values are used where
    /// they are what this recording would work out (see `PreparedArticle`), with `guess` told when the
    /// furniture found differs from the one it assumed.
    func record(_ received: Article, seen: Seen, furniture: LearnedFurniture? = nil, source: String = "",
                text: FoldedText? = nil, candidates: Set<String>? = nil, knownToBeNew: Bool = false,
                prepared: PreparedArticle? = nil, guess: LearnedFurnitureGuess? = nil) throws -> ArchiveOutcome {
        if !knownToBeNew, let outcome = try known(received.id, seen: seen) { return outcome }
        var folded = text
        func receivedText() -> FoldedText {
            if let folded { return folded }
            let text = FoldedText(received)
            folded = text
            return text
        }
        var dropped: Set<String> = []
        if let furniture {
            let candidates = prepared?.candidateSet ?? candidates ?? LearnedFurniture.candidateLines(of: receivedText())
            dropped = try furniture.learned(among: candidates, source: source)
            if let guess, dropped != (prepared?.assumedFurniture ?? []) {
                guess.found(source: source, candidates: candidates, furniture: dropped)
            }
        }
        let preparedText = prepared.flatMap { $0.assumedFurniture == dropped ? $0.stored : nil }
        let article = preparedText?.article ?? LearnedFurniture.cleaned(received, text: receivedText(), dropping: dropped)
        let id = article.id
        if id != received.id, let outcome = try known(id, seen: seen) {
            try execute("INSERT OR IGNORE INTO received_id (id, article) SELECT ?, seq FROM article WHERE id = ?",
                        arguments: [received.id.hex, id.hex])
            return outcome
        }
        let stored = preparedText ?? StoredText(article, text: receivedText(), dropped: dropped)
        let simhash = stored.simhash
        let bands = stored.bands
        var story: StoryID?
        let kind: ArchiveOutcome.Kind
        var revises: Int64?
        if let previous = try previousVersion(seen: seen) {
            story = previous.story
            revises = previous.seq
            kind = .revision(of: previous.id)
        } else if let twin = try nearDuplicate(of: simhash, bands: bands, since: seen.firstSeen - Int64(options.nearDuplicateWindow)) {
            story = twin.story
            kind = .nearDuplicate(of: twin.id)
        } else {
            story = nil
            kind = .new
        }

        let entry: String
        switch kind {
        case .revision: entry = "revision"
        case .nearDuplicate: entry = "nearDuplicate"
        default: entry = "new"
        }
        // The article's `seq` is the one SQLite would give it (one above the highest), known before the
        // insert so that a new story's row is written complete, not inserted and then updated.
        let predicted = try sequence.next(db)
        var storyComplete = false
        if story == nil {
            if let predicted {
                try run("INSERT INTO story (created, updated, latestArticle, articleCount) VALUES (?, ?, ?, 1)") {
                    $0.bind(seen.firstSeen)
                    $0.bind(seen.firstSeen)
                    $0.bind(predicted)
                }
                storyComplete = true
            } else {
                try execute("INSERT INTO story (created, updated) VALUES (?, ?)", arguments: [seen.firstSeen, seen.firstSeen])
            }
            story = db.lastInsertedRowID
        }
        try run("""
            INSERT INTO article (seq, id, story, entry, revises, title, source, url, guid, published, firstSeen, simhash, json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """) {
            $0.bind(predicted)
            $0.bind(id.hex)
            $0.bind(story!)
            $0.bind(entry)
            $0.bind(revises)
            $0.bind(article.title)
            $0.bind(article.source)
            $0.bind(article.url)
            $0.bind(article.guid)
            $0.bind(article.published.map(StoredTime.seconds))
            $0.bind(seen.firstSeen)
            $0.bind(simhash.storedValue)
            $0.bind(utf8Text: stored.json)
        }
        let seq = db.lastInsertedRowID
        sequence.inserted(seq)
        pending.noteArticle(seq)
        if !storyComplete {
            try execute(
                "UPDATE story SET updated = max(updated, ?), latestArticle = ?, articleCount = articleCount + 1 WHERE id = ?",
                arguments: [seen.firstSeen, seq, story])
        }
        // Written to the search index after the commit (`SearchIndexer`).
        searchEntries.add(seq: seq, entry: SearchBacklog.Entry(id: id.hex, article: article))
        if !bands.isEmpty {
            // The row, then its keys into the FTS5 index, here rather than by a trigger (schema v7).
            try run("INSERT INTO story_keys (article, simhash, firstSeen, keys) VALUES (?, ?, ?, ?)") {
                $0.bind(seq)
                $0.bind(simhash.storedValue)
                $0.bind(seen.firstSeen)
                $0.bind(stored.keyTokens)
            }
            try run("INSERT INTO story_key_index (rowid, keys) VALUES (?, ?)") {
                $0.bind(seq)
                $0.bind(stored.keyTokens)
            }
            pending.add(seq: seq, simhash: simhash.storedValue, firstSeen: seen.firstSeen, keys: bands)
        }
        for topic in article.topics where !topic.isEmpty {
            try run("INSERT OR IGNORE INTO article_topic (article, topic) VALUES (?, ?)") {
                $0.bind(seq)
                $0.bind(topic)
            }
        }
        try addSighting(article: seq, seen: seen)
        if id != received.id {
            try execute("INSERT OR IGNORE INTO received_id (id, article) VALUES (?, ?)", arguments: [received.id.hex, seq])
        }
        return ArchiveOutcome(id: id, story: story!, kind: kind)
    }

    func addSighting(article seq: Int64, seen: Seen) throws {
        try run("""
            INSERT INTO sighting (article, feed, itemKey, url, guid, firstSeen, lastSeen) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (article, feed, url, guid) DO UPDATE SET
                itemKey = excluded.itemKey,
                firstSeen = min(firstSeen, excluded.firstSeen),
                lastSeen = max(lastSeen, excluded.lastSeen)
            """) {
            $0.bind(seq)
            $0.bind(seen.feed)
            $0.bind(seen.itemKey)
            $0.bind(seen.url)
            $0.bind(seen.guid)
            $0.bind(seen.firstSeen)
            $0.bind(seen.lastSeen)
        }
        pollItems.noteSighting(feed: seen.feed, itemKey: seen.itemKey, url: seen.url)
    }

    /// Statements are prepared once per connection and reused: recording runs the same dozen
    /// statements for every article.
    private func execute(_ sql: String, arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    /// The same, for the statements every new article runs, bound through SQLite's C API
    /// (`StatementParameters`).
    private func run(_ sql: String, _ bind: (inout StatementParameters) -> Void) throws {
        try db.cachedStatement(sql: sql).run(in: db, bind)
    }

    struct Match {
        var seq: Int64
        var id: ContentHash
        var story: StoryID
    }

    /// The latest version of the same item: same feed and item key (guid), else the same URL in any feed.
    /// (`url <> ''` repeats the condition of the partial index `sighting_url`: without it SQLite cannot
    /// use that index for a bound URL and reads every sighting.)
    func previousVersion(seen: Seen) throws -> Match? {
        if !seen.itemKey.isEmpty, pollItems.mayHave(feed: seen.feed, itemKey: seen.itemKey), let match = try match(sql: """
            SELECT a.seq, a.id, a.story FROM sighting s JOIN article a ON a.seq = s.article
            WHERE s.feed = ? AND s.itemKey = ? ORDER BY s.lastSeen DESC, a.seq DESC LIMIT 1
            """, arguments: [seen.feed, seen.itemKey]) {
            return match
        }
        if !seen.url.isEmpty, seen.urlIdentifiesItem, pollItems.mayHave(url: seen.url) {
            return try match(sql: """
                SELECT a.seq, a.id, a.story FROM sighting s JOIN article a ON a.seq = s.article
                WHERE s.url = ? AND s.url <> '' ORDER BY s.lastSeen DESC, a.seq DESC LIMIT 1
                """, arguments: [seen.url])
        }
        return nil
    }

    /// The closest archived article (first seen since `since`) within the configured SimHash distance,
    /// among those sharing a MinHash band key (`StoryBands`): a dozen equality lookups in the FTS5 key
    /// index, no scan. Each band reads at most `candidatesPerBand` of its latest articles (highest
    /// `seq`): text from a narrow vocabulary (tickers, sports results, generated feeds) fills buckets,
    /// and an unbounded bucket would make every insert cost more as the archive grows. Real
    /// near-duplicates are recent.
    static let candidatesPerBand = 64

    func nearDuplicate(of simhash: SimHash, bands: [Int64], since: Int64) throws -> Match? {
        var best: (distance: Int, seq: Int64)?
        var checked: Set<Int64> = []
        // The closest, and of equally close ones the oldest: the same answer whatever order they come in.
        func consider(_ seq: Int64, _ storedSimhash: Int64) {
            guard checked.insert(seq).inserted else { return }
            let distance = simhash.distance(to: SimHash(value: UInt64(bitPattern: storedSimhash)))
            guard distance <= options.nearDuplicateDistance else { return }
            if let current = best, current.distance < distance || (current.distance == distance && current.seq < seq) {
                return
            }
            best = (distance, seq)
        }
        let answered = try window?.forEachCandidate(in: db, keys: bands, since: since, limit: Self.candidatesPerBand,
                                                    pending: pending, consider) ?? false
        if !answered {
            // One statement per band: the bucket's latest articles and their fingerprints, joined
            // inside SQLite; only the winner's id and story are read from the article table.
            let bucket = try db.cachedStatement(sql: """
                SELECT k.article, k.simhash FROM story_keys k
                WHERE k.article IN (SELECT rowid FROM story_key_index WHERE story_key_index MATCH ? ORDER BY rowid DESC LIMIT ?)
                  AND k.firstSeen >= ?
                """)
            for key in bands {
                let rows = try Row.fetchCursor(bucket, arguments: [StoryBands.token(key), Self.candidatesPerBand, since])
                while let row = try rows.next() { consider(row[0], row[1]) }
            }
        }
        guard let best else { return nil }
        return try match(sql: "SELECT seq, id, story FROM article WHERE seq = ?", arguments: [best.seq])
    }

    private func match(sql: String, arguments: StatementArguments) throws -> Match? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments), let id = ContentHash(hex: row["id"]) else {
            return nil
        }
        return Match(seq: row["seq"], id: id, story: row["story"])
    }
}

extension ArticleRecorder {
    /// Which of `ids` are archived, tombstoned, or were received before under that id (`isKnown` of
    /// each): one statement per table for the whole poll (per 500 ids), each asking only for the ids
    /// the tables before did not have, instead of three lookups per article.
    func knownIDs(_ ids: [ContentHash]) throws -> Set<ContentHash> {
        var remaining = Set(ids.map(\.hex))
        for table in ["article", "tombstone", "received_id"] where !remaining.isEmpty {
            remaining.subtract(try db.valuesFound(among: Array(remaining)) { marks in "SELECT id FROM \(table) WHERE id IN (\(marks))" })
        }
        return Set(ids.filter { !remaining.contains($0.hex) })
    }

    /// True when the text is archived, tombstoned, or was received before under this id.
    func isKnown(_ id: ContentHash) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM article WHERE id = ?1) OR EXISTS (SELECT 1 FROM tombstone WHERE id = ?1)
                OR EXISTS (SELECT 1 FROM received_id WHERE id = ?1)
            """), arguments: [id.hex]) ?? false
    }
}
