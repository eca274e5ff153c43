import GRDB

// Why a writer checks the near-duplicate key index when it opens: up to schema v6 a trigger copied
// every `story_keys` row into the FTS5 index `story_key_index`; since v7 the recorder writes both
// (`ArticleRecorder`). A daemon of an older build that keeps running after another process (a newer
// CLI) migrated the file to v7 still inserts `story_keys` rows, now without their index entries. The
// recorder adds rows only above every committed one, so those rows sit above the index's highest
// entry, which FTS5's `docsize` table (one row per indexed article) tells without a scan.

extension Archive {
    /// Indexes the `story_keys` rows above the key index's highest entry, if any. Returns how many.
    @discardableResult
    func catchUpKeyIndex() throws -> Int {
        let behind = try read { db -> Bool in
            let indexed = try Int64.fetchOne(db, sql: "SELECT max(id) FROM story_key_index_docsize") ?? 0
            return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM story_keys WHERE article > ?)", arguments: [indexed]) ?? false
        }
        guard behind else { return 0 }
        return try write { db in
            let indexed = try Int64.fetchOne(db, sql: "SELECT max(id) FROM story_key_index_docsize") ?? 0
            try db.execute(sql: """
                INSERT INTO story_key_index (rowid, keys) SELECT article, keys FROM story_keys WHERE article > ? ORDER BY article
                """, arguments: [indexed])
            return db.changesCount
        }
    }
}
