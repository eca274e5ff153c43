import Foundation
import GRDB

/// What the archive knows about one feed's health, for `newswatch status`: its saved state (nil when
/// the feed has sightings but its state was never saved) and how many articles it brought recently.
public struct FeedHealthRecord: Sendable, Equatable {
    public var feed: String
    public var state: FeedState?
    /// Distinct articles first seen under this feed since the window's start.
    public var recentArticles: Int
    /// When this feed last delivered an item (new or already known), nil when never.
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
    /// articles each first delivered since `since`. Read-only.
    public func feedHealth(since: Date) throws -> [FeedHealthRecord] {
        let start = StoredTime.seconds(since)
        return try read { db in
            let states = try FeedStateStore(db: db).loadAll()
            var records: [String: FeedHealthRecord] = [:]
            for state in states {
                records[state.feed] = FeedHealthRecord(feed: state.feed, state: state, recentArticles: 0, lastSighting: nil)
            }
            // One pass over the sightings: a feed's article counts once, at its first sighting there.
            let rows = try Row.fetchAll(db, sql: """
                SELECT feed,
                       count(DISTINCT CASE WHEN firstSeen >= ? THEN article END) AS recent,
                       max(lastSeen) AS lastSeen
                FROM sighting GROUP BY feed
                """, arguments: [start])
            for row in rows {
                let feed: String = row["feed"]
                var record = records[feed] ?? FeedHealthRecord(feed: feed, state: nil, recentArticles: 0, lastSighting: nil)
                record.recentArticles = row["recent"]
                record.lastSighting = (row["lastSeen"] as Int64?).map(StoredTime.date)
                records[feed] = record
            }
            return records.values.sorted { $0.feed < $1.feed }
        }
    }
}
