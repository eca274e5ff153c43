import CLibXML2
import Foundation
import NewswatchNormalize

/// Why a page gave no article: a section front, a video page, an error page, or too little text.
public enum ArticlePageError: Error, Equatable, CustomStringConvertible {
    case noArticleFound(String)

    public var reason: String {
        switch self {
        case .noArticleFound(let reason): return reason
        }
    }

    public var description: String { "no article found: \(reason)" }
}

/// Reads the article out of a news page (HTML bytes as fetched) into the model's `Article`.
///
/// 1. What the page says of itself: JSON-LD `NewsArticle`/`Article` (also in `@graph`), OpenGraph and
///    `meta` tags, `<title>`, `<html lang>` (`PageMetadata`) — title, description, authors, dates,
///    section, keywords, photo, language.
/// 2. The title's element on the page (the `h1`, or whatever element holds the title's text).
/// 3. Furniture out: menus, banners, consent dialogs, share bars, comments, ad slots, boxes of other
///    headlines; related-link boxes kept as `related` (`PageFurniture`).
/// 4. The element that holds the text, found by scoring (`ContentLocator`); the head of the article
///    is what lies between the title and that element: the teaser, the photo with caption and credit,
///    the highlights.
/// 5. The blocks read by `HTMLWalker` as for feed HTML, then `FurnitureFilter`, as for every reader.
///
/// A page without such text — a section front, a video page, a 404 page — throws
/// `ArticlePageError.noArticleFound` with the reason.
public struct ArticlePageExtractor: Sendable {
    /// Least text (outside links) an article has, unless its JSON-LD declares it one.
    public var minimumTextLength = 400

    public init() {}

    /// - Parameters:
    ///   - charset: the HTTP `Content-Type` charset; the page's `<meta charset>` is used without one.
    ///   - baseURL: where the page was fetched from: relative links resolve against it, and it is the
    ///     article's `url` when the page names no canonical address.
    public func extract(bytes: [UInt8], charset: String? = nil, baseURL: String? = nil, fetched: Date = Date()) throws(ArticlePageError) -> Article {
        try extractPage(bytes: bytes, charset: charset, baseURL: baseURL, fetched: fetched).article
    }

    /// The article with the page's facts as a `FeedInfo` of format `html`, and what was recovered.
    func extractPage(bytes: [UInt8], charset: String?, baseURL: String?, fetched: Date) throws(ArticlePageError) -> (article: Article, feed: FeedInfo, warnings: [String]) {
        // The page's document is built and freed inside: its nodes come from one slab.
        try XMLDocumentArena.reading { () throws(ArticlePageError) in
            try extractPageInArena(bytes: bytes, charset: charset, baseURL: baseURL, fetched: fetched)
        }
    }

    private func extractPageInArena(bytes: [UInt8], charset: String?, baseURL: String?, fetched: Date) throws(ArticlePageError) -> (article: Article, feed: FeedInfo, warnings: [String]) {
        let decoding = CharacterDecoding.decode(bytes, charsetHint: charset ?? Self.declaredCharset(bytes))
        if Self.holdsNUL(decoding.utf8) { throw .noArticleFound("the page is binary data (it contains NUL bytes)") }
        if HTMLBlockReader.nestingDepth(decoding.utf8, stoppingAt: HTMLBlockReader.maximumNesting) >= HTMLBlockReader.maximumNesting {
            throw .noArticleFound("the page nests its elements more than \(HTMLBlockReader.maximumNesting) deep")
        }
        guard let tree = PageTree(utf8: decoding.utf8, baseURL: baseURL) else { throw .noArticleFound("the page has no HTML in it") }
        let base = baseURL.flatMap { URL(string: $0) }
        let metadata = PageMetadata.read(tree)
        var title = TitleFinder(tree: tree, metadata: metadata).find()

        if let reason = Self.errorPageReason(metadata: metadata, title: title.text) { throw .noArticleFound(reason) }

        var furniture = PageFurniture()
        furniture.remove(from: tree, keeping: title.element, baseURL: base)

        let locator = ContentLocator(tree: tree)
        let container = locator.locate(excluding: title.element)
        let measure = container.map(locator.measure) ?? ContentLocator.Measure()
        if let reason = rejection(measure: measure, metadata: metadata) { throw .noArticleFound(reason) }

        var walker = HTMLWalker(baseURL: base)
        if let container {
            if let anchor = title.element, tree.contains(container, anchor) {
                Self.removeUpTo(anchor, within: container, tree: tree)
                title.element = nil
            }
            if let anchor = title.element {
                for node in Self.nodesBetween(anchor, and: container, tree: tree) { walker.walkSubtree(node) }
            }
            walker.walkSubtree(container)
        }
        let body = walker.finish()

        var assembly = PageArticleAssembly(parts: body.parts, description: metadata.description)
        assembly.readHead()
        var blocks = assembly.bodyBlocks(droppingTitle: title.text)
        let cleaned = FurnitureFilter.clean(Self.withoutOrphanedLabels(blocks, linkTargets: body.linkTargets), linkTargets: body.linkTargets)
        blocks = PageStampLines.removing(from: cleaned.blocks)
        var teaser = FeedArticleAssembly.withoutRepetition(assembly.teaser, in: &blocks)
        // Pages that render their text with scripts still state it in JSON-LD: when the page shows
        // much less than `articleBody` holds, the stated text is the article.
        // `count` walks every Character of the text, and so did `dropFirst(n).isEmpty` up to n of
        // them: `hasAtMost` is `count <= n` from the bytes where they decide.
        if metadata.declaresArticle, let text = metadata.articleBody, !UTF8Bytes.hasAtMost(199, charactersIn: text),
           !UTF8Bytes.hasAtMost(2 * max(measure.text, 1), charactersIn: text) {
            blocks = FurnitureFilter.clean(Self.paragraphs(ofStated: text)).blocks
            teaser = metadata.description.flatMap { description in
                TextFolding.canonical(description) == blocks.first.map({ TextFolding.canonical($0.lines.joined(separator: " ")) }) ? nil : description
            }
        }
        guard let titleText = title.text ?? metadata.headline, !titleText.isEmpty else {
            throw .noArticleFound("the page has no title (no h1, og:title, JSON-LD headline or <title>)")
        }
        guard !blocks.isEmpty || teaser != nil else { throw .noArticleFound("no text left once the page furniture was taken out") }

        let removed = FurnitureFilter.clean(furniture.removedLines.map(ArticleBlock.paragraph))
        var authors: [String] = []
        for author in metadata.authors + assembly.authors + cleaned.authors + removed.authors where !authors.contains(author) {
            authors.append(author)
        }
        var topics: [String] = []
        for topic in metadata.keywords + cleaned.topics + removed.topics where !topics.contains(topic) { topics.append(topic) }
        var agencies = cleaned.agencies
        for agency in removed.agencies where !agencies.contains(agency) { agencies.append(agency) }
        var related = cleaned.related
        for link in furniture.related where !related.contains(where: { $0.title == link.title }) { related.append(link) }

        var image = assembly.image
        if let url = metadata.imageURL.flatMap({ URL(string: $0, relativeTo: base)?.absoluteString }) {
            if image == nil { image = ArticleImage(url: url) } else if image?.url == nil { image?.url = url }
        }
        let address = (metadata.canonicalURL.flatMap { URL(string: $0, relativeTo: base)?.absoluteString } ?? baseURL)
            .flatMap(CanonicalURL.clean)
        let language = FeedArticleAssembly.languageTag(metadata.language)
            ?? LanguageGuess.guess(lines: [titleText, teaser ?? ""] + blocks.flatMap(\.lines))

        var article = Article(
            title: titleText,
            teaser: teaser,
            body: blocks,
            url: address,
            source: cleaned.source ?? removed.source ?? metadata.siteName ?? FeedArticleAssembly.site(of: address ?? baseURL),
            section: metadata.section,
            image: image,
            highlights: assembly.highlights,
            related: related.map { RelatedLink(title: $0.title, url: $0.url.map { CanonicalURL.clean($0) ?? $0 }) },
            authors: authors,
            agencies: agencies,
            topics: topics,
            language: language,
            fetched: fetched)
        var warnings = decoding.warnings
        article.published = Self.date(metadata.published, field: "published", warnings: &warnings)
        article.updated = Self.date(metadata.modified, field: "updated", warnings: &warnings)
        let feed = FeedInfo(title: metadata.siteName, link: address, language: language, format: .html, description: metadata.description)
        return (article, feed, warnings)
    }

    /// Whether `bytes` hold a zero byte, found by `memchr` (the generic `contains` reads a byte at a
    /// time: 3% of a real page's extraction).
    static func holdsNUL(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, 0, buffer.count) != nil
        }
    }

    /// A label such as `Lesen Sie auch:` whose linked headline was a box taken out as furniture: on a
    /// page the headline after a label is a link, so a label followed by plain text is dropped before
    /// `FurnitureFilter` would take that text for the headline.
    static func withoutOrphanedLabels(_ blocks: [ArticleBlock], linkTargets: [String: String]) -> [ArticleBlock] {
        var result: [ArticleBlock] = []
        for (index, block) in blocks.enumerated() {
            // `text.count <= 60` without counting every Character of a long paragraph.
            if case .paragraph(let text) = block, UTF8Bytes.hasAtMost(60, charactersIn: text), case .relatedLabel(headline: nil) = PageLine.classify(text),
               let next = blocks.dropFirst(index + 1).first, !next.lines.contains(where: { linkTargets[$0] != nil }) {
                continue
            }
            result.append(block)
        }
        return result
    }

    /// `articleBody` as paragraphs: at blank lines, or at line breaks when it has no blank lines.
    static func paragraphs(ofStated text: String) -> [ArticleBlock] {
        let plain = HTMLBlockReader.paragraphs(text)
        let lines = plain.count > 1 ? plain
            : (lineFeedPieces(text) ?? text.split(whereSeparator: \.isNewline).map(String.init)).map(TextFolding.collapsingWhitespace)
        return lines.filter { !$0.isEmpty }.map(ArticleBlock.paragraph)
    }

    /// `text.split(whereSeparator: \.isNewline)` on the bytes, for text whose only line break is LF:
    /// then every LF is a `Character` of its own and the only one that `isNewline` takes (no CR, VT,
    /// FF, NEL, U+2028 or U+2029 in it). Nil for other text. A long `articleBody` walked `Character`
    /// by `Character` cost 4 M instructions a pass over the real pages.
    static func lineFeedPieces(_ text: String) -> [String]? {
        UTF8Bytes.with(text) { bytes -> [String]? in
            if bytes.contains(where: { $0 == 0x0B || $0 == 0x0C || $0 == 0x0D }) || UTF8Bytes.contains(bytes, "\u{0085}")
                || UTF8Bytes.contains(bytes, "\u{2028}") || UTF8Bytes.contains(bytes, "\u{2029}") { return nil }
            return bytes.split(separator: 0x0A).map { String(decoding: UnsafeBufferPointer(rebasing: $0), as: UTF8.self) }
        }
    }

    static func date(_ text: String?, field: String, warnings: inout [String]) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        if let date = FeedDate.parse(text) { return date }
        warnings.append("unreadable \(field) date \"\(text.prefix(60))\" (left out)")
        return nil
    }

    // MARK: - Pages that are not articles

    nonisolated(unsafe) static let notFound =
        /(?i)\b404\b|nicht gefunden|not found|existiert nicht|nicht mehr verfügbar|no longer available|page doesn.t exist|fehlerseite/

    static func errorPageReason(metadata: PageMetadata, title: String?) -> String? {
        guard !metadata.declaresArticle else { return nil }
        for text in [metadata.documentTitle, title, metadata.headline].compactMap({ $0 }) where UTF8Bytes.hasAtMost(160, charactersIn: text) {
            if mayMatchNotFound(text), text.firstMatch(of: notFound) != nil { return "the page says it does not exist (\"\(text)\")" }
        }
        return nil
    }

    /// False when `notFound` cannot match `text`, which holds none of the words the pattern needs
    /// (as ASCII, case aside); true otherwise, and for text with a character that may match an ASCII
    /// letter when case is ignored (`ſ`, the Kelvin sign: `PageStampLines.mayMatchOutsideASCII`).
    /// Titles in Chinese, Arabic or Thai went to the pattern (400,000 instructions a title).
    static func mayMatchNotFound(_ text: String) -> Bool {
        UTF8Bytes.with(text) { bytes in
            if PageStampLines.mayMatchOutsideASCII(bytes) { return true }
            return notFoundWords.contains { UTF8Bytes.contains(bytes, $0, caseInsensitive: true) }
        }
    }

    /// One word of each of `notFound`'s alternatives.
    static let notFoundWords: [StaticString] = ["404", "nicht", "not found", "existiert", "no longer", "page doesn", "fehlerseite"]

    func rejection(measure: ContentLocator.Measure, metadata: PageMetadata) -> String? {
        let kind = metadata.openGraphType ?? ""
        let types = Set(metadata.structuredTypes)
        if !metadata.declaresArticle {
            if kind.hasPrefix("video") || types.contains("videoobject") || types.contains("videogallery"), measure.text < 1_000 {
                return "a video page (\(kind.hasPrefix("video") ? "og:type \(kind)" : "JSON-LD VideoObject")) with \(measure.text) characters of text"
            }
            // Headlines that are links, each with a line of teaser at most: an overview. An article
            // with a few linked subheadings still has more paragraphs than that.
            let listed = max(measure.linkedHeadings, measure.articles)
            if listed >= 3, measure.paragraphs < 2 * listed {
                return "a list of \(listed) headlines (a section front or overview), not one article"
            }
            if (types.contains("collectionpage") || types.contains("itemlist")) && measure.text < 1_500 && measure.paragraphs < 4
                || kind == "website" && measure.text < 600 {
                return "an overview page (\(kind == "website" ? "og:type website" : "JSON-LD CollectionPage")) with \(measure.text) characters of text"
            }
        }
        let least = metadata.declaresArticle ? 80 : minimumTextLength
        // One long block is an article too: old systems separate paragraphs with `<br><br>`.
        if measure.text < least || (!metadata.declaresArticle && measure.paragraphs < 2 && measure.text < 1_000) {
            if metadata.declaresArticle, (metadata.articleBody?.count ?? 0) >= least { return nil }
            return "no block of article text (the best has \(measure.text) characters in \(measure.paragraphs) paragraph\(measure.paragraphs == 1 ? "" : "s"); an article has at least \(least) in 2)"
        }
        return nil
    }

    // MARK: - The region of the article

    /// Removes the title and everything before it inside `container` (a kicker, breadcrumbs): the
    /// title is the article's `title`, not a block of its body.
    static func removeUpTo(_ anchor: xmlNodePtr, within container: xmlNodePtr, tree: PageTree) {
        var doomed: [xmlNodePtr] = [anchor]
        var cursor = anchor
        while cursor != container, let parent = cursor.pointee.parent {
            var previous = cursor.pointee.prev
            while let node = previous {
                doomed.append(node)
                previous = node.pointee.prev
            }
            cursor = parent
        }
        for node in doomed { tree.remove(node) }
    }

    /// The nodes after the title and before the content element, outermost first, in document order:
    /// where the teaser, the photo and the highlights stand.
    static func nodesBetween(_ anchor: xmlNodePtr, and container: xmlNodePtr, tree: PageTree) -> [xmlNodePtr] {
        guard let a = tree.index(anchor), let c = tree.index(container), tree.stats[a].end < c else { return [] }
        func nextSkippingChildren(_ node: xmlNodePtr) -> xmlNodePtr? {
            var cursor = node
            while cursor.pointee.next == nil {
                guard let parent = cursor.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
                cursor = parent
            }
            return cursor.pointee.next
        }
        var nodes: [xmlNodePtr] = []
        var text = 0
        var next = nextSkippingChildren(anchor)
        while let node = next, node != container, nodes.count < 500 {
            if node.pointee.type == XML_ELEMENT_NODE, tree.contains(node, container) {
                next = node.pointee.children
                continue
            }
            if node.pointee.type == XML_ELEMENT_NODE {
                let stats = tree.stats(node)
                // Link lists between title and text (a date bar with links, a topic row) are no head.
                if !(stats.links >= 2 && stats.linkDensity > 0.5) {
                    nodes.append(node)
                    text += stats.textLength
                }
            } else if node.pointee.type == XML_TEXT_NODE {
                nodes.append(node)
            }
            next = nextSkippingChildren(node)
        }
        // A title far from the text (another box between them) heads nothing of it.
        return text > 3_000 ? [] : nodes
    }

    // MARK: - Encoding

    /// `<meta charset="…">` or `<meta http-equiv="Content-Type" content="…; charset=…">` in the
    /// first 2 KiB, as browsers look for it.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(2048)
        if case .decided(let charset) = scannedCharset(head) { return charset }
        let text = String(decoding: head, as: UTF8.self).lowercased()
        guard let match = text.firstMatch(of: declaredCharsetPattern) else { return nil }
        return String(match.1)
    }

    nonisolated(unsafe) static let declaredCharsetPattern = /<meta[^>]*charset\s*=\s*["']?([a-z0-9._:\-]+)/

    enum CharsetScan: Equatable {
        case decided(String?)
        /// A `<meta` tag with bytes outside ASCII: the pattern decides.
        case undecided
    }

    /// `declaredCharsetPattern` on the bytes: for each `<meta` in order, the last `charset` before the
    /// tag's `>` that the rest of the pattern follows (the pattern's `[^>]*` is greedy), its value
    /// lower-cased. The pattern reads lower-cased characters; in a stretch of ASCII every byte is a
    /// character (CR LF aside, white space either way) and lower-casing stays within ASCII. Outside
    /// ASCII a character can combine with the byte before it (`>` and a combining mark is no `>`),
    /// with the byte after it (a prepended mark), be white space (a no-break space) or lower-case into
    /// an ASCII letter (the Kelvin sign into `k`), so a `<meta` tag with such a byte in it or beside
    /// it is left undecided. Every match of the pattern starts at a `<meta` of the bytes.
    static func scannedCharset(_ head: ArraySlice<UInt8>) -> CharsetScan {
        let bytes = Array(head)
        let count = bytes.count
        func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        func matches(_ word: StaticString, at index: Int) -> Bool {
            let length = word.utf8CodeUnitCount
            guard index + length <= count else { return false }
            for offset in 0..<length where lower(bytes[index + offset]) != word.utf8Start[offset] { return false }
            return true
        }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        func isValue(_ byte: UInt8) -> Bool {
            let byte = lower(byte)
            return (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-")
        }
        /// The value when `charset` at `index` is followed by `\s*=\s*["']?` and a value.
        func value(after index: Int) -> String? {
            var cursor = index + 7
            while cursor < count, isSpace(bytes[cursor]) { cursor += 1 }
            guard cursor < count, bytes[cursor] == UInt8(ascii: "=") else { return nil }
            cursor += 1
            while cursor < count, isSpace(bytes[cursor]) { cursor += 1 }
            if cursor < count, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") { cursor += 1 }
            var end = cursor
            while end < count, isValue(bytes[end]) { end += 1 }
            guard end > cursor else { return nil }
            return String(decoding: bytes[cursor..<end].map(lower), as: UTF8.self)
        }
        var start = 0
        while start + 5 <= count {
            guard bytes[start] == UInt8(ascii: "<"), matches("<meta", at: start) else { start += 1; continue }
            var close = start + 5
            while close < count, bytes[close] != UInt8(ascii: ">") { close += 1 }
            if bytes[max(start - 1, 0)...min(close + 1, count - 1)].contains(where: { $0 >= 0x80 }) { return .undecided }
            var candidate = close - 7
            while candidate >= start + 5 {
                if matches("charset", at: candidate), let found = value(after: candidate) { return .decided(found) }
                candidate -= 1
            }
            start += 1
        }
        return .decided(nil)
    }

    /// Whether the bytes are an HTML page (a doctype or `html`/`head`/`body` first), not a feed.
    public static func isHTMLPage(_ bytes: [UInt8]) -> Bool {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let limit = min(bytes.count, 8192)
        func startsWith(_ text: String) -> Bool {
            let pattern = Array(text.utf8)
            guard index + pattern.count <= bytes.count else { return false }
            for (offset, byte) in pattern.enumerated() where bytes[index + offset] | 0x20 != byte | 0x20 { return false }
            return true
        }
        while index < limit {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1; continue }
            if startsWith("<!--") || startsWith("<?xml") {
                let closing: [UInt8] = startsWith("<!--") ? Array("-->".utf8) : Array("?>".utf8)
                guard let end = find(closing, in: bytes, from: index + 2, limit: limit) else { return false }
                index = end + closing.count
                continue
            }
            if startsWith("<!doctype html") { return true }
            return startsWith("<html") || startsWith("<head") || startsWith("<body")
        }
        return false
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int, limit: Int) -> Int? {
        guard start < limit else { return nil }
        var index = start
        while index + needle.count <= limit {
            if bytes[index] == needle[0], Array(bytes[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }
}

extension HTMLWalker {
    /// Reads `node` itself and everything in it (`walk` reads only the children of a container).
    mutating func walkSubtree(_ node: xmlNodePtr) {
        switch node.pointee.type {
        case XML_ELEMENT_NODE:
            if enter(node) {
                walk(node)
                exit(node)
            }
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let content = node.pointee.content { appendText(content) }
        default:
            break
        }
    }
}
