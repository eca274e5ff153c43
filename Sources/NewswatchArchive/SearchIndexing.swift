import Foundation
import GRDB
import NewswatchNormalize

// Why the search index is written behind the archive: FTS5 indexing (tokenizing title, teaser and body,
// writing the segment) was about a quarter of a poll's transaction. The poll's transaction commits
// the article, its sightings, story, revision link and near-duplicate keys atomically, as before; the
// writer adds the search entries of the articles archived since the last time in a transaction of its
// own, once `ArchiveOptions.searchIndexBatch` of them wait (and at every open and before a search).
//
// The watermark is the index itself: entries are written in `seq` order, a batch per transaction, so
// the index holds an entry for every article up to its highest rowid and for none above it (deletions
// take entries out below it, which does not matter: those articles are gone). A crash, a SIGKILL or an
// error between the poll's commit and the index's leaves articles above the watermark, and the next
// open, write or search of any process writes their entries, read back from their stored JSON.

struct SearchIndexer {
    let db: Database
    /// This process's entries, so the usual case decodes no JSON.
    let backlog: SearchBacklog?

    // The index's own rowids are read from its docsize table (one row per entry): since v8 the index
    // has external content, and a query of `article_search`'s rowids reads the article table instead.

    /// The highest `seq` with a search entry (0: none).
    static func indexedThrough(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM article_search_docsize")) ?? 0
    }

    /// True when some archived article has no search entry yet.
    static func isBehind(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM article WHERE seq > ?)"),
                          arguments: [indexedThrough(db)]) ?? false
    }

    /// True when the article's entry is written (an article above the watermark has none yet).
    static func isIndexed(_ db: Database, seq: Int64) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM article_search_docsize WHERE id = ?)"),
                          arguments: [seq]) ?? false
    }

    /// Takes the article's entry out of the index, if it has one; call it before its row changes or
    /// goes. An index with external content is told the text it indexed, and takes out exactly the
    /// words it is given: the entry as `indexNext` wrote it, made again from the stored JSON. Returns
    /// whether there was one.
    @discardableResult
    static func removeEntry(_ db: Database, seq: Int64) throws -> Bool {
        guard try isIndexed(db, seq: seq) else { return false }
        let entry = try SearchIndexer(db: db, backlog: nil).storedEntry(seq: seq, id: "")
        try db.execute(sql: """
            INSERT INTO article_search (article_search, rowid, title, teaser, body) VALUES ('delete', ?, ?, ?, ?)
            """, arguments: [seq, entry.title, entry.teaser, entry.body])
        return true
    }

    /// Writes the entries of the next `limit` articles without one, oldest first. Returns how many
    /// were written and the new watermark.
    func indexNext(limit: Int) throws -> (count: Int, through: Int64) {
        let through = try Self.indexedThrough(db)
        let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT seq, id, pruned FROM article WHERE seq > ? ORDER BY seq LIMIT ?"),
                                    arguments: [through, limit])
        let insert = try db.cachedStatement(sql: "INSERT INTO article_search (rowid, title, teaser, body) VALUES (?, ?, ?, ?)")
        var last = through
        for row in rows {
            let seq: Int64 = row[0]
            let id: String = row[1]
            let pruned: Bool = row[2]
            // A pruned article's stored JSON is what the index holds of it (its title).
            let entry = try (pruned ? nil : backlog?.entry(seq: seq, id: id)) ?? storedEntry(seq: seq, id: id)
            try insert.run(in: db) {
                $0.bind(seq)
                $0.bind(entry.title)
                $0.bind(entry.teaser)
                $0.bind(entry.body)
            }
            last = seq
        }
        return (rows.count, last)
    }

    /// The entry from the article's stored JSON; its title alone if the JSON cannot be read (the
    /// index must not stop at one bad row). Written from memory (`backlog`), an entry is the same:
    /// the JSON holds the article's text as it was.
    private func storedEntry(seq: Int64, id: String) throws -> SearchBacklog.Entry {
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT title, json FROM article WHERE seq = ?"), arguments: [seq])
        let json: String = row?["json"] ?? ""
        if let article = try? JSONDecoder().decode(Article.self, from: Data(json.utf8)) {
            return SearchBacklog.Entry(id: id, article: article)
        }
        return SearchBacklog.Entry(id: id, title: row?["title"] ?? "", teaser: "", body: "")
    }
}

extension Archive {
    /// Writes the search entries of every archived article that has none yet (see `SearchIndexer`),
    /// in transactions of `ArchiveOptions.searchIndexBatch` articles. Returns how many it wrote.
    @discardableResult
    public func indexForSearch() throws -> Int {
        let batch = max(options.searchIndexBatch, 1)
        var total = 0
        while true {
            let (count, through) = try write { db in
                try SearchIndexer(db: db, backlog: searchBacklog).indexNext(limit: batch)
            }
            searchBacklog.drop(through: through)
            total += count
            if count < batch { return total }
        }
    }

    /// After a recording transaction committed: its articles' search entries join the backlog, and
    /// are written once there are a batch of them. A failure here is not the poll's (its articles are
    /// archived); the entries are written by a later write, open or search.
    func committed(_ entries: NewSearchEntries?) {
        searchBacklog.add(entries?.entries ?? [])
        guard searchBacklog.count >= options.searchIndexBatch else { return }
        _ = try? indexForSearch()
    }

    /// Writes the search entries this process has waiting, if any; takes no write lock when none
    /// wait. The daemon calls it before each group-commit sync (at most once a second), so what it
    /// archived is searchable about a second later and its waiting entries stay few.
    public func indexWaitingForSearch() throws {
        guard searchBacklog.count > 0 else { return }
        try indexForSearch()
    }

    /// How many archived articles have no search entry yet (a search does not find them).
    public func articlesAwaitingSearchIndex() throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM article WHERE seq > ?",
                             arguments: [SearchIndexer.indexedThrough(db)]) ?? 0
        }
    }

    /// Before a search: writes what is missing, so just-archived articles are found. Nothing is
    /// written (and no write lock taken) when nothing is missing.
    func catchUpSearchIndex() throws {
        guard try read({ try SearchIndexer.isBehind($0) }) else { return }
        try indexForSearch()
    }
}
