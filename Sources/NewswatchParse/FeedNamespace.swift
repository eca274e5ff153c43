/// The namespace URIs feeds use. Elements are matched by URI, never by prefix: `<content:encoded>`
/// and `<c:encoded xmlns:c="…/content/">` are the same element.
enum FeedNamespace {
    static let none = ""
    static let rss10 = "http://purl.org/rss/1.0/"
    static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    /// UserLand's RSS 2.0 namespace, which some feeds declare as their default.
    static let rss20 = "http://backend.userland.com/rss2"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let atom10 = "http://www.w3.org/2005/Atom"
    static let atom03 = "http://purl.org/atom/ns#"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let dc = "http://purl.org/dc/elements/1.1/"
    static let dcterms = "http://purl.org/dc/terms/"
    static let syndication = "http://purl.org/rss/1.0/modules/syndication/"
    static let xhtml = "http://www.w3.org/1999/xhtml"
    static let itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd"
    static let feedburner = "http://rssnamespace.org/feedburner/ext/1.0"

    /// Media RSS, with and without the trailing slash (both are served).
    static func isMedia(_ uri: String) -> Bool {
        uri == "http://search.yahoo.com/mrss/" || uri == "http://search.yahoo.com/mrss" || uri == "https://search.yahoo.com/mrss/"
    }

    /// The namespaces RSS's own elements can be in: none (0.9x, 2.0), RSS 1.0, RSS 0.90.
    static func isRSS(_ uri: String) -> Bool {
        uri == none || uri == rss10 || uri == rss090 || uri == rss20
    }

    static func isAtom(_ uri: String) -> Bool {
        uri == atom10 || uri == atom03
    }
}
