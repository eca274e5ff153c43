import GRDB

/// The `seq` SQLite gives the next article row (one above the highest, `INTEGER PRIMARY KEY`), known
/// before the insert. A recording transaction is the only writer and inserts articles only through its
/// `ArticleRecorder`, so the highest is read once and then counted.
final class ArticleSequence {
    private var highest: Int64?

    /// nil when SQLite would choose the rowid at random (the highest is already `Int64.max`): the
    /// insert must then let SQLite choose.
    func next(_ db: Database) throws -> Int64? {
        if highest == nil { highest = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(seq) FROM article")) ?? 0 }
        guard let highest, highest < Int64.max else { return nil }
        return highest + 1
    }

    func inserted(_ seq: Int64) {
        highest = max(highest ?? seq, seq)
    }
}
