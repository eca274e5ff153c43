import Foundation
import NewswatchNormalize

/// RSS 0.9x/1.0/2.0 items and channel fields, with the extensions news feeds use: `content:encoded`,
/// Dublin Core, Media RSS, `atom:link`, `sy:`.
enum RSSItemReading {
    static func entry(_ item: FeedNode, feed: FeedInfo, documentURL: URL? = nil, links: ParsedLinks = ParsedLinks()) -> FeedEntry {
        var entry = FeedEntry()
        let base = FeedLink.base(of: item, feedLink: feed.link, documentURL: documentURL, links: links)
        entry.base = base
        for child in item.elements {
            let namespace = child.namespace
            let name = child.localName
            if FeedNamespace.isRSS(namespace) {
                switch name {
                case "title": entry.title = ItemText.markup(child.text)
                case "link": if entry.link == nil { entry.link = FeedLink.resolve(child.trimmedText, against: base) }
                case "description": entry.summary = ItemText.html(of: child, base: base)
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
                entry.content = ItemText.html(of: child, base: base)
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
