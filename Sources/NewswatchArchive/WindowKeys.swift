import GRDB

/// The table behind `NearDuplicateWindow`: articles in `seq` order, their key entries, and an
/// open-addressing hash table from a key to its newest entry; entries of one key are chained from
/// newest to oldest, which is the order the per-band limit counts in.
struct WindowKeys {
    var floor: Int64
    var firstSeq: Int64
    var loadedThrough: Int64
    /// The article with the highest `seq` when last read (`loadedThrough`, 0 if none) and its id.
    var topArticle: Int64 = 0
    var topID: String?
    /// Articles added since the table was loaded: past the loaded count, it checks whether half of it
    /// has left the window.
    private var loadedCount = 0

    // Per article, in seq order.
    private var seqs: [Int64] = []
    private var firstSeens: [Int64] = []
    /// Index of the article's first key entry.
    private var firstEntries: [Int32] = []
    // Per key entry.
    private var entryKeys: [Int64] = []
    private var olderEntries: [Int32] = []
    // Newest entry of each key, -1 for an empty slot; power-of-two size.
    private var slots: [Int32] = []
    private var usedSlots = 0

    var articleCount: Int { seqs.count }

    init(floor: Int64, firstSeq: Int64, expectedArticles: Int) {
        self.floor = floor
        self.firstSeq = firstSeq
        self.loadedThrough = firstSeq - 1
        let capacity = max(expectedArticles, 64)
        seqs.reserveCapacity(capacity)
        firstSeens.reserveCapacity(capacity)
        firstEntries.reserveCapacity(capacity)
        entryKeys.reserveCapacity(capacity * StoryBands.bands)
        olderEntries.reserveCapacity(capacity * StoryBands.bands)
        slots = [Int32](repeating: -1, count: Self.slotCount(for: capacity * StoryBands.bands))
    }

    /// The window's rows as `snapshot` has them: those of every article first seen since `since` and
    /// every later row; nil when that is more than `maximumArticles`.
    static func load(from db: Database, snapshot: NearDuplicateWindow.Snapshot, since: Int64, maximumArticles: Int) throws -> WindowKeys? {
        // Every article with a lower seq was first seen before `since` (story_keys.firstSeen is its
        // article's). Rows above `through` are the writer's own, not committed: not loaded.
        // INDEXED BY: without it SQLite walks the article table in seq order until a row is in the
        // window, reading all the older articles (measured plan: `SEARCH article`, no index).
        let windowStart = try Int64.fetchOne(db, sql: """
            SELECT min(seq) FROM article INDEXED BY article_firstSeen WHERE firstSeen >= ?
            """, arguments: [since])
        let firstSeq = min(windowStart ?? snapshot.through + 1, snapshot.through + 1)
        let expected = snapshot.through - firstSeq + 1
        guard expected <= Int64(maximumArticles) else { return nil }
        var keys = WindowKeys(floor: since, firstSeq: firstSeq, expectedArticles: Int(expected))
        try keys.catchUp(from: db, snapshot: snapshot)
        // Also when it read nothing: a seq below firstSeq given again must be seen too.
        try keys.noteTop(from: db, snapshot: snapshot)
        keys.loadedCount = keys.articleCount
        return keys
    }

    enum Verdict {
        case answers
        /// A snapshot older than the table's last reload, or a window reaching before `floor`: FTS5.
        case asksIndex
        /// Its highest article was deleted (its `seq` may be given again), or half of it has left the
        /// window.
        case reload
    }

    /// Can this table answer a lookup from `snapshot` for articles first seen since `since`?
    mutating func verdict(on snapshot: NearDuplicateWindow.Snapshot, since: Int64, maximumArticles: Int) -> Verdict {
        guard since >= floor else { return .asksIndex }
        if topArticle > 0, snapshot.topID != topID {
            // Not there: deleted, or not yet committed in a reader's older snapshot.
            if snapshot.through < topArticle, !snapshot.isLatest { return .asksIndex }
            return .reload
        }
        if articleCount > maximumArticles { return .reload }
        // Reloaded once half of it has left the window, so it stays bounded by the window.
        if articleCount >= 2 * max(loadedCount, 4096) {
            var old = 0
            while old < articleCount, firstSeens[old] < since { old += 1 }
            if old * 2 >= articleCount { return .reload }
            loadedCount = articleCount
        }
        return .answers
    }

    /// Adds the committed rows the snapshot has beyond `loadedThrough`.
    mutating func catchUp(from db: Database, snapshot: NearDuplicateWindow.Snapshot) throws {
        guard snapshot.through > loadedThrough else { return }
        try noteTop(from: db, snapshot: snapshot)
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT article, firstSeen, keys FROM story_keys WHERE article > ? AND article <= ? ORDER BY article
            """), arguments: [loadedThrough, snapshot.through])
        var parsed: [Int64] = []
        while let row = try rows.next() {
            parsed.removeAll(keepingCapacity: true)
            StoryBands.parseTokens(row[2] as String, into: &parsed)
            append(seq: row[0], firstSeen: row[1], keys: parsed)
        }
        loadedThrough = snapshot.through
    }

    /// Notes the snapshot's highest article: its deletion is how a `seq` comes to be given again.
    mutating func noteTop(from db: Database, snapshot: NearDuplicateWindow.Snapshot) throws {
        topArticle = snapshot.through
        topID = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM article WHERE seq = ?"), arguments: [snapshot.through])
    }

    mutating func append(seq: Int64, firstSeen: Int64, keys: [Int64]) {
        seqs.append(seq)
        firstSeens.append(firstSeen)
        firstEntries.append(Int32(entryKeys.count))
        for key in keys {
            if (usedSlots + 1) * 4 > slots.count * 3 { grow() }
            let entry = Int32(entryKeys.count)
            entryKeys.append(key)
            let slot = self.slot(of: key)
            olderEntries.append(slots[slot])
            if slots[slot] < 0 { usedSlots += 1 }
            slots[slot] = entry
        }
    }

    /// The articles holding `key` with `seq <= through`, newest first, while `body` returns true.
    func forEachArticle(withKey key: Int64, through: Int64, _ body: (Int64) throws -> Bool) rethrows {
        var entry = slots[slot(of: key)]
        var previous = -1
        while entry >= 0 {
            let article = self.article(ofEntry: Int(entry))
            // An article holding one key twice (two bands alike) is one FTS5 row.
            if article != previous, seqs[article] <= through {
                previous = article
                guard try body(seqs[article]) else { return }
            }
            entry = olderEntries[Int(entry)]
        }
    }

    /// The slot holding `key`, or the empty slot where it goes.
    private func slot(of key: Int64) -> Int {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let entry = slots[slot]
            if entry < 0 || entryKeys[Int(entry)] == key { return slot }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [Int32](repeating: -1, count: old.count * 2)
        for entry in old where entry >= 0 {
            slots[slot(of: entryKeys[Int(entry)])] = entry
        }
    }

    private func article(ofEntry entry: Int) -> Int {
        // The last article whose first entry is at or before `entry`.
        var low = 0, high = firstEntries.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if Int(firstEntries[middle]) <= entry { low = middle } else { high = middle - 1 }
        }
        return low
    }

    private static func slotCount(for keys: Int) -> Int {
        var count = 64
        while count * 3 < keys * 4 { count *= 2 }
        return count
    }
}
