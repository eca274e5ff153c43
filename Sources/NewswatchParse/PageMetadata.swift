import CLibXML2
import Foundation
import NewswatchNormalize

/// What a page says about itself outside its text: JSON-LD (`NewsArticle`, `Article`,
/// `ReportageNewsArticle`, also inside `@graph` arrays), OpenGraph and `meta` tags, `<title>`,
/// `<html lang>`, the canonical link. Read before any element is removed.
struct PageMetadata {
    var headline: String?
    var description: String?
    var articleBody: String?
    var authors: [String] = []
    var published: String?
    var modified: String?
    var imageURL: String?
    var section: String?
    var keywords: [String] = []
    var language: String?
    var canonicalURL: String?
    var siteName: String?
    var documentTitle: String?
    /// The first `<time datetime>` of the page: the publication date when nothing else names one.
    var firstTime: String?
    /// `og:type`, lower-case.
    var openGraphType: String?
    /// Every JSON-LD `@type` met, article or not (`VideoObject`, `CollectionPage`, …).
    var structuredTypes: [String] = []
    /// Whether JSON-LD declares the page an article.
    var declaresArticle = false

    static let articleTypes: Set<String> = [
        "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
        "reviewnewsarticle", "backgroundnewsarticle", "blogposting", "socialmediaposting", "report", "liveblogposting",
    ]

    static func read(_ tree: PageTree) -> PageMetadata {
        var metadata = PageMetadata()
        var meta: [String: String] = [:]
        var metaAuthors: [String] = []
        var tags: [String] = []
        guard let root = tree.root else { return metadata }
        if let lang = PageTree.attribute(root, "lang") ?? PageTree.attribute(root, "xml:lang") { metadata.language = lang }

        // `head` is not among the measured elements (its content is no text), so it is walked here.
        var stack: [xmlNodePtr] = [root]
        let tagsByName = PageTree.TagsByName()
        while let node = stack.popLast() {
            var child = node.pointee.children
            while let current = child {
                child = current.pointee.next
                guard current.pointee.type == XML_ELEMENT_NODE else { continue }
                switch tagsByName.tag(current) {
                case .meta:
                    guard let content = PageTree.attribute(current, "content").map(TextFolding.collapsingWhitespace), !content.isEmpty else { continue }
                    let key = (PageTree.attribute(current, "property") ?? PageTree.attribute(current, "name")
                        ?? PageTree.attribute(current, "itemprop") ?? "").lowercased()
                    if key == "author" || key == "article:author" || key == "dc.creator" { metaAuthors.append(content) }
                    if key == "article:tag" { tags.append(content) }
                    if meta[key] == nil { meta[key] = content }
                case .time:
                    if metadata.firstTime == nil, let stamp = PageTree.attribute(current, "datetime") { metadata.firstTime = stamp }
                case .title:
                    if metadata.documentTitle == nil { metadata.documentTitle = tree.text(current) }
                case .link:
                    if PageTree.attribute(current, "rel")?.lowercased() == "canonical" { metadata.canonicalURL = PageTree.attribute(current, "href") }
                case .script:
                    if PageTree.declaresJSONLD(current),
                       let content = xmlNodeGetContent(current) {
                        let text = String(cString: content)
                        nw_xml_free(content)
                        metadata.readStructuredData(text)
                    }
                default:
                    stack.append(current)
                }
            }
        }

        func firstMeta(_ keys: String...) -> String? { keys.lazy.compactMap { meta[$0] }.first }
        metadata.headline = metadata.headline ?? firstMeta("og:title", "twitter:title")
        metadata.description = metadata.description ?? firstMeta("og:description", "description", "twitter:description")
        metadata.imageURL = metadata.imageURL ?? firstMeta("og:image", "og:image:url", "twitter:image")
        metadata.section = metadata.section ?? firstMeta("article:section")
        metadata.published = metadata.published ?? firstMeta("article:published_time", "date", "pubdate", "dc.date", "datepublished")
            ?? metadata.firstTime
        metadata.modified = metadata.modified ?? firstMeta("article:modified_time", "og:updated_time", "datemodified")
        metadata.siteName = metadata.siteName ?? firstMeta("og:site_name")
        metadata.openGraphType = firstMeta("og:type")?.lowercased()
        metadata.canonicalURL = metadata.canonicalURL ?? firstMeta("og:url")
        if metadata.language == nil { metadata.language = firstMeta("og:locale", "content-language", "language") }
        if metadata.authors.isEmpty {
            metadata.authors = metaAuthors.filter { !$0.hasPrefix("http") }
        }
        if metadata.keywords.isEmpty {
            metadata.keywords = tags.isEmpty ? Self.splitKeywords(firstMeta("keywords", "news_keywords") ?? "") : tags
        }
        return metadata
    }

    static func splitKeywords(_ text: String) -> [String] {
        var seen: [String] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let keyword = TextFolding.collapsingWhitespace(String(part))
            if !keyword.isEmpty, !seen.contains(keyword) { seen.append(keyword) }
        }
        return seen
    }

    // MARK: - JSON-LD

    mutating func readStructuredData(_ text: String) {
        // Pages put raw line breaks and HTML comments into their JSON-LD; both are harmless to drop.
        // Foundation's search costs as much as the parse on a long `articleBody`: it runs only when
        // the bytes hold a marker or a character it could read as one (`≮`, `≯` are `<`, `>` with a
        // combining stroke).
        let mayHoldComment = UTF8Bytes.with(text) { bytes in Self.mayHoldComment(bytes) }
        let cleaned = mayHoldComment ? text.replacingOccurrences(of: "<!--", with: "").replacingOccurrences(of: "-->", with: "") : text
        guard let data = cleaned.data(using: .utf8),
              let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return }
        var queue: [Any] = [value]
        var visited = 0
        while !queue.isEmpty, visited < 500 {
            let item = queue.removeFirst()
            visited += 1
            if let list = item as? [Any] {
                queue.append(contentsOf: list)
                continue
            }
            guard let object = item as? [String: Any] else { continue }
            if let graph = object["@graph"] { queue.append(graph) }
            let types = Self.strings(object["@type"]).map { $0.lowercased() }
            structuredTypes.append(contentsOf: types)
            if !declaresArticle, types.contains(where: Self.articleTypes.contains) {
                declaresArticle = true
                readArticle(object)
            } else if let main = object["mainEntity"] ?? object["mainEntityOfPage"], main is [String: Any] {
                queue.append(main)
            }
        }
    }

    /// The markers `readStructuredData` takes out, and the characters Foundation's search could read as
    /// one (`≮`, `≯` are `<`, `>` with a combining stroke).
    static let commentMarkers: [StaticString] = ["<!--", "-->", "\u{226E}", "\u{226F}"]

    /// Whether the bytes of a JSON-LD text hold one of `commentMarkers`, each found by `memchr` for its
    /// first byte (`ByteNeedle`): a byte at a time, the four searches were a fifth of the work on a
    /// long `articleBody`.
    static func mayHoldComment(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        commentMarkers.contains { ByteNeedle.firstIndex(of: $0, in: bytes, from: 0) != nil }
    }

    mutating func readArticle(_ object: [String: Any]) {
        headline = Self.string(object["headline"]) ?? Self.string(object["name"])
        description = Self.string(object["description"])
        articleBody = (object["articleBody"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        authors = Self.names(object["author"]) + Self.names(object["creator"])
        published = Self.string(object["datePublished"]) ?? Self.string(object["dateCreated"])
        modified = Self.string(object["dateModified"])
        imageURL = Self.imageURL(object["image"]) ?? Self.imageURL(object["thumbnailUrl"])
        section = Self.strings(object["articleSection"]).first
        keywords = (object["keywords"] as? String).map(Self.splitKeywords) ?? Self.strings(object["keywords"])
        if let lang = Self.string(object["inLanguage"]) { language = lang }
        if let publisher = object["publisher"] as? [String: Any] { siteName = Self.string(publisher["name"]) }
        if let url = Self.string(object["url"]) { canonicalURL = url }
    }

    static func string(_ value: Any?) -> String? {
        guard let text = value as? String else { return nil }
        let folded = TextFolding.collapsingWhitespace(HTMLBlockReader().text(text))
        return folded.isEmpty ? nil : folded
    }

    static func strings(_ value: Any?) -> [String] {
        if let text = string(value) { return [text] }
        return (value as? [Any] ?? []).compactMap { string($0) }
    }

    /// `author`: a name, a Person or Organization object, or a list of them.
    static func names(_ value: Any?) -> [String] {
        if let text = string(value) { return [text] }
        if let object = value as? [String: Any] { return string(object["name"]).map { [$0] } ?? [] }
        return (value as? [Any] ?? []).flatMap { names($0) }
    }

    /// `image`: a URL, an ImageObject, or a list of either.
    static func imageURL(_ value: Any?) -> String? {
        if let text = value as? String, !text.isEmpty { return text }
        if let object = value as? [String: Any] { return imageURL(object["url"] ?? object["contentUrl"]) }
        if let list = value as? [Any] { return list.lazy.compactMap { imageURL($0) }.first }
        return nil
    }
}
