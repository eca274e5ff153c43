import Foundation
import NewswatchNormalize

/// Atom 1.0 (RFC 4287) and Atom 0.3 entries and feed fields.
enum AtomEntryReading {
    static func isAtom(_ node: FeedNode) -> Bool {
        FeedNamespace.isAtom(node.namespace) || node.namespace.isEmpty
    }

    static func entry(_ item: FeedNode, feed: FeedInfo, documentURL: URL? = nil, links: ParsedLinks = ParsedLinks()) -> FeedEntry {
        var entry = FeedEntry()
        let base = FeedLink.base(of: item, feedLink: feed.link, documentURL: documentURL, links: links)
        entry.base = base
        var alternateIsHTML = false
        for child in item.elements {
            guard isAtom(child) else {
                ExtensionReading.read(child, into: &entry, base: base)
                continue
            }
            switch child.localName {
            case "title":
                entry.title = textConstruct(child, base: base)
            case "link":
                let rel = child.attribute("rel")?.lowercased() ?? "alternate"
                let childBase = FeedLink.base(of: child, feedLink: feed.link, documentURL: documentURL, links: links)
                let href = FeedLink.resolve(child.attribute("href"), against: childBase)
                let type = child.attribute("type")?.lowercased()
                switch rel {
                case "alternate", "http://www.iana.org/assignments/relation/alternate":
                    // Several alternates: the HTML one is the article.
                    let isHTML = type == nil || type == "text/html" || type == "application/xhtml+xml"
                    if entry.link == nil || (isHTML && !alternateIsHTML) {
                        entry.link = href
                        alternateIsHTML = isHTML
                    }
                case "enclosure":
                    entry.addEnclosure(url: href, type: child.attribute("type"), length: child.attribute("length"))
                    if type?.hasPrefix("image/") == true { entry.notePhoto(url: href) }
                default:
                    break
                }
            case "id":
                entry.guid = child.trimmedText
            case "published", "issued":
                entry.published = child.trimmedText
            case "created":
                if entry.published == nil { entry.published = child.trimmedText }
            case "updated", "modified":
                entry.updated = child.trimmedText
            case "summary":
                entry.summary = textConstruct(child, base: base, readingHTML: true)
            case "content":
                if let source = child.attribute("src") {
                    if entry.link == nil { entry.link = FeedLink.resolve(source, against: base) }
                } else {
                    entry.content = textConstruct(child, base: base, readingHTML: true)
                }
            case "author", "contributor":
                if child.localName == "author" || entry.authors.isEmpty {
                    entry.addAuthor(child.elements.first { $0.localName == "name" }?.trimmedText)
                }
            case "category":
                entry.addCategory(child.attribute("label") ?? child.attribute("term"))
            default:
                break
            }
        }
        return entry
    }

    static func feedField(_ field: FeedNode, into feed: inout FeedInfo) {
        guard isAtom(field) else {
            if field.namespace == FeedNamespace.dc, field.localName == "language" { feed.language = field.trimmedText }
            return
        }
        switch field.localName {
        case "title":
            feed.title = text(of: textConstruct(field, base: nil))
        case "subtitle", "tagline":
            feed.description = text(of: textConstruct(field, base: nil))
        case "link":
            let rel = field.attribute("rel")?.lowercased() ?? "alternate"
            let href = FeedLink.resolve(field.attribute("href"), against: field.base.flatMap(URL.init(string:)))
            if rel == "self" {
                feed.feedURL = href
            } else if rel == "alternate", feed.link == nil {
                feed.link = href
            }
        case "updated", "modified":
            if let date = field.trimmedText.flatMap(FeedDate.parse) { feed.updated = date }
        default:
            break
        }
    }

    /// An Atom text construct: `type="text"` (the default), `html`, or `xhtml` (a `div` of XHTML, read
    /// where it stands). Atom 0.3 spells the types as MIME types and may say `mode="escaped"` or
    /// `mode="base64"`.
    /// - Parameter readingHTML: HTML that is not base64 is read into blocks at once (`ItemText.html`),
    ///   for a summary or content, which become blocks anyway; a title's HTML stays a String.
    static func textConstruct(_ node: FeedNode, base: URL?, readingHTML: Bool = false) -> FeedText {
        let type = node.attribute("type")?.lowercased().trimmingSpaces() ?? "text"
        let mode = node.attribute("mode")?.lowercased()
        let isHTML = type == "html" || type == "text/html"
        let isXHTML = type == "xhtml" || type == "application/xhtml+xml"
        if mode == "base64", let data = Data(base64Encoded: node.text.filter { !$0.isWhitespace }) {
            let decoded = String(decoding: data, as: UTF8.self)
            return isHTML || isXHTML ? .html(decoded) : .plain(decoded)
        }
        if isXHTML, mode != "escaped" {
            return .parsed(HTMLBlockReader(baseURL: base).read(children: node.pointer))
        }
        if isHTML || isXHTML { return readingHTML ? ItemText.html(of: node, base: base) : .html(node.text) }
        return .plain(node.text)
    }

    static func text(of value: FeedText) -> String? {
        let text: String
        switch value {
        case .plain(let plain): text = TextFolding.collapsingWhitespace(plain)
        case .html(let html): text = HTMLBlockReader().text(html)
        case .parsed(let body): text = body.text
        }
        return text.isEmpty ? nil : text
    }
}
