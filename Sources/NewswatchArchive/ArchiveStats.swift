import Foundation
import GRDB

/// Counts for `newswatch archive stats`.
public struct ArchiveStats: Sendable, Equatable {
    public var articles = 0
    public var stories = 0
    public var revisions = 0
    public var nearDuplicates = 0
    public var sightings = 0
    public var feeds = 0
    public var tombstones = 0
    public var pruned = 0
    /// The database file plus its WAL.
    public var bytes: Int64 = 0
    public var oldest: Date?
    public var newest: Date?
    /// Articles per source, most first (at most 20).
    public var sources: [SourceCount] = []
    public var schemaVersion = ""

    public struct SourceCount: Sendable, Equatable, Codable {
        public var source: String
        public var articles: Int
    }
}

extension Archive {
    public func stats() throws -> ArchiveStats {
        var stats = try read { db -> ArchiveStats in
            var s = ArchiveStats()
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            s.articles = try count("SELECT count(*) FROM article")
            s.stories = try count("SELECT count(*) FROM story WHERE articleCount > 0")
            s.revisions = try count("SELECT count(*) FROM article WHERE entry = 'revision'")
            s.nearDuplicates = try count("SELECT count(*) FROM article WHERE entry = 'nearDuplicate'")
            s.sightings = try count("SELECT count(*) FROM sighting")
            s.feeds = try count("SELECT count(*) FROM (\(SightingFeeds.distinct))")
            s.tombstones = try count("SELECT count(*) FROM tombstone")
            s.pruned = try count("SELECT count(*) FROM article WHERE pruned")
            s.oldest = try Int64.fetchOne(db, sql: "SELECT min(firstSeen) FROM article").map(StoredTime.date)
            s.newest = try Int64.fetchOne(db, sql: "SELECT max(firstSeen) FROM article").map(StoredTime.date)
            s.sources = try Row.fetchAll(db, sql: """
                SELECT coalesce(source, '(none)') AS source, count(*) AS n FROM article
                GROUP BY 1 ORDER BY n DESC, source LIMIT 20
                """).map { ArchiveStats.SourceCount(source: $0["source"], articles: $0["n"]) }
            s.schemaVersion = try ArchiveSchema.migrator.completedMigrations(db).last ?? ""
            return s
        }
        for file in [path, path + "-wal"] {
            if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber {
                stats.bytes += size.int64Value
            }
        }
        return stats
    }
}
