/// One block of an article's body, in reading order.
public enum ArticleBlock: Sendable, Hashable {
    case paragraph(String)
    case heading(String)
    case list([String])
    case quote(String)

    /// The block's text lines: one for a paragraph, heading or quote, one per item for a list.
    public var lines: [String] {
        switch self {
        case .paragraph(let text), .heading(let text), .quote(let text): return [text]
        case .list(let items): return items
        }
    }
}

/// The article's photo.
public struct ArticleImage: Sendable, Hashable, Codable {
    public var url: String?
    public var caption: String?
    public var credit: String?

    public init(url: String? = nil, caption: String? = nil, credit: String? = nil) {
        self.url = url
        self.caption = caption
        self.credit = credit
    }

    var isEmpty: Bool {
        (url ?? "").isEmpty && (caption ?? "").isEmpty && (credit ?? "").isEmpty
    }
}

/// A link the page recommends ("Lesen Sie auch: …"): not part of the article's text.
public struct RelatedLink: Sendable, Hashable, Codable {
    public var title: String
    public var url: String?

    public init(title: String, url: String? = nil) {
        self.title = title
        self.url = url
    }
}

/// A media file attached to the item (RSS `enclosure`, Atom `link rel=enclosure`, `media:content`).
public struct Enclosure: Sendable, Hashable, Codable {
    public var url: String
    public var type: String?
    public var length: Int64?

    public init(url: String, type: String? = nil, length: Int64? = nil) {
        self.url = url
        self.type = type
        self.length = length
    }
}
