import NewswatchNormalize

/// A part of an article a query term can be scoped to (`title:putin`).
///
/// An unscoped term looks in the article's text as a reader reads it: title, teaser, highlights,
/// photo caption and body. Credit, authors, topics, section and source are metadata; they are
/// searched only when named. Related links ("Lesen Sie auch: …") are never searched: they are other
/// articles' headlines.
public enum ArticleField: String, CaseIterable, Sendable, Hashable {
    case title, teaser, highlights, caption, body, credit, author, topic, section, source

    /// The fields an unscoped term searches.
    public static let text: Set<ArticleField> = [.title, .teaser, .highlights, .caption, .body]

    var bit: UInt16 { 1 << UInt16(ArticleField.allCases.firstIndex(of: self)!) }

    /// The field's lines in `article`. `source` is the article's own source, and also the feed it came
    /// through when the event names one, so `source:` finds either.
    func lines(of article: Article, feedName: String?) -> [String] {
        switch self {
        case .title: return [article.title]
        case .teaser: return article.teaser.map { [$0] } ?? []
        case .highlights: return article.highlights
        case .caption: return article.image?.caption.map { [$0] } ?? []
        case .credit: return article.image?.credit.map { [$0] } ?? []
        case .body: return article.body.flatMap(\.lines)
        case .author: return article.authors
        case .topic: return article.topics
        case .section: return article.section.map { [$0] } ?? []
        case .source:
            var lines = article.source.map { [$0] } ?? []
            if let feedName, !lines.contains(feedName) { lines.append(feedName) }
            return lines
        }
    }
}

/// A set of fields as a bit mask: the matcher tests field membership for every occurrence.
struct FieldMask: Hashable, Sendable {
    var bits: UInt16

    init(_ fields: Set<ArticleField>) {
        bits = fields.reduce(0) { $0 | $1.bit }
    }

    func contains(fieldIndex: Int) -> Bool { bits & (1 << UInt16(fieldIndex)) != 0 }

    static let text = FieldMask(ArticleField.text)
}
