import Foundation
import GRDB

/// `FeedState` rows in the `feed_state` table.
struct FeedStateStore {
    let db: Database

    func load(_ feed: String) throws -> FeedState? {
        // Cached: every recorded poll reads and updates its feed's row.
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM feed_state WHERE feed = ?"), arguments: [feed]).map(Self.state)
    }

    func loadAll() throws -> [FeedState] {
        try Row.fetchAll(db, sql: "SELECT * FROM feed_state ORDER BY feed").map(Self.state)
    }

    func save(_ s: FeedState) throws {
        // Cached: every poll saves every feed's state, a thousand times a cycle for a thousand feeds.
        try db.cachedStatement(
            sql: """
                INSERT INTO feed_state (feed, etag, lastModified, effectiveURL, errorCount, errorKind, errorMessage,
                                        lastAttempt, lastSuccess, nextPoll, backoffSeconds)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (feed) DO UPDATE SET
                    etag = excluded.etag, lastModified = excluded.lastModified, effectiveURL = excluded.effectiveURL,
                    errorCount = excluded.errorCount, errorKind = excluded.errorKind, errorMessage = excluded.errorMessage,
                    lastAttempt = excluded.lastAttempt, lastSuccess = excluded.lastSuccess,
                    nextPoll = excluded.nextPoll, backoffSeconds = excluded.backoffSeconds
                """
        ).execute(arguments: [
            s.feed, s.etag, s.lastModified, s.effectiveURL, s.errorCount, s.errorKind, s.errorMessage,
            s.lastAttempt.map(StoredTime.seconds), s.lastSuccess.map(StoredTime.seconds),
            s.nextPoll.map(StoredTime.seconds), s.backoff,
        ])
    }

    /// Folds one archived poll into the feed's publishing statistics.
    func countPoll(feed: String, at now: Int64, items: Int, newArticles: Int) throws {
        let previous = try load(feed)
        var mean = previous?.meanNewArticleInterval
        let lastNew = previous?.lastNewArticle.map(StoredTime.seconds)
        if newArticles > 0, let lastNew, now > lastNew {
            // The interval since the last poll with news, shared by the articles it brought.
            let interval = Double(now - lastNew) / Double(newArticles)
            mean = mean.map { 0.8 * $0 + 0.2 * interval } ?? interval
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO feed_state (feed, polls, itemsSeen, newArticles, firstPoll, lastNewArticle, meanNewArticleInterval)
                VALUES (?, 1, ?, ?, ?, ?, ?)
                ON CONFLICT (feed) DO UPDATE SET
                    polls = polls + 1, itemsSeen = itemsSeen + excluded.itemsSeen,
                    newArticles = newArticles + excluded.newArticles,
                    firstPoll = coalesce(firstPoll, excluded.firstPoll),
                    lastNewArticle = coalesce(excluded.lastNewArticle, lastNewArticle),
                    meanNewArticleInterval = excluded.meanNewArticleInterval
                """
        ).execute(arguments: [feed, items, newArticles, now, newArticles > 0 ? now : lastNew, mean])
    }

    static func state(_ row: Row) -> FeedState {
        func date(_ column: String) -> Date? { (row[column] as Int64?).map(StoredTime.date) }
        var state = FeedState(
            feed: row["feed"], etag: row["etag"], lastModified: row["lastModified"], effectiveURL: row["effectiveURL"],
            errorCount: row["errorCount"], errorKind: row["errorKind"], errorMessage: row["errorMessage"],
            lastAttempt: date("lastAttempt"), lastSuccess: date("lastSuccess"), nextPoll: date("nextPoll"),
            backoff: row["backoffSeconds"])
        state.polls = row["polls"]
        state.itemsSeen = row["itemsSeen"]
        state.newArticles = row["newArticles"]
        state.firstPoll = date("firstPoll")
        state.lastNewArticle = date("lastNewArticle")
        state.meanNewArticleInterval = row["meanNewArticleInterval"]
        return state
    }
}
