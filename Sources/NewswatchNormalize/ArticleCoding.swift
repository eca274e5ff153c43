import Foundation

// The JSON shape of `docs/article-model.md`: empty strings and empty arrays are left out; `id`,
// `title`, `headline` and `body` are always there. Dates are RFC 3339 in UTC.

extension Article: Codable {
    enum CodingKeys: String, CodingKey {
        case id, url, guid, source, section, title, kicker, headline, teaser, image, highlights, body
        case related, authors, agencies, topics, language, published, updated, enclosures, fetched
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeText(url, forKey: .url)
        try c.encodeText(guid, forKey: .guid)
        try c.encodeText(source, forKey: .source)
        try c.encodeText(section, forKey: .section)
        try c.encode(title, forKey: .title)
        try c.encodeText(kicker, forKey: .kicker)
        try c.encode(headline, forKey: .headline)
        try c.encodeText(teaser, forKey: .teaser)
        if let image, !image.isEmpty { try c.encode(image, forKey: .image) }
        try c.encodeList(highlights, forKey: .highlights)
        try c.encode(body, forKey: .body)
        try c.encodeList(related, forKey: .related)
        try c.encodeList(authors, forKey: .authors)
        try c.encodeList(agencies, forKey: .agencies)
        try c.encodeList(topics, forKey: .topics)
        try c.encodeText(language, forKey: .language)
        if let published { try c.encode(RFC3339.string(from: published), forKey: .published) }
        if let updated { try c.encode(RFC3339.string(from: updated), forKey: .updated) }
        try c.encodeList(enclosures, forKey: .enclosures)
        try c.encode(RFC3339.string(from: fetched), forKey: .fetched)
    }

    /// Decoding recomputes `id` from the text rather than trusting the document: an id that does not
    /// match its content would break deduplication. `expectedID` tells a caller what the document said.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            title: try c.decode(String.self, forKey: .title),
            teaser: try c.decodeIfPresent(String.self, forKey: .teaser),
            body: try c.decodeIfPresent([ArticleBlock].self, forKey: .body) ?? [],
            url: try c.decodeIfPresent(String.self, forKey: .url),
            guid: try c.decodeIfPresent(String.self, forKey: .guid),
            source: try c.decodeIfPresent(String.self, forKey: .source),
            section: try c.decodeIfPresent(String.self, forKey: .section),
            image: try c.decodeIfPresent(ArticleImage.self, forKey: .image),
            highlights: try c.decodeIfPresent([String].self, forKey: .highlights) ?? [],
            related: try c.decodeIfPresent([RelatedLink].self, forKey: .related) ?? [],
            authors: try c.decodeIfPresent([String].self, forKey: .authors) ?? [],
            agencies: try c.decodeIfPresent([String].self, forKey: .agencies) ?? [],
            topics: try c.decodeIfPresent([String].self, forKey: .topics) ?? [],
            language: try c.decodeIfPresent(String.self, forKey: .language),
            published: try c.decodeDate(forKey: .published),
            updated: try c.decodeDate(forKey: .updated),
            enclosures: try c.decodeIfPresent([Enclosure].self, forKey: .enclosures) ?? [],
            fetched: try c.decodeDate(forKey: .fetched) ?? Date()
        )
    }
}

extension ArticleBlock: Codable {
    enum CodingKeys: String, CodingKey { case type, text, items }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .paragraph(let text):
            try c.encode("paragraph", forKey: .type)
            try c.encode(text, forKey: .text)
        case .heading(let text):
            try c.encode("heading", forKey: .type)
            try c.encode(text, forKey: .text)
        case .quote(let text):
            try c.encode("quote", forKey: .type)
            try c.encode(text, forKey: .text)
        case .list(let items):
            try c.encode("list", forKey: .type)
            try c.encode(items, forKey: .items)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "paragraph": self = .paragraph(try c.decode(String.self, forKey: .text))
        case "heading": self = .heading(try c.decode(String.self, forKey: .text))
        case "quote": self = .quote(try c.decode(String.self, forKey: .text))
        case "list": self = .list(try c.decode([String].self, forKey: .items))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c,
                debugDescription: "unknown block type \"\(type)\" (expected paragraph, heading, list or quote)")
        }
    }
}

extension KeyedEncodingContainer {
    mutating func encodeText(_ value: String?, forKey key: Key) throws {
        if let value, !value.isEmpty { try encode(value, forKey: key) }
    }

    mutating func encodeList<T: Encodable>(_ value: [T], forKey key: Key) throws {
        if !value.isEmpty { try encode(value, forKey: key) }
    }
}

extension KeyedDecodingContainer {
    func decodeDate(forKey key: Key) throws -> Date? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let date = RFC3339.date(from: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "not an RFC 3339 date: \(text)")
        }
        return date
    }
}

extension Article {
    /// The encoder for the model's JSON: keys in the model document's order, pretty-printed for people.
    public static func jsonEncoder(pretty: Bool = true) -> OrderedJSONEncoder {
        OrderedJSONEncoder(pretty: pretty)
    }
}
