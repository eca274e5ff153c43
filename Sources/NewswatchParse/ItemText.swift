import Foundation
import NewswatchNormalize

/// How item text fields are read before they become Article text.
enum ItemText {
    /// A field that may hold markup (RSS titles often do, escaped): HTML when it looks like it.
    static func markup(_ text: String) -> FeedText {
        MarkupSniff.mayHoldMarkup(text) ? .html(text) : .plain(text)
    }

    /// A field of HTML that becomes the article's text or teaser (`description`, `content:encoded`,
    /// an Atom `html` content), read into blocks where it stands: what `FeedArticleAssembly` makes of
    /// `.html(node.text)` with a reader for `base`, without a String of the whole HTML.
    static func html(of node: FeedNode, base: URL?) -> FeedText {
        .parsed(node.withTextBytes { HTMLBlockReader(baseURL: base).read(utf8: $0) })
    }

    /// Text for a field that holds text only, markup removed.
    static func plain(_ text: String) -> String? {
        let value = HTMLBlockReader().text(text)
        return value.isEmpty ? nil : value
    }
}
