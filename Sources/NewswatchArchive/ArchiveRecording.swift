import Foundation
import GRDB
import NewswatchNormalize

extension Archive {
    /// Archives the items of one poll of `feed`, in ONE write transaction: either every article and
    /// sighting of the poll is stored, or (on any error) none is. Returns one outcome per article, in
    /// order. The feed's publishing statistics (`FeedState`) are updated in the same transaction.
    public func record(feed: String, articles: [Article], at time: Date = Date()) throws -> [ArchiveOutcome] {
        let now = StoredTime.seconds(time)
        let keys = ItemKey.keys(for: articles)
        return try write { db in
            let recorder = ArticleRecorder(db: db, options: options)
            var outcomes: [ArchiveOutcome] = []
            outcomes.reserveCapacity(articles.count)
            for (article, key) in zip(articles, keys) {
                let seen = ArticleRecorder.Seen(
                    feed: feed, itemKey: key.key, urlIdentifiesItem: key.urlIdentifiesItem,
                    url: article.url ?? "", guid: article.guid ?? "", firstSeen: now, lastSeen: now)
                outcomes.append(try recorder.record(article, seen: seen))
            }
            try FeedStateStore(db: db).countPoll(
                feed: feed, at: now, items: articles.count,
                newArticles: outcomes.filter(\.storedNewText).count)
            return outcomes
        }
    }
}
