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
        var lines: [String] = []
        forEachLine(of: article, feedName: feedName) { lines.append($0) }
        return lines
    }

    /// Calls `body` with each of the field's lines in `article`, without collecting them first (the
    /// matcher tokenizes every article).
    func forEachLine(of article: Article, feedName: String?, _ body: (String) -> Void) {
        switch self {
        case .title: body(article.title)
        case .teaser: if let teaser = article.teaser { body(teaser) }
        case .highlights: article.highlights.forEach(body)
        case .caption: if let caption = article.image?.caption { body(caption) }
        case .credit: if let credit = article.image?.credit { body(credit) }
        case .body:
            // Not `block.lines`, which makes an array for every paragraph.
            for block in article.body {
                switch block {
                case .paragraph(let text), .heading(let text), .quote(let text): body(text)
                case .list(let items): items.forEach(body)
                }
            }
        case .author: article.authors.forEach(body)
        case .topic: article.topics.forEach(body)
        case .section: if let section = article.section { body(section) }
        case .source:
            if let source = article.source { body(source) }
            if let feedName, feedName != article.source { body(feedName) }
        }
    }
}

/// A set of fields as a bit mask: the matcher tests field membership for every occurrence.
struct FieldMask: Hashable, Sendable {
    var bits: UInt16

    init(_ fields: Set<ArticleField>) {
        bits = fields.reduce(0) { $0 | $1.bit }
    }

    init(bits: UInt16) { self.bits = bits }

    func contains(fieldIndex: Int) -> Bool { bits & (1 << UInt16(fieldIndex)) != 0 }

    static let text = FieldMask(ArticleField.text)
}
