import Foundation

/// One news article, whatever it arrived as: an RSS or Atom entry, an article page, or a plain-text
/// article in the seeds' layout. `docs/article-model.md` (shared with the other tools) is the contract
/// for its fields and JSON shape.
///
/// `id` is the content hash of the article's canonical content (`ContentHash`). It is kept in step
/// with the fields it is built from (`headline`, `teaser`, `body`), so an `Article` never carries an
/// id that does not match its text.
public struct Article: Sendable, Equatable {
    public private(set) var id: ContentHash

    public var url: String?
    public var guid: String?
    public var source: String?
    public var section: String?

    /// The full headline as published. Setting it splits it again into `kicker` and `headline`.
    public var title: String {
        didSet { (kicker, headline) = TitleShape.split(title) }
    }
    /// The part of the title before the first `: ` when the title has the news.de/Bild shape.
    public private(set) var kicker: String?
    /// The title without its kicker.
    public private(set) var headline: String {
        didSet { rehash() }
    }
    public var teaser: String? {
        didSet { rehash() }
    }
    public var image: ArticleImage?
    public var highlights: [String]
    public var body: [ArticleBlock] {
        didSet { rehash() }
    }
    public var related: [RelatedLink]
    public var authors: [String]
    public var agencies: [String]
    public var topics: [String]
    /// BCP 47 language tag, such as `de`.
    public var language: String?
    public var published: Date?
    public var updated: Date?
    public var enclosures: [Enclosure]
    /// When newswatch first saw the article.
    public var fetched: Date

    public init(
        title: String,
        teaser: String? = nil,
        body: [ArticleBlock] = [],
        url: String? = nil,
        guid: String? = nil,
        source: String? = nil,
        section: String? = nil,
        image: ArticleImage? = nil,
        highlights: [String] = [],
        related: [RelatedLink] = [],
        authors: [String] = [],
        agencies: [String] = [],
        topics: [String] = [],
        language: String? = nil,
        published: Date? = nil,
        updated: Date? = nil,
        enclosures: [Enclosure] = [],
        fetched: Date = Date()
    ) {
        let (kicker, headline) = TitleShape.split(title)
        self.title = title
        self.kicker = kicker
        self.headline = headline
        self.teaser = teaser
        self.body = body
        self.id = ContentHash(headline: headline, teaser: teaser, body: body)
        self.url = url
        self.guid = guid
        self.source = source
        self.section = section
        self.image = image
        self.highlights = highlights
        self.related = related
        self.authors = authors
        self.agencies = agencies
        self.topics = topics
        self.language = language
        self.published = published
        self.updated = updated
        self.enclosures = enclosures
        self.fetched = fetched
    }

    private mutating func rehash() {
        id = ContentHash(headline: headline, teaser: teaser, body: body)
    }
}
