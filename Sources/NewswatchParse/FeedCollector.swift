import Foundation

/// What the streaming reader and the recovering parser share: the format from the root, the feed's
/// fields, and its items, in order.
struct FeedCollector {
    let baseURL: URL?
    var feed: FeedInfo
    let sink: ArticleSink
    let rootLanguage: String?
    /// Atom's feed-level authors, which entries without their own inherit (RFC 4287 4.2.1).
    var feedAuthors: [String] = []
    /// The feed link's URL, for every item's base.
    let links = ParsedLinks()

    var isAtom: Bool { feed.format == .atom10 || feed.format == .atom03 }

    init(root: FeedNode, baseURL: URL?, sink: ArticleSink) throws(DocumentError) {
        let name = root.localName
        guard let format = Self.detect(root: name, namespace: root.namespace, version: root.attribute("version")) else {
            if name.lowercased() == "html" {
                throw DocumentError.notAFeed("is an HTML page, not a feed (RSS, RDF, Atom or JSON Feed)")
            }
            let namespace = root.namespace
            throw DocumentError.notAFeed(
                "is XML, but its root element <\(name)>\(namespace.isEmpty ? "" : " (\(namespace))") is not RSS, RDF or Atom")
        }
        self.baseURL = baseURL
        self.sink = sink
        self.feed = FeedInfo(format: format)
        self.rootLanguage = root.language
    }

    func isItem(name: String, namespace: String) -> Bool {
        isAtom ? name == "entry" && (FeedNamespace.isAtom(namespace) || namespace.isEmpty)
            : name == "item" && FeedNamespace.isRSS(namespace)
    }

    mutating func channel(namespace: String) {
        if namespace == FeedNamespace.rss090 { feed.format = .rss09x }
    }

    mutating func item(_ node: FeedNode) {
        var entry = isAtom
            ? AtomEntryReading.entry(node, feed: feed, documentURL: baseURL, links: links)
            : RSSItemReading.entry(node, feed: feed, documentURL: baseURL, links: links)
        entry.line = node.line
        if entry.language == nil { entry.language = node.language }
        if entry.authors.isEmpty { feedAuthors.forEach { entry.addAuthor($0) } }
        sink.take(entry, feed: finishedFeed)
    }

    mutating func field(_ node: FeedNode) {
        if isAtom {
            if node.localName == "author", AtomEntryReading.isAtom(node),
               let name = node.elements.first(where: { $0.localName == "name" })?.trimmedText {
                feedAuthors.append(name)
            }
            AtomEntryReading.feedField(node, into: &feed)
        } else {
            RSSItemReading.feedField(node, into: &feed)
        }
    }

    var finishedFeed: FeedInfo {
        var result = feed
        if result.language == nil, let rootLanguage { result.language = rootLanguage }
        return result
    }

    /// The format from the root element, by namespace URI.
    static func detect(root name: String, namespace: String, version: String?) -> DocumentFormat? {
        switch (name, namespace) {
        case ("rss", ""), ("rss", FeedNamespace.rss20):
            let version = version?.trimmingSpaces() ?? ""
            return version.hasPrefix("0.9") ? .rss09x : .rss20
        case ("RDF", FeedNamespace.rdf):
            return .rss10
        case ("feed", FeedNamespace.atom10):
            return .atom10
        case ("feed", FeedNamespace.atom03):
            return .atom03
        case ("feed", ""):
            // Atom served without its namespace: read it as Atom 1.0 rather than refuse it.
            return .atom10
        default:
            return nil
        }
    }
}
