import Foundation
import NewswatchNormalize

/// A feed field that holds text, and how that text is written.
enum FeedText: Equatable {
    case plain(String)
    case html(String)
    /// Already read into blocks (Atom `xhtml` content is XML, read where it stands).
    case parsed(HTMLBody)

    var isEmpty: Bool {
        switch self {
        case .plain(let text), .html(let text): return text.trimmingSpaces().isEmpty
        case .parsed(let body): return body.isEmpty
        }
    }
}

/// One item of a feed as the feed states it, before it becomes an Article: links absolute, dates
/// still as written (so an unreadable one can be named in `warnings`).
struct FeedEntry {
    var title: FeedText?
    var link: String?
    var guid: String?
    /// RSS `guid isPermaLink`: true when the guid is also the item's address.
    var guidIsPermaLink = false
    /// RSS `description`, Atom `summary`, JSON Feed `summary`.
    var summary: FeedText?
    /// `content:encoded`, Atom `content`, JSON Feed `content_html`/`content_text`.
    var content: FeedText?
    var authors: [String] = []
    var categories: [String] = []
    var published: String?
    var updated: String?
    var enclosures: [Enclosure] = []
    /// The photo Media RSS or an image enclosure names.
    var image: ArticleImage?
    var language: String?
    /// What relative addresses in the item's HTML are resolved against.
    var base: URL?
    /// Where the item starts in the document, for warnings.
    var line: Int?

    mutating func addAuthor(_ name: String?) {
        guard let name = name.map(TextFolding.collapsingWhitespace), !name.isEmpty, !authors.contains(name) else { return }
        authors.append(name)
    }

    mutating func addCategory(_ name: String?) {
        guard let name = name.map(TextFolding.collapsingWhitespace), !name.isEmpty, !categories.contains(name) else { return }
        categories.append(name)
    }

    mutating func addEnclosure(url: String?, type: String?, length: String?) {
        guard let url = url?.trimmingSpaces(), !url.isEmpty, !enclosures.contains(where: { $0.url == url }) else { return }
        let type = type?.trimmingSpaces()
        let length = length.flatMap { Int64($0.trimmingSpaces()) }.flatMap { $0 > 0 ? $0 : nil }
        enclosures.append(Enclosure(url: url, type: type?.isEmpty == false ? type : nil, length: length))
    }

    /// Merges what a media element says about the photo; an earlier statement wins.
    mutating func notePhoto(url: String? = nil, caption: String? = nil, credit: String? = nil) {
        var photo = image ?? ArticleImage()
        if photo.url == nil, let url, !url.isEmpty { photo.url = url }
        if photo.caption == nil, let caption = caption.map(TextFolding.collapsingWhitespace), !caption.isEmpty { photo.caption = caption }
        if photo.credit == nil, let credit = credit.map(TextFolding.collapsingWhitespace), !credit.isEmpty { photo.credit = credit }
        image = photo
    }
}

/// `someone@example.com (Jane Doe)` → `Jane Doe`; an address alone stays as it is.
enum AuthorName {
    static func from(rss text: String) -> String {
        let text = TextFolding.collapsingWhitespace(text)
        if let match = text.wholeMatch(of: /\S+@\S+\s*\((.+)\)/) { return String(match.1).trimmingSpaces() }
        return text
    }
}
