import Foundation
import NewswatchNormalize

/// Addresses in a feed, made absolute: against `xml:base` where the feed sets one, else against the
/// feed's own link, else against the address the document was fetched from.
enum FeedLink {
    static func resolve(_ reference: String?, against base: URL?) -> String? {
        guard let reference = reference?.trimmingSpaces(), !reference.isEmpty else { return nil }
        if CanonicalURL.isPlainLink(reference) { return reference }
        if let absolute = URL(string: reference), absolute.scheme != nil { return absolute.absoluteString }
        guard let base, let url = URL(string: reference, relativeTo: base) else { return reference }
        return url.absoluteURL.absoluteString
    }

    /// The base for an item or field: its `xml:base` when that is absolute, else the feed's link, else
    /// the document's address.
    /// - Parameter links: where `feedLink`'s URL is kept, parsed once for all of a feed's items.
    static func base(of node: FeedNode, feedLink: String?, documentURL: URL?, links: ParsedLinks = ParsedLinks()) -> URL? {
        if let text = node.base, let url = URL(string: text), url.scheme != nil { return url }
        if let feedLink, let url = links.url(feedLink), url.scheme != nil {
            if let text = node.base, let relative = URL(string: text, relativeTo: url) { return relative.absoluteURL }
            return url
        }
        return documentURL
    }
}

/// The last link parsed with `URL(string:)`, and its URL: every item of a feed asks for the URL of the
/// feed's own link, which parsing anew cost as much as the rest of the item's base.
final class ParsedLinks {
    private var last: (text: String, url: URL?)?

    init() {}

    /// `URL(string: text)`.
    func url(_ text: String) -> URL? {
        if let last, last.text == text { return last.url }
        let url = URL(string: text)
        last = (text, url)
        return url
    }
}
