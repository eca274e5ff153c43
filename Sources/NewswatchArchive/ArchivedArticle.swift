import Foundation
import GRDB
import NewswatchNormalize

/// An article as the archive holds it: the Article itself and what the archive knows around it.
public struct ArchivedArticle: Sendable, Equatable {
    /// How the article joined its story.
    public enum Entry: String, Sendable, Codable {
        /// It opened the story.
        case new
        /// A new version of an item with a known guid or URL.
        case revision
        /// A near-duplicate (SimHash) of an article of the story.
        case nearDuplicate
    }

    /// The id the archive holds the article under. The same as `article.id`, except for a pruned
    /// article (its text is gone, so its text no longer hashes to its id).
    public var id: ContentHash
    public var article: Article
    public var story: StoryID
    public var entry: Entry
    /// The version this one replaced, for a revision.
    public var revises: ContentHash?
    public var firstSeen: Date
    public var sightings: [ArticleSighting]
    /// True when retention dropped the body; the hash stays so the article is not re-added.
    public var pruned: Bool
}

extension Archive {
    /// The article whose id starts with `idPrefix` (8 to 64 hex digits, unique in the archive).
    public func article(idPrefix: String) throws -> ArchivedArticle {
        let prefix = idPrefix.lowercased()
        guard (8...64).contains(prefix.count), prefix.allSatisfy(\.isHexDigit) else {
            throw ArchiveError.invalidIDPrefix(idPrefix)
        }
        return try read { db in
            // 'g' sorts after every hex digit: the range is exactly the ids with this prefix.
            let ids = try String.fetchAll(
                db, sql: "SELECT id FROM article WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
                arguments: [prefix, prefix + "g"])
            if ids.isEmpty { throw ArchiveError.noSuchArticle(idPrefix) }
            if ids.count > 1 { throw ArchiveError.ambiguousIDPrefix(idPrefix, matches: ids.map { String($0.prefix(16)) }) }
            return try ArchivedArticleReader(db: db).load(id: ids[0])!
        }
    }

    /// The article with this id, nil when the archive does not hold it.
    public func article(id: ContentHash) throws -> ArchivedArticle? {
        try read { db in try ArchivedArticleReader(db: db).load(id: id.hex) }
    }

    /// Every version and copy of a story, oldest first.
    public func story(_ story: StoryID) throws -> [ArchivedArticle] {
        try read { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM article WHERE story = ? ORDER BY seq", arguments: [story])
            let reader = ArchivedArticleReader(db: db)
            return try ids.compactMap { try reader.load(id: $0) }
        }
    }

    /// True when the id is a tombstone (deleted or pruned and not to be re-added).
    public func isTombstoned(_ id: ContentHash) throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM tombstone WHERE id = ?", arguments: [id.hex]) ?? false }
    }

    /// Removes an article and leaves a tombstone so no later poll adds it again. Its sightings, search
    /// entry and fingerprint go with it; a later revision that pointed at it points at its predecessor.
    /// Returns false when the archive did not hold it (a tombstone is left all the same).
    @discardableResult
    public func delete(_ id: ContentHash, reason: String = "deleted", at time: Date = Date()) throws -> Bool {
        try write(erasing: true) { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO tombstone (id, reason, at) VALUES (?, ?, ?)",
                arguments: [id.hex, reason, StoredTime.seconds(time)])
            guard let row = try Row.fetchOne(db, sql: "SELECT seq, story, revises FROM article WHERE id = ?", arguments: [id.hex]) else {
                return false
            }
            let seq: Int64 = row["seq"]
            let story: Int64 = row["story"]
            let revises: Int64? = row["revises"]
            // The item's text as received (before learned furniture came out) is not re-added either.
            try db.execute(sql: "INSERT OR REPLACE INTO tombstone (id, reason, at) SELECT id, ?, ? FROM received_id WHERE article = ?",
                           arguments: [reason, StoredTime.seconds(time), seq])
            try db.execute(sql: "UPDATE article SET revises = ? WHERE revises = ?", arguments: [revises, seq])
            try SearchIndexer.removeEntry(db, seq: seq)
            try db.execute(sql: "DELETE FROM article WHERE seq = ?", arguments: [seq])
            try db.execute(sql: """
                UPDATE story SET articleCount = articleCount - 1,
                    latestArticle = (SELECT max(seq) FROM article WHERE story = ?) WHERE id = ?
                """, arguments: [story, story])
            return true
        }
    }
}

struct ArchivedArticleReader {
    let db: Database

    func load(id: String) throws -> ArchivedArticle? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT a.seq, a.id, a.story, a.entry, a.firstSeen, a.pruned, a.json, p.id AS revisesID
            FROM article a LEFT JOIN article p ON p.seq = a.revises WHERE a.id = ?
            """, arguments: [id]) else { return nil }
        let json: String = row["json"]
        let article = try JSONDecoder().decode(Article.self, from: Data(json.utf8))
        let sightings = try Row.fetchAll(db, sql: """
            SELECT feed, url, guid, firstSeen, lastSeen FROM sighting WHERE article = ? ORDER BY firstSeen, feed
            """, arguments: [row["seq"] as Int64]).map { s in
            ArticleSighting(
                feed: s["feed"], url: Self.nonEmpty(s["url"]), guid: Self.nonEmpty(s["guid"]),
                firstSeen: StoredTime.date(s["firstSeen"]), lastSeen: StoredTime.date(s["lastSeen"]))
        }
        return ArchivedArticle(
            id: ContentHash(hex: row["id"]) ?? article.id, article: article, story: row["story"], entry: ArchivedArticle.Entry(rawValue: row["entry"]) ?? .new,
            revises: (row["revisesID"] as String?).flatMap(ContentHash.init(hex:)),
            firstSeen: StoredTime.date(row["firstSeen"]), sightings: sightings, pruned: row["pruned"])
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
