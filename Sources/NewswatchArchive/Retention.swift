import Foundation
import GRDB
import NewswatchNormalize

extension Archive {
    /// Retention: drops the text of articles first seen before `cutoff` (teaser, body, highlights,
    /// photo, related links), keeping the row with its id (content hash), title, sightings and story,
    /// so a feed that still carries a pruned article does not bring it back: it is "seen before".
    /// Tombstones are never pruned. Returns how many articles were pruned. Nothing is kept from pruning
    /// by default: the archive keeps everything unless this is called (`retention = "365d"`).
    @discardableResult
    public func prune(firstSeenBefore cutoff: Date, batchSize: Int = 1000) throws -> Int {
        let limit = StoredTime.seconds(cutoff)
        var total = 0
        // Batches keep each write transaction short, so the daemon's polls are not held up.
        while true {
            let pruned = try write(erasing: true) { db -> Int in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT seq, json FROM article WHERE firstSeen < ? AND pruned = 0 ORDER BY firstSeen LIMIT ?
                    """, arguments: [limit, batchSize])
                for row in rows {
                    let seq: Int64 = row["seq"]
                    let json: String = row["json"]
                    let full = try JSONDecoder().decode(Article.self, from: Data(json.utf8))
                    let kept = Article(
                        title: full.title, url: full.url, guid: full.guid, source: full.source, section: full.section,
                        authors: full.authors, agencies: full.agencies, topics: full.topics, language: full.language,
                        published: full.published, updated: full.updated, fetched: full.fetched)
                    let keptJSON = ArticleJSONWriter.compact(kept)
                    // An article not yet indexed gets its entry (the title) from the pruned JSON later.
                    let indexed = try SearchIndexer.removeEntry(db, seq: seq)
                    try db.execute(sql: "UPDATE article SET json = ?, pruned = 1 WHERE seq = ?", arguments: [keptJSON, seq])
                    if indexed {
                        try db.execute(
                            sql: "INSERT INTO article_search (rowid, title, teaser, body) VALUES (?, ?, '', '')",
                            arguments: [seq, full.title])
                    }
                    try db.execute(sql: "DELETE FROM story_keys WHERE article = ?", arguments: [seq])
                }
                return rows.count
            }
            total += pruned
            if pruned < batchSize { return total }
        }
    }
}
