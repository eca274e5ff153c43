import Foundation
import GRDB

/// What the archive knows about one feed's health, for `newswatch status`: its saved state (nil when
/// the feed has sightings but its state was never saved) and how many articles it brought recently.
public struct FeedHealthRecord: Sendable, Equatable {
    public var feed: String
    public var state: FeedState?
    /// Articles new to the archive since the window's start that this feed brought.
    public var recentArticles: Int
    /// When this feed last delivered an item (new or already known); looked up only when the saved
    /// state has no last success.
    public var lastSighting: Date?

    public init(feed: String, state: FeedState?, recentArticles: Int, lastSighting: Date?) {
        self.feed = feed
        self.state = state
        self.recentArticles = recentArticles
        self.lastSighting = lastSighting
    }
}

extension FeedState {
    /// The HTTP status of the last failure, when it was one: the error kinds the fetcher stores are
    /// `http_NNN` for a status without a feed and `gone` for 410. Nil after a success (a working
    /// feed's 200 or 304 is not kept) and for failures below HTTP (dns, timeout, parse …).
    public var lastHTTPStatus: Int? {
        guard let errorKind else { return nil }
        if errorKind == "gone" { return 410 }
        guard errorKind.hasPrefix("http_") else { return nil }
        return Int(errorKind.dropFirst("http_".count))
    }
}

extension Archive {
    /// Every feed the archive knows (a saved state or any sighting), by name, with the number of
    /// articles new to the archive since `since` that each feed brought. Read-only.
    ///
    /// The count starts from the `firstSeen` index of articles, so it costs what the window holds,
    /// not what the archive holds: an old article that a feed carries again is not counted.
    public func feedHealth(since: Date) throws -> [FeedHealthRecord] {
        let start = StoredTime.seconds(since)
        return try read { db in
            var records: [String: FeedHealthRecord] = [:]
            for state in try FeedStateStore(db: db).loadAll() {
                records[state.feed] = FeedHealthRecord(feed: state.feed, state: state, recentArticles: 0, lastSighting: nil)
            }
            for feed in try String.fetchAll(db, sql: SightingFeeds.distinct) where records[feed] == nil {
                records[feed] = FeedHealthRecord(feed: feed, state: nil, recentArticles: 0, lastSighting: nil)
            }
            // CROSS JOIN keeps SQLite on the recent articles (firstSeen index) instead of every sighting.
            let recent = try Row.fetchAll(db, sql: """
                SELECT s.feed AS feed, count(DISTINCT a.seq) AS n
                FROM article a CROSS JOIN sighting s ON s.article = a.seq
                WHERE a.firstSeen >= ? AND s.firstSeen >= ?
                GROUP BY s.feed
                """, arguments: [start, start])
            for row in recent {
                let feed: String = row["feed"]
                records[feed]?.recentArticles = row["n"]
            }
            // Only where the poller saved no success is the last sighting worth looking up.
            for (feed, record) in records where record.state?.lastSuccess == nil {
                let last = try Int64.fetchOne(db, sql: "SELECT max(lastSeen) FROM sighting WHERE feed = ?", arguments: [feed])
                records[feed]?.lastSighting = last.map(StoredTime.date)
            }
            return records.values.sorted { $0.feed < $1.feed }
        }
    }
}
