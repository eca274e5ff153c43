import NewswatchNormalize

/// What the archive tells the rules about one stored article: the article, whether it is a new story
/// or a revision of a known one, the story it belongs to (the same across feeds and revisions), and
/// the feed it came through.
public struct ArticleEvent: Sendable {
    public var article: Article
    public var isUpdate: Bool
    public var storyID: String
    public var feedName: String

    public init(article: Article, isUpdate: Bool, storyID: String, feedName: String) {
        self.article = article
        self.isUpdate = isUpdate
        self.storyID = storyID
        self.feedName = feedName
    }
}
