import Foundation
import NewswatchNormalize

/// Where the readers put each item as soon as it is read: it becomes an Article at once and goes to
/// the caller, so a feed's raw items are never all held at the same time.
final class ArticleSink {
    let fetched: Date
    let consumer: (Article) throws -> Void
    var warnings: [String] = []
    /// Items taken so far (articles or not).
    private(set) var taken = 0
    private(set) var articleCount = 0
    /// What the caller's consumer threw; reading stops at it.
    private(set) var failure: Error?

    init(fetched: Date, consumer: @escaping (Article) throws -> Void) {
        self.fetched = fetched
        self.consumer = consumer
    }

    var isStopped: Bool { failure != nil }

    func take(_ entry: FeedEntry, feed: FeedInfo) {
        guard failure == nil else { return }
        taken += 1
        var feed = feed
        feed.language = FeedArticleAssembly.languageTag(feed.language)
        guard let article = FeedArticleAssembly.article(from: entry, feed: feed, fetched: fetched, warnings: &warnings) else { return }
        do {
            try consumer(article)
            articleCount += 1
        } catch {
            failure = error
        }
    }
}
