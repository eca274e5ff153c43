import Foundation
import NewswatchNormalize

/// Where the readers put each item as soon as it is read: it becomes an Article at once and goes to
/// the caller, so a feed's raw items are never all held at the same time.
final class ArticleSink {
    let fetched: Date
    let consumer: (Article) throws -> Void
    private(set) var warnings: [String] = []
    /// Items taken so far (articles or not).
    private(set) var taken = 0
    private(set) var articleCount = 0
    /// What the caller's consumer threw; reading stops at it.
    private(set) var failure: Error?

    /// Warnings beyond this many are counted, not listed: a feed of ten thousand items with the same
    /// unreadable date needs one line, not ten thousand.
    static let maximumWarnings = 100
    private var suppressed = 0

    /// The warnings, with the count of those left out.
    var allWarnings: [String] {
        warnings + (suppressed > 0 ? ["\(suppressed) more item warnings"] : [])
    }

    private func note(_ found: [String]) {
        for warning in found {
            if warnings.count < Self.maximumWarnings { warnings.append(warning) } else { suppressed += 1 }
        }
    }

    init(fetched: Date, consumer: @escaping (Article) throws -> Void) {
        self.fetched = fetched
        self.consumer = consumer
    }

    var isStopped: Bool { failure != nil }

    /// The last language and link asked about, with their answers: every item of a feed asks the
    /// same again, and parsing a link (`site(of:)`) costs more than most of an item's own fields.
    private var lastLanguage: (raw: String?, tag: String?)?
    private var lastLink: (link: String?, site: String?)?

    private func languageTag(_ raw: String?) -> String? {
        if let last = lastLanguage, last.raw == raw { return last.tag }
        let tag = FeedArticleAssembly.languageTag(raw)
        lastLanguage = (raw, tag)
        return tag
    }

    private func site(of link: String?) -> String? {
        if let last = lastLink, last.link == link { return last.site }
        let site = FeedArticleAssembly.site(of: link)
        lastLink = (link, site)
        return site
    }

    func take(_ entry: FeedEntry, feed: FeedInfo) {
        guard failure == nil else { return }
        taken += 1
        var feed = feed
        feed.language = languageTag(feed.language)
        var found: [String] = []
        let article = FeedArticleAssembly.article(
            from: entry, feed: feed, site: site(of: feed.link), language: languageTag(entry.language ?? feed.language),
            fetched: fetched, warnings: &found)
        note(found)
        guard let article else { return }
        do {
            try consumer(article)
            articleCount += 1
        } catch {
            failure = error
        }
    }
}
