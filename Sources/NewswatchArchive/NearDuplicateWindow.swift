import GRDB
import Synchronization

/// The MinHash band keys (`StoryBands`) of the articles in the near-duplicate window, held in memory by
/// each open `Archive`, so a lookup costs a dozen hash probes instead of a dozen FTS5 queries.
///
/// Why: each FTS5 query seeks its term in every segment of the key index (~45 µs a query, more as the
/// archive grows), and a plain b-tree of the keys costs random page writes on every poll (schema v5
/// moved away from it). This costs nothing to write: it is read from `story_keys`, which is appended
/// in `seq` order, and kept current from there by `seq` before every lookup, so another process's
/// writes (the daemon and the CLI share the file) are seen as soon as they are committed.
///
/// It answers exactly what the FTS5 query answers (`ArticleRecorder.nearDuplicate`): per band, the
/// `limit` articles with the highest `seq` holding the key, of which those first seen since `since`.
/// That holds because of its invariants: it holds every `story_keys` row with `firstSeq <= seq <=
/// loadedThrough` as the file had them when `removals` rows had been removed, and every row with
/// `seq < firstSeq` was first seen before `floor`. A lookup it cannot answer that way (a snapshot
/// older than its last reload, a window reaching before `floor`, too many articles) returns false,
/// and the caller asks FTS5 as before. Only committed rows are ever loaded (a reader's snapshot, or
/// the writer's minus the rows its own transaction added, which `PendingStoryKeys` holds): a rolled
/// back poll leaves nothing behind here.
final class NearDuplicateWindow: Sendable {
    /// A process that files a few articles (a CLI import of a short file) does not read the whole
    /// window: the first lookups go to FTS5.
    let lookupsBeforeLoading: Int
    /// At about 260 bytes an article, the most this holds (~270 MB); past it lookups go to FTS5.
    let maximumArticles: Int
    private let state = Mutex(State())

    private struct State {
        var lookups = 0
        var keys: WindowKeys?
        /// After the window was found too large, lookups go to FTS5 until this many were made.
        var disabledUntil = 0
    }

    init(lookupsBeforeLoading: Int = 16, maximumArticles: Int = 1 << 20) {
        self.lookupsBeforeLoading = lookupsBeforeLoading
        self.maximumArticles = maximumArticles
    }

    /// How many articles' keys it holds now; nil before it was read.
    var articleCount: Int? { state.withLock { $0.keys?.articleCount } }

    /// Calls `body` with the `seq` and SimHash of every candidate of every band key, as the FTS5 lookup
    /// would find them (an article may come once per band it shares), and returns true; or returns
    /// false, having called nothing, when the caller must ask FTS5.
    func forEachCandidate(in db: Database, keys: [Int64], since: Int64, limit: Int, pending: PendingStoryKeys,
                          _ body: (Int64, Int64) -> Void) throws -> Bool {
        let ready = state.withLock { state -> Bool in
            state.lookups += 1
            return state.lookups > lookupsBeforeLoading && state.lookups >= state.disabledUntil
        }
        guard ready else { return false }
        // One row: what this transaction sees of the file.
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT (SELECT max(article) FROM story_keys), removals, highestRemoved FROM story_key_removals
            """)) else { return false }
        let snapshot = Snapshot(through: pending.committedThrough(max: row[0] ?? 0), removals: row[1], highestRemoved: row[2])

        return try state.withLock { state throws -> Bool in
            switch state.keys?.verdict(on: snapshot, since: since, maximumArticles: maximumArticles) {
            case .answers?: break
            case .asksIndex?: return false
            case .reload?, nil: state.keys = nil
            }
            if state.keys == nil {
                guard let loaded = try WindowKeys.load(from: db, snapshot: snapshot, since: since, maximumArticles: maximumArticles) else {
                    state.disabledUntil = state.lookups + 10_000
                    return false
                }
                state.keys = loaded
            }
            try state.keys!.catchUp(from: db, snapshot: snapshot)
            guard let table = state.keys else { return false }
            for key in keys {
                var counted = 0
                pending.forEachRow(withKey: key) { row in
                    guard counted < limit else { return }
                    counted += 1
                    if row.firstSeen >= since { body(row.seq, row.simhash) }
                }
                guard counted < limit else { continue }
                table.forEachArticle(withKey: key, through: snapshot.through, limit: limit - counted) { seq, simhash, firstSeen in
                    if firstSeen >= since { body(seq, simhash) }
                }
            }
            return true
        }
    }

    struct Snapshot {
        /// The highest committed `seq` in `story_keys` the transaction sees.
        var through: Int64
        /// How many `story_keys` rows were ever removed, and the highest `seq` among them.
        var removals: Int64
        var highestRemoved: Int64
    }
}

/// The table behind `NearDuplicateWindow`: articles in `seq` order, their key entries, and an
/// open-addressing hash table from a key to its newest entry; entries of one key are chained from
/// newest to oldest, which is the order the per-band limit counts in.
struct WindowKeys {
    var floor: Int64
    var firstSeq: Int64
    var loadedThrough: Int64
    var removals: Int64
    /// Articles added since the table was loaded: past the loaded count, it checks whether half of it
    /// has left the window.
    private var loadedCount = 0

    // Per article, in seq order.
    private var seqs: [Int64] = []
    private var simhashes: [Int64] = []
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

    init(floor: Int64, firstSeq: Int64, removals: Int64, expectedArticles: Int) {
        self.floor = floor
        self.firstSeq = firstSeq
        self.loadedThrough = firstSeq - 1
        self.removals = removals
        let capacity = max(expectedArticles, 64)
        seqs.reserveCapacity(capacity)
        simhashes.reserveCapacity(capacity)
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
        let windowStart = try Int64.fetchOne(db, sql: "SELECT min(seq) FROM article WHERE firstSeen >= ?", arguments: [since])
        let firstSeq = min(windowStart ?? snapshot.through + 1, snapshot.through + 1)
        let expected = snapshot.through - firstSeq + 1
        guard expected <= Int64(maximumArticles) else { return nil }
        var keys = WindowKeys(floor: since, firstSeq: firstSeq, removals: snapshot.removals, expectedArticles: Int(expected))
        try keys.catchUp(from: db, snapshot: snapshot)
        keys.loadedCount = keys.articleCount
        return keys
    }

    enum Verdict {
        case answers
        /// A snapshot older than the table's last reload, or a window reaching before `floor`: FTS5.
        case asksIndex
        /// Rows it holds were removed, or half of it has left the window.
        case reload
    }

    /// Can this table answer a lookup from `snapshot` for articles first seen since `since`? Notes
    /// removals that did not touch its rows on the way.
    mutating func verdict(on snapshot: NearDuplicateWindow.Snapshot, since: Int64, maximumArticles: Int) -> Verdict {
        guard snapshot.removals >= removals, since >= floor else { return .asksIndex }
        if snapshot.removals > removals {
            // Rows below firstSeq are outside every window this table answers for.
            guard snapshot.highestRemoved < firstSeq else { return .reload }
            removals = snapshot.removals
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
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT article, simhash, firstSeen, keys FROM story_keys WHERE article > ? AND article <= ? ORDER BY article
            """), arguments: [loadedThrough, snapshot.through])
        var parsed: [Int64] = []
        while let row = try rows.next() {
            parsed.removeAll(keepingCapacity: true)
            StoryBands.parseTokens(row[3] as String, into: &parsed)
            append(seq: row[0], simhash: row[1], firstSeen: row[2], keys: parsed)
        }
        loadedThrough = snapshot.through
    }

    mutating func append(seq: Int64, simhash: Int64, firstSeen: Int64, keys: [Int64]) {
        seqs.append(seq)
        simhashes.append(simhash)
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

    /// The articles holding `key` with `seq <= through`, newest first, at most `limit` of them.
    func forEachArticle(withKey key: Int64, through: Int64, limit: Int, _ body: (Int64, Int64, Int64) -> Void) {
        var entry = slots[slot(of: key)]
        var counted = 0
        var previous = -1
        while entry >= 0, counted < limit {
            let article = self.article(ofEntry: Int(entry))
            // An article holding one key twice (two bands alike) is one FTS5 row.
            if article != previous, seqs[article] <= through {
                previous = article
                counted += 1
                body(seqs[article], simhashes[article], firstSeens[article])
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
