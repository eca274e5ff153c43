import Foundation
import NewswatchNormalize

/// One parsed document: the feed's facts, its articles in the document's order, and every problem
/// met and recovered from on the way (line and column where known).
public struct ParsedDocument: Sendable, Equatable, Codable {
    public var feed: FeedInfo
    public var articles: [Article]
    public var warnings: [String]

    public init(feed: FeedInfo, articles: [Article], warnings: [String] = []) {
        self.feed = feed
        self.articles = articles
        self.warnings = warnings
    }
}

/// What reading a document item by item leaves besides the articles: the feed's facts and the
/// problems met.
public struct DocumentOutline: Sendable, Equatable {
    public var feed: FeedInfo
    public var warnings: [String]
    /// How many articles went to the consumer.
    public var articleCount: Int

    public init(feed: FeedInfo, warnings: [String], articleCount: Int) {
        self.feed = feed
        self.warnings = warnings
        self.articleCount = articleCount
    }
}
