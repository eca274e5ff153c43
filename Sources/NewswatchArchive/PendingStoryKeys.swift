/// The `story_keys` rows the writer's open transaction has added: its own later lookups must see them
/// (as the FTS5 index, read inside the transaction, does), but they are not committed, so they must
/// not reach `NearDuplicateWindow`, which every transaction reads: if the transaction rolls back,
/// their `seq`s are given to other articles.
final class PendingStoryKeys {
    struct Row {
        var seq: Int64
        var simhash: Int64
        var firstSeen: Int64
    }

    private var rows: [Row] = []
    /// The first article the transaction added, with or without keys.
    private var firstArticle: Int64?
    /// Indexes into `rows` per key, oldest first.
    private var rowsByKey: [Int64: [Int]] = [:]

    func noteArticle(_ seq: Int64) {
        if firstArticle == nil { firstArticle = seq }
    }

    func add(seq: Int64, simhash: Int64, firstSeen: Int64, keys: [Int64]) {
        rows.append(Row(seq: seq, simhash: simhash, firstSeen: firstSeen))
        for key in keys { rowsByKey[key, default: []].append(rows.count - 1) }
    }

    /// The transaction's answer to "the highest article `seq`, and the id of article `asked`", read
    /// before the transaction added any article: it stays true for the whole transaction (its own
    /// articles come above it, `committedThrough`, and a recording transaction deletes none).
    private var committedTopAnswer: (asked: Int64, max: Int64, topID: String?)?

    func committedTop(asked: Int64) -> (max: Int64, topID: String?)? {
        guard let answer = committedTopAnswer, answer.asked == asked else { return nil }
        return (answer.max, answer.topID)
    }

    func noteCommittedTop(asked: Int64, max: Int64, topID: String?) {
        // Read after the transaction's first article, `max` is its own: `committedThrough` ignores it.
        committedTopAnswer = (asked, max, topID)
    }

    /// The highest committed article `seq`, given the highest the transaction sees: the transaction's
    /// own articles come after every committed one (a new rowid is one above the highest).
    func committedThrough(max: Int64) -> Int64 {
        firstArticle.map { $0 - 1 } ?? max
    }

    /// The rows holding `key`, newest first.
    func forEachRow(withKey key: Int64, _ body: (Row) -> Void) {
        guard let indexes = rowsByKey[key] else { return }
        var previous = -1
        for index in indexes.reversed() where index != previous {
            previous = index
            body(rows[index])
        }
    }
}
