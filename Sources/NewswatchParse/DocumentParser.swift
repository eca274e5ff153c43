import Foundation
import NewswatchNormalize

/// A document that cannot be read as news: the reason, in words a user can act on.
public enum DocumentError: Error, Equatable, CustomStringConvertible {
    case empty
    case binary
    case notUTF8(offset: Int)
    case unsupported(DocumentKind)
    case noArticle(String)
    /// Larger than the configured limit; refused before parsing.
    case tooLarge(bytes: Int, limit: Int)
    /// A DTD that declares entities: the billion-laughs and quadratic-blowup attacks, never a feed.
    case entityDeclarations(line: Int)
    /// Well-formed enough, but not RSS, RDF, Atom or JSON Feed.
    case notAFeed(String)
    /// Not even the start of a feed could be read.
    case malformed(String)

    public enum DocumentKind: String, Sendable {
        case xml = "XML"
        case json = "JSON"
    }

    public var description: String {
        switch self {
        case .empty: return "is empty"
        case .binary: return "is binary data, not text (it contains NUL bytes)"
        case .notUTF8(let offset): return "is not UTF-8 text (invalid byte sequence at byte \(offset))"
        case .unsupported(let kind): return "is \(kind.rawValue), and this build of newswatch reads only plain-text articles"
        case .noArticle(let reason): return reason
        case .tooLarge(let bytes, let limit): return "is \(bytes) bytes, larger than the limit of \(limit) bytes for one document"
        case .entityDeclarations(let line):
            return "declares entities in its DTD (line \(line)); newswatch refuses such documents, which no feed needs and which can make a parser expand text without bound"
        case .notAFeed(let reason): return reason
        case .malformed(let reason): return reason
        }
    }
}

/// Turns the bytes of one document into Articles, whatever it is: the format is sniffed from the
/// content (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed, an HTML article page, or a plain-text article in
/// the seeds' layout).
public struct DocumentParser: Sendable {
    /// Documents larger than this are refused before parsing.
    public var maximumBytes: Int

    /// Whether an HTML page is read as an article (`ArticlePageExtractor`). A feed's own address that
    /// answers with a page (a login wall, the site's front page) is no feed: the daemon's feed polls
    /// turn this off and get `notAFeed` for it.
    public var readsArticlePages: Bool

    public static let defaultMaximumBytes = 64 * 1_048_576

    /// XML documents of these sizes are parsed whole before their items are read
    /// (`XMLFeedReader.wholeDocumentSizes`); an empty range streams every one. Tests compare the two.
    var wholeDocumentSizes = XMLFeedReader.wholeDocumentSizes

    public init(maximumBytes: Int = DocumentParser.defaultMaximumBytes, readsArticlePages: Bool = true) {
        self.maximumBytes = maximumBytes
        self.readsArticlePages = readsArticlePages
    }

    /// Reads a whole document into memory as Articles.
    ///
    /// - Parameters:
    ///   - charset: the charset of the HTTP `Content-Type`, used when the document itself names none
    ///     (no byte-order mark, no XML declaration encoding).
    ///   - baseURL: the address the document was fetched from; relative links are resolved against it
    ///     when the feed gives no `xml:base` or link of its own.
    ///   - fetched: when the document was fetched; becomes every article's `fetched`.
    /// - Throws: `DocumentError` when the document is no feed or article at all, too large, or unsafe.
    public func parse(_ bytes: [UInt8], charset: String? = nil, baseURL: String? = nil, fetched: Date = Date()) throws -> ParsedDocument {
        var articles: [Article] = []
        let outline = try parse(bytes, charset: charset, baseURL: baseURL, fetched: fetched) { articles.append($0) }
        return ParsedDocument(feed: outline.feed, articles: articles, warnings: outline.warnings)
    }

    /// Reads a document item by item: each article goes to `eachArticle` as soon as its item is read,
    /// in the feed's order, so a large feed is never held as Articles all at once. An error thrown by
    /// `eachArticle` stops the reading and is rethrown.
    public func parse(
        _ bytes: [UInt8], charset: String? = nil, baseURL: String? = nil, fetched: Date = Date(),
        eachArticle: (Article) throws -> Void
    ) throws -> DocumentOutline {
        if bytes.count > maximumBytes { throw DocumentError.tooLarge(bytes: bytes.count, limit: maximumBytes) }
        if ArticlePageExtractor.isHTMLPage(bytes) {
            guard readsArticlePages else { throw DocumentError.notAFeed("is an HTML page, not a feed (RSS, RDF, Atom or JSON Feed)") }
            let page: (article: Article, feed: FeedInfo, warnings: [String])
            do {
                page = try ArticlePageExtractor().extractPage(bytes: bytes, charset: charset, baseURL: baseURL, fetched: fetched)
            } catch {
                throw DocumentError.noArticle(String(describing: error))
            }
            try eachArticle(page.article)
            return DocumentOutline(feed: page.feed, warnings: page.warnings, articleCount: 1)
        }
        let base = baseURL.flatMap(URL.init(string:))
        return try withoutActuallyEscaping(eachArticle) { consumer in
            let sink = ArticleSink(fetched: fetched, consumer: consumer)
            let outline: DocumentOutline
            if Self.isUTF16(bytes) {
                outline = try parseMarkup(bytes, charset: charset, baseURL: base, sink: sink)
            } else if let first = Self.firstSignificantIndex(bytes), bytes[first] != UInt8(ascii: "{"),
                      let start = LeadingJunk.feedStart(in: bytes, from: first) {
                var skipped = try parseMarkup(Array(bytes[start...]), charset: charset, baseURL: base, sink: sink)
                skipped.warnings.insert(
                    "lines 1–\(LeadingJunk.line(of: start - 1, in: bytes)): \(start) bytes of text before the feed skipped (recovered)", at: 0)
                outline = skipped
            } else {
                guard let firstByte = Self.firstSignificantByte(bytes) else { throw DocumentError.empty }
                switch firstByte {
                case UInt8(ascii: "<"):
                    outline = try parseMarkup(bytes, charset: charset, baseURL: base, sink: sink)
                case UInt8(ascii: "{"):
                    if bytes.contains(0) { throw DocumentError.binary }
                    let decoding = CharacterDecoding.decode(bytes, charsetHint: charset)
                    let result = try JSONFeedReader(baseURL: base).read(decoding.utf8, into: sink)
                    outline = DocumentOutline(feed: result.feed, warnings: decoding.warnings + result.warnings + sink.allWarnings,
                                              articleCount: sink.articleCount)
                default:
                    if bytes.contains(0) { throw DocumentError.binary }
                    let document = try parsePlainText(bytes, fetched: fetched)
                    for article in document.articles { try consumer(article) }
                    return DocumentOutline(feed: document.feed, warnings: document.warnings, articleCount: document.articles.count)
                }
            }
            if let failure = sink.failure { throw failure }
            return outline
        }
    }

    func parseMarkup(_ bytes: [UInt8], charset: String?, baseURL: URL?, sink: ArticleSink) throws -> DocumentOutline {
        let decoding = CharacterDecoding.decode(bytes, charsetHint: charset)
        if Self.holdsNUL(decoding.utf8) { throw DocumentError.binary }
        let repaired = try EntityRepair.repair(decoding.utf8)
        let result = try XMLFeedReader(baseURL: baseURL, wholeDocumentSizes: wholeDocumentSizes).read(repaired.bytes, into: sink)
        var feed = result.feed
        feed.title = feed.title.map(MojibakeRepair.repair)
        feed.language = FeedArticleAssembly.languageTag(feed.language)
        return DocumentOutline(feed: feed, warnings: decoding.warnings + repaired.warnings + result.warnings + sink.allWarnings,
                               articleCount: sink.articleCount)
    }

    func parsePlainText(_ bytes: [UInt8], fetched: Date) throws -> ParsedDocument {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard let text = String(validating: body, as: UTF8.self) else {
            throw DocumentError.notUTF8(offset: Self.firstInvalidUTF8Offset(bytes) ?? 0)
        }
        do {
            let article = try PlainTextArticleReader().read(text, fetched: fetched)
            return ParsedDocument(feed: FeedInfo(format: .text), articles: [article])
        } catch let error as PlainTextArticleReader.ReadError {
            throw DocumentError.noArticle(String(describing: error))
        }
    }

    /// Whether a zero byte occurs in `bytes`: asked of every feed's bytes, so with `memchr`.
    static func holdsNUL(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, 0, buffer.count) != nil
        }
    }

    /// A UTF-16 byte-order mark, or `<` in UTF-16 without one.
    static func isUTF16(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
            || bytes.starts(with: [0x00, 0x3C]) || bytes.starts(with: [0x3C, 0x00])
    }

    /// The first byte that is not white space or a UTF-8 byte-order mark; nil for blank input.
    static func firstSignificantByte(_ bytes: [UInt8]) -> UInt8? {
        firstSignificantIndex(bytes).map { bytes[$0] }
    }

    static func firstSignificantIndex(_ bytes: [UInt8]) -> Int? {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return index
            }
        }
        return nil
    }

    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
