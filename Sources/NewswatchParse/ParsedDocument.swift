import NewswatchNormalize

/// The feed-level facts a document gives: what `newswatch parse --json` prints under `feed`.
public struct FeedInfo: Sendable, Equatable, Codable {
    public var title: String?
    public var link: String?
    public var language: String?
    public var format: DocumentFormat

    public init(title: String? = nil, link: String? = nil, language: String? = nil, format: DocumentFormat) {
        self.title = title
        self.link = link
        self.language = language
        self.format = format
    }
}

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
