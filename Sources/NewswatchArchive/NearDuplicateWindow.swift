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
/// It answers what the FTS5 query answers (`ArticleRecorder.nearDuplicate`): per band, the `limit`
/// articles with the highest `seq` holding the key, of which those first seen since `since`. That
/// holds because of its invariants: it holds the keys of every `story_keys` row with `firstSeq <= seq
/// <= loadedThrough` (the highest article `seq` when it last read), every row with `seq < firstSeq`
/// was first seen before `floor`, and rows are only ever appended above the highest article `seq`.
/// Removals need no schema support: a candidate is checked against `story_keys` in the lookup's own
/// transaction (a deleted or pruned article's row is gone), and a `seq` is given again only after the
/// article holding the highest one was deleted, which the check of that article's id (a content hash,
/// tombstoned when deleted, so never stored again) sees; the table is then read again. A lookup it
/// cannot answer that way (a window reaching before `floor`, a reader's snapshot older than the
/// table, too many articles) returns false, and the caller asks FTS5 as before. Only committed rows
/// are read into it (a reader's snapshot, or the writer's minus what its own transaction added, which
/// `PendingStoryKeys` holds): a rolled-back poll leaves nothing behind here. One race is answered
/// differently from FTS5: a reader whose snapshot predates a deletion that another lookup has already
/// read the table again after misses the deleted article, as if it had started a moment later.
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

    /// The near-duplicate window's length in seconds (`ArchiveOptions.nearDuplicateWindow`).
    let windowSeconds: Int64

    init(windowSeconds: Int64, lookupsBeforeLoading: Int = 16, maximumArticles: Int = 1 << 20) {
        self.windowSeconds = windowSeconds
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
        let top = state.withLock { $0.keys?.topArticle ?? 0 }
        // One row: the highest article this transaction sees, and the id of the table's highest. Read
        // once per transaction (and table top): the transaction's own articles are above every
        // committed one, and a recording transaction deletes none (`PendingStoryKeys.committedTop`).
        let committed: (max: Int64, topID: String?)
        if let known = pending.committedTop(asked: top) {
            committed = known
        } else {
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT max(seq), (SELECT id FROM article WHERE seq = ?) FROM article
                """), arguments: [top]) else { return false }
            committed = (row[0] ?? 0, row[1])
            pending.noteCommittedTop(asked: top, max: committed.max, topID: committed.topID)
        }
        let through = pending.committedThrough(max: committed.max)
        let snapshot = Snapshot(through: through, isLatest: !db.configuration.readonly, topArticle: top,
                                topID: through >= top ? committed.topID : nil)
        let exists = try db.cachedStatement(sql: "SELECT simhash, firstSeen FROM story_keys WHERE article = ?")

        return try state.withLock { state throws -> Bool in
            switch state.keys?.verdict(on: snapshot, since: since, maximumArticles: maximumArticles) {
            case .answers?: break
            case .asksIndex?: return false
            case .reload?, nil: state.keys = nil
            }
            if state.keys == nil {
                // A lookup reaching far behind the newest article (an import of an old export) would
                // read much more than a window: FTS5 answers it, and a later lookup reads the window.
                let newest = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(firstSeen) FROM article")) ?? since
                guard since >= newest - 2 * windowSeconds else { return false }
                guard let loaded = try WindowKeys.load(from: db, snapshot: snapshot, since: since, maximumArticles: maximumArticles) else {
                    state.disabledUntil = state.lookups + 10_000
                    return false
                }
                state.keys = loaded
            }
            try state.keys!.catchUp(from: db, snapshot: snapshot)
            guard let table = state.keys else { return false }
            // An article shares most bands with its copy: each candidate is read once.
            var stored: [Int64: (simhash: Int64, firstSeen: Int64)?] = [:]
            for key in keys {
                var counted = 0
                pending.forEachRow(withKey: key) { row in
                    guard counted < limit else { return }
                    counted += 1
                    if row.firstSeen >= since { body(row.seq, row.simhash) }
                }
                guard counted < limit else { continue }
                // The rows still there in this transaction (a pruned or deleted article's are not),
                // newest first, as FTS5 gives them.
                try table.forEachArticle(withKey: key, through: snapshot.through) { seq in
                    let found: (simhash: Int64, firstSeen: Int64)?
                    if let cached = stored[seq] {
                        found = cached
                    } else {
                        found = try Row.fetchOne(exists, arguments: [seq]).map { ($0[0], $0[1]) }
                        // updateValue: a nil (row gone) is kept as an answer, not as "not read".
                        stored.updateValue(found, forKey: seq)
                    }
                    guard let row = found else { return true }
                    counted += 1
                    if row.firstSeen >= since { body(seq, row.simhash) }
                    return counted < limit
                }
            }
            return true
        }
    }

    struct Snapshot {
        /// The highest committed article `seq` the transaction sees.
        var through: Int64
        /// The writer's transaction: it sees everything committed.
        var isLatest: Bool
        /// The table's highest article, and its id as the transaction sees it (nil: not there, or not
        /// yet in a reader's older snapshot).
        var topArticle: Int64
        var topID: String?
    }
}
