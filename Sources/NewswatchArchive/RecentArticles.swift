import Foundation
import GRDB
import NewswatchNormalize

/// What the rules need to decide about an archived article again: the article, its story, whether
/// it is a revision, and the feed that first carried it.
public struct RecentArticle: Sendable {
    public var article: Article
    public var story: StoryID
    public var isRevision: Bool
    public var feed: String
}

extension Archive {
    /// The articles first seen since `since` that still have their text and a sighting, oldest
    /// first: what the daemon replays through its rules at start-up. The same articles as
    /// `forEachArticle(since:)` leaves after skipping the pruned ones, in the same order, but read
    /// with one statement and without what the rules do not need (sightings, revision links), since
    /// start-up waits for it.
    public func forEachRecentArticle(since: Date, _ body: (RecentArticle) throws -> Void) throws {
        try read { db in
            // The first sighting in the order ArchivedArticleReader lists them: (firstSeen, feed).
            let rows = try Row.fetchCursor(db, sql: """
                SELECT a.story, a.entry, a.json,
                    (SELECT s.feed FROM sighting s WHERE s.article = a.seq ORDER BY s.firstSeen, s.feed LIMIT 1) AS feed
                FROM article a INDEXED BY article_firstSeen
                WHERE a.firstSeen >= ? AND NOT a.pruned ORDER BY a.seq
                """, arguments: [StoredTime.seconds(since)])
            let decoder = JSONDecoder()
            while let row = try rows.next() {
                guard let feed: String = row["feed"] else { continue }
                let json: String = row["json"]
                let article = try decoder.decode(Article.self, from: Data(json.utf8))
                try body(RecentArticle(
                    article: article, story: row["story"],
                    isRevision: ArchivedArticle.Entry(rawValue: row["entry"]) == .revision, feed: feed))
            }
        }
    }
}
