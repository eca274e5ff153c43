import Foundation
import NewswatchNormalize

/// RSS 0.9x/1.0/2.0 items and channel fields, with the extensions news feeds use: `content:encoded`,
/// Dublin Core, Media RSS, `atom:link`, `sy:`.
enum RSSItemReading {
    static func entry(_ item: FeedNode, feed: FeedInfo, documentURL: URL? = nil) -> FeedEntry {
        var entry = FeedEntry()
        let base = FeedLink.base(of: item, feedLink: feed.link, documentURL: documentURL)
        entry.base = base
        for child in item.elements {
            let namespace = child.namespace
            let name = child.localName
            if FeedNamespace.isRSS(namespace) {
                switch name {
                case "title": entry.title = ItemText.markup(child.text)
                case "link": if entry.link == nil { entry.link = FeedLink.resolve(child.trimmedText, against: base) }
                case "description": entry.summary = .html(child.text)
                case "guid":
                    entry.guid = child.trimmedText
                    entry.guidIsPermaLink = child.attribute("isPermaLink")?.trimmingSpaces().lowercased() != "false"
                case "pubDate": entry.published = child.trimmedText
                case "author": entry.addAuthor(child.trimmedText.map(AuthorName.from(rss:)))
                case "category": entry.addCategory(child.trimmedText)
                case "enclosure":
                    let url = FeedLink.resolve(child.attribute("url"), against: base)
                    let type = child.attribute("type")
                    entry.addEnclosure(url: url, type: type, length: child.attribute("length"))
                    if type?.lowercased().hasPrefix("image/") == true { entry.notePhoto(url: url) }
                default: break
                }
            } else if namespace == FeedNamespace.content, name == "encoded" {
                entry.content = .html(child.text)
            } else if namespace == FeedNamespace.xhtml, name == "body" {
                entry.content = .parsed(HTMLBlockReader(baseURL: base).read(children: child.pointer))
            } else {
                ExtensionReading.read(child, into: &entry, base: base)
            }
        }
        if entry.link == nil, entry.guidIsPermaLink, let guid = entry.guid,
           guid.lowercased().hasPrefix("http://") || guid.lowercased().hasPrefix("https://") {
            entry.link = guid
        }
        return entry
    }

    static func feedField(_ field: FeedNode, into feed: inout FeedInfo) {
        let namespace = field.namespace
        let name = field.localName
        if FeedNamespace.isRSS(namespace) {
            switch name {
            case "title": feed.title = ItemText.plain(field.text)
            case "link": if feed.link == nil { feed.link = field.trimmedText }
            case "description": feed.description = ItemText.plain(field.text)
            case "language": feed.language = field.trimmedText
            case "ttl": feed.ttl = field.trimmedText.flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil }
            case "lastBuildDate": if let date = field.trimmedText.flatMap(FeedDate.parse) { feed.updated = date }
            case "pubDate": if feed.updated == nil, let date = field.trimmedText.flatMap(FeedDate.parse) { feed.updated = date }
            case "skipHours":
                feed.skipHours = field.elements.compactMap { $0.trimmedText.flatMap { Int($0) } }
                    .filter { (0...24).contains($0) }.map { $0 % 24 }
            case "skipDays":
                feed.skipDays = field.elements.compactMap { $0.trimmedText }
            default: break
            }
        } else if namespace == FeedNamespace.dc {
            switch name {
            case "language": if feed.language == nil { feed.language = field.trimmedText }
            case "date": if feed.updated == nil, let date = field.trimmedText.flatMap(FeedDate.parse) { feed.updated = date }
            case "title": if feed.title == nil { feed.title = ItemText.plain(field.text) }
            default: break
            }
        } else if namespace == FeedNamespace.syndication {
            switch name {
            case "updatePeriod": feed.updatePeriod = field.trimmedText?.lowercased()
            case "updateFrequency": feed.updateFrequency = field.trimmedText.flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
            default: break
            }
        } else if FeedNamespace.isAtom(namespace), name == "link" {
            let rel = field.attribute("rel")?.lowercased() ?? "alternate"
            let href = field.attribute("href")?.trimmingSpaces()
            if rel == "self" { feed.feedURL = href } else if rel == "alternate", feed.link == nil { feed.link = href }
        }
    }
}

/// Elements any item can carry, RSS or Atom: Dublin Core, Media RSS, `atom:` inside RSS.
enum ExtensionReading {
    static func read(_ child: FeedNode, into entry: inout FeedEntry, base: URL?) {
        let namespace = child.namespace
        let name = child.localName
        if namespace == FeedNamespace.dc {
            switch name {
            case "creator", "contributor": entry.addAuthor(child.trimmedText)
            case "date": if entry.published == nil { entry.published = child.trimmedText }
            case "subject": entry.addCategory(child.trimmedText)
            case "language": entry.language = child.trimmedText
            case "title": if entry.title == nil { entry.title = ItemText.markup(child.text) }
            case "description": if entry.summary == nil { entry.summary = .html(child.text) }
            case "identifier": if entry.guid == nil { entry.guid = child.trimmedText }
            default: break
            }
        } else if namespace == FeedNamespace.dcterms {
            switch name {
            case "modified": entry.updated = child.trimmedText
            case "created", "issued": if entry.published == nil { entry.published = child.trimmedText }
            default: break
            }
        } else if FeedNamespace.isMedia(namespace) {
            media(child, into: &entry, base: base)
        } else if FeedNamespace.isAtom(namespace) {
            switch name {
            case "link":
                let rel = child.attribute("rel")?.lowercased() ?? "alternate"
                let href = FeedLink.resolve(child.attribute("href"), against: base)
                if rel == "alternate", entry.link == nil { entry.link = href }
                if rel == "enclosure" { entry.addEnclosure(url: href, type: child.attribute("type"), length: child.attribute("length")) }
            case "updated": entry.updated = child.trimmedText
            case "published": if entry.published == nil { entry.published = child.trimmedText }
            case "author": entry.addAuthor(child.elements.first { $0.localName == "name" }?.trimmedText)
            default: break
            }
        }
    }

    /// Media RSS: `media:content` (an enclosure; the photo when it is an image), `media:thumbnail`,
    /// `media:description` and `media:credit` (caption and credit of the photo), `media:group`.
    static func media(_ node: FeedNode, into entry: inout FeedEntry, base: URL?) {
        switch node.localName {
        case "group":
            for child in node.elements where FeedNamespace.isMedia(child.namespace) { media(child, into: &entry, base: base) }
        case "content":
            let url = FeedLink.resolve(node.attribute("url"), against: base)
            let type = node.attribute("type")
            let medium = node.attribute("medium")?.lowercased()
            entry.addEnclosure(url: url, type: type, length: node.attribute("fileSize"))
            let isImage = medium == "image" || type?.lowercased().hasPrefix("image/") == true
                || (medium == nil && type == nil && url.map { $0.lowercased().range(of: #"\.(jpe?g|png|gif|webp|avif)(\?|$)"#, options: .regularExpression) != nil } == true)
            if isImage {
                let caption = node.elements.first { $0.localName == "description" && FeedNamespace.isMedia($0.namespace) }
                let credit = node.elements.first { $0.localName == "credit" && FeedNamespace.isMedia($0.namespace) }
                entry.notePhoto(url: url, caption: caption.flatMap { ItemText.plain($0.text) }, credit: credit?.trimmedText)
            }
            for child in node.elements where FeedNamespace.isMedia(child.namespace) && child.localName == "thumbnail" {
                media(child, into: &entry, base: base)
            }
        case "thumbnail":
            entry.notePhoto(url: FeedLink.resolve(node.attribute("url"), against: base))
        case "description":
            entry.notePhoto(caption: ItemText.plain(node.text))
        case "credit":
            entry.notePhoto(credit: node.trimmedText)
        default:
            break
        }
    }
}

/// How item text fields are read before they become Article text.
enum ItemText {
    /// A field that may hold markup (RSS titles often do, escaped): HTML when it looks like it.
    static func markup(_ text: String) -> FeedText {
        text.contains("<") || text.contains("&") ? .html(text) : .plain(text)
    }

    /// Text for a field that holds text only, markup removed.
    static func plain(_ text: String) -> String? {
        let value = HTMLBlockReader().text(text)
        return value.isEmpty ? nil : value
    }
}
